package itm

import (
	"math"
	"math/cmplx"
)

// path carries the parameters of one path through the model.
type path struct {
	freqMHz float64
	wn      float64 // wave number k = 2π/λ in 1/m, f/47.7 with f in MHz
	ns      float64 // surface refractivity, N-units
	gme     float64 // effective earth curvature γe, 1/m
	zg      complex128

	distM float64
	hg    [2]float64 // structural heights
	he    [2]float64 // effective heights
	dl    [2]float64 // horizon distances
	the   [2]float64 // horizon elevation angles
	dh    float64    // terrain irregularity Δh

	obstructed bool // the profile cuts the ray between the antennas
}

// newPath prepares the constants that depend on the parameters only
// (Algorithm, section 2): the surface refractivity reduced to the system
// elevation zsysM, the effective earth curvature, and the surface transfer
// impedance of the ground.
func newPath(p Params, zsysM float64) path {
	g := path{freqMHz: p.FreqMHz, wn: p.FreqMHz / 47.7, ns: p.N0}
	if zsysM != 0 {
		g.ns = p.N0 * math.Exp(-zsysM/9460)
	}
	// Actual earth curvature 157e-9 1/m scaled by the refractivity
	// gradient (Algorithm, eq. 2.2).
	g.gme = 157e-9 * (1 - 0.04665*math.Exp(g.ns/179.3))
	// Complex relative permittivity εr + iZ0σ/k with Z0 = 376.62 Ω.
	epsC := complex(p.EpsilonR, 376.62*p.SigmaSm/g.wn)
	g.zg = cmplx.Sqrt(epsC - 1)
	if p.Pol == Vertical {
		g.zg /= epsC
	}
	return g
}

// analyseProfile derives the horizon distances and angles, Δh and the
// effective heights from a profile (Algorithm, section 3, "point-to-point
// mode").
func analyseProfile(z []float64, step float64, g *path) {
	np := len(z) - 1
	d := g.distM
	g.the, g.dl, g.obstructed = horizons(z, step, g.hg, g.gme)

	var xl [2]float64
	for j := 0; j < 2; j++ {
		xl[j] = math.Min(15*g.hg[j], 0.1*g.dl[j])
	}
	xl[1] = d - xl[1]
	g.dh = deltaH(z, step, xl[0], xl[1])

	if g.dl[0]+g.dl[1] > 1.5*d {
		// Line of sight: the profile horizons say little, so the smooth
		// earth formulas of area mode replace them, based on the
		// effective heights above a line fitted to the terrain.
		fa, fb := fitLine(z, step, xl[0], xl[1])
		g.he[0] = g.hg[0] + dim(z[0], fa)
		g.he[1] = g.hg[1] + dim(z[np], fb)
		losHorizons(g)
		return
	}
	// Transhorizon: effective heights above the terrain fitted between
	// each terminal and its horizon.
	fa, _ := fitLine(z, step, xl[0], 0.9*g.dl[0])
	g.he[0] = g.hg[0] + dim(z[0], fa)
	_, fb := fitLine(z, step, d-0.9*g.dl[1], xl[1])
	g.he[1] = g.hg[1] + dim(z[np], fb)
}

// losHorizons replaces the horizons of a line-of-sight path with the
// smooth-earth horizons of its effective heights (Algorithm, eqs. 3.3 and
// 3.4 of area mode), raising both heights until the horizons meet when
// they fall short of the path.
func losHorizons(g *path) {
	d := g.distM
	horizonFromHeights := func(j int) float64 {
		return math.Sqrt(2*g.he[j]/g.gme) * math.Exp(-0.07*math.Sqrt(g.dh/math.Max(g.he[j], 5)))
	}
	for j := 0; j < 2; j++ {
		g.dl[j] = horizonFromHeights(j)
	}
	if sum := g.dl[0] + g.dl[1]; sum <= d {
		q := (d / sum) * (d / sum)
		for j := 0; j < 2; j++ {
			g.he[j] *= q
			g.dl[j] = horizonFromHeights(j)
		}
	}
	for j := 0; j < 2; j++ {
		q := math.Sqrt(2 * g.he[j] / g.gme)
		g.the[j] = (0.65*g.dh*(q/g.dl[j]-1) - 2*g.he[j]) / q
	}
}

// dim is Fortran's positive difference: x−y if positive, else 0.
func dim(x, y float64) float64 {
	if x > y {
		return x - y
	}
	return 0
}

