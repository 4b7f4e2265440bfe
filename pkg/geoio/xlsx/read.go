package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/geoio/wkt"
	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"
)

// ProblemMixedTypes is the kind of problem reported for a cell whose type
// differs from its column's: text in a number or date column, a number in
// a date column. The feature is used, with the value converted when the
// cell reads unambiguously as the column's type (the text "12" in a number
// column) and empty otherwise.
const ProblemMixedTypes = "cell of another type than its column"

// openXLSX reads a workbook: one reader per sheet that has cells and is
// not hidden, or the sheet named by opts.Layer (hidden or not).
func openXLSX(src geoio.Source, opts geoio.ReadOptions) (rs []geoio.Reader, err error) {
	name := src.Name()
	var data io.ReaderAt
	var size int64
	if src.R != nil {
		b, err := io.ReadAll(src.R)
		if err != nil {
			return nil, fmt.Errorf("geoio: %s: %w", name, err)
		}
		data, size = bytes.NewReader(b), int64(len(b))
	} else {
		fh, err := os.Open(src.Path)
		if err != nil {
			return nil, fmt.Errorf("geoio: %w", err)
		}
		defer fh.Close()
		st, err := fh.Stat()
		if err != nil {
			return nil, fmt.Errorf("geoio: %w", err)
		}
		data, size = fh, st.Size()
	}
	var f *excelize.File
	err = guard(func() (err error) {
		f, err = excelize.OpenReader(io.NewSectionReader(data, 0, size), unzipLimits(size))
		return err
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size exceeds") {
			return nil, &geoio.FormatError{File: name, Index: -1,
				Reason: fmt.Sprintf("a damaged workbook: its parts claim more than %d times the size of the file", maxRatio),
				Fix:    "save it again from the program that made it"}
		}
		return nil, openError(name, err)
	}
	defer guard(f.Close)
	pkg, err := zip.NewReader(data, size)
	if err != nil {
		return nil, openError(name, err)
	}
	ld, err := newLoader(f, pkg)
	if err != nil {
		return nil, &geoio.FormatError{File: name, Index: -1, Reason: "unreadable workbook: " + err.Error()}
	}
	var sheets []string
	guard(func() error { sheets = f.GetSheetList(); return nil })
	if len(sheets) == 0 {
		return nil, &geoio.FormatError{File: name, Index: -1, Reason: "the workbook has no sheets"}
	}
	// --layer names a sheet, hidden or not; without it (or when it names
	// no sheet, as it may when a command reads several inputs and picks
	// in another) the visible sheets with cells are read
	var picked []string
	if opts.Layer != "" {
		for _, s := range sheets {
			if strings.EqualFold(s, opts.Layer) {
				picked = append(picked, s)
			}
		}
	}
	named := len(picked) > 0
	if !named {
		picked = sheets
	}
	var hidden, empty []string
	for _, s := range picked {
		if !named {
			vis := true
			verr := guard(func() (err error) { vis, err = f.GetSheetVisible(s); return err })
			if verr == nil && !vis {
				hidden = append(hidden, s)
				continue
			}
		}
		g, lerr := ld.load(s)
		if lerr != nil {
			return nil, &geoio.FormatError{File: name, Index: -1, Reason: fmt.Sprintf("sheet %q: %v", s, lerr)}
		}
		if g.empty() && !named && len(sheets) > 1 {
			empty = append(empty, s)
			continue
		}
		r, rerr := newReader(name, s, g, opts)
		if rerr != nil {
			return nil, rerr
		}
		rs = append(rs, r)
	}
	if len(rs) == 0 && len(empty) > 0 {
		// a workbook of empty sheets is one empty layer, its first sheet
		r, err := newReader(name, empty[0], &grid{}, opts)
		if err != nil {
			return nil, err
		}
		rs, empty = append(rs, r), empty[1:]
	}
	if len(hidden) > 0 {
		opts.Note(fmt.Sprintf("%s: hidden sheet(s) %s not read (name one with --layer to read it)", name, quoteList(hidden)))
	}
	if len(empty) > 0 {
		opts.Note(fmt.Sprintf("%s: empty sheet(s) %s not read", name, quoteList(empty)))
	}
	if len(rs) == 0 {
		return nil, &geoio.FormatError{File: name, Index: -1, Reason: "every sheet is hidden",
			Fix: "name one with --layer to read it"}
	}
	if opts.Layer != "" && !named && len(rs) > 1 {
		// a workbook of one table is read whole (geoio.OpenAll says so);
		// of several, the sheet must be one of them
		return nil, fmt.Errorf("geoio: %s has no sheet %q (sheets: %s)", name, opts.Layer, strings.Join(sheets, ", "))
	}
	return rs, nil
}

