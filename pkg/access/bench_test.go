package access

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/paulmach/orb"
)

// gridNetwork generates an nx×ny grid of roads (each row and column one
// line) spaced spacingM apart near Tenggarong, every 10th line a primary
// road and every 7th a track, with nTargets random targets and nFac
// facilities. The area is cut into nFac compact regions (the targets'
// groups, like kecamatan), each with its facility near its middle.
func gridNetwork(nx, ny int, spacingM float64, nTargets, nFac int, seed uint64) ([]Line, []Point, []Point) {
	const lon0, lat0 = 116.6, -1.0
	dLon, dLat := spacingM/111320, spacingM/110574
	class := func(i int) string {
		switch {
		case i%10 == 0:
			return "primary"
		case i%7 == 0:
			return "track"
		}
		return "residential"
	}
	lines := make([]Line, 0, nx+ny)
	for j := 0; j < ny; j++ {
		ls := make(orb.LineString, nx)
		for i := range ls {
			ls[i] = orb.Point{lon0 + float64(i)*dLon, lat0 + float64(j)*dLat}
		}
		lines = append(lines, Line{Geometry: ls, Kind: Road, Class: class(j)})
	}
	for i := 0; i < nx; i++ {
		ls := make(orb.LineString, ny)
		for j := range ls {
			ls[j] = orb.Point{lon0 + float64(i)*dLon, lat0 + float64(j)*dLat}
		}
		lines = append(lines, Line{Geometry: ls, Kind: Road, Class: class(i)})
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	w, h := float64(nx-1)*dLon, float64(ny-1)*dLat
	cols := max(1, int(math.Sqrt(float64(nFac))))
	rows := (nFac + cols - 1) / cols
	region := func(x, y float64) int {
		c := min(cols-1, int(x/w*float64(cols)))
		r := min(rows-1, int(y/h*float64(rows)))
		return min(nFac-1, r*cols+c)
	}
	targets := make([]Point, nTargets)
	for i := range targets {
		x, y := rng.Float64()*w, rng.Float64()*h
		targets[i] = Point{Pos: orb.Point{lon0 + x, lat0 + y}, ID: fmt.Sprintf("T%d", i),
			Group: fmt.Sprintf("K%02d", region(x, y))}
	}
	facs := make([]Point, nFac)
	for k := range facs {
		c, r := k%cols, k/cols
		x := (float64(c) + 0.25 + rng.Float64()/2) / float64(cols) * w
		y := (float64(r) + 0.25 + rng.Float64()/2) / float64(rows) * h
		facs[k] = Point{Pos: orb.Point{lon0 + x, lat0 + y}, ID: fmt.Sprintf("F%02d", k), Group: fmt.Sprintf("K%02d", k)}
	}
	return lines, targets, facs
}

func benchAccess(b *testing.B, side, nTargets int) {
	lines, targets, facs := gridNetwork(side, side, 100, nTargets, 20, 1)
	p := DefaultParams()
	b.ReportAllocs()
	b.ResetTimer()
	var g *Graph
	for b.Loop() {
		var err error
		g, err = BuildGraph(lines, p)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := Analyse(g, targets, facs, p, false); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(g.SizeBytes())/float64(g.NumNodes()), "graphB/node")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys)/float64(side*side), "heapSysB/vertex")
}

// 548² ≈ 300k vertices, 20k targets; 1415² ≈ 2M vertices, 100k targets.
func BenchmarkAccess300k(b *testing.B) { benchAccess(b, 548, 20000) }
func BenchmarkAccess2M(b *testing.B)   { benchAccess(b, 1415, 100000) }

func BenchmarkBuildGraph2M(b *testing.B) {
	lines, _, _ := gridNetwork(1415, 1415, 100, 0, 1, 1)
	p := DefaultParams()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildGraph(lines, p); err != nil {
			b.Fatal(err)
		}
	}
}

