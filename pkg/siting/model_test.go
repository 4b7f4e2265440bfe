package siting

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/paulmach/orb"
)

// TestModelMatchesCoverage checks the coverage sets against
// coverage.Evaluate itself, for every model, omni and sector templates and
// clamped parameters: each demand point's number of covering candidates
// must equal Evaluate's NSites with all candidates as sites, and for some
// candidates the membership must equal Evaluate's verdict with that
// candidate alone.
func TestModelMatchesCoverage(t *testing.T) {
	thr := -80.0
	cases := []struct {
		name string
		site coverage.Site
		p    coverage.Params
	}{
		{"radius", coverage.Site{Tech: coverage.Tech2G}, coverage.Params{Model: coverage.ModelRadius}},
		{"radius sector", coverage.Site{Tech: coverage.Tech2G, AzimuthDeg: 100, BeamwidthDeg: 120}, coverage.Params{}},
		{"fspl", coverage.Site{Tech: coverage.Tech4G}, coverage.Params{Model: coverage.ModelFSPL, ThresholdDBm: &thr}},
		{"hata 4G suburban", coverage.Site{Tech: coverage.Tech4G}, coverage.Params{Model: coverage.ModelHata}},
		{"hata 2G open sector", coverage.Site{Tech: coverage.Tech2G, AzimuthDeg: 250, BeamwidthDeg: 65},
			coverage.Params{Model: coverage.ModelHata, Environment: coverage.EnvOpen}},
		{"hata clamped", coverage.Site{Tech: coverage.Tech5G, HeightM: 15},
			coverage.Params{Model: coverage.ModelHata, Environment: coverage.EnvUrban, LargeCity: true, RxHeightM: 12}},
		{"cost231 3G", coverage.Site{Tech: coverage.Tech3G, HeightM: 45},
			coverage.Params{Model: coverage.ModelCOST231, Environment: coverage.EnvUrban}},
	}
	rng := rand.New(rand.NewPCG(5, 5))
	var demand []Demand
	var targets []coverage.Target
	for range 3000 {
		d := Demand{Pos: at(rng.Float64()*40000, rng.Float64()*40000), Weight: 1}
		demand = append(demand, d)
		targets = append(targets, coverage.Target{Geometry: d.Pos})
	}
	var cands []Candidate
	for i := range 60 {
		cands = append(cands, Candidate{ID: fmt.Sprintf("c%02d", i), Pos: at(rng.Float64()*40000, rng.Float64()*40000)})
	}
	pts := make([]orb.Point, len(demand))
	for i, d := range demand {
		pts[i] = d.Pos
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, _, err := newLink(c.site, cands[0].Pos, c.p)
			if err != nil {
				t.Fatal(err)
			}
			s, err := buildSets(pts, cands, nil, &l, 2)
			if err != nil {
				t.Fatal(err)
			}
			sites := make([]coverage.Site, len(cands))
			for i, cd := range cands {
				sites[i] = c.site
				sites[i].ID, sites[i].Pos = cd.ID, cd.Pos
			}
			res, _, err := coverage.Evaluate(sites, targets, nil, c.p)
			if err != nil {
				t.Fatal(err)
			}
			count := make([]int, len(pts))
			for _, q := range s.idx {
				count[q]++
			}
			total, bad := 0, 0
			for q, r := range res {
				total += r.NSites
				if r.NSites != count[q] {
					bad++
					if bad < 5 {
						t.Errorf("point %d: coverage counts %d sites, siting %d", q, r.NSites, count[q])
					}
				}
			}
			if total == 0 || total == len(pts)*len(cands) {
				t.Fatalf("degenerate fixture: %d covering pairs", total)
			}
			for ci := 0; ci < len(cands); ci += 7 {
				one, _, err := coverage.Evaluate(sites[ci:ci+1], targets, nil, c.p)
				if err != nil {
					t.Fatal(err)
				}
				var want []int32
				for q, r := range one {
					if r.Covered {
						want = append(want, int32(q))
					}
				}
				if got := s.of(ci); !slices.Equal(got, want) {
					t.Errorf("candidate %d: %d points, coverage says %d", ci, len(got), len(want))
				}
			}
		})
	}
}

