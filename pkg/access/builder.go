package access

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// Builder nodes lines one at a time, as they are read, and keeps only
// what the graph needs: a vertex key per distinct rounded position, a
// vertex number per line vertex, and per line its start and an index
// into a small table of (kind, speed, one-way, ferry duration). A road
// network is the largest input of the analysis; holding it as a []Line
// of small slices and strings costs over ten times the graph itself.
//
// A Builder is used once: AddLine for every line, then Build.
type Builder struct {
	p      Params
	speeds SpeedTable
	scale  float64
	err    error
	nIn    int // lines offered, kept or not: the index in LineIssue

	lineOff  chunked[int32]   // 0, then the end of each kept line in occV
	attrRuns chunked[attrRun] // the lines' entries in attrs, one per run of equal entries
	attrs    []lineAttr
	attrIdx  map[lineAttr]uint32

	occV  chunked[int32] // per vertex occurrence: the distinct vertex, numbered as first seen
	vkeys []uint64       // distinct vertices' keys (vertexKey)
	vcnt  []uint8        // occurrences of each distinct vertex, saturating at 2
	table []int32        // open addressing over vkeys: 0 empty, else vertex+1
	// recent is a direct-mapped cache of vertices met lately: files list
	// lines in a roughly spatial order, so a vertex usually comes back
	// soon (the next segment of a road, the next row of a grid), and the
	// cache, small enough for the processor's cache, spares the two
	// random memory reads of the table and the key array.
	recent *[recentSize]recentVertex
	exact  chunked[exactPt]

	hasLand, hasWtr bool
	skipped         []LineIssue
	keyBuf          []uint64

	// The previous line's pricing: consecutive lines mostly share it, and
	// the class lookup and attribute interning are then skipped.
	lastKey  lineKey
	last     linePrice
	haveLast bool
	lastMemo bool // lastKey is in speedMemo
	// speedMemo prices the line keys met so far: a layer mixes a few
	// classes, so most lines find theirs here without normalising the
	// class name again, nor looking their entry up in attrIdx.
	speedMemo map[lineKey]linePrice
}

// linePrice is lineSpeed's answer for a lineKey, and the key's entry in
// attrs once a line with that key has been kept (-1 before).
type linePrice struct {
	spm  float64
	why  string
	attr int32
}

// maxSpeedMemo bounds speedMemo (explicit speeds can make every key
// different).
const maxSpeedMemo = 1024

// lineKey is what decides a line's speed and attribute entry.
type lineKey struct {
	kind     Mode
	oneWay   int8
	class    string
	speedKMH float64
	ferryS   float64
}

// attrRun gives the lines from line on (up to the next run) their entry
// in attrs: files list a class's lines together, so a run per change
// costs far less than an entry per line.
type attrRun struct {
	line int32
	attr uint32
}

// lineAttr is what a line contributes besides its vertices. ferryS is
// set only for a ferry priced by its duration (secPerM is then 0).
type lineAttr struct {
	secPerM, ferryS float64
	kind            Mode
	oneWay          int8
}

// exactPt is an inner line vertex whose coordinates are not those of its
// rounded key; it keeps them for the edge geometry.
type exactPt struct {
	occ int32
	pt  orb.Point
}

// NewBuilder starts a graph with the given parameters; it fails only on
// bad parameters (wrapping ErrParams).
func NewBuilder(p Params) (*Builder, error) {
	p, err := p.resolved()
	if err != nil {
		return nil, err
	}
	b := &Builder{
		p: p, speeds: p.Speeds.normalised(), scale: math.Pow(10, float64(p.CoordDecimals)),
		attrIdx: map[lineAttr]uint32{},
	}
	b.lineOff.add(0)
	return b, nil
}

