package coverage

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// origin is a point in Kutai Kartanegara near Tenggarong.
var origin = orb.Point{117.0, -0.4}

// at returns the point east (x) and north (y) metres of c on c's plane.
func at(c orb.Point, x, y float64) orb.Point { return earth.NewLocal(c).Unproject(orb.Point{x, y}) }

func omni(id string, pos orb.Point, radiusM float64) Site {
	return Site{ID: id, Pos: pos, Tech: Tech2G, RadiusM: radiusM}
}

func mustEval(t *testing.T, sites []Site, targets []Target, st []WeightedPoint, p Params) ([]Result, Summary) {
	t.Helper()
	res, sum, err := Evaluate(sites, targets, st, p)
	if err != nil {
		t.Fatal(err)
	}
	return res, sum
}

func TestRadiusBoundary(t *testing.T) {
	target := at(origin, 3000, 0)
	d := earth.DistanceM(origin, target)
	tests := []struct {
		name    string
		radiusM float64
		want    bool
	}{
		{"exactly at radius", d, true},
		{"a centimetre short", d - 0.01, false},
		{"a centimetre beyond", d + 0.01, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, _ := mustEval(t, []Site{omni("s", origin, tc.radiusM)}, []Target{{Geometry: target}}, nil, Params{})
			r := res[0]
			if r.Covered != tc.want {
				t.Fatalf("covered %v, want %v", r.Covered, tc.want)
			}
			if r.DistanceM != d {
				t.Errorf("distance %v, want geodesic %v", r.DistanceM, d)
			}
			if !math.IsNaN(r.SignalDBm) {
				t.Errorf("radius model signal %v, want NaN", r.SignalDBm)
			}
			if tc.want && (r.BestSite != "s" || r.NSites != 1 || r.CoveredShare != 1 || !r.ByTech[0]) {
				t.Errorf("result %+v", r)
			}
			if !tc.want && (r.BestSite != "" || r.NSites != 0 || r.ByTech[0]) {
				t.Errorf("result %+v", r)
			}
		})
	}
}

func TestSectors(t *testing.T) {
	// A sector pointing east with a 65° beam.
	site := Site{ID: "sec", Pos: origin, Tech: Tech4G, RadiusM: 2000, AzimuthDeg: 90, BeamwidthDeg: 65}
	targets := []Target{
		{Geometry: at(origin, 1000, 0)},  // boresight
		{Geometry: at(origin, -1000, 0)}, // back
		{Geometry: at(origin, 1000*math.Sin(120*math.Pi/180), 1000*math.Cos(120*math.Pi/180))}, // 30° off
		{Geometry: at(origin, 1000*math.Sin(125*math.Pi/180), 1000*math.Cos(125*math.Pi/180))}, // 35° off
	}
	res, _ := mustEval(t, []Site{site}, targets, nil, Params{})
	for i, want := range []bool{true, false, true, false} {
		if res[i].Covered != want {
			t.Errorf("radius target %d covered %v, want %v", i, res[i].Covered, want)
		}
	}

	// With Hata the back lobe is Am = 25 dB down and 30° off is
	// 12·(30/65)² dB down, at the same distance.
	site.HeightM, site.FreqMHz, site.EIRPdBm = 35, 1800, 30
	thr := -200.0
	res, _ = mustEval(t, []Site{site}, targets, nil, Params{Model: ModelHata, ThresholdDBm: &thr})
	d := earth.DistanceM(origin, targets[0].Geometry.(orb.Point))
	front := 30 - HataLossDB(math.Max(d, 1000), HataParams{FreqMHz: 1800, TxHeightM: 35, RxHeightM: 1.5,
		Environment: EnvSuburban, COST231: true})
	if math.Abs(res[0].SignalDBm-front) > 1e-9 {
		t.Errorf("front %v dBm, want %v", res[0].SignalDBm, front)
	}
	if got := res[0].SignalDBm - res[1].SignalDBm; math.Abs(got-25) > 1e-6 {
		t.Errorf("front-to-back %v dB, want 25", got)
	}
	if got, want := res[0].SignalDBm-res[2].SignalDBm, 12*math.Pow(30.0/65, 2); math.Abs(got-want) > 0.01 {
		t.Errorf("30° off loses %v dB, want %v", got, want)
	}
}

