package cli

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/kukarcli/kukarcli/pkg/calibrate"
	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// GroundFlags name the survey and the measurements a model is compared
// with.
type GroundFlags struct {
	Survey       string
	StatusColumn string
	Measurements string
	DBmColumn    string
	Measure      string
}

func (gf *GroundFlags) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&gf.Survey, "survey", "", "village survey `FILE[:COLUMN]` (code or name and kecamatan, status: ada/tidak ada/lemah, yes/no, 1/0, signal bars 0–4); COLUMN names its code column")
	f.StringVar(&gf.StatusColumn, "status-column", "", "the survey's status column, when not status/sinyal/signal/kondisi")
	f.StringVar(&gf.Measurements, "measurements", "", "point measurements `FILE` (lon, lat, dBm; optional tech, operator, site): drive tests, crowdsourced exports")
	f.StringVar(&gf.DBmColumn, "dbm-column", "", "the measurements' dBm column, when not dbm/rsrp/rssi")
	f.StringVar(&gf.Measure, "measure", "rsrp", "what the measurements are: rsrp (4G/5G reference signal) or rssi")
}

func (gf *GroundFlags) check() error {
	if gf.Survey == "" && gf.Measurements == "" {
		return scenario.Usagef("give --survey or --measurements (or both)")
	}
	if gf.Measure != "rsrp" && gf.Measure != "rssi" {
		return scenario.Usagef("--measure %q: use rsrp or rssi", gf.Measure)
	}
	return nil
}

// ValidateOptions are the inputs of `kukarcli validate`.
type ValidateOptions struct {
	IO     *IOStreams
	Global *GlobalOptions
	Cov    CoverageFlags
	Ground GroundFlags
	Out    OutputFlags
	Rows   string
	cmd    *cobra.Command
}

