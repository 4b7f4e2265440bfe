// Package crs reads coordinate reference systems and converts coordinates
// to WGS 84 longitude/latitude: EPSG codes and names given by users or
// GeoJSON's legacy "crs" member, and the WKT of shapefile .prj files.
//
// Specifications: OGC 01-009 (Coordinate Transformation Services, the
// WKT 1 of .prj files) and OGC 18-010r7 (WKT 2) for the text; the
// Transverse Mercator series of Krüger (1912) in the form of Karney,
// "Transverse Mercator with an accuracy of a few nanometers", J. Geodesy
// 85 (2011), for TM and UTM; IOGP Guidance Note 7-2 (EPSG) for Web
// Mercator and the parameters.
//
// The program works in WGS 84 longitude/latitude; a CRS here only says how
// to get there from what a file holds. Supported: geographic lon/lat on
// WGS 84, DGN95 and SRGI2013; UTM zones on the same three; any other
// Transverse Mercator on a WGS 84-like ellipsoid; Web Mercator.
//
// EPSG codes were checked against the EPSG registry as published on
// epsg.io and epsg.org (entries 4326, 4755, 9470, 3857, 32750, 23866–23884,
// 9480, 9481, 9489, 9494) and against the GeoAPI conformance tests that
// list the EPSG DGN95 projected CRSs.
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
//   - Any other datum on the WGS 84 or GRS 1980 ellipsoid without a
//     non-zero TOWGS84 (ETRS89, GDA2020, ITRF realisations …) is taken as
//     WGS 84 too, good to about two metres. Datums on other ellipsoids are
//     refused: their shifts are tens to hundreds of metres.
//
// Axis order: coordinates are always read east first (x = longitude or
// easting), the order shapefiles and GeoJSON use in practice whatever a
// .prj's AXIS or an EPSG code's official order says. Legacy GeoJSON
// "EPSG:4326" therefore means lon/lat.
package crs
