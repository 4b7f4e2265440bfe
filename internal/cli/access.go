package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// AccessFlags are the inputs of the accessibility analysis.
type AccessFlags struct {
	Roads, Rivers       []string
	Targets, Facilities string
	Fields              []string
	ClassField          string
	Speeds              string
	Joins               []string
	JoinReport          string
	Params              access.Params
	Read                ReadFlags
	surface             *scenario.SurfaceInputs // access's travel-time surface, when asked for
}

// AddFlags registers the access flags.
func (a *AccessFlags) AddFlags(cmd *cobra.Command) {
	a.addFlags(cmd, true)
}

// addFlags registers the network flags, and with own also the targets,
// fields and read flags (rank shares those with coverage).
func (a *AccessFlags) addFlags(cmd *cobra.Command, own bool) {
	a.Params = access.DefaultParams()
	f := cmd.Flags()
	f.StringArrayVar(&a.Roads, "roads", nil, "road `FILE` (repeatable): GeoJSON, shapefile, CSV or OSM PBF/XML; OSM waterways and ferries in it are used too")
	f.StringArrayVar(&a.Rivers, "rivers", nil, "waterway `FILE` (repeatable), travelled by boat; route=ferry lines use their duration")
	if own {
		f.StringVar(&a.Targets, "targets", "", "villages or settlements `FILE` (polygons use a point inside)")
		f.StringArrayVar(&a.Fields, "field", nil, "map a role to a field, role=NAME (roles: id, name, kecamatan)")
		f.StringArrayVar(&a.Joins, "join", nil, "add a table's columns to the --targets by village code, else by name within kecamatan: `FILE[:COLUMN]` (CSV, XLSX, DBF or any layer; COLUMN names its code column; repeatable)")
		f.StringVar(&a.JoinReport, "join-report", "", "write how every --join row was matched (row, village, method, distance) to `FILE` (CSV)")
	}
	f.StringVar(&a.Facilities, "facilities", "", "destinations `FILE`: kecamatan centres, health centres (points)")
	f.StringVar(&a.ClassField, "class-field", "", "road class field when there is no OSM highway tag (e.g. status, kelas)")
	f.StringVar(&a.Speeds, "speeds", "", "YAML `FILE` of km/h per road class, replacing the built-in table")
	f.Float64Var(&a.Params.BoatSpeedKMH, "boat-speed", access.DefaultBoatSpeedKMH, "boat speed on rivers in km/h")
	f.Var(durationFlag{&a.Params.BoardingPenaltyS}, "boarding-penalty", "time added each time a trip takes to the water (e.g. 15min)")
	f.Float64Var(&a.Params.WalkSpeedKMH, "walk-speed", access.DefaultWalkSpeedKMH, "walking speed off the network in km/h")
	f.Var(distanceFlag{&a.Params.MaxSnapM}, "max-snap", "longest walk from a target to the network (e.g. 5km)")
	f.Var(distanceFlag{&a.Params.NodeSnapM}, "node-snap", "join line ends this close to another line's vertex (e.g. 2m); 0 joins shared vertices only")
	if own {
		a.Read.AddFlags(cmd, "in-format")
	}
}

// AccessOptions are the inputs of `kukarcli access`.
type AccessOptions struct {
	IO        *IOStreams
	Global    *GlobalOptions
	Acc       AccessFlags
	Out       OutputFlags
	Routes    string
	SummaryBy string
	Keep      bool
	Surface   SurfaceFlags
}

// SurfaceFlags ask access for a travel-time surface and its products.
type SurfaceFlags struct {
	Raster, Landcover, Speeds, DEM, Slope, Population string
	CellM, MaxMinutes                                 float64
	Isochrones                                        string // minutes, comma-separated
	IsochronesFile, Catchments, Indicators            string
}

