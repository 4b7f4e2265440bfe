package siting

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// maxSetEntries bounds the total size of the coverage sets (4 bytes an
// entry): past it the instance is too dense to plan in memory, and the
// caller should use fewer candidates or a model with a shorter reach.
const maxSetEntries = 1 << 28

// maxGridCells bounds the dense cell table of the demand index.
const maxGridCells = 1 << 22

// pointGrid is a bucket index of plane points, stored cell by cell.
type pointGrid struct {
	minX, minY, cellM float64
	nx, ny            int
	start             []int32 // cell c holds start[c]:start[c+1]
	item              []int32
	xy                []orb.Point
}

func newPointGrid(pts []orb.Point, cellM float64) *pointGrid {
	g := &pointGrid{cellM: cellM}
	if len(pts) == 0 {
		return g
	}
	b := orb.MultiPoint(pts).Bound()
	for {
		g.nx = int((b.Max[0]-b.Min[0])/g.cellM) + 1
		g.ny = int((b.Max[1]-b.Min[1])/g.cellM) + 1
		if float64(g.nx)*float64(g.ny) <= maxGridCells {
			break
		}
		g.cellM *= 2
	}
	g.minX, g.minY = b.Min[0], b.Min[1]
	g.start = make([]int32, g.nx*g.ny+1)
	cell := make([]int32, len(pts))
	for i, p := range pts {
		ix := min(int((p[0]-g.minX)/g.cellM), g.nx-1)
		iy := min(int((p[1]-g.minY)/g.cellM), g.ny-1)
		cell[i] = int32(iy*g.nx + ix)
		g.start[cell[i]+1]++
	}
	for c := 1; c < len(g.start); c++ {
		g.start[c] += g.start[c-1]
	}
	fill := slices.Clone(g.start[:len(g.start)-1])
	g.item = make([]int32, len(pts))
	g.xy = make([]orb.Point, len(pts))
	for i, p := range pts {
		at := fill[cell[i]]
		fill[cell[i]]++
		g.item[at] = int32(i)
		g.xy[at] = p
	}
	return g
}

// each calls fn for every stored point within plane distance r of (x, y).
func (g *pointGrid) each(x, y, r float64, fn func(item int32, dPlaneM float64)) {
	if g.nx == 0 {
		return
	}
	fx0 := math.Floor((x - r - g.minX) / g.cellM)
	fx1 := math.Floor((x + r - g.minX) / g.cellM)
	fy0 := math.Floor((y - r - g.minY) / g.cellM)
	fy1 := math.Floor((y + r - g.minY) / g.cellM)
	if fx1 < 0 || fy1 < 0 || fx0 >= float64(g.nx) || fy0 >= float64(g.ny) {
		return
	}
	i0, i1 := int(math.Max(fx0, 0)), int(math.Min(fx1, float64(g.nx-1)))
	j0, j1 := int(math.Max(fy0, 0)), int(math.Min(fy1, float64(g.ny-1)))
	r2 := r * r
	for j := j0; j <= j1; j++ {
		row := j * g.nx
		for k := g.start[row+i0]; k < g.start[row+i1+1]; k++ {
			dx, dy := g.xy[k][0]-x, g.xy[k][1]-y
			if d2 := dx*dx + dy*dy; d2 <= r2 {
				fn(g.item[k], math.Sqrt(d2))
			}
		}
	}
}

// sets are the candidates' coverage sets in compressed sparse rows: the
// set of candidate c is idx[off[c]:off[c+1]], ascending indices into the
// still-uncovered demand.
type sets struct {
	off []int64
	idx []int32
}

func (s *sets) of(c int) []int32 { return s.idx[s.off[c]:s.off[c+1]] }

