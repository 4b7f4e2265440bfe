package cli

import (
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/scenario"
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
	DEMCacheBytes               int64
	ExactTerrain                bool
	Joins                       []string
	JoinReport                  string
	Calibration                 string
	Population                  string
	DemandCellM                 float64
	MinShareBy                  string
	Shard                       string // --shard I/N, where the command has it
	villagesFlag                bool
	sitesOnly                   bool // measurements alone: no targets to judge
	zonesOnly                   bool // blank-spot areas: the targets are zones, not judged
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
	f.Var(bytesFlag{&c.DEMCacheBytes}, "dem-cache", "memory for DEM tiles kept in memory, least recently used dropped first (e.g. 2GiB; default 512MiB)")
	f.BoolVar(&c.ExactTerrain, "exact-terrain", false, "itm and los-ked: judge every (point, site) pair on its own terrain profile instead of per-site radial sweeps (slower; the sweeps' tolerance is in the docs)")
	f.StringVar(&c.Environment, "environment", "suburban", "land use for hata/cost231: open, suburban, urban (above 1500 MHz, where hata is COST-231-Hata, suburban is the urban loss)")
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
	f.StringArrayVar(&c.Joins, "join", nil, "add a table's columns to the "+targetFlag+" by village code, else by name within kecamatan: `FILE[:COLUMN]` (CSV, XLSX, DBF or any layer; COLUMN names its code column; repeatable)")
	f.StringVar(&c.Population, "population", "", "gridded population GeoTIFF `FILE` (WorldPop, HRSL, GHS-POP): the polygons' people from it, each judged where its people live")
	c.DemandCellM = scenario.DefaultDemandCellM
	f.Var(distanceFlag{&c.DemandCellM}, "demand-cell", "cells the --population raster is gathered into as demand points (e.g. 250m)")
	f.StringVar(&c.MinShareBy, "min-share-by", "", "with --population, what --min-share counts: population (the share of a polygon's people, the default) or area")
	f.StringVar(&c.Calibration, "calibration", "", "apply a model fitted to the ground by `kukarcli calibrate` (YAML `FILE`)")
	f.StringVar(&c.JoinReport, "join-report", "", "write how every --join row was matched (row, village, method, distance) to `FILE` (CSV)")
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
		return p, scenario.Usagef("--model %q: use radius, fspl, hata, cost231, itm or los-ked", c.Model)
	}
	p.ExactTerrain = c.ExactTerrain
	if (p.Model == coverage.ModelITM || p.Model == coverage.ModelLOSKED) && c.DEM == "" {
		return p, scenario.Usagef("--model %s needs --dem", p.Model)
	}
	switch p.Environment {
	case "open", "suburban", "urban":
	default:
		return p, scenario.Usagef("--environment %q: use open, suburban or urban", c.Environment)
	}
	if c.MinShare <= 0 || c.MinShare > 1 {
		return p, scenario.Usagef("--min-share must be above 0 and at most 1")
	}
	if c.SummaryBy != "" && c.SummaryBy != "kecamatan" {
		return p, scenario.Usagef("--summary-by %q: only kecamatan is supported", c.SummaryBy)
	}
	return p, nil
}

// openDEM opens --dem with the tile cache --dem-cache sets.
func (c *CoverageFlags) openDEM() (raster.DEM, error) {
	dem, err := raster.OpenDEM(c.DEM)
	if err != nil {
		return nil, err
	}
	if dc, ok := dem.(raster.DEMCache); ok && c.DEMCacheBytes > 0 {
		dc.SetCacheBytes(c.DEMCacheBytes)
	}
	return dem, nil
}

