package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

const exampleDir = "../../examples"

// runCLI runs one command line in memory and returns stdout, stderr and
// the exit status.
func runCLI(t *testing.T, stdin string, tty bool, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errb, StdoutTTY: tty, StderrTTY: tty}
	code := Run(context.Background(), args, streams)
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, firstLines(got, 40))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "")
}

func TestExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"info"}, ExitUsage, "requires at least 1 arg"},
		{[]string{"convert", "--nope", "a", "b"}, ExitUsage, "unknown flag"},
		{[]string{"--progress", "sometimes", "version"}, ExitUsage, "--progress"},
		{[]string{"info", "does-not-exist.geojson"}, ExitError, "does-not-exist.geojson"},
		{[]string{"info", "file.unknownext"}, ExitError, "file.unknownext"},
		{[]string{"convert", "--precision", "40", "a.geojson", "b.geojson"}, ExitUsage, "--precision"},
		{[]string{"version"}, ExitOK, ""},
	}
	for _, c := range cases {
		_, stderr, code := runCLI(t, "", false, c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d (stderr %q)", c.args, code, c.code, stderr)
		}
		if c.msg != "" && !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: stderr %q does not mention %q", c.args, stderr, c.msg)
		}
	}
}

// TestInfoCounts checks the counts of the data's README: 237 desa (223
// Polygon, 14 MultiPolygon), 20 kecamatan, 237 centroids.
func TestInfoCounts(t *testing.T) {
	cases := []struct {
		file  string
		count string
		types string
	}{
		{"kukar/kukar_6402_desa.geojson", `"count":237`, `"geometry_types":{"MultiPolygon":14,"Polygon":223}`},
		{"kukar/shp/kukar_6402_desa.shp", `"count":237`, `"geometry_types":{"MultiPolygon":14,"Polygon":223}`},
		// the data's README says 20 Polygon; ogrinfo finds 4 of them MULTIPOLYGON
		{"kukar/kukar_6402_kecamatan.geojson", `"count":20`, `"geometry_types":{"MultiPolygon":4,"Polygon":16}`},
		{"kukar/shp/kukar_6402_kecamatan.shp", `"count":20`, `"geometry_types":{"MultiPolygon":4,"Polygon":16}`},
		{"kukar/kukar_6402_desa_centroids.geojson", `"count":237`, `"geometry_types":{"Point":237}`},
		{"kukar/shp/kukar_6402_desa_centroids.shp", `"count":237`, `"geometry_types":{"Point":237}`},
		{"kukar/kukar_6402_kabkota.geojson", `"count":1`, `"geometry_types":{"MultiPolygon":1}`},
		{"kukar/kukar_6402_kecamatan_centroids.geojson", `"count":20`, `"geometry_types":{"Point":20}`},
	}
	for _, c := range cases {
		out, stderr, code := runCLI(t, "", false, "info", "--json", filepath.Join(exampleDir, c.file))
		if code != 0 {
			t.Errorf("%s: exit %d: %s", c.file, code, stderr)
			continue
		}
		if !strings.Contains(out, c.count) || !strings.Contains(out, c.types) {
			t.Errorf("%s: %s", c.file, out)
		}
		for _, key := range []string{`"format":`, `"crs":"EPSG:4326"`, `"fields":[{"name":"kode"`, `"bbox":[`} {
			if !strings.Contains(out, key) {
				t.Errorf("%s: no %s in %s", c.file, key, out)
			}
		}
	}
}

func TestInfoGolden(t *testing.T) {
	out, stderr, code := runCLI(t, "", false, "info",
		filepath.Join(exampleDir, "kukar/kukar_6402_kecamatan.geojson"),
		filepath.Join(exampleDir, "kukar/shp/kukar_6402_kecamatan.shp"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "info_kecamatan.txt", out)
	out, _, _ = runCLI(t, "", false, "info", "--json", filepath.Join(exampleDir, "kukar/shp/kukar_6402_desa.shp"))
	golden(t, "info_desa_shp.json", out)
}

func TestConvertGolden(t *testing.T) {
	in := filepath.Join(exampleDir, "kukar/kukar_6402_kecamatan_centroids.geojson")
	for _, f := range []struct{ format, name string }{
		{"geojson", "kecamatan_centroids.geojson"},
		{"geojsonseq", "kecamatan_centroids.geojsons"},
		{"csv", "kecamatan_centroids.csv"},
		{"kml", "kecamatan_centroids.kml"},
	} {
		out, stderr, code := runCLI(t, "", false, "convert", "-f", f.format, in, "-")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", f.format, code, stderr)
		}
		golden(t, f.name, out)
	}
}

