package access

import (
	"cmp"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// AddLine reports why a line is left out, and the graph lists it under
// its position among all lines offered.
func TestBuilderAddLine(t *testing.T) {
	b, err := NewBuilder(testParams())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		line Line
		want string
	}{
		{road(at(0, 0), at(100, 0)), ""},
		{road(at(0, 0)), "fewer than 2 points"},
		{Line{Geometry: orb.LineString{at(0, 0), {200, 0}}, Kind: Road, SpeedKMH: 30}, "coordinate 1 out of range: [200 0]"},
		{road(at(100, 0), at(100, 100)), ""},
		{Line{Geometry: orb.LineString{at(0, 0), at(1, 0)}, Kind: Road, OneWay: 2, SpeedKMH: 30}, "bad oneway 2"},
	} {
		if got := b.AddLine(c.line); got != c.want {
			t.Errorf("AddLine(%v) = %q, want %q", c.line.Geometry, got, c.want)
		}
	}
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	var idx []int
	for _, s := range g.Skipped {
		idx = append(idx, s.Index)
	}
	if !slices.Equal(idx, []int{1, 2, 4}) || g.NumEdges() != 2 || g.NumNodes() != 3 {
		t.Errorf("skipped %v, %d edges, %d nodes", g.Skipped, g.NumEdges(), g.NumNodes())
	}
}

// Inner vertices keep their own coordinates, not the rounded ones that
// decide noding; nodes sit on the rounding grid.
func TestBuilderKeepsInnerVertices(t *testing.T) {
	p := testParams()
	p.CoordDecimals = 3
	inner := orb.Point{116.5006789, -0.4993456}
	g, err := BuildGraph([]Line{{Geometry: orb.LineString{{116.5, -0.5}, inner, {116.501, -0.5}}, Kind: Road, SpeedKMH: 30}}, p)
	if err != nil {
		t.Fatal(err)
	}
	if g.NumEdges() != 1 {
		t.Fatalf("%d edges", g.NumEdges())
	}
	geom := g.Edge(0).Geometry
	if len(geom) != 3 || geom[1] != inner || geom[0] != (orb.Point{116.5, -0.5}) {
		t.Errorf("geometry %v", geom)
	}
}

// Node numbers, edges and times do not depend on the order of the lines
// apart from the edge order, which follows the lines.
func TestBuilderOrderIndependentNodes(t *testing.T) {
	lines, _, _ := gridNetwork(12, 9, 150, 0, 1, 3)
	segs := segments(lines)
	g1, err := BuildGraph(segs, testParams())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	rng.Shuffle(len(segs), func(i, j int) { segs[i], segs[j] = segs[j], segs[i] })
	g2, err := BuildGraph(segs, testParams())
	if err != nil {
		t.Fatal(err)
	}
	if g1.NumNodes() != 12*9 || g2.NumNodes() != g1.NumNodes() || g2.NumEdges() != g1.NumEdges() {
		t.Fatalf("nodes %d/%d, edges %d/%d", g1.NumNodes(), g2.NumNodes(), g1.NumEdges(), g2.NumEdges())
	}
	// The whole rows and columns: every vertex is inner to one line and
	// shared with another (counted through the recent-vertex cache or the
	// table), so every crossing is a node and the same edges result.
	g0, err := BuildGraph(lines, testParams())
	if err != nil {
		t.Fatal(err)
	}
	if g0.NumNodes() != g1.NumNodes() || g0.NumEdges() != g1.NumEdges() {
		t.Fatalf("long lines: %d nodes, %d edges; segments: %d, %d", g0.NumNodes(), g0.NumEdges(), g1.NumNodes(), g1.NumEdges())
	}
	for i := range g1.NumNodes() {
		if g1.Node(i) != g2.Node(i) {
			t.Fatalf("node %d: %v vs %v", i, g1.Node(i), g2.Node(i))
		}
	}
	key := func(e EdgeInfo) [3]float64 {
		return [3]float64{float64(min(e.From, e.To)), float64(max(e.From, e.To)), e.ForwardS}
	}
	var k1, k2 [][3]float64
	for i := range g1.NumEdges() {
		k1 = append(k1, key(g1.Edge(i)))
		k2 = append(k2, key(g2.Edge(i)))
	}
	cmp := func(a, b [3]float64) int { return slices.Compare(a[:], b[:]) }
	slices.SortFunc(k1, cmp)
	slices.SortFunc(k2, cmp)
	if !slices.Equal(k1, k2) {
		t.Error("edges differ after shuffling the lines")
	}
}

