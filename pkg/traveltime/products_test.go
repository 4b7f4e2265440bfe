package traveltime

import (
	"math"
	"math/rand"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// testSurface is a surface over a random land cover with water, and a
// population grid.
func testSurface(t *testing.T, seed int64, w, h, nf int) (*Surface, []float64, []orb.Point) {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	g := Grid{WestDeg: 116.9, NorthDeg: -0.4, CellXDeg: 0.00225, CellYDeg: 0.00226, Width: w, Height: h}
	lc, _ := randomLayers(rng, g, 0.2)
	var fs []access.Point
	for i := 0; i < nf; i++ {
		c, r := rng.Intn(w), rng.Intn(h)
		lc[r*w+c] = BuiltUp
		fs = append(fs, access.Point{Pos: g.CellCentre(c, r), ID: string(rune('a' + i)), Group: string(rune('K' + i%3))})
	}
	p := DefaultParams()
	p.MaxMinutes = 400
	s, err := Compute(Inputs{Grid: g, LandCover: lc, Facilities: fs}, p)
	if err != nil {
		t.Fatal(err)
	}
	pop := make([]float64, g.Cells())
	for i := range pop {
		pop[i] = math.Floor(rng.ExpFloat64() * 20)
	}
	var vs []orb.Point
	for i := 0; i < 200; i++ {
		vs = append(vs, orb.Point{g.WestDeg + rng.Float64()*float64(w)*g.CellXDeg, g.NorthDeg - rng.Float64()*float64(h)*g.CellYDeg})
	}
	return s, pop, vs
}

// inside tells whether the centre of a cell is in the multipolygon by
// the even-odd rule over all rings.
func inside(mp orb.MultiPolygon, p orb.Point) bool {
	in := false
	for _, poly := range mp {
		for _, ring := range poly {
			if planar.RingContains(ring, p) {
				in = !in
			}
		}
	}
	return in
}

func TestIsochronesHoldExactlyTheCellsWithin(t *testing.T) {
	s, pop, vs := testSurface(t, 7, 60, 45, 3)
	isos, err := s.Isochrones([]float64{120, 30, 60}, pop, vs)
	if err != nil {
		t.Fatal(err)
	}
	g := s.Grid
	for k, iso := range isos {
		if k > 0 && iso.Minutes <= isos[k-1].Minutes {
			t.Fatalf("thresholds not ascending: %v after %v", iso.Minutes, isos[k-1].Minutes)
		}
		var cells int
		var people float64
		for r := 0; r < g.Height; r++ {
			for c := 0; c < g.Width; c++ {
				i := r*g.Width + c
				want := s.Minutes[i] <= iso.Minutes
				if got := inside(iso.Polygon, g.CellCentre(c, r)); got != want {
					t.Fatalf("%v min: cell (%d, %d) at %.2f min: inside %v", iso.Minutes, c, r, s.Minutes[i], got)
				}
				if want {
					cells++
					people += pop[i]
				}
			}
		}
		if cells == 0 || cells == g.Cells() {
			t.Fatalf("%v min: %d cells within: the case tests little", iso.Minutes, cells)
		}
		if iso.Cells != cells || iso.Population != people {
			t.Errorf("%v min: %d cells, %v people; counted %d, %v", iso.Minutes, iso.Cells, iso.Population, cells, people)
		}
		checkRings(t, iso.Polygon, g)
	}
}

// checkRings verifies outer rings are counter-clockwise and holes
// clockwise, rings closed, and the polygons' area that of their cells
// in degrees.
func checkRings(t *testing.T, mp orb.MultiPolygon, g Grid) {
	t.Helper()
	for _, poly := range mp {
		for k, ring := range poly {
			if !ring.Closed() || len(ring) < 5 {
				t.Fatalf("ring %d: %d points, closed %v", k, len(ring), ring.Closed())
			}
			if a := math.Abs(planar.Area(ring)); (k == 0) != (ring.Orientation() == orb.CCW) || a <= 0 {
				t.Fatalf("ring %d: orientation %v, area %v", k, ring.Orientation(), a)
			}
		}
	}
}

func TestCatchmentsAddUpToTheGrid(t *testing.T) {
	s, pop, vs := testSurface(t, 11, 70, 50, 6)
	cs, err := s.Catchments(pop, vs)
	if err != nil {
		t.Fatal(err)
	}
	var total, unreached, sum float64
	var cells, villages, vUnreached int
	for i, m := range s.Minutes {
		total += pop[i]
		if math.IsNaN(m) {
			unreached += pop[i]
		}
	}
	for _, v := range vs {
		if i, ok := s.Grid.Index(v); ok && s.Facility[i] < 0 {
			vUnreached++
		}
	}
	g := s.Grid
	for f, c := range cs {
		sum += c.Population
		cells += c.Cells
		villages += c.Villages
		if c.Facility != f || c.ID != s.Facilities[f].ID {
			t.Fatalf("catchment %d is facility %d %q", f, c.Facility, c.ID)
		}
		// The polygon holds the facility's cells and no other.
		for r := 0; r < g.Height; r++ {
			for cc := 0; cc < g.Width; cc++ {
				want := s.Facility[r*g.Width+cc] == int32(f)
				if got := inside(c.Polygon, g.CellCentre(cc, r)); got != want {
					t.Fatalf("facility %d: cell (%d, %d) of facility %d: inside %v", f, cc, r, s.Facility[r*g.Width+cc], got)
				}
			}
		}
		checkRings(t, c.Polygon, g)
		if !(c.MedianMinutes <= c.P90Minutes && c.P90Minutes <= c.MaxMinutes) {
			t.Errorf("facility %d: median %v, p90 %v, max %v", f, c.MedianMinutes, c.P90Minutes, c.MaxMinutes)
		}
	}
	if unreached == 0 || unreached == total {
		t.Fatalf("unreached population %v of %v: the case tests little", unreached, total)
	}
	if math.Abs(sum+unreached-total) > 1e-9*total {
		t.Errorf("catchments hold %v people, unreached cells %v, grid %v", sum, unreached, total)
	}
	if villages+vUnreached != len(vs) {
		t.Errorf("catchments hold %d villages, unreached %d, of %d", villages, vUnreached, len(vs))
	}
}

func TestIndicators(t *testing.T) {
	s, pop, vs := testSurface(t, 5, 50, 40, 5)
	ths := []float64{60, 30}
	ind, err := s.Indicators(ths, pop, vs)
	if err != nil {
		t.Fatal(err)
	}
	isos, _ := s.Isochrones(ths, pop, vs)
	if ind[0].Group != "" || ind[0].Minutes != 30 || ind[1].Minutes != 60 {
		t.Fatalf("first rows %+v %+v", ind[0], ind[1])
	}
	for j := range isos {
		if ind[j].Population != isos[j].Population || ind[j].Villages != isos[j].Villages {
			t.Errorf("total within %v min: %+v, isochrone %v people, %d villages", ind[j].Minutes, ind[j], isos[j].Population, isos[j].Villages)
		}
	}
	// Groups split the total within each threshold.
	for j := range ths {
		var p float64
		var v int
		for k := 1; k*len(ths)+j < len(ind); k++ {
			p += ind[k*len(ths)+j].Population
			v += ind[k*len(ths)+j].Villages
		}
		if math.Abs(p-ind[j].Population) > 1e-9*p || v != ind[j].Villages {
			t.Errorf("%v min: groups hold %v people and %d villages, total %v and %d", ind[j].Minutes, p, v, ind[j].Population, ind[j].Villages)
		}
	}
}

func TestPolygonizePinchesAndHoles(t *testing.T) {
	// A ring of cells with a hole, two cells touching at a corner only,
	// and a cell inside the hole: five components, one hole.
	rows := []string{
		"#####..",
		"#...#..",
		"#.#.#..",
		"#...#..",
		"#####..",
		".....#.",
		"......#",
	}
	g := Grid{WestDeg: 0, NorthDeg: 0, CellXDeg: 1, CellYDeg: 1, Width: 7, Height: len(rows)}
	lab := make([]int32, g.Cells())
	for r, row := range rows {
		for c, ch := range row {
			lab[r*g.Width+c] = -1
			if ch == '#' {
				lab[r*g.Width+c] = 0
			}
		}
	}
	mp := polygonize(g, lab, 1)[0]
	if len(mp) != 4 {
		t.Fatalf("%d polygons, want 4: %v", len(mp), mp)
	}
	if len(mp[0]) != 2 || len(mp[0][0]) != 5 || len(mp[0][1]) != 5 {
		t.Fatalf("ring: %v", mp[0])
	}
	if a := planar.Area(mp); a != 16+1+1+1 {
		t.Errorf("area %v, want 19 cells", a)
	}
	checkRings(t, mp, g)
}
