package siting

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/paulmach/orb"
)

// Errors callers may test with errors.Is.
var (
	// ErrBadInput marks unusable demand, candidates or parameters.
	ErrBadInput = errors.New("input not usable")
	// ErrTooLarge marks an instance whose coverage sets do not fit the
	// engine's memory bound.
	ErrTooLarge = errors.New("instance too large")
)

// Demand is one point of population to serve: a settlement, a village
// point or a sample point inside a village polygon.
type Demand struct {
	Pos    orb.Point // lon, lat (WGS 84)
	Weight float64   // population; 0 is allowed, NaN and negatives are not
	// Zone is the index of the village the point belongs to, or -1 for
	// none. Zones only feed the report (newly covered and blank-spot
	// villages); the objective is the weight.
	Zone int
}

// Candidate is a place where a new site could go.
type Candidate struct {
	ID  string // unique; ties between equal gains go to the smaller ID
	Pos orb.Point
}

// StopReason says why the greedy stopped.
type StopReason string

// The stop reasons.
const (
	StopK      StopReason = "k"            // K sites picked
	StopTarget StopReason = "target-share" // covered share reached TargetShare
	StopNoGain StopReason = "no-gain"      // no candidate covers any further demand
)

// Defaults of Params fields left zero.
const (
	// DefaultExactLimit is the largest number of k-subsets the exact
	// search will enumerate.
	DefaultExactLimit = 2_000_000
	// maxRecordK bounds the K for which the data-dependent bound is
	// recorded at every greedy step (K² floats of memory).
	maxRecordK = 1000
)

// Params set up one planning run.
type Params struct {
	// NewSite is the template of every proposed site: Tech, HeightM,
	// FreqMHz, EIRPdBm, RadiusM, and AzimuthDeg/BeamwidthDeg for a
	// sector. Zero fields take the technology defaults of Coverage.Table;
	// ID and Pos are ignored.
	NewSite coverage.Site
	// Coverage is the model, exactly as for coverage.Evaluate. Its
	// MinShare also decides when a zone counts as covered.
	Coverage coverage.Params
	// K is the number of sites to propose; 0 means no limit (then
	// TargetShare must be set).
	K int
	// TargetShare stops the greedy once existing plus new sites cover
	// this share of all demand weight; 0 means no target.
	TargetShare float64
	// Improve runs the swap pass after the greedy.
	Improve bool
	// MaxSwaps caps the swap pass; 0 means 2·picks + 20.
	MaxSwaps int
	// ExactLimit is the largest C(n, k) (n candidates that cover
	// anything, k picks) searched exhaustively for the optimum; 0 means
	// DefaultExactLimit, negative disables the search.
	ExactLimit int
	// Workers build the coverage sets in parallel; 0 means GOMAXPROCS.
	// The plan does not depend on it.
	Workers int
}

// Pick is one proposed site, in pick order.
type Pick struct {
	Rank      int // 1-based
	Candidate Candidate
	Index     int // index of the candidate in Solve's input
	// GainWeight is the demand weight this site covers that neither
	// existing sites nor earlier picks cover.
	GainWeight float64
	// CumulativeWeight sums GainWeight over ranks 1..Rank (new sites only).
	CumulativeWeight float64
	// CumulativeShare is (existing + CumulativeWeight) / total weight, the
	// quantity TargetShare is compared with.
	CumulativeShare float64
	// NewlyCoveredZones are the zones that become covered (covered weight
	// share ≥ Coverage.MinShare) with this pick, ascending.
	NewlyCoveredZones []int
}

