package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	_ "github.com/kukarcli/kukarcli/pkg/geoio/drivers"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/paulmach/orb"
)

const exampleScenario = "../../examples/rpjmd/skenario.yaml"

var (
	exampleMu   sync.Mutex
	exampleRuns = map[string]*report.Report{}
)

// runExample runs the embedded example's scenario from the repository,
// once per language for the whole test binary: the tests read the report
// and never change it.
func runExample(t *testing.T, lang string) *report.Report {
	t.Helper()
	exampleMu.Lock()
	defer exampleMu.Unlock()
	if rep, ok := exampleRuns[lang]; ok {
		return rep
	}
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
	exampleRuns[lang] = rep
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
	prev := rep.PlanBase.PopulationWithSignal
	for _, p := range rep.Proposed {
		if p.PopulationWithSignal != prev+p.GainPopulation || p.GainPopulation < 0 {
			t.Errorf("proposed site %d: gain %v, population with signal %v after %v", p.Rank, p.GainPopulation, p.PopulationWithSignal, prev)
		}
		prev = p.PopulationWithSignal
	}
	if last := byKey["population_covered"].Values; rep.PlanBase.PopulationWithSignal != last[len(last)-1].Value {
		t.Errorf("plan starts from %v people with signal, the latest year has %v", rep.PlanBase.PopulationWithSignal, last[len(last)-1].Value)
	}
	if len(rep.Map.Villages) != 237 || len(rep.Kecamatan) == 0 {
		t.Errorf("map %d villages, %d kecamatan rows", len(rep.Map.Villages), len(rep.Kecamatan))
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"title: x\nyears: [2024]\nlayerz: {}\n", `line 3: unknown key "layerz" at the top level (known: access, actual_until, costs,`},
		{"title: x\nmodel:\n  name: hata\n  sample: 100\n", `line 4: unknown key "sample" under model (known: calibration, clutter_m, dem, environment, large_city, min_share, name, sample_m, site_defaults, threshold_dbm)`},
		{"layers:\n  sites: {by_yr: {2024: a.csv}}\n", `line 2: unknown key "by_yr" under layers.sites (known: by_year, date, fields, format, join, layer, path, source)`},
		{"layers:\n  roads: [{path: a}, {pth: b}]\n", `line 2: unknown key "pth" under layers.roads[1]`},
		{"years: [a]\n", `line 1: years[0]: want a whole number, found the text "a"`},
		{"access: {walk_speed_kmh: 4, boat_speed_kmh: fast}\n", `line 1: access.boat_speed_kmh: want a number, found the text "fast"`},
		{"model: {min_share: {a: 1}}\n", "line 1: model.min_share: want a number, found a mapping (key: value)"},
		{"layers:\n  facilities: {path: a, fields: [kecamatan]}\n", "line 2: layers.facilities.fields: want a mapping (key: value), found a list"},
		{"targets:\n  population_covered: {year2026: 1}\n", `line 2: targets.population_covered: the key "year2026" should be a whole number`},
		{"top: 15\ntitle: [a]\nyears: [a]\n", `line 2: title: want text, found a list; line 3: years[0]: want a whole number, found the text "a"`},
		{"plan: {k: 1.5}\nyears: [2024, 2025.5]\n", "line 1: plan.k: want a whole number, found the number 1.5; line 2: years[1]: want a whole number, found the number 2025.5"},
	} {
		_, err := ParseConfig([]byte(c.yaml), "s.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "s.yaml") ||
			strings.Contains(err.Error(), "float64") || strings.Contains(err.Error(), "struct") {
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

// A share of a count asks for the next whole number: 92 % of 237 is
// 218,04, so 219 villages; 218 misses it. People compare exactly with
// the share of the total. Blank spots are always a count.
func TestJudgeTarget(t *testing.T) {
	sig := &report.IndicatorSeries{Key: "villages_with_signal", Unit: "count", Total: 237, HigherIsBetter: true}
	if want, share, met := JudgeTarget(218, 0.92, sig); met || want != 219 || share != 0.92 {
		t.Errorf("218/237 against 92 %%: want %v share %v met %v", want, share, met)
	}
	if want, _, met := JudgeTarget(219, 0.92, sig); !met || want != 219 {
		t.Errorf("219/237 against 92 %%: want %v met %v", want, met)
	}
	eight := &report.IndicatorSeries{Key: "offices_with_signal", Unit: "count", Total: 8, HigherIsBetter: true}
	if want, _, met := JudgeTarget(4, 0.5, eight); !met || want != 4 {
		t.Errorf("4/8 against 50 %%: want %v met %v", want, met)
	}
	if want, _, _ := JudgeTarget(228, 0.96, sig); want != 228 { // 227,52
		t.Errorf("96 %% of 237: want %v, not 228", want)
	}
	pop := &report.IndicatorSeries{Key: "population_covered", Unit: "people", Total: 730000, HigherIsBetter: true}
	if want, _, met := JudgeTarget(715399, 0.98, pop); met || want != 715400 {
		t.Errorf("715.399 against 98 %% of 730.000: want %v met %v", want, met)
	}
	blank := &report.IndicatorSeries{Key: "blank_spot_villages", Unit: "count", Total: 237}
	if _, _, met := JudgeTarget(1, 0, blank); met {
		t.Error("1 blank spot met a target of 0")
	}
	if want, share, met := JudgeTarget(0, 0, blank); !met || want != 0 || !math.IsNaN(share) {
		t.Errorf("0 blank spots: want %v share %v met %v", want, share, met)
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

// The plan's figures are the indicators with its sites built: the
// example's proposed sites, added to the towers as 4G sites on air in the
// latest year, give a latest year whose population with signal, villages
// and offices with signal are the plan's last row, exactly.
func TestPlanMatchesRebuild(t *testing.T) {
	rep := runExample(t, "")
	if len(rep.Proposed) == 0 {
		t.Fatal("no proposed sites")
	}
	dir := t.TempDir()
	src := filepath.Join("..", "..", "examples", "rpjmd")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "menara_ilustratif.csv" {
			for _, p := range rep.Proposed {
				b = fmt.Appendf(b, "NEW-%d,4G,%s,%s,,,,%d\n", p.Rank,
					strconv.FormatFloat(p.Lon, 'f', -1, 64), strconv.FormatFloat(p.Lat, 'f', -1, 64), rep.LatestYear)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := LoadConfig(filepath.Join(dir, "skenario.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	after, err := Run(c, Env{ErrOut: io.Discard}, NewLog(io.Discard, true, false))
	if err != nil {
		t.Fatal(err)
	}
	last := rep.Proposed[len(rep.Proposed)-1]
	want := map[string]float64{
		"population_covered":   last.PopulationWithSignal,
		"villages_with_signal": float64(last.VillagesWithSignal),
		"offices_with_signal":  float64(last.OfficesWithSignal),
	}
	for _, s := range after.Indicators {
		w, ok := want[s.Key]
		if !ok {
			continue
		}
		if got := s.Values[len(s.Values)-1].Value; got != w {
			t.Errorf("%s after building the plan: %v, the plan says %v", s.Key, got, w)
		}
		delete(want, s.Key)
	}
	if len(want) > 0 {
		t.Errorf("indicators missing after the rebuild: %v", want)
	}
	// the plan changed something: otherwise the test proves little
	if last.PopulationWithSignal <= rep.PlanBase.PopulationWithSignal {
		t.Errorf("the plan adds no population: %v → %v", rep.PlanBase.PopulationWithSignal, last.PopulationWithSignal)
	}
}

// A scenario written on Windows, with backslashes in its paths and CR LF
// line ends, loads here and gives the same report.
func TestScenarioFromWindows(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data", "rpjmd")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("..", "..", "examples", "rpjmd")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var yaml []byte
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "skenario.yaml" {
			yaml = b
			continue
		}
		if err := os.WriteFile(filepath.Join(data, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := strings.ReplaceAll(string(yaml), "path: ", `path: data\rpjmd\`)
	s = strings.ReplaceAll(s, "\n", "\r\n")
	if !strings.Contains(s, `path: data\rpjmd\desa_ilustratif.geojson`) || !strings.Contains(s, "\r\n") {
		t.Fatal("the test scenario is not Windows-style")
	}
	p := filepath.Join(dir, "skenario.yaml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Resolve(c.Layers.Villages.Path), filepath.Join(dir, "data", "rpjmd", "desa_ilustratif.geojson"); got != want {
		t.Errorf("villages resolve to %s, want %s", got, want)
	}
	if got := c.Resolve(`C:\data\desa.shp`); got != `C:\data\desa.shp` && filepath.Separator == '/' {
		t.Errorf("a drive path resolves to %s", got)
	}
	rep, err := Run(c, Env{ErrOut: io.Discard}, NewLog(io.Discard, true, false))
	if err != nil {
		t.Fatal(err)
	}
	want := runExample(t, "")
	if len(rep.Indicators) != len(want.Indicators) || latest(indicator(t, rep, "population_covered")).Value != latest(indicator(t, want, "population_covered")).Value {
		t.Errorf("the Windows-style scenario gives other figures")
	}
}

// Scenario mistakes are errors that name the key: an unknown indicator
// under targets, a target year outside years, a negative k, a layer file
// that is not there (with the path it was looked for at).
func TestScenarioMistakes(t *testing.T) {
	dir := t.TempDir()
	base := "years: [2024, 2026]\nlayers:\n  villages: {path: desa.geojson}\n  sites: {path: menara.csv}\n"
	for _, c := range []struct{ extra, want string }{
		{"targets:\n  villages_with_sinyal: {2026: 1}\n", `unknown indicator "villages_with_sinyal"`},
		{"targets:\n  villages_with_signal: {2025: 1}\n", "target for 2025, which is not in years"},
		{"plan: {k: -5}\n", "plan: k is -5"},
		{"plan: {target_share: 1.5}\n", "target_share 1.5"},
		{"", "layers.villages: desa.geojson (" + filepath.Join(dir, "desa.geojson") + ")"},
	} {
		p := filepath.Join(dir, "s.yaml")
		if err := os.WriteFile(p, []byte(base+c.extra), 0o644); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(p)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(cfg, Env{ErrOut: io.Discard}, NewLog(io.Discard, true, false))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%q: error %v, want one naming %s and %q", c.extra, err, p, c.want)
		}
	}
}

// A value the data gives stays, even 0 (a 0 dBm small cell); only absent
// values take the technology defaults.
func TestBuildSitesKeepsGivenZero(t *testing.T) {
	d := &Layer{Path: "s.csv", Fields: []string{"id", "tech", "eirp_dbm", "height_m"}, Features: []*geoio.Feature{
		{Geometry: orb.Point{117, -0.5}, Properties: geoio.Properties{{Key: "id", Value: "a"}, {Key: "tech", Value: "4G"}, {Key: "eirp_dbm", Value: int64(0)}, {Key: "height_m", Value: int64(0)}}},
		{Geometry: orb.Point{117.1, -0.5}, Properties: geoio.Properties{{Key: "id", Value: "b"}, {Key: "tech", Value: "4G"}, {Key: "eirp_dbm", Value: nil}}},
	}}
	sites, err := BuildSites(d, SiteOptions{DefaultTech: "4G", Table: coverage.DefaultTechTable()}, NewLog(io.Discard, true, false), io.Discard, true)
	if err != nil || len(sites) != 2 {
		t.Fatalf("%d sites, %v", len(sites), err)
	}
	def := coverage.DefaultTechTable()[coverage.Tech4G]
	if sites[0].EIRPdBm != 0 || sites[0].HeightM != 0 {
		t.Errorf("given zeros replaced: EIRP %v, height %v", sites[0].EIRPdBm, sites[0].HeightM)
	}
	if sites[1].EIRPdBm != def.EIRPdBm || sites[1].HeightM != def.HeightM {
		t.Errorf("absent values: EIRP %v, height %v; defaults %v, %v", sites[1].EIRPdBm, sites[1].HeightM, def.EIRPdBm, def.HeightM)
	}
	// the engine keeps them too
	s := sites[0]
	s.ApplyDefaults(coverage.DefaultTechTable())
	if s.EIRPdBm != 0 {
		t.Errorf("ApplyDefaults replaced a given 0 dBm")
	}
}

// Sites files by year that list every tower on air, not only the new
// ones, count each tower once, from its first year, with a warning; a
// negative population is unknown, with a warning.
func TestByYearRepeatsAndNegativePopulation(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "rpjmd", "menara_ilustratif.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte(strings.Join(lines[:101], "\n")+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.csv"), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	desa, err := os.ReadFile(filepath.Join("..", "..", "examples", "rpjmd", "desa_ilustratif.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	desa = bytes.Replace(desa, []byte(`"penduduk":2441`), []byte(`"penduduk":-2441`), 1)
	if !bytes.Contains(desa, []byte(`"penduduk":-2441`)) {
		t.Fatal("the example's first village changed; adjust the test")
	}
	os.WriteFile(filepath.Join(dir, "desa.geojson"), desa, 0o644)
	p := filepath.Join(dir, "s.yaml")
	os.WriteFile(p, []byte("years: [2024, 2025]\nlayers:\n  villages: {path: desa.geojson}\n  sites: {by_year: {2024: a.csv, 2025: b.csv}}\n"), 0o644)
	cfg, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	var msgs bytes.Buffer
	rep, err := Run(cfg, Env{ErrOut: io.Discard}, NewLog(&msgs, false, false))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Map.Sites) != len(lines)-1 {
		t.Errorf("%d sites, want %d", len(rep.Map.Sites), len(lines)-1)
	}
	for _, want := range []string{
		"layers.sites.by_year: 100 site(s) listed again in a later year's file, each counted once from its first year (first: BTS-001 in 2024 and again in b.csv)",
		"desa.geojson: 1 feature(s) with a negative or infinite penduduk, counted as unknown (first: feature 0, -2441)",
	} {
		if !strings.Contains(msgs.String(), want) {
			t.Errorf("messages lack %q:\n%s", want, msgs.String())
		}
	}
}
