package xlsx

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"
)

// desaLayer is a layer of villages with every type of value.
func desaLayer() (geoio.Layer, []*geoio.Feature) {
	layer := geoio.Layer{Name: "desa", Fields: []geoio.Field{
		{Name: "kode", Type: geoio.FieldString},
		{Name: "nama", Type: geoio.FieldString},
		{Name: "penduduk", Type: geoio.FieldInt},
		{Name: "tahun", Type: geoio.FieldInt},
		{Name: "luas_km2", Type: geoio.FieldFloat, Precision: 2},
		{Name: "covered_share", Type: geoio.FieldFloat},
		{Name: "covered_pct", Type: geoio.FieldFloat},
		{Name: "survei", Type: geoio.FieldDate},
		{Name: "aktif", Type: geoio.FieldBool},
	}}
	feats := []*geoio.Feature{
		{Geometry: orb.Point{116.987654321, -0.51234567}, Properties: geoio.Properties{
			{Key: "kode", Value: "007"}, {Key: "nama", Value: "Loa Kulu Kota"}, {Key: "penduduk", Value: int64(123456)},
			{Key: "tahun", Value: int64(2023)}, {Key: "luas_km2", Value: 12.5}, {Key: "covered_share", Value: 0.8523},
			{Key: "covered_pct", Value: 85.2}, {Key: "survei", Value: date(2023, 3, 15)}, {Key: "aktif", Value: true}}},
		{Geometry: orb.Point{117.1, -0.6}, Properties: geoio.Properties{
			{Key: "kode", Value: "64.02.06.1002"}, {Key: "nama", Value: "Jembayan"}, {Key: "penduduk", Value: int64(8210)},
			{Key: "tahun", Value: int64(2024)}, {Key: "luas_km2", Value: 30.25}, {Key: "covered_share", Value: 0.1},
			{Key: "covered_pct", Value: 10.0}, {Key: "survei", Value: nil}, {Key: "aktif", Value: false}}},
		{Properties: geoio.Properties{
			{Key: "kode", Value: "010"}, {Key: "nama", Value: nil}, {Key: "penduduk", Value: nil},
			{Key: "tahun", Value: int64(2024)}, {Key: "luas_km2", Value: math.NaN()}, {Key: "covered_share", Value: nil},
			{Key: "covered_pct", Value: nil}, {Key: "survei", Value: date(2024, 1, 2)}, {Key: "aktif", Value: nil}}},
	}
	return layer, feats
}

// writeLayer writes features through the registered format into a file.
func writeLayer(t testing.TB, layer geoio.Layer, feats []*geoio.Feature, opts geoio.WriteOptions) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), layer.Name+".xlsx")
	if err := tryWriteLayer(p, layer, feats, opts); err != nil {
		t.Fatal(err)
	}
	return p
}

