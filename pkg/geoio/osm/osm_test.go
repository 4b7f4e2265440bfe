package osm

import (
	"bytes"
	"compress/bzip2"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
)

func osmReadAll(t testing.TB, src geoio.Source, opts geoio.ReadOptions) ([]*geoio.Feature, geoio.Layer, []geoio.Problem) {
	t.Helper()
	var probs []geoio.Problem
	opts.Problems = func(p geoio.Problem) error { probs = append(probs, p); return nil }
	rs, err := openOSM(src, opts)
	if err != nil {
		t.Fatalf("openOSM(%s): %v", src.Name(), err)
	}
	r := rs[0]
	defer r.Close()
	var fs []*geoio.Feature
	for {
		f, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		fs = append(fs, f)
	}
	return fs, r.Layer(), probs
}

func TestOSMReadXMLFixture(t *testing.T) {
	path := filepath.Join("testdata", "osm", "small.osm")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []geoio.Source{{Path: path}, {Path: "-", R: bytes.NewReader(raw)}} {
		fs, l, probs := osmReadAll(t, src, geoio.ReadOptions{})
		if l.Format != "OSM XML" || l.CRS != crs.WGS84 || len(l.Fields) != 0 {
			t.Errorf("layer %+v", l)
		}
		if src.R == nil && l.Name != "small" {
			t.Errorf("layer name %q", l.Name)
		}
		want := []*geoio.Feature{
			{ID: int64(10), Geometry: orb.LineString{{116.96, -0.41}, {116.97, -0.42}, {116.98, -0.43}},
				Properties: geoio.Properties{{Key: "highway", Value: "primary"}, {Key: "maxspeed", Value: "60"}, {Key: "name", Value: "Jalan Poros"}}},
			{ID: int64(11), Geometry: orb.LineString{{116.98, -0.43}, {117.01, -0.44}},
				Properties: geoio.Properties{{Key: "duration", Value: "00:45"}, {Key: "route", Value: "ferry"}}},
			{ID: int64(13), Geometry: orb.LineString{{117.00, -0.4}, {117.01, -0.4}, {117.01, -0.41}, {117.00, -0.4}},
				Properties: geoio.Properties{{Key: "waterway", Value: "canal"}}},
		}
		if !reflect.DeepEqual(fs, want) {
			for _, f := range fs {
				t.Logf("%+v", *f)
			}
			t.Errorf("features differ from the fixture's roads, ferry and canal")
		}
		wantProbs := []struct {
			index int
			id    string
			text  string
		}{
			{2, "12", "2 node(s) not in the file, first 99"},
			{4, "16", "1 node(s)"},
			{5, "18", "first -1"},
		}
		if len(probs) != len(wantProbs) {
			t.Fatalf("problems %v", probs)
		}
		for i, w := range wantProbs {
			p := probs[i]
			if p.Index != w.index || p.ID != w.id || p.Kind != geoio.ProblemBadRecord || !strings.Contains(p.Reason, w.text) {
				t.Errorf("problem %d: %v", i, p)
			}
		}
	}
}

func TestOSMNodeStore(t *testing.T) {
	var s osmNodeStore
	s.add(5, 1, 1)
	s.add(9, 2, 2)
	s.add(-3, 3, 3) // out of order
	s.add(9, 4, 4)  // a newer version of 9
	s.add(7, 5, 5)
	for _, tt := range []struct {
		id       int64
		lon, lat float64
		ok       bool
	}{{5, 1, 1, true}, {9, 4, 4, true}, {-3, 3, 3, true}, {7, 5, 5, true}, {8, 0, 0, false}, {100, 0, 0, false}} {
		lon, lat, ok := s.lookup(tt.id)
		if ok != tt.ok || lon != tt.lon || lat != tt.lat {
			t.Errorf("lookup(%d) = %v %v %v", tt.id, lon, lat, ok)
		}
	}
	if len(s.ids) != 4 || !reflect.DeepEqual(s.ids, []int64{-3, 5, 7, 9}) {
		t.Errorf("ids %v", s.ids)
	}
}

