// Package par runs a loop's iterations on every core, in chunks. Each
// chunk must write only its own part of the results, so the outcome
// never depends on how the chunks were scheduled.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Chunks calls f(lo, hi) for consecutive ranges of [0, n) of at most
// grain iterations each, on up to GOMAXPROCS goroutines, and returns
// when all have returned.
func Chunks(n, grain int, f func(lo, hi int)) {
	if grain < 1 {
		grain = 1
	}
	chunks := (n + grain - 1) / grain
	workers := min(runtime.GOMAXPROCS(0), chunks)
	if workers <= 1 {
		for lo := 0; lo < n; lo += grain {
			f(lo, min(lo+grain, n))
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= chunks {
					return
				}
				f(k*grain, min((k+1)*grain, n))
			}
		}()
	}
	wg.Wait()
}
