package wkt

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// maxWKTDepth bounds GEOMETRYCOLLECTION nesting so that hostile input
// cannot exhaust the stack.
const maxWKTDepth = 32

// ErrInvalid is wrapped by every error Parse returns.
var ErrInvalid = errors.New("geoio: bad WKT")

// Parse decodes one WKT geometry: POINT, LINESTRING, POLYGON, MULTIPOINT,
// MULTILINESTRING, MULTIPOLYGON or GEOMETRYCOLLECTION, in any letter case,
// with optional Z, M or ZM (extra ordinates are dropped), EMPTY, and an
// optional "SRID=n;" prefix (the SRID is ignored; the caller knows the CRS).
// "POINT EMPTY" gives a nil geometry because orb has no empty point.
func Parse(s string) (orb.Geometry, error) {
	p := geomWKTParser{s: s}
	p.skipSpace()
	if len(p.s)-p.pos >= 5 && strings.EqualFold(p.s[p.pos:p.pos+5], "SRID=") {
		semi := strings.IndexByte(p.s[p.pos:], ';')
		if semi < 0 {
			return nil, p.errorf("SRID prefix without ';'")
		}
		p.pos += semi + 1
	}
	g, err := p.geometry(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.s) {
		return nil, p.errorf("unexpected %q after the geometry", p.peekToken())
	}
	return g, nil
}

type geomWKTParser struct {
	s   string
	pos int
}

func (p *geomWKTParser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s at offset %d", ErrInvalid, fmt.Sprintf(format, args...), p.pos)
}

func (p *geomWKTParser) skipSpace() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// peekToken returns the next token for error messages, shortened.
func (p *geomWKTParser) peekToken() string {
	if p.pos >= len(p.s) {
		return "end of text"
	}
	end := p.pos + 1
	for end < len(p.s) && end-p.pos < 16 && !isWKTDelim(p.s[end]) {
		end++
	}
	return p.s[p.pos:end]
}

func isWKTDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '(', ')', ',':
		return true
	}
	return false
}

// word reads a run of ASCII letters, upper-cased.
func (p *geomWKTParser) word() string {
	p.skipSpace()
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			break
		}
		p.pos++
	}
	return strings.ToUpper(p.s[start:p.pos])
}