func TestOSMSniff(t *testing.T) {
	path := filepath.Join("testdata", "osm", "small.osm")
	raw, _ := os.ReadFile(path)
	// An XML stream named .pbf is still read as XML: content wins.
	fs, l, _ := osmReadAll(t, geoio.Source{Path: "x.osm.pbf", R: bytes.NewReader(raw)}, geoio.ReadOptions{Format: "osm.pbf"})
	if l.Format != "OSM XML" || len(fs) != 3 {
		t.Errorf("format %q, %d features", l.Format, len(fs))
	}
	rs, err := openOSM(geoio.Source{Path: "-", R: strings.NewReader("not osm at all")}, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs[0].Next(); err == nil || err == io.EOF {
		// encoding/xml reads plain text as no elements: EOF is acceptable
		// too, but nothing may come out as a feature.
		if err == nil {
			t.Error("text gave a feature")
		}
	}
	rs[0].Close()
	rs, _ = openOSM(geoio.Source{Path: "-", R: strings.NewReader("<osm><way id='1'><nd ref='1'/>")}, geoio.ReadOptions{})
	if _, err := rs[0].Next(); err == nil || err == io.EOF || !strings.HasPrefix(err.Error(), "geoio: <stdin>: OSM XML") {
		t.Errorf("truncated XML gave %v", err)
	}
	rs[0].Close()
}

// osmModuleTestdata finds the extracts shipped with the paulmach/osm module.
func osmModuleTestdata(t testing.TB, name string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/paulmach/osm").Output()
	if err != nil {
		t.Skipf("cannot locate github.com/paulmach/osm: %v", err)
	}
	path := filepath.Join(strings.TrimSpace(string(out)), "testdata", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not available: %v", name, err)
	}
	return path
}

// osmIndependentCount scans an extract with the paulmach/osm scanners
// directly: the number of highway, waterway and ferry ways, the node ids
// of the first one and, for XML (small here), every node's coordinates.
func osmIndependentCount(t testing.TB, path string) (highway, waterway, ferry int, firstNodes []osm.NodeID, nodes map[osm.NodeID]orb.Point) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var s osm.Scanner
	if strings.HasSuffix(path, ".pbf") {
		ps := osmpbf.New(context.Background(), f, 1)
		ps.SkipNodes, ps.SkipRelations = true, true
		s = ps
	} else {
		s = osmxml.New(context.Background(), bzip2.NewReader(f))
	}
	defer s.Close()
	for s.Scan() {
		if n, ok := s.Object().(*osm.Node); ok {
			if nodes == nil {
				nodes = map[osm.NodeID]orb.Point{}
			}
			nodes[n.ID] = orb.Point{n.Lon, n.Lat}
		}
		w, ok := s.Object().(*osm.Way)
		if !ok {
			continue
		}
		kept := true
		switch {
		case w.Tags.Find("highway") != "":
			highway++
		case w.Tags.Find("waterway") != "":
			waterway++
		case w.Tags.Find("route") == "ferry":
			ferry++
		default:
			kept = false
		}
		if kept && firstNodes == nil {
			for _, n := range w.Nodes {
				firstNodes = append(firstNodes, n.ID)
			}
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return
}

func osmNodeCoords(t testing.TB, path string, ids []osm.NodeID) map[osm.NodeID]orb.Point {
	t.Helper()
	want := map[osm.NodeID]bool{}
	for _, id := range ids {
		want[id] = true
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var s osm.Scanner
	if strings.HasSuffix(path, ".pbf") {
		ps := osmpbf.New(context.Background(), f, 1)
		ps.SkipWays, ps.SkipRelations = true, true
		s = ps
	} else {
		s = osmxml.New(context.Background(), bzip2.NewReader(f))
	}
	defer s.Close()
	out := map[osm.NodeID]orb.Point{}
	for s.Scan() {
		if n, ok := s.Object().(*osm.Node); ok && want[n.ID] {
			out[n.ID] = orb.Point{n.Lon, n.Lat}
		}
	}
	return out
}

func TestOSMRealExtracts(t *testing.T) {
	for _, tt := range []struct {
		file, format string
		short        bool
	}{
		{"delaware-latest.osm.pbf", "OSM PBF", true},
		{"andorra-latest.osm.bz2", "OSM XML", false},
	} {
		t.Run(tt.file, func(t *testing.T) {
			if testing.Short() && !tt.short {
				t.Skip("slow: bzip2 and XML")
			}
			path := osmModuleTestdata(t, tt.file)
			start := time.Now()
			fs, l, probs := osmReadAll(t, geoio.Source{Path: path}, geoio.ReadOptions{})
			elapsed := time.Since(start)
			t.Logf("%s: %d ways read in %v, %d skipped", tt.file, len(fs), elapsed.Round(time.Millisecond), len(probs))
			if l.Format != tt.format {
				t.Errorf("format %q", l.Format)
			}
			highway, waterway, ferry, firstNodes, coords := osmIndependentCount(t, path)
			var gotHighway, gotWaterway, gotFerry int
			for _, f := range fs {
				switch {
				case osmHasKey(f.Properties, "highway"):
					gotHighway++
				case osmHasKey(f.Properties, "waterway"):
					gotWaterway++
				default:
					gotFerry++
				}
				if ls, ok := f.Geometry.(orb.LineString); !ok || len(ls) < 2 {
					t.Fatalf("way %v: geometry %v", f.ID, f.Geometry)
				}
			}
			// Skipped ways (nodes outside the extract) are all highways or
			// waterways in these files; count them back in.
			t.Logf("independent count: highway %d, waterway %d, ferry %d", highway, waterway, ferry)
			if gotHighway+gotWaterway+gotFerry+len(probs) != highway+waterway+ferry {
				t.Errorf("read %d+%d+%d ways plus %d skipped, want %d+%d+%d",
					gotHighway, gotWaterway, gotFerry, len(probs), highway, waterway, ferry)
			}
			if len(probs) == 0 && (gotHighway != highway || gotWaterway != waterway || gotFerry != ferry) {
				t.Errorf("read %d/%d/%d, want %d/%d/%d", gotHighway, gotWaterway, gotFerry, highway, waterway, ferry)
			}
			if highway == 0 || waterway == 0 {
				t.Errorf("the extract should hold both roads and waterways")
			}
			var missing []osm.NodeID
			short := 0
			for _, p := range probs {
				if strings.HasPrefix(p.Reason, "way has") {
					short++ // fewer than 2 nodes
					continue
				}
				_, after, _ := strings.Cut(p.Reason, ", first ")
				first, _, _ := strings.Cut(after, " ")
				id, err := strconv.ParseInt(first, 10, 64)
				if err != nil {
					t.Fatalf("problem without a node id: %v", p)
				}
				missing = append(missing, osm.NodeID(id))
			}
			if coords == nil {
				coords = osmNodeCoords(t, path, append(missing, firstNodes...))
			}
			t.Logf("skipped: %d ways with nodes outside the extract, %d with fewer than 2 nodes", len(missing), short)
			for _, id := range missing {
				if _, ok := coords[id]; ok {
					t.Errorf("node %d reported missing, but the file holds it", id)
				}
			}
			if len(probs) == 0 || probs[0].Index != 0 {
				ls := fs[0].Geometry.(orb.LineString)
				for i, id := range firstNodes {
					if ls[i] != coords[id] {
						t.Fatalf("first way node %d: %v, want %v", id, ls[i], coords[id])
					}
				}
			}
			for i := 1; i < len(fs); i++ {
				if !osmPropsSorted(fs[i].Properties) {
					t.Fatalf("way %v: tags not sorted: %v", fs[i].ID, fs[i].Properties.Keys())
				}
			}
		})
	}
}

func osmHasKey(p geoio.Properties, key string) bool {
	_, ok := p.Get(key)
	return ok
}

func osmPropsSorted(p geoio.Properties) bool {
	for i := 1; i < len(p); i++ {
		if p[i-1].Key > p[i].Key {
			return false
		}
	}
	return true
}

func BenchmarkOSMReadDelaware(b *testing.B) {
	path := osmModuleTestdata(b, "delaware-latest.osm.pbf")
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	for range b.N {
		rs, err := openOSM(geoio.Source{Path: path}, geoio.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := rs[0].Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		rs[0].Close()
	}
}
