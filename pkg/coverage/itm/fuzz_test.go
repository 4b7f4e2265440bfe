package itm

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// FuzzP2P feeds garbage profiles and parameters to P2P and the knife-edge
// helpers: they must never panic, must return a finite loss when they
// succeed, and must reject what the model does not accept.
func FuzzP2P(f *testing.F) {
	seed := make([]byte, 2*40)
	for i := 0; i < 40; i++ {
		binary.LittleEndian.PutUint16(seed[2*i:], uint16(int16(10*i%170)))
	}
	f.Add(seed, 100.0, 30.0, 1.5, 900.0, 360.0, 15.0, 0.005, 1, 1, 2, 50.0, 50.0, 50.0)
	f.Add([]byte{1, 2, 3}, 0.0, 0.4, 3001.0, 10.0, 100.0, 0.5, 0.0, 9, 3, 4, 0.0, 100.0, -1.0)
	f.Add(seed[:6], 1e9, 3000.0, 3000.0, 20000.0, 400.0, 1.0, 1e-9, 7, 0, 33, 0.001, 99.999, 50.0)
	f.Add(seed, math.Inf(1), math.NaN(), 1.0, 900.0, 250.0, 80.0, 5.0, 4, 1, 21, 1.0, 1.0, 99.0)
	f.Fuzz(func(t *testing.T, raw []byte, step, txH, rxH, freq, n0, eps, sigma float64, climate, pol, mdvar int, tm, loc, sit float64) {
		if len(raw) > 2*5000 {
			raw = raw[:2*5000]
		}
		z := make([]float64, len(raw)/2)
		for i := range z {
			z[i] = float64(int16(binary.LittleEndian.Uint16(raw[2*i:])))
		}
		p := Params{TxHeightM: txH, RxHeightM: rxH, FreqMHz: freq, N0: n0, EpsilonR: eps, SigmaSm: sigma,
			Climate: Climate(climate), Pol: Polarization(pol), MDVar: mdvar, TimePct: tm, LocationPct: loc, SituationPct: sit}
		res, err := P2P(z, step, p)
		outOfRange := !(txH >= 0.5 && txH <= 3000 && rxH >= 0.5 && rxH <= 3000 && freq >= 20 && freq <= 20000 &&
			n0 >= 250 && n0 <= 400 && eps >= 1 && sigma > 0 && climate >= 1 && climate <= 7 && (pol == 0 || pol == 1) &&
			mdvar >= 0 && mdvar <= 33 && mdvar%10 <= 3 && tm > 0 && tm < 100 && loc > 0 && loc < 100 && sit > 0 && sit < 100 &&
			len(z) >= 3 && step > 0 && !math.IsInf(step, 0))
		if outOfRange && err == nil {
			t.Fatalf("out-of-range input accepted: %+v, %d points, step %g", p, len(z), step)
		}
		if err == nil && (math.IsNaN(res.LossDB) || math.IsInf(res.LossDB, 0)) {
			t.Fatalf("non-finite loss %v", res.LossDB)
		}
		if err != nil && !errors.Is(err, ErrInput) && !errors.Is(err, ErrModel) {
			t.Fatalf("error %v is neither ErrInput nor ErrModel", err)
		}
		if l, err := DeygoutLossDB(z, step, txH, rxH, freq, 4.0/3.0); err == nil && (math.IsNaN(l) || math.IsInf(l, 0) || l < 0) {
			t.Fatalf("Deygout loss %v", l)
		}
		if c, err := PathClearance(z, step, txH, rxH, freq, 4.0/3.0); err == nil && math.IsNaN(c.FresnelClearanceM) {
			t.Fatalf("clearance %+v", c)
		}
	})
}

// FuzzP2PProfile keeps the parameters inside the accepted ranges (scaled
// from the fuzzed bytes) so that the garbage reaches the terrain analysis
// and every propagation mode, not just the input checks.
func FuzzP2PProfile(f *testing.F) {
	f.Add([]byte{0, 10, 20, 200, 20, 10, 0}, uint16(100), uint8(30), uint8(2), uint16(900), uint8(110), uint8(1), uint8(50), uint8(50), uint8(50))
	f.Add([]byte{255, 255, 0, 0, 128, 128, 7}, uint16(1), uint8(0), uint8(255), uint16(65535), uint8(0), uint8(33), uint8(1), uint8(99), uint8(0))
	f.Fuzz(func(t *testing.T, raw []byte, stepDm uint16, tx, rx uint8, freq uint16, n0 uint8, mdvar uint8, tm, loc, sit uint8) {
		if len(raw) > 3000 {
			raw = raw[:3000]
		}
		z := make([]float64, len(raw))
		for i, b := range raw {
			z[i] = float64(int8(b)) * 20 // −2560…2540 m, steep cliffs included
		}
		pct := func(b uint8) float64 { return 0.01 + 99.98*float64(b)/255 }
		p := Params{
			TxHeightM: 0.5 + float64(tx)*4, RxHeightM: 0.5 + float64(rx)*4,
			FreqMHz: 20 + float64(freq)*0.3, N0: 250 + float64(n0)*150/255,
			EpsilonR: 15, SigmaSm: 0.005, Climate: Climate(1 + int(n0)%7), Pol: Polarization(tx % 2),
			MDVar: int(mdvar%4) + 10*int(mdvar/4%4), TimePct: pct(tm), LocationPct: pct(loc), SituationPct: pct(sit),
		}
		step := 0.1 + float64(stepDm)
		res, err := P2P(z, step, p)
		if len(z) < 3 {
			if err == nil {
				t.Fatal("short profile accepted")
			}
			return
		}
		if err != nil {
			if !errors.Is(err, ErrModel) {
				t.Fatalf("valid input rejected: %v", err)
			}
			return
		}
		if math.IsNaN(res.LossDB) || math.IsInf(res.LossDB, 0) || res.Mode < LineOfSight || res.Mode > Troposcatter {
			t.Fatalf("loss %v mode %v", res.LossDB, res.Mode)
		}
	})
}
