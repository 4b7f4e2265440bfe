package access

import (
	"math"
	"sort"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// plane is the metric plane (earth.Local at the data's centre) the
// spatial indexes live in, with factor bounding how much it can overstate
// a true distance anywhere in the data (longitude scale grows away from
// the origin's latitude; 2 % covers the ellipsoid's curvature terms).
type plane struct {
	loc    earth.Local
	factor float64
}

func newPlane(b orb.Bound) plane {
	c := b.Center()
	maxLat := math.Min(89, math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1])))
	f := math.Cos(c[1]*math.Pi/180) / math.Cos(maxLat*math.Pi/180)
	return plane{loc: earth.NewLocal(c), factor: 1.02 * math.Max(1, f)}
}

func (pl plane) cellXY(p orb.Point, cellM float64) (int64, int64) {
	q := pl.loc.Project(p)
	return int64(math.Floor(q[0] / cellM)), int64(math.Floor(q[1] / cellM))
}

func packCell(cx, cy int64) uint64 {
	return uint64(cx+1<<31)<<32 | uint64(cy+1<<31)&(1<<32-1)
}

func (pl plane) cellKey(p orb.Point, cellM float64) uint64 {
	return packCell(pl.cellXY(p, cellM))
}

// segIndex is a uniform grid over the segments of the line edges, stored
// as CSR (cell offsets, segment ids); a segment is listed in every cell
// its bounding box touches. Segments spanning more than maxCells cells
// (long straight ferry crossings) go to a list checked on every query, so
// that one long segment cannot blow up the grid.
type segIndex struct {
	pl     plane
	cellM  float64
	x0, y0 int64 // cell coordinates of the grid's first cell
	w, h   int64
	off    []int32
	ids    []int32
	long   []int32
	// Segment ids number the segments of the line edges in order: edge e
	// starts at segment e + geomOff[e] (every edge has one segment more
	// than inner vertices), so no table of starts is needed.
	geomOff []int32 // the graph's
	nLines  int32
}

const maxCells = 64

func (ix *segIndex) sizeBytes() int64 {
	return int64(len(ix.off)+len(ix.ids)+len(ix.long)) * 4
}

