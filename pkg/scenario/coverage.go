package scenario

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kukarcli/kukarcli/internal/par"
	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/priority"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/siting"
	"github.com/paulmach/orb"
)

// CoverageInputs are the files and parameters of a coverage analysis.
type CoverageInputs struct {
	Sites, Targets string
	Settlements    string            // optional points weighted by population
	Fields         map[string]string // role → field, for the sites and the targets
	DefaultTech    string            // of sites without one: 2G, 3G, 4G or 5G
	Year           int               // 0: every site; else those on air by then
	Params         coverage.Params   // the model, with its site defaults and terrain
	Read           geoio.ReadOptions // format and CRS; problems go to the log
	// Joins are tables whose columns are added to the targets (matched
	// by village code or name) before their roles are found.
	Joins []JoinSpec
	// Calibration, when set, adjusts the sites (see Calibration.Apply).
	Calibration *Calibration
	// Population is a population raster: the polygons' people from it,
	// and judged where they live (demand cells of DemandCellM).
	Population  string
	DemandCellM float64
	// MinShareBy says what a polygon's covered share is with a
	// population raster: "population" (the default: the share of its
	// people) or "area" (of its sample points).
	MinShareBy string
	// Shard, when set, judges only the targets of one shard; their rows
	// carry ShardRowField.
	Shard *Shard
	// ZonesOnly reads the targets, maps their roles and gives them their
	// people, and reports those that could not be judged, without judging
	// any: blank-spot areas judge cells of the targets instead.
	ZonesOnly bool
	// SitesOnly reads and builds the sites only (measurements need no
	// targets): the run has Sites and Params and no targets.
	SitesOnly bool
}

