package itm

import (
	"fmt"
	"math"
)

// Radial runs P2P over the prefixes of one profile: z[:k+1] for growing
// k, the receiver at sample k, as a coverage sweep judges the nodes along
// a radial from the transmitter. Each prefix gets what P2P would give
// over the same elevations, up to rounding, at a cost that no longer
// grows with the prefix's length except for the terrain irregularity:
//
//   - the mean system elevation and the least-squares lines of
//     analyseProfile come from running sums of z and i·z;
//   - the transmitter's horizon is the highest of the samples' elevation
//     angles seen from it, (z[i] − za)/x − γe·x/2: lines in γe/2, one per
//     sample, whose upper envelope is kept as the prefix grows (the
//     curvature γe follows the prefix's mean elevation, so it changes
//     from one prefix to the next) and read by binary search;
//   - the receiver's horizon is searched from the receiver backwards and
//     stops once no farther sample could be seen higher: a sample at
//     distance s from the receiver, no higher than the highest sample
//     between it and the transmitter, zmax, is seen at most at
//     (zmax − zb)⁺/s − γe·s/2, which falls as s grows. P2P starts this
//     search at the first sample above the direct ray (the first that
//     raises the transmitter's angle); a sample below that ray is seen
//     from the receiver below it too, so it never raises the receiver's
//     angle either, and the search need not know where that sample is.
//
// P2P accumulates the horizon angles one obstruction at a time; Radial
// computes each sample's angle directly, so the two differ in the last
// bits (TestRadialMatchesP2P: within 1e-6 dB).
type Radial struct {
	z    []float64
	step float64
	p    Params
	warn Warning
	bad  int // the first sample that is not a terrain height (len(z): none)

	sum, moment []float64 // running sums of z[i] and i·z[i] over [0, k)
	zmax        []float64 // the highest of z[1..i]
	xs          []float64 // sample i's distance, summed step by step as P2P does
	// the upper envelope of the lines a_i − q·x_i (the angle of sample
	// i seen from the transmitter at curvature 2q), samples 1..added−1,
	// slopes falling
	hull  []int32
	added int
}

// NewRadial prepares the prefixes of profile z, equally spaced stepM
// apart, from the transmitter (z[0]) outwards.
func NewRadial(z []float64, stepM float64, p Params) (*Radial, error) {
	warn, err := p.validate()
	if err != nil {
		return nil, err
	}
	if !finite(stepM) || stepM <= 0 {
		return nil, fmt.Errorf("itm: %w: profile step %g m not a positive number", ErrInput, stepM)
	}
	n := len(z)
	r := &Radial{z: z, step: stepM, p: p, warn: warn, bad: n,
		sum: make([]float64, n+1), moment: make([]float64, n+1),
		zmax: make([]float64, n), xs: make([]float64, n)}
	for i, v := range z {
		if !finite(v) || math.Abs(v) > 20000 {
			r.bad = i
			break
		}
	}
	zmax := math.Inf(-1)
	for i := 0; i < n; i++ {
		r.sum[i+1] = r.sum[i] + z[i]
		r.moment[i+1] = r.moment[i] + float64(i)*z[i]
		if i > 0 {
			zmax = math.Max(zmax, z[i])
		}
		r.zmax[i] = zmax
		if i > 0 {
			r.xs[i] = r.xs[i-1] + stepM
		}
	}
	r.added = 1
	return r, nil
}

// Len is the number of samples of the profile.
func (r *Radial) Len() int { return len(r.z) }

// line is sample i's line: its angle from the transmitter a − q·x at
// q = γe/2.
func (r *Radial) line(i int) (a, x float64) {
	x = float64(i) * r.step
	return (r.z[i] - r.z[0] - r.p.TxHeightM) / x, x
}

// addLines puts samples added..upto−1 into the envelope.
func (r *Radial) addLines(upto int) {
	for ; r.added < upto; r.added++ {
		i := r.added
		for len(r.hull) >= 2 {
			// the last line is useless when the new one overtakes the one
			// before it no lower than where the last one did
			a1, x1 := r.line(int(r.hull[len(r.hull)-2]))
			a2, x2 := r.line(int(r.hull[len(r.hull)-1]))
			a3, x3 := r.line(i)
			// crossing q of lines (a, x) and (a', x'): (a' − a)/(x' − x)
			if (a3-a1)*(x2-x1) < (a2-a1)*(x3-x1) {
				break
			}
			r.hull = r.hull[:len(r.hull)-1]
		}
		r.hull = append(r.hull, int32(i))
	}
}

