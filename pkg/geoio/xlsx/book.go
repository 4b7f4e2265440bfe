package xlsx

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/xuri/excelize/v2"
)

// Sheet is one worksheet of a workbook written by WriteWorkbook: a header
// row of Columns, then one row per element of Rows, whose values are nil
// (an empty cell), string, bool, time.Time, any Go integer or float type,
// or geoio.RawJSON; anything else is written as its fmt text. A report
// table goes in as it is:
//
//	xlsx.Sheet{Name: "Kecamatan", Columns: t.Columns, Rows: t.Rows}
type Sheet struct {
	// Name is the sheet's tab: characters Excel refuses ([]:*?/\) become
	// '_', it is cut to 31 characters, and a name used twice gets " (2)".
	Name    string
	Columns []string
	Rows    [][]any
	// Formats gives an Excel number format code ("0.0%", "#,##0",
	// "yyyy-mm-dd") by column name, in place of the one chosen from the
	// values (see the package documentation).
	Formats map[string]string
}

// WriteWorkbook writes sheets as one .xlsx workbook to w, each as the
// driver writes a layer: a bold header row frozen in place, typed cells,
// number formats and column widths from the values. It refuses a text
// longer than the 32,767 characters of an Excel cell and a sheet beyond
// Excel's 1,048,576 rows or 16,384 columns, rather than cut them.
func WriteWorkbook(w io.Writer, sheets []Sheet) error {
	if len(sheets) == 0 {
		return errors.New("xlsx: a workbook needs at least one sheet")
	}
	b, err := newBook()
	if err != nil {
		return err
	}
	defer b.f.Close()
	for i, s := range sheets {
		for r, row := range s.Rows {
			if len(row) > len(s.Columns) {
				return fmt.Errorf("xlsx: sheet %q: row %d has %d values for %d columns", s.Name, r+1, len(row), len(s.Columns))
			}
		}
		kinds := make([]geoio.FieldType, len(s.Columns))
		decimals := make([]int, len(s.Columns))
		plan := planColumns(s.Columns, kinds, decimals, s.Rows, s.Formats)
		so, err := b.addSheet(s.Name, i == 0, plan)
		if err != nil {
			return err
		}
		for _, row := range s.Rows {
			if err := so.writeRow(row); err != nil {
				return err
			}
		}
		if err := so.finish(); err != nil {
			return err
		}
	}
	return b.writeTo(w)
}

// book is a workbook being written: its sheets are streamed one after the
// other, sharing the cell styles.
type book struct {
	f      *excelize.File
	styles map[string]int // number format code → cell style
	bold   map[string]int // the header's styles: bold, by format code
	names  map[string]bool
}

func newBook() (*book, error) {
	f := excelize.NewFile()
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "kukarcli"}); err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return &book{f: f, styles: map[string]int{}, bold: map[string]int{}, names: map[string]bool{}}, nil
}

// builtinFormats are the number formats Excel knows by number.
var builtinFormats = map[string]int{"0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}

// style gives the cell style with a number format ("" for General),
// bold for the header.
func (b *book) style(code string, bold bool) (int, error) {
	cache := b.styles
	if bold {
		cache = b.bold
	}
	if id, ok := cache[code]; ok {
		return id, nil
	}
	st := &excelize.Style{}
	if bold {
		st.Font = &excelize.Font{Bold: true}
	}
	if code != "" {
		if n, ok := builtinFormats[code]; ok {
			st.NumFmt = n
		} else {
			c := code
			st.CustomNumFmt = &c
		}
	}
	id, err := b.f.NewStyle(st)
	if err != nil {
		return 0, fmt.Errorf("xlsx: number format %q: %w", code, err)
	}
	cache[code] = id
	return id, nil
}

// sheetName makes a name Excel accepts and the book has not used.
func (b *book) sheetName(name string) string {
	n := strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			return '_'
		}
		if r < 0x20 || r == utf8.RuneError {
			return '_'
		}
		return r
	}, name)
	n = strings.Trim(n, "'")
	if strings.TrimSpace(n) == "" || strings.EqualFold(n, "History") {
		n = "Sheet" + strconv.Itoa(len(b.names)+1)
	}
	n = cut31(n)
	base := n
	for k := 2; b.names[strings.ToLower(n)]; k++ {
		suffix := " (" + strconv.Itoa(k) + ")"
		n = cut31(strings.TrimRight(truncRunes(base, 31-len(suffix)), "'")) + suffix
	}
	b.names[strings.ToLower(n)] = true
	return n
}

// cut31 cuts a sheet name to Excel's 31 UTF-16 units.
func cut31(s string) string { return truncRunes(s, 31) }

func truncRunes(s string, n int) string {
	units := 0
	for i, r := range s {
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if units+u > n {
			return s[:i]
		}
		units += u
	}
	return s
}

