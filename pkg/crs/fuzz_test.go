package crs

import (
	"errors"
	"math"
	"testing"
)

// FuzzParse feeds arbitrary names to Parse. A CRS that parses must
// convert points in its area of use to finite lon/lat, and one with an
// EPSG code must parse again from that code to the same CRS.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"EPSG:4326", " epsg:32750 ", "4326", "CRS84", "OGC:CRS84", "CRS:84", "wgs84",
		"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::32750", "urn:x-ogc:def:crs:EPSG:6.6:4326",
		"http://www.opengis.net/def/crs/EPSG/0/23880", "https://www.opengis.net/def/crs/OGC/1.3/CRS84/",
		"http://www.opengis.net/gml/srs/epsg.xml#9489", "ESRI:102100", "EPSG:900913", "EPSG:9494",
		"UTM50S", "utm zone 1n", "WGS 84 / UTM zone 60S", "DGN95 / UTM zone 50S", "srgi2013_utm_zone_49s",
		"NAD83 / UTM zone 10N", "urn:ogc:def:crs:EPSG::", "EPSG:-4326", wktESRIUTM50S, wktTMFeet,
		"EPSG:4211", "EPSG:4813", "EPSG:4238", "EPSG:21148", "EPSG:23890", "EPSG:3395", "EPSG:3001", "EPSG:5330",
		"EPSG:3034", "EPSG:3035", "ESRI:54009", "ESRI:102028", "ESRI:102030", "ESRI:99999", "EPSG:2193",
		"Batavia / UTM zone 48S", "Indonesian_1974_UTM_Zone_50S", wktESRIBataviaJakartaNEIEZ, wktOGCLCC1SP,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			fuzzCheckFailed(t, s, c, err)
			return
		}
		fuzzCheckCRS(t, s, c)
		if c.EPSG != 0 {
			again, err := Parse(c.String())
			if err != nil || again.EPSG != c.EPSG || !again.Equal(c) || again.Name != c.Name {
				t.Fatalf("Parse(%q) = %v %q, but Parse(%q) = %v %q, %v", s, c, c.Name, c.String(), again, again.Name, err)
			}
		}
		if looksLikeWKT(s) {
			p, err := ParsePRJ(s)
			if err != nil || !p.Equal(c) {
				t.Fatalf("Parse(%q) = %v, ParsePRJ = %v, %v", s, c, p, err)
			}
		}
	})
}

// FuzzParsePRJ feeds arbitrary text as the WKT of a .prj. A CRS that
// parses must convert points in its area of use to finite lon/lat, and
// the .prj written for it must read back to a CRS that converts them to
// the same place.
func FuzzParsePRJ(f *testing.F) {
	for _, s := range []string{wktESRIUTM50S, wktOGCUTM50S, wktWKT2UTM50S, wktWKT2NoID, wktESRIDGN95UTM50S,
		wktOGCDGN95UTM50S, wktOGCSRGI49S, wktESRIWebMercator, wktOGCWebMercator, wktWKT2WebMercator,
		wktNZTM, wktTMFeet, wktWKT2Geog, wktBoundDGN95, wktCompound, WGS84.WKT(), `PROJCS["x"]`, "A[(]", `B["""",1e999]`,
		wktESRIWorldMercator, wktOGCMercator2SP, wktESRIBataviaJakartaNEIEZ, wktOGCLCC1SP, wktESRILCC2SP, wktWKT2LCC2SP,
		wktESRIAlbers, wktOGCAlbers, wktWKT2Albers, wktOGCLAEA, wktESRILAEAPolar, wktESRIMollweide, wktOGCMollweide,
		wktESRIID74UTM, wktOGCBatavia, wktOGCBataviaJakarta, wktBNGTOWGS84, wktTimbalai3, wktBoundID74CF,
		wktOGCUnknownProjection, wktESRIUnknownDatum} {
		f.Add(s)
	}
	for _, c := range otherCRSs {
		f.Add(c.WKT())
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParsePRJ(s)
		if err != nil {
			fuzzCheckFailed(t, s, c, err)
			return
		}
		fuzzCheckCRS(t, s, c)
		_ = c.String()
		back, err := ParsePRJ(c.WKT())
		if err != nil {
			t.Fatalf("ParsePRJ(%q) = %v, whose WKT %q does not parse back: %v", s, c, c.WKT(), err)
		}
		for _, p := range fuzzAreaPoints(c) {
			lon, lat := c.ToLonLat(p[0], p[1])
			lon2, lat2 := back.ToLonLat(p[0], p[1])
			if !fuzzNear(lon, lon2, 1e-9) || !fuzzNear(lat, lat2, 1e-9) {
				t.Fatalf("ParsePRJ(%q) = %v puts %v at %v, %v; read back from its WKT %q at %v, %v",
					s, c, p, lon, lat, c.WKT(), lon2, lat2)
			}
		}
		if _, err := Parse(s); err != nil && looksLikeWKT(s) {
			t.Errorf("Parse rejects WKT that ParsePRJ accepts: %v", err)
		}
	})
}

