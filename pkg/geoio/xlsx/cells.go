package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// The cells of one sheet, loaded with the types Excel stores.

type cellKind uint8

const (
	kEmpty  cellKind = iota
	kText            // text, or a number shown as a time of day (see numTime)
	kNumber          // num
	kDate            // num is an Excel serial date, in the 1900 system
	kBool            // num is 0 or 1
	kError           // text is the error value (#DIV/0!, #N/A)
)

// cell is one loaded cell: 32 bytes, whatever its kind.
type cell struct {
	kind cellKind
	num  float64
	text string
}

// grid is a sheet's cells by row and column (0-based), with its merged
// ranges.
type grid struct {
	rows   [][]cell
	merges []cellRange
}

// cellRange is a rectangle of cells, 0-based and inclusive, with its
// reference as the file gives it ("A1:H1").
type cellRange struct {
	ref            string
	c1, r1, c2, r2 int
}

// numKind is what a number format makes of a number.
type numKind uint8

const (
	numPlain numKind = iota
	numDate          // a date, with or without a time of day
	numTime          // a time of day only (h:mm)
	numBool          // TRUE or FALSE: LibreOffice's boolean format
)

// maxSerial is 9999-12-31, the last day Excel can show.
const maxSerial = 2958465

// loader reads the cells of a workbook's sheets. excelize gives the
// values, as stored (shared strings resolved, no number format applied),
// the sheets, the styles and the date system; the types and styles of
// the cells, and the merged ranges, come from a pass of our own over the
// sheet's XML, so that excelize never builds its model of a whole sheet
// (ten times the memory of the values, and most of the time).
type loader struct {
	f        *excelize.File
	pkg      *zip.Reader
	parts    map[string]string // sheet name, lower case → its part in pkg
	date1904 bool
	styles   map[int]numKind // style index → what it makes of numbers
}

func newLoader(f *excelize.File, pkg *zip.Reader) (*loader, error) {
	l := &loader{f: f, pkg: pkg, styles: map[int]numKind{}}
	var p excelize.WorkbookPropsOptions
	if err := guard(func() (err error) { p, err = f.GetWorkbookProps(); return err }); err == nil && p.Date1904 != nil {
		l.date1904 = *p.Date1904
	}
	var err error
	l.parts, err = sheetParts(pkg)
	return l, err
}

// load reads every cell of sheet.
func (l *loader) load(sheet string) (*grid, error) {
	var raw [][]string
	err := guard(func() (err error) {
		raw, err = l.f.GetRows(sheet, excelize.Options{RawCellValue: true})
		return err
	})
	if err != nil {
		return nil, err
	}
	part, ok := l.parts[strings.ToLower(sheet)]
	if !ok {
		return nil, fmt.Errorf("no worksheet part for the sheet")
	}
	rc, err := openPart(l.pkg, part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	g := &grid{rows: make([][]cell, len(raw))}
	for r, row := range raw {
		n := len(row)
		for n > 0 && strings.TrimSpace(row[n-1]) == "" {
			n--
		}
		if n > 0 {
			g.rows[r] = make([]cell, n)
		}
	}
	// Walk the cells as excelize's rows iterator does: a row or cell
	// without its reference follows the one before it.
	d := xml.NewDecoder(rc)
	row, col := -1, -1
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", part, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			row++
			if v := attr(se, "r"); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > excelize.TotalRows {
					return nil, fmt.Errorf("%s: bad row number %q", part, v)
				}
				row = n - 1
			}
			col = -1
		case "c":
			col++
			if ref := attr(se, "r"); ref != "" {
				c, r, err := excelize.CellNameToCoordinates(ref)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", part, err)
				}
				col, row = c-1, r-1
			}
			if row < 0 || row >= len(g.rows) || col >= len(g.rows[row]) || raw[row][col] == "" {
				continue
			}
			style, _ := strconv.Atoi(attr(se, "s"))
			g.rows[row][col] = l.cell(raw[row][col], attr(se, "t"), style)
		case "mergeCell":
			if m, ok := parseRange(attr(se, "ref")); ok {
				g.merges = append(g.merges, m)
			}
		}
	}
	return g, nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// parseRange reads a merged range such as "A1:I1".
func parseRange(ref string) (cellRange, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		b = a
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return cellRange{}, false
	}
	if c2 < c1 {
		c1, c2 = c2, c1
	}
	if r2 < r1 {
		r1, r2 = r2, r1
	}
	return cellRange{ref: ref, c1: c1 - 1, r1: r1 - 1, c2: c2 - 1, r2: r2 - 1}, true
}

