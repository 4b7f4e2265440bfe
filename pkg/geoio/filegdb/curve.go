package filegdb

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// Curve segment types and flag bits of the extended curve section, as
// the "Extended Shapefile Format" white paper numbers them.
const (
	segArc     = 1
	segBezier  = 4
	segEllipse = 5

	arcEmpty = 0x1
	arcCCW   = 0x8
	arcLine  = 0x20
	arcPoint = 0x40
	arcIP    = 0x80 // the two numbers are an interior point, not the centre

	ellLine       = 0x40
	ellPoint      = 0x80
	ellCenterTo   = 0x200
	ellCenterFrom = 0x400
	ellCCW        = 0x800
	ellMinor      = 0x1000
	ellComplete   = 0x2000
)

// CurveTolerance is how far a chord may stray from the curve it replaces,
// as a fraction of the curve's size: the radius of a circular arc, the
// semi-major axis of an elliptic arc, the length of a Bézier curve's
// control polygon. 1e-4 puts a vertex every 1.6° of a circle (224 per
// full circle) and keeps each chord within 10 cm of a 1 km arc.
const CurveTolerance = 1e-4

// maxStep is the angle between vertices that keeps a chord within
// CurveTolerance of its arc: r(1-cos(θ/2)) = tol·r.
var maxStep = 2 * math.Acos(1-CurveTolerance)

// curveSeg is one curve segment: it replaces the straight segment from
// point start to point start+1.
type curveSeg struct {
	start int
	typ   uint64
	v     [5]float64
	bits  uint32
}

// readCurves reads n curve segments: each a start point index and a type
// (varuints), then for a circular arc two numbers and 32 bits of flags,
// for a cubic Bézier its two control points, for an elliptic arc five
// numbers and the flags.
func readCurves(c *cursor, n, npts int) ([]curveSeg, error) {
	segs := make([]curveSeg, 0, min(n, c.left()/22+1))
	last := -1
	for k := 0; k < n; k++ {
		st, err := c.varuint()
		if err != nil {
			return nil, err
		}
		typ, err := c.varuint()
		if err != nil {
			return nil, err
		}
		if st >= uint64(npts) || int(st) <= last {
			return nil, fmt.Errorf("curve %d starts at point %d (of %d, after %d)", k, st, npts, last)
		}
		s := curveSeg{start: int(st), typ: typ}
		nv, withBits := 0, false
		switch typ {
		case segArc:
			nv, withBits = 2, true
		case segBezier:
			nv = 4
		case segEllipse:
			nv, withBits = 5, true
		default:
			return nil, fmt.Errorf("curve %d has unknown segment type %d", k, typ)
		}
		for j := 0; j < nv; j++ {
			if s.v[j], err = c.f64(); err != nil {
				return nil, err
			}
		}
		if withBits {
			b, err := c.u32()
			if err != nil {
				return nil, err
			}
			s.bits = b
		}
		segs = append(segs, s)
		last = s.start
	}
	return segs, nil
}

func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// densify appends to out the vertices strictly between p0 and p1 along the
// curve; a degenerate or unreadable curve adds none (the chord stays).
func (s *curveSeg) densify(out []orb.Point, p0, p1 orb.Point) []orb.Point {
	if !finite(s.v[:]...) {
		return out
	}
	switch s.typ {
	case segArc:
		switch {
		case s.bits&arcIP != 0:
			return arcThrough(out, p0, orb.Point{s.v[0], s.v[1]}, p1)
		case s.bits&(arcEmpty|arcLine|arcPoint) == 0:
			return arcAround(out, p0, p1, orb.Point{s.v[0], s.v[1]}, s.bits&arcCCW != 0)
		}
	case segBezier:
		return bezier(out, p0, orb.Point{s.v[0], s.v[1]}, orb.Point{s.v[2], s.v[3]}, p1)
	case segEllipse:
		if s.bits&(ellLine|ellPoint|ellCenterTo|ellCenterFrom) == 0 {
			return ellipse(out, p0, p1, s)
		}
	}
	return out
}

// steps is the number of chords for a sweep of the given angle.
func steps(sweep float64) int {
	n := math.Ceil(math.Abs(sweep) / maxStep)
	if n < 1 || math.IsNaN(n) {
		return 1
	}
	return int(math.Min(n, 4096))
}

// circle appends the vertices of the arc of centre c and radius r from
// angle a0 over sweep, ends excluded.
func circle(out []orb.Point, c orb.Point, r, a0, sweep float64) []orb.Point {
	n := steps(sweep)
	for k := 1; k < n; k++ {
		a := a0 + sweep*float64(k)/float64(n)
		out = append(out, orb.Point{c[0] + r*math.Cos(a), c[1] + r*math.Sin(a)})
	}
	return out
}

// ccwSweep is the counter-clockwise angle from a to b, in (0, 2π].
func ccwSweep(a, b float64) float64 {
	d := math.Mod(b-a, 2*math.Pi)
	if d <= 0 {
		d += 2 * math.Pi
	}
	return d
}

