package siting_test

import (
	"fmt"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/kukarcli/kukarcli/pkg/siting"
	"github.com/paulmach/orb"
)

// Three hamlets on a river, metres east of a point near Tenggarong; the
// middle candidate reaches two of them but is not part of the best pair.
func ExampleSolve() {
	loc := earth.NewLocal(orb.Point{117, -0.45})
	at := func(x float64) orb.Point { return loc.Unproject(orb.Point{x, 0}) }
	demand := []siting.Demand{
		{Pos: at(-800), Weight: 400, Zone: 0}, {Pos: at(700), Weight: 400, Zone: 0},
		{Pos: at(1500), Weight: 100, Zone: 1},
		{Pos: at(2300), Weight: 400, Zone: 2}, {Pos: at(3800), Weight: 400, Zone: 2},
	}
	cands := []siting.Candidate{{ID: "X", Pos: at(0)}, {ID: "Y", Pos: at(3000)}, {ID: "Z", Pos: at(1500)}}
	plan, err := siting.Solve(demand, nil, cands, siting.Params{
		NewSite: coverage.Site{Tech: coverage.Tech4G, RadiusM: 1000}, K: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range plan.Picks {
		fmt.Printf("%d %s +%.0f = %.0f (%.2f) zones %v\n", p.Rank, p.Candidate.ID, p.GainWeight,
			p.CumulativeWeight, p.CumulativeShare, p.NewlyCoveredZones)
	}
	fmt.Printf("guarantee %.2f, optimum %.0f %v, gap %.3f\n", plan.GuaranteeRatio, *plan.ExactOptimum, plan.OptimalIDs, plan.Gap)
	// Output:
	// 1 Z +900 = 900 (0.53) zones [0 1 2]
	// 2 X +400 = 1300 (0.76) zones []
	// guarantee 0.75, optimum 1600 [X Y], gap 0.188
}