func TestBestSiteTies(t *testing.T) {
	// Same place, same power: the smaller id wins whatever the input order.
	sites := []Site{omni("B", origin, 5000), omni("A", origin, 5000), omni("C", at(origin, 4000, 0), 5000)}
	tg := []Target{{Geometry: at(origin, 1000, 0)}}
	for _, m := range []Model{ModelRadius, ModelFSPL, ModelHata} {
		res, _ := mustEval(t, sites, tg, nil, Params{Model: m})
		if res[0].BestSite != "A" || res[0].NSites != 3 {
			t.Errorf("%s: best %q n %d, want A and 3", m, res[0].BestSite, res[0].NSites)
		}
	}
	// Nearer beats id.
	tg = []Target{{Geometry: at(origin, 3000, 0)}}
	res, _ := mustEval(t, sites, tg, nil, Params{Model: ModelHata})
	if res[0].BestSite != "C" {
		t.Errorf("best %q, want the nearer C", res[0].BestSite)
	}
}

// squareAt is the square of half side h metres around c, counter-clockwise.
func squareAt(c orb.Point, h float64) orb.Ring {
	return orb.Ring{at(c, -h, -h), at(c, h, -h), at(c, h, h), at(c, -h, h), at(c, -h, -h)}
}

func TestPolygonWithHole(t *testing.T) {
	// A 4 km square with a 2 km hole, centred on the site so the engine's
	// plane is centred there too and the 250 m lattice is aligned with
	// the edges: 16² − 8² = 192 samples.
	hole := squareAt(origin, 1000)
	hole.Reverse()
	poly := orb.Polygon{squareAt(origin, 2000), hole}
	const radiusM = 1500
	// Count by hand the cell centres within the radius and outside the
	// hole; the plane/geodesic difference (< 1 m here) must not matter.
	want := 0
	for i := -8; i < 8; i++ {
		for j := -8; j < 8; j++ {
			x, y := (float64(i)+0.5)*250, (float64(j)+0.5)*250
			if math.Abs(x) < 1000 && math.Abs(y) < 1000 {
				continue
			}
			d := math.Hypot(x, y)
			if math.Abs(d-radiusM) < 2 {
				t.Fatalf("cell centre %v m from the site: test not robust", d)
			}
			if d <= radiusM {
				want++
			}
		}
	}
	res, _ := mustEval(t, []Site{omni("s", origin, radiusM)}, []Target{{Geometry: poly}}, nil, Params{})
	r := res[0]
	if r.Samples != 192 {
		t.Fatalf("samples %d, want 192", r.Samples)
	}
	if got := r.CoveredShare; math.Abs(got-float64(want)/192) > 1e-12 {
		t.Errorf("share %v, want %d/192", got, want)
	}
	if r.Covered != (float64(want)/192 >= 0.5) || r.BestSite != "s" || r.Weighted {
		t.Errorf("result %+v", r)
	}
	// The hole alone: nothing to cover.
	res, _ = mustEval(t, []Site{omni("s", origin, 900)}, []Target{{Geometry: poly}}, nil, Params{})
	if res[0].CoveredShare != 0 || res[0].Covered || res[0].BestSite != "" {
		t.Errorf("hole: %+v", res[0])
	}
	// DistanceM is the smallest over the samples: the inner corner cells.
	if d, want := res[0].DistanceM, math.Hypot(1125, 125); math.Abs(d-want) > 1 {
		t.Errorf("distance %v", d)
	}
}

func TestSmallPolygonOnePoint(t *testing.T) {
	c := at(origin, 5000, 5000)
	tiny := orb.Polygon{squareAt(c, 40)}
	res, _ := mustEval(t, []Site{omni("s", origin, 7100)}, []Target{{Geometry: tiny}}, nil, Params{})
	if res[0].Samples != 1 || !res[0].Covered {
		t.Errorf("tiny polygon %+v", res[0])
	}
}

