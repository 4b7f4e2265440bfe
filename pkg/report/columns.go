package report

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/kukarcli/kukarcli/internal/par"
	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// ColumnKind is how a Column holds its values.
type ColumnKind uint8

const (
	// TextColumn holds Text; "" is a null.
	TextColumn ColumnKind = iota
	// NumberColumn holds Num as written (rounded by its maker); NaN is a
	// null.
	NumberColumn
	// IntegerColumn holds Num, written rounded to a whole number; NaN is
	// a null.
	IntegerColumn
	// BoolColumn holds Flag.
	BoolColumn
)

// Column is one column of a Columns table: its values in one typed slice.
type Column struct {
	Name string
	Kind ColumnKind
	Text []string
	Num  []float64
	Flag []bool
	// Decimals, when above 0, says a NumberColumn's values are rounded
	// to that many decimals: they are then written from the whole number
	// of 10^-Decimals they are, the same digits as AppendNumber's.
	Decimals int
}

// Columns is a table held by column. Rows are formatted straight from the
// typed values, with no boxed value or string per cell, and come out as
// the same bytes as the Table of the same values (Value gives them).
type Columns struct {
	Cols []*Column
	Rows int
}

// NewColumn adds a column of the kind with room for every row.
func (c *Columns) NewColumn(name string, kind ColumnKind) *Column {
	col := Column{Name: name, Kind: kind}
	switch kind {
	case TextColumn:
		col.Text = make([]string, c.Rows)
	case NumberColumn, IntegerColumn:
		col.Num = make([]float64, c.Rows)
	case BoolColumn:
		col.Flag = make([]bool, c.Rows)
	}
	c.Cols = append(c.Cols, &col)
	return &col
}

// Value is row i's value as a Table holds it: nil, string, int64, float64
// or bool.
func (col *Column) Value(i int) any {
	switch col.Kind {
	case TextColumn:
		if col.Text[i] == "" {
			return nil
		}
		return col.Text[i]
	case NumberColumn, IntegerColumn:
		v := col.Num[i]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		if col.Kind == IntegerColumn {
			return int64(math.Round(v))
		}
		return v
	}
	return col.Flag[i]
}

// Table is the same values as a Table (for the text, Markdown and HTML
// writers).
func (c *Columns) Table() *Table {
	t := &Table{Columns: make([]string, len(c.Cols)), Rows: make([][]any, c.Rows)}
	for j := range c.Cols {
		t.Columns[j] = c.Cols[j].Name
	}
	cells := make([]any, c.Rows*len(c.Cols))
	par.Chunks(c.Rows, 4096, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := cells[i*len(c.Cols) : (i+1)*len(c.Cols) : (i+1)*len(c.Cols)]
			for j := range c.Cols {
				row[j] = c.Cols[j].Value(i)
			}
			t.Rows[i] = row
		}
	})
	return t
}

// appendCSV appends row i's cells and line end.
func (c *Columns) appendCSV(b []byte, i int, crlf bool) []byte {
	for j := range c.Cols {
		if j > 0 {
			b = append(b, ',')
		}
		col := c.Cols[j]
		switch col.Kind {
		case TextColumn:
			b = appendCSVField(b, col.Text[i], crlf)
		case NumberColumn, IntegerColumn:
			v := col.Num[i]
			switch {
			case math.IsNaN(v) || math.IsInf(v, 0):
			case col.Kind == IntegerColumn:
				b = strconv.AppendInt(b, int64(math.Round(v)), 10)
			default:
				b = appendDecimal(b, v, col.Decimals)
			}
		case BoolColumn:
			b = strconv.AppendBool(b, col.Flag[i])
		}
	}
	return appendLineEnd(b, crlf)
}

// WriteCSVFor writes the CSV as Table.WriteCSVFor does, byte for byte:
// rows formatted on every core, a window of chunks at a time, and
// written in order.
func (c *Columns) WriteCSVFor(w io.Writer, bom, crlf bool) error {
	names := make([]string, len(c.Cols))
	for j := range c.Cols {
		names[j] = c.Cols[j].Name
	}
	if err := writeCSVHeader(w, names, bom, crlf); err != nil {
		return err
	}
	return writeChunks(w, c.Rows, func(b []byte, i int) []byte { return c.appendCSV(b, i, crlf) })
}

