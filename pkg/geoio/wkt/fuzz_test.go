package wkt

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzWKT parses arbitrary text. Whatever parses must write and parse
// again: at full precision (-1) to the very same geometry, and at the 7
// decimals CSV output uses to the same shape with every ordinate within
// half a unit of the last decimal, writing the same text a second time.
func FuzzWKT(f *testing.F) {
	for _, s := range []string{
		"POINT (1 2)", "LINESTRING (0 0,1 1)", "POLYGON ((0 0,1 0,1 1,0 0),(0.2 0.2,0.3 0.2,0.3 0.3,0.2 0.2))",
		"MULTIPOINT (1 2, 3 4)", "MULTIPOINT ((1 2),EMPTY)", "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),EMPTY)",
		"MULTILINESTRING ((0 0,1 1),EMPTY,(2 2,3 3))", "GEOMETRYCOLLECTION (POINT (1 2))",
		"GEOMETRYCOLLECTION (POINT EMPTY,LINESTRING EMPTY,GEOMETRYCOLLECTION (MULTIPOINT EMPTY))",
		"SRID=4326;POINT ZM (1 2 3 4)", "pointz(117.123456789 -0.45 3)", "POINT EMPTY", "MULTILINESTRING EMPTY",
		"POLYGON M ((1e-7 -5e-8,1e300 2,-0 +3.5E2,1e-7 -5e-8))", "LINESTRING (123456789.123456789 0.00000004999,0 0)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := Parse(s)
		if err != nil {
			return
		}
		if g == nil {
			// POINT EMPTY, the one geometry orb cannot hold; Append
			// writes nothing for it.
			if text := Append(nil, g, -1); len(text) != 0 {
				t.Fatalf("%q parsed to nil, which writes %q", s, text)
			}
			return
		}
		text := string(Append(nil, g, -1))
		back, err := Parse(text)
		if err != nil {
			t.Fatalf("%q wrote %q, which does not parse: %v", s, text, err)
		}
		if !reflect.DeepEqual(back, g) {
			t.Fatalf("%q wrote %q, which reads back as %#v, not %#v", s, text, back, g)
		}

		const prec = 7
		text7 := string(Append(nil, g, prec))
		g7, err := Parse(text7)
		if err != nil {
			t.Fatalf("%q wrote %q at %d decimals, which does not parse: %v", s, text7, prec, err)
		}
		shape, pts := fuzzFlatten(g)
		shape7, pts7 := fuzzFlatten(g7)
		if shape7 != shape || len(pts7) != len(pts) {
			t.Fatalf("%q wrote %q at %d decimals, which reads back as %s, not %s", s, text7, prec, shape7, shape)
		}
		for i := range pts {
			for k := 0; k < 2; k++ {
				v, v7 := pts[i][k], pts7[i][k]
				if tol := 0.5e-7 + math.Abs(v)*0x1p-51; math.Abs(v7-v) > tol {
					t.Fatalf("%q wrote %q at %d decimals: ordinate %v came back as %v", s, text7, prec, v, v7)
				}
			}
		}
		if again := string(Append(nil, g7, prec)); again != text7 {
			t.Fatalf("%q: %q at %d decimals is written as %q the second time", s, text7, prec, again)
		}
	})
}

// fuzzFlatten describes the structure of g (types and part sizes) and
// lists its positions in order.
func fuzzFlatten(g orb.Geometry) (string, []orb.Point) {
	var b strings.Builder
	var pts []orb.Point
	var walk func(g orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			b.WriteString("P")
			pts = append(pts, g)
		case orb.MultiPoint:
			fmt.Fprintf(&b, "MP%d", len(g))
			pts = append(pts, g...)
		case orb.LineString:
			fmt.Fprintf(&b, "L%d", len(g))
			pts = append(pts, g...)
		case orb.Ring:
			fmt.Fprintf(&b, "R%d", len(g))
			pts = append(pts, g...)
		case orb.MultiLineString:
			b.WriteString("ML(")
			for _, l := range g {
				walk(l)
			}
			b.WriteString(")")
		case orb.Polygon:
			b.WriteString("Y(")
			for _, r := range g {
				walk(r)
			}
			b.WriteString(")")
		case orb.MultiPolygon:
			b.WriteString("MY(")
			for _, p := range g {
				walk(p)
			}
			b.WriteString(")")
		case orb.Collection:
			b.WriteString("C(")
			for _, m := range g {
				walk(m)
			}
			b.WriteString(")")
		default:
			fmt.Fprintf(&b, "%T", g)
		}
	}
	walk(g)
	return b.String(), pts
}
