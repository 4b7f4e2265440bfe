package coverage

import (
	"fmt"
	"math"
	"sort"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// planePoly is a polygon's rings (outer first) in plane metres.
type planePoly [][]orb.Point

func (pp planePoly) bound() (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	for _, r := range pp {
		for _, p := range r {
			minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
			minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
		}
	}
	return
}

// contains is the even-odd rule over all rings, so holes are excluded
// whatever their winding.
func (pp planePoly) contains(p orb.Point) bool {
	in := false
	for _, r := range pp {
		n := len(r)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > p[1]) != (b[1] > p[1]) {
				x := a[0] + (p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1])
				if p[0] < x {
					in = !in
				}
			}
		}
	}
	return in
}

// crossings appends the x where the horizontal line at y crosses the
// rings (half-open rule, so a vertex on the line counts once), sorted.
func (pp planePoly) crossings(y float64, xs []float64) []float64 {
	xs = xs[:0]
	for _, r := range pp {
		n := len(r)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	sort.Float64s(xs)
	return xs
}

func (pp planePoly) areaM2() float64 {
	var a float64
	for k, r := range pp {
		var s float64
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			s += (r[j][0] - r[i][0]) * (r[j][1] + r[i][1])
		}
		if k == 0 {
			a += math.Abs(s) / 2
		} else {
			a -= math.Abs(s) / 2
		}
	}
	return a
}

// cellsInside calls fn(i, j) for every cell of the global lattice of step
// stepM (cell centres at ((i+½)·step, (j+½)·step)) whose centre lies
// inside pp, row by row from the south, west to east.
func (pp planePoly) cellsInside(stepM float64, xs []float64, fn func(i, j int)) []float64 {
	minX, minY, maxX, maxY := pp.bound()
	if !(minX <= maxX) {
		return xs
	}
	for j := int(math.Floor(minY/stepM - 0.5)); ; j++ {
		y := (float64(j) + 0.5) * stepM
		if y > maxY {
			break
		}
		if y < minY {
			continue
		}
		xs = pp.crossings(y, xs)
		for k := 0; k+1 < len(xs); k += 2 {
			for i := int(math.Ceil(xs[k]/stepM - 0.5)); ; i++ {
				x := (float64(i) + 0.5) * stepM
				if x >= xs[k+1] {
					break
				}
				fn(i, j)
			}
		}
	}
	return xs
}

// interiorPoint returns a point inside pp: the middle of the widest span
// of a scanline through the middle of its extent (tried at a few heights
// in case the middle one only grazes a vertex).
func (pp planePoly) interiorPoint() (orb.Point, bool) {
	minX, minY, maxX, maxY := pp.bound()
	if !(minX < maxX) || !(minY < maxY) {
		return orb.Point{}, false
	}
	var xs []float64
	for _, f := range []float64{0.5, 0.4375, 0.5625, 0.25, 0.75, 0.125, 0.875} {
		y := minY + f*(maxY-minY)
		xs = pp.crossings(y, xs)
		bestW, bestX := 0.0, 0.0
		for k := 0; k+1 < len(xs); k += 2 {
			if w := xs[k+1] - xs[k]; w > bestW {
				bestW, bestX = w, (xs[k]+xs[k+1])/2
			}
		}
		if bestW > 0 {
			return orb.Point{bestX, y}, true
		}
	}
	return orb.Point{}, false
}

// eachPoint calls fn for every coordinate of g.
func eachPoint(g orb.Geometry, fn func(orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		fn(g)
	case orb.MultiPoint:
		for _, p := range g {
			fn(p)
		}
	case orb.LineString:
		for _, p := range g {
			fn(p)
		}
	case orb.MultiLineString:
		for _, l := range g {
			eachPoint(l, fn)
		}
	case orb.Ring:
		for _, p := range g {
			fn(p)
		}
	case orb.Polygon:
		for _, r := range g {
			eachPoint(r, fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			eachPoint(p, fn)
		}
	case orb.Bound:
		fn(g.Min)
		fn(g.Max)
	case orb.Collection:
		for _, c := range g {
			eachPoint(c, fn)
		}
	}
}

// checkCoords reports the first coordinate of g that is not a usable
// longitude/latitude.
func checkCoords(g orb.Geometry) error {
	var bad error
	eachPoint(g, func(p orb.Point) {
		if bad == nil && (!finite(p[0]) || !finite(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90) {
			bad = fmt.Errorf("coordinate (%v, %v) is not a longitude/latitude", p[0], p[1])
		}
	})
	return bad
}

// extent adds the coordinates of every usable geometry to b, so the plane
// is fitted at the centre of the data (empty geometries add nothing).
// Extent is the extent of the targets' usable coordinates, as the
// engine takes it, for Params.PlaneBound; ok is false when there is none.
func Extent(ts []Target) (b orb.Bound, ok bool) {
	var bb bbox
	extent(&bb, ts)
	return orb.Bound{Min: bb.min, Max: bb.max}, bb.ok
}

func extent(b *bbox, ts []Target) {
	for _, t := range ts {
		if t.Geometry != nil && checkCoords(t.Geometry) == nil {
			eachPoint(t.Geometry, b.add)
		}
	}
}

// polygonsOf returns the polygons of an areal geometry, or nil.
func polygonsOf(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	case orb.Ring:
		return []orb.Polygon{{g}}
	case orb.Bound:
		return []orb.Polygon{g.ToPolygon()}
	}
	return nil
}

// project maps polygons to the plane, dropping rings with fewer than
// three points and polygons without an outer ring.
func (e *engine) project(polys []orb.Polygon) []planePoly {
	var out []planePoly
	for _, p := range polys {
		var pp planePoly
		for k, r := range p {
			if len(r) < 3 {
				if k == 0 {
					break
				}
				continue
			}
			pr := make([]orb.Point, len(r))
			for i, v := range r {
				pr[i] = e.loc.Project(v)
			}
			pp = append(pp, pr)
		}
		if len(pp) > 0 {
			out = append(out, pp)
		}
	}
	return out
}

// lineSamples cuts each segment into pieces of at most stepM (geodesic
// length) and returns the pieces' midpoints, interpolated linearly in
// lon/lat, with their lengths as weights.
func lineSamples(lines []orb.LineString, stepM float64) (pts []orb.Point, w []float64, lengthM float64) {
	for _, l := range lines {
		for i := 1; i < len(l); i++ {
			a, b := l[i-1], l[i]
			d := earth.DistanceM(a, b)
			if d == 0 {
				continue
			}
			lengthM += d
			n := int(math.Ceil(d / stepM))
			n = min(max(n, 1), maxSamplesPerItem)
			for k := range n {
				t := (float64(k) + 0.5) / float64(n)
				pts = append(pts, orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])})
				w = append(w, d/float64(n))
			}
		}
	}
	return pts, w, lengthM
}
