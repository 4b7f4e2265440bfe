package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/raster"
)

// The population raster of benchPopulation: 10,000 × 10,000 cells of 1″
// (about 31 m, HRSL's resolution) whose extent holds Kukar's, Deflate in
// 512-cell tiles, float32 with WorldPop's no-data value.
const (
	popSide  = 10_000
	popCell  = 1.0 / 3600
	popWest  = 115.3
	popNorth = 1.2
)

// benchPopulation: `coverage --population` on the 10,000 × 10,000 raster,
// 20k village polygons tiling its extent and 3k sites (the target
// is under 5 s and 500 MB of peak memory).
func benchPopulation(bin, dir string) {
	const villages, sites = 20_000, 3_000
	rp := filepath.Join(dir, fmt.Sprintf("population_%d_deflate_tiled.tif", popSide))
	vp := filepath.Join(dir, fmt.Sprintf("village_polygons_%d.geojson", villages))
	sp := filepath.Join(dir, fmt.Sprintf("sites_%d.csv", sites))
	if _, err := os.Stat(rp); err != nil {
		if err := genPopulationApart(rp); err != nil {
			fail(err)
		}
	}
	for _, e := range []error{
		ensure(vp, func(w *bufio.Writer) { genVillagePolygons(w, 160, 125) }),
		ensure(sp, func(w *bufio.Writer) { genSites(w, sites, 22) }),
	} {
		if e != nil {
			fail(e)
		}
	}
	in := size(rp) + size(vp) + size(sp)
	name := "coverage --population 10k×10k, 20k polygons"
	fmt.Printf("\n%s, 3k sites (raster %s, villages %s; target under 5 s and 500 MB)\n", name, mb(size(rp)), mb(size(vp)))
	out := filepath.Join(dir, "k_coverage_population.csv")
	os.Remove(out)
	res, err := run(bin, "coverage", "-q", "--sites", sp, "--targets", vp, "--population", rp, "-o", out)
	reportSize(name, "kukarcli", in, villages, res, err)
}

// genPopulationEnv names the raster a benchtool process started by
// genPopulationApart writes before it exits.
const genPopulationEnv = "KUKARCLI_BENCH_POPULATION_RASTER"

func init() {
	if path := os.Getenv(genPopulationEnv); path != "" {
		if err := genPopulation(path); err != nil {
			fail(err)
		}
		os.Exit(0)
	}
}

// genPopulationApart runs genPopulation in a process of its own: Linux
// carries a process's peak resident set into the children it starts, so
// the generator's 800 MB would otherwise be reported as the peak of every
// run that follows.
func genPopulationApart(path string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), genPopulationEnv+"="+path)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("generating %s: %w", path, err)
	}
	return nil
}

// genPopulation writes the raster: a thin rural population on most
// cells, none on about a third (forest and water, by a smooth pattern),
// and 300 towns as Gaussian clusters. Values are rounded to 1/1000 of a
// person, as population grids are stored, which keeps Deflate effective.
// The grid is held whole and its tiles are compressed in memory by
// raster.WritePopulationGeoTIFF: the generator peaks near 800 MB.
func genPopulation(path string) error {
	g := &raster.PopGrid{CRS: crs.WGS84, West: popWest, North: popNorth, CellX: popCell, CellY: popCell,
		Width: popSide, Height: popSide, Data: make([]float32, popSide*popSide)}
	fx1, fx2 := make([]float64, popSide), make([]float64, popSide)
	for i := range fx1 {
		x := float64(i) / popSide
		fx1[i], fx2[i] = math.Sin(x*37), math.Cos(x*23+1)
	}
	r := rand.New(rand.NewPCG(51, 52))
	for j := 0; j < popSide; j++ {
		y := float64(j) / popSide
		gy1, gy2 := math.Cos(y*29), math.Sin(y*41+2)
		row := g.Data[j*popSide : (j+1)*popSide]
		for i := range row {
			if fx1[i]*gy1+0.6*fx2[i]*gy2 < -0.35 {
				continue // nobody lives here
			}
			row[i] = float32(r.IntN(20)+1) / 1000
		}
	}
	for k := 0; k < 300; k++ {
		cx, cy := r.Float64()*popSide, r.Float64()*popSide
		sigma := 10 + r.Float64()*70
		peak := 2 + r.Float64()*40
		rad := int(3 * sigma)
		for y := max(0, int(cy)-rad); y < min(popSide, int(cy)+rad); y++ {
			dy := (float64(y) - cy) / sigma
			for x := max(0, int(cx)-rad); x < min(popSide, int(cx)+rad); x++ {
				dx := (float64(x) - cx) / sigma
				v := float64(g.Data[y*popSide+x]) + peak*math.Exp(-(dx*dx+dy*dy)/2)
				g.Data[y*popSide+x] = float32(math.Round(v*1000) / 1000)
			}
		}
	}
	return writeAtomic(path, func(w *bufio.Writer) error {
		return raster.WritePopulationGeoTIFF(w, g, raster.PopWriteOptions{TileSize: 512, Deflate: true, NoData: -99999, HasNoData: true})
	})
}

