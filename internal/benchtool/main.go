// Command benchtool is `make bench`: it generates data of stated size,
// runs kukarcli end to end on it and prints wall time, throughput and peak
// memory, next to ogr2ogr on the same files when GDAL is installed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	bin := flag.String("bin", "bin/kukarcli", "kukarcli binary")
	dir := flag.String("dir", os.TempDir()+"/kukarcli-bench", "working folder for generated data")
	points := flag.Int("points", 1_000_000, "generated points for the conversion benchmark")
	polygons := flag.Int("polygons", 100_000, "generated polygons for the conversion benchmark")
	only := flag.String("only", "convert,coverage,access,rank,plan,terrain,calibrate,population,surface", "benchmarks to run")
	peersDir := flag.String("peers", "bench/peers", "folder of the peer scripts (GeoPandas, PostGIS, networkx, pgRouting)")
	ogr := flag.String("ogr2ogr", "ogr2ogr", "ogr2ogr to compare with (skipped when not found)")
	generate := flag.Bool("generate", false, "only write the generated inputs (for scripts/golden.sh): -points points, -polygons polygons, 20k settlements, 3k sites, roads of 300k vertices with 20k villages and their facilities, and a DEM with one site")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail(err)
	}
	if *generate {
		generateInputs(*dir, *points, *polygons)
		return
	}
	bin2, _ := filepath.Abs(*bin)
	peers, _ := filepath.Abs(*peersDir)
	fmt.Printf("kukarcli end-to-end benchmarks on generated data (%d CPU)\n", numCPU())
	fmt.Printf("%-44s %-10s %9s %9s %13s %10s %9s\n", "case", "tool", "wall s", "MB/s", "features/s", "peak MB", "peak/in")
	for _, b := range strings.Split(*only, ",") {
		switch b {
		case "convert":
			benchConvert(bin2, *dir, *points, *polygons, *ogr)
		case "coverage":
			benchCoverage(bin2, *dir, peers)
		case "access":
			benchAccess(bin2, *dir, peers)
		case "rank":
			benchRank(bin2, *dir)
		case "plan":
			benchPlan(bin2, *dir)
		case "terrain":
			benchTerrain(bin2, *dir)
		case "calibrate":
			benchCalibrate(bin2, *dir)
		case "surface":
			benchSurface(bin2, *dir)
		case "population":
			benchPopulation(bin2, *dir)
		}
	}
}

func benchConvert(bin, dir string, points, polygons int, ogr string) {
	ptsPath := filepath.Join(dir, fmt.Sprintf("points_%d.geojson", points))
	polyPath := filepath.Join(dir, fmt.Sprintf("polygons_%d.geojson", polygons))
	if err := ensure(ptsPath, func(w *bufio.Writer) { genPoints(w, points) }); err != nil {
		fail(err)
	}
	if err := ensure(polyPath, func(w *bufio.Writer) { genPolygons(w, polygons) }); err != nil {
		fail(err)
	}
	fmt.Printf("\nconversion: %s (%d points, %s), %s (%d polygons, %s)\n", filepath.Base(ptsPath), points, mb(size(ptsPath)),
		filepath.Base(polyPath), polygons, mb(size(polyPath)))
	ogrPath, ogrErr := exec.LookPath(ogr)
	type job struct {
		name, in, out string
		n             int
		ogrFormat     string
	}
	jobs := []job{
		{"points GeoJSON → GeoJSONSeq", ptsPath, "points.geojsons", points, "GeoJSONSeq"},
		{"points GeoJSON → shapefile", ptsPath, "points.shp", points, "ESRI Shapefile"},
		{"polygons GeoJSON → GeoJSONSeq", polyPath, "polygons.geojsons", polygons, "GeoJSONSeq"},
		{"polygons GeoJSON → shapefile", polyPath, "polygons.shp", polygons, "ESRI Shapefile"},
		{"polygons shapefile → GeoJSON", filepath.Join(dir, "polygons.shp"), "polygons_back.geojson", polygons, "GeoJSON"},
		{"points GeoJSON → GeoPackage", ptsPath, "points.gpkg", points, "GPKG"},
		{"points GeoPackage → GeoJSONSeq", filepath.Join(dir, "points.gpkg"), "points_gpkg.geojsons", points, "GeoJSONSeq"},
		{"polygons GeoJSON → GeoPackage", polyPath, "polygons.gpkg", polygons, "GPKG"},
		{"polygons GeoPackage → GeoJSONSeq", filepath.Join(dir, "polygons.gpkg"), "polygons_gpkg.geojsons", polygons, "GeoJSONSeq"},
	}
	// a File Geodatabase only GDAL writes: both tools read the same one
	gdb := filepath.Join(dir, "polygons.gdb")
	if ogrErr == nil {
		if _, err := os.Stat(gdb); err != nil {
			if err := exec.Command(ogrPath, "-f", "OpenFileGDB", gdb, polyPath).Run(); err == nil {
				jobs = append(jobs, job{"polygons File Geodatabase → GeoJSON", gdb, "polygons_gdb.geojson", polygons, "GeoJSON"})
			}
		} else {
			jobs = append(jobs, job{"polygons File Geodatabase → GeoJSON", gdb, "polygons_gdb.geojson", polygons, "GeoJSON"})
		}
	}
	// inputs a previous job wrote are each tool's own output
	own := func(prefix, in string) string {
		for _, suffix := range []string{"polygons.shp", "polygons.gpkg", "points.gpkg"} {
			if strings.HasSuffix(in, suffix) {
				return filepath.Join(dir, prefix+suffix)
			}
		}
		return in
	}
	for _, j := range jobs {
		out := filepath.Join(dir, "k_"+j.out)
		in := own("k_", j.in)
		removeOutputs(out)
		res, err := run(bin, "convert", "-q", in, out)
		report(j.name, "kukarcli", in, j.n, res, err)
		if ogrErr == nil {
			oout := filepath.Join(dir, "o_"+j.out)
			oin := own("o_", j.in)
			removeOutputs(oout)
			res, err := run(ogrPath, "-f", j.ogrFormat, oout, oin)
			report(j.name, "ogr2ogr", oin, j.n, res, err)
		}
	}
	if ogrErr != nil {
		fmt.Println("ogr2ogr not found: install gdal-bin to compare")
	} else if v, err := exec.Command(ogrPath, "--version").Output(); err == nil {
		fmt.Printf("peer: %s", v)
	}
}