// segments cuts lines into 2-point lines, the form of the generated
// benchmark files and of many exported road layers.
func segments(lines []Line) []Line {
	var out []Line
	for _, l := range lines {
		for j := 1; j < len(l.Geometry); j++ {
			s := l
			s.Geometry = orb.LineString{l.Geometry[j-1], l.Geometry[j]}
			out = append(out, s)
		}
	}
	return out
}

// BenchmarkBuilder300k streams 2-point lines (≈300k vertices, 600k
// lines) through a Builder, as the command does while reading a file.
func BenchmarkBuilder300k(b *testing.B) {
	lines, _, _ := gridNetwork(548, 548, 100, 0, 1, 1)
	segs := segments(lines)
	p := DefaultParams()
	b.ReportAllocs()
	var g *Graph
	for b.Loop() {
		bd, err := NewBuilder(p)
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range segs {
			bd.AddLine(s)
		}
		if g, err = bd.Build(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(g.SizeBytes())/float64(g.NumNodes()), "graphB/node")
}

// Every open direction of every edge is an incoming arc of its head, and
// each node's arcs are in ascending order (edge, then forward first), the
// order a search relaxes them in.
func TestArcsComplete(t *testing.T) {
	lines, _, _ := gridNetwork(7, 5, 200, 0, 1, 2)
	lines = append(lines, Line{Geometry: orb.LineString{lines[0].Geometry[0], lines[0].Geometry[1]}, Kind: Road, SpeedKMH: 10, OneWay: 1},
		Line{Geometry: orb.LineString{lines[0].Geometry[2], lines[0].Geometry[1]}, Kind: Road, SpeedKMH: 10, OneWay: -1})
	g, err := BuildGraph(lines, testParams())
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for e := range g.NumEdges() {
		ed := g.Edge(e)
		if !math.IsInf(ed.ForwardS, 1) {
			want++
		}
		if !math.IsInf(ed.BackwardS, 1) {
			want++
		}
	}
	if len(g.inArc) != want || int(g.inOff[g.NumNodes()]) != want {
		t.Fatalf("%d arcs, offsets end at %d, want %d", len(g.inArc), g.inOff[g.NumNodes()], want)
	}
	for x := range g.NumNodes() {
		arcs := g.inArc[g.inOff[x]:g.inOff[x+1]]
		if !slices.IsSorted(arcs) {
			t.Errorf("node %d arcs %v not sorted", x, arcs)
		}
		for _, c := range arcs {
			ed := g.edges[c>>1]
			head := ed.v
			if c&1 == 1 {
				head = ed.u
			}
			if head != int32(x) {
				t.Errorf("node %d lists arc %d of edge %d→%d", x, c, ed.u, ed.v)
			}
		}
	}
}

// The build splits its noding and its segment index over the cores; any
// number of them must make the same graph. The network is above the
// sizes at which the work is split, with inner vertices off the rounding
// grid, repeated vertices, duration-priced ferries, rivers with landings,
// segments too long for the index's cells and runs of classes.
func TestBuildSameOnAnyCores(t *testing.T) {
	lines, _, _ := gridNetwork(220, 220, 150, 0, 1, 3)
	const lon0, lat0, d = 116.6, -1.0, 150.0 / 111320
	for j := 0; j < 220; j += 3 {
		// a track between the grid's rows: inner vertices no other line
		// shares, off the rounding grid, one of them repeated
		ls := orb.LineString{}
		for i := 0; i < 220; i += 2 {
			ls = append(ls, orb.Point{lon0 + float64(i)*d + 1.3e-8, lat0 + (float64(j)+0.5)*d + 2.9e-8})
			if i == 40 {
				ls = append(ls, ls[len(ls)-1])
			}
		}
		ls[0], ls[len(ls)-1] = orb.Point{lon0, lat0 + float64(j)*d}, orb.Point{lon0 + 218*d, lat0 + float64(j)*d}
		lines = append(lines, Line{Geometry: ls, Kind: Road, Class: "track"})
	}
	for j := 5; j < 220; j += 40 {
		// a ferry across the whole grid (one segment over many cells)
		// and a river along a row, whose ends meet road nodes
		lines = append(lines,
			Line{Geometry: orb.LineString{{lon0, lat0 + float64(j)*d}, {lon0 + 219*d, lat0 + float64(j+7)*d}}, Kind: Ferry, FerryDurationS: 1800},
			Line{Geometry: orb.LineString{{lon0, lat0 + float64(j+1)*d}, {lon0 + 100*d, lat0 + float64(j+1)*d + 1e-5}, {lon0 + 219*d, lat0 + float64(j+1)*d}}, Kind: River})
	}
	var want *Graph
	for _, w := range []int{1, 2, 3, 8} {
		p := DefaultParams()
		p.Workers = w
		g, err := BuildGraph(lines, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(g.pts) == 0 || len(g.idx.long) == 0 || g.NumEdges() < 1<<16 {
			t.Fatalf("the network does not exercise the split: %d points, %d long segments, %d edges", len(g.pts), len(g.idx.long), g.NumEdges())
		}
		g.params.Workers = 0
		if want == nil {
			want = g
			continue
		}
		for _, f := range []struct {
			name      string
			got, want any
		}{
			{"nodes", g.nodes, want.nodes}, {"edges", g.edges, want.edges}, {"attrs", g.attrs, want.attrs},
			{"geomOff", g.geomOff, want.geomOff}, {"pts", g.pts, want.pts},
			{"inOff", g.inOff, want.inOff}, {"inArc", g.inArc, want.inArc},
			{"index cells", g.idx.off, want.idx.off}, {"index ids", g.idx.ids, want.idx.ids}, {"index long", g.idx.long, want.idx.long},
		} {
			if !reflect.DeepEqual(f.got, f.want) {
				t.Errorf("workers %d: %s differ from one worker's", w, f.name)
			}
		}
	}
}

// The radix sort is stable and the same on any number of cores: keys with
// many repeats (and digits every key shares, whose pass is skipped) are
// ordered as a stable comparison sort orders them.
func TestRadixSortKeyedIsStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	for _, n := range []int{0, 1, 7, 5000, 1<<18 + 333} {
		for _, workers := range []int{1, 2, 3} {
			keys := make([]uint64, n)
			ids := make([]int32, n)
			for i := range keys {
				keys[i] = 0x00ab_0000_0000_0000 | rng.Uint64N(40000)<<20 | rng.Uint64N(3)
				ids[i] = int32(i)
			}
			type kv struct {
				k  uint64
				id int32
			}
			want := make([]kv, n)
			for i := range want {
				want[i] = kv{keys[i], ids[i]}
			}
			slices.SortStableFunc(want, func(a, b kv) int { return cmp.Compare(a.k, b.k) })
			radixSortKeyed(keys, ids, workers)
			for i := range want {
				if keys[i] != want[i].k || ids[i] != want[i].id {
					t.Fatalf("n %d, %d workers: at %d (%x, %d), want (%x, %d)", n, workers, i, keys[i], ids[i], want[i].k, want[i].id)
				}
			}
		}
	}
}
