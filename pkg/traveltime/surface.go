package traveltime

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/kukarcli/kukarcli/internal/par"
	"github.com/kukarcli/kukarcli/pkg/access"
)

// Inputs are the layers of a surface, all on one Grid: per-cell slices
// are row by row from the north (index = row·Width + col) and must have
// exactly Grid.Cells() values.
type Inputs struct {
	Grid Grid
	// LandCover is the class of each cell (WorldCover codes with
	// DefaultSpeeds); nil means WalkSpeedKMH everywhere.
	LandCover []uint8
	// ElevationM is the elevation of each cell centre (Grid.Sample of a
	// DEM); NaN is a void, crossed as if flat. nil means flat.
	ElevationM []float32
	// Network is the road, river and ferry graph (access.BuildGraph or
	// access.Builder); nil means none.
	Network *access.Graph
	// Facilities are the destinations; a cell's Facility is an index
	// into this slice.
	Facilities []access.Point
}

// Surface is the travel time of every cell to (or from) its nearest
// facility.
type Surface struct {
	Grid Grid
	// Minutes is each cell's travel time; NaN when no facility is
	// reached (impassable cells, cells cut off, beyond MaxMinutes).
	Minutes []float64
	// Facility is the index in Facilities of each cell's nearest
	// facility (the earliest one on equal times); -1 when unreached.
	Facility   []int32
	Facilities []access.Point
	Summary    Summary
}

// Summary counts what the search met, for the caller's messages.
type Summary struct {
	Cells, Reached int
	// Impassable are the cells whose class has no speed.
	Impassable int
	// ElevationVoids are the cells with a NaN elevation.
	ElevationVoids int
	// UnplacedFacilities are the IDs, in input order, of facilities
	// outside the grid or in an impassable cell with no passable cell
	// within MaxLinkM; they take no part.
	UnplacedFacilities []string
	// NetworkNodes are the network's nodes after cutting its edges at
	// cell boundaries; Links the joins between them and cells.
	NetworkNodes, Links int
}

// String formats the summary for logs.
func (s Summary) String() string {
	return fmt.Sprintf("%d of %d cells reached (%d impassable), %d facilities unplaced, %d network nodes, %d links",
		s.Reached, s.Cells, s.Impassable, len(s.UnplacedFacilities), s.NetworkNodes, s.Links)
}

// Compute builds the travel-time surface: one multi-source Dijkstra from
// all facilities over the cells' 16-neighbourhood and the network.
func Compute(in Inputs, p Params) (*Surface, error) {
	p, err := p.resolved()
	if err != nil {
		return nil, err
	}
	if err := checkInputs(in); err != nil {
		return nil, err
	}
	s, err := newSearch(in, p)
	if err != nil {
		return nil, err
	}
	sum := Summary{Cells: in.Grid.Cells()}
	s.seed(in.Facilities, &sum)
	s.run(p.MaxMinutes * 60)
	out := s.surface(in, &sum)
	if s.net != nil {
		sum.NetworkNodes, sum.Links = int(s.net.nodes), s.net.linkCount
	}
	out.Summary = sum
	return out, nil
}

// checkInputs verifies the grid and that the layers fit it.
func checkInputs(in Inputs) error {
	g := in.Grid
	if err := g.check(); err != nil {
		return err
	}
	n := g.Cells()
	if in.LandCover != nil && len(in.LandCover) != n {
		return fmt.Errorf("traveltime: land cover has %d cells, the grid %d: %w", len(in.LandCover), n, ErrParams)
	}
	if in.ElevationM != nil && len(in.ElevationM) != n {
		return fmt.Errorf("traveltime: elevation has %d cells, the grid %d: %w", len(in.ElevationM), n, ErrParams)
	}
	// Cells (padded to whole tiles) and network nodes share int32 numbers.
	padded := int64((g.Width+tileMask)/tileSide) * int64((g.Height+tileMask)/tileSide) * tileSide * tileSide
	if in.Network != nil {
		padded += int64(in.Network.NumNodes())
	}
	if padded > math.MaxInt32 {
		return fmt.Errorf("traveltime: %d × %d cells and the network are too many: %w", g.Width, g.Height, ErrParams)
	}
	return nil
}

