package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// kmLon is the longitude span of 1 km on the equator (WGS 84: a·π/180 per
// degree), so hand-placed points sit at known distances.
const kmLon = 1 / 111.3195

// greedyTrap writes the textbook case where greedy is not optimal: Z (at
// 2 km) alone covers the most (B, C, E: 13 people), but X and Y together
// cover A, B, C, D (22) while greedy, having taken Z, adds only 6.
func greedyTrap(t *testing.T) (villages, sites, cands string) {
	dir := t.TempDir()
	pts := []struct {
		id  string
		km  float64
		pop int
	}{{"A", -0.5, 6}, {"B", 1.0, 5}, {"C", 3.0, 5}, {"D", 4.5, 6}, {"E", 2.0, 3}}
	var sb strings.Builder
	sb.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, p := range pts {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"type":"Feature","properties":{"kode":%q,"nama":"Desa %s","kecamatan":"K","penduduk":%d},"geometry":{"type":"Point","coordinates":[%.9f,0]}}`,
			p.id, p.id, p.pop, 117+p.km*kmLon)
	}
	sb.WriteString("]}")
	villages = filepath.Join(dir, "v.geojson")
	os.WriteFile(villages, []byte(sb.String()), 0o644)
	sites = filepath.Join(dir, "s.csv")
	os.WriteFile(sites, []byte("id,tech,lon,lat,radius_m\nOLD,4G,100,0,1000\n"), 0o644)
	cands = filepath.Join(dir, "c.csv")
	os.WriteFile(cands, []byte(fmt.Sprintf("id,lon,lat\nX,%.9f,0\nY,%.9f,0\nZ,%.9f,0\n", 117.0, 117+4*kmLon, 117+2*kmLon)), 0o644)
	return
}

func TestPlanGreedyGap(t *testing.T) {
	v, s, c := greedyTrap(t)
	out, stderr, code := runCLI(t, "", false, "plan", "--villages", v, "--sites", s, "--candidates", c,
		"-k", "2", "--new-site", "radius_m=1200", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	json.Unmarshal([]byte(out), &rows)
	if len(rows) != 2 || rows[0]["candidate"] != "Z" || rows[1]["candidate"] != "X" ||
		rows[0]["gain_population"] != 13.0 || rows[1]["cumulative_population"] != 19.0 {
		t.Fatalf("picks %v", rows)
	}
	// the exact optimum (X, Y: 22) is found and the gap (3/22) reported
	if !strings.Contains(stderr, "13.6 % below the optimum") || !strings.Contains(stderr, "best set: X, Y") {
		t.Errorf("stderr: %s", stderr)
	}
	// --improve swaps Z for Y and reaches the optimum
	out, stderr, _ = runCLI(t, "", false, "plan", "--villages", v, "--sites", s, "--candidates", c,
		"-k", "2", "--new-site", "radius_m=1200", "--improve", "-f", "json")
	json.Unmarshal([]byte(out), &rows)
	if rows[1]["cumulative_population"] != 22.0 || !strings.Contains(stderr, "greedy equals the exact optimum") {
		t.Errorf("improve: %v %s", rows, stderr)
	}
}

// TestPlanOptimalAndDeterministic: with one candidate per village and
// k = 1, the best pick covers the most people (Z again, 13), and the
// bytes do not depend on GOMAXPROCS.
func TestPlanOptimalAndDeterministic(t *testing.T) {
	v, s, c := greedyTrap(t)
	run := func(procs int) string {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		out, stderr, code := runCLI(t, "", false, "plan", "--villages", v, "--sites", s, "--candidates", c,
			"--target-share", "0.9", "--new-site", "radius_m=1200", "-f", "csv")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return out
	}
	a, b := run(1), run(2)
	if a != b {
		t.Fatal("output differs between GOMAXPROCS=1 and 2")
	}
	// 25 people; 0.9 needs 22.5: Z (13) then X (6) then Y (6) = 25
	if strings.Count(a, "\n") != 4 || !strings.Contains(a, "3,Y,6,25,1,") {
		t.Errorf("target-share run:\n%s", a)
	}
}

// TestPlanShardsJoinToThePlan splits the example's candidate evaluation
// 1, 2 and 7 ways: the merged parts equal the unsharded evaluations byte
// for byte, and the plan picked from them equals the plan judged
// directly. Evaluations of other inputs, a part not merged and --shard
// without --evaluations-out are refused.
func TestPlanShardsJoinToThePlan(t *testing.T) {
	at, run := inTempDir(t)
	read := func(name string) []byte { return readNonEmpty(t, at(name)) }
	base := []string{"plan", "--example", "-q", "--candidate-grid", "4km"}
	run(append(base, "-k", "8", "-o", at("direct.csv"))...)
	run(append(base, "--evaluations-out", at("all.csv"))...)
	covering := 0
	for _, line := range strings.Split(string(read("all.csv")), "\n")[1:] {
		if f := strings.Split(line, ","); len(f) > 4 && f[4] != "" {
			covering++
		}
	}
	if covering < 20 {
		t.Fatalf("only %d candidates cover anything: the case tests little", covering)
	}
	for _, n := range []int{1, 2, 7} {
		merged := runShards(at, run, base, "--evaluations-out", "e", n)
		if !bytes.Equal(read(merged), read("all.csv")) {
			t.Errorf("%d shards: merged evaluations differ from the unsharded ones", n)
		}
		plan := fmt.Sprintf("plan%d.csv", n)
		run(append(base, "-k", "8", "--evaluations", at(merged), "-o", at(plan))...)
		if !bytes.Equal(read(plan), read("direct.csv")) {
			t.Errorf("%d shards: the plan from the evaluations differs from the direct plan:\n%s\n%s", n, read(plan), read("direct.csv"))
		}
	}
	// a list cut short, as a shapefile's 254-byte text would cut it
	lines := strings.Split(string(read("all.csv")), "\n")
	for i, line := range lines[1:] {
		if f := strings.Split(line, ","); len(f) > 4 && strings.Contains(f[4], " ") {
			f[4] = f[4][:strings.LastIndexByte(f[4], ' ')]
			lines[i+1] = strings.Join(f, ",")
			break
		}
	}
	os.WriteFile(at("cut.csv"), []byte(strings.Join(lines, "\n")), 0o644)
	expectRefusals(t, []refusal{
		{append(base, "-k", "8", "--evaluations", at("cut.csv")), "cut short"},
		{append(base, "-k", "8", "--new-site", "radius_m=2500", "--evaluations", at("all.csv")), "made for other inputs or parameters"},
		{append(base, "-k", "8", "--evaluations", at("e7_3.csv")), "join the parts with kukarcli merge"},
		{append(base[:2:2], "-k", "8", "--evaluations", at("all.csv")), "candidates"},
		{append(base, "--shard", "0/2"), "give --evaluations-out"},
	})
}
