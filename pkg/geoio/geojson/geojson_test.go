package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

func readGeoJSONString(t *testing.T, text string, opts geoio.ReadOptions) ([]*geoio.Feature, geoio.Layer, error) {
	t.Helper()
	rs, err := openGeoJSON(geoio.Source{Path: "test.geojson", R: strings.NewReader(text)}, opts)
	if err != nil {
		return nil, geoio.Layer{}, err
	}
	r := geoio.Validate(rs[0], "test.geojson", opts)
	fs, err := geoio.ReadAll(r)
	return fs, r.Layer(), err
}

func TestGeoJSONReadForms(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		n      int
		format string
		first  orb.Geometry
		id     any
	}{
		{"collection", `{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"properties":{"a":1},"geometry":{"type":"Point","coordinates":[117,-0.5]}}]}`, 1, "GeoJSON", orb.Point{117, -0.5}, int64(7)},
		{"members after features", `{"features":[{"type":"Feature","id":"x","properties":null,"geometry":{"type":"Point","coordinates":[1,2]}}],"type":"FeatureCollection","name":"n"}`, 1, "GeoJSON", orb.Point{1, 2}, "x"},
		{"single feature", `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{}}`, 1, "GeoJSON", orb.LineString{{1, 2}, {3, 4}}, nil},
		{"bare geometry", `{"type":"Point","coordinates":[116.5,-0.25]}`, 1, "GeoJSON", orb.Point{116.5, -0.25}, nil},
		{"Z dropped", `{"type":"Point","coordinates":[116.5,-0.25,12.5]}`, 1, "GeoJSON", orb.Point{116.5, -0.25}, nil},
		{"newline sequence", "{\"type\":\"Feature\",\"id\":1.5,\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,1]},\"properties\":{}}\n{\"type\":\"Feature\",\"geometry\":null,\"properties\":{}}\n", 2, "GeoJSONSeq", orb.Point{1, 1}, 1.5},
		{"RS sequence", "\x1e{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,1]},\"properties\":{}}\n\x1e{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[2,2]},\"properties\":{}}\n", 2, "GeoJSONSeq", orb.Point{1, 1}, nil},
		{"empty collection", `{"type":"FeatureCollection","features":[]}`, 0, "GeoJSON", nil, nil},
		{"multipolygon", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}`, 1, "GeoJSON",
			orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs, layer, err := readGeoJSONString(t, c.text, geoio.ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != c.n {
				t.Fatalf("got %d features, want %d", len(fs), c.n)
			}
			if layer.Format != c.format {
				t.Errorf("format %q, want %q", layer.Format, c.format)
			}
			if c.n > 0 {
				if !orb.Equal(fs[0].Geometry, c.first) && !(fs[0].Geometry == nil && c.first == nil) {
					t.Errorf("geometry %v, want %v", fs[0].Geometry, c.first)
				}
				if fs[0].ID != c.id {
					t.Errorf("id %#v, want %#v", fs[0].ID, c.id)
				}
			}
			if c.name == "Z dropped" && !layer.HasZ {
				t.Error("HasZ not set")
			}
		})
	}
}

func TestGeoJSONPropertiesOrderAndTypes(t *testing.T) {
	fs, _, err := readGeoJSONString(t, `{"type":"Feature","geometry":null,"properties":{"z":"a","a":12,"m":1.5,"b":true,"n":null,"o":{"k":[1, 2]},"big":12345678901234567890}}`, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p := fs[0].Properties
	want := geoio.Properties{{Key: "z", Value: "a"}, {Key: "a", Value: int64(12)}, {Key: "m", Value: 1.5}, {Key: "b", Value: true}, {Key: "n", Value: nil}, {Key: "o", Value: geoio.RawJSON(`{"k":[1,2]}`)}, {Key: "big", Value: 12345678901234567890.0}}
	if len(p) != len(want) {
		t.Fatalf("got %v", p)
	}
	for i := range want {
		if p[i].Key != want[i].Key {
			t.Errorf("key %d = %q, want %q", i, p[i].Key, want[i].Key)
		}
		if raw, ok := want[i].Value.(geoio.RawJSON); ok {
			if string(p[i].Value.(geoio.RawJSON)) != string(raw) {
				t.Errorf("%s = %s", p[i].Key, p[i].Value)
			}
			continue
		}
		if p[i].Value != want[i].Value {
			t.Errorf("%s = %#v, want %#v", p[i].Key, p[i].Value, want[i].Value)
		}
	}
}

func TestGeoJSONLegacyCRS(t *testing.T) {
	// A point in UTM zone 50S with the 2008-style crs member.
	text := `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32750"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[500000,10000000]}}]}`
	fs, layer, err := readGeoJSONString(t, text, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if layer.CRS.EPSG != 32750 {
		t.Fatalf("crs %v", layer.CRS)
	}
	p := fs[0].Geometry.(orb.Point)
	if abs(p[0]-117) > 1e-9 || abs(p[1]) > 1e-9 {
		t.Errorf("reprojected to %v, want 117, 0", p)
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestGeoJSONProblems(t *testing.T) {
	cases := []struct {
		name string
		feat string
		kind string
	}{
		{"lat out of range", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[117,95]}}`, geoio.ProblemInvalidCoord},
		{"ring too short once closed", `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}`, geoio.ProblemBadRecord},
		{"empty multipolygon", `{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[]}}`, geoio.ProblemEmptyGeometry},
		{"text coordinate", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":["a",1]}}`, geoio.ProblemInvalidCoord},
		{"coordinate with digit groups", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":["10,758,096.000000","1"]}}`, geoio.ProblemInvalidCoord},
		{"bad id", `{"type":"Feature","id":[1],"properties":{},"geometry":null}`, geoio.ProblemBadRecord},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := `{"type":"FeatureCollection","features":[{"type":"Feature","id":"ok","properties":{},"geometry":{"type":"Point","coordinates":[1,1]}},` + c.feat + `]}`
			var got []geoio.Problem
			fs, _, err := readGeoJSONString(t, text, geoio.ReadOptions{Problems: func(p geoio.Problem) error { got = append(got, p); return nil }})
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 1 || len(got) != 1 {
				t.Fatalf("features %d, problems %v", len(fs), got)
			}
			if got[0].Kind != c.kind || got[0].Index != 1 || got[0].File != "test.geojson" {
				t.Errorf("problem %+v, want kind %q at index 1", got[0], c.kind)
			}
			// strict: the problem is an error
			_, _, err = readGeoJSONString(t, text, geoio.ReadOptions{Problems: geoio.StrictHandler})
			if !errors.Is(err, geoio.ErrStrict) {
				t.Errorf("strict: err = %v", err)
			}
		})
	}
}

