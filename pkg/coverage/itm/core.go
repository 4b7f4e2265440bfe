package itm

import (
	"fmt"
	"math"
	"math/cmplx"
)

// terrainRoughness is Δh(d), the interdecile range expected over a path of
// length d for a terrain of asymptotic irregularity dh (Algorithm, eq. 3.6).
func terrainRoughness(d, dh float64) float64 {
	return (1 - 0.8*math.Exp(-d/50e3)) * dh
}

// sigmaH is the rms deviation of the terrain from a smooth curve for an
// interdecile range dhd (Algorithm, eq. 3.7).
func sigmaH(dhd float64) float64 {
	return 0.78 * dhd * math.Exp(-math.Pow(dhd/16, 0.25))
}

// lrState holds the quantities shared by the parts of the reference
// attenuation of one path.
type lrState struct {
	*path
	p2p    bool
	dls    [2]float64 // smooth-earth horizon distances
	dlsa   float64    // smooth-earth line-of-sight distance dLs
	dla    float64    // actual line-of-sight distance dL
	thetaE float64    // θe, the angular distance of the line-of-sight region (negative)
	emd    float64    // slope md of the extended diffraction line
	aed    float64    // intercept Aed of the extended diffraction line
}

// referenceAttenuation computes Aref, the median attenuation relative to
// free space (Algorithm, section 4), with the warnings it raises.
func (g *path) referenceAttenuation(p2p bool) (float64, Mode, Warning, error) {
	var warn Warning
	s := lrState{path: g, p2p: p2p}
	for j := 0; j < 2; j++ {
		s.dls[j] = math.Sqrt(2 * g.he[j] / g.gme)
	}
	s.dlsa = s.dls[0] + s.dls[1]
	s.dla = g.dl[0] + g.dl[1]
	s.thetaE = math.Max(g.the[0]+g.the[1], -s.dla*g.gme)

	angleWarn := [2]Warning{WarnTxHorizonAngle, WarnRxHorizonAngle}
	shortWarn := [2]Warning{WarnTxHorizonDistance1, WarnRxHorizonDistance1}
	longWarn := [2]Warning{WarnTxHorizonDistance2, WarnRxHorizonDistance2}
	for j := 0; j < 2; j++ {
		if math.Abs(g.the[j]) > 200e-3 {
			warn |= angleWarn[j]
		}
		if g.dl[j] < 0.1*s.dls[j] {
			warn |= shortWarn[j]
		}
		if g.dl[j] > 3*s.dls[j] {
			warn |= longWarn[j]
		}
	}
	switch {
	case !(g.ns >= 150):
		return 0, 0, warn, fmt.Errorf("itm: %w: surface refractivity Ns %.1f below 150 N-units", ErrModel, g.ns)
	case g.ns > 400:
		return 0, 0, warn, fmt.Errorf("itm: %w: surface refractivity Ns %.1f above 400 N-units", ErrModel, g.ns)
	case g.ns < 250:
		warn |= WarnSurfaceRefractivity
	}
	if ae := 1 / g.gme; !(ae >= 4e6 && ae <= 13333333) {
		return 0, 0, warn, fmt.Errorf("itm: %w: effective earth radius %.0f m outside 4000…13333 km", ErrModel, ae)
	}
	if !(real(g.zg) > math.Abs(imag(g.zg))) {
		return 0, 0, warn, fmt.Errorf("itm: %w: ground impedance %v has no dominant real part", ErrModel, g.zg)
	}
	if !finite(g.he[0], g.he[1], g.dl[0], g.dl[1], g.the[0], g.the[1], g.dh) || g.he[0] <= 0 || g.he[1] <= 0 || g.dl[0] <= 0 || g.dl[1] <= 0 {
		return 0, 0, warn, fmt.Errorf("itm: %w: path geometry degenerate", ErrModel)
	}

	// Two distances well into the diffraction region define the
	// extended diffraction line Aed + md·d (Algorithm, eqs. 4.2–4.4).
	xae := math.Cbrt(1 / (g.wn * g.gme * g.gme))
	d3 := math.Max(s.dlsa, 1.3787*xae+s.dla)
	d4 := d3 + 2.7574*xae
	a3 := s.diffraction(d3)
	a4 := s.diffraction(d4)
	s.emd = (a4 - a3) / (d4 - d3)
	s.aed = a3 - s.emd*d3

	d := g.distM
	if d < math.Abs(g.he[0]-g.he[1])/200e-3 {
		warn |= WarnPathDistanceTooSmall1
	}
	if d < 1e3 {
		warn |= WarnPathDistanceTooSmall2
	}
	if d > 1000e3 {
		warn |= WarnPathDistanceTooBig1
	}
	if d > 2000e3 {
		warn |= WarnPathDistanceTooBig2
	}

	var aref float64
	var mode Mode
	if d < s.dlsa {
		aref = s.lineOfSightRef(d)
		mode = LineOfSight
	} else {
		aref, mode = s.transhorizonRef(d)
	}
	return math.Max(aref, 0), mode, warn, nil
}

