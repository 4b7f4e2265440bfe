package csv

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/geoio/wkt"
	"github.com/paulmach/orb"
)

// csvStreamInferRows is how many rows of a stream are buffered to infer
// column types; a regular file is scanned whole instead.
const csvStreamInferRows = 1000

// openCelliDColumns is the header of an OpenCelliD export.
var openCelliDColumns = []string{"radio", "mcc", "net", "area", "cell", "unit",
	"lon", "lat", "range", "samples", "changeable", "created", "updated", "averageSignal"}

// Column names that carry the geometry, in order of preference, lower case.
// Explicit longitude/latitude names win over x/y, which are often
// projected or unrelated attributes.
var (
	csvLonNames = []string{"lon", "lng", "long", "longitude", "lon_dd", "lng_dd", "long_dd",
		"longitude_dd", "bujur", "lon_deg", "longitude_deg"}
	csvLatNames = []string{"lat", "latitude", "lat_dd", "latitude_dd", "lintang", "lat_deg",
		"latitude_deg"}
	csvXNames   = []string{"x", "xcoord", "x_coord", "point_x", "coord_x"}
	csvYNames   = []string{"y", "ycoord", "y_coord", "point_y", "coord_y"}
	csvWKTNames = []string{"wkt", "wkt_geom", "geometry", "geom", "the_geom"}
	csvIDNames  = []string{"id", "fid", "kode", "cell"}
)

type csvRow struct {
	rec []string
	err error
}

type csvReader struct {
	name  string // for messages
	opts  geoio.ReadOptions
	layer geoio.Layer

	file *os.File // nil for streams
	cr   *csv.Reader

	ncols      int
	names      []string
	types      []geoio.FieldType // per column
	propCols   []int             // columns that become properties, in order
	xCol, yCol int               // -1 when absent
	wktCol     int
	idCol      int
	cellKey    []int // OpenCelliD: the radio, mcc, net, area and cell columns
	decComma   bool  // ';' files from locales that write "117,5" (coordinates)
	numComma   bool  // the numbers are written 1.234,5 (decided by inference)

	pending []csvRow // rows read ahead (stream inference, headerless first row)
	index   int
	warned  map[int]bool
	done    bool
}

// openCSV opens a CSV file or stream as one layer.
func openCSV(src geoio.Source, opts geoio.ReadOptions) ([]geoio.Reader, error) {
	r := &csvReader{name: src.Name(), opts: opts, xCol: -1, yCol: -1, wktCol: -1, idCol: -1}
	var in io.Reader = src.R
	if src.R == nil {
		f, err := os.Open(src.Path)
		if err != nil {
			return nil, fmt.Errorf("geoio: %w", err)
		}
		r.file = f
		in = f
	}
	if err := r.init(src, in); err != nil {
		if r.file != nil {
			r.file.Close()
		}
		return nil, err
	}
	return []geoio.Reader{r}, nil
}

// newCSVRecordReader strips a UTF-8 byte-order mark, sniffs the delimiter
// from the first line and returns a csv.Reader set up for it.
func newCSVRecordReader(in io.Reader) (*csv.Reader, rune, error) {
	br := bufio.NewReaderSize(in, 1<<16)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	head, err := br.Peek(1 << 16)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, 0, err
	}
	comma := sniffCSVDelimiter(head)
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	return cr, comma, nil
}

// sniffCSVDelimiter counts ',', ';' and tabs outside quotes on the first
// line; the most frequent wins, ',' on ties.
func sniffCSVDelimiter(head []byte) rune {
	var counts [3]int
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ',':
			counts[0]++
		case ';':
			counts[1]++
		case '\t':
			counts[2]++
		}
	}
	switch {
	case counts[1] > counts[0] && counts[1] >= counts[2]:
		return ';'
	case counts[2] > counts[0] && counts[2] > counts[1]:
		return '\t'
	}
	return ','
}

