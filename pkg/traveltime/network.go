package traveltime

import (
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/kukarcli/kukarcli/internal/par"
	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/paulmach/orb"
)

// arc is one network arc while the network is assembled: from and to are
// node numbers (cells first, then the network's nodes), costS its time.
type arc struct {
	from, to int32
	costS    float64
}

// relaxArc is an arc as the search reads it: the other node and the time.
type relaxArc struct {
	other int32
	costS float64
}

// network is the road/river graph joined to the cells, as arcs grouped
// by the node the search relaxes them from, in compressed sparse row
// form: for the network's own nodes by node, and for the cells with
// links by their rank among those cells (a bit per cell, and the count
// of set bits before each word of them).
type network struct {
	base      int32 // number of cell numbers: network node i is base+i
	nodes     int32 // network nodes
	off       []int32
	arcs      []relaxArc
	linked    []uint64 // bit per cell with links
	rank      []int32  // set bits of linked before each word
	cellOff   []int32
	cellArcs  []relaxArc
	linkCount int
	// col is the tile column a network node's scan stays in (the
	// column of its cell, when every arc from it leads to a node of that
	// column), or −1 when it must be scanned on one core; farLinked is a
	// bit per linked cell with a link leading out of its column.
	col       []int32
	farLinked []uint64
}

// arcChunks are the arcs in chunks, as the edges' chunks cut them: a
// network cut at the cells of a fine grid has tens of millions of arcs,
// which one growing slice would copy again and again.
type arcChunks struct {
	chunks [][]arc
	n      int
}

// add appends a, in blocks of 4096 arcs (64 KiB).
func (c *arcChunks) add(a arc) {
	if k := len(c.chunks); k == 0 || len(c.chunks[k-1]) == cap(c.chunks[k-1]) {
		c.chunks = append(c.chunks, make([]arc, 0, 4096))
	}
	k := len(c.chunks) - 1
	c.chunks[k] = append(c.chunks[k], a)
	c.n++
}

// each calls f on every arc in the order added.
func (c *arcChunks) each(f func(a arc)) {
	for _, ch := range c.chunks {
		for _, a := range ch {
			f(a)
		}
	}
}

// cellRun is a stretch of an edge inside one cell: the cell, and the
// point of the stretch nearest the cell's centre with its distance
// along the edge.
type cellRun struct {
	cell   int32
	at     orb.Point
	alongM float64
	distM  float64 // from the cell centre to at
}

// isLine tells a line edge from a landing transfer.
func isLine(k access.Mode) bool {
	return k == access.Road || k == access.River || k == access.Ferry || k == access.Walk
}

