package gpkg

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// The GeoPackageBinary header (§2.1.3): "GP", a version byte (0 for
// version 1), a flags byte, the srs_id as an int32 and an optional
// envelope of doubles, followed by the geometry in WKB.
const (
	flagLittleEndian = 0x01 // B: header values little-endian
	flagEnvelopeMask = 0x0e // E: envelope contents indicator, bits 1-3
	flagEmpty        = 0x10 // Y: empty geometry
	flagExtended     = 0x20 // X: ExtendedGeoPackageBinary (an extension's geometry type)
)

// envelopeSize is the byte length of the envelope for each value of the
// envelope contents indicator: none, [minx, maxx, miny, maxy], the same
// with [minz, maxz] or with [minm, maxm], or with both; 5-7 are invalid.
var envelopeSize = [8]int{0, 32, 48, 48, 64, -1, -1, -1}

// blobError is a geometry blob that cannot be read: its problem kind
// (geoio.ProblemBadRecord, geoio.ProblemUnsupported) and why.
type blobError struct {
	kind, reason string
}

func (e *blobError) Error() string { return e.kind + ": " + e.reason }

func badBlob(format string, a ...any) *blobError {
	return &blobError{kind: geoio.ProblemBadRecord, reason: fmt.Sprintf(format, a...)}
}

// blobInfo is what a blob says besides its geometry.
type blobInfo struct {
	srsID      int32
	hasZ, hasM bool // the WKB carried Z or M ordinates (dropped)
}

// maxDepth bounds the nesting of geometry collections.
const maxDepth = 32

// decodeBlob reads a GeoPackageBinary geometry. An empty geometry (the
// header's empty flag, a point of NaN coordinates, a geometry without
// positions) gives a nil geometry. It never panics on bad input.
func decodeBlob(b []byte) (orb.Geometry, blobInfo, *blobError) {
	var info blobInfo
	if len(b) < 8 {
		return nil, info, badBlob("geometry blob of %d bytes, shorter than the 8-byte header", len(b))
	}
	if b[0] != 'G' || b[1] != 'P' {
		return nil, info, badBlob("geometry blob does not start with the magic \"GP\" (0x%02x 0x%02x)", b[0], b[1])
	}
	if b[2] != 0 {
		return nil, info, badBlob("geometry blob of version %d; only version 1 (0) is known", int(b[2])+1)
	}
	flags := b[3]
	if flags&flagExtended != 0 {
		return nil, info, &blobError{kind: geoio.ProblemUnsupported, reason: "an extended GeoPackage geometry (an extension's own type) cannot be read"}
	}
	if flags&flagLittleEndian != 0 {
		info.srsID = int32(binary.LittleEndian.Uint32(b[4:8]))
	} else {
		info.srsID = int32(binary.BigEndian.Uint32(b[4:8]))
	}
	env := envelopeSize[(flags&flagEnvelopeMask)>>1]
	if env < 0 {
		return nil, info, badBlob("invalid envelope contents indicator %d", (flags&flagEnvelopeMask)>>1)
	}
	if len(b) < 8+env {
		return nil, info, badBlob("geometry blob of %d bytes, shorter than its header and envelope (%d bytes)", len(b), 8+env)
	}
	wkb := b[8+env:]
	if flags&flagEmpty != 0 && len(wkb) == 0 {
		return nil, info, nil
	}
	r := wkbReader{b: wkb}
	g, err := r.geometry(0, 0)
	info.hasZ, info.hasM = r.hasZ, r.hasM
	if err != nil {
		if flags&flagEmpty != 0 {
			return nil, info, nil // the header says empty; what follows does not matter
		}
		return nil, info, err
	}
	if isEmpty(g) {
		return nil, info, nil
	}
	return g, info, nil
}

// wkbReader decodes well-known binary geometries (OGC 06-103r4 §8,
// ISO 13249-3): both byte orders, ISO type codes (1000 Z, 2000 M, 3000
// ZM) and the extended codes of PostGIS and early GDAL (0x80000000 Z,
// 0x40000000 M, 0x20000000 SRID follows).
type wkbReader struct {
	b          []byte
	off        int
	hasZ, hasM bool
}

// WKB geometry type codes.
const (
	wkbPoint              = 1
	wkbLineString         = 2
	wkbPolygon            = 3
	wkbMultiPoint         = 4
	wkbMultiLineString    = 5
	wkbMultiPolygon       = 6
	wkbGeometryCollection = 7
)

var wkbTypeNames = map[uint32]string{
	8: "CircularString", 9: "CompoundCurve", 10: "CurvePolygon", 11: "MultiCurve",
	12: "MultiSurface", 13: "Curve", 14: "Surface", 15: "PolyhedralSurface", 16: "TIN", 17: "Triangle",
}

