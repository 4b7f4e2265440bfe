package main

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// round rounds v to d decimals, so that a coordinate written with seven
// decimals reads back as the same float64 and shared vertices stay equal.
func round(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

func roundPt(p orb.Point, d int) orb.Point { return orb.Point{round(p[0], d), round(p[1], d)} }

// roundGeom rounds every coordinate of a (Multi)Polygon in place.
func roundGeom(g orb.Geometry, d int) orb.Geometry {
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			for i := range r {
				r[i] = roundPt(r[i], d)
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			roundGeom(p, d)
		}
	}
	return g
}

// contains tells whether pt lies inside a (Multi)Polygon.
func contains(g orb.Geometry, pt orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, pt)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, pt)
	}
	return false
}

// polygons returns the parts of an areal geometry.
func polygons(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

// segDistM is the distance from p to the segment a–b, all in plane metres.
func segDistM(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	x, y := a[0]+t*dx-p[0], a[1]+t*dy-p[1]
	return math.Hypot(x, y)
}

// projectOnSeg returns the point of a–b nearest to p and its parameter.
func projectOnSeg(p, a, b orb.Point) (orb.Point, float64) {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return orb.Point{a[0] + t*dx, a[1] + t*dy}, t
}

func distXY(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

// crossings returns the sorted x where the rings of a plane polygon cross
// the horizontal line y (even-odd rule).
func crossings(rings [][]orb.Point, y float64, xs []float64) []float64 {
	xs = xs[:0]
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
		if n := len(r); n > 1 && r[0] != r[n-1] {
			a, b := r[n-1], r[0]
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	sort.Float64s(xs)
	return xs
}

// latticeInside calls fn with the centre of every stepM cell of the plane
// lattice (centres at ((i+½)·step, (j+½)·step)) that falls inside the
// plane polygon, the same lattice the coverage engine samples villages on.
func latticeInside(rings [][]orb.Point, stepM float64, fn func(x, y float64)) {
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range rings[0] {
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
	}
	var xs []float64
	for j := int(math.Floor(minY/stepM - 0.5)); ; j++ {
		y := (float64(j) + 0.5) * stepM
		if y > maxY {
			break
		}
		if y < minY {
			continue
		}
		xs = crossings(rings, y, xs)
		for k := 0; k+1 < len(xs); k += 2 {
			for i := int(math.Ceil(xs[k]/stepM - 0.5)); ; i++ {
				x := (float64(i) + 0.5) * stepM
				if x >= xs[k+1] {
					break
				}
				fn(x, y)
			}
		}
	}
}

// lognormal draws exp(N(ln median, sigma²)).
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// pointGrid finds plane points near a position quickly.
type pointGrid struct {
	cell   float64
	minX   float64
	minY   float64
	nx, ny int
	start  []int32
	item   []int32
	pts    []orb.Point
}

func newPointGrid(pts []orb.Point, cell float64) *pointGrid {
	g := &pointGrid{cell: cell, pts: pts, minX: math.Inf(1), minY: math.Inf(1)}
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		g.minX, maxX = math.Min(g.minX, p[0]), math.Max(maxX, p[0])
		g.minY, maxY = math.Min(g.minY, p[1]), math.Max(maxY, p[1])
	}
	g.nx = int((maxX-g.minX)/cell) + 1
	g.ny = int((maxY-g.minY)/cell) + 1
	count := make([]int32, g.nx*g.ny+1)
	cells := make([]int32, len(pts))
	for i, p := range pts {
		c := g.cellOf(p)
		cells[i] = c
		count[c+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	g.start = append([]int32(nil), count...)
	g.item = make([]int32, len(pts))
	fill := append([]int32(nil), count[:len(count)-1]...)
	for i, c := range cells {
		g.item[fill[c]] = int32(i)
		fill[c]++
	}
	return g
}

func (g *pointGrid) cellOf(p orb.Point) int32 {
	i := int((p[0] - g.minX) / g.cell)
	j := int((p[1] - g.minY) / g.cell)
	return int32(j*g.nx + i)
}

// within calls fn for every point within r of c, in index order per cell.
func (g *pointGrid) within(c orb.Point, r float64, fn func(i int32)) {
	i0 := max(0, int((c[0]-r-g.minX)/g.cell))
	i1 := min(g.nx-1, int((c[0]+r-g.minX)/g.cell))
	j0 := max(0, int((c[1]-r-g.minY)/g.cell))
	j1 := min(g.ny-1, int((c[1]+r-g.minY)/g.cell))
	r2 := r * r
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			cell := j*g.nx + i
			for _, it := range g.item[g.start[cell]:g.start[cell+1]] {
				p := g.pts[it]
				dx, dy := p[0]-c[0], p[1]-c[1]
				if dx*dx+dy*dy <= r2 {
					fn(it)
				}
			}
		}
	}
}