// lineOfSightRef fits Aref = Ael + k1·d + k2·ln d through two-ray values
// blended with the diffraction line at d0 and d1 and the diffraction line
// at dLs (Algorithm, eqs. 4.5–4.10).
func (s *lrState) lineOfSightRef(d float64) float64 {
	d2 := s.dlsa
	a2 := s.aed + d2*s.emd
	d0 := 1.908 * s.wn * s.he[0] * s.he[1]
	var d1 float64
	if s.aed >= 0 {
		d0 = math.Min(d0, 0.5*s.dla)
		d1 = d0 + 0.25*(s.dla-d0)
	} else {
		d1 = math.Max(-s.aed/s.emd, 0.25*s.dla)
	}
	a1 := s.lineOfSight(d1)
	ok := false
	var k1, k2 float64
	if d0 < d1 {
		a0 := s.lineOfSight(d0)
		q := math.Log(d2 / d0)
		k2 = math.Max(0, ((d2-d0)*(a1-a0)-(d1-d0)*(a2-a0))/((d2-d0)*math.Log(d1/d0)-(d1-d0)*q))
		ok = s.aed >= 0 || k2 > 0
		if ok {
			k1 = (a2 - a0 - k2*q) / (d2 - d0)
			if k1 < 0 {
				k1 = 0
				k2 = dim(a2, a0) / q
				if k2 == 0 {
					k1 = s.emd
				}
			}
		}
	}
	if !ok {
		k1 = dim(a2, a1) / (d2 - d1)
		k2 = 0
		if k1 == 0 {
			k1 = s.emd
		}
	}
	ael := a2 - k1*d2 - k2*math.Log(d2)
	return ael + k1*d + k2*math.Log(d)
}

// transhorizonRef is the diffraction line, or beyond the distance dx where
// it is the smaller, the troposcatter line through two distant points
// (Algorithm, eqs. 4.11–4.14).
func (s *lrState) transhorizonRef(d float64) (float64, Mode) {
	d5 := s.dla + 200e3
	d6 := d5 + 200e3
	h0 := -1.0 // no H0 yet; the farther point is computed first on purpose
	a6 := s.scatter(d6, &h0)
	a5 := s.scatter(d5, &h0)
	ems, aes, dx := s.emd, s.aed, 10e6
	if a5 < 1000 {
		xae := math.Cbrt(1 / (s.wn * s.gme * s.gme))
		ems = (a6 - a5) / 200e3
		dx = math.Max(s.dlsa, math.Max(s.dla+0.3*xae*math.Log(47.7*s.wn), (a5-s.aed-ems*d5)/(s.emd-ems)))
		aes = (s.emd-ems)*dx + s.aed
	}
	if d > dx {
		return aes + ems*d, Troposcatter
	}
	return s.aed + s.emd*d, Diffraction
}