func buildSegIndex(g *Graph) segIndex {
	var ix segIndex
	ne := g.nLines
	ix.geomOff, ix.nLines = g.geomOff, ne
	nSeg := int64(ix.segStart(ne))
	if nSeg == 0 {
		return ix
	}
	b := orb.Bound{Min: g.node(0), Max: g.node(0)}
	for i := range g.nodes {
		b = b.Extend(g.node(int32(i)))
	}
	for _, p := range g.pts {
		b = b.Extend(p)
	}
	ix.pl = newPlane(b)
	lo, hi := ix.pl.loc.Project(b.Min), ix.pl.loc.Project(b.Max)
	wM, hM := hi[0]-lo[0], hi[1]-lo[1]
	var sumM float64
	step := max(1, nSeg/100000)
	var nSample int64
	for s := int64(0); s < nSeg; s += step {
		e, j := ix.edgeOf(int32(s))
		a, c := ix.pl.loc.Project(g.segPt(e, j)), ix.pl.loc.Project(g.segPt(e, j+1))
		sumM += math.Hypot(c[0]-a[0], c[1]-a[1])
		nSample++
	}
	// Cells of twice the mean segment keep most segments in one or two
	// cells; at most one cell per two segments keeps the offsets small.
	ix.cellM = math.Max(20, 2*sumM/float64(nSample))
	for {
		ix.w = int64(wM/ix.cellM) + 2
		ix.h = int64(hM/ix.cellM) + 2
		if ix.w*ix.h <= nSeg/2+1024 {
			break
		}
		ix.cellM *= 1.5
	}
	ix.x0, ix.y0 = ix.pl.cellXY(b.Min, ix.cellM)
	ix.off = make([]int32, ix.w*ix.h+1)
	// Two passes over the same cell ranges: count, then fill.
	// Each vertex's cell, projected once (a node ends several segments,
	// and both passes below need them).
	type cxy struct{ x, y int32 }
	cellsOf := func(n int, pt func(i int) orb.Point) []cxy {
		out := make([]cxy, n)
		parallelRange(n, g.params.Workers, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				x, y := ix.pl.cellXY(pt(i), ix.cellM)
				out[i] = cxy{int32(x - ix.x0), int32(y - ix.y0)}
			}
		})
		return out
	}
	nodeCell := cellsOf(len(g.nodes), func(i int) orb.Point { return g.node(int32(i)) })
	ptCell := cellsOf(len(g.pts), func(i int) orb.Point { return g.pts[i] })
	segCell := func(e, j int32) cxy {
		switch j {
		case 0:
			return nodeCell[g.edges[e].u]
		case g.segCount(e):
			return nodeCell[g.edges[e].v]
		}
		return ptCell[g.geomOff[e]+j-1]
	}
	// visit calls fn for every cell of every segment of edges [e0, e1),
	// and longFn instead for a segment spanning too many cells.
	visit := func(e0, e1 int32, fn func(cell int64, s int32), longFn func(s int32)) {
		for e := e0; e < e1; e++ {
			n := g.segCount(e)
			for j := int32(0); j < n; j++ {
				ca, cb := segCell(e, j), segCell(e, j+1)
				ax, ay, bx, by := int64(ca.x), int64(ca.y), int64(cb.x), int64(cb.y)
				if ax > bx {
					ax, bx = bx, ax
				}
				if ay > by {
					ay, by = by, ay
				}
				ax, bx = max(ax, 0), min(bx, ix.w-1)
				ay, by = max(ay, 0), min(by, ix.h-1)
				if (bx-ax+1)*(by-ay+1) > maxCells {
					longFn(ix.segStart(e) + j)
					continue
				}
				for x := ax; x <= bx; x++ {
					for y := ay; y <= by; y++ {
						fn(y*ix.w+x, ix.segStart(e)+j)
					}
				}
			}
		}
	}
	// The edges are split in pieces, one per core, each counting its
	// segments per cell; a cell then lists the first piece's segments,
	// then the second's, and so on. Segment ids grow along the edges, so
	// each cell's list is sorted: candidates are met in a fixed order.
	nPiece := 1
	if g.params.Workers > 1 && nSeg >= 1<<16 {
		nPiece = g.params.Workers
	}
	bounds := make([]int32, nPiece+1)
	for k := 1; k < nPiece; k++ {
		want := int32(nSeg * int64(k) / int64(nPiece))
		bounds[k] = int32(sort.Search(int(ne), func(e int) bool { return ix.segStart(int32(e)) >= want }))
	}
	bounds[nPiece] = ne
	cells := int(ix.w * ix.h)
	at := make([][]int32, nPiece) // per piece: its count, then its next slot, per cell
	long := make([][]int32, nPiece)
	parallelEach(nPiece, nPiece, func(k int) {
		cnt := make([]int32, cells)
		visit(bounds[k], bounds[k+1], func(c int64, _ int32) { cnt[c]++ }, func(int32) {})
		at[k] = cnt
	})
	for c := 0; c < cells; c++ {
		pos := ix.off[c]
		for k := range nPiece {
			n := at[k][c]
			at[k][c] = pos
			pos += n
		}
		ix.off[c+1] = pos
	}
	ix.ids = make([]int32, ix.off[cells])
	parallelEach(nPiece, nPiece, func(k int) {
		next := at[k]
		visit(bounds[k], bounds[k+1], func(c int64, s int32) { ix.ids[next[c]] = s; next[c]++ },
			func(id int32) { long[k] = append(long[k], id) })
	})
	for _, l := range long {
		ix.long = append(ix.long, l...)
	}
	return ix
}

// edgeOf maps a segment id to its edge and the segment's index in it.
func (ix *segIndex) edgeOf(s int32) (int32, int32) {
	if s < ix.nLines && ix.geomOff[s] == 0 {
		return s, 0 // no inner vertex before: segment s is edge s
	}
	// The last edge starting at or before s (starts strictly increase).
	lo, hi := int32(0), ix.nLines
	for hi-lo > 1 {
		m := int32(uint32(lo+hi) >> 1)
		if ix.segStart(m) <= s {
			lo = m
		} else {
			hi = m
		}
	}
	return lo, s - ix.segStart(lo)
}

// segStart is the id of edge e's first segment.
func (ix *segIndex) segStart(e int32) int32 { return e + ix.geomOff[e] }

// Snap is a point's nearest place on the network.
type Snap struct {
	Edge int
	// Fraction is the position along the edge from its From node, by
	// length (0 at From, 1 at To).
	Fraction float64
	// Point is the snapped position on the edge.
	Point orb.Point
	// SnapM is the geodesic distance from the query point to Point.
	SnapM float64
	Kind  Mode
}

// layer masks for snapping.
const (
	layerLand  = 1
	layerWater = 2
	layerAny   = layerLand | layerWater
)

func layerOf(m Mode) uint8 {
	if m.water() {
		return layerWater
	}
	return layerLand
}

// Snap returns the nearest point on any edge within maxSnapM of p: the
// projection onto the nearest segment, not just the nearest vertex.
func (g *Graph) Snap(p orb.Point, maxSnapM float64) (Snap, bool) {
	return g.snap(p, maxSnapM, layerAny)
}

