package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// benchSurface: the travel-time surface of access --raster, end to end,
// over about 4000 × 4000 cells (41 m over the generated road grid of 300k
// vertices, its 20k villages and 20 facilities). GRASS takes no network,
// so the comparison with r.cost -k and r.walk -k runs on the engine, on
// one 4000 × 4000 grid and 20 start cells for both, in the Go benchmarks
// (pkg/traveltime: BenchmarkSurface4000, BenchmarkGRASS4000), run here
// when go and grass are present.
func benchSurface(bin, dir string) {
	const vertices, villages = 300_000, 20_000
	rp, vp, fp := accessFiles(dir, vertices, villages)
	in := size(rp) + size(vp) + size(fp)
	name := "surface 300k vertices, ~4000² cells of 41 m"
	fmt.Printf("\n%s, 20 facilities (%s in)\n", name, mb(in))
	out := filepath.Join(dir, "k_surface.tif")
	os.Remove(out)
	res, err := run(bin, "access", "-q", "--roads", rp, "--targets", vp, "--facilities", fp, "--raster", out, "--cell", "41m",
		"--isochrones", "30,60,120", "--indicators", filepath.Join(dir, "k_surface_ind.csv"), "--overwrite",
		"-o", filepath.Join(dir, "k_surface_access.csv"))
	reportSize(name, "kukarcli", in, villages, res, err)
	if _, err := exec.LookPath("go"); err != nil {
		return
	}
	pattern := "Surface4000$"
	if _, err := exec.LookPath("grass"); err == nil {
		pattern = "Surface4000$|GRASS4000"
	} else {
		fmt.Println("grass not found: install grass-core to compare with r.cost and r.walk")
	}
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", pattern, "-benchtime", "1x", "./pkg/traveltime")
	var printed strings.Builder
	cmd.Stdout, cmd.Stderr = io.MultiWriter(os.Stdout, &printed), os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Println("traveltime benchmarks:", err)
		return
	}
	printGRASSRatios(printed.String())
}

// printGRASSRatios prints, from the output of the traveltime benchmarks,
// how many times faster than GRASS each engine case ran: the cells-only
// cases against the module doing the same job (r.cost -k without a DEM,
// r.walk -k with Langmuir's model on one), and the cases with the
// network, a larger job than GRASS's, against the same modules. The
// Tobler case has no GRASS counterpart.
func printGRASSRatios(out string) {
	secs := map[string]float64{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := strings.TrimPrefix(f[0], "BenchmarkSurface4000/")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i]
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				secs[name] = v / 1e9
			case "rcost-s", "rwalk-s":
				secs[f[i+1]] = v
			}
		}
	}
	for _, c := range []struct{ engine, grass, label string }{
		{"grid", "rcost-s", "r.cost -k"},
		{"grid_langmuir", "rwalk-s", "r.walk -k"},
		{"network", "rcost-s", "r.cost -k (no network)"},
		{"network_langmuir", "rwalk-s", "r.walk -k (no network)"},
	} {
		e, g := secs[c.engine], secs[c.grass]
		if e > 0 && g > 0 {
			fmt.Printf("surface 4000² %-15s %6.2f s against %-24s %6.2f s: %4.1f× faster (target ≥ 5×)\n", c.engine, e, c.label, g, g/e)
		}
	}
}
