package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/priority"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// RankOptions are the inputs of `kukarcli rank`.
type RankOptions struct {
	IO      *IOStreams
	Global  *GlobalOptions
	Cov     CoverageFlags
	Acc     AccessFlags
	Out     OutputFlags
	Weights string
	// Offices and Economic are point layers of village offices and
	// economic service centres, each judged at its own place.
	Offices, Economic string
	Top               int
	By                string
	cmd               *cobra.Command
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
				return scenario.Usagef("--by %q: only kecamatan is supported", opts.By)
			}
			if opts.Top < 0 {
				return scenario.Usagef("--top must not be negative")
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
	f.StringVar(&opts.Offices, "offices", "", "village offices `FILE` (points), each judged at its place; default: one office at a point inside each village")
	f.StringVar(&opts.Economic, "economic-centres", "", "economic service centres `FILE` (points), each judged at its place")
	f.StringVar(&opts.Weights, "weights", "", "YAML `FILE` of factor weights and intervention thresholds (unknown keys are errors)")
	f.IntVar(&opts.Top, "top", 0, "write only the first N villages (0: all)")
	f.StringVar(&opts.By, "by", "", "write the per-kecamatan summary instead (kecamatan)")
	f.StringVar(&opts.By, "summary-by", "", "same as --by")
	return cmd
}

// rankInputs are the facts per village that rank derives.
type rankInputs struct {
	cov      *scenario.CoverageRun
	villages []priority.Village
}