// cell types a stored value by its cell's type attribute and, for a
// number, by its style's number format.
func (l *loader) cell(s, t string, style int) cell {
	if strings.TrimSpace(s) == "" {
		return cell{}
	}
	switch t {
	case "s", "str", "inlineStr":
		return cell{kind: kText, text: s}
	case "b":
		b := s == "1" || strings.EqualFold(s, "true")
		if b || s == "0" || strings.EqualFold(s, "false") {
			return cell{kind: kBool, num: b2f(b)}
		}
		return cell{kind: kText, text: s}
	case "e":
		return cell{kind: kError, text: s}
	case "d":
		// an ISO 8601 date, as Strict Open XML writes them
		if v, ok := isoSerial(s); ok {
			return cell{kind: kDate, num: v}
		}
		return cell{kind: kText, text: s}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return cell{kind: kText, text: s}
	}
	switch l.numKind(style) {
	case numDate:
		if v >= 0 && v <= maxSerial+1 {
			if l.date1904 {
				v += 1462 // the 1904 system counts from 1904-01-01
			}
			return cell{kind: kDate, num: v}
		}
	case numTime:
		if v >= 0 && v <= maxSerial+1 {
			return cell{kind: kText, text: clockText(v)}
		}
	case numBool:
		if v == 0 || v == 1 {
			return cell{kind: kBool, num: v}
		}
	}
	return cell{kind: kNumber, num: v}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// numKind tells what the number format of a style makes of numbers.
func (l *loader) numKind(style int) numKind {
	if k, ok := l.styles[style]; ok {
		return k
	}
	k := numPlain
	var st *excelize.Style
	if err := guard(func() (err error) { st, err = l.f.GetStyle(style); return err }); err == nil && st != nil {
		switch {
		case st.CustomNumFmt != nil:
			k = formatKind(*st.CustomNumFmt)
		default:
			k = builtinKind(st.NumFmt)
		}
	}
	l.styles[style] = k
	return k
}

// builtinKind classifies Excel's built-in number formats: 14-17 and 22
// are dates (22 with a time), 18-21 and 45-47 times; 27-36 and 50-58
// are the East Asian date formats.
func builtinKind(id int) numKind {
	switch {
	case id >= 14 && id <= 17, id == 22, id >= 27 && id <= 36, id >= 50 && id <= 58:
		return numDate
	case id >= 18 && id <= 21, id >= 45 && id <= 47:
		return numTime
	}
	return numPlain
}

// formatKind classifies a custom number format code by the date and
// time letters of its first section, outside quoted text, escaped
// characters and [bracketed] colours, conditions and locales: y or d
// make a date, h or s alone a time of day, m alone a month (a date).
func formatKind(code string) numKind {
	if strings.EqualFold(strings.ReplaceAll(code, `"`, ""), "TRUE;TRUE;FALSE") {
		return numBool // older LibreOffice stores booleans as 1 and 0 so
	}
	var date, clock, month bool
	lower := strings.ToLower(code)
	for i := 0; i < len(lower); i++ {
		ch := lower[i]
		switch ch {
		case ';':
			i = len(lower) // the first section (positive numbers) decides
		case '"':
			if j := strings.IndexByte(lower[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(lower)
			}
		case '\\', '_', '*':
			i++
		case '[':
			j := strings.IndexByte(lower[i:], ']')
			if j < 0 {
				i = len(lower)
				break
			}
			inner := lower[i+1 : i+j]
			if inner != "" && strings.Trim(inner, "hms") == "" {
				clock = true // elapsed time: [h]:mm
			}
			i += j
		case 'y', 'd':
			date = true
		case 'h', 's':
			clock = true
		case 'm':
			month = true
		case 'a':
			if strings.HasPrefix(lower[i:], "am/pm") {
				i += 4
			} else if strings.HasPrefix(lower[i:], "a/p") {
				i += 2
			}
		case 'g':
			if strings.HasPrefix(lower[i:], "general") {
				i += 6
			}
		}
	}
	switch {
	case date:
		return numDate
	case clock:
		return numTime
	case month:
		return numDate
	}
	return numPlain
}

// clockText renders the time of day of a serial as hh:mm:ss.
func clockText(v float64) string {
	secs := int64(math.Round((v - math.Floor(v)) * 86400))
	if secs >= 86400 {
		secs = 0
	}
	return time.Unix(secs, 0).UTC().Format("15:04:05")
}

// excelEpoch is day 0 of the 1900 date system as Excel counts after
// February 1900 (it takes 1900 for a leap year).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// serialTime converts a 1900-system serial to a time in UTC, rounded to
// the millisecond. Serials below 61 (January and February 1900) are a
// day late in Excel, whose calendar has a 29 February 1900.
func serialTime(v float64) time.Time {
	days := math.Floor(v)
	ms := math.Round((v - days) * 86400000)
	if days < 61 && days >= 1 {
		days++
	}
	return excelEpoch.AddDate(0, 0, int(days)).Add(time.Duration(ms) * time.Millisecond)
}

// timeSerial is the 1900-system serial of a time (after February 1900).
func timeSerial(t time.Time) float64 {
	t = t.UTC()
	d := t.Sub(excelEpoch)
	return d.Hours() / 24
}

// isoSerial reads an ISO 8601 date or date-time as a serial.
func isoSerial(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05Z", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) || t.Year() > 9999 {
				return 0, false
			}
			return timeSerial(t), true
		}
	}
	return 0, false
}
