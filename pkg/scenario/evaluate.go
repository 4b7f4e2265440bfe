package scenario

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/priority"
	"github.com/kukarcli/kukarcli/pkg/report"
)

// Evaluate computes the report's data from the loaded scenario: the
// indicators year by year (coverage of villages, offices, economic
// centres and roads), then for the latest year the priorities (with
// access when the scenario has roads or rivers and facilities), the
// kecamatan table, the proposed sites and the map layers.
func Evaluate(env Env, sd *Data, years []int, lang string, log *Log) (*report.Report, error) {
	c := sd.cfg
	ind, err := evaluateYears(env, sd, years)
	if err != nil {
		return nil, err
	}
	vs, err := villageFacts(sd, ind)
	if err != nil {
		return nil, err
	}
	acc, err := scenarioAccess(env, c, sd, log)
	if err != nil {
		return nil, err
	}
	if acc != nil {
		ApplyAccess(vs, acc)
	}
	ranked, err := rankVillages(c, vs)
	if err != nil {
		return nil, err
	}
	cov := ind.cov
	rep := &report.Report{Title: c.Title, Region: c.Region, Lang: lang, Years: years, LatestYear: years[len(years)-1], Model: string(cov.Summary.Model), Inputs: sd.inputs,
		Publisher: c.Publisher, Date: c.Date, ActualUntil: c.ActualUntil}
	rep.Method = method(sd, ind)
	if rep.Title == "" {
		rep.Title = "Kukar Tanpa Blank Spot"
	}
	for _, s := range ind.order {
		if len(s.Values) > 0 {
			rep.Indicators = append(rep.Indicators, *s)
		}
	}
	addPriorities(rep, c, ranked)
	addRiverVillages(rep, ranked)
	addKecamatan(rep, ranked, ind)
	if err := addProposed(rep, sd, ind); err != nil {
		return nil, err
	}
	addGround(rep, sd, ind)
	if err := addReach(rep, c, acc); err != nil {
		return nil, err
	}
	addMap(rep, sd, cov, acc, ind.statuses)
	addCosts(rep, c.Costs)
	if env.Stamp {
		rep.Stamp = nowStamp()
	}
	addNotes(rep, sd, lang)
	return rep, nil
}

// indicatorRun is the indicator series of every year and what the latest
// year's coverage found.
type indicatorRun struct {
	order         []*report.IndicatorSeries
	cov           *CoverageRun
	officeCovered []bool
	econCovered   []bool
	capCovered    []bool
	cap4G         []bool
	// statuses is each village's map status per year, for the map's
	// year slider
	statuses [][]report.YearStatus
}

