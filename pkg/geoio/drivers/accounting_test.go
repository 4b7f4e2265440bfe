package drivers_test

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	_ "github.com/kukarcli/kukarcli/pkg/geoio/drivers"
)

// read opens path through geoio.Open, reads it to the end and returns
// its accounting, as handed to ReadOptions.Counted and as the reader
// reports it, and the problems met.
func read(t *testing.T, path string) (geoio.Counts, []geoio.Problem) {
	t.Helper()
	var probs []geoio.Problem
	var counted []geoio.Counts
	r, err := geoio.Open(path, nil, geoio.ReadOptions{
		Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil },
		Counted:  func(_ string, c geoio.Counts) { counted = append(counted, c) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		if _, err := r.Next(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	c := r.(geoio.Counter).Counts()
	if len(counted) != 1 {
		t.Fatalf("Counted called %d times", len(counted))
	}
	if c.Records != c.Used+c.Skipped {
		t.Errorf("%s: %d records ≠ %d used + %d skipped", path, c.Records, c.Used, c.Skipped)
	}
	return c, probs
}

func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAccountingEveryReader: for each reader (the shapefile's are in its
// package, built from bytes; KML is written only), a small file with good,
// repairable and bad records: the records in the file are the features
// used plus the features skipped, repairs are counted, and duplicate ids
// keep every feature.
func TestAccountingEveryReader(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, text                             string
		records, used, repaired, skipped, dups int
	}{
		{"geojson.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","id":1,"properties":{},"geometry":{"type":"Point","coordinates":[117,-0.5]}},
{"type":"Feature","id":2,"properties":{},"geometry":{"type":"Point","coordinates":["107.6091","-6.9175"]}},
{"type":"Feature","id":3,"properties":{},"geometry":{"type":"Point","coordinates":["10,758,096.000000","-6.9"]}},
{"type":"Feature","id":4,"properties":{},"geometry":{"type":"Polygon","coordinates":[[[117,-0.5],[117.1,-0.5],[117.1,-0.6]]]}},
{"type":"Feature","id":1,"properties":{},"geometry":{"type":"Point","coordinates":[117,-95]}},
{"type":"Feature","id":1,"properties":{},"geometry":{"type":"Point","coordinates":[117,-0.6]}}]}`, 6, 4, 2, 2, 1},
		{"rows.csv", "id,lon,lat\nA,117,-0.5\nB,abc,-0.5\nC,117,-95\nA,117.1,-0.5\n", 4, 2, 0, 2, 1},
		{"cells.csv", "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n" +
			"LTE,510,1,12345,6789,0,117.1,-0.5,1000,10,1,1459692070,1459692070,0\n" +
			"LTE,510,10,12345,6789,0,117.2,-0.5,1000,3,1,1459692070,1459692070,0\n", 2, 2, 0, 0, 0},
		{"ways.osm", `<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="-0.41" lon="116.96"/><node id="2" lat="-0.42" lon="116.97"/><node id="3" lat="-0.43" lon="116.98"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/></way>
  <way id="11"><nd ref="2"/><nd ref="3"/><nd ref="2"/><nd ref="2"/><tag k="highway" v="track"/></way>
  <way id="12"><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="13"><nd ref="1"/><nd ref="3"/><tag k="building" v="yes"/></way>
</osm>`, 3, 2, 1, 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, probs := read(t, write(t, dir, c.name, c.text))
			if got.Records != c.records || got.Used != c.used || got.Repaired != c.repaired || got.Skipped != c.skipped || got.DuplicateIDs != c.dups {
				t.Errorf("records %d used %d repaired %d skipped %d duplicate ids %d; want %d %d %d %d %d\nproblems %v",
					got.Records, got.Used, got.Repaired, got.Skipped, got.DuplicateIDs, c.records, c.used, c.repaired, c.skipped, c.dups, probs)
			}
		})
	}
}