// TestStdinEquivalence: a file, the same file on standard input, and the
// features as an RS-delimited sequence on standard input convert to the
// same bytes.
func TestStdinEquivalence(t *testing.T) {
	in := filepath.Join(exampleDir, "kukar/kukar_6402_desa.geojson")
	fromFile, stderr, code := runCLI(t, "", false, "convert", in, "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	fromStdin, _, code := runCLI(t, string(data), false, "convert", "-", "-")
	if code != 0 || fromStdin != fromFile {
		t.Fatalf("stdin output differs (exit %d)", code)
	}
	seq, _, code := runCLI(t, "", false, "convert", "-f", "geojsonseq", in, "-")
	if code != 0 || !strings.HasPrefix(seq, "\x1e{") {
		t.Fatalf("seq output: exit %d, %q", code, firstLines(seq, 1))
	}
	fromSeq, stderr, code := runCLI(t, seq, false, "convert", "-", "-", "-f", "geojson")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fromSeq != fromFile {
		t.Fatalf("RS-delimited stdin output differs:\n%s\nvs\n%s", firstLines(fromSeq, 2), firstLines(fromFile, 2))
	}
}

func TestConvertOverwriteAndInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(exampleDir, "kukar/kukar_6402_kecamatan_centroids.geojson")
	out := filepath.Join(dir, "k.geojson")
	if _, stderr, code := runCLI(t, "", false, "convert", in, out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	first, _ := os.ReadFile(out)
	if _, stderr, code := runCLI(t, "", false, "convert", in, out); code != ExitError || !strings.Contains(stderr, "--overwrite") {
		t.Fatalf("second write without --overwrite: exit %d %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "", false, "convert", "--overwrite", out, out); code != ExitError || !strings.Contains(stderr, "input") {
		t.Fatalf("writing onto the input: exit %d %s", code, stderr)
	}
	after, _ := os.ReadFile(out)
	if !bytes.Equal(first, after) {
		t.Fatal("the input was changed")
	}
	// a failing conversion leaves no file behind
	bad := filepath.Join(dir, "bad.geojson")
	os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,1]}},{"type":`), 0o644)
	out2 := filepath.Join(dir, "out2.shp")
	if _, _, code := runCLI(t, "", false, "convert", bad, out2); code != ExitError {
		t.Fatalf("truncated input: exit %d", code)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "out2*"))
	if len(left) != 0 {
		t.Fatalf("files left after a failed conversion: %v", left)
	}
}

func TestConvertSkipsAndStrict(t *testing.T) {
	text := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":1,"properties":{},"geometry":{"type":"Point","coordinates":[117,-0.5]}},
{"type":"Feature","id":2,"properties":{},"geometry":{"type":"Point","coordinates":[117,-95]}},
{"type":"Feature","id":3,"properties":{},"geometry":{"type":"Point","coordinates":[117,-96]}},
{"type":"Feature","id":1,"properties":{},"geometry":{"type":"Point","coordinates":[117,-0.6]}}]}`
	out, stderr, code := runCLI(t, text, false, "convert", "-", "-", "-f", "geojsonl")
	if code != ExitPartial {
		t.Fatalf("exit %d, want 3: %s", code, stderr)
	}
	// both features with id 1 are kept, the duplicate reported
	if strings.Count(out, "\n") != 2 {
		t.Errorf("kept %q", out)
	}
	if strings.Count(stderr, "warning:") != 2 || !strings.Contains(stderr, "<stdin>:feature 1 (id 2)") ||
		!strings.Contains(stderr, "<stdin>:feature 3 (id 1): duplicate id") ||
		!strings.Contains(stderr, "read <stdin>: 4 records, 2 used, 2 skipped (2 invalid coordinate); 1 id used by more than one feature") ||
		strings.Contains(stderr, "in all") {
		t.Errorf("stderr:\n%s", stderr)
	}
	_, stderr, code = runCLI(t, text, false, "convert", "--strict", "-", "-")
	if code != ExitError || !strings.Contains(stderr, "feature 1 (id 2)") {
		t.Fatalf("strict: exit %d %s", code, stderr)
	}
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "scenario.yaml")
	os.WriteFile(cfg, []byte("options:\n  precision: 2\n"), 0o644)
	in := filepath.Join(exampleDir, "kukar/kukar_6402_kecamatan_centroids.geojson")
	out, stderr, code := runCLI(t, "", false, "--config", cfg, "convert", "-f", "geojsonl", in, "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	long := regexp.MustCompile(`"coordinates":\[\d+\.\d{3,}`)
	if long.MatchString(out) || !strings.Contains(out, `"coordinates":[`) {
		t.Errorf("precision 2 from the config not applied: %s", firstLines(out, 1))
	}
	// the flag wins over the file
	out2, _, _ := runCLI(t, "", false, "--config", cfg, "convert", "--precision", "7", "-f", "geojsonl", in, "-")
	if out2 == out {
		t.Error("--precision on the command line did not override the config")
	}
	os.WriteFile(cfg, []byte("options:\n  precison: 2\n"), 0o644)
	_, stderr, code = runCLI(t, "", false, "--config", cfg, "convert", in, "-")
	if code != ExitError || !strings.Contains(stderr, "line 2") || !strings.Contains(stderr, "precison") {
		t.Errorf("unknown key: exit %d, %s", code, stderr)
	}
}

