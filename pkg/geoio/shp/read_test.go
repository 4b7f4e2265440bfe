package shp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// Feature counts from GDAL's ogrinfo on the same files.
func TestSHPReadShapeTypes(t *testing.T) {
	tests := []struct {
		name       string
		count      int
		geom       string
		hasZ, hasM bool
	}{
		{"point", 3, "Point", false, false},
		{"pointm", 3, "Point", false, true},
		{"pointz", 3, "Point", true, false},
		{"multipoint", 1, "MultiPoint", false, false},
		{"multipointm", 1, "MultiPoint", false, true},
		{"multipointz", 1, "MultiPoint", true, false},
		{"polyline", 2, "LineString", false, false},
		{"polylinem", 2, "LineString", false, true},
		{"polylinez", 2, "LineString", true, false},
		{"polygon", 1, "Polygon", false, false},
		{"polygonm", 1, "Polygon", false, true},
		{"polygonz", 1, "Polygon", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log readLog
			layer, fs := readTestShapefile(t, filepath.Join("testdata", "shp", "types", tt.name+".shp"), log.opts())
			if len(fs) != tt.count {
				t.Fatalf("got %d features, want %d", len(fs), tt.count)
			}
			for i, f := range fs {
				if got := geoio.GeometryType(f.Geometry); got != tt.geom {
					t.Errorf("feature %d: %s, want %s", i, got, tt.geom)
				}
			}
			if layer.HasZ != tt.hasZ || layer.HasM != tt.hasM {
				t.Errorf("HasZ/HasM = %v/%v, want %v/%v", layer.HasZ, layer.HasM, tt.hasZ, tt.hasM)
			}
			if layer.Format != "ESRI Shapefile" || layer.Name != tt.name {
				t.Errorf("layer %q format %q", layer.Name, layer.Format)
			}
			if len(log.problems)+len(log.warnings) != 0 {
				t.Errorf("unexpected reports: %v %v", log.problems, log.warnings)
			}
		})
	}
	// Z values are dropped, X/Y kept.
	_, fs := readTestShapefile(t, filepath.Join("testdata", "shp", "types", "polygonz.shp"), geoio.ReadOptions{})
	want := orb.Polygon{{{0, 0}, {0, 5}, {5, 5}, {5, 0}, {0, 0}}}
	if !orb.Equal(fs[0].Geometry, want) {
		t.Errorf("polygonz: %v, want %v", fs[0].Geometry, want)
	}
}

func TestSHPReadMultiPatchRefused(t *testing.T) {
	path := filepath.Join("testdata", "shp", "types", "multipatch.shp")
	_, err := openShapefile(geoio.Source{Path: path}, geoio.ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "MultiPatch shapes are not supported; convert to Polygon first") || !strings.Contains(err.Error(), path) {
		t.Fatalf("got %v", err)
	}
}

