package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/report"
)

// Indicators are the report's indicators, in report order.
var Indicators = []struct {
	Key    string
	Unit   string
	Higher bool
}{
	{"villages_with_signal", "count", true},
	{"offices_with_signal", "count", true},
	{"population_covered", "people", true},
	{"blank_spot_villages", "count", false},
	{"road_length_covered_km", "km", true},
}

// FailRule is one --fail-under indicator=value.
type FailRule struct {
	Key   string  // an indicator of Indicators
	Value float64 // a share up to 1, else a count; a maximum for blank_spot_villages
}

// ParseFailUnder reads --fail-under values: indicator=value, the value a
// share (up to 1, or with %) or a count.
func ParseFailUnder(vals []string) ([]FailRule, error) {
	var out []FailRule
	for _, v := range vals {
		k, num, ok := strings.Cut(v, "=")
		f, err := strconv.ParseFloat(strings.TrimSuffix(num, "%"), 64)
		if strings.HasSuffix(num, "%") {
			f /= 100
		}
		known := false
		for _, d := range Indicators {
			if d.Key == k {
				known = true
			}
		}
		if !ok || err != nil || !known || math.IsNaN(f) {
			var keys []string
			for _, d := range Indicators {
				keys = append(keys, d.Key)
			}
			return nil, Usagef("--fail-under %q: want indicator=value with indicator one of %s", v, strings.Join(keys, ", "))
		}
		out = append(out, FailRule{Key: k, Value: f})
	}
	return out, nil
}

// JudgeTarget turns a scenario target into the value shown and says
// whether v meets it. A target up to 1 on a count, people or road length
// with a known total is a share of that total (blank-spot villages are
// always a count); shares are compared at the precision the report prints
// them (0.1 %), so 218 of 237 (92.0 %) meets a 92 % target.
func JudgeTarget(v, t float64, s *report.IndicatorSeries) (want float64, met bool) {
	share := t <= 1 && s.Total > 0 && s.Key != "blank_spot_villages"
	if !share {
		met = (s.HigherIsBetter && v >= t-1e-9) || (!s.HigherIsBetter && v <= t+1e-9)
		return t, met
	}
	want = math.Round(t*s.Total*10) / 10
	got := math.Round(v/s.Total*1000) / 1000
	met = (s.HigherIsBetter && got >= t-1e-9) || (!s.HigherIsBetter && got <= t+1e-9)
	return want, met
}

// CheckFailUnder says which --fail-under rules the latest year misses,
// as a FailUnderError.
func CheckFailUnder(rep *report.Report, rules []FailRule) error {
	var missed []string
	for _, r := range rules {
		for _, s := range rep.Indicators {
			if s.Key != r.Key || len(s.Values) == 0 {
				continue
			}
			v := s.Values[len(s.Values)-1].Value
			if want, met := JudgeTarget(v, r.Value, &s); !met {
				missed = append(missed, fmt.Sprintf("%s is %s in %d, target %s", r.Key, trimFloat(v), rep.LatestYear, trimFloat(want)))
			}
		}
	}
	if len(missed) > 0 {
		return FailUnderError{Msg: "target missed: " + strings.Join(missed, "; ")}
	}
	return nil
}

func trimFloat(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }
