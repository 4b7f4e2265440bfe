package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/paulmach/orb"
	"gopkg.in/yaml.v3"
)

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
func addNetwork(b *access.Builder, path string, stdin io.Reader, ro geoio.ReadOptions, log *Log, river bool, classField string) error {
	r, err := geoio.Open(path, stdin, ro)
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
		l, ok := networkLine(f.Properties, river, classField)
		if !ok {
			continue // streams and ditches carry no boats
		}
		var perr error
		add := func(ls orb.LineString) {
			l.Geometry = ls
			if why := b.AddLine(l); why != "" && perr == nil {
				perr = log.Handle(geoio.Problem{File: path, Index: i, ID: f.IDString(), Kind: geoio.ProblemBadRecord, Reason: why})
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

// AccessRun holds the analysis's results.
type AccessRun struct {
	Targets *Layer
	Roles   RoleMap
	Results []access.Result
	Summary access.Summary
	Grouped bool
	Joins   []*JoinResult // the --join tables' matching
	Surface *SurfaceRun   // the travel-time surface, when asked for
}

// AccessInputs are the files and parameters of an access analysis.
type AccessInputs struct {
	Roads, Rivers       []string
	Targets, Facilities string
	Fields              []string   // role=FIELD mappings of the targets
	Joins               []JoinSpec // tables whose columns are added to the targets
	// Surface, when set, asks for a travel-time surface too.
	Surface    *SurfaceInputs
	ClassField string
	Speeds     string // YAML of km/h per road class; "" for the built-in table
	Params     access.Params
	Read       geoio.ReadOptions // format and CRS; problems go to the log
}

// RunAccess builds the network from the road and river files and
// finds every target's travel time to the facilities. Notes go to errOut
// unless quiet.
func RunAccess(env Env, a *AccessInputs, log *Log, withRoutes bool) (*AccessRun, error) {
	if len(a.Roads) == 0 && len(a.Rivers) == 0 {
		return nil, Usagef("give at least one --roads or --rivers file")
	}
	if a.Targets == "" || a.Facilities == "" {
		return nil, Usagef("--targets and --facilities are required")
	}
	explicit, err := ParseFieldFlags(a.Fields, TargetRoles)
	if err != nil {
		return nil, err
	}
	ro := log.ReadOptions(a.Read)
	p := a.Params
	p.Released = CollectGarbage
	if p.Speeds, err = loadSpeeds(a.Speeds); err != nil {
		return nil, err
	}
	graph, err := buildNetwork(env.Stdin, a, p, ro, log)
	if err != nil {
		return nil, err
	}
	env.phase("read and build the network")
	td, err := ReadLayer(a.Targets, env.Stdin, ro)
	if err != nil {
		return nil, err
	}
	roles, err := ResolveRoles(td.Fields, TargetRoles, explicit, td.Path)
	if err != nil {
		return nil, err
	}
	var joined []*JoinResult
	if len(a.Joins) > 0 {
		if joined, err = JoinTables(env, td, roles, a.Joins, ro, log); err != nil {
			return nil, err
		}
		// a joined table may bring the kecamatan
		if roles, err = ResolveRoles(td.Fields, TargetRoles, explicit, td.Path); err != nil {
			return nil, err
		}
	}
	fd, err := ReadLayer(a.Facilities, env.Stdin, ro)
	if err != nil {
		return nil, err
	}
	// the mappings name the targets' fields; facilities use those of them
	// they have, and find the rest by name
	fexplicit := map[string]string{}
	for k, v := range explicit {
		if ContainsFold(fd.Fields, v) {
			fexplicit[k] = v
		}
	}
	froles, err := ResolveRoles(fd.Fields, TargetRoles, fexplicit, fd.Path)
	if err != nil {
		return nil, err
	}
	if !env.Quiet {
		DescribeRoles(env.ErrOut, "targets", td.Path, roles, TargetRoles)
		DescribeRoles(env.ErrOut, "facilities", fd.Path, froles, TargetRoles)
	}
	grouped := roles["kecamatan"] != "" && froles["kecamatan"] != ""
	tps := accessPoints(td, roles, "target", grouped)
	fps := accessPoints(fd, froles, "facility", grouped)
	env.phase("read targets")
	res, sum, err := access.Analyse(graph, tps, fps, p, withRoutes)
	env.phase("snap and search")
	if err != nil {
		return nil, err
	}
	var surf *SurfaceRun
	if a.Surface != nil {
		if surf, err = computeSurface(env, a.Surface, graph, td, tps, fps, p, log); err != nil {
			return nil, err
		}
		surf.Kecamatan = map[string]string{}
		for _, f := range fd.Features {
			k := PropString(f.Properties, froles["kecamatan"])
			if g := groupKey(k); g != "" && surf.Kecamatan[g] == "" {
				surf.Kecamatan[g] = k
			}
		}
		env.phase("surface")
	}
	graph = nil
	CollectGarbage()
	if len(sum.UnsnappedFacilities) > 0 {
		log.Warn(fmt.Sprintf("%d facilities are farther than --max-snap from every road or river and take no part: %s",
			len(sum.UnsnappedFacilities), strings.Join(FirstFew(sum.UnsnappedFacilities, 5), ", ")))
	}
	if len(sum.GroupsWithoutFacility) > 0 {
		// name the kecamatan as the villages' data writes them
		shown := map[string]string{}
		for _, f := range td.Features {
			k := PropString(f.Properties, roles["kecamatan"])
			if g := groupKey(k); shown[g] == "" {
				shown[g] = k
			}
		}
		var names []string
		for _, g := range sum.GroupsWithoutFacility {
			names = append(names, shown[g])
		}
		log.Warn(fmt.Sprintf("no facility in kecamatan %s: their villages get no time_to_kecamatan_min",
			strings.Join(FirstFew(names, 5), ", ")))
	}
	return &AccessRun{Targets: td, Roles: roles, Results: res, Summary: sum, Grouped: grouped, Joins: joined, Surface: surf}, nil
}

// FirstFew is the first n of s, and "and N more" when there are more.
func FirstFew(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string{}, s[:n]...), fmt.Sprintf("and %d more", len(s)-n))
}

// ResultFeature builds one output row of target i: its identifying
// roles (and with keep all its fields), then the travel times.
func (run *AccessRun) ResultFeature(i int, keep bool) *geoio.Feature {
	f := run.Targets.Features[i]
	r := run.Results[i]
	var p geoio.Properties
	if keep {
		p = append(p, f.Properties...)
	}
	for _, k := range []string{"id", "name", "kecamatan"} {
		if field := run.Roles[k]; field != "" {
			p.Set(k, Nullable(PropString(f.Properties, field)))
		}
	}
	p.Set("reachable", r.Reachable)
	if r.Reachable {
		p.Set("travel_time_min", NumOrNil(r.TravelTimeS/60, 1))
		p.Set("distance_km", NumOrNil(r.DistanceM/1000, 3))
		p.Set("facility", Nullable(r.Facility))
	} else {
		p.Set("travel_time_min", nil)
		p.Set("distance_km", nil)
		p.Set("facility", nil)
	}
	if run.Grouped {
		p.Set("time_to_kecamatan_min", NumOrNil(r.TimeToGroupS/60, 1))
	}
	p.Set("mode", Nullable(r.Mode))
	p.Set("land_access", r.LandAccess)
	p.Set("snap_m", NumOrNil(r.SnapM, 1))
	return &geoio.Feature{ID: f.ID, Geometry: f.Geometry, Properties: p}
}

// PrintSummary writes the run's totals.
func (run *AccessRun) PrintSummary(w io.Writer) {
	s := run.Summary
	fmt.Fprintf(w, "access: %d targets, %d reachable, %d with land access, %d only by water; %d beyond --max-snap, %d with no path\n",
		s.Targets, s.Reachable, s.LandAccess, s.WaterOnly, s.BeyondSnap, s.NoPath)
	if s.Reachable > 0 {
		fmt.Fprintf(w, "travel time to the nearest facility: mean %.0f min, median %.0f min, max %.0f min; network %d nodes, %d edges\n",
			s.MeanTravelTimeS/60, s.MedianTravelTimeS/60, s.MaxTravelTimeS/60, s.Nodes, s.Edges)
	}
}

// ByKecamatan is the per-kecamatan table of travel times.
func (run *AccessRun) ByKecamatan() *report.Table {
	type agg struct {
		n, reach, land int
		sumMin         float64
		worst          string
		worstMin       float64
	}
	groups := map[string]*agg{}
	for i, f := range run.Targets.Features {
		k := PropString(f.Properties, run.Roles["kecamatan"])
		if k == "" {
			k = "(none)"
		}
		a := groups[k]
		if a == nil {
			a = &agg{worstMin: -1}
			groups[k] = a
		}
		a.n++
		r := run.Results[i]
		if r.Reachable {
			a.reach++
			m := r.TravelTimeS / 60
			a.sumMin += m
			name := PropString(f.Properties, run.Roles["name"])
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
			mean = RoundTo(a.sumMin/float64(a.reach), 1)
		}
		t.Rows = append(t.Rows, []any{k, int64(a.n), int64(a.reach), int64(a.land), int64(a.n - a.land), mean, Nullable(a.worst)})
	}
	return t
}

// networkLine is the engine's line for a feature's tags: its kind (road,
// river or ferry; OSM tags win over the file's role), class, speed, one-way
// direction and ferry duration. False for waterways no boat uses.
func networkLine(p geoio.Properties, river bool, classField string) (access.Line, bool) {
	kind := access.Road
	if river {
		kind = access.River
	}
	class := PropString(p, "highway")
	ww := PropString(p, "waterway")
	if PropString(p, "route") == "ferry" {
		kind = access.Ferry
	} else if class == "" && ww != "" {
		switch ww {
		case "river", "canal", "fairway", "tidal_channel":
			kind = access.River
		default:
			return access.Line{}, false // streams and ditches carry no boats
		}
	}
	if class == "" && classField != "" {
		class = PropString(p, classField)
	}
	if class == "" {
		for _, k := range []string{"class", "kelas", "status", "fungsi", "jenis_jalan"} {
			if v := PropString(p, k); v != "" {
				class = v
				break
			}
		}
	}
	l := access.Line{Kind: kind, Class: strings.ToLower(class)}
	if v, ok := PropFloat(p, "speed_kmh"); ok && v > 0 {
		l.SpeedKMH = v
	} else if v, ok := access.ParseMaxspeed(PropString(p, "maxspeed")); ok {
		l.SpeedKMH = v
	}
	switch strings.ToLower(PropString(p, "oneway")) {
	case "yes", "1", "true":
		l.OneWay = 1
	case "-1", "reverse":
		l.OneWay = -1
	}
	if kind == access.Ferry {
		if s, ok := access.ParseOSMDuration(PropString(p, "duration")); ok {
			l.FerryDurationS = s
		}
	}
	return l, true
}

// buildNetwork streams the road and river files into the graph.
func buildNetwork(stdin io.Reader, a *AccessInputs, p access.Params, ro geoio.ReadOptions, log *Log) (*access.Graph, error) {
	b, err := access.NewBuilder(p)
	if err != nil {
		return nil, UsageError{err}
	}
	for i, path := range append(append([]string{}, a.Roads...), a.Rivers...) {
		if err := addNetwork(b, path, stdin, ro, log, i >= len(a.Roads), a.ClassField); err != nil {
			return nil, err
		}
	}
	CollectGarbage()
	graph, err := b.Build()
	if err != nil {
		if errors.Is(err, access.ErrParams) {
			return nil, UsageError{err}
		}
		return nil, err
	}
	return graph, nil
}

// accessPoints are a layer's features as points for the engine: a point
// inside each (NaN when it has none), its id (the id role, the feature id,
// or what-N) and, when grouped, its kecamatan.
func accessPoints(d *Layer, r RoleMap, what string, grouped bool) []access.Point {
	out := make([]access.Point, len(d.Features))
	for i, f := range d.Features {
		pt, ok := geoio.RepresentativePoint(f.Geometry)
		if !ok {
			pt = orb.Point{math.NaN(), math.NaN()}
		}
		id := PropString(f.Properties, r["id"])
		if id == "" {
			id = f.IDString()
		}
		if id == "" {
			id = fmt.Sprintf("%s-%d", what, i+1)
		}
		out[i] = access.Point{Pos: pt, ID: id}
		if grouped {
			out[i].Group = groupKey(PropString(f.Properties, r["kecamatan"]))
		}
	}
	return out
}

// groupKey is a kecamatan name for matching villages with their
// facilities: "Muara  Kaman" and "MUARA KAMAN" are the same kecamatan.
func groupKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}
