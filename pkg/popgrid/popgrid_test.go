package popgrid

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func onesGrid(w, h int) *raster.PopGrid {
	g := &raster.PopGrid{CRS: crs.WGS84, West: 0, North: float64(h), CellX: 1, CellY: 1, Width: w, Height: h,
		Data: make([]float32, w*h)}
	for i := range g.Data {
		g.Data[i] = 1
	}
	return g
}

// On a grid of ones the population is the area in cells, whatever the
// ring orientation, with holes subtracted and parts outside counted.
func TestCoverageIsArea(t *testing.T) {
	g := onesGrid(20, 20)
	tri := orb.Polygon{{{1.3, 1.7}, {13.9, 4.2}, {6.1, 17.45}, {1.3, 1.7}}}
	triArea := math.Abs((13.9-1.3)*(17.45-1.7)-(6.1-1.3)*(4.2-1.7)) / 2
	rev := orb.Polygon{{{1.3, 1.7}, {6.1, 17.45}, {13.9, 4.2}, {1.3, 1.7}}}
	holed := orb.Polygon{{{2, 2}, {12, 2}, {12, 12}, {2, 12}, {2, 2}}, {{4.5, 4.5}, {4.5, 6.5}, {6.5, 6.5}, {6.5, 4.5}, {4.5, 4.5}}}
	half := orb.Polygon{{{-5, 3.25}, {8.5, 3.25}, {8.5, 9}, {-5, 9}, {-5, 3.25}}}
	multi := orb.MultiPolygon{tri, {{{15, 15}, {19.5, 15}, {19.5, 19.5}, {15, 15}}}}
	cases := []struct {
		name         string
		g            orb.Geometry
		pop, outside float64
	}{
		{"triangle", tri, triArea, 0},
		{"reversed", rev, triArea, 0},
		{"hole", holed, 100 - 4, 0},
		{"half outside", half, 8.5 * 5.75, 5 * 5.75},
		{"multi", multi, triArea + 4.5*4.5/2, 0},
		{"cell", orb.Polygon{{{3, 3}, {4, 3}, {4, 4}, {3, 4}, {3, 3}}}, 1, 0},
	}
	var targets []orb.Geometry
	for _, c := range cases {
		targets = append(targets, c.g)
	}
	zones, _, err := Zonal(g, targets)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		z := zones[i]
		if math.Abs(z.Population-c.pop) > 1e-9 || math.Abs(z.OutsideCells-c.outside) > 1e-9 {
			t.Errorf("%s: population %.12g outside %.12g, want %.12g and %.12g", c.name, z.Population, z.OutsideCells, c.pop, c.outside)
		}
	}
	// Cell by cell, a triangle's fractions match a fine sampling.
	s, _ := toGrid(g, tri)
	var sw sweeper
	sw.cover(&s, g.Width, g.Height, func(c, r int, f float64) {
		if f < 0 || f > 1 {
			t.Errorf("cell %d,%d fraction %g", c, r, f)
		}
	})
}

type village struct {
	name string
	geom orb.Geometry
}

func loadVillages(t testing.TB) []village {
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "rpjmd", "desa_ilustratif.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	var out []village
	for _, f := range fc.Features {
		name, _ := f.Properties["nama"].(string)
		out = append(out, village{name, f.Geometry})
	}
	return out
}

// density is people per km² at lon, lat: towns along the Mahakam, a few
// dense clusters and a thin rural background.
func density(lon, lat float64) float64 {
	d := 3.0
	for _, c := range [][4]float64{
		{117.0, -0.42, 0.05, 4000}, {116.98, -0.45, 0.02, 9000}, {117.15, -0.5, 0.04, 3000},
		{116.6, -0.1, 0.08, 800}, {116.2, -0.5, 0.1, 500}, {117.4, 0.3, 0.06, 1200},
		{116.9, -0.9, 0.05, 2000}, {115.8, 0.9, 0.15, 150},
	} {
		dx, dy := (lon-c[0])/c[2], (lat-c[1])/c[2]
		d += c[3] * math.Exp(-(dx*dx+dy*dy)/2)
	}
	return d * (1 + 0.5*math.Sin(lon*90)*math.Cos(lat*70))
}

// cellAreaKm2 is the area of a lon/lat cell on the mean-radius sphere.
func cellAreaKm2(west, north, dx, dy float64) float64 {
	const r = earthRadiusM / 1000
	rad := math.Pi / 180
	return r * r * dx * rad * (math.Sin(north*rad) - math.Sin((north-dy)*rad))
}

