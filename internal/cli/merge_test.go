package cli

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/raster"
)

// Sharded runs merge into exactly what the whole run writes, byte for
// byte: the example's coverage rows (CSV and GeoJSON) and a hata raster,
// split 1, 2 and 7 ways, its blank spots in GeoJSON parts merged into
// KML, and an itm raster over terrain in 3 bands.
func TestShardsMergeToTheWholeRun(t *testing.T) {
	at, run := inTempDir(t)
	same := func(a, b string) {
		t.Helper()
		x, err1 := os.ReadFile(a)
		y, err2 := os.ReadFile(b)
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) || len(x) == 0 {
			t.Errorf("%s and %s differ (%d and %d bytes)", filepath.Base(a), filepath.Base(b), len(x), len(y))
		}
	}
	run("coverage", "--example", "-q", "--year", "2022", "-o", at("whole.csv"))
	run("coverage", "--example", "-q", "--year", "2022", "-o", at("whole.geojson"))
	run("coverage", "--example", "-q", "--model", "hata", "--raster", at("whole.tif"), "--cell", "2km")
	for _, n := range []int{1, 2, 7} {
		var csvs, gjs, tifs []string
		for i := 0; i < n; i++ {
			shard := fmt.Sprintf("%d/%d", i, n)
			c, g, r := at(fmt.Sprintf("p%d_%d.csv", n, i)), at(fmt.Sprintf("p%d_%d.geojson", n, i)), at(fmt.Sprintf("b%d_%d.tif", n, i))
			run("coverage", "--example", "-q", "--year", "2022", "--shard", shard, "-o", c)
			run("coverage", "--example", "-q", "--year", "2022", "--shard", shard, "-o", g)
			run("coverage", "--example", "-q", "--model", "hata", "--raster", r, "--cell", "2km", "--shard", shard)
			csvs, gjs, tifs = append(csvs, c), append(gjs, g), append(tifs, r)
		}
		// the parts in any order
		for k, parts := range [][]string{csvs, gjs, tifs} {
			out := at(fmt.Sprintf("merged%d_%d%s", n, k, filepath.Ext(parts[0])))
			rev := append([]string(nil), parts...)
			for a, b := 0, len(rev)-1; a < b; a, b = a+1, b-1 {
				rev[a], rev[b] = rev[b], rev[a]
			}
			run(append([]string{"merge", "-q", "-o", out}, rev...)...)
			same(at("whole"+filepath.Ext(parts[0])), out)
		}
	}
	// an itm raster over a hilly DEM, in 3 bands
	writeHillsDEM(t, at("dem.tif"), 116.95, 0.05, 200, 200)
	os.WriteFile(at("s.csv"), []byte("id,tech,lon,lat,height_m\nA,4G,117.0,0.0,35\nB,4G,117.01,-0.01,30\n"), 0o644)
	os.WriteFile(at("area.geojson"), []byte(`{"type":"Polygon","coordinates":[[[116.97,-0.03],[117.03,-0.03],[117.03,0.03],[116.97,0.03],[116.97,-0.03]]]}`), 0o644)
	itm := []string{"coverage", "-q", "--model", "itm", "--dem", at("dem.tif"), "--sites", at("s.csv"), "--area", at("area.geojson"), "--cell", "100m", "--raster-radius", "4km", "--raster"}
	run(append(itm, at("itm.tif"))...)
	if b, err := os.ReadFile(at("itm.tif")); err == nil {
		w, err := raster.ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), "itm.tif")
		served := 0
		for _, v := range w.Data {
			if !math.IsNaN(float64(v)) {
				served++
			}
		}
		if err != nil || served < len(w.Data)/4 {
			t.Fatalf("itm raster: %v, %d of %d cells served", err, served, len(w.Data))
		}
	}
	var bands []string
	for i := 0; i < 3; i++ {
		b := at(fmt.Sprintf("itm%d.tif", i))
		run(append(itm, b, "--shard", fmt.Sprintf("%d/3", i))...)
		bands = append(bands, b)
	}
	run(append([]string{"merge", "-q", "-o", at("itm_merged.tif")}, bands...)...)
	same(at("itm.tif"), at("itm_merged.tif"))
	// itm over 16 village polygons around the corner of four shard tiles
	// (117°, 0°): about 3,100 sample points, so the whole run sweeps the
	// sites (2000 points or more within reach) and a shard of fewer
	// points counts the whole run's to choose as it does
	var vs []string
	for r := 0; r < 4; r++ {
		for c := 0; c < 4; c++ {
			x0, y0 := 116.97+0.015*float64(c), -0.03+0.015*float64(r)
			vs = append(vs, fmt.Sprintf(`{"type":"Feature","properties":{"id":"V%d%d","population":%d},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
				r, c, 100+37*(4*r+c), x0, y0, x0+0.015, y0, x0+0.015, y0+0.015, x0, y0+0.015, x0, y0))
		}
	}
	os.WriteFile(at("v.geojson"), []byte(`{"type":"FeatureCollection","features":[`+strings.Join(vs, ",")+`]}`), 0o644)
	itmv := []string{"coverage", "-q", "--model", "itm", "--dem", at("dem.tif"), "--sites", at("s.csv"), "--targets", at("v.geojson"), "--sample", "120m"}
	run(append(itmv, "-o", at("itmv.csv"))...)
	for _, n := range []int{2, 7} {
		var parts []string
		for i := 0; i < n; i++ {
			c := at(fmt.Sprintf("itmv%d_%d.csv", n, i))
			run(append(itmv, "--shard", fmt.Sprintf("%d/%d", i, n), "-o", c)...)
			parts = append(parts, c)
		}
		run(append([]string{"merge", "-q", "-o", at(fmt.Sprintf("itmv_merged%d.csv", n))}, parts...)...)
		same(at("itmv.csv"), at(fmt.Sprintf("itmv_merged%d.csv", n)))
	}
	// gaps in parts of GeoJSON merged into KML, named as gaps names it
	run("gaps", "--example", "-q", "--year", "2022", "-o", at("gaps.kml"))
	var gparts []string
	for i := 0; i < 3; i++ {
		g := at(fmt.Sprintf("g%d.geojson", i))
		run("gaps", "--example", "-q", "--year", "2022", "--shard", fmt.Sprintf("%d/3", i), "-o", g)
		gparts = append(gparts, g)
	}
	run(append([]string{"merge", "-q", "--name", "gaps", "-o", at("gaps_merged.kml")}, gparts...)...)
	same(at("gaps.kml"), at("gaps_merged.kml"))
	// a part missing, a part twice, a file that is no shard
	for _, c := range []struct {
		files []string
		want  string
	}{
		{[]string{at("b2_0.tif"), at("b7_3.tif")}, "an overlap"},
		{[]string{at("b7_0.tif"), at("b7_2.tif")}, "a gap"},
		{[]string{at("p2_0.csv"), at("p2_0.csv")}, "the same shard given twice"},
		{[]string{at("whole.csv")}, "not the output of a run with --shard"},
	} {
		if _, stderr, code := runCLI(t, "", false, append([]string{"merge", "-o", at("x" + filepath.Ext(c.files[0])), "--overwrite"}, c.files...)...); code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("merge %v: exit %d, %s", c.files, code, stderr)
		}
	}
	if _, stderr, code := runCLI(t, "", false, "coverage", "--example", "--shard", "2/2"); code != ExitUsage || !strings.Contains(stderr, "0 ≤ I < N") {
		t.Errorf("--shard 2/2: exit %d, %s", code, stderr)
	}
}

// inTempDir gives the path of a name in a fresh temporary folder, and a
// runner of commands that must succeed.
func inTempDir(t *testing.T) (at func(name string) string, run func(args ...string)) {
	dir := t.TempDir()
	at = func(name string) string { return filepath.Join(dir, name) }
	run = func(args ...string) {
		t.Helper()
		if _, stderr, code := runCLI(t, "", false, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	return at, run
}

// -v times the phases of coverage and access; -q prints none.
func TestVerbosePhaseTimes(t *testing.T) {
	for cmd, phases := range map[string][]string{
		"coverage": {"time: read ", "evaluate ", "write ", "total "},
		"access":   {"time: read and build the network ", "read targets ", "snap and search ", "write ", "total "},
	} {
		_, stderr, code := runCLI(t, "", false, cmd, "--example", "-v", "-f", "csv")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, code, stderr)
		}
		for _, p := range phases {
			if !strings.Contains(stderr, p) {
				t.Errorf("%s -v: no %q in\n%s", cmd, p, stderr)
			}
		}
		if _, stderr, _ := runCLI(t, "", false, cmd, "--example", "-f", "csv"); strings.Contains(stderr, "time: ") {
			t.Errorf("%s without -v prints times", cmd)
		}
	}
}

// TestGapAreaShardsJoinToTheAreas splits the example's blank-spot areas
// by the study area's cells: for N = 1, 2 and 7 the shards' cells merge
// into the whole run's cells file byte for byte, and the areas made from
// them are the whole run's areas byte for byte. Parts unmerged, cells of
// other parameters, --shard --areas without --cells-out and --cells
// without --areas are refused.
func TestGapAreaShardsJoinToTheAreas(t *testing.T) {
	at, run := inTempDir(t)
	read := func(name string) []byte { return readNonEmpty(t, at(name)) }
	base := []string{"gaps", "--example", "-q", "--year", "2022", "--areas", "--cell", "2km"}
	run(append(base, "-o", at("whole.geojson"))...)
	run(append(base, "--cells-out", at("cells.csv"))...)
	if n := bytes.Count(read("whole.geojson"), []byte(`"type":"Feature"`)); n < 5 {
		t.Fatalf("%d blank-spot areas: the case tests little", n)
	}
	if !bytes.Contains(read("cells.csv"), []byte(",false,")) || !bytes.Contains(read("cells.csv"), []byte(",true,")) {
		t.Fatal("the cells are all covered or all not")
	}
	for _, n := range []int{1, 2, 7} {
		merged := runShards(at, run, base, "--cells-out", "c", n)
		if !bytes.Equal(read(merged), read("cells.csv")) {
			t.Errorf("%d shards: the merged cells differ from the whole run's", n)
		}
		areas := fmt.Sprintf("areas%d.geojson", n)
		run(append(base, "--cells", at(merged), "-o", at(areas))...)
		if !bytes.Equal(read(areas), read("whole.geojson")) {
			t.Errorf("%d shards: the areas from the cells differ from the whole run's", n)
		}
	}
	expectRefusals(t, []refusal{
		{append(base, "--cells", at("c7_3.csv")), "join the parts with kukarcli merge"},
		{append(base[:len(base)-1:len(base)-1], "1km", "--cells", at("cells.csv")), "rows for a study area of"},
		{append(base, "--model", "hata", "--cells", at("cells.csv")), "made for other inputs or parameters"},
		{append(base, "--shard", "0/2"), "give --cells-out"},
		{[]string{"gaps", "--example", "-q", "--cells", at("cells.csv")}, "give --areas"},
		{append(base, "--cells", at("cells.csv"), "--cells-out", at("again.csv")), "give one"},
	})
}

// readNonEmpty is a file the test needs to exist and hold something.
func readNonEmpty(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		t.Fatalf("%s: %v, %d bytes", filepath.Base(path), err, len(b))
	}
	return b
}

// runShards runs the command base as N shards, each writing its part
// with outFlag to prefixN_I.csv (last shard first), merges the parts in
// that order and returns the merged file's name.
func runShards(at func(string) string, run func(...string), base []string, outFlag, prefix string, n int) string {
	var parts []string
	for i := n - 1; i >= 0; i-- {
		p := at(fmt.Sprintf("%s%d_%d.csv", prefix, n, i))
		run(append(base, "--shard", fmt.Sprintf("%d/%d", i, n), outFlag, p)...)
		parts = append(parts, p)
	}
	merged := fmt.Sprintf("merged%d.csv", n)
	run(append([]string{"merge", "-q", "-o", at(merged)}, parts...)...)
	return merged
}

// refusal is a command line that must fail with a message containing
// want.
type refusal struct {
	args []string
	want string
}

func expectRefusals(t *testing.T, cases []refusal) {
	t.Helper()
	for _, c := range cases {
		if _, stderr, code := runCLI(t, "", false, c.args...); code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want an error saying %q", c.args, code, stderr, c.want)
		}
	}
}
