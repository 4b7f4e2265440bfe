package access

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// Fixtures are drawn in metres on a plane at a Kukar-like origin; the
// expected times use the geodesic between the same points.
var testLoc = earth.NewLocal(orb.Point{117.0, -0.5})

func at(x, y float64) orb.Point { return testLoc.Unproject(orb.Point{x, y}) }

func dist(a, b orb.Point) float64 { return earth.DistanceM(a, b) }

// testParams has round speeds: walk 1 m/s, boat 5 m/s, boarding 600 s.
func testParams() Params {
	p := DefaultParams()
	p.WalkSpeedKMH = 3.6
	p.BoatSpeedKMH = 18
	p.BoardingPenaltyS = 600
	p.MaxSnapM = 1000
	return p
}

// road is a line at 36 km/h (10 m/s).
func road(pts ...orb.Point) Line {
	return Line{Geometry: pts, Kind: Road, SpeedKMH: 36}
}

func near(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.IsNaN(want) {
		if !math.IsNaN(got) {
			t.Errorf("%s = %v, want NaN", name, got)
		}
		return
	}
	if math.Abs(got-want) > 1e-3*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.4f, want %.4f", name, got, want)
	}
}

func analyse(t *testing.T, lines []Line, targets, facs []Point, p Params) ([]Result, Summary) {
	t.Helper()
	g, err := BuildGraph(lines, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Skipped) > 0 {
		t.Fatalf("skipped lines: %v", g.Skipped)
	}
	res, sum, err := Analyse(g, targets, facs, p, true)
	if err != nil {
		t.Fatal(err)
	}
	return res, sum
}

func TestRiverOnlyVillage(t *testing.T) {
	lines := []Line{
		road(at(0, 0), at(1000, 0), at(2000, 0)),
		{Geometry: orb.LineString{at(2000, 0), at(2000, 3000), at(2000, 6000)}, Kind: River},
	}
	facs := []Point{{Pos: at(0, 0), ID: "F"}}
	targets := []Point{
		{Pos: at(2100, 5000), ID: "river-only"}, // road 5 km away, beyond MaxSnap
		{Pos: at(1000, 50), ID: "roadside"},
		{Pos: at(1950, 3000), ID: "at-junction-vertex"},
	}
	res, sum := analyse(t, lines, targets, facs, testParams())
	roadS := (dist(at(0, 0), at(1000, 0)) + dist(at(1000, 0), at(2000, 0))) / 10
	tests := []struct {
		timeS float64
		mode  string
		land  bool
		snapM float64
	}{
		{100 + 600 + (dist(at(2000, 0), at(2000, 3000))+dist(at(2000, 3000), at(2000, 5000)))/5 + roadS, "road+river", false, 100},
		{50 + dist(at(0, 0), at(1000, 0))/10, "road", true, 50},
		{50 + 600 + dist(at(2000, 0), at(2000, 3000))/5 + roadS, "road+river", false, 50},
	}
	for i, tt := range tests {
		r := res[i]
		if !r.Reachable || r.Facility != "F" || r.Mode != tt.mode || r.LandAccess != tt.land {
			t.Errorf("%s: %+v", targets[i].ID, r)
		}
		near(t, targets[i].ID+" time", r.TravelTimeS, tt.timeS)
		near(t, targets[i].ID+" snap", r.SnapM, tt.snapM)
	}
	near(t, "river-only distance", res[0].DistanceM, 100+5000+2000)
	if sum.Reachable != 3 || sum.LandAccess != 1 || sum.WaterOnly != 2 || sum.ModeRoadRiver != 2 || sum.ModeRoad != 1 {
		t.Errorf("summary %+v", sum)
	}
	// The route runs from the village over the river and the road.
	rt := res[0].Route
	if len(rt) < 4 || rt[0] != targets[0].Pos || rt[len(rt)-1] != facs[0].Pos {
		t.Fatalf("route %v", rt)
	}
	near(t, "route length", earth.LineLengthM(rt), res[0].DistanceM)
}

