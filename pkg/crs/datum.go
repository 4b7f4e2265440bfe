package crs

import "math"

// Datum shifts to WGS 84: geographic coordinates on the source ellipsoid
// are made geocentric (GN 7-2, geographic/geocentric conversions, EPSG
// method 9602), moved by a Helmert transformation (GN 7-2 §4.4.3), and
// made geographic again on the WGS 84 ellipsoid. Heights are taken as
// zero on the source ellipsoid; the height a point gains or loses moves
// its latitude by less than a millimetre.

// datumShift says how longitude/latitude on a CRS's own datum become WGS
// 84 longitude/latitude: first the prime meridian is added, then the
// Helmert transformation applied if helmert is set.
type datumShift struct {
	pm      float64 // prime meridian, degrees east of Greenwich
	helmert bool
	// tx, ty, tz in metres; rx, ry, rz in arc-seconds; ds in parts per
	// million. Rotations follow the position vector convention (EPSG
	// method 9606), the convention of WKT 1's TOWGS84[...] and of PROJ's
	// +towgs84; a coordinate frame rotation (EPSG 9607) is stored with
	// its rotations negated.
	h [7]float64
}

func (d *datumShift) active() bool { return d.helmert || d.pm != 0 }

// secToRad converts arc-seconds to radians.
const secToRad = math.Pi / (180 * 3600)

// Built-in shifts, with the parameters PROJ 9.1 (proj.db of Debian's
// proj-data 9.1.1) uses for these datums; see doc.go.
var (
	// EPSG:8452 "Batavia to WGS 84 (1)", geocentric translations, 6 m.
	// PROJ's bound CRS for Batavia (Jakarta) EPSG:4813 and its projected
	// Batavia CRSs (e.g. EPSG:21148–21150, 3001) carry these values as
	// +towgs84=-377,681,-50.
	shiftBatavia = [7]float64{-377, 681, -50, 0, 0, 0, 0}
	// EPSG:1833 "ID74 to WGS 84 (3)", 3 m, onshore Indonesia, the first
	// of PROJ's candidate operations for EPSG:4238 to EPSG:4326. EPSG
	// publishes it as a coordinate frame rotation with rx −0.364″,
	// ry −0.254″, rz −0.689″; here the rotations are negated into the
	// position vector convention.
	shiftID74 = [7]float64{-1.977, -13.06, -9.993, 0.364, 0.254, 0.689, -1.037}
)

// jakartaPM is the Jakarta prime meridian, EPSG:8908: 106°48'27.79" E.
const jakartaPM = 106 + 48.0/60 + 27.79/3600

// geocentric converts geodetic φ, λ (radians, height 0) on an ellipsoid
// of semi-major axis a and eccentricity squared e2 to X, Y, Z metres.
func geocentric(a, e2, phi, lam float64) (x, y, z float64) {
	sp, cp := math.Sincos(phi)
	sl, cl := math.Sincos(lam)
	nu := a / math.Sqrt(1-e2*sp*sp)
	return nu * cp * cl, nu * cp * sl, nu * (1 - e2) * sp
}

// geodetic converts X, Y, Z metres to geodetic φ, λ (radians) by
// Bowring's formula as given in GN 7-2, followed by one more step of the
// same iteration, which brings it to about 1e-12 rad near the surface.
func geodetic(a, e2, x, y, z float64) (phi, lam float64) {
	lam = math.Atan2(y, x)
	p := math.Hypot(x, y)
	b := a * math.Sqrt(1-e2)
	ep2 := e2 / (1 - e2)
	// Parametric latitude from the first guess φ ≈ atan(Z·a / (p·b)).
	u := math.Atan2(z*a, p*b)
	for i := 0; i < 2; i++ {
		su, cu := math.Sincos(u)
		phi = math.Atan2(z+ep2*b*su*su*su, p-e2*a*cu*cu*cu)
		u = math.Atan2(b*math.Sin(phi), a*math.Cos(phi)) // tan u = (1 − f) tan φ
	}
	return phi, lam
}

// helmertForward applies the position vector transformation (GN 7-2
// §4.4.3, EPSG 9606) with the small-angle rotation matrix:
//
//	X_T = M·R·X_S + T,  R = [[1, −rz, ry], [rz, 1, −rx], [−ry, rx, 1]],
//	M = 1 + ds·10⁻⁶.
func helmertForward(h *[7]float64, x, y, z float64) (float64, float64, float64) {
	rx, ry, rz := h[3]*secToRad, h[4]*secToRad, h[5]*secToRad
	m := 1 + h[6]*1e-6
	return h[0] + m*(x-rz*y+ry*z),
		h[1] + m*(rz*x+y-rx*z),
		h[2] + m*(-ry*x+rx*y+z)
}

// helmertInverse undoes helmertForward exactly: X_S = R⁻¹·(X_T − T)/M,
// where for R = I + S, S the skew matrix of ω = (rx, ry, rz),
// R⁻¹ = (I − S + ωωᵀ)/(1 + |ω|²).
func helmertInverse(h *[7]float64, x, y, z float64) (float64, float64, float64) {
	rx, ry, rz := h[3]*secToRad, h[4]*secToRad, h[5]*secToRad
	m := 1 + h[6]*1e-6
	x, y, z = (x-h[0])/m, (y-h[1])/m, (z-h[2])/m
	d := rx*x + ry*y + rz*z // ωᵀX
	k := 1 / (1 + rx*rx + ry*ry + rz*rz)
	return k * (x + rz*y - ry*z + rx*d),
		k * (-rz*x + y + rx*z + ry*d),
		k * (ry*x - rx*y + z + rz*d)
}

var wgs84E2 = func() float64 { f := ellWGS84.flattening(); return f * (2 - f) }()

// toWGS84 (for a shifted c) takes lon/lat degrees on c's datum (longitude from c's prime
// meridian) to WGS 84.
func (c *CRS) toWGS84(lon, lat float64) (float64, float64) {
	s := c.shift.Value()
	lon += s.pm
	if s.helmert {
		f := c.ell.flattening()
		x, y, z := geocentric(c.ell.a, f*(2-f), lat*degToRad, lon*degToRad)
		x, y, z = helmertForward(&s.h, x, y, z)
		phi, lam := geodetic(ellWGS84.a, wgs84E2, x, y, z)
		return normLon(lam * radToDeg), phi * radToDeg
	}
	return normLon(lon), lat
}

// fromWGS84 is the inverse of toWGS84.
func (c *CRS) fromWGS84(lon, lat float64) (float64, float64) {
	s := c.shift.Value()
	if s.helmert {
		x, y, z := geocentric(ellWGS84.a, wgs84E2, lat*degToRad, lon*degToRad)
		x, y, z = helmertInverse(&s.h, x, y, z)
		f := c.ell.flattening()
		phi, l := geodetic(c.ell.a, f*(2-f), x, y, z)
		lon, lat = l*radToDeg, phi*radToDeg
	}
	return normLon(lon - s.pm), lat
}