func (r *wkbReader) truncated(what string) *blobError {
	return badBlob("WKB cut short at byte %d of %d (reading %s)", r.off, len(r.b), what)
}

func (r *wkbReader) u32(be bool) uint32 {
	s := r.b[r.off : r.off+4]
	r.off += 4
	if be {
		return binary.BigEndian.Uint32(s)
	}
	return binary.LittleEndian.Uint32(s)
}

// count reads a number of elements that each take at least min bytes,
// refusing counts the remaining bytes cannot hold.
func (r *wkbReader) count(be bool, min int, what string) (int, *blobError) {
	if len(r.b)-r.off < 4 {
		return 0, r.truncated(what)
	}
	n := r.u32(be)
	if uint64(n)*uint64(min) > uint64(len(r.b)-r.off) {
		return 0, badBlob("WKB declares %d %s but only %d bytes follow", n, what, len(r.b)-r.off)
	}
	return int(n), nil
}

// points reads n positions of dim ordinates, keeping x and y.
func (r *wkbReader) points(be bool, n, dim int) []orb.Point {
	pts := make([]orb.Point, n)
	step := 8 * dim
	b := r.b[r.off : r.off+n*step]
	r.off += n * step
	if be {
		for i := range pts {
			pts[i] = orb.Point{
				math.Float64frombits(binary.BigEndian.Uint64(b[i*step:])),
				math.Float64frombits(binary.BigEndian.Uint64(b[i*step+8:])),
			}
		}
	} else {
		for i := range pts {
			pts[i] = orb.Point{
				math.Float64frombits(binary.LittleEndian.Uint64(b[i*step:])),
				math.Float64frombits(binary.LittleEndian.Uint64(b[i*step+8:])),
			}
		}
	}
	return pts
}

// geometry reads one WKB geometry. want, when not 0, is the type a
// multi-geometry's member must have. An empty point is a nil geometry.
func (r *wkbReader) geometry(depth int, want uint32) (orb.Geometry, *blobError) {
	if depth > maxDepth {
		return nil, badBlob("geometry collections nested more than %d deep", maxDepth)
	}
	if len(r.b)-r.off < 5 {
		return nil, r.truncated("a geometry header")
	}
	var be bool
	switch r.b[r.off] {
	case 0:
		be = true
	case 1:
	default:
		return nil, badBlob("WKB byte order %d at byte %d, want 0 or 1", r.b[r.off], r.off)
	}
	r.off++
	t := r.u32(be)
	z, m := t&0x80000000 != 0, t&0x40000000 != 0
	if t&0x20000000 != 0 { // an EWKB SRID follows the type
		if len(r.b)-r.off < 4 {
			return nil, r.truncated("an SRID")
		}
		r.off += 4
	}
	t &= 0x0fffffff
	switch t / 1000 {
	case 0:
	case 1:
		z = true
	case 2:
		m = true
	case 3:
		z, m = true, true
	default:
		return nil, badBlob("unknown WKB geometry type %d", t)
	}
	base := t % 1000
	if z {
		r.hasZ = true
	}
	if m {
		r.hasM = true
	}
	dim := 2
	if z {
		dim++
	}
	if m {
		dim++
	}
	if base < wkbPoint || base > wkbGeometryCollection {
		if name, ok := wkbTypeNames[base]; ok {
			return nil, &blobError{kind: geoio.ProblemUnsupported, reason: "a " + name + " cannot be read (curves and surfaces are not supported)"}
		}
		return nil, badBlob("unknown WKB geometry type %d", t)
	}
	if want != 0 && base != want {
		return nil, badBlob("a %s holds a WKB geometry of type %d", geoTypeName(memberOf(want)), base)
	}
	switch base {
	case wkbPoint:
		if len(r.b)-r.off < 8*dim {
			return nil, r.truncated("a point")
		}
		var p orb.Point
		if be {
			p = orb.Point{math.Float64frombits(binary.BigEndian.Uint64(r.b[r.off:])), math.Float64frombits(binary.BigEndian.Uint64(r.b[r.off+8:]))}
		} else {
			p = orb.Point{math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.off:])), math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.off+8:]))}
		}
		r.off += 8 * dim
		if math.IsNaN(p[0]) && math.IsNaN(p[1]) {
			return nil, nil // POINT EMPTY
		}
		return p, nil
	case wkbLineString:
		n, err := r.count(be, 8*dim, "positions")
		if err != nil {
			return nil, err
		}
		return orb.LineString(r.points(be, n, dim)), nil
	case wkbPolygon:
		n, err := r.count(be, 4, "rings")
		if err != nil {
			return nil, err
		}
		poly := make(orb.Polygon, 0, n)
		for range n {
			k, err := r.count(be, 8*dim, "ring positions")
			if err != nil {
				return nil, err
			}
			poly = append(poly, orb.Ring(r.points(be, k, dim)))
		}
		return poly, nil
	case wkbMultiPoint:
		n, err := r.count(be, 5+16, "points")
		if err != nil {
			return nil, err
		}
		mp := make(orb.MultiPoint, 0, n)
		for range n {
			g, err := r.geometry(depth+1, wkbPoint)
			if err != nil {
				return nil, err
			}
			if g != nil { // an empty member point has no place in orb
				mp = append(mp, g.(orb.Point))
			}
		}
		return mp, nil
	case wkbMultiLineString:
		n, err := r.count(be, 9, "lines")
		if err != nil {
			return nil, err
		}
		ml := make(orb.MultiLineString, 0, n)
		for range n {
			g, err := r.geometry(depth+1, wkbLineString)
			if err != nil {
				return nil, err
			}
			ml = append(ml, g.(orb.LineString))
		}
		return ml, nil
	case wkbMultiPolygon:
		n, err := r.count(be, 9, "polygons")
		if err != nil {
			return nil, err
		}
		mp := make(orb.MultiPolygon, 0, n)
		for range n {
			g, err := r.geometry(depth+1, wkbPolygon)
			if err != nil {
				return nil, err
			}
			mp = append(mp, g.(orb.Polygon))
		}
		return mp, nil
	default: // wkbGeometryCollection
		n, err := r.count(be, 9, "members")
		if err != nil {
			return nil, err
		}
		c := make(orb.Collection, 0, n)
		for range n {
			g, err := r.geometry(depth+1, 0)
			if err != nil {
				return nil, err
			}
			if g != nil {
				c = append(c, g)
			}
		}
		return c, nil
	}
}

