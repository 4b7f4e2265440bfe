package shp

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

func TestDBFCodePages(t *testing.T) {
	const (
		cp1252 = "Caf\xe9 \x96 Tenggarong" // é and an en dash, which Latin-1 lacks
		gbk    = "\xb1\xb1\xbe\xa9"        // 北京
	)
	tests := []struct {
		name     string
		raw      string
		ldid     byte
		cpg      string // "" for no .cpg
		want     string
		warnings int
	}{
		{"cpg 1252", cp1252, 0, "1252", "Café – Tenggarong", 0},
		{"cpg windows-1252", cp1252, 0, "windows-1252\r\n", "Café – Tenggarong", 0},
		{"ldid 0x03", cp1252, 0x03, "", "Café – Tenggarong", 0},
		{"ldid 0x57 ANSI", cp1252, 0x57, "", "Café – Tenggarong", 0},
		{"no code page, not UTF-8", cp1252, 0, "", "Café – Tenggarong", 1},
		{"no code page, UTF-8", "Café ñ", 0, "", "Café ñ", 0},
		{"cpg UTF-8 wins over ldid", "Café ñ", 0x03, "UTF-8", "Café ñ", 0},
		{"cpg latin1", "Caf\xe9", 0, "ISO-8859-1", "Café", 0},
		{"cpg GBK", gbk, 0, "GBK", "北京", 0},
		{"cpg 936", gbk, 0x57, "936", "北京", 0},
		{"ldid 0x4D", gbk, 0x4D, "", "北京", 0},
		{"unknown cpg falls back to ldid", cp1252, 0x03, "KLINGON", "Café – Tenggarong", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shp, shx := shpTestBuild(shpPoint, shpTestPoint(orb.Point{1, 1}), shpTestPoint(orb.Point{2, 2}))
			dbf := dbfTestBuild(tt.ldid, []dbfTestField{{"nama", 'C', 30, 0}}, []string{tt.raw}, []string{tt.raw})
			files := map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbf}
			if tt.cpg != "" {
				files[".cpg"] = []byte(tt.cpg)
			}
			var log readLog
			_, fs := readTestShapefile(t, writeTestFiles(t, t.TempDir(), "cp", files), log.opts())
			for i, f := range fs {
				if v, _ := f.Properties.Get("nama"); v != tt.want {
					t.Errorf("feature %d: %q, want %q", i, v, tt.want)
				}
			}
			if len(log.warnings) != tt.warnings {
				t.Errorf("warnings %q, want %d", log.warnings, tt.warnings)
			}
		})
	}
}

func TestDBFValues(t *testing.T) {
	fields := []dbfTestField{
		{"name", 'C', 10, 0}, {"pop", 'N', 6, 0}, {"area", 'N', 10, 3}, {"dens", 'F', 8, 2},
		{"ok", 'L', 1, 0}, {"day", 'D', 8, 0}, {"big", 'N', 20, 0},
	}
	rows := [][]string{
		{"  padded  ", "  1234", "  1234.567", "   -0.25", "T", "20240131", "12345678901234567890"},
		{"", "      ", "**********", "        ", "?", "00000000", ""},
		{"x", "  -7  ", "abc", "1e3", "n", "        ", "  1"},
	}
	d := dbfTestBuild(0, fields, rows...)
	tb, err := openDBF("t.dbf", bytes.NewReader(d), int64(len(d)), nil)
	if err != nil {
		t.Fatal(err)
	}
	tb.setCodePage(dbfUTF8)
	gotFields := fmt.Sprint(tb.Fields())
	wantFields := "[{name string 10 0} {pop integer 6 0} {area real 10 3} {dens real 8 2} {ok boolean 1 0} {day date 8 0} {big real 20 0}]"
	if gotFields != wantFields {
		t.Errorf("fields %s\nwant   %s", gotFields, wantFields)
	}
	want := [][]any{
		{"  padded", int64(1234), 1234.567, -0.25, true, time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC), 12345678901234567890.0},
		{nil, nil, nil, nil, nil, nil, nil},
		{"x", int64(-7), nil, 1000.0, false, nil, 1.0},
	}
	for i := range rows {
		del, props, err := tb.record(i)
		if err != nil || del {
			t.Fatalf("record %d: %v %v", i, del, err)
		}
		for j, p := range props {
			if fmt.Sprint(p.Value) != fmt.Sprint(want[i][j]) || fmt.Sprintf("%T", p.Value) != fmt.Sprintf("%T", want[i][j]) {
				t.Errorf("record %d %s = %#v, want %#v", i, p.Key, p.Value, want[i][j])
			}
		}
	}
	if len(tb.warned) != 1 {
		t.Errorf("warned %v, want one note for the bad number in area", tb.warned)
	}
}