// newSearch lays the layers out in tiles, joins the network to the cells
// and allocates the labels.
func newSearch(in Inputs, p Params) (*search, error) {
	g := in.Grid
	pt := paceTable(p, in.LandCover != nil)
	cls := in.LandCover
	if cls == nil {
		cls = make([]uint8, g.Cells())
	}
	s := &search{g: g, w: int32(g.Width), h: int32(g.Height), pace: &pt, p: p}
	s.tiles = newTiles(g.Width, g.Height)
	s.cls, s.clsRows = tiled(s.tiles, cls), cls
	if p.Slope != NoSlope && in.ElevationM != nil {
		s.elev = tiled(s.tiles, in.ElevationM)
	}
	s.lens = moveLengths(g)
	total := s.tiles.n
	if in.Network != nil {
		var err error
		if s.net, err = buildNetwork(in.Network, g, pt[:], cls, p, s.tiles); err != nil {
			return nil, err
		}
		total += s.net.nodes
	}
	s.init(total)
	s.tobler, s.dirSign = p.Slope == Tobler, 1
	if s.tobler {
		s.minSlope = toblerFactor(-0.05) * (1 - 1e-9)
	}
	lc := p.Langmuir
	s.langmuir = [3]float64{lc.SteepDownSPerM, lc.ModerateDownSPerM, lc.UphillSPerM}
	if p.Direction == FromFacility {
		s.dirSign = -1
	}
	s.q = newBucketQueue(s.cheapestMoveS(pt[:]))
	return s, nil
}

// surface turns the final labels into a Surface and counts the cells
// reached, impassable and without elevation. Minutes and Facility are
// written in place over the search's dist and fac, band of tile rows by
// band in order: a band's labels are copied aside, then written row by
// row, which only overwrites bands already copied (the row-major rows of
// band k end before band k+1's tiles begin). So the Surface costs no
// memory beyond the search's.
func (s *search) surface(in Inputs, sum *Summary) *Surface {
	g := in.Grid
	n, w := g.Cells(), g.Width
	span := int(s.tiles.across) * tileSide * tileSide // labels in a band
	band := make([]float64, span)
	bandF := make([]int32, span)
	minutes, facs := s.dist[:n:n], s.fac[:n:n]
	counts := make([][3]int, g.Height)
	for r0 := 0; r0 < g.Height; r0 += tileSide {
		from := r0 / tileSide * span
		copy(band, s.dist[from:from+span])
		copy(bandF, s.fac[from:from+span])
		parallelRows(min(tileSide, g.Height-r0), func(rr int) {
			r := r0 + rr
			cnt := &counts[r]
			row, rowF := minutes[r*w:(r+1)*w], facs[r*w:(r+1)*w]
			for c := range row {
				x := (c>>tileShift)<<(2*tileShift) | rr<<tileShift | c&tileMask
				if d := band[x]; d <= s.maxS {
					row[c], rowF[c] = d/60, bandF[x]
					cnt[0]++
				} else {
					row[c], rowF[c] = math.NaN(), -1
				}
			}
			for _, k := range s.clsRows[r*w : (r+1)*w] {
				if math.IsInf(s.pace[k], 1) {
					cnt[1]++
				}
			}
			if in.ElevationM != nil {
				for _, e := range in.ElevationM[r*w : (r+1)*w] {
					if e != e {
						cnt[2]++
					}
				}
			}
		})
	}
	for _, c := range counts {
		sum.Reached += c[0]
		sum.Impassable += c[1]
		sum.ElevationVoids += c[2]
	}
	return &Surface{Grid: g, Minutes: minutes, Facility: facs, Facilities: in.Facilities}
}

// seed starts the search at the facilities' cells (time 0), or for a
// facility in an impassable cell at the passable cells around it (time
// of the walk from the facility to their centres).
func (s *search) seed(fs []access.Point, sum *Summary) {
	lf := linkFinder{g: s.g, pace: s.pace[:], cls: s.clsRows, maxM: s.p.MaxLinkM}
	sc := scanner{search: s, out: pushBuf{q: &s.q}}
	for i, f := range fs {
		c, ok := s.g.Index(f.Pos)
		placed := false
		if ok {
			lf.link(cellRun{cell: int32(c), at: f.Pos}, func(cell int32, walkS float64) {
				sc.relax(s.tiles.cell(cell), walkS, int32(i))
				placed = true
			})
		}
		if !placed {
			sum.UnplacedFacilities = append(sum.UnplacedFacilities, f.ID)
		}
	}
	s.q.merge(&sc.out)
}