func TestSHPReadKukar(t *testing.T) {
	dir := filepath.Join("testdata", "shp", "kukar")
	var log readLog
	layer, fs := readTestShapefile(t, filepath.Join(dir, "kukar_6402_kecamatan.shp"), log.opts())
	if len(fs) != 20 {
		t.Fatalf("kecamatan: %d features, want 20", len(fs))
	}
	wantFields := []geoio.Field{{Name: "kode", Type: geoio.FieldString, Width: 80, Precision: 0}, {Name: "kode_nodot", Type: geoio.FieldString, Width: 80, Precision: 0}, {Name: "nama", Type: geoio.FieldString, Width: 80, Precision: 0},
		{Name: "level", Type: geoio.FieldString, Width: 80, Precision: 0}, {Name: "kode_prov", Type: geoio.FieldString, Width: 80, Precision: 0}, {Name: "kode_kab", Type: geoio.FieldString, Width: 80, Precision: 0},
		{Name: "kode_kec", Type: geoio.FieldString, Width: 80, Precision: 0}, {Name: "lat", Type: geoio.FieldFloat, Width: 24, Precision: 15}, {Name: "lng", Type: geoio.FieldFloat, Width: 24, Precision: 15}}
	if fmt.Sprint(layer.Fields) != fmt.Sprint(wantFields) {
		t.Errorf("fields %v\nwant %v", layer.Fields, wantFields)
	}
	// Values as in the GeoJSON export of the same data.
	f3 := fs[3]
	if v, _ := f3.Properties.Get("nama"); v != "Anggana" {
		t.Errorf("feature 3 nama = %v", v)
	}
	if v, _ := f3.Properties.Get("lng"); v != 117.43338230506988 {
		t.Errorf("feature 3 lng = %v", v)
	}
	p0 := fs[0].Geometry.(orb.Polygon)
	if p0[0][0] != (orb.Point{116.30456267232955, -0.3048643252283796}) {
		t.Errorf("feature 0 first vertex %v", p0[0][0])
	}
	types := map[string]int{}
	for _, f := range fs {
		types[geoio.GeometryType(f.Geometry)]++
	}
	if types["Polygon"] != 16 || types["MultiPolygon"] != 4 {
		t.Errorf("kecamatan types %v", types)
	}
	if p7 := fs[7].Geometry.(orb.Polygon); len(p7) != 2 {
		t.Errorf("kecamatan 7 has %d rings, want an outer ring and a hole", len(p7))
	}
	if len(log.problems)+len(log.warnings) != 0 {
		t.Errorf("unexpected reports: %v %v", log.problems, log.warnings)
	}

	_, fs = readTestShapefile(t, filepath.Join(dir, "kukar_6402_desa_centroids.shp"), geoio.ReadOptions{})
	if len(fs) != 237 {
		t.Fatalf("desa centroids: %d features, want 237", len(fs))
	}
	if v, _ := fs[0].Properties.Get("nama"); v != "Perian" {
		t.Errorf("desa 0 nama = %v", v)
	}

	_, fs = readTestShapefile(t, filepath.Join(dir, "kukar_6402_desa.shp"), geoio.ReadOptions{})
	types = map[string]int{}
	holes := 0
	for _, f := range fs {
		types[geoio.GeometryType(f.Geometry)]++
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			holes += len(g) - 1
		case orb.MultiPolygon:
			for _, p := range g {
				holes += len(p) - 1
			}
		}
	}
	if len(fs) != 237 || types["Polygon"] != 223 || types["MultiPolygon"] != 14 || holes != 1 {
		t.Errorf("desa: %d features %v, %d holes; want 237 (223 Polygon, 14 MultiPolygon), 1 hole", len(fs), types, holes)
	}
}

// Rings in specification winding: outer clockwise, holes counter-clockwise.
var (
	sqCW   = []orb.Point{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}
	holeCC = []orb.Point{{2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}}
	farCW  = []orb.Point{{20, 0}, {20, 5}, {25, 5}, {25, 0}, {20, 0}}
	sqCC   = []orb.Point{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}
	// An island inside holeBig, itself inside sqCW.
	holeBig = []orb.Point{{1, 1}, {9, 1}, {9, 9}, {1, 9}, {1, 1}}
	island  = []orb.Point{{3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}}
	islHole = []orb.Point{{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}}
	// A hole touching the outer ring at its first vertex.
	holeTouch = []orb.Point{{0, 0}, {5, 1}, {5, 5}, {0, 0}}
)

