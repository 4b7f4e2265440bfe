package access

import (
	"math/rand/v2"
	"testing"
)

// The radix heap gives out entries in exactly the order of hentry.less,
// as a search drives it: seeds first, then after each pop a few entries
// at or after the popped time, many of them at equal times (zero-length
// arcs, equal seeds) with other facilities and nodes.
func TestRadixHeapOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		var h radixHeap
		var ref []hentry // the entries held, the least found by scanning
		push := func(e hentry) {
			h.push(e)
			ref = append(ref, e)
		}
		entry := func(tm float64) hentry {
			return hentry{t: tm, s: int32(rng.IntN(4)), n: int32(rng.IntN(50))}
		}
		for range 1 + rng.IntN(20) {
			tm := 0.0
			if rng.IntN(3) > 0 {
				tm = float64(rng.IntN(5)) * 7.25
			}
			push(entry(tm))
		}
		pops := 0
		for h.len() > 0 {
			if h.len() != len(ref) {
				t.Fatalf("round %d: %d held, want %d", round, h.len(), len(ref))
			}
			least := 0
			for i := range ref {
				if ref[i].less(ref[least]) {
					least = i
				}
			}
			want := ref[least]
			ref[least] = ref[len(ref)-1]
			ref = ref[:len(ref)-1]
			got := h.pop()
			if got != want {
				t.Fatalf("round %d, pop %d: %+v, want %+v", round, pops, got, want)
			}
			pops++
			if pops > 2000 {
				continue // let it drain
			}
			for range rng.IntN(4) {
				switch rng.IntN(4) {
				case 0:
					push(entry(got.t)) // a zero-length arc
				case 1:
					push(entry(got.t + float64(rng.IntN(3))*0.5))
				default:
					push(entry(got.t + rng.Float64()*1e4))
				}
			}
		}
		if len(ref) != 0 {
			t.Fatalf("round %d: the heap ran dry with %d left", round, len(ref))
		}
	}
}
