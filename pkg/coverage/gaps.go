package coverage

import (
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"
)

// DefaultCellM is the default blank-spot cell size.
const DefaultCellM = 500

// maxGapCells bounds the blank-spot lattice; a larger study area needs a
// larger cell.
const maxGapCells = 1 << 24

// GapOptions shape the blank-spot lattice.
type GapOptions struct {
	// CellM is the side of the square cells; default 500 m.
	CellM float64
	// BufferM widens Point and LineString zones: cells whose centre lies
	// within BufferM of them belong to the study area. With 0 a point
	// zone is the cell holding it and a line the cells it crosses.
	BufferM float64
	// Covered, when given, is the verdict on every cell of the study
	// area in BlankSpotCells' order (joined from the parts of a split
	// run), used instead of judging the cells again.
	Covered []bool
}

// Area is one blank-spot area: 4-connected uncovered cells merged into a
// polygon.
type Area struct {
	// Geometry is the union of the cells: one polygon whose outer ring is
	// counter-clockwise, with clockwise holes where covered or outside
	// cells are enclosed.
	Geometry orb.MultiPolygon
	Cells    int
	AreaKm2  float64
	// Population is the weight of the settlements inside the cells or,
	// without settlements, the zones' Population spread evenly over their
	// cells.
	Population float64
	// Zones are the indices of the zones owning cells of the area,
	// ascending.
	Zones []int
	// FirstCell is the row-major index (rows from the south) of the
	// area's first cell in this run's lattice; it only breaks ties.
	FirstCell int
}

// BlankSpotAreas finds the uncovered parts of a study area. The area is
// the union of zones (villages as polygons, or settlements and roads with
// o.BufferM); each lattice cell whose centre lies inside belongs to the
// first zone claiming it and is judged at its centre with the same model
// as Evaluate. Uncovered cells joined by an edge form one Area. Areas are
// sorted by population, then area (both descending), then FirstCell.
func BlankSpotAreas(sites []Site, zones []Target, settlements []WeightedPoint, p Params, o GapOptions) ([]Area, []Warning, error) {
	e, lat, members, w, err := blankSpotLattice(sites, zones, p, o)
	if err != nil {
		return nil, nil, err
	}
	o.CellM = lat.stepM
	covered := o.Covered
	if covered == nil {
		covered = e.judgeCells(lat, members, nil, w)
	} else if len(covered) != len(members) {
		return nil, nil, fmt.Errorf("coverage: %d verdicts given for a study area of %d cells: %w", len(covered), len(members), ErrBadParams)
	}
	// comp[c] is the component of uncovered member cell c, else -1.
	comp := make([]int32, len(lat.owner))
	for c := range comp {
		comp[c] = -2 // not an uncovered member
	}
	for k, c := range members {
		if !covered[k] {
			comp[c] = -1
		}
	}
	var areas []Area
	var cellsOf [][]int
	var queue []int
	for _, c := range members {
		if comp[c] != -1 {
			continue
		}
		id := int32(len(areas))
		comp[c] = id
		queue = append(queue[:0], c)
		var cells []int
		for len(queue) > 0 {
			cur := queue[0]
			queue = queue[1:]
			cells = append(cells, cur)
			i, j := cur%lat.nx, cur/lat.nx
			for _, nb := range [4][2]int{{i + 1, j}, {i - 1, j}, {i, j + 1}, {i, j - 1}} {
				if nb[0] < 0 || nb[1] < 0 || nb[0] >= lat.nx || nb[1] >= lat.ny {
					continue
				}
				n := nb[1]*lat.nx + nb[0]
				if comp[n] == -1 {
					comp[n] = id
					queue = append(queue, n)
				}
			}
		}
		sort.Ints(cells)
		cellsOf = append(cellsOf, cells)
		areas = append(areas, Area{Cells: len(cells), FirstCell: cells[0],
			AreaKm2: float64(len(cells)) * o.CellM * o.CellM / 1e6})
	}
	e.gapPopulation(areas, comp, lat, zones, settlements, w)
	for a := range areas {
		seen := map[int]bool{}
		for _, c := range cellsOf[a] {
			if z := int(lat.owner[c]); !seen[z] {
				seen[z] = true
				areas[a].Zones = append(areas[a].Zones, z)
			}
		}
		sort.Ints(areas[a].Zones)
		areas[a].Geometry = e.traceCells(cellsOf[a], comp, int32(a), lat)
	}
	sort.SliceStable(areas, func(i, j int) bool {
		a, b := &areas[i], &areas[j]
		if a.Population != b.Population {
			return a.Population > b.Population
		}
		if a.Cells != b.Cells {
			return a.Cells > b.Cells
		}
		return a.FirstCell < b.FirstCell
	})
	return areas, w.list(), nil
}