func TestDBFMemo(t *testing.T) {
	shp, shx := shpTestBuild(shpPoint, shpTestPoint(orb.Point{1, 1}))
	dbf := dbfTestBuild(0, []dbfTestField{{"note", 'M', 10, 0}}, []string{"         1"})
	dbt := make([]byte, 512)
	dbt = append(dbt, "Desa di tepi sungai\x1a\x1a"...)
	for _, tt := range []struct {
		name     string
		dbt      []byte
		want     string
		warnings int
	}{
		{"with dbt", dbt, "Desa di tepi sungai", 0},
		{"without dbt", nil, "1", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{".shp": shp, ".shx": shx, ".dbf": dbf}
			if tt.dbt != nil {
				files[".dbt"] = tt.dbt
			}
			var log readLog
			layer, fs := readTestShapefile(t, writeTestFiles(t, t.TempDir(), "memo", files), log.opts())
			if layer.Fields[0].Type != geoio.FieldString {
				t.Errorf("memo field type %v", layer.Fields[0].Type)
			}
			if v, _ := fs[0].Properties.Get("note"); v != tt.want {
				t.Errorf("got %q, want %q", v, tt.want)
			}
			if len(log.warnings) != tt.warnings {
				t.Errorf("warnings %q", log.warnings)
			}
		})
	}
}

func TestDBFBadHeaders(t *testing.T) {
	good := dbfTestBuild(0, []dbfTestField{{"a", 'C', 5, 0}}, []string{"x"})
	short := append([]byte(nil), good...)
	short[10], short[11] = 2, 0 // record length smaller than the fields
	hlen := append([]byte(nil), good...)
	hlen[8], hlen[9] = 0xFF, 0xFF
	for name, d := range map[string][]byte{"tiny": good[:10], "record length": short, "header length": hlen} {
		_, err := openDBF("x.dbf", bytes.NewReader(d), int64(len(d)), nil)
		if err == nil || !strings.Contains(err.Error(), "x.dbf") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	// More records declared than present: the present ones are read.
	decl := append([]byte(nil), good...)
	decl[4] = 9
	tb, err := openDBF("x.dbf", bytes.NewReader(decl), int64(len(decl)), nil)
	if err != nil || tb.count != 1 || tb.declared != 9 {
		t.Errorf("declared 9, present 1: %v %+v", err, tb)
	}
}

func TestDBFFieldNames(t *testing.T) {
	var notes []string
	cols, err := planDBFColumns([]geoio.Field{
		{Name: "population", Type: geoio.FieldInt},
		{Name: "kecamatan_name", Type: geoio.FieldString},
		{Name: "kecamatan_code", Type: geoio.FieldString},
		{Name: "KECAMATAN_X", Type: geoio.FieldString},
		{Name: "désa_kelurahan", Type: geoio.FieldString},
		{Name: "", Type: geoio.FieldUnknown},
	}, func(s string) { notes = append(notes, s) })
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cols {
		names = append(names, c.name)
	}
	want := []string{"population", "kecamatan_", "kecamata_1", "KECAMATA_2", "désa_kelu", "field_6"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if len(notes) != 5 {
		t.Errorf("notes %q, want one per renamed field", notes)
	}
}

func TestDBFFormatFloat(t *testing.T) {
	for _, v := range []float64{0, 0.1, 1.0 / 3, -2.5e-20, 123456.789012345678, 1e300, -1.7976931348623157e308, 116.30456267232955} {
		s, ok := dbfFormatFloat(v, 24)
		if !ok || len(s) > 24 {
			t.Fatalf("%v: %q %v", v, s, ok)
		}
		var back float64
		fmt.Sscan(s, &back)
		if !sameFloat(back, v, 1e-12) {
			t.Errorf("%v written as %q reads back as %v", v, s, back)
		}
	}
	if _, ok := dbfFormatFloat(-1.5e300, 4); ok {
		t.Error("a value that cannot fit was accepted")
	}
}

func TestDBFReadKukarCodePage(t *testing.T) {
	// The Kukar files carry a .cpg of UTF-8 and no language driver id.
	var log readLog
	layer, _ := readTestShapefile(t, filepath.Join("testdata", "shp", "kukar", "kukar_6402_kecamatan.shp"), log.opts())
	if len(layer.Fields) != 9 || len(log.warnings) != 0 {
		t.Errorf("fields %d, warnings %q", len(layer.Fields), log.warnings)
	}
}
