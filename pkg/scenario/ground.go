package scenario

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/calibrate"
	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/report"
)

// villageSurvey is one scenario survey read and matched to the villages:
// each village's surveyed signal, or unknown.
type villageSurvey struct {
	spec      SurveySpec
	rows      int
	unmatched int
	// signal per village: 1 signal, 0 none, -1 not surveyed. A village
	// with several rows (operators, technologies) has signal when any
	// row says so.
	signal []int8
}

// surveys reads the scenario's surveys and matches them to the villages
// by the join rules; rows that match no village or whose status is not
// understood are reported and counted.
func (ld *loader) surveys() error {
	sd := ld.sd
	for i, s := range ld.c.Survey {
		path := ld.c.Resolve(s.Path)
		if path != "-" {
			if _, err := os.Stat(path); err != nil {
				return fmt.Errorf("--config %s: survey[%d]: %s (%s): %w", ld.c.File, i, s.Path, path, errors.Unwrap(err))
			}
		}
		ro := ld.log.ReadOptions(geoio.ReadOptions{Format: s.Format, Layer: s.Layer})
		rows, res, err := ReadSurvey(sd.villages, sd.roles, SurveyOptions{StatusColumn: s.StatusColumn,
			Join: JoinSpec{Path: path, Column: s.Column, Format: s.Format}}, ld.env.Stdin, ro, ld.log)
		if err != nil {
			return fmt.Errorf("--config %s: survey[%d]: %w", ld.c.File, i, err)
		}
		if !ld.env.Quiet {
			fmt.Fprintln(ld.env.ErrOut, strings.Replace(res.Line(), "join ", "survey ", 1))
		}
		vs := villageSurvey{spec: s, rows: len(res.Matches), unmatched: res.Unmatched(), signal: make([]int8, len(sd.villages.Features))}
		for j := range vs.signal {
			vs.signal[j] = -1
		}
		for _, r := range rows {
			if r.Signal {
				vs.signal[r.Village] = 1
			} else if vs.signal[r.Village] < 0 {
				vs.signal[r.Village] = 0
			}
		}
		sd.surveys = append(sd.surveys, vs)
		sum, err := fileDigest(path)
		if err != nil {
			return err
		}
		format := ""
		if f, err := geoio.DetectFormat(path); err == nil {
			format = f.Title
		}
		if s.Format != "" {
			format = s.Format
		}
		ld.sd.inputs = append(ld.sd.inputs, report.InputFile{Role: fmt.Sprintf("survey %d", s.Year), Path: s.Path, Format: format,
			Features: len(res.Matches), SHA256: sum, Source: s.Source, Date: s.Date})
	}
	return nil
}

// addGround compares the model's village verdicts with each survey and,
// as the scenario's indicators_from says, puts the survey's counts into
// the village indicators of the surveyed years or beside them.
func addGround(rep *report.Report, sd *Data, ind *indicatorRun) {
	if len(sd.surveys) == 0 {
		return
	}
	rep.IndicatorsFrom = sd.cfg.IndicatorsFrom
	if rep.IndicatorsFrom == "" {
		rep.IndicatorsFrom = report.FromModel
	}
	surveys := append([]villageSurvey(nil), sd.surveys...)
	sort.SliceStable(surveys, func(i, j int) bool { return surveys[i].spec.Year < surveys[j].spec.Year })
	for _, s := range surveys {
		y := s.spec.Year
		model := modelVerdicts(ind, y)
		if model == nil {
			continue // not among the years evaluated
		}
		g := report.GroundYear{Year: y, Survey: s.spec.Path, Rows: s.rows, Unmatched: s.unmatched}
		var cm calibrate.Confusion
		withSignal := 0
		var sites []coverage.Site
		for i, sv := range s.signal {
			if sv < 0 {
				g.NotSurveyed++
				if model[i] {
					withSignal++
				}
				continue
			}
			g.Villages++
			surveyed := sv == 1
			if surveyed {
				withSignal++
			}
			cm.Add(model[i], surveyed)
			if model[i] != surveyed {
				if sites == nil {
					sites = sitesBy(sd.sites, y)
				}
				f := sd.villages.Features[i]
				g.Disagree = append(g.Disagree, report.GroundVillage{
					ID:   PropString(f.Properties, sd.roles["id"]),
					Name: PropString(f.Properties, sd.roles["name"]), Kecamatan: PropString(f.Properties, sd.roles["kecamatan"]),
					Model: model[i], Survey: surveyed, NearestSiteKm: nearestSiteKm(f.Geometry, sites)})
			}
		}
		g.TP, g.FP, g.FN, g.TN = cm.TP, cm.FP, cm.FN, cm.TN
		g.Accuracy, g.Precision, g.Recall, g.Kappa = cm.Accuracy(), cm.Precision(), cm.Recall(), cm.Kappa()
		sort.SliceStable(g.Disagree, func(i, j int) bool {
			a, b := g.Disagree[i], g.Disagree[j]
			if a.Kecamatan != b.Kecamatan {
				return a.Kecamatan < b.Kecamatan
			}
			return a.Name < b.Name
		})
		rep.Ground = append(rep.Ground, g)
		nv := len(s.signal)
		for k, v := range map[string]int{"villages_with_signal": withSignal, "blank_spot_villages": nv - withSignal} {
			setSurveyValue(rep, sd.cfg, k, y, float64(v))
		}
	}
}

// modelVerdicts is each village's signal by the model in year y, nil
// when y was not evaluated.
func modelVerdicts(ind *indicatorRun, y int) []bool {
	out := make([]bool, len(ind.statuses))
	for i, st := range ind.statuses {
		found := false
		for _, ys := range st {
			if ys.Year == y {
				out[i], found = ys.Status == report.StatusCovered, true
			}
		}
		if !found {
			return nil
		}
	}
	return out
}

// setSurveyValue puts a surveyed count into indicator key's value of
// year y: in place of the model's (judged against the target again) for
// indicators_from survey, beside it for both.
func setSurveyValue(rep *report.Report, c *Config, key string, y int, v float64) {
	for i := range rep.Indicators {
		s := &rep.Indicators[i]
		if s.Key != key {
			continue
		}
		for j := range s.Values {
			yv := &s.Values[j]
			if yv.Year != y {
				continue
			}
			switch rep.IndicatorsFrom {
			case report.FromSurvey:
				yv.Value, yv.FromSurvey = v, true
				if t, ok := c.Targets[key][y]; ok {
					want, share, met := JudgeTarget(v, t, s)
					yv.Target, yv.Met, yv.TargetShare = &want, &met, nil
					if !math.IsNaN(share) {
						yv.TargetShare = &share
					}
				}
			case report.FromBoth:
				yv.Survey = &v
			}
		}
	}
}

// nearestSiteKm is the distance from a point inside g to the nearest of
// sites, in km; NaN without sites.
func nearestSiteKm(g orb.Geometry, sites []coverage.Site) float64 {
	p, ok := geoio.RepresentativePoint(g)
	if !ok || len(sites) == 0 {
		return math.NaN()
	}
	best := math.Inf(1)
	for _, s := range sites {
		best = min(best, earth.DistanceM(p, s.Pos))
	}
	return best / 1000
}
