package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A tiny case computed by hand: 10 villages, TP 5, FP 1, FN 2, TN 2.
// accuracy 7/10; precision 5/6; recall 5/7; p_e = 0.6·0.7 + 0.4·0.3 =
// 0.54, kappa = (0.7 − 0.54)/0.46 = 0.347826…
func TestConfusionByHand(t *testing.T) {
	var c Confusion
	for _, p := range [][2]bool{{true, true}, {true, true}, {true, true}, {true, true}, {true, true},
		{true, false}, {false, true}, {false, true}, {false, false}, {false, false}} {
		c.Add(p[0], p[1])
	}
	for _, g := range []struct {
		name      string
		got, want float64
	}{{"accuracy", c.Accuracy(), 0.7}, {"precision", c.Precision(), 5.0 / 6}, {"recall", c.Recall(), 5.0 / 7},
		{"kappa", c.Kappa(), 0.16 / 0.46}} {
		if math.Abs(g.got-g.want) > 1e-12 {
			t.Errorf("%s %v, want %v", g.name, g.got, g.want)
		}
	}
	if k := (Confusion{TP: 3}).Kappa(); k != 1 {
		t.Errorf("all agree on one class: kappa %v", k)
	}
}

func TestSummarise(t *testing.T) {
	r := Summarise([]float64{1, 3, -2, 6})
	if r.BiasDB != 2 || math.Abs(r.RMSEDB-math.Sqrt(50.0/4)) > 1e-12 || math.Abs(r.SD-math.Sqrt(34.0/3)) > 1e-12 {
		t.Errorf("%+v", r)
	}
}

// Offset and slope recovered from noisy synthetic residuals.
func TestFitOffsetSlope(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var r, x []float64
	for i := 0; i < 5000; i++ {
		d := 0.5 + rng.Float64()*15
		xi := -35 * math.Log10(d)
		x = append(x, xi)
		r = append(r, 7+0.1*xi+rng.NormFloat64()*6)
	}
	off, slope, err := FitOffsetSlope(r, x, true)
	if err != nil || math.Abs(off-7) > 0.5 || math.Abs(slope-1.1) > 0.05*1.1 {
		t.Errorf("offset %v slope %v err %v", off, slope, err)
	}
	if _, _, err := FitOffsetSlope(r[:2], x[:2], true); err != ErrTooFew {
		t.Errorf("two points: %v", err)
	}
}

func TestBestOnGridAndFolds(t *testing.T) {
	best, s := BestOnGrid(Grid(0.5, 1.5, 0.1), 1, func(v float64) float64 {
		if v >= 0.8 && v <= 1.2 {
			return 1 // a plateau: the value nearest 1 wins
		}
		return 0
	})
	if best != 1 || s != 1 {
		t.Errorf("best %v score %v", best, s)
	}
	f := Folds(103, 5)
	n := make([]int, 5)
	for _, k := range f {
		n[k]++
	}
	for _, c := range n {
		if c < 20 || c > 21 {
			t.Errorf("fold sizes %v", n)
		}
	}
}