// genVillagePolygons tiles the raster's extent (less a margin of a few
// cells) with cols × rows village polygons: jittered quadrilaterals whose
// sides wind through 5 inner vertices shared exactly with the neighbour,
// 24-vertex rings as genPolygons writes, every tenth with a hole.
func genVillagePolygons(w *bufio.Writer, cols, rows int) {
	r := rand.New(rand.NewPCG(53, 54))
	margin := 5 * popCell
	west, north := popWest+margin, popNorth-margin
	span := popSide*popCell - 2*margin
	dx, dy := span/float64(cols), span/float64(rows)
	node := make([][2]float64, (cols+1)*(rows+1))
	for j := 0; j <= rows; j++ {
		for i := 0; i <= cols; i++ {
			p := [2]float64{west + float64(i)*dx, north - float64(j)*dy}
			if i > 0 && i < cols && j > 0 && j < rows {
				p[0] += (r.Float64() - 0.5) * 0.4 * dx
				p[1] += (r.Float64() - 0.5) * 0.4 * dy
			}
			node[j*(cols+1)+i] = p
		}
	}
	// side a→b without b: 6 vertices, the wobble computed in a canonical
	// direction so both neighbours get the same points
	side := func(a, b [2]float64) [][2]float64 {
		flip := a[0] > b[0] || (a[0] == b[0] && a[1] > b[1])
		if flip {
			a, b = b, a
		}
		nx, ny := -(b[1] - a[1]), b[0]-a[0]
		pts := make([][2]float64, 0, 7)
		for k := 0; k <= 6; k++ {
			t := float64(k) / 6
			wob := 0.06 * sin(t*math.Pi*2+a[0]*977+a[1]*631) * sin(t*math.Pi)
			pts = append(pts, [2]float64{a[0] + t*(b[0]-a[0]) + wob*nx, a[1] + t*(b[1]-a[1]) + wob*ny})
		}
		if flip {
			for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
				pts[i], pts[j] = pts[j], pts[i]
			}
		}
		return pts[:6]
	}
	coords := func(pts [][2]float64) string {
		var b strings.Builder
		b.WriteByte('[')
		for k, p := range pts {
			if k > 0 {
				b.WriteByte(',')
			}
			b.WriteString("[" + strconv.FormatFloat(p[0], 'f', 7, 64) + "," + strconv.FormatFloat(p[1], 'f', 7, 64) + "]")
		}
		b.WriteByte(']')
		return b.String()
	}
	w.WriteString(`{"type":"FeatureCollection","name":"villages","features":[` + "\n")
	n := 0
	for j := 0; j < rows; j++ {
		for i := 0; i < cols; i++ {
			c := [4][2]float64{node[j*(cols+1)+i], node[j*(cols+1)+i+1], node[(j+1)*(cols+1)+i+1], node[(j+1)*(cols+1)+i]}
			var ring [][2]float64
			for k := 0; k < 4; k++ {
				ring = append(ring, side(c[k], c[(k+1)%4])...)
			}
			ring = append(ring, ring[0])
			rings := coords(ring)
			if n%10 == 0 {
				cx, cy := (c[0][0]+c[2][0])/2, (c[0][1]+c[2][1])/2
				hole := make([][2]float64, 0, 9)
				for k := 0; k <= 8; k++ {
					a := 2 * math.Pi * float64(k%8) / 8
					hole = append(hole, [2]float64{cx + 0.1*dx*cos(a), cy + 0.1*dy*sin(a)})
				}
				rings += "," + coords(hole)
			}
			if n > 0 {
				w.WriteString(",\n")
			}
			fmt.Fprintf(w, `{"type":"Feature","properties":{"id":"D%05d","nama":"Desa %d","kecamatan":"%s"},"geometry":{"type":"Polygon","coordinates":[%s]}}`,
				n, n, kecamatan[n%len(kecamatan)], rings)
			n++
		}
	}
	w.WriteString("\n]}\n")
}
