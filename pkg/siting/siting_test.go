package siting

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// plane is a local metric frame near Tenggarong for hand-made fixtures.
var plane = earth.NewLocal(orb.Point{117, -0.45})

func at(x, y float64) orb.Point { return plane.Unproject(orb.Point{x, y}) }

// radius1km is a template whose coverage is a 1 km disc.
var radius1km = Params{NewSite: coverage.Site{Tech: coverage.Tech4G, RadiusM: 1000},
	Coverage: coverage.Params{Model: coverage.ModelRadius}}

func with(p Params, f func(*Params)) Params { f(&p); return p }

// classic is the instance where greedy is suboptimal. X covers the left
// group {L1, L2}, Y the right group {R1, R2} (weight 8 each); Z, between
// them, covers L2, R1 and a middle point M: 9. Greedy takes Z, then X or
// Y (4 each, X by ID): 13. The optimum {X, Y} covers 16.
func classic() ([]Demand, []Candidate) {
	demand := []Demand{
		{Pos: at(-800, 0), Weight: 4, Zone: 0},  // L1
		{Pos: at(700, 0), Weight: 4, Zone: 0},   // L2
		{Pos: at(1500, 0), Weight: 1, Zone: 1},  // M
		{Pos: at(2300, 0), Weight: 4, Zone: 2},  // R1
		{Pos: at(3800, 0), Weight: 4, Zone: 2},  // R2
		{Pos: at(90000, 0), Weight: 3, Zone: 3}, // out of every reach
	}
	cands := []Candidate{{ID: "Z", Pos: at(1500, 0)}, {ID: "Y", Pos: at(3000, 0)}, {ID: "X", Pos: at(0, 0)}}
	return demand, cands
}