// maxRatio bounds the size of a workbook's parts against the size of the
// file: deflate compresses no better than 1032 to 1, so a larger claim
// is damage, and must not make excelize reserve gigabytes.
const maxRatio = 1100

// unzipLimits are excelize's limits for a file of size bytes.
func unzipLimits(size int64) excelize.Options {
	limit := min(max(size, 1<<10)*maxRatio, excelize.UnzipSizeLimit)
	return excelize.Options{UnzipSizeLimit: limit, UnzipXMLSizeLimit: min(limit, excelize.StreamChunkSize)}
}

// guard runs a call into excelize, turning a panic into an error:
// excelize has read every workbook we have met, but a damaged file must
// give an error, never a crash.
func guard(fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("excelize: %v", p)
		}
	}()
	return fn()
}

// openError explains why a file is no workbook excelize can open.
func openError(name string, err error) error {
	switch {
	case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, zip.ErrChecksum):
		return &geoio.FormatError{File: name, Index: -1, Reason: "not an .xlsx workbook (not a readable zip archive): " + err.Error(),
			Fix: "a damaged or truncated file, or an old .xls or an .ods saved under this name; save it as .xlsx"}
	case errors.Is(err, excelize.ErrWorkbookFileFormat), errors.Is(err, excelize.ErrWorkbookPassword):
		return &geoio.FormatError{File: name, Index: -1, Reason: "a password-protected workbook or an old binary .xls",
			Fix: "save it as .xlsx without a password"}
	}
	return &geoio.FormatError{File: name, Index: -1, Reason: "unreadable workbook: " + err.Error()}
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

func (g *grid) empty() bool {
	for _, row := range g.rows {
		if len(row) > 0 {
			return false
		}
	}
	return true
}

// filled counts the cells of a row that hold something.
func filled(row []cell) int {
	n := 0
	for _, c := range row {
		if c.kind != kEmpty {
			n++
		}
	}
	return n
}

// column is one column of the table: its cells' index in the grid, its
// name, and the type its cells are read as.
type column struct {
	at   int
	name string
	typ  geoio.FieldType
}

// reader yields the rows of one sheet below its header as features.
type reader struct {
	file, sheet string
	opts        geoio.ReadOptions
	layer       geoio.Layer
	g           *grid
	cols        []column
	props       []int // indexes into cols of the property columns
	xCol, yCol  int   // indexes into cols, -1 when absent
	wktCol      int
	idCol       int
	data        []int // grid rows that are records, in order
	next        int
}

func newReader(file, sheet string, g *grid, opts geoio.ReadOptions) (*reader, error) {
	r := &reader{file: file, sheet: sheet, opts: opts, g: g, xCol: -1, yCol: -1, wktCol: -1, idCol: -1}
	r.layer = geoio.Layer{Name: sheet, Format: "Excel", CRS: crs.WGS84}
	if opts.SourceCRS != nil {
		r.layer.CRS = *opts.SourceCRS
	}
	if g.empty() {
		opts.Note(fmt.Sprintf("%s: sheet %q is empty", file, sheet))
		return r, nil
	}
	header, err := r.findHeader()
	if err != nil {
		return nil, err
	}
	r.fillMerges(header)
	first := header + 1
	if header >= 0 && !hasText(g.rows[header]) {
		// a first row of numbers only is data: there is no header
		opts.Note(fmt.Sprintf("%s: sheet %q: row %d holds no text, so it is taken as data and the columns are named field_1, field_2…",
			file, sheet, header+1))
		first = header
		header = -1
	}
	for i := first; i < len(g.rows); i++ {
		if filled(g.rows[i]) > 0 {
			r.data = append(r.data, i)
		}
	}
	r.makeColumns(header, first)
	r.findGeometry()
	r.typeColumns()
	for k, c := range r.cols {
		if k == r.xCol || k == r.yCol || k == r.wktCol {
			continue
		}
		r.props = append(r.props, k)
		r.layer.Fields = append(r.layer.Fields, r.field(c))
	}
	if r.xCol < 0 && r.wktCol < 0 {
		opts.Note(fmt.Sprintf("%s: sheet %q: no lon/lat or WKT column found: features have no geometry", file, sheet))
	}
	return r, nil
}

