package access

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/paulmach/orb"
)

// Point is a target (village, settlement) or a facility.
type Point struct {
	Pos orb.Point
	ID  string
	// Group is the kecamatan: for a facility, the kecamatan it is the
	// centre of; for a target, the kecamatan it belongs to. "" for none.
	Group string
}

// Result is one target's accessibility. Times and distances are NaN when
// they do not exist (unreachable target, no centre for its group).
type Result struct {
	Reachable bool
	// TravelTimeS is the time to the nearest facility, walking legs and
	// boarding penalties included.
	TravelTimeS float64
	// DistanceM is the length of that path, walking legs included.
	DistanceM float64
	// Facility is the nearest facility's ID; FacilityIndex its position
	// in the facilities slice (-1 when unreachable).
	Facility      string
	FacilityIndex int
	// TimeToGroupS is the time to the nearest facility of the target's
	// own Group.
	TimeToGroupS float64
	// Mode is "road", "river", "road+river" or "walk" (only footpaths and
	// the off-network legs); "" when unreachable.
	Mode string
	// LandAccess tells that some facility can be reached over roads and
	// footpaths only.
	LandAccess bool
	// SnapM is the off-network leg from the target to the network on the
	// chosen path (or to the nearest edge when no facility is reachable);
	// NaN when no edge is within MaxSnapM.
	SnapM float64
	// Route is the chosen path when routes were asked for.
	Route orb.LineString
}

// Summary counts the results.
type Summary struct {
	Targets        int
	Reachable      int
	BeyondSnap     int // no edge within MaxSnapM
	NoPath         int // snapped, but no facility reachable
	InvalidTargets int // coordinates missing or out of range
	LandAccess     int
	WaterOnly      int // reachable, but only with a river or ferry leg
	ModeRoad       int
	ModeRiver      int
	ModeRoadRiver  int
	ModeWalk       int
	// Travel time statistics over reachable targets (NaN when none).
	MeanTravelTimeS, MedianTravelTimeS, MaxTravelTimeS float64
	Facilities                                         int
	// UnsnappedFacilities are the IDs, in input order, of facilities with
	// no edge within MaxSnapM; they take no part.
	UnsnappedFacilities []string
	// GroupsWithoutFacility are target groups no facility belongs to.
	GroupsWithoutFacility []string
	Nodes, Edges          int
}

// ErrNoFacility is returned when no facility can be placed on the network.
var ErrNoFacility = errors.New("access: no facility within the maximum snap distance of the network")

// cand is a place where a point joins the network.
type cand struct {
	edge  int32
	frac  float64
	pt    orb.Point
	snapM float64
	walkS float64
	water bool
}

// snapBoth joins a point to the nearest land edge and to the nearest
// water edge, each within maxSnapM: a riverside village can walk to its
// road or to the boat, and the search picks the faster.
func (g *Graph) snapBoth(p orb.Point, maxSnapM, walkMPS float64) []cand {
	var out []cand
	for _, layer := range []uint8{layerLand, layerWater} {
		if s, ok := g.snap(p, maxSnapM, layer); ok {
			out = append(out, cand{edge: int32(s.Edge), frac: s.Fraction, pt: s.Point, snapM: s.SnapM,
				walkS: s.SnapM / walkMPS, water: s.Kind.water()})
		}
	}
	return out
}

// option is one way for a target to reach a facility: via an end node of
// its snapped edge, or along that edge straight to a facility on it.
type option struct {
	timeS  float64
	lenM   float64
	fac    int32
	flags  uint8
	cand   int
	node   int32 // -1 for the direct way
	direct int   // index into the facility candidate list for direct ways
}