// diffraction is Ad(d): a weighted mean of double knife-edge and smooth
// earth (Vogler) diffraction, plus a clutter term (Algorithm, eqs.
// 4.15–4.30).
func (s *lrState) diffraction(d float64) float64 {
	th := s.thetaE + d*s.gme
	ds := d - s.dla
	// Knife edges at the two horizons, Fresnel-Kirchhoff approximation.
	v := 0.0795775 * s.wn * ds * th * th
	ak := fresnelKirchhoff(v*s.dl[0]/(ds+s.dl[0])) + fresnelKirchhoff(v*s.dl[1]/(ds+s.dl[1]))

	// Smooth rounded earth: height-gain of each terminal over its own
	// earth radius, distance term over the path between the horizons.
	k := 1 / cmplx.Abs(s.zg)
	var xht, aht float64 = 0, 20
	for j := 0; j < 2; j++ {
		a := 0.5 * s.dl[j] * s.dl[j] / s.he[j]
		wa := math.Cbrt(a * s.wn)
		pk := k / wa
		x := (1.607 - pk) * 151.0 * wa * s.dl[j] / a
		xht += x
		aht += heightGain(x, pk)
	}
	a := ds / th
	wa := math.Cbrt(a * s.wn)
	pk := k / wa
	x := (1.607-pk)*151.0*wa*th + xht
	ar := 0.05751*x - 4.343*math.Log(x) - aht

	// Clutter factor (Algorithm, eq. 4.29).
	hh := s.hg[0] * s.hg[1]
	afo := math.Min(15, 2.171*math.Log(1+4.77e-4*hh*s.wn*sigmaH(terrainRoughness(s.dlsa, s.dh))))

	// Weighting between the two models (Algorithm, eq. 4.30); the
	// constant 10 m² in point-to-point mode stands for low antennas
	// whose path is known.
	qk := s.he[0]*s.he[1] - hh
	if s.p2p {
		hh += 10
	}
	q := (math.Sqrt(1+qk/hh) + (s.dla+s.thetaE/s.gme)/d) * math.Min(terrainRoughness(d, s.dh)*s.wn, 6283.2)
	w := 25.1 / (25.1 + math.Sqrt(q))
	return ar*w + (1-w)*ak + afo
}

// fresnelKirchhoff is the knife-edge attenuation A(v) as a function of
// v² (Algorithm, eq. 6.1).
func fresnelKirchhoff(v2 float64) float64 {
	if v2 < 5.76 {
		return 6.02 + 9.11*math.Sqrt(v2) - 1.27*v2
	}
	return 12.953 + 4.343*math.Log(v2)
}

// heightGain is Vogler's height-gain function F(x, K) (Algorithm, eq. 6.2).
func heightGain(x, pk float64) float64 {
	if x < 200 {
		w := -math.Log(pk)
		if pk < 1e-5 || x*w*w*w > 5495 {
			f := -117.0
			if x > 1 {
				f += 17.372 * math.Log(x)
			}
			return f
		}
		return 2.5e-5*x*x/pk - 8.686*w - 15
	}
	f := 0.05751*x - 4.343*math.Log(x)
	if x < 2000 {
		w := 0.0134 * x * math.Exp(-0.005*x)
		f = (1-w)*f + w*(17.372*math.Log(x)-117)
	}
	return f
}

// lineOfSight is Alos(d): two-ray interference with a rough-earth
// reflection coefficient, blended with the extended diffraction line
// (Algorithm, eqs. 4.44–4.50).
func (s *lrState) lineOfSight(d float64) float64 {
	sh := sigmaH(terrainRoughness(d, s.dh))
	q := s.he[0] + s.he[1]
	sinPsi := q / math.Sqrt(d*d+q*q)
	re := (complex(sinPsi, 0) - s.zg) / (complex(sinPsi, 0) + s.zg) * complex(math.Exp(-math.Min(10, s.wn*sh*sinPsi)), 0)
	if m := abs2(re); m < 0.25 || m < sinPsi {
		re *= complex(math.Sqrt(sinPsi/m), 0)
	}
	phi := s.wn * s.he[0] * s.he[1] * 2 / d
	if phi > 1.57 {
		phi = 3.14 - 2.4649/phi
	}
	at := -4.343 * math.Log(abs2(complex(math.Cos(phi), -math.Sin(phi))+re))
	ad := s.emd*d + s.aed
	wls := 0.021 / (0.021 + s.wn*s.dh/math.Max(10e3, s.dlsa))
	return wls*at + (1-wls)*ad
}

