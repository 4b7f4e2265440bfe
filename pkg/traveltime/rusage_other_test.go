//go:build !unix

package traveltime

import "math"

// peakRSSMB is unknown where getrusage is missing (Windows): NaN.
func peakRSSMB() float64 { return math.NaN() }

// cpuSeconds is unknown where getrusage is missing (Windows): NaN.
func cpuSeconds() float64 { return math.NaN() }