// addSheet starts a sheet: the first takes the place of the new book's
// own; column widths, the frozen header row and its bold cells are set
// before any row.
func (b *book) addSheet(name string, first bool, cols []colPlan) (*sheetOut, error) {
	if len(cols) > excelize.MaxColumns {
		return nil, fmt.Errorf("xlsx: %d columns; an Excel sheet holds at most %d", len(cols), excelize.MaxColumns)
	}
	name = b.sheetName(name)
	if first {
		if err := b.f.SetSheetName(b.f.GetSheetName(0), name); err != nil {
			return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	so := &sheetOut{b: b, sw: sw, name: name, cols: cols, styles: make([]int, len(cols))}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
		if so.styles[i], err = b.style(c.format, false); err != nil {
			return nil, err
		}
		// the column's format holds for the cells typed into it later
		if err := sw.SetColStyle(i+1, i+1, so.styles[i]); err != nil {
			return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
	}
	if len(cols) > 0 {
		err = sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}})
		if err != nil {
			return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
		}
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		if err := checkText(c.name); err != nil {
			return nil, fmt.Errorf("xlsx: sheet %q: column name: %w", name, err)
		}
		st, err := b.style("", true)
		if err != nil {
			return nil, err
		}
		header[i] = excelize.Cell{StyleID: st, Value: c.name}
	}
	so.row = 1
	if err := sw.SetRow("A1", header); err != nil {
		return nil, fmt.Errorf("xlsx: sheet %q: %w", name, err)
	}
	return so, nil
}

// writeTo writes the finished workbook.
func (b *book) writeTo(w io.Writer) error {
	if _, err := b.f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// sheetOut is a sheet being streamed.
type sheetOut struct {
	b      *book
	sw     *excelize.StreamWriter
	name   string
	cols   []colPlan
	styles []int
	row    int
	cells  []any
	// bigInt is set once an integer beyond 2^53 was written as text
	bigInt bool
	warn   func(string)
}

// writeRow appends one row of values, one per column (fewer leave the
// last cells empty).
func (so *sheetOut) writeRow(vals []any) error {
	if so.row >= excelize.TotalRows {
		return fmt.Errorf("xlsx: sheet %q: more than %d rows; an Excel sheet holds no more (write GeoJSON, CSV or a shapefile instead)",
			so.name, excelize.TotalRows-1)
	}
	so.row++
	cells := so.cells[:0]
	for i, v := range vals {
		c, err := so.cell(i, v)
		if err != nil {
			ref, _ := excelize.CoordinatesToCellName(i+1, so.row)
			return fmt.Errorf("xlsx: sheet %q, cell %s (column %s): %w", so.name, ref, so.cols[i].name, err)
		}
		cells = append(cells, c)
	}
	so.cells = cells
	ref, err := excelize.CoordinatesToCellName(1, so.row)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := so.sw.SetRow(ref, cells); err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", so.name, err)
	}
	return nil
}

// cell makes the value of column i a styled cell, nil for an empty one.
func (so *sheetOut) cell(i int, v any) (any, error) {
	v = normalize(v)
	switch x := v.(type) {
	case nil:
		return nil, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, nil
		}
	case int64:
		if x > 1<<53 || x < -(1<<53) {
			// Excel keeps 15 digits of a number; the text keeps them all
			if !so.bigInt && so.warn != nil {
				so.warn(fmt.Sprintf("xlsx: sheet %q: integers beyond 2^53 (%d in column %s) are written as text: Excel would lose their last digits",
					so.name, x, so.cols[i].name))
			}
			so.bigInt = true
			v = strconv.FormatInt(x, 10)
		}
	case time.Time:
		if x.Year() < 1900 || x.Year() > 9999 {
			v = geoio.FormatDate(x) // Excel has no dates outside these years
		} else {
			v = x.UTC()
		}
	}
	if x, ok := v.(time.Time); ok && !strings.Contains(so.cols[i].format, "yy") {
		// a date in a column of another type still shows as a date
		code := "yyyy-mm-dd"
		if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0 {
			code = "yyyy-mm-dd hh:mm:ss"
		}
		st, err := so.b.style(code, false)
		if err != nil {
			return nil, err
		}
		return excelize.Cell{StyleID: st, Value: x}, nil
	}
	if s, ok := v.(string); ok {
		if err := checkText(s); err != nil {
			return nil, err
		}
		if so.cols[i].format != "@" {
			st, err := so.b.style("@", false)
			if err != nil {
				return nil, err
			}
			return excelize.Cell{StyleID: st, Value: s}, nil
		}
	}
	return excelize.Cell{StyleID: so.styles[i], Value: v}, nil
}

// checkText refuses what an Excel cell cannot hold whole.
func checkText(s string) error {
	if len(s) <= excelize.TotalCellChars {
		return nil
	}
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1) // an invalid byte becomes one U+FFFD
	}
	if n > excelize.TotalCellChars {
		return fmt.Errorf("a text of %d characters; an Excel cell holds at most %d (write GeoJSON, CSV or a shapefile instead)",
			n, excelize.TotalCellChars)
	}
	return nil
}

// normalize turns a value into one of nil, string, int64, float64, bool
// or time.Time.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, string, int64, float64, bool, time.Time:
		return v
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint:
		return uintValue(uint64(x))
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return uintValue(x)
	case float32:
		return float64(x)
	case geoio.RawJSON:
		return string(x)
	case []byte:
		return string(x)
	case *time.Time:
		if x == nil {
			return nil
		}
		return *x
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

func uintValue(u uint64) any {
	if u <= math.MaxInt64 {
		return int64(u)
	}
	return strconv.FormatUint(u, 10)
}

// finish ends the sheet's stream.
func (so *sheetOut) finish() error {
	if err := so.sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: sheet %q: %w", so.name, err)
	}
	return nil
}