// RunCoverage reads the sites, the targets and the settlements and judges
// every target's coverage. Roles found go to env.ErrOut unless quiet;
// targets the engine cannot judge are reported to the log.
func RunCoverage(env Env, in *CoverageInputs, log *Log) (*CoverageRun, error) {
	ro := log.ReadOptions(in.Read)
	p := in.Params
	// the targets are read while the sites are read and built
	// (a failure before they are taken waits for them and says nothing of
	// them, as if they had not been read)
	var ahead *readAhead
	if !in.SitesOnly {
		ahead = log.ReadAhead(in.Targets, in.Read)
	}
	defer ahead.Drop()
	sd, err := ReadLayer(in.Sites, env.Stdin, ro)
	if err != nil {
		return nil, err
	}
	siteFields := map[string]string{}
	targetFields := map[string]string{}
	for k, v := range in.Fields {
		if HasRole(SiteRoles, k) && ContainsFold(sd.Fields, v) {
			siteFields[k] = v
		}
	}
	sites, err := BuildSites(sd, SiteOptions{Fields: siteFields, DefaultTech: in.DefaultTech, Year: in.Year, Table: p.Table}, log, env.ErrOut, env.Quiet)
	if err != nil {
		return nil, err
	}
	if len(sites) == 0 {
		return nil, noSites(sd, in.Year)
	}
	if err := in.Calibration.Apply(sites, p.Model); err != nil {
		return nil, err
	}
	if in.SitesOnly {
		return &CoverageRun{Sites: sites, Params: p}, nil
	}
	td, err := ahead.Take(log, in.Targets, env.Stdin, ro)
	if err != nil {
		return nil, err
	}
	for k, v := range in.Fields {
		if HasRole(TargetRoles, k) {
			targetFields[k] = v
		}
	}
	roles, err := ResolveRoles(td.Fields, TargetRoles, targetFields, td.Path)
	if err != nil {
		return nil, err
	}
	var joined []*JoinResult
	if len(in.Joins) > 0 {
		if joined, err = JoinTables(env, td, roles, in.Joins, ro, log); err != nil {
			return nil, err
		}
		// a joined table may bring the population (a BPS table)
		if roles, err = ResolveRoles(td.Fields, TargetRoles, targetFields, td.Path); err != nil {
			return nil, err
		}
	}
	if !env.Quiet {
		DescribeRoles(env.ErrOut, "targets", td.Path, roles, TargetRoles)
	}
	var shardRows []int
	var whole []coverage.Target // every target, in a sharded run
	if in.Shard != nil {
		all := td.Features
		// the whole run's plane, so the shard's targets get the sample
		// points they get in the whole run
		whole = make([]coverage.Target, len(all))
		for i, f := range all {
			whole[i] = coverage.Target{Geometry: f.Geometry}
		}
		if b, ok := coverage.Extent(whole); ok {
			p.PlaneBound = b
		}
		kept := *td
		kept.Features = nil
		for i, f := range all {
			if in.Shard.Has(f.Geometry) {
				kept.Features = append(kept.Features, f)
				shardRows = append(shardRows, i)
			}
		}
		td = &kept
		if !env.Quiet {
			fmt.Fprintf(env.ErrOut, "shard %s: %d of %d targets\n", in.Shard, len(td.Features), len(all))
		}
	}
	run := &CoverageRun{Targets: td, Roles: roles, Sites: sites, Params: p, Joins: joined, ShardRows: shardRows}
	targets := make([]coverage.Target, len(td.Features))
	run.Pops = Populations(td, roles["population"], log)
	for i, f := range td.Features {
		targets[i] = coverage.Target{Geometry: f.Geometry, Population: run.Pops[i]}
	}
	if in.Settlements != "" {
		if run.Settlements, err = readSettlements(in.Settlements, env.Stdin, ro, targetFields); err != nil {
			return nil, err
		}
	}
	switch in.MinShareBy {
	case "", "population", "area":
		if in.MinShareBy != "" && in.Population == "" {
			return nil, Usagef("--min-share-by %s chooses between a raster's people and the area: give --population", in.MinShareBy)
		}
	default:
		return nil, Usagef("--min-share-by %q: use population or area", in.MinShareBy)
	}
	if in.Population != "" {
		if in.Settlements != "" {
			return nil, Usagef("--population and --settlements both say where people live; give one")
		}
		// a shard sums the raster over every target, as the whole run
		// does: demand cells are laid over the whole run's area, and one
		// may straddle villages of two shards
		over := targets
		if whole != nil {
			over = whole
		}
		pops, demand, err := RasterPopulation(in.Population, over, in.DemandCellM, log)
		if err != nil {
			return nil, err
		}
		if whole != nil {
			mine := make([]float64, len(shardRows))
			for k, i := range shardRows {
				mine[k] = pops[i]
			}
			pops = mine
		}
		for i, v := range pops {
			if !math.IsNaN(v) {
				run.Pops[i], targets[i].Population = v, v
			}
		}
		run.Settlements = demand
		run.Roles["population"] = "population (" + filepath.Base(in.Population) + ")"
	}
	if err := checkTerrain(p, sites, targets); err != nil {
		return nil, err
	}
	if whole != nil && p.Model.Terrain() && !p.ExactTerrain {
		// each site chooses between its sweep and single profiles by the
		// whole run's sample points, as the whole run does
		smp, err := coverage.Samples(sites, whole, run.Settlements, p)
		if err != nil {
			return nil, err
		}
		for _, s := range smp {
			p.SweepPoints = append(p.SweepPoints, s.Points...)
		}
	}
	env.phase("read")
	if in.ZonesOnly {
		probs, err := coverage.TargetProblems(sites, targets, run.Settlements, p)
		if err != nil {
			if errors.Is(err, coverage.ErrBadParams) {
				return nil, UsageError{Err: err}
			}
			return nil, err
		}
		for i, pr := range probs {
			if pr != "" {
				if err := log.Handle(geoio.Problem{File: td.Path, Index: i, ID: td.Features[i].IDString(), Kind: geoio.ProblemBadRecord, Reason: pr}); err != nil {
					return nil, err
				}
			}
		}
		return run, nil
	}
	finish := withProgress(env, &p, "judging targets", len(targets))
	res, sum, err := coverage.Evaluate(sites, targets, run.Settlements, p)
	finish()
	if err != nil {
		if errors.Is(err, coverage.ErrBadParams) {
			return nil, UsageError{Err: err}
		}
		return nil, err
	}
	for _, w := range sum.Warnings {
		log.Warn(fmt.Sprintf("%s (%d×)", w.Message, w.Count))
	}
	for i, r := range res {
		if r.Problem != "" {
			if err := log.Handle(geoio.Problem{File: td.Path, Index: i, ID: td.Features[i].IDString(), Kind: geoio.ProblemBadRecord, Reason: r.Problem}); err != nil {
				return nil, err
			}
		}
	}
	if msg := noneInReach(res); msg != "" {
		log.Warn(msg)
	}
	if in.Population != "" {
		// the share of each polygon's people with signal; by area the
		// polygons are judged again on their sample points
		run.PopShare = make([]float64, len(res))
		for i, r := range res {
			run.PopShare[i] = math.NaN()
			switch targets[i].Geometry.(type) {
			case orb.Polygon, orb.MultiPolygon:
				if run.Pops[i] > 0 { // else judged on its samples: no people to share
					run.PopShare[i] = r.CoveredShare
				}
			}
		}
		if in.MinShareBy == "area" {
			finish := withProgress(env, &p, "judging targets by area", len(targets))
			res, sum, err = coverage.Evaluate(sites, targets, nil, p)
			finish()
			if err != nil {
				return nil, err
			}
		}
	}
	run.Results, run.Summary = res, sum
	env.phase("evaluate")
	return run, nil
}

