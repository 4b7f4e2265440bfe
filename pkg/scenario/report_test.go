package scenario

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/report"
)

func indicator(t *testing.T, rep *report.Report, key string) report.IndicatorSeries {
	t.Helper()
	for _, s := range rep.Indicators {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no indicator %s", key)
	return report.IndicatorSeries{}
}

func latest(s report.IndicatorSeries) report.YearValue { return s.Values[len(s.Values)-1] }

// Signal and land access are two dimensions: the map's statuses are the
// indicators' own counts, and land access is counted apart.
func TestReportMapStatusMatchesIndicators(t *testing.T) {
	rep := runExample(t, "")
	covered, blank, noLand := 0, 0, 0
	for _, v := range rep.Map.Villages {
		switch v.Status {
		case report.StatusCovered:
			covered++
		case report.StatusBlankSpot:
			blank++
		default:
			t.Errorf("%s: status %q mixes signal with something else", v.Name, v.Status)
		}
		if v.NoLandAccess {
			noLand++
		}
	}
	if float64(covered) != latest(indicator(t, rep, "villages_with_signal")).Value || float64(blank) != latest(indicator(t, rep, "blank_spot_villages")).Value {
		t.Errorf("map: %d covered, %d blank spots; the indicators say otherwise", covered, blank)
	}
	if rep.KecamatanTotal == nil || noLand != rep.KecamatanTotal.NoLandAccess || noLand == 0 {
		t.Errorf("map: %d villages without land access, the kecamatan table %+v", noLand, rep.KecamatanTotal)
	}
}

// The priority list has top rows whenever that many villages need action:
// those without signal first, then those whose office has no signal; the
// example's eleven offices without signal in covered villages are all
// listed.
func TestReportPrioritiesListOfficesWithoutSignal(t *testing.T) {
	rep := runExample(t, "")
	names := map[string]bool{}
	for i, p := range rep.Priorities {
		names[p.Name] = true
		if p.Rank != i+1 {
			t.Errorf("row %d has rank %d", i+1, p.Rank)
		}
		if p.Intervention == "none" {
			t.Errorf("%s listed without an intervention", p.Name)
		}
	}
	for _, n := range []string{"Muara Tubo", "Muara Tiq", "Sepatin", "Muara Pantuan", "Senoni", "Sabintulung", "Umaq Dian",
		"Muara Pedohon", "Karya Jaya", "Loa Lepu", "Semangko", "Melintang", "Sumber Sari"} {
		if !names[n] {
			t.Errorf("%s needs action but is not listed", n)
		}
	}
	// one office per village in the example: each office without signal
	// is a listed village, and top (15) is more than need action
	offices := indicator(t, rep, "offices_with_signal")
	if need := int(offices.Total - latest(offices).Value); len(rep.Priorities) != need {
		t.Errorf("%d priorities, %d offices without signal", len(rep.Priorities), need)
	}
}

// Targets on counts given as shares need whole villages; the kecamatan
// total is the summary's figure.
func TestReportTargetsAndTotals(t *testing.T) {
	rep := runExample(t, "")
	sig := indicator(t, rep, "villages_with_signal")
	for _, v := range sig.Values {
		if v.Year == 2022 {
			if *v.Target != 219 || *v.Met || *v.TargetShare != 0.92 {
				t.Errorf("2022: target %v (share %v) met %v; 92 %% of 237 villages is 219", *v.Target, *v.TargetShare, *v.Met)
			}
		}
		if v.Target != nil && *v.Target != math.Trunc(*v.Target) {
			t.Errorf("%d: a target of %v villages", v.Year, *v.Target)
		}
	}
	pop := latest(indicator(t, rep, "population_covered"))
	if rep.KecamatanTotal.PopulationCovered != pop.Value {
		t.Errorf("kecamatan total %v people with signal, summary %v", rep.KecamatanTotal.PopulationCovered, pop.Value)
	}
}

// The indicators the programme names beyond signal: economic service
// centres (36 of 40 in 2021, all 40 in 2026 in the example), 4G in
// villages and in kecamatan capitals.
func TestReportProgrammeIndicators(t *testing.T) {
	rep := runExample(t, "")
	econ := indicator(t, rep, "economic_centres_with_signal")
	if econ.Total != 40 || econ.Values[0].Value != 36 || latest(econ).Value != 40 {
		t.Errorf("economic centres: total %v, %v in %d, %v in %d", econ.Total, econ.Values[0].Value, econ.Values[0].Year, latest(econ).Value, latest(econ).Year)
	}
	caps := indicator(t, rep, "kecamatan_capitals_with_4g")
	if caps.Total != 20 || len(rep.Method.Capitals) != 20 {
		t.Errorf("capitals: total %v, %d listed", caps.Total, len(rep.Method.Capitals))
	}
	n4g := 0
	for _, c := range rep.Method.Capitals {
		if c.Has4G {
			n4g++
		}
		if c.Village == "" || c.Kecamatan == "" {
			t.Errorf("capital %+v without its village or kecamatan", c)
		}
	}
	if float64(n4g) != latest(caps).Value {
		t.Errorf("capitals with 4G: %d listed, indicator %v", n4g, latest(caps).Value)
	}
	v4g := latest(indicator(t, rep, "villages_with_4g"))
	if v4g.Value <= 0 || v4g.Value > latest(indicator(t, rep, "villages_with_signal")).Value {
		t.Errorf("villages with 4G: %v", v4g.Value)
	}
}

// Costs add up: every priority village priced by its intervention, every
// proposed site as a macro BTS, per kecamatan and in all.
func TestReportCosts(t *testing.T) {
	rep := runExample(t, "")
	c := rep.Costs
	if c == nil {
		t.Fatal("no costs")
	}
	unit := map[string]float64{"macro_bts": c.MacroBTS, "small_cell": c.SmallCell, "vsat": c.VSAT}
	sum := 0.0
	for _, p := range rep.Priorities {
		if p.Cost != unit[p.Intervention] {
			t.Errorf("%s: %v for %s", p.Name, p.Cost, p.Intervention)
		}
		sum += p.Cost
	}
	if sum != c.Total().PriorityCost || float64(len(rep.Proposed))*c.MacroBTS != c.Total().ProposedCost {
		t.Errorf("totals %v + %v; priorities sum to %v, %d sites", c.Total().PriorityCost, c.Total().ProposedCost, sum, len(rep.Proposed))
	}
	var b bytes.Buffer
	if err := report.WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Costs struct {
			Total struct {
				PriorityCost float64 `json:"priority_cost"`
			} `json:"total"`
		} `json:"costs"`
	}
	if err := json.Unmarshal(b.Bytes(), &j); err != nil || j.Costs.Total.PriorityCost != sum {
		t.Errorf("JSON costs %+v, %v", j.Costs, err)
	}
	byKec := 0.0
	for _, k := range c.ByKecamatan {
		byKec += k.PriorityCost + k.ProposedCost
	}
	if byKec != c.Total().PriorityCost+c.Total().ProposedCost {
		t.Errorf("kecamatan rows sum to %v, total %v", byKec, c.Total().PriorityCost+c.Total().ProposedCost)
	}
}