func runCoverageModel(cmd *cobra.Command, streams *IOStreams, g *GlobalOptions, c *CoverageFlags, log *scenario.Log) (*scenario.CoverageRun, error) {
	if c.Sites == "" || (c.Targets == "" && !c.sitesOnly) {
		return nil, scenario.Usagef("--sites and --%s are required", c.targetFlag())
	}
	p, err := c.params(cmd)
	if err != nil {
		return nil, err
	}
	overwrite, _ := cmd.Flags().GetBool("overwrite")
	var shard *scenario.Shard
	if c.Shard != "" {
		if shard, err = scenario.ParseShard(c.Shard); err != nil {
			return nil, err
		}
		if c.SummaryBy != "" {
			return nil, scenario.Usagef("--shard writes rows to merge; --summary-by sums over every target: run it on the merged rows")
		}
	}
	if c.JoinReport != "" {
		if len(c.Joins) == 0 {
			return nil, scenario.Usagef("--join-report needs --join")
		}
		if err := precheckOutputs(overwrite, c.JoinReport); err != nil {
			return nil, err
		}
	}
	explicit, err := scenario.ParseFieldFlags(c.Fields, append(append([]scenario.Role{}, scenario.TargetRoles...), scenario.SiteRoles...))
	if err != nil {
		return nil, err
	}
	table, err := scenario.LoadSiteDefaults(c.SiteDefaults)
	if err != nil {
		return nil, err
	}
	p.Table = table
	if c.DEM != "" {
		dem, err := c.openDEM()
		if err != nil {
			return nil, err
		}
		p.Terrain = scenario.DEMProfiler{DEM: dem, ClutterM: c.ClutterM, Name: c.DEM}
	}
	ro, err := c.Read.options(nil)
	if err != nil {
		return nil, err
	}
	var joins []scenario.JoinSpec
	for _, j := range c.Joins {
		joins = append(joins, scenario.ParseJoin(j))
	}
	var cal *scenario.Calibration
	if c.Calibration != "" {
		if cal, err = scenario.LoadCalibration(c.Calibration); err != nil {
			return nil, err
		}
	}
	in := scenario.CoverageInputs{Sites: c.Sites, Targets: c.Targets, Settlements: c.Settlements, Fields: explicit, Joins: joins, Calibration: cal, Population: c.Population, DemandCellM: c.DemandCellM, MinShareBy: c.MinShareBy, SitesOnly: c.sitesOnly, ZonesOnly: c.zonesOnly, Shard: shard,
		DefaultTech: c.DefaultTech, Year: c.Year, Params: p, Read: ro}
	env := scenario.Env{Stdin: streams.In, ErrOut: streams.ErrOut, Quiet: g.Quiet, Phase: g.phaseFunc(),
		Progress: scenarioProgress(streams, g, c.Sites == "-" || c.Targets == "-" || c.Settlements == "-")}
	run, err := scenario.RunCoverage(env, &in, log)
	if err != nil {
		return nil, err
	}
	return run, writeJoinReport(c.JoinReport, overwrite, c.Targets, c.Joins, run.Targets, run.Roles, run.Joins)
}

// writeJoinReport writes how every --join row was matched to path, when
// one is named.
func writeJoinReport(path string, overwrite bool, targets string, joins []string, td *scenario.Layer, roles scenario.RoleMap, res []*scenario.JoinResult) error {
	if path == "" {
		return nil
	}
	inputs := inputFiles(targets)
	for _, j := range joins {
		inputs = append(inputs, inputFiles(scenario.ParseJoin(j).Path)...)
	}
	out, err := openFile(path, overwrite, inputs)
	if err != nil {
		return err
	}
	if err := scenario.WriteJoinReport(out.W, td, roles, res); err != nil {
		out.abort()
		return err
	}
	return out.commit()
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
	addShardFlag(cmd, &opts.Cov.Shard)
	return cmd
}

// typedRows writes coverage's CSV and JSON rows from typed columns; tests
// turn it off to compare with the rows made as features.
var typedRows = true

// addShardFlag registers --shard.
func addShardFlag(cmd *cobra.Command, v *string) {
	cmd.Flags().StringVar(v, "shard", "", "do one part of the work split N ways, `I/N` (I from 0): targets by 0.25° tiles, a raster by bands of rows; join the parts with kukarcli merge")
}

func coverageCmdRun(opts *CoverageOptions) error {
	if err := precheckOutputs(opts.Out.Overwrite, opts.Out.Path, opts.Raster); err != nil {
		return err
	}
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Cov.Read.Strict)
	if opts.Raster != "" {
		if !(opts.CellM > 0) || !(opts.RasterRadiusM > 0) {
			return scenario.Usagef("--cell and --raster-radius must be positive")
		}
		return rasterRun(opts, log)
	}
	run, err := runCoverageModel(opts.cmd, opts.IO, opts.Global, &opts.Cov, log)
	if err != nil {
		return err
	}
	if !opts.Global.Quiet {
		run.PrintSummary(opts.IO.ErrOut, "coverage")
	}
	inputs := append(inputFiles(opts.Cov.Sites), inputFiles(opts.Cov.Targets)...)
	if opts.Cov.SummaryBy != "" {
		format, err := opts.Out.resolve(opts.IO)
		if err != nil {
			return err
		}
		if !reportFormats[format] {
			return scenario.Usagef("--summary-by writes a table: use -f table, csv, json or md")
		}
		if err := writeTable(opts.IO, &opts.Out, inputs, format, run.SummaryByKecamatan(nil)); err != nil {
			return err
		}
		return log.Finish()
	}
	// CSV and JSON are written from typed columns when every row has
	// the same ones; the other formats, and the rest, take features
	format, err := opts.Out.resolve(opts.IO)
	if err != nil {
		return err
	}
	var cols *report.Columns
	if typedRows && (format == "csv" || format == "json") {
		cols, _ = run.ResultColumns(opts.Cov.KeepFields)
	}
	if cols != nil {
		geom := func(i int) orb.Geometry { return run.Targets.Features[i].Geometry }
		err = writeColumnRows(opts.IO, &opts.Out, inputs, format, cols, geom)
	} else {
		err = writeRows(opts.IO, &opts.Out, inputs, "coverage", run.ResultFeatures(opts.Cov.KeepFields), log.Warn)
	}
	if err != nil {
		return err
	}
	opts.Global.phases().mark("write")
	opts.Global.phases().print(opts.IO.ErrOut)
	return log.Finish()
}
