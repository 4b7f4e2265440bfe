package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/raster"
)

// TestTerrainModels: a synthetic GeoTIFF DEM (flat at 20 m, a 300 m ridge
// between a 4G site and a village 1 km east of it): radius and hata say
// covered, itm and los-ked see the shadow.
func TestTerrainModels(t *testing.T) {
	dir := t.TempDir()
	// 0.0003° cells (~33 m), 200 × 100 cells from 116.99 E, 0.015 N
	g := raster.NewGrid("ridge", 116.99, 0.015, 0.0003, 0.0003, 200, 100)
	for j := 0; j < g.Height; j++ {
		for i := 0; i < g.Width; i++ {
			lon := g.CellCentre(i, j)[0]
			v := float32(20)
			if lon >= 117.0040 && lon <= 117.0050 {
				v = 320
			}
			g.Data[j*g.Width+i] = v
		}
	}
	demPath := filepath.Join(dir, "ridge.tif")
	f, err := os.Create(demPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := raster.WriteGeoTIFF(f, g); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sites := filepath.Join(dir, "s.csv")
	os.WriteFile(sites, []byte("id,tech,lon,lat,radius_m,height_m\nS,4G,117.0,0,3000,35\n"), 0o644)
	targets := filepath.Join(dir, "t.geojson")
	os.WriteFile(targets, []byte(`{"type":"Feature","properties":{"id":"V"},"geometry":{"type":"Point","coordinates":[117.009,0]}}`), 0o644)
	for _, c := range []struct {
		model string
		want  bool
	}{{"radius", true}, {"hata", true}, {"itm", false}, {"los-ked", false}} {
		out, stderr, code := runCLI(t, "", false, "coverage", "-q", "--model", c.model, "--dem", demPath, "--sites", sites, "--targets", targets, "-f", "json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.model, code, stderr)
		}
		// pair by pair, and with a small tile cache, the same rows
		exact, stderr, code := runCLI(t, "", false, "coverage", "-q", "--model", c.model, "--dem", demPath, "--sites", sites, "--targets", targets, "-f", "json",
			"--exact-terrain", "--dem-cache", "1MiB")
		if code != 0 || exact != out {
			t.Errorf("%s --exact-terrain --dem-cache 1MiB: exit %d, %s\n%s\n%s", c.model, code, stderr, exact, out)
		}
		var rows []map[string]any
		json.Unmarshal([]byte(out), &rows)
		if rows[0]["covered"] != c.want {
			t.Errorf("%s: %v, want covered=%v", c.model, rows[0], c.want)
		}
		if c.model == "los-ked" {
			// the ridge blocks the ray: diffraction, negative clearance
			cl, _ := rows[0]["clearance_m"].(float64)
			if rows[0]["mode"] != "diffraction" || !(cl < -100) {
				t.Errorf("los-ked mode/clearance: %v", rows[0])
			}
		}
	}
	// plan over the same DEM: two candidates 1 km from the village, the
	// first (by ID) behind the ridge. The distance models tie and take it;
	// the terrain models take the one in sight.
	villages := filepath.Join(dir, "v.geojson")
	os.WriteFile(villages, []byte(`{"type":"Feature","properties":{"kode":"V","penduduk":900},"geometry":{"type":"Point","coordinates":[117.009,0]}}`), 0o644)
	cands := filepath.Join(dir, "c.csv")
	os.WriteFile(cands, []byte("id,lon,lat\nA-west,116.999,0\nB-east,117.018,0\n"), 0o644)
	noSites := filepath.Join(dir, "none.csv")
	os.WriteFile(noSites, []byte("id,tech,lon,lat,radius_m\nFAR,4G,100,0,1000\n"), 0o644)
	for _, c := range []struct{ model, want string }{{"radius", "A-west"}, {"hata", "A-west"}, {"itm", "B-east"}, {"los-ked", "B-east"}} {
		out, stderr, code := runCLI(t, "", false, "plan", "-q", "--model", c.model, "--dem", demPath, "--villages", villages,
			"--sites", noSites, "--candidates", cands, "-k", "1", "--new-site", "radius_m=3000,height_m=35", "-f", "json")
		if code != 0 {
			t.Fatalf("plan %s: exit %d: %s", c.model, code, stderr)
		}
		var rows []map[string]any
		json.Unmarshal([]byte(out), &rows)
		if len(rows) != 1 || rows[0]["candidate"] != c.want {
			t.Errorf("plan %s: %v, want %s", c.model, rows, c.want)
		}
	}

	// rank with a terrain model: the village behind the ridge is not
	// served, and a site at it would serve its 900 people
	out, stderr, code := runCLI(t, "", false, "rank", "-q", "--model", "itm", "--dem", demPath, "--villages", villages,
		"--sites", sites, "-f", "json")
	if code != 0 {
		t.Fatalf("rank itm: exit %d: %s", code, stderr)
	}
	var ranked []map[string]any
	json.Unmarshal([]byte(out), &ranked)
	if len(ranked) != 1 || ranked[0]["covered"] != false || ranked[0]["gain_per_site"] != 900.0 {
		t.Errorf("rank itm: %v", ranked)
	}

	// a village beyond the DEM: the run stops before judging any path,
	// naming the DEM and its extent
	os.WriteFile(targets, []byte(`{"type":"Feature","properties":{"id":"far"},"geometry":{"type":"Point","coordinates":[117.08,0]}}`), 0o644)
	_, stderr, code = runCLI(t, "", false, "coverage", "--model", "los-ked", "--dem", demPath, "--sites", sites, "--targets", targets, "-f", "json")
	if code != ExitError || !strings.Contains(stderr, "ridge.tif: no elevation at 1 of the 2 sites and targets: they lie outside the grid (lon 116.99 to 117.05") {
		t.Errorf("outside the DEM: exit %d: %s", code, stderr)
	}
	// SRTM tiles that do not hold the sites and targets: the missing
	// tiles are named at once
	hgtDir := filepath.Join(dir, "srtm")
	os.Mkdir(hgtDir, 0o755)
	os.WriteFile(filepath.Join(hgtDir, "N10E100.hgt"), make([]byte, 2*1201*1201), 0o644)
	_, stderr, code = runCLI(t, "", false, "coverage", "--model", "itm", "--dem", hgtDir, "--sites", sites, "--targets", targets, "-f", "json")
	if code != ExitError || !strings.Contains(stderr, "no elevation at 2 of the 2 sites and targets; 1° tiles missing (SRTM names): N00E117") {
		t.Errorf("tiles missing: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "", false, "coverage", "--model", "itm", "--sites", sites, "--targets", targets); code != ExitUsage || !strings.Contains(stderr, "--dem") {
		t.Errorf("itm without --dem: exit %d %s", code, stderr)
	}

	// the raster shows the shadow east of the ridge, not west of it
	area := filepath.Join(dir, "area.geojson")
	os.WriteFile(area, []byte(`{"type":"Polygon","coordinates":[[[116.991,-0.01],[117.019,-0.01],[117.019,0.01],[116.991,0.01],[116.991,-0.01]]]}`), 0o644)
	tif := filepath.Join(dir, "signal.tif")
	if _, stderr, code := runCLI(t, "", false, "coverage", "-q", "--model", "los-ked", "--dem", demPath, "--sites", sites,
		"--area", area, "--raster", tif, "--cell", "30m", "--raster-radius", "3km"); code != 0 {
		t.Fatalf("raster: exit %d: %s", code, stderr)
	}
	rf, err := os.Open(tif)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := rf.Stat()
	rg, err := raster.ReadGeoTIFF(rf, st.Size(), tif)
	rf.Close()
	if err != nil {
		t.Fatal(err)
	}
	east, err1 := rg.ElevationM(117.009, 0)
	west, err2 := rg.ElevationM(116.994, 0)
	nearW, err3 := rg.ElevationM(117.0030, 0)
	if err1 != nil || err2 != nil || err3 != nil || !(nearW-east > 20) || !(west > east+15) {
		t.Errorf("raster: west %.1f, before the ridge %.1f, behind it %.1f dBm (%v %v %v)", west, nearW, east, err1, err2, err3)
	}
	png := filepath.Join(dir, "signal.png")
	if _, stderr, code := runCLI(t, "", false, "coverage", "-q", "--model", "hata", "--sites", sites,
		"--area", area, "--raster", png, "--cell", "60m", "--raster-radius", "3km"); code != 0 {
		t.Fatalf("png: exit %d: %s", code, stderr)
	}
	kml, err := os.ReadFile(filepath.Join(dir, "signal.kml"))
	if err != nil || !strings.Contains(string(kml), "<href>signal.png</href>") || !strings.Contains(string(kml), "<west>116.991</west>") {
		t.Errorf("ground overlay: %v\n%s", err, kml)
	}
}

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{"512MB": 512e6, "2GiB": 2 << 30, "1.5 KiB": 1536, "100": 100, "64b": 64} {
		if got, err := parseBytes(in); err != nil || got != want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MB", "-1MB", "lots"} {
		if _, err := parseBytes(in); err == nil {
			t.Errorf("parseBytes(%q) accepted", in)
		}
	}
}
