package csv

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/geoio/wkt"
	"github.com/paulmach/orb"
)

// csvRead reads every feature of src and collects problems and warnings.
func csvRead(t testing.TB, src geoio.Source, opts geoio.ReadOptions) ([]*geoio.Feature, geoio.Layer, []geoio.Problem, []string) {
	t.Helper()
	var probs []geoio.Problem
	var warns []string
	opts.Problems = func(p geoio.Problem) error { probs = append(probs, p); return nil }
	opts.Warn = func(s string) { warns = append(warns, s) }
	rs, err := openCSV(src, opts)
	if err != nil {
		t.Fatalf("openCSV(%s): %v", src.Name(), err)
	}
	if len(rs) != 1 {
		t.Fatalf("openCSV gave %d readers", len(rs))
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
	return fs, r.Layer(), probs, warns
}

func csvReadString(t testing.TB, text string) ([]*geoio.Feature, geoio.Layer, []geoio.Problem, []string) {
	t.Helper()
	return csvRead(t, geoio.Source{Path: "-", R: strings.NewReader(text)}, geoio.ReadOptions{})
}

func csvFieldTypes(l geoio.Layer) string {
	var parts []string
	for _, f := range l.Fields {
		parts = append(parts, f.Name+":"+f.Type.String())
	}
	return strings.Join(parts, ",")
}

func TestCSVReadGeometryColumns(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		geom   orb.Geometry // of the first feature
		fields string
	}{
		{"lon lat", "id,lon,lat\n1,117.1,-0.5\n", orb.Point{117.1, -0.5}, "id:string"}, // ids stay text
		{"upper case", "ID,LONGITUDE,LATITUDE\n1,117.1,-0.5\n", orb.Point{117.1, -0.5}, "ID:string"},
		{"codes", "kode,kdepum,site_id,n,lon,lat\n64.10,007,12,3,117.1,-0.5\n", orb.Point{117.1, -0.5}, "kode:string,kdepum:string,site_id:string,n:integer"},
		{"lat before lon", "lat,lng,nama\n-0.5,117.1,A\n", orb.Point{117.1, -0.5}, "nama:string"},
		{"bujur lintang", "bujur;lintang;nama\n117.1;-0.5;A\n", orb.Point{117.1, -0.5}, "nama:string"},
		{"x y", "x\ty\tnama\n117.1\t-0.5\tA\n", orb.Point{117.1, -0.5}, "nama:string"},
		{"lon lat win over x y", "x,y,lon,lat\n1,2,117.1,-0.5\n", orb.Point{117.1, -0.5}, "x:integer,y:integer"},
		{"wkt", "wkt,name\nPOINT (1 2),A\n", orb.Point{1, 2}, "name:string"},
		{"the_geom", "name,the_geom\nA,\"LINESTRING (0 0, 1 1)\"\n", orb.LineString{{0, 0}, {1, 1}}, "name:string"},
		{"decimal comma", "nama;lon;lat\nA;117,25;-0,5\n", orb.Point{117.25, -0.5}, "nama:string"},
		{"quoted delimiter", "nama,lon,lat\n\"Loa Kulu, Kota\",117,-0.5\n", orb.Point{117, -0.5}, "nama:string"},
		{"crlf", "nama,lon,lat\r\nA,117,-0.5\r\n", orb.Point{117, -0.5}, "nama:string"},
		{"bom", "\ufeffnama,lon,lat\nA,117,-0.5\n", orb.Point{117, -0.5}, "nama:string"},
		{"no geometry", "nama,nilai\nA,1\n", nil, "nama:string,nilai:integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, l, probs, _ := csvReadString(t, tt.text)
			if len(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			if len(fs) != 1 {
				t.Fatalf("%d features, want 1", len(fs))
			}
			if !reflect.DeepEqual(fs[0].Geometry, tt.geom) {
				t.Errorf("geometry %v, want %v", fs[0].Geometry, tt.geom)
			}
			if got := csvFieldTypes(l); got != tt.fields {
				t.Errorf("fields %s, want %s", got, tt.fields)
			}
			if l.Format != "CSV" || l.Name != "stdin" {
				t.Errorf("layer %q %q", l.Format, l.Name)
			}
		})
	}
}

