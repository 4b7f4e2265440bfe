package gpkg_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/geoio/gpkg"
	"github.com/paulmach/orb"
)

// writeAll writes features as one layer through w and closes it.
func writeAll(t *testing.T, w geoio.Writer, fs []*geoio.Feature) {
	t.Helper()
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// copyLayer reads every layer of src and writes it into dst through the
// registry, as `kukarcli convert` does: the first layer creates the
// file, the others are appended.
func copyLayers(t *testing.T, src, dst string) []layerRead {
	t.Helper()
	ls := readAll(t, src, "")
	for i, l := range ls {
		var w geoio.Writer
		var err error
		if i == 0 {
			f, ferr := geoio.DetectFormat(dst)
			if ferr != nil {
				t.Fatal(ferr)
			}
			w, err = geoio.Create(f, dst, nil, l.layer, geoio.WriteOptions{Name: l.layer.Name})
		} else {
			w, err = gpkg.AppendLayer(dst, l.layer, geoio.WriteOptions{Name: l.layer.Name}, false)
		}
		if err != nil {
			t.Fatal(err)
		}
		writeAll(t, w, l.features)
	}
	return ls
}

// A GeoPackage read and written again holds the same layers, features,
// ids and values.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"kecamatan.gpkg", "kecamatan_32750.gpkg", "kabkota.gpkg", "rpjmd.gpkg", "types.gpkg", "geoms.gpkg"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name)
			want := copyLayers(t, filepath.Join("testdata", name), out)
			got := readAll(t, out, "")
			if len(got) != len(want) {
				t.Fatalf("%d layers, want %d", len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				if g.layer.Name != w.layer.Name || !reflect.DeepEqual(g.layer.Fields, w.layer.Fields) || g.layer.CRS.EPSG != 4326 {
					t.Errorf("layer %+v, want %+v", g.layer, w.layer)
				}
				sameFeatures(t, name+"/"+g.layer.Name, g.features, w.features, 0, true)
				if len(g.problems) > 0 || len(g.notes) > 0 {
					t.Errorf("%s: problems %v notes %v", g.layer.Name, g.problems, g.notes)
				}
			}
			checkWithGDAL(t, out, want)
		})
	}
}

// Writing in a projected CRS: the coordinates are stored in it, the
// system is in gpkg_spatial_ref_sys under its EPSG code, and reading
// gives back lon/lat.
func TestWriteProjected(t *testing.T) {
	src := readOne(t, filepath.Join(examples, "kukar/kukar_6402_kecamatan.geojson"), "")
	utm, err := crs.Parse("EPSG:32750")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "kecamatan_utm.gpkg")
	var schema geoio.Schema
	for _, f := range src.features {
		schema.Add(f.Properties)
	}
	src.layer.Fields = schema.Fields() // as the program learns them (Format.NeedsSchema)
	w, err := gpkg.Create(out, src.layer, geoio.WriteOptions{CRS: utm, Name: "kecamatan_utm"})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, geoio.Transform(w, utm), src.features) // converted in place
	src = readOne(t, filepath.Join(examples, "kukar/kukar_6402_kecamatan.geojson"), "")
	got := readOne(t, out, "")
	if got.layer.CRS.EPSG != 32750 {
		t.Errorf("CRS %v", got.layer.CRS)
	}
	sameFeatures(t, "UTM", got.features, src.features, 1e-7, false)
	withGDAL(t, "gdal", func(t *testing.T) {
		info := run(t, "ogrinfo", "-so", out, "kecamatan_utm")
		if !strings.Contains(info, `ID["EPSG",32750]`) || !strings.Contains(info, "Feature Count: 20") {
			t.Errorf("ogrinfo:\n%s", info)
		}
	})
}

func fieldsOf(names ...string) []geoio.Field {
	var fs []geoio.Field
	for _, n := range names {
		fs = append(fs, geoio.Field{Name: n, Type: geoio.FieldString})
	}
	return fs
}

func pointAt(id any, x float64, kv ...any) *geoio.Feature {
	f := &geoio.Feature{ID: id, Geometry: orb.Point{x, -0.5}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Properties = append(f.Properties, geoio.Property{Key: kv[i].(string), Value: kv[i+1]})
	}
	return f
}