// txHorizon is the highest angle of samples 1..np−1 from the transmitter
// at q = γe/2, and the first sample at it.
func (r *Radial) txHorizon(np int, q float64) (float64, int) {
	if r.added > np {
		r.hull, r.added = r.hull[:0], 1 // a shorter prefix: start again
	}
	r.addLines(np)
	if len(r.hull) == 0 {
		return math.Inf(-1), 0
	}
	// the envelope's lines are highest in turn as q falls: find the
	// first whose successor is not above it at q
	lo, hi := 0, len(r.hull)-1
	for lo < hi {
		mid := (lo + hi) / 2
		a1, x1 := r.line(int(r.hull[mid]))
		a2, x2 := r.line(int(r.hull[mid+1]))
		if a2-q*x2 > a1-q*x1 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	a, x := r.line(int(r.hull[lo]))
	return a - q*x, int(r.hull[lo])
}

// At runs P2P over z[:k+1] with the receiver's ground at zEndM instead of
// z[k] (a profile whose inner samples carry clutter has bare ground at
// its ends).
func (r *Radial) At(k int, zEndM float64) (Result, error) {
	if k < 2 || k >= len(r.z) {
		return Result{}, fmt.Errorf("itm: %w: profile has %d points, need at least 3", ErrInput, k+1)
	}
	if k+1 > maxProfilePoints {
		return Result{}, fmt.Errorf("itm: %w: profile has %d points, more than %d", ErrInput, k+1, maxProfilePoints)
	}
	if r.bad < k {
		return Result{}, fmt.Errorf("itm: %w: profile point %d elevation %g m not a terrain height", ErrInput, r.bad, r.z[r.bad])
	}
	if !finite(zEndM) || math.Abs(zEndM) > 20000 {
		return Result{}, fmt.Errorf("itm: %w: profile point %d elevation %g m not a terrain height", ErrInput, k, zEndM)
	}
	np := k
	distM := float64(np) * r.step
	if distM > 1e8 {
		return Result{}, fmt.Errorf("itm: %w: path length %g m is not terrestrial", ErrInput, distM)
	}
	zsum := func(a, b int) float64 { // Σ z[a..b], the receiver's own ground at k
		if b < k {
			return r.sum[b+1] - r.sum[a]
		}
		return r.sum[k] - r.sum[a] + zEndM
	}
	p10 := int(0.1 * float64(np))
	zsys := zsum(p10, np-p10) / float64(np-2*p10+1)

	g := newPath(r.p, zsys)
	g.hg = [2]float64{r.p.TxHeightM, r.p.RxHeightM}
	g.distM = distM
	saved := r.z[k]
	r.z[k] = zEndM
	defer func() { r.z[k] = saved }()
	r.horizons(np, &g)
	r.analyse(np, &g, zsum)
	return finish(g, r.p, r.warn, true)
}

// horizons is horizons() over z[:np+1] from the running maxima.
func (r *Radial) horizons(np int, g *path) {
	z, step, qc := r.z, r.step, 0.5*g.gme
	d := float64(np) * step
	za := z[0] + g.hg[0]
	zb := z[np] + g.hg[1]
	slope := (zb - za) / d
	the0 := slope - qc*d
	the1 := -slope - qc*d
	g.the, g.dl, g.obstructed = [2]float64{the0, the1}, [2]float64{d, d}, false
	top, at := r.txHorizon(np, qc)
	if !(top > the0) {
		return
	}
	g.obstructed = true
	// the horizon distances are summed step by step as P2P sums them:
	// the lines fitted up to 0.9 of them truncate to whole samples
	g.the[0], g.dl[0] = top, r.xs[at]
	best, at := the1, -1
	for i := np - 1; i >= 1; i-- {
		sb := d - float64(i)*step
		if bound := math.Max(r.zmax[i]-zb, 0)/sb - qc*sb; bound < best {
			break
		}
		if a := (z[i]-zb)/sb - qc*sb; a > best || (a == best && at >= 0) {
			best, at = a, i
		}
	}
	if at >= 0 {
		sb := d
		for range at {
			sb -= step
		}
		g.the[1], g.dl[1] = best, sb
	}
}

// analyse is analyseProfile after the horizons, with the lines fitted
// from the running sums.
func (r *Radial) analyse(np int, g *path, zsum func(a, b int) float64) {
	z, step := r.z, r.step
	d := g.distM
	var xl [2]float64
	for j := 0; j < 2; j++ {
		xl[j] = math.Min(15*g.hg[j], 0.1*g.dl[j])
	}
	xl[1] = d - xl[1]
	g.dh = deltaH(z[:np+1], step, xl[0], xl[1])
	fit := func(x1, x2 float64) (float64, float64) { return r.fitLine(np, x1, x2, zsum) }
	if g.dl[0]+g.dl[1] > 1.5*d {
		fa, fb := fit(xl[0], xl[1])
		g.he[0] = g.hg[0] + dim(z[0], fa)
		g.he[1] = g.hg[1] + dim(z[np], fb)
		losHorizons(g)
		return
	}
	fa, _ := fit(xl[0], 0.9*g.dl[0])
	g.he[0] = g.hg[0] + dim(z[0], fa)
	_, fb := fit(d-0.9*g.dl[1], xl[1])
	g.he[1] = g.hg[1] + dim(z[np], fb)
}

// fitLine is fitLine over z[:np+1] from the running sums.
func (r *Radial) fitLine(np int, x1M, x2M float64, zsum func(a, b int) float64) (z0, zn float64) {
	xn := float64(np)
	ja, jb := fitWindow(np, r.step, x1M, x2M)
	n := float64(jb - ja)
	zj := func(i int) float64 { return r.z[i] } // z[np] holds the receiver's ground
	if n <= 0 {
		return zj(ja), zj(ja)
	}
	mid := 0.5 * float64(ja+jb)
	sum := zsum(ja, jb) - 0.5*(zj(ja)+zj(jb))
	var mom float64
	if jb < np {
		mom = r.moment[jb+1] - r.moment[ja]
	} else {
		mom = r.moment[np] - r.moment[ja] + float64(np)*zj(np)
	}
	mom -= 0.5 * (float64(ja)*zj(ja) + float64(jb)*zj(jb))
	moment := mom - mid*sum
	a := sum / n
	b := moment * 12 / ((n*n + 2) * n)
	return a - b*mid, a + b*(xn-mid)
}