func TestSHPAssemblePolygons(t *testing.T) {
	tests := []struct {
		name  string
		rings [][]orb.Point
		want  orb.Geometry
	}{
		{"one outer", [][]orb.Point{sqCW}, orb.Polygon{sqCW}},
		{"outer and hole", [][]orb.Point{sqCW, holeCC}, orb.Polygon{sqCW, holeCC}},
		{"hole first", [][]orb.Point{holeCC, sqCW}, orb.Polygon{sqCW, holeCC}},
		{"two outers", [][]orb.Point{sqCW, farCW}, orb.MultiPolygon{{sqCW}, {farCW}}},
		{"two outers, hole in the first", [][]orb.Point{farCW, sqCW, holeCC}, orb.MultiPolygon{{farCW}, {sqCW, holeCC}}},
		{"hole goes to the smallest container", [][]orb.Point{sqCW, holeBig, island, islHole},
			orb.MultiPolygon{{sqCW, holeBig}, {island, islHole}}},
		{"counter-clockwise lone ring becomes outer", [][]orb.Point{sqCC}, orb.Polygon{sqCC}},
		{"hole outside every outer becomes outer", [][]orb.Point{farCW, holeCC}, orb.MultiPolygon{{farCW}, {holeCC}}},
		{"hole touching the boundary", [][]orb.Point{sqCW, holeTouch}, orb.Polygon{sqCW, holeTouch}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts [][]orb.Point
			parts = append(parts, tt.rings...)
			shp, shx := shpTestBuild(shpPolygon, shpTestMulti(shpPolygon, parts...))
			path := writeTestFiles(t, t.TempDir(), "p", map[string][]byte{".shp": shp, ".shx": shx})
			_, fs := readTestShapefile(t, path, geoio.ReadOptions{})
			if len(fs) != 1 || !orb.Equal(fs[0].Geometry, tt.want) {
				t.Fatalf("got %v, want %v", fs[0].Geometry, tt.want)
			}
		})
	}
}

func TestSHPReadBadRecords(t *testing.T) {
	open := []orb.Point{{0, 0}, {0, 1}, {1, 1}, {1, 0}}
	huge := shpTestMulti(shpMultiPoint, []orb.Point{{1, 1}})
	huge[36], huge[37], huge[38], huge[39] = 0xFF, 0xFF, 0xFF, 0x7F // 2^31-1 points
	hugeParts := shpTestMulti(shpPolyLine, []orb.Point{{1, 1}, {2, 2}})
	hugeParts[36], hugeParts[37], hugeParts[38], hugeParts[39] = 0, 0, 0, 0x80 // negative part count
	badPart := shpTestMulti(shpPolyLine, []orb.Point{{1, 1}, {2, 2}})
	badPart[44] = 9 // part starts past the points
	nan := shpTestPoint(orb.Point{math.NaN(), 1})
	tests := []struct {
		name    string
		typ     int32
		content []byte
		kind    string
	}{
		{"ring too short to close", shpPolygon, shpTestMulti(shpPolygon, open[:2]), geoio.ProblemBadRecord},
		{"point count past the record", shpMultiPoint, huge, geoio.ProblemBadRecord},
		{"negative part count", shpPolyLine, hugeParts, geoio.ProblemBadRecord},
		{"part index past the points", shpPolyLine, badPart, geoio.ProblemBadRecord},
		{"NaN coordinate", shpPoint, nan, geoio.ProblemInvalidCoord},
		{"wrong shape type", shpPoint, shpTestMulti(shpPolyLine, []orb.Point{{1, 1}, {2, 2}}), geoio.ProblemBadRecord},
		{"short point", shpPoint, shpTestPoint(orb.Point{1, 1})[:12], geoio.ProblemBadRecord},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			good := shpTestPoint(orb.Point{5, 5})
			if tt.typ != shpPoint {
				good = shpTestMulti(tt.typ, sqCW)
			}
			shp, shx := shpTestBuild(tt.typ, good, tt.content, good)
			dbf := dbfTestBuild(0, []dbfTestField{{"ID", 'C', 4, 0}}, []string{"a"}, []string{"b"}, []string{"c"})
			path := writeTestFiles(t, t.TempDir(), "bad", map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbf})
			var log readLog
			_, fs := readTestShapefile(t, path, log.opts())
			if len(fs) != 2 {
				t.Errorf("got %d features, want 2", len(fs))
			}
			if len(log.problems) != 1 {
				t.Fatalf("problems %v", log.problems)
			}
			p := log.problems[0]
			if p.Kind != tt.kind || p.Index != 1 || p.ID != "b" || p.File != path {
				t.Errorf("problem %+v", p)
			}
		})
	}
}

