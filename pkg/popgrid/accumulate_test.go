package popgrid

import (
	"bytes"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/paulmach/orb"
)

// exampleVillages is the 237 villages and a raster over them padded by
// 0.05°, so that the window under the villages starts inside the file
// (at a row that is not a multiple of the chunk height).
func exampleVillages(t testing.TB, w, h int) ([]orb.Geometry, orb.Bound, *raster.PopGrid) {
	vs := loadVillages(t)
	targets := make([]orb.Geometry, len(vs))
	for i, v := range vs {
		targets[i] = v.geom
	}
	box, _ := Bounds(targets)
	return targets, box, lonlatRaster(box.Pad(0.05), w, h, true)
}

func openPop(t testing.TB, g *raster.PopGrid, o raster.PopWriteOptions) *raster.PopRaster {
	var buf bytes.Buffer
	if err := raster.WritePopulationGeoTIFF(&buf, g, o); err != nil {
		t.Fatal(err)
	}
	p, err := raster.NewPopRaster(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "test.tif")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// banded reads the window under box band by band into an accumulator
// of zonal sums and demand points within the targets.
func banded(t testing.TB, p *raster.PopRaster, box orb.Bound, targets []orb.Geometry, bandCells int) ([]Zone, Summary, []DemandPoint, int) {
	frame, err := p.Frame(box)
	if err != nil {
		t.Fatal(err)
	}
	a, err := NewAccumulator(frame, targets, &DemandOptions{CellM: 250, Within: targets})
	if err != nil {
		t.Fatal(err)
	}
	bands := 0
	if err := p.ReadBands(frame, bandCells, func(b *raster.PopGrid) error { bands++; return a.AddBand(b) }); err != nil {
		t.Fatal(err)
	}
	zones, sum, err := a.Zones()
	if err != nil {
		t.Fatal(err)
	}
	pts, err := a.DemandPoints()
	if err != nil {
		t.Fatal(err)
	}
	return zones, sum, pts, bands
}

func relDiff(a, b float64) float64 {
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b))
}

// Band by band, in strips or tiles, bands on chunk boundaries or not,
// the sums and points are those of the whole window read at once (Zonal
// and Demand) to within the order of float summation.
func TestBandsMatchWholeWindow(t *testing.T) {
	targets, box, g := exampleVillages(t, 1500, 1700)
	cases := []struct {
		name      string
		o         raster.PopWriteOptions
		bandCells int
	}{
		{"strips of 10 rows, bands of 30", raster.PopWriteOptions{Deflate: true, NoData: -99999, HasNoData: true}, 1500 * 30},
		{"strips, one strip a band", raster.PopWriteOptions{}, 1},
		{"tiles of 256, one tile row a band", raster.PopWriteOptions{TileSize: 256, Deflate: true}, 1},
		{"tiles of 128, bands of 3 tile rows", raster.PopWriteOptions{TileSize: 128, Deflate: true}, 1500 * 128 * 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := openPop(t, g, c.o)
			win, err := p.Window(box)
			if err != nil {
				t.Fatal(err)
			}
			if win.Row0%chunkRows == 0 {
				t.Fatalf("window at row %d: want one off the chunk boundaries", win.Row0)
			}
			wz, ws, err := Zonal(win, targets)
			if err != nil {
				t.Fatal(err)
			}
			wp, err := Demand(win, DemandOptions{CellM: 250, Within: targets})
			if err != nil {
				t.Fatal(err)
			}
			bz, bs, bp, bands := banded(t, p, box, targets, c.bandCells)
			if bands < 5 {
				t.Errorf("%d bands", bands)
			}
			var worst float64
			for i := range wz {
				for _, d := range []float64{
					relDiff(wz[i].Population, bz[i].Population), relDiff(wz[i].AreaCells, bz[i].AreaCells),
					math.Abs(wz[i].OutsideCells-bz[i].OutsideCells) / wz[i].AreaCells,
					math.Abs(wz[i].NoDataCells-bz[i].NoDataCells) / wz[i].AreaCells,
				} {
					worst = math.Max(worst, d)
				}
			}
			worst = math.Max(worst, relDiff(ws.Population, bs.Population))
			if worst > 1e-9 || math.Abs(ws.NoDataShare-bs.NoDataShare) > 1e-12 || math.Abs(ws.OutsideShare-bs.OutsideShare) > 1e-12 {
				t.Errorf("zones differ by %g: whole %+v, banded %+v", worst, ws, bs)
			}
			if !(ws.NoDataShare > 0) {
				t.Errorf("no-data share %g: want the river", ws.NoDataShare)
			}
			if len(wp) != len(bp) {
				t.Fatalf("%d demand points whole, %d banded", len(wp), len(bp))
			}
			var pworst, dworst float64
			for i := range wp {
				if wp[i].Cells != bp[i].Cells {
					t.Fatalf("point %d: %d cells whole, %d banded", i, wp[i].Cells, bp[i].Cells)
				}
				pworst = math.Max(pworst, relDiff(wp[i].Population, bp[i].Population))
				dworst = math.Max(dworst, math.Max(math.Abs(wp[i].Point[0]-bp[i].Point[0]), math.Abs(wp[i].Point[1]-bp[i].Point[1])))
			}
			if pworst > 1e-9 || dworst > 1e-9 {
				t.Errorf("demand points differ by %g in people, %g° in place", pworst, dworst)
			}
			t.Logf("%d bands: %.0f people, zones within %.1g, %d points within %.1g and %.1g°", bands, bs.Population, worst, len(bp), pworst, dworst)
		})
	}
}

