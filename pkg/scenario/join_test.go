package scenario

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestJoinNormalising(t *testing.T) {
	for _, c := range [][2]string{
		{"64.02.06.1001", "6402061001"}, {"6402061001", "6402061001"}, {"64 02 06 1001", "6402061001"},
		{"06402061001", "6402061001"}, {"kode: -", ""},
	} {
		if got := normCode(c[0]); got != c[1] {
			t.Errorf("normCode(%q) = %q, want %q", c[0], got, c[1])
		}
	}
	same := [][2]string{
		{"Sei Payang", "Sungai Payang"}, {"Loa Janan Ilir", "LOAJANAN ILIR"}, {"Batuq", "Batuk"},
		{"Kampung Moderen", "kampung modern"}, {"Desa Muarra Kaman", "Muara Kaman"}, {"Tg. Batu", "Tanjung Batu"},
		{"Long  Beleh-Haloq", "long beleh halok"},
	}
	for _, c := range same {
		if a, b := NormName(c[0]), NormName(c[1]); a != b {
			t.Errorf("%q → %q, %q → %q: want the same", c[0], a, c[1], b)
		}
	}
	if NormName("Jantur") == NormName("Jantur Baru") {
		t.Error("Jantur and Jantur Baru must differ")
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"kitten", "sitting", 3}, {"bukitraya", "bukytraya", 1}, {"", "abc", 3}, {"same", "same", 0}} {
		if got := editDistance(c.a, c.b, 10); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
	if got := editDistance("abcdefgh", "zyxwvuts", 2); got != 3 {
		t.Errorf("bounded distance %d, want 3 (more than the bound)", got)
	}
	for _, c := range []struct{ in, path, col string }{
		{"bps.csv", "bps.csv", ""}, {"bps.csv:kode_desa", "bps.csv", "kode_desa"},
		{`C:\data\bps.xlsx`, `C:\data\bps.xlsx`, ""}, {`C:\data\bps.xlsx:kode`, `C:\data\bps.xlsx`, "kode"},
		{"a/b:c/d.csv", "a/b:c/d.csv", ""},
	} {
		if j := ParseJoin(c.in); j.Path != c.path || j.Column != c.col {
			t.Errorf("ParseJoin(%q) = %+v", c.in, j)
		}
	}
}

// A scenario joins tables to its villages (paths relative to the
// scenario), lists them among the inputs, and refuses a join on another
// layer.
func TestScenarioJoin(t *testing.T) {
	dir := t.TempDir()
	ex := filepath.Join("..", "..", "examples", "rpjmd")
	for _, f := range []string{"desa_ilustratif.geojson", "menara_ilustratif.csv"} {
		b, err := os.ReadFile(filepath.Join(ex, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "cli", "testdata", "join", "desa_ilustratif_tabel.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "tabel.csv"), b, 0o644)
	base := "years: [2024]\nlayers:\n  villages: {path: desa_ilustratif.geojson, join: [{path: tabel.csv}]}\n  sites: {path: menara_ilustratif.csv%s}\n"
	p := filepath.Join(dir, "s.yaml")
	os.WriteFile(p, []byte(fmt.Sprintf(base, "")), 0o644)
	cfg, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	var msgs bytes.Buffer
	log := NewLog(&msgs, false, false)
	rep, err := Run(cfg, Env{ErrOut: &msgs}, log)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, in := range rep.Inputs {
		found = found || (in.Role == "villages join" && in.Path == "tabel.csv" && in.Features == 238)
	}
	if !found || !strings.Contains(msgs.String(), "join "+filepath.Join(dir, "tabel.csv")+": 238 rows, 237 matched") || log.Finish() == nil {
		t.Errorf("inputs %+v\n%s", rep.Inputs, msgs.String())
	}
	os.WriteFile(p, []byte(fmt.Sprintf(base, ", join: [{path: tabel.csv}]")), 0o644)
	cfg, _ = LoadConfig(p)
	if _, err := Run(cfg, Env{ErrOut: io.Discard}, NewLog(io.Discard, true, false)); err == nil || !strings.Contains(err.Error(), "layers.sites.join: tables are joined to the villages only") {
		t.Errorf("join on the sites: %v", err)
	}
}
