package shp

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// decimalsFixture is a layer whose numbers need their decimals: a share,
// a latitude, a score, a mix of whole and fractional values, and an
// array property written as its JSON text.
func decimalsFixture() ([]geoio.Field, []*geoio.Feature) {
	rows := []geoio.Properties{
		{{Key: "share", Value: 0.7201}, {Key: "lat", Value: -1.2996517}, {Key: "score", Value: 0.47912}, {Key: "pop", Value: 12.5}, {Key: "tags", Value: geoio.RawJSON(`[1,2]`)}},
		{{Key: "share", Value: 1.0}, {Key: "lat", Value: 0.5}, {Key: "score", Value: 0.0}, {Key: "pop", Value: 3000.0}, {Key: "tags", Value: geoio.RawJSON(`{"k":"v"}`)}},
	}
	var s geoio.Schema
	var fs []*geoio.Feature
	for i, p := range rows {
		s.Add(p)
		fs = append(fs, &geoio.Feature{Geometry: orb.Point{117 + float64(i)/10, -0.5}, Properties: p})
	}
	return s.Fields(), fs
}

// Float columns declare the decimals their values need, as GDAL does, so
// a reader that honours the header does not round 0.7201 to 1.
func TestSHPWriteDeclaresDecimals(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.shp")
	fields, fs := decimalsFixture()
	if err := writeTestLayer(t, path, fields, fs, geoio.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(strings.TrimSuffix(path, ".shp") + ".dbf")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"share": 4, "lat": 7, "score": 5, "pop": 1}
	for off := 32; off+32 <= len(b) && b[off] != 0x0d; off += 32 {
		name := strings.TrimRight(string(b[off:off+11]), "\x00")
		typ, width, dec := b[off+11], int(b[off+16]), int(b[off+17])
		if w, ok := want[name]; ok {
			if typ != 'N' && typ != 'F' || dec != w || width < dec+2 {
				t.Errorf("%s: %c(%d,%d), want %d decimals", name, typ, width, dec, w)
			}
			delete(want, name)
		}
	}
	if len(want) > 0 {
		t.Errorf("columns missing: %v", want)
	}
}

// GDAL reads the values back as written (runs where ogrinfo from
// Debian's gdal-bin is installed; CI installs it).
func TestSHPWriteReadByGDAL(t *testing.T) {
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		t.Skip("ogrinfo not installed (Debian gdal-bin); skipping the GDAL round trip")
	}
	path := filepath.Join(t.TempDir(), "d.shp")
	fields, fs := decimalsFixture()
	if err := writeTestLayer(t, path, fields, fs, geoio.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(ogr, "-al", "-q", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	text := string(out)
	for _, want := range []string{"share (Real) = 0.7201", "lat (Real) = -1.2996517", "score (Real) = 0.47912", "pop (Real) = 12.5",
		"pop (Real) = 3000.0", `tags (String) = [1,2]`, `tags (String) = {"k":"v"}`} {
		if !strings.Contains(text, want) {
			t.Errorf("ogrinfo lacks %q:\n%s", want, text)
		}
	}
}