func (r *csvReader) init(src geoio.Source, in io.Reader) error {
	cr, comma, err := newCSVRecordReader(in)
	if err != nil {
		return fmt.Errorf("geoio: %s: %w", r.name, err)
	}
	r.cr = cr
	r.decComma = comma == ';'
	r.layer = geoio.Layer{Name: geoio.LayerName(src.Path), Format: "CSV", CRS: crs.WGS84}
	if r.opts.SourceCRS != nil {
		r.layer.CRS = *r.opts.SourceCRS
	}

	first, err := cr.Read()
	if err == io.EOF {
		return &geoio.FormatError{File: r.name, Index: -1, Reason: "empty CSV: no header row"}
	}
	if err != nil {
		return &geoio.FormatError{File: r.name, Index: -1, Reason: fmt.Sprintf("unreadable header row: %v", err)}
	}
	header := first
	headerless := isOpenCelliDRow(first)
	if headerless {
		header = openCelliDColumns
		r.pending = append(r.pending, csvRow{rec: first})
	}
	if isOpenCelliDHeader(header) {
		r.layer.Format = "OpenCelliD CSV"
	}
	names := csvFieldNames(header)
	r.names = names
	r.ncols = len(names)
	r.types = make([]geoio.FieldType, r.ncols)
	widths := make([]geoio.Field, r.ncols)

	// The .csvt sidecar may name types and geometry roles.
	declared := false
	if src.R == nil {
		if line, ok := readCSVT(src.Path); ok {
			types, roles, fields, err := parseCSVT(line)
			switch {
			case err != nil:
				r.opts.Note(fmt.Sprintf("%s: .csvt ignored: %v", r.name, err))
			case len(types) != r.ncols:
				r.opts.Note(fmt.Sprintf("%s: .csvt ignored: it lists %d types for %d columns", r.name, len(types), r.ncols))
			default:
				declared = true
				copy(r.types, types)
				copy(widths, fields)
				for i, role := range roles {
					switch role {
					case "x":
						r.xCol = i
					case "y":
						r.yCol = i
					case "wkt":
						r.wktCol = i
					}
				}
				if (r.xCol >= 0) != (r.yCol >= 0) {
					r.xCol, r.yCol = -1, -1
				}
			}
		}
	}
	if r.xCol < 0 && r.wktCol < 0 {
		r.findGeometryColumns(names)
	}
	r.idCol = findCSVColumn(names, csvIDNames)
	if r.layer.Format == "OpenCelliD CSV" {
		// a cell is known by radio, mcc, net, area and cell together:
		// the same cell number recurs in other networks and areas
		r.idCol = -1
		r.cellKey = []int{0, 1, 2, 3, 4}
	}
	for i := range names {
		if i != r.xCol && i != r.yCol && i != r.wktCol {
			r.propCols = append(r.propCols, i)
		}
	}
	if r.xCol < 0 && r.wktCol < 0 {
		r.opts.Note(fmt.Sprintf("%s: no lon/lat or WKT column found: features have no geometry", r.name))
	}

	if !declared {
		if err := r.inferTypes(src, comma); err != nil {
			return err
		}
	}
	for _, i := range r.propCols {
		t := r.types[i]
		if t == geoio.FieldUnknown {
			t = geoio.FieldString
			r.types[i] = t
		}
		r.layer.Fields = append(r.layer.Fields, geoio.Field{Name: names[i], Type: t,
			Width: widths[i].Width, Precision: widths[i].Precision})
	}
	r.warned = map[int]bool{}
	// Rows are not kept past Next, so the record slice can be reused; the
	// rows buffered above were read before this and stay intact.
	r.cr.ReuseRecord = true
	return nil
}

// csvFieldNames trims header names, names empty ones field_N (1-based,
// as GDAL does) and makes duplicates unique with a _2, _3... suffix.
func csvFieldNames(header []string) []string {
	names := make([]string, len(header))
	seen := map[string]bool{}
	next := map[string]int{} // next suffix to try per base name
	for i, h := range header {
		n := strings.TrimSpace(h)
		if n == "" {
			n = "field_" + strconv.Itoa(i+1)
		}
		base := strings.ToLower(n)
		if seen[base] {
			k := max(next[base], 2)
			for seen[base+"_"+strconv.Itoa(k)] {
				k++
			}
			next[base] = k + 1
			n = n + "_" + strconv.Itoa(k)
		}
		seen[strings.ToLower(n)] = true
		names[i] = n
	}
	return names
}

func findCSVColumn(names []string, wanted []string) int {
	for _, w := range wanted {
		for i, n := range names {
			if strings.EqualFold(n, w) {
				return i
			}
		}
	}
	return -1
}

func (r *csvReader) findGeometryColumns(names []string) {
	if i := findCSVColumn(names, csvWKTNames); i >= 0 {
		r.wktCol = i
		return
	}
	lon, lat := findCSVColumn(names, csvLonNames), findCSVColumn(names, csvLatNames)
	if lon < 0 || lat < 0 {
		lon, lat = findCSVColumn(names, csvXNames), findCSVColumn(names, csvYNames)
	}
	if lon >= 0 && lat >= 0 && lon != lat {
		r.xCol, r.yCol = lon, lat
	}
}

func isOpenCelliDHeader(h []string) bool {
	if len(h) < 8 {
		return false
	}
	for i := 0; i < 8; i++ {
		if !strings.EqualFold(strings.TrimSpace(h[i]), openCelliDColumns[i]) {
			return false
		}
	}
	return true
}

