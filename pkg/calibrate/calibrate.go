package calibrate

import (
	"errors"
	"math"
	"math/rand/v2"
)

// Confusion counts a model's verdicts against a survey's: TP covered in
// both, FP covered by the model only, FN by the survey only, TN in
// neither.
type Confusion struct {
	TP, FP, FN, TN int
}

// Add counts one verdict pair.
func (c *Confusion) Add(predicted, surveyed bool) {
	switch {
	case predicted && surveyed:
		c.TP++
	case predicted:
		c.FP++
	case surveyed:
		c.FN++
	default:
		c.TN++
	}
}

// N is the number of pairs.
func (c Confusion) N() int { return c.TP + c.FP + c.FN + c.TN }

// Accuracy is the share of agreeing pairs; NaN without pairs.
func (c Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.N()) }

// Precision is the share of the model's covered that the survey found
// covered; NaN when the model covers none.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is the share of the survey's covered that the model covers; NaN
// when the survey found none.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// Kappa is Cohen's kappa; 1 when both agree on everything, NaN without
// pairs, and 0 when the expected agreement is already complete (both
// always say the same single class) but they disagree.
func (c Confusion) Kappa() float64 {
	n := float64(c.N())
	if n == 0 {
		return math.NaN()
	}
	po := float64(c.TP+c.TN) / n
	pYes := float64(c.TP+c.FP) / n * float64(c.TP+c.FN) / n
	pNo := float64(c.FN+c.TN) / n * float64(c.FP+c.TN) / n
	pe := pYes + pNo
	if pe == 1 {
		if po == 1 {
			return 1
		}
		return 0
	}
	return (po - pe) / (1 - pe)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Residuals summarises measured − predicted values.
type Residuals struct {
	N                  int
	BiasDB, RMSEDB, SD float64
}

// Summarise gives the bias, RMSE and standard deviation of r; NaN
// without values (SD needs two).
func Summarise(r []float64) Residuals {
	out := Residuals{N: len(r), BiasDB: math.NaN(), RMSEDB: math.NaN(), SD: math.NaN()}
	if len(r) == 0 {
		return out
	}
	var sum, sq float64
	for _, v := range r {
		sum += v
		sq += v * v
	}
	n := float64(len(r))
	out.BiasDB = sum / n
	out.RMSEDB = math.Sqrt(sq / n)
	if len(r) > 1 {
		var ss float64
		for _, v := range r {
			d := v - out.BiasDB
			ss += d * d
		}
		out.SD = math.Sqrt(ss / (n - 1))
	}
	return out
}

// ErrTooFew is returned by a fit with too few values to determine it.
var ErrTooFew = errors.New("calibrate: too few values to fit")

// FitOffsetSlope fits r = offset + (slope − 1)·x by least squares, where
// r are the residuals measured − predicted and x = −B·log10(d/1 km) the
// model's distance term at each point; without withSlope the slope is 1
// and the offset the mean residual.
func FitOffsetSlope(r, x []float64, withSlope bool) (offset, slope float64, err error) {
	n := len(r)
	if n == 0 || (withSlope && n < 3) {
		return 0, 1, ErrTooFew
	}
	if !withSlope {
		return Summarise(r).BiasDB, 1, nil
	}
	var mx, my float64
	for i := range r {
		mx += x[i]
		my += r[i]
	}
	mx /= float64(n)
	my /= float64(n)
	var sxx, sxy float64
	for i := range r {
		dx := x[i] - mx
		sxx += dx * dx
		sxy += dx * (r[i] - my)
	}
	if sxx == 0 {
		return 0, 1, ErrTooFew // every point at one distance: no slope
	}
	beta := sxy / sxx
	return my - beta*mx, 1 + beta, nil
}

// Folds assigns each of n items to one of k folds, by a fixed shuffle so
// that neighbouring items (a drive test's consecutive points) spread
// over the folds; the same n and k always give the same folds.
func Folds(n, k int) []int {
	if k < 2 {
		k = 2
	}
	idx := rand.New(rand.NewPCG(0x6b756b6172, uint64(n))).Perm(n)
	out := make([]int, n)
	for pos, i := range idx {
		out[i] = pos % k
	}
	return out
}

// BestOnGrid returns the value of grid at which score is highest, ties
// going to the value closest to neutral (no change: 1 for a scale, 0 for
// an offset), and that score. NaN scores never win.
func BestOnGrid(grid []float64, neutral float64, score func(v float64) float64) (best, bestScore float64) {
	best, bestScore = neutral, math.Inf(-1)
	for _, v := range grid {
		s := score(v)
		if math.IsNaN(s) {
			continue
		}
		if s > bestScore+1e-12 || (math.Abs(s-bestScore) <= 1e-12 && math.Abs(v-neutral) < math.Abs(best-neutral)) {
			best, bestScore = v, s
		}
	}
	return best, bestScore
}

// Grid is lo, lo+step, … up to hi.
func Grid(lo, hi, step float64) []float64 {
	var out []float64
	for i := 0; ; i++ {
		v := lo + float64(i)*step
		if v > hi+step/1e6 {
			return out
		}
		out = append(out, math.Round(v*1e6)/1e6)
	}
}