// The document around the figures: title, publisher and date, a written
// summary naming the blank-spot villages, the definitions, projections
// marked, coordinates in the language's number format, Indonesian
// wording and italics for foreign terms, English without Indonesian.
func TestReportDocument(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		rep := runExample(t, lang)
		if rep.Publisher == "" || rep.Date == "" || rep.ActualUntil != 2025 {
			t.Fatalf("%s: publisher %q date %q actual until %d", lang, rep.Publisher, rep.Date, rep.ActualUntil)
		}
		var b bytes.Buffer
		if err := report.WriteMarkdown(&b, rep); err != nil {
			t.Fatal(err)
		}
		md := b.String()
		want := map[string][]string{
			"id": {"Laporan Capaian", "Diterbitkan oleh", "Muara Tiq dan Muara Tubo", "Definisi dan metode", "kisi 250 m", "50 %",
				"2026 (proyeksi)", "Kondisi awal (2021)", "Capaian per kecamatan tahun 2026", "Penduduk yang baru terlayani",
				"Desa/kelurahan *blank spot*", "*small cell*", "menara eksisting", "Periode: 2021–2026",
				"Rata-rata waktu tempuh ke ibu kota kecamatan", "kantor desa/kelurahan tanpa sinyal", "| desa/kelurahan |"},
			"en": {"Progress Report", "Published by", "Muara Tiq and Muara Tubo", "Definitions and method", "2026 (projected)",
				"Baseline (2021)", "village office without signal", "People newly served"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(md, w) {
				t.Errorf("%s: report lacks %q", lang, w)
			}
		}
		p := rep.Proposed[0]
		dec := map[string]string{"id": ",", "en": "."}[lang]
		if c := strings.Replace(strings.TrimRight(strings.TrimRight(fmtFixed(p.Lon, 5), "0"), "."), ".", dec, 1); !strings.Contains(md, c) {
			t.Errorf("%s: longitude %v not written as %s", lang, p.Lon, c)
		}
		if lang == "en" {
			for _, bad := range []string{"kantor desa", "tanpa sinyal", "terjangkau"} {
				if strings.Contains(strings.ToLower(md), bad) {
					t.Errorf("en: Indonesian %q in the English report", bad)
				}
			}
		}
	}
}

func fmtFixed(v float64, d int) string { return strconv.FormatFloat(v, 'f', d, 64) }

// Villages reached only by river are listed with their connectivity
// option: the signal they have, or the intervention they need.
func TestReportRiverVillages(t *testing.T) {
	rep := runExample(t, "")
	if len(rep.NoLandAccess) != rep.KecamatanTotal.NoLandAccess {
		t.Fatalf("%d villages listed without land access, the kecamatan table counts %d", len(rep.NoLandAccess), rep.KecamatanTotal.NoLandAccess)
	}
	need := map[string]string{}
	for _, p := range rep.Priorities {
		need[p.Name] = p.Intervention
	}
	for _, v := range rep.NoLandAccess {
		if want, ok := need[v.Name]; ok && v.Option != want {
			t.Errorf("%s: option %s, its priority row says %s", v.Name, v.Option, want)
		}
		if _, ok := need[v.Name]; !ok && (v.Option != "signal" || !v.Signal) {
			t.Errorf("%s: option %s without a priority row", v.Name, v.Option)
		}
	}
}