func hasText(row []cell) bool {
	for _, c := range row {
		if c.kind == kText {
			return true
		}
	}
	return false
}

// findHeader finds the header row: the first row holding at least two
// thirds of the cells of the fullest row (all of them up to two), so that
// a title, a blank row or a note above the table is passed over; those
// rows are named in a note. A merged range in the header row is refused:
// it leaves columns without a name of their own.
func (r *reader) findHeader() (int, error) {
	most := 0
	for _, row := range r.g.rows {
		most = max(most, filled(row))
	}
	need := most
	if most > 2 {
		need = (2*most + 2) / 3
	}
	header := 0
	for i, row := range r.g.rows {
		if filled(row) >= need {
			header = i
			break
		}
	}
	for _, m := range r.g.merges {
		if m.r1 <= header && m.r2 >= header {
			return 0, &geoio.FormatError{File: r.file, Index: -1,
				Reason: fmt.Sprintf("sheet %q: the header row %d has merged cells %s", r.sheet, header+1, m.ref),
				Fix:    "unmerge them so that each column has a name of its own in one header row"}
		}
	}
	if header > 0 {
		var parts []string
		for i := 0; i < header; i++ {
			row := r.g.rows[i]
			if filled(row) == 0 {
				continue
			}
			for c, v := range row {
				if v.kind == kEmpty {
					continue
				}
				s := fmt.Sprintf("row %d %q", i+1, clip(r.headerText(v), 60))
				for _, m := range r.g.merges {
					if m.r1 == i && m.c1 == c {
						s += " (merged " + m.ref + ")"
					}
				}
				parts = append(parts, s)
				break
			}
		}
		msg := fmt.Sprintf("%s: sheet %q: the header is row %d; ", r.file, r.sheet, header+1)
		if header == 1 {
			msg += "row 1 above it is skipped"
		} else {
			msg += fmt.Sprintf("rows 1-%d above it are skipped", header)
		}
		if len(parts) > 0 {
			msg += ": " + strings.Join(parts, ", ")
		}
		r.opts.Note(msg)
	}
	return header, nil
}

func clip(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// fillMerges gives the value of each merged range below the header to
// every cell it covers, as Excel shows it (a kecamatan merged down over
// its villages belongs to each of them).
func (r *reader) fillMerges(header int) {
	var refs []string
	widest, cells := 0, 0
	for _, row := range r.g.rows {
		widest = max(widest, len(row))
		cells += len(row)
	}
	// a damaged file could merge a million rows by 16,384 columns: the
	// cells added are at most as many as the sheet has
	budget := cells
	for _, m := range r.g.merges {
		if m.r1 <= header || m.r1 >= len(r.g.rows) {
			continue
		}
		// cells right of every value are no part of the table
		m.c2 = min(m.c2, widest-1)
		top := r.g.at(m.c1, m.r1)
		if top.kind == kEmpty {
			continue
		}
		refs = append(refs, m.ref)
		for ri := m.r1; ri <= m.r2 && ri < len(r.g.rows); ri++ {
			row := r.g.rows[ri]
			if filled(row) == 0 {
				continue // a row without a value of its own is no record
			}
			if len(row) <= m.c2 {
				if budget -= m.c2 + 1 - len(row); budget < 0 {
					break
				}
				row = append(row, make([]cell, m.c2+1-len(row))...)
			}
			for c := m.c1; c <= m.c2; c++ {
				row[c] = top
			}
			r.g.rows[ri] = row
		}
	}
	if len(refs) > 0 {
		more := ""
		if len(refs) > 5 {
			more = fmt.Sprintf(" and %d more", len(refs)-5)
			refs = refs[:5]
		}
		r.opts.Note(fmt.Sprintf("%s: sheet %q: merged cells %s%s give their value to every row they cover", r.file, r.sheet,
			strings.Join(refs, ", "), more))
	}
}

func (g *grid) at(c, r int) cell {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return cell{}
	}
	return g.rows[r][c]
}

// headerText renders a header cell as a name.
func (r *reader) headerText(v cell) string {
	switch v.kind {
	case kText, kError:
		return strings.Join(strings.Fields(v.text), " ")
	case kNumber:
		return geoio.FormatFloat(v.num)
	case kDate:
		return geoio.FormatDate(serialTime(v.num))
	case kBool:
		return strconv.FormatBool(v.num != 0)
	}
	return ""
}