func abs2(c complex128) float64 { return real(c)*real(c) + imag(c)*imag(c) }

// scatter is Ascat(d), forward-scatter loss (Algorithm, eqs. 4.60–4.67).
// h0 carries the frequency-gain value H0 between the two calls: once it
// has exceeded 15 dB it is reused rather than recomputed. It returns more
// than 1000 when the scatter formula is undefined.
func (s *lrState) scatter(d float64, h0 *float64) float64 {
	var hh0 float64
	if *h0 > 15 {
		hh0 = *h0
	} else {
		ad := s.dl[0] - s.dl[1]
		rr := s.he[1] / s.he[0]
		if ad < 0 {
			ad, rr = -ad, 1/rr
		}
		th := s.the[0] + s.the[1] + d*s.gme
		r1 := 2 * s.wn * th * s.he[0]
		r2 := 2 * s.wn * th * s.he[1]
		if r1 < 0.2 && r2 < 0.2 {
			return 1001
		}
		ss := (d - ad) / (d + ad)
		q := math.Min(math.Max(0.1, rr/ss), 10)
		ss = math.Max(0.1, ss)
		z0 := (d - ad) * (d + ad) * th * 0.25 / d
		etq := (5.67e-6*s.ns-2.32e-3)*s.ns + 0.031
		et := (etq*math.Exp(-math.Pow(math.Min(1.7, z0/8e3), 6)) + 1) * z0 / 1.7556e3
		ett := math.Max(et, 1)
		hh0 = (h0Curve(r1, ett) + h0Curve(r2, ett)) * 0.5
		hh0 += math.Min(hh0, (1.38-math.Log(ett))*math.Log(ss)*math.Log(q)*0.49)
		hh0 = dim(hh0, 0)
		if et < 1 {
			hh0 = et*hh0 + (1-et)*4.343*math.Log(math.Pow((1+math.Sqrt2/r1)*(1+math.Sqrt2/r2), 2)*(r1+r2)/(r1+r2+2*math.Sqrt2))
		}
		if hh0 > 15 && *h0 >= 0 {
			hh0 = *h0
		}
	}
	*h0 = hh0
	th := s.thetaE + d*s.gme
	return attenuationF(th*d) + 4.343*math.Log(47.7*s.wn*th*th*th*th) - 0.1*(s.ns-301)*math.Exp(-th*d/40e3) + hh0
}

// h0Curve is the frequency-gain function H0(r, ηs), interpolated between
// the curves for integer ηs = 1…5 (Algorithm, eq. 6.13).
func h0Curve(r, et float64) float64 {
	a := [5]float64{25, 80, 177, 395, 705}
	b := [5]float64{24, 45, 68, 80, 105}
	it := int(math.Min(math.Max(et, -1), 10)) // bounded before conversion
	var q float64
	switch {
	case it <= 0:
		it, q = 1, 0
	case it >= 5:
		it, q = 5, 0
	default:
		q = et - float64(it)
	}
	x := 1 / (r * r)
	h := 4.343 * math.Log((a[it-1]*x+b[it-1])*x+1)
	if q != 0 {
		h = (1-q)*h + q*4.343*math.Log((a[it]*x+b[it])*x+1)
	}
	return h
}

// attenuationF is the function F(θd) of the scatter loss (Algorithm,
// eq. 6.9), piecewise in θd.
func attenuationF(td float64) float64 {
	i := 2
	switch {
	case td <= 10e3:
		i = 0
	case td <= 70e3:
		i = 1
	}
	a := [3]float64{133.4, 104.6, 71.8}
	b := [3]float64{0.332e-3, 0.212e-3, 0.157e-3}
	c := [3]float64{-4.343, -1.086, 2.171}
	return a[i] + b[i]*td + c[i]*math.Log(td)
}