func tryWriteLayer(p string, layer geoio.Layer, feats []*geoio.Feature, opts geoio.WriteOptions) error {
	f, err := geoio.DetectFormat(p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w, err := geoio.Create(f, p, &buf, layer, opts)
	if err != nil {
		return err
	}
	for _, ft := range feats {
		if err := w.Write(ft); err != nil {
			w.Abort()
			return err
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(p, buf.Bytes(), 0o644)
}

// TestWriteRoundTrip writes a layer and reads it back: the same values
// and types, points from lon/lat columns.
func TestWriteRoundTrip(t *testing.T) {
	layer, feats := desaLayer()
	p := writeLayer(t, layer, feats, geoio.WriteOptions{})
	res, notes, probs := readAll(t, p, geoio.ReadOptions{})
	if len(probs) != 0 || len(notes) != 0 {
		t.Errorf("problems %v, notes %q", probs, notes)
	}
	l := res[0]
	if l.layer.Name != "desa" {
		t.Errorf("sheet %q", l.layer.Name)
	}
	if got, want := fieldTypes(l.layer), "kode:string,nama:string,penduduk:integer,tahun:integer,luas_km2:real,covered_share:real,covered_pct:real,survei:date,aktif:boolean"; got != want {
		t.Errorf("fields\n got %s\nwant %s", got, want)
	}
	if len(l.feats) != 3 {
		t.Fatalf("%d features", len(l.feats))
	}
	for i, f := range l.feats {
		want := map[string]any{}
		for _, p := range feats[i].Properties {
			v := p.Value
			if x, ok := v.(float64); ok && math.IsNaN(x) {
				v = nil
			}
			want[p.Key] = v
		}
		if got := props(f); !reflect.DeepEqual(got, want) {
			t.Errorf("feature %d\n got %#v\nwant %#v", i, got, want)
		}
	}
	if g := l.feats[0].Geometry; g != (orb.Point{116.9876543, -0.5123457}) {
		t.Errorf("geometry %v (7 decimals)", g)
	}
	if l.feats[2].Geometry != nil {
		t.Errorf("null geometry read as %v", l.feats[2].Geometry)
	}
}

// TestWriteStyles: a bold header frozen in place, number formats from
// the types and names, widths from the content.
func TestWriteStyles(t *testing.T) {
	layer, feats := desaLayer()
	p := writeLayer(t, layer, feats, geoio.WriteOptions{Precision: 5})
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"desa"}) {
		t.Errorf("sheets %v", got)
	}
	panes, err := f.GetPanes("desa")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v", panes, err)
	}
	header, _ := f.GetRows("desa")
	if want := []string{"kode", "nama", "penduduk", "tahun", "luas_km2", "covered_share", "covered_pct", "survei", "aktif", "lon", "lat"}; !reflect.DeepEqual(header[0], want) {
		t.Errorf("header %v", header[0])
	}
	formats := map[string]string{}
	for c, name := range header[0] {
		ref, _ := excelize.CoordinatesToCellName(c+1, 1)
		id, _ := f.GetCellStyle("desa", ref)
		st, _ := f.GetStyle(id)
		if st.Font == nil || !st.Font.Bold {
			t.Errorf("header %s not bold", ref)
		}
		ref, _ = excelize.CoordinatesToCellName(c+1, 2)
		id, _ = f.GetCellStyle("desa", ref)
		st, _ = f.GetStyle(id)
		formats[name] = numFmtCode(st)
	}
	want := map[string]string{"kode": "@", "nama": "@", "penduduk": "#,##0", "tahun": "0", "luas_km2": "0.00",
		"covered_share": "0.00%", "covered_pct": `0.0"%"`, "survei": "yyyy-mm-dd", "aktif": "", "lon": "0.00000", "lat": "0.00000"}
	if !reflect.DeepEqual(formats, want) {
		t.Errorf("formats\n got %v\nwant %v", formats, want)
	}
	shown, _ := f.GetCellValue("desa", "C2")
	if shown != "123,456" {
		t.Errorf("penduduk shows %q", shown)
	}
	// widths: the name column fits "Loa Kulu Kota", the code "64.02.06.1002"
	for col, min := range map[string]float64{"A": 15, "B": 15, "F": 15} {
		w, _ := f.GetColWidth("desa", col)
		if w < min || w > maxWidth {
			t.Errorf("column %s width %v", col, w)
		}
	}
}

// numFmtCode names a style's number format, "" for General.
func numFmtCode(st *excelize.Style) string {
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	for code, id := range builtinFormats {
		if id == st.NumFmt {
			return code
		}
	}
	if st.NumFmt == 0 {
		return ""
	}
	return fmt.Sprint("#", st.NumFmt)
}

// TestWriteGeometryModes: WKT first for any geometry, lon/lat for points,
// no geometry columns without geometry, the mode asked for.
func TestWriteGeometryModes(t *testing.T) {
	poly := orb.Polygon{{{117, -0.5}, {117.1, -0.5}, {117.1, -0.4}, {117, -0.5}}}
	layer := geoio.Layer{Name: "kecamatan", Fields: []geoio.Field{{Name: "nama", Type: geoio.FieldString}}}
	feats := []*geoio.Feature{
		{Properties: geoio.Properties{{Key: "nama", Value: "tanpa"}}},
		{Geometry: poly, Properties: geoio.Properties{{Key: "nama", Value: "Loa Kulu"}}},
	}
	p := writeLayer(t, layer, feats, geoio.WriteOptions{})
	assertHeader(t, p, "WKT", "nama")
	res, _, _ := readAll(t, p, geoio.ReadOptions{})
	if got := res[0].feats[1].Geometry; !reflect.DeepEqual(got, poly) {
		t.Errorf("polygon %v", got)
	}
	if res[0].feats[0].Geometry != nil {
		t.Errorf("null geometry %v", res[0].feats[0].Geometry)
	}

	// null geometries first, then a point: lon/lat
	feats[1].Geometry = orb.Point{117, -0.5}
	p = writeLayer(t, layer, feats, geoio.WriteOptions{})
	assertHeader(t, p, "nama", "lon", "lat")
	// asked for WKT
	p = writeLayer(t, layer, feats, geoio.WriteOptions{CSVGeometry: "wkt"})
	assertHeader(t, p, "WKT", "nama")
	// asked for lon/lat, given a polygon
	feats[1].Geometry = poly
	if err := tryWriteLayer(filepath.Join(t.TempDir(), "x.xlsx"), layer, feats, geoio.WriteOptions{CSVGeometry: "xy"}); err == nil ||
		!strings.Contains(err.Error(), "a Polygon cannot be written as lon/lat columns") {
		t.Errorf("polygon as xy: %v", err)
	}
	// no geometry at all: no geometry columns
	p = writeLayer(t, layer, feats[:1], geoio.WriteOptions{})
	assertHeader(t, p, "nama")
	// a property named lon beside points: WKT keeps it
	layer2 := geoio.Layer{Name: "x", Fields: []geoio.Field{{Name: "lon", Type: geoio.FieldFloat}}}
	p = writeLayer(t, layer2, []*geoio.Feature{{Geometry: orb.Point{1, 2}, Properties: geoio.Properties{{Key: "lon", Value: 1.5}}}}, geoio.WriteOptions{})
	assertHeader(t, p, "WKT", "lon")
}

