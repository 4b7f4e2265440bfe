package scenario

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/kukarcli/kukarcli/pkg/calibrate"
	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/earth"
)

// Calibration is a model fitted to the ground by `kukarcli calibrate`,
// and read back by --calibration or the scenario's model.calibration.
type Calibration struct {
	Model    string                      `yaml:"model"`
	ByTech   map[string]*TechCalibration `yaml:"by_tech"`
	CVRMSEDB *float64                    `yaml:"cv_rmse_db,omitempty"`
	RMSEDB   *float64                    `yaml:"rmse_db,omitempty"`
	Kappa    *float64                    `yaml:"kappa,omitempty"`
	CVKappa  *float64                    `yaml:"cv_kappa,omitempty"`
	FittedOn string                      `yaml:"fitted_on"`
}

// TechCalibration is one technology's fit: a radius scale (radius
// model), or an offset added to the received power and a slope
// multiplying the distance term (the other models).
type TechCalibration struct {
	RadiusScale *float64 `yaml:"radius_scale,omitempty"`
	OffsetDB    *float64 `yaml:"offset_db,omitempty"`
	Slope       *float64 `yaml:"slope,omitempty"`
	N           int      `yaml:"n"`
}

// LoadCalibration reads a calibration file; unknown keys are errors.
func LoadCalibration(path string) (*Calibration, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--calibration: %w", err)
	}
	var c Calibration
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("--calibration %s: %v", path, err)
	}
	for t, tc := range c.ByTech {
		if _, ok := TechOf(t); !ok {
			return nil, fmt.Errorf("--calibration %s: by_tech: unknown technology %q", path, t)
		}
		if tc == nil {
			return nil, fmt.Errorf("--calibration %s: by_tech.%s is empty", path, t)
		}
		if tc.RadiusScale != nil && !(*tc.RadiusScale > 0) || tc.Slope != nil && !(*tc.Slope > 0) {
			return nil, fmt.Errorf("--calibration %s: by_tech.%s: radius_scale and slope must be above 0", path, t)
		}
	}
	return &c, nil
}

// Apply changes the sites as the calibration says: radii scaled, an
// offset added to the EIRP (the same as to the received power), the
// distance slope set. The calibration must be for model m.
func (c *Calibration) Apply(sites []coverage.Site, m coverage.Model) error {
	if c == nil {
		return nil
	}
	if c.Model != string(m) {
		return Usagef("--calibration was fitted for model %s, not %s", c.Model, m)
	}
	for i := range sites {
		s := &sites[i]
		tc := c.ByTech[string(s.Tech)]
		if tc == nil {
			continue
		}
		if tc.RadiusScale != nil {
			s.RadiusM *= *tc.RadiusScale
		}
		if tc.OffsetDB != nil {
			s.EIRPdBm += *tc.OffsetDB
		}
		if tc.Slope != nil && *tc.Slope != 1 {
			if m.Terrain() {
				return Usagef("--calibration: a slope applies to fspl, hata and cost231, not to %s", m)
			}
			s.DistanceSlope = *tc.Slope
		}
	}
	return nil
}

// Predicted is a model's received power at a measurement from its
// serving site (the one the measurement names, else the best one of its
// technology), with the model's distance term there: x = −B·log10(d/1 km).
type Predicted struct {
	DBm, X, DistanceM float64
	Site              string
	Tech              coverage.Tech
}

// Predict computes each measurement's predicted power; NaN where no site
// of its technology is within MaxReachM.
func Predict(sites []coverage.Site, ms []Measurement, p coverage.Params) ([]Predicted, error) {
	thr := -400.0 // every site within MaxReachM reaches: the power is what is wanted
	p.ThresholdDBm = &thr
	out := make([]Predicted, len(ms))
	for i := range out {
		out[i] = Predicted{DBm: math.NaN(), X: math.NaN(), DistanceM: math.NaN()}
	}
	byID := map[string]int{}
	for i, s := range sites {
		byID[s.ID] = i
	}
	// groups of measurements judged against the same sites
	type group struct {
		sites []coverage.Site
		idx   []int
	}
	groups := map[string]*group{}
	var keys []string
	for i, m := range ms {
		key, pick := "tech:"+string(m.Tech), func(s coverage.Site) bool { return m.Tech == "" || s.Tech == m.Tech }
		if si, ok := byID[m.Site]; ok && m.Site != "" {
			key, pick = "site:"+m.Site, func(s coverage.Site) bool { return s.ID == sites[si].ID }
		}
		g := groups[key]
		if g == nil {
			g = &group{}
			for _, s := range sites {
				if pick(s) {
					g.sites = append(g.sites, s)
				}
			}
			groups[key] = g
			keys = append(keys, key)
		}
		g.idx = append(g.idx, i)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g := groups[k]
		if len(g.sites) == 0 {
			continue
		}
		ts := make([]coverage.Target, len(g.idx))
		for j, i := range g.idx {
			ts[j] = coverage.Target{Geometry: ms[i].Pos}
		}
		res, _, err := coverage.Evaluate(g.sites, ts, nil, p)
		if err != nil {
			return nil, err
		}
		for j, i := range g.idx {
			r := res[j]
			if r.BestSite == "" || math.IsNaN(r.SignalDBm) {
				continue
			}
			s := sites[byID[r.BestSite]]
			d := earth.DistanceM(s.Pos, ms[i].Pos)
			out[i] = Predicted{DBm: r.SignalDBm, DistanceM: d, Site: s.ID, Tech: s.Tech, X: -distanceTerm(s, p) * math.Log10(math.Max(d, 1)/1000)}
		}
	}
	return out, nil
}

