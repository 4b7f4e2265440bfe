package siting

import (
	"fmt"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/paulmach/orb"
)

// Existing reports which demand points the existing sites already cover,
// with coverage.Evaluate itself, so "already served" means exactly what
// the coverage command says. The warnings are Evaluate's.
func Existing(sites []coverage.Site, demand []Demand, p coverage.Params) ([]bool, []coverage.Warning, error) {
	covered := make([]bool, len(demand))
	targets := make([]coverage.Target, len(demand))
	for i, d := range demand {
		if !lonLatOK(d.Pos) {
			return nil, nil, bad("demand %d: position (%v, %v) is not a longitude/latitude", i, d.Pos[0], d.Pos[1])
		}
		targets[i] = coverage.Target{Geometry: orb.Point(d.Pos), Population: d.Weight}
	}
	if len(sites) == 0 || len(demand) == 0 {
		return covered, nil, nil
	}
	res, sum, err := coverage.Evaluate(sites, targets, nil, p)
	if err != nil {
		return nil, nil, fmt.Errorf("siting: existing sites: %w", err)
	}
	for i, r := range res {
		if r.Problem != "" {
			return nil, nil, bad("demand %d: %s", i, r.Problem)
		}
		covered[i] = r.Covered
	}
	return covered, sum.Warnings, nil
}
