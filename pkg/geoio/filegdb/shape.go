package filegdb

import (
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// Shape types of the geometry blobs: Esri's shape type numbers, from the
// "Extended Shapefile Format" white paper that comes with the File
// Geodatabase API (GDAL names the same values SHPT_* in ogrpgeogeometry.h).
const (
	stNull              = 0
	stPoint             = 1
	stPolyline          = 3
	stPolygon           = 5
	stMultiPoint        = 8
	stPointZ            = 9
	stPolylineZ         = 10
	stPointZM           = 11
	stPolylineZM        = 13
	stPolygonZM         = 15
	stMultiPointZM      = 18
	stPolygonZ          = 19
	stMultiPointZ       = 20
	stPointM            = 21
	stPolylineM         = 23
	stPolygonM          = 25
	stMultiPointM       = 28
	stMultiPatchM       = 31
	stMultiPatch        = 32
	stGeneralPolyline   = 50
	stGeneralPolygon    = 51
	stGeneralPoint      = 52
	stGeneralMultiPoint = 53
	stGeneralMultiPatch = 54

	// flags in the high bits of a general shape type
	shapeHasZ      = 0x80000000
	shapeHasM      = 0x40000000
	shapeHasCurves = 0x20000000
)

// shape kinds
const (
	kindNull = iota
	kindPoint
	kindMultiPoint
	kindPolyline
	kindPolygon
	kindMultiPatch
	kindUnknown
)

// shapeKind decodes a shape type.
func shapeKind(st uint64) (kind int, hasZ, hasM, curves bool) {
	hasZ = st&shapeHasZ != 0
	hasM = st&shapeHasM != 0
	curves = st&shapeHasCurves != 0
	switch st & 0xff {
	case stNull:
		return kindNull, false, false, false
	case stPoint, stGeneralPoint:
		kind = kindPoint
	case stPointZ:
		kind, hasZ = kindPoint, true
	case stPointZM:
		kind, hasZ, hasM = kindPoint, true, true
	case stPointM:
		kind, hasM = kindPoint, true
	case stMultiPoint, stGeneralMultiPoint:
		kind = kindMultiPoint
	case stMultiPointZ:
		kind, hasZ = kindMultiPoint, true
	case stMultiPointZM:
		kind, hasZ, hasM = kindMultiPoint, true, true
	case stMultiPointM:
		kind, hasM = kindMultiPoint, true
	case stPolyline, stGeneralPolyline:
		kind = kindPolyline
	case stPolylineZ:
		kind, hasZ = kindPolyline, true
	case stPolylineZM:
		kind, hasZ, hasM = kindPolyline, true, true
	case stPolylineM:
		kind, hasM = kindPolyline, true
	case stPolygon, stGeneralPolygon:
		kind = kindPolygon
	case stPolygonZ:
		kind, hasZ = kindPolygon, true
	case stPolygonZM:
		kind, hasZ, hasM = kindPolygon, true, true
	case stPolygonM:
		kind, hasM = kindPolygon, true
	case stMultiPatch, stMultiPatchM, stGeneralMultiPatch:
		kind = kindMultiPatch
	default:
		kind = kindUnknown
	}
	return kind, hasZ, hasM, curves
}

// shapeResult is a decoded geometry and what was done to it.
type shapeResult struct {
	geom        orb.Geometry
	curves      int // curve segments replaced by chords
	ringsClosed int
}

func shapeProblem(kind, format string, a ...any) *geoio.Problem {
	return &geoio.Problem{Kind: kind, Reason: fmt.Sprintf(format, a...)}
}

// decodeShape turns a geometry blob into a 2D geometry. Coordinates are
// integers on the field's grid: x = n/scale + origin, the first one
// absolute, the next ones deltas from the one before (varints), so that
// only the bits that change are stored. Z and M values follow all the XY
// pairs and are not kept; curves, when flagged, follow them.
func decodeShape(b []byte, g *geomDef) (shapeResult, *geoio.Problem) {
	var res shapeResult
	bad := func(format string, a ...any) (shapeResult, *geoio.Problem) {
		return res, shapeProblem(geoio.ProblemBadRecord, format, a...)
	}
	c := &cursor{b: b}
	st, err := c.varuint()
	if err != nil {
		return bad("geometry blob of %d bytes without a shape type", len(b))
	}
	kind, hasZ, hasM, curves := shapeKind(st)
	// (n + origin·scale)/scale rather than n/scale + origin: the sum of
	// two integers on the grid is exact, so 116.9 reads back as 116.9
	xo, yo := g.xOrigin*g.xyScale, g.yOrigin*g.xyScale
	sx := func(n int64) float64 { return (float64(n) + xo) / g.xyScale }
	sy := func(n int64) float64 { return (float64(n) + yo) / g.xyScale }
	switch kind {
	case kindNull:
		return res, nil
	case kindMultiPatch:
		return res, shapeProblem(geoio.ProblemUnsupported, "a multipatch (3D surface) shape; convert the layer to polygons (Multipatch Footprint in ArcGIS) first")
	case kindUnknown:
		return res, shapeProblem(geoio.ProblemUnsupported, "unknown shape type %d", st&0xff)
	case kindPoint:
		x, err1 := c.varuint()
		if err1 != nil {
			return bad("point: %v", err1)
		}
		if x == 0 {
			return res, nil // an empty point
		}
		y, err2 := c.varuint()
		if err2 != nil || y == 0 {
			return bad("point without a valid y")
		}
		if x-1 > math.MaxInt64 || y-1 > math.MaxInt64 {
			return bad("point coordinates out of range")
		}
		res.geom = orb.Point{sx(int64(x - 1)), sy(int64(y - 1))}
		return res, nil
	}
	npts, err := c.varuint()
	if err != nil {
		return bad("point count: %v", err)
	}
	if npts == 0 {
		return res, nil
	}
	// every point takes at least two bytes (an x and a y delta)
	if npts > uint64(c.left())/2 {
		return bad("%d points do not fit in a geometry of %d bytes", npts, len(b))
	}
	n := int(npts)
	nparts, ncurves := 1, 0
	if kind != kindMultiPoint {
		np, err := c.varuint()
		if err != nil {
			return bad("part count: %v", err)
		}
		if np == 0 || np > npts {
			return bad("%d parts for %d points", np, npts)
		}
		nparts = int(np)
		if curves {
			nc, err := c.varuint()
			if err != nil {
				return bad("curve count: %v", err)
			}
			if nc > uint64(len(b)) {
				return bad("%d curves in a geometry of %d bytes", nc, len(b))
			}
			ncurves = int(nc)
		}
	}
	for k := 0; k < 4; k++ { // the bounding box
		if _, err := c.varuint(); err != nil {
			return bad("bounding box: %v", err)
		}
	}
	counts := make([]int, nparts)
	sum := 0
	for k := 0; k < nparts-1; k++ {
		v, err := c.varuint()
		if err != nil {
			return bad("point count of part %d: %v", k, err)
		}
		if v > uint64(n-sum) {
			return bad("part %d has %d points, more than the %d left of %d", k, v, n-sum, n)
		}
		counts[k] = int(v)
		sum += int(v)
	}
	counts[nparts-1] = n - sum
	pts := make([]orb.Point, n)
	var ix, iy int64
	for k := range pts {
		dx, err := c.varint()
		if err != nil {
			return bad("point %d of %d: %v", k, n, err)
		}
		dy, err := c.varint()
		if err != nil {
			return bad("point %d of %d: %v", k, n, err)
		}
		ix += dx
		iy += dy
		pts[k] = orb.Point{sx(ix), sy(iy)}
	}
	var segs []curveSeg
	if ncurves > 0 {
		if hasZ {
			for k := 0; k < n; k++ {
				if _, err := c.varint(); err != nil {
					return bad("Z values: %v", err)
				}
			}
		}
		if hasM {
			if c.left() > 0 && c.b[c.off] == 0x42 {
				c.off++ // the marker of an absent M array
			} else {
				for k := 0; k < n; k++ {
					if _, err := c.varint(); err != nil {
						return bad("M values: %v", err)
					}
				}
			}
		}
		if segs, err = readCurves(c, ncurves, n); err != nil {
			return bad("curves: %v", err)
		}
		res.curves = len(segs)
	}
	if kind == kindMultiPoint {
		res.geom = orb.MultiPoint(pts)
		return res, nil
	}
	parts := make([][]orb.Point, 0, nparts)
	start := 0
	si := 0
	for _, cnt := range counts {
		end := start + cnt
		if cnt == 0 {
			continue
		}
		var part []orb.Point
		if si < len(segs) && segs[si].start < end {
			part = make([]orb.Point, 0, cnt)
			for i := start; i < end; i++ {
				part = append(part, pts[i])
				for si < len(segs) && segs[si].start < i {
					si++
				}
				if si < len(segs) && segs[si].start == i && i+1 < end {
					part = segs[si].densify(part, pts[i], pts[i+1])
					si++
				}
			}
		} else {
			part = pts[start:end:end]
		}
		parts = append(parts, part)
		start = end
	}
	if len(parts) == 0 {
		return res, nil
	}
	if kind == kindPolyline {
		if len(parts) == 1 {
			res.geom = orb.LineString(parts[0])
			return res, nil
		}
		mls := make(orb.MultiLineString, len(parts))
		for k, p := range parts {
			mls[k] = p
		}
		res.geom = mls
		return res, nil
	}
	rings := make([]orb.Ring, len(parts))
	for k, p := range parts {
		if len(p) >= 3 && p[0] != p[len(p)-1] {
			p = append(p[:len(p):len(p)], p[0])
			res.ringsClosed++
		}
		rings[k] = p
	}
	res.geom = geoio.AssembleRings(rings)
	return res, nil
}