// A facility on the river is reached by boat alone.
func TestRiverModeAndBoardingOnce(t *testing.T) {
	lines := []Line{
		{Geometry: orb.LineString{at(0, 0), at(0, 4000)}, Kind: River},
		{Geometry: orb.LineString{at(0, 4000), at(0, 8000)}, Kind: Ferry, SpeedKMH: 36},
	}
	facs := []Point{{Pos: at(20, 8000), ID: "F"}}
	targets := []Point{{Pos: at(30, 1000), ID: "T"}}
	res, _ := analyse(t, lines, targets, facs, testParams())
	want := 30 + 600 + dist(at(0, 1000), at(0, 4000))/5 + dist(at(0, 4000), at(0, 8000))/10 + 20
	near(t, "time", res[0].TravelTimeS, want)
	if res[0].Mode != "river" || res[0].LandAccess {
		t.Errorf("%+v", res[0])
	}
}

func TestDisconnectedRoadPiece(t *testing.T) {
	lines := []Line{
		road(at(0, 0), at(1000, 0)),
		road(at(1100, 0), at(2000, 0)), // 100 m gap
	}
	facs := []Point{{Pos: at(0, 0), ID: "F"}}
	targets := []Point{{Pos: at(1500, 40), ID: "island"}, {Pos: at(500, 0), ID: "main"}}
	res, sum := analyse(t, lines, targets, facs, testParams())
	if r := res[0]; r.Reachable || r.LandAccess || r.Facility != "" || r.FacilityIndex != -1 || r.Mode != "" {
		t.Errorf("island: %+v", r)
	}
	near(t, "island time", res[0].TravelTimeS, math.NaN())
	near(t, "island snap", res[0].SnapM, 40) // snapped, but no path
	near(t, "main time", res[1].TravelTimeS, 50)
	if sum.NoPath != 1 || sum.Reachable != 1 || sum.BeyondSnap != 0 {
		t.Errorf("summary %+v", sum)
	}
}

func TestNearMissEndpoints(t *testing.T) {
	gap := at(1001.5, 0)
	lines := []Line{road(at(0, 0), at(1000, 0)), road(gap, at(2000, 0))}
	facs := []Point{{Pos: at(0, 0), ID: "F"}}
	targets := []Point{{Pos: at(2000, 0), ID: "T"}}
	for _, tt := range []struct {
		nodeSnapM float64
		reachable bool
	}{{0, false}, {1, false}, {2, true}} {
		p := testParams()
		p.NodeSnapM = tt.nodeSnapM
		res, _ := analyse(t, lines, targets, facs, p)
		if res[0].Reachable != tt.reachable {
			t.Errorf("NodeSnapM %v: reachable %v", tt.nodeSnapM, res[0].Reachable)
		}
		if tt.reachable {
			// The loose end moved onto the other line's end.
			want := (dist(at(0, 0), at(1000, 0)) + dist(at(1000, 0), at(2000, 0))) / 10
			near(t, "joined time", res[0].TravelTimeS, want)
		}
	}
}

func TestOneWayFerryWithDuration(t *testing.T) {
	lines := []Line{
		road(at(0, 0), at(1000, 0)),
		{Geometry: orb.LineString{at(1000, 0), at(1000, 1500), at(1000, 3000)}, Kind: Ferry, OneWay: 1, FerryDurationS: 1800},
		road(at(1000, 3000), at(2000, 3000)),
	}
	g, err := BuildGraph(lines, testParams())
	if err != nil {
		t.Fatal(err)
	}
	// The duration is spread by length over the ferry's edges (here one
	// edge, the middle vertex being unshared), and only forwards.
	var ferry EdgeInfo
	for i := 0; i < g.NumEdges(); i++ {
		if e := g.Edge(i); e.Kind == Ferry {
			ferry = e
		}
	}
	near(t, "ferry forward", ferry.ForwardS, 1800)
	if !math.IsInf(ferry.BackwardS, 1) {
		t.Errorf("ferry backward %v, want +Inf", ferry.BackwardS)
	}
	west, east := at(0, 10), at(2000, 3000)
	res, _ := analyse(t, lines, []Point{{Pos: west, ID: "west"}}, []Point{{Pos: east, ID: "east"}}, testParams())
	want := 10 + dist(at(0, 0), at(1000, 0))/10 + 600 + 1800 + dist(at(1000, 3000), at(2000, 3000))/10
	near(t, "with the ferry", res[0].TravelTimeS, want)
	if res[0].Mode != "road+river" || res[0].LandAccess {
		t.Errorf("%+v", res[0])
	}
	// Against the ferry's direction there is no way.
	res, _ = analyse(t, lines, []Point{{Pos: east, ID: "east"}}, []Point{{Pos: west, ID: "west"}}, testParams())
	if res[0].Reachable {
		t.Errorf("against the one-way ferry: %+v", res[0])
	}
}