// buildNetwork cuts every edge of g where it crosses cell boundaries,
// puts a node on each stretch at the point nearest the cell centre and
// joins that node to its cell (or, in an impassable cell, to the nearest
// passable cells), then groups the arcs for the search. Arcs name cells
// by their tiled number.
func buildNetwork(g *access.Graph, gr Grid, pace []float64, cls []uint8, p Params, tl tiles) (*network, error) {
	nCells := tl.n
	n := &network{base: nCells, nodes: int32(g.NumNodes())}
	// home is each node's tile column (−1 outside the grid): a vertex's
	// from its position, a stretch's from its cell.
	home := make([]int32, g.NumNodes())
	for i := range home {
		home[i] = -1
		if c, ok := gr.Index(g.Node(i)); ok {
			home[i] = int32(c%gr.Width) >> tileShift
		}
	}
	// The edges are cut in chunks on every core. A chunk numbers the
	// nodes it puts on its stretches from −1 down, and once every chunk
	// has counted its nodes they are renumbered in chunk order: the
	// numbering, and the arcs' order, are those of cutting the edges one
	// by one.
	const grain = 1024
	type part struct {
		arcs  arcChunks
		home  []int32
		links int
	}
	parts := make([]part, (g.NumEdges()+grain-1)/grain)
	lf := linkFinder{g: gr, pace: pace, cls: cls, maxM: p.MaxLinkM}
	par.Chunks(g.NumEdges(), grain, func(lo, hi int) {
		pt := &parts[lo/grain]
		add := func(from, to int32, s float64) {
			if !math.IsInf(s, 1) && !math.IsNaN(s) {
				pt.arcs.add(arc{from, to, s})
			}
		}
		var runs []cellRun
		for e := lo; e < hi; e++ {
			ed := g.Edge(e)
			u, v := nCells+int32(ed.From), nCells+int32(ed.To)
			if !isLine(ed.Kind) {
				add(u, v, ed.ForwardS)
				add(v, u, ed.BackwardS)
				continue
			}
			var totalM float64
			runs, totalM = gr.cellRuns(ed.Geometry, runs[:0])
			water := ed.Kind == access.River || ed.Kind == access.Ferry
			prev, prevF := u, 0.0
			for _, r := range runs {
				q := -int32(len(pt.home)) - 1
				pt.home = append(pt.home, int32(int(r.cell)%gr.Width)>>tileShift)
				f := 0.0
				if totalM > 0 {
					f = r.alongM / totalM
				}
				add(prev, q, ed.ForwardS*(f-prevF))
				add(q, prev, ed.BackwardS*(f-prevF))
				prev, prevF = q, f
				board := 0.0
				if water {
					board = p.BoardingPenaltyS
				}
				lf.link(r, func(cell int32, walkS float64) {
					cell = tl.cell(cell)
					add(cell, q, walkS+board)
					add(q, cell, walkS)
					pt.links++
				})
			}
			add(prev, v, ed.ForwardS*(1-prevF))
			add(v, prev, ed.BackwardS*(1-prevF))
		}
	})
	first := make([]int32, len(parts)) // each chunk's first node
	total := int64(nCells) + int64(n.nodes)
	for k := range parts {
		if total+int64(len(parts[k].home)) > math.MaxInt32 {
			return nil, fmt.Errorf("traveltime: the network crosses too many cells: %w", ErrParams)
		}
		first[k] = int32(total)
		total += int64(len(parts[k].home))
	}
	par.Chunks(len(parts), 1, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			for _, ch := range parts[k].arcs.chunks {
				for i := range ch {
					a := &ch[i]
					if a.from < 0 {
						a.from = first[k] - a.from - 1
					}
					if a.to < 0 {
						a.to = first[k] - a.to - 1
					}
				}
			}
		}
	})
	var arcs arcChunks
	for k := range parts {
		arcs.chunks = append(arcs.chunks, parts[k].arcs.chunks...)
		arcs.n += parts[k].arcs.n
		home = append(home, parts[k].home...)
		n.linkCount += parts[k].links
	}
	n.nodes = int32(total - int64(nCells))
	n.group(&arcs, p.Direction)
	n.columns(home, tl.across)
	return n, nil
}

// columns finds the network nodes and linked cells whose scans stay in
// one tile column (see search.scanBucket): every arc from them leads to
// a node whose home is that column, so only the core owning the column
// ever reads or writes those nodes' labels.
func (n *network) columns(home []int32, across int32) {
	colOf := func(y int32) int32 {
		if y < n.base {
			return (y >> (2 * tileShift)) % across
		}
		return home[y-n.base]
	}
	n.col = make([]int32, n.nodes)
	parallelRows(int(n.nodes), func(i int) {
		c := home[i]
		for _, a := range n.arcs[n.off[i]:n.off[i+1]] {
			if c < 0 || colOf(a.other) != c {
				c = -1
				break
			}
		}
		n.col[i] = c
	})
	n.farLinked = make([]uint64, len(n.linked))
	for w, bitsW := range n.linked {
		for m := bitsW; m != 0; m &= m - 1 {
			cell := int32(w<<6 | bits.TrailingZeros64(m))
			c := colOf(cell)
			for _, a := range n.cellLinks(cell) {
				if colOf(a.other) != c {
					n.farLinked[w] |= 1 << (cell & 63)
					break
				}
			}
		}
	}
}