// makeColumns takes every column that has a name in the header or a value
// in a record, in sheet order. Empty names become field_N (N counting the
// table's columns from 1); repeated ones get _2, _3…
func (r *reader) makeColumns(header, first int) {
	width := 0
	if header >= 0 {
		width = len(r.g.rows[header])
	}
	for _, i := range r.data {
		width = max(width, len(r.g.rows[i]))
	}
	used := make([]bool, width)
	if header >= 0 {
		for c, v := range r.g.rows[header] {
			used[c] = used[c] || v.kind != kEmpty
		}
	}
	for _, i := range r.data {
		for c, v := range r.g.rows[i] {
			used[c] = used[c] || v.kind != kEmpty
		}
	}
	seen := map[string]bool{}
	next := map[string]int{}
	for c := range used {
		if !used[c] {
			continue
		}
		n := ""
		if header >= 0 {
			n = r.headerText(r.g.at(c, header))
		}
		if n == "" {
			n = "field_" + strconv.Itoa(len(r.cols)+1)
		}
		base := strings.ToLower(n)
		if seen[base] {
			k := max(next[base], 2)
			for seen[base+"_"+strconv.Itoa(k)] {
				k++
			}
			next[base] = k + 1
			n += "_" + strconv.Itoa(k)
		}
		seen[strings.ToLower(n)] = true
		r.cols = append(r.cols, column{at: c, name: n})
	}
}

func (r *reader) names() []string {
	out := make([]string, len(r.cols))
	for i, c := range r.cols {
		out[i] = c.name
	}
	return out
}

func (r *reader) findGeometry() {
	names := r.names()
	r.idCol = findColumn(names, idNames)
	if i := findColumn(names, wktNames); i >= 0 {
		r.wktCol = i
		return
	}
	lon, lat := findColumn(names, lonNames), findColumn(names, latNames)
	if lon < 0 || lat < 0 {
		lon, lat = findColumn(names, xNames), findColumn(names, yNames)
	}
	if lon >= 0 && lat >= 0 && lon != lat {
		r.xCol, r.yCol = lon, lat
	}
	if r.idCol == r.xCol || r.idCol == r.yCol {
		r.idCol = -1
	}
}

// typeColumns gives each property column the type of most of its cells
// (text on a tie); a column of codes (by its name: kode, id…) that mixes
// numbers and text is text. Numbers are integers when every one is whole.
// Formula errors are read as empty and noted.
func (r *reader) typeColumns() {
	for k := range r.cols {
		c := &r.cols[k]
		if k == r.xCol || k == r.yCol || k == r.wktCol {
			continue
		}
		var n [kError + 1]int
		whole := true
		firstErr := ""
		for _, i := range r.data {
			v := r.g.at(c.at, i)
			n[v.kind]++
			switch v.kind {
			case kNumber:
				if v.num != math.Trunc(v.num) || math.Abs(v.num) > 1<<53 {
					whole = false
				}
			case kError:
				if firstErr == "" {
					ref, _ := excelize.CoordinatesToCellName(c.at+1, i+1)
					firstErr = v.text + " in " + ref
				}
			}
		}
		if n[kError] > 0 {
			r.opts.Note(fmt.Sprintf("%s: sheet %q: column %s: %d cell(s) hold a formula error (%s); read as empty",
				r.file, r.sheet, c.name, n[kError], firstErr))
		}
		typed := n[kNumber] + n[kDate] + n[kBool]
		switch {
		case typed == 0:
			c.typ = geoio.FieldString // text, or only errors
		case n[kText] > 0 && isCodeName(c.name):
			c.typ = geoio.FieldString
		default:
			best, typ := n[kText], geoio.FieldString
			if n[kNumber] > best {
				best, typ = n[kNumber], geoio.FieldFloat
				if whole {
					typ = geoio.FieldInt
				}
			}
			if n[kDate] > best {
				best, typ = n[kDate], geoio.FieldDate
			}
			if n[kBool] > best {
				typ = geoio.FieldBool
			}
			c.typ = typ
		}
	}
}

// field describes a property column, with the widths a fixed-width
// writer (DBF) sizes its fields from.
func (r *reader) field(c column) geoio.Field {
	f := geoio.Field{Name: c.name, Type: c.typ}
	switch c.typ {
	case geoio.FieldString, geoio.FieldFloat:
		intW := 0
		for _, i := range r.data {
			v := r.value(c, r.g.at(c.at, i), nil)
			switch v := v.(type) {
			case string:
				f.Width = max(f.Width, len(v))
			case float64:
				t := strconv.FormatFloat(v, 'f', -1, 64)
				ip, frac, _ := strings.Cut(t, ".")
				intW = max(intW, len(ip))
				f.Precision = max(f.Precision, min(len(frac), 15))
			}
		}
		if c.typ == geoio.FieldFloat && f.Precision > 0 {
			f.Width = intW + 1 + f.Precision
		}
	}
	return f
}