func TestGeoJSONDuplicateID(t *testing.T) {
	text := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":1,"properties":{},"geometry":null},
{"type":"Feature","id":"1","properties":{},"geometry":null},
{"type":"Feature","id":1,"properties":{},"geometry":null}]}`
	var got []geoio.Problem
	fs, _, err := readGeoJSONString(t, text, geoio.ReadOptions{Problems: func(p geoio.Problem) error { got = append(got, p); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	// the number 1 and the string "1" are different ids; a duplicated id
	// is reported and every feature kept
	if len(fs) != 3 || len(got) != 1 || got[0].Kind != geoio.ProblemDuplicateID || got[0].Index != 2 || got[0].ID != "1" || got[0].Outcome != geoio.Kept {
		t.Fatalf("features %d problems %+v", len(fs), got)
	}
	if !strings.Contains(got[0].Error(), "test.geojson:feature 2 (id 1): duplicate id") {
		t.Errorf("message %q", got[0].Error())
	}
}

func TestGeoJSONMetresInDegrees(t *testing.T) {
	text := `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[512345.5,9934567.2]}}`
	_, _, err := readGeoJSONString(t, text, geoio.ReadOptions{})
	var fe *geoio.FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "--s-crs") || !strings.Contains(err.Error(), "test.geojson") {
		t.Fatalf("err = %v", err)
	}
}

func TestGeoJSONTruncated(t *testing.T) {
	text := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,1]}},{"type":"Feat`
	fs, _, err := readGeoJSONString(t, text, geoio.ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("err = %v", err)
	}
	if len(fs) != 1 {
		t.Errorf("read %d features before the cut, want 1", len(fs))
	}
}