// The 16 moves (r.cost -k): 4 orthogonal, 4 diagonal, 8 knight's moves.
// A knight's move's straight segment crosses two more cells, mid1 and
// mid2, given as offsets from the cell the move starts at.
var moves = [16]struct{ dc, dr int32 }{
	{1, 0}, {-1, 0}, {0, 1}, {0, -1},
	{1, 1}, {1, -1}, {-1, 1}, {-1, -1},
	{1, 2}, {-1, 2}, {1, -2}, {-1, -2},
	{2, 1}, {2, -1}, {-2, 1}, {-2, -1},
}

// knightMids are the two cells a knight's move (dc, dr) crosses between
// its ends, as (dc, dr) offsets from its start.
func knightMids(dc, dr int32) (c1, r1, c2, r2 int32) {
	if dr == 2 || dr == -2 {
		return 0, dr / 2, dc, dr / 2
	}
	return dc / 2, 0, dc / 2, dr
}

// moveLengths is the ground length of each move from each row: the
// straight line between the two cell centres in the plane of the metre
// scales at their middle latitude, so a move and its reverse have the
// same length.
func moveLengths(g Grid) []float64 {
	l := make([]float64, g.Height*16)
	for r := 0; r < g.Height; r++ {
		for k, m := range moves {
			mid := g.NorthDeg - (float64(r)+0.5+float64(m.dr)/2)*g.CellYDeg
			mx, my := metresPerDeg(mid)
			l[r*16+k] = math.Hypot(float64(m.dc)*g.CellXDeg*mx, float64(m.dr)*g.CellYDeg*my)
		}
	}
	return l
}

// search is one shortest-path search over cells and network nodes (see
// run). Labels are (time, facility) ordered lexicographically, so equal
// times go to the earlier facility. Its result never depends on
// scheduling.
type search struct {
	g    Grid
	w, h int32
	pace *[256]float64
	cls  []uint8
	elev []float32
	lens []float64
	net  *network
	// tiles numbers the cells tile by tile; cls and elev are in its
	// order, clsRows is cls row by row.
	tiles   tiles
	clsRows []uint8
	p       Params
	// dist and fac are each node's best time so far and its facility:
	// apart, so the search's most frequent question (is the new time
	// better?) reads 8 bytes per node, not a 16-byte record.
	dist []float64
	fac  []int32
	q    bucketQueue
	// maxS is the time the search stops at; MaxFloat64 for none.
	maxS float64
	// langmuir are Langmuir's coefficients, steep descent, moderate
	// descent and climb, in s/m; tobler says the slope model is Tobler's,
	// dirSign is −1 when times run from the facilities (the climb of a
	// move is then the other way), else 1.
	langmuir [3]float64
	tobler   bool
	dirSign  float64
	// minSlope is the least factor the slope model can apply to a move's
	// flat time: Tobler's at a 5 % descent (a shade less, against
	// rounding), 0 for Langmuir's, whose descents can take all of it.
	minSlope float64
}

func (s *search) init(n int32) {
	s.dist = make([]float64, n)
	s.fac = make([]int32, n)
	const chunk = 1 << 16
	parallelRows(int(n+chunk-1)/chunk, func(k int) {
		d := s.dist[k*chunk : min((k+1)*chunk, int(n))]
		for i := range d {
			d[i] = math.Inf(1)
		}
	})
}

// parallelRows calls f(0…n−1) on GOMAXPROCS goroutines. Each call must
// write only its own part of the results, so the outcome does not depend
// on scheduling; it spares wall time on the passes around the search.
func parallelRows(n int, f func(i int)) {
	par.Chunks(n, 1, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
		}
	})
}

// reached tells whether node x's label is final after run: the search
// scanned every node up to maxS.
func (s *search) reached(x int32) bool { return s.dist[x] <= s.maxS }

// cheapestMoveS is a lower bound of the time of any move between cells:
// the shortest move at the fastest pace, times Tobler's smallest factor
// (downhill at 5 %). It is the queue's Δ. Langmuir's downhill
// corrections and the network's arcs can be cheaper; the search stays
// exact for them (see run), only slower if they are many.
func (s *search) cheapestMoveS(pace []float64) float64 {
	minPace := math.Inf(1)
	for _, pc := range pace {
		if pc > 0 && pc < minPace {
			minPace = pc
		}
	}
	minLen := math.Inf(1)
	for _, l := range s.lens {
		minLen = math.Min(minLen, l)
	}
	d := minPace * minLen
	if s.elev != nil && s.p.Slope == Tobler {
		d *= toblerFactor(-0.05)
	}
	return d
}