func TestSHPReadCompanions(t *testing.T) {
	pts := [][]byte{shpTestPoint(orb.Point{1, 2}), shpTestPoint(orb.Point{3, 4}), shpTestPoint(orb.Point{5, 6})}
	shp, shx := shpTestBuild(shpPoint, pts...)
	fields := []dbfTestField{{"name", 'C', 8, 0}, {"pop", 'N', 6, 0}}
	dbf3 := dbfTestBuild(0x57, fields, []string{"one", "    10"}, []string{"two", "    20"}, []string{"three", "    30"})
	dbfDel := dbfTestBuild(0x57, fields, []string{"one", "    10"}, []string{"*", "two", "    20"}, []string{"three", "    30"})
	dbf2 := dbfTestBuild(0x57, fields, []string{"one", "    10"}, []string{"two", "    20"})
	cut := len(shp) - 6

	tests := []struct {
		name     string
		files    map[string][]byte
		want     []orb.Point
		names    []any
		kinds    []string
		warnings int
	}{
		{"complete", map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbf3},
			[]orb.Point{{1, 2}, {3, 4}, {5, 6}}, []any{"one", "two", "three"}, nil, 0},
		{"upper-case companions", map[string][]byte{".shp": shp, ".SHX": shx, ".DBF": dbf3},
			[]orb.Point{{1, 2}, {3, 4}, {5, 6}}, []any{"one", "two", "three"}, nil, 0},
		{"missing shx", map[string][]byte{".shp": shp, ".dbf": dbf3},
			[]orb.Point{{1, 2}, {3, 4}, {5, 6}}, []any{"one", "two", "three"}, nil, 1},
		{"missing dbf", map[string][]byte{".shp": shp, ".shx": shx},
			[]orb.Point{{1, 2}, {3, 4}, {5, 6}}, []any{nil, nil, nil}, nil, 1},
		{"deleted record", map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbfDel},
			[]orb.Point{{1, 2}, {5, 6}}, []any{"one", "three"}, []string{geoio.ProblemDeleted}, 0},
		{"count mismatch", map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbf2},
			[]orb.Point{{1, 2}, {3, 4}}, []any{"one", "two"}, []string{geoio.ProblemCountMismatch}, 0},
		{"truncated shp with shx", map[string][]byte{".shp": shp[:cut], ".shx": shx, ".dbf": dbf3},
			[]orb.Point{{1, 2}, {3, 4}}, []any{"one", "two"}, []string{geoio.ProblemTruncated}, 0},
		{"truncated shp without shx", map[string][]byte{".shp": shp[:cut], ".dbf": dbf3},
			[]orb.Point{{1, 2}, {3, 4}}, []any{"one", "two"}, []string{geoio.ProblemTruncated}, 1},
		{"truncated record header without shx", map[string][]byte{".shp": shp[:len(shp)-24], ".dbf": dbf3},
			[]orb.Point{{1, 2}, {3, 4}}, []any{"one", "two"}, []string{geoio.ProblemTruncated}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log readLog
			path := writeTestFiles(t, t.TempDir(), "pts", tt.files)
			_, fs := readTestShapefile(t, path, log.opts())
			if len(fs) != len(tt.want) {
				t.Fatalf("got %d features, want %d (problems %v)", len(fs), len(tt.want), log.problems)
			}
			for i, f := range fs {
				if f.Geometry != tt.want[i] {
					t.Errorf("feature %d at %v, want %v", i, f.Geometry, tt.want[i])
				}
				if v, _ := f.Properties.Get("name"); v != tt.names[i] {
					t.Errorf("feature %d name %v, want %v", i, v, tt.names[i])
				}
			}
			if fmt.Sprint(log.kinds()) != fmt.Sprint(tt.kinds) {
				t.Errorf("problems %v, want kinds %v", log.problems, tt.kinds)
			}
			if len(log.warnings) != tt.warnings {
				t.Errorf("warnings %q, want %d", log.warnings, tt.warnings)
			}
		})
	}
}

func TestSHPReadCountMismatchReportedOnce(t *testing.T) {
	shp, shx := shpTestBuild(shpPoint, shpTestPoint(orb.Point{1, 2}))
	dbf := dbfTestBuild(0, []dbfTestField{{"a", 'C', 1, 0}}, []string{"x"}, []string{"y"}, []string{"z"})
	var log readLog
	path := writeTestFiles(t, t.TempDir(), "m", map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbf})
	_, fs := readTestShapefile(t, path, log.opts())
	if len(fs) != 1 || len(log.problems) != 1 || log.problems[0].Index != -1 || log.problems[0].Kind != geoio.ProblemCountMismatch || log.problems[0].Count != 2 {
		t.Fatalf("features %d, problems %+v", len(fs), log.problems)
	}
}