// The search runs from facilities over reversed arcs; a one-way road must
// be usable from target to facility, not the other way round.
func TestOneWayRoadDirection(t *testing.T) {
	for _, tt := range []struct {
		oneWay    int8
		reachable bool
	}{{0, true}, {1, true}, {-1, false}} {
		l := road(at(0, 0), at(500, 0), at(1000, 0))
		l.OneWay = tt.oneWay
		facs := []Point{{Pos: at(1000, 0), ID: "F"}}
		targets := []Point{{Pos: at(0, 0), ID: "T"}, {Pos: at(200, 10), ID: "same-edge"}}
		res, _ := analyse(t, []Line{l}, targets, facs, testParams())
		for i := range targets {
			if res[i].Reachable != tt.reachable {
				t.Errorf("oneway %d %s: reachable %v", tt.oneWay, targets[i].ID, res[i].Reachable)
			}
		}
		if tt.reachable {
			near(t, "time", res[0].TravelTimeS, (dist(at(0, 0), at(500, 0))+dist(at(500, 0), at(1000, 0)))/10)
		}
	}
}

func TestSameEdgeTravel(t *testing.T) {
	lines := []Line{road(at(0, 0), at(1000, 0))}
	facs := []Point{{Pos: at(800, 20), ID: "F"}}
	targets := []Point{{Pos: at(200, 10), ID: "T"}, {Pos: at(800, 20), ID: "same-spot"}}
	res, _ := analyse(t, lines, targets, facs, testParams())
	near(t, "time", res[0].TravelTimeS, 10+60+20)
	near(t, "distance", res[0].DistanceM, 10+600+20)
	if res[0].Mode != "road" || !res[0].LandAccess {
		t.Errorf("%+v", res[0])
	}
	near(t, "same spot", res[1].TravelTimeS, 40)
	if res[1].Mode != "walk" {
		t.Errorf("same spot mode %q, want walk", res[1].Mode)
	}
}

func TestBeyondMaxSnap(t *testing.T) {
	lines := []Line{road(at(0, 0), at(1000, 0))}
	facs := []Point{{Pos: at(0, 0), ID: "F"}}
	targets := []Point{{Pos: at(500, 1200), ID: "far"}, {Pos: orb.Point{math.NaN(), 0}, ID: "bad"}, {Pos: at(500, 900), ID: "ok"}}
	res, sum := analyse(t, lines, targets, facs, testParams())
	for i := 0; i < 2; i++ {
		if r := res[i]; r.Reachable || !math.IsNaN(r.SnapM) || !math.IsNaN(r.TravelTimeS) || !math.IsNaN(r.DistanceM) {
			t.Errorf("%s: %+v", targets[i].ID, r)
		}
	}
	near(t, "ok", res[2].TravelTimeS, 900+50)
	if len(res) != 3 || sum.BeyondSnap != 1 || sum.InvalidTargets != 1 || sum.Reachable != 1 {
		t.Errorf("summary %+v", sum)
	}
	// A facility beyond reach takes no part and is reported.
	_, sum = analyse(t, lines, targets[2:], []Point{{Pos: at(0, 5000), ID: "lost"}, facs[0]}, testParams())
	if fmt.Sprint(sum.UnsnappedFacilities) != "[lost]" {
		t.Errorf("unsnapped %v", sum.UnsnappedFacilities)
	}
	g, _ := BuildGraph(lines, testParams())
	if _, _, err := Analyse(g, targets, []Point{{Pos: at(0, 5000)}}, testParams(), false); err != ErrNoFacility {
		t.Errorf("err %v, want ErrNoFacility", err)
	}
}