// run scans nodes bucket by bucket (Δ = cheapestMoveS) until the queue is
// empty or the next time exceeds maxS (0: no limit). Scanning a node
// offers its label, plus each move's time, to its neighbours; a better
// label is pushed again and the old entry skipped when it leaves. Inside
// a bucket, nodes are scanned in no particular order: when every move
// costs at least Δ, the labels in the current bucket cannot improve each
// other, so each node is scanned once, with its final label, as in
// Dijkstra's algorithm; a cheaper move (a network arc, a steep descent
// under Langmuir's model) can improve a node already scanned in the
// current bucket, which is then scanned again (label correcting, as in
// U. Meyer and P. Sanders, "Δ-stepping: a parallelizable shortest path
// algorithm", Journal of Algorithms 49(1), 2003). Either way the search
// ends at the labels no move can improve, which are unique: the least
// time over all paths, summed move by move in float64 (the sum is
// monotone in each term), and among the facilities reaching a node in
// that time the first. So the result is the one Dijkstra's algorithm
// gives, whatever order the bucket is scanned in, and whatever the
// number of cores scanning it (scanBucket).
func (s *search) run(maxS float64) {
	s.maxS = math.MaxFloat64
	maxBucket := uint64(math.MaxUint64)
	if maxS > 0 {
		s.maxS, maxBucket = maxS, s.q.bucket(maxS)
	}
	workers := min(runtime.GOMAXPROCS(0), maxScanWorkers)
	sc := make([]scanner, workers)
	for i := range sc {
		sc[i].search = s
		sc[i].out.q = &s.q
	}
	var items []queueItem
	for s.q.len() > 0 {
		if s.q.next() > maxBucket {
			break
		}
		items = s.q.take(items)
		s.scanBucket(items, sc)
		for i := range sc {
			s.q.merge(&sc[i].out)
		}
	}
}

// maxScanWorkers bounds the cores scanning a bucket.
const maxScanWorkers = 8

// parBucket is the least number of entries in a bucket worth sharing
// out (a variable for the tests, which share out every bucket).
var parBucket = 4096

// scanBucket scans the entries of the current bucket, on several cores
// when there are enough. Nodes are shared out by tile column, column k
// to worker k mod workers. A worker scans only the nodes whose every
// move or arc leads to a node of the same column (cells at least two
// cells from the column's sides, with no link out of it; network nodes
// whose arcs all stay in it, see network.columns), so no two workers
// read or write the same label. The rest is scanned afterwards on one
// core. Every worker appends the labels it offers to its own list,
// pushed after the bucket; those in the current bucket are scanned in
// the next round.
func (s *search) scanBucket(items []queueItem, sc []scanner) {
	if len(items) < parBucket {
		for _, it := range items {
			sc[0].scan(it)
		}
		return
	}
	workers := int32(len(sc))
	var wg sync.WaitGroup
	for w := range sc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := &sc[w]
			for _, it := range items {
				if c := s.column(it.x); c >= 0 && c%workers == int32(w) {
					k.scan(it)
				}
			}
		}()
	}
	wg.Wait()
	k := &sc[0]
	for _, it := range items {
		if s.column(it.x) < 0 {
			k.scan(it)
		}
	}
}

// column is the tile column whose worker scans node x, or −1 when x is
// scanned on one core: a cell within two cells of its column's sides or
// with a link out of its column, or a network node with an arc out of
// its column.
func (s *search) column(x int32) int32 {
	if x >= s.tiles.n {
		return s.net.col[x-s.tiles.n]
	}
	if uint32(x&tileMask-2) >= tileSide-4 || s.net.farLinkedCell(x) {
		return -1
	}
	return (x >> (2 * tileShift)) % s.tiles.across
}

// scanner scans nodes for one worker: the labels it offers go to out.
// Padded by two cache lines, so workers pushing to their lists never
// write the same line.
type scanner struct {
	*search
	out pushBuf
	_   [128]byte
}