func TestCSVSniffDelimiter(t *testing.T) {
	tests := []struct {
		head string
		want rune
	}{
		{"a,b,c\n", ','},
		{"a;b;c\n", ';'},
		{"a\tb\tc\n", '\t'},
		{"\"a;b\",c\n", ','},
		{"a;b,c;d\n", ';'},
		{"a,b;c,d\n", ','},
		{"single\n", ','},
		{"a,b\nc;d;e;f\n", ','},
	}
	for _, tt := range tests {
		if got := sniffCSVDelimiter([]byte(tt.head)); got != tt.want {
			t.Errorf("sniff(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

func TestCSVClassifyValue(t *testing.T) {
	tests := []struct {
		in   string
		want geoio.FieldType
	}{
		{"0", geoio.FieldInt},
		{"42", geoio.FieldInt},
		{"-42", geoio.FieldInt},
		{"9223372036854775807", geoio.FieldInt},
		{"9223372036854775808", geoio.FieldString}, // too long: a code, not a float
		{"6402061001", geoio.FieldInt},
		{"007", geoio.FieldString},
		{"-0", geoio.FieldString},
		{"+5", geoio.FieldString},
		{"0.5", geoio.FieldFloat},
		{"-0.5", geoio.FieldFloat},
		{".5", geoio.FieldFloat},
		{"5.", geoio.FieldFloat},
		{"1e-07", geoio.FieldFloat},
		{"1E5", geoio.FieldFloat},
		{"123456.789", geoio.FieldFloat},
		{"00.5", geoio.FieldString},
		{"07.5", geoio.FieldString},
		{"1e", geoio.FieldString},
		{"1e999", geoio.FieldString},
		{".", geoio.FieldString},
		{"-", geoio.FieldString},
		{"inf", geoio.FieldString},
		{"NaN", geoio.FieldString},
		{"0x10", geoio.FieldString},
		{"1_000", geoio.FieldString},
		{" 5", geoio.FieldString},
		{"1.2.3", geoio.FieldString},
		{"true", geoio.FieldString},
	}
	for _, tt := range tests {
		if got := classifyCSVValue(tt.in); got != tt.want {
			t.Errorf("classify(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCSVInferTypes(t *testing.T) {
	text := "kode,n,x_ratio,flag,note,empty,lon,lat\n" +
		"007,1,0.5,true,a,,1,2\n" +
		"6402061001,2,3,false,1,,1,2\n" +
		",,,,,,1,2\n"
	fs, l, _, _ := csvReadString(t, text)
	want := "kode:string,n:integer,x_ratio:real,flag:string,note:string,empty:string"
	if got := csvFieldTypes(l); got != want {
		t.Errorf("fields %s, want %s", got, want)
	}
	wantProps := []geoio.Properties{
		{{Key: "kode", Value: "007"}, {Key: "n", Value: int64(1)}, {Key: "x_ratio", Value: 0.5}, {Key: "flag", Value: "true"}, {Key: "note", Value: "a"}, {Key: "empty", Value: nil}},
		{{Key: "kode", Value: "6402061001"}, {Key: "n", Value: int64(2)}, {Key: "x_ratio", Value: 3.0}, {Key: "flag", Value: "false"}, {Key: "note", Value: "1"}, {Key: "empty", Value: nil}},
		{{Key: "kode", Value: nil}, {Key: "n", Value: nil}, {Key: "x_ratio", Value: nil}, {Key: "flag", Value: nil}, {Key: "note", Value: nil}, {Key: "empty", Value: nil}},
	}
	for i, f := range fs {
		if !reflect.DeepEqual(f.Properties, wantProps[i]) {
			t.Errorf("row %d: %#v, want %#v", i, f.Properties, wantProps[i])
		}
	}
}

func TestCSVReadFiles(t *testing.T) {
	t.Run("desa inferred", func(t *testing.T) {
		fs, l, probs, _ := csvRead(t, geoio.Source{Path: "testdata/csv/desa.csv"}, geoio.ReadOptions{})
		if len(probs) != 0 || len(fs) != 4 {
			t.Fatalf("%d features, problems %v", len(fs), probs)
		}
		if got, want := csvFieldTypes(l), "kode:string,nama:string,kecamatan:string,penduduk:integer,luas_km2:real"; got != want {
			t.Errorf("fields %s, want %s", got, want)
		}
		if l.Name != "desa" || l.CRS != crs.WGS84 {
			t.Errorf("layer %+v", l)
		}
		if fs[0].ID != "6402061001" {
			t.Errorf("id %#v, want the kode as text", fs[0].ID)
		}
		if fs[2].Properties[1].Value != "Muara Muntai; Ulu" || fs[2].Properties[3].Value != nil {
			t.Errorf("row 2 %v", fs[2].Properties)
		}
		if fs[3].Geometry != nil {
			t.Errorf("empty lon/lat gave %v, want nil", fs[3].Geometry)
		}
		if !reflect.DeepEqual(fs[1].Geometry, orb.Point{116.95, -0.6}) {
			t.Errorf("geometry %v", fs[1].Geometry)
		}
	})
	t.Run("desa with csvt", func(t *testing.T) {
		fs, l, _, _ := csvRead(t, geoio.Source{Path: "testdata/csv/desa_typed.csv"}, geoio.ReadOptions{})
		want := []geoio.Field{{Name: "kode", Type: geoio.FieldString, Width: 10, Precision: 0}, {Name: "nama", Type: geoio.FieldString, Width: 40, Precision: 0}, {Name: "kecamatan", Type: geoio.FieldString, Width: 0, Precision: 0},
			{Name: "penduduk", Type: geoio.FieldInt, Width: 0, Precision: 0}, {Name: "luas_km2", Type: geoio.FieldFloat, Width: 8, Precision: 2}}
		if !reflect.DeepEqual(l.Fields, want) {
			t.Errorf("fields %+v, want %+v", l.Fields, want)
		}
		if fs[0].ID != "6402061001" || fs[0].Properties[0].Value != "6402061001" {
			t.Errorf("kode %#v", fs[0].ID)
		}
	})
	t.Run("wkt", func(t *testing.T) {
		fs, l, probs, _ := csvRead(t, geoio.Source{Path: "testdata/csv/roads_wkt.csv"}, geoio.ReadOptions{})
		if len(probs) != 0 || len(fs) != 3 {
			t.Fatalf("%d features, problems %v", len(fs), probs)
		}
		if got, want := csvFieldTypes(l), "id:string,name:string,lanes:integer"; got != want {
			t.Errorf("fields %s, want %s", got, want)
		}
		if _, ok := fs[1].Geometry.(orb.Polygon); !ok || fs[2].Geometry != nil {
			t.Errorf("geometries %v %v", fs[1].Geometry, fs[2].Geometry)
		}
		if fs[1].ID != "2" {
			t.Errorf("id %#v", fs[1].ID)
		}
	})
}

func TestCSVOpenCelliD(t *testing.T) {
	for _, file := range []string{"cells_header.csv", "cells_noheader.csv"} {
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", "csv", file)
			for _, stream := range []bool{false, true} {
				src := geoio.Source{Path: path}
				if stream {
					b, err := os.ReadFile(path)
					if err != nil {
						t.Fatal(err)
					}
					src.R = bytes.NewReader(b)
				}
				fs, l, probs, _ := csvRead(t, src, geoio.ReadOptions{})
				if len(probs) != 0 || len(fs) != 3 {
					t.Fatalf("stream %v: %d features, problems %v", stream, len(fs), probs)
				}
				if l.Format != "OpenCelliD CSV" {
					t.Errorf("format %q", l.Format)
				}
				want := "radio:string,mcc:integer,net:integer,area:integer,cell:integer,unit:integer,range:integer," +
					"samples:integer,changeable:integer,created:integer,updated:integer,averageSignal:integer"
				if got := csvFieldTypes(l); got != want {
					t.Errorf("fields %s", got)
				}
				// a cell's id is radio-mcc-net-area-cell
				if fs[1].ID != "LTE-510-10-26110-130452801" || !reflect.DeepEqual(fs[1].Geometry, orb.Point{117.0103, -0.4488}) {
					t.Errorf("feature 1: id %#v geometry %v", fs[1].ID, fs[1].Geometry)
				}
				if v, _ := fs[0].Properties.Get("unit"); v != nil {
					t.Errorf("empty unit gave %#v", v)
				}
				if v, _ := fs[2].Properties.Get("radio"); v != "UMTS" {
					t.Errorf("radio %#v", v)
				}
			}
		})
	}
}

func TestCSVProblems(t *testing.T) {
	text := "id,name,lon,lat\n" +
		"a1,ok,117,-0.5\n" +
		"a2,bad lon,abc,-0.5\n" +
		"a3,half,117,\n" +
		"a4,too many,117,-0.5,x\n" +
		"a5,padded,117,-0.5,,\n" +
		"a6,\"broken \"quote\",117,-0.5\n" +
		"a7,range,1e999,0\n" +
		"a8,short\n" +
		"a9,ok,118,-0.5\n"
	fs, _, probs, _ := csvReadString(t, text)
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.IDString())
	}
	if got := strings.Join(ids, " "); got != "a1 a5 a8 a9" {
		t.Errorf("kept %s, want a1 a5 a8 a9", got)
	}
	want := []struct {
		index int
		id    string
		kind  string
	}{
		{1, "a2", geoio.ProblemBadRecord},
		{2, "a3", geoio.ProblemBadRecord},
		{3, "a4", geoio.ProblemBadRecord},
		{5, "", geoio.ProblemBadRecord},
		{6, "a7", geoio.ProblemInvalidCoord},
	}
	if len(probs) != len(want) {
		t.Fatalf("problems %v", probs)
	}
	for i, w := range want {
		p := probs[i]
		if p.File != "<stdin>" || p.Index != w.index || p.ID != w.id || p.Kind != w.kind {
			t.Errorf("problem %d: %+v, want %+v", i, p, w)
		}
	}
	if !strings.Contains(probs[0].Error(), `<stdin>:feature 1 (id a2): bad record: column lon: "abc" is not a number`) {
		t.Errorf("message %q", probs[0].Error())
	}
	if fs[2].Geometry != nil {
		t.Errorf("short row a8 should have a null geometry, got %v", fs[2].Geometry)
	}

	// Bad WKT is a bad record too.
	_, _, probs, _ = csvReadString(t, "WKT,id\nPOINT (1,1\n\"POINT (1 2\",7\n")
	if len(probs) != 2 || probs[1].Index != 1 || probs[1].ID != "7" || !strings.Contains(probs[1].Reason, "WKT") {
		t.Errorf("WKT problems %v", probs)
	}
}

func TestCSVStrictStops(t *testing.T) {
	rs, err := openCSV(geoio.Source{Path: "-", R: strings.NewReader("lon,lat\nx,1\n1,1\n")}, geoio.ReadOptions{Problems: geoio.StrictHandler})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs[0].Next(); err == nil || !strings.Contains(err.Error(), "feature 0") {
		t.Errorf("strict read gave %v", err)
	}
}

func TestCSVEmptyAndHeaderOnly(t *testing.T) {
	if _, err := openCSV(geoio.Source{Path: "-", R: strings.NewReader("")}, geoio.ReadOptions{}); err == nil {
		t.Error("empty input opened without error")
	}
	fs, l, _, _ := csvReadString(t, "nama,lon,lat\n")
	if len(fs) != 0 || csvFieldTypes(l) != "nama:string" {
		t.Errorf("header only: %d features, fields %s", len(fs), csvFieldTypes(l))
	}
}

// A stream is typed from its first rows; a later misfit is kept and
// reported once. A file is typed from all its rows.
func TestCSVInferenceWindow(t *testing.T) {
	var b strings.Builder
	b.WriteString("n,lon,lat\n")
	for i := 0; i < csvStreamInferRows; i++ {
		fmt.Fprintf(&b, "%d,1,2\n", i+1)
	}
	b.WriteString("abc,1,2\n2.5,1,2\nxyz,1,2\n")
	text := b.String()

	fs, l, _, warns := csvReadString(t, text)
	if l.Fields[0].Type != geoio.FieldInt {
		t.Errorf("stream type %v, want integer", l.Fields[0].Type)
	}
	n := len(fs)
	if fs[n-3].Properties[0].Value != "abc" || fs[n-2].Properties[0].Value != 2.5 || fs[n-1].Properties[0].Value != "xyz" {
		t.Errorf("misfits %v %v %v", fs[n-3].Properties, fs[n-2].Properties, fs[n-1].Properties)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "column n") {
		t.Errorf("warnings %q", warns)
	}

	path := filepath.Join(t.TempDir(), "window.csv")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	fs, l, _, warns = csvRead(t, geoio.Source{Path: path}, geoio.ReadOptions{})
	if l.Fields[0].Type != geoio.FieldString || fs[0].Properties[0].Value != "1" || len(warns) != 0 {
		t.Errorf("file: type %v, first %#v, warnings %q", l.Fields[0].Type, fs[0].Properties[0].Value, warns)
	}
	if len(fs) != csvStreamInferRows+3 {
		t.Errorf("file: %d features", len(fs))
	}
}

func TestCSVParseCSVT(t *testing.T) {
	types, roles, fields, err := parseCSVT(`"WKT","Integer(5)","Integer64","Real(10.3)","String(20)","Date","Integer(Boolean)","Boolean","DateTime","Point(X)","CoordY"`)
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []geoio.FieldType{geoio.FieldUnknown, geoio.FieldInt, geoio.FieldInt, geoio.FieldFloat, geoio.FieldString, geoio.FieldDate, geoio.FieldBool, geoio.FieldBool, geoio.FieldString, geoio.FieldUnknown, geoio.FieldUnknown}
	wantRoles := []string{"wkt", "", "", "", "", "", "", "", "", "x", "y"}
	if !reflect.DeepEqual(types, wantTypes) || !reflect.DeepEqual(roles, wantRoles) {
		t.Errorf("types %v roles %q", types, roles)
	}
	if fields[1].Width != 5 || fields[3].Width != 10 || fields[3].Precision != 3 || fields[4].Width != 20 {
		t.Errorf("widths %+v", fields)
	}
	if _, _, _, err := parseCSVT(`"Integer","Blob"`); err == nil {
		t.Error("unknown type accepted")
	}
}

func TestCSVTWrongCountIgnored(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("kode,lon,lat\n007,1,2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.csvt"), []byte(`"String","Real"`+"\n"), 0o644)
	fs, _, _, warns := csvRead(t, geoio.Source{Path: filepath.Join(dir, "a.csv")}, geoio.ReadOptions{})
	if len(warns) != 1 || !strings.Contains(warns[0], ".csvt ignored") || fs[0].Properties[0].Value != "007" {
		t.Errorf("warnings %q, value %#v", warns, fs[0].Properties[0].Value)
	}
}

func csvWriteString(t testing.TB, layer geoio.Layer, opts geoio.WriteOptions, fs []*geoio.Feature) (string, error) {
	t.Helper()
	var b bytes.Buffer
	w, err := createCSV(&b, layer, opts)
	if err != nil {
		return "", err
	}
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			w.Abort()
			return b.String(), err
		}
	}
	err = w.Close()
	return b.String(), err
}

