package earth

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS 84 defining parameters (NIMA TR8350.2, 3rd ed., 2000).
const (
	SemiMajorAxisM = 6378137.0
	Flattening     = 1 / 298.257223563
	SemiMinorAxisM = SemiMajorAxisM * (1 - Flattening)
	// MeanRadiusM is the IUGG mean radius R1 = (2a+b)/3 of WGS 84.
	MeanRadiusM = (2*SemiMajorAxisM + SemiMinorAxisM) / 3
)

const deg = math.Pi / 180

// DistanceM is the geodesic distance in metres between two lon/lat points
// on WGS 84: up to 20 km ShortDistanceM's arc of the chord, beyond it
// Vincenty's inverse.
func DistanceM(p, q orb.Point) float64 {
	if p == q {
		return 0
	}
	if math.Abs(q[1]-p[1]) > 0.2 {
		// over 22 km apart in latitude alone: not worth preparing
		d, _ := vincenty(p, q)
		return d
	}
	return ShortDistanceM(CartOf(p), CartOf(q))
}

// Inverse solves the inverse geodesic problem on WGS 84: the distance in
// metres from p to q and the forward azimuth at p in degrees, clockwise
// from north in [-180, 180]. The azimuth of a point to itself is 0; where
// the iteration does not converge (nearly antipodal points) the distance
// is the great-circle one and the azimuth the spherical one.
func Inverse(p, q orb.Point) (distM, azDeg float64) {
	d, az := vincenty(p, q)
	if d <= shortChordM+1 {
		// the distance DistanceM gives: the chord's arc where the chord
		// (shorter than the geodesic, by 8 mm at 20 km) is up to 20 km
		d = DistanceM(p, q)
	}
	return d, az
}

// vincenty solves the inverse problem by Vincenty's iteration.
func vincenty(p, q orb.Point) (distM, azDeg float64) {
	if p == q {
		return 0, 0
	}
	const a, b, f = SemiMajorAxisM, SemiMinorAxisM, Flattening
	L := (q[0] - p[0]) * deg
	U1 := math.Atan((1 - f) * math.Tan(p[1]*deg))
	U2 := math.Atan((1 - f) * math.Tan(q[1]*deg))
	sinU1, cosU1 := math.Sincos(U1)
	sinU2, cosU2 := math.Sincos(U2)
	lambda := L
	for iter := 0; iter < 200; iter++ {
		sinL, cosL := math.Sincos(lambda)
		t1 := cosU2 * sinL
		t2 := cosU1*sinU2 - sinU1*cosU2*cosL
		sinSigma := math.Sqrt(t1*t1 + t2*t2)
		if sinSigma == 0 {
			return 0, 0
		}
		cosSigma := sinU1*sinU2 + cosU1*cosU2*cosL
		sigma := math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinL / sinSigma
		cos2Alpha := 1 - sinAlpha*sinAlpha
		cos2SigmaM := 0.0
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		C := f / 16 * cos2Alpha * (4 + f*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-C)*f*sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-12 {
			u2 := cos2Alpha * (a*a - b*b) / (b * b)
			A := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
			B := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
			dSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
				B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
			sinL, cosL := math.Sincos(lambda)
			az := math.Atan2(cosU2*sinL, cosU1*sinU2-sinU1*cosU2*cosL) / deg
			return b * A * (sigma - dSigma), az
		}
	}
	sinL, cosL := math.Sincos(L)
	phi1, phi2 := p[1]*deg, q[1]*deg
	az := math.Atan2(sinL*math.Cos(phi2), math.Cos(phi1)*math.Sin(phi2)-math.Sin(phi1)*math.Cos(phi2)*cosL) / deg
	return GreatCircleM(p, q), az
}

// Direct solves the direct geodesic problem on WGS 84: the point distM
// metres from p along the geodesic leaving p at azimuth azDeg (clockwise
// from north). Longitudes are returned in [-180, 180].
func Direct(p orb.Point, azDeg, distM float64) orb.Point {
	return NewGeodesicLine(p, azDeg).At(distM)
}

// GeodesicLine is the geodesic leaving a point at an azimuth, with what
// Vincenty's direct formula needs computed once, for the many points
// along one radial.
type GeodesicLine struct {
	p                     orb.Point
	sinA1, cosA1          float64
	sinU1, cosU1          float64
	sigma1, sinAlpha      float64
	cos2Alpha, bigA, bigB float64
	bigC                  float64
}

