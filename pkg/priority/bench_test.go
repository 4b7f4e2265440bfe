package priority

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchVillages makes n villages in 20 kecamatan with Kukar-like values:
// a fifth uncovered, populations 100–8,000, travel times up to 8 h, one
// in twenty without land access.
func benchVillages(n int) []Village {
	rng := rand.New(rand.NewPCG(5, uint64(n)))
	land, water := true, false
	vs := make([]Village, n)
	for i := range vs {
		covered := rng.IntN(5) != 0
		share := 1.0
		if !covered {
			share = rng.Float64() * 0.5
		}
		v := Village{ID: fmt.Sprintf("64%08d", i), Name: fmt.Sprintf("Desa %d", i),
			Kecamatan:  fmt.Sprintf("Kecamatan %02d", rng.IntN(20)),
			Population: 100 + rng.Float64()*7900, CoveredShare: share, Covered: covered,
			HasOffice: true, OfficeUncovered: !covered && rng.IntN(2) == 0, EconomicUncovered: !covered && rng.IntN(4) == 0,
			TravelTimeS: rng.Float64() * 8 * 3600, LandAccess: &land,
			NearestSiteM: rng.Float64() * 30000, NewSiteGain: rng.Float64() * 5000}
		if rng.IntN(20) == 0 {
			v.LandAccess = &water
		}
		vs[i] = v
	}
	return vs
}

func BenchmarkRank100k(b *testing.B) {
	vs := benchVillages(100_000)
	w, th := DefaultWeights(), DefaultThresholds()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Rank(vs, w, th); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSummarise100k(b *testing.B) {
	r, err := Rank(benchVillages(100_000), DefaultWeights(), DefaultThresholds())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		SummariseByKecamatan(r)
	}
}
