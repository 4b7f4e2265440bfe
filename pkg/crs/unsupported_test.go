package crs

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// A well-formed CRS that cannot be converted comes back named, with its
// error, and refuses to convert.
func TestUnsupportedCRSIsNamed(t *testing.T) {
	contradicting := strings.Replace(wktOGCUTM50S, `AUTHORITY["EPSG","32750"]]`, `AUTHORITY["EPSG","32749"]]`, 1)
	tests := []struct {
		name, in string
		prj      bool // ParsePRJ rather than Parse
		epsg     int
		crsName  string
		str      string
	}{
		{"unknown projection", wktOGCUnknownProjection, true, 29873, "Timbalai 1948 / RSO Borneo (m)", "EPSG:29873"},
		{"unknown datum", wktESRIUnknownDatum, true, 0, "NAD_1927_UTM_Zone_10N", "NAD_1927_UTM_Zone_10N"},
		{"code contradicting parameters", contradicting, true, 32749, "WGS 84 / UTM zone 50S", "EPSG:32749"},
		{"compound with unknown projection", `COMPD_CS["x + h",` + wktOGCUnknownProjection + `,VERT_CS["h",VERT_DATUM["d",2005],UNIT["metre",1]]]`,
			true, 29873, "Timbalai 1948 / RSO Borneo (m)", "EPSG:29873"},
		{"vertical only", `VERT_CS["EGM96 height",VERT_DATUM["EGM96 geoid",2005],UNIT["metre",1]]`, true, 0, "EGM96 height", "EGM96 height"},
		{"WKT through Parse", wktOGCUnknownProjection, false, 29873, "Timbalai 1948 / RSO Borneo (m)", "EPSG:29873"},
		{"unknown EPSG code", "EPSG:2193", false, 2193, "", "EPSG:2193"},
		{"unknown EPSG URN", "urn:ogc:def:crs:EPSG::2193", false, 2193, "", "EPSG:2193"},
		{"unknown ESRI code", "ESRI:99999", false, 0, "", "ESRI:99999"},
		{"unknown name", "NAD83 / UTM zone 10N", false, 0, "NAD83 / UTM zone 10N", "NAD83 / UTM zone 10N"},
		{"unknown authority", "IGNF:LAMB93", false, 0, "IGNF:LAMB93", "IGNF:LAMB93"},
	}
	for _, tc := range tests {
		var (
			c   CRS
			err error
		)
		if tc.prj {
			c, err = ParsePRJ(tc.in)
		} else {
			c, err = Parse(tc.in)
		}
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: error %v does not wrap ErrUnsupported", tc.name, err)
			continue
		}
		if c.Supported() || c.IsZero() || c.IsGeographic() || c.IsLonLat() {
			t.Errorf("%s: %#v: Supported %v, IsZero %v, IsGeographic %v", tc.name, c, c.Supported(), c.IsZero(), c.IsGeographic())
		}
		if c.EPSG != tc.epsg || c.Name != tc.crsName || c.String() != tc.str {
			t.Errorf("%s: EPSG %d Name %q String %q; want %d %q %q", tc.name, c.EPSG, c.Name, c.String(), tc.epsg, tc.crsName, tc.str)
		}
		if c.WKT() != "" {
			t.Errorf("%s: WKT %q", tc.name, c.WKT())
		}
		lon, lat := c.ToLonLat(500000, 9950000)
		x, y := c.FromLonLat(117, -0.5)
		if !math.IsNaN(lon) || !math.IsNaN(lat) || !math.IsNaN(x) || !math.IsNaN(y) {
			t.Errorf("%s: converts to %v %v and %v %v; want NaN", tc.name, lon, lat, x, y)
		}
		if !c.Equal(c) || c.Equal(CRS{}) || c.Equal(UTM(49, true)) || c.Equal(UTM(50, true)) {
			t.Errorf("%s: Equal confuses %v", tc.name, c)
		}
	}

	// Text that is no CRS, or no code, gives the zero CRS.
	for _, in := range []string{"", "urn:ogc:def:crs:EPSG::", "EPSG:abc", "EPSG:-4326", "EPSG:0"} {
		if c, err := Parse(in); err == nil || c != (CRS{}) {
			t.Errorf("Parse(%q) = %#v, %v; want the zero CRS and an error", in, c, err)
		}
	}
	for _, in := range []string{"", "PROJCS[", `B["x"]`, "+proj=utm"} {
		if c, err := ParsePRJ(in); err == nil || c != (CRS{}) {
			t.Errorf("ParsePRJ(%q) = %#v, %v; want the zero CRS and an error", in, c, err)
		}
	}

	// Supported for values built in code.
	for _, tc := range []struct {
		c    CRS
		want bool
	}{{CRS{}, true}, {CRS{EPSG: 32750}, true}, {CRS{EPSG: 4211}, true}, {CRS{EPSG: 2193}, false}, {CRS{Name: "custom"}, false}, {WGS84, true}} {
		if got := tc.c.Supported(); got != tc.want {
			t.Errorf("%#v Supported = %v", tc.c, got)
		}
	}
	// The zero CRS still passes coordinates through; a name alone does not.
	if lon, lat := (CRS{}).ToLonLat(1, 2); lon != 1 || lat != 2 {
		t.Error("the zero CRS changed a coordinate")
	}
	if lon, _ := (CRS{Name: "custom"}).ToLonLat(1, 2); !math.IsNaN(lon) {
		t.Error("CRS{Name: \"custom\"} converted a coordinate")
	}
}