func TestSHPReadStrictStops(t *testing.T) {
	open := []orb.Point{{0, 0}, {0, 1}, {1, 1}, {1, 0}}
	shp, shx := shpTestBuild(shpPolygon, shpTestMulti(shpPolygon, open), shpTestMulti(shpPolygon, sqCW))
	path := writeTestFiles(t, t.TempDir(), "s", map[string][]byte{".shp": shp, ".shx": shx})
	rs, err := openShapefile(geoio.Source{Path: path}, geoio.ReadOptions{Problems: geoio.StrictHandler})
	if err != nil {
		t.Fatal(err)
	}
	defer rs[0].Close()
	_, err = rs[0].Next()
	if !errors.Is(err, geoio.ErrStrict) || !strings.Contains(err.Error(), "s.shp:feature 0") {
		t.Fatalf("got %v", err)
	}
}

func TestSHPReadNotAShapefile(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"short.shp": []byte("hello"),
		"code.shp":  make([]byte, 120),
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		_, err := openShapefile(geoio.Source{Path: p}, geoio.ReadOptions{})
		var fe *geoio.FormatError
		if !errors.As(err, &fe) || fe.File != p {
			t.Errorf("%s: got %v", name, err)
		}
	}
}

func TestSHPReadNullShapes(t *testing.T) {
	null := []byte{0, 0, 0, 0}
	shp, shx := shpTestBuild(shpPoint, null, shpTestPoint(orb.Point{1, 1}))
	path := writeTestFiles(t, t.TempDir(), "n", map[string][]byte{".shp": shp, ".shx": shx})
	var log readLog
	_, fs := readTestShapefile(t, path, log.opts())
	if len(fs) != 2 || fs[0].Geometry != nil || fs[1].Geometry != (orb.Point{1, 1}) || len(log.problems) != 0 {
		t.Fatalf("got %d features %v, problems %v", len(fs), fs, log.problems)
	}
}

func TestSHPReadPolyLineParts(t *testing.T) {
	a := []orb.Point{{0, 0}, {1, 1}}
	b := []orb.Point{{2, 2}, {3, 3}, {4, 2}}
	shp, _ := shpTestBuild(shpPolyLine, shpTestMulti(shpPolyLine, a), shpTestMulti(shpPolyLine, a, b))
	path := writeTestFiles(t, t.TempDir(), "l", map[string][]byte{".shp": shp})
	_, fs := readTestShapefile(t, path, geoio.ReadOptions{})
	if !orb.Equal(fs[0].Geometry, orb.LineString(a)) || !orb.Equal(fs[1].Geometry, orb.MultiLineString{a, b}) {
		t.Fatalf("got %v %v", fs[0].Geometry, fs[1].Geometry)
	}
}

func TestSHPReadStream(t *testing.T) {
	shp, _ := shpTestBuild(shpPoint, shpTestPoint(orb.Point{7, 8}))
	var log readLog
	rs, err := openShapefile(geoio.Source{Path: "-", R: strings.NewReader(string(shp))}, log.opts())
	if err != nil {
		t.Fatal(err)
	}
	f, err := rs[0].Next()
	if err != nil || f.Geometry != (orb.Point{7, 8}) {
		t.Fatalf("got %v %v", f, err)
	}
	if _, err := rs[0].Next(); err != io.EOF {
		t.Fatalf("got %v, want EOF", err)
	}
	if len(log.warnings) != 2 {
		t.Errorf("warnings %q, want missing .shx and .dbf", log.warnings)
	}
}

func TestSHPReadPRJ(t *testing.T) {
	shp, shx := shpTestBuild(shpPoint, shpTestPoint(orb.Point{117, -0.5}))
	prj := `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`
	path := writeTestFiles(t, t.TempDir(), "c", map[string][]byte{".shp": shp, ".shx": shx, ".prj": []byte(prj)})
	layer, _ := readTestShapefile(t, path, geoio.ReadOptions{})
	if layer.CRS.EPSG != 4326 {
		t.Errorf("CRS %+v, want EPSG 4326", layer.CRS)
	}
	utm := crs.CRS{EPSG: 32750, Name: "override"}
	layer, _ = readTestShapefile(t, path, geoio.ReadOptions{SourceCRS: &utm})
	if layer.CRS != utm {
		t.Errorf("CRS %+v, want the override", layer.CRS)
	}
}

