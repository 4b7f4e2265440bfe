package access

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

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
	// Released, when set, is called each time Build or Analyse has let go
	// of a large temporary structure (the builder's arrays, the main
	// search's labels). A program that cares about peak memory can collect
	// garbage there, so that the next stage reuses that memory instead of
	// growing the heap next to it.
	Released func()
}

func (p *Params) released() {
	if p.Released != nil {
		p.Released()
	}
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

// edgeRec is one edge between two nodes, 16 bytes: its kind and pricing
// are in the graph's small attrs table, shared by every edge of a class,
// and its times are derived from its length (see edgeAttr).
type edgeRec struct {
	u, v int32
	lenM float32
	attr uint32
}

// edgeAttr prices edges: the time in direction d is
// float32(lenM·secPerM[d]) + addS[d], or +Inf when the direction is
// closed. Times are float32 to keep the graph compact: their relative
// rounding (6e-8) is far below any speed assumption. Lines of one class
// share an entry; a ferry priced by its duration and the landing
// transfers (a fixed boarding penalty, free back to land) have their own.
type edgeAttr struct {
	secPerM [2]float64
	addS    [2]float32
	closed  [2]bool
	kind    Mode
}

// fwdS is the time from u to v, +Inf when closed.
func (g *Graph) fwdS(e edgeRec) float32 { return g.dirS(e, 0) }

// bwdS is the time from v to u, +Inf when closed.
func (g *Graph) bwdS(e edgeRec) float32 { return g.dirS(e, 1) }

func (g *Graph) dirS(e edgeRec, d int) float32 {
	a := &g.attrs[e.attr]
	if a.closed[d] {
		return float32(math.Inf(1))
	}
	return openS(&e, a, int32(d))
}

// openS is the time along e in direction d (0 from u to v), which must be
// open: the adjacency lists only open directions.
func openS(e *edgeRec, a *edgeAttr, d int32) float32 {
	return float32(float64(e.lenM)*a.secPerM[d]) + a.addS[d]
}

// inArcAt decodes incoming arc a of the adjacency: its code (edge<<1 |
// direction), edge, pricing entry and the node the arc leaves.
func (g *Graph) inArcAt(a int32) (code int32, e *edgeRec, at *edgeAttr, from int32) {
	code = g.inArc[a]
	e = &g.edges[code>>1]
	from = e.u
	if code&1 == 1 {
		from = e.v
	}
	return code, e, &g.attrs[e.attr], from
}

func (g *Graph) kind(e edgeRec) Mode { return g.attrs[e.attr].kind }

// Graph is a noded road/river network in compressed sparse row form.
// Edges keep their geometry (intermediate vertices in one shared pool)
// for snapping and routes; the adjacency holds, for every node, the arcs
// that end there, because travel times are computed towards facilities.
type Graph struct {
	nodes   []nodePos // positions as rounded keys (scale units)
	scale   float64   // 10^CoordDecimals
	edges   []edgeRec
	attrs   []edgeAttr
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

// nodePos is a node's rounded position in units of 10^-CoordDecimals
// degree: nodes sit at rounded keys, so two int32 hold them exactly in
// half the space of an orb.Point (±180° at 7 decimals is ±1.8e9).
type nodePos struct{ x, y int32 }

// node returns node i's position.
func (g *Graph) node(i int32) orb.Point {
	p := g.nodes[i]
	return orb.Point{float64(p.x) / g.scale, float64(p.y) / g.scale}
}

// NumNodes is the number of graph nodes.
func (g *Graph) NumNodes() int { return len(g.nodes) }

// NumEdges is the number of edges, landing transfers included.
func (g *Graph) NumEdges() int { return len(g.edges) }

// Node returns a node's position.
func (g *Graph) Node(i int) orb.Point { return g.node(int32(i)) }

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
		ForwardS: float64(g.fwdS(e)), BackwardS: float64(g.bwdS(e)),
		Kind: g.kind(e), Geometry: g.edgeGeom(int32(i)),
	}
}

// SizeBytes is the memory held by the graph's arrays.
func (g *Graph) SizeBytes() int64 {
	return int64(len(g.nodes))*8 + int64(len(g.edges))*16 + int64(len(g.attrs))*40 + int64(len(g.geomOff))*4 +
		int64(len(g.pts))*16 + int64(len(g.inOff))*4 + int64(len(g.inArc))*4 + g.idx.sizeBytes()
}

func (g *Graph) edgeGeom(e int32) orb.LineString {
	ed := g.edges[e]
	ls := make(orb.LineString, 0, 2+g.geomOff[e+1]-g.geomOff[e])
	ls = append(ls, g.node(ed.u))
	ls = append(ls, g.pts[g.geomOff[e]:g.geomOff[e+1]]...)
	return append(ls, g.node(ed.v))
}

// segCount is the number of segments of edge e.
func (g *Graph) segCount(e int32) int32 { return g.geomOff[e+1] - g.geomOff[e] + 1 }

// segPt is vertex j (0…segCount) of edge e.
func (g *Graph) segPt(e, j int32) orb.Point {
	if j == 0 {
		return g.node(g.edges[e].u)
	}
	if j == g.segCount(e) {
		return g.node(g.edges[e].v)
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

// keyPos is a key's rounded position as a node stores it.
func keyPos(k uint64, scale float64) nodePos {
	x := int64((k>>31)&(1<<32-1)) - int64(180*scale)
	y := int64(k&(1<<31-1)) - int64(90*scale)
	return nodePos{int32(x), int32(y)}
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

func (g *Graph) buildArcs() {
	n := len(g.nodes)
	g.inOff = make([]int32, n+1)
	for _, e := range g.edges {
		a := &g.attrs[e.attr]
		if !a.closed[0] {
			g.inOff[e.v+1]++
		}
		if !a.closed[1] {
			g.inOff[e.u+1]++
		}
	}
	for i := 1; i <= n; i++ {
		g.inOff[i] += g.inOff[i-1]
	}
	g.inArc = make([]int32, g.inOff[n])
	// Filled from the back, each node's end offset counting down to its
	// start (so no second offset array): arcs in reverse order land in
	// ascending order, as a forward fill would place them. inOff[x+1]
	// ends as x's start, and is then shifted down.
	for i := len(g.edges) - 1; i >= 0; i-- {
		e := g.edges[i]
		a := &g.attrs[e.attr]
		if !a.closed[1] {
			g.inOff[e.u+1]--
			g.inArc[g.inOff[e.u+1]] = int32(i)<<1 | 1
		}
		if !a.closed[0] {
			g.inOff[e.v+1]--
			g.inArc[g.inOff[e.v+1]] = int32(i) << 1
		}
	}
	copy(g.inOff[:n], g.inOff[1:n+1])
	g.inOff[n] = int32(len(g.inArc))
}

// parallelRange splits [0, n) into contiguous chunks run on up to workers
// goroutines; each chunk writes only its own indices.
func parallelRange(n, workers int, f func(lo, hi int)) {
	if workers <= 1 || n < 4096 {
		f(0, n)
		return
	}
	chunk := (n + workers*4 - 1) / (workers * 4)
	parallelEach((n+chunk-1)/chunk, workers, func(k int) { f(k*chunk, min((k+1)*chunk, n)) })
}

// parallelEach calls f(k) for every k in [0, n) on up to workers
// goroutines, each taking the next k in turn; each call writes only its
// own results.
func parallelEach(n, workers int, f func(k int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for k := range n {
			f(k)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := int(next.Add(1)) - 1; k < n; k = int(next.Add(1)) - 1 {
				f(k)
			}
		}()
	}
	wg.Wait()
}
