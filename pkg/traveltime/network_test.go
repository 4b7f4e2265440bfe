package traveltime

import (
	"math"
	"math/rand"
	"runtime"
	"slices"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// forest is a grid of tree cover, 250 m cells near the equator.
func forest(w, h int) (Grid, []uint8) {
	g := Grid{WestDeg: 116.9, NorthDeg: -0.4, Width: w, Height: h}
	mx, my := metresPerDeg(-0.4 - float64(h)/2*0.00226)
	g.CellXDeg, g.CellYDeg = 250/mx, 250/my
	lc := make([]uint8, g.Cells())
	for i := range lc {
		lc[i] = TreeCover
	}
	return g, lc
}

func TestRoadAlongARow(t *testing.T) {
	// A road along the centres of row 5: every cell of the row reaches
	// the facility at its west end by the road alone, so its time is the
	// road's length between the centres at the road's speed.
	g, lc := forest(40, 11)
	road := orb.LineString{g.CellCentre(0, 5), g.CellCentre(20, 5), g.CellCentre(39, 5)}
	ap := access.DefaultParams()
	net, err := access.BuildGraph([]access.Line{{Geometry: road, Kind: access.Road, SpeedKMH: 30}}, ap)
	if err != nil {
		t.Fatal(err)
	}
	fs := []access.Point{{Pos: g.CellCentre(0, 5), ID: "centre"}}
	s, err := Compute(Inputs{Grid: g, LandCover: lc, Network: net, Facilities: fs}, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	for c := 1; c < g.Width; c++ {
		want := earth.DistanceM(road[0], g.CellCentre(c, 5)) / (30 / 3.6) / 60
		// Nodes sit at positions rounded to 1e-7°, so a cell walks up to
		// a centimetre to the road: 0.02 s in forest.
		if got := s.Minutes[5*g.Width+c]; math.Abs(got-want) > 1e-4*want+1e-3 {
			t.Errorf("cell %d of the road's row: %.6f min, want %.6f", c, got, want)
		}
		// The row beside it walks 250 m of forest to the road at most.
		walk := 250 / (2 / 3.6) / 60
		onRoad := s.Minutes[5*g.Width+c]
		if got := s.Minutes[4*g.Width+c]; got > onRoad+walk+1e-9 || got < onRoad {
			t.Errorf("cell %d beside the road: %.4f min, road %.4f", c, got, onRoad)
		}
	}
	// Without the road the far end is a long walk through forest.
	s0, _ := Compute(Inputs{Grid: g, LandCover: lc, Facilities: fs}, DefaultParams())
	if far := 5*g.Width + g.Width - 1; s0.Minutes[far] < 5*s.Minutes[far] {
		t.Errorf("far end: %.1f min on foot, %.1f by road", s0.Minutes[far], s.Minutes[far])
	}
}

func TestRiverThroughWater(t *testing.T) {
	// A river along row 5 in a band of water (rows 4–6): the water is
	// impassable, the banks board the boat from the nearest land cells,
	// and crossing costs the boarding penalty.
	g, lc := forest(30, 11)
	for r := 4; r <= 6; r++ {
		for c := 0; c < g.Width; c++ {
			lc[r*g.Width+c] = PermanentWater
		}
	}
	river := orb.LineString{g.CellCentre(0, 5), g.CellCentre(29, 5)}
	ap := access.DefaultParams()
	net, err := access.BuildGraph([]access.Line{{Geometry: river, Kind: access.River}}, ap)
	if err != nil {
		t.Fatal(err)
	}
	fs := []access.Point{{Pos: g.CellCentre(0, 3), ID: "landing"}}
	p := DefaultParams()
	s, err := Compute(Inputs{Grid: g, LandCover: lc, Network: net, Facilities: fs}, p)
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < g.Width; c++ {
		if !math.IsNaN(s.Minutes[5*g.Width+c]) {
			t.Fatalf("water cell %d reached", c)
		}
	}
	// The far bank at the far end: walk 500 m to the river, boat, walk
	// 500 m off; the penalty is paid once.
	far := g.CellCentre(29, 7)
	boatS := earth.DistanceM(g.CellCentre(0, 5), g.CellCentre(29, 5)) / (access.DefaultBoatSpeedKMH / 3.6)
	walkS := 2 * 500 / (2 / 3.6)
	want := (boatS + walkS + p.BoardingPenaltyS) / 60
	i, _ := g.Index(far)
	if got := s.Minutes[i]; math.Abs(got-want) > 1e-3*want {
		t.Errorf("far bank: %.3f min, want %.3f", got, want)
	}
	if s.Summary.Links == 0 || s.Summary.Impassable != 3*g.Width {
		t.Errorf("summary %v", s.Summary)
	}
}

func TestDirectionsMirrorTheDEM(t *testing.T) {
	// Walking to the facilities over a DEM takes as long as walking
	// from them over the DEM turned upside down.
	rng := rand.New(rand.NewSource(3))
	g, _ := forest(35, 30)
	lc, el := randomLayers(rng, g, 0.05)
	neg := make([]float32, len(el))
	for i := range el {
		neg[i] = -el[i]
	}
	fs := []access.Point{{Pos: g.CellCentre(3, 4)}, {Pos: g.CellCentre(30, 20)}}
	for _, m := range []SlopeModel{Tobler, Langmuir} {
		p := DefaultParams()
		p.Slope = m
		to, err := Compute(Inputs{Grid: g, LandCover: lc, ElevationM: el, Facilities: fs}, p)
		if err != nil {
			t.Fatal(err)
		}
		p.Direction = FromFacility
		from, _ := Compute(Inputs{Grid: g, LandCover: lc, ElevationM: neg, Facilities: fs}, p)
		fromSame, _ := Compute(Inputs{Grid: g, LandCover: lc, ElevationM: el, Facilities: fs}, p)
		differ := 0
		for i := range to.Minutes {
			a, b := to.Minutes[i], from.Minutes[i]
			if math.IsNaN(a) != math.IsNaN(b) || math.Abs(a-b) > 1e-9*a {
				t.Fatalf("%v cell %d: %v to, %v from over the mirrored DEM", m, i, a, b)
			}
			if math.Abs(a-fromSame.Minutes[i]) > 1e-6*a {
				differ++
			}
		}
		if differ < len(to.Minutes)/2 {
			t.Errorf("%v: only %d cells differ by direction: the slope is not anisotropic", m, differ)
		}
	}
}

func TestSameOutputWhateverGOMAXPROCS(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	// Three tile columns, and every bucket shared out among the cores.
	g, _ := forest(300, 150)
	defer func(n int) { parBucket = n }(parBucket)
	parBucket = 1
	lc, el := randomLayers(rng, g, 0.1)
	var lines []access.Line
	for i := 0; i < 40; i++ {
		ls := orb.LineString{{g.WestDeg + rng.Float64()*0.67, g.NorthDeg - rng.Float64()*0.33}}
		for j := 0; j < 30; j++ {
			q := ls[len(ls)-1]
			ls = append(ls, orb.Point{q[0] + (rng.Float64()-0.5)*0.01, q[1] + (rng.Float64()-0.5)*0.01})
		}
		lines = append(lines, access.Line{Geometry: ls, Kind: access.Mode(i % 2), Class: "track"})
	}
	net, err := access.BuildGraph(lines, access.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	fs := []access.Point{{Pos: g.CellCentre(10, 10), ID: "a", Group: "x"}, {Pos: g.CellCentre(270, 50), ID: "b", Group: "y"}, {Pos: g.CellCentre(150, 120), ID: "c", Group: "y"}}
	run := func() ([]float64, []int32, []Catchment) {
		s, err := Compute(Inputs{Grid: g, LandCover: lc, ElevationM: el, Network: net, Facilities: fs}, DefaultParams())
		if err != nil {
			t.Fatal(err)
		}
		cs, err := s.Catchments(nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s.Minutes, s.Facility, cs
	}
	old := runtime.GOMAXPROCS(1)
	m1, f1, c1 := run()
	runtime.GOMAXPROCS(3)
	m4, f4, c4 := run()
	runtime.GOMAXPROCS(old)
	eq := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
	if !slices.EqualFunc(m1, m4, eq) || !slices.Equal(f1, f4) {
		t.Fatal("surfaces differ")
	}
	for i := range c1 {
		if !c1[i].Polygon.Equal(c4[i].Polygon) || c1[i].Population != c4[i].Population {
			t.Fatalf("catchment %d differs", i)
		}
	}
}