func rankRun(opts *RankOptions) error {
	if err := precheckOutputs(opts.Out.Overwrite, opts.Out.Path); err != nil {
		return err
	}
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Cov.Read.Strict)
	cfg := priority.DefaultConfig()
	if opts.Weights == "" && opts.Global.cfg != nil {
		b, err := opts.Global.cfg.WeightsYAML()
		if err != nil {
			return err
		}
		if b != nil {
			if cfg, err = priority.ParseConfig(b); err != nil {
				return fmt.Errorf("--config %s: weights: %w", opts.Global.cfg.File, err)
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
		in.cov.PrintSummary(opts.IO.ErrOut, "rank")
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
			return scenario.Usagef("--by kecamatan writes a table: use -f table, csv, json or md")
		}
		if err := writeTable(opts.IO, &opts.Out, inputs, format, kecamatanTable(priority.SummariseByKecamatan(ranked))); err != nil {
			return err
		}
		return log.Finish()
	}
	n := len(ranked)
	if opts.Top > 0 && opts.Top < n {
		n = opts.Top
	}
	fs := make([]*geoio.Feature, n)
	for i := 0; i < n; i++ {
		fs[i] = rankFeature(in.cov, ranked[i])
	}
	if err := writeRankRows(opts, inputs, fs, log.Warn); err != nil {
		return err
	}
	return log.Finish()
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
func gatherRankInputs(opts *RankOptions, log *scenario.Log) (*rankInputs, error) {
	cov, err := runCoverageModel(opts.cmd, opts.IO, opts.Global, &opts.Cov, log)
	if err != nil {
		return nil, err
	}
	n := len(cov.Results)
	// The kantor desa and economic centres are judged at a point inside
	// the village: every desa and kelurahan has an office, so without an
	// office field every village is taken to have one there.
	office := make([]bool, n)
	econ := make([]bool, n)
	var pts []coverage.Target
	var ptIdx []int
	for i, f := range cov.Targets.Features {
		office[i] = cov.Roles["village_office"] == "" || scenario.PropBool(f.Properties, cov.Roles["village_office"])
		econ[i] = scenario.PropBool(f.Properties, cov.Roles["economic_centre"]) || scenario.PropBool(f.Properties, cov.Roles["public_service"])
		if p, ok := geoio.RepresentativePoint(f.Geometry); ok && (office[i] || econ[i]) {
			pts = append(pts, coverage.Target{Geometry: p})
			ptIdx = append(ptIdx, i)
		}
	}
	pointCovered := make([]bool, n)
	if len(pts) > 0 {
		res, _, err := coverage.Evaluate(cov.Sites, pts, nil, cov.Params)
		if err != nil {
			return nil, err
		}
		for j, r := range res {
			pointCovered[ptIdx[j]] = r.Covered
		}
	}
	gains, err := scenario.VillageGains(cov)
	if err != nil {
		return nil, err
	}
	officeUncovered := make([]bool, n)
	econUncovered := make([]bool, n)
	for i := range officeUncovered {
		officeUncovered[i] = office[i] && !pointCovered[i]
		econUncovered[i] = econ[i] && !pointCovered[i]
	}
	// point layers of offices and centres, as the report judges them
	for _, l := range []struct {
		path      string
		has, unc  []bool
		isOffices bool
	}{{opts.Offices, office, officeUncovered, true}, {opts.Economic, econ, econUncovered, false}} {
		if l.path == "" {
			continue
		}
		if err := placesByVillage(opts, log, cov, l.path, l.has, l.unc, l.isOffices); err != nil {
			return nil, err
		}
	}
	vs := scenario.PriorityVillages(cov, office, officeUncovered, econUncovered, gains)
	if len(opts.Acc.Roads) > 0 || len(opts.Acc.Rivers) > 0 {
		if opts.Acc.Facilities == "" {
			return nil, scenario.Usagef("--roads/--rivers need --facilities (kecamatan centres) to measure remoteness")
		}
		opts.Acc.Targets = opts.Cov.Targets
		opts.Acc.Read = opts.Cov.Read
		for _, fl := range opts.Cov.Fields {
			if k, _, _ := strings.Cut(fl, "="); scenario.HasRole(scenario.TargetRoles, k) {
				opts.Acc.Fields = append(opts.Acc.Fields, fl)
			}
		}
		quiet := *opts.Global
		quiet.Quiet = true // the roles were already printed by coverage
		acc, err := runAccess(opts.IO, &quiet, &opts.Acc, log, false)
		if err != nil {
			return nil, err
		}
		if !opts.Global.Quiet {
			acc.PrintSummary(opts.IO.ErrOut)
		}
		scenario.ApplyAccess(vs, acc)
	}
	return &rankInputs{cov: cov, villages: vs}, nil
}

// factorDecimals rounds each factor's raw value for output.
func factorRaw(f priority.Factor) any {
	switch f.Unit {
	case "people":
		return scenario.NumOrNil(f.Raw, 0)
	case "flag":
		return scenario.NumOrNil(f.Raw, 0)
	case "s":
		return scenario.NumOrNil(f.Raw/60, 1) // minutes
	case "m":
		return scenario.NumOrNil(f.Raw, 0)
	}
	return scenario.NumOrNil(f.Raw, 4)
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

func rankFeature(cov *scenario.CoverageRun, r priority.Ranked) *geoio.Feature {
	var p geoio.Properties
	v := r.Village
	p = append(p,
		geoio.Property{Key: "rank", Value: int64(r.Rank)},
		geoio.Property{Key: "id", Value: v.ID},
		geoio.Property{Key: "name", Value: scenario.Nullable(v.Name)},
		geoio.Property{Key: "kecamatan", Value: scenario.Nullable(v.Kecamatan)},
		geoio.Property{Key: "population", Value: scenario.NumOrNil(v.Population, 0)},
		geoio.Property{Key: "covered", Value: v.Covered},
		geoio.Property{Key: "covered_share", Value: scenario.NumOrNil(v.CoveredShare, 4)},
		geoio.Property{Key: "score", Value: scenario.RoundTo(r.Score, 4)},
	)
	for _, f := range r.Factors {
		p = append(p, geoio.Property{Key: factorColumn(f), Value: factorRaw(f)})
		p = append(p, geoio.Property{Key: f.Name + "_norm", Value: scenario.RoundTo(f.Norm, 4)})
	}
	p = append(p,
		geoio.Property{Key: "reason", Value: r.Reason},
		geoio.Property{Key: "intervention", Value: string(r.Intervention)},
	)
	return &geoio.Feature{Geometry: cov.Targets.Features[v.Index].Geometry, Properties: p}
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
	wo := geoio.WriteOptions{Precision: opts.Out.Precision, Warn: warn, Name: "rank", BOM: opts.Out.BOM, CRLF: opts.Out.CRLF, CRS: crs.WGS84, KML: geoio.KMLStyling{
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
			scenario.NumOrNil(s.Population, 0), scenario.NumOrNil(s.PopulationCovered, 0), int64(s.Offices), int64(s.OfficesCovered),
			scenario.NumOrNil(s.MeanTravelTimeS/60, 1), scenario.Nullable(s.TopVillage), scenario.Nullable(string(s.TopIntervention))})
	}
	return t
}

// placesByVillage reads a point layer of places (village offices or
// economic centres), judges each at its own place and marks, per village
// it lies in, that it has one and whether one has no signal. For offices
// the layer replaces the one-office-per-village default.
func placesByVillage(opts *RankOptions, log *scenario.Log, cov *scenario.CoverageRun, path string, has, unc []bool, offices bool) error {
	d, err := loadLayer(path, opts.IO, &opts.Cov.Read, log)
	if err != nil {
		return err
	}
	if offices {
		for i := range has {
			has[i], unc[i] = false, false
		}
	}
	zones := scenario.NewZoneFinder(cov.Targets.Features)
	var pts []coverage.Target
	var zone []int
	for _, f := range d.Features {
		if p, ok := geoio.RepresentativePoint(f.Geometry); ok {
			if z := zones.Find(p); z >= 0 {
				pts = append(pts, coverage.Target{Geometry: p})
				zone = append(zone, z)
			}
		}
	}
	if len(pts) == 0 {
		return nil
	}
	res, _, err := coverage.Evaluate(cov.Sites, pts, nil, cov.Params)
	if err != nil {
		return err
	}
	for j, r := range res {
		has[zone[j]] = true
		if !r.Covered {
			unc[zone[j]] = true
		}
	}
	return nil
}
