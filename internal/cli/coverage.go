package cli

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/priority"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/report"
)

// CoverageFlags are the inputs and model settings shared by coverage and
// gaps.
type CoverageFlags struct {
	Sites, Targets, Settlements string
	Fields                      []string
	SiteDefaults                string
	DefaultTech                 string
	Year                        int
	Model                       string
	Environment                 string
	LargeCity                   bool
	ThresholdDBm                float64
	SampleM                     float64
	MinShare                    float64
	RxHeightM                   float64
	SummaryBy                   string
	KeepFields                  bool
	Read                        ReadFlags
	DEM                         string
	ClutterM                    float64
	villagesFlag                bool
}

// demProfiler backs the terrain models with a DEM from geoio.
type demProfiler struct {
	dem      raster.DEM
	clutterM float64
}

func (d demProfiler) Profile(a, b orb.Point) ([]float64, float64, error) {
	return raster.Profile(d.dem, a, b, 0, d.clutterM)
}

// AddFlags registers the coverage flags.
func (c *CoverageFlags) AddFlags(cmd *cobra.Command) {
	c.addFlags(cmd, "targets", "targets `FILE`: settlements (points), villages (polygons) or roads (lines)")
}

func (c *CoverageFlags) addFlags(cmd *cobra.Command, targetFlag, targetHelp string) {
	f := cmd.Flags()
	f.StringVar(&c.Sites, "sites", "", "tower sites `FILE` (points; OpenCelliD CSV recognised)")
	f.StringVar(&c.Targets, targetFlag, "", targetHelp)
	f.StringVar(&c.Settlements, "settlements", "", "settlement points `FILE` with population, to weight village polygons")
	f.StringArrayVar(&c.Fields, "field", nil, "map a role to a field, role=NAME (repeatable; roles: id, name, kecamatan, population, village_office, economic_centre, tech, radius_m, height_m, freq_mhz, eirp_dbm, azimuth_deg, beamwidth_deg, operator, year)")
	f.StringVar(&c.SiteDefaults, "site-defaults", "", "YAML `FILE` replacing the per-technology defaults (radius_m, height_m, freq_mhz, eirp_dbm, threshold_dbm)")
	f.StringVar(&c.DefaultTech, "default-tech", "4G", "technology of sites that do not say")
	f.IntVar(&c.Year, "year", 0, "use only sites on air by this year (their year role); 0 for all")
	f.StringVar(&c.Model, "model", "radius", "coverage model: radius, fspl (ITU-R P.525), hata (Okumura-Hata), cost231 (COST-231 Hata), itm (Longley-Rice over the DEM), los-ked (free space + knife-edge diffraction over the DEM)")
	f.StringVar(&c.DEM, "dem", "", "terrain for itm and los-ked: a folder of SRTM .hgt tiles or GeoTIFF tiles, or one GeoTIFF (EPSG:4326)")
	f.Var(distanceFlag{&c.ClutterM}, "clutter-height", "clutter (e.g. forest) added to the terrain along a path, not at its ends (e.g. 15m)")
	f.StringVar(&c.Environment, "environment", "suburban", "land use for hata/cost231: open, suburban, urban")
	f.BoolVar(&c.LargeCity, "large-city", false, "large-city correction of Hata (urban only)")
	f.Float64Var(&c.ThresholdDBm, "threshold-dbm", 0, "received power needed for service, overriding every technology's threshold")
	c.SampleM = coverage.DefaultSampleM
	f.Var(distanceFlag{&c.SampleM}, "sample", "spacing of sample points in polygons and along lines (e.g. 250m)")
	f.Float64Var(&c.MinShare, "min-share", coverage.DefaultMinShare, "covered share from which a polygon or line counts as covered")
	f.Float64Var(&c.RxHeightM, "rx-height", coverage.DefaultRxHeightM, "receiver height in metres")
	if targetFlag == "targets" {
		f.StringVar(&c.SummaryBy, "summary-by", "", "write a per-group summary table instead of per-target rows (kecamatan)")
	}
	f.BoolVar(&c.KeepFields, "keep-fields", false, "carry every input field of the targets into the output")
	c.Read.AddFlags(cmd, "in-format")
}

func (c *CoverageFlags) targetFlag() string {
	if c.villagesFlag {
		return "villages"
	}
	return "targets"
}

