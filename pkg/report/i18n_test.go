package report

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

func TestNumberFormat(t *testing.T) {
	for _, c := range []struct {
		v      float64
		dec    int
		id, en string
	}{
		{1234.5, 1, "1.234,5", "1,234.5"},
		{0, 0, "0", "0"},
		{7, 2, "7,00", "7.00"},
		{999, 0, "999", "999"},
		{1000, 0, "1.000", "1,000"},
		{1234567.891, 2, "1.234.567,89", "1,234,567.89"},
		{-1234.5, 1, "-1.234,5", "-1,234.5"},
		{-0.04, 1, "0,0", "0.0"}, // no "-0"
		{120.25, 1, "120,3", "120.3"},
		{10034.5, 0, "10.035", "10,035"},
		{-2.5, 0, "-3", "-3"},
		{1e21, 0, "1.000.000.000.000.000.000.000", "1,000,000,000,000,000,000,000"},
		{math.NaN(), 1, "–", "–"},
		{math.Inf(1), 0, "∞", "∞"},
		{math.Inf(-1), 0, "-∞", "-∞"},
	} {
		if got := FormatNumber("id", c.v, c.dec); got != c.id {
			t.Errorf("id %v/%d = %q, want %q", c.v, c.dec, got, c.id)
		}
		if got := FormatNumber("en", c.v, c.dec); got != c.en {
			t.Errorf("en %v/%d = %q, want %q", c.v, c.dec, got, c.en)
		}
	}
}

func TestLocaleUnits(t *testing.T) {
	id, _ := newLocale("id")
	en, _ := newLocale("en")
	for _, c := range []struct {
		name   string
		f      func(locale) string
		id, en string
	}{
		{"pct", func(l locale) string { return l.pct(0.92) }, "92,0 %", "92.0 %"},
		{"pct small", func(l locale) string { return l.pct(0.00049) }, "0,0 %", "0.0 %"},
		{"pct nan", func(l locale) string { return l.pct(math.NaN()) }, "–", "–"},
		{"minutes", func(l locale) string { return l.duration(45 * 60) }, "45 menit", "45 min"},
		{"hours", func(l locale) string { return l.duration(2*3600 + 15*60) }, "2 jam 15 menit", "2 h 15 min"},
		{"whole hour", func(l locale) string { return l.duration(3 * 3600) }, "3 jam", "3 h"},
		{"rounded", func(l locale) string { return l.duration(3599) }, "1 jam", "1 h"},
		{"duration nan", func(l locale) string { return l.duration(math.NaN()) }, "–", "–"},
		{"metres", func(l locale) string { return l.distance(850) }, "850 m", "850 m"},
		{"km", func(l locale) string { return l.distance(12345) }, "12,3 km", "12.3 km"},
		{"km value", func(l locale) string { return l.unitValue("km", 1234.5) }, "1.234,5 km", "1,234.5 km"},
		{"share value", func(l locale) string { return l.unitValue("share", 1) }, "100,0 %", "100.0 %"},
		{"with total", func(l locale) string {
			return l.indicatorValue(&IndicatorSeries{Unit: "count", Total: 237}, 218)
		}, "218 (92,0 %)", "218 (92.0 %)"},
		{"indicator", func(l locale) string { return l.indicatorName(IndicatorOfficesWithSignal) }, "Kantor desa/kelurahan yang terjangkau sinyal", "Village offices with signal"},
		{"unknown indicator", func(l locale) string { return l.indicatorName("towers") }, "towers", "towers"},
		{"vsat", func(l locale) string { return l.interventionName("vsat") }, "VSAT / akses satelit", "VSAT / satellite access"},
		{"macro", func(l locale) string { return l.interventionName("macro_bts") }, "BTS makro", "macro BTS"},
		{"none", func(l locale) string { return l.interventionName("none") }, "tidak perlu", "not needed"},
		{"reasons", func(l locale) string {
			return l.reasons([]ReasonPart{{"uncovered_population", 2310}, {"office_without_signal", 1}})
		}, "2.310 penduduk tanpa sinyal; kantor desa/kelurahan tanpa sinyal", "2,310 people without signal; village office without signal"},
		{"flag off", func(l locale) string {
			return l.reasons([]ReasonPart{{"no_signal", 0}, {"covered", 0.8}, {"unreachable", 1}})
		}, "80,0 % sudah terjangkau; tidak ada rute ke ibu kota kecamatan", "80.0 % already covered; no route to the kecamatan capital"},
		{"unknown factor", func(l locale) string { return l.reasons([]ReasonPart{{"elevation", 1234.5}}) }, "elevation 1.234,50", "elevation 1,234.50"},
		{"remoteness inf", func(l locale) string { return l.reasons([]ReasonPart{{"remoteness", math.Inf(1)}}) }, "waktu tempuh tidak diketahui", "travel time unknown"},
	} {
		if got := c.f(id); got != c.id {
			t.Errorf("%s id = %q, want %q", c.name, got, c.id)
		}
		if got := c.f(en); got != c.en {
			t.Errorf("%s en = %q, want %q", c.name, got, c.en)
		}
	}
}

func TestFormatDate(t *testing.T) {
	d := time.Date(2022, time.March, 5, 10, 0, 0, 0, time.UTC)
	if got := FormatDate("id", d); got != "5 Maret 2022" {
		t.Errorf("id %q", got)
	}
	if got := FormatDate("en", d); got != "5 March 2022" {
		t.Errorf("en %q", got)
	}
}

func TestCatalogueComplete(t *testing.T) {
	for k, m := range catalogue {
		if m.id == "" || m.en == "" {
			t.Errorf("%s: missing a language", k)
		}
		if strings.Count(m.id, "%s") != strings.Count(m.en, "%s") {
			t.Errorf("%s: placeholders differ", k)
		}
	}
	for _, k := range []string{IndicatorVillagesWithSignal, IndicatorOfficesWithSignal, IndicatorPopulationCovered, IndicatorBlankSpotVillages, IndicatorRoadLengthCoveredKm} {
		if _, ok := catalogue["ind."+k]; !ok {
			t.Errorf("no name for indicator %s", k)
		}
	}
	for _, k := range interventions {
		if _, ok := catalogue["int."+k]; !ok {
			t.Errorf("no name for intervention %s", k)
		}
	}
	for _, k := range flagFactors {
		if _, ok := catalogue["why."+k]; !ok {
			t.Errorf("no reason text for %s", k)
		}
	}
	if _, err := newLocale("de"); err == nil || !strings.HasPrefix(err.Error(), "report: ") {
		t.Errorf("unknown language: %v", err)
	}
}

func ExampleFormatNumber() {
	fmt.Println(FormatNumber("id", 1234.5, 1))
	fmt.Println(FormatNumber("en", 1234.5, 1))
	// Output:
	// 1.234,5
	// 1,234.5
}
