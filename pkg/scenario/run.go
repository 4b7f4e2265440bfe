package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/priority"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/siting"
	"github.com/paulmach/orb"
)

// The indicators, in report order.
var Indicators = []struct {
	Key    string
	Unit   string
	Higher bool
}{
	{"villages_with_signal", "count", true},
	{"offices_with_signal", "count", true},
	{"population_covered", "people", true},
	{"blank_spot_villages", "count", false},
	{"road_length_covered_km", "km", true},
}

type FailRule struct {
	key   string
	value float64
}

func ParseFailUnder(vals []string) ([]FailRule, error) {
	var out []FailRule
	for _, v := range vals {
		k, num, ok := strings.Cut(v, "=")
		f, err := strconv.ParseFloat(strings.TrimSuffix(num, "%"), 64)
		if strings.HasSuffix(num, "%") {
			f /= 100
		}
		known := false
		for _, d := range Indicators {
			if d.Key == k {
				known = true
			}
		}
		if !ok || err != nil || !known || math.IsNaN(f) {
			var keys []string
			for _, d := range Indicators {
				keys = append(keys, d.Key)
			}
			return nil, Usagef("--fail-under %q: want indicator=value with indicator one of %s", v, strings.Join(keys, ", "))
		}
		out = append(out, FailRule{k, f})
	}
	return out, nil
}

// scenarioData is every layer of a scenario, read once.
type Data struct {
	cfg        *Config
	villages   *Layer
	roles      RoleMap
	pops       []float64
	sites      []coverage.Site // all, with Year (0: always on air)
	settle     []coverage.WeightedPoint
	offices    []orb.Point
	officeVill []int // village of each office (-1 none)
	econ       []orb.Point
	econVill   []int
	roadLines  []orb.Geometry
	rivers     []orb.LineString
	params     coverage.Params
	inputs     []report.InputFile
}

// judgeTarget turns a scenario target into the value shown and says
// whether v meets it. A target up to 1 on a count, people or road length
// with a known total is a share of that total (blank-spot villages are
// always a count); shares are compared at the precision the report prints
// them (0.1 %), so 218 of 237 (92.0 %) meets a 92 % target.
func JudgeTarget(v, t float64, s *report.IndicatorSeries) (want float64, met bool) {
	share := t <= 1 && s.Total > 0 && s.Key != "blank_spot_villages"
	if !share {
		met = (s.HigherIsBetter && v >= t-1e-9) || (!s.HigherIsBetter && v <= t+1e-9)
		return t, met
	}
	want = math.Round(t*s.Total*10) / 10
	got := math.Round(v/s.Total*1000) / 1000
	met = (s.HigherIsBetter && got >= t-1e-9) || (!s.HigherIsBetter && got <= t+1e-9)
	return want, met
}

func CheckFailUnder(rep *report.Report, rules []FailRule) error {
	var missed []string
	for _, r := range rules {
		for _, s := range rep.Indicators {
			if s.Key != r.key || len(s.Values) == 0 {
				continue
			}
			v := s.Values[len(s.Values)-1].Value
			if want, met := JudgeTarget(v, r.value, &s); !met {
				missed = append(missed, fmt.Sprintf("%s is %s in %d, target %s", r.key, trimFloat(v), rep.LatestYear, trimFloat(want)))
			}
		}
	}
	if len(missed) > 0 {
		return FailUnderError{Msg: "target missed: " + strings.Join(missed, "; ")}
	}
	return nil
}