func (c *CoverageFlags) params(cmd *cobra.Command) (coverage.Params, error) {
	p := coverage.Params{
		Model: coverage.Model(strings.ToLower(c.Model)), Environment: coverage.Environment(strings.ToLower(c.Environment)),
		LargeCity: c.LargeCity, RxHeightM: c.RxHeightM, SampleM: c.SampleM, MinShare: c.MinShare,
	}
	if cmd.Flags().Changed("threshold-dbm") {
		t := c.ThresholdDBm
		p.ThresholdDBm = &t
	}
	valid := false
	for _, m := range coverage.Models() {
		if m == p.Model {
			valid = true
		}
	}
	if !valid {
		return p, usagef("--model %q: use radius, fspl, hata, cost231, itm or los-ked", c.Model)
	}
	if (p.Model == coverage.ModelITM || p.Model == coverage.ModelLOSKED) && c.DEM == "" {
		return p, usagef("--model %s needs --dem", p.Model)
	}
	switch p.Environment {
	case "open", "suburban", "urban":
	default:
		return p, usagef("--environment %q: use open, suburban or urban", c.Environment)
	}
	if c.MinShare <= 0 || c.MinShare > 1 {
		return p, usagef("--min-share must be above 0 and at most 1")
	}
	if c.SummaryBy != "" && c.SummaryBy != "kecamatan" {
		return p, usagef("--summary-by %q: only kecamatan is supported", c.SummaryBy)
	}
	return p, nil
}

// coverageRun holds what both coverage and gaps compute.
type coverageRun struct {
	targets     *layerData
	roles       roleMap
	sites       []coverage.Site
	settlements []coverage.WeightedPoint
	params      coverage.Params
	results     []coverage.Result
	summary     coverage.Summary
	pops        []float64
}

func runCoverageModel(cmd *cobra.Command, streams *IOStreams, g *GlobalOptions, c *CoverageFlags, log *problemLog) (*coverageRun, error) {
	if c.Sites == "" || c.Targets == "" {
		return nil, usagef("--sites and --%s are required", c.targetFlag())
	}
	p, err := c.params(cmd)
	if err != nil {
		return nil, err
	}
	explicit, err := parseFieldFlags(c.Fields, append(append([]role{}, targetRoles...), siteRoles...))
	if err != nil {
		return nil, err
	}
	table, err := loadSiteDefaults(c.SiteDefaults)
	if err != nil {
		return nil, err
	}
	p.Table = table
	if c.DEM != "" {
		dem, err := raster.OpenDEM(c.DEM)
		if err != nil {
			return nil, err
		}
		p.Terrain = demProfiler{dem: dem, clutterM: c.ClutterM}
	}
	sd, err := loadLayer(c.Sites, streams, &c.Read, log)
	if err != nil {
		return nil, err
	}
	siteFields := map[string]string{}
	targetFields := map[string]string{}
	for k, v := range explicit {
		if hasRole(siteRoles, k) && containsFold(sd.Fields, v) {
			siteFields[k] = v
		}
	}
	sites, err := buildSites(sd, siteOptions{Fields: siteFields, DefaultTech: c.DefaultTech, Year: c.Year, Table: table}, log, streams.ErrOut, g.Quiet)
	if err != nil {
		return nil, err
	}
	td, err := loadLayer(c.Targets, streams, &c.Read, log)
	if err != nil {
		return nil, err
	}
	for k, v := range explicit {
		if hasRole(targetRoles, k) {
			targetFields[k] = v
		}
	}
	roles, err := resolveRoles(td.Fields, targetRoles, targetFields, td.Path)
	if err != nil {
		return nil, err
	}
	if !g.Quiet {
		describeRoles(streams.ErrOut, "targets", td.Path, roles, targetRoles)
	}
	run := &coverageRun{targets: td, roles: roles, sites: sites, params: p}
	targets := make([]coverage.Target, len(td.Features))
	run.pops = make([]float64, len(td.Features))
	for i, f := range td.Features {
		pop, ok := propFloat(f.Properties, roles["population"])
		if !ok {
			pop = math.NaN()
		}
		run.pops[i] = pop
		targets[i] = coverage.Target{Geometry: f.Geometry, Population: pop}
	}
	if c.Settlements != "" {
		sdl, err := loadLayer(c.Settlements, streams, &c.Read, log)
		if err != nil {
			return nil, err
		}
		sr, err := resolveRoles(sdl.Fields, targetRoles, targetFields, sdl.Path)
		if err != nil {
			return nil, err
		}
		if sr["population"] == "" {
			return nil, fmt.Errorf("%s: no population field found to weight by; map one with --field population=NAME", sdl.Path)
		}
		for _, f := range sdl.Features {
			pt, ok := f.Geometry.(orb.Point)
			if !ok {
				continue
			}
			w, _ := propFloat(f.Properties, sr["population"])
			run.settlements = append(run.settlements, coverage.WeightedPoint{Pos: pt, Weight: w})
		}
	}
	res, sum, err := coverage.Evaluate(sites, targets, run.settlements, p)
	if err != nil {
		if errors.Is(err, coverage.ErrBadParams) {
			return nil, usageError{err}
		}
		return nil, err
	}
	for _, w := range sum.Warnings {
		log.warn(fmt.Sprintf("%s (%d×)", w.Message, w.Count))
	}
	for i, r := range res {
		if r.Problem != "" {
			if err := log.handle(geoio.Problem{File: td.Path, Index: i, ID: td.Features[i].IDString(), Kind: geoio.ProblemBadRecord, Reason: r.Problem}); err != nil {
				return nil, err
			}
		}
	}
	run.results, run.summary = res, sum
	return run, nil
}

