package cli

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/earth"
)

// TestAccessCommand runs the whole command on a hand-made network: a
// primary road from the kecamatan centre, a river from the road's end
// (a landing), a stream (not navigable, ignored), and a track that joins
// nothing. Expected times are computed here from the documented speeds:
// primary 50 km/h, boat 15 km/h, walking 4 km/h, boarding 15 min.
func TestAccessCommand(t *testing.T) {
	dir := "testdata/access"
	out, stderr, code := runCLI(t, "", false, "access", "--roads", filepath.Join(dir, "net.geojson"),
		"--targets", filepath.Join(dir, "villages.geojson"), "--facilities", filepath.Join(dir, "fac.geojson"), "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	minutes := func(m, kmh float64) float64 { return m / (kmh / 3.6) / 60 }
	walk1 := earth.DistanceM(orb.Point{117.05, 0.001}, orb.Point{117.05, 0})
	v1 := minutes(walk1, 4) + minutes(earth.DistanceM(orb.Point{117, 0}, orb.Point{117.05, 0}), 50)
	walk2 := earth.DistanceM(orb.Point{117.101, 0.1}, orb.Point{117.1, 0.1})
	v2 := minutes(walk2, 4) + 15 + minutes(earth.DistanceM(orb.Point{117.1, 0}, orb.Point{117.1, 0.1}), 15) +
		minutes(earth.DistanceM(orb.Point{117, 0}, orb.Point{117.1, 0}), 50)
	check := func(i int, key string, want any) {
		t.Helper()
		got := rows[i][key]
		if wf, ok := want.(float64); ok {
			gf, ok := got.(float64)
			if !ok || math.Abs(gf-wf) > 0.051 { // the output keeps one decimal
				t.Errorf("row %d %s = %v, want %.2f", i, key, got, wf)
			}
			return
		}
		if got != want {
			t.Errorf("row %d %s = %v, want %v", i, key, got, want)
		}
	}
	check(0, "mode", "road")
	check(0, "land_access", true)
	check(0, "travel_time_min", v1)
	check(0, "time_to_kecamatan_min", v1)
	check(0, "facility", "F1")
	check(1, "mode", "road+river")
	check(1, "land_access", false)
	check(1, "travel_time_min", v2)
	// beyond --max-snap: kept, with nulls
	check(2, "reachable", false)
	check(2, "travel_time_min", nil)
	check(2, "snap_m", nil)
	// on a road piece that joins nothing: snapped, no path
	check(3, "reachable", false)
	check(3, "facility", nil)
	if !strings.Contains(stderr, "no facility in kecamatan K2") || !strings.Contains(stderr, "1 beyond --max-snap, 1 with no path") {
		t.Errorf("stderr: %s", stderr)
	}
	// a shorter --max-snap leaves the river village unreachable too
	out, _, _ = runCLI(t, "", false, "access", "--roads", filepath.Join(dir, "net.geojson"), "--max-snap", "100m",
		"--targets", filepath.Join(dir, "villages.geojson"), "--facilities", filepath.Join(dir, "fac.geojson"), "-f", "json")
	json.Unmarshal([]byte(out), &rows)
	check(1, "reachable", false)
}

func TestAccessRoutesAndSummary(t *testing.T) {
	dir := "testdata/access"
	routes := filepath.Join(t.TempDir(), "routes.geojson")
	out, stderr, code := runCLI(t, "", false, "access", "--roads", filepath.Join(dir, "net.geojson"),
		"--targets", filepath.Join(dir, "villages.geojson"), "--facilities", filepath.Join(dir, "fac.geojson"),
		"--routes", routes, "--summary-by", "kecamatan", "-f", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "kecamatan,villages,reachable,land_access,no_land_access,mean_travel_time_min,farthest_village\n"
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "K2,2,0,0,2,,") {
		t.Errorf("summary:\n%s", out)
	}
	fs := readFeatures(t, routes)
	if len(fs) != 2 {
		t.Fatalf("%d routes, want 2 (the reachable villages)", len(fs))
	}
	ls := fs[0].Geometry.(orb.LineString)
	if ls[0] != (orb.Point{117.05, 0.001}) || ls[len(ls)-1] != (orb.Point{117, 0}) {
		t.Errorf("route 0 runs %v → %v", ls[0], ls[len(ls)-1])
	}
}

// TestAccessOSMExtract runs access on the real Delaware extract that
// github.com/paulmach/osm ships in its module: Wilmington to a facility in
// Dover is about 75 km by road, so the time must be that of a road trip.
func TestAccessOSMExtract(t *testing.T) {
	if testing.Short() {
		t.Skip("reads an 8 MB extract")
	}
	dirOut, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/paulmach/osm").Output()
	if err != nil {
		t.Fatalf("locating the osm module: %v", err)
	}
	pbf := filepath.Join(strings.TrimSpace(string(dirOut)), "testdata", "delaware-latest.osm.pbf")
	tmp := t.TempDir()
	targets := filepath.Join(tmp, "t.geojson")
	fac := filepath.Join(tmp, "f.geojson")
	os.WriteFile(targets, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"wilmington"},"geometry":{"type":"Point","coordinates":[-75.5466,39.7447]}}]}`), 0o644)
	os.WriteFile(fac, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"dover"},"geometry":{"type":"Point","coordinates":[-75.5244,39.1582]}}]}`), 0o644)
	out, stderr, code := runCLI(t, "", false, "access", "--roads", pbf, "--targets", targets, "--facilities", fac, "-f", "json")
	if code != 0 && code != ExitPartial {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	tt, _ := r["travel_time_min"].(float64)
	km, _ := r["distance_km"].(float64)
	if r["reachable"] != true || r["land_access"] != true || km < 65 || km > 110 || tt < 50 || tt > 180 {
		t.Errorf("Wilmington → Dover: %v", r)
	}
}

// Kecamatan names match whatever their case and spacing: a village of
// "Muara  kaman" gets the time to the capital of "MUARA KAMAN".
func TestAccessKecamatanNamesMatchLoosely(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	roads := write("r.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"highway":"primary"},"geometry":{"type":"LineString","coordinates":[[117.0,-0.5],[117.1,-0.5]]}}]}`)
	vill := write("v.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"a","kecamatan":"Muara  kaman"},"geometry":{"type":"Point","coordinates":[117.0,-0.5]}}]}`)
	fac := write("f.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"k","kecamatan":"MUARA KAMAN"},"geometry":{"type":"Point","coordinates":[117.1,-0.5]}}]}`)
	out, stderr, code := runCLI(t, "", false, "access", "--roads", roads, "--targets", vill, "--facilities", fac, "-q", "-f", "json")
	if code != 0 || strings.Contains(stderr, "no facility in kecamatan") || strings.Contains(out, `"time_to_kecamatan_min":null`) || !strings.Contains(out, `"time_to_kecamatan_min"`) {
		t.Errorf("exit %d: %s\n%s", code, out, stderr)
	}
}
