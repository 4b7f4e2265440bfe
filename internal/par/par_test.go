package par

import (
	"runtime"
	"testing"
)

func TestChunksCoverEveryIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 5} {
		old := runtime.GOMAXPROCS(procs)
		for _, c := range []struct{ n, grain int }{{0, 4}, {1, 4}, {10, 3}, {1000, 64}, {7, 0}} {
			seen := make([]int, c.n)
			Chunks(c.n, c.grain, func(lo, hi int) {
				if lo >= hi || hi-lo > max(c.grain, 1) {
					t.Errorf("n %d grain %d: chunk [%d, %d)", c.n, c.grain, lo, hi)
				}
				for i := lo; i < hi; i++ {
					seen[i]++
				}
			})
			for i, k := range seen {
				if k != 1 {
					t.Fatalf("GOMAXPROCS %d, n %d: index %d run %d times", procs, c.n, i, k)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}