// horizons finds each terminal's radio horizon along the profile over an
// earth of curvature gme: the point seen at the highest elevation angle.
// The receiver's horizon is searched only once the transmitter's view is
// obstructed; until then the path is line of sight and both horizons are
// the far terminal.
func horizons(z []float64, step float64, hg [2]float64, gme float64) (the, dl [2]float64, obstructed bool) {
	np := len(z) - 1
	d := float64(np) * step
	za := z[0] + hg[0]
	zb := z[np] + hg[1]
	qc := 0.5 * gme
	slope := (zb - za) / d
	the[0] = slope - qc*d
	the[1] = -slope - qc*d
	dl = [2]float64{d, d}
	sa, sb := 0.0, d
	for i := 1; i < np; i++ {
		sa += step
		sb -= step
		if q := z[i] - (qc*sa+the[0])*sa - za; q > 0 {
			the[0] += q / sa
			dl[0] = sa
			obstructed = true
		}
		if obstructed {
			if q := z[i] - (qc*sb+the[1])*sb - zb; q > 0 {
				the[1] += q / sb
				dl[1] = sb
			}
		}
	}
	return the, dl, obstructed
}

// fitLine fits a straight line by least squares to the profile between
// distances x1M and x2M (rounded inwards to whole samples, the end samples
// weighted one half as in a trapezoidal sum) and returns its heights at the
// start and the end of the whole profile.
func fitLine(z []float64, step, x1M, x2M float64) (z0, zn float64) {
	np := len(z) - 1
	xn := float64(np)
	ja, jb := fitWindow(np, step, x1M, x2M)
	n := float64(jb - ja)
	if n <= 0 {
		return z[ja], z[ja]
	}
	mid := 0.5 * float64(ja+jb)
	var sum, moment float64
	for i := ja; i <= jb; i++ {
		w := 1.0
		if i == ja || i == jb {
			w = 0.5
		}
		sum += w * z[i]
		moment += w * z[i] * (float64(i) - mid)
	}
	a := sum / n
	b := moment * 12 / ((n*n + 2) * n)
	return a - b*mid, a + b*(xn-mid)
}

// fitWindow is the samples ja..jb of a profile of np steps of step
// metres that fitLine fits between x1M and x2M: rounded inwards to whole
// samples, widened by one each way when that leaves none.
func fitWindow(np int, step, x1M, x2M float64) (ja, jb int) {
	xn := float64(np)
	xa := clampF(math.Trunc(math.Max(x1M/step, 0)), 0, xn)
	xb := clampF(xn-math.Trunc(math.Max(xn-x2M/step, 0)), 0, xn)
	if xb <= xa {
		xa = math.Max(xa-1, 0)
		xb = xn - math.Max(xn-(xb+1), 0)
	}
	return int(xa), int(xb)
}

func clampF(x, lo, hi float64) float64 {
	return math.Min(math.Max(x, lo), hi)
}

// deltaH is the terrain irregularity parameter Δh between distances x1M
// and x2M: the interdecile range of the terrain heights about a fitted
// straight line, resampled to 10k−5 equally spaced points (k between 4 and
// 25), then scaled to its asymptotic value for long paths (Algorithm,
// eq. 3.6: Δh(d) = (1 − 0.8 e^(−d/50 km)) Δh).
func deltaH(z []float64, step, x1M, x2M float64) float64 {
	np := len(z) - 1
	xa := x1M / step
	xb := x2M / step
	if !(xb-xa >= 2) || xa < 0 || xb > float64(np)+1 {
		return 0
	}
	ka := int(0.1 * (xb - xa + 8))
	ka = min(max(4, ka), 25)
	n := 10*ka - 5
	sn := float64(n - 1)
	var buf [10*25 - 5]float64 // n is at most 245: no allocation per path
	s := buf[:n]
	inc := (xb - xa) / sn
	k := int(xa) + 1
	frac := xa - float64(k)
	// resample, summing as fitLine(s, 1, 0, sn) would (the same
	// operations in the same order, so the same line)
	mid := 0.5 * sn
	var sum, moment float64
	for j := 0; j < n; j++ {
		for frac > 0 && k < np {
			frac--
			k++
		}
		v := z[k] + (z[k]-z[k-1])*frac
		s[j] = v
		w := 1.0
		if j == 0 || j == n-1 {
			w = 0.5
		}
		sum += w * v
		moment += w * v * (float64(j) - mid)
		frac += inc
	}
	a := sum / sn
	b := moment * 12 / ((sn*sn + 2) * sn)
	f0, fn := a-b*mid, a+b*(sn-mid)
	slope := (fn - f0) / sn
	mn, mx := math.Inf(1), math.Inf(-1)
	for j := range s {
		s[j] -= f0 + slope*float64(j)
		if s[j] < mn {
			mn = s[j]
		}
		if s[j] > mx {
			mx = s[j]
		}
	}
	// The ka-th largest and the kb-th largest, kb = n − ka + 1 (the ka-th
	// smallest), as the algorithm's descending sort would place them.
	lo, hi := outerKthIn(s, ka, mn, mx)
	return (hi - lo) / (1 - 0.8*math.Exp(-(x2M-x1M)/50e3))
}

