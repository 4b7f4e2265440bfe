package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportGolden: the Markdown and JSON reports of the embedded example,
// in both languages for Markdown; two runs give the same bytes.
func TestReportGolden(t *testing.T) {
	for _, c := range []struct{ args, file string }{
		{"-f md", "report_example_id.md"},
		{"-f md --lang en", "report_example_en.md"},
		{"-f json", "report_example.json"},
	} {
		args := append([]string{"report", "--example", "-q"}, strings.Fields(c.args)...)
		out, stderr, code := runCLI(t, "", false, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		again, _, _ := runCLI(t, "", false, args...)
		if again != out {
			t.Fatalf("%v: two runs differ", args)
		}
		golden(t, c.file, out)
	}
}

// TestReportCalibration: the example reproduces the regency's March 2022
// figure, 218 of 237 villages with signal and 19 blank spots.
func TestReportCalibration(t *testing.T) {
	_, stderr, code := runCLI(t, "", false, "report", "--example", "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "2022: 218 of 237 villages with signal") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestReportFailUnderAndErrors(t *testing.T) {
	_, stderr, code := runCLI(t, "", false, "report", "--example", "-q", "-f", "json", "--fail-under", "offices_with_signal=1")
	if code != ExitFailUnder || !strings.Contains(stderr, "offices_with_signal is 224 in 2026") {
		t.Errorf("fail-under: exit %d: %s", code, stderr)
	}
	if _, _, code := runCLI(t, "", false, "report", "--example", "-q", "-f", "json", "--fail-under", "villages_with_signal=0.99"); code != 0 {
		t.Errorf("met target: exit %d", code)
	}
	if _, stderr, code := runCLI(t, "", false, "report", "--example", "--fail-under", "signal=1"); code != ExitUsage {
		t.Errorf("unknown indicator: exit %d %s", code, stderr)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "s.yaml")
	os.WriteFile(bad, []byte("title: x\nyears: [2022]\nlayres:\n  villages: {path: a.geojson}\n"), 0o644)
	if _, stderr, code := runCLI(t, "", false, "report", "--config", bad); code != ExitError || !strings.Contains(stderr, "line 3") || !strings.Contains(stderr, "layres") {
		t.Errorf("unknown key: exit %d %s", code, stderr)
	}
}

// TestReportEscapesNames: a village called <script>… in the data stays
// inert text in the HTML, intact.
func TestReportEscapesNames(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "", false, "example", "-q", dir); code != 0 {
		t.Fatal(stderr)
	}
	desa := filepath.Join(dir, "rpjmd", "desa_ilustratif.geojson")
	b, err := os.ReadFile(desa)
	if err != nil {
		t.Fatal(err)
	}
	evil := `<script>alert(\"x\")</script> & \"Quote\"`
	b = []byte(strings.Replace(string(b), `"nama":"Muara Tubo"`, `"nama":"`+evil+`"`, 1))
	os.WriteFile(desa, b, 0o644)
	out := filepath.Join(dir, "r.html")
	if _, stderr, code := runCLI(t, "", false, "report", "-q", "--config", filepath.Join(dir, "rpjmd", "skenario.yaml"), "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	h, _ := os.ReadFile(out)
	html := string(h)
	// the page's only scripts are the map's data block and its code
	if n := strings.Count(strings.ToLower(html), "<script"); n != 2 || !strings.Contains(html, `<script type="application/json" class="kkdata">`) || strings.Contains(html, "<script>alert") {
		t.Fatalf("%d <script> elements, or one from the data, in the HTML", n)
	}
	if !strings.Contains(html, `\u003cscript\u003ealert(\"x\")\u003c/script\u003e \u0026 \"Quote\"`) {
		t.Error("the village name is not in the map's data, escaped")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Quote&#34;") &&
		!strings.Contains(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Quote&quot;") {
		t.Error("the village name is not in the HTML intact")
	}
}

// A report file is .html, .md or .json: another extension is refused
// before anything is computed, and nothing is written.
func TestReportRefusesUnknownExtension(t *testing.T) {
	out := filepath.Join(t.TempDir(), "laporan.pdf")
	_, stderr, code := runCLI(t, "", false, "report", "--example", "-q", "-o", out)
	if code != ExitUsage || !strings.Contains(stderr, "laporan.pdf: a report is .html, .md, .json or .xlsx") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("wrote laporan.pdf")
	}
	if _, stderr, code := runCLI(t, "", false, "report", "--example", "-q", "-f", "md", "-o", filepath.Join(t.TempDir(), "r.txt")); code != 0 {
		t.Errorf("-f md -o r.txt: exit %d: %s", code, stderr)
	}
}

// report -o laporan.xlsx writes one sheet per table, read back by the
// xlsx reader with the numbers as numbers.
func TestReportWorkbook(t *testing.T) {
	p := filepath.Join(t.TempDir(), "laporan.xlsx")
	if _, stderr, code := runCLI(t, "", false, "report", "--example", "-q", "-o", p); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out, stderr, code := runCLI(t, "", false, "info", "--json", p)
	if code != 0 {
		t.Fatalf("info: exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"layer":"indicators"`, `"layer":"kecamatan","format":"Excel"`, `"layer":"priorities"`, `"layer":"proposed_sites"`, `"layer":"inputs"`} {
		if !strings.Contains(out, want) {
			t.Errorf("sheets lack %s:\n%s", want, out)
		}
	}
	kec, _, _ := runCLI(t, "", false, "convert", "-q", p, "-", "-f", "csv", "--layer", "kecamatan")
	if lines := strings.Split(strings.TrimSpace(kec), "\n"); len(lines) != 21 || !strings.HasPrefix(lines[0], "kecamatan,villages,villages_covered") {
		t.Errorf("kecamatan sheet:\n%s", kec)
	}
}
