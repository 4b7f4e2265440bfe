package priority_test

import (
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/priority"
)

func Example() {
	land := true
	villages := []priority.Village{
		{ID: "6403010001", Name: "Muara Kaman Ulu", Kecamatan: "Muara Kaman", Population: 2310,
			HasOffice: true, OfficeUncovered: true, TravelTimeS: 5400, LandAccess: &land,
			NearestSiteM: 9500, NewSiteGain: 2100},
		{ID: "6403010002", Name: "Sedulang", Kecamatan: "Muara Kaman", Population: 640,
			TravelTimeS: math.NaN(), Unreachable: true, NearestSiteM: 21000, NewSiteGain: 600},
		{ID: "6403010003", Name: "Muara Kaman Ilir", Kecamatan: "Muara Kaman", Population: 4100,
			CoveredShare: 1, Covered: true, HasOffice: true, TravelTimeS: 300, LandAccess: &land,
			NearestSiteM: 800, NewSiteGain: 0},
	}
	ranked, err := priority.Rank(villages, priority.DefaultWeights(), priority.DefaultThresholds())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range ranked {
		fmt.Printf("%d %-16s %.3f %-10s %s\n", r.Rank, r.Village.Name, r.Score, r.Intervention, r.Reason)
	}
	for _, s := range priority.SummariseByKecamatan(ranked) {
		fmt.Printf("%s: %d of %d villages covered, top %s\n", s.Kecamatan, s.VillagesCovered, s.Villages, s.TopVillage)
	}
	// Output:
	// 1 Muara Kaman Ulu  0.772 macro_bts  kantor desa without signal; 2,310 people without signal
	// 2 Sedulang         0.298 vsat       no facility reachable; 640 people without signal
	// 3 Muara Kaman Ilir 0.000 none       covered
	// Muara Kaman: 1 of 3 villages covered, top Muara Kaman Ulu
}

func ExampleParseConfig() {
	c, err := priority.ParseConfig([]byte("office_without_signal: 0.4\nthresholds:\n  vsat_travel_time_s: 10800\n"))
	fmt.Println(c.Weights.OfficeWithoutSignal, c.Weights.UncoveredPopulation, c.Thresholds.VSATTravelTimeS, err)

	_, err = priority.ParseConfig([]byte("office_without_signal: 0.4\nofice: 1\n"))
	fmt.Println(err)
	// Output:
	// 0.4 0.25 10800 <nil>
	// priority: line 2: unknown key "ofice" (known: uncovered_population, office_without_signal, economic_without_signal, remoteness, no_land_access, distance_to_site, gain_per_site, thresholds): bad priority configuration
}
