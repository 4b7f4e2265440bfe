package crs

import "math"

// The map projections besides Transverse Mercator and Web Mercator, each
// forward (lon/lat degrees on the CRS's own datum → easting/northing
// metres) and inverse. Formulas are those of IOGP Guidance Note 7-2 and
// of Snyder, "Map Projections: A Working Manual" (USGS Professional Paper
// 1395, 1987); see doc.go for the sections. Where a method needs the
// conformal latitude χ or the isometric latitude ψ = asinh(tan χ), they
// are computed with Karney's taupf/tauf (tm.go), which stay accurate up
// to the poles.
//
// Angles in the constants are radians; a is the semi-major axis, e the
// first eccentricity (p.s.e) and e2m = 1 − e² (p.s.e2m).

// cs holds the constants of the conic and azimuthal methods, in the place
// of Krüger's coefficients α, which only Transverse Mercator uses: a
// projection stays small to copy.
func (p *projection) cs() *[6]float64 { return &p.s.alpha }

// baseProjection fills what every method shares.
func baseProjection(ell ellipsoid, lon0, lat0, k0, fe, fn float64) projection {
	f := ell.flattening()
	e2 := f * (2 - f)
	return projection{
		s:  tmSeries{e: math.Sqrt(e2), e2m: 1 - e2},
		a:  ell.a,
		k0: k0, lon0: lon0, lat0: lat0, fe: fe, fn: fn,
	}
}

// isometric returns ψ = asinh(tan χ) of latitude φ (radians), the
// quantity ln[tan(π/4 + φ/2)·((1 − e sin φ)/(1 + e sin φ))^(e/2)] of
// GN 7-2's Mercator and −ln t of its Lambert Conic Conformal (Snyder eqs.
// 7-7 and 15-9).
func (p *projection) isometric(phi float64) float64 {
	return math.Asinh(taupf(math.Tan(phi), p.s.e))
}

// fromIsometric inverts isometric.
func (p *projection) fromIsometric(psi float64) float64 {
	return math.Atan(tauf(math.Sinh(psi), p.s.e, p.s.e2m))
}

// mfunc is m = cos φ / √(1 − e² sin² φ) (GN 7-2; Snyder eq. 14-15).
func (p *projection) mfunc(phi float64) float64 {
	s, c := math.Sincos(phi)
	return c / math.Sqrt(1-(1-p.s.e2m)*s*s)
}

// qfunc is Snyder's q (eq. 3-12), GN 7-2's α for Albers:
// q = (1 − e²)[sin φ/(1 − e² sin² φ) − (1/2e) ln((1 − e sin φ)/(1 + e sin φ))],
// with the logarithm written as 2 atanh(e sin φ); on a sphere q = 2 sin φ.
func (p *projection) qfunc(sinPhi float64) float64 {
	e := p.s.e
	if e == 0 {
		return 2 * sinPhi
	}
	es := e * sinPhi
	return p.s.e2m * (sinPhi/(1-es*es) + math.Atanh(es)/e)
}

// fromQ returns φ (radians) whose q is q, by Newton's method on Snyder
// eq. 3-16, started from the authalic latitude β = asin(q/qp) corrected by
// the series of Snyder eq. 3-18. |q| ≥ qp gives a pole.
func (p *projection) fromQ(q, qp float64) float64 {
	if math.IsNaN(q) {
		return q
	}
	r := q / qp
	if r >= 1 {
		return math.Pi / 2
	}
	if r <= -1 {
		return -math.Pi / 2
	}
	beta := math.Asin(r)
	e2 := 1 - p.s.e2m
	if e2 == 0 {
		return beta
	}
	e4 := e2 * e2
	e6 := e4 * e2
	phi := beta + (e2/3+31*e4/180+517*e6/5040)*math.Sin(2*beta) +
		(23*e4/360+251*e6/3780)*math.Sin(4*beta) + 761*e6/45360*math.Sin(6*beta)
	for i := 0; i < 5; i++ {
		s, c := math.Sincos(phi)
		if c < 1e-10 {
			break
		}
		w := 1 - e2*s*s
		d := w * w / (2 * c) * (q/p.s.e2m - s/w - math.Atanh(p.s.e*s)/p.s.e)
		phi += d
		if math.Abs(d) < 1e-15 {
			break
		}
	}
	return math.Max(-math.Pi/2, math.Min(math.Pi/2, phi))
}