func pickIDs(p Plan) []string {
	var ids []string
	for _, pk := range p.Picks {
		ids = append(ids, pk.Candidate.ID)
	}
	return ids
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestClassicGreedySuboptimal(t *testing.T) {
	demand, cands := classic()
	plan, err := Solve(demand, nil, cands, with(radius1km, func(p *Params) { p.K = 2 }))
	if err != nil {
		t.Fatal(err)
	}
	if got := pickIDs(plan); !reflect.DeepEqual(got, []string{"Z", "X"}) {
		t.Fatalf("picks %v, want [Z X]", got)
	}
	want := []struct{ gain, cum, share float64 }{{9, 9, 9.0 / 20}, {4, 13, 13.0 / 20}}
	for i, w := range want {
		pk := plan.Picks[i]
		if pk.Rank != i+1 || pk.GainWeight != w.gain || pk.CumulativeWeight != w.cum || !near(pk.CumulativeShare, w.share) {
			t.Errorf("pick %d = %+v, want %+v", i, pk, w)
		}
	}
	if plan.ExactOptimum == nil || *plan.ExactOptimum != 16 {
		t.Fatalf("exact optimum %v, want 16", plan.ExactOptimum)
	}
	if !reflect.DeepEqual(plan.OptimalIDs, []string{"X", "Y"}) {
		t.Errorf("optimal set %v", plan.OptimalIDs)
	}
	// 1 − (1 − 1/2)² = 0.75; 13 / 0.75; data bound 9 + 4 + 4 = 13 + 4 = 17.
	checks := []struct {
		name      string
		got, want float64
	}{
		{"TotalWeight", plan.TotalWeight, 20},
		{"GreedyWeight", plan.GreedyWeight, 13},
		{"NewWeight", plan.NewWeight, 13},
		{"GuaranteeRatio", plan.GuaranteeRatio, 0.75},
		{"ClassicBound", plan.ClassicBound, 13 / 0.75},
		{"DataBound", plan.DataBound, 17},
		{"UpperBound", plan.UpperBound, 16},
		{"Gap", plan.Gap, 3.0 / 16},
		{"ShareAfter", plan.ShareAfter, 13.0 / 20},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	// Zone 1 (M) comes with Z; zone 0 is half covered after Z (0.5 ≥
	// MinShare) and zone 2 likewise. Zone 3 is never reached.
	if got := plan.Picks[0].NewlyCoveredZones; !reflect.DeepEqual(got, []int{0, 1, 2}) {
		t.Errorf("zones with Z %v", got)
	}
	if got := plan.ZonesLeft; !reflect.DeepEqual(got, []int{3}) {
		t.Errorf("zones left %v", got)
	}
	if plan.Stop != StopK {
		t.Errorf("stop %q", plan.Stop)
	}
}

func TestClassicImprove(t *testing.T) {
	demand, cands := classic()
	plan, err := Solve(demand, nil, cands, with(radius1km, func(p *Params) { p.K = 2; p.Improve = true }))
	if err != nil {
		t.Fatal(err)
	}
	if got := pickIDs(plan); !reflect.DeepEqual(got, []string{"X", "Y"}) {
		t.Fatalf("picks after swaps %v, want [X Y]", got)
	}
	if plan.Swaps != 1 || plan.GreedyWeight != 13 || plan.NewWeight != 16 || plan.Gap != 0 {
		t.Errorf("swaps %d greedy %v new %v gap %v", plan.Swaps, plan.GreedyWeight, plan.NewWeight, plan.Gap)
	}
	if plan.Picks[0].GainWeight != 8 || plan.Picks[1].GainWeight != 8 || plan.Picks[1].CumulativeWeight != 16 {
		t.Errorf("reordered gains %+v", plan.Picks)
	}
}

// threeGroups: far-apart groups of weight 50, 30 and 20, one candidate on
// each; greedy is optimal and the exact search must agree.
func threeGroups() ([]Demand, []Candidate) {
	var demand []Demand
	var cands []Candidate
	for g, wt := range []float64{50, 30, 20} {
		x := float64(g) * 10000
		for i := range 5 {
			demand = append(demand, Demand{Pos: at(x+float64(i)*100, 50), Weight: wt / 5, Zone: 10 + g})
		}
		cands = append(cands, Candidate{ID: fmt.Sprintf("c%d", g), Pos: at(x+200, 0)})
	}
	return demand, cands
}

func TestGreedyOptimal(t *testing.T) {
	demand, cands := threeGroups()
	cases := []struct {
		name    string
		p       Params
		already []bool
		picks   []string
		stop    StopReason
		before  float64
		zones   [][]int
		left    []int
	}{
		{name: "k=2", p: with(radius1km, func(p *Params) { p.K = 2 }), picks: []string{"c0", "c1"}, stop: StopK,
			zones: [][]int{{10}, {11}}, left: []int{12}},
		{name: "k=5 stops when nothing is left", p: with(radius1km, func(p *Params) { p.K = 5 }),
			picks: []string{"c0", "c1", "c2"}, stop: StopNoGain, zones: [][]int{{10}, {11}, {12}}},
		{name: "target 0.75", p: with(radius1km, func(p *Params) { p.TargetShare = 0.75 }),
			picks: []string{"c0", "c1"}, stop: StopTarget, zones: [][]int{{10}, {11}}, left: []int{12}},
		{name: "target exactly met", p: with(radius1km, func(p *Params) { p.TargetShare = 0.8; p.K = 10 }),
			picks: []string{"c0", "c1"}, stop: StopTarget, zones: [][]int{{10}, {11}}, left: []int{12}},
		{name: "existing covers group 0", p: with(radius1km, func(p *Params) { p.K = 3 }),
			already: []bool{true, true, true, true, true}, picks: []string{"c1", "c2"}, stop: StopNoGain, before: 50,
			zones: [][]int{{11}, {12}}},
		{name: "existing meets target", p: with(radius1km, func(p *Params) { p.TargetShare = 0.5 }),
			already: []bool{true, true, true, true, true}, stop: StopTarget, before: 50, left: []int{11, 12}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			already := c.already
			if already != nil {
				already = append(already, make([]bool, len(demand)-len(already))...)
			}
			plan, err := Solve(demand, already, cands, c.p)
			if err != nil {
				t.Fatal(err)
			}
			if got := pickIDs(plan); !slices.Equal(got, c.picks) {
				t.Fatalf("picks %v, want %v", got, c.picks)
			}
			if plan.Stop != c.stop || plan.CoveredBefore != c.before {
				t.Errorf("stop %q before %v", plan.Stop, plan.CoveredBefore)
			}
			var zones [][]int
			for _, pk := range plan.Picks {
				zones = append(zones, pk.NewlyCoveredZones)
			}
			if !reflect.DeepEqual(zones, c.zones) || !reflect.DeepEqual(plan.ZonesLeft, c.left) {
				t.Errorf("zones %v left %v, want %v left %v", zones, plan.ZonesLeft, c.zones, c.left)
			}
			if len(plan.Picks) > 0 {
				if plan.ExactOptimum == nil || !near(*plan.ExactOptimum, plan.NewWeight) || plan.Gap != 0 {
					t.Errorf("exact %v new %v gap %v", plan.ExactOptimum, plan.NewWeight, plan.Gap)
				}
			}
			if !near(plan.CoveredAfter, plan.CoveredBefore+plan.NewWeight) {
				t.Errorf("covered after %v", plan.CoveredAfter)
			}
		})
	}
}

func TestTiesByID(t *testing.T) {
	demand := []Demand{{Pos: at(0, 0), Weight: 5, Zone: -1}, {Pos: at(5000, 0), Weight: 5, Zone: -1}}
	for _, order := range [][]string{{"b", "a", "c"}, {"c", "a", "b"}, {"a", "b", "c"}} {
		// b and a sit on the same point; c covers the other point equally.
		pos := map[string]orb.Point{"a": at(0, 0), "b": at(0, 0), "c": at(5000, 0)}
		var cands []Candidate
		for _, id := range order {
			cands = append(cands, Candidate{ID: id, Pos: pos[id]})
		}
		plan, err := Solve(demand, nil, cands, with(radius1km, func(p *Params) { p.K = 2 }))
		if err != nil {
			t.Fatal(err)
		}
		if got := pickIDs(plan); !slices.Equal(got, []string{"a", "c"}) {
			t.Errorf("order %v: picks %v, want [a c]", order, got)
		}
		if plan.Picks[0].Index != slices.Index(order, "a") {
			t.Errorf("index %d", plan.Picks[0].Index)
		}
	}
}

// randomInstance spreads demand in clusters over about 30 × 30 km and
// candidates uniformly; integer weights make ties frequent.
func randomInstance(seed uint64, nDemand, nCand int) ([]Demand, []Candidate) {
	rng := rand.New(rand.NewPCG(seed, 7))
	var demand []Demand
	for len(demand) < nDemand {
		cx, cy := rng.Float64()*30000, rng.Float64()*30000
		z := len(demand) / 7
		for range 1 + rng.IntN(12) {
			demand = append(demand, Demand{Pos: at(cx+rng.NormFloat64()*800, cy+rng.NormFloat64()*800),
				Weight: float64(rng.IntN(5)), Zone: z})
		}
	}
	cands := make([]Candidate, nCand)
	for i := range cands {
		cands[i] = Candidate{ID: fmt.Sprintf("k%03d", rng.IntN(1000)*1000+i), Pos: at(rng.Float64()*30000, rng.Float64()*30000)}
	}
	return demand, cands
}

// plainGreedy is the textbook greedy over explicit sets: every gain
// recomputed at every step, ties to the smaller ID.
func plainGreedy(sets [][]int, w []float64, ids []string, k int) ([]string, []float64) {
	cov := make([]bool, len(w))
	var picks []string
	var gains []float64
	used := make([]bool, len(sets))
	for range k {
		bi, bg := -1, 0.0
		for c, s := range sets {
			if used[c] {
				continue
			}
			g := 0.0
			for _, q := range s {
				if !cov[q] {
					g += w[q]
				}
			}
			if g > bg || (g == bg && bi >= 0 && g > 0 && ids[c] < ids[bi]) {
				bi, bg = c, g
			}
		}
		if bi < 0 {
			break
		}
		used[bi] = true
		for _, q := range sets[bi] {
			cov[q] = true
		}
		picks = append(picks, ids[bi])
		gains = append(gains, bg)
	}
	return picks, gains
}

// bruteSets computes the coverage sets pair by pair with the geodesic.
func bruteSets(demand []Demand, cands []Candidate, radiusM float64) [][]int {
	out := make([][]int, len(cands))
	for c, cd := range cands {
		for q, d := range demand {
			if earth.DistanceM(cd.Pos, d.Pos) <= radiusM {
				out[c] = append(out[c], q)
			}
		}
	}
	return out
}

func TestCELFEqualsPlainGreedy(t *testing.T) {
	for seed := range uint64(12) {
		demand, cands := randomInstance(seed, 400, 60)
		k := 1 + int(seed)%15
		p := with(radius1km, func(p *Params) { p.K = k; p.NewSite.RadiusM = 2500; p.ExactLimit = -1 })
		plan, err := Solve(demand, nil, cands, p)
		if err != nil {
			t.Fatal(err)
		}
		w := make([]float64, len(demand))
		for i, d := range demand {
			w[i] = d.Weight
		}
		ids := make([]string, len(cands))
		for i, c := range cands {
			ids[i] = c.ID
		}
		wantIDs, wantGains := plainGreedy(bruteSets(demand, cands, 2500), w, ids, k)
		var gains []float64
		for _, pk := range plan.Picks {
			gains = append(gains, pk.GainWeight)
		}
		if !slices.Equal(pickIDs(plan), wantIDs) || !slices.Equal(gains, wantGains) {
			t.Errorf("seed %d: CELF %v %v, plain %v %v", seed, pickIDs(plan), gains, wantIDs, wantGains)
		}
	}
}

// bestK enumerates every k-subset.
func bestK(sets [][]int, w []float64, k int) float64 {
	best := 0.0
	var rec func(start int, chosen []int)
	rec = func(start int, chosen []int) {
		if len(chosen) == k {
			cov := map[int]bool{}
			for _, c := range chosen {
				for _, q := range sets[c] {
					cov[q] = true
				}
			}
			s := 0.0
			for q := range cov {
				s += w[q]
			}
			best = math.Max(best, s)
			return
		}
		for c := start; c < len(sets); c++ {
			rec(c+1, append(chosen, c))
		}
	}
	rec(0, nil)
	return best
}

// TestBoundsAndExact checks the exact optimum against full enumeration,
// and that every bound is at least the optimum and the plan at most.
func TestBoundsAndExact(t *testing.T) {
	for seed := range uint64(10) {
		demand, cands := randomInstance(100+seed, 120, 14)
		k := 2 + int(seed)%4
		for _, improve := range []bool{false, true} {
			p := with(radius1km, func(p *Params) { p.K = k; p.NewSite.RadiusM = 4000; p.Improve = improve })
			plan, err := Solve(demand, nil, cands, p)
			if err != nil {
				t.Fatal(err)
			}
			w := make([]float64, len(demand))
			for i, d := range demand {
				w[i] = d.Weight
			}
			opt := bestK(bruteSets(demand, cands, 4000), w, len(plan.Picks))
			if plan.ExactOptimum == nil || !near(*plan.ExactOptimum, opt) {
				t.Fatalf("seed %d: exact %v, enumeration %v", seed, plan.ExactOptimum, opt)
			}
			tol := 1e-9 * opt
			if plan.ClassicBound < opt-tol || plan.DataBound < opt-tol || plan.NewWeight > opt+tol ||
				plan.GreedyWeight < plan.GuaranteeRatio*opt-tol || plan.NewWeight < plan.GreedyWeight {
				t.Errorf("seed %d improve %v: opt %v greedy %v new %v classic %v data %v", seed, improve, opt,
					plan.GreedyWeight, plan.NewWeight, plan.ClassicBound, plan.DataBound)
			}
			if want := (opt - plan.NewWeight) / opt; math.Abs(plan.Gap-want) > 1e-12 {
				t.Errorf("gap %v, want %v", plan.Gap, want)
			}
		}
	}
}

func TestExactLimit(t *testing.T) {
	demand, cands := randomInstance(3, 300, 40)
	plan, err := Solve(demand, nil, cands, with(radius1km, func(p *Params) { p.K = 6; p.ExactLimit = 10 }))
	if err != nil {
		t.Fatal(err)
	}
	if plan.ExactOptimum != nil || plan.UpperBound != math.Min(plan.ClassicBound, plan.DataBound) {
		t.Errorf("exact %v upper %v", plan.ExactOptimum, plan.UpperBound)
	}
	if !slices.ContainsFunc(plan.Warnings, func(s string) bool { return strings.Contains(s, "exceed the limit of 10") }) {
		t.Errorf("warnings %q", plan.Warnings)
	}
}

func TestWorkersIdentical(t *testing.T) {
	demand, cands := randomInstance(42, 3000, 500)
	for _, m := range []coverage.Model{coverage.ModelRadius, coverage.ModelHata} {
		var plans []Plan
		for _, workers := range []int{1, 2, 5} {
			p := Params{NewSite: coverage.Site{Tech: coverage.Tech4G}, Coverage: coverage.Params{Model: m},
				K: 25, Improve: true, Workers: workers}
			plan, err := Solve(demand, nil, cands, p)
			if err != nil {
				t.Fatal(err)
			}
			plans = append(plans, plan)
		}
		if len(plans[0].Picks) != 25 {
			t.Fatalf("%s: %d picks", m, len(plans[0].Picks))
		}
		// Workers 0 follows GOMAXPROCS.
		for _, procs := range []int{1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			plan, err := Solve(demand, nil, cands, Params{NewSite: coverage.Site{Tech: coverage.Tech4G},
				Coverage: coverage.Params{Model: m}, K: 25, Improve: true})
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatal(err)
			}
			plans = append(plans, plan)
		}
		for i := 1; i < len(plans); i++ {
			if !reflect.DeepEqual(plans[0], plans[i]) {
				t.Errorf("%s: plan with workers #%d differs", m, i)
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	demand, cands := threeGroups()
	nan := math.NaN()
	cases := []struct {
		name    string
		demand  []Demand
		already []bool
		cands   []Candidate
		p       Params
		want    string
	}{
		{"nan weight", []Demand{{Pos: at(0, 0), Weight: nan}}, nil, cands, with(radius1km, func(p *Params) { p.K = 1 }), "weight NaN"},
		{"negative weight", []Demand{{Pos: at(0, 0), Weight: -1}}, nil, cands, with(radius1km, func(p *Params) { p.K = 1 }), "weight -1"},
		{"nan position", []Demand{{Pos: orb.Point{nan, 0}, Weight: 1}}, nil, cands, with(radius1km, func(p *Params) { p.K = 1 }), "demand 0: position"},
		{"degrees out of range", []Demand{{Pos: orb.Point{500000, 9000000}, Weight: 1}}, nil, cands, with(radius1km, func(p *Params) { p.K = 1 }), "not a longitude/latitude"},
		{"zone", []Demand{{Pos: at(0, 0), Weight: 1, Zone: -2}}, nil, cands, with(radius1km, func(p *Params) { p.K = 1 }), "zone -2"},
		{"no demand", nil, nil, cands, with(radius1km, func(p *Params) { p.K = 1 }), "no demand"},
		{"zero weight", []Demand{{Pos: at(0, 0)}}, nil, cands, with(radius1km, func(p *Params) { p.K = 1 }), "total demand weight is 0"},
		{"no candidates", demand, nil, nil, with(radius1km, func(p *Params) { p.K = 1 }), "no candidates"},
		{"candidate nan", demand, nil, []Candidate{{ID: "a", Pos: orb.Point{1, nan}}}, with(radius1km, func(p *Params) { p.K = 1 }), `candidate 0 (id "a")`},
		{"empty id", demand, nil, []Candidate{{Pos: at(0, 0)}}, with(radius1km, func(p *Params) { p.K = 1 }), "empty id"},
		{"duplicate id", demand, nil, []Candidate{{ID: "a", Pos: at(0, 0)}, {ID: "b"}, {ID: "a", Pos: at(1, 0)}}, with(radius1km, func(p *Params) { p.K = 1 }), `candidates 0 and 2 share the id "a"`},
		{"flags", demand, []bool{true}, cands, with(radius1km, func(p *Params) { p.K = 1 }), "1 coverage flags for 15"},
		{"no k", demand, nil, cands, radius1km, "neither k nor"},
		{"negative k", demand, nil, cands, with(radius1km, func(p *Params) { p.K = -1 }), "k -1"},
		{"share", demand, nil, cands, with(radius1km, func(p *Params) { p.TargetShare = 1.5 }), "target share 1.5"},
		{"share nan", demand, nil, cands, with(radius1km, func(p *Params) { p.TargetShare = nan }), "target share NaN"},
		{"no tech", demand, nil, cands, Params{K: 1}, "new-site template"},
		{"bad model", demand, nil, cands, with(radius1km, func(p *Params) { p.K = 1; p.Coverage.Model = "okumura" }), `unknown model "okumura"`},
		{"terrain model without terrain", demand, nil, cands, with(radius1km, func(p *Params) { p.K = 1; p.Coverage.Model = "itm" }), `needs terrain`},
		{"nan height", demand, nil, cands, with(radius1km, func(p *Params) {
			p.K = 1
			p.Coverage.Model = coverage.ModelHata
			p.NewSite.HeightM = nan
		}), "antenna height"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Solve(c.demand, c.already, c.cands, c.p)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "siting: ") {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
	_, err := Solve([]Demand{{Pos: at(0, 0), Weight: nan}}, nil, cands, with(radius1km, func(p *Params) { p.K = 1 }))
	if !errors.Is(err, ErrBadInput) {
		t.Errorf("not ErrBadInput: %v", err)
	}
}

// TestZeroReach: a template that covers nothing yields no picks and says
// why, rather than failing.
func TestZeroReach(t *testing.T) {
	demand, cands := threeGroups()
	thr := 100.0 // no site reaches +100 dBm
	p := Params{NewSite: coverage.Site{Tech: coverage.Tech4G}, K: 2,
		Coverage: coverage.Params{Model: coverage.ModelHata, ThresholdDBm: &thr}}
	plan, err := Solve(demand, nil, cands, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Picks) != 0 || plan.Stop != StopNoGain || plan.CandidatesUseful != 0 {
		t.Errorf("picks %v stop %q useful %d", plan.Picks, plan.Stop, plan.CandidatesUseful)
	}
	if !slices.ContainsFunc(plan.Warnings, func(s string) bool { return strings.Contains(s, "covers nothing") }) {
		t.Errorf("warnings %q", plan.Warnings)
	}
}

func TestExisting(t *testing.T) {
	demand, _ := threeGroups()
	sites := []coverage.Site{{ID: "s1", Pos: at(10200, 0), Tech: coverage.Tech2G, RadiusM: 1000}}
	cov, _, err := Existing(sites, demand, coverage.Params{})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cov {
		if want := i >= 5 && i < 10; c != want {
			t.Errorf("demand %d covered %v, want %v", i, c, want)
		}
	}
	if _, _, err := Existing(sites, []Demand{{Pos: orb.Point{math.NaN(), 0}}}, coverage.Params{}); err == nil {
		t.Error("NaN demand accepted")
	}
	if _, _, err := Existing([]coverage.Site{{ID: "x"}}, demand, coverage.Params{}); err == nil {
		t.Error("site without technology accepted")
	}
	cov, _, err = Existing(nil, demand, coverage.Params{})
	if err != nil || slices.Contains(cov, true) {
		t.Errorf("no sites: %v %v", cov, err)
	}
}

// FuzzSolve: arbitrary numbers give a plan or an error, never a panic,
// and a plan's shares stay within 0..1.
func FuzzSolve(f *testing.F) {
	f.Add(117.0, -0.4, 3.0, 117.01, -0.4, 1000.0, 2, 0.5, true)
	f.Add(math.NaN(), 1e308, -1.0, math.Inf(1), 0.0, -5.0, -3, 2.0, false)
	f.Add(179.99, 89.99, 1e300, -179.99, -89.99, 1e9, 1, 0.0, true)
	f.Fuzz(func(t *testing.T, dx, dy, wt, cx, cy, radiusM float64, k int, share float64, improve bool) {
		demand := []Demand{{Pos: orb.Point{dx, dy}, Weight: wt}, {Pos: orb.Point{cx, cy}, Weight: 1, Zone: 2}}
		cands := []Candidate{{ID: "a", Pos: orb.Point{cx, cy}}, {ID: "b", Pos: orb.Point{dx, dy}}}
		for _, m := range []coverage.Model{coverage.ModelRadius, coverage.ModelHata} {
			p := Params{NewSite: coverage.Site{Tech: coverage.Tech2G, RadiusM: radiusM}, K: k % 5,
				TargetShare: share, Improve: improve, Coverage: coverage.Params{Model: m}}
			plan, err := Solve(demand, []bool{false, wt > 2}, cands, p)
			if err != nil {
				continue
			}
			if plan.ShareAfter < 0 || plan.ShareAfter > 1+1e-12 || math.IsNaN(plan.Gap) {
				t.Fatalf("share %v gap %v", plan.ShareAfter, plan.Gap)
			}
		}
	})
}
