package gpkg

import (
	"database/sql/driver"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// writePoints writes n random points (and a polygon every tenth
// feature) into a new GeoPackage.
func writePoints(t *testing.T, path string, n int, opts geoio.WriteOptions) []*geoio.Feature {
	t.Helper()
	w, err := Create(path, geoio.Layer{Name: "titik", Fields: []geoio.Field{{Name: "n", Type: geoio.FieldInt}}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var fs []*geoio.Feature
	for i := range n {
		x, y := 115+2.5*rng.Float64(), -1.2+2.7*rng.Float64()
		var g orb.Geometry = orb.Point{x, y}
		if i%10 == 9 {
			g = orb.Polygon{{{x, y}, {x + 0.01, y}, {x + 0.01, y + 0.02}, {x, y}}}
		}
		f := &geoio.Feature{Geometry: g, Properties: geoio.Properties{{Key: "n", Value: int64(i)}}}
		fs = append(fs, f)
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return fs
}

func queryStrings(t *testing.T, c *conn, q string, args ...any) []string {
	t.Helper()
	var out []string
	err := c.query(q, func(row []driver.Value) error {
		var parts []string
		for _, v := range row {
			parts = append(parts, fmt.Sprint(v))
		}
		out = append(out, strings.Join(parts, "|"))
		return nil
	}, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

// The spatial index built in bulk is one SQLite's R*Tree module accepts
// (rtreecheck), holds every envelope rounded outwards, answers queries,
// and takes inserts and deletes afterwards.
func TestSpatialIndex(t *testing.T) {
	for _, n := range []int{0, 1, 51, 52, 3000, 10000} {
		path := filepath.Join(t.TempDir(), "idx.gpkg")
		fs := writePoints(t, path, n, geoio.WriteOptions{})
		c, err := openConn(path, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := queryStrings(t, c, "PRAGMA integrity_check"); len(got) != 1 || got[0] != "ok" {
			t.Errorf("n=%d: integrity_check %v", n, got)
		}
		if got := queryStrings(t, c, "SELECT rtreecheck('rtree_titik_geom')"); len(got) != 1 || got[0] != "ok" {
			t.Errorf("n=%d: rtreecheck %v", n, got)
		}
		if got := queryStrings(t, c, "SELECT count(*) FROM rtree_titik_geom"); got[0] != fmt.Sprint(n) {
			t.Errorf("n=%d: %s entries", n, got[0])
		}
		// every envelope, found by a window query around it
		for i, f := range fs {
			if i%97 != 0 {
				continue
			}
			e := geomEnvelope(f.Geometry)
			got := queryStrings(t, c, "SELECT id, minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ? FROM rtree_titik_geom WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ? AND id = ?",
				e.minX, e.maxX, e.minY, e.maxY, e.maxX, e.minX, e.maxY, e.minY, int64(i+1))
			if len(got) != 1 || got[0] != fmt.Sprintf("%d|1", i+1) {
				t.Fatalf("n=%d: feature %d: %v", n, i+1, got)
			}
		}
		// the module maintains the tree afterwards
		if n > 0 {
			if err := c.exec("BEGIN"); err != nil {
				t.Fatal(err)
			}
			for i := range 300 {
				x := 115 + float64(i)/100
				if err := c.exec("INSERT INTO rtree_titik_geom VALUES (?, ?, ?, ?, ?)", int64(n+1+i), x, x, -0.5, -0.5); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.exec("DELETE FROM rtree_titik_geom WHERE id % 3 = 0; COMMIT"); err != nil {
				t.Fatal(err)
			}
			if got := queryStrings(t, c, "SELECT rtreecheck('rtree_titik_geom')"); got[0] != "ok" {
				t.Errorf("n=%d: after edits, rtreecheck %v", n, got)
			}
		}
		if got := queryStrings(t, c, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_titik_geom_%'"); got[0] != "6" {
			t.Errorf("n=%d: %s triggers", n, got[0])
		}
		if got := queryStrings(t, c, "SELECT * FROM gpkg_extensions"); len(got) != 1 || got[0] != "titik|geom|gpkg_rtree_index|"+rtreeDefinition+"|write-only" {
			t.Errorf("n=%d: gpkg_extensions %v", n, got)
		}
		c.Close()
	}
}

// The triggers keep the index in step with the table, through the ST_
// functions registered on the driver's connections.
func TestTriggers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trig.gpkg")
	writePoints(t, path, 100, geoio.WriteOptions{})
	c, err := openConn(path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p := blobOf(orb.Point{100, 5})
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{"UPDATE titik SET geom = ? WHERE fid = 1", []any{p}},
		{"UPDATE titik SET geom = NULL WHERE fid = 2", nil},
		{"UPDATE titik SET geom = ? WHERE fid = 3", []any{blobOf(orb.LineString{})}},
		{"DELETE FROM titik WHERE fid = 4", nil},
		{"INSERT INTO titik (fid, geom) VALUES (500, ?)", []any{blobOf(orb.LineString{{1, 2}, {3, 4}})}},
		{"UPDATE titik SET fid = 600, geom = geom WHERE fid = 5", nil}, // update3 fires on an update of the geometry column
	} {
		if err := c.exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	got := queryStrings(t, c, "SELECT id, minx, maxx, miny, maxy FROM rtree_titik_geom WHERE id IN (1, 2, 3, 4, 5, 500, 600) ORDER BY id")
	want := []string{"1|100|100|5|5", "500|1|3|2|4"}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || !strings.HasPrefix(got[2], "600|") {
		t.Errorf("index %v", got)
	}
	if got := queryStrings(t, c, "SELECT rtreecheck('rtree_titik_geom')"); got[0] != "ok" {
		t.Errorf("rtreecheck %v", got)
	}
	if got := queryStrings(t, c, "SELECT ST_IsEmpty(?), ST_IsEmpty(?), ST_MinX(?), ST_MaxY(?), ST_MinX(?)", blobOf(orb.LineString{}), p, p, p, []byte("x")); got[0] != "1|0|100|5|<nil>" {
		t.Errorf("functions %v", got)
	}
}

// The metadata of a written layer: contents with the extent, geometry
// column, spatial reference systems, the pragmas.
func TestWrittenMetadata(t *testing.T) {
	path := filepath.Join(t.TempDir(), "meta.gpkg")
	w, err := Create(path, geoio.Layer{Name: "desa"}, geoio.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []orb.Geometry{orb.Point{116, -1}, orb.Point{117.5, 0.5}, nil} {
		if err := w.Write(&geoio.Feature{Geometry: g}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	c, err := openConn(path, true)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for q, want := range map[string]string{
		"PRAGMA application_id": "1196444487",
		"PRAGMA user_version":   "10300",
		"SELECT table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents": "desa|features|desa|116|-1|117.5|0.5|4326",
		"SELECT * FROM gpkg_geometry_columns":                                                        "desa|geom|POINT|4326|0|0",
		"SELECT group_concat(srs_id) FROM (SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id)": "-1,0,4326",
		"SELECT type FROM pragma_table_info('desa') WHERE name = 'geom'":                             "POINT",
		"SELECT pk FROM pragma_table_info('desa') WHERE name = 'fid'":                                "1",
		"SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_sequence'":                          "1",
		"PRAGMA integrity_check": "ok",
	} {
		if got := queryStrings(t, c, q); len(got) != 1 || got[0] != want {
			t.Errorf("%s: %v, want %s", q, got, want)
		}
	}
}

// A CRS without an EPSG code is stored under a number from 100000 with
// its WKT, and read back from it.
func TestWriteCustomCRS(t *testing.T) {
	tm, err := crs.ParsePRJ(`PROJCS["TM_Kukar",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",1500000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`)
	if err != nil {
		t.Fatal(err)
	}
	if tm.EPSG != 0 {
		t.Skipf("the TM parsed as EPSG:%d", tm.EPSG)
	}
	path := filepath.Join(t.TempDir(), "tm.gpkg")
	fs := writePoints(t, path, 5, geoio.WriteOptions{CRS: tm})
	c, err := openConn(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := queryStrings(t, c, "SELECT srs_id, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id > 4326"); len(got) != 1 || got[0] != "100000|NONE|100000" {
		t.Errorf("srs rows %v", got)
	}
	c.Close()
	rs, err := Open(geoio.Source{Path: path}, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer rs[0].Close()
	if l := rs[0].Layer(); !l.CRS.Equal(tm) {
		t.Errorf("CRS read back %v, want %v", l.CRS, tm)
	}
	f, err := rs[0].Next()
	if err != nil || !orb.Equal(f.Geometry, fs[0].Geometry) {
		t.Errorf("first feature %v %v", f, err)
	}
}

// A blob that cannot be read is a problem with the feature's index, id
// and reason; the feature is skipped and the next one read.
func TestReadBadBlobs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rusak.gpkg")
	writePoints(t, path, 6, geoio.WriteOptions{})
	c, err := openConn(path, false)
	if err != nil {
		t.Fatal(err)
	}
	for q, args := range map[string][]any{
		"UPDATE titik SET geom = ? WHERE fid = 2": {[]byte("GPxx")},
		"UPDATE titik SET geom = ? WHERE fid = 3": {append(header(1, 4326), wkbBE(2, []uint32{1000}, 1, 2)...)},
		"UPDATE titik SET geom = ? WHERE fid = 5": {"POINT (1 2)"},
		"UPDATE titik SET n = ? WHERE fid = 6":    {"enam"},
	} {
		if err := c.exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	var probs []geoio.Problem
	var notes []string
	rs, err := Open(geoio.Source{Path: path}, geoio.ReadOptions{
		Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil },
		Warn:     func(s string) { notes = append(notes, s) }})
	if err != nil {
		t.Fatal(err)
	}
	var ids []any
	var last *geoio.Feature
	for {
		f, err := rs[0].Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, f.ID)
		last = f
	}
	rs[0].Close()
	if fmt.Sprint(ids) != "[1 4 6]" {
		t.Errorf("features %v", ids)
	}
	var got []string
	for _, p := range probs {
		got = append(got, fmt.Sprintf("%d %s %s: %s", p.Index, p.ID, p.Kind, p.Reason))
	}
	want := []string{
		"1 2 bad record: geometry blob of 4 bytes, shorter than the 8-byte header",
		"2 3 bad record: WKB declares 1000 positions but only 16 bytes follow",
		"4 5 bad record: the geometry column holds a text, not a blob",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v, _ := last.Properties.Get("n"); v != "enam" || len(notes) != 1 || !strings.Contains(notes[0], `column n is declared INTEGER but holds "enam"`) {
		t.Errorf("value %v, notes %v", v, notes)
	}
	// with a handler that stops, the first problem ends the read
	rs, _ = Open(geoio.Source{Path: path}, geoio.ReadOptions{Problems: geoio.StrictHandler})
	defer rs[0].Close()
	rs[0].Next()
	if _, err := rs[0].Next(); err == nil || !strings.Contains(err.Error(), "strict") {
		t.Errorf("strict: %v", err)
	}
}

// An SQLite database without the GeoPackage tables is not one: reading
// and appending to it both refuse.
func TestNotAGeoPackage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lain.gpkg")
	c, err := openConn(path, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.exec("CREATE TABLE t (a)"); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := Open(geoio.Source{Path: path}, geoio.ReadOptions{}); err == nil || !strings.Contains(err.Error(), "without the table gpkg_contents") {
		t.Errorf("Open: %v", err)
	}
	if _, err := AppendLayer(path, geoio.Layer{Name: "x"}, geoio.WriteOptions{}, false); err == nil || !strings.Contains(err.Error(), "without the table gpkg_contents") {
		t.Errorf("AppendLayer: %v", err)
	}
}