// GapCell is one cell of the study area's lattice, as BlankSpotCells
// lists it.
type GapCell struct {
	// Index is the cell's row-major place in the run's lattice (rows
	// from the south), as Area.FirstCell counts.
	Index int
	// Centre is the cell's centre, lon/lat.
	Centre orb.Point
}

// BlankSpotCells lists the cells of the study area BlankSpotAreas judges,
// in its order, and judges those judge accepts (every cell when nil):
// covered holds their verdicts (false for the others). A run too large
// for one machine is split this way: each part judges its own cells, and
// the joined verdicts, passed as GapOptions.Covered, give BlankSpotAreas
// exactly the areas of the whole run.
func BlankSpotCells(sites []Site, zones []Target, p Params, o GapOptions, judge func(c GapCell) bool) (cells []GapCell, covered []bool, warns []Warning, err error) {
	e, lat, members, w, err := blankSpotLattice(sites, zones, p, o)
	if err != nil {
		return nil, nil, nil, err
	}
	cells = make([]GapCell, len(members))
	for k, c := range members {
		cells[k] = GapCell{Index: c, Centre: e.loc.Unproject(lat.centre(c))}
	}
	covered = e.judgeCells(lat, members, func(k int) bool { return judge == nil || judge(cells[k]) }, w)
	return cells, covered, w.list(), nil
}

// judgeCells judges the member cells at their centres, those judge
// accepts (every one when nil); the others are false.
func (e *engine) judgeCells(lat *lattice, members []int, judge func(k int) bool, w warnCounter) []bool {
	covered := make([]bool, len(members))
	w.merge(parallel(len(members), e.p.Workers, nil, func(k int, sc *scratch) {
		if judge == nil || judge(k) {
			covered[k] = e.evalPoint(e.loc.Unproject(lat.centre(members[k])), sc).covered
		}
	}))
	return covered
}

// blankSpotLattice checks the parameters, builds the engine over the
// zones' extent and lays the lattice: members are the cells some zone
// owns, in row-major order.
func blankSpotLattice(sites []Site, zones []Target, p Params, o GapOptions) (*engine, *lattice, []int, warnCounter, error) {
	w := warnCounter{}
	if err := p.normalise(w); err != nil {
		return nil, nil, nil, w, err
	}
	if o.CellM == 0 {
		o.CellM = DefaultCellM
	}
	if !finite(o.CellM) || o.CellM <= 0 || !finite(o.BufferM) || o.BufferM < 0 {
		return nil, nil, nil, w, fmt.Errorf("coverage: cell %v m / buffer %v m not usable: %w", o.CellM, o.BufferM, ErrBadParams)
	}
	var b bbox
	extent(&b, zones)
	e, err := newEngine(append([]Site(nil), sites...), p, w, b)
	if err != nil {
		return nil, nil, nil, w, err
	}
	lat, err := e.zoneLattice(zones, o, w)
	if err != nil {
		return nil, nil, nil, w, err
	}
	var members []int
	for c, z := range lat.owner {
		if z >= 0 {
			members = append(members, c)
		}
	}
	return e, lat, members, w, nil
}