// NewCmdValidate builds `kukarcli validate`.
func NewCmdValidate(streams *IOStreams, g *GlobalOptions, runF func(*ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{IO: streams, Global: g}
	opts.Cov.villagesFlag = true
	cmd := &cobra.Command{
		Use:   "validate --sites FILE (--villages FILE --survey FILE | --measurements FILE)",
		Short: "Compare a coverage model with a field survey or measurements: agreement, kappa, bias, RMSE",
		Long: `Run the coverage model (any model, with its flags) and compare it with the ground.

A village survey (--survey) is matched to the villages by code, else by name
within kecamatan (the rules of --join), and each village's surveyed status is
compared with the model's verdict: the confusion matrix (tp: both say signal,
fp: the model only, fn: the survey only, tn: neither), accuracy, precision,
recall and Cohen's kappa, overall, by kecamatan, and by technology and
operator where the survey says.

Measurements (--measurements) are compared with the model's received power
from their serving site (the site they name, else the best of their
technology): bias (mean of measured − predicted), RMSE and standard
deviation, overall, per site and by distance.

The table goes to the output; --rows FILE writes every compared row, the
disagreeing villages with their distance to the nearest site and the
model's margin.` + exitStatusHelp,
		Example: `  kukarcli validate --example --survey survei_2022.csv
  kukarcli validate --sites towers.csv --villages desa.shp --model hata --measurements drive.csv --rows rows.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.cmd = cmd
			if err := opts.Ground.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return validateRun(opts)
		},
	}
	opts.Cov.addFlags(cmd, "villages", "villages `FILE` (polygons or points)")
	opts.Ground.addFlags(cmd)
	opts.Out.AddFlags(cmd)
	cmd.Flags().StringVar(&opts.Rows, "rows", "", "also write every compared row (surveyed, predicted, agree, distance, margin) to `FILE`")
	return cmd
}

// groundRun is the model run and the ground it is compared with.
type groundRun struct {
	cov   *scenario.CoverageRun
	rows  []scenario.SurveyRow
	ms    []scenario.Measurement
	pred  []scenario.Predicted
	techs map[coverage.Tech]int
}

func loadGround(streams *IOStreams, g *GlobalOptions, cmd *cobra.Command, c *CoverageFlags, gf *GroundFlags, log *scenario.Log) (*groundRun, error) {
	// measurements are compared with the sites alone: villages are needed
	// only for a survey
	c.sitesOnly = gf.Survey == "" && c.Targets == ""
	cov, err := runCoverageModel(cmd, streams, g, c, log)
	if err != nil {
		return nil, err
	}
	gr := &groundRun{cov: cov, techs: map[coverage.Tech]int{}}
	for k, t := range cov.Summary.Techs {
		gr.techs[t] = k
	}
	ro, err := c.Read.options(log)
	if err != nil {
		return nil, err
	}
	ro.Format = "" // --in-format is the villages'
	if gf.Survey != "" {
		spec := scenario.ParseJoin(gf.Survey)
		rows, res, err := scenario.ReadSurvey(cov.Targets, cov.Roles, scenario.SurveyOptions{StatusColumn: gf.StatusColumn, Join: spec}, streams.In, ro, log)
		if err != nil {
			return nil, err
		}
		if !g.Quiet {
			fmt.Fprintln(streams.ErrOut, strings.Replace(res.Line(), "join ", "survey ", 1))
		}
		gr.rows = rows
	}
	if gf.Measurements != "" {
		if gr.ms, err = scenario.ReadMeasurements(gf.Measurements, gf.DBmColumn, streams.In, ro, log); err != nil {
			return nil, err
		}
		if cov.Params.Model == coverage.ModelRadius {
			return nil, scenario.Usagef("--measurements need a path-loss model (--model fspl, hata, cost231, itm or los-ked), not radius")
		}
		if gr.pred, err = scenario.Predict(cov.Sites, gr.ms, cov.Params); err != nil {
			return nil, err
		}
	}
	return gr, nil
}

// predicted is the model's verdict for a survey row: its technology's
// when the row names one the sites have, else any technology's.
func (gr *groundRun) predicted(r scenario.SurveyRow) bool {
	return predictedIn(gr.cov.Results, gr.techs, r)
}

var validateColumns = []string{"scope", "group", "n", "tp", "fp", "fn", "tn", "accuracy", "precision", "recall", "kappa", "bias_db", "rmse_db", "sd_db"}

func validateRun(opts *ValidateOptions) error {
	if err := precheckOutputs(opts.Out.Overwrite, opts.Out.Path, opts.Rows); err != nil {
		return err
	}
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Cov.Read.Strict)
	gr, err := loadGround(opts.IO, opts.Global, opts.cmd, &opts.Cov, &opts.Ground, log)
	if err != nil {
		return err
	}
	t := &report.Table{Columns: validateColumns}
	var rows [][]any
	if len(gr.rows) > 0 {
		surveyTable(t, gr)
		rows = surveyRows(gr)
	}
	if len(gr.ms) > 0 {
		measurementTable(t, gr)
		rows = append(rows, measurementRows(gr)...)
	}
	inputs := append(inputFiles(opts.Cov.Targets), inputFiles(opts.Cov.Sites)...)
	if err := writeTableTo(opts.IO, &opts.Out, inputs, t); err != nil {
		return err
	}
	if opts.Rows != "" {
		rt := &report.Table{Columns: []string{"kind", "row", "village_id", "village", "kecamatan", "tech", "operator", "surveyed", "predicted", "agree",
			"measured_dbm", "predicted_dbm", "residual_db", "site", "distance_m", "signal_dbm", "margin_db"}, Rows: rows}
		ro := OutputFlags{Path: opts.Rows, Overwrite: opts.Out.Overwrite}
		if err := writeTableTo(opts.IO, &ro, inputs, rt); err != nil {
			return err
		}
	}
	if !opts.Global.Quiet && len(gr.rows) > 0 {
		var c calibrate.Confusion
		for _, r := range gr.rows {
			c.Add(gr.predicted(r), r.Signal)
		}
		fmt.Fprintf(opts.IO.ErrOut, "validate: %d survey rows, agreement %.1f %%, kappa %.3f; %d disagree (model says signal: %d, survey says signal: %d)\n",
			c.N(), 100*c.Accuracy(), c.Kappa(), c.FP+c.FN, c.FP, c.FN)
	}
	if !opts.Global.Quiet && len(gr.ms) > 0 {
		s := calibrate.Summarise(residuals(gr, nil))
		fmt.Fprintf(opts.IO.ErrOut, "validate: %d measurements with a prediction, bias %.1f dB (measured − predicted), RMSE %.1f dB, SD %.1f dB\n", s.N, s.BiasDB, s.RMSEDB, s.SD)
	}
	return log.Finish()
}

// writeTableTo writes t in the output's format (table, csv, json, md).
func writeTableTo(streams *IOStreams, o *OutputFlags, inputs []string, t *report.Table) error {
	format, err := o.resolve(streams)
	if err != nil {
		return err
	}
	if !reportFormats[format] {
		return scenario.Usagef("%s: write the table as table, csv, json or md", o.Path)
	}
	return writeTable(streams, o, inputs, format, t)
}

func num(v float64, decimals int) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return scenario.RoundTo(v, decimals)
}

func surveyTable(t *report.Table, gr *groundRun) {
	groups := map[string]*calibrate.Confusion{}
	var keys []string
	add := func(scope, group string, pred, surv bool) {
		k := scope + "\x00" + group
		c := groups[k]
		if c == nil {
			c = &calibrate.Confusion{}
			groups[k] = c
			keys = append(keys, k)
		}
		c.Add(pred, surv)
	}
	kecRole := gr.cov.Roles["kecamatan"]
	for _, r := range gr.rows {
		p := gr.predicted(r)
		add("survey", "all", p, r.Signal)
		if kecRole != "" {
			add("kecamatan", scenario.PropString(gr.cov.Targets.Features[r.Village].Properties, kecRole), p, r.Signal)
		}
		if r.Tech != "" {
			add("tech", string(r.Tech), p, r.Signal)
		}
		if r.Operator != "" {
			add("operator", r.Operator, p, r.Signal)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool {
		return scopeRank(keys[i]) < scopeRank(keys[j]) || scopeRank(keys[i]) == scopeRank(keys[j]) && keys[i] < keys[j]
	})
	for _, k := range keys {
		scope, group, _ := strings.Cut(k, "\x00")
		c := groups[k]
		t.Rows = append(t.Rows, []any{scope, group, c.N(), c.TP, c.FP, c.FN, c.TN,
			num(c.Accuracy(), 4), num(c.Precision(), 4), num(c.Recall(), 4), num(c.Kappa(), 4), nil, nil, nil})
	}
}

func scopeRank(k string) int {
	switch {
	case strings.HasPrefix(k, "survey\x00"), strings.HasPrefix(k, "measurements\x00"):
		return 0
	case strings.HasPrefix(k, "tech\x00"), strings.HasPrefix(k, "site\x00"):
		return 1
	case strings.HasPrefix(k, "operator\x00"), strings.HasPrefix(k, "distance\x00"):
		return 2
	}
	return 3
}

// margin is how far the model's verdict is from flipping at the village:
// the received power above the threshold (dB), for the path-loss models.
func (gr *groundRun) margin(res coverage.Result) float64 {
	if gr.cov.Params.Model == coverage.ModelRadius || res.BestSite == "" {
		return math.NaN()
	}
	thr := math.NaN()
	if gr.cov.Params.ThresholdDBm != nil {
		thr = *gr.cov.Params.ThresholdDBm
	} else if d, ok := gr.cov.Params.Table[res.BestTech]; ok {
		thr = d.ThresholdDBm
	} else if d, ok := coverage.DefaultTechTable()[res.BestTech]; ok {
		thr = d.ThresholdDBm
	}
	return res.SignalDBm - thr
}

func surveyRows(gr *groundRun) [][]any {
	var out [][]any
	for _, r := range gr.rows {
		f := gr.cov.Targets.Features[r.Village]
		res := gr.cov.Results[r.Village]
		p := gr.predicted(r)
		out = append(out, []any{"survey", r.Row, scenario.Nullable(scenario.PropString(f.Properties, gr.cov.Roles["id"])),
			scenario.Nullable(scenario.PropString(f.Properties, gr.cov.Roles["name"])), scenario.Nullable(scenario.PropString(f.Properties, gr.cov.Roles["kecamatan"])),
			scenario.Nullable(string(r.Tech)), scenario.Nullable(r.Operator), r.Signal, p, p == r.Signal,
			nil, nil, nil, scenario.Nullable(res.BestSite), num(res.DistanceM, 1), num(res.SignalDBm, 1), num(gr.margin(res), 1)})
	}
	return out
}

// residuals are measured − predicted, for the measurements keep says
// (nil: all) that have a prediction.
func residuals(gr *groundRun, keep func(i int) bool) []float64 {
	var r []float64
	for i, m := range gr.ms {
		if math.IsNaN(gr.pred[i].DBm) || (keep != nil && !keep(i)) {
			continue
		}
		r = append(r, m.DBm-gr.pred[i].DBm)
	}
	return r
}

var distanceBins = []float64{0, 1000, 2000, 5000, 10000, 20000, math.Inf(1)}

func binName(k int) string {
	lo, hi := distanceBins[k]/1000, distanceBins[k+1]/1000
	if math.IsInf(hi, 1) {
		return fmt.Sprintf("%g km and more", lo)
	}
	return fmt.Sprintf("%g–%g km", lo, hi)
}

func measurementTable(t *report.Table, gr *groundRun) {
	row := func(scope, group string, r []float64) {
		s := calibrate.Summarise(r)
		t.Rows = append(t.Rows, []any{scope, group, s.N, nil, nil, nil, nil, nil, nil, nil, nil, num(s.BiasDB, 2), num(s.RMSEDB, 2), num(s.SD, 2)})
	}
	all := residuals(gr, nil)
	row("measurements", "all", all)
	sites := map[string]bool{}
	for _, p := range gr.pred {
		if p.Site != "" {
			sites[p.Site] = true
		}
	}
	for _, s := range geoio.SortedKeys(sites) {
		row("site", s, residuals(gr, func(i int) bool { return gr.pred[i].Site == s }))
	}
	for k := 0; k+1 < len(distanceBins); k++ {
		r := residuals(gr, func(i int) bool {
			d := gr.pred[i].DistanceM
			return d >= distanceBins[k] && d < distanceBins[k+1]
		})
		if len(r) > 0 {
			row("distance", binName(k), r)
		}
	}
	if len(gr.ms) > len(all) {
		t.Rows = append(t.Rows, []any{"measurements", "no site within reach", len(gr.ms) - len(all), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil})
	}
}

func measurementRows(gr *groundRun) [][]any {
	var out [][]any
	for i, m := range gr.ms {
		p := gr.pred[i]
		out = append(out, []any{"measurement", m.Row, nil, nil, nil, scenario.Nullable(string(p.Tech)), scenario.Nullable(m.Operator), nil, nil, nil,
			num(m.DBm, 1), num(p.DBm, 1), num(m.DBm-p.DBm, 2), scenario.Nullable(p.Site), num(p.DistanceM, 1), nil, nil})
	}
	return out
}

// CalibrateOptions are the inputs of `kukarcli calibrate`.
type CalibrateOptions struct {
	IO     *IOStreams
	Global *GlobalOptions
	Cov    CoverageFlags
	Ground GroundFlags
	Out    string
	Fit    string
	Folds  int
	Over   bool
	cmd    *cobra.Command
}

// NewCmdCalibrate builds `kukarcli calibrate`.
func NewCmdCalibrate(streams *IOStreams, g *GlobalOptions, runF func(*CalibrateOptions) error) *cobra.Command {
	opts := &CalibrateOptions{IO: streams, Global: g}
	opts.Cov.villagesFlag = true
	cmd := &cobra.Command{
		Use:   "calibrate --sites FILE (--villages FILE --survey FILE | --measurements FILE) -o calibration.yaml",
		Short: "Fit the coverage model to a survey or measurements (model tuning), cross-validated",
		Long: `Fit the model to the ground, per technology, and write the fit as YAML for
--calibration (every command with a model) or the scenario's model.calibration.

radius: a radius_scale per technology that maximises Cohen's kappa against the
survey (ties: the smallest change). fspl, hata, cost231, itm, los-ked: an
offset_db added to the predicted received power (positive when the ground is
stronger than the model), by least squares on --measurements or maximising
kappa on a yes/no --survey; --fit offset,slope also fits a slope multiplying
the model's distance term (fspl, hata, cost231), as in path-loss model tuning.
--folds k-fold cross-validation reports the out-of-sample error (cv_rmse_db,
cv_kappa), so overfitting shows.` + exitStatusHelp,
		Example: `  kukarcli calibrate --example --survey survei_2022.csv -o kalibrasi.yaml
  kukarcli calibrate --sites towers.csv --villages desa.shp --model hata --measurements drive.csv --fit offset,slope -o hata.yaml
  kukarcli coverage --sites towers.csv --targets desa.shp --model hata --calibration hata.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.cmd = cmd
			if err := opts.Ground.check(); err != nil {
				return err
			}
			if opts.Fit != "offset" && opts.Fit != "offset,slope" {
				return scenario.Usagef("--fit %q: use offset or offset,slope", opts.Fit)
			}
			if opts.Folds != 0 && opts.Folds < 2 {
				return scenario.Usagef("--folds must be 0 (none) or at least 2")
			}
			if runF != nil {
				return runF(opts)
			}
			return calibrateRun(opts)
		},
	}
	opts.Cov.addFlags(cmd, "villages", "villages `FILE` (polygons or points)")
	opts.Ground.addFlags(cmd)
	f := cmd.Flags()
	f.StringVarP(&opts.Out, "output", "o", "-", "calibration YAML `FILE`, - for standard output")
	f.BoolVar(&opts.Over, "overwrite", false, "replace an existing output file")
	f.StringVar(&opts.Fit, "fit", "offset", "what to fit for the path-loss models: offset, or offset,slope")
	f.IntVar(&opts.Folds, "folds", 5, "k-fold cross-validation (0: none)")
	return cmd
}