func writeRead(t testing.TB, g *raster.PopGrid, o raster.PopWriteOptions, box orb.Bound) *raster.PopGrid {
	var buf bytes.Buffer
	if err := raster.WritePopulationGeoTIFF(&buf, g, o); err != nil {
		t.Fatal(err)
	}
	p, err := raster.NewPopRaster(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "test.tif")
	if err != nil {
		t.Fatal(err)
	}
	w, err := p.Window(box)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// lonlatRaster is the population of density on a w×h EPSG:4326 grid over
// box, with a no-data band (a river) across it when river is set.
func lonlatRaster(box orb.Bound, w, h int, river bool) *raster.PopGrid {
	dx, dy := (box.Max[0]-box.Min[0])/float64(w), (box.Max[1]-box.Min[1])/float64(h)
	g := &raster.PopGrid{CRS: crs.WGS84, West: box.Min[0], North: box.Max[1], CellX: dx, CellY: dy, Width: w, Height: h,
		Data: make([]float32, w*h)}
	for j := 0; j < h; j++ {
		north := g.North - float64(j)*dy
		a := cellAreaKm2(0, north, dx, dy)
		for i := 0; i < w; i++ {
			p := g.CellCentre(i, j)
			if river && math.Abs(p[1]+0.3+0.2*math.Sin(p[0]*3)) < 0.002 {
				g.Data[j*w+i] = float32(math.NaN())
				continue
			}
			g.Data[j*w+i] = float32(density(p[0], p[1]) * a)
		}
	}
	return g
}

// bruteForce samples every cell n×n times and counts the samples inside
// g by the even-odd rule on horizontal scan lines (point in polygon, the
// crossings of each sample row found once).
func bruteForce(win *raster.PopGrid, g orb.Geometry, n int) float64 {
	var rings []orb.Ring
	switch t := g.(type) {
	case orb.Polygon:
		rings = t
	case orb.MultiPolygon:
		for _, p := range t {
			rings = append(rings, p...)
		}
	}
	b := g.Bound()
	c0 := max(0, int(math.Floor((b.Min[0]-win.West)/win.CellX)))
	c1 := min(win.Width, int(math.Ceil((b.Max[0]-win.West)/win.CellX)))
	r0 := max(0, int(math.Floor((win.North-b.Max[1])/win.CellY)))
	r1 := min(win.Height, int(math.Ceil((win.North-b.Min[1])/win.CellY)))
	var sum float64
	var xs []float64
	for r := r0; r < r1; r++ {
		for sy := 0; sy < n; sy++ {
			y := win.North - (float64(r)+(float64(sy)+0.5)/float64(n))*win.CellY
			xs = xs[:0]
			for _, rg := range rings {
				for i := 1; i < len(rg); i++ {
					a, c := rg[i-1], rg[i]
					if (a[1] > y) != (c[1] > y) {
						xs = append(xs, a[0]+(y-a[1])*(c[0]-a[0])/(c[1]-a[1]))
					}
				}
			}
			sort.Float64s(xs)
			for k := 0; k+1 < len(xs); k += 2 {
				// samples x = West + (c + (sx+0.5)/n)·CellX in [xs[k], xs[k+1])
				lo := int(math.Ceil(((xs[k]-win.West)/win.CellX)*float64(n) - 0.5))
				hi := int(math.Ceil(((xs[k+1]-win.West)/win.CellX)*float64(n) - 0.5))
				lo, hi = max(lo, c0*n), min(hi, c1*n)
				for s := lo; s < hi; s++ {
					v := win.Data[r*win.Width+s/n]
					if v == v {
						sum += float64(v)
					}
				}
			}
		}
	}
	return sum / float64(n*n)
}

func TestVillagesAgainstBruteForce(t *testing.T) {
	vs := loadVillages(t)
	if len(vs) != 237 {
		t.Fatalf("%d villages, want 237", len(vs))
	}
	targets := make([]orb.Geometry, len(vs))
	for i, v := range vs {
		targets[i] = v.geom
	}
	box, _ := Bounds(targets)
	box.Min[0] -= 0.01
	box.Min[1] -= 0.01
	box.Max[0] += 0.01
	box.Max[1] += 0.01
	g := lonlatRaster(box, 2000, 2000, true)
	win := writeRead(t, g, raster.PopWriteOptions{TileSize: 256, Deflate: true, NoData: -99999, HasNoData: true}, box)
	if win.Width != 2000 || win.Height != 2000 {
		t.Fatalf("window %d×%d", win.Width, win.Height)
	}
	zones, sum, err := Zonal(win, targets)
	if err != nil {
		t.Fatal(err)
	}
	var worst, total, refTotal float64
	worstName := ""
	for i, v := range vs {
		ref := bruteForce(win, v.geom, 10)
		total += zones[i].Population
		refTotal += ref
		e := math.Abs(zones[i].Population-ref) / ref
		if e > worst {
			worst, worstName = e, v.name
		}
		if e > 0.005 {
			t.Errorf("%s: %.1f people, brute force %.1f (%.3f %%)", v.name, zones[i].Population, ref, 100*e)
		}
	}
	te := math.Abs(total-refTotal) / refTotal
	t.Logf("237 villages, 2000×2000 cells: total %.0f, brute force %.0f (%.4f %%); worst village %s %.4f %%; outside %.4f %%, no data %.4f %%",
		total, refTotal, 100*te, worstName, 100*worst, 100*sum.OutsideShare, 100*sum.NoDataShare)
	if te > 0.001 {
		t.Errorf("total off by %.4f %%", 100*te)
	}
	if sum.OutsideShare > 1e-9 || !(sum.NoDataShare > 0) {
		t.Errorf("outside share %g, no-data share %g", sum.OutsideShare, sum.NoDataShare)
	}
	// Demand points keep the people inside the villages.
	pts, err := Demand(win, DemandOptions{CellM: 250, Within: targets})
	if err != nil {
		t.Fatal(err)
	}
	var dsum float64
	for _, p := range pts {
		dsum += p.Population
	}
	if math.Abs(dsum-total)/total > 0.001 {
		t.Errorf("demand points hold %.0f people, zones %.0f", dsum, total)
	}
	t.Logf("%d demand points of 250 m", len(pts))
}

// The same population as EPSG:4326 and in a projected CRS gives the same
// regency total.
func TestProjectedMatchesLonLat(t *testing.T) {
	vs := loadVillages(t)
	targets := make([]orb.Geometry, len(vs))
	for i, v := range vs {
		targets[i] = v.geom
	}
	box, _ := Bounds(targets)
	box = box.Pad(0.02)
	ll := lonlatRaster(box, 2000, 2000, false)
	win := writeRead(t, ll, raster.PopWriteOptions{TileSize: 256, Deflate: true}, box)
	_, ref, err := Zonal(win, targets)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"EPSG:32750", "ESRI:54009"}
	for _, name := range names {
		c, err := crs.Parse(name)
		if err != nil {
			t.Logf("%s: not available in pkg/crs (%v); skipped", name, err)
			continue
		}
		t.Run(name, func(t *testing.T) {
			// The box's extent in the CRS, 150 m cells.
			xy := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
			for k := 0; k <= 40; k++ {
				f := float64(k) / 40
				for _, q := range []orb.Point{{box.Min[0] + f*(box.Max[0]-box.Min[0]), box.Min[1]}, {box.Min[0] + f*(box.Max[0]-box.Min[0]), box.Max[1]},
					{box.Min[0], box.Min[1] + f*(box.Max[1]-box.Min[1])}, {box.Max[0], box.Min[1] + f*(box.Max[1]-box.Min[1])}} {
					x, y := c.FromLonLat(q[0], q[1])
					xy = xy.Extend(orb.Point{x, y})
				}
			}
			const cell = 150.0
			w, h := int(math.Ceil((xy.Max[0]-xy.Min[0])/cell)), int(math.Ceil((xy.Max[1]-xy.Min[1])/cell))
			g := &raster.PopGrid{CRS: c, West: xy.Min[0], North: xy.Max[1], CellX: cell, CellY: cell, Width: w, Height: h,
				Data: make([]float32, w*h)}
			// cell corners in lon/lat, row by row
			corners := make([]orb.Point, (w+1)*(h+1))
			for j := 0; j <= h; j++ {
				for i := 0; i <= w; i++ {
					lon, lat := c.ToLonLat(g.West+float64(i)*cell, g.North-float64(j)*cell)
					corners[j*(w+1)+i] = orb.Point{lon, lat}
				}
			}
			for j := 0; j < h; j++ {
				for i := 0; i < w; i++ {
					a, b, d := corners[(j+1)*(w+1)+i], corners[(j+1)*(w+1)+i+1], corners[j*(w+1)+i]
					e := corners[j*(w+1)+i+1]
					p := orb.Point{(a[0] + b[0] + d[0] + e[0]) / 4, (a[1] + b[1] + d[1] + e[1]) / 4}
					g.Data[j*w+i] = float32(density(p[0], p[1]) * groundAreaKm2(a, b, d))
				}
			}
			pw := writeRead(t, g, raster.PopWriteOptions{TileSize: 512, Deflate: true}, box)
			if !pw.CRS.Equal(c) {
				t.Fatalf("read back in %s, wrote %s", pw.CRS, c)
			}
			_, s, err := Zonal(pw, targets)
			if err != nil {
				t.Fatal(err)
			}
			e := math.Abs(s.Population-ref.Population) / ref.Population
			t.Logf("%s: regency total %.2f, EPSG:4326 %.2f (%.5f %%)", name, s.Population, ref.Population, 100*e)
			if e > 0.005 {
				t.Errorf("%s total %.0f vs EPSG:4326 %.0f: %.3f %%", name, s.Population, ref.Population, 100*e)
			}
		})
	}
}

