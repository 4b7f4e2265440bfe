package osm

import (
	"bytes"
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmxml"
)

// fuzzMaxObjects bounds the features and problems read from one input.
const fuzzMaxObjects = 1 << 14

// FuzzOSM reads arbitrary bytes as an OSM stream, as a file given on
// standard input would be read. The reader must not panic; when the
// bytes are taken as OSM XML, the ways it yields and the ones it skips
// must be those a plain scan of the same XML selects (highway, waterway,
// route=ferry), with the coordinates of the last version of each node
// seen before the way and the tags sorted by key. Read through
// geoio.Validate, as Open does, every feature must be a line of at least
// two finite lon/lat positions.
func FuzzOSM(f *testing.F) {
	if b, err := os.ReadFile(filepath.Join("testdata", "osm", "small.osm")); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		`<osm><node id="1" lat="1" lon="2"/><node id="2" lat="3" lon="4"/><way id="5"><nd ref="1"/><nd ref="2"/><tag k="highway" v="x"/></way></osm>`,
		`<osm><node id="2" lat="NaN" lon="4"/><node id="1" lat="91" lon="2"/><node id="1" lat="9" lon="1e9"/><way id="5"><nd ref="1"/><nd ref="2"/><nd ref="3" lat="1" lon="1"/><tag k="waterway" v="river"/><tag k="highway" v=""/></way></osm>`,
		`<osm><way id="7"><nd ref="1" lat="-1" lon="116"/><nd ref="2" lat="-2" lon="117"/><tag k="route" v="ferry"/></way></osm>`,
		"<osm><way id='1'><nd ref='1'/>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var probs []geoio.Problem
		opts := geoio.ReadOptions{Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil }}
		rs, err := openOSM(geoio.Source{Path: "-", R: bytes.NewReader(data)}, opts)
		if err != nil {
			return
		}
		r := rs[0]
		var got []*geoio.Feature
		var readErr error
		for len(got)+len(probs) < fuzzMaxObjects {
			ft, err := r.Next()
			if err != nil {
				if err != io.EOF {
					readErr = err
				}
				break
			}
			got = append(got, ft)
		}
		format := r.Layer().Format
		r.Close()
		for _, ft := range got {
			ls, ok := ft.Geometry.(orb.LineString)
			if !ok || len(ls) < 2 {
				t.Fatalf("way %v: geometry %#v, want a line of 2 or more positions", ft.ID, ft.Geometry)
			}
			if _, ok := ft.ID.(int64); !ok {
				t.Fatalf("way id %#v is not an int64", ft.ID)
			}
		}

		if format == "OSM XML" && !bytes.HasPrefix(data, []byte("BZh")) && len(got)+len(probs) < fuzzMaxObjects {
			want, wantProbs, scanErr := fuzzScanXML(data)
			if (readErr == nil) != (scanErr == nil) {
				t.Fatalf("reader error %v, scan error %v", readErr, scanErr)
			}
			if !fuzzSameFeatures(got, want) {
				t.Fatalf("reader gave\n%s\na plain scan\n%s", fuzzDescribe(got), fuzzDescribe(want))
			}
			var gotProbs []string
			for i, p := range probs {
				if p.Kind != geoio.ProblemBadRecord || p.Reason == "" {
					t.Fatalf("problem %d: %+v", i, p)
				}
				gotProbs = append(gotProbs, p.ID)
			}
			if !reflect.DeepEqual(gotProbs, wantProbs) {
				t.Fatalf("skipped ways %q, a plain scan skips %q", gotProbs, wantProbs)
			}
		}

		// Through validation, as geoio.Open reads it: every feature
		// that comes out is drawable in lon/lat.
		vr := geoio.Validate(&fuzzSliceReader{fs: got, layer: geoio.Layer{Format: format}}, "fuzz.osm", geoio.ReadOptions{})
		for {
			ft, err := vr.Next()
			if err != nil {
				break
			}
			ls, ok := ft.Geometry.(orb.LineString)
			if !ok || len(ls) < 2 {
				t.Fatalf("validated way %v: geometry %#v", ft.ID, ft.Geometry)
			}
			for _, p := range ls {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
					t.Fatalf("validated way %v has position %v", ft.ID, p)
				}
			}
		}
	})
}

