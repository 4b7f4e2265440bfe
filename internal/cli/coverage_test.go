package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/kukarcli/kukarcli/pkg/raster"
)

// desaCentroids returns the real village centroids of the example.
func desaCentroids(t *testing.T) ([]orb.Point, []string) {
	t.Helper()
	fs := readFeatures(t, filepath.Join(exampleDir, "kukar/kukar_6402_desa_centroids.geojson"))
	var pts []orb.Point
	var names []string
	for _, f := range fs {
		pts = append(pts, f.Geometry.(orb.Point))
		n, _ := f.Properties.Get("nama")
		names = append(names, n.(string))
	}
	return pts, names
}

// TestCoverageCountsOnKukar: three 100 m sites placed on three village
// centroids cover exactly those three; a 30 km site covers the centroids
// within 30 km, counted here independently; everything is one file
// through the whole command.
func TestCoverageCountsOnKukar(t *testing.T) {
	pts, _ := desaCentroids(t)
	dir := t.TempDir()
	big := orb.Point{117.0, -0.45}
	want := map[int]bool{0: true, 100: true, 200: true}
	var sb strings.Builder
	sb.WriteString("id,tech,lon,lat,radius_m\n")
	for i := range want {
		fmt.Fprintf(&sb, "S%d,LTE,%.10f,%.10f,100\n", i, pts[i][0], pts[i][1])
	}
	fmt.Fprintf(&sb, "BIG,GSM,%v,%v,30000\n", big[0], big[1])
	sites := filepath.Join(dir, "sites.csv")
	os.WriteFile(sites, []byte(sb.String()), 0o644)
	inBig := 0
	for i, p := range pts {
		if earth.DistanceM(big, p) <= 30000 {
			inBig++
			want[i] = true
		}
	}
	out, stderr, code := runCLI(t, "", false, "coverage", "--sites", sites,
		"--targets", filepath.Join(exampleDir, "kukar/kukar_6402_desa_centroids.geojson"), "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 237 {
		t.Fatalf("%d rows", len(rows))
	}
	covered, by2g := 0, 0
	for i, r := range rows {
		if r["covered"] == true {
			covered++
			if !want[i] {
				t.Errorf("row %d (%v) covered, not expected", i, r["name"])
			}
		}
		if r["covered_2g"] == true {
			by2g++
		}
	}
	if covered != len(want) || by2g != inBig {
		t.Errorf("covered %d, want %d; by 2G %d, want %d", covered, len(want), by2g, inBig)
	}
	if !strings.Contains(stderr, fmt.Sprintf("237 targets, %d covered", len(want))) {
		t.Errorf("summary: %s", stderr)
	}
	// row 0 is at its site: distance 0, best site S0, 4G
	if rows[0]["best_site"] != "S0" || rows[0]["distance_m"] != 0.0 || rows[0]["best_tech"] != "4G" {
		t.Errorf("row 0: %v", rows[0])
	}
}

// TestCoverageInputsAndDeterminism: shapefile, GeoJSON and CSV targets give
// the same verdicts, and the bytes do not depend on GOMAXPROCS.
func TestCoverageInputsAndDeterminism(t *testing.T) {
	dir := t.TempDir()
	sites := filepath.Join(dir, "sites.csv")
	os.WriteFile(sites, []byte("id,tech,lon,lat\nA,4G,117.0,-0.45\nB,2G,116.5,-0.3\nC,4G,116.9,0.2\n"), 0o644)
	csvTargets := filepath.Join(dir, "c.csv")
	if _, stderr, code := runCLI(t, "", false, "convert", "--precision", "15", filepath.Join(exampleDir, "kukar/kukar_6402_desa_centroids.geojson"), csvTargets); code != 0 {
		t.Fatal(stderr)
	}
	run := func(targets string, procs int) string {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		out, stderr, code := runCLI(t, "", false, "coverage", "--model", "hata", "--sites", sites, "--targets", targets, "-f", "csv")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", targets, code, stderr)
		}
		return out
	}
	a := run(filepath.Join(exampleDir, "kukar/kukar_6402_desa_centroids.geojson"), 1)
	b := run(filepath.Join(exampleDir, "kukar/kukar_6402_desa_centroids.geojson"), 2)
	if a != b {
		t.Fatal("output differs between GOMAXPROCS=1 and 2")
	}
	if c := run(filepath.Join(exampleDir, "kukar/shp/kukar_6402_desa_centroids.shp"), 2); c != a {
		t.Errorf("shapefile targets differ from GeoJSON targets:\n%s\nvs\n%s", firstLines(c, 3), firstLines(a, 3))
	}
	if c := run(csvTargets, 2); c != a {
		t.Errorf("CSV targets differ from GeoJSON targets:\n%s\nvs\n%s", firstLines(c, 3), firstLines(a, 3))
	}
	polys := func(procs int) string {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		out, stderr, code := runCLI(t, "", false, "gaps", "--areas", "--cell", "2km", "--sites", sites, "--targets",
			filepath.Join(exampleDir, "kukar/kukar_6402_desa.geojson"), "-f", "geojson")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return out
	}
	if polys(1) != polys(2) {
		t.Fatal("blank-spot areas differ between GOMAXPROCS=1 and 2")
	}
}