// The codes of the new projections and datums.
func TestParseNewCodes(t *testing.T) {
	tests := []struct {
		in, str, name string
	}{
		{"EPSG:4211", "EPSG:4211", "Batavia"},
		{"EPSG:4813", "EPSG:4813", "Batavia (Jakarta)"},
		{"EPSG:4238", "EPSG:4238", "ID74"},
		{"EPSG:21148", "EPSG:21148", "Batavia / UTM zone 48S"},
		{"EPSG:21150", "EPSG:21150", "Batavia / UTM zone 50S"},
		{"EPSG:23846", "EPSG:23846", "ID74 / UTM zone 46N"},
		{"EPSG:23852", "EPSG:23852", "ID74 / UTM zone 52N"},
		{"EPSG:23887", "EPSG:23887", "ID74 / UTM zone 47S"},
		{"EPSG:23894", "EPSG:23894", "ID74 / UTM zone 54S"},
		{"EPSG:3395", "EPSG:3395", "WGS 84 / World Mercator"},
		{"EPSG:3001", "EPSG:3001", "Batavia / NEIEZ"},
		{"EPSG:5330", "EPSG:5330", "Batavia (Jakarta) / NEIEZ"},
		{"EPSG:3034", "EPSG:3034", "ETRS89-extended / LCC Europe"},
		{"EPSG:3035", "EPSG:3035", "ETRS89-extended / LAEA Europe"},
		{"ESRI:54009", "ESRI:54009", "World_Mollweide"},
		{"esri:102028", "ESRI:102028", "Asia_South_Albers_Equal_Area_Conic"},
		{"urn:ogc:def:crs:ESRI::102030", "ESRI:102030", "Asia_South_Lambert_Conformal_Conic"},
		{"Batavia / UTM zone 49S", "EPSG:21149", "Batavia / UTM zone 49S"},
		{"Batavia_UTM_Zone_50S", "EPSG:21150", "Batavia / UTM zone 50S"},
		{"Indonesian_1974_UTM_Zone_50S", "EPSG:23890", "ID74 / UTM zone 50S"},
		{"ID74 / UTM zone 48N", "EPSG:23848", "ID74 / UTM zone 48N"},
	}
	for _, tc := range tests {
		c, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if c.String() != tc.str || c.Name != tc.name || !c.Supported() {
			t.Errorf("Parse(%q) = %s %q; want %s %q", tc.in, c, c.Name, tc.str, tc.name)
		}
		again, err := Parse(c.String())
		if err != nil || !again.Equal(c) {
			t.Errorf("Parse(%q) = %v, %v; want %v again", c.String(), again, err, c)
		}
	}
	// No northern Batavia zones, no ID74 zone 53N.
	for _, in := range []string{"Batavia / UTM zone 48N", "ID74 / UTM zone 53N", "EPSG:21147", "EPSG:21151"} {
		if c, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) = %v; want an error", in, c)
		}
	}
}