// fuzzCheckFailed checks what comes with an error: the zero CRS, or for
// an unsupported CRS one that is not Supported, converts to NaN and
// writes no WKT.
func fuzzCheckFailed(t *testing.T, src string, c CRS, err error) {
	t.Helper()
	if c == (CRS{}) {
		return
	}
	if !errors.Is(err, ErrUnsupported) {
		t.Fatalf("%q: error %v with the non-zero CRS %#v", src, err, c)
	}
	if c.Supported() || c.IsZero() || c.WKT() != "" {
		t.Fatalf("%q: error %v with %#v, which is Supported %v, zero %v or has WKT %q", src, err, c, c.Supported(), c.IsZero(), c.WKT())
	}
	if lon, lat := c.ToLonLat(1, 2); !math.IsNaN(lon) || !math.IsNaN(lat) {
		t.Fatalf("%q: unsupported %#v converts to %v, %v", src, c, lon, lat)
	}
	_ = c.String()
}

// fuzzAreaPoints gives coordinates of c within its area of use: the
// false origin and the points 100 km from it on the ground that can be
// written in the CRS's units. Geographic CRSs get a few points, the
// poles and the antimeridian among them.
func fuzzAreaPoints(c CRS) [][2]float64 {
	r := c.resolve()
	if r.kind == kindGeographic {
		return [][2]float64{{117, -0.45}, {-179.5, 89}, {180, -90}}
	}
	u, k0 := r.metresPerUnit(), r.proj.k0
	out := [][2]float64{{r.proj.fe / u, r.proj.fn / u}}
	for _, d := range [][2]float64{{1, 1}, {-1, -1}, {1, -1}, {-1, 0}} {
		x := (r.proj.fe + d[0]*1e5*k0) / u
		y := (r.proj.fn + d[1]*1e5*k0) / u
		if !math.IsInf(x, 0) && !math.IsInf(y, 0) {
			out = append(out, [2]float64{x, y})
		}
	}
	return out
}

// fuzzCheckCRS checks that c, parsed from src, is a CRS the readers can
// use: geographic coordinates pass unchanged; the false origin of a
// projected one and points near it convert to finite lon/lat, and
// lon/lat near the natural origin converts there and back.
func fuzzCheckCRS(t *testing.T, src string, c CRS) {
	t.Helper()
	r := c.resolve()
	// A Helmert shift is a 2D transformation that drops the height the
	// point gains on WGS 84, as PROJ's does: there and back agree to
	// millimetres for real datums in their areas (TestDatumRoundTrip),
	// decimetres far from them, and about 150 m for the largest shifts and
	// ellipsoid differences ParsePRJ accepts.
	tol := 1e-7
	if r.datumShift().helmert {
		tol = 2e-3
	}
	if !c.Supported() || c.IsZero() {
		t.Fatalf("%q parsed without error to %#v, which converts nothing", src, c)
	}
	switch r.kind {
	case kindGeographic:
		if !r.shifted {
			if lon, lat := c.ToLonLat(117, -0.45); lon != 117 || lat != -0.45 {
				t.Fatalf("%q: geographic %v moves 117, -0.45 to %v, %v", src, c, lon, lat)
			}
			return
		}
		// On another datum: a shift of at most tens of kilometres, and
		// back.
		for _, p := range [][2]float64{{117, -0.45}, {-60, 45}, {10, -80}} {
			lon, lat := c.ToLonLat(p[0], p[1])
			if !(math.Abs(lat-p[1]) < 1) {
				t.Fatalf("%q: %v moves %v to %v, %v", src, c, p, lon, lat)
			}
			x, y := c.FromLonLat(lon, lat)
			if !fuzzNear(x, p[0], tol) || !fuzzNear(y, p[1], tol) {
				t.Fatalf("%q: %v takes %v to %v, %v and back to %v, %v", src, c, p, lon, lat, x, y)
			}
		}
		return
	case kindTM, kindWebMercator, kindMercator, kindLCC, kindAlbers, kindLAEA, kindMollweide:
	default:
		t.Fatalf("%q parsed to %#v, which converts nothing", src, c)
	}
	for _, p := range fuzzAreaPoints(c) {
		lon, lat := c.ToLonLat(p[0], p[1])
		if !(math.Abs(lon) <= 180 && math.Abs(lat) <= 90) {
			t.Fatalf("%q: %v converts %v, at or near its false origin, to lon %v lat %v", src, c, p, lon, lat)
		}
	}
	// From lon/lat one degree east of the natural origin and back, when
	// the parameters are of the kind real systems have (far out of that,
	// rounding in the false easting alone exceeds the tolerance, and a
	// unit of 1e-300 m cannot write a distance of a kilometre).
	u := r.metresPerUnit()
	if !(math.Abs(r.proj.fe) < 1e8 && math.Abs(r.proj.fn) < 1e8 && r.proj.k0 >= 0.1 && u >= 1e-3 && u <= 1e4) {
		return
	}
	lat := math.Max(-80, math.Min(80, r.proj.lat0))
	lon := normLon(r.proj.lon0 + r.datumShift().pm + 1) // the central meridian counts from the prime meridian
	x, y := c.FromLonLat(lon, lat)
	lon2, lat2 := c.ToLonLat(x, y)
	if !fuzzNear(lon, lon2, tol) || !fuzzNear(lat, lat2, tol) {
		t.Fatalf("%q: %v takes lon %v lat %v to %v, %v and back to %v, %v", src, c, lon, lat, x, y, lon2, lat2)
	}
}

// fuzzNear compares degrees, longitudes modulo 360.
func fuzzNear(a, b, tol float64) bool {
	d := math.Abs(a - b)
	return d <= tol || math.Abs(d-360) <= tol
}
