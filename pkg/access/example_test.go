package access_test

import (
	"fmt"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/paulmach/orb"
)

func ExampleAnalyse() {
	// A road from a kecamatan centre to a landing, and a river beyond it.
	lines := []access.Line{
		{Geometry: orb.LineString{{117.00, -0.50}, {117.02, -0.50}}, Kind: access.Road, Class: "kabupaten"},
		{Geometry: orb.LineString{{117.02, -0.50}, {117.02, -0.42}}, Kind: access.River},
	}
	p := access.DefaultParams()
	g, err := access.BuildGraph(lines, p)
	if err != nil {
		panic(err)
	}
	facilities := []access.Point{{Pos: orb.Point{117.00, -0.50}, ID: "centre", Group: "Muara Kaman"}}
	targets := []access.Point{
		{Pos: orb.Point{117.01, -0.5005}, ID: "roadside", Group: "Muara Kaman"},
		{Pos: orb.Point{117.0205, -0.43}, ID: "riverside", Group: "Muara Kaman"},
	}
	res, sum, err := access.Analyse(g, targets, facilities, p, false)
	if err != nil {
		panic(err)
	}
	for i, r := range res {
		fmt.Printf("%s: %.1f min, %.2f km, %s, land access %v\n",
			targets[i].ID, r.TravelTimeS/60, r.DistanceM/1000, r.Mode, r.LandAccess)
	}
	fmt.Println(sum)
	// Output:
	// roadside: 3.1 min, 1.17 km, road, land access true
	// riverside: 51.2 min, 10.02 km, road+river, land access false
	// 2 targets: 2 reachable (1 by land), 0 beyond snap, 0 without path
}

func ExampleBuilder() {
	// Lines are added as they are read; an unusable one is reported at
	// once, so the caller can name its file and feature.
	b, err := access.NewBuilder(access.DefaultParams())
	if err != nil {
		panic(err)
	}
	for i, l := range []access.Line{
		{Geometry: orb.LineString{{117.00, -0.50}, {117.01, -0.50}}, Kind: access.Road, Class: "primary"},
		{Geometry: orb.LineString{{117.01, -0.50}}, Kind: access.Road, Class: "primary"},
		{Geometry: orb.LineString{{117.01, -0.50}, {117.01, -0.49}}, Kind: access.Road, Class: "track"},
	} {
		if why := b.AddLine(l); why != "" {
			fmt.Printf("line %d left out: %s\n", i, why)
		}
	}
	g, err := b.Build()
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d nodes, %d edges\n", g.NumNodes(), g.NumEdges())
	// Output:
	// line 1 left out: fewer than 2 points
	// 3 nodes, 2 edges
}
