package siting

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/paulmach/orb"
)

// benchDemand spreads n demand points over a Kukar-sized box (1.7° × 2°,
// about 42 000 km²) in villages of 1–40 points scattered within ~1 km,
// like settlements along rivers and roads.
func benchDemand(n int) []Demand {
	rng := rand.New(rand.NewPCG(21, uint64(n)))
	out := make([]Demand, 0, n)
	for z := 0; len(out) < n; z++ {
		c := orb.Point{115.9 + 1.7*rng.Float64(), -1.5 + 2*rng.Float64()}
		for range min(1+rng.IntN(40), n-len(out)) {
			p := orb.Point{c[0] + rng.NormFloat64()*0.01, c[1] + rng.NormFloat64()*0.01}
			out = append(out, Demand{Pos: p, Weight: float64(20 + rng.IntN(500)), Zone: z})
		}
	}
	return out
}

func benchCandidates(n int) []Candidate {
	rng := rand.New(rand.NewPCG(22, uint64(n)))
	out := make([]Candidate, n)
	for i := range out {
		out[i] = Candidate{ID: fmt.Sprintf("c%06d", i), Pos: orb.Point{115.9 + 1.7*rng.Float64(), -1.5 + 2*rng.Float64()}}
	}
	return out
}

// BenchmarkSolve times Solve end to end: coverage sets, lazy greedy,
// bounds (the exact search is skipped at this size).
func BenchmarkSolve(b *testing.B) {
	const nCand, nDemand, k = 20000, 100000, 200
	demand, cands := benchDemand(nDemand), benchCandidates(nCand)
	for _, m := range []coverage.Model{coverage.ModelRadius, coverage.ModelHata} {
		for _, improve := range []bool{false, true} {
			name := fmt.Sprintf("cand=%d/demand=%d/k=%d/%s", nCand, nDemand, k, m)
			if improve {
				name += "/improve"
			}
			b.Run(name, func(b *testing.B) {
				p := Params{NewSite: coverage.Site{Tech: coverage.Tech4G}, Coverage: coverage.Params{Model: m},
					K: k, Improve: improve}
				b.ReportAllocs()
				var plan Plan
				for b.Loop() {
					var err error
					if plan, err = Solve(demand, nil, cands, p); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(plan.ShareAfter, "share")
				b.ReportMetric(plan.Gap, "gap")
			})
		}
	}
}
