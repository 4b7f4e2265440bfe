package scenario

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/siting"
)

// The report's plan uses the indicators' own demand model, so that its
// figures are the indicators the regency would report with the proposed
// sites built:
//
//   - demand is the points at which coverage judges each village (the
//     SampleM lattice, or the settlements inside it), each carrying its
//     share of the village's population, exactly as population_covered
//     weighs them;
//   - the base is the latest year's sites: a point they cover is served;
//   - the sites are picked in two stages: first for the blank-spot
//     villages (demand in them only, until none is left that a candidate
//     can bring over the minimum share, or k is reached), then for the
//     most people;
//   - every figure after each pick (population with signal, villages and
//     offices with signal, villages newly with signal) is recomputed from
//     which points the sites so far cover, with coverage's own rule for a
//     village (coverage.JudgeSamples), so a rebuild with the proposed
//     sites gives the same numbers.

// planStep is the state of the indicators after one proposed site.
type planStep struct {
	Candidate            siting.Candidate
	Village              int     // the village the site stands in
	PopulationCovered    float64 // Σ population × covered share, as population_covered
	VillagesWithSignal   int
	OfficesWithSignal    int
	EconomicWithSignal   int
	NewlyCoveredVillages []int  // villages that reach the minimum share with this site
	Stage                string // stageBlankSpots or stagePopulation
	covered              []bool // per village
}

// Plan stages.
const (
	stageBlankSpots = "blank_spots" // picked to bring blank-spot villages signal
	stagePopulation = "population"  // picked for the most people
)

// planResult is the plan with its base.
type planResult struct {
	Base  planStep // the latest year without new sites
	Steps []planStep
}

// planInputs is what the plan needs of the latest year.
type planInputs struct {
	sites       []coverage.Site
	villages    []coverage.Target
	pops        []float64
	settle      []coverage.WeightedPoint
	params      coverage.Params
	offices     []orb.Point
	officeCov   []bool
	econ        []orb.Point
	econCov     []bool
	cands       []siting.Candidate
	candVillage []int
	k           int
	targetShare float64
}

// planSites proposes new sites and accounts for each (see above).
func planSites(in *planInputs) (*planResult, error) {
	smp, err := coverage.Samples(in.sites, in.villages, in.settle, in.params)
	if err != nil {
		return nil, err
	}
	var flat []orb.Point
	var zone []int
	var weight []float64
	for i, s := range smp {
		sum := 0.0
		for j := range s.Points {
			sum += sampleWeight(s, j)
		}
		pop := finiteOr(in.pops[i], 0)
		for j, p := range s.Points {
			flat = append(flat, p)
			zone = append(zone, i)
			weight = append(weight, math.Max(0, pop)*sampleWeight(s, j)/sum)
		}
	}
	existing, err := coveredBy(in.sites, flat, in.params)
	if err != nil {
		return nil, err
	}
	acct := &planAccount{in: in, smp: smp, flat: flat}
	base := acct.step(existing, nil, nil, -1)
	npts := make([]int, len(smp))
	for i, s := range smp {
		npts[i] = len(s.Points)
	}
	picks, stages, err := pickSites(in, flat, zone, weight, npts, existing, base)
	if err != nil {
		return nil, err
	}
	res := &planResult{Base: base}
	if len(picks) == 0 {
		return res, nil
	}
	news := newSites(in.cands, picks)
	first, err := firstCovering(news, flat, in.params)
	if err != nil {
		return nil, err
	}
	ofirst, err := firstCovering(news, in.offices, in.params)
	if err != nil {
		return nil, err
	}
	efirst, err := firstCovering(news, in.econ, in.params)
	if err != nil {
		return nil, err
	}
	prev := base
	for r := range picks {
		cov := make([]bool, len(flat))
		for j := range flat {
			cov[j] = existing[j] || first[j] <= r
		}
		st := acct.step(cov, ofirst, efirst, r)
		st.Candidate, st.Stage = in.cands[picks[r]], stages[r]
		st.Village = in.candVillage[picks[r]]
		for i := range st.covered {
			if st.covered[i] && !prev.covered[i] {
				st.NewlyCoveredVillages = append(st.NewlyCoveredVillages, i)
			}
		}
		res.Steps = append(res.Steps, st)
		prev = st
	}
	return res, nil
}

// sampleWeight is the weight of point j of a target's samples.
func sampleWeight(s coverage.TargetSamples, j int) float64 {
	if s.Weights == nil {
		return 1
	}
	return s.Weights[j]
}

// newSites are 4G sites at the picked candidates, in pick order.
func newSites(cands []siting.Candidate, picks []int) []coverage.Site {
	out := make([]coverage.Site, len(picks))
	for r, i := range picks {
		out[r] = coverage.Site{ID: cands[i].ID, Pos: cands[i].Pos, Tech: coverage.Tech4G}
	}
	return out
}

