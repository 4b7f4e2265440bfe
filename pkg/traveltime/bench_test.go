package traveltime

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/paulmach/orb"
)

// benchInputs are generated once: a 4000 × 4000 grid of 250 m cells
// near the equator with land cover in 8 × 8 blocks (a tenth water), hills,
// a network of about 300 000 vertices (1000 roads of 300 vertices as
// random walks starting on earlier roads, so they are noded, and 20
// rivers of 1000 vertices) and 20 facilities.
var benchInputs = sync.OnceValues(func() (Inputs, int) {
	const n = 4000
	rng := rand.New(rand.NewSource(2026))
	mx, my := metresPerDeg(0)
	g := Grid{WestDeg: 112, NorthDeg: 4.5, CellXDeg: 250 / mx, CellYDeg: 250 / my, Width: n, Height: n}
	classes := []uint8{10, 10, 10, 20, 30, 40, 50, 60, 90, 95, 80}
	blocks := make([]uint8, (n/8)*(n/8))
	for i := range blocks {
		blocks[i] = classes[rng.Intn(len(classes))]
	}
	lc := make([]uint8, g.Cells())
	el := make([]float32, g.Cells())
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			lc[r*n+c] = blocks[(r/8)*(n/8)+c/8]
			el[r*n+c] = float32(300 + 250*math.Sin(float64(r)/90)*math.Cos(float64(c)/70) + 20*math.Sin(float64(r*c)/500))
		}
	}
	b := g.Bounds()
	walk := func(start orb.Point, steps int, stepDeg float64) orb.LineString {
		ls := orb.LineString{start}
		head := rng.Float64() * 2 * math.Pi
		for i := 0; i < steps; i++ {
			head += (rng.Float64() - 0.5) * 0.6
			q := ls[len(ls)-1]
			p := orb.Point{q[0] + stepDeg*math.Cos(head), q[1] + stepDeg*math.Sin(head)}
			if p[0] < b.Min[0] || p[0] > b.Max[0] || p[1] < b.Min[1] || p[1] > b.Max[1] {
				head += math.Pi
				continue
			}
			ls = append(ls, p)
		}
		return ls
	}
	var lines []access.Line
	vertices := 0
	roadClasses := []string{"primary", "secondary", "tertiary", "track", "path"}
	for i := 0; i < 1000; i++ {
		start := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
		if i > 0 && rng.Intn(4) > 0 {
			prev := lines[rng.Intn(len(lines))].Geometry
			start = prev[rng.Intn(len(prev))]
		}
		ls := walk(start, 299, 0.003)
		vertices += len(ls)
		lines = append(lines, access.Line{Geometry: ls, Kind: access.Road, Class: roadClasses[i%len(roadClasses)]})
	}
	for i := 0; i < 20; i++ {
		start := orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
		ls := walk(start, 999, 0.004)
		vertices += len(ls)
		lines = append(lines, access.Line{Geometry: ls, Kind: access.River})
	}
	net, err := access.BuildGraph(lines, access.DefaultParams())
	if err != nil {
		panic(err)
	}
	var fs []access.Point
	for i := 0; i < 20; i++ {
		fs = append(fs, access.Point{Pos: g.CellCentre(200+rng.Intn(n-400), 200+rng.Intn(n-400)), ID: fmt.Sprint("f", i), Group: fmt.Sprint("k", i%5)})
	}
	return Inputs{Grid: g, LandCover: lc, ElevationM: el, Network: net, Facilities: fs}, vertices
})

// BenchmarkSurface4000 times Compute on 16 million cells. Run each case
// in its own process for its peak memory, e.g.
//
//	go test -run '^$' -bench 'Surface4000/network_tobler' -benchtime 1x ./pkg/traveltime
func BenchmarkSurface4000(b *testing.B) {
	in, vertices := benchInputs()
	b.Logf("grid %d × %d, network %d vertices → %d nodes, %d edges; %d facilities",
		in.Grid.Width, in.Grid.Height, vertices, in.Network.NumNodes(), in.Network.NumEdges(), len(in.Facilities))
	cases := []struct {
		name string
		in   Inputs
		p    func(*Params)
	}{
		// As r.cost -k and r.walk -k compute: cells only.
		{"grid", Inputs{Grid: in.Grid, LandCover: in.LandCover, Facilities: in.Facilities}, func(*Params) {}},
		{"grid langmuir", Inputs{Grid: in.Grid, LandCover: in.LandCover, ElevationM: in.ElevationM, Facilities: in.Facilities},
			func(p *Params) { p.Slope, p.Direction = Langmuir, FromFacility }},
		// With the network.
		{"network", Inputs{Grid: in.Grid, LandCover: in.LandCover, Network: in.Network, Facilities: in.Facilities}, func(*Params) {}},
		{"network langmuir", in, func(p *Params) { p.Slope, p.Direction = Langmuir, FromFacility }},
		{"network tobler", in, func(*Params) {}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			p := DefaultParams()
			tc.p(&p)
			var s *Surface
			cpu0 := cpuSeconds()
			for i := 0; i < b.N; i++ {
				var err error
				if s, err = Compute(tc.in, p); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(in.Grid.Cells())*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mcells/s")
			b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
			b.Logf("%v", s.Summary)
		})
	}
}