// isOpenCelliDRow recognises a headerless OpenCelliD export by its first
// data row: 14 columns, a radio name, integer codes and decimal lon/lat.
func isOpenCelliDRow(rec []string) bool {
	if len(rec) != len(openCelliDColumns) {
		return false
	}
	switch strings.ToUpper(rec[0]) {
	case "GSM", "UMTS", "LTE", "NR", "CDMA":
	default:
		return false
	}
	for i := 1; i <= 4; i++ {
		if _, err := strconv.ParseInt(rec[i], 10, 64); err != nil {
			return false
		}
	}
	for i := 6; i <= 7; i++ {
		if _, err := strconv.ParseFloat(rec[i], 64); err != nil {
			return false
		}
	}
	return true
}

// readCSVT reads the first line of the sidecar next to path: a.csv →
// a.csvt, a.tsv → a.tsvt.
func readCSVT(path string) (string, bool) {
	for _, side := range []string{path + "t", path + "T"} {
		b, err := os.ReadFile(side)
		if err != nil {
			continue
		}
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
			b = b[:i]
		}
		return string(b), true
	}
	return "", false
}

// parseCSVT decodes a .csvt line: one quoted type per column such as
// "Integer", "Integer64(10)", "Real(12.4)", "String(20)", "Date",
// "Integer(Boolean)" or "Boolean", plus the geometry roles "WKT",
// "CoordX"/"Point(X)" and "CoordY"/"Point(Y)". Widths are kept.
func parseCSVT(line string) ([]geoio.FieldType, []string, []geoio.Field, error) {
	cr := csv.NewReader(strings.NewReader(line))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		return nil, nil, nil, err
	}
	types := make([]geoio.FieldType, len(rec))
	roles := make([]string, len(rec))
	fields := make([]geoio.Field, len(rec))
	for i, s := range rec {
		s = strings.TrimSpace(s)
		name, arg := s, ""
		if j := strings.IndexByte(s, '('); j >= 0 && strings.HasSuffix(s, ")") {
			name, arg = strings.TrimSpace(s[:j]), strings.TrimSpace(s[j+1:len(s)-1])
		}
		switch strings.ToLower(name) {
		case "integer", "integer64":
			types[i] = geoio.FieldInt
			if strings.EqualFold(arg, "boolean") {
				types[i] = geoio.FieldBool
			}
		case "real":
			types[i] = geoio.FieldFloat
		case "string", "datetime", "time":
			// Date-times are kept as text: Properties hold dates only.
			types[i] = geoio.FieldString
		case "date":
			types[i] = geoio.FieldDate
		case "boolean":
			types[i] = geoio.FieldBool
		case "wkt":
			roles[i] = "wkt"
		case "coordx":
			roles[i] = "x"
		case "coordy":
			roles[i] = "y"
		case "point":
			switch strings.ToUpper(arg) {
			case "X":
				roles[i] = "x"
			case "Y":
				roles[i] = "y"
			default:
				return nil, nil, nil, fmt.Errorf("unknown type %q in column %d", s, i+1)
			}
			arg = ""
		default:
			return nil, nil, nil, fmt.Errorf("unknown type %q in column %d", s, i+1)
		}
		if arg != "" && types[i] != geoio.FieldBool {
			w, p, _ := strings.Cut(arg, ".")
			fields[i].Width, _ = strconv.Atoi(w)
			fields[i].Precision, _ = strconv.Atoi(p)
		}
	}
	return types, roles, fields, nil
}

// inferTypes sets r.types from the data: for a regular file by a first
// pass over the whole file (nothing kept), for a stream from the first
// csvStreamInferRows rows, which are buffered for the read.
func (r *csvReader) inferTypes(src geoio.Source, comma rune) error {
	// Both readings of numbers are inferred in the one pass; the file's
	// own numbers decide which holds (see numberEvidence).
	var inf, infComma csvInference
	inf.init(r.ncols, r)
	infComma.init(r.ncols, r)
	infComma.decComma = true
	var ambiguous []int
	var ambiguousVal []string
	infComma.ambiguous = func(col int, s string) {
		for _, c := range ambiguous {
			if c == col {
				return
			}
		}
		ambiguous, ambiguousVal = append(ambiguous, col), append(ambiguousVal, s)
	}
	var ev numberEvidence
	code := make([]bool, r.ncols)
	for i := range code {
		code[i] = i < len(r.names) && isCodeColumn(r.names[i])
	}
	both := csvInferBoth{&inf, &infComma, &ev, comma != ',', code}
	for _, row := range r.pending {
		both.add(row.rec)
	}
	if r.file == nil {
		for len(r.pending) < csvStreamInferRows {
			rec, err := r.cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil && !isCSVRowError(err) {
				return fmt.Errorf("geoio: %s: %w", r.name, err)
			}
			r.pending = append(r.pending, csvRow{rec: rec, err: err})
			if err == nil {
				both.add(rec)
			}
		}
	} else {
		f, err := os.Open(src.Path)
		if err != nil {
			return fmt.Errorf("geoio: %w", err)
		}
		defer f.Close()
		cr, _, err := newCSVRecordReader(f)
		if err != nil {
			return fmt.Errorf("geoio: %s: %w", r.name, err)
		}
		cr.ReuseRecord = true
		// Skip the header, or a headerless file's first row, which was
		// counted from r.pending above.
		if _, err := cr.Read(); err != nil && !isCSVRowError(err) {
			return fmt.Errorf("geoio: %s: %w", r.name, err)
		}
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				if isCSVRowError(err) {
					continue
				}
				return fmt.Errorf("geoio: %s: %w", r.name, err)
			}
			both.add(rec)
		}
	}
	r.numComma = both.decComma()
	if !r.numComma {
		copy(r.types, inf.types)
		return nil
	}
	copy(r.types, infComma.types)
	for k, col := range ambiguous {
		name := fmt.Sprint(col + 1)
		if col < len(r.names) {
			name = r.names[col]
		}
		r.opts.Note(fmt.Sprintf("%s: column %s: %q is neither a number with dots between thousands (1.234,5) nor a decimal; the file writes decimal commas, so the column is read as text", r.name, name, ambiguousVal[k]))
	}
	return nil
}

