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

// bucketQueue is the search's queue: items are kept by bucket, the
// integer part of time/Δ, and leave bucket by bucket in increasing
// order, in no particular order inside a bucket (the search's label
// correcting makes that exact; see search.run). The buckets are a radix
// heap (R. K. Ahuja, K. Mehlhorn, J. B. Orlin and R. E. Tarjan, "Faster
// algorithms for the shortest path problem", Journal of the ACM 37(2),
// 1990) on the bucket numbers: an item goes to the level of the highest
// bit in which its bucket differs from the current one, so a push is an
// append and an item moves down at most as many times as the bits of the
// spread of bucket numbers (a few, when Δ is near the cheapest move).
// Items of the current bucket wait in cur.
type bucketQueue struct {
	inv      float64 // 1/Δ
	last     uint64  // the current bucket
	n        int
	cur      []queueItem
	levels   [65][]queueItem
	nonEmpty uint64 // bit b−1 set when level b (1…64) holds items
}

func newBucketQueue(deltaS float64) bucketQueue {
	if !(deltaS > 0) || math.IsInf(deltaS, 1) {
		deltaS = 1
	}
	return bucketQueue{inv: 1 / deltaS}
}

// bucket is the bucket of time t: non-decreasing in t.
func (q *bucketQueue) bucket(t float64) uint64 {
	if v := t * q.inv; v < 1<<63 {
		return uint64(v)
	}
	return 1 << 63
}

func (q *bucketQueue) len() int { return q.n }

// push adds an item; its bucket must not be below the current one, which
// holds for any label offered by a move from a popped one.
func (q *bucketQueue) push(it queueItem) {
	q.n++
	k := q.bucket(it.t)
	if k == q.last {
		q.cur = append(q.cur, it)
		return
	}
	b := bits.Len64(k ^ q.last)
	q.levels[b] = append(q.levels[b], it)
	q.nonEmpty |= 1 << (b - 1)
}

// next makes the lowest non-empty bucket current and returns its
// number; the queue must not be empty.
func (q *bucketQueue) next() uint64 {
	if len(q.cur) == 0 {
		q.refill()
	}
	return q.last
}

// take moves the entries of the current bucket into buf (emptied first)
// and returns it; the queue must not be empty. Entries pushed into the
// current bucket afterwards are taken by the next call.
func (q *bucketQueue) take(buf []queueItem) []queueItem {
	if len(q.cur) == 0 {
		q.refill()
	}
	buf, q.cur = q.cur, buf[:0]
	q.n -= len(buf)
	return buf
}

// refill takes the lowest non-empty level, makes its lowest bucket the
// current one, and spreads its items over cur and the lower levels.
func (q *bucketQueue) refill() {
	b := bits.TrailingZeros64(q.nonEmpty) + 1
	items := q.levels[b]
	min := q.bucket(items[0].t)
	for _, it := range items[1:] {
		if k := q.bucket(it.t); k < min {
			min = k
		}
	}
	q.last = min
	for _, it := range items {
		k := q.bucket(it.t)
		if k == min {
			q.cur = append(q.cur, it)
			continue
		}
		nb := bits.Len64(k ^ min)
		q.levels[nb] = append(q.levels[nb], it)
		q.nonEmpty |= 1 << (nb - 1)
	}
	q.levels[b] = items[:0]
	q.nonEmpty &^= 1 << (b - 1)
}
