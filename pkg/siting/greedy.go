package siting

import (
	"cmp"
	"math"
	"slices"
)

// entry is a candidate in the lazy greedy's queue: gain is its marginal
// gain as of round (an upper bound on the current one, by submodularity).
type entry struct {
	gain  float64
	c     int32
	round int32
}

// greedy is the CELF state (Leskovec et al. 2007): a max-heap of stale
// marginal gains; the top is re-evaluated and accepted once it is fresh,
// since no stale bound below it can beat it.
type greedy struct {
	s       *sets
	w       []float64
	rank    []int32
	cov     []bool
	initial []float64 // singleton gains
	useful  int
	h       []entry
	round   int32
	value   float64 // weight covered by the picks so far

	// recBase[i] is f(S_i) and recTop[i][m] the sum of the m largest
	// queue keys at state i (upper bounds on the marginal gains).
	recBase []float64
	recTop  [][]float64
	aux     []int32
}

func newGreedy(s *sets, w []float64, rank []int32) *greedy {
	n := len(s.off) - 1
	g := &greedy{s: s, w: w, rank: rank, cov: make([]bool, len(w)), initial: make([]float64, n)}
	for c := range n {
		g.initial[c] = g.gain(c)
		if g.initial[c] > 0 {
			g.useful++
			g.h = append(g.h, entry{gain: g.initial[c], c: int32(c)})
		}
	}
	for i := len(g.h)/2 - 1; i >= 0; i-- {
		g.down(i)
	}
	return g
}

// gain sums, in index order, the weight of c's points not yet covered.
func (g *greedy) gain(c int) float64 {
	var sum float64
	for _, q := range g.s.of(c) {
		if !g.cov[q] {
			sum += g.w[q]
		}
	}
	return sum
}

// before orders queue entries: larger gain first, then smaller ID.
func (g *greedy) before(a, b entry) bool {
	if a.gain != b.gain {
		return a.gain > b.gain
	}
	return g.rank[a.c] < g.rank[b.c]
}

func (g *greedy) down(i int) {
	n := len(g.h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && g.before(g.h[r], g.h[l]) {
			m = r
		}
		if !g.before(g.h[m], g.h[i]) {
			return
		}
		g.h[i], g.h[m] = g.h[m], g.h[i]
		i = m
	}
}

// run picks up to limit candidates, stopping early when the covered share
// (before + picks) / total reaches target (if > 0) or nothing is left to
// gain. With record it keeps the data-dependent bound of every state.
func (g *greedy) run(limit int, target, before, total float64, record bool) ([]int32, StopReason) {
	var chosen []int32
	reached := func() bool { return target > 0 && (before+g.value)/total >= target }
	for len(chosen) < limit {
		if reached() {
			return chosen, StopTarget
		}
		for len(g.h) > 0 && g.h[0].round != g.round {
			g.h[0].gain = g.gain(int(g.h[0].c))
			g.h[0].round = g.round
			g.down(0)
		}
		if len(g.h) == 0 || g.h[0].gain <= 0 {
			return chosen, StopNoGain
		}
		if record {
			g.recBase = append(g.recBase, g.value)
			g.recTop = append(g.recTop, g.topPrefix(limit))
		}
		top := g.h[0]
		last := len(g.h) - 1
		g.h[0] = g.h[last]
		g.h = g.h[:last]
		g.down(0)
		for _, q := range g.s.of(int(top.c)) {
			g.cov[q] = true
		}
		g.value += top.gain
		g.round++
		chosen = append(chosen, top.c)
	}
	if reached() {
		return chosen, StopTarget
	}
	return chosen, StopK
}

// topPrefix returns the prefix sums of the m largest queue keys, found by
// walking the heap from its root with a second heap of frontier indices.
func (g *greedy) topPrefix(m int) []float64 {
	m = min(m, len(g.h))
	out := make([]float64, m+1)
	if m == 0 {
		return out
	}
	fr := append(g.aux[:0], 0)
	up := func(i int) {
		for i > 0 {
			p := (i - 1) / 2
			if g.h[fr[p]].gain >= g.h[fr[i]].gain {
				return
			}
			fr[i], fr[p] = fr[p], fr[i]
			i = p
		}
	}
	for k := 1; k <= m; k++ {
		top := fr[0]
		out[k] = out[k-1] + g.h[top].gain
		last := len(fr) - 1
		fr[0] = fr[last]
		fr = fr[:last]
		for i := 0; ; {
			l := 2*i + 1
			if l >= len(fr) {
				break
			}
			b := l
			if r := l + 1; r < len(fr) && g.h[fr[r]].gain > g.h[fr[l]].gain {
				b = r
			}
			if g.h[fr[b]].gain <= g.h[fr[i]].gain {
				break
			}
			fr[i], fr[b] = fr[b], fr[i]
			i = b
		}
		for _, ch := range []int32{2*top + 1, 2*top + 2} {
			if int(ch) < len(g.h) {
				fr = append(fr, ch)
				up(len(fr) - 1)
			}
		}
	}
	g.aux = fr
	return out
}

// dataBound is the smallest recorded f(S_i) + (k largest gain bounds at
// S_i), including the empty set, whose gains are the exact singletons.
func (g *greedy) dataBound(k int) float64 {
	best := topSum(slices.Clone(g.initial), k)
	for i, top := range g.recTop {
		best = math.Min(best, g.recBase[i]+top[min(k, len(top)-1)])
	}
	return best
}

// dataBoundAt is f + (k largest exact marginal gains w.r.t. cov).
func dataBoundAt(s *sets, w []float64, cov []bool, f float64, k int) float64 {
	gains := make([]float64, len(s.off)-1)
	for c := range gains {
		for _, q := range s.of(c) {
			if !cov[q] {
				gains[c] += w[q]
			}
		}
	}
	return f + topSum(gains, k)
}

// topSum adds the k largest values (it sorts v), largest first.
func topSum(v []float64, k int) float64 {
	slices.SortFunc(v, func(a, b float64) int { return cmp.Compare(b, a) })
	var sum float64
	for _, x := range v[:min(k, len(v))] {
		sum += x
	}
	return sum
}

// reorder replays a plain greedy inside set: the pick order reported
// after swaps, each site then gaining what it adds to those before it.
func reorder(s *sets, w []float64, set []int32, rank []int32) []int32 {
	cov := make([]bool, len(w))
	left := slices.Clone(set)
	out := make([]int32, 0, len(set))
	for len(left) > 0 {
		bi, bg := -1, -1.0
		for i, c := range left {
			var gain float64
			for _, q := range s.of(int(c)) {
				if !cov[q] {
					gain += w[q]
				}
			}
			if gain > bg || (gain == bg && rank[c] < rank[left[bi]]) {
				bi, bg = i, gain
			}
		}
		c := left[bi]
		for _, q := range s.of(int(c)) {
			cov[q] = true
		}
		out = append(out, c)
		left = slices.Delete(left, bi, bi+1)
	}
	return out
}
