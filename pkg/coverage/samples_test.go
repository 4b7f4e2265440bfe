package coverage

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// Samples with JudgeSamples give Evaluate's verdicts bit for bit:
// polygons (lattice and single interior point), polygons holding
// settlements, lines, points and multipoints, for every model, with the
// points' coverage taken from CoveringSites. Adding sites one at a time
// and judging the union of their covered points matches a new Evaluate
// with those sites, the way a planner accounts for its picks.
func TestSamplesJudgeMatchesEvaluate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 17))
	var sites []Site
	for i := 0; i < 10; i++ {
		sites = append(sites, Site{ID: string(rune('A' + i)), Pos: orb.Point{117 + rng.Float64()*0.08, rng.Float64() * 0.08},
			Tech: []Tech{Tech2G, Tech4G}[i%2], RadiusM: 1000 + rng.Float64()*2500, HeightM: 35})
	}
	var targets []Target
	for i := 0; i < 40; i++ {
		x, y := 116.98+rng.Float64()*0.12, -0.02+rng.Float64()*0.12
		d := 0.002 + rng.Float64()*0.02
		switch i % 5 {
		case 0, 1:
			targets = append(targets, Target{Geometry: orb.Polygon{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}})
		case 2:
			targets = append(targets, Target{Geometry: orb.LineString{{x, y}, {x + d, y + d/2}, {x + 2*d, y}}})
		case 3:
			targets = append(targets, Target{Geometry: orb.Point{x, y}})
		default:
			targets = append(targets, Target{Geometry: orb.Polygon{{{x, y}, {x + 0.0005, y}, {x, y + 0.0005}, {x, y}}}}) // below one cell
		}
	}
	targets = append(targets, Target{Geometry: orb.MultiPoint{{117.01, 0.01}, {117.05, 0.05}, {117.07, 0.02}}}, Target{})
	var settle []WeightedPoint
	for i := 0; i < 60; i++ {
		settle = append(settle, WeightedPoint{Pos: orb.Point{116.98 + rng.Float64()*0.12, -0.02 + rng.Float64()*0.12}, Weight: float64(rng.IntN(400))})
	}
	for _, model := range []Model{ModelRadius, ModelHata, ModelFSPL} {
		for _, st := range [][]WeightedPoint{nil, settle} {
			p := Params{Model: model, SampleM: 300, MinShare: 0.34}
			smp, err := Samples(sites, targets, st, p)
			if err != nil {
				t.Fatal(err)
			}
			// the first k sites, for every k: each point covered by the union
			var flat []orb.Point
			for _, s := range smp {
				flat = append(flat, s.Points...)
			}
			sets, _, err := CoveringSites(sites, flat, p)
			if err != nil {
				t.Fatal(err)
			}
			for k := 1; k <= len(sites); k += 3 {
				res, _, err := Evaluate(sites[:k], targets, st, p)
				if err != nil {
					t.Fatal(err)
				}
				at := 0
				for i, s := range smp {
					cov := make([]bool, len(s.Points))
					for j := range s.Points {
						for _, si := range sets[at+j] {
							cov[j] = cov[j] || int(si) < k
						}
					}
					at += len(s.Points)
					if (s.Problem != "") != (res[i].Problem != "") {
						t.Fatalf("%s k=%d target %d: problem %q vs Evaluate's %q", model, k, i, s.Problem, res[i].Problem)
					}
					if s.Problem != "" {
						continue
					}
					share, ok := JudgeSamples(s, cov, p)
					if share != res[i].CoveredShare || ok != res[i].Covered || len(s.Points) != res[i].Samples {
						t.Errorf("%s settlements=%v k=%d target %d: share %v covered %v (%d points), Evaluate %v %v (%d samples)",
							model, st != nil, k, i, share, ok, len(s.Points), res[i].CoveredShare, res[i].Covered, res[i].Samples)
					}
				}
			}
		}
	}
}