// isCSVRowError says a csv error concerns one record and reading can go on.
func isCSVRowError(err error) bool {
	var pe *csv.ParseError
	return errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) ||
		errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrFieldCount))
}

type csvInference struct {
	types []geoio.FieldType
	skip  []bool // geometry columns
	// decComma: the file writes 1.234,5 (see decimalComma); ambiguous
	// receives the first value per column that fits neither reading.
	decComma  bool
	ambiguous func(col int, s string)
}

func (c *csvInference) init(n int, r *csvReader) {
	c.types = make([]geoio.FieldType, n)
	c.skip = make([]bool, n)
	for _, i := range []int{r.xCol, r.yCol, r.wktCol} {
		if i >= 0 {
			c.skip[i] = true
		}
	}
	for i := 0; i < n && i < len(r.names); i++ {
		if isCodeColumn(r.names[i]) {
			c.types[i] = geoio.FieldString // "64.10" is a code, not 64.1
		}
	}
}

// isCodeColumn says a column holds identifiers or codes by its name: id,
// kode…, kd… (BIG's KDEPUM, BPS's KDDESA), code…, …_id, …_code. Their
// values stay text whatever they look like: a Kemendagri code 64.10 is
// not the number 64.1, and 007 keeps its zeros.
func isCodeColumn(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	switch {
	case n == "id", n == "code", n == "kode":
		return true
	case strings.HasPrefix(n, "kode"), strings.HasPrefix(n, "code_"), strings.HasSuffix(n, "_id"), strings.HasSuffix(n, "_code"):
		return true
	case strings.HasPrefix(n, "kd") && len(n) > 2 && n[2] >= 'a' && n[2] <= 'z':
		return true
	}
	return false
}

func (c *csvInference) add(rec []string) {
	for i, s := range rec {
		if i >= len(c.types) || c.skip[i] || s == "" || c.types[i] == geoio.FieldString {
			continue
		}
		if c.decComma {
			n, ok := decimalComma(s)
			if !ok {
				if c.ambiguous != nil {
					c.ambiguous(i, s)
				}
				c.types[i] = geoio.FieldString
				continue
			}
			s = n
		}
		c.types[i] = geoio.Widen(c.types[i], classifyCSVValue(s))
	}
}

// csvInferBoth feeds rows to the inference of both readings and to the
// evidence.
type csvInferBoth struct {
	point, comma *csvInference
	ev           *numberEvidence
	canComma     bool   // the delimiter is not ',' (';' or tab)
	code         []bool // code columns: "64.10" there is no evidence
}

func (b csvInferBoth) add(rec []string) {
	b.point.add(rec)
	if b.canComma {
		b.comma.add(rec)
		for i, s := range rec {
			if i >= len(b.code) || !b.code[i] {
				b.ev.add(s)
			}
		}
	}
}

// decComma says the file writes decimal commas: numbers with a decimal
// comma ("117,5", "2.345,5") outnumber those with a decimal point that
// cannot be a thousands group ("25.5"); the latter are then reported.
// "12.500" alone proves nothing either way.
func (b csvInferBoth) decComma() bool {
	return b.canComma && b.ev.comma > 0 && b.ev.comma > b.ev.point
}

// numberEvidence counts values that can only be read one way.
type numberEvidence struct{ comma, point int }

func (e *numberEvidence) add(s string) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "-")
	if t == "" || t[0] < '0' || t[0] > '9' {
		return
	}
	if ip, frac, ok := strings.Cut(t, ","); ok {
		if allDigits(frac) && allDigitsOrDots(ip) {
			e.comma++
		}
		return
	}
	if ip, frac, ok := strings.Cut(t, "."); ok && allDigits(ip) && allDigits(frac) && len(frac) != 3 {
		e.point++
	}
}

