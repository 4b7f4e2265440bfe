package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/report"
)

// AccessFlags are the inputs of the accessibility analysis.
type AccessFlags struct {
	Roads, Rivers       []string
	Targets, Facilities string
	Fields              []string
	ClassField          string
	Speeds              string
	Params              access.Params
	Read                ReadFlags
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

// loadSpeeds reads a --speeds YAML: class: km/h.
func loadSpeeds(path string) (access.SpeedTable, error) {
	if path == "" {
		return access.DefaultSpeeds(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--speeds: %w", err)
	}
	var m map[string]float64
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("--speeds %s: %v", path, err)
	}
	t := access.SpeedTable{}
	for k, v := range m {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("--speeds %s: %s: speed %v km/h is not positive", path, k, v)
		}
		t[k] = v
	}
	return t, nil
}

// addNetwork streams a road or river layer into the graph builder,
// keeping no feature in memory: networks are the largest inputs. A line
// the engine cannot use is reported at once with its file, feature index
// and id, so nothing per line is kept for messages. OSM ways carry their
// kind in their tags; other layers take the kind of the flag they were
// given with.
func addNetwork(b *access.Builder, path string, streams *IOStreams, rf *ReadFlags, log *problemLog, river bool, classField string) error {
	ro, err := rf.options(log)
	if err != nil {
		return err
	}
	r, err := geoio.Open(path, streams.In, ro)
	if err != nil {
		return err
	}
	defer r.Close()
	for i := 0; ; i++ {
		f, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		p := f.Properties
		kind := access.Road
		if river {
			kind = access.River
		}
		class := propString(p, "highway")
		ww := propString(p, "waterway")
		if propString(p, "route") == "ferry" {
			kind = access.Ferry
		} else if class == "" && ww != "" {
			switch ww {
			case "river", "canal", "fairway", "tidal_channel":
				kind = access.River
			default:
				continue // streams and ditches carry no boats
			}
		}
		if class == "" && classField != "" {
			class = propString(p, classField)
		}
		if class == "" {
			for _, k := range []string{"class", "kelas", "status", "fungsi", "jenis_jalan"} {
				if v := propString(p, k); v != "" {
					class = v
					break
				}
			}
		}
		l := access.Line{Kind: kind, Class: strings.ToLower(class)}
		if v, ok := propFloat(p, "speed_kmh"); ok && v > 0 {
			l.SpeedKMH = v
		} else if v, ok := access.ParseMaxspeed(propString(p, "maxspeed")); ok {
			l.SpeedKMH = v
		}
		switch strings.ToLower(propString(p, "oneway")) {
		case "yes", "1", "true":
			l.OneWay = 1
		case "-1", "reverse":
			l.OneWay = -1
		}
		if kind == access.Ferry {
			if s, ok := access.ParseOSMDuration(propString(p, "duration")); ok {
				l.FerryDurationS = s
			}
		}
		var perr error
		add := func(ls orb.LineString) {
			l.Geometry = ls
			if why := b.AddLine(l); why != "" && perr == nil {
				perr = log.handle(geoio.Problem{File: path, Index: i, ID: f.IDString(), Kind: geoio.ProblemBadRecord, Reason: why})
			}
		}
		switch g := f.Geometry.(type) {
		case orb.LineString:
			add(g)
		case orb.MultiLineString:
			for _, ls := range g {
				add(ls)
			}
		case orb.Polygon:
			for _, ring := range g {
				add(orb.LineString(ring))
			}
		}
		if perr != nil {
			return perr
		}
	}
	return nil
}

// accessRun holds the analysis's results.
type accessRun struct {
	targets *layerData
	roles   roleMap
	results []access.Result
	summary access.Summary
	grouped bool
}