// memberOf names the multi-geometry whose members have type t.
func memberOf(t uint32) uint32 {
	switch t {
	case wkbPoint:
		return wkbMultiPoint
	case wkbLineString:
		return wkbMultiLineString
	case wkbPolygon:
		return wkbMultiPolygon
	}
	return wkbGeometryCollection
}

// geoTypeName is the GeoPackage geometry type name of a WKB code (Annex E).
func geoTypeName(t uint32) string {
	switch t {
	case wkbPoint:
		return "POINT"
	case wkbLineString:
		return "LINESTRING"
	case wkbPolygon:
		return "POLYGON"
	case wkbMultiPoint:
		return "MULTIPOINT"
	case wkbMultiLineString:
		return "MULTILINESTRING"
	case wkbMultiPolygon:
		return "MULTIPOLYGON"
	case wkbGeometryCollection:
		return "GEOMETRYCOLLECTION"
	}
	return "GEOMETRY"
}

// isEmpty says a geometry has no position at all.
func isEmpty(g orb.Geometry) bool {
	switch g := g.(type) {
	case nil:
		return true
	case orb.Point:
		return false
	case orb.MultiPoint:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.Ring:
		return len(g) == 0
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) > 0 {
				return false
			}
		}
		return true
	case orb.Polygon:
		for _, r := range g {
			if len(r) > 0 {
				return false
			}
		}
		return true
	case orb.MultiPolygon:
		for _, p := range g {
			if !isEmpty(p) {
				return false
			}
		}
		return true
	case orb.Collection:
		for _, m := range g {
			if !isEmpty(m) {
				return false
			}
		}
		return true
	case orb.Bound:
		return false
	}
	return true
}

// wkbType is the WKB code of an orb geometry; Ring and Bound are
// written as polygons.
func wkbType(g orb.Geometry) uint32 {
	switch g.(type) {
	case orb.Point:
		return wkbPoint
	case orb.LineString:
		return wkbLineString
	case orb.Polygon, orb.Ring, orb.Bound:
		return wkbPolygon
	case orb.MultiPoint:
		return wkbMultiPoint
	case orb.MultiLineString:
		return wkbMultiLineString
	case orb.MultiPolygon:
		return wkbMultiPolygon
	case orb.Collection:
		return wkbGeometryCollection
	}
	return 0
}

// envelope is a geometry's bounds in the header's order.
type envelope struct {
	minX, maxX, minY, maxY float64
}

func (e *envelope) add(p orb.Point) {
	if p[0] < e.minX {
		e.minX = p[0]
	}
	if p[0] > e.maxX {
		e.maxX = p[0]
	}
	if p[1] < e.minY {
		e.minY = p[1]
	}
	if p[1] > e.maxY {
		e.maxY = p[1]
	}
}