// Feature ids become fids when they can; names that clash are renamed;
// properties outside the fields are noted.
func TestWriteIDsAndNames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ids.gpkg")
	var notes []string
	layer := geoio.Layer{Name: "titik", Fields: []geoio.Field{
		{Name: "fid", Type: geoio.FieldInt}, {Name: "geom", Type: geoio.FieldString},
		{Name: "Nama", Type: geoio.FieldString}, {Name: "nama", Type: geoio.FieldString}, {Name: "tanggal", Type: geoio.FieldDate}}}
	w, err := gpkg.Create(out, layer, geoio.WriteOptions{Warn: func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, []*geoio.Feature{
		pointAt(int64(10), 116, "fid", int64(7), "geom", "x", "Nama", "A", "nama", "a"),
		pointAt(int64(10), 116.1, "lain", "tidak ditulis"), // a duplicate id
		pointAt("S-1", 116.2), // a text id
		pointAt(nil, 116.3, "tanggal", date("2024-02-29")),
		pointAt(int64(5), 116.4),
		pointAt(int64(-3), 116.5),
		{ID: int64(20)}, // no geometry
	})
	got := readOne(t, out, "")
	var ids []any
	for _, f := range got.features {
		ids = append(ids, f.ID)
	}
	if want := []any{int64(5), int64(10), int64(11), int64(12), int64(13), int64(14), int64(20)}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	var names []string
	for _, f := range got.layer.Fields {
		names = append(names, f.Name)
	}
	if want := []string{"fid_2", "geom_2", "Nama", "nama_2", "tanggal"}; !reflect.DeepEqual(names, want) {
		t.Errorf("columns %v, want %v", names, want)
	}
	if p := props(got.features[1]); p["fid_2"] != int64(7) || p["geom_2"] != "x" || p["Nama"] != "A" || p["nama_2"] != "a" {
		t.Errorf("feature 10: %v", p)
	}
	if p := props(got.features[4]); p["tanggal"] != date("2024-02-29") {
		t.Errorf("date: %v", p)
	}
	joined := strings.Join(notes, "\n")
	for _, want := range []string{`field "fid" is written as column "fid_2"`, `property "lain" is not among the layer's fields`, "id 10 is already used", `"nama" is written as column "nama_2"`} {
		if !strings.Contains(joined, want) {
			t.Errorf("no note …%s… in\n%s", want, joined)
		}
	}
}

// The geometry type of the layer is the one all features share; mixed
// types give GEOMETRY or GEOMETRYCOLLECTION; no geometry at all gives
// GEOMETRY.
func TestWriteGeometryTypes(t *testing.T) {
	dir := t.TempDir()
	poly := orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	for _, c := range []struct {
		name  string
		geoms []orb.Geometry
		want  string
	}{
		{"points", []orb.Geometry{orb.Point{1, 2}, nil, orb.Point{3, 4}}, "Point"},
		{"polygons", []orb.Geometry{poly, poly}, "Polygon"},
		{"mixed", []orb.Geometry{poly, orb.MultiPolygon{poly}}, "Unknown (any)"},
		{"collections", []orb.Geometry{orb.MultiPoint{{1, 2}}, orb.MultiPolygon{poly}}, "Geometry Collection"},
		{"none", []orb.Geometry{nil}, "Unknown (any)"},
		{"empty", nil, "Unknown (any)"},
	} {
		out := filepath.Join(dir, c.name+".gpkg")
		w, err := gpkg.Create(out, geoio.Layer{Name: c.name}, geoio.WriteOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var fs []*geoio.Feature
		for _, g := range c.geoms {
			fs = append(fs, &geoio.Feature{Geometry: g})
		}
		writeAll(t, w, fs)
		got := readOne(t, out, "")
		if len(got.features) != len(c.geoms) {
			t.Errorf("%s: %d features", c.name, len(got.features))
		}
		withGDAL(t, "gdal/"+c.name, func(t *testing.T) {
			info := run(t, "ogrinfo", "-so", out, c.name)
			if !strings.Contains(info, "Geometry: "+c.want+"\n") {
				t.Errorf("%s: ogrinfo:\n%s", c.name, info)
			}
		})
	}
}

// AppendLayer adds a layer to an existing GeoPackage, refuses one whose
// name is taken, and replaces it when asked; a failed or aborted append
// leaves the file as it was.
func TestAppendLayer(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "multi.gpkg")
	if err := copyFile(filepath.Join("testdata", "kecamatan.gpkg"), out); err != nil {
		t.Fatal(err)
	}
	kab := readOne(t, filepath.Join("testdata", "kabkota.gpkg"), "")
	w, err := gpkg.AppendLayer(out, kab.layer, geoio.WriteOptions{}, false)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, kab.features)
	names := layerNames(t, out)
	if want := []string{"kecamatan", "kabkota"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("layers %v, want %v", names, want)
	}
	sameFeatures(t, "appended", readOne(t, out, "kabkota").features, kab.features, 0, true)

	// the name is taken
	before, _ := os.ReadFile(out)
	if _, err := gpkg.AppendLayer(out, geoio.Layer{Name: "KABKOTA"}, geoio.WriteOptions{}, false); err == nil || !strings.Contains(err.Error(), "layer kabkota exists") {
		t.Errorf("append onto a taken name: %v", err)
	}
	// an aborted append
	w, err = gpkg.AppendLayer(out, geoio.Layer{Name: "batal"}, geoio.WriteOptions{}, false)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(pointAt(nil, 116))
	w.Abort()
	if after, _ := os.ReadFile(out); string(after) != string(before) {
		t.Error("an aborted append changed the file")
	}
	if left := leftovers(t, dir); len(left) != 1 {
		t.Errorf("files left: %v", left)
	}

	// replace the first layer with villages' points
	pts := readOne(t, filepath.Join("testdata", "rpjmd.gpkg"), "ibukota_kecamatan")
	w, err = gpkg.AppendLayer(out, pts.layer, geoio.WriteOptions{Name: "kecamatan"}, true)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, pts.features)
	if names := layerNames(t, out); !reflect.DeepEqual(names, []string{"kabkota", "kecamatan"}) {
		t.Errorf("layers after replace %v", names)
	}
	sameFeatures(t, "replaced", readOne(t, out, "kecamatan").features, pts.features, 0, true)
	checkWithGDAL(t, out, nil)

	// AppendLayer onto a missing file creates it
	fresh := filepath.Join(dir, "baru.gpkg")
	w, err = gpkg.AppendLayer(fresh, pts.layer, geoio.WriteOptions{}, false)
	if err != nil {
		t.Fatal(err)
	}
	writeAll(t, w, pts.features)
	if names := layerNames(t, fresh); !reflect.DeepEqual(names, []string{"ibukota_kecamatan"}) {
		t.Errorf("new file's layers %v", names)
	}
	// not a GeoPackage
	txt := filepath.Join(dir, "catatan.gpkg")
	os.WriteFile(txt, []byte("bukan geopackage"), 0o644)
	if _, err := gpkg.AppendLayer(txt, pts.layer, geoio.WriteOptions{}, false); err == nil {
		t.Error("appended to a text file")
	}
}

