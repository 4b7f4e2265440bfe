package priority

import (
	"math"
	"slices"
	"strings"
)

// KecamatanSummary totals the ranked villages of one kecamatan.
type KecamatanSummary struct {
	// Kecamatan is the name; "" gathers villages without one.
	Kecamatan string
	Villages  int
	// VillagesCovered counts covered villages; BlankSpots the others, as
	// the regency counts "blank-spot villages".
	VillagesCovered, BlankSpots int
	// Population sums the known populations, PopulationCovered each known
	// population times its covered share; both NaN when no village of the
	// kecamatan has a known population.
	Population, PopulationCovered float64
	// Offices counts villages with a known kantor desa, OfficesCovered
	// those whose office has signal.
	Offices, OfficesCovered int
	// MeanTravelTimeS is the mean over villages with a known travel time;
	// NaN when none has one.
	MeanTravelTimeS float64
	// TopVillageID and TopVillage (its name, else its ID) are the
	// best-ranked village that needs action (no signal, or an office or
	// economic centre without); "" when none does.
	TopVillageID, TopVillage string
	// TopIntervention is the top village's intervention ("" with it).
	TopIntervention Intervention
}

// SummariseByKecamatan totals r per kecamatan, sorted by kecamatan name
// (byte order). r may be in any order: the top village is the uncovered
// one with the smallest Rank.
func SummariseByKecamatan(r []Ranked) []KecamatanSummary {
	type acc struct {
		s          KecamatanSummary
		popKnown   bool
		travelSum  float64
		travelN    int
		topRank    int
		hasTopRank bool
	}
	by := map[string]*acc{}
	for i := range r {
		x := &r[i]
		v := &x.Village
		a := by[v.Kecamatan]
		if a == nil {
			a = &acc{s: KecamatanSummary{Kecamatan: v.Kecamatan}}
			by[v.Kecamatan] = a
		}
		c := cleanVillage(v)
		s := &a.s
		s.Villages++
		if c.covered {
			s.VillagesCovered++
		} else {
			s.BlankSpots++
		}
		if x.Intervention != InterventionNone {
			if !a.hasTopRank || x.Rank < a.topRank {
				a.hasTopRank, a.topRank = true, x.Rank
				s.TopVillageID, s.TopVillage = v.ID, v.Name
				if s.TopVillage == "" {
					s.TopVillage = v.ID
				}
				s.TopIntervention = x.Intervention
			}
		}
		if !math.IsNaN(c.pop) {
			a.popKnown = true
			s.Population += c.pop
			s.PopulationCovered += c.pop * c.share
		}
		if v.HasOffice || v.OfficeUncovered {
			s.Offices++
			if !v.OfficeUncovered {
				s.OfficesCovered++
			}
		}
		if !math.IsNaN(c.travel) {
			a.travelSum += c.travel
			a.travelN++
		}
	}
	out := make([]KecamatanSummary, 0, len(by))
	for _, a := range by {
		s := a.s
		if !a.popKnown {
			s.Population, s.PopulationCovered = math.NaN(), math.NaN()
		}
		s.MeanTravelTimeS = math.NaN()
		if a.travelN > 0 {
			s.MeanTravelTimeS = a.travelSum / float64(a.travelN)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b KecamatanSummary) int { return strings.Compare(a.Kecamatan, b.Kecamatan) })
	return out
}
