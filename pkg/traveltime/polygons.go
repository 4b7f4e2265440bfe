package traveltime

import "github.com/paulmach/orb"

// Polygonisation of labelled cells by boundary following: every cell side
// between a labelled cell and a cell of another label (or none) is a
// directed edge with the labelled cell on its left, and edges are chained
// corner to corner into rings, at each corner taking the leftmost edge of
// the same label (the crack-following of region boundaries described by
// A. Rosenfeld and A. C. Kak, "Digital Picture Processing", 2nd ed.,
// 1982, vol. 2, §11.2, with the left-turn rule that makes regions
// 4-connected). Each ring bounds one 4-connected component: outer rings
// run counter-clockwise and holes clockwise (RFC 7946's right-hand rule),
// rings never cross or touch themselves, and a hole may touch its outer
// ring at a corner, as OGC simple features allow. The polygons hold
// exactly the cells of their label, with vertices only where the
// boundary turns.

// Edge directions from a corner, counter-clockwise: a left turn is +1.
const (
	dirE = iota
	dirN
	dirW
	dirS
)

type tracer struct {
	g       Grid
	lab     []int32 // per cell; < 0 is no label
	comp    []int32 // 4-connected component of each labelled cell
	compLab []int32 // label of each component
	visited []uint8 // per corner, a bit per outgoing direction
}

// at is the label of cell (c, r), -1 outside the grid.
func (t *tracer) at(c, r int) int32 {
	if c < 0 || r < 0 || c >= t.g.Width || r >= t.g.Height {
		return -1
	}
	return t.lab[r*t.g.Width+c]
}

// edge tells whether corner (x, y) has an outgoing boundary edge in
// direction d with label l on its left. Corner (x, y) is the north-west
// corner of cell (x, y).
func (t *tracer) edge(x, y, d int, l int32) bool {
	switch d {
	case dirE:
		return t.at(x, y-1) == l && t.at(x, y) != l
	case dirN:
		return t.at(x-1, y-1) == l && t.at(x, y-1) != l
	case dirW:
		return t.at(x-1, y) == l && t.at(x-1, y-1) != l
	default:
		return t.at(x, y) == l && t.at(x-1, y) != l
	}
}

var stepX = [4]int{1, 0, -1, 0}
var stepY = [4]int{0, -1, 0, 1}

// polygonize returns, for each label 0…nLabels−1, the polygons of its
// cells (nil when it has none), in the order of their first cell.
func polygonize(g Grid, lab []int32, nLabels int) []orb.MultiPolygon {
	t := &tracer{g: g, lab: lab}
	t.components()
	t.visited = make([]uint8, (g.Width+1)*(g.Height+1))
	outer := make([]orb.Ring, len(t.compLab))
	holes := make([][]orb.Ring, len(t.compLab))
	for r := 0; r < g.Height; r++ {
		for c := 0; c < g.Width; c++ {
			l := lab[r*g.Width+c]
			if l < 0 {
				continue
			}
			// The cell's sides as edges: south, east, north, west.
			for _, e := range [4][3]int{{c, r + 1, dirE}, {c + 1, r + 1, dirN}, {c + 1, r, dirW}, {c, r, dirS}} {
				x, y, d := e[0], e[1], e[2]
				if t.visited[y*(g.Width+1)+x]&(1<<d) != 0 || !t.edge(x, y, d, l) {
					continue
				}
				ring, area2 := t.trace(x, y, d, l)
				k := t.comp[r*g.Width+c]
				if area2 > 0 {
					outer[k] = ring
				} else {
					holes[k] = append(holes[k], ring)
				}
			}
		}
	}
	out := make([]orb.MultiPolygon, nLabels)
	for k, ring := range outer {
		l := t.compLab[k]
		if l >= int32(nLabels) {
			continue
		}
		out[l] = append(out[l], append(orb.Polygon{ring}, holes[k]...))
	}
	return out
}

// trace follows the ring through edge (x, y, d) of label l and returns
// it in lon/lat with twice its signed area in corner units (positive
// counter-clockwise, north up).
func (t *tracer) trace(x0, y0, d0 int, l int32) (orb.Ring, int) {
	g := t.g
	corner := func(x, y int) orb.Point {
		return orb.Point{g.WestDeg + float64(x)*g.CellXDeg, g.NorthDeg - float64(y)*g.CellYDeg}
	}
	var ring orb.Ring
	area2 := 0
	x, y, d := x0, y0, d0
	prev := -1
	for {
		t.visited[y*(g.Width+1)+x] |= 1 << d
		if d != prev {
			ring = append(ring, corner(x, y))
		}
		nx, ny := x+stepX[d], y+stepY[d]
		area2 += x*(-ny) - nx*(-y)
		prev = d
		x, y = nx, ny
		for _, turn := range [3]int{1, 0, 3} {
			if nd := (prev + turn) % 4; t.edge(x, y, nd, l) {
				d = nd
				break
			}
		}
		if x == x0 && y == y0 && d == d0 {
			break
		}
	}
	if prev == d0 {
		ring = ring[1:] // the start lies inside a straight side
	}
	return append(ring, ring[0]), area2
}

// components numbers the 4-connected components of equal labels in the
// order of their first cell (a flood fill).
func (t *tracer) components() {
	g := t.g
	t.comp = make([]int32, len(t.lab))
	for i := range t.comp {
		t.comp[i] = -1
	}
	var queue []int32
	for i, l := range t.lab {
		if l < 0 || t.comp[i] >= 0 {
			continue
		}
		k := int32(len(t.compLab))
		t.compLab = append(t.compLab, l)
		t.comp[i] = k
		queue = append(queue[:0], int32(i))
		for len(queue) > 0 {
			x := int(queue[len(queue)-1])
			queue = queue[:len(queue)-1]
			c, r := x%g.Width, x/g.Width
			for _, n := range [4][2]int{{c + 1, r}, {c - 1, r}, {c, r + 1}, {c, r - 1}} {
				if n[0] < 0 || n[1] < 0 || n[0] >= g.Width || n[1] >= g.Height {
					continue
				}
				y := n[1]*g.Width + n[0]
				if t.lab[y] == l && t.comp[y] < 0 {
					t.comp[y] = k
					queue = append(queue, int32(y))
				}
			}
		}
	}
}