func assertHeader(t testing.TB, path string, want ...string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) == 0 || !reflect.DeepEqual(rows[0], want) {
		t.Errorf("header %v, want %v (%v)", rows, want, err)
	}
}

// TestWriteLimits: a text beyond an Excel cell is refused, integers
// beyond 2^53 are text, and a layer without fields learns them from the
// first feature.
func TestWriteLimits(t *testing.T) {
	layer := geoio.Layer{Name: "x"}
	long := strings.Repeat("a", excelize.TotalCellChars+1)
	err := tryWriteLayer(filepath.Join(t.TempDir(), "x.xlsx"), layer, []*geoio.Feature{{Properties: geoio.Properties{{Key: "t", Value: long}}}}, geoio.WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "a text of 32768 characters; an Excel cell holds at most 32767") ||
		!strings.Contains(err.Error(), "cell A2 (column t)") {
		t.Errorf("long text: %v", err)
	}
	var notes []string
	p := writeLayer(t, layer, []*geoio.Feature{{Properties: geoio.Properties{{Key: "osm_id", Value: int64(1<<53 + 1)}, {Key: "n", Value: 3}}}},
		geoio.WriteOptions{Warn: func(s string) { notes = append(notes, s) }})
	res, _, _ := readAll(t, p, geoio.ReadOptions{})
	if got := props(res[0].feats[0]); got["osm_id"] != "9007199254740993" || got["n"] != int64(3) {
		t.Errorf("values %#v", got)
	}
	if !hasNote(notes, "integers beyond 2^53 (9007199254740993 in column osm_id) are written as text") {
		t.Errorf("notes %q", notes)
	}
}

// TestWriteManyRows streams past the rows held for planning.
func TestWriteManyRows(t *testing.T) {
	layer := geoio.Layer{Name: "titik", Fields: []geoio.Field{{Name: "n", Type: geoio.FieldInt}, {Name: "nama", Type: geoio.FieldString}}}
	var feats []*geoio.Feature
	for i := 0; i < 2*sampleRows+5; i++ {
		feats = append(feats, &geoio.Feature{Geometry: orb.Point{117 + float64(i)*1e-4, -0.5},
			Properties: geoio.Properties{{Key: "n", Value: int64(i)}, {Key: "nama", Value: fmt.Sprintf("titik %d", i)}}})
	}
	p := writeLayer(t, layer, feats, geoio.WriteOptions{})
	res, _, _ := readAll(t, p, geoio.ReadOptions{})
	if len(res[0].feats) != len(feats) {
		t.Fatalf("%d features", len(res[0].feats))
	}
	last := res[0].feats[len(feats)-1]
	if props(last)["n"] != int64(len(feats)-1) || last.Geometry != (orb.Point{117.2004, -0.5}) {
		t.Errorf("last %v %v", props(last), last.Geometry)
	}
}

