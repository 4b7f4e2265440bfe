package wkt

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

func TestParse(t *testing.T) {
	sq := orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	hole := orb.Ring{{2, 2}, {3, 2}, {3, 3}, {2, 2}}
	tests := []struct {
		in   string
		want orb.Geometry
	}{
		{"POINT (117.15 -0.45)", orb.Point{117.15, -0.45}},
		{"point(1 2)", orb.Point{1, 2}},
		{"  Point ( 1e2  -2.5E-1 ) ", orb.Point{100, -0.25}},
		{"POINT Z (1 2 3)", orb.Point{1, 2}},
		{"POINTZ (1 2 3)", orb.Point{1, 2}},
		{"POINT M (1 2 3)", orb.Point{1, 2}},
		{"POINT ZM (1 2 3 4)", orb.Point{1, 2}},
		{"POINT (1 2 3)", orb.Point{1, 2}},
		{"SRID=4326;POINT(1 2)", orb.Point{1, 2}},
		{"srid=32750; POINT(1 2)", orb.Point{1, 2}},
		{"POINT EMPTY", nil},
		{"LINESTRING (0 0, 1 1,2 0)", orb.LineString{{0, 0}, {1, 1}, {2, 0}}},
		{"LINESTRING EMPTY", orb.LineString{}},
		{"LineString Z (0 0 5, 1 1 6)", orb.LineString{{0, 0}, {1, 1}}},
		{"POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))", orb.Polygon{sq, hole}},
		{"POLYGON EMPTY", orb.Polygon{}},
		{"MULTIPOINT ((1 2),(3 4))", orb.MultiPoint{{1, 2}, {3, 4}}},
		{"MULTIPOINT (1 2, 3 4)", orb.MultiPoint{{1, 2}, {3, 4}}},
		{"MULTIPOINT EMPTY", orb.MultiPoint{}},
		{"MULTILINESTRING ((0 0,1 1),(2 2,3 3))", orb.MultiLineString{{{0, 0}, {1, 1}}, {{2, 2}, {3, 3}}}},
		{"MULTIPOLYGON (((0 0,10 0,10 10,0 10,0 0)),((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2)))",
			orb.MultiPolygon{{sq}, {sq, hole}}},
		{"MULTIPOLYGON ZM (((0 0 1 2,10 0 1 2,10 10 1 2,0 10 1 2,0 0 1 2)))", orb.MultiPolygon{{sq}}},
		{"GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))",
			orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}}},
		{"GEOMETRYCOLLECTION (POINT EMPTY, POINT (1 2))", orb.Collection{orb.Point{1, 2}}},
		{"GEOMETRYCOLLECTION EMPTY", orb.Collection{}},
		{"GEOMETRYCOLLECTION (GEOMETRYCOLLECTION (POINT (1 2)))", orb.Collection{orb.Collection{orb.Point{1, 2}}}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	deep := ""
	for i := 0; i < 40; i++ {
		deep += "GEOMETRYCOLLECTION ("
	}
	for _, in := range []string{
		"",
		"POINT",
		"POINT (1)",
		"POINT (1 2 3 4 5)",
		"POINT (1 2",
		"POINT (1 2) extra",
		"POINT (1 nan)",
		"POINT (inf 2)",
		"POINT (0x1p3 2)",
		"POINT (1e999 2)",
		"POINT Q (1 2)",
		"CIRCLE (1 2)",
		"LINESTRING (0 0, )",
		"POLYGON (0 0, 1 1)",
		"MULTIPOINT ((1 2)",
		"SRID=4326 POINT(1 2)",
		deep + "POINT (1 2)",
	} {
		g, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want an error", in, g)
			continue
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) error %v does not wrap ErrInvalid", in, err)
		}
	}
}

func TestAppend(t *testing.T) {
	tests := []struct {
		g    orb.Geometry
		prec int
		want string
	}{
		{orb.Point{117.123456789, -0.5}, 7, "POINT (117.1234568 -0.5)"},
		{orb.Point{1, 2}, 7, "POINT (1 2)"},
		{orb.Point{-0.00000001, 0}, 7, "POINT (0 0)"},
		{orb.Point{math.Copysign(0, -1), 3}, 7, "POINT (0 3)"},
		{orb.Point{1.25, 2}, 0, "POINT (1 2)"},
		{orb.Point{0.1, 2}, -1, "POINT (0.1 2)"},
		{orb.Point{1e-9, 1}, -1, "POINT (0.000000001 1)"},
		{orb.LineString{{0, 0}, {1.5, 2.25}}, 7, "LINESTRING (0 0,1.5 2.25)"},
		{orb.LineString{}, 7, "LINESTRING EMPTY"},
		{orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, 7, "POLYGON ((0 0,1 0,1 1,0 0))"},
		{orb.Polygon{}, 7, "POLYGON EMPTY"},
		{orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, 7, "POLYGON ((0 0,1 0,1 1,0 0))"},
		{orb.MultiPoint{{1, 2}, {3, 4}}, 7, "MULTIPOINT ((1 2),(3 4))"},
		{orb.MultiLineString{{{0, 0}, {1, 1}}, {{2, 2}, {3, 3}}}, 7, "MULTILINESTRING ((0 0,1 1),(2 2,3 3))"},
		{orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, 7, "MULTIPOLYGON (((0 0,1 0,1 1,0 0)))"},
		{orb.MultiPolygon{}, 7, "MULTIPOLYGON EMPTY"},
		{orb.Collection{orb.Point{1, 2}, nil, orb.LineString{{0, 0}, {1, 1}}}, 7,
			"GEOMETRYCOLLECTION (POINT (1 2),LINESTRING (0 0,1 1))"},
		{orb.Collection{}, 7, "GEOMETRYCOLLECTION EMPTY"},
		{nil, 7, ""},
	}
	for _, tt := range tests {
		got := string(Append([]byte("x"), tt.g, tt.prec))
		if got != "x"+tt.want {
			t.Errorf("Append(%v, %d) = %q, want %q", tt.g, tt.prec, got[1:], tt.want)
		}
	}
}

// Every written WKT must read back to the same geometry at full precision.
func TestGeometryWKTRoundTrip(t *testing.T) {
	for _, g := range []orb.Geometry{
		orb.Point{117.1234567, -0.4567891},
		orb.LineString{{116.9, -0.1}, {117.2, -0.3}},
		orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 0}}, {{1, 1}, {2, 1}, {2, 2}, {1, 1}}},
		orb.MultiPoint{{1, 2}},
		orb.MultiLineString{{{0, 0}, {1, 1}}},
		orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}},
		orb.Collection{orb.Point{1, 2}, orb.MultiPoint{{3, 4}}},
	} {
		text := string(Append(nil, g, -1))
		back, err := Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if !reflect.DeepEqual(back, g) {
			t.Errorf("%s read back as %#v", text, back)
		}
	}
}

func ExampleAppend() {
	g := orb.Polygon{{{117.1, -0.5}, {117.2, -0.5}, {117.2, -0.4}, {117.1, -0.5}}}
	fmt.Println(string(Append(nil, g, 7)))
	// Output: POLYGON ((117.1 -0.5,117.2 -0.5,117.2 -0.4,117.1 -0.5))
}

func ExampleParse() {
	g, err := Parse("SRID=4326;POINT Z (117.15 -0.45 12)")
	fmt.Println(g, err)
	// Output: [117.15 -0.45] <nil>
}
