package shp

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func writeTestLayer(t *testing.T, path string, fields []geoio.Field, fs []*geoio.Feature, opts geoio.WriteOptions) error {
	t.Helper()
	w, err := createShapefile(path, geoio.Layer{Name: "x", Fields: fields}, opts)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Close()
}

func TestSHPWriteRoundTrip(t *testing.T) {
	day := time.Date(2022, 3, 15, 0, 0, 0, 0, time.UTC)
	fields := []geoio.Field{
		{Name: "kode", Type: geoio.FieldString}, {Name: "population", Type: geoio.FieldInt},
		{Name: "share", Type: geoio.FieldFloat}, {Name: "signal", Type: geoio.FieldBool},
		{Name: "surveyed", Type: geoio.FieldDate}, {Name: "nothing", Type: geoio.FieldUnknown},
		{Name: "short", Type: geoio.FieldString, Width: 6}, {Name: "ratio", Type: geoio.FieldFloat, Width: 12, Precision: 4},
	}
	props := func(kode string, pop int64, share float64) geoio.Properties {
		return geoio.Properties{
			{Key: "kode", Value: kode}, {Key: "population", Value: pop}, {Key: "share", Value: share}, {Key: "signal", Value: pop > 100},
			{Key: "surveyed", Value: day}, {Key: "nothing", Value: nil}, {Key: "short", Value: "Muara"}, {Key: "ratio", Value: 0.125},
		}
	}
	hole := orb.Ring{{116.2, -0.6}, {116.3, -0.6}, {116.3, -0.5}, {116.2, -0.5}, {116.2, -0.6}} // CCW
	outer := orb.Ring{{116, -1}, {116, 0}, {117, 0}, {117, -1}, {116, -1}}                      // CW
	island := orb.Ring{{118, -1}, {118, -0.5}, {118.5, -0.5}, {118.5, -1}, {118, -1}}
	tests := []struct {
		name  string
		geoms []orb.Geometry
		typ   int32
	}{
		{"points", []orb.Geometry{orb.Point{116.30456267232955, -0.3048643252283796}, nil, orb.Point{-180, 90}}, shpPoint},
		{"multipoints", []orb.Geometry{orb.MultiPoint{{1, 2}, {3, 4}}, orb.MultiPoint{{5.5, 6.25}}}, shpMultiPoint},
		{"lines", []orb.Geometry{orb.LineString{{0, 0}, {1, 1}, {2, 0}}, orb.MultiLineString{{{0, 0}, {1, 1}}, {{5, 5}, {6, 7}}}}, shpPolyLine},
		{"polygons", []orb.Geometry{orb.Polygon{outer, hole}, orb.MultiPolygon{{outer}, {island}}, nil}, shpPolygon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.shp")
			var in []*geoio.Feature
			for i, g := range tt.geoms {
				in = append(in, &geoio.Feature{Geometry: g, Properties: props(fmt.Sprintf("64.02.%02d", i), int64(i*1000+7), 1.0/float64(i+3))})
			}
			if err := writeTestLayer(t, path, fields, in, geoio.WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			wantFiles := "[out.cpg out.dbf out.shp out.shx]"
			if (crs.CRS{}).WKT() != "" {
				wantFiles = "[out.cpg out.dbf out.prj out.shp out.shx]"
			}
			if got := dirNames(t, dir); fmt.Sprint(got) != wantFiles {
				t.Errorf("files %v, want %s", got, wantFiles)
			}
			if cpg, _ := os.ReadFile(filepath.Join(dir, "out.cpg")); string(cpg) != "UTF-8" {
				t.Errorf("cpg %q", cpg)
			}
			var log readLog
			layer, out := readTestShapefile(t, path, log.opts())
			if len(log.warnings)+len(log.problems) != 0 {
				t.Errorf("reports %q %v", log.warnings, log.problems)
			}
			wantTypes := "[string integer real boolean date string string real]"
			var gotTypes []string
			for _, f := range layer.Fields {
				gotTypes = append(gotTypes, f.Type.String())
			}
			if fmt.Sprint(gotTypes) != wantTypes {
				t.Errorf("field types %v, want %s", gotTypes, wantTypes)
			}
			if len(out) != len(in) {
				t.Fatalf("read %d features, wrote %d", len(out), len(in))
			}
			for i := range in {
				if !orb.Equal(out[i].Geometry, in[i].Geometry) && !(in[i].Geometry == nil && out[i].Geometry == nil) {
					t.Errorf("feature %d geometry %v, want %v", i, out[i].Geometry, in[i].Geometry)
				}
				for j, p := range in[i].Properties {
					got := out[i].Properties[j]
					if got.Key != p.Key {
						t.Errorf("feature %d key %q, want %q", i, got.Key, p.Key)
					}
					if f, ok := p.Value.(float64); ok {
						if g, _ := got.Value.(float64); !sameFloat(g, f, 1e-12) {
							t.Errorf("feature %d %s = %v, want %v", i, p.Key, got.Value, f)
						}
					} else if got.Value != p.Value {
						t.Errorf("feature %d %s = %#v, want %#v", i, p.Key, got.Value, p.Value)
					}
				}
			}
			// Header checks: shape type, file length, bounding box.
			shp, _ := os.ReadFile(path)
			shx, _ := os.ReadFile(filepath.Join(dir, "out.shx"))
			if st := int32(binary.LittleEndian.Uint32(shp[32:])); st != tt.typ {
				t.Errorf("shape type %d, want %d", st, tt.typ)
			}
			if n := int(binary.BigEndian.Uint32(shp[24:])) * 2; n != len(shp) {
				t.Errorf("shp length field %d, file %d", n, len(shp))
			}
			if n := int(binary.BigEndian.Uint32(shx[24:])) * 2; n != len(shx) || n != 100+8*len(in) {
				t.Errorf("shx length field %d, file %d", n, len(shx))
			}
			var want orb.Bound
			first := true
			for _, f := range in {
				if f.Geometry == nil {
					continue
				}
				if first {
					want, first = f.Geometry.Bound(), false
				}
				want = want.Union(f.Geometry.Bound())
			}
			got := orb.Bound{
				Min: orb.Point{math.Float64frombits(binary.LittleEndian.Uint64(shp[36:])), math.Float64frombits(binary.LittleEndian.Uint64(shp[44:]))},
				Max: orb.Point{math.Float64frombits(binary.LittleEndian.Uint64(shp[52:])), math.Float64frombits(binary.LittleEndian.Uint64(shp[60:]))},
			}
			if got != want {
				t.Errorf("bbox %v, want %v", got, want)
			}
		})
	}
}