// checkTerrain fails at once when a terrain model's DEM lacks the ground
// under some target, or under a site that may reach one, naming the
// missing tiles, rather than after judging every path without it.
func checkTerrain(p coverage.Params, sites []coverage.Site, targets []coverage.Target) error {
	dp, ok := p.Terrain.(DEMProfiler)
	if !ok || !p.Model.Terrain() {
		return nil
	}
	var pts []orb.Point
	var b orb.Bound
	for _, tg := range targets {
		if q, ok := geoio.RepresentativePoint(tg.Geometry); ok {
			if len(pts) == 0 {
				b = orb.Bound{Min: q, Max: q}
			}
			pts = append(pts, q)
			b = b.Extend(q)
		}
	}
	if len(pts) == 0 {
		return nil
	}
	// sites farther than the longest reach from every target never need
	// the ground under them; a degree of latitude is at least 110.5 km,
	// of longitude 111.3 km × cos(latitude)
	reach := p.MaxReachM
	if !(reach > 0) {
		reach = coverage.DefaultMaxReachM
	}
	dLat := reach / 110500
	cos := math.Cos(math.Min(90, math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1]))+dLat) * math.Pi / 180)
	dLon := 360.0
	if cos > 0.01 {
		dLon = reach / (111300 * cos)
	}
	near := orb.Bound{Min: orb.Point{b.Min[0] - dLon, b.Min[1] - dLat}, Max: orb.Point{b.Max[0] + dLon, b.Max[1] + dLat}}
	for _, s := range sites {
		if near.Contains(s.Pos) {
			pts = append(pts, s.Pos)
		}
	}
	return raster.CheckCovers(dp.DEM, dp.Name, "sites and targets", pts)
}

// noneInReach explains a run in which no site reaches any target, which
// is almost always sites and targets from different places or read in
// different coordinate orders; "" when some site reaches some target.
func noneInReach(res []coverage.Result) string {
	nearest, judged := math.Inf(1), 0
	for _, r := range res {
		if r.Problem != "" {
			continue
		}
		judged++
		if r.BestSite != "" || r.Covered {
			return ""
		}
		if r.DistanceM < nearest {
			nearest = r.DistanceM
		}
	}
	if judged == 0 || math.IsInf(nearest, 1) {
		return ""
	}
	return fmt.Sprintf("no site is within reach of any of the %d targets: the nearest site is %.1f km from the nearest target (are the sites and targets of the same area, with coordinates in the same order and CRS?)", judged, nearest/1000)
}

