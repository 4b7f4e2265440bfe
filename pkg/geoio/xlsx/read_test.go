package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
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

// result is one layer read to its end.
type result struct {
	layer geoio.Layer
	feats []*geoio.Feature
	count geoio.Counts
}

// readAll opens path through geoio.OpenAll and reads every layer,
// collecting the notes and the problems.
func readAll(t testing.TB, path string, opts geoio.ReadOptions) ([]result, []string, []geoio.Problem) {
	t.Helper()
	rs, notes, probs, err := tryReadAll(path, opts)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rs, notes, probs
}

func tryReadAll(path string, opts geoio.ReadOptions) ([]result, []string, []geoio.Problem, error) {
	var notes []string
	var probs []geoio.Problem
	opts.Warn = func(s string) { notes = append(notes, s) }
	opts.Problems = func(p geoio.Problem) error { probs = append(probs, p); return nil }
	var counts []geoio.Counts
	opts.Counted = func(_ string, c geoio.Counts) { counts = append(counts, c) }
	readers, err := geoio.OpenAll(path, nil, opts)
	if err != nil {
		return nil, notes, probs, err
	}
	var out []result
	for _, r := range readers {
		res := result{layer: r.Layer()}
		for {
			f, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				r.Close()
				return nil, notes, probs, err
			}
			res.feats = append(res.feats, f)
		}
		res.count = r.(geoio.Counter).Counts()
		r.Close()
		out = append(out, res)
	}
	return out, notes, probs, nil
}