func (g *Graph) snap(p orb.Point, maxSnapM float64, layers uint8) (Snap, bool) {
	ix := &g.idx
	if len(ix.off) == 0 || !validPoint(p) || !(maxSnapM >= 0) {
		return Snap{}, false
	}
	if layers == layerWater && !g.hasWtr || layers == layerLand && !g.hasLand {
		return Snap{}, false
	}
	// Candidates are compared in a plane fitted at p itself, so the
	// comparison is accurate wherever p is.
	mx, my := earth.NewLocal(p).MetresPerDegree()
	bestSeg, bestT, bestD2 := int32(-1), 0.0, math.Inf(1)
	try := func(s int32) {
		e, j := ix.edgeOf(s)
		if layerOf(g.kind(g.edges[e]))&layers == 0 {
			return
		}
		a, b := g.segPt(e, j), g.segPt(e, j+1)
		ax, ay := (a[0]-p[0])*mx, (a[1]-p[1])*my
		bx, by := (b[0]-p[0])*mx, (b[1]-p[1])*my
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
		}
		x, y := ax+t*dx, ay+t*dy
		d2 := x*x + y*y
		if d2 < bestD2 || d2 == bestD2 && s < bestSeg {
			bestSeg, bestT, bestD2 = s, t, d2
		}
	}
	for _, s := range ix.long {
		try(s)
	}
	q := ix.pl.loc.Project(p)
	cx, cy := ix.pl.cellXY(p, ix.cellM)
	// The ring of cells searched at step k holds every point within
	// k cells plus p's distance to the edge of its own cell.
	fx, fy := q[0]-float64(cx)*ix.cellM, q[1]-float64(cy)*ix.cellM
	margin := math.Max(0, math.Min(math.Min(fx, ix.cellM-fx), math.Min(fy, ix.cellM-fy)))
	cx -= ix.x0
	cy -= ix.y0
	// gap is the distance across the cells between p's cell and one i
	// cells away, along an axis where p is f into its own cell. A cell
	// farther from p than the best candidate so far (by the plane's worst
	// overstatement) is skipped: each segment is also listed in the cell
	// of its point nearest p, so a segment it holds that could win is
	// met there. The winner, the least (distance, segment), is the same
	// whichever cells are skipped.
	gap := func(i int64, f float64) float64 {
		switch {
		case i > 0:
			return float64(i)*ix.cellM - f
		case i < 0:
			return f - float64(i+1)*ix.cellM
		}
		return 0
	}
	f2 := ix.pl.factor * ix.pl.factor
	limit := maxSnapM * 1.001 // the plane at p is not the geodesic
	for k := int64(0); ; k++ {
		for x := cx - k; x <= cx+k; x++ {
			if x < 0 || x >= ix.w {
				continue
			}
			gx := gap(x-cx, fx)
			stepY := int64(1)
			if x != cx-k && x != cx+k {
				stepY = 2 * k // only the ring's top and bottom rows
			}
			for y := cy - k; y <= cy+k; y += max(stepY, 1) {
				if y < 0 || y >= ix.h {
					continue
				}
				if gy := gap(y-cy, fy); gx*gx+gy*gy > bestD2*f2 {
					continue
				}
				c := y*ix.w + x
				for _, s := range ix.ids[ix.off[c]:ix.off[c+1]] {
					try(s)
				}
			}
		}
		reach := (float64(k)*ix.cellM + margin) / ix.pl.factor
		if math.Sqrt(bestD2) <= reach || reach > limit ||
			cx-k <= 0 && cy-k <= 0 && cx+k >= ix.w-1 && cy+k >= ix.h-1 {
			break
		}
	}
	if bestSeg < 0 || math.Sqrt(bestD2) > limit {
		return Snap{}, false
	}
	e, j := ix.edgeOf(bestSeg)
	a, b := g.segPt(e, j), g.segPt(e, j+1)
	pt := orb.Point{a[0] + bestT*(b[0]-a[0]), a[1] + bestT*(b[1]-a[1])}
	snapM := earth.DistanceM(p, pt)
	if snapM > maxSnapM {
		return Snap{}, false
	}
	// Fraction by length; segment lengths from a plane at each segment's
	// midpoint agree with the geodesic to ~1e-8 on segments of a few km.
	var before, total float64
	n := g.segCount(e)
	for i := int32(0); i < n; i++ {
		l := planeLenM(g.segPt(e, i), g.segPt(e, i+1))
		if i < j {
			before += l
		} else if i == j {
			before += bestT * l
		}
		total += l
	}
	f := 0.0
	if total > 0 {
		f = math.Max(0, math.Min(1, before/total))
	}
	return Snap{Edge: int(e), Fraction: f, Point: pt, SnapM: snapM, Kind: g.kind(g.edges[e])}, true
}

func planeLenM(a, b orb.Point) float64 {
	mx, my := earth.NewLocal(orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}).MetresPerDegree()
	return math.Hypot((b[0]-a[0])*mx, (b[1]-a[1])*my)
}