// CSV for Excel on Windows: --bom starts the file with the UTF-8 byte
// order mark, --crlf ends every line with CR LF; kukarcli reads such a
// file back unchanged. Without them, plain LF and no mark.
func TestCSVForExcel(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join("..", "..", "examples", "rpjmd", "menara_ilustratif.csv")
	plain, excel, back := filepath.Join(dir, "plain.csv"), filepath.Join(dir, "excel.csv"), filepath.Join(dir, "back.csv")
	for _, c := range [][]string{{"convert", in, plain}, {"convert", in, excel, "--bom", "--crlf"}, {"convert", excel, back}} {
		if _, stderr, code := runCLI(t, "", false, c...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c, code, stderr)
		}
	}
	p, _ := os.ReadFile(plain)
	e, _ := os.ReadFile(excel)
	b, _ := os.ReadFile(back)
	if bytes.HasPrefix(p, []byte("\ufeff")) || bytes.Contains(p, []byte("\r")) {
		t.Error("plain CSV has a byte order mark or CR")
	}
	if !bytes.HasPrefix(e, []byte("\ufeffid,")) {
		t.Errorf("--bom: starts %q", e[:8])
	}
	lines := bytes.Split(bytes.TrimSuffix(e, []byte("\r\n")), []byte("\r\n"))
	if n := bytes.Count(e, []byte("\n")); n != len(lines) || bytes.Count(e, []byte("\r\n")) != n {
		t.Errorf("--crlf: %d lines, %d end in CR LF", n, bytes.Count(e, []byte("\r\n")))
	}
	if !bytes.Equal(b, p) {
		t.Error("the Excel CSV does not read back as the plain one")
	}
	// the tables of the analysis commands too
	out, stderr, code := runCLI(t, "", false, "coverage", "--example", "--year", "2022", "-q", "-f", "csv", "--bom", "--crlf")
	if code != 0 {
		t.Fatalf("coverage: exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "\ufeffid,") || !strings.HasSuffix(out, "\r\n") {
		t.Errorf("coverage --bom --crlf: %q … %q", out[:10], out[len(out)-4:])
	}
}