// decimalComma reads a number the way a decimal-comma locale writes it
// (Indonesian Excel: "2.345,5", "12.500", "117,0123"): dots group
// thousands, the comma is the decimal mark. It returns the number in
// plain form ("2345.5", "12500", "117.0123"), or s and false when s has
// a dot that groups no thousands ("1.23"): neither reading fits. Text
// that is no number is returned as it is, true.
func decimalComma(s string) (string, bool) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	if neg {
		t = t[1:]
	}
	intPart, frac, hasFrac := strings.Cut(t, ",")
	if intPart == "" || !allDigitsOrDots(intPart) || (hasFrac && !allDigits(frac)) {
		return s, true // not a number in either reading: text
	}
	if strings.Contains(intPart, ".") {
		groups := strings.Split(intPart, ".")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return s, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return s, false
			}
		}
		intPart = strings.Join(groups, "")
	}
	out := intPart
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func allDigitsOrDots(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return s != ""
}

// classifyCSVValue is FieldInt for a canonical base-10 integer that fits
// int64 (no sign other than '-', no leading zero: "007" is a code, not a
// number), FieldFloat for a plain decimal number (no leading zeros, no
// "inf"/"nan"), FieldString otherwise. Integers too long for int64 stay
// text rather than lose digits as floats.
func classifyCSVValue(s string) geoio.FieldType {
	digits := s
	if digits[0] == '-' {
		digits = digits[1:]
	}
	if digits == "" {
		return geoio.FieldString
	}
	allDigits := true
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			allDigits = false
			break
		}
	}
	if allDigits {
		if (len(digits) > 1 && digits[0] == '0') || s == "-0" {
			return geoio.FieldString
		}
		if _, err := strconv.ParseInt(s, 10, 64); err != nil {
			return geoio.FieldString
		}
		return geoio.FieldInt
	}
	// Decimal: [-]int[.frac][e[+-]exp] or [-].frac..., int without a
	// leading zero unless it is "0".
	i := 0
	for i < len(digits) && digits[i] >= '0' && digits[i] <= '9' {
		i++
	}
	intPart := digits[:i]
	if len(intPart) > 1 && intPart[0] == '0' {
		return geoio.FieldString
	}
	nfrac := 0
	if i < len(digits) && digits[i] == '.' {
		i++
		for i < len(digits) && digits[i] >= '0' && digits[i] <= '9' {
			i++
			nfrac++
		}
	}
	if len(intPart) == 0 && nfrac == 0 {
		return geoio.FieldString
	}
	if i < len(digits) && (digits[i] == 'e' || digits[i] == 'E') {
		i++
		if i < len(digits) && (digits[i] == '+' || digits[i] == '-') {
			i++
		}
		start := i
		for i < len(digits) && digits[i] >= '0' && digits[i] <= '9' {
			i++
		}
		if i == start {
			return geoio.FieldString
		}
	}
	if i != len(digits) {
		return geoio.FieldString
	}
	if f, err := strconv.ParseFloat(s, 64); err != nil || math.IsInf(f, 0) {
		return geoio.FieldString
	}
	return geoio.FieldFloat
}

func (r *csvReader) Layer() geoio.Layer { return r.layer }

func (r *csvReader) Close() error {
	r.done = true
	if r.file != nil {
		err := r.file.Close()
		r.file = nil
		return err
	}
	return nil
}

func (r *csvReader) nextRow() ([]string, error) {
	if len(r.pending) > 0 {
		row := r.pending[0]
		r.pending[0] = csvRow{}
		r.pending = r.pending[1:]
		return row.rec, row.err
	}
	return r.cr.Read()
}

// Next returns the next row as a feature; rows with bad coordinates, bad
// WKT or a broken quote are reported and skipped.
func (r *csvReader) Next() (*geoio.Feature, error) {
	for {
		if r.done {
			return nil, io.EOF
		}
		rec, err := r.nextRow()
		if err == io.EOF {
			r.done = true
			return nil, io.EOF
		}
		idx := r.index
		r.index++
		if err != nil {
			if !isCSVRowError(err) {
				r.done = true
				return nil, fmt.Errorf("geoio: %s: %w", r.name, err)
			}
			if perr := r.skip(idx, "", geoio.ProblemBadRecord, err.Error()); perr != nil {
				return nil, perr
			}
			continue
		}
		f, kind, reason := r.feature(rec)
		if kind != "" {
			id := ""
			if r.idCol >= 0 && r.idCol < len(rec) {
				id = rec[r.idCol]
			}
			if perr := r.skip(idx, id, kind, reason); perr != nil {
				return nil, perr
			}
			continue
		}
		return f, nil
	}
}

func (r *csvReader) skip(idx int, id, kind, reason string) error {
	return r.opts.Report(geoio.Problem{File: r.name, Index: idx, ID: id, Kind: kind, Reason: reason})
}