// WGS 84 lon/lat in and out: only the datums taken as WGS 84 are
// IsGeographic; every lon/lat CRS is IsLonLat.
func TestIsGeographicAndIsLonLat(t *testing.T) {
	for _, tc := range []struct {
		c                 CRS
		geographic, lonlt bool
	}{
		{WGS84, true, true}, {dgn95Geographic, true, true}, {srgi2013Geographic, true, true},
		{bataviaGeographic, false, true}, {bataviaJakartaGeographic, false, true}, {id74Geographic, false, true},
		{CRS{EPSG: 4211}, false, true}, {UTM(50, true), false, false}, {CRS{}, false, false},
	} {
		if tc.c.IsGeographic() != tc.geographic || tc.c.IsLonLat() != tc.lonlt {
			t.Errorf("%v: IsGeographic %v IsLonLat %v; want %v %v", tc.c, tc.c.IsGeographic(), tc.c.IsLonLat(), tc.geographic, tc.lonlt)
		}
	}
	c, err := ParsePRJ(wktTimbalai3)
	if err != nil {
		t.Fatal(err)
	}
	if c.IsGeographic() || !c.IsLonLat() {
		t.Errorf("Timbalai with TOWGS84: IsGeographic %v IsLonLat %v", c.IsGeographic(), c.IsLonLat())
	}
}

// The prime meridian: Batavia (Jakarta) longitudes count from Jakarta,
// 106°48'27.79" E; the same point on Batavia and Batavia (Jakarta) goes
// to the same WGS 84 place.
func TestJakartaPrimeMeridian(t *testing.T) {
	lon1, lat1 := bataviaGeographic.ToLonLat(110.4, -7.8)
	lon2, lat2 := bataviaJakartaGeographic.ToLonLat(110.4-(106+48.0/60+27.79/3600), -7.8)
	if math.Abs(lon1-lon2) > 1e-12 || math.Abs(lat1-lat2) > 1e-12 {
		t.Errorf("Batavia %v, %v; Batavia (Jakarta) %v, %v", lon1, lat1, lon2, lat2)
	}
	// A prime meridian written in WKT2 with its own unit (grads).
	c, err := ParsePRJ(`GEOGCRS["x",DATUM["Batavia",ELLIPSOID["Bessel 1841",6377397.155,299.1528128]],PRIMEM["Jakarta",118.675243827160,ANGLEUNIT["grad",0.015707963267949]],CS[ellipsoidal,2],AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433]]`)
	if err != nil {
		t.Fatal(err)
	}
	if pm := c.datumShift().pm; math.Abs(pm-jakartaPM) > 1e-9 || !c.Equal(bataviaJakartaGeographic) {
		t.Errorf("prime meridian in grads read as %v° (%v)", pm, c)
	}
}

// Helmert forward and inverse undo each other, whatever the rotations.
func TestHelmertInverse(t *testing.T) {
	for _, h := range [][7]float64{shiftBatavia, shiftID74, {446.448, -125.157, 542.06, 0.15, 0.247, 0.842, -20.489}, {10, 20, 30, 900, -800, 700, 999}} {
		x, y, z := geocentric(ellBessel.a, 0.00667, 0.3, 1.9)
		xt, yt, zt := helmertForward(&h, x, y, z)
		x2, y2, z2 := helmertInverse(&h, xt, yt, zt)
		if d := math.Hypot(math.Hypot(x2-x, y2-y), z2-z); d > 1e-8 {
			t.Errorf("%v: there and back moves by %g m", h, d)
		}
	}
	// geodetic inverts geocentric.
	f := ellBessel.flattening()
	for _, p := range [][2]float64{{0, 0}, {0.5, 2}, {-1.2, -3}, {1.5707, 0.1}, {-math.Pi / 2, 0}} {
		x, y, z := geocentric(ellBessel.a, f*(2-f), p[0], p[1])
		phi, lam := geodetic(ellBessel.a, f*(2-f), x, y, z)
		if math.Abs(phi-p[0]) > 1e-14 || (math.Abs(lam-p[1]) > 1e-14 && math.Abs(p[0]) < 1.57) {
			t.Errorf("geodetic(geocentric(%v)) = %v, %v", p, phi, lam)
		}
	}
}