func TestSnapMiddleOfEdge(t *testing.T) {
	g, err := BuildGraph([]Line{road(at(0, 0), at(1000, 0)), road(at(1000, 0), at(1000, 1000))}, testParams())
	if err != nil {
		t.Fatal(err)
	}
	s, ok := g.Snap(at(500, 30), 100)
	if !ok {
		t.Fatal("no snap")
	}
	e := g.Edge(s.Edge)
	if g.Node(e.From) != at(0, 0) && g.Node(e.To) != at(0, 0) {
		t.Errorf("snapped to edge %+v", e)
	}
	near(t, "fraction", s.Fraction, 0.5)
	near(t, "snap", s.SnapM, 30)
	near(t, "point to middle", dist(s.Point, at(500, 0)), 0)
	if _, ok := g.Snap(at(500, 30), 29); ok {
		t.Error("snapped beyond max")
	}
	// Nearest edge, not nearest vertex: the vertex (1000,0) is 510 m
	// away, the second edge 490 m.
	s, _ = g.Snap(at(1490, 500), 1000)
	near(t, "second edge", s.SnapM, 490)
}

func TestTimeToGroup(t *testing.T) {
	lines := []Line{road(at(0, 0), at(1000, 0), at(3000, 0))}
	facs := []Point{{Pos: at(0, 0), ID: "A-centre", Group: "A"}, {Pos: at(3000, 0), ID: "B-centre", Group: "B"}, {Pos: at(1000, 0), ID: "clinic"}}
	targets := []Point{
		{Pos: at(900, 0), ID: "t1", Group: "B"}, // nearest: clinic; own centre B
		{Pos: at(100, 0), ID: "t2", Group: "A"}, // nearest is own centre
		{Pos: at(500, 0), ID: "t3", Group: "C"}, // no centre
		{Pos: at(500, 0), ID: "t4"},
	}
	res, sum := analyse(t, lines, targets, facs, testParams())
	d := func(a, b float64) float64 { return dist(at(a, 0), at(b, 0)) }
	near(t, "t1 nearest", res[0].TravelTimeS, d(900, 1000)/10)
	if res[0].Facility != "clinic" {
		t.Errorf("t1 facility %q", res[0].Facility)
	}
	near(t, "t1 own centre", res[0].TimeToGroupS, (d(900, 1000)+d(1000, 3000))/10)
	near(t, "t2 own centre", res[1].TimeToGroupS, d(0, 100)/10)
	near(t, "t3", res[2].TimeToGroupS, math.NaN())
	near(t, "t4", res[3].TimeToGroupS, math.NaN())
	if fmt.Sprint(sum.GroupsWithoutFacility) != "[C]" {
		t.Errorf("groups without facility %v", sum.GroupsWithoutFacility)
	}
}

func TestSkippedLines(t *testing.T) {
	lines := []Line{
		road(at(0, 0)),
		road(at(0, 0), at(0, 0)),
		{Geometry: orb.LineString{at(0, 0), {200, 0}}, Kind: Road, SpeedKMH: 30},
		{Geometry: orb.LineString{at(0, 0), at(1, 0)}, Kind: Road, Class: "x", SpeedKMH: -1},
		{Geometry: orb.LineString{at(0, 0), at(1, 0)}, Kind: Mode(9)},
		{Geometry: orb.LineString{at(0, 0), at(1, 0)}, Kind: Road, Class: "nope"},
		road(at(0, 0), at(10, 0)),
	}
	p := testParams()
	p.Speeds = SpeedTable{"primary": 50}
	g, err := BuildGraph(lines, p)
	if err != nil {
		t.Fatal(err)
	}
	var idx []int
	for _, s := range g.Skipped {
		idx = append(idx, s.Index)
	}
	if fmt.Sprint(idx) != "[0 1 2 3 4 5]" || g.NumEdges() != 1 {
		t.Errorf("skipped %v, edges %d", g.Skipped, g.NumEdges())
	}
	p.BoatSpeedKMH = -3
	if _, err := BuildGraph(lines, p); err == nil {
		t.Error("negative boat speed accepted")
	}
}