func runAccessModel(streams *IOStreams, g *GlobalOptions, a *AccessFlags, log *problemLog, withRoutes bool) (*accessRun, error) {
	if len(a.Roads) == 0 && len(a.Rivers) == 0 {
		return nil, usagef("give at least one --roads or --rivers file")
	}
	if a.Targets == "" || a.Facilities == "" {
		return nil, usagef("--targets and --facilities are required")
	}
	explicit, err := parseFieldFlags(a.Fields, targetRoles)
	if err != nil {
		return nil, err
	}
	p := a.Params
	p.Released = phaseDone
	if p.Speeds, err = loadSpeeds(a.Speeds); err != nil {
		return nil, err
	}
	b, err := access.NewBuilder(p)
	if err != nil {
		return nil, usageError{err}
	}
	for i, path := range append(append([]string{}, a.Roads...), a.Rivers...) {
		if err := addNetwork(b, path, streams, &a.Read, log, i >= len(a.Roads), a.ClassField); err != nil {
			return nil, err
		}
	}
	phaseDone()
	graph, err := b.Build()
	if err != nil {
		if errors.Is(err, access.ErrParams) {
			return nil, usageError{err}
		}
		return nil, err
	}
	td, err := loadLayer(a.Targets, streams, &a.Read, log)
	if err != nil {
		return nil, err
	}
	roles, err := resolveRoles(td.Fields, targetRoles, explicit, td.Path)
	if err != nil {
		return nil, err
	}
	fd, err := loadLayer(a.Facilities, streams, &a.Read, log)
	if err != nil {
		return nil, err
	}
	// the mappings name the targets' fields; facilities use those of them
	// they have, and find the rest by name
	fexplicit := map[string]string{}
	for k, v := range explicit {
		if containsFold(fd.Fields, v) {
			fexplicit[k] = v
		}
	}
	froles, err := resolveRoles(fd.Fields, targetRoles, fexplicit, fd.Path)
	if err != nil {
		return nil, err
	}
	if !g.Quiet {
		describeRoles(streams.ErrOut, "targets", td.Path, roles, targetRoles)
		describeRoles(streams.ErrOut, "facilities", fd.Path, froles, targetRoles)
	}
	grouped := roles["kecamatan"] != "" && froles["kecamatan"] != ""
	pointsOf := func(d *layerData, r roleMap, what string) ([]access.Point, error) {
		out := make([]access.Point, len(d.Features))
		for i, f := range d.Features {
			pt, ok := geoio.RepresentativePoint(f.Geometry)
			if !ok {
				pt = orb.Point{math.NaN(), math.NaN()}
			}
			id := propString(f.Properties, r["id"])
			if id == "" {
				id = f.IDString()
			}
			if id == "" {
				id = fmt.Sprintf("%s-%d", what, i+1)
			}
			out[i] = access.Point{Pos: pt, ID: id}
			if grouped {
				out[i].Group = propString(f.Properties, r["kecamatan"])
			}
		}
		return out, nil
	}
	tps, _ := pointsOf(td, roles, "target")
	fps, _ := pointsOf(fd, froles, "facility")
	res, sum, err := access.Analyse(graph, tps, fps, p, withRoutes)
	graph = nil
	phaseDone()
	if err != nil {
		return nil, err
	}
	if len(sum.UnsnappedFacilities) > 0 {
		log.warn(fmt.Sprintf("%d facilities are farther than --max-snap from every road or river and take no part: %s",
			len(sum.UnsnappedFacilities), strings.Join(first(sum.UnsnappedFacilities, 5), ", ")))
	}
	if len(sum.GroupsWithoutFacility) > 0 {
		log.warn(fmt.Sprintf("no facility in kecamatan %s: their villages get no time_to_kecamatan_min",
			strings.Join(first(sum.GroupsWithoutFacility, 5), ", ")))
	}
	return &accessRun{targets: td, roles: roles, results: res, summary: sum, grouped: grouped}, nil
}

func first(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string{}, s[:n]...), fmt.Sprintf("and %d more", len(s)-n))
}

func (run *accessRun) resultFeature(i int, keep bool) *geoio.Feature {
	f := run.targets.Features[i]
	r := run.results[i]
	var p geoio.Properties
	if keep {
		p = append(p, f.Properties...)
	}
	for _, k := range []string{"id", "name", "kecamatan"} {
		if field := run.roles[k]; field != "" {
			p.Set(k, nullable(propString(f.Properties, field)))
		}
	}
	p.Set("reachable", r.Reachable)
	if r.Reachable {
		p.Set("travel_time_min", numOrNil(r.TravelTimeS/60, 1))
		p.Set("distance_km", numOrNil(r.DistanceM/1000, 3))
		p.Set("facility", nullable(r.Facility))
	} else {
		p.Set("travel_time_min", nil)
		p.Set("distance_km", nil)
		p.Set("facility", nil)
	}
	if run.grouped {
		p.Set("time_to_kecamatan_min", numOrNil(r.TimeToGroupS/60, 1))
	}
	p.Set("mode", nullable(r.Mode))
	p.Set("land_access", r.LandAccess)
	p.Set("snap_m", numOrNil(r.SnapM, 1))
	return &geoio.Feature{ID: f.ID, Geometry: f.Geometry, Properties: p}
}