// Every analysis written as a shapefile says its CRS in a .prj, and its
// numbers keep their decimals.
func TestAnalysisShapefilesHavePrj(t *testing.T) {
	dir := t.TempDir()
	for _, c := range [][]string{
		{"coverage", "--example", "-q", "--year", "2022", "-o", filepath.Join(dir, "coverage.shp")},
		{"rank", "--example", "-q", "--year", "2022", "-o", filepath.Join(dir, "rank.shp")},
		{"access", "--example", "-q", "-o", filepath.Join(dir, "access.shp"), "--routes", filepath.Join(dir, "routes.shp")},
	} {
		if _, stderr, code := runCLI(t, "", false, c...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c, code, stderr)
		}
	}
	for _, n := range []string{"coverage", "rank", "access", "routes"} {
		b, err := os.ReadFile(filepath.Join(dir, n+".prj"))
		if err != nil || !strings.Contains(string(b), `GEOGCS["GCS_WGS_1984"`) && !strings.Contains(string(b), "WGS") {
			t.Errorf("%s.prj: %v %q", n, err, b)
		}
	}
	out, stderr, code := runCLI(t, "", false, "info", "--json", filepath.Join(dir, "rank.shp"))
	if code != 0 {
		t.Fatalf("info: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, `"score"`) || !strings.Contains(out, `"name":"score","type":"real","width":6,"precision":4`) {
		t.Errorf("rank.shp score column without its decimals: %s", out)
	}
}

// Small defects: sites that give no usable site stop the run (a swapped
// lat/lon is pointed out), a GeoJSON file with a UTF-8 byte order mark is
// read, an unknown shell for completion is a usage error.
func TestSmallDefects(t *testing.T) {
	dir := t.TempDir()
	targets := filepath.Join("..", "..", "examples", "kukar", "kukar_6402_desa_centroids.geojson")
	empty := filepath.Join(dir, "empty.geojson")
	os.WriteFile(empty, nil, 0o644)
	swapped := filepath.Join(dir, "swapped.csv")
	os.WriteFile(swapped, []byte("id,lat,lon\nA,117.1,-0.5\n"), 0o644)
	for _, c := range []struct {
		sites, want string
	}{{empty, "no sites"}, {swapped, "swapped? as lon 117.1, lat -0.5 it would fit"}} {
		_, stderr, code := runCLI(t, "", false, "coverage", "--sites", c.sites, "--targets", targets, "-f", "csv")
		if code != ExitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d: %s", c.sites, code, stderr)
		}
	}
	far := filepath.Join(dir, "far.csv")
	os.WriteFile(far, []byte("id,lon,lat,tech\nA,110,-7,4g\n"), 0o644)
	if _, stderr, code := runCLI(t, "", false, "coverage", "--sites", far, "--targets", targets, "-f", "csv"); code != 0 ||
		!strings.Contains(stderr, "no site is within reach of any of the 237 targets: the nearest site is 1004.7 km") {
		t.Errorf("sites far from every target: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "", false, "coverage", "--sites", far, "--targets", targets, "--year", "2024", "-f", "csv"); code != 0 ||
		!strings.Contains(stderr, "far.csv: no year field, so every site is counted as on air by 2024") {
		t.Errorf("--year without a year field: exit %d: %s", code, stderr)
	}
	bom := filepath.Join(dir, "bom.geojson")
	os.WriteFile(bom, []byte("\ufeff"+`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[117,-0.5]}}]}`), 0o644)
	if out, stderr, code := runCLI(t, "", false, "convert", bom, "-", "-f", "csv"); code != 0 || !strings.Contains(out, "1,117,-0.5") {
		t.Errorf("GeoJSON with a BOM: exit %d: %s%s", code, out, stderr)
	}
	if _, stderr, code := runCLI(t, "", false, "completion", "tcsh"); code != ExitUsage || !strings.Contains(stderr, "unknown shell") {
		t.Errorf("completion tcsh: exit %d: %s", code, stderr)
	}
}

// Outputs are checked before any computation: a missing folder for a
// second output, the same file named twice, an existing file without
// --overwrite all fail at once and write nothing.
func TestOutputsCheckedFirst(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "p.csv")
	a := filepath.Join(dir, "a.geojson")
	r := filepath.Join(dir, "r.html")
	os.WriteFile(r, []byte("old"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "--example", "-o", p, "--left", filepath.Join(dir, "no", "l.csv")}, "folder"},
		{[]string{"access", "--example", "-o", a, "--routes", a}, "named as two outputs"},
		{[]string{"report", "--example", "-o", r}, "exists; pass --overwrite"},
	} {
		// not quiet: reading a layer prints its roles, a report its years,
		// so an error after the work would show them
		_, stderr, code := runCLI(t, "", false, c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) || strings.Contains(stderr, "roles") || strings.Contains(stderr, "2021:") {
			t.Errorf("%v: exit %d: %s", c.args, code, stderr)
		}
	}
	if got := leftFiles(t, dir); len(got) != 1 {
		t.Errorf("files written: %v", got)
	}
	if b, _ := os.ReadFile(r); string(b) != "old" {
		t.Error("r.html changed")
	}
}

func leftFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// The scenario's village field mapping applies to the villages only: with
// other targets, or settlements of their own, the command runs on them.
func TestScenarioFieldsStayWithTheirLayer(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "", false, "example", dir); code != 0 {
		t.Fatalf("example: %s", stderr)
	}
	cfg := filepath.Join(dir, "rpjmd", "skenario.yaml")
	offices := filepath.Join(dir, "rpjmd", "kantor_desa_ilustratif.geojson")
	if out, stderr, code := runCLI(t, "", false, "coverage", "--config", cfg, "--targets", offices, "--year", "2022", "-q", "-f", "csv"); code != 0 || !strings.Contains(out, "Kantor Desa") {
		t.Errorf("coverage of the offices: exit %d: %s", code, stderr)
	}
	dusun := filepath.Join(dir, "dusun.csv")
	os.WriteFile(dusun, []byte("nama,jiwa,lon,lat\nDusun A,300,116.98,-0.43\nDusun B,120,115.5,1.0\n"), 0o644)
	if _, stderr, code := runCLI(t, "", false, "plan", "--config", cfg, "--year", "2022", "-k", "2", "--settlements", dusun, "-q", "-f", "csv"); code != 0 {
		t.Errorf("plan with settlements of their own: exit %d: %s", code, stderr)
	}
}

// --select with a name no field has is a usage error, not a silently
// missing column.
func TestSelectUnknownField(t *testing.T) {
	for _, in := range []string{
		filepath.Join("..", "..", "examples", "kukar", "kukar_6402_kecamatan_centroids.geojson"),
		filepath.Join("..", "..", "examples", "kukar", "shp", "kukar_6402_kecamatan.shp"),
	} {
		_, stderr, code := runCLI(t, "", false, "convert", in, "-", "-f", "csv", "--select", "kode,nonexist")
		if code != ExitUsage || !strings.Contains(stderr, "--select nonexist") {
			t.Errorf("%s: exit %d: %s", in, code, stderr)
		}
	}
}

// A .tsv is written with tabs, and its .tsvt is read back.
func TestTSVWithTypes(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte("nomor,n,lon,lat\n007,3,117.1,-0.5\n"), 0o644)
	os.WriteFile(in+"t", []byte(`"String(3)","String","CoordX","CoordY"`+"\n"), 0o644)
	tsv := filepath.Join(dir, "out.tsv")
	if _, stderr, code := runCLI(t, "", false, "convert", in, tsv); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(tsv)
	if !strings.HasPrefix(string(b), "nomor\tn\tlon\tlat\n007\t3\t") {
		t.Errorf("tsv: %q", b)
	}
	if _, err := os.Stat(tsv + "t"); err != nil {
		t.Fatalf("no .tsvt: %v", err)
	}
	out, stderr, code := runCLI(t, "", false, "convert", tsv, "-", "-f", "geojsonl")
	// n is text by the .tsvt; inferred, it would be the number 3
	if code != 0 || !strings.Contains(out, `"nomor":"007","n":"3"`) {
		t.Errorf("read back: exit %d: %s%s", code, out, stderr)
	}
}

// failWriter fails every write, as a closed pipe or a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// A command with two outputs writes both or neither: when the second
// fails, the first (already finished) is not left behind.
func TestTwoOutputsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"plan", "--example", "-q", "-o", filepath.Join(dir, "p.csv"), "--left", "-"},
		{"access", "--example", "-q", "-o", filepath.Join(dir, "a.geojson"), "--routes", "-"},
	} {
		var errb bytes.Buffer
		streams := &IOStreams{In: strings.NewReader(""), Out: failWriter{}, ErrOut: &errb}
		if code := Run(context.Background(), args, streams); code != ExitError || !strings.Contains(errb.String(), "no space") {
			t.Errorf("%v: exit %d: %s", args, code, errb.String())
		}
	}
	if got := leftFiles(t, dir); len(got) != 0 {
		t.Errorf("files left: %v", got)
	}
}

