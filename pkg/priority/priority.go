package priority

import (
	"math"
	"slices"
	"strings"
)

// Village holds the facts about one village that the coverage and access
// analyses produced. Unknown numbers are NaN; negative or infinite numbers
// are treated as unknown, so no input can make Rank fail or panic.
type Village struct {
	// Index is the caller's position for the village (its feature index);
	// Rank carries it through untouched so results can be joined back.
	Index               int
	ID, Name, Kecamatan string
	// Population is the number of inhabitants; NaN when unknown.
	Population float64
	// CoveredShare is the covered part of the village, 0..1
	// (population-weighted when settlements are known). NaN is read as
	// 1 for a covered village and 0 otherwise; values outside 0..1 are
	// clamped.
	CoveredShare float64
	// Covered is the coverage verdict on the village as a whole.
	Covered bool
	// HasOffice tells that a kantor desa is known for the village.
	HasOffice bool
	// OfficeUncovered tells that the kantor desa has no signal (false when
	// unknown); it implies HasOffice.
	OfficeUncovered bool
	// EconomicUncovered tells that an economic or public-service centre of
	// the village has no signal.
	EconomicUncovered bool
	// TravelTimeS is the travel time to the village's own kecamatan
	// centre, else to the nearest facility; NaN when unknown or
	// unreachable.
	TravelTimeS float64
	// Unreachable tells that access was computed and no facility can be
	// reached at all (by land or water).
	Unreachable bool
	// LandAccess is nil when access was not computed.
	LandAccess *bool
	// NearestSiteM is the distance to the nearest existing site; NaN when
	// there are no sites.
	NearestSiteM float64
	// NewSiteGain is the population a new site at the village would
	// newly serve, from the same coverage model; NaN when not computed.
	NewSiteGain float64
}

// Factor is one term of a village's score.
type Factor struct {
	// Name is the factor's key, also the key of its weight; see the
	// Factor* constants.
	Name string
	// Unit of Raw: "people", "share" (0..1), "flag" (0 or 1), "s" or "m".
	Unit string
	// Raw is the value before normalisation; NaN when unknown (or, for
	// remoteness, unreachable).
	Raw float64
	// Norm is the min–max normalised value, 0..1.
	Norm float64
	// Weight is the factor's weight.
	Weight float64
	// Contribution is Weight × Norm; the score is their sum.
	Contribution float64
}

// Factor keys, in the fixed order of Ranked.Factors. The first factor is
// FactorUncoveredPopulation, or FactorUncoveredShare when no village has a
// known population; both use Weights.UncoveredPopulation.
const (
	FactorUncoveredPopulation   = "uncovered_population"
	FactorUncoveredShare        = "uncovered_share"
	FactorOfficeWithoutSignal   = "office_without_signal"
	FactorEconomicWithoutSignal = "economic_without_signal"
	FactorRemoteness            = "remoteness"
	FactorNoLandAccess          = "no_land_access"
	FactorDistanceToSite        = "distance_to_site"
	FactorGainPerSite           = "gain_per_site"
)

// Keys of reason parts that are not factors.
const (
	// ReasonCovered is the only part of a covered village's reason; its
	// value is the covered share.
	ReasonCovered = "covered"
	// ReasonNoSignal stands alone when no factor sets an uncovered
	// village apart from the others (every contribution is 0).
	ReasonNoSignal = "no_signal"
	// ReasonUnreachable replaces FactorRemoteness for a village from which
	// no facility can be reached; its value is NaN.
	ReasonUnreachable = "unreachable"
)

// NumFactors is the length of Ranked.Factors.
const NumFactors = 7

// FactorNames returns the factor keys in Ranked.Factors order; withPopulation
// tells which first factor is used (see FactorUncoveredShare).
func FactorNames(withPopulation bool) []string {
	first := FactorUncoveredPopulation
	if !withPopulation {
		first = FactorUncoveredShare
	}
	return []string{first, FactorOfficeWithoutSignal, FactorEconomicWithoutSignal,
		FactorRemoteness, FactorNoLandAccess, FactorDistanceToSite, FactorGainPerSite}
}

