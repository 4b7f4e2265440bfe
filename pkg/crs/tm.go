package crs

import (
	"math"
)

// Map projection maths, Transverse Mercator and Web Mercator (the other
// methods are in proj.go):
//
//   - Transverse Mercator (EPSG method 9807), by Krüger's series carried to
//     sixth order in the third flattening n, in the form given by
//     C. F. F. Karney, "Transverse Mercator with an accuracy of a few
//     nanometers", J. Geodesy 85 (2011) 475–485, eqs. (7)–(11), (19)–(21),
//     (35) and (36). Karney shows the truncation error of the sixth-order
//     series is below 5 nm within 3900 km of the central meridian, so a
//     UTM zone (±3°, about ±330 km at the equator) is reproduced far below
//     a millimetre; the tests compare against his TMcoords.dat test set.
//   - Popular Visualisation Pseudo Mercator (EPSG method 1024, "Web
//     Mercator"), spherical Mercator formulas applied on a sphere of radius
//     a (the WGS 84 semi-major axis), as given in IOGP Guidance Note 7-2
//     (Coordinate Conversions and Transformations including Formulas).

const (
	degToRad = math.Pi / 180
	radToDeg = 180 / math.Pi
)

// ellipsoid is a reference ellipsoid. name is the ESRI-style spelling
// written into .prj files.
type ellipsoid struct {
	name string
	a    float64 // semi-major axis, metres
	invF float64 // inverse flattening; 0 for a sphere
}

// The WGS 84 ellipsoid (EPSG:7030).
var ellWGS84 = ellipsoid{name: "WGS_1984", a: 6378137, invF: 298.257223563}

func (e ellipsoid) flattening() float64 {
	if e.invF == 0 {
		return 0
	}
	return 1 / e.invF
}

// wgs84Like reports an ellipsoid whose shape matches WGS 84 to within the
// GRS 1980 difference (semi-minor axes differ by 0.1 mm), so that UTM
// zones on it can be named by their WGS 84 code.
func (e ellipsoid) wgs84Like() bool {
	return math.Abs(e.a-ellWGS84.a) < 1e-3 && math.Abs(e.invF-ellWGS84.invF) < 1e-5
}

// tmSeries holds the constants of Krüger's series for one ellipsoid.
type tmSeries struct {
	e     float64    // first eccentricity
	e2m   float64    // 1 - e²
	a1    float64    // rectifying radius A (Karney eq. 14), metres
	alpha [6]float64 // forward coefficients α1..α6 (Karney eq. 35)
	beta  [6]float64 // reverse coefficients β1..β6 (Karney eq. 36)
}

func newTMSeries(ell ellipsoid) tmSeries {
	f := ell.flattening()
	n := f / (2 - f)
	n2 := n * n
	n3 := n2 * n
	n4 := n3 * n
	n5 := n4 * n
	n6 := n5 * n
	e2 := f * (2 - f)
	s := tmSeries{
		e:   math.Sqrt(e2),
		e2m: 1 - e2,
		a1:  ell.a / (1 + n) * (1 + n2/4 + n4/64 + n6/256),
	}
	s.alpha = [6]float64{
		n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
		13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
		61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
		49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
		34729*n5/80640 - 3418889*n6/1995840,
		212378941 * n6 / 319334400,
	}
	s.beta = [6]float64{
		n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
		n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
		17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
		4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
		4583*n5/161280 - 108847*n6/3991680,
		20648693 * n6 / 638668800,
	}
	return s
}

// wgs84Series is computed once: every UTM CRS on a WGS 84-like datum
// shares it, so building such a CRS costs nothing.
var wgs84Series = newTMSeries(ellWGS84)

// taupf maps tan φ to tan χ, χ the conformal latitude (Karney eqs. 7–9).
func taupf(tau, e float64) float64 {
	tau1 := math.Hypot(1, tau)
	sig := math.Sinh(e * math.Atanh(e*tau/tau1))
	return math.Hypot(1, sig)*tau - sig*tau1
}

// tauf inverts taupf by Newton's method (Karney eqs. 19–21); it converges
// to full precision in two or three steps.
func tauf(taup, e, e2m float64) float64 {
	if math.IsInf(taup, 0) || math.IsNaN(taup) {
		return taup
	}
	tau := taup / e2m
	for i := 0; i < 8; i++ {
		tp := taupf(tau, e)
		dtau := (taup - tp) * (1 + e2m*tau*tau) /
			(e2m * math.Hypot(1, tau) * math.Hypot(1, tp))
		tau += dtau
		if !(math.Abs(dtau) >= 1e-15*math.Max(1, math.Abs(tau))) {
			break
		}
	}
	return tau
}