func TestSHPReadBadPRJ(t *testing.T) {
	shp, shx := shpTestBuild(shpPoint, shpTestPoint(orb.Point{117, -0.5}))
	dir := t.TempDir()
	path := writeTestFiles(t, dir, "c", map[string][]byte{".shp": shp, ".shx": shx, ".prj": []byte("not a CRS at all")})
	_, err := openShapefile(geoio.Source{Path: path}, geoio.ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "c.prj")) {
		t.Fatalf("got %v", err)
	}
}

// openCounted reads path through geoio.Open (the checks and repairs every
// command gets) and returns the features and the layer's accounting.
func openCounted(t *testing.T, path string) ([]*geoio.Feature, geoio.Counts, []geoio.Problem) {
	t.Helper()
	var probs []geoio.Problem
	r, err := geoio.Open(path, nil, geoio.ReadOptions{Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fs, err := geoio.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	c := r.(geoio.Counter).Counts()
	if c.Records != c.Used+c.Skipped {
		t.Errorf("%d records ≠ %d used + %d skipped", c.Records, c.Used, c.Skipped)
	}
	return fs, c, probs
}

// A .dbf cut after 2 of its 5 records: the summary counts the 3 it lost
// (as GDAL's header count says 5), not one problem.
func TestSHPTruncatedDBFAccounting(t *testing.T) {
	var pts [][]byte
	var rows [][]string
	for i := range 5 {
		pts = append(pts, shpTestPoint(orb.Point{117 + float64(i)/10, -0.5}))
		rows = append(rows, []string{fmt.Sprintf("v%d", i)})
	}
	shp, shx := shpTestBuild(shpPoint, pts...)
	dbf := dbfTestBuild(0x57, []dbfTestField{{"name", 'C', 4, 0}}, rows...)
	hl := int(binary.LittleEndian.Uint16(dbf[8:10]))
	rl := int(binary.LittleEndian.Uint16(dbf[10:12]))
	path := writeTestFiles(t, t.TempDir(), "cut", map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbf[:hl+2*rl+3]})
	fs, c, probs := openCounted(t, path)
	if len(fs) != 2 || c.Records != 5 || c.Used != 2 || c.Skipped != 3 || c.SkippedBy[geoio.ProblemTruncated] != 3 {
		t.Errorf("features %d, counts %+v", len(fs), c)
	}
	if len(probs) != 1 || probs[0].Count != 3 || !strings.Contains(probs[0].Reason, "3 of 5 records cannot be read") {
		t.Errorf("problems %+v", probs)
	}
}

// An open ring is closed, as GDAL reads it, and counted as a repair; a
// ring too short to close is still skipped.
func TestSHPOpenRingClosed(t *testing.T) {
	open := []orb.Point{{117, -0.5}, {117, -0.4}, {117.1, -0.4}, {117.1, -0.5}}
	short := []orb.Point{{117, -0.5}, {117, -0.4}}
	shp, shx := shpTestBuild(shpPolygon, shpTestMulti(shpPolygon, open), shpTestMulti(shpPolygon, short), shpTestMulti(shpPolygon, sqCW))
	path := writeTestFiles(t, t.TempDir(), "rings", map[string][]byte{".shp": shp, ".shx": shx})
	fs, c, probs := openCounted(t, path)
	if len(fs) != 2 || c.Records != 3 || c.Used != 2 || c.Repaired != 1 || c.Skipped != 1 || c.RepairedBy[geoio.RepairRingClosed] != 1 {
		t.Fatalf("features %d, counts %+v, problems %v", len(fs), c, probs)
	}
	ring := fs[0].Geometry.(orb.Polygon)[0]
	if len(ring) != 5 || ring[0] != ring[4] {
		t.Errorf("ring %v not closed", ring)
	}
}