// Climate curves of the variability (Algorithm, section 5, tables 5.1 and
// 5.2; TN101 fig. 10.13): for each of the 7 climates, Vmed (bv1, bv2, xv1,
// xv2, xv3), σT− (bsm…, xsm…) and σT+ (bsp…, xsp…) as curve(c1, c2, x1,
// x2, x3); the ducting fit C_D, z_D; the frequency factors g− (bfm) and
// g+ (bfp).
var climateCurves = struct {
	bv1, bv2, xv1, xv2, xv3      [7]float64
	bsm1, bsm2, xsm1, xsm2, xsm3 [7]float64
	bsp1, bsp2, xsp1, xsp2, xsp3 [7]float64
	cd, zd                       [7]float64
	bfm1, bfm2, bfm3             [7]float64
	bfp1, bfp2, bfp3             [7]float64
}{
	bv1:  [7]float64{-9.67, -0.62, 1.26, -9.21, -0.62, -0.39, 3.15},
	bv2:  [7]float64{12.7, 9.19, 15.5, 9.05, 9.19, 2.86, 857.9},
	xv1:  [7]float64{144.9e3, 228.9e3, 262.6e3, 84.1e3, 228.9e3, 141.7e3, 2222.e3},
	xv2:  [7]float64{190.3e3, 205.2e3, 185.2e3, 101.1e3, 205.2e3, 315.9e3, 164.8e3},
	xv3:  [7]float64{133.8e3, 143.6e3, 99.8e3, 98.6e3, 143.6e3, 167.4e3, 116.3e3},
	bsm1: [7]float64{2.13, 2.66, 6.11, 1.98, 2.68, 6.86, 8.51},
	bsm2: [7]float64{159.5, 7.67, 6.65, 13.11, 7.16, 10.38, 169.8},
	xsm1: [7]float64{762.2e3, 100.4e3, 138.2e3, 139.1e3, 93.7e3, 187.8e3, 609.8e3},
	xsm2: [7]float64{123.6e3, 172.5e3, 242.2e3, 132.7e3, 186.8e3, 169.6e3, 119.9e3},
	xsm3: [7]float64{94.5e3, 136.4e3, 178.6e3, 193.5e3, 133.5e3, 108.9e3, 106.6e3},
	bsp1: [7]float64{2.11, 6.87, 10.08, 3.68, 4.75, 8.58, 8.43},
	bsp2: [7]float64{102.3, 15.53, 9.60, 159.3, 8.12, 13.97, 8.19},
	xsp1: [7]float64{636.9e3, 138.7e3, 165.3e3, 464.4e3, 93.2e3, 216.0e3, 136.2e3},
	xsp2: [7]float64{134.8e3, 143.7e3, 225.7e3, 93.1e3, 135.9e3, 152.0e3, 188.5e3},
	xsp3: [7]float64{95.6e3, 98.6e3, 129.7e3, 94.2e3, 113.4e3, 122.7e3, 122.9e3},
	cd:   [7]float64{1.224, 0.801, 1.380, 1.000, 1.224, 1.518, 1.518},
	zd:   [7]float64{1.282, 2.161, 1.282, 20., 1.282, 1.282, 1.282},
	bfm1: [7]float64{1.0, 1.0, 1.0, 1.0, 0.92, 1.0, 1.0},
	bfm2: [7]float64{0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.0},
	bfm3: [7]float64{0.0, 0.0, 0.0, 0.0, 1.77, 0.0, 0.0},
	bfp1: [7]float64{1.0, 0.93, 1.0, 0.93, 0.93, 1.0, 1.0},
	bfp2: [7]float64{0.0, 0.31, 0.0, 0.19, 0.31, 0.0, 0.0},
	bfp3: [7]float64{0.0, 2.00, 0.0, 1.79, 2.00, 0.0, 0.0},
}

// curve is the climate curve shape of Algorithm eq. 5.5:
// (c1 + c2/(1 + ((de−x2)/x3)²)) · (de/x1)²/(1 + (de/x1)²).
func curve(c1, c2, x1, x2, x3, de float64) float64 {
	r := (de - x2) / x3
	u := (de / x1) * (de / x1)
	return (c1 + c2/(1+r*r)) * u / (1 + u)
}