// accept consumes c if it is the next non-space byte.
func (p *geomWKTParser) accept(c byte) bool {
	p.skipSpace()
	if p.pos < len(p.s) && p.s[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *geomWKTParser) expect(c byte) error {
	if !p.accept(c) {
		return p.errorf("expected %q, found %q", string(c), p.peekToken())
	}
	return nil
}

// acceptEmpty consumes the keyword EMPTY if it comes next.
func (p *geomWKTParser) acceptEmpty() bool {
	save := p.pos
	if p.word() == "EMPTY" {
		return true
	}
	p.pos = save
	return false
}

var wktTypes = []string{
	"GEOMETRYCOLLECTION", "MULTILINESTRING", "MULTIPOLYGON", "MULTIPOINT",
	"LINESTRING", "POLYGON", "POINT",
}

func (p *geomWKTParser) geometry(depth int) (orb.Geometry, error) {
	if depth > maxWKTDepth {
		return nil, p.errorf("geometry collections nested deeper than %d", maxWKTDepth)
	}
	start := p.pos
	w := p.word()
	kind := ""
	for _, t := range wktTypes {
		if strings.HasPrefix(w, t) {
			kind = t
			break
		}
	}
	if kind == "" {
		p.pos = start
		p.skipSpace()
		return nil, p.errorf("unknown geometry type %q", p.peekToken())
	}
	// The dimension tag may be glued to the type (POINTZ) or separate
	// (POINT Z); both spellings occur in the wild.
	tag := w[len(kind):]
	if tag == "" {
		save := p.pos
		tag = p.word()
		if tag == "EMPTY" || tag == "" {
			p.pos = save
			tag = ""
		}
	}
	if tag != "" && tag != "Z" && tag != "M" && tag != "ZM" {
		return nil, p.errorf("unknown dimension %q after %s", tag, kind)
	}
	if p.acceptEmpty() {
		switch kind {
		case "POINT":
			return nil, nil
		case "LINESTRING":
			return orb.LineString{}, nil
		case "POLYGON":
			return orb.Polygon{}, nil
		case "MULTIPOINT":
			return orb.MultiPoint{}, nil
		case "MULTILINESTRING":
			return orb.MultiLineString{}, nil
		case "MULTIPOLYGON":
			return orb.MultiPolygon{}, nil
		default:
			return orb.Collection{}, nil
		}
	}
	switch kind {
	case "POINT":
		if err := p.expect('('); err != nil {
			return nil, err
		}
		pt, err := p.point()
		if err != nil {
			return nil, err
		}
		return pt, p.expect(')')
	case "LINESTRING":
		ls, err := p.pointList()
		return orb.LineString(ls), err
	case "POLYGON":
		return p.polygon()
	case "MULTIPOINT":
		return p.multiPoint()
	case "MULTILINESTRING":
		// Empty, not nil, when every member is EMPTY: the same value a
		// top-level EMPTY gives.
		mls := orb.MultiLineString{}
		err := p.list(func() error {
			if p.acceptEmpty() {
				return nil
			}
			ls, err := p.pointList()
			mls = append(mls, orb.LineString(ls))
			return err
		})
		return mls, err
	case "MULTIPOLYGON":
		mp := orb.MultiPolygon{}
		err := p.list(func() error {
			if p.acceptEmpty() {
				return nil
			}
			poly, err := p.polygon()
			mp = append(mp, poly)
			return err
		})
		return mp, err
	default:
		c := orb.Collection{}
		err := p.list(func() error {
			g, err := p.geometry(depth + 1)
			if g != nil {
				c = append(c, g)
			}
			return err
		})
		return c, err
	}
}

// list parses "(" item {"," item} ")".
func (p *geomWKTParser) list(item func() error) error {
	if err := p.expect('('); err != nil {
		return err
	}
	for {
		if err := item(); err != nil {
			return err
		}
		if p.accept(',') {
			continue
		}
		return p.expect(')')
	}
}

func (p *geomWKTParser) pointList() ([]orb.Point, error) {
	var pts []orb.Point
	err := p.list(func() error {
		pt, err := p.point()
		pts = append(pts, pt)
		return err
	})
	return pts, err
}

func (p *geomWKTParser) polygon() (orb.Polygon, error) {
	var poly orb.Polygon
	err := p.list(func() error {
		r, err := p.pointList()
		poly = append(poly, orb.Ring(r))
		return err
	})
	return poly, err
}

// multiPoint accepts both "MULTIPOINT ((1 2), (3 4))" (the standard) and
// "MULTIPOINT (1 2, 3 4)" (what older GDAL and PostGIS write).
func (p *geomWKTParser) multiPoint() (orb.MultiPoint, error) {
	mp := orb.MultiPoint{}
	err := p.list(func() error {
		if p.acceptEmpty() {
			return nil
		}
		paren := p.accept('(')
		pt, err := p.point()
		if err != nil {
			return err
		}
		mp = append(mp, pt)
		if paren {
			return p.expect(')')
		}
		return nil
	})
	return mp, err
}

// point reads 2 to 4 numbers and keeps the first two.
func (p *geomWKTParser) point() (orb.Point, error) {
	var v [4]float64
	n := 0
	for {
		p.skipSpace()
		if p.pos >= len(p.s) || p.s[p.pos] == ',' || p.s[p.pos] == ')' {
			break
		}
		if n == 4 {
			return orb.Point{}, p.errorf("more than 4 ordinates in a point")
		}
		f, err := p.number()
		if err != nil {
			return orb.Point{}, err
		}
		v[n] = f
		n++
	}
	if n < 2 {
		return orb.Point{}, p.errorf("a point needs 2 ordinates, found %d", n)
	}
	return orb.Point{v[0], v[1]}, nil
}

func (p *geomWKTParser) number() (float64, error) {
	start := p.pos
	for p.pos < len(p.s) && !isWKTDelim(p.s[p.pos]) {
		c := p.s[p.pos]
		// Only plain decimal notation: ParseFloat alone would also take
		// "Inf", "NaN", hex floats and digit separators.
		if (c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' {
			p.pos = start
			return 0, p.errorf("%q is not a number", p.peekToken())
		}
		p.pos++
	}
	f, err := strconv.ParseFloat(p.s[start:p.pos], 64)
	if err != nil || math.IsInf(f, 0) {
		p.pos = start
		return 0, p.errorf("%q is not a number", p.peekToken())
	}
	return f, nil
}

// Append appends the WKT of g to dst, each ordinate with at most
// precision decimals and trailing zeros removed ("1.5", not "1.5000000");
// a negative precision means the shortest text that reads back exactly.
// Nil appends nothing; orb.Ring and orb.Bound are written as POLYGON.
// Separators follow GDAL's compact style: "LINESTRING (1 2,3 4)".
func Append(dst []byte, g orb.Geometry, precision int) []byte {
	switch g := g.(type) {
	case nil:
		return dst
	case orb.Point:
		dst = append(dst, "POINT ("...)
		dst = appendWKTPoint(dst, g, precision)
		return append(dst, ')')
	case orb.LineString:
		dst = append(dst, "LINESTRING"...)
		return appendWKTPoints(dst, g, precision)
	case orb.Ring:
		return Append(dst, orb.Polygon{g}, precision)
	case orb.Bound:
		return Append(dst, g.ToPolygon(), precision)
	case orb.Polygon:
		dst = append(dst, "POLYGON"...)
		return appendWKTPolygon(dst, g, precision)
	case orb.MultiPoint:
		dst = append(dst, "MULTIPOINT"...)
		if len(g) == 0 {
			return append(dst, " EMPTY"...)
		}
		dst = append(dst, " ("...)
		for i, pt := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '(')
			dst = appendWKTPoint(dst, pt, precision)
			dst = append(dst, ')')
		}
		return append(dst, ')')
	case orb.MultiLineString:
		dst = append(dst, "MULTILINESTRING"...)
		if len(g) == 0 {
			return append(dst, " EMPTY"...)
		}
		dst = append(dst, " ("...)
		for i, ls := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendWKTPointsBody(dst, ls, precision)
		}
		return append(dst, ')')
	case orb.MultiPolygon:
		dst = append(dst, "MULTIPOLYGON"...)
		if len(g) == 0 {
			return append(dst, " EMPTY"...)
		}
		dst = append(dst, " ("...)
		for i, poly := range g {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendWKTPolygonBody(dst, poly, precision)
		}
		return append(dst, ')')
	case orb.Collection:
		dst = append(dst, "GEOMETRYCOLLECTION"...)
		if len(g) == 0 {
			return append(dst, " EMPTY"...)
		}
		dst = append(dst, " ("...)
		first := true
		for _, m := range g {
			if m == nil {
				continue
			}
			if !first {
				dst = append(dst, ',')
			}
			first = false
			dst = Append(dst, m, precision)
		}
		return append(dst, ')')
	}
	return dst
}

