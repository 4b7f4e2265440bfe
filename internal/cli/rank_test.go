package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func rankArgs(extra ...string) []string {
	return append([]string{"rank", "--villages", "testdata/rank/villages.geojson", "--sites", "testdata/rank/sites.csv"}, extra...)
}

func rankOrder(t *testing.T, extra ...string) []string {
	t.Helper()
	out, stderr, code := runCLI(t, "", false, rankArgs(append(extra, "-f", "json")...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r["id"].(string))
	}
	return ids
}

// TestRankOrder: T1 (3 km) covers C (at the site) and E (2.2 km). Of the
// uncovered, A and B have the most people without signal; D is farthest
// from the site. Covered villages come last, E (2.2 km from the site)
// before C (at the site).
func TestRankOrder(t *testing.T) {
	got := strings.Join(rankOrder(t), ",")
	if got != "A,B,D,E,C" {
		t.Errorf("order %s, want A,B,D,E,C", got)
	}
	// Weights that count only the distance to the nearest site put the
	// farthest village first; covered ones still come last.
	dir := t.TempDir()
	w := filepath.Join(dir, "w.yaml")
	os.WriteFile(w, []byte("uncovered_population: 0\noffice_without_signal: 0\neconomic_without_signal: 0\nremoteness: 0\nno_land_access: 0\ngain_per_site: 0\ndistance_to_site: 1\n"), 0o644)
	if got := strings.Join(rankOrder(t, "--weights", w), ","); got != "D,A,B,E,C" {
		t.Errorf("distance-only order %s, want D,A,B,E,C", got)
	}
	// an unknown key is an error naming it and its line
	os.WriteFile(w, []byte("uncovered_population: 1\nremotness: 2\n"), 0o644)
	_, stderr, code := runCLI(t, "", false, rankArgs("--weights", w)...)
	if code != ExitError || !strings.Contains(stderr, "remotness") || !strings.Contains(stderr, "line 2") {
		t.Errorf("unknown key: exit %d: %s", code, stderr)
	}
}

// TestRankGolden writes the same ranking in every format.
func TestRankGolden(t *testing.T) {
	for _, f := range []struct{ format, file string }{
		{"table", "rank.txt"}, {"csv", "rank.csv"}, {"json", "rank.json"}, {"md", "rank.md"},
		{"geojson", "rank.geojson"}, {"geojsonseq", "rank.geojsons"}, {"kml", "rank.kml"},
	} {
		out, stderr, code := runCLI(t, "", false, rankArgs("-f", f.format)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", f.format, code, stderr)
		}
		golden(t, f.file, out)
	}
	out, _, code := runCLI(t, "", false, rankArgs("--by", "kecamatan", "-f", "csv")...)
	if code != 0 {
		t.Fatal("by kecamatan failed")
	}
	golden(t, "rank_kecamatan.csv", out)
}

func TestRankNoPopulation(t *testing.T) {
	dir := t.TempDir()
	v := filepath.Join(dir, "v.geojson")
	b, _ := os.ReadFile("testdata/rank/villages.geojson")
	s := strings.NewReplacer(`,"penduduk":3000`, "", `,"penduduk":500`, "", `,"penduduk":100`, "", `,"penduduk":800`, "").Replace(string(b))
	os.WriteFile(v, []byte(s), 0o644)
	out, stderr, code := runCLI(t, "", false, "rank", "--villages", v, "--sites", "testdata/rank/sites.csv", "-f", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(firstLines(out, 1), "uncovered_share") || strings.Contains(firstLines(out, 1), "uncovered_population") {
		t.Errorf("header %s", firstLines(out, 1))
	}
}

// TestRankWithAccess: with the road/river network, the village reachable
// only by boat and the one beyond any road get VSAT, the road village a
// small cell (no population known, so not a macro site).
func TestRankWithAccess(t *testing.T) {
	dir := t.TempDir()
	sites := filepath.Join(dir, "s.csv")
	os.WriteFile(sites, []byte("id,tech,lon,lat,radius_m\nFAR,4G,110,0,1000\n"), 0o644)
	d := "testdata/access/"
	out, stderr, code := runCLI(t, "", false, "rank", "--villages", d+"villages.geojson", "--sites", sites,
		"--roads", d+"net.geojson", "--facilities", d+"fac.geojson", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	json.Unmarshal([]byte(out), &rows)
	got := map[string]string{}
	for _, r := range rows {
		got[r["id"].(string)] = r["intervention"].(string) + "/" + strings.TrimSpace(jsonString(r["no_land_access"]))
	}
	want := map[string]string{"V1": "small_cell/0", "V2": "vsat/1", "V3": "vsat/1", "V4": "vsat/1"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// rank on the example uses the scenario's office and economic-centre
// layers, judged at their own places as the report judges them: the
// offices without signal are the report's.
func TestRankUsesScenarioOffices(t *testing.T) {
	out, stderr, code := runCLI(t, "", false, "rank", "--example", "--year", "2026", "-q", "-f", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	col := -1
	for i, h := range strings.Split(lines[0], ",") {
		if h == "office_without_signal" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no office_without_signal column: %s", lines[0])
	}
	n := 0
	for _, l := range lines[1:] {
		if f := strings.Split(l, ","); len(f) > col && f[col] == "1" {
			n++
		}
	}
	rep, stderr, code := runCLI(t, "", false, "report", "--example", "-q", "-f", "json")
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var r struct {
		Indicators []struct {
			Key    string
			Total  float64
			Values []struct{ Value float64 }
		}
	}
	if err := json.Unmarshal([]byte(rep), &r); err != nil {
		t.Fatal(err)
	}
	for _, s := range r.Indicators {
		if s.Key == "offices_with_signal" {
			if want := int(s.Total - s.Values[len(s.Values)-1].Value); n != want || want == 0 {
				t.Errorf("rank: %d offices without signal; the report counts %d", n, want)
			}
			return
		}
	}
	t.Error("no offices_with_signal in the report")
}