func TestSHPWriteWinding(t *testing.T) {
	// Input in GeoJSON winding (outer counter-clockwise, hole clockwise)
	// comes out in the shapefile's.
	outerCCW := orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	holeCW := orb.Ring{{2, 2}, {2, 4}, {4, 4}, {4, 2}} // not closed either
	path := filepath.Join(t.TempDir(), "w.shp")
	if err := writeTestLayer(t, path, nil, []*geoio.Feature{{Geometry: orb.Polygon{outerCCW, holeCW}}}, geoio.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	_, fs := readTestShapefile(t, path, geoio.ReadOptions{})
	p, ok := fs[0].Geometry.(orb.Polygon)
	if !ok || len(p) != 2 || geoio.SignedArea(p[0]) >= 0 || geoio.SignedArea(p[1]) <= 0 || p[1][0] != p[1][len(p[1])-1] {
		t.Fatalf("got %v", fs[0].Geometry)
	}
	if math.Abs(geoio.SignedArea(p[0])) != 100 || math.Abs(geoio.SignedArea(p[1])) != 4 {
		t.Errorf("areas changed: %v", p)
	}
}

func TestSHPWriteIncompatible(t *testing.T) {
	dir := t.TempDir()
	w, err := createShapefile(filepath.Join(dir, "mix.shp"), geoio.Layer{Fields: []geoio.Field{{Name: "id", Type: geoio.FieldString}}}, geoio.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&geoio.Feature{Geometry: nil}); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&geoio.Feature{Geometry: orb.Point{1, 1}}); err != nil {
		t.Fatal(err)
	}
	err = w.Write(&geoio.Feature{Geometry: orb.LineString{{0, 0}, {1, 1}}, Properties: geoio.Properties{{Key: "id", Value: "jalan-7"}}})
	if err == nil || !strings.Contains(err.Error(), "feature 2 (id jalan-7)") || !strings.Contains(err.Error(), "Point shapefile") {
		t.Fatalf("got %v", err)
	}
	w.Abort()
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("left behind %v", names)
	}
}

