package gpkg

import (
	"testing"

	"github.com/paulmach/orb"
)

// FuzzDecodeBlob feeds arbitrary bytes to the geometry blob decoder: it
// must return a geometry or a problem, never panic, and what it decodes
// must encode and decode again to the same geometry.
func FuzzDecodeBlob(f *testing.F) {
	for _, g := range sampleGeometries {
		f.Add(blobOf(g))
	}
	f.Add(appendEmptyBlob(nil, wkbPoint, 4326))
	f.Add(append(header(0|2<<1, 32750, 1, 2, 3, 4, 5, 6), wkbBE(3003, []uint32{1, 4}, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0)...))
	f.Add(append(header(1, 4326), wkbBE(0xE0000004, []uint32{4326, 1})...))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, _, err := decodeBlob(b)
		if err != nil {
			if err.kind == "" || err.reason == "" {
				t.Fatalf("problem without kind or reason: %+v", err)
			}
			return
		}
		if g == nil || hasNaN(g) {
			return
		}
		again, _, err := decodeBlob(blobOf(g))
		if err != nil {
			t.Fatalf("re-encoded %v: %v", g, err)
		}
		if !orb.Equal(again, g) {
			t.Fatalf("round trip: %v became %v", g, again)
		}
	})
}

// hasNaN says a geometry holds a NaN coordinate (NaN is not equal to
// itself, so such geometries are not compared).
func hasNaN(g orb.Geometry) bool {
	nan := false
	var walk func(orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			nan = nan || g[0] != g[0] || g[1] != g[1]
		case orb.MultiPoint:
			for _, p := range g {
				walk(p)
			}
		case orb.LineString:
			for _, p := range g {
				walk(p)
			}
		case orb.Ring:
			for _, p := range g {
				walk(p)
			}
		case orb.MultiLineString:
			for _, l := range g {
				walk(l)
			}
		case orb.Polygon:
			for _, r := range g {
				walk(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		case orb.Collection:
			for _, m := range g {
				walk(m)
			}
		}
	}
	walk(g)
	return nan
}