// Lines are cut into edges only where they share a vertex.
func TestNoding(t *testing.T) {
	lines := []Line{
		road(at(0, 0), at(500, 0), at(1000, 0), at(1500, 0)),
		road(at(1000, -500), at(1000, 0), at(1000, 500)),
		road(at(0, 300), at(1500, 300)), // crosses the second line without a shared vertex
	}
	g, err := BuildGraph(lines, testParams())
	if err != nil {
		t.Fatal(err)
	}
	// Nodes: 4 ends of the first two lines' outer points + shared + 2 ends of the third.
	if g.NumNodes() != 7 || g.NumEdges() != 5 {
		t.Errorf("nodes %d edges %d", g.NumNodes(), g.NumEdges())
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	lines, targets, facs := gridNetwork(30, 30, 200, 300, 6, 1)
	var want string
	for _, w := range []int{1, 2, 4} {
		p := DefaultParams()
		p.Workers = w
		g, err := BuildGraph(lines, p)
		if err != nil {
			t.Fatal(err)
		}
		res, sum, err := Analyse(g, targets, facs, p, true)
		if err != nil {
			t.Fatal(err)
		}
		// the per-group searches must matter
		other := 0
		for _, r := range res {
			if r.Reachable && r.TimeToGroupS > r.TravelTimeS {
				other++
			}
		}
		if other < 10 {
			t.Fatalf("workers %d: only %d targets nearer another group's facility", w, other)
		}
		got := fmt.Sprintf("%v %v", res, sum)
		if want == "" {
			want = got
		} else if got != want {
			t.Fatalf("workers %d: output differs", w)
		}
	}
}

// A road ending 1.5 m short of a ferry landing becomes a landing only
// with NodeSnapM, and then pays the boarding penalty.
func TestNearMissLanding(t *testing.T) {
	lines := []Line{
		road(at(0, 0), at(998.5, 0)),
		{Geometry: orb.LineString{at(1000, 0), at(1000, 2000)}, Kind: Ferry, FerryDurationS: 600},
	}
	facs := []Point{{Pos: at(1000, 2000), ID: "F"}}
	targets := []Point{{Pos: at(0, 0), ID: "T"}}
	p := testParams()
	p.MaxSnapM = 1
	res, _ := analyse(t, lines, targets, facs, p)
	if res[0].Reachable {
		t.Errorf("reachable without NodeSnapM: %+v", res[0])
	}
	p.NodeSnapM = 2
	res, _ = analyse(t, lines, targets, facs, p)
	near(t, "time", res[0].TravelTimeS, dist(at(0, 0), at(998.5, 0))/10+600+600)
	if res[0].Mode != "road+river" {
		t.Errorf("mode %q", res[0].Mode)
	}
}

// The grid search finds the nearest segment a scan of every segment
// finds (least distance in the plane at the point, then segment order),
// on a jittered road grid with long straight ferries over it.
func TestSnapMatchesScan(t *testing.T) {
	lines := segmentNetwork(40, 3)
	lines = append(lines, Line{Geometry: orb.LineString{{115.6, -1.3}, {115.7, -1.2}}, Kind: Ferry},
		Line{Geometry: orb.LineString{{115.6, -1.2}, {115.65, -1.25}, {115.7, -1.3}}, Kind: Ferry})
	g, err := BuildGraph(lines, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 2000; i++ {
		p := orb.Point{115.59 + rng.Float64()*0.13, -1.31 + rng.Float64()*0.13}
		got, ok := g.Snap(p, 3000)
		mx, my := earth.NewLocal(p).MetresPerDegree()
		bestE, bestD2 := -1, math.Inf(1)
		for e := int32(0); e < g.nLines; e++ {
			for j := int32(0); j < g.segCount(e); j++ {
				a, b := g.segPt(e, j), g.segPt(e, j+1)
				ax, ay := (a[0]-p[0])*mx, (a[1]-p[1])*my
				dx, dy := (b[0]-p[0])*mx-ax, (b[1]-p[1])*my-ay
				s := 0.0
				if l2 := dx*dx + dy*dy; l2 > 0 {
					s = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l2))
				}
				if d2 := (ax+s*dx)*(ax+s*dx) + (ay+s*dy)*(ay+s*dy); d2 < bestD2 {
					bestE, bestD2 = int(e), d2
				}
			}
		}
		if !ok || got.Edge != bestE {
			t.Fatalf("Snap(%v) = edge %d (%v), scan finds edge %d at %.1f m", p, got.Edge, ok, bestE, math.Sqrt(bestD2))
		}
	}
}