// groundAreaKm2 is the area on the sphere of a projected cell whose
// south-west, south-east and north-west corners are a, b and d in
// lon/lat: the parallelogram of its edge vectors, the plane's area
// divided by the squared scale at the cell.
func groundAreaKm2(a, b, d orb.Point) float64 {
	rad := math.Pi / 180
	const r = earthRadiusM / 1000
	cl := math.Cos((a[1] + d[1]) / 2 * rad)
	ex, ey := (b[0]-a[0])*rad*cl*r, (b[1]-a[1])*rad*r
	fx, fy := (d[0]-a[0])*rad*cl*r, (d[1]-a[1])*rad*r
	return math.Abs(ex*fy - ey*fx)
}

func TestEmptyAndErrors(t *testing.T) {
	g := onesGrid(4, 4)
	if _, _, err := Zonal(g, []orb.Geometry{orb.LineString{{0, 0}, {1, 1}}}); err == nil {
		t.Error("a line is not a target")
	}
	zs, s, err := Zonal(g, []orb.Geometry{orb.Polygon{{{10, 10}, {12, 10}, {12, 12}, {10, 10}}}})
	if err != nil || zs[0].Population != 0 || s.OutsideShare != 1 {
		t.Errorf("outside target: %+v %+v %v", zs, s, err)
	}
}

