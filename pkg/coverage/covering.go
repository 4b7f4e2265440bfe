package coverage

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// CoveringSites returns, for every point, the indices of the sites that
// cover it, ascending. Each link is decided as Evaluate decides a point
// target (the same defaults, models, terrain profiles, sector patterns
// and thresholds); where Evaluate keeps only the best site, this keeps
// every covering one, as planning needs when it weighs candidate sites
// against each other. Points with invalid coordinates get no sites.
//
// The error names the first point whose terrain could not be read (a
// missing DEM tile): a plan should not rest on links judged over sea
// level. Results do not depend on p.Workers.
func CoveringSites(sites []Site, points []orb.Point, p Params) ([][]int32, []Warning, error) {
	w := warnCounter{}
	if err := p.normalise(w); err != nil {
		return nil, nil, err
	}
	var b bbox
	for _, pt := range points {
		b.add(pt) // skips invalid coordinates
	}
	e, err := newEngine(append([]Site(nil), sites...), p, w, b)
	if err != nil {
		return nil, nil, err
	}
	out := make([][]int32, len(points))
	errs := make([]error, len(points))
	if e.useSweeps() {
		var ok []int
		var pts []orb.Point
		for i, pt := range points {
			if checkCoords(pt) == nil {
				ok = append(ok, i)
				pts = append(pts, pt)
			}
		}
		acc := e.judgeSites(pts, true, 0)
		for k, i := range ok {
			a := &acc[k]
			if a.err != nil {
				return nil, nil, fmt.Errorf("coverage: point %d (%v): %w", i, points[i], a.err)
			}
			var set []int32
			for _, si := range a.covering {
				set = append(set, int32(e.sites[si].idx))
			}
			slices.Sort(set)
			out[i] = set
		}
		return out, w.list(), nil
	}
	w.merge(parallel(len(points), p.Workers, nil, func(i int, sc *scratch) {
		pt := points[i]
		if checkCoords(pt) != nil {
			return
		}
		sc.err = nil
		e.evalPoint(pt, sc)
		if sc.err != nil {
			errs[i] = sc.err
			return
		}
		var set []int32
		for _, c := range sc.cand {
			if c.cov {
				set = append(set, int32(e.sites[c.site].idx))
			}
		}
		slices.Sort(set)
		out[i] = set
	}))
	for i, err := range errs {
		if err != nil {
			return nil, nil, fmt.Errorf("coverage: point %d (%v): %w", i, points[i], err)
		}
	}
	return out, w.list(), nil
}