var factorUnits = [NumFactors]string{"people", "flag", "flag", "s", "flag", "m", "people"}

// Intervention is the recommended way to connect a village.
type Intervention string

// Interventions; see the package documentation for the rule.
const (
	InterventionNone      Intervention = "none"
	InterventionMacroBTS  Intervention = "macro_bts"
	InterventionSmallCell Intervention = "small_cell"
	InterventionVSAT      Intervention = "vsat"
)

// ReasonPart is one phrase of a reason as data, so a renderer can word it
// in another language: Factor is a factor key or one of the Reason*
// constants, Value the raw value it speaks of.
type ReasonPart struct {
	Factor string
	Value  float64
}

// Ranked is one village's place in the ranking.
type Ranked struct {
	// Rank is 1 for the first village.
	Rank    int
	Village Village
	Score   float64
	// Factors are in the order of FactorNames.
	Factors []Factor
	// Reason names the two largest contributions in English, e.g.
	// "2,310 people without signal; kantor desa without signal";
	// "covered" for a covered village.
	Reason      string
	ReasonParts []ReasonPart
	// Intervention is none for a covered village.
	Intervention Intervention
}

// clean is a village's inputs made safe: unknown is NaN, never negative.
type clean struct {
	covered     bool
	placeUnc    bool    // the office or an economic centre has no signal
	share       float64 // covered share, 0..1
	pop         float64
	travel      float64
	unreachable bool
	landKnown   bool
	land        bool
}

func nonNeg(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
		return math.NaN()
	}
	return x
}

func cleanVillage(v *Village) clean {
	c := clean{covered: v.Covered, pop: nonNeg(v.Population), travel: nonNeg(v.TravelTimeS), unreachable: v.Unreachable,
		placeUnc: v.OfficeUncovered || v.EconomicUncovered}
	switch s := v.CoveredShare; {
	case math.IsNaN(s):
		if v.Covered {
			c.share = 1
		}
	case s < 0:
		c.share = 0
	case s > 1:
		c.share = 1
	default:
		c.share = s
	}
	if c.unreachable {
		c.travel = math.NaN()
	}
	if v.LandAccess != nil {
		c.landKnown, c.land = true, *v.LandAccess
	}
	if c.unreachable {
		c.landKnown, c.land = true, false
	}
	return c
}