// workbook writes a workbook that build fills (its first sheet is
// "Sheet1") and returns its path.
func workbook(t testing.TB, build func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	p := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// rows sets the cells of a sheet from its top-left corner; nil leaves a
// cell empty.
func rows(t testing.TB, f *excelize.File, sheet string, cells [][]any) {
	t.Helper()
	for r, row := range cells {
		for c, v := range row {
			if v == nil {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func style(t testing.TB, f *excelize.File, sheet, from, to, format string) {
	t.Helper()
	id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet, from, to, id); err != nil {
		t.Fatal(err)
	}
}

func fieldTypes(l geoio.Layer) string {
	var parts []string
	for _, f := range l.Fields {
		parts = append(parts, f.Name+":"+f.Type.String())
	}
	return strings.Join(parts, ",")
}

func props(f *geoio.Feature) map[string]any {
	m := map[string]any{}
	for _, p := range f.Properties {
		m[p.Key] = p.Value
	}
	return m
}

func hasNote(notes []string, parts ...string) bool {
outer:
	for _, n := range notes {
		for _, p := range parts {
			if !strings.Contains(n, p) {
				continue outer
			}
		}
		return true
	}
	return false
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// TestReadLibreOffice reads the workbook LibreOffice Calc made (see
// testdata/README.md): a merged title, a blank row and a note above the
// header, codes with leading zeros and dots as text, a date column,
// booleans, a datetime column on a second sheet, and an empty third sheet.
func TestReadLibreOffice(t *testing.T) {
	const path = "testdata/libreoffice.xlsx"
	res, notes, probs := readAll(t, path, geoio.ReadOptions{})
	if len(res) != 2 || res[0].layer.Name != "Desa" || res[1].layer.Name != "Ringkasan" {
		t.Fatalf("layers %v", res)
	}
	if !hasNote(notes, `sheet "Desa": the header is row 4; rows 1-3 above it are skipped`,
		`row 1 "DATA DESA KABUPATEN KUTAI KARTANEGARA 2023" (merged A1:I1)`, `row 3 "Sumber:`) {
		t.Errorf("no note naming the title rows: %q", notes)
	}
	if !hasNote(notes, `empty sheet(s) "Kosong" not read`) {
		t.Errorf("no note on the empty sheet: %q", notes)
	}
	desa := res[0]
	if got, want := fieldTypes(desa.layer), "kode_desa:string,kode_kemendagri:string,nama:string,kode_kec:string,penduduk:integer,luas_km2:real,tanggal_survei:date,aktif:boolean"; got != want {
		t.Errorf("fields\n got %s\nwant %s", got, want)
	}
	if desa.layer.Format != "Excel" {
		t.Errorf("format %q", desa.layer.Format)
	}
	if len(desa.feats) != 3 {
		t.Fatalf("%d features, want 3 (the fourth lacks its latitude)", len(desa.feats))
	}
	f := desa.feats[0]
	if f.Geometry != (orb.Point{116.98765, -0.5123}) {
		t.Errorf("geometry %v", f.Geometry)
	}
	want := map[string]any{"kode_desa": "6402061001", "kode_kemendagri": "64.02.06.1001", "nama": "Loa Kulu Kota",
		"kode_kec": "007", "penduduk": int64(12345), "luas_km2": 12.75, "tanggal_survei": date(2023, 3, 15), "aktif": true}
	if got := props(f); !reflect.DeepEqual(got, want) {
		t.Errorf("first feature\n got %#v\nwant %#v", got, want)
	}
	if got := props(desa.feats[1]); got["aktif"] != false || got["kode_kec"] != "007" || got["luas_km2"] != 30.5 {
		t.Errorf("second feature %#v", got)
	}
	if len(probs) != 1 || probs[0].Kind != geoio.ProblemBadRecord || probs[0].Index != 3 ||
		!strings.Contains(probs[0].Reason, `cell I8 of sheet "Desa": column lintang: empty coordinate`) {
		t.Errorf("problems %v", probs)
	}
	if c := desa.count; c.Records != 4 || c.Used != 3 || c.Skipped != 1 {
		t.Errorf("counts %+v", c)
	}
	ring := res[1]
	if got, want := fieldTypes(ring.layer), "kecamatan:string,desa:integer,penduduk:integer,diperbarui:date"; got != want {
		t.Errorf("fields\n got %s\nwant %s", got, want)
	}
	if got := props(ring.feats[1])["diperbarui"]; got != time.Date(2024, 1, 11, 14, 5, 30, 0, time.UTC) {
		t.Errorf("datetime %v", got)
	}

	// several sheets: Open wants one named
	if _, err := geoio.Open(path, nil, geoio.ReadOptions{}); err == nil || !strings.Contains(err.Error(), "Desa, Ringkasan") ||
		!strings.Contains(err.Error(), "--layer") {
		t.Errorf("Open without a layer: %v", err)
	}
	res, _, _ = readAll(t, path, geoio.ReadOptions{Layer: "ringkasan"})
	if len(res) != 1 || res[0].layer.Name != "Ringkasan" || len(res[0].feats) != 2 {
		t.Errorf("--layer ringkasan: %v", res)
	}
	// the empty sheet, named, is an empty layer
	res, _, _ = readAll(t, path, geoio.ReadOptions{Layer: "Kosong"})
	if len(res) != 1 || len(res[0].feats) != 0 || len(res[0].layer.Fields) != 0 {
		t.Errorf("--layer Kosong: %v", res)
	}
	if _, _, _, err := tryReadAll(path, geoio.ReadOptions{Layer: "Peta"}); err == nil ||
		!strings.Contains(err.Error(), `no sheet "Peta" (sheets: Desa, Ringkasan, Kosong)`) {
		t.Errorf("--layer Peta: %v", err)
	}
}

// TestReadCellTypes: numbers, dates in built-in and custom formats, date
// times, times of day, booleans, codes as text, the 1904 date system.
func TestReadCellTypes(t *testing.T) {
	for _, d1904 := range []bool{false, true} {
		path := workbook(t, func(f *excelize.File) {
			if d1904 {
				v := true
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &v}); err != nil {
					t.Fatal(err)
				}
			}
			rows(t, f, "Sheet1", [][]any{
				{"n", "x", "kode", "kemendagri", "tgl", "tgl2", "waktu", "jam", "ok", "catatan"},
				{int64(1), 1.5, "007", "64.02", nil, nil, nil, nil, true, 12},
				{int64(20), 2.0, "010", "64.10", nil, nil, nil, nil, false, "dua"},
			})
			// dates as serials in the workbook's system
			for i, d := range []time.Time{date(2023, 1, 15), date(1999, 12, 31)} {
				r := i + 2
				serial := timeSerial(d)
				if d1904 {
					serial -= 1462
				}
				rows(t, f, "Sheet1", [][]any{})
				set := func(col string, v any) {
					if err := f.SetCellValue("Sheet1", col+itoa(r), v); err != nil {
						t.Fatal(err)
					}
				}
				set("E", serial)
				set("F", serial)
				set("G", serial+0.75)
				set("H", 0.5+float64(i)/24)
			}
			style(t, f, "Sheet1", "F2", "F3", "dd/mm/yyyy")
			style(t, f, "Sheet1", "G2", "G3", "yyyy-mm-dd hh:mm")
			style(t, f, "Sheet1", "H2", "H3", "h:mm")
			id, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			f.SetCellStyle("Sheet1", "E2", "E3", id)
		})
		res, _, probs := readAll(t, path, geoio.ReadOptions{})
		l := res[0]
		if got, want := fieldTypes(l.layer), "n:integer,x:real,kode:string,kemendagri:string,tgl:date,tgl2:date,waktu:date,jam:string,ok:boolean,catatan:string"; got != want {
			t.Errorf("1904=%v: fields\n got %s\nwant %s", d1904, got, want)
		}
		want := map[string]any{"n": int64(1), "x": 1.5, "kode": "007", "kemendagri": "64.02", "tgl": date(2023, 1, 15),
			"tgl2": date(2023, 1, 15), "waktu": time.Date(2023, 1, 15, 18, 0, 0, 0, time.UTC), "jam": "12:00:00", "ok": true, "catatan": "12"}
		if got := props(l.feats[0]); !reflect.DeepEqual(got, want) {
			t.Errorf("1904=%v:\n got %#v\nwant %#v", d1904, got, want)
		}
		if got := props(l.feats[1]); got["x"] != 2.0 || got["tgl"] != date(1999, 12, 31) || got["jam"] != "13:00:00" || got["kemendagri"] != "64.10" {
			t.Errorf("1904=%v: second row %#v", d1904, got)
		}
		if len(probs) != 0 {
			t.Errorf("problems %v", probs)
		}
	}
}

func itoa(n int) string { return geoio.FormatID(int64(n)) }

// TestReadMixedColumns: a number column with text cells reports each, and
// reads a plain integer as its number and anything else as empty; a code
// column of numbers and text is text; formula errors are empty and noted.
func TestReadMixedColumns(t *testing.T) {
	path := workbook(t, func(f *excelize.File) {
		rows(t, f, "Sheet1", [][]any{
			{"nama", "penduduk", "kode_desa", "tgl", "rasio"},
			{"A", int64(1200), int64(6402061001), date(2023, 1, 1), 0.5},
			{"B", "12", "007", "2023-02-01", 0.25},
			{"C", "n/a", int64(6402061003), "kemarin", nil},
			{"D", int64(800), int64(6402061004), date(2023, 3, 1), nil},
			{"E", int64(950), int64(6402061005), date(2023, 4, 1), nil},
		})
		f.SetCellFormula("Sheet1", "E4", "1/0")
		f.SetCellFormula("Sheet1", "E5", "1/0")
	})
	// excelize writes no cached value for a formula: give E4 and E5 the
	// error value #DIV/0! as Excel would have stored it
	path = withCachedErrors(t, path, map[string]string{"E4": "#DIV/0!", "E5": "#DIV/0!"})
	res, notes, probs := readAll(t, path, geoio.ReadOptions{})
	l := res[0]
	if got, want := fieldTypes(l.layer), "nama:string,penduduk:integer,kode_desa:string,tgl:date,rasio:real"; got != want {
		t.Errorf("fields\n got %s\nwant %s", got, want)
	}
	var got [][]any
	for _, f := range l.feats {
		p := props(f)
		got = append(got, []any{p["penduduk"], p["kode_desa"], p["tgl"], p["rasio"]})
	}
	want := [][]any{
		{int64(1200), "6402061001", date(2023, 1, 1), 0.5},
		{int64(12), "007", date(2023, 2, 1), 0.25},
		{nil, "6402061003", nil, nil},
		{int64(800), "6402061004", date(2023, 3, 1), nil},
		{int64(950), "6402061005", date(2023, 4, 1), nil},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values\n got %v\nwant %v", got, want)
	}
	var reasons []string
	for _, p := range probs {
		if p.Kind != ProblemMixedTypes || p.Outcome != geoio.Repaired {
			t.Errorf("problem %v", p)
		}
		reasons = append(reasons, p.Reason)
	}
	wantReasons := []string{
		`cell B3 of sheet "Sheet1": the text "12" in the number column penduduk is read as 12`,
		`cell D3 of sheet "Sheet1": the text "2023-02-01" in the date column tgl is read as 2023-02-01`,
		`cell B4 of sheet "Sheet1": the text "n/a" in the number column penduduk is read as empty`,
		`cell D4 of sheet "Sheet1": the text "kemarin" in the date column tgl is read as empty`,
	}
	if !reflect.DeepEqual(reasons, wantReasons) {
		t.Errorf("reasons\n got %q\nwant %q", reasons, wantReasons)
	}
	if !hasNote(notes, "column rasio: 2 cell(s) hold a formula error (#DIV/0! in E4); read as empty") {
		t.Errorf("notes %q", notes)
	}
	if c := l.count; c.Records != 5 || c.Used != 5 || c.Repaired != 2 {
		t.Errorf("counts %+v", c)
	}
}

// withCachedErrors rewrites cells of the first sheet to error cells.
func withCachedErrors(t testing.TB, path string, cells map[string]string) string {
	t.Helper()
	return rewritePart(t, path, "xl/worksheets/sheet1.xml", func(s string) string {
		for ref, v := range cells {
			i := strings.Index(s, `<c r="`+ref+`"`)
			if i < 0 {
				t.Fatalf("no cell %s in %s", ref, s)
			}
			j := strings.Index(s[i:], "</c>") + i + 4
			s = s[:i] + `<c r="` + ref + `" t="e"><f>1/0</f><v>` + v + `</v></c>` + s[j:]
		}
		return s
	})
}

// TestReadHeader: title rows, blank rows and notes above the header are
// skipped and named; merged cells in the header row are refused; a
// first row of numbers is data.
func TestReadHeader(t *testing.T) {
	path := workbook(t, func(f *excelize.File) {
		rows(t, f, "Sheet1", [][]any{
			{"REKAP SINYAL DESA"},
			{nil},
			{"Catatan: contoh"},
			{nil, "nama", nil, "bujur", "lintang"},
			{nil, "Loa Kulu", "x", 117.0, -0.5},
			{nil, "Jembayan", nil, 117.1, -0.6},
		})
		f.MergeCell("Sheet1", "A1", "E1")
	})
	res, notes, _ := readAll(t, path, geoio.ReadOptions{})
	if got, want := fieldTypes(res[0].layer), "nama:string,field_2:string"; got != want {
		t.Errorf("fields %s, want %s", got, want)
	}
	if len(res[0].feats) != 2 || res[0].feats[1].Geometry != (orb.Point{117.1, -0.6}) {
		t.Errorf("features %v", res[0].feats)
	}
	if !hasNote(notes, `the header is row 4; rows 1-3 above it are skipped: row 1 "REKAP SINYAL DESA" (merged A1:E1), row 3 "Catatan: contoh"`) {
		t.Errorf("notes %q", notes)
	}

	for _, merge := range [][2]string{{"B4", "C4"}, {"B3", "B4"}} {
		path := workbook(t, func(f *excelize.File) {
			f.SetSheetName("Sheet1", "Desa")
			rows(t, f, "Desa", [][]any{
				{"Judul"},
				{nil, "Penduduk"},
				{"nama", "laki", "perempuan", "lon", "lat"},
				{"A", 1, 2, 117.0, -0.5},
			})
			f.InsertRows("Desa", 3, 1) // the header is row 4
			f.MergeCell("Desa", merge[0], merge[1])
		})
		_, _, _, err := tryReadAll(path, geoio.ReadOptions{})
		var fe *geoio.FormatError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), path) ||
			!strings.Contains(err.Error(), `sheet "Desa": the header row 4 has merged cells `+merge[0]+":"+merge[1]) {
			t.Errorf("merged %s:%s in the header: %v", merge[0], merge[1], err)
		}
	}

	path = workbook(t, func(f *excelize.File) {
		rows(t, f, "Sheet1", [][]any{{117.0, -0.5, 3}, {117.1, -0.6, 4}})
	})
	res, notes, _ = readAll(t, path, geoio.ReadOptions{})
	if got := fieldTypes(res[0].layer); got != "field_1:real,field_2:real,field_3:integer" || len(res[0].feats) != 2 {
		t.Errorf("headerless: %s, %d features", got, len(res[0].feats))
	}
	if !hasNote(notes, "row 1 holds no text, so it is taken as data") {
		t.Errorf("notes %q", notes)
	}
}

// TestReadNames: names trimmed and joined from several lines, empty ones
// field_N, repeated ones suffixed; columns without a name but with values
// kept; years as names.
func TestReadNames(t *testing.T) {
	path := workbook(t, func(f *excelize.File) {
		rows(t, f, "Sheet1", [][]any{
			{" Nama\nDesa ", "nama desa", nil, 2020, 2021, "x"},
			{"A", "B", "C", 1, 2, nil, "lost?"},
		})
	})
	res, _, _ := readAll(t, path, geoio.ReadOptions{})
	if got, want := fieldTypes(res[0].layer), "Nama Desa:string,nama desa_2:string,field_3:string,2020:integer,2021:integer,x:string,field_7:string"; got != want {
		t.Errorf("fields\n got %s\nwant %s", got, want)
	}
}

// TestReadGeometry: lon/lat by their Indonesian names, text coordinates
// repaired, bad ones skipped, WKT columns, ids.
func TestReadGeometry(t *testing.T) {
	path := workbook(t, func(f *excelize.File) {
		rows(t, f, "Sheet1", [][]any{
			{"id", "nama", "Bujur", "Lintang"},
			{int64(1), "A", 117.25, -0.5},
			{int64(2), "B", "117,5", "-0.75"},
			{int64(3), "C", "abc", -0.5},
			{int64(4), "D", 117.0, nil},
			{int64(5), "E", nil, nil},
			{int64(6), "F", true, 1.0},
		})
	})
	res, _, probs := readAll(t, path, geoio.ReadOptions{})
	l := res[0]
	if got := fieldTypes(l.layer); got != "id:integer,nama:string" {
		t.Errorf("fields %s", got)
	}
	var ids []any
	var geoms []orb.Geometry
	for _, f := range l.feats {
		ids = append(ids, f.ID)
		geoms = append(geoms, f.Geometry)
	}
	if !reflect.DeepEqual(ids, []any{int64(1), int64(2), int64(5)}) ||
		!reflect.DeepEqual(geoms, []orb.Geometry{orb.Point{117.25, -0.5}, orb.Point{117.5, -0.75}, nil}) {
		t.Errorf("ids %v geometries %v", ids, geoms)
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.Outcome.String()+" "+p.Kind+" "+p.ID+": "+p.Reason)
	}
	want := []string{
		`repaired coordinates given as text 2: cell C3 of sheet "Sheet1": column Bujur: the text "117,5" read as the number 117.5`,
		`repaired coordinates given as text 2: cell D3 of sheet "Sheet1": column Lintang: the text "-0.75" read as the number -0.75`,
		`skipped bad record 3: cell C4 of sheet "Sheet1": column Bujur: "abc" is not a number`,
		`skipped bad record 4: cell D5 of sheet "Sheet1": column Lintang: empty coordinate`,
		`skipped bad record 6: cell C7 of sheet "Sheet1": column Bujur: a boolean is not a coordinate`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems\n got %q\nwant %q", got, want)
	}
	if c := l.count; c.Records != 6 || c.Used != 3 || c.Skipped != 3 || c.Repaired != 1 {
		t.Errorf("counts %+v", c)
	}

	path = workbook(t, func(f *excelize.File) {
		rows(t, f, "Sheet1", [][]any{
			{"WKT", "nama"},
			{"POLYGON ((117 -0.5, 117.1 -0.5, 117.1 -0.4, 117 -0.5))", "A"},
			{"POINT (117 -0.5", "B"},
			{42, "C"},
			{nil, "D"},
		})
	})
	res, _, probs = readAll(t, path, geoio.ReadOptions{})
	if len(res[0].feats) != 2 || res[0].feats[0].Geometry.GeoJSONType() != "Polygon" || res[0].feats[1].Geometry != nil {
		t.Errorf("WKT features %v", res[0].feats)
	}
	if len(probs) != 2 || !strings.Contains(probs[0].Reason, "cell A3") || !strings.Contains(probs[1].Reason, "column WKT holds no WKT text") {
		t.Errorf("WKT problems %v", probs)
	}
}

