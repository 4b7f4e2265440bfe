package access

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// Line is one network line: a road, footpath, river or ferry route.
type Line struct {
	Geometry orb.LineString
	Kind     Mode
	// Class is the OSM highway value or an Indonesian road class; it
	// picks the speed from Params.Speeds when SpeedKMH is 0.
	Class string
	// SpeedKMH is an explicit speed (a speed_kmh field or a parsed
	// maxspeed); 0 means the class table (roads, footpaths), the boat
	// speed (rivers) or the "ferry" entry (ferries).
	SpeedKMH float64
	// OneWay is 0 for both directions, 1 for the digitised direction only
	// and -1 for the reverse only (OSM oneway=-1).
	OneWay int8
	// FerryDurationS is a ferry's crossing time (OSM duration); when set
	// it is spread along the line in proportion to length.
	FerryDurationS float64
}

// Params are the model parameters. Start from DefaultParams: in a zero
// Params the speeds, MaxSnapM and CoordDecimals fall back to their
// defaults, but BoardingPenaltyS and NodeSnapM stay 0, which is a valid
// choice for both.
type Params struct {
	// BoatSpeedKMH is the speed on river lines without their own speed.
	BoatSpeedKMH float64
	// BoardingPenaltyS is charged each time a path enters the water
	// network from land or from the walk to the river bank.
	BoardingPenaltyS float64
	// WalkSpeedKMH is the speed of the off-network legs and of Walk lines
	// whose class is not in the table.
	WalkSpeedKMH float64
	// MaxSnapM is the longest off-network leg; targets farther than this
	// from every edge are unreachable.
	MaxSnapM float64
	// NodeSnapM joins a line end to the nearest vertex of another line
	// within this distance (0 joins exactly shared vertices only).
	NodeSnapM float64
	// CoordDecimals is the rounding, in decimal places of a degree, under
	// which two vertices are the same node (1…7; 7 is about 1 cm).
	CoordDecimals int
	// Speeds is the class table; nil means DefaultSpeeds.
	Speeds SpeedTable
	// Workers bounds the goroutines used; 0 means GOMAXPROCS.
	Workers int
}

// Documented defaults (see the package documentation for the reasoning).
const (
	DefaultBoatSpeedKMH     = 15
	DefaultBoardingPenaltyS = 900
	DefaultWalkSpeedKMH     = 4
	DefaultMaxSnapM         = 5000
	DefaultCoordDecimals    = 7
)

// DefaultParams returns the documented defaults.
func DefaultParams() Params {
	return Params{
		BoatSpeedKMH:     DefaultBoatSpeedKMH,
		BoardingPenaltyS: DefaultBoardingPenaltyS,
		WalkSpeedKMH:     DefaultWalkSpeedKMH,
		MaxSnapM:         DefaultMaxSnapM,
		CoordDecimals:    DefaultCoordDecimals,
		Speeds:           DefaultSpeeds(),
	}
}

// ErrParams is wrapped by every error about a bad parameter.
var ErrParams = errors.New("access: bad parameter")

func (p Params) resolved() (Params, error) {
	bad := func(name string, v float64) error {
		return fmt.Errorf("%w: %s = %v", ErrParams, name, v)
	}
	for _, c := range []struct {
		name string
		v    *float64
		def  float64
	}{
		{"BoatSpeedKMH", &p.BoatSpeedKMH, DefaultBoatSpeedKMH},
		{"WalkSpeedKMH", &p.WalkSpeedKMH, DefaultWalkSpeedKMH},
		{"MaxSnapM", &p.MaxSnapM, DefaultMaxSnapM},
	} {
		if *c.v == 0 {
			*c.v = c.def
		}
		if !(*c.v > 0) || math.IsInf(*c.v, 0) {
			return p, bad(c.name, *c.v)
		}
	}
	if !(p.BoardingPenaltyS >= 0) || math.IsInf(p.BoardingPenaltyS, 0) {
		return p, bad("BoardingPenaltyS", p.BoardingPenaltyS)
	}
	if !(p.NodeSnapM >= 0) || math.IsInf(p.NodeSnapM, 0) {
		return p, bad("NodeSnapM", p.NodeSnapM)
	}
	if p.CoordDecimals == 0 {
		p.CoordDecimals = DefaultCoordDecimals
	}
	if p.CoordDecimals < 1 || p.CoordDecimals > 7 {
		return p, fmt.Errorf("%w: CoordDecimals = %d, want 1…7", ErrParams, p.CoordDecimals)
	}
	if p.Speeds == nil {
		p.Speeds = DefaultSpeeds()
	}
	for _, k := range sortedKeys(p.Speeds) {
		if v := p.Speeds[k]; !(v > 0) || math.IsInf(v, 0) {
			return p, fmt.Errorf("%w: speed for class %q = %v", ErrParams, k, v)
		}
	}
	if p.Workers <= 0 {
		p.Workers = runtime.GOMAXPROCS(0)
	}
	return p, nil
}

