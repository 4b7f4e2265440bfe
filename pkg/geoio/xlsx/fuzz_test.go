package xlsx

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// readBytes reads every sheet of a workbook given as bytes, as far as it
// goes; it must end in an error or io.EOF, never a crash.
func readBytes(t *testing.T, b []byte) {
	rs, err := openXLSX(geoio.Source{Path: "fuzz.xlsx", R: bytes.NewReader(b)},
		geoio.ReadOptions{Problems: func(geoio.Problem) error { return nil }, Warn: func(string) {}})
	if err != nil {
		return
	}
	for _, r := range rs {
		l := r.Layer()
		for {
			f, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("Next: %v", err) // problems are reported, not returned
			}
			if len(f.Properties) != len(l.Fields) {
				t.Fatalf("%d properties for %d fields", len(f.Properties), len(l.Fields))
			}
			for i, p := range f.Properties {
				if p.Key != l.Fields[i].Name {
					t.Fatalf("property %q for field %q", p.Key, l.Fields[i].Name)
				}
				if p.Value != nil && geoio.TypeOf(p.Value) != l.Fields[i].Type {
					t.Fatalf("field %s of type %s has the value %#v", p.Key, l.Fields[i].Type, p.Value)
				}
			}
		}
		r.Close()
	}
}

// FuzzRead reads fuzzed workbooks, seeded with the test workbooks: every
// field's values are of its type, and nothing crashes.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("testdata/libreoffice.xlsx"); err == nil {
		f.Add(b)
	}
	layer, feats := desaLayer()
	var buf bytes.Buffer
	w, _ := create("desa.xlsx", &buf, layer, geoio.WriteOptions{})
	for _, ft := range feats {
		w.Write(ft)
	}
	w.Close()
	f.Add(buf.Bytes())
	buf.Reset()
	WriteWorkbook(&buf, []Sheet{{Name: "a", Columns: []string{"WKT", "n"}, Rows: [][]any{
		{"LINESTRING (1 2, 3 4)", 1}, {"POINT (1 2)", "x"}, {nil, nil}}}})
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(readBytes)
}

// FuzzSheet reads a fuzzed worksheet and shared strings inside a sound
// package, whose styles have a date, a time, a boolean and a plain
// number format: the header search, merged ranges, cell types and
// coordinates, with the zip taken out of the way.
func FuzzSheet(f *testing.F) {
	f.Add(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`+
		`<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="s"><v>3</v></c><c r="D3" t="s"><v>4</v></c></row>`+
		`<row r="4"><c r="A4" s="1"><v>45000</v></c><c r="B4" s="2"><v>0.5</v></c><c r="C4"><v>117.5</v></c><c r="D4" t="str"><v>-0.5</v></c></row>`+
		`<row r="5"><c r="A5" t="b"><v>1</v></c><c r="B5" s="3"><v>1</v></c><c r="C5" t="e"><v>#N/A</v></c><c r="D5" t="inlineStr"><is><t>x</t></is></c></row>`,
		`<mergeCells><mergeCell ref="A1:D1"/><mergeCell ref="A4:A5"/></mergeCells>`,
		"Judul\ntgl\njam\nlon\nlat")
	f.Add(`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row><row><c><v>1</v></c><c t="s"><v>2</v></c></row>`, ``,
		"wkt\nid\nPOLYGON ((0 0, 1 0, 1 1, 0 0))")
	f.Add(`<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row><row r="3"><c r="B3" t="s"><v>0</v></c></row>`,
		`<mergeCells><mergeCell ref="B2:C3"/></mergeCells>`, "a\nb")
	f.Fuzz(func(t *testing.T, rowsXML, after, shared string) {
		readBytes(t, packageOf(t, rowsXML, after, strings.Split(shared, "\n")))
	})
}

// packageOf builds a workbook around the rows of a sheet, what follows
// its sheetData, and its shared strings.
func packageOf(t testing.TB, rowsXML, after string, shared []string) []byte {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	var sst strings.Builder
	for _, s := range shared {
		sst.WriteString("<si><t>")
		xmlEscape(&sst, s)
		sst.WriteString("</t></si>")
	}
	return zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + rel + `/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="` + rel + `/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId3" Type="` + rel + `/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook ` + ns + ` xmlns:r="` + rel + `">` +
			`<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/styles.xml": `<?xml version="1.0" encoding="UTF-8"?><styleSheet ` + ns + `>` +
			`<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="&quot;TRUE&quot;;&quot;TRUE&quot;;&quot;FALSE&quot;"/></numFmts>` +
			`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
			`<borders count="1"><border/></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
			`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
			`<xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
			`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
		"xl/sharedStrings.xml":     `<?xml version="1.0" encoding="UTF-8"?><sst ` + ns + `>` + sst.String() + `</sst>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + ns + `><sheetData>` + rowsXML + `</sheetData>` + after + `</worksheet>`,
	})
}

func xmlEscape(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
}

// TestReadFar: cells and merged ranges at Excel's last row and column
// cost what the cells cost, not what the ranges cover.
func TestReadFar(t *testing.T) {
	for _, c := range [][2]string{
		{`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`, `<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>`},
		{`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>` +
			`<row r="1048576"><c r="A1048576"><v>2</v></c></row>`, `<mergeCells><mergeCell ref="A2:XFD1048576"/></mergeCells>`},
	} {
		start := time.Now()
		readBytes(t, packageOf(t, c[0], c[1], []string{"a", "b"}))
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s: %v", c[1], d)
		}
	}
}

// TestPackageOf: the fuzz package reads as the seed says.
func TestPackageOf(t *testing.T) {
	b := packageOf(t, `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`+
		`<row r="2"><c r="A2" s="1"><v>45000</v></c><c r="B2" s="2"><v>0.5</v></c><c r="C2"><v>117.5</v></c><c r="D2" t="str"><v>-0.5</v></c></row>`+
		`<row r="3"><c r="A3" s="1"><v>45001</v></c><c r="B3" s="3"><v>1</v></c></row>`,
		``, []string{"tgl", "jam", "lon", "lat"})
	rs, err := openXLSX(geoio.Source{Path: "p.xlsx", R: bytes.NewReader(b)}, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := geoio.ReadAll(rs[0])
	if err != nil || len(fs) != 2 || props(fs[1])["jam"] != "true" {
		t.Fatalf("%v %v", fs, err)
	}
	if got := props(fs[0]); got["tgl"] != date(2023, 3, 15) || got["jam"] != "12:00:00" || fs[0].Geometry != (orb.Point{117.5, -0.5}) {
		t.Errorf("%v %v", got, fs[0].Geometry)
	}
	if got := fieldTypes(rs[0].Layer()); got != "tgl:date,jam:string" {
		t.Errorf("fields %s", got)
	}
}
