package priority

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var nan = math.NaN()

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

// fourVillages is the hand-made set whose scores are worked out by hand
// in TestRankScores.
func fourVillages() []Village {
	return []Village{
		{ID: "D", Name: "Dusun D", Kecamatan: "K2", Population: 10000, CoveredShare: 1, Covered: true,
			HasOffice: true, TravelTimeS: 600, LandAccess: yes(), NearestSiteM: 1000, NewSiteGain: 0},
		{ID: "B", Name: "Desa B", Kecamatan: "K1", Population: 1000, CoveredShare: 0,
			TravelTimeS: 7200, LandAccess: yes(), NearestSiteM: 4000, NewSiteGain: 900},
		{ID: "A", Name: "Desa A", Kecamatan: "K1", Population: 3000, CoveredShare: 0.2,
			HasOffice: true, OfficeUncovered: true, TravelTimeS: 3600, LandAccess: yes(), NearestSiteM: 8000, NewSiteGain: 2000},
		{ID: "C", Name: "Desa C", Kecamatan: "K2", Population: 500, CoveredShare: 0.5, EconomicUncovered: true,
			TravelTimeS: nan, Unreachable: true, LandAccess: no(), NearestSiteM: 12000, NewSiteGain: 400},
	}
}

func ids(r []Ranked) string {
	var s []string
	for _, x := range r {
		s = append(s, x.Village.ID)
	}
	return strings.Join(s, ",")
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func mustRank(t *testing.T, vs []Village, w Weights, th Thresholds) []Ranked {
	t.Helper()
	r, err := Rank(vs, w, th)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRankScores(t *testing.T) {
	r := mustRank(t, fourVillages(), DefaultWeights(), DefaultThresholds())
	// By hand, with min–max over the four villages: uncovered population
	// 0..2400, travel 600..7200 s (C unreachable: norm 1), distance
	// 1000..12000 m, gain 0..2000.
	wantScore := map[string]float64{
		"A": 0.25*1 + 0.30 + 0.10*3000.0/6600 + 0.05*7000.0/11000 + 0.10*1,
		"C": 0.25*250.0/2400 + 0.15 + 0.10*1 + 0.05*1 + 0.05*1 + 0.10*0.2,
		"B": 0.25*1000.0/2400 + 0.10*1 + 0.05*3000.0/11000 + 0.10*0.45,
		"D": 0.10 * 0,
	}
	if got := ids(r); got != "A,C,B,D" {
		t.Fatalf("order %s, want A,C,B,D", got)
	}
	for i, x := range r {
		if x.Rank != i+1 {
			t.Errorf("%s: rank %d, want %d", x.Village.ID, x.Rank, i+1)
		}
		if !near(x.Score, wantScore[x.Village.ID]) {
			t.Errorf("%s: score %.9f, want %.9f", x.Village.ID, x.Score, wantScore[x.Village.ID])
		}
		if len(x.Factors) != NumFactors {
			t.Fatalf("%s: %d factors", x.Village.ID, len(x.Factors))
		}
		sum := 0.0
		for k, f := range x.Factors {
			if f.Name != FactorNames(true)[k] {
				t.Errorf("%s: factor %d is %s", x.Village.ID, k, f.Name)
			}
			if !near(f.Contribution, f.Weight*f.Norm) || f.Norm < 0 || f.Norm > 1 {
				t.Errorf("%s: %+v", x.Village.ID, f)
			}
			sum += f.Contribution
		}
		if !near(sum, x.Score) {
			t.Errorf("%s: contributions sum to %v, score %v", x.Village.ID, sum, x.Score)
		}
	}
	// Raw values and units of village A.
	a := r[0].Factors
	wantRaw := []float64{2400, 1, 0, 3600, 0, 8000, 2000}
	wantUnit := []string{"people", "flag", "flag", "s", "flag", "m", "people"}
	for k := range a {
		if !near(a[k].Raw, wantRaw[k]) || a[k].Unit != wantUnit[k] {
			t.Errorf("A factor %s: raw %v %s, want %v %s", a[k].Name, a[k].Raw, a[k].Unit, wantRaw[k], wantUnit[k])
		}
	}
	// C is unreachable: raw NaN, norm 1.
	c := r[1].Factors[3]
	if !math.IsNaN(c.Raw) || c.Norm != 1 {
		t.Errorf("C remoteness %+v, want raw NaN, norm 1", c)
	}
}

func TestRankReasonsAndInterventions(t *testing.T) {
	r := mustRank(t, fourVillages(), DefaultWeights(), DefaultThresholds())
	want := []struct {
		id, reason string
		parts      []string
		iv         Intervention
	}{
		{"A", "kantor desa without signal; 2,400 people without signal",
			[]string{FactorOfficeWithoutSignal, FactorUncoveredPopulation}, InterventionMacroBTS},
		{"C", "economic or public-service centre without signal; no facility reachable",
			[]string{FactorEconomicWithoutSignal, ReasonUnreachable}, InterventionVSAT},
		{"B", "1,000 people without signal; 2 h travel time",
			[]string{FactorUncoveredPopulation, FactorRemoteness}, InterventionMacroBTS},
		{"D", "covered", []string{ReasonCovered}, InterventionNone},
	}
	for i, w := range want {
		x := r[i]
		if x.Village.ID != w.id || x.Reason != w.reason || x.Intervention != w.iv {
			t.Errorf("%d: %s %q %s, want %s %q %s", i, x.Village.ID, x.Reason, x.Intervention, w.id, w.reason, w.iv)
		}
		var parts []string
		for _, p := range x.ReasonParts {
			parts = append(parts, p.Factor)
		}
		if !slices.Equal(parts, w.parts) {
			t.Errorf("%s: parts %v, want %v", w.id, parts, w.parts)
		}
	}
	if p := r[0].ReasonParts[1]; p.Value != 2400 {
		t.Errorf("A: part value %v, want 2400", p.Value)
	}
	if p := r[3].ReasonParts[0]; p.Value != 1 {
		t.Errorf("D: covered share %v, want 1", p.Value)
	}
}

func TestRankTiesByID(t *testing.T) {
	base := Village{Population: 100, TravelTimeS: 60, NearestSiteM: 500, NewSiteGain: 50}
	var vs []Village
	for _, id := range []string{"v2", "v10", "v1", "v1"} {
		v := base
		v.ID, v.Name = id, "first "+id
		if len(vs) == 3 {
			v.Name = "second v1"
		}
		vs = append(vs, v)
	}
	covered := base
	covered.ID, covered.Covered, covered.CoveredShare = "a0", true, 1
	vs = append(vs, covered)
	r := mustRank(t, vs, DefaultWeights(), DefaultThresholds())
	if got := ids(r); got != "v1,v1,v10,v2,a0" {
		t.Fatalf("order %s", got)
	}
	if r[0].Village.Name != "first v1" || r[1].Village.Name != "second v1" {
		t.Errorf("equal IDs not in input order: %q, %q", r[0].Village.Name, r[1].Village.Name)
	}
	// Every factor is equal among the uncovered ones (and the covered
	// village has less uncovered population), so min–max gives 0...
	for _, x := range r[:4] {
		if x.Score != r[0].Score {
			t.Errorf("%s: score %v, want %v", x.Village.ID, x.Score, r[0].Score)
		}
	}
	// ...except uncovered population, 0..100.
	if !near(r[0].Score, 0.25) || r[4].Score != 0 {
		t.Errorf("scores %v, %v; want 0.25, 0", r[0].Score, r[4].Score)
	}
}

func TestRankWithoutPopulation(t *testing.T) {
	vs := []Village{
		{ID: "x", Population: nan, CoveredShare: 0.5, TravelTimeS: nan, NearestSiteM: nan, NewSiteGain: nan},
		{ID: "y", Population: nan, CoveredShare: 0.1, TravelTimeS: nan, NearestSiteM: nan, NewSiteGain: nan},
		{ID: "z", Population: nan, CoveredShare: 0.9, TravelTimeS: nan, NearestSiteM: nan, NewSiteGain: nan},
		{ID: "w", Population: nan, CoveredShare: 1, Covered: true, TravelTimeS: nan, NearestSiteM: nan, NewSiteGain: nan},
	}
	r := mustRank(t, vs, DefaultWeights(), DefaultThresholds())
	if got := ids(r); got != "y,x,z,w" {
		t.Fatalf("order %s, want y,x,z,w", got)
	}
	f := r[0].Factors[0]
	if f.Name != FactorUncoveredShare || f.Unit != "share" || !near(f.Raw, 0.9) || f.Norm != 1 {
		t.Errorf("first factor %+v", f)
	}
	if r[0].Reason != "90% of the village without signal" {
		t.Errorf("reason %q", r[0].Reason)
	}
	// Unknown population never justifies a macro BTS.
	if r[0].Intervention != InterventionSmallCell {
		t.Errorf("intervention %s", r[0].Intervention)
	}
	// Population known for some villages only: the factor stays people,
	// and the village of unknown population gets norm 0.
	vs[0].Population = 200
	r = mustRank(t, vs, DefaultWeights(), DefaultThresholds())
	for _, x := range r {
		f := x.Factors[0]
		if f.Name != FactorUncoveredPopulation {
			t.Fatalf("%s: factor %s", x.Village.ID, f.Name)
		}
		if x.Village.ID == "y" && (!math.IsNaN(f.Raw) || f.Norm != 0) {
			t.Errorf("y: %+v, want raw NaN norm 0", f)
		}
	}
	if got := ids(r); got != "x,y,z,w" {
		t.Errorf("order %s, want x,y,z,w", got)
	}
}

func TestRankZeroWeight(t *testing.T) {
	vs := []Village{
		{ID: "X", Population: 100, HasOffice: true, OfficeUncovered: true, TravelTimeS: nan, NearestSiteM: nan, NewSiteGain: nan},
		{ID: "Y", Population: 400, TravelTimeS: nan, NearestSiteM: nan, NewSiteGain: nan},
	}
	w := DefaultWeights()
	if got := ids(mustRank(t, vs, w, DefaultThresholds())); got != "X,Y" {
		t.Fatalf("default order %s, want X,Y (office 0.30 > people 0.25)", got)
	}
	w.OfficeWithoutSignal = 0
	r := mustRank(t, vs, w, DefaultThresholds())
	if got := ids(r); got != "Y,X" {
		t.Fatalf("order without the office weight %s, want Y,X", got)
	}
	f := r[1].Factors[1]
	if f.Name != FactorOfficeWithoutSignal || f.Raw != 1 || f.Norm != 1 || f.Weight != 0 || f.Contribution != 0 {
		t.Errorf("zero-weight factor %+v: still reported, contributing 0", f)
	}
	if r[1].Reason != "no signal" {
		t.Errorf("X reason %q, want \"no signal\"", r[1].Reason)
	}
}

func TestRankWeightChangeFromYAML(t *testing.T) {
	// Remoteness weight 1: C (unreachable, norm 1, plus economic centre)
	// and B (the longest travel time) overtake A.
	w, err := ParseWeights([]byte("remoteness: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := mustRank(t, fourVillages(), w, DefaultThresholds())
	if got := ids(r); got != "C,B,A,D" {
		t.Fatalf("order %s, want C,B,A,D", got)
	}
	if !near(r[1].Score, 0.25*1000.0/2400+1+0.05*3000.0/11000+0.10*0.45) {
		t.Errorf("B score %v", r[1].Score)
	}
	// All weights 0: every score is 0, order by coverage then ID.
	w, err = ParseWeights([]byte("{uncovered_population: 0, office_without_signal: 0, economic_without_signal: 0, remoteness: 0, no_land_access: 0, distance_to_site: 0, gain_per_site: 0}"))
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(mustRank(t, fourVillages(), w, DefaultThresholds())); got != "A,B,C,D" {
		t.Errorf("zero weights order %s, want A,B,C,D", got)
	}
}

func TestIntervention(t *testing.T) {
	th := DefaultThresholds()
	tests := []struct {
		name string
		v    Village
		want Intervention
	}{
		{"covered", Village{Covered: true, Population: 5000, LandAccess: no()}, InterventionNone},
		{"covered, office without signal", Village{Covered: true, CoveredShare: 0.7, Population: 5000, TravelTimeS: 600, LandAccess: yes(), OfficeUncovered: true}, InterventionSmallCell},
		{"covered, market without signal", Village{Covered: true, CoveredShare: 0.7, Population: 5000, TravelTimeS: 600, LandAccess: yes(), EconomicUncovered: true}, InterventionSmallCell},
		{"covered, office without signal, no land access", Village{Covered: true, CoveredShare: 0.7, Population: 5000, LandAccess: no(), OfficeUncovered: true}, InterventionVSAT},
		{"no land access", Village{Population: 5000, TravelTimeS: 600, LandAccess: no()}, InterventionVSAT},
		{"unreachable", Village{Population: 5000, TravelTimeS: nan, Unreachable: true}, InterventionVSAT},
		{"beyond travel time", Village{Population: 5000, TravelTimeS: 4*3600 + 1, LandAccess: yes()}, InterventionVSAT},
		{"at travel time", Village{Population: 5000, TravelTimeS: 4 * 3600, LandAccess: yes()}, InterventionMacroBTS},
		{"at population", Village{Population: 1000, TravelTimeS: 600, LandAccess: yes()}, InterventionMacroBTS},
		{"below population", Village{Population: 999, TravelTimeS: 600, LandAccess: yes()}, InterventionSmallCell},
		{"access unknown", Village{Population: 5000, TravelTimeS: nan}, InterventionMacroBTS},
		{"population unknown", Village{Population: nan, TravelTimeS: 600, LandAccess: yes()}, InterventionSmallCell},
		{"negative population", Village{Population: -5, TravelTimeS: 600, LandAccess: yes()}, InterventionSmallCell},
	}
	for _, tt := range tests {
		r := mustRank(t, []Village{tt.v}, DefaultWeights(), th)
		if r[0].Intervention != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, r[0].Intervention, tt.want)
		}
	}
	// a covered village whose office has no signal gives the office as its
	// reason, not "covered"
	r0 := mustRank(t, []Village{{ID: "a", Covered: true, CoveredShare: 0.7, Population: 5000, OfficeUncovered: true}, {ID: "b", Covered: true, CoveredShare: 1, Population: 10}}, DefaultWeights(), th)
	if p := r0[0].ReasonParts; r0[0].Village.ID != "a" || len(p) == 0 || p[0].Factor != "office_without_signal" {
		t.Errorf("covered village with an office without signal: %+v", r0[0])
	}
	// +Inf disables the rules.
	off := Thresholds{MacroMinPopulation: math.Inf(1), VSATTravelTimeS: math.Inf(1)}
	r := mustRank(t, []Village{{Population: 1e6, TravelTimeS: 1e6, LandAccess: yes()}}, DefaultWeights(), off)
	if r[0].Intervention != InterventionSmallCell {
		t.Errorf("rules off: %s, want small_cell", r[0].Intervention)
	}
}

func TestRankBadParameters(t *testing.T) {
	vs := fourVillages()
	for _, w := range []Weights{{Remoteness: -1}, {GainPerSite: nan}, {NoLandAccess: math.Inf(1)}} {
		if _, err := Rank(vs, w, DefaultThresholds()); err == nil || !strings.HasPrefix(err.Error(), "priority: weight") {
			t.Errorf("%+v: error %v", w, err)
		}
	}
	for _, th := range []Thresholds{{MacroMinPopulation: -1}, {VSATTravelTimeS: nan}} {
		if _, err := Rank(vs, DefaultWeights(), th); err == nil || !strings.HasPrefix(err.Error(), "priority: threshold") {
			t.Errorf("%+v: error %v", th, err)
		}
	}
	if r, err := Rank(nil, DefaultWeights(), DefaultThresholds()); err != nil || len(r) != 0 {
		t.Errorf("no villages: %v, %v", r, err)
	}
}

// TestRankNoPanic feeds NaN, infinite, negative and out-of-range values
// and checks the invariants: finite scores, norms in 0..1, a total order.
func TestRankNoPanic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	odd := []float64{nan, math.Inf(1), math.Inf(-1), -1, 0, 1e300, 0.5, 2}
	pick := func() float64 {
		if rng.IntN(2) == 0 {
			return odd[rng.IntN(len(odd))]
		}
		return rng.Float64() * 5000
	}
	for round := range 50 {
		vs := make([]Village, 1+rng.IntN(30))
		for i := range vs {
			vs[i] = Village{ID: string(rune('a' + rng.IntN(5))), Kecamatan: string(rune('K' + rng.IntN(3))),
				Population: pick(), CoveredShare: pick(), Covered: rng.IntN(3) == 0,
				HasOffice: rng.IntN(2) == 0, OfficeUncovered: rng.IntN(2) == 0, EconomicUncovered: rng.IntN(2) == 0,
				TravelTimeS: pick(), Unreachable: rng.IntN(5) == 0, NearestSiteM: pick(), NewSiteGain: pick()}
			switch rng.IntN(3) {
			case 0:
				vs[i].LandAccess = yes()
			case 1:
				vs[i].LandAccess = no()
			}
		}
		r := mustRank(t, vs, DefaultWeights(), DefaultThresholds())
		for i, x := range r {
			if math.IsNaN(x.Score) || math.IsInf(x.Score, 0) || x.Reason == "" || x.Intervention == "" {
				t.Fatalf("round %d: %+v", round, x)
			}
			for _, f := range x.Factors {
				if !(f.Norm >= 0 && f.Norm <= 1) {
					t.Fatalf("round %d: %s: norm %v", round, f.Name, f.Norm)
				}
			}
			if i > 0 {
				p := r[i-1]
				if p.Village.Covered && !x.Village.Covered ||
					p.Village.Covered == x.Village.Covered && (p.Score < x.Score || p.Score == x.Score && p.Village.ID > x.Village.ID) {
					t.Fatalf("round %d: %s before %s", round, p.Village.ID, x.Village.ID)
				}
			}
		}
		for _, s := range SummariseByKecamatan(r) {
			if s.Villages != s.VillagesCovered+s.BlankSpots {
				t.Fatalf("round %d: %+v", round, s)
			}
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{FormatCount(0), "0"},
		{FormatCount(999.4), "999"},
		{FormatCount(2310.4), "2,310"},
		{FormatCount(1234567), "1,234,567"},
		{FormatCount(-1234), "-1,234"},
		{FormatCount(nan), "?"},
		{FormatPercent(0.624), "62%"},
		{FormatPercent(1), "100%"},
		{FormatDuration(29), "0 min"},
		{FormatDuration(45 * 60), "45 min"},
		{FormatDuration(3599), "1 h"},
		{FormatDuration(3*3600 + 20*60), "3 h 20 min"},
		{FormatDuration(nan), "?"},
		{FormatDistance(850), "850 m"},
		{FormatDistance(999.6), "1.0 km"},
		{FormatDistance(12449), "12.4 km"},
		{FormatDistance(math.Inf(1)), "?"},
		{PartText(ReasonPart{FactorGainPerSite, 1850}), "a new site would serve 1,850 people"},
		{PartText(ReasonPart{FactorDistanceToSite, 12400}), "12.4 km to the nearest site"},
		{PartText(ReasonPart{FactorNoLandAccess, 1}), "no land access"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: %q, want %q", i, tt.got, tt.want)
		}
	}
}
