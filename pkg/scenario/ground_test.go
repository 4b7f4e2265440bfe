package scenario

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/paulmach/orb/planar"
)

// The example's illustrative 2022 survey: 218 villages with signal and
// 19 without, as the regency reported, disagreeing with the model on
// three villages each way. The confusion matrix, kappa worked by hand,
// the disagreeing villages, and the survey's values beside the model's
// (indicators_from: both).
func TestReportAgainstSurvey(t *testing.T) {
	rep := runExample(t, "")
	if len(rep.Ground) != 1 || rep.IndicatorsFrom != report.FromBoth {
		t.Fatalf("ground %+v, indicators from %q", rep.Ground, rep.IndicatorsFrom)
	}
	g := rep.Ground[0]
	if g.Year != 2022 || g.Rows != 237 || g.Villages != 237 || g.Unmatched != 0 || g.NotSurveyed != 0 {
		t.Errorf("survey: %+v", g)
	}
	if g.TP != 215 || g.FP != 3 || g.FN != 3 || g.TN != 16 {
		t.Errorf("confusion tp %d fp %d fn %d tn %d, want 215 3 3 16", g.TP, g.FP, g.FN, g.TN)
	}
	// κ = (p_o − p_e)/(1 − p_e): p_o = 231/237, p_e = (218² + 19²)/237²
	po := 231.0 / 237
	pe := (218.0*218 + 19*19) / (237.0 * 237)
	if k := (po - pe) / (1 - pe); math.Abs(g.Kappa-k) > 1e-12 || math.Abs(g.Accuracy-po) > 1e-12 {
		t.Errorf("kappa %v accuracy %v, want %v %v", g.Kappa, g.Accuracy, k, po)
	}
	if len(g.Disagree) != 6 {
		t.Fatalf("%d disagreeing villages, want 6", len(g.Disagree))
	}
	model := 0
	for _, v := range g.Disagree {
		if v.Model == v.Survey || v.Name == "" || v.Kecamatan == "" || !(v.NearestSiteKm >= 0) {
			t.Errorf("disagreeing village %+v", v)
		}
		if v.Model {
			model++
		}
	}
	if model != 3 {
		t.Errorf("%d of the disagreeing villages have signal by the model, want 3", model)
	}
	for key, want := range map[string]float64{"villages_with_signal": 218, "blank_spot_villages": 19} {
		for _, v := range indicator(t, rep, key).Values {
			switch {
			case v.Year == 2022 && (v.Survey == nil || *v.Survey != want || v.FromSurvey):
				t.Errorf("%s 2022: survey %v, from survey %v", key, v.Survey, v.FromSurvey)
			case v.Year != 2022 && v.Survey != nil:
				t.Errorf("%s %d: a survey value without a survey", key, v.Year)
			}
		}
	}
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Model dibandingkan survei lapangan", "model dan survei sama untuk 231 dari 237 desa/kelurahan (97,5 %), kappa 0,83",
		"| Survei: bersinyal | 215 | 3 | 218 |", "218 (92,0 %) · survei: 218 (92,0 %)",
		"Dibandingkan survei lapangan tahun 2022, model sesuai untuk 231 dari 237 desa/kelurahan (kappa 0,83)."} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