// readSettlements reads the settlement points, each weighted by its
// population.
func readSettlements(path string, stdin io.Reader, ro geoio.ReadOptions, fields map[string]string) ([]coverage.WeightedPoint, error) {
	sdl, err := ReadLayer(path, stdin, ro)
	if err != nil {
		return nil, err
	}
	// the mappings name the targets' fields; the settlements use those of
	// them they have, and find the rest by name
	own := map[string]string{}
	for k, v := range fields {
		if ContainsFold(sdl.Fields, v) {
			own[k] = v
		}
	}
	sr, err := ResolveRoles(sdl.Fields, TargetRoles, own, sdl.Path)
	if err != nil {
		return nil, err
	}
	if sr["population"] == "" {
		return nil, fmt.Errorf("%s: no population field found to weight by; map one with --field population=NAME", sdl.Path)
	}
	var out []coverage.WeightedPoint
	for _, f := range sdl.Features {
		pt, ok := f.Geometry.(orb.Point)
		if !ok {
			continue
		}
		w, _ := PropFloat(f.Properties, sr["population"])
		out = append(out, coverage.WeightedPoint{Pos: pt, Weight: w})
	}
	return out, nil
}

// Populations reads each feature's population from field: NaN where it
// is absent or not a number, and where it is negative or infinite, which
// are counted as unknown with a warning naming the first.
func Populations(d *Layer, field string, log *Log) []float64 {
	pops := make([]float64, len(d.Features))
	bad, first := 0, -1
	for i, f := range d.Features {
		p, ok := PropFloat(f.Properties, field)
		if ok && (p < 0 || math.IsInf(p, 0)) {
			if bad == 0 {
				first = i
			}
			bad++
			ok = false
		}
		if !ok {
			p = math.NaN()
		}
		pops[i] = p
	}
	if bad > 0 {
		f := d.Features[first]
		v, _ := PropFloat(f.Properties, field)
		id := ""
		if s := f.IDString(); s != "" {
			id = fmt.Sprintf(" (id %s)", s)
		}
		log.Warn(fmt.Sprintf("%s: %d feature(s) with a negative or infinite %s, counted as unknown (first: feature %d%s, %v)", d.Path, bad, field, first, id, v))
	}
	return pops
}

// RoundTo rounds v to the given number of decimals.
func RoundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// CoverageRun holds what both coverage and gaps compute.
type CoverageRun struct {
	Targets     *Layer
	Roles       RoleMap
	Sites       []coverage.Site
	Settlements []coverage.WeightedPoint
	Params      coverage.Params
	Results     []coverage.Result
	Summary     coverage.Summary
	Pops        []float64
	// PopShare is, with a population raster, the share of each polygon's
	// people with signal (NaN for points and lines); nil without.
	PopShare []float64
	Joins    []*JoinResult // the --join tables' matching
	// ShardRows is, in a sharded run, each target's place in the input
	// (written as ShardRowField); nil otherwise.
	ShardRows []int

	colsOnce sync.Once
	cols     []resultColumn // the output columns, made once
}

// ResultFeatures builds every output row, on every core: each row
// depends only on its target, so the rows are the same whatever the
// schedule.
func (run *CoverageRun) ResultFeatures(keep bool) []*geoio.Feature {
	fs := make([]*geoio.Feature, len(run.Results))
	const chunk = 1024
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(fs)/chunk+1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(fs) {
					return
				}
				for i := lo; i < min(lo+chunk, len(fs)); i++ {
					fs[i] = run.ResultFeature(i, keep)
				}
			}
		}()
	}
	wg.Wait()
	return fs
}

// PeopleShare is the share of target i's people with signal: from the
// population raster when one was given, else its covered share (of its
// settlements or sample points).
func (run *CoverageRun) PeopleShare(i int) float64 {
	if run.PopShare != nil && !math.IsNaN(run.PopShare[i]) {
		return run.PopShare[i]
	}
	return run.Results[i].CoveredShare
}