// Plan is the outcome of Solve. Weights are demand weights (population).
type Plan struct {
	Picks         []Pick
	TotalWeight   float64 // all demand
	CoveredBefore float64 // by existing sites
	// UncoveredBefore is TotalWeight − CoveredBefore.
	UncoveredBefore float64
	CoveredAfter    float64 // existing plus the picks
	ShareBefore     float64
	ShareAfter      float64
	Stop            StopReason

	// GreedyWeight is the new weight the greedy picks covered, before any
	// swap; NewWeight is the final picks' (equal without Improve).
	GreedyWeight, NewWeight float64
	Swaps                   int

	// GuaranteeRatio is 1 − (1 − 1/k)^k ≥ 1 − 1/e for k = len(Picks):
	// greedy covers at least this share of the best k sites' weight
	// (Nemhauser, Wolsey & Fisher 1978).
	GuaranteeRatio float64
	// ClassicBound is GreedyWeight / GuaranteeRatio.
	ClassicBound float64
	// DataBound is the smallest f(S) + (sum of the k largest marginal
	// gains w.r.t. S) over the sets S the run went through (NWF 1978).
	DataBound float64
	// ExactOptimum is the best new weight any len(Picks) candidates can
	// cover, when the exhaustive search ran; OptimalIDs is one such set,
	// sorted.
	ExactOptimum *float64
	OptimalIDs   []string
	// UpperBound is ExactOptimum when known, else min(ClassicBound,
	// DataBound); Gap is (UpperBound − NewWeight) / UpperBound.
	UpperBound, Gap float64

	// ZonesBefore are the zones not covered by existing sites; ZonesLeft
	// those still not covered after the last pick (ascending).
	ZonesBefore, ZonesLeft []int
	// CandidatesUseful counts candidates covering any uncovered demand.
	CandidatesUseful int
	Warnings         []string
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func lonLatOK(p orb.Point) bool {
	return finite(p[0]) && finite(p[1]) && math.Abs(p[0]) <= 180 && math.Abs(p[1]) <= 90
}

func bad(format string, a ...any) error {
	return fmt.Errorf("siting: %s: %w", fmt.Sprintf(format, a...), ErrBadInput)
}

func validate(demand []Demand, already []bool, cands []Candidate, p *Params) error {
	if p.K < 0 {
		return bad("k %d is negative", p.K)
	}
	if !finite(p.TargetShare) || p.TargetShare < 0 || p.TargetShare > 1 {
		return bad("target share %v not in 0..1", p.TargetShare)
	}
	if p.K == 0 && p.TargetShare == 0 {
		return bad("neither k nor a target share given")
	}
	if p.MaxSwaps < 0 {
		return bad("max swaps %d is negative", p.MaxSwaps)
	}
	return validateData(demand, already, cands)
}

// validateData checks the demand, its coverage flags and the candidates.
func validateData(demand []Demand, already []bool, cands []Candidate) error {
	if len(demand) == 0 {
		return bad("no demand points")
	}
	if len(demand) > math.MaxInt32 || len(cands) > math.MaxInt32 {
		return fmt.Errorf("siting: more than 2^31 demand points or candidates: %w", ErrTooLarge)
	}
	if already != nil && len(already) != len(demand) {
		return bad("%d coverage flags for %d demand points", len(already), len(demand))
	}
	for i, d := range demand {
		if !lonLatOK(d.Pos) {
			return bad("demand %d: position (%v, %v) is not a longitude/latitude", i, d.Pos[0], d.Pos[1])
		}
		if !finite(d.Weight) || d.Weight < 0 {
			return bad("demand %d: weight %v not usable", i, d.Weight)
		}
		if d.Zone < -1 {
			return bad("demand %d: zone %d (want ≥ 0, or -1 for none)", i, d.Zone)
		}
	}
	if len(cands) == 0 {
		return bad("no candidates")
	}
	for i, c := range cands {
		if c.ID == "" {
			return bad("candidate %d: empty id", i)
		}
		if !lonLatOK(c.Pos) {
			return bad("candidate %d (id %q): position (%v, %v) is not a longitude/latitude", i, c.ID, c.Pos[0], c.Pos[1])
		}
	}
	return nil
}

// rankByID returns each candidate's position in ID order, or an error for
// a repeated ID (ties could not be broken).
func rankByID(cands []Candidate) ([]int32, error) {
	order := make([]int32, len(cands))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(cands[a].ID, cands[b].ID) })
	rank := make([]int32, len(cands))
	for r, c := range order {
		if r > 0 && cands[c].ID == cands[order[r-1]].ID {
			return nil, bad("candidates %d and %d share the id %q", min(c, order[r-1]), max(c, order[r-1]), cands[c].ID)
		}
		rank[c] = int32(r)
	}
	return rank, nil
}