// distanceTerm is B, the model's dB per decade of distance at the site.
func distanceTerm(s coverage.Site, p coverage.Params) float64 {
	switch p.Model {
	case coverage.ModelHata, coverage.ModelCOST231:
		hp := coverage.HataParams{FreqMHz: math.Min(math.Max(s.FreqMHz, 150), 2000), TxHeightM: math.Min(math.Max(s.HeightM, 30), 200),
			RxHeightM: p.RxHeightM, Environment: p.Environment, LargeCity: p.LargeCity}
		if hp.RxHeightM == 0 {
			hp.RxHeightM = coverage.DefaultRxHeightM
		}
		hp.COST231 = p.Model == coverage.ModelCOST231 || hp.FreqMHz > 1500
		return coverage.HataLossDB(10000, hp) - coverage.HataLossDB(1000, hp)
	}
	return 20 // free space, and the free-space bound of the terrain models
}

// residualAfter is a residual once the fit is applied.
func residualAfter(r, x, offset, slope float64) float64 { return r - offset - (slope-1)*x }

// FitMeasurements fits, per technology, an offset (and with withSlope a
// slope) to the measured minus predicted power, and cross-validates the
// fit over folds: the RMSE of the held-out residuals once calibrated.
// Measurements without a prediction are left out and counted in the
// returned n.
func FitMeasurements(ms []Measurement, pred []Predicted, withSlope bool, folds int, model coverage.Model) (*Calibration, int, error) {
	type pt struct{ r, x float64 }
	byTech := map[coverage.Tech][]int{}
	var usable []int
	for i := range ms {
		if math.IsNaN(pred[i].DBm) {
			continue
		}
		usable = append(usable, i)
		byTech[pred[i].Tech] = append(byTech[pred[i].Tech], i)
	}
	left := len(ms) - len(usable)
	if len(usable) == 0 {
		return nil, left, fmt.Errorf("no measurement has a predicted power: no site of its technology within reach")
	}
	fit := func(idx []int) (float64, float64, error) {
		r, x := make([]float64, len(idx)), make([]float64, len(idx))
		for k, i := range idx {
			r[k], x[k] = ms[i].DBm-pred[i].DBm, pred[i].X
		}
		return calibrate.FitOffsetSlope(r, x, withSlope)
	}
	c := &Calibration{Model: string(model), ByTech: map[string]*TechCalibration{}}
	var after []float64
	for _, t := range sortedTechs(byTech) {
		idx := byTech[t]
		off, slope, err := fit(idx)
		if err != nil {
			return nil, left, fmt.Errorf("%s: %d measurements: %w", t, len(idx), err)
		}
		tc := &TechCalibration{OffsetDB: ptr(round2(off)), N: len(idx)}
		if withSlope {
			tc.Slope = ptr(math.Round(slope*1e4) / 1e4)
		}
		c.ByTech[string(t)] = tc
		for _, i := range idx {
			after = append(after, residualAfter(ms[i].DBm-pred[i].DBm, pred[i].X, off, slope))
		}
	}
	c.RMSEDB = ptr(round2(calibrate.Summarise(after).RMSEDB))
	if folds >= 2 {
		fold := calibrate.Folds(len(usable), folds)
		var held []float64
		for f := 0; f < folds; f++ {
			train := map[coverage.Tech][]int{}
			for k, i := range usable {
				if fold[k] != f {
					train[pred[i].Tech] = append(train[pred[i].Tech], i)
				}
			}
			fits := map[coverage.Tech][2]float64{}
			for t, idx := range train {
				off, slope, err := fit(idx)
				if err == nil {
					fits[t] = [2]float64{off, slope}
				}
			}
			for k, i := range usable {
				if fold[k] != f {
					continue
				}
				fs, ok := fits[pred[i].Tech]
				if !ok {
					fs = [2]float64{0, 1}
				}
				held = append(held, residualAfter(ms[i].DBm-pred[i].DBm, pred[i].X, fs[0], fs[1]))
			}
		}
		c.CVRMSEDB = ptr(round2(calibrate.Summarise(held).RMSEDB))
	}
	return c, left, nil
}