// Analyse gives every target its nearest facility (travel time from the
// target to the facility), its time to its own group's facility, mode and
// land access. Results are in target order. It reads WalkSpeedKMH,
// MaxSnapM and Workers from p; speeds and the boarding penalty were fixed
// by BuildGraph.
func Analyse(g *Graph, targets []Point, facilities []Point, p Params, withRoutes bool) ([]Result, Summary, error) {
	p, err := p.resolved()
	if err != nil {
		return nil, Summary{}, err
	}
	if g == nil {
		return nil, Summary{}, errors.New("access: nil graph")
	}
	walkMPS := p.WalkSpeedKMH / 3.6
	boardS := g.params.BoardingPenaltyS
	sum := Summary{Targets: len(targets), Facilities: len(facilities), Nodes: len(g.nodes), Edges: len(g.edges)}

	// Facilities: their candidates, and the seeds they give.
	type fcand struct {
		cand
		fac int32
	}
	var fcs []fcand
	for i, f := range facilities {
		cs := g.snapBoth(f.Pos, p.MaxSnapM, walkMPS)
		if len(cs) == 0 {
			sum.UnsnappedFacilities = append(sum.UnsnappedFacilities, f.ID)
			continue
		}
		for _, c := range cs {
			fcs = append(fcs, fcand{c, int32(i)})
		}
	}
	if len(fcs) == 0 {
		return nil, sum, ErrNoFacility
	}
	seedsOf := func(keep func(fcand) bool) []seed {
		var out []seed
		for ci, c := range fcs {
			if !keep(c) {
				continue
			}
			ed := g.edges[c.edge]
			l := float64(ed.lenM)
			// From the From node forward to the facility, and from the To
			// node backward.
			if t := partS(c.frac, g.fwdS(ed)); !math.IsInf(t, 1) {
				out = append(out, seed{ed.u, c.walkS + t, c.snapM + c.frac*l, c.fac, partBit(c.frac, g.kind(ed)), int32(ci)})
			}
			if t := partS(1-c.frac, g.bwdS(ed)); !math.IsInf(t, 1) {
				out = append(out, seed{ed.v, c.walkS + t, c.snapM + (1-c.frac)*l, c.fac, partBit(1-c.frac, g.kind(ed)), int32(ci)})
			}
		}
		return out
	}
	allSeeds := seedsOf(func(fcand) bool { return true })
	byEdge := make([]int, len(fcs)) // facility candidates sorted by edge
	for i := range byEdge {
		byEdge[i] = i
	}
	sort.SliceStable(byEdge, func(a, b int) bool { return fcs[byEdge[a]].edge < fcs[byEdge[b]].edge })
	onEdge := func(e int32) []int {
		lo := sort.Search(len(byEdge), func(i int) bool { return fcs[byEdge[i]].edge >= e })
		hi := lo
		for hi < len(byEdge) && fcs[byEdge[hi]].edge == e {
			hi++
		}
		return byEdge[lo:hi]
	}

	// The main search (one goroutine: Dijkstra is sequential) runs while
	// the land-only reachability and the targets' snapping (in parallel,
	// each writing its own slot) use the other cores.
	main := newSearch(g, true, withRoutes)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		main.run(allSeeds, nil)
	}()
	land := landReach(g, seedsOf(func(c fcand) bool { return !c.water }))
	res := make([]Result, len(targets))
	tcs := make([][]cand, len(targets))
	parallelRange(len(targets), p.Workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			tcs[i] = g.snapBoth(targets[i].Pos, p.MaxSnapM, walkMPS)
		}
	})
	wg.Wait()

	// options lists the ways from target candidates to facilities given
	// node times; direct ways use only facilities accepted by keepFac.
	options := func(cs []cand, timeAt func(n int32) (float64, int32, float64, uint8), keepFac func(int32) bool, buf []option) []option {
		buf = buf[:0]
		for ci, c := range cs {
			ed := g.edges[c.edge]
			l := float64(ed.lenM)
			board := 0.0
			if c.water {
				board = boardS
			}
			for _, end := range [2]struct {
				node int32
				part float64
				w    float32
			}{{ed.u, c.frac, g.bwdS(ed)}, {ed.v, 1 - c.frac, g.fwdS(ed)}} {
				t := partS(end.part, end.w)
				if math.IsInf(t, 1) {
					continue
				}
				nt, fac, nl, nf := timeAt(end.node)
				if math.IsInf(nt, 1) {
					continue
				}
				buf = append(buf, option{timeS: c.walkS + board + t + nt, lenM: c.snapM + end.part*l + nl,
					fac: fac, flags: nf | partBit(end.part, g.kind(ed)), cand: ci, node: end.node})
			}
			for _, fi := range onEdge(c.edge) {
				f := fcs[fi]
				if !keepFac(f.fac) {
					continue
				}
				var t float64
				if f.frac >= c.frac {
					t = partS(f.frac-c.frac, g.fwdS(ed))
				} else {
					t = partS(c.frac-f.frac, g.bwdS(ed))
				}
				if math.IsInf(t, 1) {
					continue
				}
				part := math.Abs(f.frac - c.frac)
				b := 0.0
				if part > 0 {
					b = board
				}
				buf = append(buf, option{timeS: c.walkS + b + t + f.walkS, lenM: c.snapM + part*l + f.snapM,
					fac: f.fac, flags: partBit(part, g.kind(ed)), cand: ci, node: -1, direct: fi})
			}
		}
		return buf
	}
	best := func(opts []option) (option, bool) {
		if len(opts) == 0 {
			return option{}, false
		}
		b := opts[0]
		for _, o := range opts[1:] {
			if o.timeS < b.timeS || o.timeS == b.timeS && o.fac < b.fac {
				b = o
			}
		}
		return b, true
	}
	mainAt := func(n int32) (float64, int32, float64, uint8) {
		l := &main.lab[n]
		return l.timeS, l.src, float64(l.lenM), main.flags[n]
	}
	all := func(int32) bool { return true }
	parallelRange(len(targets), p.Workers, func(lo, hi int) {
		var buf []option
		for i := lo; i < hi; i++ {
			r := &res[i]
			*r = Result{TravelTimeS: math.NaN(), DistanceM: math.NaN(), TimeToGroupS: math.NaN(),
				SnapM: math.NaN(), FacilityIndex: -1}
			cs := tcs[i]
			if len(cs) == 0 {
				continue
			}
			r.SnapM = cs[0].snapM
			for _, c := range cs[1:] {
				r.SnapM = math.Min(r.SnapM, c.snapM)
			}
			buf = options(cs, mainAt, all, buf)
			o, ok := best(buf)
			if !ok {
				continue
			}
			r.Reachable = true
			r.TravelTimeS, r.DistanceM = o.timeS, o.lenM
			r.FacilityIndex, r.Facility = int(o.fac), facilities[o.fac].ID
			r.SnapM = cs[o.cand].snapM
			r.Mode = modeName(o.flags)
			if withRoutes {
				r.Route = g.route(targets[i].Pos, cs[o.cand], o, main, allSeeds, func(ci int32) (orb.Point, cand) {
					return facilities[fcs[ci].fac].Pos, fcs[ci].cand
				})
			}
			// Land access: the land candidate reaches a land-reachable node
			// or a facility's land candidate on its own edge.
			for _, o := range options(cs, func(n int32) (float64, int32, float64, uint8) {
				if land[n] {
					return 0, 0, 0, 0
				}
				return math.Inf(1), 0, 0, 0
			}, all, nil) {
				if !cs[o.cand].water && (o.node >= 0 || !fcs[o.direct].water) {
					r.LandAccess = true
					break
				}
			}
		}
	})

	// The main search's labels are no longer needed.
	main, land = nil, nil
	p.released()

	// Own-group times. A target whose nearest facility is of its group
	// already has the answer; the others need a search from the group.
	groupOf := make(map[string][]int32)
	for i, f := range facilities {
		if f.Group != "" {
			groupOf[f.Group] = append(groupOf[f.Group], int32(i))
		}
	}
	pending := make(map[string][]int32)
	missing := map[string]bool{}
	for i := range targets {
		gname := targets[i].Group
		r := &res[i]
		if gname == "" {
			continue
		}
		if _, ok := groupOf[gname]; !ok {
			missing[gname] = true
			continue
		}
		if !r.Reachable {
			continue
		}
		if facilities[r.FacilityIndex].Group == gname {
			r.TimeToGroupS = r.TravelTimeS
			continue
		}
		pending[gname] = append(pending[gname], int32(i))
	}
	for k := range missing {
		sum.GroupsWithoutFacility = append(sum.GroupsWithoutFacility, k)
	}
	sort.Strings(sum.GroupsWithoutFacility)
	names := make([]string, 0, len(pending))
	for k := range pending {
		names = append(names, k)
	}
	sort.Strings(names)
	jobs := make(chan string)
	var gw sync.WaitGroup
	for w := 0; w < min(p.Workers, len(names)); w++ {
		gw.Add(1)
		go func() {
			defer gw.Done()
			s := newSearch(g, false, false)
			var buf []option
			for name := range jobs {
				s.reset()
				members := groupOf[name]
				inGroup := func(f int32) bool { _, ok := slices.BinarySearch(members, f); return ok }
				seeds := seedsOf(func(c fcand) bool { return inGroup(c.fac) })
				at := func(n int32) (float64, int32, float64, uint8) { return s.timeS[n], 0, 0, 0 }
				open := slices.Clone(pending[name])
				calls := 0
				s.run(seeds, func(settledS float64) bool {
					// The open targets are looked at about once per as
					// many settled nodes as there are of them, so that a
					// group with many pending targets costs a pass over
					// them now and then, not at every call.
					if calls++; calls*checkEvery < len(open) && !math.IsInf(settledS, 1) {
						return true
					}
					calls = 0
					// A target is final once its best is no more than the
					// settled time: any later path costs at least that.
					for j := 0; j < len(open); {
						ti := open[j]
						buf = options(tcs[ti], at, inGroup, buf)
						o, ok := best(buf)
						if ok && o.timeS <= settledS || math.IsInf(settledS, 1) {
							if ok {
								res[ti].TimeToGroupS = o.timeS
							}
							open[j] = open[len(open)-1]
							open = open[:len(open)-1]
							continue
						}
						j++
					}
					return len(open) > 0
				})
			}
		}()
	}
	for _, n := range names {
		jobs <- n
	}
	close(jobs)
	gw.Wait()

	// Summary.
	var times []float64
	for i := range res {
		r := &res[i]
		switch {
		case !validPoint(targets[i].Pos):
			sum.InvalidTargets++
		case math.IsNaN(r.SnapM):
			sum.BeyondSnap++
		case !r.Reachable:
			sum.NoPath++
		}
		if !r.Reachable {
			continue
		}
		sum.Reachable++
		times = append(times, r.TravelTimeS)
		if r.LandAccess {
			sum.LandAccess++
		} else {
			sum.WaterOnly++
		}
		switch r.Mode {
		case "road":
			sum.ModeRoad++
		case "river":
			sum.ModeRiver++
		case "road+river":
			sum.ModeRoadRiver++
		default:
			sum.ModeWalk++
		}
	}
	sum.MeanTravelTimeS, sum.MedianTravelTimeS, sum.MaxTravelTimeS = math.NaN(), math.NaN(), math.NaN()
	if len(times) > 0 {
		slices.Sort(times)
		var s float64
		for _, t := range times {
			s += t
		}
		sum.MeanTravelTimeS = s / float64(len(times))
		m := len(times) / 2
		sum.MedianTravelTimeS = times[m]
		if len(times)%2 == 0 {
			sum.MedianTravelTimeS = (times[m-1] + times[m]) / 2
		}
		sum.MaxTravelTimeS = times[len(times)-1]
	}
	return res, sum, nil
}

// partS is the time for a fraction of an edge in a direction whose full
// time is w; +Inf when the direction is closed, 0 when nothing is
// travelled (standing on the node is allowed on a one-way edge).
func partS(frac float64, w float32) float64 {
	if frac <= 0 {
		return 0
	}
	return frac * float64(w)
}

func partBit(frac float64, m Mode) uint8 {
	if frac <= 0 {
		return 0
	}
	return kindBit(m)
}

func modeName(flags uint8) string {
	switch flags & (usedRoad | usedWater) {
	case usedRoad | usedWater:
		return "road+river"
	case usedWater:
		return "river"
	case usedRoad:
		return "road"
	}
	return "walk"
}

// String formats a summary line for logs.
func (s Summary) String() string {
	return fmt.Sprintf("%d targets: %d reachable (%d by land), %d beyond snap, %d without path",
		s.Targets, s.Reachable, s.LandAccess, s.BeyondSnap, s.NoPath)
}