// peer runs a peer script when it and its interpreter are present.
func peer(peers, script string, args ...string) (result, error, bool) {
	path := filepath.Join(peers, script)
	if _, err := os.Stat(path); err != nil {
		return result{}, nil, false
	}
	interp := "bash"
	if strings.HasSuffix(script, ".py") {
		interp = "python3"
	}
	if _, err := exec.LookPath(interp); err != nil {
		return result{}, nil, false
	}
	r, err := run(interp, append([]string{path}, args...)...)
	// The PostgreSQL peers report their server process's peak, which is
	// not in the script's process tree; the larger of the two counts.
	for _, line := range strings.Split(r.stderr, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "server_peak_kb: "); ok {
			if kb, perr := strconv.ParseInt(v, 10, 64); perr == nil {
				r.serverKB = max(r.serverKB, kb)
			}
		}
	}
	return r, err, true
}

func benchCoverage(bin, dir, peers string) {
	for _, c := range []struct{ settlements, sites int }{{20_000, 3_000}, {100_000, 20_000}} {
		sp := filepath.Join(dir, fmt.Sprintf("settlements_%d.geojson", c.settlements))
		st := filepath.Join(dir, fmt.Sprintf("sites_%d.csv", c.sites))
		if err := ensure(sp, func(w *bufio.Writer) { genSettlements(w, c.settlements, 21) }); err != nil {
			fail(err)
		}
		if err := ensure(st, func(w *bufio.Writer) { genSites(w, c.sites, 22) }); err != nil {
			fail(err)
		}
		in := size(sp) + size(st)
		name := fmt.Sprintf("coverage %dk settlements × %dk sites", c.settlements/1000, c.sites/1000)
		fmt.Printf("\n%s (%s in)\n", name, mb(in))
		out := filepath.Join(dir, fmt.Sprintf("k_coverage_%d.csv", c.settlements))
		os.Remove(out)
		res, err := run(bin, "coverage", "-q", "--sites", st, "--targets", sp, "-o", out)
		reportSize(name, "kukarcli", in, c.settlements, res, err)
		readFloor(bin, name, res, err, in, c.settlements, st, sp)
		for _, p := range []struct{ tool, script string }{{"GeoPandas", "coverage_geopandas.py"}, {"PostGIS", "coverage_postgis.sh"}} {
			pout := filepath.Join(dir, fmt.Sprintf("p_%s_coverage_%d.csv", strings.ToLower(p.tool), c.settlements))
			res, err, ok := peer(peers, p.script, sp, st, pout)
			if ok {
				reportSize(name, p.tool, in, c.settlements, res, err)
			}
		}
	}
}

// benchRank compares rank on 100k villages, 20k sites and a 2M-vertex
// network with the coverage and access runs it is made of: the issue's
// target is at most their sum plus 20 %.
func benchRank(bin, dir string) {
	const vertices, villages, sites = 2_000_000, 100_000, 20_000
	rp, vp, fp := accessFiles(dir, vertices, villages)
	sp := filepath.Join(dir, fmt.Sprintf("sites_%d.csv", sites))
	if err := ensure(sp, func(w *bufio.Writer) { genSites(w, sites, 22) }); err != nil {
		fail(err)
	}
	in := size(rp) + size(vp) + size(fp) + size(sp)
	name := "rank 100k villages × 20k sites × 2M vertices"
	fmt.Printf("\n%s (%s in)\n", name, mb(in))
	out := filepath.Join(dir, "k_rank.csv")
	os.Remove(out)
	cov, err1 := run(bin, "coverage", "-q", "--sites", sp, "--targets", vp, "-o", out)
	reportSize("  coverage part", "kukarcli", size(vp)+size(sp), villages, cov, err1)
	os.Remove(out)
	acc, err2 := run(bin, "access", "-q", "--roads", rp, "--targets", vp, "--facilities", fp, "-o", out)
	reportSize("  access part", "kukarcli", size(rp)+size(vp)+size(fp), villages, acc, err2)
	os.Remove(out)
	rk, err := run(bin, "rank", "-q", "--villages", vp, "--sites", sp, "--roads", rp, "--facilities", fp, "-o", out)
	reportSize(name, "kukarcli", in, villages, rk, err)
	if err == nil && err1 == nil && err2 == nil {
		budget := 1.2 * (cov.wall.Seconds() + acc.wall.Seconds())
		verdict := "within"
		if rk.wall.Seconds() > budget {
			verdict = "OVER"
		}
		fmt.Printf("%-44s %-10s rank %.2f s vs budget (coverage + access) × 1.2 = %.2f s: %s\n", "", "", rk.wall.Seconds(), budget, verdict)
	}
}

// benchPlan: 20k candidates, 100k villages (points with population), 3k
// existing sites, k = 200; the target is under 5 s end to end.
func benchPlan(bin, dir string) {
	vp := filepath.Join(dir, "settlements_100000.geojson")
	cp := filepath.Join(dir, "sites_20000.csv")
	sp := filepath.Join(dir, "sites_3000.csv")
	for _, e := range []error{
		ensure(vp, func(w *bufio.Writer) { genSettlements(w, 100_000, 21) }),
		ensure(cp, func(w *bufio.Writer) { genSites(w, 20_000, 22) }),
		ensure(sp, func(w *bufio.Writer) { genSites(w, 3_000, 22) }),
	} {
		if e != nil {
			fail(e)
		}
	}
	in := size(vp) + size(cp) + size(sp)
	name := "plan 100k villages × 20k candidates, k=200"
	fmt.Printf("\n%s (%s in)\n", name, mb(in))
	out := filepath.Join(dir, "k_plan.csv")
	os.Remove(out)
	res, err := run(bin, "plan", "-q", "--sites", sp, "--villages", vp, "--candidates", cp, "-k", "200", "-o", out)
	reportSize(name, "kukarcli", in, 100_000, res, err)
}

func benchAccess(bin, dir, peers string) {
	for _, c := range []struct{ vertices, villages int }{{300_000, 20_000}, {2_000_000, 100_000}} {
		rp, vp, fp := accessFiles(dir, c.vertices, c.villages)
		in := size(rp) + size(vp) + size(fp)
		name := fmt.Sprintf("access %dk vertices × %dk villages", c.vertices/1000, c.villages/1000)
		fmt.Printf("\n%s (%s in)\n", name, mb(in))
		out := filepath.Join(dir, fmt.Sprintf("k_access_%d.csv", c.vertices))
		os.Remove(out)
		res, err := run(bin, "access", "-q", "--roads", rp, "--targets", vp, "--facilities", fp, "-o", out)
		reportSize(name, "kukarcli", in, c.villages, res, err)
		readFloor(bin, name, res, err, in, c.villages, rp, vp, fp)
		if err == nil {
			perVertex("kukarcli", res, c.vertices)
		}
		if c.vertices > 300_000 {
			continue // the peers take minutes at 2M vertices; compared at 300k
		}
		for _, p := range []struct{ tool, script string }{{"networkx", "access_networkx.py"}, {"pgRouting", "access_pgrouting.sh"}} {
			pout := filepath.Join(dir, fmt.Sprintf("p_%s_access_%d.csv", strings.ToLower(p.tool), c.vertices))
			res, err, ok := peer(peers, p.script, rp, vp, fp, pout)
			if ok {
				reportSize(name, p.tool, in, c.villages, res, err)
				if err == nil {
					perVertex(p.tool, res, c.vertices)
				}
			}
		}
	}
}