// writeChunks formats n rows a window of chunks at a time, each chunk on
// its own core, and writes them in order.
func writeChunks(w io.Writer, n int, row func(b []byte, i int) []byte) error {
	const grain, window = 2048, 32 * 2048
	bufs := make([][]byte, window/grain)
	for start := 0; start < n; start += window {
		end := min(start+window, n)
		par.Chunks(end-start, grain, func(lo, hi int) {
			b := bufs[lo/grain][:0]
			for i := start + lo; i < start+hi; i++ {
				b = row(b, i)
			}
			bufs[lo/grain] = b
		})
		for k := 0; k*grain < end-start; k++ {
			if _, err := w.Write(bufs[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteJSON writes the rows as Table.WriteJSON does, byte for byte: a JSON
// array of objects, keys in column order, one object per line.
func (c *Columns) WriteJSON(w io.Writer) error {
	keys := make([][]byte, len(c.Cols))
	for j := range c.Cols {
		k, _ := json.Marshal(c.Cols[j].Name)
		keys[j] = append(k, ':')
	}
	if _, err := io.WriteString(w, "[\n"); err != nil {
		return err
	}
	err := writeChunks(w, c.Rows, func(b []byte, i int) []byte {
		if i > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, '{')
		for j := range c.Cols {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, keys[j]...)
			b = appendJSON(b, c.Cols[j].Value(i))
		}
		return append(b, '}')
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n]\n")
	return err
}

// appendCSVField appends one field quoted as RFC 4180 and encoding/csv
// quote it: only when it holds a comma, a quote, a line break or is `\.`,
// or begins with a space; quotes doubled, line breaks made CR LF when
// crlf (a lone CR then dropped).
func appendCSVField(b []byte, s string, crlf bool) []byte {
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for k := 0; k < len(s); k++ {
		switch ch := s[k]; ch {
		case '"':
			b = append(b, '"', '"')
		case '\r':
			if !crlf {
				b = append(b, '\r')
			}
		case '\n':
			if crlf {
				b = append(b, '\r', '\n')
			} else {
				b = append(b, '\n')
			}
		default:
			b = append(b, ch)
		}
	}
	return append(b, '"')
}

func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// writeCSVHeader writes the byte order mark when asked and the header.
func writeCSVHeader(w io.Writer, names []string, bom, crlf bool) error {
	var b []byte
	if bom {
		b = append(b, "\ufeff"...)
	}
	for j, name := range names {
		if j > 0 {
			b = append(b, ',')
		}
		b = appendCSVField(b, name, crlf)
	}
	b = appendLineEnd(b, crlf)
	_, err := w.Write(b)
	return err
}

func appendLineEnd(b []byte, crlf bool) []byte {
	if crlf {
		return append(b, '\r', '\n')
	}
	return append(b, '\n')
}

// appendCSVCell appends a Table's value as Cell formats it, quoted as a
// CSV field where it needs to be.
func appendCSVCell(b []byte, v any, crlf bool) []byte {
	switch v := v.(type) {
	case nil:
		return b
	case string:
		return appendCSVField(b, v, crlf)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return b
		}
		return geoio.AppendNumber(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	}
	return appendCSVField(b, Cell(v), crlf)
}

// pow10 are the exact powers of ten appendDecimal scales by.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12}

// appendDecimal appends v as geoio.AppendNumber does (the shortest
// decimal that reads back as v), and when v is the float nearest to a
// whole number n of 10^-d, from n itself. That decimal is then v's
// shortest: another one as short or shorter differs from it by 10^-d or
// more, while below 2^50·10^-d two decimals reading back as v lie less
// than v's spacing, under 10^-d/4, apart. Other values (and those below
// 1e-6, which AppendNumber writes with an exponent) go to AppendNumber.
func appendDecimal(b []byte, v float64, d int) []byte {
	if d < 1 || d >= len(pow10) {
		return geoio.AppendNumber(b, v)
	}
	p := pow10[d]
	n := math.Round(v * p)
	if !(math.Abs(n) < 1<<50) || n/p != v || math.Abs(v) < 1e-6 {
		return geoio.AppendNumber(b, v)
	}
	i, ip := int64(n), int64(p)
	if i < 0 {
		b = append(b, '-')
		i = -i
	}
	b = strconv.AppendInt(b, i/ip, 10)
	f := i % ip
	if f == 0 {
		return b
	}
	var digits [16]byte
	for k := d - 1; k >= 0; k-- {
		digits[k] = byte('0' + f%10)
		f /= 10
	}
	end := d
	for digits[end-1] == '0' {
		end--
	}
	b = append(b, '.')
	return append(b, digits[:end]...)
}