// The sums do not depend on the number of goroutines, nor on the run.
func TestBandsDeterministic(t *testing.T) {
	targets, box, g := exampleVillages(t, 900, 1000)
	p := openPop(t, g, raster.PopWriteOptions{TileSize: 64, Deflate: true})
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var ref string
	for _, procs := range []int{1, 2, 3, 8, 2} {
		runtime.GOMAXPROCS(procs)
		zones, sum, pts, _ := banded(t, p, box, targets, 900*100)
		got := fmt.Sprintf("%x %x %x", zones, sum, pts) // every bit of every float
		if ref == "" {
			ref = got
		} else if got != ref {
			t.Fatalf("GOMAXPROCS=%d gives other sums", procs)
		}
	}
}

// Bands must follow each other; results wait for the last.
func TestAccumulatorBandOrder(t *testing.T) {
	g := onesGrid(10, 10)
	a, err := NewAccumulator(g, []orb.Geometry{orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{9, 9}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	band := func(r0, r1 int) *raster.PopGrid {
		b := *g
		b.Row0, b.Height, b.Data = r0, r1-r0, g.Data[r0*10:r1*10]
		return &b
	}
	if err := a.AddBand(band(3, 5)); err == nil {
		t.Error("a band from row 3 accepted first")
	}
	if err := a.AddBand(band(0, 4)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Zones(); err == nil {
		t.Error("zones given after 4 of 10 rows")
	}
	if err := a.AddBand(band(4, 10)); err != nil {
		t.Fatal(err)
	}
	zones, _, err := a.Zones()
	if err != nil || math.Abs(zones[0].Population-64) > 1e-12 {
		t.Errorf("zones %+v %v, want 64 people", zones, err)
	}
}

// An accumulator over a window read in bands of rows: a 4 × 4 raster of
// 10 people a cell, a square of 2 × 2 cells and a triangle of half a
// cell, read two rows at a time.
func ExampleAccumulator() {
	g := &raster.PopGrid{CRS: crs.WGS84, West: 0, North: 4, CellX: 1, CellY: 1, Width: 4, Height: 4, Data: make([]float32, 16)}
	for i := range g.Data {
		g.Data[i] = 10
	}
	targets := []orb.Geometry{
		orb.Polygon{{{0.5, 0.5}, {2.5, 0.5}, {2.5, 2.5}, {0.5, 2.5}, {0.5, 0.5}}},
		orb.Polygon{{{3, 3}, {4, 3}, {4, 4}, {3, 3}}},
	}
	frame := *g
	frame.Data = nil
	a, err := NewAccumulator(&frame, targets, nil)
	if err != nil {
		panic(err)
	}
	for r := 0; r < 4; r += 2 {
		band := frame
		band.Row0, band.Height, band.Data = r, 2, g.Data[r*4:(r+2)*4]
		if err := a.AddBand(&band); err != nil {
			panic(err)
		}
	}
	zones, sum, _ := a.Zones()
	for _, z := range zones {
		fmt.Printf("%.1f people on %.1f cells\n", z.Population, z.AreaCells)
	}
	fmt.Printf("total %.1f\n", sum.Population)
	// Output:
	// 40.0 people on 4.0 cells
	// 5.0 people on 0.5 cells
	// total 45.0
}