// Solve proposes new sites among cands to cover the demand not covered
// already (alreadyCovered[i] true; nil means nothing is covered), by lazy
// greedy maximum coverage, and reports how far the result can be from the
// optimum. See the package documentation for the method.
func Solve(demand []Demand, alreadyCovered []bool, cands []Candidate, p Params) (Plan, error) {
	if err := validate(demand, alreadyCovered, cands, &p); err != nil {
		return Plan{}, err
	}
	pr, err := prepare(demand, alreadyCovered, cands, p)
	if err != nil {
		return Plan{}, err
	}
	s, err := buildSets(pr.pts, cands, nil, &pr.l, p.Workers)
	if err != nil {
		return Plan{}, err
	}
	return pr.solve(demand, alreadyCovered, cands, p, s)
}

// CoverSets gives, for each candidate c with which[c] set (every one when
// which is nil), the demand points not already covered that a new site
// at c would cover: indices into demand, ascending; nil for the others.
// A candidate's list does not depend on which others are asked for, so a
// run can be split by candidates and the lists joined for SolveSets.
func CoverSets(demand []Demand, alreadyCovered []bool, cands []Candidate, p Params, which []bool) ([][]int32, error) {
	if err := validateData(demand, alreadyCovered, cands); err != nil {
		return nil, err
	}
	if which != nil && len(which) != len(cands) {
		return nil, bad("%d candidate flags for %d candidates", len(which), len(cands))
	}
	pr, err := prepare(demand, alreadyCovered, cands, p)
	if err != nil {
		return nil, err
	}
	s, err := buildSets(pr.pts, cands, which, &pr.l, p.Workers)
	if err != nil {
		return nil, err
	}
	out := make([][]int32, len(cands))
	for c := range cands {
		if which != nil && !which[c] {
			continue
		}
		set := s.of(c)
		out[c] = make([]int32, len(set))
		for k, q := range set {
			out[c][k] = pr.orig[q]
		}
	}
	return out, nil
}

// SolveSets is Solve with the candidates' coverage given, as CoverSets
// gives it for every candidate of the same demand, coverage and
// parameters, instead of computed: the plan is Solve's.
func SolveSets(demand []Demand, alreadyCovered []bool, cands []Candidate, p Params, covers [][]int32) (Plan, error) {
	if err := validate(demand, alreadyCovered, cands, &p); err != nil {
		return Plan{}, err
	}
	if len(covers) != len(cands) {
		return Plan{}, bad("coverage of %d candidates given for %d candidates", len(covers), len(cands))
	}
	pr, err := prepare(demand, alreadyCovered, cands, p)
	if err != nil {
		return Plan{}, err
	}
	compact := make([]int32, len(demand))
	for i := range compact {
		compact[i] = -1
	}
	for q, i := range pr.orig {
		compact[i] = int32(q)
	}
	s := &sets{off: make([]int64, len(cands)+1)}
	for c, set := range covers {
		for k, i := range set {
			if i < 0 || int(i) >= len(demand) || compact[i] < 0 || (k > 0 && set[k-1] >= i) {
				return Plan{}, bad("candidate %d (id %q): covered demand %d is not an ascending index of a point not already covered", c, cands[c].ID, i)
			}
			s.idx = append(s.idx, compact[i])
		}
		s.off[c+1] = int64(len(s.idx))
	}
	return pr.solve(demand, alreadyCovered, cands, p, s)
}

// prepared is the part of a run that comes before the coverage sets: the
// template, the candidates' order and the still-uncovered demand,
// compacted (sets index into it; orig maps back to demand).
type prepared struct {
	plan Plan // weights before, warnings
	rank []int32
	l    link
	pts  []orb.Point
	w    []float64
	orig []int32
}

