package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

func sample() *Table {
	return &Table{
		Columns: []string{"kecamatan", "villages", "share", "note"},
		Rows: [][]any{
			{"Tenggarong", int64(12), 0.5, "a|b"},
			{"Muara Muntai", int64(3), nil, "x"},
		},
	}
}

func TestTableFormats(t *testing.T) {
	var b bytes.Buffer
	if err := sample().WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if want := "kecamatan,villages,share,note\nTenggarong,12,0.5,a|b\nMuara Muntai,3,,x\n"; b.String() != want {
		t.Errorf("csv %q", b.String())
	}
	b.Reset()
	sample().WriteJSON(&b)
	if want := "[\n{\"kecamatan\":\"Tenggarong\",\"villages\":12,\"share\":0.5,\"note\":\"a|b\"},\n{\"kecamatan\":\"Muara Muntai\",\"villages\":3,\"share\":null,\"note\":\"x\"}\n]\n"; b.String() != want {
		t.Errorf("json %q", b.String())
	}
	b.Reset()
	sample().WriteMarkdown(&b)
	if want := "| kecamatan | villages | share | note |\n|---|---:|---:|---|\n| Tenggarong | 12 | 0.5 | a\\|b |\n| Muara Muntai | 3 |  | x |\n"; b.String() != want {
		t.Errorf("md %q", b.String())
	}
	b.Reset()
	sample().WriteText(&b)
	lines := strings.Split(b.String(), "\n")
	// numbers right-aligned: "12" and "3" end in the same column
	var i12, i3 int
	for _, l := range lines {
		if strings.Contains(l, "Tenggarong") {
			i12 = strings.Index(l, "12") + 2
		}
		if strings.Contains(l, "Muara Muntai") {
			i3 = strings.Index(l, " 3 ") + 2
		}
	}
	if i12 == 1 || i12 != i3 {
		t.Errorf("numbers not right-aligned:\n%s", b.String())
	}
}