func (r *reader) Layer() geoio.Layer { return r.layer }

func (r *reader) Close() error {
	r.next = len(r.data)
	r.g = nil
	return nil
}

// Next returns the next record as a feature. A row with a bad coordinate
// or bad WKT is reported and skipped; cells converted to their column's
// type are reported, and the feature is used.
func (r *reader) Next() (*geoio.Feature, error) {
	for r.g != nil && r.next < len(r.data) {
		idx := r.next
		row := r.data[idx]
		r.next++
		var fixes []string
		f, kind, reason := r.feature(row, &fixes)
		if kind != "" {
			p := geoio.Problem{File: r.file, Index: idx, ID: geoio.FormatID(r.id(row)), Kind: kind, Reason: reason}
			if err := r.opts.Report(p); err != nil {
				return nil, err
			}
			continue
		}
		for k := 0; k+1 < len(fixes); k += 2 {
			p := geoio.Problem{File: r.file, Index: idx, ID: f.IDString(), Kind: fixes[k], Reason: fixes[k+1], Outcome: geoio.Repaired}
			if err := r.opts.Report(p); err != nil {
				return nil, err
			}
		}
		return f, nil
	}
	return nil, io.EOF
}

func (r *reader) id(row int) any {
	if r.idCol < 0 {
		return nil
	}
	c := r.cols[r.idCol]
	return r.value(c, r.g.at(c.at, row), nil)
}

// where names a cell for messages: "cell C7 of sheet Desa".
func (r *reader) where(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col+1, row+1)
	return fmt.Sprintf("cell %s of sheet %q", ref, r.sheet)
}

// feature builds the feature of a grid row; kind and reason are set when
// it is skipped. fixes receives the kind and reason of each repair.
func (r *reader) feature(row int, fixes *[]string) (*geoio.Feature, string, string) {
	f := &geoio.Feature{}
	switch {
	case r.xCol >= 0:
		xc, yc := r.cols[r.xCol], r.cols[r.yCol]
		xv, yv := r.g.at(xc.at, row), r.g.at(yc.at, row)
		if xv.kind != kEmpty || yv.kind != kEmpty {
			x, err := r.coord(xv, xc, row, fixes)
			if err != nil {
				return nil, geoio.ProblemBadRecord, err.Error()
			}
			y, err := r.coord(yv, yc, row, fixes)
			if err != nil {
				return nil, geoio.ProblemBadRecord, err.Error()
			}
			f.Geometry = orb.Point{x, y}
		}
	case r.wktCol >= 0:
		c := r.cols[r.wktCol]
		v := r.g.at(c.at, row)
		switch v.kind {
		case kEmpty, kError:
		case kText:
			g, err := wkt.Parse(strings.TrimSpace(v.text))
			if err != nil {
				return nil, geoio.ProblemBadRecord, fmt.Sprintf("%s: column %s: %v", r.where(c.at, row), c.name, err)
			}
			f.Geometry = g
		default:
			return nil, geoio.ProblemBadRecord, fmt.Sprintf("%s: column %s holds no WKT text", r.where(c.at, row), c.name)
		}
	}
	f.Properties = make(geoio.Properties, 0, len(r.props))
	for _, k := range r.props {
		c := r.cols[k]
		v := r.value(c, r.g.at(c.at, row), func(reason string) {
			*fixes = append(*fixes, ProblemMixedTypes, fmt.Sprintf("%s: %s", r.where(c.at, row), reason))
		})
		f.Properties = append(f.Properties, geoio.Property{Key: c.name, Value: v})
		if k == r.idCol {
			f.ID = v
		}
	}
	return f, "", ""
}