// techKey names the per-technology column: covered_2g, covered_4g.
func techKey(t coverage.Tech) string { return "covered_" + strings.ToLower(string(t)) }

// ResultFeature builds one output row: the target's identifying roles,
// then the verdict. Numbers are rounded here once, so every format
// carries the same values.
func (run *CoverageRun) ResultFeature(i int, keep bool) *geoio.Feature {
	f := run.Targets.Features[i]
	cols := run.resultColumns()
	n := len(cols)
	if keep {
		n += len(f.Properties)
	}
	// the row is allocated once, with room for every column
	p := make(geoio.Properties, 0, n)
	rest := cols
	if run.ShardRows != nil {
		p = append(p, geoio.Property{Key: cols[0].name, Value: cols[0].value(i)})
		rest = cols[1:]
	}
	if keep {
		p = append(p, f.Properties...)
	}
	for c := range rest {
		col := &rest[c]
		if col.has != nil && !col.has(i) {
			continue
		}
		if keep {
			p.Set(col.name, col.value(i))
		} else {
			// the columns are distinct: appended, not searched for
			p = append(p, geoio.Property{Key: col.name, Value: col.value(i)})
		}
	}
	return &geoio.Feature{ID: f.ID, Geometry: f.Geometry, Properties: p}
}

// ResultColumns is every output row as typed columns, for the CSV and JSON
// writers: the same values as ResultFeature's properties, without a
// boxed value per cell. ok is false when the rows do not all have the
// same columns (the input's fields kept, or targets of mixed kinds);
// ResultFeatures then makes the rows.
func (run *CoverageRun) ResultColumns(keep bool) (c *report.Columns, ok bool) {
	if keep {
		return nil, false
	}
	cols := run.resultColumns()
	n := len(run.Results)
	// a column some rows lack is written only when no row has it (it
	// is then left out) or every row has it
	var from []*resultColumn
	for k := range cols {
		col := &cols[k]
		if col.has != nil {
			some, all := presence(col.has, n)
			if some && !all {
				return nil, false
			}
			if !some {
				continue
			}
		}
		from = append(from, col)
	}
	c = &report.Columns{Rows: n}
	made := make([]*report.Column, len(from))
	for k, col := range from {
		made[k] = c.NewColumn(col.name, col.kind)
		if col.kind == report.NumberColumn {
			made[k].Decimals = col.decimals
		}
	}
	par.Chunks(n, 4096, func(lo, hi int) {
		for k, col := range made {
			from[k].fill(col, lo, hi)
		}
	})
	return c, true
}

// presence says whether some and whether all of rows [0, n) have a
// column, counted on every core.
func presence(has func(i int) bool, n int) (some, all bool) {
	var someRow, missing atomic.Bool
	par.Chunks(n, 4096, func(lo, hi int) {
		k := 0
		for i := lo; i < hi; i++ {
			if has(i) {
				k++
			}
		}
		// once per chunk: the cores do not share a flag row by row
		if k > 0 {
			someRow.Store(true)
		}
		if k < hi-lo {
			missing.Store(true)
		}
	})
	return someRow.Load(), !missing.Load()
}

// resultColumn is one output column of the coverage rows, defined once
// for both ResultFeature and ResultColumns.
type resultColumn struct {
	name     string
	kind     report.ColumnKind
	decimals int // a NumberColumn's rounding
	text     func(i int) string
	num      func(i int) float64 // NaN: a null
	flag     func(i int) bool
	has      func(i int) bool // whether row i has the column; nil: every row
}

// value is row i's property value: a null for an empty text or a number
// that is not one, numbers rounded.
func (c *resultColumn) value(i int) any {
	switch c.kind {
	case report.TextColumn:
		return Nullable(c.text(i))
	case report.NumberColumn:
		return NumOrNil(c.num(i), c.decimals)
	case report.IntegerColumn:
		return NumOrNil(c.num(i), 0)
	}
	return c.flag(i)
}