func TestDemandPoints(t *testing.T) {
	utm, _ := crs.Parse("EPSG:32750")
	for _, g := range []*raster.PopGrid{
		{CRS: crs.WGS84, West: 116.5, North: -0.4, CellX: 0.0009, CellY: 0.0009, Width: 40, Height: 30},
		{CRS: utm, West: 500000, North: 9950000, CellX: 100, CellY: 100, Width: 40, Height: 30},
	} {
		g.Data = make([]float32, g.Width*g.Height)
		g.Data[5*g.Width+7] = 10
		g.Data[5*g.Width+8] = 30
		g.Data[20*g.Width+30] = float32(math.NaN())
		g.Data[25*g.Width+35] = 4
		pts, err := Demand(g, DemandOptions{CellM: 250})
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, p := range pts {
			sum += p.Population
		}
		if sum != 44 || len(pts) < 2 || len(pts) > 3 {
			t.Fatalf("%s: %+v", g.CRS, pts)
		}
		// the lone cell sits at its own centre
		last := pts[len(pts)-1]
		want := g.ToLonLat(g.CellCentre(35, 25))
		if last.Population != 4 || math.Abs(last.Point[0]-want[0]) > 1e-9 || math.Abs(last.Point[1]-want[1]) > 1e-9 {
			t.Errorf("%s: last point %+v, want 4 people at %v", g.CRS, last, want)
		}
		// weighted centroid of two neighbours in one demand cell
		if pts[0].Cells == 2 {
			a, b := g.ToLonLat(g.CellCentre(7, 5)), g.ToLonLat(g.CellCentre(8, 5))
			c := orb.Point{(a[0] + 3*b[0]) / 4, (a[1] + 3*b[1]) / 4}
			if math.Abs(pts[0].Point[0]-c[0]) > 1e-7 || math.Abs(pts[0].Point[1]-c[1]) > 1e-7 {
				t.Errorf("%s: centroid %v, want %v", g.CRS, pts[0].Point, c)
			}
		}
		within, err := Demand(g, DemandOptions{CellM: 250, Within: []orb.Geometry{orb.Bound{Min: g.ToLonLat(g.CellCentre(30, 29)), Max: g.ToLonLat(g.CellCentre(39, 20))}}})
		if err != nil || len(within) != 1 || math.Abs(within[0].Population-4) > 1e-3 {
			t.Errorf("%s: within %+v %v", g.CRS, within, err)
		}
	}
	if _, err := Demand(onesGrid(2, 2), DemandOptions{CellM: -1}); err == nil {
		t.Error("negative cell accepted")
	}
}
