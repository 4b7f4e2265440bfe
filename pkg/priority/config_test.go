package priority

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig([]byte(`# planning team, 2025
office_without_signal: 0.5
distance_to_site: 0
thresholds:
  macro_min_population: 1500
  vsat_travel_time_s: .inf
`))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	want.Weights.OfficeWithoutSignal, want.Weights.DistanceToSite = 0.5, 0
	want.Thresholds.MacroMinPopulation, want.Thresholds.VSATTravelTimeS = 1500, math.Inf(1)
	if c != want {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
	for _, empty := range []string{"", "\n# nothing\n", "~"} {
		c, err := ParseConfig([]byte(empty))
		if err != nil || c != DefaultConfig() {
			t.Errorf("%q: %+v, %v", empty, c, err)
		}
	}
	w, err := ParseWeights([]byte("gain_per_site: 2\nremoteness: 1e-1\nno_land_access: 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if w.GainPerSite != 2 || w.Remoteness != 0.1 || w.NoLandAccess != 3 || w.OfficeWithoutSignal != DefaultWeights().OfficeWithoutSignal {
		t.Errorf("weights %+v", w)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // substrings of the error
	}{
		{"unknown key", "office_without_signal: 0.3\nremotness: 0.1\n", []string{"line 2", `unknown key "remotness"`, "remoteness"}},
		{"unknown threshold", "thresholds:\n  macro_min_population: 10\n  vsat_hours: 4\n", []string{"line 3", `"thresholds.vsat_hours"`}},
		{"repeated", "remoteness: 1\nremoteness: 2\n", []string{"line 2", "repeats", "line 1"}},
		{"string", "remoteness: high\n", []string{"line 1", "remoteness", "want a number"}},
		{"quoted number", "remoteness: \"0.2\"\n", []string{"line 1", "want a number"}},
		{"negative", "\n\nno_land_access: -0.1\n", []string{"line 3", "no_land_access", "≥ 0"}},
		{"nan", "gain_per_site: .nan\n", []string{"line 1", "gain_per_site"}},
		{"infinite weight", "gain_per_site: .inf\n", []string{"line 1", "infinite"}},
		{"negative threshold", "thresholds: {vsat_travel_time_s: -1}\n", []string{"line 1", "thresholds.vsat_travel_time_s"}},
		{"thresholds not a mapping", "thresholds: 4\n", []string{"line 1", "thresholds: want a mapping"}},
		{"list", "- remoteness\n", []string{"line 1", "mapping"}},
		{"nested value", "remoteness: [1]\n", []string{"line 1", "want a number"}},
		{"syntax", "remoteness: : :\n", []string{"priority:"}},
	}
	for _, tt := range tests {
		_, err := ParseConfig([]byte(tt.yaml))
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if !errors.Is(err, ErrBadConfig) || !strings.HasPrefix(err.Error(), "priority: ") {
			t.Errorf("%s: %v", tt.name, err)
		}
		for _, s := range tt.want {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: %q lacks %q", tt.name, err, s)
			}
		}
	}
	// A weights-only file has no thresholds.
	if _, err := ParseWeights([]byte("thresholds: {}\n")); err == nil || !strings.Contains(err.Error(), `unknown key "thresholds"`) {
		t.Errorf("ParseWeights with thresholds: %v", err)
	}
}

func TestDefaultsValid(t *testing.T) {
	w := DefaultWeights()
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := DefaultThresholds().Validate(); err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, f := range w.fields() {
		sum += *f.ptr
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("default weights sum to %v, want 1", sum)
	}
}

// FuzzParseConfig checks that no weights file panics and that whatever is
// accepted is valid.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{"", "remoteness: 1\n", "thresholds:\n  vsat_travel_time_s: .inf\n", "a: [1, {b: 2}]", "remoteness: &x 1\ngain_per_site: *x\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfig(b)
		if err != nil {
			if !errors.Is(err, ErrBadConfig) {
				t.Fatalf("error does not wrap ErrBadConfig: %v", err)
			}
			return
		}
		if err := c.Weights.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := c.Thresholds.Validate(); err != nil {
			t.Fatal(err)
		}
	})
}