// indicators_from: survey puts a partial survey's counts in place of the
// model's, judged against the targets again; villages the survey leaves
// out keep the model's verdict, and rows naming no village are reported.
func TestIndicatorsFromSurvey(t *testing.T) {
	c, err := LoadConfig(exampleScenario)
	if err != nil {
		t.Fatal(err)
	}
	model := runExample(t, "")
	dir := t.TempDir()
	// three villages the model covers in 2022 surveyed without signal,
	// two it leaves blank with signal, one row naming no village
	survey := "kode,nama,kecamatan,sinyal\n" +
		"64.02.01.2002,Muara Leka,Muara Muntai,tidak ada\n" +
		"6402012003,Muara Aloh,Muara Muntai,0\n" +
		"64.02.01.2004,Jantur,Muara Muntai,tidak\n" +
		",Perian,Muara Muntai,ada\n" +
		"64.02.20.1007,Salok Api Darat,Muara Badak,ya\n" +
		",Kampung Tidak Ada Sama Sekali,Tenggarong,ada\n"
	path := filepath.Join(dir, "survei.csv")
	if err := os.WriteFile(path, []byte(survey), 0o644); err != nil {
		t.Fatal(err)
	}
	c.Survey = []SurveySpec{{Path: path, Year: 2022}}
	c.IndicatorsFrom = report.FromSurvey
	var notes bytes.Buffer
	log := NewLog(&notes, false, false)
	rep, err := Run(c, Env{ErrOut: &notes}, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := log.Finish(); err == nil || !strings.Contains(notes.String(), "Kampung Tidak Ada Sama Sekali") {
		t.Errorf("the unmatched row is not reported: %v\n%s", err, notes.String())
	}
	g := rep.Ground[0]
	if g.Villages != 5 || g.NotSurveyed != 232 || g.Unmatched != 1 || g.Rows != 6 {
		t.Errorf("survey: %+v", g)
	}
	// the model's verdicts on those villages in 2022
	verdict := map[string]bool{}
	for _, v := range model.Map.Villages {
		for _, s := range v.Statuses {
			if s.Year == 2022 {
				verdict[v.Name] = s.Status == report.StatusCovered
			}
		}
	}
	surveyed := map[string]bool{"Muara Leka": false, "Muara Aloh": false, "Jantur": false, "Perian": true, "Salok Api Darat": true}
	want := 218.0
	for name, sig := range surveyed {
		if verdict[name] && !sig {
			want--
		}
		if !verdict[name] && sig {
			want++
		}
	}
	for _, v := range indicator(t, rep, "villages_with_signal").Values {
		if v.Year != 2022 {
			continue
		}
		if v.Value != want || !v.FromSurvey || v.Survey != nil {
			t.Errorf("villages_with_signal 2022 = %v (from survey %v), want %v from the survey", v.Value, v.FromSurvey, want)
		}
		// target 92 % of 237: 219 villages
		if v.Target == nil || *v.Target != 219 || v.Met == nil || *v.Met != (want >= 219) {
			t.Errorf("target %v met %v", v.Target, v.Met)
		}
	}
	for _, v := range indicator(t, rep, "blank_spot_villages").Values {
		if v.Year == 2022 && (v.Value != 237-want || !v.FromSurvey) {
			t.Errorf("blank_spot_villages 2022 = %v, want %v", v.Value, 237-want)
		}
		if v.Year != 2022 && v.FromSurvey {
			t.Errorf("blank_spot_villages %d from a survey", v.Year)
		}
	}
}

// The scenario's survey entries are checked before anything is read.
func TestSurveyConfigErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"indicators_from: surveys\n", `indicators_from: "surveys"; use model, survey or both`},
		{"indicators_from: survey\n", "indicators_from: survey needs a survey"},
		{"survey: [{path: s.csv}]\n", "survey[0] (s.csv): no year"},
		{"survey: [{path: s.csv, year: 2019}]\n", "survey[0] (s.csv): year 2019 is not in years [2021 2022]"},
		{"survey: [{path: s.csv, year: 2022}, {path: t.csv, year: 2022}]\n", "survey[1] (t.csv): 2022 already has a survey (survey[0])"},
		{"survey: [{year: 2022}]\n", "survey[0]: no path"},
		{"survey: [{path: s.csv, year: 2022, status: x}]\n", "status"},
	} {
		doc := "years: [2021, 2022]\nlayers: {villages: {path: v.geojson}, sites: {path: s.csv}}\n" + c.yaml
		cfg, err := ParseConfig([]byte(doc), "s.yaml")
		if err == nil {
			_, err = Run(cfg, Env{ErrOut: &bytes.Buffer{}}, NewLog(&bytes.Buffer{}, true, false))
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", strings.TrimSpace(c.yaml), err, c.want)
		}
	}
}