// krugerSum evaluates Σ c[j-1] sin(2jζ) for complex ζ = ξ + iη by
// Clenshaw summation. Written out on real parts so that sin, cos, sinh
// and cosh of 2ξ and 2η are each computed once.
func krugerSum(c *[6]float64, xi, eta float64) (dxi, deta float64) {
	s, co := math.Sincos(2 * xi)
	sh, ch := math.Sinh(2*eta), math.Cosh(2*eta)
	// sin 2ζ = s·ch + i·co·sh ; 2cos 2ζ = 2(co·ch − i·s·sh)
	yr, yi := 2*co*ch, -2*s*sh
	var b1r, b1i, b2r, b2i float64
	for k := len(c) - 1; k >= 0; k-- {
		// b0 = c_k + y·b1 − b2
		b0r := c[k] + yr*b1r - yi*b1i - b2r
		b0i := yr*b1i + yi*b1r - b2i
		b2r, b2i = b1r, b1i
		b1r, b1i = b0r, b0i
	}
	sr, si := s*ch, co*sh
	return b1r*sr - b1i*si, b1r*si + b1i*sr
}

// projection holds the parameters of a map projection and the constants
// derived from them once. Angles are degrees, lengths metres. Which
// fields a method uses is said where it is set up: Transverse Mercator
// (newTMProjection), Web Mercator (mercForward), and the methods of
// proj.go.
type projection struct {
	s    tmSeries // Krüger series for TM; e, e2m and the constants of cs() for the others
	a    float64  // semi-major axis (the sphere radius for Web Mercator and Mollweide)
	k0   float64  // scale factor at the natural origin (Mercator 2SP: derived from lat1)
	lon0 float64
	lat0 float64 // latitude of natural origin, of false origin (LCC 2SP, Albers) or of centre (LAEA)
	lat1 float64 // first standard parallel (Mercator 2SP, LCC 2SP, Albers)
	lat2 float64 // second standard parallel (LCC 2SP, Albers)
	fe   float64
	fn   float64
	xi0  float64 // TM: ξ of the natural origin, so that y = k0·A·(ξ − ξ0)
}

func newTMProjection(ell ellipsoid, lon0, lat0, k0, fe, fn float64) projection {
	s := wgs84Series
	if ell.a != ellWGS84.a || ell.invF != ellWGS84.invF {
		s = newTMSeries(ell)
	}
	p := projection{s: s, a: ell.a, k0: k0, lon0: lon0, lat0: lat0, fe: fe, fn: fn}
	if lat0 != 0 {
		// On the central meridian η' = 0 and ξ' is the conformal
		// latitude; the series then gives the rectifying latitude, i.e.
		// the meridian arc from the equator divided by A.
		xip := math.Atan(taupf(math.Tan(lat0*degToRad), s.e))
		dxi, _ := krugerSum(&s.alpha, xip, 0)
		p.xi0 = xip + dxi
	}
	return p
}

// normLon brings a longitude into [-180, 180].
func normLon(lon float64) float64 {
	if lon >= -180 && lon <= 180 {
		return lon
	}
	return math.Remainder(lon, 360)
}

// forward converts lon/lat degrees to easting/northing metres.
func (p *projection) forward(lon, lat float64) (x, y float64) {
	lam := normLon(lon-p.lon0) * degToRad
	phi := lat * degToRad
	taup := taupf(math.Tan(phi), p.s.e)
	slam, clam := math.Sincos(lam)
	xip := math.Atan2(taup, clam)
	etap := math.Asinh(slam / math.Hypot(taup, clam))
	dxi, deta := krugerSum(&p.s.alpha, xip, etap)
	ka := p.k0 * p.s.a1
	return p.fe + ka*(etap+deta), p.fn + ka*(xip+dxi-p.xi0)
}

// inverse converts easting/northing metres to lon/lat degrees.
func (p *projection) inverse(x, y float64) (lon, lat float64) {
	ka := p.k0 * p.s.a1
	xi := (y-p.fn)/ka + p.xi0
	eta := (x - p.fe) / ka
	dxi, deta := krugerSum(&p.s.beta, xi, eta)
	xip, etap := xi-dxi, eta-deta
	sh := math.Sinh(etap)
	sxi, cxi := math.Sincos(xip)
	r := math.Hypot(sh, cxi)
	lam := math.Atan2(sh, cxi)
	var phi float64
	if r != 0 {
		phi = math.Atan(tauf(sxi/r, p.s.e, p.s.e2m))
	} else {
		phi = math.Copysign(math.Pi/2, sxi)
	}
	return normLon(p.lon0 + lam*radToDeg), phi * radToDeg
}

// mercForward is EPSG method 1024: E = FE + R(λ − λ0),
// N = FN + R ln tan(π/4 + φ/2), written with asinh(tan φ), which is the
// same function and better behaved near the poles.
func (p *projection) mercForward(lon, lat float64) (x, y float64) {
	lam := normLon(lon-p.lon0) * degToRad
	return p.fe + p.a*lam, p.fn + p.a*math.Asinh(math.Tan(lat*degToRad))
}

// mercInverse: φ = atan(sinh((N − FN)/R)), the same as GN 7-2's
// π/2 − 2 atan(e^D) with D = (FN − N)/R.
func (p *projection) mercInverse(x, y float64) (lon, lat float64) {
	lat = math.Atan(math.Sinh((y-p.fn)/p.a)) * radToDeg
	lon = normLon(p.lon0 + (x-p.fe)/p.a*radToDeg)
	return lon, lat
}