func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Rank scores and orders the villages: uncovered villages first, then by
// score descending, ties by ID (byte order), then by input order. The
// result has one entry per village; Factors of all entries share one
// backing array. Only invalid weights or thresholds are errors.
func Rank(vs []Village, w Weights, th Thresholds) ([]Ranked, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	if err := th.Validate(); err != nil {
		return nil, err
	}
	n := len(vs)
	cs := make([]clean, n)
	withPop := false
	for i := range vs {
		cs[i] = cleanVillage(&vs[i])
		if cs[i].pop > 0 {
			withPop = true
		}
	}
	weights := [NumFactors]float64{w.UncoveredPopulation, w.OfficeWithoutSignal, w.EconomicWithoutSignal,
		w.Remoteness, w.NoLandAccess, w.DistanceToSite, w.GainPerSite}
	names := FactorNames(withPop)
	units := factorUnits
	if !withPop {
		units[0] = "share"
	}

	// Scores are computed on flat arrays and sorted by index, so each
	// Ranked (a large struct holding pointers) is written once, in place.
	raws := make([][NumFactors]float64, n)
	var lo, hi [NumFactors]float64
	for k := range lo {
		lo[k], hi[k] = math.Inf(1), math.Inf(-1)
	}
	for i := range vs {
		v, c := &vs[i], &cs[i]
		raw := [NumFactors]float64{
			math.NaN(),
			flag(v.OfficeUncovered),
			flag(v.EconomicUncovered),
			c.travel,
			math.NaN(),
			nonNeg(v.NearestSiteM),
			nonNeg(v.NewSiteGain),
		}
		if withPop {
			raw[0] = c.pop * (1 - c.share) // NaN when this village's population is unknown
		} else {
			raw[0] = 1 - c.share
		}
		if c.landKnown {
			raw[4] = flag(!c.land)
		}
		for k, x := range raw {
			if !math.IsNaN(x) {
				lo[k], hi[k] = min(lo[k], x), max(hi[k], x)
			}
		}
		raws[i] = raw
	}
	norm := func(i, k int) float64 {
		switch x := raws[i][k]; {
		case k == 3 && cs[i].unreachable:
			// Unreachable is more remote than any travel time.
			return 1
		case math.IsNaN(x) || hi[k] <= lo[k]:
			return 0
		default:
			return (x - lo[k]) / (hi[k] - lo[k])
		}
	}
	scores := make([]float64, n)
	for i := range scores {
		s := 0.0
		for k := range NumFactors {
			s += weights[k] * norm(i, k)
		}
		scores[i] = s
	}

	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if ca, cb := cs[a].covered, cs[b].covered; ca != cb {
			if cb {
				return -1
			}
			return 1
		}
		if sa, sb := scores[a], scores[b]; sa != sb {
			if sa > sb {
				return -1
			}
			return 1
		}
		if c := strings.Compare(vs[a].ID, vs[b].ID); c != 0 {
			return c
		}
		return a - b
	})

	out := make([]Ranked, n)
	all := make([]Factor, n*NumFactors)
	for p, i := range idx {
		r, c := &out[p], &cs[i]
		fs := all[p*NumFactors : (p+1)*NumFactors : (p+1)*NumFactors]
		for k := range fs {
			nk := norm(i, k)
			fs[k] = Factor{Name: names[k], Unit: units[k], Raw: raws[i][k], Norm: nk,
				Weight: weights[k], Contribution: weights[k] * nk}
		}
		r.Rank, r.Village, r.Score, r.Factors = p+1, vs[i], scores[i], fs
		r.Intervention = intervention(c, th)
		r.ReasonParts = reasonParts(r, c)
		r.Reason = phrase(r.ReasonParts)
	}
	return out, nil
}

// intervention applies the rule of the package documentation. Unknown land
// access counts as land access (nothing says otherwise); unknown
// population never justifies a macro BTS.
func intervention(c *clean, th Thresholds) Intervention {
	switch {
	case c.covered && !c.placeUnc:
		return InterventionNone
	case c.unreachable || (c.landKnown && !c.land) || c.travel > th.VSATTravelTimeS:
		return InterventionVSAT
	case c.covered:
		// signal in the village, not at its office or economic centre:
		// a small cell there, not a tower for the whole village
		return InterventionSmallCell
	case c.pop >= th.MacroMinPopulation:
		return InterventionMacroBTS
	default:
		return InterventionSmallCell
	}
}

// reasonParts picks the two largest positive contributions, ties in factor
// order.
func reasonParts(r *Ranked, c *clean) []ReasonPart {
	if c.covered && !c.placeUnc {
		return []ReasonPart{{ReasonCovered, c.share}}
	}
	first, second := -1, -1
	for k := range r.Factors {
		x := r.Factors[k].Contribution
		if !(x > 0) {
			continue
		}
		switch {
		case first < 0 || x > r.Factors[first].Contribution:
			first, second = k, first
		case second < 0 || x > r.Factors[second].Contribution:
			second = k
		}
	}
	if first < 0 {
		return []ReasonPart{{ReasonNoSignal, math.NaN()}}
	}
	part := func(k int) ReasonPart {
		f := &r.Factors[k]
		if k == 3 && c.unreachable {
			return ReasonPart{ReasonUnreachable, math.NaN()}
		}
		return ReasonPart{f.Name, f.Raw}
	}
	if second < 0 {
		return []ReasonPart{part(first)}
	}
	return []ReasonPart{part(first), part(second)}
}