// lattice is the block of global cells covering the study area.
type lattice struct {
	i0, j0 int // global index of local cell (0, 0)
	nx, ny int
	stepM  float64
	owner  []int32 // zone owning each cell, -1 for none
}

func (l *lattice) centre(c int) orb.Point {
	return orb.Point{(float64(l.i0+c%l.nx) + 0.5) * l.stepM, (float64(l.j0+c/l.nx) + 0.5) * l.stepM}
}

// claim gives global cell (i, j) to zone z unless already taken.
func (l *lattice) claim(i, j int, z int32) {
	i -= l.i0
	j -= l.j0
	if i < 0 || j < 0 || i >= l.nx || j >= l.ny {
		return
	}
	if c := j*l.nx + i; l.owner[c] < 0 {
		l.owner[c] = z
	}
}

// zoneLattice assigns lattice cells to zones.
func (e *engine) zoneLattice(zones []Target, o GapOptions, w warnCounter) (*lattice, error) {
	s := o.CellM
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	ok := make([]bool, len(zones))
	for z, t := range zones {
		if t.Geometry == nil || checkCoords(t.Geometry) != nil {
			w.add(WarnBadTarget, 1)
			continue
		}
		switch t.Geometry.(type) {
		case orb.Point, orb.MultiPoint, orb.LineString, orb.MultiLineString, orb.Polygon, orb.MultiPolygon, orb.Ring, orb.Bound:
		default:
			w.add(WarnBadTarget, 1)
			continue
		}
		ok[z] = true
		eachPoint(t.Geometry, func(p orb.Point) {
			q := e.loc.Project(p)
			minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
			minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
		})
	}
	l := &lattice{stepM: s}
	if !(minX <= maxX) {
		return l, nil
	}
	pad := o.BufferM + s
	l.i0 = int(math.Floor((minX - pad) / s))
	l.j0 = int(math.Floor((minY - pad) / s))
	l.nx = int(math.Floor((maxX+pad)/s)) - l.i0 + 1
	l.ny = int(math.Floor((maxY+pad)/s)) - l.j0 + 1
	if float64(l.nx)*float64(l.ny) > maxGapCells {
		return nil, fmt.Errorf("coverage: study area needs %d×%d cells of %v m; use larger cells: %w", l.nx, l.ny, s, ErrBadParams)
	}
	l.owner = make([]int32, l.nx*l.ny)
	for c := range l.owner {
		l.owner[c] = -1
	}
	var xs []float64
	for z, t := range zones {
		if !ok[z] {
			continue
		}
		zi := int32(z)
		if polys := polygonsOf(t.Geometry); polys != nil {
			for _, pp := range e.project(polys) {
				xs = pp.cellsInside(s, xs, func(i, j int) { l.claim(i, j, zi) })
			}
			continue
		}
		var pts []orb.Point
		var lines []orb.LineString
		switch g := t.Geometry.(type) {
		case orb.Point:
			pts = []orb.Point{g}
		case orb.MultiPoint:
			pts = g
		case orb.LineString:
			lines = []orb.LineString{g}
		case orb.MultiLineString:
			lines = g
		}
		for _, p := range pts {
			l.claimNear(e.loc.Project(p), e.loc.Project(p), o.BufferM, zi)
		}
		for _, ln := range lines {
			for i := range ln {
				a := e.loc.Project(ln[max(i-1, 0)])
				b := e.loc.Project(ln[i])
				l.claimNear(a, b, o.BufferM, zi)
			}
		}
	}
	return l, nil
}

