package drivers_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// layersOf opens path (or standard input from stdin when path is "-")
// with no -f and returns the format's layer names and feature counts.
func layersOf(t *testing.T, path string, stdin io.Reader) map[string]int {
	t.Helper()
	rs, err := geoio.OpenAll(path, stdin, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rs {
		n := 0
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			n++
		}
		out[r.Layer().Name] = n
		r.Close()
	}
	return out
}

// zipFolder zips the folder dir under its own base name.
func zipFolder(t *testing.T, dir string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	base := filepath.Base(dir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(base + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFormatFromContent: a plain .zip holding a .gdb folder is read as a
// File Geodatabase, one holding shapefiles as shapefiles, without -f; a
// GeoPackage and a zipped geodatabase on standard input are recognised by
// their first bytes, as are zipped shapefiles; a zip of neither is refused naming its members.
func TestFormatFromContent(t *testing.T) {
	dir := t.TempDir()
	gdb := filepath.Join("..", "filegdb", "testdata", "kukar.gdb")
	want := layersOf(t, gdb, nil)
	if len(want) == 0 {
		t.Fatal("no layers in the test geodatabase")
	}
	zipped := zipFolder(t, gdb)
	plain := filepath.Join(dir, "batas_desa.zip")
	if err := os.WriteFile(plain, zipped, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := layersOf(t, plain, nil); !equalCounts(got, want) {
		t.Errorf("plain .zip holding a .gdb: %v, want %v", got, want)
	}
	if got := layersOf(t, "-", bytes.NewReader(zipped)); !equalCounts(got, want) {
		t.Errorf("zipped .gdb on standard input: %v, want %v", got, want)
	}

	gpkg := filepath.Join("..", "gpkg", "testdata", "kecamatan.gpkg")
	wantG := layersOf(t, gpkg, nil)
	b, err := os.ReadFile(gpkg)
	if err != nil {
		t.Fatal(err)
	}
	if got := layersOf(t, "-", bytes.NewReader(b)); !equalCounts(got, wantG) {
		t.Errorf("GeoPackage on standard input: %v, want %v", got, wantG)
	}

	// shapefiles in a zip, on standard input
	shpDir := filepath.Join("..", "shp", "testdata", "shp", "kukar")
	shpZip := zipFolder(t, shpDir)
	wantS := layersOf(t, filepath.Join(shpDir, "kukar_6402_desa.shp"), nil)
	if got := layersOf(t, "-", bytes.NewReader(shpZip)); got["kukar_6402_desa"] != wantS["kukar_6402_desa"] {
		t.Errorf("zipped shapefiles on standard input: %v, want kukar_6402_desa %v", got, wantS)
	}

	var sb bytes.Buffer
	zw := zip.NewWriter(&sb)
	w, _ := zw.Create("notes.txt")
	w.Write([]byte("not geodata"))
	zw.Close()
	other := filepath.Join(dir, "lain.zip")
	os.WriteFile(other, sb.Bytes(), 0o644)
	_, err = geoio.OpenAll(other, nil, geoio.ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "notes.txt") || !strings.Contains(err.Error(), "neither") {
		t.Errorf("zip of neither: err = %v, want one naming its members", err)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