func TestSHPWriteAbort(t *testing.T) {
	dir := t.TempDir()
	w, err := createShapefile(filepath.Join(dir, "a.shp"), geoio.Layer{}, geoio.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(&geoio.Feature{Geometry: orb.Point{1, 1}})
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("left behind %v", names)
	}
}

func TestSHPWriteValues(t *testing.T) {
	tests := []struct {
		name    string
		field   geoio.Field
		value   any
		want    any
		err     string
		warning bool
	}{
		{"string in int column", geoio.Field{Name: "n", Type: geoio.FieldInt, Width: 5}, "12", int64(12), "", false},
		{"long string in int column", geoio.Field{Name: "n", Type: geoio.FieldInt, Width: 5}, "123456", nil, "feature 0: field n", false},
		{"integral float in int column", geoio.Field{Name: "n", Type: geoio.FieldInt}, 42.0, int64(42), "", false},
		{"int too wide", geoio.Field{Name: "n", Type: geoio.FieldInt, Width: 3}, int64(12345), nil, "does not fit", false},
		{"long text cut", geoio.Field{Name: "s", Type: geoio.FieldString, Width: 5}, "Tenggarong", "Tengg", "", true},
		{"cut at a character boundary", geoio.Field{Name: "s", Type: geoio.FieldString, Width: 5}, "Kutaí", "Kuta", "", true},
		{"int in string column", geoio.Field{Name: "s", Type: geoio.FieldString}, int64(7), "7", "", false},
		{"NaN float is null", geoio.Field{Name: "f", Type: geoio.FieldFloat}, math.NaN(), nil, "", false},
		{"ISO date string in date column", geoio.Field{Name: "d", Type: geoio.FieldDate}, "2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), "", false},
		{"null bool", geoio.Field{Name: "b", Type: geoio.FieldBool}, nil, nil, "", false},
		{"float with declared precision", geoio.Field{Name: "f", Type: geoio.FieldFloat, Width: 10, Precision: 2}, 3.25, 3.25, "", false},
		{"float column of no decimals", geoio.Field{Name: "f", Type: geoio.FieldFloat, Width: 8}, 1.5, 1.5, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var notes []string
			path := filepath.Join(t.TempDir(), "v.shp")
			err := writeTestLayer(t, path, []geoio.Field{tt.field},
				[]*geoio.Feature{{Geometry: orb.Point{1, 1}, Properties: geoio.Properties{{Key: tt.field.Name, Value: tt.value}}}},
				geoio.WriteOptions{Warn: func(s string) { notes = append(notes, s) }})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (len(notes) > 0) != tt.warning {
				t.Errorf("warnings %q", notes)
			}
			_, fs := readTestShapefile(t, path, geoio.ReadOptions{})
			if got := fs[0].Properties[0].Value; got != tt.want {
				t.Errorf("read back %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestSHPWriteFieldRenames(t *testing.T) {
	var notes []string
	path := filepath.Join(t.TempDir(), "r.shp")
	fields := []geoio.Field{{Name: "population", Type: geoio.FieldInt}, {Name: "kecamatan_name", Type: geoio.FieldString}, {Name: "kecamatan_code", Type: geoio.FieldString}}
	f := &geoio.Feature{Geometry: orb.Point{1, 1}, Properties: geoio.Properties{{Key: "population", Value: int64(5)}, {Key: "kecamatan_name", Value: "Loa Kulu"}, {Key: "kecamatan_code", Value: "64.02.06"}}}
	if err := writeTestLayer(t, path, fields, []*geoio.Feature{f, f}, geoio.WriteOptions{Warn: func(s string) { notes = append(notes, s) }}); err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 {
		t.Errorf("notes %q, want one per renamed field", notes)
	}
	layer, fs := readTestShapefile(t, path, geoio.ReadOptions{})
	var names []string
	for _, fl := range layer.Fields {
		names = append(names, fl.Name)
	}
	if fmt.Sprint(names) != "[population kecamatan_ kecamata_1]" {
		t.Errorf("names %v", names)
	}
	if v, _ := fs[1].Properties.Get("kecamata_1"); v != "64.02.06" {
		t.Errorf("kecamata_1 = %v", v)
	}
}

func TestSHPWriteKukarRoundTrip(t *testing.T) {
	src := filepath.Join("testdata", "shp", "kukar", "kukar_6402_kecamatan.shp")
	layer, in := readTestShapefile(t, src, geoio.ReadOptions{})
	path := filepath.Join(t.TempDir(), "kec.shp")
	if err := writeTestLayer(t, path, layer.Fields, in, geoio.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	layer2, out := readTestShapefile(t, path, geoio.ReadOptions{})
	if fmt.Sprint(layer2.Fields) != fmt.Sprint(layer.Fields) || len(out) != len(in) {
		t.Fatalf("fields %v, %d features", layer2.Fields, len(out))
	}
	for i := range in {
		if !orb.Equal(in[i].Geometry, out[i].Geometry) {
			t.Errorf("feature %d geometry changed", i)
		}
		if fmt.Sprint(in[i].Properties) != fmt.Sprint(out[i].Properties) {
			t.Errorf("feature %d: %v, want %v", i, out[i].Properties, in[i].Properties)
		}
	}
	// Same input, same bytes.
	path2 := filepath.Join(t.TempDir(), "kec.shp")
	writeTestLayer(t, path2, layer.Fields, in, geoio.WriteOptions{})
	for _, ext := range []string{".shp", ".shx", ".dbf"} {
		a, _ := os.ReadFile(strings.TrimSuffix(path, ".shp") + ext)
		b, _ := os.ReadFile(strings.TrimSuffix(path2, ".shp") + ext)
		if string(a) != string(b) {
			t.Errorf("%s differs between two writes", ext)
		}
	}
}

func TestSHPWriteEmptyLayer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.shp")
	if err := writeTestLayer(t, path, []geoio.Field{{Name: "nama", Type: geoio.FieldString, Width: 20}}, nil, geoio.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	var log readLog
	layer, fs := readTestShapefile(t, path, log.opts())
	if len(fs) != 0 || len(layer.Fields) != 1 || layer.Fields[0].Width != 20 || len(log.problems) != 0 {
		t.Errorf("features %d, fields %v, problems %v", len(fs), layer.Fields, log.problems)
	}
}

func TestSHPWriteCloseAfterFailure(t *testing.T) {
	dir := t.TempDir()
	w, err := createShapefile(filepath.Join(dir, "f.SHP"), geoio.Layer{}, geoio.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(&geoio.Feature{Geometry: orb.Point{1, 1}})
	if err := w.Write(&geoio.Feature{Geometry: orb.Collection{orb.Point{1, 1}}}); err == nil || !strings.Contains(err.Error(), "f.SHP:feature 1") {
		t.Fatalf("got %v", err)
	}
	if err := w.Close(); err == nil {
		t.Fatal("Close after a failed Write succeeded")
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("left behind %v", names)
	}
}

func TestSHPWriteUpperCaseExtension(t *testing.T) {
	dir := t.TempDir()
	if err := writeTestLayer(t, filepath.Join(dir, "DESA.SHP"), nil, []*geoio.Feature{{Geometry: orb.Point{1, 1}}}, geoio.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(dirNames(t, dir)); !strings.Contains(got, "DESA.DBF DESA.SHP DESA.SHX") {
		t.Errorf("files %s", got)
	}
	_, fs := readTestShapefile(t, filepath.Join(dir, "DESA.SHP"), geoio.ReadOptions{})
	if len(fs) != 1 {
		t.Errorf("%d features", len(fs))
	}
}

func TestSHPWritePRJ(t *testing.T) {
	for _, name := range []string{"EPSG:4326", "EPSG:32750"} {
		t.Run(name, func(t *testing.T) {
			crs, err := crs.Parse(name)
			if err != nil {
				t.Skipf("CRS %s not available: %v", name, err)
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "p.shp")
			if err := writeTestLayer(t, path, nil, []*geoio.Feature{{Geometry: orb.Point{500000, 9900000}}}, geoio.WriteOptions{CRS: crs}); err != nil {
				t.Fatal(err)
			}
			prj, err := os.ReadFile(filepath.Join(dir, "p.prj"))
			if err != nil || string(prj) != crs.WKT() {
				t.Fatalf("prj %q, %v", prj, err)
			}
			layer, _ := readTestShapefile(t, path, geoio.ReadOptions{})
			if !layer.CRS.Equal(crs) {
				t.Errorf("read back %v, want %v", layer.CRS, crs)
			}
		})
	}
}
