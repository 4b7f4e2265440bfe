package gpkg_test

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	_ "github.com/kukarcli/kukarcli/pkg/geoio/csv"
	_ "github.com/kukarcli/kukarcli/pkg/geoio/geojson"
	_ "github.com/kukarcli/kukarcli/pkg/geoio/gpkg"
	"github.com/paulmach/orb"
)

const examples = "../../../examples"

// layerRead is one layer read through geoio.OpenAll, with what was
// reported on the way.
type layerRead struct {
	layer    geoio.Layer
	features []*geoio.Feature
	problems []geoio.Problem
	notes    []string
}

// readAll reads every layer of path (or the one named) as the program
// does: through geoio, validated and in lon/lat.
func readAll(t *testing.T, path, layer string) []layerRead {
	t.Helper()
	var probs []geoio.Problem
	var notes []string
	rs, err := geoio.OpenAll(path, nil, geoio.ReadOptions{Layer: layer,
		Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil },
		Warn:     func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	var out []layerRead
	for _, r := range rs {
		probs, notes = nil, nil
		fs, err := geoio.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, layerRead{layer: r.Layer(), features: fs, problems: probs, notes: notes})
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func readOne(t *testing.T, path, layer string) layerRead {
	t.Helper()
	ls := readAll(t, path, layer)
	if len(ls) != 1 {
		t.Fatalf("%s: %d layers", path, len(ls))
	}
	return ls[0]
}

// props maps a feature's properties by name.
func props(f *geoio.Feature) map[string]any {
	m := map[string]any{}
	for _, p := range f.Properties {
		m[p.Key] = p.Value
	}
	return m
}

// sameProps compares properties by name, an absent one as null.
func sameProps(a, b *geoio.Feature) bool {
	pa, pb := props(a), props(b)
	for k, v := range pa {
		if !reflect.DeepEqual(v, pb[k]) {
			return false
		}
	}
	for k, v := range pb {
		if _, ok := pa[k]; !ok && v != nil {
			return false
		}
	}
	return true
}

// near compares geometries position by position within tol degrees.
func near(a, b orb.Geometry, tol float64) bool {
	if tol == 0 {
		return orb.Equal(a, b)
	}
	if a == nil || b == nil || a.GeoJSONType() != b.GeoJSONType() {
		return a == nil && b == nil
	}
	pa, pb := positions(a), positions(b)
	if len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		if math.Abs(pa[i][0]-pb[i][0]) > tol || math.Abs(pa[i][1]-pb[i][1]) > tol {
			return false
		}
	}
	return true
}

func positions(g orb.Geometry) []orb.Point {
	var out []orb.Point
	switch g := g.(type) {
	case orb.Point:
		out = append(out, g)
	case orb.MultiPoint:
		out = append(out, g...)
	case orb.LineString:
		out = append(out, g...)
	case orb.Ring:
		out = append(out, g...)
	case orb.MultiLineString:
		for _, l := range g {
			out = append(out, positions(l)...)
		}
	case orb.Polygon:
		for _, r := range g {
			out = append(out, positions(r)...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = append(out, positions(p)...)
		}
	case orb.Collection:
		for _, m := range g {
			out = append(out, positions(m)...)
		}
	}
	return out
}

// sameFeatures compares two feature lists in order: geometry within
// tol, properties equal, ids too when ids is set.
func sameFeatures(t *testing.T, what string, got, want []*geoio.Feature, tol float64, ids bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d features, want %d", what, len(got), len(want))
	}
	bad := 0
	for i := range got {
		g, w := got[i], want[i]
		msg := ""
		switch {
		case !near(g.Geometry, w.Geometry, tol):
			msg = fmt.Sprintf("geometry %v, want %v", g.Geometry, w.Geometry)
		case !sameProps(g, w):
			msg = fmt.Sprintf("properties %v, want %v", g.Properties, w.Properties)
		case ids && !reflect.DeepEqual(g.ID, w.ID):
			msg = fmt.Sprintf("id %v (%T), want %v (%T)", g.ID, g.ID, w.ID, w.ID)
		}
		if msg != "" {
			if bad++; bad <= 3 {
				t.Errorf("%s: feature %d: %s", what, i, msg)
			}
		}
	}
}

// The GeoPackages in testdata were made by GDAL from the example layers
// (see testdata/README.md): read by kukarcli, they hold the features and
// values of their sources.
func TestReadMatchesSources(t *testing.T) {
	for _, c := range []struct {
		gpkg, layer, source string
		tol                 float64
	}{
		{"kecamatan.gpkg", "", "kukar/kukar_6402_kecamatan.geojson", 0},
		{"kecamatan_32750.gpkg", "", "kukar/kukar_6402_kecamatan.geojson", 1e-7},
		{"kabkota.gpkg", "", "kukar/kukar_6402_kabkota.geojson", 0},
		{"rpjmd.gpkg", "kantor_desa", "rpjmd/kantor_desa_ilustratif.geojson", 0},
		{"rpjmd.gpkg", "jalan", "rpjmd/jalan_ilustratif.geojson", 0},
		{"rpjmd.gpkg", "sungai", "rpjmd/sungai_ilustratif.geojson", 0},
		{"rpjmd.gpkg", "ibukota_kecamatan", "rpjmd/ibukota_kecamatan_ilustratif.geojson", 0},
		{"rpjmd.gpkg", "menara", "rpjmd/menara_ilustratif.csv", 0},
	} {
		t.Run(c.gpkg+"/"+c.layer, func(t *testing.T) {
			got := readOne(t, filepath.Join("testdata", c.gpkg), c.layer)
			want := readOne(t, filepath.Join(examples, c.source), "")
			if got.layer.Format != "GeoPackage" {
				t.Errorf("format %q", got.layer.Format)
			}
			if len(got.problems) > 0 || len(got.notes) > 0 {
				t.Errorf("problems %v, notes %v", got.problems, got.notes)
			}
			sameFeatures(t, c.gpkg, got.features, want.features, c.tol, false)
			for i, f := range got.features {
				if f.ID != int64(i+1) {
					t.Fatalf("feature %d has id %v, want the fid %d", i, f.ID, i+1)
				}
			}
		})
	}
}

func TestReadLayers(t *testing.T) {
	path := filepath.Join("testdata", "rpjmd.gpkg")
	ls := readAll(t, path, "")
	var names []string
	for _, l := range ls {
		names = append(names, l.layer.Name)
	}
	if want := []string{"kantor_desa", "jalan", "sungai", "ibukota_kecamatan", "menara"}; !reflect.DeepEqual(names, want) {
		t.Errorf("layers %v, want %v", names, want)
	}
	if _, err := geoio.Open(path, nil, geoio.ReadOptions{}); err == nil || !strings.Contains(err.Error(), "holds 5 layers") {
		t.Errorf("Open of 5 layers: %v", err)
	}
	r, err := geoio.Open(path, nil, geoio.ReadOptions{Layer: "SUNGAI"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	l := r.Layer()
	if l.Name != "sungai" || l.CRS.EPSG != 4326 || len(l.Fields) == 0 {
		t.Errorf("layer %+v", l)
	}
	if _, err := geoio.Open(path, nil, geoio.ReadOptions{Layer: "danau"}); err == nil {
		t.Error("a missing layer was found")
	}
}

func TestReadProjected(t *testing.T) {
	l := readOne(t, filepath.Join("testdata", "kecamatan_32750.gpkg"), "")
	if l.layer.CRS.EPSG != 32750 {
		t.Errorf("CRS %v, want EPSG:32750", l.layer.CRS)
	}
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Every column type GDAL writes, null values, a polygon with a hole, a
// feature without geometry, and Z values dropped.
func TestReadTypes(t *testing.T) {
	l := readOne(t, filepath.Join("testdata", "types.gpkg"), "")
	wantFields := []geoio.Field{
		{Name: "nama", Type: geoio.FieldString}, {Name: "penduduk", Type: geoio.FieldInt}, {Name: "bagian", Type: geoio.FieldFloat},
		{Name: "ibukota", Type: geoio.FieldBool}, {Name: "sejak", Type: geoio.FieldDate}, {Name: "diperbarui", Type: geoio.FieldString},
		{Name: "catatan", Type: geoio.FieldString},
	}
	if !reflect.DeepEqual(l.layer.Fields, wantFields) {
		t.Errorf("fields %+v", l.layer.Fields)
	}
	if !l.layer.HasZ || l.layer.HasM {
		t.Errorf("HasZ %v HasM %v", l.layer.HasZ, l.layer.HasM)
	}
	want := []*geoio.Feature{
		{ID: int64(1), Geometry: orb.Point{116.9875, -0.4205}, Properties: geoio.Properties{
			{Key: "nama", Value: "Tenggarong"}, {Key: "penduduk", Value: int64(12345)}, {Key: "bagian", Value: 0.25},
			{Key: "ibukota", Value: true}, {Key: "sejak", Value: date("2001-05-17")}, {Key: "diperbarui", Value: "2024-01-31T10:15:00.000Z"},
			{Key: "catatan", Value: nil}}},
		{ID: int64(2), Properties: geoio.Properties{
			{Key: "nama", Value: "Loa Kulu"}, {Key: "penduduk", Value: nil}, {Key: "bagian", Value: nil},
			{Key: "ibukota", Value: false}, {Key: "sejak", Value: nil}, {Key: "diperbarui", Value: nil},
			{Key: "catatan", Value: "tanpa geometri"}}},
		{ID: int64(3), Geometry: orb.Polygon{
			{{116.9, -0.5}, {117, -0.5}, {117, -0.4}, {116.9, -0.4}, {116.9, -0.5}},
			{{116.92, -0.48}, {116.92, -0.45}, {116.95, -0.45}, {116.95, -0.48}, {116.92, -0.48}}},
			Properties: geoio.Properties{
				{Key: "nama", Value: "Lapangan"}, {Key: "penduduk", Value: int64(3)}, {Key: "bagian", Value: 1.5},
				{Key: "ibukota", Value: false}, {Key: "sejak", Value: date("1999-12-31")}, {Key: "diperbarui", Value: "2020-02-29T08:00:00.000Z"},
				{Key: "catatan", Value: "poligon berlubang"}}},
	}
	if !reflect.DeepEqual(l.features, want) {
		for i := range l.features {
			t.Errorf("feature %d: %+v", i, *l.features[i])
		}
	}
	if len(l.notes) > 0 || len(l.problems) > 0 {
		t.Errorf("notes %v problems %v", l.notes, l.problems)
	}
}

// Empty geometries are read as no geometry; a curve is reported and
// skipped; Z and M are dropped; a collection is read.
func TestReadGeometries(t *testing.T) {
	l := readOne(t, filepath.Join("testdata", "geoms.gpkg"), "")
	var got []string
	for _, f := range l.features {
		got = append(got, fmt.Sprintf("%v:%s", f.ID, geoio.GeometryType(f.Geometry)))
	}
	want := []string{"1:Point", "2:None", "3:None", "4:None", "5:Point", "6:GeometryCollection", "8:MultiPoint"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("features %v, want %v", got, want)
	}
	if len(l.problems) != 1 || l.problems[0].Kind != geoio.ProblemUnsupported || l.problems[0].Index != 6 || l.problems[0].ID != "7" {
		t.Errorf("problems %+v", l.problems)
	}
	if !l.layer.HasZ || !l.layer.HasM {
		t.Errorf("HasZ %v HasM %v", l.layer.HasZ, l.layer.HasM)
	}
	if p := l.features[4].Geometry; p != (orb.Point{116.91, -0.41}) {
		t.Errorf("point ZM read as %v", p)
	}
}

// A GeoPackage on standard input is read through a temporary copy, which
// is removed when the readers are closed.
func TestReadStdin(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "kecamatan.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	before := tempCopies(t)
	r, err := geoio.Open("-", bytes.NewReader(b), geoio.ReadOptions{Format: "gpkg"})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := geoio.ReadAll(r)
	if err != nil || len(fs) != 20 {
		t.Fatalf("%d features, %v", len(fs), err)
	}
	if len(tempCopies(t)) != len(before)+1 {
		t.Error("no temporary copy while reading")
	}
	r.Close()
	if len(tempCopies(t)) != len(before) {
		t.Error("temporary copy left behind")
	}
}

func tempCopies(t *testing.T) []string {
	m, err := filepath.Glob(filepath.Join(os.TempDir(), "kukarcli-stdin-*.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Damaged files give an error, never a panic, and nothing on the way
// is left open or behind.
func TestReadDamaged(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "rpjmd.gpkg"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	try := func(name string, b []byte) (err error) {
		p := filepath.Join(dir, name+".gpkg")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		rs, err := geoio.OpenAll(p, nil, geoio.ReadOptions{Problems: func(geoio.Problem) error { return nil }})
		if err != nil {
			return err
		}
		for _, r := range rs {
			for {
				if _, rerr := r.Next(); rerr == io.EOF {
					break
				} else if rerr != nil {
					err = rerr
					break
				}
			}
			r.Close()
		}
		return err
	}
	for _, c := range []struct {
		name string
		b    []byte
		want string // "" when reading may succeed
	}{
		{"empty", nil, "not an SQLite 3 database"},
		{"text", []byte(strings.Repeat("kukar ", 100)), "not an SQLite 3 database"},
		{"header only", good[:100], "damaged"},
		{"first page", good[:4096], "damaged"},
		{"half", good[:len(good)/2], ""},
		{"all but last page", good[:len(good)-4096], ""},
	} {
		err := try(c.name, c.b)
		t.Logf("%s: %v", c.name, err)
		if c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want …%s…", c.name, err, c.want)
		}
	}
	// bytes overwritten all over the file
	for seed := range 40 {
		b := bytes.Clone(good)
		for i := range 64 {
			at := (seed*7919 + i*104729) % len(b)
			b[at] ^= byte(0x5a + seed + i)
		}
		err := try(fmt.Sprintf("flipped%d", seed), b)
		t.Logf("flipped %d: %v", seed, err)
	}
}