func (r *csvReader) feature(rec []string) (*geoio.Feature, string, string) {
	if len(rec) > r.ncols {
		for _, s := range rec[r.ncols:] {
			// Spreadsheets pad rows with empty cells; only real extra
			// values mean the row is misaligned.
			if strings.TrimSpace(s) != "" {
				return nil, geoio.ProblemBadRecord, fmt.Sprintf("%d fields, the header has %d", len(rec), r.ncols)
			}
		}
	}
	cell := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return rec[i]
	}
	f := &geoio.Feature{}
	switch {
	case r.xCol >= 0:
		xs, ys := strings.TrimSpace(cell(r.xCol)), strings.TrimSpace(cell(r.yCol))
		if xs != "" || ys != "" {
			x, err := r.coord(xs)
			if err != nil {
				return nil, csvCoordKind(err), fmt.Sprintf("column %s: %v", r.colName(r.xCol), err)
			}
			y, err := r.coord(ys)
			if err != nil {
				return nil, csvCoordKind(err), fmt.Sprintf("column %s: %v", r.colName(r.yCol), err)
			}
			f.Geometry = orb.Point{x, y}
		}
	case r.wktCol >= 0:
		if s := strings.TrimSpace(cell(r.wktCol)); s != "" {
			g, err := wkt.Parse(s)
			if err != nil {
				return nil, geoio.ProblemBadRecord, fmt.Sprintf("column %s: %v", r.colName(r.wktCol), err)
			}
			f.Geometry = g
		}
	}
	f.Properties = make(geoio.Properties, 0, len(r.propCols))
	for k, i := range r.propCols {
		v := r.value(i, r.layer.Fields[k].Name, cell(i))
		f.Properties = append(f.Properties, geoio.Property{Key: r.layer.Fields[k].Name, Value: v})
		if i == r.idCol {
			f.ID = v
		}
	}
	if r.cellKey != nil {
		parts := make([]string, len(r.cellKey))
		for k, i := range r.cellKey {
			parts[k] = strings.TrimSpace(cell(i))
		}
		f.ID = strings.Join(parts, "-")
	}
	return f, "", ""
}

func (r *csvReader) colName(i int) string { return r.names[i] }

var errCSVNotFinite = errors.New("not a finite number")

func csvCoordKind(err error) string {
	if errors.Is(err, errCSVNotFinite) {
		return geoio.ProblemInvalidCoord
	}
	return geoio.ProblemBadRecord
}

func (r *csvReader) coord(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("empty coordinate")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && r.decComma && strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	}
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q: %w", s, errCSVNotFinite)
		}
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q: %w", s, errCSVNotFinite)
	}
	return v, nil
}

// value converts one cell to its column's type. A cell that does not fit
// (possible with a .csvt, or after the rows a stream was inferred from) is
// kept, as a float when it is one, else as text, with one warning per
// column: losing it silently would be worse than a mixed column.
func (r *csvReader) value(i int, name, s string) any {
	if s == "" {
		return nil
	}
	if r.numComma && (r.types[i] == geoio.FieldInt || r.types[i] == geoio.FieldFloat) {
		if n, ok := decimalComma(s); ok {
			s = n
		}
	}
	switch r.types[i] {
	case geoio.FieldInt:
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return v
		}
		if classifyCSVValue(s) == geoio.FieldFloat {
			v, _ := strconv.ParseFloat(s, 64)
			r.misfit(i, name, s)
			return v
		}
	case geoio.FieldFloat:
		if classifyCSVValue(s) != geoio.FieldString {
			v, _ := strconv.ParseFloat(s, 64)
			return v
		}
		if v, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) {
			return v
		}
	case geoio.FieldBool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "t", "yes", "y", "1":
			return true
		case "false", "f", "no", "n", "0":
			return false
		}
	case geoio.FieldDate:
		for _, layout := range []string{"2006-01-02", "2006/01/02"} {
			if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
				return t
			}
		}
	default:
		return s
	}
	r.misfit(i, name, s)
	return s
}

func (r *csvReader) misfit(i int, name, s string) {
	if r.warned[i] {
		return
	}
	r.warned[i] = true
	r.opts.Note(fmt.Sprintf("%s: column %s: value %q does not fit its type %s; kept as it is",
		r.name, name, s, r.types[i]))
}

// CSV writing.

// TypesWriter is implemented by the CSV writer: after Close,
// CSVTypes gives the .csvt line for the columns actually written, so that
// a reader restores the types (codes such as "007" stay text).
type TypesWriter interface {
	CSVTypes() string
}

type csvWriter struct {
	w      io.Writer
	cw     *csv.Writer
	opts   geoio.WriteOptions
	mode   string // "xy", "wkt", or "" until the first geometry decides
	fields []geoio.Field
	cols   []int // indexes into fields that are written
	known  bool  // fields settled (from the layer or the first feature)
	header bool

	pending [][]string // property cells of null-geometry rows met before the mode was known
	n       int
	closed  bool
	warned  map[string]bool
	buf     []byte
	rec     []string
}