// AddLine adds one line. It returns "" when the line is used, or the
// reason it is left out (too few points, coordinates out of range, no
// speed); the reason is also listed in the built Graph's Skipped under
// the line's position among all lines offered.
func (b *Builder) AddLine(l Line) string {
	i := b.nIn
	b.nIn++
	if b.err != nil {
		return ""
	}
	lk := lineKey{l.Kind, l.OneWay, l.Class, l.SpeedKMH, l.FerryDurationS}
	if !b.haveLast || lk != b.lastKey {
		sp, ok := b.speedMemo[lk]
		if !ok {
			sp.spm, sp.why = lineSpeed(&l, &b.p, b.speeds)
			sp.attr = -1
			if b.speedMemo == nil {
				b.speedMemo = map[lineKey]linePrice{}
			}
			// a key holding NaN never matches again: not kept
			if len(b.speedMemo) < maxSpeedMemo && !math.IsNaN(lk.speedKMH) && !math.IsNaN(lk.ferryS) {
				b.speedMemo[lk] = sp
				ok = true
			}
		}
		b.last, b.lastMemo = sp, ok
		b.lastKey, b.haveLast = lk, true
	}
	spm, reason := b.last.spm, b.last.why
	switch {
	case reason != "":
	case l.OneWay < -1 || l.OneWay > 1:
		reason = fmt.Sprintf("bad oneway %d", l.OneWay)
	case len(l.Geometry) < 2:
		reason = "fewer than 2 points"
	}
	w := l.Kind.water()
	if reason == "" {
		keys := b.keyBuf[:0]
		distinct := false
		for j, pt := range l.Geometry {
			if !validPoint(pt) {
				reason = fmt.Sprintf("coordinate %d out of range: %v", j, pt)
				break
			}
			k := vertexKey(pt, b.scale, w)
			if j > 0 && k != keys[0] {
				distinct = true
			}
			keys = append(keys, k)
		}
		b.keyBuf = keys
		if reason == "" && !distinct {
			reason = "zero length after rounding"
		}
	}
	if reason != "" {
		b.skipped = append(b.skipped, LineIssue{Index: i, Reason: reason})
		return reason
	}
	if int64(b.occV.len())+int64(len(l.Geometry)) >= math.MaxInt32 {
		b.err = fmt.Errorf("%w: more than %d vertices, more than this graph supports", ErrParams, math.MaxInt32)
		return ""
	}
	if w {
		b.hasWtr = true
	} else {
		b.hasLand = true
	}
	if b.last.attr < 0 {
		a := lineAttr{secPerM: spm, kind: l.Kind, oneWay: l.OneWay}
		if spm == 0 {
			a.ferryS = l.FerryDurationS
		}
		ai, ok := b.attrIdx[a]
		if !ok {
			ai = uint32(len(b.attrs))
			b.attrs = append(b.attrs, a)
			b.attrIdx[a] = ai
		}
		b.last.attr = int32(ai)
		if b.lastMemo {
			b.speedMemo[lk] = b.last
		}
	}
	if ai := uint32(b.last.attr); b.attrRuns.len() == 0 || b.attrRuns.last().attr != ai {
		b.attrRuns.add(attrRun{int32(b.lineOff.len() - 1), ai})
	}
	last := len(b.keyBuf) - 1
	for j, k := range b.keyBuf {
		if j > 0 && j < last {
			if q := keyPoint(k, b.scale); q != l.Geometry[j] {
				b.exact.add(exactPt{int32(b.occV.len()), l.Geometry[j]})
			}
		}
		b.occV.add(b.vertex(k))
	}
	b.lineOff.add(int32(b.occV.len()))
	return ""
}

const recentSize = 1 << 13

// recentVertex is an entry of Builder.recent: a key, its vertex number
// plus one (0 for an empty entry), and its occurrence count as in vcnt.
type recentVertex struct {
	key uint64
	v   int32
	cnt uint8
}

// vertex returns the number of the distinct vertex with key k, adding it
// when new (linear probing in a table kept at most half full).
func (b *Builder) vertex(k uint64) int32 {
	hk := hashKey(k)
	if b.recent == nil {
		b.recent = new([recentSize]recentVertex)
	}
	r := &b.recent[hk>>32&(recentSize-1)]
	if r.v != 0 && r.key == k {
		if r.cnt < 2 {
			r.cnt++
			b.vcnt[r.v-1] = r.cnt
		}
		return r.v - 1
	}
	if 2*(len(b.vkeys)+1) > len(b.table) {
		b.grow()
	}
	mask := uint64(len(b.table) - 1)
	for h := hk & mask; ; h = (h + 1) & mask {
		v := b.table[h]
		if v == 0 {
			n := int32(len(b.vkeys))
			b.table[h] = n + 1
			b.vkeys = append(b.vkeys, k)
			b.vcnt = append(b.vcnt, 1)
			*r = recentVertex{k, n + 1, 1}
			return n
		}
		if b.vkeys[v-1] == k {
			if b.vcnt[v-1] < 2 {
				b.vcnt[v-1]++
			}
			*r = recentVertex{k, v, b.vcnt[v-1]}
			return v - 1
		}
	}
}