// TestReadEmptyRows: rows with nothing in them, formatted or not,
// between or after the records, are no records.
func TestReadEmptyRows(t *testing.T) {
	path := workbook(t, func(f *excelize.File) {
		rows(t, f, "Sheet1", [][]any{
			{"nama", "n"},
			{"A", 1},
			{nil},
			{"B", 2},
			{"  ", nil},
		})
		id, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		f.SetCellStyle("Sheet1", "A6", "B40", id)
		f.SetCellValue("Sheet1", "A7", "")
	})
	res, _, probs := readAll(t, path, geoio.ReadOptions{})
	if len(res[0].feats) != 2 || len(probs) != 0 || res[0].count.Records != 2 {
		t.Errorf("%d features, %v, %+v", len(res[0].feats), probs, res[0].count)
	}
}

// TestReadMergedData: a range merged down in the data gives its value to
// each row it covers.
func TestReadMergedData(t *testing.T) {
	path := workbook(t, func(f *excelize.File) {
		rows(t, f, "Sheet1", [][]any{
			{"kecamatan", "desa"},
			{"Loa Kulu", "A"},
			{nil, "B"},
			{nil, "C"},
			{"Sebulu", "D"},
		})
		f.MergeCell("Sheet1", "A2", "A4")
	})
	res, notes, _ := readAll(t, path, geoio.ReadOptions{})
	var kec []any
	for _, f := range res[0].feats {
		kec = append(kec, props(f)["kecamatan"])
	}
	if !reflect.DeepEqual(kec, []any{"Loa Kulu", "Loa Kulu", "Loa Kulu", "Sebulu"}) {
		t.Errorf("kecamatan %v", kec)
	}
	if !hasNote(notes, "merged cells A2:A4 give their value to every row they cover") {
		t.Errorf("notes %q", notes)
	}
}

