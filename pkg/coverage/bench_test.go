package coverage

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// benchSites spreads n sites over a Kukar-sized box (1.7° × 2°, about
// 42 000 km²), a third of them as 120° sectors, technologies mixed.
func benchSites(n int) []Site {
	rng := rand.New(rand.NewPCG(11, uint64(n)))
	techs := []Tech{Tech2G, Tech2G, Tech3G, Tech4G, Tech4G}
	sites := make([]Site, n)
	for i := range sites {
		sites[i] = Site{ID: fmt.Sprintf("S%06d", i), Tech: techs[rng.IntN(len(techs))],
			Pos: orb.Point{115.9 + 1.7*rng.Float64(), -1.5 + 2*rng.Float64()}}
		if i%3 == 0 {
			sites[i].AzimuthDeg, sites[i].BeamwidthDeg = float64(rng.IntN(3)*120), 65
		}
	}
	return sites
}

func benchPoints(n int) []Target {
	rng := rand.New(rand.NewPCG(12, uint64(n)))
	ts := make([]Target, n)
	for i := range ts {
		ts[i] = Target{Geometry: orb.Point{115.9 + 1.7*rng.Float64(), -1.5 + 2*rng.Float64()}, Population: 100}
	}
	return ts
}

// benchVillages are n squares of 2–6 km side: 4–36 km², like Kukar's desa.
func benchVillages(n int) []Target {
	rng := rand.New(rand.NewPCG(13, uint64(n)))
	ts := make([]Target, n)
	for i := range ts {
		c := orb.Point{115.9 + 1.7*rng.Float64(), -1.5 + 2*rng.Float64()}
		ts[i] = Target{Geometry: orb.Polygon{squareAt(c, 1000+2000*rng.Float64())}, Population: 2000}
	}
	return ts
}

func benchEvaluate(b *testing.B, sites []Site, targets []Target, p Params) {
	b.ReportAllocs()
	samples := 0
	for b.Loop() {
		_, sum, err := Evaluate(sites, targets, nil, p)
		if err != nil {
			b.Fatal(err)
		}
		samples += sum.Samples
	}
	b.ReportMetric(float64(len(targets))*float64(b.N)/b.Elapsed().Seconds(), "targets/s")
	b.ReportMetric(float64(samples)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkEvaluatePoints(b *testing.B) {
	for _, size := range []struct{ sites, targets int }{{3000, 20000}, {20000, 100000}} {
		sites, targets := benchSites(size.sites), benchPoints(size.targets)
		for _, m := range []Model{ModelRadius, ModelHata} {
			b.Run(fmt.Sprintf("%s/sites=%dk/points=%dk", m, size.sites/1000, size.targets/1000), func(b *testing.B) {
				benchEvaluate(b, sites, targets, Params{Model: m})
			})
		}
	}
}

func BenchmarkEvaluateVillages(b *testing.B) {
	sites, villages := benchSites(3000), benchVillages(2000)
	for _, m := range []Model{ModelRadius, ModelHata} {
		b.Run(fmt.Sprintf("%s/sites=3k/villages=2k/sample=250m", m), func(b *testing.B) {
			benchEvaluate(b, sites, villages, Params{Model: m, SampleM: 250})
		})
	}
}

func BenchmarkBlankSpotAreas(b *testing.B) {
	sites := benchSites(3000)
	area := []Target{{Geometry: orb.Polygon{{{115.9, -1.5}, {117.6, -1.5}, {117.6, 0.5}, {115.9, 0.5}, {115.9, -1.5}}}}}
	b.Run("radius/sites=3k/area=42000km2/cell=500m", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := BlankSpotAreas(sites, area, nil, Params{}, GapOptions{CellM: 500}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