func TestGeoJSONWriteRFC7946(t *testing.T) {
	// clockwise exterior and counter-clockwise hole: both reversed on write
	poly := orb.Polygon{
		{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}},
		{{2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}},
	}
	f := &geoio.Feature{ID: "a", Geometry: poly, Properties: geoio.Properties{{Key: "name", Value: "Sebulu \"Ilir\""}, {Key: "pop", Value: int64(1200)}, {Key: "share", Value: 0.5}, {Key: "x", Value: nil}}}
	var buf bytes.Buffer
	w, _ := createGeoJSON(&buf, geoio.Layer{Name: "t"}, geoio.WriteOptions{Precision: 7}, false, false)
	if err := w.Write(f); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"a","properties":{"name":"Sebulu \"Ilir\"","pop":1200,"share":0.5,"x":null},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]}}
]}
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestAppendCoord(t *testing.T) {
	cases := []struct {
		v    float64
		prec int
		want string
	}{
		{116.45751422261553, 7, "116.4575142"},
		{-0.00000001, 7, "0"},
		{1.5, 7, "1.5"},
		{100, 7, "100"},
		{-0.616330914927201, 3, "-0.616"},
		{2.5, 0, "2"},
	}
	for _, c := range cases {
		if got := string(AppendCoord(nil, c.v, c.prec)); got != c.want {
			t.Errorf("AppendCoord(%v, %d) = %q, want %q", c.v, c.prec, got, c.want)
		}
	}
}

func TestGeoJSONSeqWrite(t *testing.T) {
	var buf bytes.Buffer
	w, _ := createGeoJSON(&buf, geoio.Layer{}, geoio.WriteOptions{}, true, true)
	w.Write(&geoio.Feature{Geometry: orb.Point{1, 2}})
	w.Write(&geoio.Feature{Geometry: orb.Point{3, 4}})
	w.Close()
	want := "\x1e{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}\n" +
		"\x1e{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[3,4]}}\n"
	if buf.String() != want {
		t.Errorf("got %q", buf.String())
	}
	// and it reads back
	fs, _, err := readGeoJSONString(t, buf.String(), geoio.ReadOptions{})
	if err != nil || len(fs) != 2 {
		t.Fatalf("read back: %d, %v", len(fs), err)
	}
}

// TestKukarDesa reads the real village layer: 237 features, 223 Polygon
// and 14 MultiPolygon (counts from the data's README, checked with GDAL).
func TestKukarDesa(t *testing.T) {
	path := filepath.Join("..", "..", "..", "examples", "kukar", "kukar_6402_desa.geojson")
	rs, err := geoio.OpenAll(path, nil, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	holes := 0
	n := 0
	for {
		f, err := rs[0].Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
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
	if n != 237 || types["Polygon"] != 223 || types["MultiPolygon"] != 14 || holes != 1 {
		t.Errorf("n=%d types=%v holes=%d", n, types, holes)
	}
}

func FuzzGeoJSON(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "geojson", "*.geojson"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"properties":{"a":[1,{"b":2}]},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2,3]}]}}]}`))
	f.Add([]byte("\x1e{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}\n\x1e{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := openGeoJSON(geoio.Source{Path: "fuzz", R: bytes.NewReader(data)}, geoio.ReadOptions{})
		if err != nil {
			return
		}
		r := geoio.Validate(rs[0], "fuzz", geoio.ReadOptions{})
		for i := 0; i < 10000; i++ {
			f, err := r.Next()
			if err != nil {
				return
			}
			// whatever was read must write without error
			AppendFeatureJSON(nil, f, 7)
		}
	})
}

// TestDuplicateIDsOutOfOrder: increasing ids take the cheap path; an id
// out of order switches to the map and still finds earlier duplicates.
func TestDuplicateIDsOutOfOrder(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, id := range []int{1, 2, 5, 3, 5, 9, 2, 10} {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"type":"Feature","id":%d,"properties":{},"geometry":null}`, id)
	}
	sb.WriteString("]}")
	var got []int
	fs, _, err := readGeoJSONString(t, sb.String(), geoio.ReadOptions{Problems: func(p geoio.Problem) error { got = append(got, p.Index); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 8 || fmt.Sprint(got) != "[4 6]" {
		t.Errorf("kept %d, duplicates at %v; want 8 and [4 6]", len(fs), got)
	}
}

// The decoder interns short strings and reuses its batch buffers: every
// feature of a collection many batches long must keep its own values,
// and strings with escapes, control characters or bad UTF-8 must still
// be decoded (or refused) as without interning.
func TestGeoJSONReuseKeepsValues(t *testing.T) {
	const n = 5000
	var sb strings.Builder
	sb.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"type":"Feature","id":%d,"properties":{"highway":"primary","name":"jalan %d","long":"%s","esc":"a\"b\u0041","bad":"%s%d"},"geometry":{"type":"LineString","coordinates":[[%d,1],[%d,2]]}}`,
			i, i, strings.Repeat("x", 40)+fmt.Sprint(i), "\xff", i, i%180, i%180)
	}
	sb.WriteString(`]}`)
	fs, _, err := readGeoJSONString(t, sb.String(), geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != n {
		t.Fatalf("got %d features, want %d", len(fs), n)
	}
	for i, f := range fs {
		want := map[string]any{
			"highway": "primary", "name": fmt.Sprintf("jalan %d", i),
			"long": strings.Repeat("x", 40) + fmt.Sprint(i), "esc": `a"bA`, "bad": fmt.Sprintf("\ufffd%d", i),
		}
		for k, v := range want {
			if got, _ := f.Properties.Get(k); got != v {
				t.Fatalf("feature %d: %s = %#v, want %#v", i, k, got, v)
			}
		}
		if !orb.Equal(f.Geometry, orb.LineString{{float64(i % 180), 1}, {float64(i % 180), 2}}) {
			t.Fatalf("feature %d: geometry %v", i, f.Geometry)
		}
	}
	_, _, err = readGeoJSONString(t, "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"c\":\"a\x01b\"}}", geoio.ReadOptions{Problems: geoio.StrictHandler})
	if err == nil {
		t.Error("a control character in a string was accepted")
	}
}