// claimNear claims the cells whose centre lies within bufM of segment ab
// (plane metres); with bufM 0, the cells the segment passes through.
func (l *lattice) claimNear(a, b orb.Point, bufM float64, z int32) {
	s := l.stepM
	if bufM == 0 {
		d := math.Hypot(b[0]-a[0], b[1]-a[1])
		n := int(math.Ceil(2*d/s)) + 1
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			l.claim(int(math.Floor((a[0]+t*(b[0]-a[0]))/s)), int(math.Floor((a[1]+t*(b[1]-a[1]))/s)), z)
		}
		return
	}
	i0 := int(math.Floor((math.Min(a[0], b[0]) - bufM) / s))
	i1 := int(math.Floor((math.Max(a[0], b[0]) + bufM) / s))
	j0 := int(math.Floor((math.Min(a[1], b[1]) - bufM) / s))
	j1 := int(math.Floor((math.Max(a[1], b[1]) + bufM) / s))
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			c := orb.Point{(float64(i) + 0.5) * s, (float64(j) + 0.5) * s}
			if segDist(c, a, b) <= bufM {
				l.claim(i, j, z)
			}
		}
	}
}

func segDist(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l2))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// gapPopulation fills Area.Population.
func (e *engine) gapPopulation(areas []Area, comp []int32, l *lattice, zones []Target, pts []WeightedPoint, w warnCounter) {
	if len(l.owner) == 0 {
		return
	}
	if len(pts) > 0 {
		for _, s := range pts {
			if !finite(s.Pos[0]) || !finite(s.Pos[1]) || math.Abs(s.Pos[0]) > 180 || math.Abs(s.Pos[1]) > 90 ||
				!finite(s.Weight) || s.Weight < 0 {
				w.add(WarnSettlementSkip, 1)
				continue
			}
			q := e.loc.Project(s.Pos)
			i := int(math.Floor(q[0]/l.stepM)) - l.i0
			j := int(math.Floor(q[1]/l.stepM)) - l.j0
			if i < 0 || j < 0 || i >= l.nx || j >= l.ny {
				continue
			}
			if a := comp[j*l.nx+i]; a >= 0 {
				areas[a].Population += s.Weight
			}
		}
		return
	}
	count := make([]int, len(zones))
	for _, z := range l.owner {
		if z >= 0 {
			count[z]++
		}
	}
	for c, z := range l.owner {
		if z < 0 || comp[c] < 0 {
			continue
		}
		if pop := zones[z].Population; finite(pop) && pop > 0 {
			areas[comp[c]].Population += pop / float64(count[z])
		}
	}
}

// Directions of boundary edges: east, north, west, south.
const (
	dirE = iota
	dirN
	dirW
	dirS
)

type bEdge struct {
	fx, fy, tx, ty int
	dir            int
}

