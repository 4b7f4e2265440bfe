package traveltime

import (
	"math"
	"math/bits"
)

// queueItem is a label offered to a node: its time, facility and the
// node. The queue holds the label itself, so ordering never reads the
// node arrays; a node improved again is pushed again and the stale entry
// skipped when popped (lazy deletion).
type queueItem struct {
	t float64
	f int32
	x int32
}

// radixQueue is a monotone priority queue for Dijkstra's algorithm: a
// radix heap (R. K. Ahuja, K. Mehlhorn, J. B. Orlin and R. E. Tarjan,
// "Faster algorithms for the shortest path problem", Journal of the ACM
// 37(2), 1990) on the bits of the times. Non-negative float64 values
// order like their bit patterns as unsigned integers, so an item goes to
// the bucket of the highest bit in which its time differs from the last
// time popped; a push is an append, and an item moves to a lower bucket
// at most 64 times. Items whose time equals the last one popped wait in
// a small binary heap ordered by (facility, node), so items leave in
// exactly the (time, facility, node) order of a comparison heap, and
// the search's ties never depend on the order of pushes.
type radixQueue struct {
	last     uint64
	n        int
	buckets  [65][]queueItem
	nonEmpty uint64      // bit b−1 set when bucket b (1…64) holds items
	equal    []queueItem // times equal to last, a heap by (f, x)
}

func (q *radixQueue) len() int { return q.n }

func (q *radixQueue) push(it queueItem) {
	q.n++
	k := math.Float64bits(it.t)
	if k == q.last {
		q.pushEqual(it)
		return
	}
	b := bits.Len64(k ^ q.last)
	q.buckets[b] = append(q.buckets[b], it)
	q.nonEmpty |= 1 << (b - 1)
}

// peek is the smallest time in the queue, which must not be empty.
func (q *radixQueue) peek() float64 {
	if len(q.equal) == 0 {
		q.refill()
	}
	return q.equal[0].t
}

// pop removes the first item in (time, facility, node) order; the queue
// must not be empty.
func (q *radixQueue) pop() queueItem {
	if len(q.equal) == 0 {
		q.refill()
	}
	q.n--
	h := q.equal
	top := h[0]
	last := h[len(h)-1]
	h = h[:len(h)-1]
	q.equal = h
	if n := len(h); n > 0 {
		i := 0
		for {
			c := 2*i + 1
			if c >= n {
				break
			}
			if c+1 < n && lessFX(h[c+1], h[c]) {
				c++
			}
			if !lessFX(h[c], last) {
				break
			}
			h[i] = h[c]
			i = c
		}
		h[i] = last
	}
	return top
}

// refill takes the lowest non-empty bucket, makes its smallest time the
// last one, and spreads its items over the lower buckets.
func (q *radixQueue) refill() {
	b := bits.TrailingZeros64(q.nonEmpty) + 1
	items := q.buckets[b]
	min := math.Float64bits(items[0].t)
	for _, it := range items[1:] {
		if k := math.Float64bits(it.t); k < min {
			min = k
		}
	}
	q.last = min
	for _, it := range items {
		k := math.Float64bits(it.t)
		if k == min {
			q.pushEqual(it)
			continue
		}
		nb := bits.Len64(k ^ min)
		q.buckets[nb] = append(q.buckets[nb], it)
		q.nonEmpty |= 1 << (nb - 1)
	}
	q.buckets[b] = items[:0]
	q.nonEmpty &^= 1 << (b - 1)
}

func lessFX(a, b queueItem) bool {
	if a.f != b.f {
		return a.f < b.f
	}
	return a.x < b.x
}

func (q *radixQueue) pushEqual(it queueItem) {
	h := append(q.equal, it)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !lessFX(it, h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = it
	q.equal = h
}