// TestWriteWorkbook: several report tables in one workbook, read back by
// the driver sheet by sheet.
func TestWriteWorkbook(t *testing.T) {
	sheets := []Sheet{
		{Name: "Ringkasan", Columns: []string{"ukuran", "nilai"}, Rows: [][]any{
			{"desa", 193}, {"penduduk", int64(729382)}, {"tercakup", 0.8125}, {"dibuat", date(2024, 5, 1)}}},
		{Name: "Kecamatan", Columns: []string{"kecamatan", "targets", "covered_pct", "population", "uncovered_share"}, Rows: [][]any{
			{"Loa Kulu", int64(15), 86.7, int64(52013), 0.125},
			{"Sebulu", int64(14), 50.0, nil, 0.5},
		}, Formats: map[string]string{"targets": "0\" desa\""}},
		{Name: "Kecamatan", Columns: []string{"a"}, Rows: [][]any{{true}}},
		{Name: "a/b:c?", Columns: []string{"a"}},
	}
	var buf bytes.Buffer
	if err := WriteWorkbook(&buf, sheets); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "laporan.xlsx")
	os.WriteFile(p, buf.Bytes(), 0o644)
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Ringkasan", "Kecamatan", "Kecamatan (2)", "a_b_c_"}) {
		t.Errorf("sheets %v", got)
	}
	if v, _ := f.GetCellValue("Kecamatan", "B2"); v != "15 desa" {
		t.Errorf("format override shows %q", v)
	}
	if v, _ := f.GetCellValue("Kecamatan", "E2"); v != "12.5%" {
		t.Errorf("share shows %q", v)
	}
	if v, _ := f.GetCellValue("Kecamatan", "C2"); v != "86.7%" {
		t.Errorf("pct shows %q", v)
	}
	if v, _ := f.GetCellValue("Kecamatan", "D2"); v != "52,013" {
		t.Errorf("population shows %q", v)
	}
	res, _, _ := readAll(t, p, geoio.ReadOptions{Layer: "Kecamatan"})
	k := res[0]
	if got, want := fieldTypes(k.layer), "kecamatan:string,targets:integer,covered_pct:real,population:integer,uncovered_share:real"; got != want {
		t.Errorf("fields\n got %s\nwant %s", got, want)
	}
	if got := props(k.feats[1]); got["population"] != nil || got["covered_pct"] != 50.0 {
		t.Errorf("row %v", got)
	}
	// a column of mixed types reads as text
	// a column of numbers and a date: the date shows as a date, and
	// reads back as a cell of another type
	if v, _ := f.GetCellValue("Ringkasan", "B5"); v != "2024-05-01" {
		t.Errorf("date in a mixed column shows %q", v)
	}
	f.Close()
	res, _, probs := readAll(t, p, geoio.ReadOptions{Layer: "Ringkasan"})
	var vals []any
	for _, f := range res[0].feats {
		vals = append(vals, props(f)["nilai"])
	}
	if !reflect.DeepEqual(vals, []any{193.0, 729382.0, 0.8125, nil}) || len(probs) != 1 ||
		!strings.Contains(probs[0].Reason, "the date 2024-05-01 in the number column nilai is read as empty") {
		t.Errorf("nilai %v, %v", vals, probs)
	}

	if err := WriteWorkbook(&buf, nil); err == nil {
		t.Error("no sheets: no error")
	}
	if err := WriteWorkbook(&buf, []Sheet{{Name: "x", Columns: []string{"a"}, Rows: [][]any{{1, 2}}}}); err == nil ||
		!strings.Contains(err.Error(), "row 1 has 2 values for 1 columns") {
		t.Errorf("long row: %v", err)
	}
}

// TestSheetNames: names Excel accepts, cut to 31 characters, unique.
func TestSheetNames(t *testing.T) {
	b := &book{names: map[string]bool{}}
	for _, c := range [][2]string{
		{"desa", "desa"},
		{"DESA", "DESA (2)"},
		{"", "Sheet3"},
		{"History", "Sheet4"},
		{"'kutip'", "kutip"},
		{"Kabupaten Kutai Kartanegara 2023 rekap", "Kabupaten Kutai Kartanegara 202"},
		{"Kabupaten Kutai Kartanegara 2023 lagi", "Kabupaten Kutai Kartanegara (2)"},
		{"[a]:b*c?d/e\\f", "_a__b_c_d_e_f"},
	} {
		if got := b.sheetName(c[0]); got != c[1] {
			t.Errorf("%q: %q, want %q", c[0], got, c[1])
		}
	}
}

func TestNormalize(t *testing.T) {
	ts := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct{ in, want any }{
		{int(3), int64(3)}, {int32(-3), int64(-3)}, {uint8(200), int64(200)}, {uint64(math.MaxUint64), "18446744073709551615"},
		{float32(1.5), 1.5}, {geoio.RawJSON(`{"a":1}`), `{"a":1}`}, {&ts, ts}, {(*time.Time)(nil), nil}, {[]int{1}, "[1]"},
	} {
		if got := normalize(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("normalize(%#v) = %#v, want %#v", c.in, got, c.want)
		}
	}
}