// traceCells turns one component's cells into polygons by walking the
// boundary edges between member and non-member cells, each directed with
// the component on its left. Where two cells of the component touch only
// at a corner the walk turns left, so the rings touch there without
// crossing and diagonal neighbours stay apart, as 4-connectivity wants.
func (e *engine) traceCells(cells []int, comp []int32, id int32, l *lattice) orb.MultiPolygon {
	in := func(i, j int) bool {
		return i >= 0 && j >= 0 && i < l.nx && j < l.ny && comp[j*l.nx+i] == id
	}
	var edges []bEdge
	for _, c := range cells {
		i, j := c%l.nx, c/l.nx
		if !in(i, j-1) {
			edges = append(edges, bEdge{i, j, i + 1, j, dirE})
		}
		if !in(i+1, j) {
			edges = append(edges, bEdge{i + 1, j, i + 1, j + 1, dirN})
		}
		if !in(i, j+1) {
			edges = append(edges, bEdge{i + 1, j + 1, i, j + 1, dirW})
		}
		if !in(i-1, j) {
			edges = append(edges, bEdge{i, j + 1, i, j, dirS})
		}
	}
	key := func(x, y int) int { return y*(l.nx+1) + x }
	out := map[int][]int{}
	for k, ed := range edges {
		out[key(ed.fx, ed.fy)] = append(out[key(ed.fx, ed.fy)], k)
	}
	used := make([]bool, len(edges))
	var rings [][][2]int
	for start := range edges {
		if used[start] {
			continue
		}
		var pts [][2]int
		cur := start
		for {
			used[cur] = true
			ed := edges[cur]
			next := -1
			for _, turn := range []int{1, 0, 3} { // left, straight, right
				want := (ed.dir + turn) % 4
				for _, o := range out[key(ed.tx, ed.ty)] {
					if edges[o].dir == want {
						next = o
						break
					}
				}
				if next >= 0 {
					break
				}
			}
			if next < 0 {
				break // cannot happen: every boundary vertex has an exit
			}
			if edges[next].dir != ed.dir {
				pts = append(pts, [2]int{ed.tx, ed.ty})
			}
			if next == start {
				break
			}
			cur = next
		}
		rings = append(rings, splitRing(pts)...)
	}
	type ring struct {
		pts   [][2]int
		area  int
		probe [2]float64 // a point just inside a hole ring
	}
	var rs []ring
	for _, pts := range rings {
		if len(pts) < 4 {
			continue
		}
		a := 0
		for i := range pts {
			p, q := pts[i], pts[(i+1)%len(pts)]
			a += p[0]*q[1] - q[0]*p[1]
		}
		// Half a cell along the first edge and a quarter to its right:
		// inside a clockwise ring and off every grid line.
		dx, dy := sign(pts[1][0]-pts[0][0]), sign(pts[1][1]-pts[0][1])
		probe := [2]float64{float64(pts[0][0]) + 0.5*float64(dx) + 0.25*float64(dy),
			float64(pts[0][1]) + 0.5*float64(dy) - 0.25*float64(dx)}
		rs = append(rs, ring{pts: pts, area: a, probe: probe})
	}
	toLonLat := func(pts [][2]int) orb.Ring {
		r := make(orb.Ring, 0, len(pts)+1)
		for _, p := range pts {
			r = append(r, e.loc.Unproject(orb.Point{float64(l.i0+p[0]) * l.stepM, float64(l.j0+p[1]) * l.stepM}))
		}
		return append(r, r[0])
	}
	var mp orb.MultiPolygon
	var outerIdx []int
	for k, r := range rs {
		if r.area > 0 {
			outerIdx = append(outerIdx, k)
			mp = append(mp, orb.Polygon{toLonLat(r.pts)})
		}
	}
	for _, r := range rs {
		if r.area > 0 {
			continue
		}
		at := 0
		if len(outerIdx) > 1 {
			for n, k := range outerIdx {
				if intRingContains(rs[k].pts, r.probe) {
					at = n
					break
				}
			}
		}
		if len(mp) > 0 {
			mp[at] = append(mp[at], toLonLat(r.pts))
		}
	}
	return mp
}

func intRingContains(pts [][2]int, p [2]float64) bool {
	in := false
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		a, b := pts[i], pts[j]
		ay, by := float64(a[1]), float64(b[1])
		if (ay > p[1]) != (by > p[1]) {
			x := float64(a[0]) + (p[1]-ay)*float64(b[0]-a[0])/(by-ay)
			if p[0] < x {
				in = !in
			}
		}
	}
	return in
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// splitRing cuts a ring that passes a vertex more than once (where the
// component pinches) into simple rings, so no output ring touches itself;
// the pieces then touch each other at that vertex, as OGC allows.
func splitRing(pts [][2]int) [][][2]int {
	var out [][][2]int
	var stack [][2]int
	pos := map[[2]int]int{}
	for _, p := range pts {
		if at, ok := pos[p]; ok {
			loop := append([][2]int{}, stack[at:]...)
			for _, q := range stack[at+1:] {
				delete(pos, q)
			}
			stack = stack[:at+1]
			out = append(out, loop)
			continue
		}
		pos[p] = len(stack)
		stack = append(stack, p)
	}
	return append([][][2]int{stack}, out...)
}