func (b *Builder) grow() {
	size := max(1024, 2*len(b.table))
	t := make([]int32, size)
	mask := uint64(size - 1)
	for v, k := range b.vkeys {
		h := hashKey(k) & mask
		for t[h] != 0 {
			h = (h + 1) & mask
		}
		t[h] = int32(v) + 1
	}
	b.table = t
}

// hashKey is a multiplicative (Fibonacci) hash; the high bits are mixed
// down because the table uses the low ones.
func hashKey(k uint64) uint64 {
	h := k * 0x9E3779B97F4A7C15
	return h ^ h>>29
}

// BuildGraph nodes the lines and builds the graph. Lines that cannot be
// used (too few points, coordinates out of range, no speed) are listed in
// Graph.Skipped; an error is returned only for bad parameters.
func BuildGraph(lines []Line, p Params) (*Graph, error) {
	b, err := NewBuilder(p)
	if err != nil {
		return nil, err
	}
	for i := range lines {
		b.AddLine(lines[i])
	}
	return b.Build()
}

// Build nodes the lines added and returns the graph; the Builder's memory
// is released as the graph is built.
func (b *Builder) Build() (*Graph, error) {
	if b.err != nil {
		return nil, b.err
	}
	p := b.p
	g := &Graph{params: p, Skipped: b.skipped, hasLand: b.hasLand, hasWtr: b.hasWtr, scale: b.scale}
	scale := b.scale
	nLines := b.lineOff.len() - 1
	if nLines == 0 {
		g.inOff = []int32{0}
		g.geomOff = []int32{0}
		return g, nil
	}
	b.table, b.recent = nil, nil

	// Distinct vertices in key order, so that node numbers (and with them
	// every tie broken by node) do not depend on the order of the input.
	uniq := b.vkeys
	order := make([]int32, len(uniq))
	for i := range order {
		order[i] = int32(i)
	}
	radixSortKeyed(uniq, order, p.Workers)
	cnt := make([]uint8, len(uniq))
	rank := make([]int32, len(uniq))
	for j, v := range order {
		rank[v] = int32(j)
		cnt[j] = b.vcnt[v]
	}
	order, b.vkeys, b.vcnt = nil, nil, nil
	occIdx := b.occV.flattenMapped(p.Workers, func(v int32) int32 { return rank[v] })
	rank = nil
	lineOff := b.lineOff.flatten()
	attrRuns, attrs := b.attrRuns, b.attrs
	exact := b.exact
	b.attrRuns, b.exact = chunked[attrRun]{}, chunked[exactPt]{}

	// Which distinct vertices become nodes: line ends, shared vertices,
	// landings (a land and a water vertex at one place) and near-miss joins.
	vflag := make([]uint8, len(uniq))
	for i, c := range cnt {
		if c >= 2 {
			vflag[i] |= fNode
		}
	}
	for li := 0; li < nLines; li++ {
		vflag[occIdx[lineOff[li]]] |= fEnd | fNode
		vflag[occIdx[lineOff[li+1]-1]] |= fEnd | fNode
	}
	var pairs [][2]int32 // land vertex, water vertex
	if g.hasWtr && g.hasLand {
		for i, k := range uniq {
			if k&waterBit == 0 {
				continue
			}
			if j, ok := slices.BinarySearch(uniq, k&^waterBit); ok {
				pairs = append(pairs, [2]int32{int32(j), int32(i)})
			}
		}
	}
	var parent []int32
	if p.NodeSnapM > 0 {
		lineOf := make([]int32, len(uniq))
		for li := 0; li < nLines; li++ {
			for j := lineOff[li]; j < lineOff[li+1]; j++ {
				lineOf[occIdx[j]] = int32(li)
			}
		}
		parent, pairs = joinNearMisses(uniq, cnt, vflag, lineOf, pairs, scale, p.NodeSnapM)
		for i := range parent {
			if parent[i] != int32(i) {
				vflag[i] |= fJoined
			}
		}
	}
	for _, pr := range pairs {
		vflag[pr[0]] |= fNode
		vflag[pr[1]] |= fNode
	}
	root := func(i int32) int32 {
		if parent == nil {
			return i
		}
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	if parent != nil {
		for i := range uniq {
			if vflag[i]&(fNode|fJoined) != 0 {
				vflag[root(int32(i))] |= fNode
			}
		}
	}
	// Nodes are numbered along a Z-order (Morton) curve of their rounded
	// position, so that nodes near each other on the ground are near each
	// other in memory: a shortest-path search then works on a compact
	// set of cache lines instead of nodes spread over the whole array (as
	// in key order, which is by longitude first). Ties (a land and a
	// water node at one place) keep key order.
	nodeOf := make([]int32, len(uniq))
	nNodes := 0
	for i := range uniq {
		if int32(i) == root(int32(i)) && vflag[i]&fNode != 0 {
			nNodes++
		}
	}
	zkey := make([]uint64, 0, nNodes)
	zid := make([]int32, 0, nNodes)
	for i := range uniq {
		nodeOf[i] = -1
		if int32(i) == root(int32(i)) && vflag[i]&fNode != 0 {
			zkey = append(zkey, mortonKey(uniq[i]))
			zid = append(zid, int32(i))
		}
	}
	radixSortKeyed(zkey, zid, p.Workers)
	zkey = nil
	g.nodes = make([]nodePos, len(zid))
	for n, i := range zid {
		nodeOf[i] = int32(n)
		g.nodes[n] = keyPos(uniq[i], scale)
	}
	zid = nil
	for i := range uniq {
		if r := root(int32(i)); r != int32(i) {
			nodeOf[i] = nodeOf[r]
		}
	}
	vflag, cnt, parent = nil, nil, nil
	type tr struct{ land, water int32 }
	trs := make([]tr, 0, len(pairs))
	for _, pr := range pairs {
		if a, b := nodeOf[pr[0]], nodeOf[pr[1]]; a >= 0 && b >= 0 {
			trs = append(trs, tr{a, b})
		}
	}

	// Cut lines into edges at nodes. Graph attrs start as the line attrs.
	g.attrs = make([]edgeAttr, len(attrs))
	for i, a := range attrs {
		g.attrs[i] = edgeAttr{secPerM: [2]float64{a.secPerM, a.secPerM}, closed: [2]bool{a.oneWay == -1, a.oneWay == 1}, kind: a.kind}
	}
	// The lines are cut in pieces of about equal vertex counts on every
	// core. Each piece first bounds its edges and inner points (every node
	// occurrence after a line's first ends at most one edge), so that the
	// arrays are allocated once; it then writes its edges at its bound's
	// place, and the pieces are moved together in line order: the same
	// edges, in the same order, as one pass would make.
	pieces := cutPieces(lineOff, p.Workers)
	cuts := make([]lineCut, len(pieces)-1)
	parallelEach(len(cuts), p.Workers, func(k int) {
		c := &cuts[k]
		for li := pieces[k]; li < pieces[k+1]; li++ {
			for j := lineOff[li] + 1; j < lineOff[li+1]; j++ {
				if nodeOf[occIdx[j]] >= 0 {
					c.maxE++
				} else {
					c.maxP++
				}
			}
		}
	})
	nE, nP := 0, 0
	for k := range cuts {
		cuts[k].e0, cuts[k].p0 = nE, nP
		nE += cuts[k].maxE
		nP += cuts[k].maxP
	}
	g.edges = make([]edgeRec, nE, nE+len(trs))
	g.geomOff = make([]int32, nE+1, nE+len(trs)+1)
	g.pts = make([]orb.Point, nP)
	parallelEach(len(cuts), p.Workers, func(k int) {
		c := &cuts[k]
		c.edges = g.edges[c.e0 : c.e0 : c.e0+c.maxE]
		c.geomEnd = g.geomOff[c.e0+1 : c.e0+1 : c.e0+1+c.maxE]
		c.pts = g.pts[c.p0 : c.p0 : c.p0+c.maxP]
		cutLines(c, int(pieces[k]), int(pieces[k+1]), lineOff, occIdx, nodeOf, uniq, scale, &attrRuns, attrs, &exact)
	})
	var ferries []span
	nE, nP = 0, 0
	for k := range cuts {
		c := &cuts[k]
		if c.err != nil {
			return nil, c.err
		}
		for _, f := range c.ferries {
			ferries = append(ferries, span{nE + f.first, nE + f.end})
		}
		copy(g.edges[nE:], c.edges)
		for i, end := range c.geomEnd { // moving down: read before written
			g.geomOff[nE+1+i] = int32(nP) + end
		}
		copy(g.pts[nP:], c.pts)
		nE += len(c.edges)
		nP += len(c.pts)
	}
	g.edges, g.geomOff, g.pts = g.edges[:nE], g.geomOff[:nE+1], g.pts[:nP]
	cuts = nil
	occIdx, nodeOf, uniq, lineOff = nil, nil, nil, nil
	exact, attrRuns = chunked[exactPt]{}, chunked[attrRun]{}
	p.released()
	if len(g.edges) >= 1<<30 {
		return nil, fmt.Errorf("%w: %d edges, more than this graph supports", ErrParams, len(g.edges))
	}

	// Lengths (the expensive geodesics) in parallel, then times.
	parallelRange(len(g.edges), p.Workers, func(lo, hi int) {
		for e := lo; e < hi; e++ {
			// each point prepared once for the segments on both sides
			var sum float64
			n := g.segCount(int32(e))
			a := earth.CartOf(g.segPt(int32(e), 0))
			for j := int32(1); j <= n; j++ {
				b := earth.CartOf(g.segPt(int32(e), j))
				sum += earth.ShortDistanceM(a, b)
				a = b
			}
			g.edges[e].lenM = float32(sum)
		}
	})
	// A ferry priced by its duration spreads it over its edges by length:
	// each such line gets its own entry (there are few).
	for _, f := range ferries {
		var l float64
		for e := f.first; e < f.end; e++ {
			l += float64(g.edges[e].lenM)
		}
		old := g.edges[f.first].attr
		ea := g.attrs[old]
		if l > 0 {
			spm := attrs[old].ferryS / l
			ea.secPerM = [2]float64{spm, spm}
		}
		ai := uint32(len(g.attrs))
		g.attrs = append(g.attrs, ea)
		for e := f.first; e < f.end; e++ {
			g.edges[e].attr = ai
		}
	}
	g.nLines = int32(len(g.edges))

	// Landings: land node → water node pays the boarding penalty.
	slices.SortFunc(trs, func(a, b tr) int {
		if a.land != b.land {
			return int(a.land - b.land)
		}
		return int(a.water - b.water)
	})
	trs = slices.Compact(trs)
	if len(trs) > 0 {
		ai := uint32(len(g.attrs))
		g.attrs = append(g.attrs, edgeAttr{addS: [2]float32{float32(p.BoardingPenaltyS), 0}, kind: transfer})
		for _, t := range trs {
			g.edges = append(g.edges, edgeRec{u: t.land, v: t.water, attr: ai})
			g.geomOff = append(g.geomOff, int32(len(g.pts)))
		}
	}
	g.buildArcs()
	g.idx = buildSegIndex(g)
	return g, nil
}

// span is the edges [first, end) of a duration-priced ferry line.
type span struct{ first, end int }

// lineCut is the edges a piece of the lines is cut into: their records,
// their inner points, each edge's end in pts, and the duration-priced
// ferry lines' edge spans, all counted from the piece's start. maxE and
// maxP bound its edges and points; e0 and p0 are where it writes them.
type lineCut struct {
	edges      []edgeRec
	pts        []orb.Point
	geomEnd    []int32
	ferries    []span
	maxE, maxP int
	e0, p0     int
	err        error
}

// cutPieces splits lines [0, n) into about twice as many pieces as
// workers, of about equal vertex counts, as line boundaries.
func cutPieces(lineOff []int32, workers int) []int32 {
	nLines := len(lineOff) - 1
	n := 1
	if workers > 1 && lineOff[nLines] >= 1<<16 {
		n = 2 * workers
	}
	out := []int32{0}
	for k := 1; k < n; k++ {
		want := int32(int64(lineOff[nLines]) * int64(k) / int64(n))
		li, _ := slices.BinarySearch(lineOff[:nLines], want)
		if int32(li) > out[len(out)-1] && li < nLines {
			out = append(out, int32(li))
		}
	}
	return append(out, int32(nLines))
}

// cutLines cuts lines [lo, hi) into edges at nodes (nodeOf ≥ 0); inner
// vertices keep their exact coordinates where the key rounded them.
func cutLines(c *lineCut, lo, hi int, lineOff, occIdx, nodeOf []int32, uniq []uint64, scale float64,
	attrRuns *chunked[attrRun], attrs []lineAttr, exact *chunked[exactPt]) {
	// the attrRuns entry of line lo, and the first exact point of it
	run := sort.Search(attrRuns.len(), func(i int) bool { return int(attrRuns.at(i).line) > lo }) - 1
	xi := sort.Search(exact.len(), func(i int) bool { return exact.at(i).occ >= lineOff[lo] })
	for li := lo; li < hi; li++ {
		for run+1 < attrRuns.len() && int(attrRuns.at(run+1).line) <= li {
			run++
		}
		ai := attrRuns.at(run).attr
		firstEdge := len(c.edges)
		start, end := lineOff[li], lineOff[li+1]
		prev := occIdx[start]
		from := nodeOf[prev]
		gs := int32(len(c.pts)) // the current edge's start in c.pts
		for j := start + 1; j < end; j++ {
			idx := occIdx[j]
			if idx == prev {
				continue
			}
			prev = idx
			n := nodeOf[idx]
			if n < 0 {
				for xi < exact.len() && exact.at(xi).occ < j {
					xi++
				}
				if xi < exact.len() && exact.at(xi).occ == j {
					c.pts = append(c.pts, exact.at(xi).pt)
				} else {
					c.pts = append(c.pts, keyPoint(uniq[idx], scale))
				}
				continue
			}
			if n == from && int32(len(c.pts)) == gs {
				continue
			}
			c.edges = append(c.edges, edgeRec{u: from, v: n, attr: ai})
			gs = int32(len(c.pts))
			c.geomEnd = append(c.geomEnd, gs)
			from = n
		}
		if int32(len(c.pts)) != gs {
			// Cannot happen: the last vertex is an end, hence a node.
			c.err = fmt.Errorf("access: internal error noding line %d", li)
			return
		}
		if attrs[ai].ferryS > 0 && len(c.edges) > firstEdge {
			c.ferries = append(c.ferries, span{firstEdge, len(c.edges)})
		}
	}
}

// mortonKey interleaves the bits of a vertex key's rounded longitude
// (32 bits) and latitude (31 bits), ignoring the layer bit.
func mortonKey(k uint64) uint64 {
	return spreadBits(uint32(k>>31))<<1 | spreadBits(uint32(k&(1<<31-1)))
}

// spreadBits moves bit i of v to bit 2i.
func spreadBits(v uint32) uint64 {
	x := uint64(v)
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	x = (x | x<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	return x
}

// radixSortKeyed sorts keys in place with a stable LSD radix sort (16-bit
// digits) and applies the same permutation to ids: equal keys keep their
// order. Each pass is split over up to workers goroutines by ranges of
// the input: each counts its range's digits, and writes them after the
// same digits of the ranges before it, so the sort stays stable.
func radixSortKeyed(keys []uint64, ids []int32, workers int) {
	if len(keys) < 2 {
		return
	}
	parts := 1
	if workers > 1 && len(keys) >= 1<<18 {
		parts = workers
	}
	kb := make([]uint64, len(keys))
	ib := make([]int32, len(ids))
	ks, is, kd, id := keys, ids, kb, ib
	count := make([][1 << 16]int, parts)
	lo := func(p int) int { return len(keys) * p / parts }
	each := func(f func(p int)) { parallelEach(parts, parts, f) }
	for shift := uint(0); shift < 64; shift += 16 {
		each(func(p int) {
			c := &count[p]
			clear(c[:])
			for _, v := range ks[lo(p):lo(p+1)] {
				c[(v>>shift)&0xffff]++
			}
		})
		d0, same := (ks[0]>>shift)&0xffff, 0
		for p := range parts {
			same += count[p][d0]
		}
		if same == len(ks) {
			continue // every key has this digit: nothing to move
		}
		sum := 0
		for d := range 1 << 16 {
			for p := range parts {
				c := count[p][d]
				count[p][d] = sum
				sum += c
			}
		}
		each(func(p int) {
			c := &count[p]
			for i := lo(p); i < lo(p+1); i++ {
				v := ks[i]
				d := (v >> shift) & 0xffff
				kd[c[d]] = v
				id[c[d]] = is[i]
				c[d]++
			}
		})
		ks, kd = kd, ks
		is, id = id, is
	}
	if &ks[0] != &keys[0] {
		copy(keys, ks)
		copy(ids, is)
	}
}
