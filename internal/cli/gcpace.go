package cli

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The Go collector lets garbage grow to GOGC percent (100) of the live
// heap before it collects. The large analyses hold big, pointer-free
// arrays (a road graph, search labels) while a file is decoded next to
// them: with the default the process would need twice the graph's size.
// Collecting such a heap is cheap (its arrays hold no pointers to
// follow), so paceGC lowers the percentage as the live heap grows, to
// keep the garbage allowance near gcSlackBytes but not under
// gcMinPercent of the live heap, nor (but for rounding to steps of 5 %)
// under the heap that holds pointers:
// a collection's work is scanning that part, and an allowance at least
// as large keeps the collector's share of the time no higher than with
// the default (rank holds every village's coverage, full of pointers,
// while it builds the road graph). A GOGC set in the environment is left
// alone.
const (
	gcSlackBytes = 48 << 20
	gcMinPercent = 20
	gcMaxPercent = 100
	gcPaceEvery  = 10 * time.Millisecond
)

// paceGC starts the pacing; the returned function stops it.
func paceGC() (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/scan/heap:bytes"}}
		cur := gcMaxPercent
		t := time.NewTicker(gcPaceEvery)
		defer t.Stop()
		defer func() {
			if cur != gcMaxPercent {
				debug.SetGCPercent(gcMaxPercent)
			}
		}()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 || sample[1].Value.Kind() != metrics.KindUint64 {
				return
			}
			if p := gcPercentFor(sample[0].Value.Uint64(), sample[1].Value.Uint64()); p != cur {
				debug.SetGCPercent(p)
				cur = p
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// gcPercentFor is the GOGC for a live heap of the given size of which
// scan bytes hold pointers, in steps of 5 so that the setting changes
// seldom.
func gcPercentFor(live, scan uint64) int {
	if live == 0 {
		return gcMaxPercent
	}
	p := int(max(uint64(gcSlackBytes), scan) * 100 / live)
	p -= p % 5
	return max(gcMinPercent, min(gcMaxPercent, p))
}
