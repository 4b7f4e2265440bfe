package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// parseDistanceM reads "250m", "5km", "5 km" or a bare number of metres.
func parseDistanceM(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "km"):
		mult, t = 1000, strings.TrimSuffix(t, "km")
	case strings.HasSuffix(t, "m"):
		t = strings.TrimSuffix(t, "m")
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || v < 0 || v != v {
		return 0, fmt.Errorf("%q is not a distance (use e.g. 250m or 5km)", s)
	}
	return v * mult, nil
}

// parseDurationS reads "90min", "2h", "45s", "1h30m" or a bare number of
// minutes.
func parseDurationS(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if v, err := strconv.ParseFloat(t, 64); err == nil && v >= 0 {
		return v * 60, nil
	}
	total := 0.0
	rest := t
	for rest != "" {
		i := 0
		for i < len(rest) && (rest[i] == '.' || (rest[i] >= '0' && rest[i] <= '9')) {
			i++
		}
		if i == 0 {
			return 0, fmt.Errorf("%q is not a duration (use e.g. 90min, 2h, 1h30m)", s)
		}
		v, err := strconv.ParseFloat(rest[:i], 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration", s)
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && rest[j] >= 'a' && rest[j] <= 'z' {
			j++
		}
		switch rest[:j] {
		case "h", "hr", "hour", "hours", "jam":
			total += v * 3600
		case "m", "min", "mins", "minute", "minutes", "menit":
			total += v * 60
		case "s", "sec", "secs", "second", "seconds", "detik":
			total += v
		default:
			return 0, fmt.Errorf("%q is not a duration (unit %q)", s, rest[:j])
		}
		rest = strings.TrimSpace(rest[j:])
	}
	return total, nil
}

// distanceFlag is a pflag.Value holding metres.
type distanceFlag struct{ m *float64 }

func (d distanceFlag) String() string {
	if d.m == nil {
		return ""
	}
	return strconv.FormatFloat(*d.m, 'f', -1, 64) + "m"
}
func (d distanceFlag) Set(s string) error {
	v, err := parseDistanceM(s)
	if err != nil {
		return err
	}
	*d.m = v
	return nil
}
func (d distanceFlag) Type() string { return "distance" }

// durationFlag is a pflag.Value holding seconds.
type durationFlag struct{ s *float64 }

func (d durationFlag) String() string {
	if d.s == nil {
		return ""
	}
	return strconv.FormatFloat(*d.s/60, 'f', -1, 64) + "min"
}
func (d durationFlag) Set(s string) error {
	v, err := parseDurationS(s)
	if err != nil {
		return err
	}
	*d.s = v
	return nil
}
func (d durationFlag) Type() string { return "duration" }

// parseBytes reads a size: a number with B, KB, MB, GB (powers of 1000)
// or KiB, MiB, GiB (of 1024); a bare number is bytes.
func parseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			mult, t = u.mult, strings.TrimSpace(t[:len(t)-len(u.suffix)])
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || !(v >= 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a size (e.g. 512MB, 2GiB)", s)
	}
	return int64(v * mult), nil
}

// bytesFlag is a pflag.Value holding a size in bytes.
type bytesFlag struct{ n *int64 }

func (b bytesFlag) String() string {
	if b.n == nil || *b.n == 0 {
		return ""
	}
	return strconv.FormatInt(*b.n, 10) + "B"
}
func (b bytesFlag) Set(s string) error {
	v, err := parseBytes(s)
	if err != nil {
		return err
	}
	*b.n = v
	return nil
}
func (b bytesFlag) Type() string { return "size" }
