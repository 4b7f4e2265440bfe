package main

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kukarcli/kukarcli/pkg/raster"
)

// genDEM writes a synthetic 3″ (about 90 m) GeoTIFF DEM over the box:
// rolling hills of 100–400 m with a few ridges, so profiles have
// obstacles.
func genDEM(path string, west, south, east, north float64) error {
	cell := 3.0 / 3600
	w := int(math.Ceil((east - west) / cell))
	h := int(math.Ceil((north - south) / cell))
	g := raster.NewGrid("synthetic", west, north, cell, cell, w, h)
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			p := g.CellCentre(i, j)
			z := 150 + 80*math.Sin(p[0]*40)*math.Cos(p[1]*35) + 60*math.Sin(p[0]*130+p[1]*90)
			if r := math.Mod(p[0]*20, 1); r > 0.48 && r < 0.52 {
				z += 150 // a ridge every 0.05°
			}
			g.Data[j*w+i] = float32(z)
		}
	}
	return writeAtomic(path, func(w *bufio.Writer) error { return raster.WriteGeoTIFF(w, g) })
}

// runTerrain is run, also printing the process's CPU time and the load
// average it started under: on a shared machine the wall time alone says
// little about the engine.
func runTerrain(name string, args ...string) (result, error) {
	load := "unknown"
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			load = f[0]
		}
	}
	cmd := exec.Command(name, args...)
	var errb strings.Builder
	cmd.Stderr = &errb
	start := time.Now()
	err := cmd.Run()
	r := result{wall: time.Since(start), stderr: errb.String()}
	if ps := cmd.ProcessState; ps != nil {
		r.peakKB = peakKB(ps)
		fmt.Printf("  cpu %.1f s user, %.1f s system; load average %s at start\n",
			ps.UserTime().Seconds(), ps.SystemTime().Seconds(), load)
	}
	return r, err
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }

func box(west, south, east, north float64) string {
	return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%v,%v],[%v,%v],[%v,%v],[%v,%v],[%v,%v]]]}`,
		west, south, east, south, east, north, west, north, west, south)
}

// benchTerrain: one site, 30 km, 90 m cells, ITM raster (target under
// 5 s); 200 sites over the regency at 100 m, 30 km each (target under
// 30 s on 2 cores); and plan on the example's 237 villages sampled at
// 250 m with its 219 sites, itm, -k 10 (target under 60 s on 2 cores).
func benchTerrain(bin, dir string) {
	cx, cy := 116.9, -0.4
	dem1 := filepath.Join(dir, "dem_site.tif")
	if _, err := os.Stat(dem1); err != nil {
		if err := genDEM(dem1, cx-0.32, cy-0.32, cx+0.32, cy+0.32); err != nil {
			fail(err)
		}
	}
	s1 := filepath.Join(dir, "site_one.csv")
	a1 := filepath.Join(dir, "area_site.geojson")
	writeFile(s1, fmt.Sprintf("id,tech,lon,lat,height_m\nS1,4G,%v,%v,40\n", cx, cy))
	writeFile(a1, box(cx-0.27, cy-0.27, cx+0.27, cy+0.27))
	name := "raster 1 site, 30 km, 90 m cells, itm"
	fmt.Printf("\n%s (DEM %s)\n", name, mb(size(dem1)))
	out := filepath.Join(dir, "k_raster_one.tif")
	os.Remove(out)
	res, err := runTerrain(bin, "coverage", "-q", "--model", "itm", "--dem", dem1, "--sites", s1, "--area", a1,
		"--raster", out, "--cell", "90m", "--raster-radius", "30km")
	reportSize(name, "kukarcli", size(dem1), 1, res, err)

	demR := filepath.Join(dir, "dem_regency.tif")
	if _, err := os.Stat(demR); err != nil {
		if err := genDEM(demR, minLon, minLat, maxLon, maxLat); err != nil {
			fail(err)
		}
	}
	sR := filepath.Join(dir, "sites_200.csv")
	aR := filepath.Join(dir, "area_regency.geojson")
	r := rand.New(rand.NewPCG(41, 42))
	var sb []byte
	sb = append(sb, "id,tech,lon,lat,height_m\n"...)
	for i := 0; i < 200; i++ {
		sb = fmt.Appendf(sb, "R%03d,4G,%.6f,%.6f,40\n", i, minLon+0.1+r.Float64()*(maxLon-minLon-0.2), minLat+0.1+r.Float64()*(maxLat-minLat-0.2))
	}
	os.WriteFile(sR, sb, 0o644)
	writeFile(aR, box(minLon+0.05, minLat+0.05, maxLon-0.05, maxLat-0.05))
	name = "raster 200 sites, regency, 100 m, itm, 30 km"
	fmt.Printf("\n%s (DEM %s)\n", name, mb(size(demR)))
	out = filepath.Join(dir, "k_raster_regency.tif")
	os.Remove(out)
	res, err = runTerrain(bin, "coverage", "-q", "--model", "itm", "--dem", demR, "--sites", sR, "--area", aR,
		"--raster", out, "--cell", "100m", "--raster-radius", "30km")
	reportSize(name, "kukarcli", size(demR), 200, res, err)

	// The example's villages reach 1.53° N and its sites 115.65° E: a DEM
	// of its own.
	demP := filepath.Join(dir, "dem_example.tif")
	if _, err := os.Stat(demP); err != nil {
		if err := genDEM(demP, 115.1, -1.3, 117.8, 1.7); err != nil {
			fail(err)
		}
	}
	name = "plan example, itm, 250 m samples, -k 10"
	fmt.Printf("\n%s (DEM %s)\n", name, mb(size(demP)))
	out = filepath.Join(dir, "k_plan_example.csv")
	os.Remove(out)
	res, err = runTerrain(bin, "plan", "--example", "-q", "--model", "itm", "--dem", demP, "--sample", "250m",
		"-k", "10", "-o", out)
	reportSize(name, "kukarcli", size(demP), 237, res, err)
}