// ---- Mercator (EPSG methods 9804 variant A, "1SP", and 9805 variant B,
// "2SP"). Variant B is variant A with k0 = m(φ1), the scale on the
// standard parallel; both are kept as k0 and lat1 (for writing back).

func newMercator(ell ellipsoid, lon0, k0, lat1 float64, twoSP bool, fe, fn float64) projection {
	p := baseProjection(ell, lon0, 0, k0, fe, fn)
	if twoSP {
		p.lat1 = lat1
		p.k0 = p.mfunc(lat1 * degToRad)
	} else if k0 < 1 {
		// The standard parallel with this scale, for ESRI's Mercator:
		// sin² φ1 = (1 − k0²)/(1 − k0² e²).
		e2 := 1 - p.s.e2m
		p.lat1 = math.Asin(math.Sqrt((1-k0*k0)/(1-k0*k0*e2))) * radToDeg
	}
	return p
}

func (p *projection) mercatorForward(lon, lat float64) (x, y float64) {
	ak := p.a * p.k0
	lam := normLon(lon-p.lon0) * degToRad
	return p.fe + ak*lam, p.fn + ak*p.isometric(lat*degToRad)
}

func (p *projection) mercatorInverse(x, y float64) (lon, lat float64) {
	ak := p.a * p.k0
	lat = p.fromIsometric((y-p.fn)/ak) * radToDeg
	return normLon(p.lon0 + (x-p.fe)/ak*radToDeg), lat
}

// ---- Lambert Conic Conformal (EPSG 9801 "1SP" and 9802 "2SP").
// r = a·F·k·t^n with t = e^(−ψ); cs() holds n, a·F·k and r at the
// origin (rF for 2SP, r0 for 1SP). For 2SP k = 1 and lat0 is the latitude
// of false origin; for 1SP n = sin φ0.

func newLCC(ell ellipsoid, lon0, lat0, lat1, lat2, k0 float64, twoSP bool, fe, fn float64) projection {
	p := baseProjection(ell, lon0, lat0, k0, fe, fn)
	phi0 := lat0 * degToRad
	var n, F float64
	if twoSP {
		p.lat1, p.lat2, p.k0 = lat1, lat2, 1
		phi1, phi2 := lat1*degToRad, lat2*degToRad
		m1, psi1 := p.mfunc(phi1), p.isometric(phi1)
		if math.Abs(lat1-lat2) < 1e-10 {
			n = math.Sin(phi1)
		} else {
			m2, psi2 := p.mfunc(phi2), p.isometric(phi2)
			n = (math.Log(m1) - math.Log(m2)) / (psi2 - psi1)
		}
		F = m1 * math.Exp(n*psi1) / n
	} else {
		n = math.Sin(phi0)
		F = p.mfunc(phi0) * math.Exp(n*p.isometric(phi0)) / n
	}
	akF := p.a * F * p.k0
	k := p.cs()
	k[0], k[1], k[2] = n, akF, akF*math.Exp(-n*p.isometric(phi0))
	return p
}

func (p *projection) lccForward(lon, lat float64) (x, y float64) {
	k := p.cs()
	n, akF, r0 := k[0], k[1], k[2]
	theta := n * normLon(lon-p.lon0) * degToRad
	r := akF * math.Exp(-n*p.isometric(lat*degToRad))
	s, c := math.Sincos(theta)
	return p.fe + r*s, p.fn + r0 - r*c
}

func (p *projection) lccInverse(x, y float64) (lon, lat float64) {
	k := p.cs()
	n, akF, r0 := k[0], k[1], k[2]
	dx, dy := x-p.fe, r0-(y-p.fn)
	if n < 0 {
		dx, dy = -dx, -dy
	}
	r := math.Hypot(dx, dy)
	if r == 0 {
		return p.lon0, math.Copysign(90, n)
	}
	psi := -math.Log(r/math.Abs(akF)) / n
	lat = p.fromIsometric(psi) * radToDeg
	return normLon(p.lon0 + math.Atan2(dx, dy)/n*radToDeg), lat
}