// fill sets rows [lo, hi) of col: the values value gives, typed.
func (c *resultColumn) fill(col *report.Column, lo, hi int) {
	for i := lo; i < hi; i++ {
		switch c.kind {
		case report.TextColumn:
			col.Text[i] = c.text(i)
		case report.NumberColumn:
			col.Num[i] = RoundTo(c.num(i), c.decimals)
		case report.IntegerColumn:
			col.Num[i] = c.num(i)
		default:
			col.Flag[i] = c.flag(i)
		}
	}
}

// resultColumns makes the run's output columns once: a shard's row
// number first when sharded, then the target's identifying roles, then
// the verdict.
func (run *CoverageRun) resultColumns() []resultColumn {
	run.colsOnce.Do(func() {
		var cols []resultColumn
		text := func(name string, f func(i int) string) {
			cols = append(cols, resultColumn{name: name, kind: report.TextColumn, text: f})
		}
		num := func(name string, decimals int, f func(i int) float64) {
			kind := report.NumberColumn
			if decimals == 0 {
				kind = report.IntegerColumn
			}
			cols = append(cols, resultColumn{name: name, kind: kind, decimals: decimals, num: f})
		}
		flag := func(name string, f func(i int) bool) {
			cols = append(cols, resultColumn{name: name, kind: report.BoolColumn, flag: f})
		}
		if run.ShardRows != nil {
			num(ShardRowField, 0, func(i int) float64 { return float64(run.ShardRows[i]) })
		}
		for _, k := range identityRoles {
			if field := run.Roles[k]; field != "" {
				text(k, func(i int) string { return PropString(run.Targets.Features[i].Properties, field) })
			}
		}
		if run.Roles["population"] != "" {
			num("population", 0, func(i int) float64 { return run.Pops[i] })
		}
		if run.PopShare != nil {
			num("population_covered", 0, func(i int) float64 { return run.Pops[i] * run.PopShare[i] })
		}
		flag("covered", func(i int) bool { return run.Results[i].Covered })
		num("covered_share", 4, func(i int) float64 { return run.Results[i].CoveredShare })
		cols[len(cols)-1].has = func(i int) bool {
			_, isPoint := run.Targets.Features[i].Geometry.(orb.Point)
			return !isPoint
		}
		if run.PopShare != nil {
			num("covered_share_pop", 4, func(i int) float64 { return run.PopShare[i] })
		}
		text("best_site", func(i int) string { return run.Results[i].BestSite })
		text("best_tech", func(i int) string { return string(run.Results[i].BestTech) })
		num("distance_m", 1, func(i int) float64 { return run.Results[i].DistanceM })
		num("signal_dbm", 2, func(i int) float64 { return run.Results[i].SignalDBm })
		num("n_sites", 0, func(i int) float64 { return float64(run.Results[i].NSites) })
		if run.Params.Model == coverage.ModelITM || run.Params.Model == coverage.ModelLOSKED {
			text("mode", func(i int) string { return run.Results[i].Mode })
			num("clearance_m", 1, func(i int) float64 { return run.Results[i].ClearanceM })
		}
		for ti, t := range run.Summary.Techs {
			flag(techKey(t), func(i int) bool { return run.Results[i].ByTech[ti] })
			cols[len(cols)-1].has = func(i int) bool { return ti < len(run.Results[i].ByTech) }
		}
		hasLength := func(i int) bool { return run.Results[i].LengthM > 0 }
		num("length_m", 1, func(i int) float64 { return run.Results[i].LengthM })
		cols[len(cols)-1].has = hasLength
		num("covered_length_m", 1, func(i int) float64 { return run.Results[i].CoveredLengthM })
		cols[len(cols)-1].has = hasLength
		run.cols = cols
	})
	return run.cols
}

// identityRoles are the roles that name a target, in the order of their
// output columns.
var identityRoles = []string{"id", "name", "kecamatan"}