// readFloor times `kukarcli info` on the run's inputs, the time to read
// them (the floor an analysis cannot go under), and prints the run's
// ratio to it (target: at most 1.5).
func readFloor(bin, name string, res result, runErr error, in int64, n int, files ...string) {
	fres, err := run(bin, append([]string{"info", "-q"}, files...)...)
	reportSize(name, "read floor", in, n, fres, err)
	if err == nil && runErr == nil && fres.wall > 0 {
		fmt.Printf("%-44s %-10s %9.2f× the read floor (target ≤ 1.5×)\n", name, "kukarcli", res.wall.Seconds()/fres.wall.Seconds())
	}
}

type result struct {
	wall     time.Duration
	peakKB   int64
	serverKB int64 // a PostgreSQL peer's server process peak, when reported
	stderr   string
}

// peak is the memory reported for a run: the process tree's largest
// resident set, or the database server's when that is larger.
func (r result) peak() (kb int64, server bool) {
	if r.serverKB > r.peakKB {
		return r.serverKB, true
	}
	return r.peakKB, false
}

func run(name string, args ...string) (result, error) {
	cmd := exec.Command(name, args...)
	var errb strings.Builder
	cmd.Stderr = &errb
	start := time.Now()
	err := cmd.Run()
	r := result{wall: time.Since(start), stderr: errb.String()}
	if cmd.ProcessState != nil {
		r.peakKB = peakKB(cmd.ProcessState)
	}
	return r, err
}

// report is reportSize with the input's size taken from its file (a
// shapefile counts its .dbf and .shx).
func report(name, tool, in string, n int, r result, err error) {
	insize := size(in)
	if strings.HasSuffix(in, ".shp") {
		base := strings.TrimSuffix(in, ".shp")
		insize += size(base+".dbf") + size(base+".shx")
	}
	reportSize(name, tool, insize, n, r, err)
}

func reportSize(name, tool string, insize int64, n int, r result, err error) {
	if err != nil {
		fmt.Printf("%-44s %-10s failed: %v %s\n", name, tool, err, strings.TrimSpace(lastLines(r.stderr, 3)))
		return
	}
	s := r.wall.Seconds()
	kb, server := r.peak()
	peak := float64(kb) / 1024
	note := ""
	if server {
		note = "  (server)"
	}
	fmt.Printf("%-44s %-10s %9.2f %9.1f %13.0f %10.1f %9.2f%s\n", name, tool, s, float64(insize)/1e6/s, float64(n)/s, peak, peak*1024*1024/float64(insize), note)
}

// perVertex prints a run's peak memory per road vertex.
func perVertex(tool string, r result, vertices int) {
	kb, _ := r.peak()
	fmt.Printf("%-44s %-10s %.0f bytes of peak memory per road vertex\n", "", tool, float64(kb)*1024/float64(vertices))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

func removeOutputs(path string) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	for _, e := range []string{filepath.Ext(path), ".shx", ".dbf", ".prj", ".cpg"} {
		os.Remove(base + e)
	}
}

// ensure writes path with gen unless it exists (generated inputs are
// kept between runs).
func ensure(path string, gen func(*bufio.Writer)) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	return writeAtomic(path, func(w *bufio.Writer) error { gen(w); return nil })
}