func (s *SurfaceFlags) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&s.Raster, "raster", "", "also write the travel time (minutes) from every cell to the nearest facility: `FILE`.tif, over the network and across the land between")
	s.CellM = 250
	f.Var(distanceFlag{&s.CellM}, "cell", "cell size of the travel-time surface (e.g. 250m)")
	f.StringVar(&s.Landcover, "landcover", "", "land-cover GeoTIFF `FILE` (ESA WorldCover classes) setting the walking speed per cell; water is impassable except along rivers")
	f.StringVar(&s.Speeds, "landcover-speeds", "", "YAML `FILE` of km/h per land-cover class (10: 2.5), replacing those defaults")
	f.StringVar(&s.DEM, "dem", "", "terrain for the surface's slopes (SRTM tiles or a GeoTIFF): uphill and downhill walking differ")
	f.StringVar(&s.Slope, "slope", "tobler", "slope model with --dem: tobler (Tobler's hiking function), langmuir (as GRASS r.walk) or none")
	f.StringVar(&s.Population, "population", "", "population GeoTIFF `FILE` summed into the surface's cells, for the people within reach")
	f.Float64Var(&s.MaxMinutes, "max-minutes", 0, "stop the surface at this travel time (0: no limit)")
	f.StringVar(&s.Isochrones, "isochrones", "", "travel times in minutes, e.g. 30,60,120: the areas within each (--isochrones-file) and the people within (--indicators)")
	f.StringVar(&s.IsochronesFile, "isochrones-file", "", "write the --isochrones polygons to `FILE` (GeoJSON, GeoPackage, KML…) with area_km2, population and villages")
	f.StringVar(&s.Catchments, "catchments", "", "write each facility's catchment (the cells it serves fastest) to `FILE` with area, population, villages and the median and 90th percentile time")
	f.StringVar(&s.Indicators, "indicators", "", "write the population and villages within each --isochrones time, per kecamatan and in total, to `FILE` (a table)")
}

// wanted says whether any surface output is asked for.
func (s *SurfaceFlags) wanted() bool {
	return s.Raster != "" || s.IsochronesFile != "" || s.Catchments != "" || s.Indicators != ""
}

// NewCmdAccess builds `kukarcli access`.
func NewCmdAccess(streams *IOStreams, g *GlobalOptions, runF func(*AccessOptions) error) *cobra.Command {
	opts := &AccessOptions{IO: streams, Global: g}
	cmd := &cobra.Command{
		Use:   "access --roads FILE [--rivers FILE] --targets FILE --facilities FILE",
		Short: "Travel time from every village to the nearest facility and its kecamatan centre, by road, river and on foot",
		Long: `Build a network from roads (speed by class, maxspeed or speed_kmh), rivers
(boat speed, a boarding penalty) and ferries (their duration), join each target
and facility to the nearest point of the network within --max-snap (walked at
--walk-speed), and find for every target the fastest trip to a facility and,
when both layers name a kecamatan, to a facility of its own kecamatan.

Per target: travel_time_min, distance_km, facility, time_to_kecamatan_min,
mode (road, river, road+river, walk), land_access (reachable without water
legs), snap_m and reachable. Unreachable targets are kept with nulls.` + exitStatusHelp,
		Example: `  kukarcli access --roads kaltim.osm.pbf --targets desa.shp --facilities ibukota_kec.geojson
  kukarcli access --roads jalan.shp --rivers mahakam.geojson --targets desa.geojson \
      --facilities puskesmas.csv --routes routes.geojson -o access.geojson`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.SummaryBy != "" && opts.SummaryBy != "kecamatan" {
				return scenario.Usagef("--summary-by %q: only kecamatan is supported", opts.SummaryBy)
			}
			if runF != nil {
				return runF(opts)
			}
			return accessCmdRun(opts)
		},
	}
	opts.Acc.AddFlags(cmd)
	opts.Out.AddFlags(cmd)
	cmd.Flags().StringVar(&opts.Routes, "routes", "", "also write each target's route as a line to `FILE`")
	cmd.Flags().StringVar(&opts.SummaryBy, "summary-by", "", "write a per-kecamatan summary table instead of per-target rows")
	cmd.Flags().BoolVar(&opts.Keep, "keep-fields", false, "carry every input field of the targets into the output")
	opts.Surface.addFlags(cmd)
	return cmd
}

