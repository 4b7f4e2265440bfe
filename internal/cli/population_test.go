package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/raster"
)

// writePopRaster writes a 0.001° population raster over 117.00–117.20 E,
// 0.00–0.10 S, with people only in two clusters: 100 in the east of
// village A (117.00–117.15) and 5000 in village B (117.15–117.20).
func writePopRaster(t *testing.T, path string) {
	t.Helper()
	g := &raster.PopGrid{Name: "pop", CRS: crs.WGS84, West: 117, North: 0, CellX: 0.001, CellY: 0.001, Width: 200, Height: 100}
	g.Data = make([]float32, g.Width*g.Height)
	for j := 40; j < 50; j++ {
		for i := 120; i < 130; i++ { // 100 people in A's east, 117.12–117.13
			g.Data[j*g.Width+i] = 1
		}
		for i := 170; i < 180; i++ { // 5000 in B, 117.17–117.18
			g.Data[j*g.Width+i] = 50
		}
	}
	writePopGrid(t, path, g)
}

// writePopGrid writes g as a tiled, Deflate-compressed GeoTIFF.
func writePopGrid(t *testing.T, path string, g *raster.PopGrid) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := raster.WritePopulationGeoTIFF(f, g, raster.PopWriteOptions{TileSize: 64, Deflate: true}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// With --population a village's people come from the raster and it is
// judged where they live: a site over A's populated corner covers all of
// A's people though it covers a small part of A's area; plan puts the
// one new site where the most people are (B), though A's area is three
// times B's.
func TestPopulationRaster(t *testing.T) {
	dir := t.TempDir()
	pop := filepath.Join(dir, "pop.tif")
	writePopRaster(t, pop)
	villages := filepath.Join(dir, "v.geojson")
	os.WriteFile(villages, []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kode":"A"},"geometry":{"type":"Polygon","coordinates":[[[117,0],[117,-0.1],[117.15,-0.1],[117.15,0],[117,0]]]}},
{"type":"Feature","properties":{"kode":"B"},"geometry":{"type":"Polygon","coordinates":[[[117.15,0],[117.15,-0.1],[117.2,-0.1],[117.2,0],[117.15,0]]]}}]}`), 0o644)
	sites := filepath.Join(dir, "s.csv")
	os.WriteFile(sites, []byte("id,tech,lon,lat,radius_m\nS,4G,117.125,-0.045,2000\n"), 0o644)
	out, stderr, code := runCLI(t, "", false, "coverage", "-q", "--sites", sites, "--targets", villages, "--population", pop, "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	json.Unmarshal([]byte(out), &rows)
	if len(rows) != 2 || rows[0]["population"] != 100.0 || rows[0]["covered_share"] != 1.0 || rows[1]["population"] != 5000.0 || rows[1]["covered"] != false ||
		rows[0]["population_covered"] != 100.0 || rows[0]["covered_share_pop"] != 1.0 || rows[1]["population_covered"] != 0.0 {
		t.Errorf("rows %v", rows)
	}
	// by area A is a blank spot (the site covers a corner of it), and
	// its people are still counted as covered
	out, stderr, code = runCLI(t, "", false, "coverage", "-q", "--sites", sites, "--targets", villages, "--population", pop, "--min-share-by", "area", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows = nil
	json.Unmarshal([]byte(out), &rows)
	if len(rows) != 2 || rows[0]["covered"] != false || rows[0]["covered_share"].(float64) > 0.2 || rows[0]["covered_share_pop"] != 1.0 || rows[0]["population_covered"] != 100.0 {
		t.Errorf("--min-share-by area: rows %v", rows)
	}
	if _, stderr, code := runCLI(t, "", false, "coverage", "-q", "--sites", sites, "--targets", villages, "--min-share-by", "area"); code != ExitUsage ||
		!strings.Contains(stderr, "give --population") {
		t.Errorf("--min-share-by without a raster: exit %d, %s", code, stderr)
	}
	// the blank-spot areas hold the raster's people outside coverage: B's
	// 5000, none of A's
	out, stderr, code = runCLI(t, "", false, "gaps", "--sites", sites, "--targets", villages, "--population", pop, "--areas", "--cell", "200m", "-f", "json")
	if code != 0 {
		t.Fatalf("gaps: exit %d: %s", code, stderr)
	}
	rows = nil
	json.Unmarshal([]byte(out), &rows)
	total := 0.0
	for _, r := range rows {
		if v, ok := r["population"].(float64); ok {
			total += v
		}
	}
	if math.Abs(total-5000) > 1 {
		t.Errorf("gaps --areas with a raster: population %v in the areas, want 5000\n%s\n%s", total, out, stderr)
	}
	cands := filepath.Join(dir, "c.csv")
	os.WriteFile(cands, []byte("id,lon,lat\nin-A,117.075,-0.05\nin-B,117.175,-0.045\n"), 0o644)
	none := filepath.Join(dir, "none.csv")
	os.WriteFile(none, []byte("id,tech,lon,lat,radius_m\nFAR,4G,100,0,1000\n"), 0o644)
	out, stderr, code = runCLI(t, "", false, "plan", "-q", "--sites", none, "--villages", villages, "--population", pop,
		"--candidates", cands, "-k", "1", "--new-site", "radius_m=3000", "-f", "json")
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, stderr)
	}
	rows = nil
	json.Unmarshal([]byte(out), &rows)
	if len(rows) != 1 || rows[0]["candidate"] != "in-B" {
		t.Errorf("plan: %v", rows)
	}
}

// TestPopulationShardsMergeToTheWholeRun shards a --population run over
// villages on both sides of a shard tile's edge (117.25° E), with demand
// cells of 1.5 km that straddle the villages: each shard sums the raster
// over the whole run's area, so the merged rows equal the whole run's.
func TestPopulationShardsMergeToTheWholeRun(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	g := &raster.PopGrid{Name: "pop", CRS: crs.WGS84, West: 117.15, North: -0.1, CellX: 0.001, CellY: 0.001, Width: 200, Height: 100}
	g.Data = make([]float32, g.Width*g.Height)
	for j := range g.Height {
		for i := range g.Width {
			g.Data[j*g.Width+i] = float32((i*7+j*3)%11) * 0.5
		}
	}
	writePopGrid(t, at("pop.tif"), g)
	var vs []string
	for k := range 8 {
		x0 := 117.153 + 0.0237*float64(k)
		vs = append(vs, fmt.Sprintf(`{"type":"Feature","properties":{"kode":"V%d"},"geometry":{"type":"Polygon","coordinates":[[[%g,-0.103],[%g,-0.103],[%g,-0.197],[%g,-0.197],[%g,-0.103]]]}}`,
			k, x0, x0+0.0237, x0+0.0237, x0, x0))
	}
	os.WriteFile(at("v.geojson"), []byte(`{"type":"FeatureCollection","features":[`+strings.Join(vs, ",")+`]}`), 0o644)
	os.WriteFile(at("s.csv"), []byte("id,tech,lon,lat,radius_m\nS1,4G,117.2,-0.15,2500\nS2,4G,117.27,-0.12,3000\n"), 0o644)
	args := []string{"coverage", "-q", "--sites", at("s.csv"), "--targets", at("v.geojson"), "--population", at("pop.tif"), "--demand-cell", "1500m"}
	if _, stderr, code := runCLI(t, "", false, append(args, "-o", at("whole.csv"))...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var parts []string
	for i := range 2 {
		p := at(fmt.Sprintf("p%d.csv", i))
		if _, stderr, code := runCLI(t, "", false, append(args, "--shard", fmt.Sprintf("%d/2", i), "-o", p)...); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		parts = append(parts, p)
	}
	if _, stderr, code := runCLI(t, "", false, append([]string{"merge", "-q", "-o", at("merged.csv")}, parts...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	whole, _ := os.ReadFile(at("whole.csv"))
	merged, _ := os.ReadFile(at("merged.csv"))
	if string(whole) != string(merged) || len(whole) == 0 {
		t.Errorf("merged rows differ from the whole run's:\n%s\n%s", merged, whole)
	}
	for _, p := range parts {
		if b, _ := os.ReadFile(p); strings.Count(string(b), "\n") < 2 {
			t.Errorf("%s holds no village: the case tests little\n%s", filepath.Base(p), b)
		}
	}
}