// segmentNetwork is a jittered side×side grid of roads given as
// two-vertex lines (one per edge, the way edge tables and pgRouting
// exports list them), each of a random class, with a few links missing.
func segmentNetwork(side int, seed uint64) []Line {
	const lon0, lat0, step = 115.6, -1.3, 0.0027 // about 300 m
	rng := rand.New(rand.NewPCG(seed, 13))
	pos := make([]orb.Point, side*side)
	for i := range pos {
		pos[i] = orb.Point{lon0 + float64(i%side)*step + (rng.Float64()-0.5)*step*0.3,
			lat0 + float64(i/side)*step + (rng.Float64()-0.5)*step*0.3}
	}
	classes := []string{"residential", "residential", "track", "unclassified", "tertiary", "secondary", "primary"}
	var lines []Line
	for v := range pos {
		i, j := v%side, v/side
		if i+1 < side && rng.IntN(20) != 0 {
			lines = append(lines, Line{Geometry: orb.LineString{pos[v], pos[v+1]}, Kind: Road, Class: classes[rng.IntN(len(classes))]})
		}
		if j+1 < side && rng.IntN(20) != 0 {
			lines = append(lines, Line{Geometry: orb.LineString{pos[v], pos[v+side]}, Kind: Road, Class: classes[rng.IntN(len(classes))]})
		}
	}
	return lines
}

// 548² ≈ 300k vertices as about 570k two-vertex lines.
func BenchmarkBuildSegments300k(b *testing.B) {
	lines := segmentNetwork(548, 31)
	p := DefaultParams()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildGraph(lines, p); err != nil {
			b.Fatal(err)
		}
	}
}

// segmentPoints places n targets uniformly over segmentNetwork's extent,
// each in the kecamatan of the 5×4 block it lies in, and one facility,
// the centre, in the middle of each block.
func segmentPoints(side, n int, seed uint64) ([]Point, []Point) {
	const lon0, lat0, step = 115.6, -1.3, 0.0027
	span := float64(side-1) * step
	rng := rand.New(rand.NewPCG(seed, 14))
	targets := make([]Point, n)
	for i := range targets {
		fx, fy := rng.Float64(), rng.Float64()
		targets[i] = Point{Pos: orb.Point{lon0 + fx*span, lat0 + fy*span}, ID: fmt.Sprintf("V%06d", i),
			Group: fmt.Sprintf("K%02d", int(fx*5)+5*int(fy*4))}
	}
	facs := make([]Point, 20)
	for k := range facs {
		facs[k] = Point{Pos: orb.Point{lon0 + span*(float64(k%5)+0.5)/5, lat0 + span*(float64(k/5)+0.5)/4},
			ID: fmt.Sprintf("F%02d", k), Group: fmt.Sprintf("K%02d", k)}
	}
	return targets, facs
}

// Analyse alone on the 300k-vertex segment network, 20k targets.
func BenchmarkAnalyseSegments300k(b *testing.B) {
	p := DefaultParams()
	g, err := BuildGraph(segmentNetwork(548, 31), p)
	if err != nil {
		b.Fatal(err)
	}
	targets, facs := segmentPoints(548, 20000, 32)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Analyse(g, targets, facs, p, false); err != nil {
			b.Fatal(err)
		}
	}
}

// Snapping 20k targets to the 300k-vertex segment network.
func BenchmarkSnapSegments300k(b *testing.B) {
	g, err := BuildGraph(segmentNetwork(548, 31), DefaultParams())
	if err != nil {
		b.Fatal(err)
	}
	targets, _ := segmentPoints(548, 20000, 32)
	for b.Loop() {
		for _, t := range targets {
			g.Snap(t.Pos, DefaultMaxSnapM)
		}
	}
}

// BenchmarkAnalyseOneKecamatan puts 50k targets in one kecamatan whose
// centre is nearest to few of them: nearly every target waits in that
// kecamatan's search, which looks its open targets over in passes spaced
// by their number (one pass every 512 settled nodes took 4.4 times as
// long here).
func BenchmarkAnalyseOneKecamatan(b *testing.B) {
	lines, targets, facs := gridNetwork(500, 500, 100, 50000, 20, 1)
	for i := range targets {
		targets[i].Group = "K00"
	}
	p := DefaultParams()
	g, err := BuildGraph(lines, p)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() { // b.Loop times only the loop
		if _, _, err := Analyse(g, targets, facs, p, false); err != nil {
			b.Fatal(err)
		}
	}
}