func appendWKTPoints(dst []byte, pts []orb.Point, precision int) []byte {
	if len(pts) == 0 {
		return append(dst, " EMPTY"...)
	}
	dst = append(dst, ' ')
	return appendWKTPointsBody(dst, pts, precision)
}

func appendWKTPointsBody(dst []byte, pts []orb.Point, precision int) []byte {
	dst = append(dst, '(')
	for i, pt := range pts {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendWKTPoint(dst, pt, precision)
	}
	return append(dst, ')')
}

func appendWKTPolygon(dst []byte, poly orb.Polygon, precision int) []byte {
	if len(poly) == 0 {
		return append(dst, " EMPTY"...)
	}
	dst = append(dst, ' ')
	return appendWKTPolygonBody(dst, poly, precision)
}

func appendWKTPolygonBody(dst []byte, poly orb.Polygon, precision int) []byte {
	dst = append(dst, '(')
	for i, r := range poly {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendWKTPointsBody(dst, r, precision)
	}
	return append(dst, ')')
}

func appendWKTPoint(dst []byte, pt orb.Point, precision int) []byte {
	dst = AppendOrdinate(dst, pt[0], precision)
	dst = append(dst, ' ')
	return AppendOrdinate(dst, pt[1], precision)
}

// AppendOrdinate writes v with at most precision decimals, trailing zeros and
// a trailing point removed, and negative zero (also from rounding, as in
// -0.00000001 at 7 decimals) written as "0". The CSV writer uses it for
// lon/lat columns, so that they agree with its WKT to the last digit.
func AppendOrdinate(dst []byte, v float64, precision int) []byte {
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', precision, 64)
	if precision != 0 && wktHasByte(dst[start:], '.') {
		for dst[len(dst)-1] == '0' {
			dst = dst[:len(dst)-1]
		}
		if dst[len(dst)-1] == '.' {
			dst = dst[:len(dst)-1]
		}
	}
	if string(dst[start:]) == "-0" {
		dst = append(dst[:start], '0')
	}
	return dst
}

func wktHasByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}
