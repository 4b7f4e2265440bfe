package coverage

import (
	"math"
	"testing"
)

// TestHataNS3 checks the Okumura-Hata and COST-231-Hata losses against
// the reference values of the ns-3 test suite
// (src/propagation/test/okumura-hata-test-suite.cc, CTTC 2011–2012:
// d = 2 km, hb = 30 m, hm = 1 m), to 0.01 dB.
func TestHataNS3(t *testing.T) {
	tests := []struct {
		name    string
		freqMHz float64
		env     Environment
		large   bool
		cost    bool
		want    float64
	}{
		{"OH urban large city", 869, EnvUrban, true, false, 137.93},
		{"OH urban small city", 869, EnvUrban, false, false, 137.88},
		// ns-3 sets LargeCity here too; Hata's suburban correction is
		// relative to the small/medium-city formula, which both use.
		{"OH suburban", 869, EnvSuburban, true, false, 128.03},
		{"COST231 urban medium city", 2114, EnvUrban, false, true, 150.64},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := HataLossDB(2000, HataParams{FreqMHz: tc.freqMHz, TxHeightM: 30, RxHeightM: 1,
				Environment: tc.env, LargeCity: tc.large, COST231: tc.cost})
			if math.Abs(got-tc.want) > 0.01 {
				t.Errorf("loss %.4f dB, want %.2f", got, tc.want)
			}
		})
	}
}

// TestHataByHand covers the two ns-3 cases whose reference values do not
// follow the published formulas, with values computed by hand here:
//   - open area: ns-3 expects 109.66 dB, but its reference script uses
//     4.70·(log f)² where Hata 1980 eq. (7) has 4.78;
//   - COST-231 large city: ns-3 expects 148.55 dB with a(hm) =
//     3.2·(log 11.75·hm)², dropping Hata's − 4.97.
func TestHataByHand(t *testing.T) {
	lf := math.Log10(869.0)
	lhb := math.Log10(30.0)
	ld := math.Log10(2.0)
	// Small/medium-city a(hm) at hm = 1 m, Hata eq. (4).
	ahm := (1.1*lf - 0.7) - (1.56*lf - 0.8)
	urban := 69.55 + 26.16*lf - 13.82*lhb + (44.9-6.55*lhb)*ld - ahm
	open := urban - 4.78*lf*lf + 18.33*lf - 40.94
	got := HataLossDB(2000, HataParams{FreqMHz: 869, TxHeightM: 30, RxHeightM: 1, Environment: EnvOpen})
	if math.Abs(got-open) > 0.01 || math.Abs(open-109.52) > 0.01 {
		t.Errorf("open: got %.4f, hand %.4f, want 109.52", got, open)
	}

	lf = math.Log10(2114.0)
	t2 := math.Log10(11.75 * 1)
	ahmLarge := 3.2*t2*t2 - 4.97 // Hata eq. (5), f >= 400 MHz
	large := 46.3 + 33.9*lf - 13.82*lhb + (44.9-6.55*lhb)*ld - ahmLarge + 3
	got = HataLossDB(2000, HataParams{FreqMHz: 2114, TxHeightM: 30, RxHeightM: 1, Environment: EnvUrban, LargeCity: true, COST231: true})
	if math.Abs(got-large) > 0.01 || math.Abs(large-153.52) > 0.01 {
		t.Errorf("COST-231 large city: got %.4f, hand %.4f, want 153.52", got, large)
	}
	// And ns-3's value is reproduced by removing the −4.97.
	if ns3 := got - 4.97; math.Abs(ns3-148.55) > 0.01 {
		t.Errorf("ns-3 variant %.4f, want 148.55", ns3)
	}
}

// TestFreeSpaceFriis uses the ns-3 Friis test vectors
// (src/propagation/test/propagation-loss-model-test-suite.cc, The Boeing
// Company 2009): λ = 0.125 m, Pt = 0.05035702 W, Pr in watts.
func TestFreeSpaceFriis(t *testing.T) {
	const freqMHz = 2398.339664 // c / 0.125 m
	ptDBm := 10*math.Log10(0.05035702) + 30
	for _, tc := range []struct{ distM, prW float64 }{
		{100, 4.98265e-10},
		{500, 1.99306e-11},
		{1000, 4.98265e-12},
		{2000, 1.24566e-12},
	} {
		want := ptDBm - (10*math.Log10(tc.prW) + 30)
		got := FreeSpaceLossDB(tc.distM, freqMHz)
		if math.Abs(got-want) > 0.01 {
			t.Errorf("%v m: loss %.4f dB, want %.4f", tc.distM, got, want)
		}
	}
	// ITU-R P.525-4 eq. (8) with its rounded constant 32.4 dB.
	if got, want := FreeSpaceLossDB(10000, 900), 32.4+20*math.Log10(900)+20; math.Abs(got-want) > 0.05 {
		t.Errorf("P.525: %.4f vs %.4f", got, want)
	}
}

func TestPatternLoss(t *testing.T) {
	for _, tc := range []struct{ off, bw, want float64 }{
		{0, 65, 0},
		{32.5, 65, 3}, // half the beamwidth: the half-power point
		{65, 65, 12},
		{180, 65, 25}, // front-to-back Am
		{90, 0, 0},    // omni
		{90, 360, 0},  // omni
	} {
		if got := PatternLossDB(tc.off, tc.bw); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("A(%v, %v) = %v, want %v", tc.off, tc.bw, got, tc.want)
		}
	}
	for _, tc := range []struct{ b, az, want float64 }{
		{10, 350, 20}, {350, 10, 20}, {180, 0, 180}, {-90, 90, 180}, {725, 0, 5},
	} {
		if got := offAxisDeg(tc.b, tc.az); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("offAxis(%v, %v) = %v, want %v", tc.b, tc.az, got, tc.want)
		}
	}
}

func TestReachBisection(t *testing.T) {
	s := Site{Tech: Tech2G, HeightM: 35, FreqMHz: 900, EIRPdBm: 58}
	p := Params{Model: ModelHata}
	w := warnCounter{}
	if err := p.normalise(w); err != nil {
		t.Fatal(err)
	}
	lm := newLinkModel(&s, &p, w)
	budget := 58.0 + 95
	r, capped, ok := lm.reachM(budget, 100000)
	if !ok || capped {
		t.Fatalf("reach %v capped %v ok %v", r, capped, ok)
	}
	if l := lm.lossDB(r); math.Abs(l-budget) > 1e-6 {
		t.Errorf("loss at reach %.6f, budget %.6f", l, budget)
	}
	// Suburban Hata, 900 MHz, 35 m, 1.5 m: a = 115.12 dB at 1 km, b = 34.79
	// dB/decade, so the 153 dB budget reaches 10^((153−115.12)/34.79) km.
	lf, lhb := math.Log10(900.0), math.Log10(35.0)
	a := 69.55 + 26.16*lf - 13.82*lhb - ((1.1*lf-0.7)*1.5 - (1.56*lf - 0.8)) - 2*math.Pow(math.Log10(900.0/28), 2) - 5.4
	b := 44.9 - 6.55*lhb
	want := 1000 * math.Pow(10, (budget-a)/b)
	if math.Abs(r-want) > 0.01 {
		t.Errorf("reach %.3f m, want %.3f", r, want)
	}
	if _, _, ok := lm.reachM(10, 100000); ok {
		t.Error("a 10 dB budget cannot reach anything")
	}
}
