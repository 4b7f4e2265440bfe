package shp

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// zipTestBuild makes an archive from name → content, in the given order.
func zipTestBuild(t *testing.T, names []string, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[n])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSHPZip(t *testing.T) {
	roadsShp, roadsShx := shpTestBuild(shpPolyLine, shpTestMulti(shpPolyLine, []orb.Point{{0, 0}, {1, 1}}))
	roadsDbf := dbfTestBuild(0, []dbfTestField{{"name", 'C', 8, 0}}, []string{"jalan"})
	desaShp, desaShx := shpTestBuild(shpPoint, shpTestPoint(orb.Point{117, -0.4}), shpTestPoint(orb.Point{116, -0.5}))
	desaDbf := dbfTestBuild(0, []dbfTestField{{"name", 'C', 8, 0}}, []string{"Perian"}, []string{"Jantur"})
	files := map[string][]byte{
		"data/roads.shp": roadsShp, "data/roads.shx": roadsShx, "data/roads.dbf": roadsDbf,
		"desa.SHP": desaShp, "desa.SHX": desaShx, "desa.DBF": desaDbf, "desa.cpg": []byte("UTF-8"),
		"readme.txt": []byte("two layers"), "__MACOSX/._desa.shp": []byte("junk"),
	}
	// Members deliberately out of name order.
	order := []string{"readme.txt", "desa.SHP", "data/roads.dbf", "desa.DBF", "data/roads.shx", "desa.SHX", "data/roads.shp", "desa.cpg", "__MACOSX/._desa.shp"}
	data := zipTestBuild(t, order, files)
	path := filepath.Join(t.TempDir(), "layers.zip")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, src := range []geoio.Source{{Path: path}, {Path: "-", R: bytes.NewReader(data)}} {
		var log readLog
		rs, err := openShapefile(src, log.opts())
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 2 || rs[0].Layer().Name != "roads" || rs[1].Layer().Name != "desa" {
			t.Fatalf("%s: layers %d", src.Name(), len(rs))
		}
		roads, _ := geoio.ReadAll(rs[0])
		desa, _ := geoio.ReadAll(rs[1])
		if len(roads) != 1 || len(desa) != 2 {
			t.Errorf("%s: %d roads, %d desa", src.Name(), len(roads), len(desa))
		}
		if v, _ := desa[1].Properties.Get("name"); v != "Jantur" {
			t.Errorf("desa 1 name %v", v)
		}
		for _, r := range rs {
			r.Close()
		}
		if len(log.warnings)+len(log.problems) != 0 {
			t.Errorf("reports %q %v", log.warnings, log.problems)
		}
	}

	rs, err := openShapefile(geoio.Source{Path: path}, geoio.ReadOptions{Layer: "desa"})
	if err != nil || len(rs) != 1 || rs[0].Layer().Name != "desa" {
		t.Fatalf("layer pick: %v", err)
	}
	rs[0].Close()
	if _, err := openShapefile(geoio.Source{Path: path}, geoio.ReadOptions{Layer: "sungai"}); err == nil || !strings.Contains(err.Error(), "desa, roads") {
		t.Errorf("unknown layer: %v", err)
	}
}

func TestSHPZipWithoutShapefile(t *testing.T) {
	data := zipTestBuild(t, []string{"a.txt"}, map[string][]byte{"a.txt": []byte("x")})
	path := filepath.Join(t.TempDir(), "empty.zip")
	os.WriteFile(path, data, 0o644)
	_, err := openShapefile(geoio.Source{Path: path}, geoio.ReadOptions{})
	var fe *geoio.FormatError
	if !errors.As(err, &fe) || fe.File != path || !strings.Contains(err.Error(), "no .shp") {
		t.Fatalf("got %v", err)
	}
}