// layers.population: the villages' people come from the raster (its
// zonal sums), the population indicator's total is theirs, and the
// report names the raster and its year.
func TestScenarioPopulationRaster(t *testing.T) {
	c, err := LoadConfig(exampleScenario)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// 20 people in every 0.01° cell over the example's extent
	g := &raster.PopGrid{Name: "pop", CRS: crs.WGS84, West: 115, North: 1.8, CellX: 0.01, CellY: 0.01, Width: 300, Height: 330}
	g.Data = make([]float32, g.Width*g.Height)
	for i := range g.Data {
		g.Data[i] = 20
	}
	path := filepath.Join(dir, "worldpop_2020.tif")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := raster.WritePopulationGeoTIFF(f, g, raster.PopWriteOptions{TileSize: 64, Deflate: true}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	c.Layers.Population = &PopulationSpec{Path: path, Year: 2020, Source: "WorldPop (generated)"}
	var notes bytes.Buffer
	rep, err := Run(c, Env{ErrOut: &notes}, NewLog(&notes, false, false))
	if err != nil {
		t.Fatal(err)
	}
	s := indicator(t, rep, "population_covered")
	// 20 people per cell of 0.01°: the regency's area in cells × 20
	var cells float64
	for _, v := range rep.Map.Villages {
		if v.Population == nil {
			t.Fatalf("%s: no population", v.Name)
		}
		cells += *v.Population / 20
	}
	if math.Abs(s.Total-20*cells) > 1e-6*s.Total || s.Total < 4e5 {
		t.Errorf("population total %v, the villages hold %v", s.Total, 20*cells)
	}
	for _, v := range s.Values {
		if v.Value > s.Total || v.Value <= 0 {
			t.Errorf("%d: %v people with signal of %v", v.Year, v.Value, s.Total)
		}
	}
	if rep.Method.PopulationRaster != path || rep.Method.PopulationYear != 2020 || rep.Method.Settlements {
		t.Errorf("method %+v", rep.Method)
	}
	var md bytes.Buffer
	if err := report.WriteMarkdown(&md, rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "Penduduk dari grid penduduk "+mdEscape(path)+" (tahun 2020)") {
		t.Errorf("the report does not name the raster and its year")
	}
	found := false
	for _, in := range rep.Inputs {
		found = found || (in.Role == "population" && in.Features == 237 && in.Source == "WorldPop (generated)")
	}
	if !found {
		t.Errorf("inputs %+v", rep.Inputs)
	}
}

// mdEscape escapes what the Markdown writer escapes in a path.
func mdEscape(s string) string { return strings.ReplaceAll(s, "_", `\_`) }

// access.within_min: the example's people and villages within 60 and 120
// minutes of the nearest kecamatan capital over its travel-time surface;
// the capitals' catchments add up to the total, every village's people
// are on the grid, and more are within 120 than within 60 minutes.
func TestReportReach(t *testing.T) {
	rep := runExample(t, "")
	if len(rep.Reach) == 0 || rep.ReachCellM < 240 || rep.ReachCellM > 260 {
		t.Fatalf("reach %d rows, cell %v m", len(rep.Reach), rep.ReachCellM)
	}
	type sums struct {
		pop, totalPop float64
		vil, totalVil int
	}
	byTime := map[float64]*sums{}
	totals := map[float64]report.ReachRow{}
	for _, x := range rep.Reach {
		if x.Kecamatan == "" {
			totals[x.Minutes] = x
			continue
		}
		s := byTime[x.Minutes]
		if s == nil {
			s = &sums{}
			byTime[x.Minutes] = s
		}
		s.pop += x.Population
		s.totalPop += x.TotalPopulation
		s.vil += x.Villages
		s.totalVil += x.TotalVillages
	}
	for _, m := range []float64{60, 120} {
		tot, s := totals[m], byTime[m]
		if s == nil || tot.TotalVillages != 237 || math.Abs(tot.TotalPopulation-730000) > 0.5 {
			t.Fatalf("%v min: total %+v", m, tot)
		}
		if math.Abs(s.pop-tot.Population) > 1e-6*tot.TotalPopulation || s.vil != tot.Villages || s.totalVil != tot.TotalVillages {
			t.Errorf("%v min: the catchments hold %v people, %d of %d villages; the total %+v", m, s.pop, s.vil, s.totalVil, tot)
		}
	}
	if !(totals[120].Population > totals[60].Population) || totals[120].Villages < totals[60].Villages || totals[120].Population > totals[120].TotalPopulation {
		t.Errorf("within 60: %+v; within 120: %+v", totals[60], totals[120])
	}
	// the map outlines both: the 120-minute area holds the 60-minute one
	isos := rep.Map.Isochrones
	if len(isos) != 2 || isos[0].Minutes != 60 || isos[1].Minutes != 120 || len(isos[0].Area) == 0 ||
		planar.Area(isos[1].Area) < planar.Area(isos[0].Area) {
		t.Errorf("map isochrones: %d", len(isos))
	}
}