// ---- Albers Equal Area (EPSG 9822). r = a·√(C − n·q)/n; cs() holds n,
// C and r at the latitude of false origin.

func newAlbers(ell ellipsoid, lon0, lat0, lat1, lat2, fe, fn float64) projection {
	p := baseProjection(ell, lon0, lat0, 1, fe, fn)
	p.lat1, p.lat2 = lat1, lat2
	phi1, phi2 := lat1*degToRad, lat2*degToRad
	m1, q1 := p.mfunc(phi1), p.qfunc(math.Sin(phi1))
	var n float64
	if math.Abs(lat1-lat2) < 1e-10 {
		n = math.Sin(phi1)
	} else {
		m2, q2 := p.mfunc(phi2), p.qfunc(math.Sin(phi2))
		n = (m1*m1 - m2*m2) / (q2 - q1)
	}
	C := m1*m1 + n*q1
	k := p.cs()
	k[0], k[1], k[2] = n, C, p.a*math.Sqrt(C-n*p.qfunc(math.Sin(lat0*degToRad)))/n
	return p
}

func (p *projection) albersForward(lon, lat float64) (x, y float64) {
	k := p.cs()
	n, C, r0 := k[0], k[1], k[2]
	theta := n * normLon(lon-p.lon0) * degToRad
	r := p.a * math.Sqrt(C-n*p.qfunc(math.Sin(lat*degToRad))) / n
	s, c := math.Sincos(theta)
	return p.fe + r*s, p.fn + r0 - r*c
}

func (p *projection) albersInverse(x, y float64) (lon, lat float64) {
	k := p.cs()
	n, C, r0 := k[0], k[1], k[2]
	dx, dy := x-p.fe, r0-(y-p.fn)
	if n < 0 {
		dx, dy = -dx, -dy
	}
	rn := math.Hypot(dx, dy) * n / p.a
	q := (C - rn*rn) / n
	lat = p.fromQ(q, p.qfunc(1)) * radToDeg
	return normLon(p.lon0 + math.Atan2(dx, dy)/n*radToDeg), lat
}

// ---- Lambert Azimuthal Equal Area (EPSG 9820), oblique and equatorial
// aspects by GN 7-2, polar aspects by Snyder §24 (ρ = a·√(qp ∓ q)).
// cs() holds qp, Rq, D, sin β0 and cos β0; for a polar aspect D is 0
// and sin β0 is ±1.

func newLAEA(ell ellipsoid, lon0, lat0, fe, fn float64) projection {
	p := baseProjection(ell, lon0, lat0, 1, fe, fn)
	qp := p.qfunc(1)
	k := p.cs()
	k[0], k[1] = qp, p.a*math.Sqrt(qp/2)
	if math.Abs(lat0) >= 90-1e-10 {
		k[3] = math.Copysign(1, lat0)
		return p
	}
	phi0 := lat0 * degToRad
	sb0 := p.qfunc(math.Sin(phi0)) / qp
	cb0 := math.Sqrt(1 - sb0*sb0)
	k[2], k[3], k[4] = p.a*p.mfunc(phi0)/(k[1]*cb0), sb0, cb0
	return p
}

func (p *projection) laeaForward(lon, lat float64) (x, y float64) {
	k := p.cs()
	qp, rq, d, sb0, cb0 := k[0], k[1], k[2], k[3], k[4]
	lam := normLon(lon-p.lon0) * degToRad
	sl, cl := math.Sincos(lam)
	q := p.qfunc(math.Sin(lat * degToRad))
	if d == 0 { // polar aspect
		rho := p.a * math.Sqrt(math.Max(0, qp-sb0*q))
		return p.fe + rho*sl, p.fn - sb0*rho*cl
	}
	sb := math.Max(-1, math.Min(1, q/qp))
	cb := math.Sqrt(1 - sb*sb)
	b := rq * math.Sqrt(2/(1+sb0*sb+cb0*cb*cl))
	return p.fe + b*d*cb*sl, p.fn + b/d*(cb0*sb-sb0*cb*cl)
}

