package popgrid

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/paulmach/orb"
)

// The large case: a 10,000 × 10,000 Deflate-tiled EPSG:4326 raster at 3″
// (about 90 m, WorldPop's resolution) over lon 112.5…120.83, lat
// −4.5…3.83, and 20,000 villages of 64 vertices tiling a regency-sized box
// (lon 115.2…117.7, lat −1.2…1.6) inside it.
const (
	benchSide  = 10000
	benchCell  = 3.0 / 3600
	benchWest  = 112.5
	benchNorth = 3.8333333333333335
)

var benchBox = orb.Bound{Min: orb.Point{115.2, -1.2}, Max: orb.Point{117.7, 1.6}}

// benchRaster writes the large raster to dir (once) and returns its path.
func benchRaster(tb testing.TB, dir string) string {
	path := filepath.Join(dir, fmt.Sprintf("pop_%d_deflate_tiled.tif", benchSide))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	g := &raster.PopGrid{CRS: crs.WGS84, West: benchWest, North: benchNorth, CellX: benchCell, CellY: benchCell,
		Width: benchSide, Height: benchSide, Data: make([]float32, benchSide*benchSide)}
	rng := rand.New(rand.NewPCG(7, 8))
	// rural background: most cells empty, some with a few people
	for i := range g.Data {
		if r := rng.Uint32(); r&7 == 0 {
			g.Data[i] = float32(r>>8&63) / 4
		}
	}
	// towns: 400 Gaussian clusters
	for k := 0; k < 400; k++ {
		cx, cy := rng.Float64()*benchSide, rng.Float64()*benchSide
		sigma := 5 + rng.Float64()*40
		peak := 20 + rng.Float64()*300
		r := int(3 * sigma)
		for y := max(0, int(cy)-r); y < min(benchSide, int(cy)+r); y++ {
			for x := max(0, int(cx)-r); x < min(benchSide, int(cx)+r); x++ {
				dx, dy := (float64(x)-cx)/sigma, (float64(y)-cy)/sigma
				g.Data[y*benchSide+x] += float32(peak * math.Exp(-(dx*dx+dy*dy)/2))
			}
		}
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := raster.WritePopulationGeoTIFF(w, g, raster.PopWriteOptions{TileSize: 512, Deflate: true, NoData: -99999, HasNoData: true}); err != nil {
		tb.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// benchVillages tiles box with n jittered quadrilaterals whose sides wind
// (each side 16 vertices, shared exactly by the two neighbours).
func benchVillages(n int, box orb.Bound) []orb.Geometry {
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	dx, dy := (box.Max[0]-box.Min[0])/float64(cols), (box.Max[1]-box.Min[1])/float64(rows)
	rng := rand.New(rand.NewPCG(9, 10))
	node := make([]orb.Point, (cols+1)*(rows+1))
	for j := 0; j <= rows; j++ {
		for i := 0; i <= cols; i++ {
			p := orb.Point{box.Min[0] + float64(i)*dx, box.Min[1] + float64(j)*dy}
			if i > 0 && i < cols && j > 0 && j < rows {
				p[0] += (rng.Float64() - 0.5) * 0.4 * dx
				p[1] += (rng.Float64() - 0.5) * 0.4 * dy
			}
			node[j*(cols+1)+i] = p
		}
	}
	// side a→b with 15 inner vertices, computed in the canonical direction
	side := func(a, b orb.Point) []orb.Point {
		flip := a[0] > b[0] || (a[0] == b[0] && a[1] > b[1])
		if flip {
			a, b = b, a
		}
		pts := make([]orb.Point, 0, 16)
		nx, ny := -(b[1] - a[1]), b[0]-a[0]
		for k := 0; k < 16; k++ {
			t := float64(k) / 16
			wob := 0.08 * math.Sin(t*math.Pi*3+a[0]*977+a[1]*631) * math.Sin(t*math.Pi)
			pts = append(pts, orb.Point{a[0] + t*(b[0]-a[0]) + wob*nx, a[1] + t*(b[1]-a[1]) + wob*ny})
		}
		pts = append(pts, b)
		if flip {
			for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
				pts[i], pts[j] = pts[j], pts[i]
			}
		}
		return pts[:16] // from a, without b
	}
	out := make([]orb.Geometry, 0, n)
	for j := 0; j < rows && len(out) < n; j++ {
		for i := 0; i < cols && len(out) < n; i++ {
			c := [4]orb.Point{node[j*(cols+1)+i], node[j*(cols+1)+i+1], node[(j+1)*(cols+1)+i+1], node[(j+1)*(cols+1)+i]}
			var r orb.Ring
			for k := 0; k < 4; k++ {
				r = append(r, side(c[k], c[(k+1)%4])...)
			}
			r = append(r, r[0])
			out = append(out, orb.Polygon{r})
		}
	}
	return out
}

func benchDir(tb testing.TB) string {
	if d := os.Getenv("POPGRID_BENCH_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			tb.Fatal(err)
		}
		return d
	}
	return tb.TempDir()
}

// runLarge is the engine's part of `coverage --population`: open, read
// the window under the villages, zonal sums and 250 m demand points.
func runLarge(tb testing.TB, path string, villages []orb.Geometry, demand bool) (Summary, int) {
	p, err := raster.OpenPopulation(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer p.Close()
	box, _ := Bounds(villages)
	win, err := p.Window(box)
	if err != nil {
		tb.Fatal(err)
	}
	_, sum, err := Zonal(win, villages)
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	if demand {
		pts, err := Demand(win, DemandOptions{CellM: 250})
		if err != nil {
			tb.Fatal(err)
		}
		n = len(pts)
	}
	return sum, n
}

// runLargeBands is runLarge band by band, as `coverage --population`
// reads: zonal sums and 250 m demand points within the villages.
func runLargeBands(tb testing.TB, path string, villages []orb.Geometry) (Summary, int) {
	p, err := raster.OpenPopulation(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer p.Close()
	box, _ := Bounds(villages)
	frame, err := p.Frame(box)
	if err != nil {
		tb.Fatal(err)
	}
	a, err := NewAccumulator(frame, villages, &DemandOptions{CellM: 250, Within: villages})
	if err != nil {
		tb.Fatal(err)
	}
	if err := p.ReadBands(frame, 0, a.AddBand); err != nil {
		tb.Fatal(err)
	}
	_, sum, err := a.Zones()
	if err != nil {
		tb.Fatal(err)
	}
	pts, err := a.DemandPoints()
	if err != nil {
		tb.Fatal(err)
	}
	return sum, len(pts)
}

// BenchmarkLarge: windowed read + zonal sums for 20k villages on the
// 10,000 × 10,000 raster (the file is generated once, outside the timer;
// POPGRID_BENCH_DIR keeps it between runs).
func BenchmarkLarge(b *testing.B) {
	path := benchRaster(b, benchDir(b))
	villages := benchVillages(20000, benchBox)
	b.Run("read+zonal", func(b *testing.B) {
		for b.Loop() {
			runLarge(b, path, villages, false)
		}
	})
	b.Run("read+zonal+demand250m", func(b *testing.B) {
		for b.Loop() {
			runLarge(b, path, villages, true)
		}
	})
	b.Run("bands+zonal+demand250m-within", func(b *testing.B) {
		for b.Loop() {
			runLargeBands(b, path, villages)
		}
	})
}

// TestLargeRun is the large case run once, for timing the whole process
// from outside (POPGRID_LARGE=1; POPGRID_BENCH_DIR keeps the raster):
//
//	go test -c -o popgrid.test ./pkg/popgrid
//	POPGRID_LARGE=1 POPGRID_BENCH_DIR=/tmp/popbench ./popgrid.test -test.run TestLargeRun
func TestLargeRun(t *testing.T) {
	if os.Getenv("POPGRID_LARGE") == "" {
		t.Skip("POPGRID_LARGE=1 runs the 10,000 × 10,000 case")
	}
	path := benchRaster(t, benchDir(t))
	villages := benchVillages(20000, benchBox)
	sum, n := runLarge(t, path, villages, os.Getenv("POPGRID_DEMAND") != "")
	t.Logf("%d villages: %.0f people, outside %.4f %%, no data %.4f %%, %d demand points", len(villages), sum.Population,
		100*sum.OutsideShare, 100*sum.NoDataShare, n)
	if sum.OutsideShare > 1e-6 {
		t.Errorf("villages outside the raster: %.4f %%", 100*sum.OutsideShare)
	}
}