// outerKth returns the k-th smallest and the k-th largest of s (1 ≤ k ≤
// len(s) ≤ 245), the values a sort would place at k−1 and len(s)−k. The
// values are counted into equal-width buckets between their extremes,
// and only the bucket where each rank falls is searched: a bucketed
// selection, exact, in about three predictable passes where two
// quickselects cost many more mispredicted comparisons.
func outerKth(s []float64, k int) (lo, hi float64) {
	mn, mx := s[0], s[0]
	for _, v := range s[1:] {
		if v < mn {
			mn = v
		}
		if v > mx {
			mx = v
		}
	}
	return outerKthIn(s, k, mn, mx)
}

// outerKthIn is outerKth for values known to lie within [mn, mx].
func outerKthIn(s []float64, k int, mn, mx float64) (lo, hi float64) {
	if !(mx > mn) {
		return mn, mn
	}
	const nb = 64
	scale := nb / (mx - mn)
	var cnt [nb]int32
	var idx [10*25 - 5]uint8
	for i, v := range s {
		b := min(int((v-mn)*scale), nb-1)
		idx[i] = uint8(b)
		cnt[b]++
	}
	// the buckets holding rank k−1 and rank n−k (0-based), and how many
	// values lie below each
	n := len(s)
	bl, bh, below, belowL, belowH := -1, -1, 0, 0, 0
	for b := 0; bl < 0 || bh < 0; b++ {
		next := below + int(cnt[b])
		if bl < 0 && next > k-1 {
			bl, belowL = b, below
		}
		if bh < 0 && next > n-k {
			bh, belowH = b, below
		}
		below = next
	}
	var inL, inH [10*25 - 5]float64
	ml, mh := 0, 0
	for i, v := range s {
		if int(idx[i]) == bl {
			inL[ml] = v
			ml++
		}
		if int(idx[i]) == bh {
			inH[mh] = v
			mh++
		}
	}
	return kthSmallest(inL[:ml], k-1-belowL), kthSmallest(inH[:mh], n-k-belowH)
}

// kthSmallest returns the value a sort of s ascending would put at index
// k, reordering s (Hoare's selection with a median-of-three pivot).
func kthSmallest(s []float64, k int) float64 {
	lo, hi := 0, len(s)-1
	for hi > lo {
		mid := lo + (hi-lo)/2
		if s[mid] < s[lo] {
			s[mid], s[lo] = s[lo], s[mid]
		}
		if s[hi] < s[lo] {
			s[hi], s[lo] = s[lo], s[hi]
		}
		if s[hi] < s[mid] {
			s[hi], s[mid] = s[mid], s[hi]
		}
		pivot := s[mid]
		i, j := lo, hi
		for i <= j {
			for s[i] < pivot {
				i++
			}
			for pivot < s[j] {
				j--
			}
			if i <= j {
				s[i], s[j] = s[j], s[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return s[k]
		}
	}
	return s[k]
}

// areaGeometry estimates the effective heights, horizon distances and
// angles of area mode from Δh and the siting criteria (Algorithm,
// eqs. 3.1–3.4; NTIA Report 82-100, section 3).
func areaGeometry(siting [2]Siting, g *path) {
	for j := 0; j < 2; j++ {
		g.he[j] = g.hg[j]
		if siting[j] != SitingRandom {
			b := 4.0
			if siting[j] == SitingVeryCareful {
				b = 9
			}
			if g.hg[j] < 5 {
				b *= math.Sin(0.1 * math.Pi * g.hg[j])
			}
			g.he[j] += (1 + b) * math.Exp(-math.Min(20, 2*g.hg[j]/math.Max(1e-3, g.dh)))
		}
		dls := math.Sqrt(2 * g.he[j] / g.gme)
		g.dl[j] = dls * math.Exp(-0.07*math.Sqrt(g.dh/math.Max(g.he[j], 5)))
		g.the[j] = (0.65*g.dh*(dls/g.dl[j]-1) - 2*g.he[j]) / dls
	}
}