// BenchmarkProducts4000 times isochrones, catchments and indicators on
// the 4000 × 4000 surface with population.
func BenchmarkProducts4000(b *testing.B) {
	in, _ := benchInputs()
	s, err := Compute(in, DefaultParams())
	if err != nil {
		b.Fatal(err)
	}
	pop := make([]float64, in.Grid.Cells())
	rng := rand.New(rand.NewSource(1))
	for i := range pop {
		pop[i] = math.Floor(rng.ExpFloat64() * 3)
	}
	var villages []orb.Point
	for i := 0; i < 5000; i++ {
		villages = append(villages, in.Grid.CellCentre(rng.Intn(in.Grid.Width), rng.Intn(in.Grid.Height)))
	}
	ths := []float64{30, 60, 120}
	b.Run("isochrones", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Isochrones(ths, pop, villages); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("catchments", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Catchments(pop, villages); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("indicators", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Indicators(ths, pop, villages); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

// BenchmarkGRASS4000 times GRASS GIS's r.cost -k and r.walk -k on the
// benchmark's grid (its land cover as friction, its DEM; no network,
// which GRASS's modules do not take), for comparison with
// BenchmarkSurface4000's "grid" and "grid langmuir" cases: wall and CPU
// seconds of each module as bash's time reports them (reading its
// input and writing its output included). The import is not timed. It needs grass on the PATH and about 2 GB of disk.
func BenchmarkGRASS4000(b *testing.B) {
	grass, err := exec.LookPath("grass")
	if err != nil {
		b.Skip("GRASS GIS is not installed (Debian: apt-get install grass-core)")
	}
	in, _ := benchInputs()
	g := in.Grid
	w, h := g.Width, g.Height
	pt := paceTable(DefaultParams().resolved0(), true)
	dir := b.TempDir()
	// Impassable cells are null in the friction map, which r.cost and
	// r.walk skip as the engine skips them.
	writeASCIIB(b, filepath.Join(dir, "cost.asc"), w, h, 1, func(i int) float64 { return pt[in.LandCover[i]] * 250 })
	writeASCIIB(b, filepath.Join(dir, "pace.asc"), w, h, 250, func(i int) float64 { return pt[in.LandCover[i]] })
	writeASCIIB(b, filepath.Join(dir, "dem.asc"), w, h, 250, func(i int) float64 { return float64(in.ElevationM[i]) })
	var cu, cm []string
	for _, f := range in.Facilities {
		i, _ := g.Index(f.Pos)
		c, r := i%w, i/w
		cu = append(cu, fmt.Sprintf("%g,%g", float64(c)+0.5, float64(h-r)-0.5))
		cm = append(cm, fmt.Sprintf("%g,%g", (float64(c)+0.5)*250, (float64(h-r)-0.5)*250))
	}
	script := fmt.Sprintf(`set -e
g.region n=%d s=0 e=%d w=0 rows=%d cols=%d
r.in.ascii input=%[5]s/cost.asc output=cost null_value=-1 --o --q
TIMEFORMAT="rcost %%R %%U %%S"
time r.cost -k input=cost output=rcost start_coordinates=%[6]s memory=4000 --o --q
g.region n=%[7]d s=0 e=%[8]d w=0 rows=%[3]d cols=%[4]d
r.in.ascii input=%[5]s/pace.asc output=pace null_value=-1 --o --q
r.in.ascii input=%[5]s/dem.asc output=dem --o --q
TIMEFORMAT="rwalk %%R %%U %%S"
time r.walk -k elevation=dem friction=pace output=rwalk start_coordinates=%[9]s walk_coeff=0,6,1.9998,-1.9998 lambda=1 memory=4000 --o --q
`, h, w, h, w, dir, strings.Join(cu, ","), h*250, w*250, strings.Join(cm, ","))
	os.WriteFile(filepath.Join(dir, "run.sh"), []byte(script), 0o644)
	if out, err := exec.Command(grass, "-e", "-c", "XY", filepath.Join(dir, "loc")).CombinedOutput(); err != nil {
		b.Fatalf("grass -c XY: %v\n%s", err, out)
	}
	b.ResetTimer()
	start := time.Now()
	out, err := exec.Command(grass, filepath.Join(dir, "loc", "PERMANENT"), "--exec", "bash", filepath.Join(dir, "run.sh")).CombinedOutput()
	if err != nil {
		b.Fatalf("grass: %v\n%s", err, out)
	}
	b.Logf("whole GRASS run with imports: %v", time.Since(start).Round(time.Second))
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 4 && (f[0] == "rcost" || f[0] == "rwalk") {
			real, _ := strconv.ParseFloat(f[1], 64)
			user, _ := strconv.ParseFloat(f[2], 64)
			sys, _ := strconv.ParseFloat(f[3], 64)
			b.ReportMetric(real, f[0]+"-s")
			b.ReportMetric(user+sys, f[0]+"-cpu-s")
		}
	}
}

// resolved0 is p.resolved for callers that know p is valid.
func (p Params) resolved0() Params {
	q, err := p.resolved()
	if err != nil {
		panic(err)
	}
	return q
}

// writeASCIIB writes a GRASS ASCII raster as writeASCII does; +Inf is
// written as the null value -1.
func writeASCIIB(b *testing.B, path string, w, h int, res float64, v func(i int) float64) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 1<<20)
	buf = fmt.Appendf(buf, "north: %g\nsouth: 0\neast: %g\nwest: 0\nrows: %d\ncols: %d\n", float64(h)*res, float64(w)*res, h, w)
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			if c > 0 {
				buf = append(buf, ' ')
			}
			x := v(r*w + c)
			if math.IsInf(x, 1) {
				x = -1
			}
			buf = strconv.AppendFloat(buf, x, 'g', 10, 64)
		}
		buf = append(buf, '\n')
		if len(buf) > 1<<19 {
			f.Write(buf)
			buf = buf[:0]
		}
	}
	f.Write(buf)
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}