// Nullable is s, or nil (a null in the output) when empty.
func Nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// NumOrNil is v rounded to decimals, or nil when it is not a number.
func NumOrNil(v float64, decimals int) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	if decimals == 0 {
		return int64(math.Round(v))
	}
	return RoundTo(v, decimals)
}

// PrintSummary writes the run's totals on standard error.
func (run *CoverageRun) PrintSummary(w interface{ Write([]byte) (int, error) }, what string) {
	s := run.Summary
	fmt.Fprintf(w, "%s: %d targets, %d covered (%s), %d not covered; model %s, %d sites\n",
		what, s.Targets, s.Covered, Pct(float64(s.Covered), float64(s.Targets)), s.Targets-s.Covered-s.Skipped, s.Model, s.Sites)
	if s.Population > 0 {
		fmt.Fprintf(w, "population %s, of which in covered targets %s (%s)\n", Thousands(s.Population), Thousands(s.PopulationCovered), Pct(s.PopulationCovered, s.Population))
	}
	var parts []string
	for i, t := range s.Techs {
		parts = append(parts, fmt.Sprintf("%s %d sites, %d targets covered", t, s.SitesByTech[i], s.CoveredByTech[i]))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "by technology: %s\n", strings.Join(parts, "; "))
	}
}

// Pct is a of b as a percentage with one decimal, for summaries.
func Pct(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", 100*a/b)
}

// Thousands formats a count with comma separators: 12,345.
func Thousands(v float64) string { return priority.FormatCount(v) }

// SummaryByKecamatan is the --summary-by kecamatan table.
func (run *CoverageRun) SummaryByKecamatan(only func(i int) bool) *report.Table {
	type agg struct {
		targets, covered int
		pop, popCov      float64
		hasPop           bool
	}
	groups := map[string]*agg{}
	for i, f := range run.Targets.Features {
		if only != nil && !only(i) {
			continue
		}
		k := PropString(f.Properties, run.Roles["kecamatan"])
		if k == "" {
			k = "(none)"
		}
		a := groups[k]
		if a == nil {
			a = &agg{}
			groups[k] = a
		}
		a.targets++
		if run.Results[i].Covered {
			a.covered++
		}
		if p := run.Pops[i]; !math.IsNaN(p) {
			a.hasPop = true
			a.pop += p
			a.popCov += p * run.PeopleShare(i)
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
			RoundTo(100*float64(a.covered)/float64(a.targets), 1), pop, popCov})
	}
	return t
}

// PlanDemand is the population to serve: the settlements when given,
// else each village's population at a point inside it (one per village
// when no population is known).
func PlanDemand(cov *CoverageRun) ([]siting.Demand, bool) {
	villages := cov.Targets.Features
	var demand []siting.Demand
	hasPop := cov.Roles["population"] != ""
	if len(cov.Settlements) > 0 {
		zoneOf := NewZoneFinder(villages)
		for _, s := range cov.Settlements {
			w := math.Max(0, finiteOr(s.Weight, 0))
			demand = append(demand, siting.Demand{Pos: s.Pos, Weight: w, Zone: zoneOf.Find(s.Pos)})
		}
		return demand, true
	}
	for i, f := range villages {
		p, ok := geoio.RepresentativePoint(f.Geometry)
		if !ok {
			continue
		}
		w := 1.0
		if hasPop {
			w = math.Max(0, finiteOr(cov.Pops[i], 0))
		}
		demand = append(demand, siting.Demand{Pos: p, Weight: w, Zone: i})
	}
	return demand, hasPop
}

// VillageCandidates puts a candidate site at a point inside each village,
// with the village's kecamatan.
func VillageCandidates(cov *CoverageRun) ([]siting.Candidate, map[string]string) {
	cands, vill := villageCandidates(cov, false)
	kec := map[string]string{}
	for k, c := range cands {
		kec[c.ID] = PropString(cov.Targets.Features[vill[k]].Properties, cov.Roles["kecamatan"])
	}
	return cands, kec
}

