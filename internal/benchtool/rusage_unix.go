//go:build unix

package main

import (
	"os"
	"syscall"
)

// peakKB is a finished process's largest resident set, in KiB (Linux
// reports KiB; the benchmarks run on Linux).
func peakKB(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return int64(ru.Maxrss)
	}
	return 0
}