// TestCoverageOpenCelliD: an OpenCelliD export works as --sites: LTE rows
// are 4G, ranges are radii, ids are mcc-net-area-cell.
func TestCoverageOpenCelliD(t *testing.T) {
	dir := t.TempDir()
	// a target 10 m from the first cell (LTE, range 1000 m) and one 50 km away
	targets := filepath.Join(dir, "t.geojson")
	os.WriteFile(targets, []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"near"},"geometry":{"type":"Point","coordinates":[106.87545,-6.246958]}},
{"type":"Feature","properties":{"id":"far"},"geometry":{"type":"Point","coordinates":[107.3,-6.6]}}]}`), 0o644)
	out, stderr, code := runCLI(t, "", false, "coverage", "--sites", "testdata/opencellid/opencellid_mcc510_indonesia.csv",
		"--targets", targets, "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	json.Unmarshal([]byte(out), &rows)
	if len(rows) != 2 || rows[0]["covered"] != true || rows[1]["covered"] != false {
		t.Fatalf("rows %v", rows)
	}
	if rows[0]["best_site"] != "LTE-510-1-41124-253188" || rows[0]["best_tech"] != "4G" {
		t.Errorf("near: %v", rows[0])
	}
	if !strings.Contains(stderr, "tech=radio") || !strings.Contains(stderr, "radius_m=range") {
		t.Errorf("roles not reported: %s", stderr)
	}
}

func TestCoverageUsage(t *testing.T) {
	for _, args := range [][]string{
		{"coverage", "--targets", "x.geojson"},
		{"coverage", "--sites", "a", "--targets", "b", "--model", "okumura"},
		{"coverage", "--sites", "a", "--targets", "b", "--sample", "far"},
		{"coverage", "--sites", "a", "--targets", "b", "--field", "populasi=JML"},
	} {
		if _, stderr, code := runCLI(t, "", false, args...); code != ExitUsage {
			t.Errorf("%v: exit %d (%s)", args, code, stderr)
		}
	}
}

// The example's scenario maps the villages' fields (id: kode); a raster
// run from it reads the sites with their own fields, and writes a grid
// over the villages' extent.
func TestCoverageRasterFromExample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.tif")
	if _, stderr, code := runCLI(t, "", false, "coverage", "--example", "-q", "--model", "hata", "--raster", out, "--cell", "2km"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	g, err := raster.ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), out)
	if err != nil {
		t.Fatal(err)
	}
	// the regency spans about 2.7° × 3°: over a hundred 2 km cells each way
	if g.Width < 100 || g.Height < 100 {
		t.Errorf("raster %d × %d cells", g.Width, g.Height)
	}
	n := 0
	for _, v := range g.Data {
		if !math.IsNaN(float64(v)) {
			n++
		}
	}
	if n == 0 {
		t.Errorf("no cell has a signal")
	}
}

// TestTypedRowsAreTheFeatureRows checks coverage's CSV and JSON written
// from typed columns against the same rows made as features (the path
// every other format takes), byte for byte: points, polygons with
// population, lines, a population raster, a shard, a DEM model, and
// targets of mixed kinds (which take the features' path).
func TestTypedRowsAreTheFeatureRows(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	pop := at("pop.tif")
	writePopRaster(t, pop)
	os.WriteFile(at("v.geojson"), []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kode":"A","nama":" Muara, \"Hulu\""},"geometry":{"type":"Polygon","coordinates":[[[117,0],[117,-0.1],[117.15,-0.1],[117.15,0],[117,0]]]}},
{"type":"Feature","properties":{"kode":"B","nama":"<B>"},"geometry":{"type":"Polygon","coordinates":[[[117.15,0],[117.15,-0.1],[117.2,-0.1],[117.2,0],[117.15,0]]]}}]}`), 0o644)
	os.WriteFile(at("mixed.geojson"), []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kode":"P"},"geometry":{"type":"Point","coordinates":[117.1,-0.05]}},
{"type":"Feature","properties":{"kode":"B"},"geometry":{"type":"Polygon","coordinates":[[[117.15,0],[117.15,-0.1],[117.2,-0.1],[117.2,0],[117.15,0]]]}}]}`), 0o644)
	os.WriteFile(at("s.csv"), []byte("id,tech,lon,lat,radius_m\nS,4G,117.125,-0.045,2000\nT,2G,117.18,-0.02,9000\n"), 0o644)
	rpjmd := func(name string) string { return filepath.Join(exampleDir, "rpjmd", name) }
	towers := filepath.Join(exampleDir, "illustrative", "towers_illustrative.csv")
	dem := at("dem.tif")
	writeHillsDEM(t, dem, 116.95, 0.05, 600, 400)
	cases := [][]string{
		{"--sites", towers, "--targets", filepath.Join(exampleDir, "kukar/kukar_6402_desa_centroids.geojson")},
		{"--sites", towers, "--targets", rpjmd("desa_ilustratif.geojson"), "--model", "hata", "--sample", "2km"},
		{"--sites", towers, "--targets", rpjmd("jalan_ilustratif.geojson"), "--model", "cost231"},
		{"--sites", at("s.csv"), "--targets", at("v.geojson"), "--population", pop, "--field", "name=nama"},
		{"--sites", towers, "--targets", filepath.Join(exampleDir, "kukar/kukar_6402_desa_centroids.geojson"), "--shard", "1/2"},
		{"--sites", at("s.csv"), "--targets", at("v.geojson"), "--model", "itm", "--dem", dem, "--sample", "1km"},
		{"--sites", at("s.csv"), "--targets", at("mixed.geojson")},
	}
	defer func() { typedRows = true }()
	for _, c := range cases {
		for _, format := range []string{"csv", "json"} {
			args := append([]string{"coverage", "-q", "-f", format}, c...)
			var outs [2]string
			for k, typed := range []bool{true, false} {
				typedRows = typed
				out, stderr, code := runCLI(t, "", false, args...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", args, code, stderr)
				}
				outs[k] = out
			}
			if outs[0] != outs[1] {
				t.Errorf("%v: typed rows\n%s\nrows as features\n%s", args, firstLines(outs[0], 4), firstLines(outs[1], 4))
			}
			if strings.Count(outs[0], "\n") < 3 {
				t.Errorf("%v: %q", args, outs[0])
			}
		}
	}
	// no targets: the rows as features have no columns to name, the
	// typed columns still name theirs
	os.WriteFile(at("empty.geojson"), []byte(`{"type":"FeatureCollection","features":[]}`), 0o644)
	typedRows = true
	out, stderr, code := runCLI(t, "", false, "coverage", "-q", "-f", "csv", "--sites", at("s.csv"), "--targets", at("empty.geojson"))
	if code != 0 || out != "covered,best_site,best_tech,distance_m,signal_dbm,n_sites,lon,lat\n" {
		t.Errorf("no targets: exit %d, %q %s", code, out, stderr)
	}
}

// writeHillsDEM writes a GeoTIFF of w × h cells of 0.0005° from west,
// north: hills 20 to 100 m high.
func writeHillsDEM(t *testing.T, path string, west, north float64, w, h int) {
	t.Helper()
	g := raster.NewGrid("hills", west, north, 0.0005, 0.0005, w, h)
	for j := 0; j < g.Height; j++ {
		for i := 0; i < g.Width; i++ {
			c := g.CellCentre(i, j)
			g.Data[j*g.Width+i] = float32(60 + 40*math.Sin(c[0]*300)*math.Cos(c[1]*250))
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := raster.WriteGeoTIFF(f, g); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestGapAreasAccountForTheirZones: --areas judges cells, not the
// targets, and still accounts for every target: those the reader skips
// and those that cannot be a zone (a line of zero length) are counted,
// the run exits partial, and the engine's warning comes once.
func TestGapAreasAccountForTheirZones(t *testing.T) {
	at, _ := inTempDir(t)
	os.WriteFile(at("bad.geojson"), []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kode":"A"},"geometry":{"type":"Polygon","coordinates":[[[117,0],[117,-0.1],[117.15,-0.1],[117.15,0],[117,0]]]}},
{"type":"Feature","properties":{"kode":"Z"},"geometry":{"type":"Polygon","coordinates":[[[117.2,0],[117.3,0],[117.2,0],[117.2,0]]]}},
{"type":"Feature","properties":{"kode":"L"},"geometry":{"type":"LineString","coordinates":[[117.3,-0.05],[117.3,-0.05]]}},
{"type":"Feature","properties":{"kode":"N"},"geometry":null}]}`), 0o644)
	os.WriteFile(at("s.csv"), []byte("id,tech,lon,lat,radius_m\nS,4G,117.125,-0.045,5000\n"), 0o644)
	out, stderr, code := runCLI(t, "", false, "gaps", "--sites", at("s.csv"), "--targets", at("bad.geojson"), "--areas", "--cell", "1km", "-f", "geojson")
	if code != ExitPartial {
		t.Fatalf("exit %d, want %d: %s", code, ExitPartial, stderr)
	}
	if !strings.Contains(stderr, "skipped 3 feature(s) in all: 3 bad record") || strings.Count(stderr, "were not evaluated") != 1 {
		t.Errorf("accounting:\n%s", stderr)
	}
	if n := strings.Count(out, `"type":"Feature"`); n != 2 {
		t.Errorf("%d areas, want 2:\n%s", n, stderr)
	}
}