func calibrateRun(opts *CalibrateOptions) error {
	if err := precheckOutputs(opts.Over, opts.Out); err != nil {
		return err
	}
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Cov.Read.Strict)
	gr, err := loadGround(opts.IO, opts.Global, opts.cmd, &opts.Cov, &opts.Ground, log)
	if err != nil {
		return err
	}
	model := gr.cov.Params.Model
	withSlope := opts.Fit == "offset,slope"
	if withSlope && model.Terrain() {
		return scenario.Usagef("--fit offset,slope: the slope is for fspl, hata and cost231; %s takes an offset", model)
	}
	var cal *scenario.Calibration
	var fittedOn string
	switch {
	case len(gr.ms) > 0:
		var left int
		if cal, left, err = scenario.FitMeasurements(gr.ms, gr.pred, withSlope, opts.Folds, model); err != nil {
			return err
		}
		fittedOn = opts.Ground.Measurements
		if left > 0 {
			log.Warn(fmt.Sprintf("%d measurement(s) without a site of their technology within reach were left out of the fit", left))
		}
	case len(gr.rows) > 0:
		radius := model == coverage.ModelRadius
		if !radius && withSlope {
			return scenario.Usagef("--fit offset,slope needs --measurements; a yes/no survey fits an offset")
		}
		var techs []coverage.Tech
		techs = append(techs, gr.cov.Summary.Techs...)
		targets := make([]coverage.Target, len(gr.cov.Targets.Features))
		for i, f := range gr.cov.Targets.Features {
			targets[i] = coverage.Target{Geometry: f.Geometry, Population: gr.cov.Pops[i]}
		}
		eval := func(adj map[coverage.Tech]float64) ([]bool, error) {
			sites := append([]coverage.Site(nil), gr.cov.Sites...)
			for i := range sites {
				v, ok := adj[sites[i].Tech]
				if !ok {
					continue
				}
				if radius {
					sites[i].RadiusM *= v
				} else {
					sites[i].EIRPdBm += v
				}
			}
			res, _, err := coverage.Evaluate(sites, targets, gr.cov.Settlements, gr.cov.Params)
			if err != nil {
				return nil, err
			}
			out := make([]bool, len(gr.rows))
			for i, r := range gr.rows {
				out[i] = predictedIn(res, gr.techs, r)
			}
			return out, nil
		}
		if cal, err = scenario.FitSurvey(eval, techs, gr.rows, radius, opts.Folds, model); err != nil {
			return err
		}
		fittedOn = scenario.ParseJoin(opts.Ground.Survey).Path
	default:
		return fmt.Errorf("nothing to fit: the survey and measurements hold no usable row (see the warnings above)")
	}
	cal.FittedOn = filepath.Base(fittedOn)
	b, err := yaml.Marshal(cal)
	if err != nil {
		return err
	}
	if opts.Out == "-" || opts.Out == "" {
		if _, err := opts.IO.Out.Write(b); err != nil {
			return err
		}
	} else {
		out, err := openFile(opts.Out, opts.Over, append(inputFiles(opts.Cov.Sites), inputFiles(fittedOn)...))
		if err != nil {
			return err
		}
		if _, err := out.W.Write(b); err != nil {
			out.abort()
			return err
		}
		if err := out.commit(); err != nil {
			return err
		}
	}
	if !opts.Global.Quiet {
		var parts []string
		for _, t := range geoio.SortedKeys(cal.ByTech) {
			tc := cal.ByTech[t]
			switch {
			case tc.RadiusScale != nil:
				parts = append(parts, fmt.Sprintf("%s radius ×%.2f", t, *tc.RadiusScale))
			case tc.Slope != nil:
				parts = append(parts, fmt.Sprintf("%s %+.1f dB, slope %.3f (n %d)", t, *tc.OffsetDB, *tc.Slope, tc.N))
			default:
				parts = append(parts, fmt.Sprintf("%s %+.1f dB (n %d)", t, *tc.OffsetDB, tc.N))
			}
		}
		line := "calibrate " + string(model) + ": " + strings.Join(parts, "; ")
		if cal.Kappa != nil {
			line += fmt.Sprintf("; kappa %.3f", *cal.Kappa)
		}
		if cal.CVKappa != nil {
			line += fmt.Sprintf(", cross-validated %.3f", *cal.CVKappa)
		}
		if cal.RMSEDB != nil {
			line += fmt.Sprintf("; RMSE %.1f dB", *cal.RMSEDB)
		}
		if cal.CVRMSEDB != nil {
			line += fmt.Sprintf(", cross-validated %.1f dB", *cal.CVRMSEDB)
		}
		fmt.Fprintln(opts.IO.ErrOut, line)
	}
	return log.Finish()
}

// predictedIn is a row's verdict in results res.
func predictedIn(res []coverage.Result, techs map[coverage.Tech]int, r scenario.SurveyRow) bool {
	if k, ok := techs[r.Tech]; ok && r.Tech != "" {
		return res[r.Village].ByTech[k]
	}
	return res[r.Village].Covered
}