func (run *accessRun) printSummary(w io.Writer) {
	s := run.summary
	fmt.Fprintf(w, "access: %d targets, %d reachable, %d with land access, %d only by water; %d beyond --max-snap, %d with no path\n",
		s.Targets, s.Reachable, s.LandAccess, s.WaterOnly, s.BeyondSnap, s.NoPath)
	if s.Reachable > 0 {
		fmt.Fprintf(w, "travel time to the nearest facility: mean %.0f min, median %.0f min, max %.0f min; network %d nodes, %d edges\n",
			s.MeanTravelTimeS/60, s.MedianTravelTimeS/60, s.MaxTravelTimeS/60, s.Nodes, s.Edges)
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
				return usagef("--summary-by %q: only kecamatan is supported", opts.SummaryBy)
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
	return cmd
}

func accessCmdRun(opts *AccessOptions) error {
	log := newProblemLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Acc.Read.Strict)
	run, err := runAccessModel(opts.IO, opts.Global, &opts.Acc, log, opts.Routes != "")
	if err != nil {
		return err
	}
	if !opts.Global.Quiet {
		run.printSummary(opts.IO.ErrOut)
	}
	var inputs []string
	for _, p := range append(append(append([]string{}, opts.Acc.Roads...), opts.Acc.Rivers...), opts.Acc.Targets, opts.Acc.Facilities) {
		inputs = append(inputs, inputFiles(p)...)
	}
	if opts.Routes != "" {
		var rs []*geoio.Feature
		for i, r := range run.results {
			if !r.Reachable || len(r.Route) < 2 {
				continue
			}
			f := run.resultFeature(i, false)
			rs = append(rs, &geoio.Feature{ID: f.ID, Geometry: r.Route, Properties: f.Properties})
		}
		ro := OutputFlags{Path: opts.Routes, Overwrite: opts.Out.Overwrite, Precision: opts.Out.Precision}
		if err := writeRows(opts.IO, &ro, inputs, "routes", rs, log.warn); err != nil {
			return err
		}
	}
	if opts.SummaryBy != "" {
		format, err := opts.Out.resolve(opts.IO)
		if err != nil {
			return err
		}
		if !reportFormats[format] {
			return usagef("--summary-by writes a table: use -f table, csv, json or md")
		}
		if err := writeTable(opts.IO, &opts.Out, inputs, format, run.byKecamatan()); err != nil {
			return err
		}
		return log.finish()
	}
	fs := make([]*geoio.Feature, len(run.results))
	for i := range run.results {
		fs[i] = run.resultFeature(i, opts.Keep)
	}
	if err := writeRows(opts.IO, &opts.Out, inputs, "access", fs, log.warn); err != nil {
		return err
	}
	return log.finish()
}

func (run *accessRun) byKecamatan() *report.Table {
	type agg struct {
		n, reach, land int
		sumMin         float64
		worst          string
		worstMin       float64
	}
	groups := map[string]*agg{}
	for i, f := range run.targets.Features {
		k := propString(f.Properties, run.roles["kecamatan"])
		if k == "" {
			k = "(none)"
		}
		a := groups[k]
		if a == nil {
			a = &agg{worstMin: -1}
			groups[k] = a
		}
		a.n++
		r := run.results[i]
		if r.Reachable {
			a.reach++
			m := r.TravelTimeS / 60
			a.sumMin += m
			name := propString(f.Properties, run.roles["name"])
			if m > a.worstMin {
				a.worstMin, a.worst = m, name
			}
		}
		if r.LandAccess {
			a.land++
		}
	}
	t := &report.Table{Columns: []string{"kecamatan", "villages", "reachable", "land_access", "no_land_access", "mean_travel_time_min", "farthest_village"}}
	for _, k := range geoio.SortedKeys(groups) {
		a := groups[k]
		var mean any
		if a.reach > 0 {
			mean = roundTo(a.sumMin/float64(a.reach), 1)
		}
		t.Rows = append(t.Rows, []any{k, int64(a.n), int64(a.reach), int64(a.land), int64(a.n - a.land), mean, nullable(a.worst)})
	}
	return t
}
