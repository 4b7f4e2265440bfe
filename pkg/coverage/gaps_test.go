package coverage

import (
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// ringPlane maps a lon/lat ring back to metres around origin.
func ringPlane(r orb.Ring) []orb.Point {
	l := earth.NewLocal(origin)
	out := make([]orb.Point, len(r))
	for i, p := range r {
		q := l.Project(p)
		out[i] = orb.Point{math.Round(q[0]*1000) / 1000, math.Round(q[1]*1000) / 1000}
	}
	return out
}

func signedArea(r []orb.Point) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a / 2
}

// bandSites cover a vertical band |x| < ~1500 m around origin with two
// narrow sectors 50 km north and south, pointing at it; they keep the
// data's centre, and so the lattice, on origin.
func bandSites() []Site {
	half := math.Atan(1500.0/50000) * 180 / math.Pi
	return []Site{
		{ID: "south", Pos: at(origin, 0, -50000), Tech: Tech2G, RadiusM: 60000, AzimuthDeg: 0, BeamwidthDeg: 2 * half},
		{ID: "north", Pos: at(origin, 0, 50000), Tech: Tech2G, RadiusM: 60000, AzimuthDeg: 180, BeamwidthDeg: 2 * half},
	}
}

func rectAt(c orb.Point, hx, hy float64) orb.Polygon {
	return orb.Polygon{{at(c, -hx, -hy), at(c, hx, -hy), at(c, hx, hy), at(c, -hx, hy), at(c, -hx, -hy)}}
}

