package coverage

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// CoveringSites against Evaluate, site by site: a point is covered by a
// site in CoveringSites exactly when Evaluate, given that site alone,
// covers the point; the union is Evaluate's Covered with all sites. Every
// model, sectors included, with a ridge for the terrain models.
func TestCoveringSitesMatchesEvaluate(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 4))
	var sites []Site
	for i := 0; i < 12; i++ {
		s := Site{ID: string(rune('A' + i)), Pos: orb.Point{117 + rng.Float64()*0.06, rng.Float64() * 0.06},
			Tech: []Tech{Tech2G, Tech4G}[i%2], RadiusM: 1500 + rng.Float64()*3000, HeightM: 35}
		if i%3 == 0 {
			az, bw := rng.Float64()*360, 120.0
			s.AzimuthDeg, s.BeamwidthDeg = az, bw
		}
		sites = append(sites, s)
	}
	var pts []orb.Point
	for i := 0; i < 150; i++ {
		pts = append(pts, orb.Point{116.95 + rng.Float64()*0.2, -0.05 + rng.Float64()*0.16})
	}
	pts = append(pts, orb.Point{200, 0}) // invalid: no sites
	ridge := ridgeTerrain{heightM: 800, lonFrom: 117.030, lonTo: 117.034}
	for _, c := range []struct {
		model   Model
		terrain Profiler
	}{{ModelRadius, nil}, {ModelFSPL, nil}, {ModelHata, nil}, {ModelCOST231, nil}, {ModelITM, ridge}, {ModelLOSKED, ridge}} {
		p := Params{Model: c.model, Terrain: c.terrain}
		sets, _, err := CoveringSites(sites, pts, p)
		if err != nil {
			t.Fatalf("%s: %v", c.model, err)
		}
		tg := make([]Target, len(pts))
		for i, pt := range pts {
			tg[i] = Target{Geometry: pt}
		}
		all, _, err := Evaluate(sites, tg, nil, p)
		if err != nil {
			t.Fatal(err)
		}
		nCovered, pairs, pairsIn := 0, 0, 0
		for si := range sites {
			one, _, err := Evaluate(sites[si:si+1], tg, nil, p)
			if err != nil {
				t.Fatal(err)
			}
			for i := range pts {
				_, in := slices.BinarySearch(sets[i], int32(si))
				pairs++
				if in {
					pairsIn++
				}
				if in != one[i].Covered {
					t.Fatalf("%s: point %d %v, site %s: CoveringSites %v, Evaluate %v", c.model, i, pts[i], sites[si].ID, in, one[i].Covered)
				}
			}
		}
		for i := range pts {
			if (len(sets[i]) > 0) != all[i].Covered {
				t.Fatalf("%s: point %d: %d covering sites, Evaluate covered %v", c.model, i, len(sets[i]), all[i].Covered)
			}
			if len(sets[i]) > 0 {
				nCovered++
			}
		}
		t.Logf("%s: %d of %d points covered, %d of %d links", c.model, nCovered, len(pts)-1, pairsIn, pairs)
		if pairsIn == 0 || pairsIn == pairs {
			t.Errorf("%s: %d of %d links cover: the test says little", c.model, pairsIn, pairs)
		}
	}
	// a missing tile is an error naming the point
	if _, _, err := CoveringSites(sites, pts[:3], Params{Model: ModelITM, Terrain: ridgeTerrain{fail: true}}); err == nil {
		t.Error("missing tile: no error")
	}
}
