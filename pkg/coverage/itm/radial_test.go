package itm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// radialProfiles are hand-shaped profiles of 3″ samples: two hills, a
// ridge field like the coverage benchmark's, a valley the receiver sits
// in, and flat sea.
func radialProfiles() map[string][]float64 {
	out := map[string][]float64{}
	hills := make([]float64, 400)
	ridges := make([]float64, 400)
	valley := make([]float64, 400)
	sea := make([]float64, 400)
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range hills {
		x := float64(i)
		hills[i] = 20 + 80*math.Exp(-math.Pow((x-90)/15, 2)) + 150*math.Exp(-math.Pow((x-210)/25, 2)) + 5*math.Sin(x/3)
		ridges[i] = 150 + 80*math.Sin(x/40) + 60*math.Sin(x/7) + 3*rng.NormFloat64()
		if i%55 < 3 {
			ridges[i] += 150
		}
		valley[i] = 300 - 250*math.Exp(-math.Pow((x-300)/80, 2)) + 10*math.Sin(x/5)
	}
	out["hills"], out["ridges"], out["valley"], out["sea"] = hills, ridges, valley, sea
	return out
}

// TestRadialMatchesP2P: every prefix of every profile, the receiver's
// ground lowered by 10 m of clutter, against P2P over the same
// elevations.
func TestRadialMatchesP2P(t *testing.T) {
	p := DefaultsEquatorialKalimantan()
	p.TxHeightM, p.RxHeightM, p.FreqMHz = 40, 1.5, 1800
	worst := 0.0
	for name, z := range radialProfiles() {
		r, err := NewRadial(z, 92.6, p)
		if err != nil {
			t.Fatal(err)
		}
		for k := 2; k < len(z); k++ {
			got, err := r.At(k, z[k]-10)
			pre := append([]float64(nil), z[:k+1]...)
			pre[k] -= 10
			want, werr := P2P(pre, 92.6, p)
			if (err == nil) != (werr == nil) {
				t.Fatalf("%s k %d: error %v, P2P's %v", name, k, err, werr)
			}
			if err != nil {
				continue
			}
			d := math.Abs(got.LossDB - want.LossDB)
			worst = math.Max(worst, d)
			if d > 1e-6 || got.Mode != want.Mode || got.Intermediate.ProfileObstructed != want.Intermediate.ProfileObstructed {
				t.Errorf("%s k %d: loss %.12f (%v), P2P %.12f (%v)", name, k, got.LossDB, got.Mode, want.LossDB, want.Mode)
			}
			for j := 0; j < 2; j++ {
				if math.Abs(got.Intermediate.HorizonDistM[j]-want.Intermediate.HorizonDistM[j]) > 1e-6 {
					t.Errorf("%s k %d: horizon %d at %v m, P2P %v m", name, k, j, got.Intermediate.HorizonDistM[j], want.Intermediate.HorizonDistM[j])
				}
			}
		}
		// a shorter prefix after a longer one starts the envelope again
		got, err := r.At(5, z[5])
		want, werr := P2P(z[:6], 92.6, p)
		if err != nil || werr != nil || math.Abs(got.LossDB-want.LossDB) > 1e-9 {
			t.Errorf("%s: back to k 5: %v %v, P2P %v %v", name, got.LossDB, err, want.LossDB, werr)
		}
	}
	t.Logf("largest |Δloss| %.3g dB", worst)
}

// BenchmarkRadial400 judges every prefix of a 400-sample ridge profile,
// against BenchmarkP2PPrefixes400 doing the same with P2P.
func BenchmarkRadial400(b *testing.B) {
	z := radialProfiles()["ridges"]
	p := DefaultsEquatorialKalimantan()
	for b.Loop() {
		r, err := NewRadial(z, 92.6, p)
		if err != nil {
			b.Fatal(err)
		}
		for k := 2; k < len(z); k++ {
			if _, err := r.At(k, z[k]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkP2PPrefixes400(b *testing.B) {
	z := radialProfiles()["ridges"]
	p := DefaultsEquatorialKalimantan()
	for b.Loop() {
		for k := 2; k < len(z); k++ {
			if _, err := P2P(z[:k+1], 92.6, p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkDeltaH(b *testing.B) {
	z := radialProfiles()["ridges"]
	for b.Loop() {
		deltaH(z, 92.6, 60, 35000)
	}
}