// scan scans the node of entry it, unless the entry is stale (the node
// was improved after it was pushed) or beyond the search's end.
func (sc *scanner) scan(it queueItem) {
	s := sc.search
	x, t, f := it.x, it.t, it.f
	if t != s.dist[x] || f != s.fac[x] || t > s.maxS {
		return
	}
	if x >= s.tiles.n {
		for _, a := range s.net.nodeArcs(x) {
			sc.relax(a.other, t+a.costS, f)
		}
		return
	}
	c, r := s.tiles.colRow(x)
	sc.relaxCell(x, c, r, t, f)
	for _, a := range s.net.cellLinks(x) {
		sc.relax(a.other, t+a.costS, f)
	}
}

// relax offers node y the label (t, f).
func (sc *scanner) relax(y int32, t float64, f int32) {
	s := sc.search
	if t < s.dist[y] || (t == s.dist[y] && f < s.fac[y]) {
		s.dist[y], s.fac[y] = t, f
		sc.out.push(queueItem{t, f, y})
	}
}

// relaxCell offers the 16 neighbours of cell x their time through x.
// The move's time is its length times the mean pace of the cells its
// straight line crosses, each crossed for the same share of its length
// (a half for the two cells of an orthogonal or diagonal move, a quarter
// for the four of a knight's move), then the slope model's change.
func (sc *scanner) relaxCell(x, c, r int32, t float64, f int32) {
	s := sc.search
	if uint32(c&tileMask-2) < tileSide-4 && uint32(r&tileMask-2) < tileSide-4 && c|tileMask < s.w && r|tileMask < s.h {
		sc.relaxInner(x, r, t, f)
		return
	}
	w, h, tl := s.w, s.h, s.tiles
	pace, cls := s.pace, s.cls
	px := pace[cls[x]]
	lens := s.lens[r*16 : r*16+16]
	var ex float64
	if s.elev != nil {
		ex = float64(s.elev[x])
	}
	for k := range moves {
		m := moves[k]
		cc, rr := c+m.dc, r+m.dr
		if uint32(cc) >= uint32(w) || uint32(rr) >= uint32(h) {
			continue
		}
		y := tl.id(cc, rr)
		// A neighbour already below t cannot be improved (moves cost ≥ 0).
		dy := s.dist[y]
		if dy < t {
			continue
		}
		var pm float64
		if k < 8 {
			pm = (px + pace[cls[y]]) * 0.5
		} else {
			c1, r1, c2, r2 := knightMids(m.dc, m.dr)
			pm = (px + pace[cls[tl.id(c+c1, r+r1)]] + pace[cls[tl.id(c+c2, r+r2)]] + pace[cls[y]]) * 0.25
		}
		if pm > math.MaxFloat64 {
			continue
		}
		l := lens[k]
		cost := l * pm
		if s.elev != nil {
			if t+cost*s.minSlope > dy {
				continue
			}
			if dh := (ex - float64(s.elev[y])) * s.dirSign; s.tobler {
				cost = toblerCost(cost, l, dh)
			} else {
				cost = s.langmuirCost(cost, l, dh)
			}
		}
		if ty := t + cost; ty < dy || (ty == dy && f < s.fac[y]) {
			s.dist[y], s.fac[y] = ty, f
			sc.out.push(queueItem{ty, f, y})
		}
	}
}

// innerMoves are the moves as offsets of tiled cell numbers, valid for a
// cell at least two cells inside a whole tile: there a move and the cells
// it crosses are in the same tile, at fixed offsets.
var innerMoves = func() (o [16]struct{ y, mid1, mid2 int32 }) {
	for k, m := range moves {
		o[k].y = m.dr<<tileShift + m.dc
		if k >= 8 {
			c1, r1, c2, r2 := knightMids(m.dc, m.dr)
			o[k].mid1, o[k].mid2 = r1<<tileShift+c1, r2<<tileShift+c2
		}
	}
	return o
}()