func TestLineHalfCovered(t *testing.T) {
	line := orb.LineString{origin, at(origin, 4000, 0), at(origin, 10000, 0)}
	res, _ := mustEval(t, []Site{omni("s", origin, 5000)}, []Target{{Geometry: line}}, nil, Params{})
	r := res[0]
	if math.Abs(r.LengthM-10000) > 10 {
		t.Errorf("length %v", r.LengthM)
	}
	if math.Abs(r.CoveredShare-0.5) > 250/r.LengthM {
		t.Errorf("share %v, want 0.5 within one step", r.CoveredShare)
	}
	if math.Abs(r.CoveredLengthM-r.CoveredShare*r.LengthM) > 1e-9 || math.Abs(r.CoveredLengthM-5000) > 250 {
		t.Errorf("covered length %v", r.CoveredLengthM)
	}
	if r.Samples != 16+24 {
		t.Errorf("samples %d, want 40", r.Samples)
	}
}

func TestPopulationWeighted(t *testing.T) {
	poly := orb.Polygon{squareAt(origin, 2000)}
	st := []WeightedPoint{
		{Pos: at(origin, 500, 0), Weight: 300},     // inside, covered
		{Pos: at(origin, 1900, 1900), Weight: 100}, // inside, not covered
		{Pos: at(origin, 3000, 0), Weight: 1000},   // outside
	}
	sites := []Site{omni("s", origin, 1000)}
	tests := []struct {
		minShare float64
		covered  bool
	}{{0.5, true}, {0.75, true}, {0.8, false}}
	for _, tc := range tests {
		res, sum := mustEval(t, sites, []Target{{Geometry: poly, Population: 400}}, st, Params{MinShare: tc.minShare})
		r := res[0]
		if !r.Weighted || r.Samples != 2 || math.Abs(r.CoveredShare-0.75) > 1e-12 || r.Covered != tc.covered {
			t.Errorf("min share %v: %+v", tc.minShare, r)
		}
		if sum.Population != 400 || (sum.PopulationCovered == 400) != tc.covered {
			t.Errorf("summary %+v", sum)
		}
	}
	// No population known: settlements count equally.
	st[0].Weight, st[1].Weight = 0, 0
	res, _ := mustEval(t, sites, []Target{{Geometry: poly}}, st, Params{})
	if res[0].CoveredShare != 0.5 {
		t.Errorf("unweighted share %v", res[0].CoveredShare)
	}
}

// TestAgainstBruteForce compares the indexed engine with a plain loop over
// every site with geodesic distances, for random sites and points.
func TestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var sites []Site
	techs := []Tech{Tech2G, Tech4G}
	for i := range 300 {
		s := Site{ID: fmt.Sprintf("s%03d", i), Pos: orb.Point{116.5 + rng.Float64(), -1 + rng.Float64()},
			Tech: techs[i%2], RadiusM: 1000 + 6000*rng.Float64()}
		if i%3 == 0 {
			s.AzimuthDeg, s.BeamwidthDeg = 360*rng.Float64(), 65
		}
		sites = append(sites, s)
	}
	var targets []Target
	for range 1000 {
		targets = append(targets, Target{Geometry: orb.Point{116.4 + 1.2*rng.Float64(), -1.1 + 1.2*rng.Float64()}})
	}
	for _, m := range []Model{ModelRadius, ModelHata, ModelFSPL} {
		p := Params{Model: m}
		if m == ModelFSPL {
			thr := -60.0
			p.ThresholdDBm = &thr
		}
		res, _ := mustEval(t, sites, targets, nil, p)
		w := warnCounter{}
		q := p
		_ = q.normalise(w)
		e, err := newEngine(append([]Site(nil), sites...), q, w, bbox{})
		if err != nil {
			t.Fatal(err)
		}
		for ti, tg := range targets {
			pt := tg.Geometry.(orb.Point)
			n, nearest := 0, math.Inf(1)
			best, bestV := -1, math.Inf(-1)
			for si := range e.sites {
				s := &e.sites[si]
				d := earth.DistanceM(s.pos, pt)
				nearest = math.Min(nearest, d)
				off := 0.0
				if !s.omni {
					az, _ := s.bearingDeg(pt)
					off = offAxisDeg(az, s.az)
				}
				var cov bool
				var v float64
				if m == ModelRadius {
					cov = d <= s.reachM && (s.omni || off <= s.bw/2)
					v = -d
				} else {
					v = s.eirp - s.lm.lossDB(d) - PatternLossDB(off, s.bw)
					cov = v >= s.thr
				}
				if cov {
					n++
					if v > bestV || (v == bestV && s.id < e.sites[best].id) {
						best, bestV = si, v
					}
				}
			}
			r := res[ti]
			if r.NSites != n || r.DistanceM != nearest || (best >= 0) != r.Covered {
				t.Fatalf("%s target %d: n %d/%d nearest %v/%v", m, ti, r.NSites, n, r.DistanceM, nearest)
			}
			if best >= 0 && r.BestSite != e.sites[best].id {
				t.Fatalf("%s target %d: best %s, want %s", m, ti, r.BestSite, e.sites[best].id)
			}
			if m != ModelRadius && best >= 0 && r.SignalDBm != bestV {
				t.Fatalf("%s target %d: signal %v, want %v", m, ti, r.SignalDBm, bestV)
			}
		}
	}
}