func prepare(demand []Demand, alreadyCovered []bool, cands []Candidate, p Params) (*prepared, error) {
	rank, err := rankByID(cands)
	if err != nil {
		return nil, err
	}
	// one local plane for every candidate and demand point, so that a
	// candidate is judged alike whichever others are judged with it
	cp := p.Coverage
	b := orb.Bound{Min: cands[0].Pos, Max: cands[0].Pos}
	for _, c := range cands {
		b = b.Extend(c.Pos)
	}
	for _, d := range demand {
		b = b.Extend(d.Pos)
	}
	if cp.PlaneBound != (orb.Bound{}) {
		b = b.Union(cp.PlaneBound)
	}
	cp.PlaneBound = b
	l, cw, err := newLink(p.NewSite, cands[0].Pos, cp)
	if err != nil {
		return nil, err
	}
	pr := &prepared{rank: rank, l: l}
	plan := &pr.plan
	for _, w := range cw {
		plan.Warnings = append(plan.Warnings, fmt.Sprintf("coverage: %s (%s)", w.Message, w.Kind))
	}
	if !l.covers {
		plan.Warnings = append(plan.Warnings, "the new-site template covers nothing under this model")
	}
	for i, d := range demand {
		plan.TotalWeight += d.Weight
		if alreadyCovered != nil && alreadyCovered[i] {
			plan.CoveredBefore += d.Weight
			continue
		}
		pr.pts = append(pr.pts, d.Pos)
		pr.w = append(pr.w, d.Weight)
		pr.orig = append(pr.orig, int32(i))
	}
	if plan.TotalWeight <= 0 {
		return nil, bad("total demand weight is %v", plan.TotalWeight)
	}
	if !finite(plan.TotalWeight) {
		return nil, bad("total demand weight overflows")
	}
	plan.UncoveredBefore = plan.TotalWeight - plan.CoveredBefore
	plan.ShareBefore = plan.CoveredBefore / plan.TotalWeight
	return pr, nil
}

// solve picks the sites from the coverage sets s and accounts for them.
func (pr *prepared) solve(demand []Demand, alreadyCovered []bool, cands []Candidate, p Params, s *sets) (Plan, error) {
	plan := pr.plan
	rank, w, orig := pr.rank, pr.w, pr.orig
	limit := p.K
	if limit == 0 {
		limit = len(cands)
	}
	g := newGreedy(s, w, rank)
	plan.CandidatesUseful = g.useful
	record := p.K > 0 && p.K <= maxRecordK
	chosen, stop := g.run(limit, p.TargetShare, plan.CoveredBefore, plan.TotalWeight, record)
	plan.Stop = stop
	k := len(chosen)
	plan.GreedyWeight = g.value
	tol := 1e-9 * plan.TotalWeight

	switch {
	case stop == StopTarget && k == 0:
		plan.Warnings = append(plan.Warnings, fmt.Sprintf("existing sites already cover %.4f of the demand, at least the target %.4f", plan.ShareBefore, p.TargetShare))
	case stop == StopNoGain && p.TargetShare > 0:
		plan.Warnings = append(plan.Warnings, fmt.Sprintf("target share %.4f not reached: after %d picks no candidate covers any further demand", p.TargetShare, k))
	case stop == StopNoGain:
		plan.Warnings = append(plan.Warnings, fmt.Sprintf("only %d of %d sites proposed: no candidate covers any further demand", k, p.K))
	}

	final := chosen
	if p.Improve && k > 0 {
		maxSwaps := p.MaxSwaps
		if maxSwaps == 0 {
			maxSwaps = 2*k + 20
		}
		var capped bool
		final, plan.Swaps, capped = improve(s, w, chosen, rank, maxSwaps, tol)
		if capped {
			plan.Warnings = append(plan.Warnings, fmt.Sprintf("swap pass stopped at its cap of %d swaps", maxSwaps))
		}
		if plan.Swaps > 0 {
			final = reorder(s, w, final, rank)
		}
	}

	zs := newZones(demand, alreadyCovered, minShare(p.Coverage))
	plan.ZonesBefore = zs.uncovered()
	cov := make([]bool, len(w))
	var cum float64
	for r, c := range final {
		var gain float64
		for _, q := range s.of(int(c)) {
			if !cov[q] {
				cov[q] = true
				gain += w[q]
				zs.add(orig[q], w[q])
			}
		}
		cum += gain
		plan.Picks = append(plan.Picks, Pick{Rank: r + 1, Candidate: cands[c], Index: int(c), GainWeight: gain,
			CumulativeWeight: cum, CumulativeShare: (plan.CoveredBefore + cum) / plan.TotalWeight,
			NewlyCoveredZones: zs.flush()})
	}
	plan.NewWeight = cum
	plan.CoveredAfter = plan.CoveredBefore + cum
	plan.ShareAfter = plan.CoveredAfter / plan.TotalWeight
	plan.ZonesLeft = zs.uncovered()

	// Bounds on the best new weight k candidates can cover.
	plan.GuaranteeRatio = 1
	if k > 0 {
		plan.GuaranteeRatio = 1 - math.Pow(1-1/float64(k), float64(k))
	}
	plan.ClassicBound = plan.GreedyWeight / plan.GuaranteeRatio
	plan.DataBound = math.Min(g.dataBound(k), dataBoundAt(s, w, cov, cum, k))
	plan.UpperBound = math.Min(plan.ClassicBound, plan.DataBound)
	if k > 0 && p.ExactLimit >= 0 {
		lim := p.ExactLimit
		if lim == 0 {
			lim = DefaultExactLimit
		}
		opt, set, ok, why := exact(s, w, g.initial, rank, k, lim, cum, final, tol)
		if ok {
			plan.ExactOptimum = &opt
			plan.UpperBound = opt
			for _, c := range set {
				plan.OptimalIDs = append(plan.OptimalIDs, cands[c].ID)
			}
			slices.Sort(plan.OptimalIDs)
		} else {
			plan.Warnings = append(plan.Warnings, "exact optimum not computed: "+why)
		}
	}
	plan.UpperBound = math.Max(plan.UpperBound, plan.NewWeight) // rounding only
	if plan.UpperBound > 0 {
		plan.Gap = (plan.UpperBound - plan.NewWeight) / plan.UpperBound
	}
	return plan, nil
}