// NewGeodesicLine starts the geodesic from p at azDeg.
func NewGeodesicLine(p orb.Point, azDeg float64) GeodesicLine {
	const a, b, f = SemiMajorAxisM, SemiMinorAxisM, Flattening
	g := GeodesicLine{p: p}
	g.sinA1, g.cosA1 = math.Sincos(azDeg * deg)
	tanU1 := (1 - f) * math.Tan(p[1]*deg)
	g.cosU1 = 1 / math.Sqrt(1+tanU1*tanU1)
	g.sinU1 = tanU1 * g.cosU1
	g.sigma1 = math.Atan2(tanU1, g.cosA1)
	g.sinAlpha = g.cosU1 * g.sinA1
	g.cos2Alpha = 1 - g.sinAlpha*g.sinAlpha
	u2 := g.cos2Alpha * (a*a - b*b) / (b * b)
	g.bigA = 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
	g.bigB = u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
	g.bigC = f / 16 * g.cos2Alpha * (4 + f*(4-3*g.cos2Alpha))
	return g
}

// At is the point distM metres along the line (Vincenty 1975, direct).
func (g GeodesicLine) At(distM float64) orb.Point {
	if distM == 0 {
		return g.p
	}
	const b, f = SemiMinorAxisM, Flattening
	B := g.bigB
	sigma0 := distM / (b * g.bigA)
	sigma := sigma0
	var sinSigma, cosSigma, cos2SigmaM float64
	for iter := 0; iter < 100; iter++ {
		cos2SigmaM = math.Cos(2*g.sigma1 + sigma)
		sinSigma, cosSigma = math.Sincos(sigma)
		dSigma := B * sinSigma * (cos2SigmaM + B/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
			B/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
		prev := sigma
		sigma = sigma0 + dSigma
		if math.Abs(sigma-prev) < 1e-12 {
			break
		}
	}
	cos2SigmaM = math.Cos(2*g.sigma1 + sigma)
	sinSigma, cosSigma = math.Sincos(sigma)
	t := g.sinU1*sinSigma - g.cosU1*cosSigma*g.cosA1
	lat := math.Atan2(g.sinU1*cosSigma+g.cosU1*sinSigma*g.cosA1, (1-f)*math.Sqrt(g.sinAlpha*g.sinAlpha+t*t))
	lambda := math.Atan2(sinSigma*g.sinA1, g.cosU1*cosSigma-g.sinU1*sinSigma*g.cosA1)
	C := g.bigC
	L := lambda - (1-C)*f*g.sinAlpha*(sigma+C*sinSigma*(cos2SigmaM+C*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
	lon := math.Mod(g.p[0]+L/deg+540, 360) - 180
	return orb.Point{lon, lat / deg}
}

// GreatCircleM is the haversine distance on the mean-radius sphere; the
// fallback for pairs where Vincenty's iteration does not converge.
func GreatCircleM(p, q orb.Point) float64 {
	dLat := (q[1] - p[1]) * deg
	dLon := (q[0] - p[0]) * deg
	s := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p[1]*deg)*math.Cos(q[1]*deg)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * MeanRadiusM * math.Asin(math.Min(1, math.Sqrt(s)))
}

// LineLengthM is the geodesic length of a polyline in metres.
func LineLengthM(ls orb.LineString) float64 {
	var sum float64
	for i := 1; i < len(ls); i++ {
		sum += DistanceM(ls[i-1], ls[i])
	}
	return sum
}

// Local is a metric plane (x east, y north, metres) fitted at an origin.
type Local struct {
	Origin orb.Point
	// mx, my are metres per degree of longitude and latitude at the origin.
	mx, my float64
}

// NewLocal fits a plane at origin using the radii of curvature there.
func NewLocal(origin orb.Point) Local {
	const e2 = Flattening * (2 - Flattening)
	s := math.Sin(origin[1] * deg)
	w := math.Sqrt(1 - e2*s*s)
	n := SemiMajorAxisM / w                      // prime vertical radius
	m := SemiMajorAxisM * (1 - e2) / (w * w * w) // meridional radius
	return Local{Origin: origin, mx: n * math.Cos(origin[1]*deg) * deg, my: m * deg}
}

// Project maps lon/lat to plane metres.
func (l Local) Project(p orb.Point) orb.Point {
	return orb.Point{(p[0] - l.Origin[0]) * l.mx, (p[1] - l.Origin[1]) * l.my}
}

// Unproject maps plane metres back to lon/lat.
func (l Local) Unproject(p orb.Point) orb.Point {
	return orb.Point{l.Origin[0] + p[0]/l.mx, l.Origin[1] + p[1]/l.my}
}

// MetresPerDegree returns the plane's scale in x (longitude) and y (latitude).
func (l Local) MetresPerDegree() (x, y float64) { return l.mx, l.my }