// shortDecimal must give exactly strconv.ParseFloat's value wherever it
// answers, and decline what it cannot convert exactly.
func TestShortDecimalMatchesParseFloat(t *testing.T) {
	check := func(s string) {
		t.Helper()
		got, ok := shortDecimal([]byte(s))
		want, err := strconv.ParseFloat(s, 64)
		if !ok {
			return
		}
		if err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("shortDecimal(%q) = %v (%x), ParseFloat = %v (%x), %v", s, got, math.Float64bits(got), want, math.Float64bits(want), err)
		}
	}
	for _, s := range []string{"0", "-0", "0.0", "-0.000", "1", "115.6001452", "-1.2996517", "180", "-90.0000000",
		"999999999999999", "0.00000000000001", "123456789.012345", "007.5", "1.5"} {
		check(s)
		if _, ok := shortDecimal([]byte(s)); !ok {
			t.Errorf("shortDecimal(%q) declined a plain decimal", s)
		}
	}
	for _, s := range []string{"", "-", ".5", "5.", "1e5", "1E-3", "+1", "1.2.3", "1234567890123456", "0.1234567890123456", "--1", "1-"} {
		if v, ok := shortDecimal([]byte(s)); ok {
			t.Errorf("shortDecimal(%q) = %v, want declined", s, v)
		}
	}
	rng := rand.New(rand.NewPCG(3, 7))
	for i := 0; i < 200000; i++ {
		intDigits := 1 + rng.IntN(4)
		fracDigits := rng.IntN(12)
		var sb strings.Builder
		if rng.IntN(2) == 0 {
			sb.WriteByte('-')
		}
		for j := 0; j < intDigits; j++ {
			sb.WriteByte(byte('0' + rng.IntN(10)))
		}
		if fracDigits > 0 {
			sb.WriteByte('.')
			for j := 0; j < fracDigits; j++ {
				sb.WriteByte(byte('0' + rng.IntN(10)))
			}
		}
		check(sb.String())
	}
}

// FuzzShortDecimal: wherever the fast path answers, strconv agrees bit
// for bit.
func FuzzShortDecimal(f *testing.F) {
	for _, s := range []string{"115.6001452", "-1.2996517", "0", "-0.0", "999999999999999", "1e5", "12345678901234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := shortDecimal([]byte(s))
		if !ok {
			return
		}
		w, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Float64bits(v) != math.Float64bits(w) {
			t.Fatalf("shortDecimal(%q) = %v, ParseFloat = %v, %v", s, v, w, err)
		}
	})
}