// variability returns Aref adjusted for climate, time, location and
// situation variability (Algorithm, section 5), the quantity to add to the
// free-space loss.
func variability(p Params, g path, aref float64) (float64, Warning) {
	var warn Warning
	c := &climateCurves
	k := int(p.Climate) - 1
	zt := invQ(p.TimePct / 100)
	zl := invQ(p.LocationPct / 100)
	zc := invQ(p.SituationPct / 100)

	// Effective distance (eqs. 5.3–5.4): 9000 km earth radius for the
	// horizons, plus a frequency term.
	dex := math.Sqrt(18e6*g.he[0]) + math.Sqrt(18e6*g.he[1]) + math.Cbrt(575.7e12/g.wn)
	var de float64
	if g.distM < dex {
		de = 130e3 * g.distM / dex
	} else {
		de = 130e3 + g.distM - dex
	}

	kdv := p.MDVar
	noSituation := kdv >= 20
	if noSituation {
		kdv -= 20
	}
	noLocation := kdv >= 10
	if noLocation {
		kdv -= 10
	}

	q := math.Log(0.133 * g.wn)
	gm := c.bfm1[k] + c.bfm2[k]/(math.Pow(c.bfm3[k]*q, 2)+1)
	gp := c.bfp1[k] + c.bfp2[k]/(math.Pow(c.bfp3[k]*q, 2)+1)
	vmd := curve(c.bv1[k], c.bv2[k], c.xv1[k], c.xv2[k], c.xv3[k], de)
	sgtm := curve(c.bsm1[k], c.bsm2[k], c.xsm1[k], c.xsm2[k], c.xsm3[k], de) * gm
	sgtp := curve(c.bsp1[k], c.bsp2[k], c.xsp1[k], c.xsp2[k], c.xsp3[k], de) * gp
	sgtd := sgtp * c.cd[k]
	tgtd := (sgtp - sgtd) * c.zd[k]

	var sgl float64
	if !noLocation {
		q := terrainRoughness(g.distM, g.dh) * g.wn
		sgl = 10 * q / (q + 13)
	}
	var vs0 float64
	if !noSituation {
		vs0 = math.Pow(5+3*math.Exp(-de/100e3), 2)
	}

	switch kdv {
	case SingleMessage:
		zt, zl = zc, zc
	case Accidental:
		zl = zc
	case Mobile:
		zl = zt
	}
	if math.Abs(zt) > 3.1 || math.Abs(zl) > 3.1 || math.Abs(zc) > 3.1 {
		warn |= WarnExtremeVariabilities
	}

	var sgt float64
	switch {
	case zt < 0:
		sgt = sgtm
	case zt <= c.zd[k]:
		sgt = sgtp
	default:
		sgt = sgtd + tgtd/zt
	}
	const rt, rl = 7.8, 24.0
	vs := vs0 + math.Pow(sgt*zt, 2)/(rt+zc*zc) + math.Pow(sgl*zl, 2)/(rl+zc*zc)

	var yr, sgc float64
	switch kdv {
	case SingleMessage:
		sgc = math.Sqrt(sgt*sgt + sgl*sgl + vs)
	case Accidental:
		yr = sgt * zt
		sgc = math.Sqrt(sgl*sgl + vs)
	case Mobile:
		yr = math.Sqrt(sgt*sgt+sgl*sgl) * zt
		sgc = math.Sqrt(vs)
	default:
		yr = sgt*zt + sgl*zl
		sgc = math.Sqrt(vs)
	}
	a := aref - vmd - yr - sgc*zc
	if a < 0 {
		// Soft floor: a strong negative excess loss is compressed towards
		// −10 dB (Algorithm, eq. 5.12).
		a = a * (29 - a) / (29 - 10*a)
	}
	return a, warn
}

// invQ is the inverse of the complementary standard normal distribution,
// Q⁻¹(q) for 0 < q < 1, by the rational approximation of Abramowitz and
// Stegun, Handbook of Mathematical Functions, eq. 26.2.23 (|error| <
// 4.5e-4), as the ITM algorithm specifies.
func invQ(q float64) float64 {
	x := q
	if q > 0.5 {
		x = 1 - q
	}
	t := math.Sqrt(-2 * math.Log(x))
	v := t - ((0.010328*t+0.802853)*t+2.515517)/(((0.001308*t+0.189269)*t+1.432788)*t+1)
	if q > 0.5 {
		v = -v
	}
	return v
}