// TestReadSheets: a hidden sheet is read only when named; one sheet with
// data beside empty ones opens without --layer.
func TestReadSheets(t *testing.T) {
	path := workbook(t, func(f *excelize.File) {
		f.NewSheet("Kosong")
		f.NewSheet("Data")
		f.NewSheet("Rahasia")
		rows(t, f, "Data", [][]any{{"a"}, {1}})
		rows(t, f, "Rahasia", [][]any{{"b"}, {2}})
		f.SetSheetVisible("Rahasia", false)
	})
	r, err := geoio.Open(path, nil, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Layer().Name != "Data" {
		t.Errorf("layer %s", r.Layer().Name)
	}
	r.Close()
	_, notes, _ := readAll(t, path, geoio.ReadOptions{})
	if !hasNote(notes, `hidden sheet(s) "Rahasia" not read`) || !hasNote(notes, `empty sheet(s) "Sheet1", "Kosong" not read`) {
		t.Errorf("notes %q", notes)
	}
	// a workbook of empty sheets is an empty layer
	empty := workbook(t, func(f *excelize.File) { f.NewSheet("Kosong") })
	res, notes, _ := readAll(t, empty, geoio.ReadOptions{})
	if len(res) != 1 || res[0].layer.Name != "Sheet1" || len(res[0].feats) != 0 || !hasNote(notes, `empty sheet(s) "Kosong" not read`) {
		t.Errorf("empty workbook: %v %q", res, notes)
	}
	// --layer naming no sheet: a workbook of one table is read whole
	res, notes, _ = readAll(t, path, geoio.ReadOptions{Layer: "desa"})
	if len(res) != 1 || res[0].layer.Name != "Data" || !hasNote(notes, "--layer desa: the file has one layer, Data, which is read") {
		t.Errorf("--layer desa: %v %q", res, notes)
	}
	res, _, _ = readAll(t, path, geoio.ReadOptions{Layer: "RAHASIA"})
	if len(res) != 1 || res[0].layer.Name != "Rahasia" || props(res[0].feats[0])["b"] != int64(2) {
		t.Errorf("hidden sheet named: %v", res)
	}
}

// TestReadStdin reads a workbook from a stream.
func TestReadStdin(t *testing.T) {
	b, err := os.ReadFile("testdata/libreoffice.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	r, err := geoio.Open("-", bytes.NewReader(b), geoio.ReadOptions{Format: "xlsx", Layer: "Desa"})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fs, err := geoio.ReadAll(r)
	if err != nil || len(fs) != 3 {
		t.Fatalf("%d features, %v", len(fs), err)
	}
	if r.Layer().Name != "Desa" {
		t.Errorf("layer %q", r.Layer().Name)
	}
}

// TestReadBroken: damaged, truncated and foreign files are errors, never
// a crash.
func TestReadBroken(t *testing.T) {
	good, err := os.ReadFile("testdata/libreoffice.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cases := map[string][]byte{
		"empty":    nil,
		"text":     []byte("nama,lon,lat\nA,117,-0.5\n"),
		"ole":      append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 600)...),
		"halfway":  good[:len(good)/2],
		"no tail":  good[:len(good)-10],
		"garbled":  garble(good),
		"only zip": zipOf(t, map[string]string{"a.txt": "x"}),
	}
	for name, b := range cases {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".xlsx")
		os.WriteFile(p, b, 0o644)
		_, _, _, err := tryReadAll(p, geoio.ReadOptions{})
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: the error does not name the file: %v", name, err)
		}
	}
	if _, _, _, err := tryReadAll(filepath.Join(dir, "halfway.xlsx"), geoio.ReadOptions{}); !strings.Contains(err.Error(), "not an .xlsx workbook") {
		t.Errorf("truncated: %v", err)
	}
	// every prefix: an error or a (partial) read, never a panic
	for n := 0; n < len(good); n += 97 {
		p := filepath.Join(dir, "cut.xlsx")
		os.WriteFile(p, good[:n], 0o644)
		tryReadAll(p, geoio.ReadOptions{})
	}
}