// Verdicts evaluates the model with one adjustment per technology (a
// radius scale, or an offset in dB) and returns the model's verdict for
// each survey row.
type Verdicts func(adjust map[coverage.Tech]float64) ([]bool, error)

// FitSurvey fits, per technology in turn, the radius scale (radius
// model) or the offset that maximises Cohen's kappa against the survey
// rows: a coarse grid, then a fine one around its best; ties go to the
// smallest change. Folds cross-validate it: each fold's values are
// chosen on the other rows (from the verdicts the full fit computed) and
// judged on the fold's own, pooled into cv_kappa.
func FitSurvey(eval Verdicts, techs []coverage.Tech, rows []SurveyRow, radius bool, folds int, model coverage.Model) (*Calibration, error) {
	neutral, coarse, fineStep, fineHalf := 0.0, calibrate.Grid(-30, 30, 2), 0.25, 1.0
	if radius {
		neutral, coarse, fineStep, fineHalf = 1, calibrate.Grid(0.3, 2.0, 0.1), 0.01, 0.05
	}
	surveyed := make([]bool, len(rows))
	for i, r := range rows {
		surveyed[i] = r.Signal
	}
	kappaOf := func(pred []bool, use func(i int) bool) float64 {
		var c calibrate.Confusion
		for i := range pred {
			if use(i) {
				c.Add(pred[i], surveyed[i])
			}
		}
		return c.Kappa()
	}
	all := func(int) bool { return true }
	best := map[coverage.Tech]float64{}
	for _, t := range techs {
		best[t] = neutral
	}
	cache := map[coverage.Tech]map[float64][]bool{}
	for _, t := range techs {
		cache[t] = map[float64][]bool{}
		var evalErr error
		score := func(v float64) float64 {
			if pred, ok := cache[t][v]; ok {
				return kappaOf(pred, all)
			}
			adj := map[coverage.Tech]float64{}
			for k, b := range best {
				adj[k] = b
			}
			adj[t] = v
			pred, err := eval(adj)
			if err != nil {
				evalErr = err
				return math.NaN()
			}
			cache[t][v] = pred
			return kappaOf(pred, all)
		}
		v, _ := calibrate.BestOnGrid(coarse, neutral, score)
		fine := calibrate.Grid(v-fineHalf, v+fineHalf, fineStep)
		if radius {
			fine = calibrate.Grid(math.Max(0.05, v-fineHalf), v+fineHalf, fineStep)
		}
		v, _ = calibrate.BestOnGrid(append(fine, v), neutral, score)
		if evalErr != nil {
			return nil, evalErr
		}
		best[t] = v
	}
	final := map[coverage.Tech]float64{}
	for k, v := range best {
		final[k] = v
	}
	pred, err := eval(final)
	if err != nil {
		return nil, err
	}
	c := &Calibration{Model: string(model), ByTech: map[string]*TechCalibration{}, Kappa: ptr(round4(kappaOf(pred, all)))}
	for _, t := range techs {
		tc := &TechCalibration{N: len(rows)}
		v := best[t]
		if radius {
			tc.RadiusScale = ptr(round4(v))
		} else {
			tc.OffsetDB = ptr(round2(v))
		}
		c.ByTech[string(t)] = tc
	}
	if folds >= 2 && len(rows) >= folds {
		fold := calibrate.Folds(len(rows), folds)
		var pooled calibrate.Confusion
		for f := 0; f < folds; f++ {
			train := func(i int) bool { return fold[i] != f }
			adj := map[coverage.Tech]float64{}
			for _, t := range techs {
				grid := make([]float64, 0, len(cache[t]))
				for v := range cache[t] {
					grid = append(grid, v)
				}
				sort.Float64s(grid)
				adj[t], _ = calibrate.BestOnGrid(grid, neutral, func(v float64) float64 { return kappaOf(cache[t][v], train) })
			}
			p, err := eval(adj)
			if err != nil {
				return nil, err
			}
			for i := range rows {
				if fold[i] == f {
					pooled.Add(p[i], surveyed[i])
				}
			}
		}
		c.CVKappa = ptr(round4(pooled.Kappa()))
	}
	return c, nil
}

func sortedTechs[V any](m map[coverage.Tech]V) []coverage.Tech {
	var out []coverage.Tech
	for t := range m {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func ptr(v float64) *float64   { return &v }
func round2(v float64) float64 { return math.Round(v*100) / 100 }
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