func hasRole(rs []role, name string) bool {
	for _, r := range rs {
		if r.Name == name {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// techKey names the per-technology column: covered_2g, covered_4g.
func techKey(t coverage.Tech) string { return "covered_" + strings.ToLower(string(t)) }

// resultFeature builds one output row: the target's identifying roles,
// then the verdict. Numbers are rounded here once, so every format
// carries the same values.
func (run *coverageRun) resultFeature(i int, keep bool) *geoio.Feature {
	f := run.targets.Features[i]
	r := run.results[i]
	var p geoio.Properties
	if keep {
		p = append(p, f.Properties...)
	}
	set := func(k string, v any) { p.Set(k, v) }
	for _, k := range []string{"id", "name", "kecamatan"} {
		if field := run.roles[k]; field != "" {
			set(k, nullable(propString(f.Properties, field)))
		}
	}
	if run.roles["population"] != "" {
		set("population", numOrNil(run.pops[i], 0))
	}
	set("covered", r.Covered)
	if _, isPoint := f.Geometry.(orb.Point); !isPoint {
		set("covered_share", numOrNil(r.CoveredShare, 4))
	}
	set("best_site", nullable(r.BestSite))
	set("best_tech", nullable(string(r.BestTech)))
	set("distance_m", numOrNil(r.DistanceM, 1))
	set("signal_dbm", numOrNil(r.SignalDBm, 2))
	set("n_sites", int64(r.NSites))
	if run.params.Model == coverage.ModelITM || run.params.Model == coverage.ModelLOSKED {
		set("mode", nullable(r.Mode))
		set("clearance_m", numOrNil(r.ClearanceM, 1))
	}
	for ti, t := range run.summary.Techs {
		if ti < len(r.ByTech) {
			set(techKey(t), r.ByTech[ti])
		}
	}
	if r.LengthM > 0 {
		set("length_m", numOrNil(r.LengthM, 1))
		set("covered_length_m", numOrNil(r.CoveredLengthM, 1))
	}
	return &geoio.Feature{ID: f.ID, Geometry: f.Geometry, Properties: p}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func numOrNil(v float64, decimals int) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	if decimals == 0 {
		return int64(math.Round(v))
	}
	return roundTo(v, decimals)
}

// printSummary writes the run's totals on standard error.
func (run *coverageRun) printSummary(w interface{ Write([]byte) (int, error) }, what string) {
	s := run.summary
	fmt.Fprintf(w, "%s: %d targets, %d covered (%s), %d not covered; model %s, %d sites\n",
		what, s.Targets, s.Covered, pct(float64(s.Covered), float64(s.Targets)), s.Targets-s.Covered-s.Skipped, s.Model, s.Sites)
	if s.Population > 0 {
		fmt.Fprintf(w, "population %s, of which in covered targets %s (%s)\n", thousands(s.Population), thousands(s.PopulationCovered), pct(s.PopulationCovered, s.Population))
	}
	var parts []string
	for i, t := range s.Techs {
		parts = append(parts, fmt.Sprintf("%s %d sites, %d targets covered", t, s.SitesByTech[i], s.CoveredByTech[i]))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "by technology: %s\n", strings.Join(parts, "; "))
	}
}

func pct(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", 100*a/b)
}

// thousands formats a count with comma separators: 12,345.
func thousands(v float64) string { return priority.FormatCount(v) }

// summaryByKecamatan is the --summary-by kecamatan table.
func (run *coverageRun) summaryByKecamatan(only func(i int) bool) *report.Table {
	type agg struct {
		targets, covered int
		pop, popCov      float64
		hasPop           bool
	}
	groups := map[string]*agg{}
	for i, f := range run.targets.Features {
		if only != nil && !only(i) {
			continue
		}
		k := propString(f.Properties, run.roles["kecamatan"])
		if k == "" {
			k = "(none)"
		}
		a := groups[k]
		if a == nil {
			a = &agg{}
			groups[k] = a
		}
		a.targets++
		if run.results[i].Covered {
			a.covered++
		}
		if p := run.pops[i]; !math.IsNaN(p) {
			a.hasPop = true
			a.pop += p
			a.popCov += p * run.results[i].CoveredShare
		}
	}
	t := &report.Table{Columns: []string{"kecamatan", "targets", "covered", "not_covered", "covered_pct", "population", "population_covered"}}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := groups[k]
		var pop, popCov any
		if a.hasPop {
			pop, popCov = int64(math.Round(a.pop)), int64(math.Round(a.popCov))
		}
		t.Rows = append(t.Rows, []any{k, int64(a.targets), int64(a.covered), int64(a.targets - a.covered),
			roundTo(100*float64(a.covered)/float64(a.targets), 1), pop, popCov})
	}
	return t
}

// CoverageOptions are the inputs of `kukarcli coverage`.
type CoverageOptions struct {
	IO            *IOStreams
	Global        *GlobalOptions
	Cov           CoverageFlags
	Out           OutputFlags
	Raster        string
	Area          string
	CellM         float64
	RasterRadiusM float64
	cmd           *cobra.Command
}

// NewCmdCoverage builds `kukarcli coverage`.
func NewCmdCoverage(streams *IOStreams, g *GlobalOptions, runF func(*CoverageOptions) error) *cobra.Command {
	opts := &CoverageOptions{IO: streams, Global: g}
	cmd := &cobra.Command{
		Use:   "coverage --sites FILE --targets FILE",
		Short: "Judge every settlement, village or road: covered or not, by which site, at what signal",
		Long: `For every target (settlement point, village polygon or road line) find the best
serving site, the distance to the nearest site, the predicted signal, how many
sites cover it and whether each technology covers it.

Polygons are judged on sample points inside them (--sample), weighted by the
population of --settlements when given, and count as covered when the covered
share reaches --min-share. Lines get their covered length.

Models: radius (each site's radius or its technology's default), fspl (ITU-R
P.525), hata (Okumura-Hata) and cost231 (COST-231 Hata): received power = EIRP -
path loss - sector pattern loss, covered at or above the technology's threshold.

The totals go to standard error; the rows to standard output or -o FILE.` + exitStatusHelp,
		Example: `  kukarcli coverage --sites towers.csv --targets desa.shp
  kukarcli coverage --sites opencellid.csv --targets desa.geojson --model hata -o coverage.geojson
  kukarcli coverage --sites towers.csv --targets desa.shp --summary-by kecamatan`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.cmd = cmd
			if runF != nil {
				return runF(opts)
			}
			return coverageCmdRun(opts)
		},
	}
	opts.Cov.AddFlags(cmd)
	opts.Out.AddFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.Raster, "raster", "", "write the best-server received power grid instead: `FILE`.tif (GeoTIFF, dBm) or .png (coloured, with a KML GroundOverlay beside it)")
	f.StringVar(&opts.Area, "area", "", "the raster's extent: the bounding box of this layer (default --targets)")
	opts.CellM = 100
	f.Var(distanceFlag{&opts.CellM}, "cell", "raster cell size (e.g. 100m)")
	opts.RasterRadiusM = 30000
	f.Var(distanceFlag{&opts.RasterRadiusM}, "raster-radius", "how far from each site the raster is computed (e.g. 30km)")
	return cmd
}