// FuzzGeometryInFeature: a geometry decoded in the one pass that splits
// its feature must be the one an independent reading gives: encoding/json
// finds the members (the last of a repeated name wins, as here), the
// coordinates are then decoded on their own. Compared where encoding/json
// accepts the text and the type is a simple one; decoding must succeed
// exactly when the independent reading does.
func FuzzGeometryInFeature(f *testing.F) {
	for _, s := range []string{
		`{"type":"LineString","coordinates":[[115.6,-1.29],[115.7,-1.3]]}`,
		`{"coordinates":[[1,2],[3,4]],"type":"LineString"}`,
		`{"type":"Point","coordinates":[[1,2],[3,4]],"type":"LineString"}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]],"bbox":[0,0,1,1]}`,
		`{"type":"Point","coordinates":[1,95]}`,
		`{"type":"Point","coordinates":[1,2,3],"coordinates":[4,5]}`,
		`{"type":"Point","coordinates":null}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, geom string) {
		var members map[string]json.RawMessage
		if json.Unmarshal([]byte(geom), &members) != nil {
			return
		}
		var typ string
		if json.Unmarshal(members["type"], &typ) != nil {
			return
		}
		depth := geometryDepth[typ]
		if depth == 0 {
			return
		}
		raw, err := splitFeature([]byte(`{"type":"Feature","properties":null,"geometry":` + geom + `}`))
		if err != nil {
			t.Fatalf("%s: valid JSON, but splitting its feature failed: %v", geom, err)
		}
		var d featureDecoder
		pf := d.parseFeature(&raw)

		cp := coordParser{b: bytes.TrimSpace(members["coordinates"])}
		n, refErr := cp.parse(depth)
		if refErr == nil {
			if cp.skipSpace(); cp.i != len(cp.b) {
				refErr = errors.New("trailing data")
			}
		}
		if (pf.f == nil) != (refErr != nil) {
			t.Fatalf("%s: decoded %+v, independent reading err %v", geom, pf, refErr)
		}
		if pf.f == nil {
			return
		}
		var want orb.Geometry
		switch typ {
		case "Point":
			want = n.pt
		case "MultiPoint":
			want = orb.MultiPoint(n.line)
		case "LineString":
			want = orb.LineString(n.line)
		case "MultiLineString":
			ml := orb.MultiLineString{}
			for _, l := range n.lines {
				ml = append(ml, l)
			}
			want = ml
		case "Polygon":
			want = toPolygon(n.lines)
		case "MultiPolygon":
			mp := orb.MultiPolygon{}
			for _, pl := range n.polys {
				mp = append(mp, toPolygon(pl))
			}
			want = mp
		}
		if !orb.Equal(pf.f.Geometry, want) || pf.z != cp.flags {
			t.Fatalf("%s: decoded %v (flags %v), independent reading %v (flags %v)", geom, pf.f.Geometry, pf.z, want, cp.flags)
		}
	})
}

// A geometry whose "type" member is repeated takes the last one, as JSON
// readers do, also when its coordinates were decoded for the first.
func TestGeoJSONRepeatedGeometryType(t *testing.T) {
	fs, _, err := readGeoJSONString(t, `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[[1,2],[3,4]],"type":"LineString"}},
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]],"type":"MultiPoint"}}]}`, geoio.ReadOptions{Problems: geoio.StrictHandler})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || !orb.Equal(fs[0].Geometry, orb.LineString{{1, 2}, {3, 4}}) || !orb.Equal(fs[1].Geometry, orb.MultiPoint{{1, 2}, {3, 4}}) {
		t.Errorf("got %v", fs)
	}
	// empty properties are an empty list, never nil, whatever decoded them
	fs, _, err = readGeoJSONString(t, `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}`, geoio.ReadOptions{})
	if err != nil || len(fs) != 1 || fs[0].Properties == nil {
		t.Errorf("empty properties: %#v, %v", fs, err)
	}
}

// Coordinates written in another CRS (--t-crs) carry the legacy crs
// member, so reading the file back gives the same lon/lat.
func TestGeoJSONWriteCRSMember(t *testing.T) {
	utm := crs.UTM(50, true)
	var b bytes.Buffer
	w, err := createGeoJSON(&b, geoio.Layer{Name: "x"}, geoio.WriteOptions{CRS: utm}, false, false)
	if err != nil {
		t.Fatal(err)
	}
	tw := geoio.Transform(w, utm)
	if err := tw.Write(&geoio.Feature{Geometry: orb.Point{117, -0.5}}); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32750"}}`) {
		t.Fatalf("no crs member: %s", b.String())
	}
	fs, l, err := readGeoJSONString(t, b.String(), geoio.ReadOptions{})
	if err != nil || len(fs) != 1 || l.CRS.EPSG != 32750 {
		t.Fatalf("read back: %v, %d features, crs %v", err, len(fs), l.CRS)
	}
	p := fs[0].Geometry.(orb.Point)
	if math.Abs(p[0]-117) > 1e-7 || math.Abs(p[1]+0.5) > 1e-7 {
		t.Errorf("read back at %v", p)
	}
}