func (e *envelope) merge(o envelope) {
	e.minX = min(e.minX, o.minX)
	e.maxX = max(e.maxX, o.maxX)
	e.minY = min(e.minY, o.minY)
	e.maxY = max(e.maxY, o.maxY)
}

func emptyEnvelope() envelope {
	return envelope{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
}

// appendBlob appends g as a GeoPackageBinary: little-endian header with
// the srs_id and, except for points (their own envelope, as GDAL writes
// them), the [minx, maxx, miny, maxy] envelope; then little-endian ISO
// WKB in two dimensions. g must not be empty (see isEmpty); env is its
// envelope.
func appendBlob(dst []byte, g orb.Geometry, srsID int32, env envelope) []byte {
	flags := byte(flagLittleEndian)
	_, point := g.(orb.Point)
	if !point {
		flags |= 1 << 1
	}
	dst = append(dst, 'G', 'P', 0, flags)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(srsID))
	if !point {
		dst = appendFloat(dst, env.minX)
		dst = appendFloat(dst, env.maxX)
		dst = appendFloat(dst, env.minY)
		dst = appendFloat(dst, env.maxY)
	}
	return appendWKB(dst, g)
}

// appendEmptyBlob appends an empty geometry of WKB type t, flagged empty,
// without an envelope.
func appendEmptyBlob(dst []byte, t uint32, srsID int32) []byte {
	dst = append(dst, 'G', 'P', 0, flagLittleEndian|flagEmpty)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(srsID))
	dst = append(dst, 1)
	dst = binary.LittleEndian.AppendUint32(dst, t)
	if t == wkbPoint {
		dst = appendFloat(dst, math.NaN())
		return appendFloat(dst, math.NaN())
	}
	return binary.LittleEndian.AppendUint32(dst, 0)
}

func appendFloat(dst []byte, v float64) []byte {
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
}

func appendPoints(dst []byte, pts []orb.Point) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(pts)))
	for _, p := range pts {
		dst = appendFloat(dst, p[0])
		dst = appendFloat(dst, p[1])
	}
	return dst
}

func appendHeader(dst []byte, t uint32) []byte {
	dst = append(dst, 1)
	return binary.LittleEndian.AppendUint32(dst, t)
}

// appendWKB appends g as little-endian ISO WKB (2D).
func appendWKB(dst []byte, g orb.Geometry) []byte {
	switch g := g.(type) {
	case orb.Point:
		dst = appendHeader(dst, wkbPoint)
		dst = appendFloat(dst, g[0])
		return appendFloat(dst, g[1])
	case orb.LineString:
		return appendPoints(appendHeader(dst, wkbLineString), g)
	case orb.Ring:
		return appendWKB(dst, orb.Polygon{g})
	case orb.Bound:
		return appendWKB(dst, g.ToPolygon())
	case orb.Polygon:
		dst = appendHeader(dst, wkbPolygon)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(g)))
		for _, r := range g {
			dst = appendPoints(dst, r)
		}
		return dst
	case orb.MultiPoint:
		dst = appendHeader(dst, wkbMultiPoint)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(g)))
		for _, p := range g {
			dst = appendWKB(dst, p)
		}
		return dst
	case orb.MultiLineString:
		dst = appendHeader(dst, wkbMultiLineString)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(g)))
		for _, l := range g {
			dst = appendWKB(dst, l)
		}
		return dst
	case orb.MultiPolygon:
		dst = appendHeader(dst, wkbMultiPolygon)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(g)))
		for _, p := range g {
			dst = appendWKB(dst, p)
		}
		return dst
	case orb.Collection:
		dst = appendHeader(dst, wkbGeometryCollection)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(len(g)))
		for _, m := range g {
			dst = appendWKB(dst, m)
		}
		return dst
	}
	return dst
}

// geomEnvelope is the envelope of every position of g.
func geomEnvelope(g orb.Geometry) envelope {
	e := emptyEnvelope()
	var walk func(g orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			e.add(g)
		case orb.MultiPoint:
			for _, p := range g {
				e.add(p)
			}
		case orb.LineString:
			for _, p := range g {
				e.add(p)
			}
		case orb.Ring:
			for _, p := range g {
				e.add(p)
			}
		case orb.Bound:
			e.add(g.Min)
			e.add(g.Max)
		case orb.MultiLineString:
			for _, l := range g {
				walk(l)
			}
		case orb.Polygon:
			for _, r := range g {
				walk(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		case orb.Collection:
			for _, m := range g {
				walk(m)
			}
		}
	}
	walk(g)
	return e
}