func (p *projection) laeaInverse(x, y float64) (lon, lat float64) {
	k := p.cs()
	qp, rq, d, sb0, cb0 := k[0], k[1], k[2], k[3], k[4]
	dx, dy := x-p.fe, y-p.fn
	if d == 0 { // polar aspect
		rho := math.Hypot(dx, dy) / p.a
		q := sb0 * (qp - rho*rho)
		lat = p.fromQ(q, qp) * radToDeg
		return normLon(p.lon0 + math.Atan2(dx, -sb0*dy)*radToDeg), lat
	}
	rho := math.Hypot(dx/d, d*dy)
	if rho == 0 {
		return p.lon0, p.lat0
	}
	sc := rho / (2 * rq)
	if sc > 1 {
		if sc > 1+1e-12 {
			return math.NaN(), math.NaN()
		}
		sc = 1
	}
	c := 2 * math.Asin(sc)
	sC, cC := math.Sincos(c)
	sb := cC*sb0 + d*dy*sC*cb0/rho
	lat = p.fromQ(qp*sb, qp) * radToDeg
	lam := math.Atan2(dx*sC, d*rho*cb0*cC-d*d*dy*sb0*sC)
	return normLon(p.lon0 + lam*radToDeg), lat
}

// ---- Mollweide (Snyder §31, spherical). On an ellipsoid it is applied,
// as PROJ and ESRI do, to the geodetic latitude on a sphere of radius a.

// mollweideTheta solves 2θ + sin 2θ = π sin φ for θ by Newton's method
// on θ' = 2θ (Snyder eq. 31-4). Near a pole θ' + sin θ' − π ≈ −δ³/6 with
// δ = π − θ', which gives the starting value there.
func mollweideTheta(phi float64) float64 {
	a := math.Abs(phi)
	if a >= math.Pi/2 {
		return math.Copysign(math.Pi/2, phi)
	}
	t := math.Pi * math.Sin(a)
	th := a * math.Pi / 2
	if a > 1.2 {
		h := math.Sin((math.Pi/2 - a) / 2) // 1 − sin φ = 2 sin²((π/2 − φ)/2)
		th = math.Pi - math.Cbrt(12*math.Pi*h*h)
	}
	for i := 0; i < 30; i++ {
		f := th + math.Sin(th) - t
		fp := 1 + math.Cos(th)
		if fp == 0 {
			break
		}
		d := f / fp
		th -= d
		th = math.Max(0, math.Min(math.Pi, th))
		if math.Abs(d) < 1e-15 {
			break
		}
	}
	return math.Copysign(th/2, phi)
}

func (p *projection) mollweideForward(lon, lat float64) (x, y float64) {
	lam := normLon(lon-p.lon0) * degToRad
	th := mollweideTheta(lat * degToRad)
	s, c := math.Sincos(th)
	return p.fe + 2*math.Sqrt2/math.Pi*p.a*lam*c, p.fn + math.Sqrt2*p.a*s
}

func (p *projection) mollweideInverse(x, y float64) (lon, lat float64) {
	st := (y - p.fn) / (math.Sqrt2 * p.a)
	if math.Abs(st) > 1 {
		if math.Abs(st) > 1+1e-12 {
			return math.NaN(), math.NaN()
		}
		st = math.Copysign(1, st)
	}
	th := math.Asin(st)
	lat = math.Asin(math.Max(-1, math.Min(1, (2*th+math.Sin(2*th))/math.Pi))) * radToDeg
	c := math.Cos(th)
	if c == 0 {
		return p.lon0, lat
	}
	lam := math.Pi * (x - p.fe) / (2 * math.Sqrt2 * p.a * c)
	if math.Abs(lam) > math.Pi*(1+1e-12) {
		return math.NaN(), math.NaN() // outside the map's ellipse
	}
	return normLon(p.lon0 + lam*radToDeg), lat
}
