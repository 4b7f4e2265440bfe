package coverage

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// Evaluate judges every target against the sites and returns one Result
// per target, in input order, and the run's Summary. settlements may be
// nil; when given, a polygon containing settlement points is judged at
// those points weighted by population instead of on a grid.
//
// A site that is unusable after defaults (non-finite position, missing
// technology, …) is an error naming its index and id; a target with a
// missing or invalid geometry gets a Result with Problem set. Results do
// not depend on p.Workers.
func Evaluate(sites []Site, targets []Target, settlements []WeightedPoint, p Params) ([]Result, Summary, error) {
	w := warnCounter{}
	if err := p.normalise(w); err != nil {
		return nil, Summary{}, err
	}
	var b bbox
	extent(&b, targets)
	e, err := newEngine(append([]Site(nil), sites...), p, w, b)
	if err != nil {
		return nil, Summary{}, err
	}
	st := e.settlementIndex(settlements, w)

	results := make([]Result, len(targets))
	if e.useSweeps() {
		w.merge(e.evalSwept(targets, st, results))
	} else {
		w.merge(parallel(len(targets), p.Workers, p.Progress, func(i int, sc *scratch) {
			results[i] = e.evalTarget(targets[i], st, sc)
		}))
	}

	sum := Summary{Model: p.Model, Environment: p.Environment, Techs: e.techs, Sites: len(sites),
		SitesByTech: make([]int, len(e.techs)), CoveredByTech: make([]int, len(e.techs)), Targets: len(targets)}
	for _, s := range e.sites {
		sum.SitesByTech[s.tech]++
	}
	for i, r := range results {
		if r.Problem != "" {
			sum.Skipped++
			w.add(WarnBadTarget, 1)
			continue
		}
		sum.Samples += r.Samples
		pop := targets[i].Population
		if !(finite(pop) && pop > 0) {
			pop = 0
		}
		sum.Population += pop
		if r.Covered {
			sum.Covered++
			sum.PopulationCovered += pop
		}
		for k, c := range r.ByTech {
			if c {
				sum.CoveredByTech[k]++
			}
		}
	}
	sum.Warnings = w.list()
	return results, sum, nil
}

// settlements is the index of usable settlement points.
type settlements struct {
	g      grid
	weight []float64
}

func (e *engine) settlementIndex(pts []WeightedPoint, w warnCounter) *settlements {
	if len(pts) == 0 {
		return nil
	}
	st := &settlements{}
	var xy []orb.Point
	for _, s := range pts {
		if !finite(s.Pos[0]) || !finite(s.Pos[1]) || math.Abs(s.Pos[0]) > 180 || math.Abs(s.Pos[1]) > 90 ||
			math.IsInf(s.Weight, 0) || s.Weight < 0 {
			w.add(WarnSettlementSkip, 1)
			continue
		}
		wt := s.Weight
		if math.IsNaN(wt) {
			wt = 0 // unknown population: a sample point of no weight
		}
		xy = append(xy, e.loc.Project(s.Pos))
		st.weight = append(st.weight, wt)
	}
	if len(xy) == 0 {
		return nil
	}
	st.g = newGrid(xy, nearestCell(xy))
	return st
}