// coveredBy says which points the sites cover.
func coveredBy(sites []coverage.Site, pts []orb.Point, p coverage.Params) ([]bool, error) {
	first, err := firstCovering(sites, pts, p)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(pts))
	for i, f := range first {
		out[i] = f < len(sites)
	}
	return out, nil
}

// firstCovering is, per point, the first of the sites (in order) that
// covers it, or len(sites) when none does.
func firstCovering(sites []coverage.Site, pts []orb.Point, p coverage.Params) ([]int, error) {
	out := make([]int, len(pts))
	for i := range out {
		out[i] = len(sites)
	}
	if len(sites) == 0 || len(pts) == 0 {
		return out, nil
	}
	sets, _, err := coverage.CoveringSites(sites, pts, p)
	if err != nil {
		return nil, err
	}
	for i, s := range sets {
		if len(s) > 0 {
			out[i] = int(s[0]) // ascending
		}
	}
	return out, nil
}

// planAccount recomputes the indicators from covered sample points.
type planAccount struct {
	in   *planInputs
	smp  []coverage.TargetSamples
	flat []orb.Point
}

// step judges every village, office and economic centre with the points
// covered as cov says; ofirst and efirst (nil for the base) give the
// first new site covering each office and centre, last the index of the
// last new site built (-1 for none).
func (a *planAccount) step(cov []bool, ofirst, efirst []int, last int) planStep {
	st := planStep{covered: make([]bool, len(a.smp))}
	at := 0
	for i, s := range a.smp {
		share, ok := coverage.JudgeSamples(s, cov[at:at+len(s.Points)], a.in.params)
		at += len(s.Points)
		st.covered[i] = ok
		if ok {
			st.VillagesWithSignal++
		}
		if !math.IsNaN(a.in.pops[i]) {
			st.PopulationCovered += a.in.pops[i] * share
		}
	}
	for k, c := range a.in.officeCov {
		if c || (ofirst != nil && ofirst[k] <= last) {
			st.OfficesWithSignal++
		}
	}
	for k, c := range a.in.econCov {
		if c || (efirst != nil && efirst[k] <= last) {
			st.EconomicWithSignal++
		}
	}
	return st
}

// pickSites runs the two stages of the greedy.
func pickSites(in *planInputs, flat []orb.Point, zone []int, weight []float64, npts []int, existing []bool, base planStep) ([]int, []string, error) {
	sp := siting.Params{NewSite: coverage.Site{Tech: coverage.Tech4G}, Coverage: in.params}
	var picks []int
	var stages []string
	covered := existing
	if in.k > 0 { // a target share alone plans for people only
		// stage 1: demand in the blank-spot villages only; a village of
		// unknown population still counts, by its points
		var demand []siting.Demand
		var already []bool
		for j, p := range flat {
			if !base.covered[zone[j]] {
				w := weight[j] + 1/float64(npts[zone[j]])
				demand = append(demand, siting.Demand{Pos: p, Weight: w, Zone: zone[j]})
				already = append(already, existing[j])
			}
		}
		if len(demand) > 0 {
			sp.K = in.k
			plan, err := siting.Solve(demand, already, in.cands, sp)
			if err != nil {
				return nil, nil, fmt.Errorf("plan: %w", err)
			}
			left := len(plan.ZonesBefore)
			for _, p := range plan.Picks {
				if left == 0 {
					break
				}
				picks = append(picks, p.Index)
				stages = append(stages, stageBlankSpots)
				left -= len(p.NewlyCoveredZones)
			}
		}
	}
	if len(picks) > 0 {
		byNew, err := coveredBy(newSites(in.cands, picks), flat, in.params)
		if err != nil {
			return nil, nil, err
		}
		covered = make([]bool, len(flat))
		for j := range flat {
			covered[j] = existing[j] || byNew[j]
		}
	}
	rest := in.k - len(picks)
	if in.k > 0 && rest <= 0 {
		return picks, stages, nil
	}
	demand := make([]siting.Demand, len(flat))
	for j, p := range flat {
		demand[j] = siting.Demand{Pos: p, Weight: weight[j], Zone: zone[j]}
	}
	sp.K, sp.TargetShare = max(rest, 0), in.targetShare
	plan, err := siting.Solve(demand, covered, in.cands, sp)
	if err != nil {
		return nil, nil, fmt.Errorf("plan: %w", err)
	}
	for _, p := range plan.Picks {
		picks = append(picks, p.Index)
		stages = append(stages, stagePopulation)
	}
	return picks, stages, nil
}

// planCandidates puts a candidate at a point inside each village, rounded
// to 6 decimals (about 0.1 m) as the report prints it, so a site built at
// the printed place is the site planned.
func planCandidates(cov *CoverageRun) ([]siting.Candidate, []int) {
	return villageCandidates(cov, true)
}