func TestBlankSpotTwoComponents(t *testing.T) {
	zone := Target{Geometry: rectAt(origin, 5000, 2000), Population: 1120}
	st := []WeightedPoint{
		{Pos: at(origin, -3000, 0), Weight: 50},
		{Pos: at(origin, 3000, 1000), Weight: 100},
		{Pos: at(origin, 0, 0), Weight: 1000},    // covered
		{Pos: at(origin, 3000, 2500), Weight: 7}, // outside the zone
	}
	areas, _, err := BlankSpotAreas(bandSites(), []Target{zone}, st, Params{}, GapOptions{CellM: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 2 {
		t.Fatalf("%d areas, want 2", len(areas))
	}
	for k, want := range []struct {
		pop  float64
		ring string
	}{
		{100, "[[1500 -2000] [5000 -2000] [5000 2000] [1500 2000] [1500 -2000]]"},
		{50, "[[-5000 -2000] [-1500 -2000] [-1500 2000] [-5000 2000] [-5000 -2000]]"},
	} {
		a := areas[k]
		if a.Population != want.pop || a.Cells != 56 || math.Abs(a.AreaKm2-14) > 1e-9 || fmt.Sprint(a.Zones) != "[0]" {
			t.Errorf("area %d: %+v", k, a)
		}
		if len(a.Geometry) != 1 || len(a.Geometry[0]) != 1 {
			t.Fatalf("area %d: want one polygon without holes, got %v", k, a.Geometry)
		}
		ring := ringPlane(a.Geometry[0][0])
		// Start vertex aside, the ring is the rectangle counter-clockwise.
		if got := fmt.Sprint(rotateToMin(ring)); got != want.ring {
			t.Errorf("area %d ring %s, want %s", k, got, want.ring)
		}
	}

	// Without settlements the zone's population is spread by area.
	areas, _, _ = BlankSpotAreas(bandSites(), []Target{zone}, nil, Params{}, GapOptions{CellM: 500})
	if areas[0].Population != 392 || areas[1].Population != 392 {
		t.Errorf("spread population %v, %v; want 1120·56/160 = 392 each", areas[0].Population, areas[1].Population)
	}
	// Equal population and size: the western one (first cell) first.
	if areas[0].FirstCell > areas[1].FirstCell {
		t.Errorf("tie order %d, %d", areas[0].FirstCell, areas[1].FirstCell)
	}
}

// rotateToMin starts a closed ring at its lowest-leftmost vertex so rings
// can be compared whatever vertex tracing started from.
func rotateToMin(r []orb.Point) []orb.Point {
	open := r[:len(r)-1]
	m := 0
	for i, p := range open {
		if p[1] < open[m][1] || (p[1] == open[m][1] && p[0] < open[m][0]) {
			m = i
		}
	}
	out := append(append([]orb.Point{}, open[m:]...), open[:m]...)
	return append(out, out[0])
}

func TestBlankSpotHole(t *testing.T) {
	// A site covering a plus-shaped block of 12 cells in a 12×12 zone:
	// one area of 132 cells with a 12-cornered hole.
	zone := Target{Geometry: rectAt(origin, 3000, 3000)}
	areas, _, err := BlankSpotAreas([]Site{omni("c", origin, 800)}, []Target{zone}, nil, Params{}, GapOptions{CellM: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 1 || areas[0].Cells != 132 || math.Abs(areas[0].AreaKm2-33) > 1e-9 {
		t.Fatalf("%+v", areas)
	}
	poly := areas[0].Geometry[0]
	if len(poly) != 2 || len(poly[0]) != 5 || len(poly[1]) != 13 {
		t.Fatalf("rings %d, sizes %d/%d", len(poly), len(poly[0]), len(poly[1]))
	}
	outer, hole := signedArea(ringPlane(poly[0])), signedArea(ringPlane(poly[1]))
	if math.Abs(outer-36e6) > 1 || math.Abs(hole+3e6) > 1 {
		t.Errorf("outer %v m² (ccw), hole %v m² (cw)", outer, hole)
	}
}

func TestTracePinch(t *testing.T) {
	// Seven cells around an empty one, two of them touching only at a
	// corner (vertex (2, 2)):
	//   X X .
	//   X . X
	//   X X X
	l := &lattice{nx: 3, ny: 3, stepM: 100}
	comp := make([]int32, 9)
	for c := range comp {
		comp[c] = -2
	}
	cells := []int{0, 1, 2, 3, 5, 6, 7}
	for _, c := range cells {
		comp[c] = 0
	}
	e := &engine{loc: earth.NewLocal(origin)}
	mp := e.traceCells(cells, comp, 0, l)
	if len(mp) != 1 || len(mp[0]) != 2 {
		t.Fatalf("want one polygon with one hole, got %v", mp)
	}
	outer, hole := ringPlane(mp[0][0]), ringPlane(mp[0][1])
	if a, h := signedArea(outer), signedArea(hole); math.Abs(a-8e4) > 1e-3 || math.Abs(h+1e4) > 1e-3 {
		t.Errorf("areas %v, %v; want 8e4 and -1e4", a, h)
	}
	// Neither ring visits a vertex twice: they touch at (200, 200) only.
	for _, r := range [][]orb.Point{outer, hole} {
		seen := map[orb.Point]bool{}
		for _, p := range r[:len(r)-1] {
			if seen[p] {
				t.Errorf("ring %v repeats %v", r, p)
			}
			seen[p] = true
		}
	}

	// Two cells touching at a corner only are two 4-connected areas.
	zone := []Target{{Geometry: rectAt(origin, 1000, 1000)}}
	sites := []Site{omni("a", at(origin, -500, 500), 360), omni("b", at(origin, 500, -500), 360)}
	// Covered: the NW and SE quadrant centres; every other cell of the 4×4
	// lattice is uncovered and forms one ring-free area except where the
	// coverage cuts it.
	areas, _, err := BlankSpotAreas(sites, zone, nil, Params{}, GapOptions{CellM: 500})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, a := range areas {
		total += a.Cells
	}
	if total != 16-8 {
		t.Errorf("uncovered cells %d, want 8 (%+v)", total, areas)
	}
}

func TestBlankSpotBufferAndGarbage(t *testing.T) {
	zones := []Target{
		{Geometry: origin},
		{},
		{Geometry: orb.Collection{}},
		{Geometry: orb.Point{math.NaN(), 0}},
	}
	areas, warns, err := BlankSpotAreas(nil, zones, nil, Params{}, GapOptions{CellM: 500, BufferM: 1000})
	if err != nil {
		t.Fatal(err)
	}
	// Cell centres within 1 km of the point: 3 per quadrant.
	if len(areas) != 1 || areas[0].Cells != 12 || len(areas[0].Geometry[0][0]) != 13 {
		t.Fatalf("%+v", areas)
	}
	if len(warns) != 1 || warns[0].Kind != WarnBadTarget || warns[0].Count != 3 {
		t.Errorf("warnings %+v", warns)
	}
	for _, o := range []GapOptions{{CellM: -1}, {CellM: math.NaN()}, {BufferM: math.Inf(1)}} {
		if _, _, err := BlankSpotAreas(nil, zones, nil, Params{}, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
	if _, _, err := BlankSpotAreas(nil, []Target{{Geometry: rectAt(origin, 5e5, 5e5)}}, nil, Params{}, GapOptions{CellM: 10}); err == nil {
		t.Error("10⁴ km² of 10 m cells accepted")
	}
	// A road with no buffer: the cells it crosses.
	road := []Target{{Geometry: orb.LineString{at(origin, -2400, 100), at(origin, 2400, 100)}}}
	areas, _, _ = BlankSpotAreas(nil, road, nil, Params{}, GapOptions{CellM: 500})
	if len(areas) != 1 || areas[0].Cells != 10 {
		t.Errorf("road cells %+v", areas)
	}
}

func ExampleBlankSpotAreas() {
	// One village of about 3.3 × 3.3 km; a tower on its western edge
	// covers 2 km around it.
	village := Target{Geometry: orb.Polygon{{{117.00, -0.43}, {117.03, -0.43}, {117.03, -0.40}, {117.00, -0.40}, {117.00, -0.43}}}, Population: 900}
	sites := []Site{{ID: "BTS-1", Pos: orb.Point{117.00, -0.415}, Tech: Tech2G, RadiusM: 2000}}
	areas, _, err := BlankSpotAreas(sites, []Target{village}, nil, Params{}, GapOptions{CellM: 500})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range areas {
		fmt.Printf("%d cells, %.2f km², %.0f people, zones %v, %d ring(s)\n", a.Cells, a.AreaKm2, a.Population, a.Zones, len(a.Geometry[0]))
	}
	// Output:
	// 16 cells, 4.00 km², 400 people, zones [0], 1 ring(s)
}

// TestBlankSpotCellsJoinToTheAreas judges the study area's cells in three
// parts (by the cell's column) and checks that their joined verdicts give
// BlankSpotAreas exactly the areas of the whole run; verdicts of the
// wrong length are refused.
func TestBlankSpotCellsJoinToTheAreas(t *testing.T) {
	sites := append(bandSites(), omni("c", at(origin, 2500, 1500), 900))
	zones := []Target{{Geometry: rectAt(origin, 6000, 3000), Population: 900}, {Geometry: rectAt(at(origin, 7000, 0), 2000, 2000), Population: 50}}
	st := []WeightedPoint{{Pos: at(origin, -4000, 0), Weight: 30}, {Pos: at(origin, 4000, 2000), Weight: 70}}
	o := GapOptions{CellM: 500}
	whole, _, err := BlankSpotAreas(sites, zones, st, Params{}, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole) < 2 {
		t.Fatalf("%d areas: the test wants several", len(whole))
	}
	var joined []bool
	for part := range 3 {
		cells, covered, _, err := BlankSpotCells(sites, zones, Params{}, o, func(c GapCell) bool { return (c.Index%7)%3 == part })
		if err != nil {
			t.Fatal(err)
		}
		if joined == nil {
			joined = make([]bool, len(cells))
		}
		for k, c := range cells {
			if (c.Index%7)%3 == part {
				joined[k] = covered[k]
			} else if covered[k] {
				t.Fatalf("cell %d judged by part %d", c.Index, part)
			}
		}
	}
	o.Covered = joined
	got, _, err := BlankSpotAreas(sites, zones, st, Params{}, o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, whole) {
		t.Fatalf("joined parts give %d areas, the whole run %d", len(got), len(whole))
	}
	o.Covered = joined[1:]
	if _, _, err := BlankSpotAreas(sites, zones, st, Params{}, o); err == nil {
		t.Error("verdicts for too few cells accepted")
	}
}