func coverageCmdRun(opts *CoverageOptions) error {
	log := newProblemLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Cov.Read.Strict)
	if opts.Raster != "" {
		if !(opts.CellM > 0) || !(opts.RasterRadiusM > 0) {
			return usagef("--cell and --raster-radius must be positive")
		}
		return rasterRun(opts, log)
	}
	run, err := runCoverageModel(opts.cmd, opts.IO, opts.Global, &opts.Cov, log)
	if err != nil {
		return err
	}
	if !opts.Global.Quiet {
		run.printSummary(opts.IO.ErrOut, "coverage")
	}
	inputs := append(inputFiles(opts.Cov.Sites), inputFiles(opts.Cov.Targets)...)
	if opts.Cov.SummaryBy != "" {
		format, err := opts.Out.resolve(opts.IO)
		if err != nil {
			return err
		}
		if !reportFormats[format] {
			return usagef("--summary-by writes a table: use -f table, csv, json or md")
		}
		if err := writeTable(opts.IO, &opts.Out, inputs, format, run.summaryByKecamatan(nil)); err != nil {
			return err
		}
		return log.finish()
	}
	fs := make([]*geoio.Feature, len(run.results))
	for i := range run.results {
		fs[i] = run.resultFeature(i, opts.Cov.KeepFields)
	}
	if err := writeRows(opts.IO, &opts.Out, inputs, "coverage", fs, log.warn); err != nil {
		return err
	}
	return log.finish()
}