// villageCandidates are a point inside each village (rounded to 6
// decimals when round), its id (the id role, else v000001…) and the
// village's index.
func villageCandidates(cov *CoverageRun, round bool) ([]siting.Candidate, []int) {
	var cands []siting.Candidate
	var vill []int
	for i, f := range cov.Targets.Features {
		p, ok := geoio.RepresentativePoint(f.Geometry)
		if !ok {
			continue
		}
		id := PropString(f.Properties, cov.Roles["id"])
		if id == "" {
			id = fmt.Sprintf("v%06d", i+1)
		}
		if round {
			p = orb.Point{RoundTo(p[0], 6), RoundTo(p[1], 6)}
		}
		cands = append(cands, siting.Candidate{ID: id, Pos: p})
		vill = append(vill, i)
	}
	return cands, vill
}

// PriorityVillages turns coverage results into the facts priority ranks.
func PriorityVillages(cov *CoverageRun, hasOffice, officeUncovered, econUncovered []bool, gains []float64) []priority.Village {
	vs := make([]priority.Village, len(cov.Results))
	for i, f := range cov.Targets.Features {
		r := cov.Results[i]
		v := priority.Village{
			Index:             i,
			ID:                PropString(f.Properties, cov.Roles["id"]),
			Name:              PropString(f.Properties, cov.Roles["name"]),
			Kecamatan:         PropString(f.Properties, cov.Roles["kecamatan"]),
			Population:        cov.Pops[i],
			CoveredShare:      cov.PeopleShare(i),
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

// ApplyAccess adds travel times and land access to the villages.
func ApplyAccess(vs []priority.Village, acc *AccessRun) {
	for i, r := range acc.Results {
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

// VillageGains is, per village, the population a new site at the village
// (the default 4G template) would newly serve, with the same model as the
// coverage run. Demand is the settlements when given, else each village's
// uncovered population at its point.
func VillageGains(cov *CoverageRun) ([]float64, error) {
	n := len(cov.Targets.Features)
	gains := make([]float64, n)
	var demand []siting.Demand
	var covered []bool
	if len(cov.Settlements) > 0 {
		tgts := make([]coverage.Target, len(cov.Settlements))
		for i, s := range cov.Settlements {
			tgts[i] = coverage.Target{Geometry: s.Pos}
			demand = append(demand, siting.Demand{Pos: s.Pos, Weight: math.Max(0, finiteOr(s.Weight, 0)), Zone: -1})
		}
		res, _, err := coverage.Evaluate(cov.Sites, tgts, nil, cov.Params)
		if err != nil {
			return nil, err
		}
		for _, r := range res {
			covered = append(covered, r.Covered)
		}
	} else {
		for i, f := range cov.Targets.Features {
			p, ok := geoio.RepresentativePoint(f.Geometry)
			if !ok {
				continue
			}
			un := finiteOr(cov.Pops[i], 0) * (1 - finiteOr(cov.PeopleShare(i), 0))
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
	for i, f := range cov.Targets.Features {
		if p, ok := geoio.RepresentativePoint(f.Geometry); ok {
			cands = append(cands, siting.Candidate{ID: fmt.Sprintf("%09d", i), Pos: p})
			idx = append(idx, i)
		}
	}
	g, err := siting.Gains(demand, covered, cands, siting.Params{NewSite: coverage.Site{Tech: coverage.Tech4G}, Coverage: cov.Params})
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

// noSites explains an analysis without a single usable site, which would
// otherwise call every target a blank spot.
func noSites(d *Layer, year int) error {
	switch {
	case len(d.Features) == 0:
		return fmt.Errorf("%s: no sites: the file holds no usable feature (see the warnings above)", d.Path)
	case year > 0:
		return fmt.Errorf("%s: no site is on air by %d (%d sites read)", d.Path, year, len(d.Features))
	}
	return fmt.Errorf("%s: none of the %d features is a usable site (see the warnings above)", d.Path, len(d.Features))
}