// fuzzSliceReader serves features already read.
type fuzzSliceReader struct {
	fs    []*geoio.Feature
	layer geoio.Layer
}

func (r *fuzzSliceReader) Layer() geoio.Layer { return r.layer }
func (r *fuzzSliceReader) Close() error       { return nil }
func (r *fuzzSliceReader) Next() (*geoio.Feature, error) {
	if len(r.fs) == 0 {
		return nil, io.EOF
	}
	f := r.fs[0]
	r.fs = r.fs[1:]
	return f, nil
}

// fuzzScanXML is the expected reading of an OSM XML text, from a direct
// scan: the kept ways as features, the ids of the kept ways that cannot
// be drawn, and the scan error.
func fuzzScanXML(data []byte) ([]*geoio.Feature, []string, error) {
	s := osmxml.New(context.Background(), bytes.NewReader(data))
	defer s.Close()
	nodes := map[osm.NodeID]orb.Point{}
	var out []*geoio.Feature
	var skipped []string
	for s.Scan() && len(out)+len(skipped) < fuzzMaxObjects {
		switch o := s.Object().(type) {
		case *osm.Node:
			nodes[o.ID] = orb.Point{o.Lon, o.Lat}
		case *osm.Way:
			kept := false
			for _, tg := range o.Tags {
				if (tg.Key == "highway" || tg.Key == "waterway") && tg.Value != "" || tg.Key == "route" && tg.Value == "ferry" {
					kept = true
				}
			}
			if !kept {
				continue
			}
			var ls orb.LineString
			for _, wn := range o.Nodes {
				p, ok := nodes[wn.ID]
				if !ok && (wn.Lon != 0 || wn.Lat != 0) {
					p, ok = orb.Point{wn.Lon, wn.Lat}, true
				}
				if !ok {
					ls = nil
					break
				}
				ls = append(ls, p)
			}
			if len(o.Nodes) < 2 || ls == nil {
				skipped = append(skipped, strconv.FormatInt(int64(o.ID), 10))
				continue
			}
			props := geoio.Properties{}
			for _, tg := range o.Tags {
				props = append(props, geoio.Property{Key: tg.Key, Value: tg.Value})
			}
			sort.SliceStable(props, func(i, j int) bool { return props[i].Key < props[j].Key })
			out = append(out, &geoio.Feature{ID: int64(o.ID), Geometry: ls, Properties: props})
		}
	}
	return out, skipped, s.Err()
}

// fuzzSameFeatures compares features exactly, coordinates bit for bit
// (NaN included).
func fuzzSameFeatures(a, b []*geoio.Feature) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || !reflect.DeepEqual(a[i].Properties, b[i].Properties) {
			return false
		}
		la, _ := a[i].Geometry.(orb.LineString)
		lb, _ := b[i].Geometry.(orb.LineString)
		if len(la) != len(lb) {
			return false
		}
		for j := range la {
			for k := 0; k < 2; k++ {
				if math.Float64bits(la[j][k]) != math.Float64bits(lb[j][k]) {
					return false
				}
			}
		}
	}
	return true
}

func fuzzDescribe(fs []*geoio.Feature) string {
	var b bytes.Buffer
	for _, f := range fs {
		b.WriteString(strconv.Quote(geoio.FormatID(f.ID)))
		b.WriteString(" ")
		b.WriteString(geoio.GeometryType(f.Geometry))
		for _, p := range f.Geometry.(orb.LineString) {
			b.WriteString(" " + strconv.FormatFloat(p[0], 'g', -1, 64) + "," + strconv.FormatFloat(p[1], 'g', -1, 64))
		}
		for _, p := range f.Properties {
			b.WriteString(" " + strconv.Quote(p.Key) + "=" + strconv.Quote(geoio.FormatValue(p.Value)))
		}
		b.WriteString("\n")
	}
	return b.String()
}
