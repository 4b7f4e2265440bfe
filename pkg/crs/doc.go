// Package crs reads coordinate reference systems and converts coordinates
// to WGS 84 longitude/latitude: EPSG and ESRI codes and names given by
// users or GeoJSON's legacy "crs" member, and the WKT of shapefile .prj
// files.
//
// The program works in WGS 84 longitude/latitude; a CRS here only says how
// to get there from what a file holds. Supported:
//
//   - geographic lon/lat on WGS 84, DGN95, SRGI2013, Batavia (EPSG:4211),
//     Batavia (Jakarta) (EPSG:4813, longitudes from the Jakarta meridian
//     106°48'27.79" E) and ID74 (EPSG:4238), and on any datum a WKT gives
//     a TOWGS84 (or a WKT 2 BOUNDCRS) for;
//   - Transverse Mercator, with the UTM zones of WGS 84 (32601–32660,
//     32701–32760), DGN95 (23866–23872, 23877–23884), SRGI2013
//     (9476–9482, 9487–9494), Batavia (21148–21150) and ID74
//     (23846–23852, 23887–23894) by code;
//   - Web Mercator (3857);
//   - Mercator variants A and B, "1SP" and "2SP" (World Mercator 3395,
//     Batavia / NEIEZ 3001 and 5330);
//   - Lambert Conformal Conic 1SP and 2SP (3034, ESRI:102030);
//   - Albers Equal Area (ESRI:102028);
//   - Lambert Azimuthal Equal Area, oblique, equatorial and polar (3035);
//   - Mollweide (ESRI:54009, the CRS of the GHS-POP population grids).
//
// The projections take any ellipsoid the WKT gives, linear units, false
// easting and northing, scale factor, central meridian and latitude of
// origin, and write back (WKT, for a .prj) what they read.
//
// # Sources of the formulas
//
// Text: OGC 01-009 "Coordinate Transformation Services" (WKT 1 of .prj
// files, with ESRI's names) and OGC 18-010r7 (WKT 2).
//
// Projections, by IOGP Publication 373-7-2, Geomatics Guidance Note 7
// part 2 "Coordinate Conversions and Transformations including Formulas"
// (GN 7-2; section numbers of the September 2019 revision), and J. P.
// Snyder, "Map Projections: A Working Manual", USGS Professional Paper
// 1395 (1987):
//
//   - Transverse Mercator: Krüger's series to sixth order in the form of
//     C. F. F. Karney, "Transverse Mercator with an accuracy of a few
//     nanometers", J. Geodesy 85 (2011) 475–485, eqs. (7)–(11),
//     (19)–(21), (35), (36). The conformal latitude and its inverse
//     (Karney's taupf and tauf, eqs. 7–9 and 19–21) serve the Mercator and
//     Lambert conformal projections too, in place of GN 7-2's t and its
//     iteration (Snyder eq. 7-9), to which they are equal.
//   - Web Mercator: GN 7-2 §3.2.1.2, Popular Visualisation Pseudo-Mercator
//     (EPSG method 1024).
//   - Mercator variants A and B: GN 7-2 §3.2.1 (EPSG methods 9804, 9805);
//     Snyder §7 (pp. 38–47), the ellipsoidal formulas (y by eq. 7-7).
//   - Lambert Conic Conformal (2SP) and (1SP): GN 7-2 §3.1.1.1 and
//     §3.1.1.2 (EPSG 9802, 9801); Snyder §15 (pp. 104–110), the
//     ellipsoidal formulas (t by eq. 15-9).
//   - Albers Equal Area: GN 7-2 §3.1.3 (EPSG 9822); Snyder §14
//     (pp. 98–103), the ellipsoidal formulas (m by eq. 14-15, q by eq.
//     3-12). The latitude is recovered from q by Newton's method on
//     Snyder eq. 3-16, started from the authalic latitude corrected by the
//     series of eq. 3-18 (§3, pp. 13–18).
//   - Lambert Azimuthal Equal Area: GN 7-2, Lambert Azimuthal Equal Area
//     (EPSG 9820), for the oblique and equatorial aspects; the polar
//     aspects by Snyder §24 (pp. 182–190), ellipsoidal polar formulas;
//     the latitude from q as for Albers. PROJ 9.1's inverse keeps the
//     three-term authalic series, so its inverse and this one differ by
//     up to about 2 mm.
//   - Mollweide: Snyder §31 (pp. 249–252), spherical, θ by Newton's
//     method on eq. 31-4.
//     On an ellipsoid it is applied as ESRI and PROJ do (checked with
//     cs2cs: +proj=moll +ellps=WGS84 equals +proj=moll +R=6378137): the
//     geodetic latitude on a sphere of radius a.
//
// Datum shifts, GN 7-2: geographic to geocentric and back (EPSG method
// 9602; Bowring's formula for the way back, iterated once more), and the
// Helmert 7-parameter transformation of §4.4.3 in the position vector
// convention (EPSG method 9606) with the small-angle rotation matrix,
// undone exactly by inverting that matrix. Position vector is the
// convention of WKT 1's TOWGS84[dx,dy,dz,rx,ry,rz,ds] (metres,
// arc-seconds, parts per million) and of PROJ's +towgs84, checked with
// cs2cs: EPSG:1833, published as a coordinate frame rotation (EPSG 9607),
// gives PROJ's own EPSG:4238→4326 result once its rotations are negated
// into a TOWGS84. A WKT 2 BOUNDCRS with geocentric translations, position
// vector or coordinate frame (rotations negated) parameters is read the
// same way. A 3-value TOWGS84 is a geocentric translation (EPSG 9603).
// The shift is a 2D one: heights are taken as zero on the source
// ellipsoid, and the height a point gains on WGS 84 is dropped, as PROJ
// does (and as EPSG defines the reverse of a 2D transformation), so that
// FromLonLat then ToLonLat returns within millimetres in a datum's area
// and decimetres far from it. A shift is taken only from an ellipsoid of
// the Earth's size (a between 6350 and 6400 km).
//
// The package's results are compared with PROJ 9.1.1 (cs2cs) in
// testdata/cs2cs: within 0.01 m for every projection, forward and
// inverse, and within 1 m for the datum shifts (in practice well below a
// millimetre for both).
//
// # Codes and datums
//
// EPSG codes were checked against the EPSG registry as published on
// epsg.io and epsg.org (entries 4326, 4755, 9470, 3857, 32750, 23866–23884,
// 9480, 9481, 9489, 9494) and against the GeoAPI conformance tests that
// list the EPSG DGN95 projected CRSs; the Batavia, ID74, 3395, 3001, 5330,
// 3034, 3035 and ESRI definitions against proj.db of PROJ 9.1.1
// (projinfo).
//
// Datum assumptions, stated once:
//
//   - DGN95 (Datum Geodesi Nasional 1995, EPSG:4755) uses the WGS 84
//     ellipsoid. EPSG's DGN95→WGS 84 operations are null transformations;
//     EPSG:1833 (ID74 to WGS 84) states that DGN95 "is equivalent to WGS 84
//     within the accuracy of the transformation". The coordinates are
//     taken unchanged, an assumption good to about a metre.
//   - SRGI2013 (EPSG:9470) is ITRF2008-based at epoch 2012.0 on the WGS 84
//     ellipsoid. Current WGS 84 realisations agree with ITRF to a few
//     centimetres; Indonesian plate motion since 2012 adds a few
//     decimetres. EPSG:9472 (DGN95 to SRGI2013) shifts by about 0.55 m.
//     The coordinates are taken unchanged: error below one metre.
//   - Batavia (EPSG:4211, Bessel 1841) and Batavia (Jakarta) (EPSG:4813)
//     are shifted by EPSG:8452 "Batavia to WGS 84 (1)", geocentric
//     translations −377, 681, −50 m, accuracy 6 m: the transformation
//     PROJ's bound CRSs for Batavia carry (projinfo EPSG:4813 -o PROJ gives
//     +towgs84=-377,681,-50, as do 21148–21150 and 3001). PROJ itself uses
//     it only inside its area of use (Java, Bali, western Sumatra) and
//     makes no shift at all elsewhere; this package applies it everywhere.
//   - ID74 (EPSG:4238, Indonesian National Spheroid a = 6378160 m,
//     1/f = 298.247) is shifted by EPSG:1833 "ID74 to WGS 84 (3)", 3 m,
//     onshore Indonesia, the first of PROJ's candidate operations for
//     EPSG:4238 to 4326: translations −1.977, −13.06, −9.993 m, rotations
//     (position vector) 0.364″, 0.254″, 0.689″, scale −1.037 ppm.
//   - A TOWGS84 in the WKT takes precedence over a built-in shift.
//   - Any other datum on the WGS 84 or GRS 1980 ellipsoid without a
//     non-zero TOWGS84 (ETRS89, NAD83, GDA2020, ITRF realisations …) is
//     taken as WGS 84, good to about two metres. Datums on other
//     ellipsoids without a TOWGS84 are refused: their shifts are tens to
//     hundreds of metres.
//
// A CRS that is well formed but cannot be converted (an unknown
// projection, such a datum) is still returned, with its name and code,
// beside the error; its Supported method reports false.
//
// Axis order: coordinates are always read east first (x = longitude or
// easting), the order shapefiles and GeoJSON use in practice whatever a
// .prj's AXIS or an EPSG code's official order says. Legacy GeoJSON
// "EPSG:4326" therefore means lon/lat.
package crs