// coord reads a coordinate cell: a number, or text holding one (a decimal
// comma accepted), which is counted as a repair.
func (r *reader) coord(v cell, c column, row int, fixes *[]string) (float64, error) {
	switch v.kind {
	case kNumber:
		return v.num, nil
	case kEmpty:
		return 0, fmt.Errorf("%s: column %s: empty coordinate", r.where(c.at, row), c.name)
	case kText:
		s := strings.TrimSpace(v.text)
		if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
			s = strings.Replace(s, ",", ".", 1)
		}
		x, err := strconv.ParseFloat(s, 64)
		if err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			*fixes = append(*fixes, geoio.RepairStringCoords, fmt.Sprintf("%s: column %s: the text %q read as the number %s",
				r.where(c.at, row), c.name, v.text, geoio.FormatFloat(x)))
			return x, nil
		}
		return 0, fmt.Errorf("%s: column %s: %q is not a number", r.where(c.at, row), c.name, v.text)
	}
	return 0, fmt.Errorf("%s: column %s: a %s is not a coordinate", r.where(c.at, row), c.name, kindName(v.kind))
}

func kindName(k cellKind) string {
	switch k {
	case kText:
		return "text"
	case kNumber:
		return "number"
	case kDate:
		return "date"
	case kBool:
		return "boolean"
	case kError:
		return "formula error"
	}
	return "blank"
}

// value converts a cell to its column's type. In a text column every cell
// is rendered as text. In a typed column a cell of another type is
// converted when it reads unambiguously as that type (a plain integer,
// an ISO date, true/false) and is empty otherwise; fix, when not nil,
// is told either way.
func (r *reader) value(c column, v cell, fix func(string)) any {
	if v.kind == kEmpty || v.kind == kError {
		return nil
	}
	switch c.typ {
	case geoio.FieldString:
		switch v.kind {
		case kText:
			return v.text
		case kNumber:
			return geoio.FormatFloat(v.num)
		case kDate:
			return geoio.FormatDate(serialTime(v.num))
		case kBool:
			return strconv.FormatBool(v.num != 0)
		}
	case geoio.FieldInt, geoio.FieldFloat:
		if v.kind == kNumber {
			if c.typ == geoio.FieldInt {
				return int64(v.num)
			}
			return v.num
		}
		if v.kind == kText {
			if n, ok := canonicalInt(v.text); ok {
				if fix != nil {
					fix(fmt.Sprintf("the text %q in the number column %s is read as %d", v.text, c.name, n))
				}
				if c.typ == geoio.FieldFloat {
					return float64(n)
				}
				return n
			}
		}
		if fix != nil {
			fix(fmt.Sprintf("%s in the number column %s is read as empty", describe(v), c.name))
		}
		return nil
	case geoio.FieldDate:
		if v.kind == kDate {
			return serialTime(v.num)
		}
		if v.kind == kText {
			if s, ok := isoSerial(v.text); ok && !strings.Contains(v.text, "T") {
				t := serialTime(s)
				if fix != nil {
					fix(fmt.Sprintf("the text %q in the date column %s is read as %s", v.text, c.name, geoio.FormatDate(t)))
				}
				return t
			}
		}
		if fix != nil {
			fix(fmt.Sprintf("%s in the date column %s is read as empty", describe(v), c.name))
		}
		return nil
	case geoio.FieldBool:
		if v.kind == kBool {
			return v.num != 0
		}
		if v.kind == kText {
			switch strings.ToLower(strings.TrimSpace(v.text)) {
			case "true":
				if fix != nil {
					fix(fmt.Sprintf("the text %q in the boolean column %s is read as true", v.text, c.name))
				}
				return true
			case "false":
				if fix != nil {
					fix(fmt.Sprintf("the text %q in the boolean column %s is read as false", v.text, c.name))
				}
				return false
			}
		}
		if fix != nil {
			fix(fmt.Sprintf("%s in the boolean column %s is read as empty", describe(v), c.name))
		}
		return nil
	}
	return nil
}

// describe names a cell's content for messages.
func describe(v cell) string {
	switch v.kind {
	case kText:
		return fmt.Sprintf("the text %q", clip(v.text, 40))
	case kNumber:
		return "the number " + geoio.FormatFloat(v.num)
	case kDate:
		return "the date " + geoio.FormatDate(serialTime(v.num))
	case kBool:
		return "the boolean " + strconv.FormatBool(v.num != 0)
	}
	return kindName(v.kind)
}

// canonicalInt reads a plain integer: digits with an optional minus, no
// leading zero ("007" is a code), no separators ("1.234" could be either
// of two numbers).
func canonicalInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	d := strings.TrimPrefix(s, "-")
	if d == "" || (len(d) > 1 && d[0] == '0') || s == "-0" {
		return 0, false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > 1<<53 || n < -(1<<53) {
		return 0, false
	}
	return n, true
}