func accessCmdRun(opts *AccessOptions) error {
	if err := precheckOutputs(opts.Out.Overwrite, opts.Out.Path, opts.Routes, opts.Acc.JoinReport); err != nil {
		return err
	}
	if opts.Acc.JoinReport != "" && len(opts.Acc.Joins) == 0 {
		return scenario.Usagef("--join-report needs --join")
	}
	sf := &opts.Surface
	if err := precheckOutputs(opts.Out.Overwrite, sf.Raster, sf.IsochronesFile, sf.Catchments, sf.Indicators); err != nil {
		return err
	}
	times, err := parseMinutesList(sf.Isochrones)
	if err != nil {
		return err
	}
	switch {
	case (sf.IsochronesFile != "" || sf.Indicators != "") && len(times) == 0:
		return scenario.Usagef("--isochrones-file and --indicators need the times: --isochrones 30,60,120")
	case len(times) > 0 && sf.IsochronesFile == "" && sf.Indicators == "":
		return scenario.Usagef("--isochrones: say where they go, --isochrones-file FILE or --indicators FILE")
	case sf.Raster != "" && !strings.HasSuffix(strings.ToLower(sf.Raster), ".tif") && !strings.HasSuffix(strings.ToLower(sf.Raster), ".tiff"):
		return scenario.Usagef("--raster %s: the surface is a GeoTIFF; name a .tif", sf.Raster)
	}
	if sf.wanted() {
		opts.Acc.surface = &scenario.SurfaceInputs{CellM: sf.CellM, Landcover: sf.Landcover, Speeds: sf.Speeds, DEM: sf.DEM,
			Slope: sf.Slope, Population: sf.Population, MaxMinutes: sf.MaxMinutes}
	}
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Acc.Read.Strict)
	run, err := runAccess(opts.IO, opts.Global, &opts.Acc, log, opts.Routes != "")
	if err != nil {
		return err
	}
	if err := writeJoinReport(opts.Acc.JoinReport, opts.Out.Overwrite, opts.Acc.Targets, opts.Acc.Joins, run.Targets, run.Roles, run.Joins); err != nil {
		return err
	}
	if !opts.Global.Quiet {
		run.PrintSummary(opts.IO.ErrOut)
	}
	var inputs []string
	for _, p := range append(append(append([]string{}, opts.Acc.Roads...), opts.Acc.Rivers...), opts.Acc.Targets, opts.Acc.Facilities) {
		inputs = append(inputs, inputFiles(p)...)
	}
	if run.Surface != nil {
		if err := writeSurface(opts, run, times, inputs, log); err != nil {
			return err
		}
	}
	if opts.Routes != "" {
		var rs []*geoio.Feature
		for i, r := range run.Results {
			if !r.Reachable || len(r.Route) < 2 {
				continue
			}
			f := run.ResultFeature(i, false)
			rs = append(rs, &geoio.Feature{ID: f.ID, Geometry: r.Route, Properties: f.Properties})
		}
		ro := OutputFlags{Path: opts.Routes, Overwrite: opts.Out.Overwrite, Precision: opts.Out.Precision}
		if err := writeRows(opts.IO, &ro, inputs, "routes", rs, log.Warn); err != nil {
			return err
		}
	}
	if opts.SummaryBy != "" {
		format, err := opts.Out.resolve(opts.IO)
		if err != nil {
			return err
		}
		if !reportFormats[format] {
			return scenario.Usagef("--summary-by writes a table: use -f table, csv, json or md")
		}
		if err := writeTable(opts.IO, &opts.Out, inputs, format, run.ByKecamatan()); err != nil {
			return err
		}
		return log.Finish()
	}
	fs := make([]*geoio.Feature, len(run.Results))
	for i := range run.Results {
		fs[i] = run.ResultFeature(i, opts.Keep)
	}
	if err := writeRows(opts.IO, &opts.Out, inputs, "access", fs, log.Warn); err != nil {
		return err
	}
	opts.Global.phases().mark("write")
	opts.Global.phases().print(opts.IO.ErrOut)
	return log.Finish()
}

// runAccess runs the access analysis of the flags.
func runAccess(streams *IOStreams, g *GlobalOptions, a *AccessFlags, log *scenario.Log, withRoutes bool) (*scenario.AccessRun, error) {
	ro, err := a.Read.options(nil)
	if err != nil {
		return nil, err
	}
	var joins []scenario.JoinSpec
	for _, j := range a.Joins {
		joins = append(joins, scenario.ParseJoin(j))
	}
	in := scenario.AccessInputs{Roads: a.Roads, Rivers: a.Rivers, Targets: a.Targets, Facilities: a.Facilities, Fields: a.Fields,
		Joins: joins, ClassField: a.ClassField, Speeds: a.Speeds, Params: a.Params, Read: ro, Surface: a.surface}
	env := scenario.Env{Stdin: streams.In, ErrOut: streams.ErrOut, Quiet: g.Quiet, Phase: g.phaseFunc(),
		Progress: scenarioProgress(streams, g, a.Targets == "-" || a.Facilities == "-")}
	return scenario.RunAccess(env, &in, log, withRoutes)
}
