package geoio

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// SignedArea is the shoelace area of a ring, closed or not: positive for
// counter-clockwise rings (with y up), negative for clockwise ones.
func SignedArea(r []orb.Point) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	if n := len(r); n > 2 && r[0] != r[n-1] {
		s += r[n-1][0]*r[0][1] - r[0][0]*r[n-1][1]
	}
	return s / 2
}

// AssembleRings rebuilds polygons from the rings of a shapefile or File
// Geodatabase shape. Both specifications have outer rings clockwise and
// holes counter-clockwise; files in the wild do not always follow them, so each hole goes to the smallest outer ring that
// contains it, and a hole that no outer ring contains becomes an outer
// ring itself. Ring orientation is kept as read.
func AssembleRings(rings []orb.Ring) orb.Geometry {
	type poly struct {
		first int // file index of the outer ring
		area  float64
		bound orb.Bound
		rings []orb.Ring
	}
	var polys []*poly
	var holes []int
	for k, ring := range rings {
		if a := SignedArea(ring); a <= 0 {
			polys = append(polys, &poly{first: k, area: -a, bound: ring.Bound(), rings: []orb.Ring{ring}})
		} else {
			holes = append(holes, k)
		}
	}
	outers := len(polys)
	for _, k := range holes {
		h := rings[k]
		hb := h.Bound()
		var best *poly
		for _, p := range polys[:outers] {
			if !p.bound.Contains(hb.Min) || !p.bound.Contains(hb.Max) {
				continue
			}
			if (best == nil || p.area < best.area) && ringInside(h, p.rings[0]) {
				best = p
			}
		}
		if best == nil {
			polys = append(polys, &poly{first: k, area: SignedArea(h), bound: hb, rings: []orb.Ring{h}})
			continue
		}
		best.rings = append(best.rings, h)
	}
	sort.SliceStable(polys, func(i, j int) bool { return polys[i].first < polys[j].first })
	if len(polys) == 1 {
		return orb.Polygon(polys[0].rings)
	}
	mp := make(orb.MultiPolygon, len(polys))
	for i, p := range polys {
		mp[i] = p.rings
	}
	return mp
}

// ringInside tests a vertex of inner that is not on outer's boundary;
// when every vertex is on it, the bounding-box test already made is taken.
func ringInside(inner, outer orb.Ring) bool {
	for _, p := range inner {
		if !onBoundary(outer, p) {
			return pointInRing(outer, p)
		}
	}
	return true
}

// pointInRing is the even-odd ray-crossing test.
func pointInRing(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1]) + a[0]
			if p[0] < x {
				in = !in
			}
		}
	}
	return in
}

func onBoundary(r orb.Ring, p orb.Point) bool {
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if (b[0]-a[0])*(p[1]-a[1])-(b[1]-a[1])*(p[0]-a[0]) != 0 {
			continue
		}
		if p[0] >= math.Min(a[0], b[0]) && p[0] <= math.Max(a[0], b[0]) &&
			p[1] >= math.Min(a[1], b[1]) && p[1] <= math.Max(a[1], b[1]) {
			return true
		}
	}
	return false
}
