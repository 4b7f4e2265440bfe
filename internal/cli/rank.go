package cli

import (
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/priority"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/siting"
)

// RankOptions are the inputs of `kukarcli rank`.
type RankOptions struct {
	IO      *IOStreams
	Global  *GlobalOptions
	Cov     CoverageFlags
	Acc     AccessFlags
	Out     OutputFlags
	Weights string
	Top     int
	By      string
	cmd     *cobra.Command
}

// NewCmdRank builds `kukarcli rank`.
func NewCmdRank(streams *IOStreams, g *GlobalOptions, runF func(*RankOptions) error) *cobra.Command {
	opts := &RankOptions{IO: streams, Global: g}
	opts.Cov.villagesFlag = true
	cmd := &cobra.Command{
		Use:   "rank --villages FILE --sites FILE [--roads FILE --facilities FILE]",
		Short: "Rank villages for connection, every factor shown, with a recommended intervention",
		Long: `Run coverage (and, with --roads or --rivers and --facilities, access) and rank
every village for connection. Each factor is written as its raw value and its
min-max normalised value (over the villages analysed):

  uncovered_population   people without signal (uncovered_share without population)
  office_without_signal  the kantor desa has no signal (1/0)
  economic_without_signal an economic or public-service centre has no signal (1/0)
  remoteness             travel time to the kecamatan centre (else the nearest facility)
  no_land_access         reachable only by water, or not at all (1/0)
  distance_to_site       distance to the nearest existing site
  gain_per_site          people a new site at the village would serve

score = sum of weight × normalised factor (weights from --weights YAML or the
documented defaults). Uncovered villages rank before covered ones; ties by
village id. reason names the two largest contributions; intervention is
macro_bts, small_cell, vsat or none.` + exitStatusHelp,
		Example: `  kukarcli rank --villages desa.shp --sites towers.csv --top 20
  kukarcli rank --villages desa.shp --sites towers.csv --roads jalan.osm.pbf --facilities ibukota_kec.geojson -o rank.kml
  kukarcli rank --villages desa.shp --sites towers.csv --by kecamatan -f md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.cmd = cmd
			if opts.By != "" && opts.By != "kecamatan" {
				return usagef("--by %q: only kecamatan is supported", opts.By)
			}
			if opts.Top < 0 {
				return usagef("--top must not be negative")
			}
			if runF != nil {
				return runF(opts)
			}
			return rankRun(opts)
		},
	}
	opts.Cov.addFlags(cmd, "villages", "villages `FILE` (polygons or points)")
	opts.Acc.addFlags(cmd, false)
	opts.Out.AddFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.Weights, "weights", "", "YAML `FILE` of factor weights and intervention thresholds (unknown keys are errors)")
	f.IntVar(&opts.Top, "top", 0, "write only the first N villages (0: all)")
	f.StringVar(&opts.By, "by", "", "write the per-kecamatan summary instead (kecamatan)")
	f.StringVar(&opts.By, "summary-by", "", "same as --by")
	return cmd
}

// rankInputs are the facts per village that rank derives.
type rankInputs struct {
	cov      *coverageRun
	villages []priority.Village
}

func rankRun(opts *RankOptions) error {
	log := newProblemLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Cov.Read.Strict)
	cfg := priority.DefaultConfig()
	if opts.Weights == "" && opts.Global.cfg != nil {
		b, err := opts.Global.cfg.weightsYAML()
		if err != nil {
			return err
		}
		if b != nil {
			if cfg, err = priority.ParseConfig(b); err != nil {
				return fmt.Errorf("--config %s: weights: %w", opts.Global.cfg.path, err)
			}
		}
	}
	if opts.Weights != "" {
		b, err := os.ReadFile(opts.Weights)
		if err != nil {
			return fmt.Errorf("--weights: %w", err)
		}
		if cfg, err = priority.ParseConfig(b); err != nil {
			return fmt.Errorf("--weights %s: %w", opts.Weights, err)
		}
	}
	in, err := gatherRankInputs(opts, log)
	if err != nil {
		return err
	}
	ranked, err := priority.Rank(in.villages, cfg.Weights, cfg.Thresholds)
	if err != nil {
		return err
	}
	if !opts.Global.Quiet {
		in.cov.printSummary(opts.IO.ErrOut, "rank")
		counts := map[priority.Intervention]int{}
		for _, r := range ranked {
			counts[r.Intervention]++
		}
		fmt.Fprintf(opts.IO.ErrOut, "interventions: %d macro_bts, %d small_cell, %d vsat, %d none\n",
			counts[priority.InterventionMacroBTS], counts[priority.InterventionSmallCell], counts[priority.InterventionVSAT], counts[priority.InterventionNone])
	}
	inputs := rankInputFiles(opts)
	if opts.By != "" {
		format, err := opts.Out.resolve(opts.IO)
		if err != nil {
			return err
		}
		if !reportFormats[format] {
			return usagef("--by kecamatan writes a table: use -f table, csv, json or md")
		}
		if err := writeTable(opts.IO, &opts.Out, inputs, format, kecamatanTable(priority.SummariseByKecamatan(ranked))); err != nil {
			return err
		}
		return log.finish()
	}
	n := len(ranked)
	if opts.Top > 0 && opts.Top < n {
		n = opts.Top
	}
	fs := make([]*geoio.Feature, n)
	for i := 0; i < n; i++ {
		fs[i] = rankFeature(in.cov, ranked[i])
	}
	if err := writeRankRows(opts, inputs, fs, log.warn); err != nil {
		return err
	}
	return log.finish()
}

func rankInputFiles(opts *RankOptions) []string {
	var inputs []string
	for _, p := range append(append(append([]string{}, opts.Acc.Roads...), opts.Acc.Rivers...), opts.Cov.Sites, opts.Cov.Targets, opts.Cov.Settlements, opts.Acc.Facilities) {
		if p != "" {
			inputs = append(inputs, inputFiles(p)...)
		}
	}
	return inputs
}

// gatherRankInputs runs the coverage and access engines and turns their
// results into the facts priority needs.
func gatherRankInputs(opts *RankOptions, log *problemLog) (*rankInputs, error) {
	cov, err := runCoverageModel(opts.cmd, opts.IO, opts.Global, &opts.Cov, log)
	if err != nil {
		return nil, err
	}
	n := len(cov.results)
	// The kantor desa and economic centres are judged at a point inside
	// the village: every desa and kelurahan has an office, so without an
	// office field every village is taken to have one there.
	office := make([]bool, n)
	econ := make([]bool, n)
	var pts []coverage.Target
	var ptIdx []int
	for i, f := range cov.targets.Features {
		office[i] = cov.roles["village_office"] == "" || propBool(f.Properties, cov.roles["village_office"])
		econ[i] = propBool(f.Properties, cov.roles["economic_centre"]) || propBool(f.Properties, cov.roles["public_service"])
		if p, ok := geoio.RepresentativePoint(f.Geometry); ok && (office[i] || econ[i]) {
			pts = append(pts, coverage.Target{Geometry: p})
			ptIdx = append(ptIdx, i)
		}
	}
	pointCovered := make([]bool, n)
	if len(pts) > 0 {
		res, _, err := coverage.Evaluate(cov.sites, pts, nil, cov.params)
		if err != nil {
			return nil, err
		}
		for j, r := range res {
			pointCovered[ptIdx[j]] = r.Covered
		}
	}
	gains, err := villageGains(cov)
	if err != nil {
		return nil, err
	}
	officeUncovered := make([]bool, n)
	econUncovered := make([]bool, n)
	for i := range officeUncovered {
		officeUncovered[i] = office[i] && !pointCovered[i]
		econUncovered[i] = econ[i] && !pointCovered[i]
	}
	vs := priorityVillages(cov, office, officeUncovered, econUncovered, gains)
	if len(opts.Acc.Roads) > 0 || len(opts.Acc.Rivers) > 0 {
		if opts.Acc.Facilities == "" {
			return nil, usagef("--roads/--rivers need --facilities (kecamatan centres) to measure remoteness")
		}
		opts.Acc.Targets = opts.Cov.Targets
		opts.Acc.Read = opts.Cov.Read
		for _, fl := range opts.Cov.Fields {
			if k, _, _ := strings.Cut(fl, "="); hasRole(targetRoles, k) {
				opts.Acc.Fields = append(opts.Acc.Fields, fl)
			}
		}
		quiet := *opts.Global
		quiet.Quiet = true // the roles were already printed by coverage
		acc, err := runAccessModel(opts.IO, &quiet, &opts.Acc, log, false)
		if err != nil {
			return nil, err
		}
		if !opts.Global.Quiet {
			acc.printSummary(opts.IO.ErrOut)
		}
		applyAccess(vs, acc)
	}
	return &rankInputs{cov: cov, villages: vs}, nil
}

// priorityVillages turns coverage results into the facts priority ranks.
func priorityVillages(cov *coverageRun, hasOffice, officeUncovered, econUncovered []bool, gains []float64) []priority.Village {
	vs := make([]priority.Village, len(cov.results))
	for i, f := range cov.targets.Features {
		r := cov.results[i]
		v := priority.Village{
			Index:             i,
			ID:                propString(f.Properties, cov.roles["id"]),
			Name:              propString(f.Properties, cov.roles["name"]),
			Kecamatan:         propString(f.Properties, cov.roles["kecamatan"]),
			Population:        cov.pops[i],
			CoveredShare:      r.CoveredShare,
			Covered:           r.Covered,
			HasOffice:         hasOffice[i],
			OfficeUncovered:   officeUncovered[i],
			EconomicUncovered: econUncovered[i],
			TravelTimeS:       math.NaN(),
			NearestSiteM:      r.DistanceM,
			NewSiteGain:       gains[i],
		}
		if v.ID == "" {
			v.ID = f.IDString()
		}
		if v.ID == "" {
			v.ID = fmt.Sprintf("%06d", i+1)
		}
		vs[i] = v
	}
	return vs
}

// applyAccess adds travel times and land access to the villages.
func applyAccess(vs []priority.Village, acc *accessRun) {
	for i, r := range acc.results {
		land := r.LandAccess
		vs[i].LandAccess = &land
		vs[i].Unreachable = !r.Reachable
		switch {
		case !math.IsNaN(r.TimeToGroupS):
			vs[i].TravelTimeS = r.TimeToGroupS
		case r.Reachable:
			vs[i].TravelTimeS = r.TravelTimeS
		}
	}
}

// factorDecimals rounds each factor's raw value for output.
func factorRaw(f priority.Factor) any {
	switch f.Unit {
	case "people":
		return numOrNil(f.Raw, 0)
	case "flag":
		return numOrNil(f.Raw, 0)
	case "s":
		return numOrNil(f.Raw/60, 1) // minutes
	case "m":
		return numOrNil(f.Raw, 0)
	}
	return numOrNil(f.Raw, 4)
}

// factorColumn names a factor's raw column with its unit.
func factorColumn(f priority.Factor) string {
	if f.Unit == "s" {
		return f.Name + "_min"
	}
	if f.Unit == "m" {
		return f.Name + "_m"
	}
	return f.Name
}

func rankFeature(cov *coverageRun, r priority.Ranked) *geoio.Feature {
	var p geoio.Properties
	v := r.Village
	p = append(p,
		geoio.Property{Key: "rank", Value: int64(r.Rank)},
		geoio.Property{Key: "id", Value: v.ID},
		geoio.Property{Key: "name", Value: nullable(v.Name)},
		geoio.Property{Key: "kecamatan", Value: nullable(v.Kecamatan)},
		geoio.Property{Key: "population", Value: numOrNil(v.Population, 0)},
		geoio.Property{Key: "covered", Value: v.Covered},
		geoio.Property{Key: "covered_share", Value: numOrNil(v.CoveredShare, 4)},
		geoio.Property{Key: "score", Value: roundTo(r.Score, 4)},
	)
	for _, f := range r.Factors {
		p = append(p, geoio.Property{Key: factorColumn(f), Value: factorRaw(f)})
		p = append(p, geoio.Property{Key: f.Name + "_norm", Value: roundTo(f.Norm, 4)})
	}
	p = append(p,
		geoio.Property{Key: "reason", Value: r.Reason},
		geoio.Property{Key: "intervention", Value: string(r.Intervention)},
	)
	return &geoio.Feature{Geometry: cov.targets.Features[v.Index].Geometry, Properties: p}
}

// KML colours by intervention (AABBGGRR): the priority class a planner
// reads off the map.
var rankStyles = []geoio.KMLStyle{
	{ID: "macro_bts", LineColor: "ff1c1ce3", PolyColor: "991c1ce3"},
	{ID: "small_cell", LineColor: "ff008cff", PolyColor: "99008cff"},
	{ID: "vsat", LineColor: "ffb4418c", PolyColor: "99b4418c"},
	{ID: "none", LineColor: "ff3c9e3c", PolyColor: "553c9e3c"},
}

func writeRankRows(opts *RankOptions, inputs []string, fs []*geoio.Feature, warn func(string)) error {
	format, err := opts.Out.resolve(opts.IO)
	if err != nil {
		return err
	}
	if format != "kml" {
		return writeRows(opts.IO, &opts.Out, inputs, "rank", fs, warn)
	}
	out, err := openOutput(opts.Out.Path, "kml", "kml", opts.Out.Overwrite, inputs, opts.IO.Out)
	if err != nil {
		return err
	}
	var s geoio.Schema
	for _, f := range fs {
		s.Add(f.Properties)
	}
	wo := geoio.WriteOptions{Precision: opts.Out.Precision, Warn: warn, Name: "rank", KML: geoio.KMLStyling{
		Styles: rankStyles,
		StyleOf: func(f *geoio.Feature) string {
			v, _ := f.Properties.Get("intervention")
			s, _ := v.(string)
			return s
		},
	}}
	w, err := geoio.Create(out.Format, out.Path, out.W, geoio.Layer{Name: "rank", Fields: s.Fields()}, wo)
	if err != nil {
		out.abort()
		return err
	}
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			w.Abort()
			out.abort()
			return err
		}
	}
	if err := w.Close(); err != nil {
		out.abort()
		return err
	}
	return out.commit()
}

func kecamatanTable(ss []priority.KecamatanSummary) *report.Table {
	t := &report.Table{Columns: []string{"kecamatan", "villages", "villages_covered", "blank_spots", "population", "population_covered",
		"offices", "offices_covered", "mean_travel_time_min", "top_village", "top_intervention"}}
	for _, s := range ss {
		t.Rows = append(t.Rows, []any{s.Kecamatan, int64(s.Villages), int64(s.VillagesCovered), int64(s.BlankSpots),
			numOrNil(s.Population, 0), numOrNil(s.PopulationCovered, 0), int64(s.Offices), int64(s.OfficesCovered),
			numOrNil(s.MeanTravelTimeS/60, 1), nullable(s.TopVillage), nullable(string(s.TopIntervention))})
	}
	return t
}

// villageGains is, per village, the population a new site at the village
// (the default 4G template) would newly serve, with the same model as the
// coverage run. Demand is the settlements when given, else each village's
// uncovered population at its point.
func villageGains(cov *coverageRun) ([]float64, error) {
	n := len(cov.targets.Features)
	gains := make([]float64, n)
	var demand []siting.Demand
	var covered []bool
	if len(cov.settlements) > 0 {
		tgts := make([]coverage.Target, len(cov.settlements))
		for i, s := range cov.settlements {
			tgts[i] = coverage.Target{Geometry: s.Pos}
			demand = append(demand, siting.Demand{Pos: s.Pos, Weight: math.Max(0, finiteOr(s.Weight, 0)), Zone: -1})
		}
		res, _, err := coverage.Evaluate(cov.sites, tgts, nil, cov.params)
		if err != nil {
			return nil, err
		}
		for _, r := range res {
			covered = append(covered, r.Covered)
		}
	} else {
		for i, f := range cov.targets.Features {
			p, ok := geoio.RepresentativePoint(f.Geometry)
			if !ok {
				continue
			}
			un := finiteOr(cov.pops[i], 0) * (1 - finiteOr(cov.results[i].CoveredShare, 0))
			demand = append(demand, siting.Demand{Pos: p, Weight: math.Max(0, un), Zone: i})
			covered = append(covered, false)
		}
	}
	total := 0.0
	for _, d := range demand {
		total += d.Weight
	}
	if total <= 0 {
		for i := range gains {
			gains[i] = math.NaN() // no population known: the factor is unknown
		}
		return gains, nil
	}
	var cands []siting.Candidate
	var idx []int
	for i, f := range cov.targets.Features {
		if p, ok := geoio.RepresentativePoint(f.Geometry); ok {
			cands = append(cands, siting.Candidate{ID: fmt.Sprintf("%09d", i), Pos: p})
			idx = append(idx, i)
		}
	}
	g, err := siting.Gains(demand, covered, cands, siting.Params{NewSite: coverage.Site{Tech: coverage.Tech4G}, Coverage: cov.params})
	if err != nil {
		return nil, err
	}
	for i := range gains {
		gains[i] = math.NaN()
	}
	for j, v := range g {
		gains[idx[j]] = v
	}
	return gains, nil
}

func finiteOr(v, def float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return def
	}
	return v
}