func TestCSVWrite(t *testing.T) {
	layer := geoio.Layer{Fields: []geoio.Field{{Name: "kode", Type: geoio.FieldString}, {Name: "n", Type: geoio.FieldInt},
		{Name: "r", Type: geoio.FieldFloat}, {Name: "ok", Type: geoio.FieldBool}, {Name: "d", Type: geoio.FieldDate}}}
	date := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	pt := &geoio.Feature{ID: int64(1), Geometry: orb.Point{117.123456789, -0.00000001},
		Properties: geoio.Properties{{Key: "kode", Value: "007"}, {Key: "n", Value: int64(-3)}, {Key: "r", Value: 1e-7}, {Key: "ok", Value: true}, {Key: "d", Value: date}}}
	null := &geoio.Feature{ID: "x", Properties: geoio.Properties{{Key: "r", Value: 123456.789}, {Key: "kode", Value: "a,\"b\""}}}
	line := &geoio.Feature{ID: "L9", Geometry: orb.LineString{{0, 0}, {1, 1}}}

	tests := []struct {
		name  string
		mode  string
		fs    []*geoio.Feature
		want  string
		types string
	}{
		{"auto points", "", []*geoio.Feature{null, pt},
			"kode,n,r,ok,d,lon,lat\n\"a,\"\"b\"\"\",,123456.789,,,,\n007,-3,1e-07,true,2024-03-01,117.1234568,0\n",
			`"String","Integer64","Real","Integer(Boolean)","Date","CoordX","CoordY"`},
		{"auto wkt", "", []*geoio.Feature{line, pt},
			"WKT,kode,n,r,ok,d\n\"LINESTRING (0 0,1 1)\",,,,,\nPOINT (117.1234568 0),007,-3,1e-07,true,2024-03-01\n",
			`"WKT","String","Integer64","Real","Integer(Boolean)","Date"`},
		{"forced wkt", "wkt", []*geoio.Feature{pt},
			"WKT,kode,n,r,ok,d\nPOINT (117.1234568 0),007,-3,1e-07,true,2024-03-01\n",
			`"WKT","String","Integer64","Real","Integer(Boolean)","Date"`},
		{"all null", "", []*geoio.Feature{null},
			"kode,n,r,ok,d,lon,lat\n\"a,\"\"b\"\"\",,123456.789,,,,\n",
			`"String","Integer64","Real","Integer(Boolean)","Date","CoordX","CoordY"`},
		{"empty", "", nil, "kode,n,r,ok,d,lon,lat\n", `"String","Integer64","Real","Integer(Boolean)","Date","CoordX","CoordY"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			w, err := createCSV(&b, layer, geoio.WriteOptions{CSVGeometry: tt.mode})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tt.fs {
				if err := w.Write(f); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
			if got := w.(TypesWriter).CSVTypes(); got != tt.types {
				t.Errorf("types %s, want %s", got, tt.types)
			}
		})
	}

	_, err := csvWriteString(t, layer, geoio.WriteOptions{CSVGeometry: "xy"}, []*geoio.Feature{pt, line})
	if err == nil || !strings.Contains(err.Error(), "feature 1 (id L9): a LineString") {
		t.Errorf("line in xy mode: %v", err)
	}
	if _, err := createCSV(io.Discard, layer, geoio.WriteOptions{CSVGeometry: "geojson"}); err == nil {
		t.Error("unknown mode accepted")
	}
}

func TestCSVWriteFieldsFromFirstFeature(t *testing.T) {
	var warns []string
	fs := []*geoio.Feature{
		{Geometry: orb.Point{1, 2}, Properties: geoio.Properties{{Key: "a", Value: int64(1)}, {Key: "lon", Value: 1.0}}},
		{Geometry: orb.Point{3, 4}, Properties: geoio.Properties{{Key: "b", Value: "x"}, {Key: "a", Value: int64(2)}}},
	}
	var b bytes.Buffer
	w, _ := createCSV(&b, geoio.Layer{}, geoio.WriteOptions{Precision: 3, CSVGeometry: "xy", Warn: func(s string) { warns = append(warns, s) }})
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	if want := "a,lon,lat\n1,1,2\n2,3,4\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	if len(warns) != 2 || !strings.Contains(warns[0], `"lon" not written`) || !strings.Contains(warns[1], `"b"`) {
		t.Errorf("warnings %q", warns)
	}
	if got := w.(TypesWriter).CSVTypes(); got != `"Integer64","CoordX","CoordY"` {
		t.Errorf("types %s", got)
	}
}

// TestCSVAutoAvoidsCoordinateClash: in automatic mode, points whose
// properties already include lon or lat are written as WKT so that no
// attribute is lost.
func TestCSVAutoAvoidsCoordinateClash(t *testing.T) {
	fs := []*geoio.Feature{{Geometry: orb.Point{1, 2}, Properties: geoio.Properties{{Key: "lat", Value: -0.5}, {Key: "lng", Value: 117.0}}}}
	out, err := csvWriteString(t, geoio.Layer{Fields: []geoio.Field{{Name: "lat", Type: geoio.FieldFloat}, {Name: "lng", Type: geoio.FieldFloat}}}, geoio.WriteOptions{}, fs)
	if err != nil {
		t.Fatal(err)
	}
	if want := "WKT,lat,lng\nPOINT (1 2),-0.5,117\n"; out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

func TestCSVWriteLoneEmptyField(t *testing.T) {
	out, err := csvWriteString(t, geoio.Layer{}, geoio.WriteOptions{CSVGeometry: "wkt"}, []*geoio.Feature{{}, {Geometry: orb.Point{1, 2}}})
	if err != nil {
		t.Fatal(err)
	}
	fs, _, _, _ := csvReadString(t, out)
	if len(fs) != 2 || fs[0].Geometry != nil {
		t.Errorf("%q read back as %d features", out, len(fs))
	}
}

func TestFormatCSVFloat(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0.1, "0.1"}, {1e-7, "1e-07"}, {1e-6, "0.000001"}, {123456.789, "123456.789"},
		{1e15, "1e+15"}, {999999999999999, "999999999999999"}, {-2.5, "-2.5"}, {0, "0"},
		{math.NaN(), ""}, {math.Inf(1), ""}, {5, "5"},
	}
	for _, tt := range tests {
		if got := geoio.FormatFloat(tt.v); got != tt.want {
			t.Errorf("formatFloat(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// csvRoundTrip writes features as CSV with the .csvt sidecar into a
// temporary directory and reads them back.
func csvRoundTrip(t *testing.T, layer geoio.Layer, opts geoio.WriteOptions, fs []*geoio.Feature) ([]*geoio.Feature, geoio.Layer) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	var b bytes.Buffer
	w, err := createCSV(&b, layer, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	csvt := w.(TypesWriter).CSVTypes()
	if err := os.WriteFile(filepath.Join(dir, "out.csvt"), []byte(csvt+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	back, l, probs, warns := csvRead(t, geoio.Source{Path: path}, geoio.ReadOptions{})
	if len(probs) != 0 || len(warns) != 0 {
		t.Fatalf("problems %v warnings %q\n%s", probs, warns, b.String())
	}
	return back, l
}

func TestCSVRoundTripPoints(t *testing.T) {
	layer := geoio.Layer{Fields: []geoio.Field{
		{Name: "id", Type: geoio.FieldInt}, {Name: "kode", Type: geoio.FieldString}, {Name: "kode2", Type: geoio.FieldString},
		{Name: "pop", Type: geoio.FieldInt}, {Name: "r", Type: geoio.FieldFloat}, {Name: "ok", Type: geoio.FieldBool},
		{Name: "d", Type: geoio.FieldDate}, {Name: "note", Type: geoio.FieldString},
	}}
	date := time.Date(2021, 12, 31, 0, 0, 0, 0, time.UTC)
	fs := []*geoio.Feature{
		{ID: int64(1), Geometry: orb.Point{117.1234567, -0.4567891}, Properties: geoio.Properties{
			{Key: "id", Value: int64(1)}, {Key: "kode", Value: "6402061001"}, {Key: "kode2", Value: "007"}, {Key: "pop", Value: int64(12000)}, {Key: "r", Value: 0.1},
			{Key: "ok", Value: true}, {Key: "d", Value: date}, {Key: "note", Value: "Loa Kulu, \"kota\"\nbaris dua"}}},
		{ID: int64(2), Geometry: orb.Point{-180, 90}, Properties: geoio.Properties{
			{Key: "id", Value: int64(2)}, {Key: "kode", Value: "6402061002"}, {Key: "kode2", Value: "0"}, {Key: "pop", Value: int64(-9223372036854775808)}, {Key: "r", Value: 1e-7},
			{Key: "ok", Value: false}, {Key: "d", Value: nil}, {Key: "note", Value: ""}}},
		{ID: int64(3), Geometry: nil, Properties: geoio.Properties{
			{Key: "id", Value: int64(3)}, {Key: "kode", Value: nil}, {Key: "kode2", Value: nil}, {Key: "pop", Value: nil}, {Key: "r", Value: 123456.789},
			{Key: "ok", Value: nil}, {Key: "d", Value: date}, {Key: "note", Value: nil}}},
	}
	back, l := csvRoundTrip(t, layer, geoio.WriteOptions{}, fs)
	if !reflect.DeepEqual(l.Fields, layer.Fields) {
		t.Errorf("fields %+v, want %+v", l.Fields, layer.Fields)
	}
	if len(back) != len(fs) {
		t.Fatalf("%d features back", len(back))
	}
	for i := range fs {
		want := *fs[i]
		if want.Properties[7].Value == "" {
			want.Properties = append(geoio.Properties(nil), want.Properties...)
			want.Properties[7].Value = nil // CSV cannot tell "" from null
		}
		if !reflect.DeepEqual(*back[i], want) {
			t.Errorf("feature %d:\n got %#v\nwant %#v", i, *back[i], want)
		}
	}
}

func TestCSVRoundTripPolygons(t *testing.T) {
	layer := geoio.Layer{Fields: []geoio.Field{{Name: "nama", Type: geoio.FieldString}}}
	poly := orb.Polygon{
		{{116.98765432, -0.51234567}, {117.0123456789, -0.5}, {117.01, -0.48}, {116.98765432, -0.51234567}},
		{{117.0, -0.5}, {117.001, -0.5}, {117.001, -0.499}, {117.0, -0.5}},
	}
	multi := orb.MultiPolygon{poly, {{{116, -1}, {116.5, -1}, {116.5, -0.5}, {116, -1}}}}
	fs := []*geoio.Feature{
		{ID: "Loa Kulu", Geometry: poly, Properties: geoio.Properties{{Key: "nama", Value: "Loa Kulu"}}},
		{ID: "Tenggarong", Geometry: multi, Properties: geoio.Properties{{Key: "nama", Value: "Tenggarong"}}},
	}
	back, _ := csvRoundTrip(t, layer, geoio.WriteOptions{Precision: 9}, fs)
	if len(back) != 2 {
		t.Fatalf("%d features", len(back))
	}
	for i := range fs {
		var a, b []orb.Point
		csvCollectPoints(fs[i].Geometry, &a)
		csvCollectPoints(back[i].Geometry, &b)
		if geoio.GeometryType(back[i].Geometry) != geoio.GeometryType(fs[i].Geometry) || len(a) != len(b) {
			t.Fatalf("feature %d: %v", i, back[i].Geometry)
		}
		for k := range a {
			if math.Abs(a[k][0]-b[k][0]) > 1e-9 || math.Abs(a[k][1]-b[k][1]) > 1e-9 {
				t.Errorf("feature %d point %d: %v, want %v", i, k, b[k], a[k])
			}
		}
		if back[i].Properties[0].Value != fs[i].Properties[0].Value {
			t.Errorf("feature %d properties %v", i, back[i].Properties)
		}
	}
}

func csvCollectPoints(g orb.Geometry, out *[]orb.Point) {
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			*out = append(*out, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			csvCollectPoints(p, out)
		}
	}
}

func ExampleTypesLine() {
	layer := geoio.Layer{Fields: []geoio.Field{{Name: "kode", Type: geoio.FieldString}, {Name: "penduduk", Type: geoio.FieldInt}}}
	fmt.Println(TypesLine(layer, "xy"))
	// Output: "String","Integer64","CoordX","CoordY"
}

func FuzzCSV(f *testing.F) {
	for _, name := range []string{"desa.csv", "cells_header.csv", "cells_noheader.csv", "roads_wkt.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "csv", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("id,lon,lat\n1,abc,2\n\"2,3\n"))
	f.Add([]byte("wkt\tname\nPOINT (1 2)\ta\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := openCSV(geoio.Source{Path: "-", R: bytes.NewReader(data)}, geoio.ReadOptions{})
		if err != nil {
			return
		}
		r := rs[0]
		var fs []*geoio.Feature
		for {
			feat, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return
			}
			fs = append(fs, feat)
			if len(fs) > 10000 {
				t.Fatal("runaway reader")
			}
		}
		layer := r.Layer()
		r.Close()
		// What was read must write as WKT CSV and read back, row for row.
		out, err := csvWriteString(t, layer, geoio.WriteOptions{CSVGeometry: "wkt", Precision: 15}, fs)
		if err != nil {
			t.Fatalf("write: %v", err)
		}
		back, _, probs, _ := csvRead(t, geoio.Source{Path: "-", R: strings.NewReader(out)}, geoio.ReadOptions{})
		if len(back) != len(fs) || len(probs) != 0 {
			t.Fatalf("%d features written, %d read back, problems %v\n%q", len(fs), len(back), probs, out)
		}
		for i := range fs {
			if geoio.GeometryType(back[i].Geometry) != geoio.GeometryType(fs[i].Geometry) {
				t.Fatalf("feature %d: %v became %v", i, fs[i].Geometry, back[i].Geometry)
			}
		}
	})
}

func BenchmarkCSVRead1MPoints(b *testing.B) {
	const n = 1_000_000
	path := filepath.Join(b.TempDir(), "points.csv")
	var buf bytes.Buffer
	buf.WriteString("id,kode,nama,penduduk,lon,lat\n")
	for i := 0; i < n; i++ {
		buf.WriteString(strconv.Itoa(i))
		buf.WriteString(",64020")
		buf.WriteString(strconv.Itoa(10000 + i%90000))
		buf.WriteString(",Desa ")
		buf.WriteString(strconv.Itoa(i))
		buf.WriteByte(',')
		buf.WriteString(strconv.Itoa(i % 5000))
		fmt.Fprintf(&buf, ",%.7f,%.7f\n", 116+float64(i%100000)/50000, -1+float64(i%70000)/70000)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	buf = bytes.Buffer{}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rs, err := openCSV(geoio.Source{Path: path}, geoio.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		count := 0
		for {
			_, err := rs[0].Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		rs[0].Close()
		if count != n {
			b.Fatalf("%d features", count)
		}
	}
}

func BenchmarkAppendWKT(b *testing.B) {
	ring := make(orb.Ring, 0, 1001)
	for i := 0; i < 1000; i++ {
		a := 2 * math.Pi * float64(i) / 1000
		ring = append(ring, orb.Point{117 + 0.1*math.Cos(a), -0.5 + 0.1*math.Sin(a)})
	}
	ring = append(ring, ring[0])
	g := orb.Polygon{ring}
	var buf []byte
	b.ReportAllocs()
	for range b.N {
		buf = wkt.Append(buf[:0], g, 7)
	}
	b.SetBytes(int64(len(buf)))
}

func TestCSVFieldNames(t *testing.T) {
	got := csvFieldNames([]string{" nama ", "", "Nama", "nama_2", "nama", "x", "X"})
	want := []string{"nama", "field_2", "Nama_2", "nama_2_2", "nama_3", "x", "X_2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// A spreadsheet from an Indonesian Excel writes 1.234,5: in such a file
// the dot groups thousands (12.500 people is 12500, not 12.5), the comma
// is the decimal mark; a value that fits neither reading is reported and
// its column kept as text. A ';' file with decimal points stays as it is.
func TestCSVDecimalCommaNumbers(t *testing.T) {
	fs, l, probs, notes := csvReadString(t, "nama;penduduk;luas;kode;lon;lat\nA;12.500;2.345,5;64.10;117,0123;-0,5\nB;1.234;12,25;64.11;117,1;-0,6\nC;800;3;64.12;117,2;-0,7\n")
	if len(probs) > 0 || len(fs) != 3 {
		t.Fatalf("%d features, problems %v", len(fs), probs)
	}
	if got := csvFieldTypes(l); got != "nama:string,penduduk:integer,luas:real,kode:string" {
		t.Errorf("fields %s", got)
	}
	for i, want := range []geoio.Properties{
		{{Key: "nama", Value: "A"}, {Key: "penduduk", Value: int64(12500)}, {Key: "luas", Value: 2345.5}, {Key: "kode", Value: "64.10"}},
		{{Key: "nama", Value: "B"}, {Key: "penduduk", Value: int64(1234)}, {Key: "luas", Value: 12.25}, {Key: "kode", Value: "64.11"}},
	} {
		if !reflect.DeepEqual(fs[i].Properties, want) {
			t.Errorf("row %d: %v, want %v", i, fs[i].Properties, want)
		}
	}
	if p := fs[0].Geometry.(orb.Point); p != (orb.Point{117.0123, -0.5}) {
		t.Errorf("point %v", p)
	}
	if len(notes) > 0 {
		t.Errorf("notes: %v", notes)
	}
	// a value with a dot that groups no thousands, in a decimal-comma file
	fs, _, _, notes = csvReadString(t, "nama;penduduk;lon;lat\nA;1.23;117,5;-0,5\nB;2,5;117,6;-0,6\n")
	if len(notes) != 1 || !strings.Contains(notes[0], `column penduduk: "1.23"`) || fs[0].Properties[1].Value != "1.23" {
		t.Errorf("ambiguous value: notes %v, value %#v", notes, fs[0].Properties[1].Value)
	}
	// decimal points in a ';' file
	fs, _, _, _ = csvReadString(t, "nama;luas;lon;lat\nA;25.5;116.9871;-0.5412\nB;12.500;117;-0.6\n")
	if fs[0].Properties[1].Value != 25.5 || fs[1].Properties[1].Value != 12.5 {
		t.Errorf("decimal points: %v %v", fs[0].Properties, fs[1].Properties)
	}
}
