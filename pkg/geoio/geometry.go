package geoio

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// RepresentativePoint returns a point that lies on the geometry: the point
// itself, the middle vertex of a line, and for polygons the centroid when
// it falls inside, else the middle of the widest interior span of the
// horizontal line through the centroid. Multi-geometries use their largest
// part. It is planar in lon/lat, which is fine for choosing a point inside
// a village; it is not a distance computation.
func RepresentativePoint(g orb.Geometry) (orb.Point, bool) {
	switch g := g.(type) {
	case orb.Point:
		return g, true
	case orb.MultiPoint:
		if len(g) == 0 {
			return orb.Point{}, false
		}
		return g[0], true
	case orb.LineString:
		if len(g) == 0 {
			return orb.Point{}, false
		}
		return g[len(g)/2], true
	case orb.MultiLineString:
		best, n := -1, 0
		for i, l := range g {
			if len(l) > n {
				best, n = i, len(l)
			}
		}
		if best < 0 {
			return orb.Point{}, false
		}
		return RepresentativePoint(g[best])
	case orb.Polygon:
		return polygonPoint(g)
	case orb.MultiPolygon:
		best, area := -1, -1.0
		for i, p := range g {
			if len(p) == 0 {
				continue
			}
			if a := math.Abs(planar.Area(p)); a > area {
				best, area = i, a
			}
		}
		if best < 0 {
			return orb.Point{}, false
		}
		return polygonPoint(g[best])
	case orb.Collection:
		for _, m := range g {
			if p, ok := RepresentativePoint(m); ok {
				return p, true
			}
		}
	}
	return orb.Point{}, false
}

func polygonPoint(p orb.Polygon) (orb.Point, bool) {
	if len(p) == 0 || len(p[0]) == 0 {
		return orb.Point{}, false
	}
	c, _ := planar.CentroidArea(p)
	if planar.PolygonContains(p, c) {
		return c, true
	}
	b := p.Bound()
	y := c[1]
	if y <= b.Min[1] || y >= b.Max[1] || math.IsNaN(y) {
		y = (b.Min[1] + b.Max[1]) / 2
	}
	var xs []float64
	for _, r := range p {
		for i := 0; i+1 < len(r); i++ {
			a, q := r[i], r[i+1]
			if (a[1] > y) != (q[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(q[0]-a[0])/(q[1]-a[1]))
			}
		}
	}
	sort.Float64s(xs)
	bestW := -1.0
	var best orb.Point
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > bestW {
			bestW = w
			best = orb.Point{(xs[i] + xs[i+1]) / 2, y}
		}
	}
	if bestW < 0 {
		return p[0][0], true
	}
	return best, true
}