// A Package writes several layers and renames the file once.
func TestPackage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "rpjmd.gpkg")
	p, err := gpkg.CreatePackage(out)
	if err != nil {
		t.Fatal(err)
	}
	ls := readAll(t, filepath.Join("testdata", "rpjmd.gpkg"), "")
	for _, l := range ls {
		w, err := p.AddLayer(l.layer, geoio.WriteOptions{}, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.AddLayer(l.layer, geoio.WriteOptions{Name: "lagi"}, false); err == nil {
			t.Error("two layers at once")
		}
		writeAll(t, w, l.features)
		if _, err := os.Stat(out); err == nil {
			t.Fatal("the file appeared before Commit")
		}
	}
	// a layer rolled back leaves the package as it was
	w, err := p.AddLayer(geoio.Layer{Name: "batal"}, geoio.WriteOptions{}, false)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(pointAt(nil, 116))
	w.Abort()
	names, err := p.Layers()
	if err != nil || len(names) != 5 {
		t.Errorf("layers %v %v", names, err)
	}
	if err := p.Commit(); err != nil {
		t.Fatal(err)
	}
	got := readAll(t, out, "")
	for i := range got {
		sameFeatures(t, got[i].layer.Name, got[i].features, ls[i].features, 0, true)
	}
	if left := leftovers(t, dir); len(left) != 1 {
		t.Errorf("files left: %v", left)
	}
}

// A write that fails or is aborted leaves no file, and an existing
// target untouched.
func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.gpkg")
	w, err := gpkg.Create(out, geoio.Layer{Name: "a"}, geoio.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(pointAt(nil, 116))
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if left := leftovers(t, dir); len(left) != 0 {
		t.Errorf("files left: %v", left)
	}
	os.WriteFile(out, []byte("old"), 0o644)
	w, err = gpkg.Create(out, geoio.Layer{Name: "a"}, geoio.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Write(&geoio.Feature{Geometry: orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(&geoio.Feature{Geometry: badGeometry{}}); err == nil {
		t.Fatal("wrote an unknown geometry")
	}
	if err := w.Close(); err == nil {
		t.Error("Close after a failed write succeeded")
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("the target changed: %q", b)
	}
	if left := leftovers(t, dir); len(left) != 1 {
		t.Errorf("files left: %v", left)
	}
	if err := w.Write(pointAt(nil, 1)); err == nil {
		t.Error("write after close")
	}
}

type badGeometry struct{ orb.Point }

func (badGeometry) GeoJSONType() string { return "Curve" }

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

func layerNames(t *testing.T, path string) []string {
	t.Helper()
	var names []string
	for _, l := range readAll(t, path, "") {
		names = append(names, l.layer.Name)
	}
	return names
}

// withGDAL runs the checks that need GDAL's ogrinfo as a subtest, which
// is skipped with a message when GDAL is not installed.
func withGDAL(t *testing.T, name string, check func(t *testing.T)) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		if _, err := exec.LookPath("ogrinfo"); err != nil {
			t.Skip("ogrinfo not found (install gdal-bin): GDAL's reading of the file is not checked")
		}
		check(t)
	})
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) || len(out) > 0 {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		t.Fatal(err)
	}
	return string(out)
}

