package popgrid

import (
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/paulmach/orb"
)

// maxBandCells bounds the accumulation buffer of one polygon: a polygon
// larger than that is swept in bands of rows.
const maxBandCells = 1 << 22

// ring is one polygon ring in grid units (u to the east in columns, v to
// the south in rows, cell (i, j) = [i, i+1] × [j, j+1]) with the factor
// that makes its enclosed area count +1 (outer ring) or −1 (hole).
type ring struct {
	pts    []orb.Point
	factor float64
}

// shape is a target polygon (all parts) in grid units.
type shape struct {
	rings []ring
	area  float64 // in cells
	bound orb.Bound
}

// toGrid converts a lon/lat Polygon or MultiPolygon into grid units of
// win. Empty rings and rings of zero area are dropped.
func toGrid(win *raster.PopGrid, g orb.Geometry) (shape, error) {
	var polys []orb.Polygon
	switch t := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{t}
	case orb.MultiPolygon:
		polys = t
	case orb.Bound:
		polys = []orb.Polygon{t.ToPolygon()}
	case nil:
		return shape{}, fmt.Errorf("no geometry")
	default:
		return shape{}, fmt.Errorf("%s is not a polygon", g.GeoJSONType())
	}
	geographic := win.CRS.IsGeographic()
	s := shape{bound: orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}}
	for _, p := range polys {
		for k, r := range p {
			if len(r) < 3 {
				continue
			}
			pts := make([]orb.Point, len(r), len(r)+1)
			for i, q := range r {
				x, y := q[0], q[1]
				if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
					return shape{}, fmt.Errorf("coordinate %v is not a number", q)
				}
				if !geographic {
					x, y = win.CRS.FromLonLat(x, y)
					if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
						return shape{}, fmt.Errorf("coordinate %v cannot be projected to %s", q, win.CRS)
					}
				}
				pts[i] = orb.Point{(x - win.West) / win.CellX, (win.North - y) / win.CellY}
			}
			if pts[0] != pts[len(pts)-1] {
				pts = append(pts, pts[0])
			}
			a := shoelace(pts)
			if a == 0 {
				continue
			}
			f := math.Copysign(1, a)
			if k > 0 {
				f = -f // a hole
			}
			s.rings = append(s.rings, ring{pts: pts, factor: f})
			s.area += f * a
			for _, q := range pts {
				s.bound = s.bound.Extend(q)
			}
		}
	}
	return s, nil
}

// shoelace is ∮ u dv of a closed ring: its signed area.
func shoelace(pts []orb.Point) float64 {
	var a float64
	for i := 1; i < len(pts); i++ {
		a += (pts[i-1][0] - pts[i][0]) * (pts[i-1][1] + pts[i][1])
	}
	return a / 2
}

// edgeRef is the edge pts[i-1]→pts[i] of a shape's ring.
type edgeRef struct{ ring, i int32 }

// sweeper computes exact cell coverage fractions by accumulating, for
// every edge, the signed area between the edge and the cell's east side
// (see doc.go). It holds the buffers of one goroutine.
type sweeper struct {
	acc  []float64
	refs []edgeRef
	mask []float32   // coverage of the Within polygons, one chunk of rows
	dem  demandChunk // demand cells of one chunk of rows
}

// cover calls visit(col, row, fraction) for every cell of the w×h grid
// that s covers by a positive fraction, row by row from the north.
func (sw *sweeper) cover(s *shape, w, h int, visit func(col, row int, frac float64)) {
	sw.refs = sw.refs[:0]
	for k, rg := range s.rings {
		for i := 1; i < len(rg.pts); i++ {
			sw.refs = append(sw.refs, edgeRef{int32(k), int32(i)})
		}
	}
	sw.coverRows(s, w, 0, h, sw.refs, func(row, c0 int, fracs []float64) {
		for k, f := range fracs {
			if f > 0 {
				visit(c0+k, row, f)
			}
		}
	})
}

