package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/coverage"
)

// surveyDisagree is how many villages the illustrative survey reports
// against the model each way: covered by the model but without signal on
// the ground, and the reverse. Equal numbers keep the survey's count at
// the regency's 218.
const surveyDisagree = 3

// writeSurvey writes an illustrative March 2022 field survey of every
// village's signal, consistent with the regency's 218 villages with
// signal and 19 blank spots. It agrees with the coverage engine (the
// scenario's settings, the sites on air by 2022) except on
// surveyDisagree villages each way: the covered villages with the
// smallest covered share are reported without signal, and the blank
// spots with the largest covered share with weak signal, as a field
// survey finds at the edges of a model's cells. Codes are written as
// offices write them, some without dots.
func (w *world) writeSurvey() error {
	var sites []coverage.Site
	for i, t := range w.towers {
		if t.year <= 2022 {
			sites = append(sites, coverage.Site{ID: strconv.Itoa(i), Pos: t.pos, Tech: coverage.Tech(t.tech), RadiusM: t.radiusM, HeightM: t.heightM})
		}
	}
	targets := make([]coverage.Target, len(w.villages))
	for i, v := range w.villages {
		targets[i] = coverage.Target{Geometry: v.geom, Population: float64(v.pop)}
	}
	res, sum, err := coverage.Evaluate(sites, targets, nil, coverage.Params{Model: coverage.ModelRadius, SampleM: 250, MinShare: 0.5})
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if sum.Covered != covered2022 {
		return fmt.Errorf("gen: survey: the sites on air by 2022 cover %d villages, not %d", sum.Covered, covered2022)
	}
	var covered, blank []int
	for i, r := range res {
		if r.Covered {
			covered = append(covered, i)
		} else {
			blank = append(blank, i)
		}
	}
	// ties by village order, so the choice is stable
	sort.SliceStable(covered, func(a, b int) bool { return res[covered[a]].CoveredShare < res[covered[b]].CoveredShare })
	sort.SliceStable(blank, func(a, b int) bool { return res[blank[a]].CoveredShare > res[blank[b]].CoveredShare })
	signal := make([]bool, len(res))
	for i, r := range res {
		signal[i] = r.Covered
	}
	for _, i := range covered[:surveyDisagree] {
		signal[i] = false
	}
	for _, i := range blank[:surveyDisagree] {
		signal[i] = true
	}
	r := seed(9)
	var b strings.Builder
	b.WriteString("kode_desa,nama_desa,kecamatan,tanggal,status_sinyal,sumber\n")
	n := 0
	for i, v := range w.villages {
		code := v.kode
		if r.Float64() < 0.3 {
			code = v.kodeNodot
		}
		status := "tidak ada"
		switch {
		case signal[i] && (!res[i].Covered || res[i].CoveredShare < 0.8):
			status = "lemah"
		case signal[i]:
			status = "ada"
		}
		if signal[i] {
			n++
		}
		fmt.Fprintf(&b, "%s,%s,%s,2022-03-%02d,%s,survei lapangan: %s\n", code, csvField(v.nama), csvField(v.kec), 1+r.IntN(28), status, note)
	}
	if n != covered2022 {
		return fmt.Errorf("gen: survey: %d villages with signal, not %d", n, covered2022)
	}
	w.stats.Surveyed = n
	return w.writeFile("survei_sinyal_2022_ilustratif.csv", []byte(b.String()))
}

// csvField quotes s when it holds a comma or a quote.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
