package scenario

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/kukarcli/kukarcli/pkg/geoio/drivers"
	"github.com/kukarcli/kukarcli/pkg/report"
)

const exampleScenario = "../../examples/rpjmd/skenario.yaml"

// runExample runs the embedded example's scenario from the repository.
func runExample(t *testing.T, lang string) *report.Report {
	t.Helper()
	c, err := LoadConfig(exampleScenario)
	if err != nil {
		t.Fatal(err)
	}
	var notes bytes.Buffer
	log := NewLog(&notes, false, false)
	rep, err := Run(c, Env{ErrOut: &notes, Lang: lang}, log)
	if err != nil {
		t.Fatal(err)
	}
	if n := log.Finish(); n != nil {
		t.Fatalf("features skipped: %v\n%s", n, notes.String())
	}
	return rep
}

// The library gives the same report as the command: its JSON is the
// command's golden file, byte for byte.
func TestRunMatchesCommandGolden(t *testing.T) {
	rep := runExample(t, "")
	var buf bytes.Buffer
	if err := report.WriteJSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "internal", "cli", "testdata", "golden", "report_example.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("report JSON differs from the command's golden file (%d vs %d bytes)", buf.Len(), len(want))
	}
}

// The indicators add up: every year, villages with signal and blank spots
// make the total; the series run over every scenario year; the latest
// year is the last; no listed priority has signal.
func TestRunArithmetic(t *testing.T) {
	rep := runExample(t, "en")
	byKey := map[string]report.IndicatorSeries{}
	for _, s := range rep.Indicators {
		byKey[s.Key] = s
		if len(s.Values) != len(rep.Years) {
			t.Errorf("%s: %d values for %d years", s.Key, len(s.Values), len(rep.Years))
		}
	}
	sig, blank := byKey["villages_with_signal"], byKey["blank_spot_villages"]
	if sig.Total != 237 {
		t.Fatalf("villages: %v, want 237", sig.Total)
	}
	for i := range sig.Values {
		if sig.Values[i].Value+blank.Values[i].Value != sig.Total {
			t.Errorf("%d: %v with signal + %v blank spots != %v", sig.Values[i].Year, sig.Values[i].Value, blank.Values[i].Value, sig.Total)
		}
	}
	for i, v := range sig.Values {
		if v.Year == 2022 && v.Value != 218 {
			t.Errorf("2022: %v villages with signal, want the regency's 218", v.Value)
		}
		if i > 0 && v.Value < sig.Values[i-1].Value {
			t.Errorf("%d: villages with signal fell from %v to %v though sites only get added", v.Year, sig.Values[i-1].Value, v.Value)
		}
	}
	if rep.LatestYear != rep.Years[len(rep.Years)-1] {
		t.Errorf("latest year %d, years %v", rep.LatestYear, rep.Years)
	}
	prev := 0.0
	for _, p := range rep.Proposed {
		if p.CumulativePopulation < prev || p.GainPopulation < 0 {
			t.Errorf("proposed site %d: gain %v, cumulative %v after %v", p.Rank, p.GainPopulation, p.CumulativePopulation, prev)
		}
		prev = p.CumulativePopulation
	}
	if len(rep.Map.Villages) != 237 || len(rep.Kecamatan) == 0 {
		t.Errorf("map %d villages, %d kecamatan rows", len(rep.Map.Villages), len(rep.Kecamatan))
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"title: x\nyears: [2024]\nlayerz: {}\n", "line 3: field layerz not found"},
		{"title: x\nmodel:\n  name: hata\n  sample: 100\n", "line 4: field sample not found"},
		{"years: [a]\n", "line 1"},
	} {
		_, err := ParseConfig([]byte(c.yaml), "s.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "s.yaml") {
			t.Errorf("%q: error %v, want one naming s.yaml and %q", c.yaml, err, c.want)
		}
	}
}

func TestConfigPathsRelativeToFile(t *testing.T) {
	c, err := ParseConfig([]byte("layers:\n  villages: {path: desa.geojson}\n"), filepath.Join("a", "b", "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Resolve(c.Layers.Villages.Path), filepath.Join("a", "b", "desa.geojson"); got != want {
		t.Errorf("Resolve: %q, want %q", got, want)
	}
	abs := filepath.Join(string(filepath.Separator), "data", "desa.geojson")
	if got := c.Resolve(abs); got != abs {
		t.Errorf("Resolve(%q) = %q", abs, got)
	}
	if got := c.Resolve("-"); got != "-" {
		t.Errorf("Resolve(-) = %q", got)
	}
}

func TestRunNeedsVillagesSitesYears(t *testing.T) {
	for _, y := range []string{
		"years: [2024]\nlayers:\n  villages: {path: v.geojson}\n",
		"layers:\n  villages: {path: v.geojson}\n  sites: {path: s.csv}\n",
	} {
		c, err := ParseConfig([]byte(y), "s.yaml")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Run(c, Env{ErrOut: io.Discard}, NewLog(io.Discard, true, false)); err == nil {
			t.Errorf("%q: ran without villages, sites or years", y)
		}
	}
}

// A target up to 1 is a share, compared at the 0.1 % the report prints:
// 218 of 237 (92.0 %) meets 92 %; blank spots are always a count.
func TestJudgeTarget(t *testing.T) {
	sig := &report.IndicatorSeries{Key: "villages_with_signal", Total: 237, HigherIsBetter: true}
	if want, met := JudgeTarget(218, 0.92, sig); !met || want != 218 {
		t.Errorf("218/237 against 0.92: want %v met %v", want, met)
	}
	if _, met := JudgeTarget(217, 0.92, sig); met {
		t.Error("217/237 (91.6 %) met 92 %")
	}
	blank := &report.IndicatorSeries{Key: "blank_spot_villages", Total: 237}
	if _, met := JudgeTarget(1, 0, blank); met {
		t.Error("1 blank spot met a target of 0")
	}
	if want, met := JudgeTarget(0, 0, blank); !met || want != 0 {
		t.Errorf("0 blank spots: want %v met %v", want, met)
	}
}

func TestParseFailUnder(t *testing.T) {
	rules, err := ParseFailUnder([]string{"offices_with_signal=1", "population_covered=98%", "blank_spot_villages=0"})
	if err != nil {
		t.Fatal(err)
	}
	if rules[1].Value != 0.98 {
		t.Errorf("98%% read as %v", rules[1].Value)
	}
	for _, bad := range []string{"offices=1", "offices_with_signal", "offices_with_signal=x", "offices_with_signal=NaN"} {
		_, err := ParseFailUnder([]string{bad})
		var ue UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: error %v, want a usage error", bad, err)
		}
	}
}