// group lays the arcs out by the node they are relaxed from: the arc's
// head when times run to the facilities (the search goes backwards),
// its tail otherwise. It is a counting sort, stable: a node's arcs keep
// the order they were added in.
func (n *network) group(arcs *arcChunks, d Direction) {
	key := func(a arc) (k, o int32) {
		if d == ToFacility {
			return a.to, a.from
		}
		return a.from, a.to
	}
	n.off = make([]int32, n.nodes+1)
	n.linked = make([]uint64, (n.base+63)/64)
	toCells := 0
	arcs.each(func(a arc) {
		if k, _ := key(a); k >= n.base {
			n.off[k-n.base+1]++
		} else {
			n.linked[k>>6] |= 1 << (k & 63)
			toCells++
		}
	})
	n.rank = make([]int32, len(n.linked))
	linked := int32(0)
	for i, w := range n.linked {
		n.rank[i] = linked
		linked += int32(bits.OnesCount64(w))
	}
	n.cellOff = make([]int32, linked+1)
	arcs.each(func(a arc) {
		if k, _ := key(a); k < n.base {
			n.cellOff[n.cellIndex(k)+1]++
		}
	})
	for i := 1; i < len(n.off); i++ {
		n.off[i] += n.off[i-1]
	}
	for i := 1; i < len(n.cellOff); i++ {
		n.cellOff[i] += n.cellOff[i-1]
	}
	n.arcs = make([]relaxArc, arcs.n-toCells)
	n.cellArcs = make([]relaxArc, toCells)
	next := slices.Clone(n.off[:n.nodes])
	nextCell := slices.Clone(n.cellOff[:linked])
	arcs.each(func(a arc) {
		k, o := key(a)
		if k >= n.base {
			i := k - n.base
			n.arcs[next[i]] = relaxArc{o, a.costS}
			next[i]++
			return
		}
		i := n.cellIndex(k)
		n.cellArcs[nextCell[i]] = relaxArc{o, a.costS}
		nextCell[i]++
	})
}

// cellIndex is the rank of linked cell c among the linked cells.
func (n *network) cellIndex(c int32) int32 {
	return n.rank[c>>6] + int32(bits.OnesCount64(n.linked[c>>6]&(1<<(c&63)-1)))
}

// linkedCell tells whether cell c has links to the network.
func (n *network) linkedCell(c int32) bool {
	return n != nil && n.linked[c>>6]&(1<<(c&63)) != 0
}

// farLinkedCell tells whether cell c has a link leading out of its tile
// column.
func (n *network) farLinkedCell(c int32) bool {
	return n != nil && n.farLinked[c>>6]&(1<<(c&63)) != 0
}

// cellLinks are the arcs relaxed from a cell; nil for most cells.
func (n *network) cellLinks(c int32) []relaxArc {
	if !n.linkedCell(c) {
		return nil
	}
	i := n.cellIndex(c)
	return n.cellArcs[n.cellOff[i]:n.cellOff[i+1]]
}

// nodeArcs are the arcs relaxed from network node x (numbered from base).
func (n *network) nodeArcs(x int32) []relaxArc {
	i := x - n.base
	return n.arcs[n.off[i]:n.off[i+1]]
}

// linkFinder joins a point to the cells it may be walked to from: its
// own cell when passable, else the passable cells of the nearest ring of
// cells around it within maxM.
type linkFinder struct {
	g    Grid
	pace []float64
	cls  []uint8
	maxM float64
}