// randomScene is a seeded mix of points, polygons and lines.
func randomScene(nSites, nTargets int, seed uint64) ([]Site, []Target, []WeightedPoint) {
	rng := rand.New(rand.NewPCG(seed, 7))
	techs := []Tech{Tech2G, Tech3G, Tech4G, Tech5G}
	sites := make([]Site, nSites)
	for i := range sites {
		sites[i] = Site{ID: fmt.Sprintf("S%05d", i), Pos: orb.Point{116 + 1.5*rng.Float64(), -1.2 + 1.5*rng.Float64()},
			Tech: techs[rng.IntN(4)]}
		if rng.IntN(3) == 0 {
			sites[i].AzimuthDeg, sites[i].BeamwidthDeg = float64(rng.IntN(3)*120), 65
		}
	}
	targets := make([]Target, nTargets)
	for i := range targets {
		c := orb.Point{116 + 1.5*rng.Float64(), -1.2 + 1.5*rng.Float64()}
		switch i % 3 {
		case 0:
			targets[i] = Target{Geometry: c, Population: float64(rng.IntN(500))}
		case 1:
			h := 300 + 1500*rng.Float64()
			targets[i] = Target{Geometry: orb.Polygon{squareAt(c, h)}, Population: float64(rng.IntN(3000))}
		default:
			targets[i] = Target{Geometry: orb.LineString{c, at(c, 3000*rng.Float64(), 3000*rng.Float64()), at(c, 5000, -2000)}}
		}
	}
	st := make([]WeightedPoint, nTargets)
	for i := range st {
		st[i] = WeightedPoint{Pos: orb.Point{116 + 1.5*rng.Float64(), -1.2 + 1.5*rng.Float64()}, Weight: float64(rng.IntN(200))}
	}
	return sites, targets, st
}

func TestParallelDeterminism(t *testing.T) {
	sites, targets, st := randomScene(400, 600, 3)
	for _, m := range []Model{ModelRadius, ModelHata, ModelCOST231} {
		r1, s1 := mustEval(t, sites, targets, st, Params{Model: m, Workers: 1})
		r4, s4 := mustEval(t, sites, targets, st, Params{Model: m, Workers: 4})
		// NaN ≠ NaN for reflect.DeepEqual, so compare the printed values,
		// which round-trip every other float exactly.
		if a, b := fmt.Sprintf("%v %v", r1, s1), fmt.Sprintf("%v %v", r4, s4); a != b {
			t.Errorf("%s: results differ between 1 and 4 workers", m)
		}
		if !reflect.DeepEqual(s1, s4) {
			t.Errorf("%s: summaries differ", m)
		}
		if s1.Covered == 0 || s1.Covered == s1.Targets {
			t.Errorf("%s: degenerate scene, %d of %d covered", m, s1.Covered, s1.Targets)
		}
	}
}