// evaluateYears runs the coverage model for every year with the sites on
// air by then and fills the indicator series with values and targets.
func evaluateYears(env Env, sd *Data, years []int) (*indicatorRun, error) {
	c := sd.cfg
	nv := len(sd.villages.Features)
	tg := yearTargets{villages: make([]coverage.Target, nv), roads: make([]coverage.Target, len(sd.roadLines))}
	totalPop := 0.0
	for i, f := range sd.villages.Features {
		tg.villages[i] = coverage.Target{Geometry: f.Geometry, Population: sd.pops[i]}
		if !math.IsNaN(sd.pops[i]) {
			totalPop += sd.pops[i]
		}
	}
	for i, g := range sd.roadLines {
		tg.roads[i] = coverage.Target{Geometry: g}
	}
	ind := &indicatorRun{}
	series := map[string]*report.IndicatorSeries{}
	for _, d := range Indicators {
		s := &report.IndicatorSeries{Key: d.Key, Unit: d.Unit, HigherIsBetter: d.Higher}
		series[d.Key] = s
		ind.order = append(ind.order, s)
	}
	for key, total := range map[string]int{"villages_with_signal": nv, "blank_spot_villages": nv, "villages_with_4g": nv,
		"offices_with_signal": len(sd.offices), "economic_centres_with_signal": len(sd.econ),
		"kecamatan_capitals_with_4g": len(sd.capitals), "settlements_with_signal": len(sd.settle)} {
		series[key].Total = float64(total)
	}
	series["population_covered"].Total = totalPop
	totalRoadKm := 0.0
	for _, y := range years {
		sites := sitesBy(sd.sites, y)
		f, err := evaluateYear(env, sd, sites, &tg, y)
		if err != nil {
			return nil, err
		}
		if ind.statuses == nil {
			ind.statuses = make([][]report.YearStatus, len(f.res))
		}
		for i, r := range f.res {
			st := report.StatusBlankSpot
			if r.Covered {
				st = report.StatusCovered
			}
			ind.statuses[i] = append(ind.statuses[i], report.YearStatus{Year: y, Status: st})
		}
		add := func(key string, v float64) {
			s := series[key]
			yv := report.YearValue{Year: y, Value: v}
			if t, ok := c.Targets[key][y]; ok {
				want, share, met := JudgeTarget(v, t, s)
				yv.Target, yv.Met = &want, &met
				if !math.IsNaN(share) {
					yv.TargetShare = &share
				}
			}
			s.Values = append(s.Values, yv)
		}
		officesCov := count(f.officeCovered)
		add("villages_with_signal", float64(f.sum.Covered))
		add("villages_with_4g", float64(coveredBy4G(f.sum)))
		add("offices_with_signal", float64(officesCov))
		if len(sd.econ) > 0 {
			add("economic_centres_with_signal", float64(count(f.econCovered)))
		}
		if len(sd.capitals) > 0 {
			add("kecamatan_capitals_with_4g", float64(count(f.cap4G)))
		}
		if len(sd.settle) > 0 {
			add("settlements_with_signal", float64(count(f.settleCovered)))
		}
		add("population_covered", math.Round(f.popCov))
		add("blank_spot_villages", float64(nv-f.sum.Covered))
		if len(tg.roads) > 0 {
			add("road_length_covered_km", math.Round(f.roadKm*10)/10)
			totalRoadKm = f.totalRoadKm
		}
		if !env.Quiet {
			fmt.Fprintf(env.ErrOut, "%d: %d of %d villages with signal, %d of %d offices, %d sites\n", y, f.sum.Covered, nv, officesCov, len(sd.offices), len(sites))
		}
		ind.cov = &CoverageRun{Targets: sd.villages, Roles: sd.roles, Sites: sites, Settlements: sd.settle, Params: sd.params, Results: f.res, Summary: f.sum, Pops: sd.pops}
		ind.officeCovered, ind.econCovered = f.officeCovered, f.econCovered
		ind.capCovered, ind.cap4G = f.capCovered, f.cap4G
	}
	series["road_length_covered_km"].Total = math.Round(totalRoadKm*10) / 10
	return ind, nil
}

// yearTargets are the villages and roads judged every year.
type yearTargets struct {
	villages, roads []coverage.Target
}

// yearFigures is what one year's sites cover.
type yearFigures struct {
	res                     []coverage.Result
	sum                     coverage.Summary
	popCov                  float64
	officeCovered           []bool
	econCovered, capCovered []bool
	cap4G, settleCovered    []bool
	roadKm, totalRoadKm     float64
}

