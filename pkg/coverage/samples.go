package coverage

import (
	"github.com/paulmach/orb"
)

// TargetSamples are the points at which Evaluate judges one target.
type TargetSamples struct {
	Points []orb.Point
	// Weights of the points; nil when every point counts the same.
	Weights []float64
	// Line says the target is a line, its share one of length.
	Line bool
	// Problem says why the target cannot be judged; Points is then empty.
	Problem string
}

// Samples returns, for every target, the points at which Evaluate(sites,
// targets, settlements, p) judges it: the same lattice (which depends on
// the extent of the targets and the sites), the same settlements, the
// same pieces of lines. With JudgeSamples it lets a caller that knows
// which points a set of sites covers (CoveringSites) find the verdicts
// Evaluate would give, without running it: a planner adding sites one by
// one needs that for every step.
func Samples(sites []Site, targets []Target, settlements []WeightedPoint, p Params) ([]TargetSamples, error) {
	e, st, err := sampler(sites, targets, settlements, p)
	if err != nil {
		return nil, err
	}
	out := make([]TargetSamples, len(targets))
	parallel(len(targets), e.p.Workers, nil, func(i int, sc *scratch) {
		tp := e.sampleTarget(targets[i], st, sc)
		out[i] = TargetSamples{Points: tp.pts, Weights: tp.wts, Line: tp.line, Problem: tp.problem}
	})
	return out, nil
}

// TargetProblems says, for every target, why Evaluate(sites, targets,
// settlements, p) could not judge it ("" when it can), without judging
// any: the study area of blank-spot cells needs its zones checked as the
// targets are, not judged.
func TargetProblems(sites []Site, targets []Target, settlements []WeightedPoint, p Params) ([]string, error) {
	e, st, err := sampler(sites, targets, settlements, p)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(targets))
	parallel(len(targets), e.p.Workers, nil, func(i int, sc *scratch) {
		out[i] = e.sampleTarget(targets[i], st, sc).problem
	})
	return out, nil
}

// JudgeSamples is the verdict Evaluate gives a target whose sample points
// are covered as covered says (one flag per point of s): the weighted
// covered share and whether it reaches p.MinShare; a target judged at a
// single point (not a line) has share 1 or 0. The arithmetic is
// Evaluate's own, in the same order, so the results are equal bit for
// bit.
func JudgeSamples(s TargetSamples, covered []bool, p Params) (share float64, ok bool) {
	if s.Problem != "" || len(s.Points) == 0 {
		return 0, false
	}
	if len(s.Points) == 1 && !s.Line {
		if covered[0] {
			return 1, true
		}
		return 0, false
	}
	var total, cov float64
	for i := range s.Points {
		wt := 1.0
		if s.Weights != nil {
			wt = s.Weights[i]
		}
		total += wt
		if covered[i] {
			cov += wt
		}
	}
	if total > 0 {
		share = cov / total
	}
	min := p.MinShare
	if min == 0 {
		min = DefaultMinShare
	}
	return share, total > 0 && share >= min
}

// sampler is the engine Evaluate would build for these inputs, and its
// settlement index: what sampling the targets as it does needs.
func sampler(sites []Site, targets []Target, settlements []WeightedPoint, p Params) (*engine, *settlements, error) {
	w := warnCounter{}
	if err := p.normalise(w); err != nil {
		return nil, nil, err
	}
	var b bbox
	extent(&b, targets)
	e, err := newEngine(append([]Site(nil), sites...), p, w, b)
	if err != nil {
		return nil, nil, err
	}
	return e, e.settlementIndex(settlements, w), nil
}
