package siting

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/earth"
)

// ridge is flat ground at 0 m with a ridge of heightM between lonFrom and
// lonTo; profiles are sampled every 30 m.
type ridge struct{ heightM, lonFrom, lonTo float64 }

func (r ridge) Profile(a, b orb.Point) ([]float64, float64, error) {
	d := earth.DistanceM(a, b)
	n := max(int(math.Ceil(d/30))+1, 2)
	out := make([]float64, n)
	for i := range out {
		lon := a[0] + (b[0]-a[0])*float64(i)/float64(n-1)
		if lon >= r.lonFrom && lon <= r.lonTo {
			out[i] = r.heightM
		}
	}
	return out, d / float64(n-1), nil
}

// A village 1 km from two candidates, one behind a 300 m ridge: the
// distance models cannot tell them apart (the tie goes to the smaller
// ID, the one behind the ridge); the terrain models pick the one in
// sight, and Gains gives the shadowed one nothing. Over flat ground the
// terrain models tie like the others.
func TestTerrainModelsPlanAroundRidges(t *testing.T) {
	village := orb.Point{117.009, 0}
	cands := []Candidate{{ID: "A-west", Pos: orb.Point{117.0, 0}}, {ID: "B-east", Pos: orb.Point{117.018, 0}}}
	demand := []Demand{{Pos: village, Weight: 1000, Zone: 0}}
	r := ridge{heightM: 300, lonFrom: 117.0040, lonTo: 117.0050}
	flat := ridge{}
	for _, c := range []struct {
		model   coverage.Model
		terrain coverage.Profiler
		want    string
		gains   [2]float64
	}{
		{coverage.ModelRadius, nil, "A-west", [2]float64{1000, 1000}},
		{coverage.ModelHata, nil, "A-west", [2]float64{1000, 1000}},
		{coverage.ModelITM, flat, "A-west", [2]float64{1000, 1000}},
		{coverage.ModelLOSKED, flat, "A-west", [2]float64{1000, 1000}},
		{coverage.ModelITM, r, "B-east", [2]float64{0, 1000}},
		{coverage.ModelLOSKED, r, "B-east", [2]float64{0, 1000}},
	} {
		p := Params{K: 1, NewSite: coverage.Site{Tech: coverage.Tech4G, RadiusM: 3000, HeightM: 35},
			Coverage: coverage.Params{Model: c.model, Terrain: c.terrain}}
		plan, err := Solve(demand, nil, cands, p)
		if err != nil {
			t.Fatalf("%s: %v", c.model, err)
		}
		if len(plan.Picks) != 1 || plan.Picks[0].Candidate.ID != c.want {
			t.Errorf("%s over %+v: picks %+v, want %s", c.model, c.terrain, plan.Picks, c.want)
		}
		g, err := Gains(demand, nil, cands, p)
		if err != nil {
			t.Fatal(err)
		}
		if g[0] != c.gains[0] || g[1] != c.gains[1] {
			t.Errorf("%s over %+v: gains %v, want %v", c.model, c.terrain, g, c.gains)
		}
	}
}