// checkWithGDAL has GDAL read a GeoPackage kukarcli wrote: the layers,
// their feature counts and geometry types, the CRS (EPSG:4326), and the
// spatial index (HasSpatialIndex). want, when given, is what was written.
func checkWithGDAL(t *testing.T, path string, want []layerRead) {
	t.Helper()
	withGDAL(t, "gdal", func(t *testing.T) { gdalReads(t, path, want) })
}

func gdalReads(t *testing.T, path string, want []layerRead) {
	t.Helper()
	validate(t, path)
	list := run(t, "ogrinfo", "-ro", "-q", path)
	var names, sel []string
	for _, line := range strings.Split(list, "\n") {
		if i := strings.Index(line, ": "); i > 0 {
			name := strings.Fields(line[i+2:])[0]
			names = append(names, name)
			sel = append(sel, fmt.Sprintf("HasSpatialIndex('%s','geom') AS i%d", name, len(names)))
		}
	}
	// with a second column: GDAL answers a lone HasSpatialIndex itself
	idx := run(t, "ogrinfo", "-ro", "-q", path, "-sql", "SELECT "+strings.Join(sel, ", ")+", 0 AS last")
	for i, name := range names {
		if !strings.Contains(idx, fmt.Sprintf("i%d (Integer) = 1\n", i+1)) {
			t.Errorf("%s: HasSpatialIndex:\n%s", name, idx)
		}
	}
	if want == nil {
		return
	}
	info := run(t, "ogrinfo", "-ro", "-so", "-al", path)
	for i, l := range want {
		if i >= len(names) || names[i] != l.layer.Name {
			t.Errorf("ogrinfo lists %v, want %s as layer %d", names, l.layer.Name, i+1)
			continue
		}
		at := strings.Index(info, "Layer name: "+l.layer.Name+"\n")
		if at < 0 {
			t.Errorf("no layer %s:\n%s", l.layer.Name, info)
			continue
		}
		part := info[at:]
		if end := strings.Index(part[1:], "Layer name: "); end > 0 {
			part = part[:end+1]
		}
		if !strings.Contains(part, "Feature Count: "+strconv.Itoa(len(l.features))+"\n") {
			t.Errorf("%s: want %d features:\n%s", l.layer.Name, len(l.features), part)
		}
		if !strings.Contains(part, `ID["EPSG",4326]`) {
			t.Errorf("%s: not EPSG:4326 for GDAL:\n%s", l.layer.Name, part)
		}
		if gt := gdalGeometryType(l.features); !strings.Contains(part, "Geometry: "+gt+"\n") {
			t.Errorf("%s: want geometry type %s:\n%s", l.layer.Name, gt, part)
		}
	}
}

var (
	validatorOnce sync.Once
	validatorPy   string
)

// validate runs GDAL's GeoPackage validator (validate_gpkg, a sample of
// python3-gdal) on path when it is installed.
func validate(t *testing.T, path string) {
	t.Helper()
	validatorOnce.Do(func() {
		for _, py := range []string{"python3", "/usr/bin/python3"} {
			if p, err := exec.LookPath(py); err == nil && exec.Command(p, "-c", "import osgeo_utils.samples.validate_gpkg").Run() == nil {
				validatorPy = p
				return
			}
		}
	})
	if validatorPy == "" {
		t.Log("GDAL's validate_gpkg not found (install python3-gdal): the GeoPackage is not validated")
		return
	}
	out, err := exec.Command(validatorPy, "-m", "osgeo_utils.samples.validate_gpkg", path).CombinedOutput()
	if err != nil {
		t.Errorf("validate_gpkg %s: %v\n%s", path, err, out)
	}
}

// gdalGeometryType is how ogrinfo names the geometry type kukarcli
// declares for these features.
func gdalGeometryType(fs []*geoio.Feature) string {
	types := map[string]bool{}
	for _, f := range fs {
		if f.Geometry != nil {
			types[f.Geometry.GeoJSONType()] = true
		}
	}
	if len(types) != 1 {
		multi := len(types) > 0
		for k := range types {
			if !strings.HasPrefix(k, "Multi") && k != "GeometryCollection" {
				multi = false
			}
		}
		if multi {
			return "Geometry Collection"
		}
		return "Unknown (any)"
	}
	for k := range types {
		switch k {
		case "LineString":
			return "Line String"
		case "MultiLineString":
			return "Multi Line String"
		case "MultiPoint":
			return "Multi Point"
		case "MultiPolygon":
			return "Multi Polygon"
		case "GeometryCollection":
			return "Geometry Collection"
		}
		return k
	}
	return ""
}
