package traveltime_test

import (
	"fmt"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/kukarcli/kukarcli/pkg/traveltime"
	"github.com/paulmach/orb"
)

func Example() {
	// A 10 × 4 km area of forest with a road along its middle, a
	// health centre at the road's west end and three villages.
	grid, err := traveltime.NewGrid(orb.Bound{Min: orb.Point{117.00, -0.52}, Max: orb.Point{117.09, -0.484}}, 250)
	if err != nil {
		panic(err)
	}
	landCover := make([]uint8, grid.Cells())
	for i := range landCover {
		landCover[i] = traveltime.TreeCover
	}
	road := access.Line{Geometry: orb.LineString{{117.001, -0.502}, {117.089, -0.502}}, Kind: access.Road, Class: "kabupaten"}
	network, err := access.BuildGraph([]access.Line{road}, access.DefaultParams())
	if err != nil {
		panic(err)
	}
	s, err := traveltime.Compute(traveltime.Inputs{
		Grid:       grid,
		LandCover:  landCover,
		Network:    network,
		Facilities: []access.Point{{Pos: orb.Point{117.001, -0.502}, ID: "puskesmas", Group: "Tenggarong"}},
	}, traveltime.DefaultParams())
	if err != nil {
		panic(err)
	}
	// Ten people in every cell.
	pop := make([]float64, grid.Cells())
	for i := range pop {
		pop[i] = 10
	}
	villages := []orb.Point{{117.05, -0.503}, {117.08, -0.49}, {117.02, -0.518}}
	isos, err := s.Isochrones([]float64{15, 30, 60}, pop, villages)
	if err != nil {
		panic(err)
	}
	for _, iso := range isos {
		fmt.Printf("within %2.0f min: %4.1f km², %4.0f people, %d villages, %d polygon(s)\n",
			iso.Minutes, iso.AreaKM2, iso.Population, iso.Villages, len(iso.Polygon))
	}
	cs, _ := s.Catchments(pop, villages)
	fmt.Printf("catchment of %s: %d villages, median %.0f min, 90th percentile %.0f min\n",
		cs[0].ID, cs[0].Villages, cs[0].MedianMinutes, cs[0].P90Minutes)
	// Output:
	// within 15 min:  1.4 km²,  220 people, 0 villages, 1 polygon(s)
	// within 30 min:  9.1 km², 1450 people, 1 villages, 1 polygon(s)
	// within 60 min: 29.7 km², 4750 people, 1 villages, 1 polygon(s)
	// catchment of puskesmas: 3 villages, median 47 min, 90th percentile 71 min
}