// csvAutoPending bounds the null-geometry rows held back while the
// geometry mode is unknown; past it WKT, which fits any geometry, is chosen.
const csvAutoPending = 1000

// createCSV writes a header then one row per feature: properties in
// layer.Fields order, lon/lat columns last or a WKT column first (GDAL's
// layouts). Close flushes but does not close w.
func createCSV(w io.Writer, layer geoio.Layer, opts geoio.WriteOptions) (geoio.Writer, error) {
	mode := strings.ToLower(opts.CSVGeometry)
	switch mode {
	case "", "xy", "wkt":
	default:
		return nil, fmt.Errorf("geoio: csv: unknown geometry mode %q (want xy or wkt)", opts.CSVGeometry)
	}
	if opts.BOM {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, fmt.Errorf("geoio: csv: %w", err)
		}
	}
	cw := &csvWriter{w: w, cw: csv.NewWriter(w), opts: opts, mode: mode, warned: map[string]bool{}}
	cw.cw.UseCRLF = opts.CRLF
	if opts.Delimiter != 0 {
		cw.cw.Comma = opts.Delimiter
	}
	if len(layer.Fields) > 0 {
		cw.setFields(layer.Fields)
	}
	return cw, nil
}

func (w *csvWriter) setFields(fields []geoio.Field) {
	w.fields = append([]geoio.Field(nil), fields...)
	w.known = true
}

// csvWrittenFields picks the fields written in a mode: a property named
// like a geometry column (a "lon" attribute beside point geometry) would
// make the file ambiguous to read back, so it is left out.
func csvWrittenFields(fields []geoio.Field, mode string) (keep []int, dropped []string) {
	for i, f := range fields {
		n := strings.ToLower(f.Name)
		if (mode == "xy" && (n == "lon" || n == "lat")) || (mode == "wkt" && n == "wkt") {
			dropped = append(dropped, f.Name)
			continue
		}
		keep = append(keep, i)
	}
	return keep, dropped
}

// TypesLine is the .csvt line (GDAL's column type sidecar) for a layer
// written as CSV with geometry mode "xy" or "wkt" ("" for none). Integers
// are "Integer64" (kode desa such as 6402061001 exceed 32 bits), booleans
// "Integer(Boolean)", both as GDAL spells them; string widths and real
// width.precision are kept when the field has them.
func TypesLine(layer geoio.Layer, geomMode string) string {
	keep, _ := csvWrittenFields(layer.Fields, geomMode)
	var parts []string
	if geomMode == "wkt" {
		parts = append(parts, `"WKT"`)
	}
	for _, i := range keep {
		parts = append(parts, `"`+csvTypeName(layer.Fields[i])+`"`)
	}
	if geomMode == "xy" {
		parts = append(parts, `"CoordX"`, `"CoordY"`)
	}
	return strings.Join(parts, ",")
}

func csvTypeName(f geoio.Field) string {
	switch f.Type {
	case geoio.FieldInt:
		return "Integer64"
	case geoio.FieldFloat:
		// A width without decimals would make readers round to integers.
		if f.Width > 0 && f.Precision > 0 {
			return "Real(" + strconv.Itoa(f.Width) + "." + strconv.Itoa(f.Precision) + ")"
		}
		return "Real"
	case geoio.FieldBool:
		return "Integer(Boolean)"
	case geoio.FieldDate:
		return "Date"
	}
	if f.Width > 0 {
		return "String(" + strconv.Itoa(f.Width) + ")"
	}
	return "String"
}

// CSVTypes implements TypesWriter.
func (w *csvWriter) CSVTypes() string {
	mode := w.mode
	if mode == "" {
		mode = "xy"
	}
	return TypesLine(geoio.Layer{Fields: w.fields}, mode)
}

