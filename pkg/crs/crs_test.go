package crs

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

func TestParseSpellings(t *testing.T) {
	tests := []struct {
		in   string
		epsg int
	}{
		{"EPSG:4326", 4326},
		{"epsg:4326", 4326},
		{" EPSG:4326 ", 4326},
		{"4326", 4326},
		{"CRS84", 4326},
		{"OGC:CRS84", 4326},
		{"CRS:84", 4326},
		{"urn:ogc:def:crs:OGC:1.3:CRS84", 4326},
		{"urn:ogc:def:crs:OGC::CRS84", 4326},
		{"http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326},
		{"urn:ogc:def:crs:EPSG::4326", 4326},
		{"urn:ogc:def:crs:EPSG:6.6:4326", 4326},
		{"urn:x-ogc:def:crs:EPSG:4326", 4326},
		{"http://www.opengis.net/def/crs/EPSG/0/4326", 4326},
		{"https://www.opengis.net/def/crs/EPSG/0/4326", 4326},
		{"http://www.opengis.net/gml/srs/epsg.xml#4326", 4326},
		{"epsg:32750", 32750},
		{"EPSG:32601", 32601},
		{"EPSG:32760", 32760},
		{"urn:ogc:def:crs:EPSG::32750", 32750},
		{"http://www.opengis.net/def/crs/EPSG/0/32750", 32750},
		{"EPSG:4755", 4755},
		{"EPSG:23880", 23880},
		{"EPSG:23866", 23866},
		{"EPSG:23884", 23884},
		{"EPSG:9470", 9470},
		{"EPSG:9480", 9480},
		{"EPSG:9490", 9490},
		{"EPSG:3857", 3857},
		{"EPSG:900913", 3857},
		{"EPSG:3785", 3857},
		{"ESRI:102100", 3857},
		{"UTM50S", 32750},
		{"utm zone 50s", 32750},
		{"WGS 84 / UTM zone 50S", 32750},
		{"DGN95 / UTM zone 50S", 23880},
		{`GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, 4326},
	}
	for _, tc := range tests {
		c, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if c.EPSG != tc.epsg {
			t.Errorf("Parse(%q) = %v; want EPSG:%d", tc.in, c, tc.epsg)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "EPSG:2193", "EPSG:32661", "EPSG:23873", "EPSG:abc", "urn:ogc:def:crs:EPSG::", "foo", "NAD83 / UTM zone 10N", "EPSG:-4326", "ogc:crs83"} {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded; want an error", in)
			continue
		}
		if !errors.Is(err, ErrUnsupported) || !strings.HasPrefix(err.Error(), "geoio: ") {
			t.Errorf("Parse(%q) error %q does not wrap ErrUnsupported", in, err)
		}
		if !strings.Contains(err.Error(), "EPSG:4326") {
			t.Errorf("Parse(%q) error %q does not say what is supported", in, err)
		}
	}
}

func TestCRSBasics(t *testing.T) {
	utm50s := UTM(50, true)
	tests := []struct {
		c                 CRS
		zero, geographic  bool
		str, name, wktPfx string
	}{
		{CRS{}, true, false, "", "", ""},
		{WGS84, false, true, "EPSG:4326", "WGS 84", `GEOGCS["GCS_WGS_1984"`},
		{dgn95Geographic, false, true, "EPSG:4755", "DGN95", `GEOGCS["GCS_DGN_1995",DATUM["D_Datum_Geodesi_Nasional_1995"`},
		{srgi2013Geographic, false, true, "EPSG:9470", "SRGI2013", `GEOGCS["GCS_SRGI_2013"`},
		{utm50s, false, false, "EPSG:32750", "WGS 84 / UTM zone 50S", `PROJCS["WGS_1984_UTM_Zone_50S",GEOGCS["GCS_WGS_1984"`},
		{UTM(50, false), false, false, "EPSG:32650", "WGS 84 / UTM zone 50N", `PROJCS["WGS_1984_UTM_Zone_50N"`},
		{utmCRS(datumDGN95, 50, true), false, false, "EPSG:23880", "DGN95 / UTM zone 50S", `PROJCS["DGN_1995_UTM_Zone_50S",GEOGCS["GCS_DGN_1995"`},
		{utmCRS(datumSRGI2013, 49, true), false, false, "EPSG:9489", "SRGI2013 / UTM zone 49S", `PROJCS["SRGI_2013_UTM_Zone_49S"`},
		{WebMercator, false, false, "EPSG:3857", "WGS 84 / Pseudo-Mercator", `PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere"`},
		{CRS{EPSG: 32750}, false, false, "EPSG:32750", "", `PROJCS["WGS_1984_UTM_Zone_50S"`},
		{CRS{Name: "custom"}, false, false, "custom", "custom", ""},
	}
	for _, tc := range tests {
		if got := tc.c.IsZero(); got != tc.zero {
			t.Errorf("%q IsZero = %v", tc.str, got)
		}
		if got := tc.c.IsGeographic(); got != tc.geographic {
			t.Errorf("%q IsGeographic = %v", tc.str, got)
		}
		if got := tc.c.String(); got != tc.str {
			t.Errorf("String = %q; want %q", got, tc.str)
		}
		if tc.c.Name != tc.name {
			t.Errorf("%q Name = %q; want %q", tc.str, tc.c.Name, tc.name)
		}
		if got := tc.c.WKT(); !strings.HasPrefix(got, tc.wktPfx) || (tc.wktPfx == "") != (got == "") {
			t.Errorf("%q WKT = %s; want prefix %s", tc.str, got, tc.wktPfx)
		}
	}
	if !(CRS{EPSG: 32750}).Equal(utm50s) || !utm50s.Equal(CRS{EPSG: 32750, Name: "x"}) {
		t.Error("a CRS literal with only EPSG 32750 is not Equal to UTM(50, true)")
	}
	if utm50s.Equal(UTM(50, false)) || utm50s.Equal(utmCRS(datumDGN95, 50, true)) || WGS84.Equal(CRS{}) {
		t.Error("Equal confuses different CRSs")
	}
	if !(CRS{}).Equal(CRS{}) {
		t.Error("zero CRS not Equal to itself")
	}
	// The literal resolves for conversion too.
	x1, y1 := (CRS{EPSG: 32750}).FromLonLat(116.5, -0.5)
	x2, y2 := utm50s.FromLonLat(116.5, -0.5)
	if x1 != x2 || y1 != y2 {
		t.Errorf("CRS{EPSG: 32750} converts to %v, %v; UTM(50, true) to %v, %v", x1, y1, x2, y2)
	}
	// Geographic and undeclared pass through.
	for _, c := range []CRS{WGS84, dgn95Geographic, {}} {
		if lon, lat := c.ToLonLat(116.5, -0.5); lon != 116.5 || lat != -0.5 {
			t.Errorf("%v ToLonLat changed a lon/lat", c)
		}
	}
}

func TestUTMFor(t *testing.T) {
	tests := []struct {
		lon, lat float64
		epsg     int
	}{
		{117.1, -0.4, 32750}, // Tenggarong
		{114.0, 0.5, 32650},
		{113.999, -0.5, 32749},
		{-180, 10, 32601},
		{180, -10, 32760},
		{539, -10, 32760},
	}
	for _, tc := range tests {
		if got := UTMFor(tc.lon, tc.lat); got.EPSG != tc.epsg {
			t.Errorf("UTMFor(%v, %v) = %v; want EPSG:%d", tc.lon, tc.lat, got, tc.epsg)
		}
	}
	if !UTM(0, true).IsZero() || !UTM(61, false).IsZero() {
		t.Error("UTM out of range is not the zero CRS")
	}
}

// The .prj WGS84.WKT writes is byte for byte the one GDAL/ArcGIS write,
// as found next to the Kukar shapefiles.
func TestWGS84WKTMatchesRealPRJ(t *testing.T) {
	b, err := os.ReadFile("testdata/crs/kukar_6402_desa.prj")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := WGS84.WKT(), strings.TrimSpace(string(b)); got != want {
		t.Errorf("WGS84.WKT() =\n%s\nwant\n%s", got, want)
	}
}

func TestWKTRoundTrip(t *testing.T) {
	generic, err := ParsePRJ(wktNZTM)
	if err != nil {
		t.Fatal(err)
	}
	feet, err := ParsePRJ(wktTMFeet)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []CRS{WGS84, dgn95Geographic, srgi2013Geographic, UTM(50, true), UTM(1, false),
		utmCRS(datumDGN95, 50, true), utmCRS(datumSRGI2013, 50, true), WebMercator, generic, feet} {
		got, err := ParsePRJ(c.WKT())
		if err != nil {
			t.Errorf("ParsePRJ(%v.WKT()): %v", c, err)
			continue
		}
		if !got.Equal(c) || got.String() != c.String() {
			t.Errorf("ParsePRJ(%v.WKT()) = %v (%#v)", c, got, got)
		}
		x, y := c.FromLonLat(117, -0.5)
		x2, y2 := got.FromLonLat(117, -0.5)
		if math.Abs(x-x2) > 1e-6 || math.Abs(y-y2) > 1e-6 {
			t.Errorf("%v: re-read CRS converts differently", c)
		}
	}
}

func ExampleParse() {
	c, err := Parse("urn:ogc:def:crs:EPSG::32750")
	if err != nil {
		fmt.Println(err)
		return
	}
	lon, lat := c.ToLonLat(512345.6, 9950000)
	fmt.Printf("%s %s: %.6f, %.6f\n", c, c.Name, lon, lat)
	// Output: EPSG:32750 WGS 84 / UTM zone 50S: 117.110950, -0.452365
}

func ExampleCRS_WKT() {
	fmt.Println(UTM(50, true).WKT())
	// Output: PROJCS["WGS_1984_UTM_Zone_50S",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]
}
