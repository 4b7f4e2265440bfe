package geoio

import "github.com/paulmach/orb"

// repairGeometry repairs what GDAL's readers repair: a ring whose last
// position is not its first is closed, and a position repeated at once
// (consecutive duplicate vertices) is dropped from lines and rings. It
// returns the geometry (the same value when nothing was wrong, so a
// clean file costs one comparison per position) and the repairs made.
// What cannot be repaired (too few positions, NaN) is left to
// checkGeometry.
func repairGeometry(g orb.Geometry) (orb.Geometry, []string) {
	var r repairs
	switch v := g.(type) {
	case orb.LineString:
		return r.line(v), r.kinds()
	case orb.MultiLineString:
		return r.lines(v), r.kinds()
	case orb.Ring:
		return r.ring(v), r.kinds()
	case orb.Polygon:
		return r.polygon(v), r.kinds()
	case orb.MultiPolygon:
		return r.multiPolygon(v), r.kinds()
	case orb.Collection:
		var out orb.Collection
		for i, m := range v {
			mg, ks := repairGeometry(m)
			if len(ks) > 0 {
				if out == nil {
					out = append(orb.Collection(nil), v...)
				}
				out[i] = mg
				for _, k := range ks {
					r.add(k)
				}
			}
		}
		if out != nil {
			return out, r.kinds()
		}
	}
	return g, nil
}

func repairReason(kind string) string {
	switch kind {
	case RepairRingClosed:
		return "the ring's last position was not its first; the first was added at its end"
	case RepairDuplicateVerts:
		return "a position repeated at once was dropped"
	}
	return ""
}

type repairs struct{ closed, dups bool }

func (r *repairs) add(kind string) {
	switch kind {
	case RepairRingClosed:
		r.closed = true
	case RepairDuplicateVerts:
		r.dups = true
	}
}

func (r *repairs) kinds() []string {
	var out []string
	if r.closed {
		out = append(out, RepairRingClosed)
	}
	if r.dups {
		out = append(out, RepairDuplicateVerts)
	}
	return out
}

// dedupe drops consecutive duplicate positions; pts itself when there
// are none.
func (r *repairs) dedupe(pts []orb.Point) []orb.Point {
	k := 1
	for ; k < len(pts); k++ {
		if pts[k] == pts[k-1] {
			break
		}
	}
	if k >= len(pts) {
		return pts
	}
	r.dups = true
	out := append(make([]orb.Point, 0, len(pts)-1), pts[:k]...)
	for _, p := range pts[k:] {
		if p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return out
}

func (r *repairs) line(l orb.LineString) orb.LineString {
	return orb.LineString(r.dedupe(l))
}

func (r *repairs) lines(ml orb.MultiLineString) orb.MultiLineString {
	var out orb.MultiLineString
	for i, l := range ml {
		if nl := r.line(l); len(nl) != len(l) {
			if out == nil {
				out = append(orb.MultiLineString(nil), ml...)
			}
			out[i] = nl
		}
	}
	if out == nil {
		return ml
	}
	return out
}

func (r *repairs) ring(ring orb.Ring) orb.Ring {
	out := orb.Ring(r.dedupe(ring))
	if len(out) >= 3 && out[0] != out[len(out)-1] {
		r.closed = true
		if len(out) == len(ring) {
			out = append(make(orb.Ring, 0, len(out)+1), out...)
		}
		out = append(out, out[0])
	}
	return out
}

func (r *repairs) polygon(p orb.Polygon) orb.Polygon {
	var out orb.Polygon
	for i, ring := range p {
		nr := r.ring(ring)
		if !sameSlice(nr, ring) {
			if out == nil {
				out = append(orb.Polygon(nil), p...)
			}
			out[i] = nr
		}
	}
	if out == nil {
		return p
	}
	return out
}

func (r *repairs) multiPolygon(mp orb.MultiPolygon) orb.MultiPolygon {
	var out orb.MultiPolygon
	for i, p := range mp {
		np := r.polygon(p)
		if out == nil && !samePolygon(np, p) {
			out = append(orb.MultiPolygon(nil), mp...)
		}
		if out != nil {
			out[i] = np
		}
	}
	if out == nil {
		return mp
	}
	return out
}

// samePolygon says whether polygon returned the rings it was given.
func samePolygon(a, b orb.Polygon) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameSlice(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameSlice says whether a and b are the same positions in memory.
func sameSlice(a, b []orb.Point) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
