package traveltime

import (
	"math"
	"math/bits"
)

// queueItem is a label offered to a node: its time, facility and the
// node. The queue holds the label itself, so ordering never reads the
// node arrays; a node improved again is pushed again and the stale entry
// skipped when it leaves (lazy deletion).
type queueItem struct {
	t float64
	f int32
	x int32
}

// ringSpan is the number of buckets the queue keeps in its ring: a power
// of two, many times the spread of a move's time in buckets (Δ is the
// cheapest move; the dearest knight's move across the slowest class is
// a few tens of Δ).
const ringSpan = 256

// bucketQueue is the search's queue: Dial's buckets (R. B. Dial,
// "Algorithm 360: shortest-path forest with topological ordering",
// Communications of the ACM 12(11), 1969), each a span Δ of time, the
// integer part of time/Δ numbering it. Items leave bucket by bucket in
// increasing order, in no particular order inside a bucket (the search
// makes that exact; see search.run). The buckets from the current one on
// are a ring of ringSpan slices, so a push is an append to its bucket
// and an item is never moved; the rare items beyond the ring (a long
// network arc) wait in far until the ring reaches them.
type bucketQueue struct {
	inv  float64 // 1/Δ
	last uint64  // the current bucket
	n    int
	// bucket k in ring[k % ringSpan], for last ≤ k < last+ringSpan
	slots
	far    []queueItem // buckets from last+ringSpan on
	farMin uint64      // the lowest bucket in far
}

// slots is a ring of item lists, with a bit per non-empty slot and the
// emptied lists kept for reuse.
type slots struct {
	ring   [ringSpan][]queueItem
	filled [ringSpan / 64]uint64
	spare  itemPool
}

// add appends it to slot i.
func (s *slots) add(i uint64, it queueItem) {
	if s.ring[i] == nil {
		s.ring[i] = s.spare.get()
	}
	s.ring[i] = append(s.ring[i], it)
	s.filled[i>>6] |= 1 << (i & 63)
}

// itemPool keeps emptied item slices for reuse, so the ring holds memory
// only for the few buckets in use, not the largest bucket in every slot.
type itemPool [][]queueItem

func (s *itemPool) get() []queueItem {
	if n := len(*s); n > 0 {
		b := (*s)[n-1]
		*s = (*s)[:n-1]
		return b
	}
	return nil
}

func (s *itemPool) put(b []queueItem) {
	if cap(b) > 0 {
		*s = append(*s, b[:0])
	}
}

func newBucketQueue(deltaS float64) bucketQueue {
	if !(deltaS > 0) || math.IsInf(deltaS, 1) {
		deltaS = 1
	}
	return bucketQueue{inv: 1 / deltaS, farMin: math.MaxUint64}
}

// bucket is the bucket of time t: non-decreasing in t.
func (q *bucketQueue) bucket(t float64) uint64 {
	if v := t * q.inv; v < 1<<62 {
		return uint64(v)
	}
	return 1 << 62
}

func (q *bucketQueue) len() int { return q.n }

// push adds an item; its bucket must not be below the current one, which
// holds for any label offered by a move from a scanned one.
func (q *bucketQueue) push(it queueItem) {
	q.n++
	k := q.bucket(it.t)
	if k-q.last >= ringSpan {
		q.far = append(q.far, it)
		q.farMin = min(q.farMin, k)
		return
	}
	q.add(k&(ringSpan-1), it)
}

// next makes the lowest non-empty bucket current and returns its
// number; the queue must not be empty.
func (q *bucketQueue) next() uint64 {
	start := q.last & (ringSpan - 1)
	for d := uint64(0); d < ringSpan; {
		i := (start + d) & (ringSpan - 1)
		if w := q.filled[i>>6] >> (i & 63); w != 0 {
			d += uint64(bits.TrailingZeros64(w))
			q.advance(q.last + d)
			return q.last
		}
		d += 64 - i&63
	}
	// The ring is empty: jump to the far items.
	q.advance(q.farMin)
	return q.last
}

// advance makes k the current bucket and brings the far items now
// within the ring into it.
func (q *bucketQueue) advance(k uint64) {
	q.last = k
	if q.farMin-k >= ringSpan {
		return
	}
	far := q.far
	q.far, q.farMin = q.far[:0], math.MaxUint64
	for _, it := range far {
		q.n--
		q.push(it)
	}
}

// take returns the entries of the current bucket (next must have been
// called) and keeps buf, the previous bucket's, for reuse. Entries
// pushed into the current bucket afterwards are taken by the next call.
func (q *bucketQueue) take(buf []queueItem) []queueItem {
	q.spare.put(buf)
	i := q.last & (ringSpan - 1)
	buf, q.ring[i] = q.ring[i], nil
	q.filled[i>>6] &^= 1 << (i & 63)
	q.n -= len(buf)
	return buf
}

// pushBuf holds the items a worker pushes while a bucket is scanned,
// by ring slot (the current bucket does not change during the scan), so
// merging them into the queue is a block copy per slot.
type pushBuf struct {
	q *bucketQueue
	n int
	slots
	far []queueItem
}

func (p *pushBuf) push(it queueItem) {
	p.n++
	k := p.q.bucket(it.t)
	if k-p.q.last >= ringSpan {
		p.far = append(p.far, it)
		return
	}
	p.add(k&(ringSpan-1), it)
}

// merge moves the items of p into the queue and empties p.
func (q *bucketQueue) merge(p *pushBuf) {
	q.n += p.n
	p.n = 0
	for w := range p.filled {
		for m := p.filled[w]; m != 0; m &= m - 1 {
			i := w<<6 | bits.TrailingZeros64(m)
			if q.ring[i] == nil {
				// The worker's slice becomes the bucket's, and the
				// worker takes an emptied one in exchange: no copy.
				q.ring[i] = p.ring[i]
				p.spare.put(q.spare.get())
			} else {
				q.ring[i] = append(q.ring[i], p.ring[i]...)
				p.spare.put(p.ring[i])
			}
			p.ring[i] = nil
		}
		q.filled[w] |= p.filled[w]
		p.filled[w] = 0
	}
	for _, it := range p.far {
		q.far = append(q.far, it)
		q.farMin = min(q.farMin, q.bucket(it.t))
	}
	p.far = p.far[:0]
}