// TestModelBoundary puts points within a few metres of each model's reach
// (found on coverage.Evaluate), where plane bounds cannot decide and the
// geodesic must.
func TestModelBoundary(t *testing.T) {
	thr := -80.0
	cases := []struct {
		name string
		site coverage.Site
		p    coverage.Params
	}{
		{"radius", coverage.Site{Tech: coverage.Tech3G}, coverage.Params{}},
		{"fspl", coverage.Site{Tech: coverage.Tech4G}, coverage.Params{Model: coverage.ModelFSPL, ThresholdDBm: &thr}},
		{"hata", coverage.Site{Tech: coverage.Tech2G}, coverage.Params{Model: coverage.ModelHata}},
		{"cost231 sector", coverage.Site{Tech: coverage.Tech4G, BeamwidthDeg: 90}, coverage.Params{Model: coverage.ModelCOST231}},
	}
	site := at(0, 0)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, _, err := newLink(c.site, site, c.p)
			if err != nil {
				t.Fatal(err)
			}
			tmpl := c.site
			tmpl.ID, tmpl.Pos = "c", site
			// The reach: where a point due east stops being covered, by
			// bisection on coverage.Evaluate.
			covered := func(d float64) bool {
				r, _, err := coverage.Evaluate([]coverage.Site{tmpl}, []coverage.Target{{Geometry: at(d, 0)}}, nil, c.p)
				return err == nil && r[0].Covered
			}
			lo, hi := 0.0, 200000.0
			for hi-lo > 0.01 {
				if mid := (lo + hi) / 2; covered(mid) {
					lo = mid
				} else {
					hi = mid
				}
			}
			reachM := lo
			var pts []orb.Point
			var targets []coverage.Target
			for _, bearing := range [][2]float64{{1, 0}, {0, 1}, {-0.6, 0.8}, {0.28, -0.96}} {
				for d := reachM - 3; d <= reachM+3; d += 0.125 {
					p := at(bearing[0]*d, bearing[1]*d)
					pts = append(pts, p)
					targets = append(targets, coverage.Target{Geometry: p})
				}
			}
			s, err := buildSets(pts, []Candidate{{ID: "c", Pos: site}}, nil, &l, 1)
			if err != nil {
				t.Fatal(err)
			}
			res, _, err := coverage.Evaluate([]coverage.Site{tmpl}, targets, nil, c.p)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int32]bool{}
			for _, q := range s.of(0) {
				got[q] = true
			}
			in := 0
			for q, r := range res {
				if r.Covered != got[int32(q)] {
					t.Errorf("point %d: coverage %v, siting %v", q, r.Covered, got[int32(q)])
				}
				if r.Covered {
					in++
				}
			}
			if in == 0 || in == len(res) {
				t.Errorf("no boundary in the fixture: %d of %d covered", in, len(res))
			}
		})
	}
}

// TestCoverSetsJoinToSolve splits the candidates in three by a mask, as
// sharded runs do, joins their CoverSets and solves from them: the lists
// equal those of all candidates at once, and SolveSets' plan equals
// Solve's. Lists that do not fit the demand are refused.
func TestCoverSetsJoinToSolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	var demand []Demand
	var already []bool
	for i := range 2500 {
		demand = append(demand, Demand{Pos: at(rng.Float64()*40000, rng.Float64()*40000), Weight: float64(1 + rng.IntN(50)), Zone: i % 40})
		already = append(already, rng.IntN(5) == 0)
	}
	var cands []Candidate
	for i := range 80 {
		cands = append(cands, Candidate{ID: fmt.Sprintf("c%02d", (i*37)%80), Pos: at(rng.Float64()*40000, rng.Float64()*40000)})
	}
	p := Params{NewSite: coverage.Site{Tech: coverage.Tech4G}, Coverage: coverage.Params{Model: coverage.ModelHata}, K: 6, Improve: true}
	all, err := CoverSets(demand, already, cands, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	joined := make([][]int32, len(cands))
	nonEmpty := 0
	for part := range 3 {
		which := make([]bool, len(cands))
		for c := range cands {
			which[c] = c%3 == part
		}
		got, err := CoverSets(demand, already, cands, p, which)
		if err != nil {
			t.Fatal(err)
		}
		for c := range cands {
			if which[c] {
				joined[c] = got[c]
			} else if got[c] != nil {
				t.Fatalf("part %d: candidate %d not asked for, listed", part, c)
			}
		}
	}
	for c := range cands {
		if !slices.Equal(joined[c], all[c]) {
			t.Fatalf("candidate %d: %d points in its part, %d with every candidate", c, len(joined[c]), len(all[c]))
		}
		for _, i := range all[c] {
			if already[i] {
				t.Fatalf("candidate %d lists demand %d, already covered", c, i)
			}
		}
		if len(all[c]) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < len(cands)/2 {
		t.Fatalf("only %d of %d candidates cover anything: the case tests little", nonEmpty, len(cands))
	}
	want, err := Solve(demand, already, cands, p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := SolveSets(demand, already, cands, p, joined)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Fatalf("plan from the joined lists differs:\n%+v\n%+v", got, want)
	}
	if len(want.Picks) != p.K {
		t.Fatalf("%d picks, want %d", len(want.Picks), p.K)
	}
	bad := slices.Clone(joined)
	var covered int32 = -1
	for i, a := range already {
		if a {
			covered = int32(i)
			break
		}
	}
	for _, c := range []struct {
		name   string
		covers [][]int32
	}{
		{"too few lists", joined[:len(joined)-1]},
		{"an index past the demand", append(slices.Clone(bad[:1]), append([][]int32{{int32(len(demand))}}, bad[2:]...)...)},
		{"an already covered point", append([][]int32{{covered}}, bad[1:]...)},
		{"not ascending", append([][]int32{{5, 3}}, bad[1:]...)},
	} {
		if _, err := SolveSets(demand, already, cands, p, c.covers); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
}
