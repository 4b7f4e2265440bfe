package geoio

import (
	"math/rand/v2"
	"testing"
)

// The run-and-map bookkeeping of integer ids against a plain set, on
// random sequences that mix increasing runs, gaps, repeats and ids out
// of order.
func TestDuplicateIntIDsAgainstSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	for trial := 0; trial < 200; trial++ {
		var c checkedReader
		set := map[int64]bool{}
		next := int64(rng.IntN(5))
		for i := 0; i < 300; i++ {
			var v int64
			switch rng.IntN(4) {
			case 0, 1:
				v = next
				next += 1 + int64(rng.IntN(2))
			case 2:
				v = int64(rng.IntN(int(next) + 3))
			default:
				v = next + int64(rng.IntN(4))
			}
			if got, want := c.duplicate(v), set[v]; got != want {
				t.Fatalf("trial %d step %d: duplicate(%d) = %v, want %v", trial, i, v, got, want)
			}
			set[v] = true
		}
	}
}