// What ParsePRJ reads, WKT writes back: every new kind and datum.
func TestWKTRoundTripNew(t *testing.T) {
	cs := []CRS{bataviaGeographic, bataviaJakartaGeographic, id74Geographic,
		utmCRS(datumBatavia, 48, true), utmCRS(datumID74, 50, true), utmCRS(datumID74, 46, false)}
	cs = append(cs, otherCRSs...)
	for _, w := range []string{wktOGCMercator2SP, wktOGCLCC1SP, wktESRILCC2SP, wktOGCAlbers, wktWKT2Albers,
		wktESRILAEAPolar, wktBNGTOWGS84, wktTimbalai3, wktBoundID74CF,
		strings.Replace(wktOGCMercator2SP, `"standard_parallel_1",-7`, `"standard_parallel_1",0`, 1),
		strings.Replace(wktOGCMercator2SP, `PROJECTION["Mercator_2SP"],PARAMETER["standard_parallel_1",-7]`, `PROJECTION["Mercator_1SP"],PARAMETER["scale_factor",1.02]`, 1),
		strings.Replace(wktOGCLCC1SP, `UNIT["metre",1]]`, `UNIT["US survey foot",0.304800609601219]]`, 1),
		strings.Replace(wktTimbalai3, `PRIMEM["Greenwich",0.0]`, `PRIMEM["Somewhere",-12.5]`, 1),
	} {
		c, err := ParsePRJ(w)
		if err != nil {
			t.Fatalf("%s: %v", w, err)
		}
		cs = append(cs, c)
	}
	for _, b := range readVectors(t) {
		c, err := Parse(b.crs)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	for _, c := range cs {
		w := c.WKT()
		got, err := ParsePRJ(w)
		if err != nil {
			t.Errorf("ParsePRJ(%v.WKT()): %v\n%s", c, err, w)
			continue
		}
		if !got.Equal(c) || got.String() != c.String() || got.Name != c.Name {
			t.Errorf("ParsePRJ(%v.WKT()) = %v %q\n%s\n%#v\n%#v", c, got, got.Name, w, c, got)
		}
		if again := got.WKT(); again != w {
			t.Errorf("%v: WKT changes on a second round:\n%s\n%s", c, w, again)
		}
		for _, p := range [][2]float64{{117, -0.5}, {106.8, -6.2}, {-2, 52}} {
			x, y := c.FromLonLat(p[0], p[1])
			x2, y2 := got.FromLonLat(p[0], p[1])
			if math.Abs(x-x2) > 1e-6*math.Max(1, math.Abs(x)) || math.Abs(y-y2) > 1e-6*math.Max(1, math.Abs(y)) {
				t.Errorf("%v: re-read CRS converts %v to %v, %v; was %v, %v", c, p, x2, y2, x, y)
			}
		}
	}
}

// A TOWGS84 other than the built-in shift of the datum the WKT names (or
// codes) is the WKT's choice of transformation: it is kept, and the CRS
// goes by its name rather than the code.
func TestTOWGS84OverridesBuiltIn(t *testing.T) {
	// EPSG:1813, Batavia to WGS 84 (2), southern Java Sea offshore.
	const h1813 = `TOWGS84[-378.873,676.002,-46.255,0,0,0,0]`
	geog := strings.Replace(wktOGCBatavia, `AUTHORITY["EPSG","7004"]],`, `AUTHORITY["EPSG","7004"]],`+h1813+`,`, 1)
	utm := strings.Replace(wktESRIBataviaUTM50S, `SPHEROID["Bessel_1841",6377397.155,299.1528128]`, `SPHEROID["Bessel_1841",6377397.155,299.1528128],`+h1813, 1)
	for _, w := range []string{geog, utm} {
		if !strings.Contains(w, h1813) {
			t.Fatalf("no TOWGS84 in %s", w)
		}
		c, err := ParsePRJ(w)
		if err != nil {
			t.Fatal(err)
		}
		if c.EPSG != 0 || c.datum != datumCustom || c.datumShift().h != [7]float64{-378.873, 676.002, -46.255} {
			t.Errorf("%s: %s, datum %v, shift %v", w, c, c.datum, c.datumShift().h)
		}
		// The shifts differ by a few metres.
		ref, _ := Parse("EPSG:21150")
		if c.IsLonLat() {
			ref = bataviaGeographic
		}
		x, y := 500000.0, 9950000.0
		if c.IsLonLat() {
			x, y = 117, -0.5
		}
		lon1, lat1 := c.ToLonLat(x, y)
		lon2, lat2 := ref.ToLonLat(x, y)
		if d := degMetres(lon1-lon2, lat1-lat2, lat1); d < 1 || d > 20 {
			t.Errorf("%s: the two shifts differ by %.2f m", c, d)
		}
	}
}

// Mercator by its scale factor (variant A) or its standard parallel
// (variant B) whatever the method's name, but not by both.
func TestMercatorVariants(t *testing.T) {
	base := `PROJCS["x",GEOGCS["GCS_Batavia",DATUM["D_Batavia",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["%s"],PARAMETER["False_Easting",3900000.0],PARAMETER["False_Northing",900000.0],PARAMETER["Central_Meridian",110.0],%sUNIT["Meter",1.0]]`
	for _, tc := range []struct {
		method, params string
		epsg           int
		err            string
	}{
		{"Mercator", `PARAMETER["Scale_Factor",0.997],`, 3001, ""},
		{"Mercator", `PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Scale_Factor",0.997],`, 3001, ""},
		{"Mercator", `PARAMETER["Standard_Parallel_1",4.45405154589748],`, 3001, ""},
		{"Mercator_1SP", `PARAMETER["scale_factor",0.997],`, 3001, ""},
		{"Mercator_2SP", `PARAMETER["standard_parallel_1",-4.45405154589748],`, 3001, ""},
		{"Mercator_1SP", `PARAMETER["standard_parallel_1",4.45405154589748],`, 3001, ""},
		{"Mercator_1SP", `PARAMETER["standard_parallel_1",10],PARAMETER["scale_factor",0.99],`, 0, "not both"},
		{"Mercator_2SP", `PARAMETER["standard_parallel_1",10],PARAMETER["scale_factor",0.99],`, 0, "not both"},
	} {
		c, err := ParsePRJ(strings.ReplaceAll(fmt.Sprintf(base, tc.method, tc.params), "\n", ""))
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s %s: %v, %v; want an error with %q", tc.method, tc.params, c, err, tc.err)
		case tc.err == "" && (err != nil || c.EPSG != tc.epsg):
			t.Errorf("%s %s: %v, %v; want EPSG:%d", tc.method, tc.params, c, err, tc.epsg)
		}
	}
}