// writeAtomic writes path through a buffer under a temporary name and
// renames it, so an interrupted generator leaves no half file.
func writeAtomic(path string, gen func(*bufio.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := gen(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// accessFiles generates, once, a road grid of about vertices vertices,
// villages on it and its 20 facilities, and returns their paths.
func accessFiles(dir string, vertices, villages int) (roads, vills, facs string) {
	roads = filepath.Join(dir, fmt.Sprintf("roads_%d.geojson", vertices))
	vills = filepath.Join(dir, fmt.Sprintf("villages_%d.geojson", villages))
	facs = filepath.Join(dir, fmt.Sprintf("facilities_%d.geojson", vertices))
	for _, e := range []error{
		ensure(roads, func(w *bufio.Writer) { genRoads(w, vertices, 31) }),
		ensure(vills, func(w *bufio.Writer) { genVillages(w, villages, vertices, 32) }),
		ensure(facs, func(w *bufio.Writer) { genFacilities(w, vertices) }),
	} {
		if e != nil {
			fail(e)
		}
	}
	return roads, vills, facs
}

var kecamatan = []string{"Anggana", "Kota Bangun", "Loa Janan", "Muara Kaman", "Samboja", "Sebulu", "Tabang", "Tenggarong"}

// genPoints writes n settlement-like points over Kukar's extent with a
// string id, a name, an integer population and a real share.
func genPoints(w *bufio.Writer, n int) {
	r := rand.New(rand.NewPCG(1, 2))
	w.WriteString(`{"type":"FeatureCollection","name":"points","features":[` + "\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteString(",\n")
		}
		lon := 115.5 + r.Float64()*2.2
		lat := -1.4 + r.Float64()*2.3
		fmt.Fprintf(w, `{"type":"Feature","id":%d,"properties":{"kode":"64.02.%02d.%04d","nama":"Dusun %d","kecamatan":"%s","penduduk":%d,"share":%s},"geometry":{"type":"Point","coordinates":[%s,%s]}}`,
			i, i%20, i%10000, i, kecamatan[i%len(kecamatan)], r.IntN(5000), strconv.FormatFloat(r.Float64(), 'f', 4, 64),
			strconv.FormatFloat(lon, 'f', 7, 64), strconv.FormatFloat(lat, 'f', 7, 64))
	}
	w.WriteString("\n]}\n")
}

// genPolygons writes n village-like polygons: 24-vertex rings, every
// tenth with a hole.
func genPolygons(w *bufio.Writer, n int) {
	r := rand.New(rand.NewPCG(3, 4))
	w.WriteString(`{"type":"FeatureCollection","name":"polygons","features":[` + "\n")
	ring := func(cx, cy, rad float64, k int, cw bool) string {
		var b strings.Builder
		b.WriteByte('[')
		for j := 0; j <= k; j++ {
			jj := j % k
			a := 2 * 3.141592653589793 * float64(jj) / float64(k)
			if cw {
				a = -a
			}
			rr := rad * (0.8 + 0.2*float64((jj*7)%5)/4)
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString("[" + strconv.FormatFloat(cx+rr*cos(a), 'f', 7, 64) + "," + strconv.FormatFloat(cy+rr*sin(a), 'f', 7, 64) + "]")
		}
		b.WriteByte(']')
		return b.String()
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteString(",\n")
		}
		cx := 115.5 + r.Float64()*2.2
		cy := -1.4 + r.Float64()*2.3
		rings := ring(cx, cy, 0.01, 24, true)
		if i%10 == 0 {
			rings += "," + ring(cx, cy, 0.003, 8, false)
		}
		fmt.Fprintf(w, `{"type":"Feature","properties":{"kode":"64.02.%02d.%04d","nama":"Desa %d","kecamatan":"%s","penduduk":%d,"luas_km2":%s},"geometry":{"type":"Polygon","coordinates":[%s]}}`,
			i%20, i%10000, i, kecamatan[i%len(kecamatan)], r.IntN(8000), strconv.FormatFloat(1+r.Float64()*100, 'f', 3, 64), rings)
	}
	w.WriteString("\n]}\n")
}

func size(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	if st.IsDir() { // a File Geodatabase: the files in it
		var n int64
		ents, _ := os.ReadDir(p)
		for _, e := range ents {
			n += size(filepath.Join(p, e.Name()))
		}
		return n
	}
	return st.Size()
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchtool:", err)
	os.Exit(1)
}

// generateInputs writes the inputs of the benchmarks, without running any,
// for scripts that compare two builds on the same files.
func generateInputs(dir string, points, polygons int) {
	p := func(name string) string { return filepath.Join(dir, name) }
	for _, e := range []error{
		ensure(p(fmt.Sprintf("points_%d.geojson", points)), func(w *bufio.Writer) { genPoints(w, points) }),
		ensure(p(fmt.Sprintf("polygons_%d.geojson", polygons)), func(w *bufio.Writer) { genPolygons(w, polygons) }),
		ensure(p("settlements_20000.geojson"), func(w *bufio.Writer) { genSettlements(w, 20_000, 21) }),
		ensure(p("sites_3000.csv"), func(w *bufio.Writer) { genSites(w, 3_000, 22) }),
	} {
		if e != nil {
			fail(e)
		}
	}
	accessFiles(dir, 300_000, 20_000)
	cx, cy := 116.9, -0.4
	if _, err := os.Stat(p("dem_site.tif")); err != nil {
		if err := genDEM(p("dem_site.tif"), cx-0.12, cy-0.12, cx+0.12, cy+0.12); err != nil {
			fail(err)
		}
	}
	writeFile(p("site_one.csv"), fmt.Sprintf("id,tech,lon,lat,height_m\nS1,4G,%v,%v,40\n", cx, cy))
	writeFile(p("area_site.geojson"), box(cx-0.1, cy-0.1, cx+0.1, cy+0.1))
}