func (w *csvWriter) Write(f *geoio.Feature) error {
	if w.closed {
		return errors.New("geoio: csv: write after close")
	}
	idx := w.n
	w.n++
	if !w.known {
		var s geoio.Schema
		s.Add(f.Properties)
		w.setFields(s.Fields())
	}
	if w.mode == "" && (f.Geometry != nil || len(w.pending) >= csvAutoPending) {
		w.mode = "wkt"
		if _, ok := f.Geometry.(orb.Point); ok {
			w.mode = "xy"
			// A property already called lon or lat would have to be
			// dropped in xy mode; WKT keeps every attribute.
			if _, dropped := csvWrittenFields(w.fields, "xy"); len(dropped) > 0 {
				w.mode = "wkt"
			}
		}
	}
	props := w.propertyCells(f)
	if w.mode == "" {
		w.pending = append(w.pending, props)
		return nil
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	return w.writeRow(props, f.Geometry, idx, f.IDString())
}

func (w *csvWriter) propertyCells(f *geoio.Feature) []string {
	cells := make([]string, len(w.fields))
	for i, fd := range w.fields {
		var v any
		if i < len(f.Properties) && f.Properties[i].Key == fd.Name {
			v = f.Properties[i].Value
		} else {
			v, _ = f.Properties.Get(fd.Name)
		}
		cells[i] = geoio.FormatValue(v)
	}
	for i, p := range f.Properties {
		if (i < len(w.fields) && w.fields[i].Name == p.Key) || w.warned[p.Key] {
			continue
		}
		found := false
		for _, fd := range w.fields {
			if fd.Name == p.Key {
				found = true
				break
			}
		}
		if !found {
			w.warned[p.Key] = true
			w.opts.Note(fmt.Sprintf("csv: property %q is not among the layer's fields; not written", p.Key))
		}
	}
	return cells
}

func (w *csvWriter) writeHeader() error {
	if w.header {
		return nil
	}
	w.header = true
	keep, dropped := csvWrittenFields(w.fields, w.mode)
	w.cols = keep
	for _, d := range dropped {
		w.opts.Note(fmt.Sprintf("csv: property %q not written: that column carries the geometry", d))
	}
	var h []string
	if w.mode == "wkt" {
		h = append(h, "WKT")
	}
	for _, i := range keep {
		h = append(h, w.fields[i].Name)
	}
	if w.mode == "xy" {
		h = append(h, "lon", "lat")
	}
	// The header is written by hand so that a name holding ';' or a tab
	// is quoted: readers sniff the delimiter from this line.
	var line []byte
	for i, name := range h {
		if i > 0 {
			line = append(line, byte(w.cw.Comma))
		}
		if name == "" || strings.ContainsAny(name, ",;\t\"\r\n") || strings.TrimSpace(name) != name {
			line = append(line, '"')
			line = append(line, strings.ReplaceAll(name, `"`, `""`)...)
			line = append(line, '"')
		} else {
			line = append(line, name...)
		}
	}
	if w.opts.CRLF {
		line = append(line, '\r')
	}
	line = append(line, '\n')
	if _, err := w.w.Write(line); err != nil {
		return fmt.Errorf("geoio: csv: %w", err)
	}
	for _, props := range w.pending {
		if err := w.writeRow(props, nil, -1, ""); err != nil {
			return err
		}
	}
	w.pending = nil
	return nil
}

func (w *csvWriter) writeRow(props []string, g orb.Geometry, idx int, id string) error {
	rec := w.rec[:0]
	prec := w.opts.Decimals()
	switch w.mode {
	case "wkt":
		w.buf = wkt.Append(w.buf[:0], g, prec)
		rec = append(rec, string(w.buf))
	case "xy":
		if g != nil {
			if _, ok := g.(orb.Point); !ok {
				return fmt.Errorf("geoio: csv: feature %d%s: a %s cannot be written as lon/lat columns; write WKT geometry instead",
					idx, geoio.IDSuffix(id), geoio.GeometryType(g))
			}
		}
	}
	for _, i := range w.cols {
		rec = append(rec, props[i])
	}
	if w.mode == "xy" {
		if pt, ok := g.(orb.Point); ok {
			w.buf = wkt.AppendOrdinate(w.buf[:0], pt[0], prec)
			rec = append(rec, string(w.buf))
			w.buf = wkt.AppendOrdinate(w.buf[:0], pt[1], prec)
			rec = append(rec, string(w.buf))
		} else {
			rec = append(rec, "", "")
		}
	}
	w.rec = rec
	if len(rec) == 1 && rec[0] == "" {
		// encoding/csv writes a lone empty field as a blank line, which
		// readers skip: the row would vanish. Quote it instead.
		w.cw.Flush()
		if _, err := io.WriteString(w.w, "\"\"\n"); err != nil {
			return fmt.Errorf("geoio: csv: %w", err)
		}
		return nil
	}
	if err := w.cw.Write(rec); err != nil {
		return fmt.Errorf("geoio: csv: %w", err)
	}
	return nil
}

func (w *csvWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if w.mode == "" {
		w.mode = "xy"
	}
	if err := w.writeHeader(); err != nil {
		return err
	}
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("geoio: csv: %w", err)
	}
	return nil
}

// Abort drops what is buffered; the caller removes the partial output.
func (w *csvWriter) Abort() error {
	w.closed = true
	w.pending = nil
	return nil
}

func init() {
	geoio.Register(&geoio.Format{Name: "csv", Title: "CSV", Exts: []string{".csv", ".tsv"}, NeedsSchema: true, Rank: 30,
		Open: openCSV,
		Create: func(path string, w io.Writer, l geoio.Layer, o geoio.WriteOptions) (geoio.Writer, error) {
			if strings.EqualFold(filepath.Ext(path), ".tsv") {
				o.Delimiter = '\t' // a .tsv is tab-separated
			}
			return createCSV(w, l, o)
		}})
}