// The short way through ToLonLat and FromLonLat is marked on every
// unshifted TM and Web Mercator CRS and gives what the long way gives.
func TestFastPath(t *testing.T) {
	var cs []CRS
	for _, code := range []string{"EPSG:32750", "EPSG:23880", "EPSG:9489", "EPSG:3857", "EPSG:21150", "EPSG:23890", "EPSG:3395"} {
		c, err := Parse(code)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	for _, w := range []string{wktNZTM, wktTMFeet, wktWKT2NoID, wktBNGTOWGS84, wktOGCWebMercator} {
		c, err := ParsePRJ(w)
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	for _, c := range cs {
		want := kindNone
		if !c.shifted && (c.kind == kindTM || c.kind == kindWebMercator) {
			want = c.kind
		}
		if c.fast != want {
			t.Errorf("%v: fast %v; want %v", c, c.fast, want)
		}
		x, y := c.FromLonLat(117.3, -0.7)
		x2, y2 := c.fromLonLat(117.3, -0.7)
		lon, lat := c.ToLonLat(x, y)
		lon2, lat2 := c.toLonLat(x, y)
		if x != x2 || y != y2 || lon != lon2 || lat != lat2 {
			t.Errorf("%v: short way %v %v %v %v, long way %v %v %v %v", c, x, y, lon, lat, x2, y2, lon2, lat2)
		}
	}
}

// There and back through a real datum shift, in the datum's own area:
// the height dropped on WGS 84 costs a few millimetres.
func TestDatumRoundTrip(t *testing.T) {
	indo := [][2]float64{{117, -0.5}, {106.8, -6.2}, {95.3, 5.5}, {141, -9}, {124.8, 1.5}}
	for _, tc := range []struct {
		crs string
		pts [][2]float64
	}{
		{"EPSG:4211", indo}, {"EPSG:4813", indo}, {"EPSG:4238", indo}, {"EPSG:3001", indo}, {"EPSG:5330", indo},
		{"EPSG:21148", [][2]float64{{106.8, -6.2}, {103, -3}, {108.5, -7.5}}},
		{"EPSG:23890", [][2]float64{{117, -0.5}, {115, -8}, {119.9, 1}}},
		{wktBNGTOWGS84, [][2]float64{{-0.1275, 51.507}, {-3.19, 55.95}, {-5.7, 50.07}, {-2, 60.15}}},
		{wktTimbalai3, [][2]float64{{116.07, 5.98}, {110.35, 1.55}, {118, 4.25}}},
	} {
		c, err := Parse(tc.crs)
		if err != nil {
			t.Fatal(err)
		}
		worst := 0.0
		for _, p := range tc.pts {
			x, y := c.FromLonLat(p[0], p[1])
			lon, lat := c.ToLonLat(x, y)
			worst = max(worst, degMetres(lon-p[0], lat-p[1], p[1]))
		}
		if worst > 0.01 {
			t.Errorf("%v: there and back moves points by up to %.3f m", c, worst)
		}
		t.Logf("%v: there and back within %.3f m", c, worst)
	}
}