func TestFromFeaturesAndCell(t *testing.T) {
	fs := []*geoio.Feature{
		{Geometry: orb.Point{1, 2}, Properties: geoio.Properties{{Key: "a", Value: int64(1)}}},
		{Properties: geoio.Properties{{Key: "b", Value: "x"}, {Key: "a", Value: 2.5}}},
	}
	tb := FromFeatures(fs)
	if strings.Join(tb.Columns, ",") != "a,b" || tb.Rows[0][1] != nil || tb.Rows[1][0] != 2.5 {
		t.Errorf("%v %v", tb.Columns, tb.Rows)
	}
	for v, want := range map[any]string{nil: "", math.NaN(): "", 1e-7: "1e-07", 1234.5: "1234.5", true: "true", int64(-3): "-3"} {
		if got := Cell(v); got != want {
			t.Errorf("Cell(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestWriteCSVInChunksIsOneWriter checks the CSV written a window of
// chunks at a time, on every core, against one encoding/csv writer over
// the whole table: rows across several windows, values that need
// quoting, nulls, numbers, both line ends.
func TestWriteCSVInChunksIsOneWriter(t *testing.T) {
	tb := &Table{Columns: []string{"id", "name", "n", "share", "ok, or not"}}
	for i := 0; i < 70_001; i++ {
		name := any(fmt.Sprintf("desa %d", i))
		switch i % 7 {
		case 1:
			name = fmt.Sprintf("Muara \"%d\", hulu", i)
		case 2:
			name = nil
		case 3:
			name = " lead"
		case 4:
			name = "two\nlines"
		case 5:
			name = []string{`\.`, "cr\ralone", "\u00a0nbsp", "\ttab", "crlf\r\nin", "é,", ""}[i/7%7]
		}
		tb.Rows = append(tb.Rows, []any{fmt.Sprint("D", i), name, int64(i * 3), float64(i) / 7, i%2 == 0})
	}
	for _, crlf := range []bool{false, true} {
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		cw.UseCRLF = crlf
		cw.Write(tb.Columns)
		for _, r := range tb.Rows {
			var cells []string
			for _, v := range r {
				cells = append(cells, Cell(v))
			}
			cw.Write(cells)
		}
		cw.Flush()
		var got bytes.Buffer
		if err := tb.WriteCSVFor(&got, false, crlf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("crlf %v: %d bytes written, %d from one writer", crlf, got.Len(), want.Len())
		}
	}
}

// FuzzCSVField checks a field quoted by appendCSVField against
// encoding/csv, with both line ends.
func FuzzCSVField(f *testing.F) {
	for _, s := range []string{"", "a", `\.`, " x", "\u2003em", "a,b", "q\"q", "\r", "\n", "\r\n", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, crlf := range []bool{false, true} {
			var want bytes.Buffer
			cw := csv.NewWriter(&want)
			cw.UseCRLF = crlf
			cw.Write([]string{s})
			cw.Flush()
			got := appendLineEnd(appendCSVField(nil, s, crlf), crlf)
			if !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("%q crlf %v: %q, encoding/csv %q", s, crlf, got, want.Bytes())
			}
		}
	})
}

// TestColumnsWriteAsTheirTable checks a Columns table against the Table of
// its values, CSV (both line ends, with a byte order mark) and JSON, over
// several windows of rows: every kind, nulls of each, quoting.
func TestColumnsWriteAsTheirTable(t *testing.T) {
	c := &Columns{Rows: 70_003}
	id := c.NewColumn("id", TextColumn)
	name := c.NewColumn("nama \"desa\"", TextColumn)
	n := c.NewColumn("n", IntegerColumn)
	share := c.NewColumn("share", NumberColumn)
	ok := c.NewColumn("ok", BoolColumn)
	for i := range c.Rows {
		id.Text[i] = fmt.Sprint("D", i)
		name.Text[i] = []string{"Loa Janan", "", "Muara \"Kaman\", ulu", "two\nlines", " lead", "<&>"}[i%6]
		n.Num[i] = float64(i)*1.5 - 7
		share.Num[i] = float64(i) / 7
		if i%5 == 0 {
			n.Num[i], share.Num[i] = math.NaN(), math.Inf(1)
		}
		ok.Flag[i] = i%3 == 0
	}
	tb := c.Table()
	for _, crlf := range []bool{false, true} {
		var got, want bytes.Buffer
		if err := c.WriteCSVFor(&got, true, crlf); err != nil {
			t.Fatal(err)
		}
		if err := tb.WriteCSVFor(&want, true, crlf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("CSV crlf %v: %d bytes from the columns, %d from their table", crlf, got.Len(), want.Len())
		}
	}
	var got, want bytes.Buffer
	if err := c.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	if err := tb.WriteJSON(&want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("JSON: %d bytes from the columns, %d from their table", got.Len(), want.Len())
	}
	if v := tb.Rows[5][2]; v != nil {
		t.Fatalf("a NaN integer is %v in the table, want nil", v)
	}
	if v := tb.Rows[2][2]; v != int64(-4) {
		t.Fatalf("1.5·2-7 = %v (%T) in the table, want int64 -4", v, v)
	}
}

// TestAppendDecimalIsAppendNumber checks the whole-number path against
// geoio.AppendNumber on values rounded to 1 to 11 decimals at every
// magnitude up to where it hands over, near its limits, and on values
// not rounded (which it hands over).
func TestAppendDecimalIsAppendNumber(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(v float64, d int) {
		t.Helper()
		got, want := appendDecimal(nil, v, d), geoio.AppendNumber(nil, v)
		if !bytes.Equal(got, want) {
			t.Fatalf("%v to %d decimals: %s, AppendNumber %s", v, d, got, want)
		}
	}
	for i := 0; i < 1_000_000; i++ {
		d := 1 + rng.IntN(11)
		x := (rng.Float64()*2 - 1) * math.Pow(10, rng.Float64()*18-8)
		p := math.Pow(10, float64(d))
		check(math.Round(x*p)/p, d)
		check(x, d)
	}
	for d := 1; d <= 11; d++ {
		p := math.Pow(10, float64(d))
		for _, n := range []float64{1 << 50, 1<<50 - 1, 1<<50 + 1, 1 << 53, 9, 10, 11, 1, -1, 0} {
			check(n/p, d)
			check(-n/p, d)
		}
	}
	check(math.Copysign(0, -1), 3)
	check(117.25, 0)
	check(1e-7, 7)
}