func (lf linkFinder) link(r cellRun, join func(cell int32, walkS float64)) {
	g := lf.g
	col, row := int(r.cell)%g.Width, int(r.cell)/g.Width
	if pc := lf.pace[lf.cls[r.cell]]; !math.IsInf(pc, 1) {
		join(r.cell, r.distM*pc)
		return
	}
	w, h := g.CellSizeM(row)
	rings := int(math.Ceil(lf.maxM / math.Min(w, h)))
	for k := 1; k <= rings; k++ {
		found := false
		for dr := -k; dr <= k; dr++ {
			rr := row + dr
			if rr < 0 || rr >= g.Height {
				continue
			}
			step := 2 * k
			if dr == -k || dr == k {
				step = 1
			}
			for dc := -k; dc <= k; dc += step {
				cc := col + dc
				if cc < 0 || cc >= g.Width {
					continue
				}
				c := int32(rr*g.Width + cc)
				pc := lf.pace[lf.cls[c]]
				if math.IsInf(pc, 1) {
					continue
				}
				d := g.distM(g.CellCentre(cc, rr), r.at)
				if d > lf.maxM {
					continue
				}
				join(c, d*pc)
				found = true
			}
		}
		if found {
			return
		}
	}
}

// distM is the length of the short line from p to q in the plane of the
// local metre scales at its middle latitude.
func (g Grid) distM(p, q orb.Point) float64 {
	mx, my := metresPerDeg((p[1] + q[1]) / 2)
	return math.Hypot((q[0]-p[0])*mx, (q[1]-p[1])*my)
}

// cellRuns cuts ls at the grid's cell boundaries (straight segments in
// lon/lat) and returns its stretches inside the grid, one per run of
// consecutive pieces in one cell, with the line's total length.
func (g Grid) cellRuns(ls orb.LineString, runs []cellRun) ([]cellRun, float64) {
	along := 0.0
	var ts []float64
	for i := 0; i+1 < len(ls); i++ {
		a, b := ls[i], ls[i+1]
		segM := g.distM(a, b)
		ts = g.crossings(a, b, append(ts[:0], 0, 1))
		for k := 0; k+1 < len(ts); k++ {
			t0, t1 := ts[k], ts[k+1]
			if t1 <= t0 {
				continue
			}
			tm := (t0 + t1) / 2
			c, r, ok := g.colRow(orb.Point{a[0] + tm*(b[0]-a[0]), a[1] + tm*(b[1]-a[1])})
			if !ok {
				continue
			}
			cell := int32(r*g.Width + c)
			centre := g.CellCentre(c, r)
			// The point of the piece nearest the centre, in the local
			// metric plane of the piece.
			mx, my := metresPerDeg(centre[1])
			dx, dy := (b[0]-a[0])*mx, (b[1]-a[1])*my
			t := t0
			if dd := dx*dx + dy*dy; dd > 0 {
				t = ((centre[0]-a[0])*mx*dx + (centre[1]-a[1])*my*dy) / dd
				t = math.Min(math.Max(t, t0), t1)
			}
			at := orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
			d := g.distM(centre, at)
			if n := len(runs); n > 0 && runs[n-1].cell == cell {
				if d < runs[n-1].distM {
					runs[n-1].at, runs[n-1].distM, runs[n-1].alongM = at, d, along+t*segM
				}
				continue
			}
			runs = append(runs, cellRun{cell: cell, at: at, alongM: along + t*segM, distM: d})
		}
		along += segM
	}
	return runs, along
}

// crossings appends to ts the parameters t in (0, 1) where the segment
// a→b crosses a column or row line of the grid, sorted.
func (g Grid) crossings(a, b orb.Point, ts []float64) []float64 {
	lines := func(p0, p1, origin, step, sign float64, n int) {
		x0, x1 := sign*(p0-origin)/step, sign*(p1-origin)/step
		if x0 == x1 {
			return
		}
		// Lines beyond the grid cut no piece the grid keeps.
		lo, hi := math.Max(math.Min(x0, x1), -1), math.Min(math.Max(x0, x1), float64(n+1))
		for k := math.Floor(lo) + 1; k < hi; k++ {
			ts = append(ts, (k-x0)/(x1-x0))
		}
	}
	lines(a[0], b[0], g.WestDeg, g.CellXDeg, 1, g.Width)
	lines(a[1], b[1], g.NorthDeg, g.CellYDeg, -1, g.Height)
	slices.Sort(ts)
	return ts
}