// arcThrough is the circular arc from p0 through m to p1. When p0 and p1
// are the same point the arc is the full circle whose diameter is p0–m,
// drawn counter-clockwise (three points do not say which way; GDAL too
// draws it so).
func arcThrough(out []orb.Point, p0, m, p1 orb.Point) []orb.Point {
	if p0 == p1 {
		if p0 == m {
			return out
		}
		c := orb.Point{(p0[0] + m[0]) / 2, (p0[1] + m[1]) / 2}
		r := math.Hypot(p0[0]-c[0], p0[1]-c[1])
		return circle(out, c, r, math.Atan2(p0[1]-c[1], p0[0]-c[0]), 2*math.Pi)
	}
	// circumcentre of the three points
	ax, ay := m[0]-p0[0], m[1]-p0[1]
	bx, by := p1[0]-p0[0], p1[1]-p0[1]
	d := 2 * (ax*by - ay*bx)
	scale := (ax*ax + ay*ay + bx*bx + by*by)
	if d == 0 || math.Abs(d) < 1e-14*scale {
		return out // collinear: a straight segment
	}
	a2, b2 := ax*ax+ay*ay, bx*bx+by*by
	ux := (by*a2 - ay*b2) / d
	uy := (ax*b2 - bx*a2) / d
	c := orb.Point{p0[0] + ux, p0[1] + uy}
	r := math.Hypot(ux, uy)
	s0 := math.Atan2(p0[1]-c[1], p0[0]-c[0])
	s1 := math.Atan2(p1[1]-c[1], p1[0]-c[0])
	var sweep float64
	if d > 0 { // p0, m, p1 turn counter-clockwise
		sweep = ccwSweep(s0, s1)
	} else {
		sweep = -ccwSweep(s1, s0)
	}
	return circle(out, c, r, s0, sweep)
}

// arcAround is the circular arc from p0 to p1 around centre c, in the
// direction the flags give (the older form of arcs).
func arcAround(out []orb.Point, p0, p1, c orb.Point, ccw bool) []orb.Point {
	r := math.Hypot(p0[0]-c[0], p0[1]-c[1])
	if r == 0 {
		return out
	}
	s0 := math.Atan2(p0[1]-c[1], p0[0]-c[0])
	s1 := math.Atan2(p1[1]-c[1], p1[0]-c[0])
	if ccw {
		return circle(out, c, r, s0, ccwSweep(s0, s1))
	}
	return circle(out, c, r, s0, -ccwSweep(s1, s0))
}

// bezier is the cubic Bézier curve from p0 to p3 with control points p1
// and p2, cut into equal steps of its parameter: n steps keep every chord
// within 3L/(4n²) of the curve, L the largest second difference of the
// control points (the flattening bound of Wang's formula).
func bezier(out []orb.Point, p0, p1, p2, p3 orb.Point) []orb.Point {
	size := math.Hypot(p1[0]-p0[0], p1[1]-p0[1]) + math.Hypot(p2[0]-p1[0], p2[1]-p1[1]) + math.Hypot(p3[0]-p2[0], p3[1]-p2[1])
	if size == 0 || math.IsInf(size, 0) {
		return out
	}
	l := math.Max(math.Hypot(p0[0]-2*p1[0]+p2[0], p0[1]-2*p1[1]+p2[1]),
		math.Hypot(p1[0]-2*p2[0]+p3[0], p1[1]-2*p2[1]+p3[1]))
	n := int(math.Min(math.Ceil(math.Sqrt(3*l/(4*CurveTolerance*size))), 4096))
	for k := 1; k < n; k++ {
		t := float64(k) / float64(n)
		u := 1 - t
		a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
		out = append(out, orb.Point{a*p0[0] + b*p1[0] + c*p2[0] + d*p3[0], a*p0[1] + b*p1[1] + c*p2[1] + d*p3[1]})
	}
	return out
}

// ellipse is the elliptic arc from p0 to p1 given by its centre (v0, v1),
// the rotation of its major axis (v2, radians counter-clockwise), its
// semi-major axis (v3) and the ratio of minor to major (v4): the minor
// or the major arc between the two points as the flags say, or the whole
// ellipse when it is complete.
func ellipse(out []orb.Point, p0, p1 orb.Point, s *curveSeg) []orb.Point {
	c := orb.Point{s.v[0], s.v[1]}
	rot, a, ratio := s.v[2], s.v[3], s.v[4]
	if !(a > 0) || !(ratio > 0) {
		return out
	}
	b := a * ratio
	cr, sr := math.Cos(rot), math.Sin(rot)
	param := func(p orb.Point) float64 {
		dx, dy := p[0]-c[0], p[1]-c[1]
		u, v := dx*cr+dy*sr, -dx*sr+dy*cr
		return math.Atan2(v/b, u/a)
	}
	t0, t1 := param(p0), param(p1)
	var sweep float64
	switch {
	case s.bits&ellComplete != 0:
		sweep = 2 * math.Pi
		if s.bits&ellCCW == 0 {
			sweep = -sweep
		}
	default:
		sweep = ccwSweep(t0, t1) // counter-clockwise from t0 to t1
		minor := s.bits&ellMinor != 0
		if (sweep <= math.Pi) != minor {
			sweep -= 2 * math.Pi // the other way round
		}
	}
	n := steps(sweep)
	for k := 1; k < n; k++ {
		t := t0 + sweep*float64(k)/float64(n)
		x, y := a*math.Cos(t), b*math.Sin(t)
		out = append(out, orb.Point{c[0] + x*cr - y*sr, c[1] + x*sr + y*cr})
	}
	return out
}
