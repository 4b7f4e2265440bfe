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
	{"villages_with_4g", "count", true},
	{"offices_with_signal", "count", true},
	{"economic_centres_with_signal", "count", true},
	{"kecamatan_capitals_with_4g", "count", true},
	{"settlements_with_signal", "count", true},
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

// JudgeTarget turns a scenario target t into the value it asks for and
// says whether v meets it. A target up to 1 on an indicator with a known
// total is a share of that total, except for blank-spot villages, always
// a count. A share of a count of whole things (villages, offices) asks
// for the next whole number: 92 % of 237 villages is 218,04, so 219
// villages. Continuous quantities (people, km) compare exactly with the
// share of their total. share is the share given, NaN for a count.
func JudgeTarget(v, t float64, s *report.IndicatorSeries) (want, share float64, met bool) {
	share = math.NaN()
	want = t
	if t <= 1 && s.Total > 0 && s.Key != "blank_spot_villages" {
		share = t
		want = t * s.Total
		if s.Unit == "count" {
			// the 1e-9 keeps 0.5 × 8 at 4, not 5, whatever the rounding
			want = math.Ceil(want - 1e-9)
		}
	}
	if s.HigherIsBetter {
		return want, share, v >= want
	}
	return want, share, v <= want
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
			if want, _, met := JudgeTarget(v, r.Value, &s); !met {
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