func sortedKeys(t SpeedTable) []string {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// LineIssue is a line left out of the graph, and why. Index is the
// line's position in the slice given to BuildGraph.
type LineIssue struct {
	Index  int
	Reason string
}

// edgeRec is one edge between two nodes. Times are float32 to keep the
// graph compact: their relative rounding (6e-8) is far below any speed
// assumption. A direction that may not be travelled has time +Inf.
type edgeRec struct {
	u, v       int32
	lenM       float32
	fwdS, bwdS float32
	kind       Mode
}

// Graph is a noded road/river network in compressed sparse row form.
// Edges keep their geometry (intermediate vertices in one shared pool)
// for snapping and routes; the adjacency holds, for every node, the arcs
// that end there, because travel times are computed towards facilities.
type Graph struct {
	nodes   []orb.Point
	edges   []edgeRec
	geomOff []int32 // len(edges)+1; pts[geomOff[e]:geomOff[e+1]] are e's inner vertices
	pts     []orb.Point
	inOff   []int32 // len(nodes)+1
	inArc   []int32 // edge<<1 | 1 when the arc runs v→u
	nLines  int32   // edges [0, nLines) come from lines, the rest are transfers
	hasLand bool
	hasWtr  bool
	idx     segIndex
	params  Params

	// Skipped lists the lines left out, in input order.
	Skipped []LineIssue
}

// NumNodes is the number of graph nodes.
func (g *Graph) NumNodes() int { return len(g.nodes) }

// NumEdges is the number of edges, landing transfers included.
func (g *Graph) NumEdges() int { return len(g.edges) }

// Node returns a node's position.
func (g *Graph) Node(i int) orb.Point { return g.nodes[i] }

// EdgeInfo describes one edge. ForwardS is the time from From to To,
// BackwardS from To to From; +Inf where travel is not allowed. A landing
// transfer has Kind "transfer", From on land and To on water.
type EdgeInfo struct {
	From, To            int
	LengthM             float64
	ForwardS, BackwardS float64
	Kind                Mode
	Geometry            orb.LineString
}

// Edge returns edge i.
func (g *Graph) Edge(i int) EdgeInfo {
	e := g.edges[i]
	return EdgeInfo{
		From: int(e.u), To: int(e.v), LengthM: float64(e.lenM),
		ForwardS: float64(e.fwdS), BackwardS: float64(e.bwdS),
		Kind: e.kind, Geometry: g.edgeGeom(int32(i)),
	}
}

// SizeBytes is the memory held by the graph's arrays.
func (g *Graph) SizeBytes() int64 {
	return int64(len(g.nodes))*16 + int64(len(g.edges))*24 + int64(len(g.geomOff))*4 +
		int64(len(g.pts))*16 + int64(len(g.inOff))*4 + int64(len(g.inArc))*4 + g.idx.sizeBytes()
}

func (g *Graph) edgeGeom(e int32) orb.LineString {
	ed := g.edges[e]
	ls := make(orb.LineString, 0, 2+g.geomOff[e+1]-g.geomOff[e])
	ls = append(ls, g.nodes[ed.u])
	ls = append(ls, g.pts[g.geomOff[e]:g.geomOff[e+1]]...)
	return append(ls, g.nodes[ed.v])
}

// segCount is the number of segments of edge e.
func (g *Graph) segCount(e int32) int32 { return g.geomOff[e+1] - g.geomOff[e] + 1 }

// segPt is vertex j (0…segCount) of edge e.
func (g *Graph) segPt(e, j int32) orb.Point {
	if j == 0 {
		return g.nodes[g.edges[e].u]
	}
	if j == g.segCount(e) {
		return g.nodes[g.edges[e].v]
	}
	return g.pts[g.geomOff[e]+j-1]
}

const waterBit = uint64(1) << 63

// Flags of distinct vertices while noding.
const (
	fEnd = 1 << iota
	fNode
	fJoined
)

// vertexKey packs a rounded coordinate and its layer into one sortable
// word: layer bit, 32 bits of longitude, 31 of latitude. That fits 7
// decimals (3.6e9 and 1.8e9 steps), hence the CoordDecimals limit.
func vertexKey(p orb.Point, scale float64, water bool) uint64 {
	x := uint64(int64(math.Round(p[0]*scale)) + int64(180*scale))
	y := uint64(int64(math.Round(p[1]*scale)) + int64(90*scale))
	k := x<<31 | y
	if water {
		k |= waterBit
	}
	return k
}

func keyPoint(k uint64, scale float64) orb.Point {
	x := int64((k>>31)&(1<<32-1)) - int64(180*scale)
	y := int64(k&(1<<31-1)) - int64(90*scale)
	return orb.Point{float64(x) / scale, float64(y) / scale}
}

func validPoint(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90 // false for NaN
}

// lineSpeed returns seconds per metre for a line, 0 when the ferry
// duration is used instead, or a reason to skip the line.
func lineSpeed(l *Line, p *Params, speeds SpeedTable) (float64, string) {
	if !(l.SpeedKMH >= 0) || math.IsInf(l.SpeedKMH, 0) {
		return 0, fmt.Sprintf("bad speed %v km/h", l.SpeedKMH)
	}
	kmh := l.SpeedKMH
	switch l.Kind {
	case Road, Walk:
		if kmh == 0 {
			if v, ok := speeds[normClass(l.Class)]; ok {
				kmh = v
			} else if l.Kind == Walk {
				kmh = p.WalkSpeedKMH
			} else if v, ok := speeds["default"]; ok {
				kmh = v
			} else {
				return 0, fmt.Sprintf("class %q not in the speed table and no default", l.Class)
			}
		}
	case River:
		if kmh == 0 {
			kmh = p.BoatSpeedKMH
		}
	case Ferry:
		if !(l.FerryDurationS >= 0) || math.IsInf(l.FerryDurationS, 0) {
			return 0, fmt.Sprintf("bad ferry duration %v s", l.FerryDurationS)
		}
		if l.FerryDurationS > 0 {
			return 0, ""
		}
		if kmh == 0 {
			if v, ok := speeds["ferry"]; ok {
				kmh = v
			} else {
				kmh = p.BoatSpeedKMH
			}
		}
	default:
		return 0, fmt.Sprintf("unknown line kind %d", l.Kind)
	}
	return 3.6 / kmh, ""
}

// BuildGraph nodes the lines and builds the graph. Lines that cannot be
// used (too few points, coordinates out of range, no speed) are listed in
// Graph.Skipped; an error is returned only for bad parameters.
func BuildGraph(lines []Line, p Params) (*Graph, error) {
	p, err := p.resolved()
	if err != nil {
		return nil, err
	}
	g := &Graph{params: p}
	speeds := p.Speeds.normalised()
	scale := math.Pow(10, float64(p.CoordDecimals))

	// Pass 1: validate, price, and count vertex occurrences.
	type kept struct {
		line     int32
		secPerM  float64
		occStart int64
	}
	var keep []kept
	var nOcc int64
	for i := range lines {
		l := &lines[i]
		reason := ""
		spm, why := lineSpeed(l, &p, speeds)
		switch {
		case why != "":
			reason = why
		case l.OneWay < -1 || l.OneWay > 1:
			reason = fmt.Sprintf("bad oneway %d", l.OneWay)
		case len(l.Geometry) < 2:
			reason = "fewer than 2 points"
		}
		if reason == "" {
			distinct := false
			k0 := uint64(0)
			for j, pt := range l.Geometry {
				if !validPoint(pt) {
					reason = fmt.Sprintf("coordinate %d out of range: %v", j, pt)
					break
				}
				k := vertexKey(pt, scale, false)
				if j == 0 {
					k0 = k
				} else if k != k0 {
					distinct = true
				}
			}
			if reason == "" && !distinct {
				reason = "zero length after rounding"
			}
		}
		if reason != "" {
			g.Skipped = append(g.Skipped, LineIssue{Index: i, Reason: reason})
			continue
		}
		keep = append(keep, kept{line: int32(i), secPerM: spm, occStart: nOcc})
		nOcc += int64(len(l.Geometry))
	}
	if len(keep) == 0 {
		g.inOff = []int32{0}
		g.geomOff = []int32{0}
		return g, nil
	}
	if nOcc >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d vertices, more than this graph supports", ErrParams, nOcc)
	}

	// Pass 2: vertex keys, then the sorted set of distinct vertices.
	occ := make([]uint64, nOcc)
	for _, k := range keep {
		l := &lines[k.line]
		w := l.Kind.water()
		if w {
			g.hasWtr = true
		} else {
			g.hasLand = true
		}
		for j, pt := range l.Geometry {
			occ[k.occStart+int64(j)] = vertexKey(pt, scale, w)
		}
	}
	uniq := make([]uint64, nOcc)
	copy(uniq, occ)
	radixSort64(uniq)
	cnt := make([]uint8, 0, len(uniq)/2+1)
	{
		n := 0
		for i, k := range uniq {
			if i > 0 && k == uniq[n-1] {
				if cnt[n-1] < 2 {
					cnt[n-1]++
				}
				continue
			}
			uniq[n] = k
			cnt = append(cnt, 1)
			n++
		}
		uniq = slices.Clip(uniq[:n])
	}
	occIdx := make([]int32, nOcc)
	parallelRange(int(nOcc), p.Workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			j, _ := slices.BinarySearch(uniq, occ[i])
			occIdx[i] = int32(j)
		}
	})
	occ = nil

	// Which distinct vertices become nodes: line ends, shared vertices,
	// landings (a land and a water vertex at one place) and near-miss joins.
	vflag := make([]uint8, len(uniq))
	for i, c := range cnt {
		if c >= 2 {
			vflag[i] |= fNode
		}
	}
	for _, k := range keep {
		n := int64(len(lines[k.line].Geometry))
		vflag[occIdx[k.occStart]] |= fEnd | fNode
		vflag[occIdx[k.occStart+n-1]] |= fEnd | fNode
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
		for _, k := range keep {
			n := int64(len(lines[k.line].Geometry))
			for j := int64(0); j < n; j++ {
				lineOf[occIdx[k.occStart+j]] = k.line
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
	nodeOf := make([]int32, len(uniq))
	for i := range uniq {
		nodeOf[i] = -1
		if int32(i) == root(int32(i)) && vflag[i]&fNode != 0 {
			nodeOf[i] = int32(len(g.nodes))
			g.nodes = append(g.nodes, keyPoint(uniq[i], scale))
		}
	}
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

	// Pass 3: cut lines into edges at nodes.
	edgeLine := make([]int32, 0, len(g.nodes))
	g.geomOff = append(make([]int32, 0, len(g.nodes)+1), 0)
	for ki, k := range keep {
		geom := lines[k.line].Geometry
		prev := occIdx[k.occStart]
		from := nodeOf[prev]
		for j := 1; j < len(geom); j++ {
			idx := occIdx[k.occStart+int64(j)]
			if idx == prev {
				continue
			}
			prev = idx
			n := nodeOf[idx]
			if n < 0 {
				g.pts = append(g.pts, geom[j])
				continue
			}
			start := g.geomOff[len(g.geomOff)-1]
			if n == from && int32(len(g.pts)) == start {
				from = n
				continue
			}
			g.edges = append(g.edges, edgeRec{u: from, v: n, kind: lines[k.line].Kind})
			edgeLine = append(edgeLine, int32(ki))
			g.geomOff = append(g.geomOff, int32(len(g.pts)))
			from = n
		}
		if int32(len(g.pts)) != g.geomOff[len(g.geomOff)-1] {
			// Cannot happen: the last vertex is an end, hence a node.
			return nil, fmt.Errorf("access: internal error noding line %d", k.line)
		}
	}
	occIdx, nodeOf = nil, nil
	if len(g.edges) >= 1<<30 {
		return nil, fmt.Errorf("%w: %d edges, more than this graph supports", ErrParams, len(g.edges))
	}

	// Lengths (the expensive geodesics) in parallel, then times.
	parallelRange(len(g.edges), p.Workers, func(lo, hi int) {
		for e := lo; e < hi; e++ {
			g.edges[e].lenM = float32(earth.LineLengthM(g.edgeGeom(int32(e))))
		}
	})
	lineLen := make([]float64, len(keep))
	for e, ki := range edgeLine {
		lineLen[ki] += float64(g.edges[e].lenM)
	}
	inf := float32(math.Inf(1))
	for e := range g.edges {
		ed := &g.edges[e]
		k := keep[edgeLine[e]]
		l := &lines[k.line]
		spm := k.secPerM
		if spm == 0 && lineLen[edgeLine[e]] > 0 {
			spm = l.FerryDurationS / lineLen[edgeLine[e]]
		}
		t := float32(float64(ed.lenM) * spm)
		ed.fwdS, ed.bwdS = t, t
		switch l.OneWay {
		case 1:
			ed.bwdS = inf
		case -1:
			ed.fwdS = inf
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
	for _, t := range trs {
		g.edges = append(g.edges, edgeRec{u: t.land, v: t.water, fwdS: float32(p.BoardingPenaltyS), kind: transfer})
		g.geomOff = append(g.geomOff, int32(len(g.pts)))
	}
	g.buildArcs()
	g.idx = buildSegIndex(g)
	return g, nil
}

func (g *Graph) buildArcs() {
	n := len(g.nodes)
	g.inOff = make([]int32, n+1)
	inf := float32(math.Inf(1))
	for _, e := range g.edges {
		if e.fwdS != inf {
			g.inOff[e.v+1]++
		}
		if e.bwdS != inf {
			g.inOff[e.u+1]++
		}
	}
	for i := 1; i <= n; i++ {
		g.inOff[i] += g.inOff[i-1]
	}
	g.inArc = make([]int32, g.inOff[n])
	fill := make([]int32, n)
	copy(fill, g.inOff[:n])
	for i, e := range g.edges {
		if e.fwdS != inf {
			g.inArc[fill[e.v]] = int32(i) << 1
			fill[e.v]++
		}
		if e.bwdS != inf {
			g.inArc[fill[e.u]] = int32(i)<<1 | 1
			fill[e.u]++
		}
	}
}

// parallelRange splits [0, n) into contiguous chunks run on up to workers
// goroutines; each chunk writes only its own indices.
func parallelRange(n, workers int, f func(lo, hi int)) {
	if workers <= 1 || n < 4096 {
		f(0, n)
		return
	}
	chunk := (n + workers*4 - 1) / (workers * 4)
	var wg sync.WaitGroup
	next := make(chan int, workers*4+1)
	for lo := 0; lo < n; lo += chunk {
		next <- lo
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range next {
				f(lo, min(lo+chunk, n))
			}
		}()
	}
	wg.Wait()
}

// radixSort64 sorts in place with an LSD radix sort (16-bit digits),
// linear in n; sort.Slice would dominate graph building on large inputs.
func radixSort64(a []uint64) {
	if len(a) < 256 {
		slices.Sort(a)
		return
	}
	buf := make([]uint64, len(a))
	src, dst := a, buf
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, v := range src {
			count[(v>>shift)&0xffff]++
		}
		if count[(src[0]>>shift)&0xffff] == len(src) {
			continue // every key has this digit: nothing to move
		}
		sum := 0
		for i := range count {
			c := count[i]
			count[i] = sum
			sum += c
		}
		for _, v := range src {
			d := (v >> shift) & 0xffff
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
}