// relaxInner is relaxCell for a cell at least two cells inside a whole
// tile, 94 % of the cells: no bounds to check and no numbers to compute.
// It makes the same moves at the same costs as relaxCell, and repeats
// its last steps (the slope, the offer) rather than calling a shared
// function: the compiler does not inline one that large, and the call
// per move cost 15–20 % of the search's time (BenchmarkSurface4000/grid,
// repeated runs).
func (sc *scanner) relaxInner(x, r int32, t float64, f int32) {
	s := sc.search
	pace, cls := s.pace, s.cls
	px := pace[cls[x]]
	lens := s.lens[r*16 : r*16+16]
	var ex float64
	if s.elev != nil {
		ex = float64(s.elev[x])
	}
	for k := range innerMoves {
		m := &innerMoves[k]
		y := x + m.y
		var pm float64
		if k < 8 {
			pm = (px + pace[cls[y]]) * 0.5
		} else {
			pm = (px + pace[cls[x+m.mid1]] + pace[cls[x+m.mid2]] + pace[cls[y]]) * 0.25
		}
		if pm > math.MaxFloat64 {
			continue
		}
		l := lens[k]
		cost := l * pm
		dy := s.dist[y]
		if s.elev != nil {
			// The slope's cost only when the move could improve y at the
			// slope model's smallest factor.
			if t+cost*s.minSlope > dy {
				continue
			}
			if dh := (ex - float64(s.elev[y])) * s.dirSign; s.tobler {
				cost = toblerCost(cost, l, dh)
			} else {
				cost = s.langmuirCost(cost, l, dh)
			}
		}
		if ty := t + cost; ty < dy || (ty == dy && f < s.fac[y]) {
			s.dist[y], s.fac[y] = ty, f
			sc.out.push(queueItem{ty, f, y})
		}
	}
}

// The slope models: a move of length l and flat time cost from the cell
// scanned, of elevation ex, to cell y climbs dh = (ex − elevation of y)
// × dirSign, counted in the direction of travel (from y to x when times
// run to the facilities); a void (NaN) at either end leaves it flat.
// The scan applies them inline: Langmuir's is inlined, Tobler's calls
// math.Exp.

// toblerCost is cost times Tobler's factor for a climb of dh over l.
func toblerCost(cost, l, dh float64) float64 {
	if dh != dh {
		return cost
	}
	return cost * toblerFactor(dh/l)
}

// langmuirCost adds Langmuir's change for a climb of dh over l to the
// flat cost, the coefficient chosen by index rather than by branches,
// which the unpredictable signs of a terrain's slopes would mispredict
// half the time.
func (s *search) langmuirCost(cost, l, dh float64) float64 {
	if dh != dh {
		return cost
	}
	k := 0
	if dh/l > s.p.Langmuir.SlopeFactor {
		k = 1
	}
	if dh >= 0 {
		k = 2
	}
	return max(cost+s.langmuir[k]*dh, 0)
}

// toblerFactor is the ratio of Tobler's hiking speed on flat ground to
// that on slope s (rise over run, in the direction of travel):
// W(s) = 6·exp(−3.5·|s + 0.05|) km/h (Tobler 1993), so the factor is
// exp(3.5·(|s + 0.05| − 0.05)).
func toblerFactor(s float64) float64 {
	return math.Exp(3.5 * (math.Abs(s+0.05) - 0.05))
}

// tiles numbers the cells of a grid in 128 × 128 tiles, row by row of
// tiles and row by row inside each: a cell's 16 neighbours then lie
// within ±2 KiB of its own time label in 94 % of cases, instead of five
// rows 32 KiB apart on a 4000-cell-wide grid, which spares most cache
// and TLB misses of the search on large grids. The grid is padded to
// whole tiles; padding cells are never visited.
type tiles struct {
	across int32 // tiles per row
	w      int32 // grid width
	n      int32 // cells including padding
}

const (
	tileShift = 7
	tileSide  = 1 << tileShift
	tileMask  = tileSide - 1
)

func newTiles(w, h int) tiles {
	across, down := int32((w+tileMask)/tileSide), int32((h+tileMask)/tileSide)
	return tiles{across: across, w: int32(w), n: across * down * tileSide * tileSide}
}

// id is the number of cell (c, r).
func (t tiles) id(c, r int32) int32 {
	return ((r>>tileShift)*t.across+(c>>tileShift))<<(2*tileShift) | (r&tileMask)<<tileShift | (c & tileMask)
}

// colRow is the column and row of cell number x.
func (t tiles) colRow(x int32) (c, r int32) {
	k := x >> (2 * tileShift)
	return (k%t.across)<<tileShift | (x & tileMask), (k/t.across)<<tileShift | ((x >> tileShift) & tileMask)
}

// cell is the number of the cell at row-major index i.
func (t tiles) cell(i int32) int32 { return t.id(i%t.w, i/t.w) }

// tiled copies a row-major per-cell slice into tile order.
func tiled[T any](t tiles, v []T) []T {
	out := make([]T, t.n)
	w := int(t.w)
	parallelRows(len(v)/w, func(r int) {
		for c, x := range v[r*w : (r+1)*w] {
			out[t.id(int32(c), int32(r))] = x
		}
	})
	return out
}