// TestReadBomb: a package whose part claims 16 GiB is refused before
// anything is reserved for it.
func TestReadBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	data := []byte("<worksheet/>")
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Store,
		CRC32: crc32.ChecksumIEEE(data), CompressedSize64: uint64(len(data)), UncompressedSize64: 1 << 34})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	zw.Close()
	p := filepath.Join(t.TempDir(), "bomb.xlsx")
	os.WriteFile(p, buf.Bytes(), 0o644)
	start := time.Now()
	_, _, _, err = tryReadAll(p, geoio.ReadOptions{})
	if err == nil || !strings.Contains(err.Error(), "a damaged workbook: its parts claim more than 1100 times the size of the file") {
		t.Errorf("bomb: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("bomb refused after %v", d)
	}
}

// garble flips bytes in the middle of a file.
func garble(b []byte) []byte {
	out := append([]byte(nil), b...)
	for i := len(out) / 3; i < len(out)/3+200 && i < len(out); i++ {
		out[i] ^= 0x5a
	}
	return out
}

// TestFormatKind: which number formats make dates, times of day or
// booleans of numbers.
func TestFormatKind(t *testing.T) {
	for code, want := range map[string]numKind{
		"General": numPlain, "0.00": numPlain, "#,##0": numPlain, "0.00E+00": numPlain, `0.0"%"`: numPlain, "0%": numPlain,
		`[$Rp-421]#,##0`: numPlain, `[Red]0.00`: numPlain, `0" hari"`: numPlain, `\d0`: numPlain, `_(* #,##0_)`: numPlain,
		"yyyy-mm-dd": numDate, `yyyy\-mm\-dd`: numDate, "DD/MM/YYYY": numDate, "d mmmm yyyy": numDate, "mmm-yy": numDate,
		"mmmm": numDate, `[$-421]dddd, dd mmmm yyyy`: numDate, "dd/mm/yyyy hh:mm:ss": numDate, "m/d/yy h:mm AM/PM": numDate,
		"h:mm": numTime, "hh:mm:ss": numTime, "[h]:mm": numTime, "h:mm AM/PM": numTime, "mm:ss": numTime, "[mm]:ss": numTime,
		`"TRUE";"TRUE";"FALSE"`: numBool, "0;-0;;@": numPlain, `0;"d"`: numPlain,
	} {
		if got := formatKind(code); got != want {
			t.Errorf("%s: %d, want %d", code, got, want)
		}
	}
	for id, want := range map[int]numKind{0: numPlain, 2: numPlain, 14: numDate, 17: numDate, 22: numDate, 18: numTime, 46: numTime, 49: numPlain, 57: numDate} {
		if got := builtinKind(id); got != want {
			t.Errorf("built-in %d: %d, want %d", id, got, want)
		}
	}
	if got := serialTime(45000.5); got != time.Date(2023, 3, 15, 12, 0, 0, 0, time.UTC) {
		t.Errorf("45000.5 is %v", got)
	}
	if got := serialTime(1); got != date(1900, 1, 1) {
		t.Errorf("1 is %v", got)
	}
	if got := serialTime(61); got != date(1900, 3, 1) {
		t.Errorf("61 is %v", got)
	}
}
