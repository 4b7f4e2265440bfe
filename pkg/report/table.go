package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/kukarcli/kukarcli/internal/par"
	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// Table is rows of named values: a column list and, per row, one value per
// column (nil, string, int64, float64 or bool).
type Table struct {
	Columns []string
	Rows    [][]any
}

// FromFeatures makes a table of the features' properties; the columns are
// every key in first-seen order.
func FromFeatures(fs []*geoio.Feature) *Table {
	t := &Table{}
	at := map[string]int{}
	var prev geoio.Properties
	for _, f := range fs {
		// rows nearly always share their keys: only a row whose keys
		// differ from the one before can add a column
		if sameKeys(f.Properties, prev) {
			continue
		}
		for _, p := range f.Properties {
			if _, ok := at[p.Key]; !ok {
				at[p.Key] = len(t.Columns)
				t.Columns = append(t.Columns, p.Key)
			}
		}
		prev = f.Properties
	}
	// one array holds every row, each with room for two more cells (the
	// lon and lat of a CSV), so no row is allocated or grown on its own
	n := len(t.Columns)
	w := n + 2
	cells := make([]any, len(fs)*w)
	t.Rows = make([][]any, len(fs))
	par.Chunks(len(fs), 4096, func(lo, hi int) {
		seen := make([]bool, n)
		for k := lo; k < hi; k++ {
			f := fs[k]
			row := cells[k*w : k*w+n : k*w+w]
			same := len(f.Properties) == n
			for i := 0; same && i < n; i++ {
				same = f.Properties[i].Key == t.Columns[i]
			}
			if same { // the usual case: every row has the columns in order
				for i, p := range f.Properties {
					row[i] = p.Value
				}
			} else {
				// the first property of each name, as Properties.Get finds it
				clear(seen)
				for _, p := range f.Properties {
					if i, ok := at[p.Key]; ok && !seen[i] {
						row[i], seen[i] = p.Value, true
					}
				}
			}
			t.Rows[k] = row
		}
	})
	return t
}

// sameKeys tells whether two property lists have the same keys in the
// same order.
func sameKeys(a, b geoio.Properties) bool {
	if len(a) != len(b) || a == nil {
		return false
	}
	for i := range a {
		if a[i].Key != b[i].Key {
			return false
		}
	}
	return true
}

// Cell formats one value for text output: numbers as they are stored
// (engines round them), nil as empty.
func Cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return string(geoio.AppendNumber(nil, v))
	case bool:
		return strconv.FormatBool(v)
	case geoio.RawJSON:
		return string(v) // an array or object, as its JSON text
	}
	return fmt.Sprint(v)
}

func isNumber(v any) bool {
	switch v.(type) {
	case int64, int, float64:
		return true
	}
	return false
}

// numericColumns says which columns hold only numbers (and nulls), to
// right-align them.
func (t *Table) numericColumns() []bool {
	num := make([]bool, len(t.Columns))
	for i := range t.Columns {
		seen := false
		ok := true
		for _, r := range t.Rows {
			if r[i] == nil {
				continue
			}
			seen = true
			if !isNumber(r[i]) {
				ok = false
				break
			}
		}
		num[i] = seen && ok
	}
	return num
}

// WriteText renders a terminal table: a header, numbers right-aligned.
func (t *Table) WriteText(w io.Writer) error {
	num := t.numericColumns()
	align := make([]tw.Align, len(t.Columns))
	for i, n := range num {
		align[i] = tw.AlignLeft
		if n {
			align[i] = tw.AlignRight
		}
	}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithTrimSpace(tw.Off),
	)
	tbl.Header(t.Columns)
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = Cell(v)
		}
		if err := tbl.Append(cells); err != nil {
			return err
		}
	}
	return tbl.Render()
}

// WriteCSV writes a header and the rows (RFC 4180).
func (t *Table) WriteCSV(w io.Writer) error { return t.WriteCSVFor(w, false, false) }

// WriteCSVFor writes the CSV with a UTF-8 byte order mark (bom: Excel on
// Windows then reads non-ASCII names right) and CR LF line ends (crlf).
func (t *Table) WriteCSVFor(w io.Writer, bom, crlf bool) error {
	if err := writeCSVHeader(w, t.Columns, bom, crlf); err != nil {
		return err
	}
	// rows are formatted on every core, a window of chunks at a time,
	// quoted as encoding/csv quotes, and written in order
	return writeChunks(w, len(t.Rows), func(b []byte, i int) []byte {
		for j, v := range t.Rows[i] {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendCSVCell(b, v, crlf)
		}
		return appendLineEnd(b, crlf)
	})
}

// WriteJSON writes a JSON array of objects, keys in column order, one
// object per line.
func (t *Table) WriteJSON(w io.Writer) error {
	var b []byte
	b = append(b, "[\n"...)
	for ri, r := range t.Rows {
		if ri > 0 {
			b = append(b, ",\n"...)
		}
		b = append(b, '{')
		for i, v := range r {
			if i > 0 {
				b = append(b, ',')
			}
			k, _ := json.Marshal(t.Columns[i])
			b = append(b, k...)
			b = append(b, ':')
			b = appendJSON(b, v)
		}
		b = append(b, '}')
	}
	b = append(b, "\n]\n"...)
	_, err := w.Write(b)
	return err
}

func appendJSON(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case float64:
		return geoio.AppendNumber(b, v)
	case int64, int, bool:
		return append(b, Cell(v)...)
	case geoio.RawJSON:
		return append(b, v...) // already JSON
	}
	s, _ := json.Marshal(Cell(v))
	return append(b, s...)
}

// WriteMarkdown writes a GitHub-flavoured Markdown table.
func (t *Table) WriteMarkdown(w io.Writer) error {
	num := t.numericColumns()
	var sb strings.Builder
	sb.WriteString("|")
	for _, c := range t.Columns {
		sb.WriteString(" " + mdEscape(c) + " |")
	}
	sb.WriteString("\n|")
	for i := range t.Columns {
		if num[i] {
			sb.WriteString("---:|")
		} else {
			sb.WriteString("---|")
		}
	}
	sb.WriteString("\n")
	for _, r := range t.Rows {
		sb.WriteString("|")
		for _, v := range r {
			sb.WriteString(" " + mdEscape(Cell(v)) + " |")
		}
		sb.WriteString("\n")
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.ReplaceAll(s, "\n", " ")
}
