package filegdb

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	_ "github.com/kukarcli/kukarcli/pkg/geoio/shp" // to see that a plain .zip stays the shapefile driver's
	"github.com/paulmach/orb"
)

// The geodatabases in testdata were written by GDAL 3.6.2 and each layer
// exported by it to GeoJSON (testdata/README.md). These tests read every
// layer with this package and compare features, values and coordinates
// with GDAL's export.

type gjFeature struct {
	Properties map[string]any `json:"properties"`
	Geometry   *struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

func readExpected(t *testing.T, path string) []gjFeature {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []gjFeature `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fc.Features
}

// parts flattens any geometry to a list of polygons, each a list of
// rings (lines and points as one-ring polygons), so that GDAL's
// MultiPolygon of one polygon compares with a Polygon.
func parts(g orb.Geometry) [][][]orb.Point {
	switch g := g.(type) {
	case nil:
		return nil
	case orb.Point:
		return [][][]orb.Point{{{g}}}
	case orb.MultiPoint:
		var out [][][]orb.Point
		for _, p := range g {
			out = append(out, [][]orb.Point{{p}})
		}
		return out
	case orb.LineString:
		return [][][]orb.Point{{g}}
	case orb.MultiLineString:
		var out [][][]orb.Point
		for _, l := range g {
			out = append(out, [][]orb.Point{l})
		}
		return out
	case orb.Polygon:
		p := make([][]orb.Point, len(g))
		for i, r := range g {
			p[i] = r
		}
		return [][][]orb.Point{p}
	case orb.MultiPolygon:
		var out [][][]orb.Point
		for _, pg := range g {
			out = append(out, parts(pg)...)
		}
		return out
	}
	panic(fmt.Sprintf("unexpected %T", g))
}

func expectedParts(t *testing.T, typ string, raw json.RawMessage) [][][]orb.Point {
	t.Helper()
	pt := func(c []float64) orb.Point { return orb.Point{c[0], c[1]} }
	line := func(cs [][]float64) []orb.Point {
		out := make([]orb.Point, len(cs))
		for i, c := range cs {
			out[i] = pt(c)
		}
		return out
	}
	var out [][][]orb.Point
	var err error
	switch typ {
	case "Point":
		var c []float64
		err = json.Unmarshal(raw, &c)
		out = [][][]orb.Point{{{pt(c)}}}
	case "MultiPoint":
		var cs [][]float64
		err = json.Unmarshal(raw, &cs)
		for _, c := range cs {
			out = append(out, [][]orb.Point{{pt(c)}})
		}
	case "LineString":
		var cs [][]float64
		err = json.Unmarshal(raw, &cs)
		out = [][][]orb.Point{{line(cs)}}
	case "MultiLineString":
		var ls [][][]float64
		err = json.Unmarshal(raw, &ls)
		for _, l := range ls {
			out = append(out, [][]orb.Point{line(l)})
		}
	case "Polygon", "MultiPolygon":
		var ps [][][][]float64
		if typ == "Polygon" {
			var p [][][]float64
			err = json.Unmarshal(raw, &p)
			ps = [][][][]float64{p}
		} else {
			err = json.Unmarshal(raw, &ps)
		}
		for _, p := range ps {
			var rings [][]orb.Point
			for _, r := range p {
				rings = append(rings, line(r))
			}
			out = append(out, rings)
		}
	default:
		t.Fatalf("geometry type %s", typ)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readLayer reads one layer with the driver alone (native coordinates).
func readLayer(t *testing.T, gdb, layer string) (geoio.Layer, []*geoio.Feature, []geoio.Problem) {
	t.Helper()
	var probs []geoio.Problem
	opts := geoio.ReadOptions{Layer: layer, Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil }}
	rs, err := Open(geoio.Source{Path: gdb}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 {
		t.Fatalf("%d readers for layer %s", len(rs), layer)
	}
	defer rs[0].Close()
	fs, err := geoio.ReadAll(rs[0])
	if err != nil {
		t.Fatal(err)
	}
	return rs[0].Layer(), fs, probs
}

func TestAgainstGDAL(t *testing.T) {
	files, err := filepath.Glob("testdata/expected/*.geojson")
	if err != nil || len(files) == 0 {
		t.Fatalf("no expected files: %v", err)
	}
	for _, exp := range files {
		base := strings.TrimSuffix(filepath.Base(exp), ".geojson")
		gdbName, layer, _ := strings.Cut(base, ".")
		t.Run(base, func(t *testing.T) {
			want := readExpected(t, exp)
			l, got, _ := readLayer(t, filepath.Join("testdata", gdbName+".gdb"), layer)
			if len(got) != len(want) {
				t.Fatalf("%d features, GDAL reads %d", len(got), len(want))
			}
			tol := 1e-9 // degrees
			if !l.CRS.IsZero() && !l.CRS.IsGeographic() {
				tol = 1e-6 // metres
			}
			curved := gdbName == "lengkung"
			for i := range want {
				w, g := want[i], got[i]
				compareProps(t, i, l, w.Properties, g.Properties)
				if w.Geometry == nil {
					if g.Geometry != nil {
						t.Errorf("feature %d: geometry %v, GDAL reads none", i, g.Geometry)
					}
					continue
				}
				wp := expectedParts(t, w.Geometry.Type, w.Geometry.Coordinates)
				gp := parts(g.Geometry)
				if curved {
					compareCurved(t, i, wp, gp)
				} else {
					compareParts(t, i, wp, gp, tol)
				}
			}
		})
	}
}

func compareParts(t *testing.T, i int, want, got [][][]orb.Point, tol float64) {
	t.Helper()
	if len(want) != len(got) {
		// GDAL nests a clockwise ring that lies inside another outer
		// ring of the same feature as a hole of it (an island drawn
		// over a district in the source data); this package, as the
		// shapefile reader, takes clockwise rings as outer rings. The
		// rings themselves must be the same.
		if !sameRings(flatRings(want), flatRings(got), tol) {
			t.Errorf("feature %d: %d parts, GDAL reads %d", i, len(got), len(want))
		}
		return
	}
	for p := range want {
		if len(want[p]) != len(got[p]) {
			t.Errorf("feature %d part %d: %d rings, GDAL reads %d", i, p, len(got[p]), len(want[p]))
			continue
		}
		for r := range want[p] {
			if len(want[p][r]) != len(got[p][r]) {
				t.Errorf("feature %d part %d ring %d: %d positions, GDAL reads %d", i, p, r, len(got[p][r]), len(want[p][r]))
				continue
			}
			for k, wpt := range want[p][r] {
				gpt := got[p][r][k]
				if math.Abs(wpt[0]-gpt[0]) > tol || math.Abs(wpt[1]-gpt[1]) > tol {
					t.Errorf("feature %d part %d ring %d position %d: %v, GDAL reads %v", i, p, r, k, gpt, wpt)
					return
				}
			}
		}
	}
}

// compareCurved checks a densified curve against GDAL's: the same parts
// and end points, and every vertex of each near the other's line (GDAL
// cuts arcs every 4°, this package every 1.6°, so the vertices differ).
func compareCurved(t *testing.T, i int, want, got [][][]orb.Point) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("feature %d: %d parts, GDAL reads %d", i, len(got), len(want))
		return
	}
	for p := range want {
		if len(want[p]) != len(got[p]) {
			t.Errorf("feature %d part %d: %d rings, GDAL reads %d", i, p, len(got[p]), len(want[p]))
			continue
		}
		for r := range want[p] {
			w, g := want[p][r], got[p][r]
			if w[0] != g[0] || w[len(w)-1] != g[len(g)-1] {
				t.Errorf("feature %d part %d ring %d: from %v to %v, GDAL from %v to %v", i, p, r, g[0], g[len(g)-1], w[0], w[len(w)-1])
			}
			// GDAL's chords stray up to r(1-cos 2°) ≈ 6e-4 r from the arc
			// (r = 0.1° here at most)
			const tol = 1e-4
			for _, q := range g {
				if d := distToLine(q, w); d > tol {
					t.Errorf("feature %d part %d ring %d: vertex %v is %g from GDAL's line", i, p, r, q, d)
					break
				}
			}
			for _, q := range w {
				if d := distToLine(q, g); d > tol {
					t.Errorf("feature %d part %d ring %d: GDAL's vertex %v is %g from this line", i, p, r, q, d)
					break
				}
			}
		}
	}
}

func flatRings(ps [][][]orb.Point) [][]orb.Point {
	var out [][]orb.Point
	for _, p := range ps {
		out = append(out, p...)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i][0][0] != out[j][0][0] {
			return out[i][0][0] < out[j][0][0]
		}
		return out[i][0][1] < out[j][0][1]
	})
	return out
}

func sameRings(a, b [][]orb.Point, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for k := range a[i] {
			if math.Abs(a[i][k][0]-b[i][k][0]) > tol || math.Abs(a[i][k][1]-b[i][k][1]) > tol {
				return false
			}
		}
	}
	return true
}

func distToLine(p orb.Point, l []orb.Point) float64 {
	best := math.Inf(1)
	for k := 0; k+1 < len(l); k++ {
		a, b := l[k], l[k+1]
		dx, dy := b[0]-a[0], b[1]-a[1]
		u := 0.0
		if n := dx*dx + dy*dy; n > 0 {
			u = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/n))
		}
		best = math.Min(best, math.Hypot(a[0]+u*dx-p[0], a[1]+u*dy-p[1]))
	}
	if len(l) == 1 {
		best = math.Hypot(l[0][0]-p[0], l[0][1]-p[1])
	}
	return best
}

func compareProps(t *testing.T, i int, l geoio.Layer, want map[string]any, got geoio.Properties) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("feature %d: properties %v, GDAL reads %v", i, got.Keys(), keysOf(want))
	}
	types := map[string]geoio.FieldType{}
	for _, f := range l.Fields {
		types[f.Name] = f.Type
	}
	for k, wv := range want {
		gv, ok := got.Get(k)
		if !ok {
			t.Errorf("feature %d: no property %s", i, k)
			continue
		}
		switch w := wv.(type) {
		case nil:
			if gv != nil {
				t.Errorf("feature %d: %s = %#v, GDAL reads null", i, k, gv)
			}
		case string:
			if types[k] == geoio.FieldDate {
				wt, err := time.Parse(time.RFC3339, w)
				gt, ok := gv.(time.Time)
				// GDAL 3.6 rounds datetimes to the second (and dates
				// before 1970 a second late: it truncates a negative
				// count of seconds plus one half), this package to the
				// millisecond
				if err != nil || !ok || math.Abs(wt.Sub(gt).Seconds()) > 1 {
					t.Errorf("feature %d: %s = %v, GDAL reads %s", i, k, gv, w)
				}
				continue
			}
			if gv != w {
				t.Errorf("feature %d: %s = %#v, GDAL reads %q", i, k, gv, w)
			}
		case float64:
			var g float64
			switch v := gv.(type) {
			case int64:
				g = float64(v)
			case float64:
				g = v
			default:
				t.Errorf("feature %d: %s = %#v (%T), GDAL reads %v", i, k, gv, gv, w)
				continue
			}
			if g != w && math.Abs(g-w) > 1e-15*math.Abs(w) {
				t.Errorf("feature %d: %s = %v, GDAL reads %v", i, k, g, w)
			}
		default:
			t.Errorf("feature %d: %s: unexpected %T in the GeoJSON", i, k, wv)
		}
	}
}

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// The accounting: deleted rows are gone, not records; every record is
// used; counts agree with GDAL's feature count.
func TestAccounting(t *testing.T) {
	for layer, want := range map[string]int{"kantor_desa": 158, "ADMINISTRASIDESA_AR": 34, "menara_tabel": 90, "jalan": 250} {
		var counts geoio.Counts
		rs, err := geoio.OpenAll("testdata/kukar.gdb", nil, geoio.ReadOptions{Layer: layer,
			Counted: func(_ string, c geoio.Counts) { counts = c }})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := geoio.ReadAll(rs[0]); err != nil {
			t.Fatal(err)
		}
		rs[0].Close()
		if counts.Records != want || counts.Used != want || counts.Skipped != 0 {
			t.Errorf("%s: %+v, want %d records all used", layer, counts, want)
		}
	}
}

// OpenAll takes the .gdb folder (with or without a trailing slash), the
// zipped copy by its name and any zip with -f filegdb, and gives lon/lat.
func TestOpenAllForms(t *testing.T) {
	zipCopy := filepath.Join(t.TempDir(), "batas_desa.zip")
	b, err := os.ReadFile("testdata/kukar.gdb.zip")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(zipCopy, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, format string }{
		{"testdata/kukar.gdb", ""}, {"testdata/kukar.gdb/", ""}, {"testdata/kukar.gdb.zip", ""}, {zipCopy, "filegdb"},
	} {
		rs, err := geoio.OpenAll(c.path, nil, geoio.ReadOptions{Format: c.format})
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		var names []string
		for _, r := range rs {
			names = append(names, r.Layer().Name)
			if r.Layer().Name == "KECAMATAN_UTM50S" {
				fs, err := geoio.ReadAll(r)
				if err != nil {
					t.Fatal(err)
				}
				bb := fs[0].Geometry.Bound()
				if bb.Min[0] < 115 || bb.Max[0] > 118 || bb.Min[1] < -2 || bb.Max[1] > 2 {
					t.Errorf("%s: UTM layer not read as lon/lat in Kutai Kartanegara: %v", c.path, bb)
				}
			}
			r.Close()
		}
		want := "ADMINISTRASIDESA_AR KECAMATAN_UTM50S kantor_desa jalan menara_3d menara_tabel"
		if strings.Join(names, " ") != want {
			t.Errorf("%s: layers %v, want %s", c.path, names, want)
		}
	}
	// a zip without the format named stays the shapefile driver's
	if f, err := geoio.DetectFormat("batas.zip"); err != nil || f.Name != "shp" {
		t.Errorf("batas.zip detected as %v, %v", f, err)
	}
	if f, err := geoio.DetectFormat("batas.gdb.zip"); err != nil || f.Name != "filegdb" {
		t.Errorf("batas.gdb.zip detected as %v, %v", f, err)
	}
	// other folders are still refused
	if _, err := geoio.OpenAll("testdata", nil, geoio.ReadOptions{}); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("a plain folder: %v", err)
	}
}

func TestLayerAndErrors(t *testing.T) {
	_, err := Open(geoio.Source{Path: "testdata/kukar.gdb"}, geoio.ReadOptions{Layer: "desa"})
	if err == nil || !strings.Contains(err.Error(), "ADMINISTRASIDESA_AR") {
		t.Errorf("unknown layer: %v", err)
	}
	l, fs, _ := readLayer(t, "testdata/kukar.gdb", "administrasidesa_ar")
	if l.Name != "ADMINISTRASIDESA_AR" || len(fs) != 34 || fs[0].ID != int64(1) || fs[1].ID != int64(3) {
		t.Errorf("layer %s, %d features, ids %v %v", l.Name, len(fs), fs[0].ID, fs[1].ID)
	}
	if _, err := Open(geoio.Source{Path: "-", R: strings.NewReader("hello")}, geoio.ReadOptions{}); err == nil {
		t.Error("a stream that is no zip was read")
	}
	f, err := os.Open("testdata/kukar.gdb.zip")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := Open(geoio.Source{Path: "-", R: f}, geoio.ReadOptions{Layer: "jalan"})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := rs[0].Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 250 {
		t.Errorf("jalan from a zip on standard input: %d features", n)
	}
}