// coverRows is cover for the rows [ra, rb) of a grid w columns wide,
// given the edges of s that may cross those rows (any others are
// ignored, so a superset is fine), a row at a time: visitRow gets the
// fractions of the columns c0… of the row, 0 for a cell not covered.
// A cell's fraction depends only on the edge pieces in its own row, so
// the rows of a grid may be covered in any grouping with the same
// result.
func (sw *sweeper) coverRows(s *shape, w, ra, rb int, refs []edgeRef, visitRow func(row, c0 int, fracs []float64)) {
	if len(s.rings) == 0 {
		return
	}
	r0 := max(ra, int(math.Floor(s.bound.Min[1])))
	r1 := min(rb, int(math.Ceil(s.bound.Max[1])))
	c0 := max(0, int(math.Floor(s.bound.Min[0])))
	c1 := min(w, int(math.Ceil(s.bound.Max[0])))
	if r1 <= r0 || c1 <= c0 {
		return
	}
	lw := c1 - c0
	band := max(1, min(r1-r0, maxBandCells/(lw+1)))
	for b0 := r0; b0 < r1; b0 += band {
		b1 := min(r1, b0+band)
		n := (b1 - b0) * (lw + 1)
		if cap(sw.acc) < n {
			sw.acc = make([]float64, n)
		}
		acc := sw.acc[:n]
		clear(acc)
		for _, e := range refs {
			rg := &s.rings[e.ring]
			sweepEdge(acc, lw, c0, c1, b0, b1, rg.pts[e.i-1], rg.pts[e.i], rg.factor)
		}
		for r := b0; r < b1; r++ {
			row := acc[(r-b0)*(lw+1) : (r-b0)*(lw+1)+lw]
			var run float64
			for c, d := range row {
				run += d
				switch {
				case run > 1:
					row[c] = 1
				case run > 1e-12:
					row[c] = run
				default:
					row[c] = 0
				}
			}
			visitRow(r, c0, row)
		}
	}
}

// sweepEdge adds the edge a→b, clipped to rows [r0, r1), to acc (rows of
// lw+1 values for columns c0…c1−1 and a sink): for the part of the edge
// in column c with signed height dv and mean u, cell c gains
// −dv·(c+1−ū) and every cell east of it −dv (a running sum along the
// row turns the second into one entry).
func sweepEdge(acc []float64, lw, c0, c1, r0, r1 int, a, b orb.Point, factor float64) {
	if a[1] == b[1] {
		return // horizontal edges enclose nothing
	}
	vlo, vhi := math.Min(a[1], b[1]), math.Max(a[1], b[1])
	if vhi <= float64(r0) || vlo >= float64(r1) {
		return
	}
	sign := factor
	if b[1] < a[1] {
		sign = -factor
	}
	dudv := (b[0] - a[0]) / (b[1] - a[1])
	ra := max(r0, int(math.Floor(vlo)))
	rb := min(r1, int(math.Ceil(vhi)))
	for r := ra; r < rb; r++ {
		y0, y1 := math.Max(vlo, float64(r)), math.Min(vhi, float64(r+1))
		if y1 <= y0 {
			continue
		}
		dv := -sign * (y1 - y0) // −(signed height)
		ua, ub := a[0]+(y0-a[1])*dudv, a[0]+(y1-a[1])*dudv
		p, q := math.Min(ua, ub), math.Max(ua, ub)
		row := acc[(r-r0)*(lw+1) : (r-r0+1)*(lw+1)]
		lc0, lc1 := float64(c0), float64(c1)
		if q-p <= 1e-12*math.Max(1, math.Abs(p)) {
			// (nearly) vertical: one column
			u := (p + q) / 2
			addPiece(row, c0, lw, dv, u)
			continue
		}
		// Part west of the columns held: all of it is east of the piece.
		if p < lc0 {
			e := math.Min(q, lc0)
			row[0] += dv * (e - p) / (q - p)
			if q <= lc0 {
				continue
			}
		}
		start := math.Max(p, lc0)
		end := math.Min(q, lc1) // east of c1 nothing is held
		for c := int(math.Floor(start)); float64(c) < end; c++ {
			lo, hi := math.Max(start, float64(c)), math.Min(end, float64(c+1))
			if hi <= lo {
				continue
			}
			addPiece(row, c0, lw, dv*(hi-lo)/(q-p), (lo+hi)/2)
		}
	}
}

// addPiece adds a piece of signed height dv and mean u in column floor(u).
func addPiece(row []float64, c0, lw int, dv, u float64) {
	c := int(math.Floor(u))
	k := c - c0
	switch {
	case k < 0:
		row[0] += dv
	case k >= lw:
	default:
		in := dv * (float64(c+1) - u)
		row[k] += in
		row[k+1] += dv - in
	}
}
