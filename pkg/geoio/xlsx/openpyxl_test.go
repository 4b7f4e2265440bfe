package xlsx

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// openpyxlScript prints, for each sheet of the workbook named by its
// argument, its name, frozen cell, each cell's value, Python type and
// number format, which header cells are bold, and the column widths.
const openpyxlScript = `
import datetime, json, sys
import openpyxl
from openpyxl.utils import get_column_letter
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.isoformat()
            cells.append([v, type(c.value).__name__, c.number_format])
        rows.append(cells)
    bold = [bool(c.font.b) for c in ws[1]]
    widths = [ws.column_dimensions[get_column_letter(i + 1)].width for i in range(ws.max_column)]
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows, "bold": bold, "widths": widths})
json.dump(out, sys.stdout)
`

// python finds a Python 3 with openpyxl: python3 on the PATH, or the
// system's, where Debian's python3-openpyxl installs it.
func python(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import openpyxl").Run() == nil {
			return p
		}
	}
	t.Skip("no python3 with openpyxl (apt-get install python3-openpyxl): workbooks not checked by a second reader")
	return ""
}

type pySheet struct {
	Name   string
	Freeze string
	Rows   [][][]any
	Bold   []bool
	Widths []float64
}

func openpyxlRead(t *testing.T, py, path string) []pySheet {
	t.Helper()
	cmd := exec.Command(py, "-c", openpyxlScript, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, stderr.String())
	}
	var sheets []pySheet
	if err := json.Unmarshal(out, &sheets); err != nil {
		t.Fatal(err)
	}
	return sheets
}

// TestOpenpyxl: the workbooks kukarcli writes, read by openpyxl, have the
// values, types and formats written, the header frozen and bold.
func TestOpenpyxl(t *testing.T) {
	py := python(t)
	layer, feats := desaLayer()
	p := writeLayer(t, layer, feats, geoio.WriteOptions{})
	sheets := openpyxlRead(t, py, p)
	if len(sheets) != 1 {
		t.Fatalf("%d sheets", len(sheets))
	}
	s := sheets[0]
	if s.Name != "desa" || s.Freeze != "A2" {
		t.Errorf("sheet %q frozen at %q", s.Name, s.Freeze)
	}
	for i, b := range s.Bold {
		if !b {
			t.Errorf("header cell %d not bold", i+1)
		}
	}
	for i, w := range s.Widths {
		if w < minWidth || w > maxWidth {
			t.Errorf("column %d width %v", i+1, w)
		}
	}
	// value, Python type, number format (an empty cell is not written)
	want := [][][]any{
		{{"kode", "str", "General"}, {"nama", "str", "General"}, {"penduduk", "str", "General"}, {"tahun", "str", "General"},
			{"luas_km2", "str", "General"}, {"covered_share", "str", "General"}, {"covered_pct", "str", "General"},
			{"survei", "str", "General"}, {"aktif", "str", "General"}, {"lon", "str", "General"}, {"lat", "str", "General"}},
		{{"007", "str", "@"}, {"Loa Kulu Kota", "str", "@"}, {123456.0, "int", "#,##0"}, {2023.0, "int", "0"},
			{12.5, "float", "0.00"}, {0.8523, "float", "0.00%"}, {85.2, "float", `0.0"%"`},
			{"2023-03-15T00:00:00", "datetime", "yyyy-mm-dd"}, {true, "bool", "General"},
			{116.9876543, "float", "0.0000000"}, {-0.5123457, "float", "0.0000000"}},
		{{"64.02.06.1002", "str", "@"}, {"Jembayan", "str", "@"}, {8210.0, "int", "#,##0"}, {2024.0, "int", "0"},
			{30.25, "float", "0.00"}, {0.1, "float", "0.00%"}, {10.0, "int", `0.0"%"`},
			{nil, "NoneType", "General"}, {false, "bool", "General"},
			{117.1, "float", "0.0000000"}, {-0.6, "float", "0.0000000"}},
		{{"010", "str", "@"}, {nil, "NoneType", "General"}, {nil, "NoneType", "General"}, {2024.0, "int", "0"},
			{nil, "NoneType", "General"}, {nil, "NoneType", "General"}, {nil, "NoneType", "General"},
			{"2024-01-02T00:00:00", "datetime", "yyyy-mm-dd"}, {nil, "NoneType", "General"},
			{nil, "NoneType", "General"}, {nil, "NoneType", "General"}},
	}
	compareRows(t, s.Rows, want)

	var buf bytes.Buffer
	err := WriteWorkbook(&buf, []Sheet{
		{Name: "Ringkasan", Columns: []string{"kecamatan", "targets", "covered_pct", "population", "updated"}, Rows: [][]any{
			{"Loa Kulu", 15, 86.7, int64(52013), date(2024, 5, 1)},
		}},
		{Name: "Kosong", Columns: []string{"a", "b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p = filepath.Join(t.TempDir(), "laporan.xlsx")
	os.WriteFile(p, buf.Bytes(), 0o644)
	sheets = openpyxlRead(t, py, p)
	if len(sheets) != 2 || sheets[0].Name != "Ringkasan" || sheets[1].Name != "Kosong" || sheets[0].Freeze != "A2" || sheets[1].Freeze != "A2" {
		t.Fatalf("sheets %+v", sheets)
	}
	compareRows(t, sheets[0].Rows[1:], [][][]any{{{"Loa Kulu", "str", "@"}, {15.0, "int", "0"}, {86.7, "float", `0.0"%"`},
		{52013.0, "int", "#,##0"}, {"2024-05-01T00:00:00", "datetime", "yyyy-mm-dd"}}})
	if len(sheets[1].Rows) != 1 || !sheets[1].Bold[0] {
		t.Errorf("empty table %+v", sheets[1])
	}
}

func compareRows(t *testing.T, got, want [][][]any) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %v", len(got), len(want), got)
	}
	for r := range want {
		if !reflect.DeepEqual(got[r], want[r]) {
			t.Errorf("row %d\n got %v\nwant %v", r+1, got[r], want[r])
		}
	}
}