// evaluateYear judges the villages, places and roads with one year's
// sites.
func evaluateYear(env Env, sd *Data, sites []coverage.Site, tg *yearTargets, year int) (*yearFigures, error) {
	f := &yearFigures{}
	var err error
	p := sd.params
	finish := withProgress(env, &p, fmt.Sprintf("%d: judging villages", year), len(tg.villages))
	f.res, f.sum, err = coverage.Evaluate(sites, tg.villages, sd.settle, p)
	finish()
	if err != nil {
		return nil, err
	}
	for i, r := range f.res {
		if !math.IsNaN(sd.pops[i]) {
			f.popCov += sd.pops[i] * r.CoveredShare
		}
	}
	for _, q := range []struct {
		out, out4G *[]bool
		pts        []orb.Point
	}{{&f.officeCovered, nil, sd.offices}, {&f.econCovered, nil, sd.econ}, {&f.capCovered, &f.cap4G, sd.capitals},
		{&f.settleCovered, nil, settlementPoints(sd.settle)}} {
		cov, has4G, err := pointsCovered(sites, q.pts, sd.params)
		if err != nil {
			return nil, err
		}
		*q.out = cov
		if q.out4G != nil {
			*q.out4G = has4G
		}
	}
	if len(tg.roads) > 0 {
		if f.roadKm, f.totalRoadKm, err = roadLength(sites, tg.roads, sd.params); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// roadLength is the length of road with signal and in all, in km.
func roadLength(sites []coverage.Site, roads []coverage.Target, p coverage.Params) (coveredKm, totalKm float64, err error) {
	res, _, err := coverage.Evaluate(sites, roads, nil, p)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range res {
		coveredKm += r.CoveredLengthM / 1000
		totalKm += r.LengthM / 1000
	}
	return coveredKm, totalKm, nil
}

// coveredBy4G is the number of targets 4G alone covers.
func coveredBy4G(sum coverage.Summary) int {
	if k := slices.Index(sum.Techs, coverage.Tech4G); k >= 0 {
		return sum.CoveredByTech[k]
	}
	return 0
}

// settlementPoints are the settlements' positions.
func settlementPoints(ws []coverage.WeightedPoint) []orb.Point {
	out := make([]orb.Point, len(ws))
	for i, w := range ws {
		out[i] = w.Pos
	}
	return out
}

// count is the number of true flags.
func count(flags []bool) int {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	return n
}

// pointsCovered says which points have signal, and which have a 4G
// signal, in one evaluation.
func pointsCovered(sites []coverage.Site, pts []orb.Point, p coverage.Params) (covered, has4G []bool, err error) {
	if len(pts) == 0 {
		return nil, nil, nil
	}
	res, sum, err := coverage.Evaluate(sites, pointTargets(pts), nil, p)
	if err != nil {
		return nil, nil, err
	}
	covered, has4G = make([]bool, len(res)), make([]bool, len(res))
	k4 := slices.Index(sum.Techs, coverage.Tech4G)
	for i, r := range res {
		covered[i] = r.Covered
		has4G[i] = k4 >= 0 && r.ByTech[k4]
	}
	return covered, has4G, nil
}

// villageFacts are the priority facts of every village in the latest
// year: its office and economic centres without signal, and the
// population a new site there would serve.
func villageFacts(sd *Data, ind *indicatorRun) ([]priority.Village, error) {
	nv := len(sd.villages.Features)
	hasOffice := make([]bool, nv)
	officeUnc := make([]bool, nv)
	econUnc := make([]bool, nv)
	for i, z := range sd.officeVill {
		if z >= 0 {
			hasOffice[z] = true
			if !ind.officeCovered[i] {
				officeUnc[z] = true
			}
		}
	}
	for i, z := range sd.econVill {
		if z >= 0 && !ind.econCovered[i] {
			econUnc[z] = true
		}
	}
	gains, err := VillageGains(ind.cov)
	if err != nil {
		return nil, err
	}
	return PriorityVillages(ind.cov, hasOffice, officeUnc, econUnc, gains), nil
}

// scenarioAccess runs the access analysis of the scenario's villages when
// it has roads or rivers and facilities; nil otherwise.
func scenarioAccess(env Env, c *Config, sd *Data, log *Log) (*AccessRun, error) {
	L := c.Layers
	if (len(L.Roads) == 0 && len(L.Rivers) == 0) || L.Facilities == nil {
		return nil, nil
	}
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
	if len(a.WithinMin) > 0 {
		s := &SurfaceInputs{Landcover: c.Resolve(a.Landcover), Speeds: c.Resolve(a.LandcoverSpeeds), VillagePop: sd.pops}
		if a.SurfaceCellM != nil {
			s.CellM = *a.SurfaceCellM
		}
		if r := c.Layers.Population; r != nil {
			s.Population, s.VillagePop = c.Resolve(r.Path), nil
		}
		if c.Model.DEM != "" {
			s.DEM = c.Resolve(c.Model.DEM)
		}
		af.Surface = s
	}
	return RunAccess(Env{Stdin: env.Stdin, ErrOut: env.ErrOut, Quiet: true}, &af, log, false)
}

// rankVillages ranks the villages with the scenario's weights.
func rankVillages(c *Config, vs []priority.Village) ([]priority.Ranked, error) {
	pcfg := priority.DefaultConfig()
	if b, err := c.WeightsYAML(); err != nil {
		return nil, err
	} else if b != nil {
		if pcfg, err = priority.ParseConfig(b); err != nil {
			return nil, fmt.Errorf("--config %s: weights: %w", c.File, err)
		}
	}
	return priority.Rank(vs, pcfg.Weights, pcfg.Thresholds)
}

// addPriorities lists the top villages that need action, with reasons:
// those without signal, then those with signal but an office or economic
// centre without.
func addPriorities(rep *report.Report, c *Config, ranked []priority.Ranked) {
	top := 15
	if c.Top != nil {
		top = *c.Top
	}
	for _, r := range ranked {
		if len(rep.Priorities) >= top {
			break
		}
		if r.Intervention == priority.InterventionNone {
			continue // signal in the village, at its office and its centres
		}
		row := report.PriorityRow{Rank: len(rep.Priorities) + 1, ID: r.Village.ID, Name: r.Village.Name, Kecamatan: r.Village.Kecamatan, Score: math.Round(r.Score*1e4) / 1e4, Intervention: string(r.Intervention)}
		for _, p := range r.ReasonParts {
			row.Parts = append(row.Parts, report.ReasonPart{Factor: p.Factor, Value: p.Value})
		}
		rep.Priorities = append(rep.Priorities, row)
	}
}

// addKecamatan is the per-kecamatan table.
func addKecamatan(rep *report.Report, ranked []priority.Ranked, ind *indicatorRun) {
	noLand := map[string]int{}
	for _, r := range ranked {
		if r.Village.LandAccess != nil && !*r.Village.LandAccess {
			noLand[r.Village.Kecamatan]++
		}
	}
	for _, k := range priority.SummariseByKecamatan(ranked) {
		rep.Kecamatan = append(rep.Kecamatan, report.KecamatanRow{Kecamatan: k.Kecamatan, Villages: k.Villages,
			VillagesCovered: k.VillagesCovered, BlankSpots: k.BlankSpots, Offices: k.Offices, OfficesCovered: k.OfficesCovered,
			Population: k.Population, PopulationCovered: math.Round(k.PopulationCovered),
			MeanTravelTimeMin: math.Round(k.MeanTravelTimeS/6) / 10, TopVillage: k.TopVillage, NoLandAccess: noLand[k.Kecamatan]})
	}
	if len(rep.Kecamatan) == 0 {
		return
	}
	// the total row is the indicators' own figures, so that the table and
	// the summary agree to the person
	tot := report.KecamatanRow{Kecamatan: "", MeanTravelTimeMin: math.NaN()}
	for _, k := range rep.Kecamatan {
		tot.Villages += k.Villages
		tot.VillagesCovered += k.VillagesCovered
		tot.BlankSpots += k.BlankSpots
		tot.Offices += k.Offices
		tot.OfficesCovered += k.OfficesCovered
		tot.NoLandAccess += k.NoLandAccess
	}
	for _, s := range ind.order {
		if s.Key == report.IndicatorPopulationCovered && len(s.Values) > 0 {
			tot.PopulationCovered, tot.Population = s.Values[len(s.Values)-1].Value, s.Total
		}
	}
	sumT, n := 0.0, 0
	for _, r := range ranked {
		if t := r.Village.TravelTimeS; !math.IsNaN(t) {
			sumT += t
			n++
		}
	}
	if n > 0 {
		tot.MeanTravelTimeMin = math.Round(sumT/float64(n)/6) / 10
	}
	rep.KecamatanTotal = &tot
}

// addProposed plans new sites for the latest year (plan.k sites, or up
// to plan.target_share of the population) at points inside the villages,
// with the indicators' demand model and base (see plan.go).
func addProposed(rep *report.Report, sd *Data, ind *indicatorRun) error {
	c := sd.cfg
	k := 10
	if c.Plan.K != nil {
		k = *c.Plan.K
	}
	ts := 0.0
	if c.Plan.TargetShare != nil {
		ts = *c.Plan.TargetShare
	}
	if k <= 0 && ts <= 0 {
		return nil
	}
	cov := ind.cov
	in := &planInputs{sites: cov.Sites, pops: sd.pops, settle: sd.settle, params: sd.params,
		offices: sd.offices, officeCov: ind.officeCovered, econ: sd.econ, econCov: ind.econCovered,
		k: max(k, 0), targetShare: ts}
	in.villages = make([]coverage.Target, len(sd.villages.Features))
	for i, f := range sd.villages.Features {
		in.villages[i] = coverage.Target{Geometry: f.Geometry, Population: sd.pops[i]}
	}
	in.cands, in.candVillage = planCandidates(cov)
	plan, err := planSites(in)
	if err != nil {
		return err
	}
	total := 0.0
	for _, p := range sd.pops {
		if !math.IsNaN(p) {
			total += p
		}
	}
	name := func(i int) string { return PropString(sd.villages.Features[i].Properties, sd.roles["name"]) }
	row := func(st planStep) report.ProposedSite {
		ps := report.ProposedSite{PopulationWithSignal: math.Round(st.PopulationCovered),
			VillagesWithSignal: st.VillagesWithSignal, OfficesWithSignal: st.OfficesWithSignal,
			EconomicWithSignal: st.EconomicWithSignal}
		if total > 0 {
			ps.ShareWithSignal = RoundTo(st.PopulationCovered/total, 4)
		}
		return ps
	}
	base := row(plan.Base)
	rep.PlanBase = &base
	prev := plan.Base.PopulationCovered
	for r, st := range plan.Steps {
		ps := row(st)
		ps.Rank = r + 1
		ps.Lon, ps.Lat = st.Candidate.Pos[0], st.Candidate.Pos[1]
		ps.Village = name(st.Village)
		ps.Kecamatan = PropString(sd.villages.Features[st.Village].Properties, sd.roles["kecamatan"])
		ps.GainPopulation = math.Round(st.PopulationCovered) - math.Round(prev)
		ps.Stage = st.Stage
		for _, z := range st.NewlyCoveredVillages {
			ps.Villages = append(ps.Villages, name(z))
		}
		prev = st.PopulationCovered
		rep.Proposed = append(rep.Proposed, ps)
		rep.Map.Proposed = append(rep.Map.Proposed, st.Candidate.Pos)
	}
	return nil
}

// addMap puts the villages with their status, the sites and the rivers
// on the report's map.
func addMap(rep *report.Report, sd *Data, cov *CoverageRun, acc *AccessRun, statuses [][]report.YearStatus) {
	for i, f := range sd.villages.Features {
		// signal and land access are two questions: the fill says the
		// first, hatching the second
		st := report.StatusBlankSpot
		if cov.Results[i].Covered {
			st = report.StatusCovered
		}
		noLand := acc != nil && !acc.Results[i].LandAccess
		v := report.MapVillage{Name: PropString(f.Properties, sd.roles["name"]), Geometry: f.Geometry, Status: st, NoLandAccess: noLand,
			ID: PropString(f.Properties, sd.roles["id"]), Kecamatan: PropString(f.Properties, sd.roles["kecamatan"])}
		if p := sd.pops[i]; !math.IsNaN(p) {
			v.Population = &p
		}
		if acc != nil {
			t := acc.Results[i].TimeToGroupS
			if math.IsNaN(t) {
				t = acc.Results[i].TravelTimeS
			}
			if !math.IsNaN(t) && !math.IsInf(t, 0) {
				m := math.Round(t/6) / 10
				v.TravelTimeMin = &m
			}
		}
		if statuses != nil && len(statuses[i]) > 1 {
			v.Statuses = statuses[i]
		}
		rep.Map.Villages = append(rep.Map.Villages, v)
	}
	for _, s := range cov.Sites {
		rep.Map.Sites = append(rep.Map.Sites, s.Pos)
	}
	rep.Map.Rivers = sd.rivers
}

// addNotes says when the inputs are illustrative.
func addNotes(rep *report.Report, sd *Data, lang string) {
	for _, in := range sd.inputs {
		if strings.Contains(in.Path, "ilustratif") || strings.Contains(in.Path, "illustrative") {
			note := "Data menara, penduduk, kantor desa/kelurahan, pusat pelayanan ekonomi, ibu kota kecamatan, jalan, sungai tambahan dan biaya dalam laporan ini bersifat ilustratif, bukan data resmi; batas desa/kelurahan dan kecamatan adalah data nyata."
			if lang == "en" {
				note = "The towers, population, village offices, economic service centres, kecamatan capitals, roads, extra rivers and costs in this report are illustrative, not official data; the village and kecamatan boundaries are real."
			}
			rep.Notes = append(rep.Notes, note)
			return
		}
	}
}

// sitesBy is the sites on air by the end of year.
func sitesBy(all []coverage.Site, year int) []coverage.Site {
	var out []coverage.Site
	for _, s := range all {
		if s.Year == 0 || s.Year <= year {
			out = append(out, s)
		}
	}
	return out
}

// pointTargets makes coverage targets of points.
func pointTargets(pts []orb.Point) []coverage.Target {
	t := make([]coverage.Target, len(pts))
	for i, p := range pts {
		t[i] = coverage.Target{Geometry: p}
	}
	return t
}

func nowStamp() string { return time.Now().UTC().Format("2006-01-02 15:04 UTC") }

// method is what "has signal" means in this scenario, and the capitals.
func method(sd *Data, ind *indicatorRun) report.Method {
	p := sd.params
	m := report.Method{Model: string(ind.cov.Summary.Model), SampleM: p.SampleM, MinShare: p.MinShare,
		ThresholdDBm: p.ThresholdDBm, Settlements: len(sd.settle) > 0 && sd.popRaster == nil}
	if r := sd.popRaster; r != nil {
		m.PopulationRaster, m.PopulationYear, m.DemandCellM = r.Path, r.Year, DefaultDemandCellM
		if r.DemandCellM != nil {
			m.DemandCellM = *r.DemandCellM
		}
	}
	if m.SampleM == 0 {
		m.SampleM = coverage.DefaultSampleM
	}
	if m.MinShare == 0 {
		m.MinShare = coverage.DefaultMinShare
	}
	for i := range sd.capitals {
		c := report.Capital{Kecamatan: sd.capKec[i]}
		if z := sd.capVill[i]; z >= 0 {
			c.Village = PropString(sd.villages.Features[z].Properties, sd.roles["name"])
		}
		if i < len(ind.capCovered) {
			c.Signal = ind.capCovered[i]
		}
		if i < len(ind.cap4G) {
			c.Has4G = ind.cap4G[i]
		}
		m.Capitals = append(m.Capitals, c)
	}
	sort.SliceStable(m.Capitals, func(a, b int) bool { return m.Capitals[a].Kecamatan < m.Capitals[b].Kecamatan })
	return m
}

// addCosts prices the priority villages by their intervention and the
// proposed sites as macro BTS, per kecamatan and in all.
func addCosts(rep *report.Report, c *Costs) {
	for i := range rep.Priorities {
		rep.Priorities[i].Cost = math.NaN()
	}
	for i := range rep.Proposed {
		rep.Proposed[i].Cost = math.NaN()
	}
	if c == nil {
		return
	}
	rc := &report.Costs{Currency: c.Currency, MacroBTS: c.MacroBTS, SmallCell: c.SmallCell, VSAT: c.VSAT, Funding: c.Funding}
	unit := map[string]float64{"macro_bts": c.MacroBTS, "small_cell": c.SmallCell, "vsat": c.VSAT}
	by := map[string]*report.CostRow{}
	row := func(kec string) *report.CostRow {
		if by[kec] == nil {
			by[kec] = &report.CostRow{Kecamatan: kec}
		}
		return by[kec]
	}
	for i := range rep.Priorities {
		p := &rep.Priorities[i]
		p.Cost = unit[p.Intervention]
		r := row(p.Kecamatan)
		r.PriorityVillages++
		r.PriorityCost += p.Cost
	}
	for i := range rep.Proposed {
		p := &rep.Proposed[i]
		p.Cost = c.MacroBTS
		r := row(p.Kecamatan)
		r.ProposedSites++
		r.ProposedCost += p.Cost
	}
	var keys []string
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rc.ByKecamatan = append(rc.ByKecamatan, *by[k])
	}
	rep.Costs = rc
}

// addRiverVillages lists the villages without land access (access
// computed), by kecamatan and name, with their connectivity option.
func addRiverVillages(rep *report.Report, ranked []priority.Ranked) {
	for _, r := range ranked {
		v := r.Village
		if v.LandAccess == nil || *v.LandAccess {
			continue
		}
		opt := string(r.Intervention)
		if r.Intervention == priority.InterventionNone {
			opt = "signal"
		}
		rep.NoLandAccess = append(rep.NoLandAccess, report.RiverVillage{Name: v.Name, Kecamatan: v.Kecamatan, Signal: v.Covered,
			TravelTimeMin: math.Round(v.TravelTimeS/6) / 10, Option: opt})
	}
	sort.SliceStable(rep.NoLandAccess, func(a, b int) bool {
		x, y := rep.NoLandAccess[a], rep.NoLandAccess[b]
		if x.Kecamatan != y.Kecamatan {
			return x.Kecamatan < y.Kecamatan
		}
		return x.Name < y.Name
	})
}