// --progress always shows a bar in every long command, not in convert
// alone; never (and -q) shows none, and the data is the same.
func TestProgressBars(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		bar  string
	}{
		{[]string{"coverage", "--example", "-f", "csv"}, "judging targets"},
		{[]string{"rank", "--example", "-f", "csv"}, "judging targets"},
		{[]string{"report", "--example", "-o", filepath.Join(dir, "r.md")}, "2026: judging villages"},
	} {
		var outs []string
		for _, mode := range []string{"always", "never"} {
			args := append(append([]string{}, c.args...), "--progress", mode, "--overwrite")
			out, stderr, code := runCLI(t, "", false, args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			if strings.Contains(stderr, c.bar) != (mode == "always") {
				t.Errorf("%v: bar %q shown: %v", args, c.bar, strings.Contains(stderr, c.bar))
			}
			outs = append(outs, out)
		}
		if outs[0] != outs[1] {
			t.Errorf("%v: the output differs with a progress bar", c.args)
		}
	}
}

// --join: a table of the 237 example villages, codes in mixed forms and
// 20 names misspelt, joins all 237 (the misspelt ones by name, listed in
// the report with their method); a row naming no village is reported and
// the exit status is 3; the table's columns reach the output.
func TestJoinByCodeAndName(t *testing.T) {
	dir := t.TempDir()
	rep := filepath.Join(dir, "join.csv")
	out, stderr, code := runCLI(t, "", false, "coverage", "--example", "--join", "testdata/join/desa_ilustratif_tabel.csv",
		"--join-report", rep, "--keep-fields", "-f", "csv")
	if code != ExitPartial {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "238 rows, 237 matched (217 by code, 15 by name in kecamatan, 5 by similar name in kecamatan), 1 left (1 matching no village)") ||
		!strings.Contains(stderr, `desa_ilustratif_tabel.csv:feature 237: row not joined: "Kampung Tidak Ada Sama Sekali" matches no village; nearest: `) {
		t.Errorf("stderr:\n%s", stderr)
	}
	b, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	methods := map[string]int{}
	villages := map[string]bool{}
	for _, r := range rows[1:] {
		methods[r[5]]++
		if r[3] != "" {
			villages[r[3]] = true
		}
	}
	if len(rows) != 239 || len(villages) != 237 || methods["code"] != 217 || methods["none"] != 1 {
		t.Errorf("%d report rows, %d villages, methods %v", len(rows), len(villages), methods)
	}
	for _, want := range []string{
		"14,Sungai Payangg,64.02.02.2002,Sungai Payang,name in kecamatan,,",
		"149,Muara Salun,64.02.12.2014,Muara Salung,similar name in kecamatan,1,",
		"166,bukyt raya,64.02.13.2016,Bukit Raya,similar name in kecamatan,1,",
		"232,SalokApiDarat,64.02.20.1007,Salok Api Darat,name in kecamatan,,",
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// every village got its row's jumlah_kk (1000 + its place in the file)
	recs, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
	col := slices.Index(recs[0], "jumlah_kk")
	if col < 0 || len(recs) != 238 {
		t.Fatalf("output columns %v, %d rows", recs[0], len(recs))
	}
	for i, r := range recs[1:] {
		if r[col] != fmt.Sprint(1000+i) {
			t.Errorf("village %d: jumlah_kk %q", i, r[col])
			break
		}
	}
}

// access takes --join too: the same table joins the same 237 villages,
// its columns reach the rows, the report is written, and the row naming
// no village makes the exit status 3.
func TestJoinOnAccess(t *testing.T) {
	dir := t.TempDir()
	rep := filepath.Join(dir, "join.csv")
	out, stderr, code := runCLI(t, "", false, "access", "--example", "--join", "testdata/join/desa_ilustratif_tabel.csv",
		"--join-report", rep, "--keep-fields", "-f", "csv")
	if code != ExitPartial {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "238 rows, 237 matched (217 by code, 15 by name in kecamatan, 5 by similar name in kecamatan), 1 left (1 matching no village)") {
		t.Errorf("stderr:\n%s", stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col, tt := slices.Index(recs[0], "jumlah_kk"), slices.Index(recs[0], "travel_time_min")
	if col < 0 || tt < 0 || len(recs) != 238 {
		t.Fatalf("output columns %v, %d rows", recs[0], len(recs))
	}
	for i, r := range recs[1:] {
		if r[col] != fmt.Sprint(1000+i) {
			t.Errorf("village %d: jumlah_kk %q", i, r[col])
			break
		}
	}
	b, err := os.ReadFile(rep)
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := csv.NewReader(bytes.NewReader(b)).ReadAll(); len(rows) != 239 {
		t.Errorf("join report: %d rows, want 239", len(rows))
	}
	if _, stderr, code := runCLI(t, "", false, "access", "--example", "--join-report", rep, "--overwrite"); code != ExitUsage || !strings.Contains(stderr, "--join-report needs --join") {
		t.Errorf("--join-report alone: exit %d, %s", code, stderr)
	}
}

// A file whose CRS kukarcli cannot convert is described by info in its
// own coordinates, with the CRS's name; the commands that need lon/lat
// refuse it, naming the CRS and the fix.
func TestInfoUnconvertibleCRS(t *testing.T) {
	dir := t.TempDir()
	shp := filepath.Join(dir, "k.shp")
	if _, stderr, code := runCLI(t, "", false, "convert", "-q", filepath.Join(exampleDir, "kukar", "kukar_6402_kecamatan_centroids.geojson"), shp); code != 0 {
		t.Fatal(stderr)
	}
	os.WriteFile(filepath.Join(dir, "k.prj"), []byte(`PROJCS["Some_Cassini",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Cassini"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`), 0o644)
	out, stderr, code := runCLI(t, "", false, "info", shp)
	if code != 0 || !strings.Contains(out, "crs:            Some_Cassini") || !strings.Contains(out, "features:       20") ||
		!strings.Contains(out, "the file's own coordinates") {
		t.Errorf("info: exit %d\n%s%s", code, out, stderr)
	}
	out, _, _ = runCLI(t, "", false, "info", "--json", shp)
	if !strings.Contains(out, `"native":true`) || !strings.Contains(out, `"count":20`) {
		t.Errorf("info --json: %s", out)
	}
	_, stderr, code = runCLI(t, "", false, "convert", shp, filepath.Join(dir, "k.geojson"))
	if code != ExitError || !strings.Contains(stderr, `its CRS "Some_Cassini" cannot be converted`) || !strings.Contains(stderr, "--s-crs") {
		t.Errorf("convert: exit %d %s", code, stderr)
	}
}

// Several inputs go into one GeoPackage, a layer each; --append-layer
// adds one to it, a layer of the same name replaced only with
// --overwrite; a failed append leaves the file as it was.
func TestConvertIntoGeoPackage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "kukar.gpkg")
	ex := filepath.Join(exampleDir, "rpjmd")
	if _, stderr, code := runCLI(t, "", false, "convert", "-q", filepath.Join(ex, "desa_ilustratif.geojson"), filepath.Join(ex, "jalan_ilustratif.geojson"), out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	river := filepath.Join(ex, "sungai_ilustratif.geojson")
	if _, stderr, code := runCLI(t, "", false, "convert", "-q", "--append-layer", river, out); code != 0 {
		t.Fatalf("append: exit %d: %s", code, stderr)
	}
	before, _ := os.ReadFile(out)
	if _, stderr, code := runCLI(t, "", false, "convert", "-q", "--append-layer", river, out); code != ExitError || !strings.Contains(stderr, "--overwrite") {
		t.Errorf("append twice: exit %d: %s", code, stderr)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Error("a failed append changed the file")
	}
	info, _, _ := runCLI(t, "", false, "info", "--json", out)
	for _, want := range []string{`"layer":"desa_ilustratif"`, `"layer":"jalan_ilustratif"`, `"layer":"sungai_ilustratif"`, `"count":237`} {
		if !strings.Contains(info, want) {
			t.Errorf("info lacks %s:\n%s", want, info)
		}
	}
	if _, _, code := runCLI(t, "", false, "convert", river, river, filepath.Join(dir, "x.geojson")); code != ExitUsage {
		t.Errorf("two inputs to GeoJSON: exit %d", code)
	}
}