func TestGarbage(t *testing.T) {
	good := omni("ok", origin, 1000)
	siteCases := []struct {
		name string
		site Site
		want string
	}{
		{"NaN position", Site{ID: "nan", Pos: orb.Point{math.NaN(), 0}, Tech: Tech2G}, `site 1 (id "nan")`},
		{"Inf position", Site{ID: "inf", Pos: orb.Point{0, math.Inf(1)}, Tech: Tech2G}, `site 1 (id "inf")`},
		{"metres not degrees", Site{ID: "utm", Pos: orb.Point{500000, 9950000}, Tech: Tech2G}, "not a longitude"},
		{"no tech", Site{ID: "x", Pos: origin}, "no technology"},
		{"negative radius", Site{ID: "r", Pos: origin, Tech: Tech2G, RadiusM: -5}, "radius"},
		{"NaN azimuth", Site{ID: "a", Pos: origin, Tech: Tech2G, AzimuthDeg: math.NaN(), BeamwidthDeg: 65}, "azimuth"},
	}
	for _, tc := range siteCases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Evaluate([]Site{good, tc.site}, []Target{{Geometry: origin}}, nil, Params{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrBadSite) ||
				!strings.HasPrefix(err.Error(), "coverage: ") {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
	// A Hata site of a technology the table does not know has no threshold.
	_, _, err := Evaluate([]Site{{ID: "x", Pos: origin, Tech: "6G", HeightM: 30, FreqMHz: 900, EIRPdBm: 50}},
		nil, nil, Params{Model: ModelHata})
	if err == nil || !strings.Contains(err.Error(), "threshold") {
		t.Errorf("unknown tech: %v", err)
	}

	nan := math.NaN()
	for _, p := range []Params{
		{Model: "itm"}, {Environment: "forest"}, {SampleM: nan}, {SampleM: -1}, {MinShare: 2},
		{RxHeightM: math.Inf(1)}, {ThresholdDBm: &nan},
	} {
		if _, _, err := Evaluate([]Site{good}, nil, nil, p); !errors.Is(err, ErrBadParams) {
			t.Errorf("params %+v: err %v", p, err)
		}
	}

	targets := []Target{
		{},
		{Geometry: orb.Point{nan, 1}},
		{Geometry: orb.Polygon{}},
		{Geometry: orb.Polygon{{origin, origin, origin, origin}}},
		{Geometry: orb.MultiPolygon{{{}}}},
		{Geometry: orb.LineString{}},
		{Geometry: orb.MultiPoint{}},
		{Geometry: orb.Collection{origin}},
		{Geometry: orb.LineString{origin, origin}}, // zero length: judged as a point
		{Geometry: orb.Polygon{{origin, at(origin, 1e-9, 0), origin}}},
		{Geometry: origin, Population: nan},
		{Geometry: orb.Polygon{{{95, -11}, {141, -11}, {141, 6}, {95, 6}, {95, -11}}}}, // Indonesia's extent
	}
	st := []WeightedPoint{{Pos: orb.Point{nan, 0}, Weight: 1}, {Pos: origin, Weight: math.Inf(1)}}
	res, sum, err := Evaluate([]Site{good}, targets, st, Params{Model: ModelHata, SampleM: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res[:8] {
		if r.Problem == "" || r.Covered {
			t.Errorf("target %d: want a problem, got %+v", i, r)
		}
	}
	if res[8].Problem != "" || !res[8].Covered || res[10].Problem != "" || !res[10].Covered {
		t.Errorf("zero-length line / NaN population: %+v / %+v", res[8], res[10])
	}
	if sum.Skipped != 8+1 || sum.Population != 0 {
		t.Errorf("summary %+v", sum)
	}
	kinds := map[string]bool{}
	for _, w := range sum.Warnings {
		kinds[w.Kind] = true
	}
	for _, k := range []string{WarnBadTarget, WarnSettlementSkip, WarnSampleSpacing} {
		if !kinds[k] {
			t.Errorf("warning %s missing from %+v", k, sum.Warnings)
		}
	}
}

func TestNoSites(t *testing.T) {
	res, sum := mustEval(t, nil, []Target{{Geometry: origin}, {Geometry: orb.Polygon{squareAt(origin, 600)}}}, nil, Params{Model: ModelHata})
	for _, r := range res {
		if r.Covered || !math.IsNaN(r.DistanceM) || r.BestSite != "" || len(r.ByTech) != 0 {
			t.Errorf("%+v", r)
		}
	}
	if sum.Covered != 0 || len(sum.Techs) != 0 {
		t.Errorf("%+v", sum)
	}
}

func TestDefaults(t *testing.T) {
	tab := DefaultTechTable()
	s := Site{Tech: Tech4G, HeightM: 42}
	s.ApplyDefaults(tab)
	if s.HeightM != 42 || s.FreqMHz != 1800 || s.EIRPdBm != tab[Tech4G].EIRPdBm || s.RadiusM != 3000 {
		t.Errorf("%+v", s)
	}
	u := Site{Tech: "CDMA"}
	u.ApplyDefaults(tab)
	if u != (Site{Tech: "CDMA"}) {
		t.Errorf("unknown tech changed: %+v", u)
	}
	ts := []Tech{"X", Tech5G, Tech2G, "A", Tech4G}
	sortTechs(ts)
	if fmt.Sprint(ts) != "[2G 4G 5G A X]" {
		t.Errorf("order %v", ts)
	}
	// Summary per technology, in canonical order.
	sites := []Site{{ID: "a", Pos: origin, Tech: Tech4G}, {ID: "b", Pos: at(origin, 20000, 0), Tech: Tech2G}}
	_, sum := mustEval(t, sites, []Target{{Geometry: at(origin, 100, 0), Population: 10}, {Geometry: at(origin, 19000, 0)}}, nil, Params{})
	if fmt.Sprint(sum.Techs, sum.SitesByTech, sum.CoveredByTech) != "[2G 4G] [1 1] [1 1]" || sum.PopulationCovered != 10 {
		t.Errorf("%+v", sum)
	}
}

func ExampleEvaluate() {
	sites := []Site{
		{ID: "BTS-1", Pos: orb.Point{117.00, -0.40}, Tech: Tech2G},
		{ID: "BTS-2", Pos: orb.Point{117.10, -0.40}, Tech: Tech4G},
	}
	targets := []Target{
		{Geometry: orb.Point{117.02, -0.41}, Population: 800}, // 2.5 km from BTS-1
		{Geometry: orb.Point{117.30, -0.40}, Population: 150}, // 22 km from BTS-2
	}
	res, sum, err := Evaluate(sites, targets, nil, Params{Model: ModelHata})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res {
		fmt.Printf("covered=%v best=%q dist=%.0f m signal=%.1f dBm\n", r.Covered, r.BestSite, r.DistanceM, r.SignalDBm)
	}
	fmt.Printf("%d of %d covered, %.0f of %.0f people\n", sum.Covered, sum.Targets, sum.PopulationCovered, sum.Population)
	// Output:
	// covered=true best="BTS-1" dist=2486 m signal=-71.3 dBm
	// covered=false best="" dist=22263 m signal=NaN dBm
	// 1 of 2 covered, 800 of 950 people
}

func TestTechFromRadio(t *testing.T) {
	for in, want := range map[string]Tech{"GSM": Tech2G, " umts ": Tech3G, "LTE": Tech4G, "nr": Tech5G, "4g": Tech4G} {
		if got, ok := TechFromRadio(in); !ok || got != want {
			t.Errorf("%q: %q %v", in, got, ok)
		}
	}
	if _, ok := TechFromRadio("CDMA"); ok {
		t.Error("CDMA accepted")
	}
}

// TestSectorBearingFarNorth: a sector at 75° N judged 80 km out at 30°
// off its boresight, placed along the geodesic: the pattern loss is the
// one at 30° exactly (a planar bearing drifts by a degree or more there),
// and the same in the raster sweep.
func TestSectorBearingFarNorth(t *testing.T) {
	site := Site{ID: "N", Pos: orb.Point{20, 75}, Tech: Tech4G, AzimuthDeg: 60, BeamwidthDeg: 65, HeightM: 40}
	p := Params{Model: ModelFSPL, MaxReachM: 200000}
	w := warnCounter{}
	q := p
	if err := q.normalise(w); err != nil {
		t.Fatal(err)
	}
	e, err := newEngine([]Site{site}, q, w, bbox{})
	if err != nil {
		t.Fatal(err)
	}
	s := &e.sites[0]
	for _, off := range []float64{-30, 0, 30} {
		pt := earth.Direct(site.Pos, 60+off, 80000)
		want := s.eirp - s.lm.lossDB(80000) - PatternLossDB(math.Abs(off), s.bw)
		res, _ := mustEval(t, []Site{site}, []Target{{Geometry: pt}}, nil, p)
		if math.Abs(res[0].SignalDBm-want) > 0.01 {
			t.Errorf("off-axis %v°: %.3f dBm, want %.3f", off, res[0].SignalDBm, want)
		}
	}
}

// TestAntimeridianRefused: targets on both sides of ±180°, or a site
// reaching targets only across it, are refused rather than judged on a
// plane that puts them 360° apart.
func TestAntimeridianRefused(t *testing.T) {
	east := Target{Geometry: orb.Point{179.98, -16.5}}
	west := Target{Geometry: orb.Point{-179.98, -16.5}}
	site := func(lon float64) Site {
		return Site{ID: "F", Pos: orb.Point{lon, -16.5}, Tech: Tech4G, RadiusM: 5000}
	}
	for _, c := range []struct {
		name    string
		site    Site
		targets []Target
		refused bool
	}{
		{"targets on both sides", site(179.99), []Target{east, west}, true},
		{"site across from the targets", site(179.99), []Target{west}, true},
		{"site on the same side", site(-179.99), []Target{west}, false},
		{"far from the antimeridian", site(178), []Target{{Geometry: orb.Point{177.99, -16.5}}}, false},
	} {
		_, _, err := Evaluate([]Site{c.site}, c.targets, nil, Params{})
		if refused := err != nil && strings.Contains(err.Error(), "antimeridian"); refused != c.refused {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// TestSuburbanAboveCOSTRange: above 1500 MHz hata is COST-231-Hata, which
// has no suburban correction: the loss equals urban, and a warning says so
// for each such site (none at 900 MHz, where suburban is 9.9 dB less).
func TestSuburbanAboveCOSTRange(t *testing.T) {
	target := []Target{{Geometry: orb.Point{117.05, 0}}}
	// the warnings other than reach-capped (a -200 dBm threshold reaches far)
	signal := func(freq float64, env Environment) (float64, []Warning) {
		s := Site{ID: "S", Pos: orb.Point{117, 0}, Tech: Tech4G, FreqMHz: freq, HeightM: 40, EIRPdBm: 30}
		thr := -200.0
		res, sum := mustEval(t, []Site{s}, target, nil, Params{Model: ModelHata, Environment: env, ThresholdDBm: &thr})
		var ws []Warning
		for _, w := range sum.Warnings {
			if w.Kind != WarnReachCapped {
				ws = append(ws, w)
			}
		}
		return res[0].SignalDBm, ws
	}
	sub, warns := signal(1800, EnvSuburban)
	urban, _ := signal(1800, EnvUrban)
	if sub != urban || len(warns) != 1 || warns[0].Kind != WarnSuburbanCOST || warns[0].Count != 1 {
		t.Errorf("1800 MHz: suburban %v, urban %v dBm, warnings %+v", sub, urban, warns)
	}
	sub, warns = signal(900, EnvSuburban)
	urban, _ = signal(900, EnvUrban)
	if !(sub-urban > 9) || len(warns) != 0 {
		t.Errorf("900 MHz: suburban %v, urban %v dBm, warnings %+v", sub, urban, warns)
	}
}