// inside returns, in input order, the settlements inside the polygons.
func (st *settlements) inside(polys []planePoly, out []int32) []int32 {
	out = out[:0]
	if st == nil {
		return out
	}
	for _, pp := range polys {
		minX, minY, maxX, maxY := pp.bound()
		cx, cy := (minX+maxX)/2, (minY+maxY)/2
		i0, i1, j0, j1, ok := st.g.span(cx, cy, math.Max(maxX-minX, maxY-minY)/2)
		if !ok {
			continue
		}
		for j := j0; j <= j1; j++ {
			row := j * st.g.nx
			for at := st.g.start[row+i0]; at < st.g.start[row+i1+1]; at++ {
				q := st.g.xy[at]
				if q[0] < minX || q[0] > maxX || q[1] < minY || q[1] > maxY || !pp.contains(q) {
					continue
				}
				out = append(out, at)
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return st.g.item[out[a]] < st.g.item[out[b]] })
	// A point on the shared edge of two parts of a MultiPolygon counts once.
	uniq := out[:0]
	for i, at := range out {
		if i == 0 || st.g.item[at] != st.g.item[out[i-1]] {
			uniq = append(uniq, at)
		}
	}
	return uniq
}

func (e *engine) problem(msg string) Result {
	return Result{DistanceM: math.NaN(), SignalDBm: math.NaN(), ClearanceM: math.NaN(), ByTech: make([]bool, len(e.techs)), Problem: msg}
}

// evalTarget samples and judges one target.
func (e *engine) evalTarget(t Target, st *settlements, sc *scratch) Result {
	sc.err = nil
	r := e.evalTargetSamples(t, st, sc)
	if sc.err != nil {
		// the terrain could not be read on some path (a missing DEM tile):
		// the target is not judged rather than judged over sea level
		return e.problem(sc.err.Error())
	}
	return r
}

// targetPoints are the points at which a target is judged: Weights nil
// for equal weights; Line for a line (its share is of length); Single
// for a target judged at one point (a point, a zero-length line).
type targetPoints struct {
	pts      []orb.Point
	wts      []float64
	line     bool
	single   bool
	weighted bool // the samples are the settlements inside a polygon
	lengthM  float64
	problem  string
}

// sampleTarget finds where a target is judged: a point at itself, a line
// at the middles of pieces of at most SampleM, a polygon at the
// settlements inside it or else the centres of the SampleM lattice cells
// inside it (one interior point when it is smaller than a cell).
func (e *engine) sampleTarget(t Target, st *settlements, sc *scratch) targetPoints {
	if t.Geometry == nil {
		return targetPoints{problem: "no geometry"}
	}
	if err := checkCoords(t.Geometry); err != nil {
		return targetPoints{problem: err.Error()}
	}
	switch g := t.Geometry.(type) {
	case orb.Point:
		return targetPoints{pts: []orb.Point{g}, single: true}
	case orb.MultiPoint:
		if len(g) == 0 {
			return targetPoints{problem: "empty MultiPoint"}
		}
		return targetPoints{pts: append([]orb.Point(nil), g...), single: len(g) == 1}
	case orb.LineString, orb.MultiLineString:
		var lines []orb.LineString
		if l, ok := g.(orb.LineString); ok {
			lines = []orb.LineString{l}
		} else {
			lines = g.(orb.MultiLineString)
		}
		pts, wts, length := lineSamples(lines, e.p.SampleM)
		if len(pts) == 0 {
			for _, l := range lines {
				if len(l) > 0 {
					// A line of zero length is judged as its point.
					return targetPoints{pts: []orb.Point{l[0]}, single: true}
				}
			}
			return targetPoints{problem: "empty line"}
		}
		return targetPoints{pts: pts, wts: wts, line: true, lengthM: length}
	}
	polys := polygonsOf(t.Geometry)
	if polys == nil {
		return targetPoints{problem: fmt.Sprintf("unsupported geometry type %s", t.Geometry.GeoJSONType())}
	}
	pps := e.project(polys)
	if len(pps) == 0 {
		return targetPoints{problem: "polygon without rings"}
	}
	if st != nil {
		sc.idx = st.inside(pps, sc.idx[:0])
		if len(sc.idx) > 0 {
			tp := targetPoints{pts: make([]orb.Point, len(sc.idx)), wts: make([]float64, len(sc.idx)), weighted: true}
			total := 0.0
			for i, at := range sc.idx {
				tp.pts[i] = e.loc.Unproject(st.g.xy[at])
				tp.wts[i] = st.weight[st.g.item[at]]
				total += tp.wts[i]
			}
			if total == 0 {
				tp.wts = nil // no population known: every settlement counts the same
			}
			tp.single = len(tp.pts) == 1
			return tp
		}
	}
	step := e.p.SampleM
	var area float64
	for _, pp := range pps {
		minX, minY, maxX, maxY := pp.bound()
		area += (maxX - minX + step) * (maxY - minY + step)
	}
	if area/(step*step) > maxSamplesPerItem {
		step = math.Sqrt(area / maxSamplesPerItem)
		sc.w.add(WarnSampleSpacing, 1)
	}
	var pts []orb.Point
	var xs []float64
	for _, pp := range pps {
		xs = pp.cellsInside(step, xs, func(i, j int) {
			pts = append(pts, e.loc.Unproject(orb.Point{(float64(i) + 0.5) * step, (float64(j) + 0.5) * step}))
		})
	}
	if len(pts) == 0 {
		// Smaller than a cell: judge it at one interior point of its
		// largest part.
		bi, ba := -1, 0.0
		for i, pp := range pps {
			if a := pp.areaM2(); a > ba {
				bi, ba = i, a
			}
		}
		if bi < 0 {
			return targetPoints{problem: "polygon has no area"}
		}
		q, ok := pps[bi].interiorPoint()
		if !ok {
			return targetPoints{problem: "polygon has no interior"}
		}
		pts = append(pts, e.loc.Unproject(q))
	}
	return targetPoints{pts: pts, single: len(pts) == 1}
}

func (e *engine) evalTargetSamples(t Target, st *settlements, sc *scratch) Result {
	var tp targetPoints
	if p, ok := t.Geometry.(orb.Point); ok && checkCoords(p) == nil {
		// a point is its own sample: no list made for it
		sc.one[0] = p
		tp = targetPoints{pts: sc.one[:], single: true}
	} else if tp = e.sampleTarget(t, st, sc); tp.problem != "" {
		return e.problem(tp.problem)
	}
	ss := sc.ss[:0]
	for _, p := range tp.pts {
		ss = append(ss, e.evalPoint(p, sc))
	}
	sc.ss = ss
	r := e.aggregate(ss, tp.wts, tp.line, sc)
	if tp.line {
		r.LengthM = tp.lengthM
		r.CoveredLengthM = r.CoveredShare * tp.lengthM
	}
	r.Weighted = tp.weighted
	return r
}

// evalSwept is Evaluate for the terrain models judged site by site: the
// targets are sampled, every sample judged against every site at once
// (judgeSites), then each target's samples are aggregated.
func (e *engine) evalSwept(targets []Target, st *settlements, results []Result) warnCounter {
	tps := make([]targetPoints, len(targets))
	w := parallel(len(targets), e.p.Workers, nil, func(i int, sc *scratch) {
		tps[i] = e.sampleTarget(targets[i], st, sc)
	})
	off := make([]int, len(targets)+1)
	for i := range tps {
		off[i+1] = off[i] + len(tps[i].pts)
	}
	flat := make([]orb.Point, 0, off[len(targets)])
	for i := range tps {
		flat = append(flat, tps[i].pts...)
	}
	acc := e.judgeSites(flat, false, len(targets))
	w.merge(parallel(len(targets), e.p.Workers, nil, func(i int, sc *scratch) {
		tp := &tps[i]
		if tp.problem != "" {
			results[i] = e.problem(tp.problem)
			return
		}
		ss := sc.ss[:0]
		for j, pt := range tp.pts {
			a := &acc[off[i]+j]
			if a.err != nil {
				// as evalTarget: the terrain could not be read on some path
				results[i] = e.problem(a.err.Error())
				return
			}
			ss = append(ss, e.accSample(a, pt))
		}
		sc.ss = ss
		r := e.aggregate(ss, tp.wts, tp.line, sc)
		if tp.line {
			r.LengthM = tp.lengthM
			r.CoveredLengthM = r.CoveredShare * tp.lengthM
		}
		r.Weighted = tp.weighted
		results[i] = r
	}))
	return w
}

// betterSample orders samples for "best": covered first, then the
// strongest signal (models) or the nearest serving site (radius), then
// the nearest site; earlier samples win ties.
func betterSample(a, b *sample) bool {
	if a.covered != b.covered {
		return a.covered
	}
	if a.best >= 0 != (b.best >= 0) {
		return a.best >= 0
	}
	if !math.IsNaN(a.signalDBm) && a.signalDBm != b.signalDBm {
		return a.signalDBm > b.signalDBm
	}
	if a.best >= 0 && a.bestDistM != b.bestDistM {
		return a.bestDistM < b.bestDistM
	}
	return a.nearestM < b.nearestM
}

// aggregate combines samples with weights (nil: equal weights).
func (e *engine) aggregate(ss []sample, wts []float64, line bool, sc *scratch) Result {
	r := Result{Samples: len(ss), ByTech: sc.byTech(len(e.techs)), SignalDBm: math.NaN(), DistanceM: math.NaN()}
	best := 0
	var total, cov float64
	techCov := append(sc.techCov[:0], make([]float64, len(e.techs))...)
	sc.techCov = techCov
	for i := range ss {
		s := &ss[i]
		wt := 1.0
		if wts != nil {
			wt = wts[i]
		}
		total += wt
		if s.covered {
			cov += wt
		}
		for k := range e.techs {
			if s.techMask&(1<<k) != 0 {
				techCov[k] += wt
			}
		}
		if i > 0 && betterSample(s, &ss[best]) {
			best = i
		}
		if !math.IsNaN(s.nearestM) && !(s.nearestM >= r.DistanceM) {
			r.DistanceM = s.nearestM
		}
	}
	b := &ss[best]
	r.ClearanceM = math.NaN()
	if b.best >= 0 {
		r.BestSite = e.sites[b.best].id
		r.BestTech = e.techs[e.sites[b.best].tech]
		r.SignalDBm = b.signalDBm
		if e.p.Model.terrain() {
			r.Mode, r.ClearanceM = b.mode, b.clearM
		}
	}
	r.NSites = int(b.nSites)
	single := len(ss) == 1 && !line
	if total > 0 {
		r.CoveredShare = cov / total
	}
	if single {
		r.Covered = b.covered
		r.CoveredShare = 0
		if b.covered {
			r.CoveredShare = 1
		}
		for k := range e.techs {
			r.ByTech[k] = b.techMask&(1<<k) != 0
		}
		return r
	}
	r.Covered = total > 0 && r.CoveredShare >= e.p.MinShare
	for k := range e.techs {
		r.ByTech[k] = total > 0 && techCov[k]/total >= e.p.MinShare
	}
	return r
}
