package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestReadAheadSaysWhatReadingInTurnSays runs coverage with the targets
// read while the sites are read and with both read in turn: the same
// messages in the same order, the same verdicts, the same errors, with a
// bad target record, in strict mode, and with either file missing or
// unusable.
func TestReadAheadSaysWhatReadingInTurnSays(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	os.WriteFile(at("s.csv"), []byte("id,tech,lon,lat,radius_m\nA,4G,117.0,-0.45,3000\nB,2G,116.9,-0.40,9000\nC,6G,116.8,-0.40,9000\n"), 0o644)
	os.WriteFile(at("none.csv"), []byte("id,tech,lon,lat\nA,6G,117.0,-0.45\n"), 0o644)
	os.WriteFile(at("t.geojson"), []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"P1","population":10},"geometry":{"type":"Point","coordinates":[117.01,-0.45]}},
{"type":"Feature","properties":{"id":"P2","population":"x"},"geometry":{"type":"Point","coordinates":[400,-0.45]}},
{"type":"Feature","properties":{"id":"P3"},"geometry":{"type":"Point","coordinates":[116.5,-0.2]}}]}`), 0o644)
	cases := []struct {
		sites, targets string
		strict         bool
	}{
		{at("s.csv"), at("t.geojson"), false},
		{at("s.csv"), at("t.geojson"), true},
		{at("s.csv"), at("missing.geojson"), false},
		{at("missing.csv"), at("t.geojson"), false},
		{at("none.csv"), at("t.geojson"), false},
	}
	defer func() { readAheadLayers = true }()
	for _, c := range cases {
		var outs [2]string
		for k, ahead := range []bool{true, false} {
			readAheadLayers = ahead
			var stderr bytes.Buffer
			log := NewLog(&stderr, false, c.strict)
			in := CoverageInputs{Sites: c.sites, Targets: c.targets, DefaultTech: "4G"}
			run, err := RunCoverage(Env{ErrOut: &stderr}, &in, log)
			fmt.Fprintf(&stderr, "error: %v\n", err)
			if run != nil {
				for _, r := range run.Results {
					fmt.Fprintf(&stderr, "%v %s %v\n", r.Covered, r.BestSite, r.Problem)
				}
			}
			fmt.Fprintf(&stderr, "finish: %v\n", log.Finish())
			outs[k] = stderr.String()
		}
		if outs[0] != outs[1] {
			t.Errorf("%s, %s, strict %v: read ahead\n%s\nin turn\n%s", filepath.Base(c.sites), filepath.Base(c.targets), c.strict, outs[0], outs[1])
		}
		if !bytes.Contains([]byte(outs[0]), []byte("read ")) && c.sites == at("s.csv") {
			t.Errorf("no accounting: %s", outs[0])
		}
	}
}
