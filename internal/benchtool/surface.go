package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Println("traveltime benchmarks:", err)
	}
}
