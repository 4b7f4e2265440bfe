package access

import (
	"github.com/paulmach/orb"
)

// route draws a target's chosen path: target, its snap point, the part
// of its edge, the edges of the shortest-path tree, the part of the
// facility's edge, the facility's snap point and the facility.
func (g *Graph) route(tpos orb.Point, tc cand, o option, s *search, seeds []seed,
	facCand func(ci int32) (orb.Point, cand)) orb.LineString {
	ls := orb.LineString{tpos, tc.pt}
	add := func(pts []orb.Point) {
		for _, p := range pts {
			if p != ls[len(ls)-1] {
				ls = append(ls, p)
			}
		}
	}
	if o.node < 0 {
		fpos, fc := facCand(int32(o.direct))
		add(g.subline(tc.edge, tc.frac, fc.frac))
		add([]orb.Point{fc.pt, fpos})
		return ls
	}
	ed := g.edges[tc.edge]
	if o.node == ed.u && (ed.u != ed.v || tc.frac < 0.5) {
		add(g.subline(tc.edge, tc.frac, 0))
	} else {
		add(g.subline(tc.edge, tc.frac, 1))
	}
	x := o.node
	for steps := 0; steps <= len(g.nodes); steps++ {
		a := s.parent[x]
		if a < 0 {
			sd := seeds[-2-a]
			fpos, fc := facCand(sd.cand)
			fe := g.edges[fc.edge]
			if x == fe.u {
				add(g.subline(fc.edge, 0, fc.frac))
			} else {
				add(g.subline(fc.edge, 1, fc.frac))
			}
			add([]orb.Point{fc.pt, fpos})
			return ls
		}
		e := a >> 1
		geom := g.edgeGeom(e)
		if a&1 == 1 {
			geom.Reverse()
			x = g.edges[e].u
		} else {
			x = g.edges[e].v
		}
		add(geom)
	}
	return ls // unreachable: parent pointers form a tree
}

// subline is the part of edge e between fractions f0 and f1 (by length),
// running from f0 to f1.
func (g *Graph) subline(e int32, f0, f1 float64) []orb.Point {
	if f0 == f1 {
		return nil
	}
	rev := f0 > f1
	if rev {
		f0, f1 = f1, f0
	}
	n := g.segCount(e)
	lens := make([]float64, n)
	var total float64
	for i := int32(0); i < n; i++ {
		lens[i] = planeLenM(g.segPt(e, i), g.segPt(e, i+1))
		total += lens[i]
	}
	at := func(f float64) (int32, float64) { // segment and position in it
		d := f * total
		for i := int32(0); i < n; i++ {
			if d <= lens[i] || i == n-1 {
				if lens[i] == 0 {
					return i, 0
				}
				return i, min(1, d/lens[i])
			}
			d -= lens[i]
		}
		return n - 1, 1
	}
	interp := func(i int32, t float64) orb.Point {
		a, b := g.segPt(e, i), g.segPt(e, i+1)
		return orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
	}
	s0, t0 := at(f0)
	s1, t1 := at(f1)
	out := []orb.Point{interp(s0, t0)}
	for i := s0 + 1; i <= s1; i++ {
		out = append(out, g.segPt(e, i))
	}
	out = append(out, interp(s1, t1))
	if rev {
		orb.LineString(out).Reverse()
	}
	return out
}
