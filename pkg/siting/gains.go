package siting

import "github.com/paulmach/orb"

// Gains returns, for each candidate, the demand weight it alone would
// newly cover: the greedy's first-step marginal gains. rank uses it for a
// village's "population served per new site", so that number comes from
// the same model and the same coverage sets as plan.
func Gains(demand []Demand, alreadyCovered []bool, cands []Candidate, p Params) ([]float64, error) {
	out := make([]float64, len(cands))
	if len(cands) == 0 {
		return out, nil
	}
	if p.K == 0 && p.TargetShare == 0 {
		p.K = 1
	}
	if err := validate(demand, alreadyCovered, cands, &p); err != nil {
		return nil, err
	}
	l, _, err := newLink(p.NewSite, cands[0].Pos, p.Coverage)
	if err != nil {
		return nil, err
	}
	var pts []orb.Point
	var w []float64
	for i, d := range demand {
		if alreadyCovered != nil && alreadyCovered[i] {
			continue
		}
		pts = append(pts, d.Pos)
		w = append(w, d.Weight)
	}
	s, err := buildSets(pts, cands, nil, &l, p.Workers)
	if err != nil {
		return nil, err
	}
	for c := range cands {
		for _, q := range s.of(c) {
			out[c] += w[q]
		}
	}
	return out, nil
}