func trimFloat(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// loadScenario reads every layer of the scenario once, with the
// checksums of the files.
func Load(env Env, c *Config, log *Log) (*Data, error) {
	sd := &Data{cfg: c}
	load := func(role string, spec *LayerSpec) (*Layer, error) {
		d, err := ReadLayer(c.Resolve(spec.Path), env.Stdin, log.ReadOptions(geoio.ReadOptions{Format: spec.Format}))
		if err != nil {
			return nil, err
		}
		sum, err := fileDigest(c.Resolve(spec.Path))
		if err != nil {
			return nil, err
		}
		sd.inputs = append(sd.inputs, report.InputFile{Role: role, Path: spec.Path, Format: d.Layer.Format, Features: len(d.Features), SHA256: sum})
		return d, nil
	}
	L := c.Layers
	v, err := load("villages", L.Villages)
	if err != nil {
		return nil, err
	}
	sd.villages = v
	if sd.roles, err = ResolveRoles(v.Fields, TargetRoles, L.Villages.Fields, v.Path); err != nil {
		return nil, err
	}
	sd.pops = make([]float64, len(v.Features))
	for i, f := range v.Features {
		p, ok := PropFloat(f.Properties, sd.roles["population"])
		if !ok {
			p = math.NaN()
		}
		sd.pops[i] = p
	}
	table, err := LoadSiteDefaults(c.Resolve(c.Model.SiteDefaults))
	if err != nil {
		return nil, err
	}
	sd.params = coverage.Params{Model: coverage.Model(c.Model.Name), Environment: coverage.Environment(c.Model.Environment), Table: table}
	if c.Model.LargeCity != nil {
		sd.params.LargeCity = *c.Model.LargeCity
	}
	if c.Model.SampleM != nil {
		sd.params.SampleM = *c.Model.SampleM
	}
	if c.Model.MinShare != nil {
		sd.params.MinShare = *c.Model.MinShare
	}
	sd.params.ThresholdDBm = c.Model.ThresholdDBm
	if c.Model.DEM != "" {
		dem, err := raster.OpenDEM(c.Resolve(c.Model.DEM))
		if err != nil {
			return nil, err
		}
		clutter := 0.0
		if c.Model.ClutterM != nil {
			clutter = *c.Model.ClutterM
		}
		sd.params.Terrain = DEMProfiler{DEM: dem, ClutterM: clutter}
	}
	siteFiles := []struct {
		path string
		year int
	}{}
	if len(L.Sites.ByYear) > 0 {
		var ys []int
		for y := range L.Sites.ByYear {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		for _, y := range ys {
			siteFiles = append(siteFiles, struct {
				path string
				year int
			}{L.Sites.ByYear[y], y})
		}
	} else {
		siteFiles = append(siteFiles, struct {
			path string
			year int
		}{L.Sites.Path, 0})
	}
	for _, sf := range siteFiles {
		spec := L.Sites.LayerSpec
		spec.Path = sf.path
		d, err := load("sites", &spec)
		if err != nil {
			return nil, err
		}
		sites, err := BuildSites(d, SiteOptions{Fields: spec.Fields, DefaultTech: "4G", Table: table}, log, env.ErrOut, true)
		if err != nil {
			return nil, err
		}
		for i := range sites {
			if sf.year > 0 {
				sites[i].Year = sf.year
			}
		}
		sd.sites = append(sd.sites, sites...)
	}
	zones := NewZoneFinder(v.Features)
	points := func(role string, spec *LayerSpec) ([]orb.Point, []int, error) {
		if spec == nil {
			return nil, nil, nil
		}
		d, err := load(role, spec)
		if err != nil {
			return nil, nil, err
		}
		var pts []orb.Point
		var vill []int
		for _, f := range d.Features {
			p, ok := geoio.RepresentativePoint(f.Geometry)
			if !ok {
				continue
			}
			pts = append(pts, p)
			vill = append(vill, zones.Find(p))
		}
		return pts, vill, nil
	}
	if sd.offices, sd.officeVill, err = points("offices", L.Offices); err != nil {
		return nil, err
	}
	if sd.offices == nil {
		// every desa and kelurahan has an office: without a layer, take a
		// point inside each village
		for i, f := range v.Features {
			if p, ok := geoio.RepresentativePoint(f.Geometry); ok {
				sd.offices = append(sd.offices, p)
				sd.officeVill = append(sd.officeVill, i)
			}
		}
	}
	if sd.econ, sd.econVill, err = points("economic_centres", L.EconomicCentres); err != nil {
		return nil, err
	}
	if L.Settlements != nil {
		d, err := load("settlements", L.Settlements)
		if err != nil {
			return nil, err
		}
		sr, err := ResolveRoles(d.Fields, TargetRoles, L.Settlements.Fields, d.Path)
		if err != nil {
			return nil, err
		}
		for _, f := range d.Features {
			if p, ok := f.Geometry.(orb.Point); ok {
				w, _ := PropFloat(f.Properties, sr["population"])
				sd.settle = append(sd.settle, coverage.WeightedPoint{Pos: p, Weight: w})
			}
		}
	}
	for _, r := range L.Roads {
		d, err := load("roads", &r)
		if err != nil {
			return nil, err
		}
		for _, f := range d.Features {
			switch f.Geometry.(type) {
			case orb.LineString, orb.MultiLineString:
				if PropString(f.Properties, "waterway") == "" && PropString(f.Properties, "route") != "ferry" {
					sd.roadLines = append(sd.roadLines, f.Geometry)
				}
			}
		}
	}
	for _, r := range L.Rivers {
		d, err := load("rivers", &r)
		if err != nil {
			return nil, err
		}
		for _, f := range d.Features {
			switch g := f.Geometry.(type) {
			case orb.LineString:
				sd.rivers = append(sd.rivers, g)
			case orb.MultiLineString:
				sd.rivers = append(sd.rivers, g...)
			}
		}
	}
	if L.Facilities != nil {
		if _, err := load("facilities", L.Facilities); err != nil {
			return nil, err
		}
	}
	return sd, nil
}

func sitesBy(all []coverage.Site, year int) []coverage.Site {
	var out []coverage.Site
	for _, s := range all {
		if s.Year == 0 || s.Year <= year {
			out = append(out, s)
		}
	}
	return out
}

func pointTargets(pts []orb.Point) []coverage.Target {
	t := make([]coverage.Target, len(pts))
	for i, p := range pts {
		t[i] = coverage.Target{Geometry: p}
	}
	return t
}

// buildReport evaluates the scenario year by year (coverage of villages,
// offices, economic centres and roads), then ranks, plans and maps for
// the latest year.
func Evaluate(env Env, sd *Data, years []int, lang string, log *Log) (*report.Report, error) {
	c := sd.cfg
	nv := len(sd.villages.Features)
	villageTargets := make([]coverage.Target, nv)
	totalPop := 0.0
	for i, f := range sd.villages.Features {
		villageTargets[i] = coverage.Target{Geometry: f.Geometry, Population: sd.pops[i]}
		if !math.IsNaN(sd.pops[i]) {
			totalPop += sd.pops[i]
		}
	}
	roadTargets := make([]coverage.Target, len(sd.roadLines))
	totalRoadKm := 0.0
	for i, g := range sd.roadLines {
		roadTargets[i] = coverage.Target{Geometry: g}
	}
	series := map[string]*report.IndicatorSeries{}
	var order []*report.IndicatorSeries
	for _, d := range Indicators {
		s := &report.IndicatorSeries{Key: d.Key, Unit: d.Unit, HigherIsBetter: d.Higher}
		series[d.Key] = s
		order = append(order, s)
	}
	series["villages_with_signal"].Total = float64(nv)
	series["blank_spot_villages"].Total = float64(nv)
	series["offices_with_signal"].Total = float64(len(sd.offices))
	series["population_covered"].Total = totalPop
	var latest struct {
		cov           *CoverageRun
		officeCovered []bool
		econCovered   []bool
	}
	for _, y := range years {
		sites := sitesBy(sd.sites, y)
		res, sum, err := coverage.Evaluate(sites, villageTargets, sd.settle, sd.params)
		if err != nil {
			return nil, err
		}
		popCov := 0.0
		for i, r := range res {
			if !math.IsNaN(sd.pops[i]) {
				popCov += sd.pops[i] * r.CoveredShare
			}
		}
		ores, _, err := coverage.Evaluate(sites, pointTargets(sd.offices), nil, sd.params)
		if err != nil {
			return nil, err
		}
		officesCov := 0
		officeCovered := make([]bool, len(ores))
		for i, r := range ores {
			officeCovered[i] = r.Covered
			if r.Covered {
				officesCov++
			}
		}
		eres, _, err := coverage.Evaluate(sites, pointTargets(sd.econ), nil, sd.params)
		if err != nil {
			return nil, err
		}
		econCovered := make([]bool, len(eres))
		for i, r := range eres {
			econCovered[i] = r.Covered
		}
		roadKm := 0.0
		if len(roadTargets) > 0 {
			rres, _, err := coverage.Evaluate(sites, roadTargets, nil, sd.params)
			if err != nil {
				return nil, err
			}
			totalRoadKm = 0
			for _, r := range rres {
				roadKm += r.CoveredLengthM / 1000
				totalRoadKm += r.LengthM / 1000
			}
		}
		add := func(key string, v float64) {
			s := series[key]
			yv := report.YearValue{Year: y, Value: v}
			if t, ok := c.Targets[key][y]; ok {
				want, met := JudgeTarget(v, t, s)
				yv.Target = &want
				yv.Met = &met
			}
			s.Values = append(s.Values, yv)
		}
		add("villages_with_signal", float64(sum.Covered))
		add("offices_with_signal", float64(officesCov))
		add("population_covered", math.Round(popCov))
		add("blank_spot_villages", float64(nv-sum.Covered))
		if len(roadTargets) > 0 {
			add("road_length_covered_km", math.Round(roadKm*10)/10)
		}
		if !env.Quiet {
			fmt.Fprintf(env.ErrOut, "%d: %d of %d villages with signal, %d of %d offices, %d sites\n", y, sum.Covered, nv, officesCov, len(sd.offices), len(sites))
		}
		latest.cov = &CoverageRun{Targets: sd.villages, Roles: sd.roles, Sites: sites, Settlements: sd.settle, Params: sd.params, Results: res, Summary: sum, Pops: sd.pops}
		latest.officeCovered, latest.econCovered = officeCovered, econCovered
	}
	series["road_length_covered_km"].Total = math.Round(totalRoadKm*10) / 10
	cov := latest.cov
	// priority facts for the latest year
	hasOffice := make([]bool, nv)
	officeUnc := make([]bool, nv)
	econUnc := make([]bool, nv)
	for i, z := range sd.officeVill {
		if z >= 0 {
			hasOffice[z] = true
			if !latest.officeCovered[i] {
				officeUnc[z] = true
			}
		}
	}
	for i, z := range sd.econVill {
		if z >= 0 && !latest.econCovered[i] {
			econUnc[z] = true
		}
	}
	gains, err := VillageGains(cov)
	if err != nil {
		return nil, err
	}
	vs := PriorityVillages(cov, hasOffice, officeUnc, econUnc, gains)
	var acc *AccessRun
	L := c.Layers
	if (len(L.Roads) > 0 || len(L.Rivers) > 0) && L.Facilities != nil {
		af := AccessInputs{Params: access.DefaultParams(), Targets: c.Resolve(L.Villages.Path), Facilities: c.Resolve(L.Facilities.Path)}
		for _, r := range L.Roads {
			af.Roads = append(af.Roads, c.Resolve(r.Path))
		}
		for _, r := range L.Rivers {
			af.Rivers = append(af.Rivers, c.Resolve(r.Path))
		}
		for _, k := range SortedMapKeys(L.Villages.Fields) {
			if HasRole(TargetRoles, k) {
				af.Fields = append(af.Fields, k+"="+L.Villages.Fields[k])
			}
		}
		a := c.Access
		if a.BoatSpeedKMH != nil {
			af.Params.BoatSpeedKMH = *a.BoatSpeedKMH
		}
		if a.WalkSpeedKMH != nil {
			af.Params.WalkSpeedKMH = *a.WalkSpeedKMH
		}
		if a.MaxSnapM != nil {
			af.Params.MaxSnapM = *a.MaxSnapM
		}
		if a.NodeSnapM != nil {
			af.Params.NodeSnapM = *a.NodeSnapM
		}
		if a.BoardingPenaltyMin != nil {
			af.Params.BoardingPenaltyS = *a.BoardingPenaltyMin * 60
		}
		af.Speeds = c.Resolve(a.Speeds)
		if acc, err = RunAccess(env.Stdin, env.ErrOut, true, &af, log, false); err != nil {
			return nil, err
		}
		ApplyAccess(vs, acc)
	}
	pcfg := priority.DefaultConfig()
	if b, err := c.WeightsYAML(); err != nil {
		return nil, err
	} else if b != nil {
		if pcfg, err = priority.ParseConfig(b); err != nil {
			return nil, fmt.Errorf("--config %s: weights: %w", c.File, err)
		}
	}
	ranked, err := priority.Rank(vs, pcfg.Weights, pcfg.Thresholds)
	if err != nil {
		return nil, err
	}
	top := 15
	if c.Top != nil {
		top = *c.Top
	}
	rep := &report.Report{Title: c.Title, Region: c.Region, Lang: lang, Years: years, LatestYear: years[len(years)-1], Model: string(cov.Summary.Model), Inputs: sd.inputs}
	if rep.Title == "" {
		rep.Title = "Kukar Tanpa Blank Spot"
	}
	for _, s := range order {
		if len(s.Values) > 0 {
			rep.Indicators = append(rep.Indicators, *s)
		}
	}
	for i, r := range ranked {
		if i >= top || r.Village.Covered {
			break
		}
		row := report.PriorityRow{Rank: r.Rank, ID: r.Village.ID, Name: r.Village.Name, Kecamatan: r.Village.Kecamatan, Score: math.Round(r.Score*1e4) / 1e4, Intervention: string(r.Intervention)}
		for _, p := range r.ReasonParts {
			row.Parts = append(row.Parts, report.ReasonPart{Factor: p.Factor, Value: p.Value})
		}
		rep.Priorities = append(rep.Priorities, row)
	}
	for _, k := range priority.SummariseByKecamatan(ranked) {
		kr := report.KecamatanRow{Kecamatan: k.Kecamatan, Villages: k.Villages, VillagesCovered: k.VillagesCovered, BlankSpots: k.BlankSpots,
			Offices: k.Offices, OfficesCovered: k.OfficesCovered, Population: k.Population, PopulationCovered: math.Round(k.PopulationCovered),
			MeanTravelTimeMin: math.Round(k.MeanTravelTimeS/6) / 10, TopVillage: k.TopVillage}
		for _, r := range ranked {
			if r.Village.Kecamatan == k.Kecamatan && r.Village.LandAccess != nil && !*r.Village.LandAccess {
				kr.NoLandAccess++
			}
		}
		rep.Kecamatan = append(rep.Kecamatan, kr)
	}
	// plan for the latest year
	k := 10
	if c.Plan.K != nil {
		k = *c.Plan.K
	}
	ts := 0.0
	if c.Plan.TargetShare != nil {
		ts = *c.Plan.TargetShare
	}
	if k > 0 || ts > 0 {
		demand, _ := PlanDemand(cov)
		covered, _, err := siting.Existing(cov.Sites, demand, cov.Params)
		if err != nil {
			return nil, err
		}
		cands, kec := VillageCandidates(cov)
		plan, err := siting.Solve(demand, covered, cands, siting.Params{NewSite: coverage.Site{Tech: coverage.Tech4G}, Coverage: cov.Params, K: k, TargetShare: ts})
		if err != nil {
			return nil, err
		}
		for _, p := range plan.Picks {
			ps := report.ProposedSite{Rank: p.Rank, Lon: RoundTo(p.Candidate.Pos[0], 6), Lat: RoundTo(p.Candidate.Pos[1], 6),
				GainPopulation: math.Round(p.GainWeight), CumulativePopulation: math.Round(p.CumulativeWeight),
				CumulativeShare: RoundTo(p.CumulativeShare, 4), Kecamatan: kec[p.Candidate.ID]}
			for _, z := range p.NewlyCoveredZones {
				ps.Villages = append(ps.Villages, PropString(sd.villages.Features[z].Properties, sd.roles["name"]))
			}
			rep.Proposed = append(rep.Proposed, ps)
			rep.Map.Proposed = append(rep.Map.Proposed, p.Candidate.Pos)
		}
	}
	// map
	for i, f := range sd.villages.Features {
		// a blank spot shows as such; among villages with signal, those
		// without land access stand out (their towers need boats or VSAT)
		st := "blank_spot"
		if cov.Results[i].Covered {
			st = "covered"
			if acc != nil && !acc.Results[i].LandAccess {
				st = "no_land_access"
			}
		}
		rep.Map.Villages = append(rep.Map.Villages, report.MapVillage{Name: PropString(f.Properties, sd.roles["name"]), Geometry: f.Geometry, Status: st})
	}
	for _, s := range cov.Sites {
		rep.Map.Sites = append(rep.Map.Sites, s.Pos)
	}
	rep.Map.Rivers = sd.rivers
	if env.Stamp {
		rep.Stamp = nowStamp()
	}
	for _, in := range sd.inputs {
		if strings.Contains(in.Path, "ilustratif") || strings.Contains(in.Path, "illustrative") {
			note := "Data menara, penduduk, kantor desa, pusat ekonomi, jalan dan sungai tambahan dalam laporan ini bersifat ilustratif, bukan data resmi; batas desa dan kecamatan adalah data nyata."
			if lang == "en" {
				note = "The towers, population, village offices, economic centres, roads and extra rivers in this report are illustrative, not official data; the village and kecamatan boundaries are real."
			}
			rep.Notes = append(rep.Notes, note)
			break
		}
	}
	return rep, nil
}

func nowStamp() string { return time.Now().UTC().Format("2006-01-02 15:04 UTC") }

// runEnv is what a scenario run needs from its caller.
type Env struct {
	Stdin  io.Reader // for layers named "-"
	ErrOut io.Writer // progress lines and notes, unless Quiet
	Quiet  bool
	Lang   string // "id" or "en"; "" for the scenario's, else id
	Stamp  bool   // print the time of the run in the report
}

// runScenario reads the scenario's layers and evaluates it: the report's
// data, ready for pkg/report to render.
func Run(c *Config, env Env, log *Log) (*report.Report, error) {
	if c.Layers.Villages == nil || c.Layers.Sites == nil {
		return nil, fmt.Errorf("--config %s: layers.villages and layers.sites are required", c.File)
	}
	years := append([]int(nil), c.Years...)
	sort.Ints(years)
	if len(years) == 0 {
		return nil, fmt.Errorf("--config %s: years is empty", c.File)
	}
	lang := env.Lang
	if lang == "" {
		lang = c.Lang
	}
	if lang == "" {
		lang = "id"
	}
	sd, err := Load(env, c, log)
	if err != nil {
		return nil, err
	}
	return Evaluate(env, sd, years, lang, log)
}
