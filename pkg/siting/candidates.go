package siting

import (
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// maxGridCandidates bounds GridCandidates' lattice (cells of the bounding
// box, inside or not).
const maxGridCandidates = 20_000_000

// polyIndex answers point-in-polygon for one polygon (outer ring and
// holes, lon/lat) with its edges bucketed in horizontal bands, so a query
// only crosses the edges of its own band.
type polyIndex struct {
	bound orb.Bound
	y0    float64
	bandH float64
	start []int32 // band b holds edges start[b]:start[b+1]
	edges [][4]float64
}

func newPolyIndex(poly orb.Polygon) (*polyIndex, error) {
	var edges [][4]float64
	first := true
	var b orb.Bound
	for ri, ring := range poly {
		for i, p := range ring {
			if !lonLatOK(p) {
				return nil, fmt.Errorf("ring %d point %d (%v, %v) is not a longitude/latitude", ri, i, p[0], p[1])
			}
			if first {
				b, first = orb.Bound{Min: p, Max: p}, false
			} else {
				b = b.Extend(p)
			}
		}
		n := len(ring)
		for i := range n {
			a, c := ring[i], ring[(i+1)%n]
			if a[1] != c[1] {
				edges = append(edges, [4]float64{a[0], a[1], c[0], c[1]})
			}
		}
	}
	if len(edges) == 0 {
		return nil, nil // no area
	}
	nb := min(max(len(edges)/4, 1), 4096)
	pi := &polyIndex{bound: b, y0: b.Min[1], bandH: (b.Max[1] - b.Min[1]) / float64(nb)}
	band := func(y float64) int { return min(max(int((y-pi.y0)/pi.bandH), 0), nb-1) }
	pi.start = make([]int32, nb+1)
	for _, e := range edges {
		for bb := band(math.Min(e[1], e[3])); bb <= band(math.Max(e[1], e[3])); bb++ {
			pi.start[bb+1]++
		}
	}
	for i := 1; i <= nb; i++ {
		pi.start[i] += pi.start[i-1]
	}
	fill := append([]int32(nil), pi.start[:nb]...)
	pi.edges = make([][4]float64, pi.start[nb])
	for _, e := range edges {
		for bb := band(math.Min(e[1], e[3])); bb <= band(math.Max(e[1], e[3])); bb++ {
			pi.edges[fill[bb]] = e
			fill[bb]++
		}
	}
	return pi, nil
}

// contains is the even-odd rule over all rings (holes excluded whatever
// their winding); a point exactly on an edge may fall either way.
func (pi *polyIndex) contains(p orb.Point) bool {
	if p[1] < pi.bound.Min[1] || p[1] > pi.bound.Max[1] || p[0] < pi.bound.Min[0] || p[0] > pi.bound.Max[0] {
		return false
	}
	nb := len(pi.start) - 1
	b := min(max(int((p[1]-pi.y0)/pi.bandH), 0), nb-1)
	in := false
	for _, e := range pi.edges[pi.start[b]:pi.start[b+1]] {
		if (e[1] > p[1]) != (e[3] > p[1]) {
			if p[0] < e[0]+(p[1]-e[1])*(e[2]-e[0])/(e[3]-e[1]) {
				in = !in
			}
		}
	}
	return in
}

func indexArea(mp orb.MultiPolygon, what string) ([]*polyIndex, error) {
	var out []*polyIndex
	for i, poly := range mp {
		pi, err := newPolyIndex(poly)
		if err != nil {
			return nil, bad("%s polygon %d: %v", what, i, err)
		}
		if pi != nil {
			out = append(out, pi)
		}
	}
	return out, nil
}

// GridCandidates lays a lattice of square cells of stepM metres over the
// area's bounding box, on an earth.Local plane fitted at its centre, and
// returns the centres that fall inside the area (any of its polygons,
// holes excluded). IDs are "g" and the cell's row-major index (rows from
// the south), zero-padded so that they sort as numbers: the same area and
// step always give the same IDs.
func GridCandidates(area orb.MultiPolygon, stepM float64) ([]Candidate, error) {
	if !finite(stepM) || stepM <= 0 {
		return nil, bad("grid step %v m not usable", stepM)
	}
	polys, err := indexArea(area, "area")
	if err != nil {
		return nil, err
	}
	if len(polys) == 0 {
		return nil, bad("grid area has no polygon with area")
	}
	b := polys[0].bound
	for _, pi := range polys[1:] {
		b = b.Union(pi.bound)
	}
	loc := earth.NewLocal(b.Center())
	lo, hi := loc.Project(b.Min), loc.Project(b.Max)
	nxF := math.Ceil((hi[0] - lo[0]) / stepM)
	nyF := math.Ceil((hi[1] - lo[1]) / stepM)
	nxF, nyF = math.Max(nxF, 1), math.Max(nyF, 1)
	if nxF*nyF > maxGridCandidates {
		return nil, bad("a %v m grid over the area has %.0f cells, more than %d; use a larger step", stepM, nxF*nyF, maxGridCandidates)
	}
	nx, ny := int(nxF), int(nyF)
	width := max(6, len(fmt.Sprint(nx*ny-1)))
	var out []Candidate
	var row []*polyIndex
	for j := range ny {
		y := lo[1] + (float64(j)+0.5)*stepM
		lat := loc.Unproject(orb.Point{0, y})[1]
		row = row[:0]
		for _, pi := range polys {
			if lat >= pi.bound.Min[1] && lat <= pi.bound.Max[1] {
				row = append(row, pi)
			}
		}
		if len(row) == 0 {
			continue
		}
		for i := range nx {
			p := loc.Unproject(orb.Point{lo[0] + (float64(i)+0.5)*stepM, y})
			for _, pi := range row {
				if pi.contains(p) {
					out = append(out, Candidate{ID: fmt.Sprintf("g%0*d", width, j*nx+i), Pos: p})
					break
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, bad("no %v m grid cell centre falls inside the area; use a smaller step", stepM)
	}
	return out, nil
}

// ExcludeCandidates returns the candidates outside every polygon of
// exclude (protected areas, water), in their input order.
func ExcludeCandidates(c []Candidate, exclude orb.MultiPolygon) ([]Candidate, error) {
	polys, err := indexArea(exclude, "exclusion")
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, 0, len(c))
next:
	for _, cd := range c {
		for _, pi := range polys {
			if pi.contains(cd.Pos) {
				continue next
			}
		}
		out = append(out, cd)
	}
	return out, nil
}
