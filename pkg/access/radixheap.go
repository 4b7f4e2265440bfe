package access

import (
	"math"
	"math/bits"
)

// radixHeap is a monotone priority queue of heap entries (R. K. Ahuja,
// K. Mehlhorn, J. B. Orlin and R. E. Tarjan, "Faster algorithms for the
// shortest path problem", Journal of the ACM 37(2), 1990): Dijkstra never
// asks for a time below the last one popped, so an entry is kept in the
// bucket of the highest bit in which its time differs from that last
// time, and only the lowest non-empty bucket is ever sorted out. Times
// are compared as the bits of non-negative float64s, which order as the
// numbers do.
//
// Entries of the popped time itself (bucket 0) are kept in a binary heap
// by (facility, node), so entries leave in exactly the order of
// hentry.less, as from a comparison heap: the search's ties, and with
// them its output, are those of any correct priority queue of that order.
type radixHeap struct {
	last    uint64
	n       int
	zero    []hentry       // bucket 0: entries of time last, a heap by ties
	buckets [65]*heapBlock // buckets 1…64: lists of blocks, the first being filled
	free    *heapBlock     // blocks emptied, for reuse
}

// heapBlock holds some entries of a bucket. Buckets are lists of blocks of
// one size, reused as buckets empty and fill, so a search does not leave
// arrays of every size behind it for the collector (with a growing slice
// per bucket, a full search over a 2M-node grid allocated 55 MB instead
// of 35).
type heapBlock struct {
	e    [255]hentry
	n    int
	next *heapBlock
}

func timeKey(t float64) uint64 { return math.Float64bits(t) }

func (h *radixHeap) len() int { return h.n }

func (h *radixHeap) reset() {
	for b := range h.buckets {
		for h.buckets[b] != nil {
			h.buckets[b] = h.release(h.buckets[b])
		}
	}
	h.zero = h.zero[:0]
	h.last, h.n = 0, 0
}

// release puts block k on the free list and returns the block after it.
func (h *radixHeap) release(k *heapBlock) *heapBlock {
	next := k.next
	k.n, k.next = 0, h.free
	h.free = k
	return next
}

// push adds e; its time must not be below the last popped one.
func (h *radixHeap) push(e hentry) {
	h.n++
	k := timeKey(e.t)
	if k == h.last {
		h.push0(e)
		return
	}
	h.add(bits.Len64(k^h.last), e)
}

// add appends e to bucket b.
func (h *radixHeap) add(b int, e hentry) {
	k := h.buckets[b]
	if k == nil || k.n == len(k.e) {
		nk := h.free
		if nk != nil {
			h.free = nk.next
		} else {
			nk = new(heapBlock)
		}
		nk.next = k
		h.buckets[b] = nk
		k = nk
	}
	k.e[k.n] = e
	k.n++
}

// pop removes and returns the least entry by hentry.less; h must not be
// empty.
func (h *radixHeap) pop() hentry {
	if len(h.zero) == 0 {
		b := 1
		for h.buckets[b] == nil {
			b++
		}
		list := h.buckets[b]
		h.buckets[b] = nil
		m := uint64(math.MaxUint64)
		for k := list; k != nil; k = k.next {
			for _, e := range k.e[:k.n] {
				m = min(m, timeKey(e.t))
			}
		}
		h.last = m
		for k := list; k != nil; k = h.release(k) {
			for _, e := range k.e[:k.n] {
				if tk := timeKey(e.t); tk == m {
					h.push0(e)
				} else {
					h.add(bits.Len64(tk^m), e)
				}
			}
		}
	}
	h.n--
	return h.pop0()
}

// ties orders the entries of one time: the earlier facility, then the
// lower node.
func ties(a, b hentry) bool {
	if a.s != b.s {
		return a.s < b.s
	}
	return a.n < b.n
}

func (h *radixHeap) push0(e hentry) {
	a := append(h.zero, e)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !ties(a[i], a[p]) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
	h.zero = a
}

func (h *radixHeap) pop0() hentry {
	a := h.zero
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(a) {
			break
		}
		if c+1 < len(a) && ties(a[c+1], a[c]) {
			c++
		}
		if !ties(a[c], a[i]) {
			break
		}
		a[i], a[c] = a[c], a[i]
		i = c
	}
	h.zero = a
	return top
}
