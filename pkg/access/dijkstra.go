package access

import "math"

// Kind bits carried along a path to report its mode.
const (
	usedRoad  = 1
	usedWater = 2
)

func kindBit(m Mode) uint8 {
	switch m {
	case Road:
		return usedRoad
	case River, Ferry:
		return usedWater
	}
	return 0 // footpaths and landings do not change the mode
}

// hentry is a priority queue entry; the queue is lazy (an improved label
// is pushed again and stale entries are skipped when popped), which avoids
// a position array and is faster than decrease-key on road graphs.
type hentry struct {
	t float64
	s int32 // facility index: equal times go to the earlier facility
	n int32 // then to the lower node
}

func (a hentry) less(b hentry) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	if a.s != b.s {
		return a.s < b.s
	}
	return a.n < b.n
}

// seed starts a search at a node with a cost already spent: the walk from
// a facility's snap point and the part of its edge up to that node.
type seed struct {
	node  int32
	timeS float64
	lenM  float64
	fac   int32
	flags uint8
	cand  int32 // index of the facility candidate, for routes
}

// search holds the labels of one shortest-path tree over the reversed
// graph: the time from a node to the nearest seed's facility. A full
// search (the main one) also keeps the path length, the facility and the
// modes used, in one record per node so that relaxing an arc touches one
// cache line instead of four arrays; a time-only search (per group)
// keeps just the times.
type search struct {
	g       *Graph
	full    bool
	timeS   []float64   // time-only searches
	lab     []fullLabel // full searches
	flags   []uint8     // full searches
	parent  []int32     // arc code (edge<<1|dir) towards the facility, or -2-seed
	heap    radixHeap
	touched []int32
}

// fullLabel is a node's label in a full search; src orders equal times
// (the earlier facility wins).
type fullLabel struct {
	timeS float64
	lenM  float32
	src   int32
}

func newSearch(g *Graph, full, routes bool) *search {
	n := len(g.nodes)
	s := &search{g: g, full: full}
	if full {
		s.lab = make([]fullLabel, n)
		for i := range s.lab {
			s.lab[i] = fullLabel{timeS: math.Inf(1), src: math.MaxInt32}
		}
		s.flags = make([]uint8, n)
		if routes {
			s.parent = make([]int32, n)
		}
	} else {
		s.timeS = make([]float64, n)
		for i := range s.timeS {
			s.timeS[i] = math.Inf(1)
		}
	}
	return s
}

// reset clears the labels touched by the last run (searches for groups
// are reused without clearing the whole graph; full searches are not
// reused).
func (s *search) reset() {
	for _, n := range s.touched {
		s.timeS[n] = math.Inf(1)
	}
	s.touched = s.touched[:0]
	s.heap.reset()
}

// checkEvery is how many settled nodes a search goes between calls of its
// check.
const checkEvery = 512

// run is Dijkstra (1959) from the seeds along reversed arcs. check, when
// not nil, is called every checkEvery settled nodes with the current
// settled time; returning false ends the search early.
func (s *search) run(seeds []seed, check func(settledS float64) bool) {
	if s.full {
		s.runFull(seeds)
		return
	}
	g := s.g
	for _, sd := range seeds {
		s.labelTime(sd.node, sd.timeS, sd.fac)
	}
	pops := 0
	for s.heap.len() > 0 {
		top := s.heap.pop()
		x := top.n
		if top.t != s.timeS[x] {
			continue // stale
		}
		if check != nil {
			if pops++; pops%checkEvery == 0 && !check(top.t) {
				return
			}
		}
		for a := g.inOff[x]; a < g.inOff[x+1]; a++ {
			code, ed, at, u := g.inArcAt(a)
			s.labelTime(u, top.t+float64(openS(ed, at, code&1)), top.s)
		}
	}
	if check != nil {
		check(math.Inf(1))
	}
}

// labelTime sets n's time when it improves.
func (s *search) labelTime(n int32, t float64, fac int32) {
	old := s.timeS[n]
	if t >= old {
		return
	}
	if math.IsInf(old, 1) {
		s.touched = append(s.touched, n)
	}
	s.timeS[n] = t
	s.heap.push(hentry{t, fac, n})
}

// runFull is run for a full search: equal times go to the earlier
// facility, and length, facility and modes follow the time.
func (s *search) runFull(seeds []seed) {
	g := s.g
	for i, sd := range seeds {
		if s.labelFull(sd.node, sd.timeS, sd.fac, float32(sd.lenM)) {
			s.flags[sd.node] = sd.flags
			if s.parent != nil {
				s.parent[sd.node] = -2 - int32(i)
			}
		}
	}
	for s.heap.len() > 0 {
		top := s.heap.pop()
		x := top.n
		lx := s.lab[x]
		if top.t != lx.timeS || top.s != lx.src {
			continue // stale
		}
		fx := s.flags[x]
		for a := g.inOff[x]; a < g.inOff[x+1]; a++ {
			code, ed, at, u := g.inArcAt(a)
			if s.labelFull(u, top.t+float64(openS(ed, at, code&1)), top.s, lx.lenM+ed.lenM) {
				s.flags[u] = fx | kindBit(at.kind)
				if s.parent != nil {
					s.parent[u] = code
				}
			}
		}
	}
}

// labelFull sets n's label when it improves (time, then facility order).
func (s *search) labelFull(n int32, t float64, fac int32, lenM float32) bool {
	l := &s.lab[n]
	if t > l.timeS || t == l.timeS && fac >= l.src {
		return false
	}
	*l = fullLabel{timeS: t, lenM: lenM, src: fac}
	s.heap.push(hentry{t, fac, n})
	return true
}

// landReach marks the nodes from which a seed is reachable over road and
// footpath arcs only (breadth-first over reversed arcs): the test for
// land access, exact also with one-way roads.
func landReach(g *Graph, seeds []seed) []bool {
	reach := make([]bool, len(g.nodes))
	queue := make([]int32, 0, 1024)
	for _, sd := range seeds {
		if !reach[sd.node] {
			reach[sd.node] = true
			queue = append(queue, sd.node)
		}
	}
	for len(queue) > 0 {
		x := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for a := g.inOff[x]; a < g.inOff[x+1]; a++ {
			_, _, at, u := g.inArcAt(a)
			if at.kind != Road && at.kind != Walk {
				continue
			}
			if !reach[u] {
				reach[u] = true
				queue = append(queue, u)
			}
		}
	}
	return reach
}