// zones tracks the covered weight of every zone while picks are replayed.
type zones struct {
	minShare float64
	ids      []int   // dense → original zone id, ascending
	dense    []int32 // per demand point, -1 for none
	totalW   []float64
	totalN   []int
	covW     []float64
	covN     []int
	covered  []bool
	pending  []int32
}

func newZones(demand []Demand, already []bool, minShare float64) *zones {
	z := &zones{minShare: minShare, dense: make([]int32, len(demand))}
	for _, d := range demand {
		if d.Zone >= 0 {
			z.ids = append(z.ids, d.Zone)
		}
	}
	slices.Sort(z.ids)
	z.ids = slices.Compact(z.ids)
	n := len(z.ids)
	z.totalW, z.covW = make([]float64, n), make([]float64, n)
	z.totalN, z.covN = make([]int, n), make([]int, n)
	z.covered = make([]bool, n)
	for i, d := range demand {
		z.dense[i] = -1
		if d.Zone < 0 {
			continue
		}
		j, _ := slices.BinarySearch(z.ids, d.Zone)
		z.dense[i] = int32(j)
		z.totalW[j] += d.Weight
		z.totalN[j]++
		if already != nil && already[i] {
			z.covW[j] += d.Weight
			z.covN[j]++
		}
	}
	for j := range z.ids {
		z.covered[j] = z.isCovered(j)
	}
	return z
}

// isCovered applies coverage's rule for sampled targets: the covered
// share reaches MinShare; a zone without weight counts its points.
func (z *zones) isCovered(j int) bool {
	if z.totalW[j] > 0 {
		return z.covW[j]/z.totalW[j] >= z.minShare
	}
	return float64(z.covN[j])/float64(z.totalN[j]) >= z.minShare
}

// add records demand point i, of weight wt, as newly covered.
func (z *zones) add(i int32, wt float64) {
	j := z.dense[i]
	if j < 0 {
		return
	}
	z.covW[j] += wt
	z.covN[j]++
	z.pending = append(z.pending, j)
}

// flush returns the zones that became covered since the last flush.
func (z *zones) flush() []int {
	var out []int
	for _, j := range z.pending {
		if !z.covered[j] && z.isCovered(int(j)) {
			z.covered[j] = true
			out = append(out, z.ids[j])
		}
	}
	z.pending = z.pending[:0]
	slices.Sort(out)
	return out
}

func (z *zones) uncovered() []int {
	var out []int
	for j, c := range z.covered {
		if !c {
			out = append(out, z.ids[j])
		}
	}
	return out
}
