package priority

import (
	"math"
	"testing"
)

func TestSummariseByKecamatan(t *testing.T) {
	vs := append(fourVillages(),
		Village{ID: "E", Kecamatan: "K0", Population: nan, CoveredShare: 1, Covered: true, TravelTimeS: nan, NearestSiteM: nan, NewSiteGain: nan},
		Village{ID: "F", Name: "", Kecamatan: "K2", Population: 200, CoveredShare: 0, HasOffice: true, OfficeUncovered: true,
			TravelTimeS: 1800, LandAccess: yes(), NearestSiteM: 5000, NewSiteGain: 200},
	)
	r := mustRank(t, vs, DefaultWeights(), DefaultThresholds())
	got := SummariseByKecamatan(r)
	if len(got) != 3 || got[0].Kecamatan != "K0" || got[1].Kecamatan != "K1" || got[2].Kecamatan != "K2" {
		t.Fatalf("kecamatan %+v", got)
	}
	k0, k1, k2 := got[0], got[1], got[2]
	if k0.Villages != 1 || k0.VillagesCovered != 1 || k0.BlankSpots != 0 || !math.IsNaN(k0.Population) ||
		!math.IsNaN(k0.MeanTravelTimeS) || k0.TopVillage != "" || k0.TopIntervention != "" {
		t.Errorf("K0 %+v", k0)
	}
	// K1: A (3000, 20 % covered, office without signal) and B (1000, 0 %).
	if k1.Villages != 2 || k1.VillagesCovered != 0 || k1.BlankSpots != 2 || k1.Population != 4000 ||
		!near(k1.PopulationCovered, 600) || k1.Offices != 1 || k1.OfficesCovered != 0 ||
		k1.MeanTravelTimeS != 5400 || k1.TopVillageID != "A" || k1.TopVillage != "Desa A" || k1.TopIntervention != InterventionMacroBTS {
		t.Errorf("K1 %+v", k1)
	}
	// K2: D (covered, office with signal), C (unreachable), F (no name).
	if k2.Villages != 3 || k2.VillagesCovered != 1 || k2.BlankSpots != 2 || k2.Population != 10700 ||
		!near(k2.PopulationCovered, 10250) || k2.Offices != 2 || k2.OfficesCovered != 1 ||
		k2.MeanTravelTimeS != 1200 || k2.TopVillageID != "C" || k2.TopIntervention != InterventionVSAT {
		t.Errorf("K2 %+v", k2)
	}
	// Input order does not matter.
	rev := make([]Ranked, len(r))
	for i := range r {
		rev[len(r)-1-i] = r[i]
	}
	if again := SummariseByKecamatan(rev); again[2].TopVillageID != "C" || again[1].TopVillageID != "A" {
		t.Errorf("reversed: %+v", again)
	}
	if s := SummariseByKecamatan(nil); len(s) != 0 {
		t.Errorf("empty: %+v", s)
	}
}