// buildSets computes, for every candidate, which of the points pts
// (lon/lat of the still-uncovered demand) it covers under l. Candidates
// are split into chunks handed to workers; each chunk's rows are kept
// apart and joined in candidate order, so the result does not depend on
// the schedule.
func buildSets(pts []orb.Point, cands []Candidate, l *link, workers int) (*sets, error) {
	n := len(cands)
	out := &sets{off: make([]int64, n+1)}
	if len(pts) == 0 || !l.covers {
		return out, nil
	}
	if l.terrain {
		return terrainSets(pts, cands, l, workers)
	}
	var lat orb.Bound = orb.MultiPoint(pts).Bound()
	for _, c := range cands {
		lat = lat.Extend(c.Pos)
	}
	loc := earth.NewLocal(lat.Center())
	k := planeFactor(loc, lat.Min[1], lat.Max[1])
	xy := make([]orb.Point, len(pts))
	for i, p := range pts {
		xy[i] = loc.Project(p)
	}
	g := newPointGrid(xy, math.Max(l.reachM, 100))
	qr := l.reachM*k + 1

	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	const chunk = 64
	nChunks := (n + chunk - 1) / chunk
	type rows struct {
		size []int32
		idx  []int32
	}
	res := make([]rows, nChunks)
	var next, total atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(workers, max(nChunks, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []int32
			for !failed.Load() {
				ci := int(next.Add(1)) - 1
				if ci >= nChunks {
					return
				}
				r := rows{size: make([]int32, 0, chunk)}
				for c := ci * chunk; c < min((ci+1)*chunk, n); c++ {
					site := cands[c].Pos
					var mx, my float64
					if !l.omni {
						mx, my = earth.NewLocal(site).MetresPerDegree()
					}
					q := loc.Project(site)
					buf = buf[:0]
					g.each(q[0], q[1], qr, func(it int32, dp float64) {
						if l.coversAt(site, pts[it], mx, my, dp/k, dp*k+1e-3) {
							buf = append(buf, it)
						}
					})
					slices.Sort(buf)
					r.size = append(r.size, int32(len(buf)))
					r.idx = append(r.idx, buf...)
				}
				if total.Add(int64(len(r.idx))) > maxSetEntries {
					failed.Store(true)
					return
				}
				res[ci] = r
			}
		}()
	}
	wg.Wait()
	if failed.Load() {
		return nil, fmt.Errorf("siting: coverage sets exceed %d entries (%d candidates × %d demand points): %w",
			maxSetEntries, n, len(pts), ErrTooLarge)
	}
	out.idx = make([]int32, 0, total.Load())
	c := 0
	for _, r := range res {
		for _, s := range r.size {
			out.off[c+1] = out.off[c] + int64(s)
			c++
		}
		out.idx = append(out.idx, r.idx...)
	}
	return out, nil
}

// transpose returns, for every demand point, the candidates covering it.
func (s *sets) transpose(nPts int) *sets {
	t := &sets{off: make([]int64, nPts+1), idx: make([]int32, len(s.idx))}
	for _, q := range s.idx {
		t.off[q+1]++
	}
	for i := 1; i <= nPts; i++ {
		t.off[i] += t.off[i-1]
	}
	fill := slices.Clone(t.off[:nPts])
	for c := 0; c+1 < len(s.off); c++ {
		for _, q := range s.of(c) {
			t.idx[fill[q]] = int32(c)
			fill[q]++
		}
	}
	return t
}

// terrainSets builds the sets of a terrain model: the template is put at
// every candidate and coverage.CoveringSites judges each link over the
// terrain, as coverage.Evaluate would; its lists per demand point are
// turned into lists per candidate.
func terrainSets(pts []orb.Point, cands []Candidate, l *link, workers int) (*sets, error) {
	sites := make([]coverage.Site, len(cands))
	for i, c := range cands {
		s := l.tmpl
		s.Pos, s.ID = c.Pos, c.ID
		sites[i] = s
	}
	p := l.params
	p.Workers = workers
	byPoint, _, err := coverage.CoveringSites(sites, pts, p)
	if err != nil {
		return nil, fmt.Errorf("siting: %w", err)
	}
	t := &sets{off: make([]int64, len(pts)+1)}
	for i, cs := range byPoint {
		t.off[i+1] = t.off[i] + int64(len(cs))
		if t.off[i+1] > maxSetEntries {
			return nil, fmt.Errorf("siting: coverage sets exceed %d entries (%d candidates × %d demand points): %w",
				maxSetEntries, len(cands), len(pts), ErrTooLarge)
		}
	}
	t.idx = make([]int32, 0, t.off[len(pts)])
	for _, cs := range byPoint {
		t.idx = append(t.idx, cs...)
	}
	return t.transpose(len(cands)), nil
}
