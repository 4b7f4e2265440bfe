package shp

// dBASE table (.dbf) reading and writing for shapefile attributes.
//
// Layout from the dBASE III PLUS / dBASE IV file format description
// (Ashton-Tate, "dBASE III PLUS Technical Reference", and the dBASE IV
// "Table File Structure"): a 32-byte file header (version, last update
// YYMMDD, record count uint32 LE at 4, header length uint16 LE at 8, record
// length uint16 LE at 10, language driver id at 29), 32-byte field
// descriptors (name 11 bytes NUL-padded, type at 11, width at 16, decimal
// count at 17) ended by 0x0D, then fixed-width records, each starting with
// a deletion flag (' ' live, '*' deleted), and an optional 0x1A end mark.
// Memo (.dbt) blocks follow the dBASE III (text ended by 0x1A) and dBASE IV
// (FF FF 08 00 + uint32 length) conventions. Language driver ids follow the
// ESRI "code page / LDID" table published with ArcGIS; the .cpg companion
// file holds a code page name and wins over the driver id.

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// dbfCodePage is how DBF text bytes become UTF-8.
type dbfCodePage struct {
	name string
	enc  encoding.Encoding // nil for UTF-8
	// guess: the file does not say; take each value as UTF-8 when it is
	// valid UTF-8, else as Windows-1252.
	guess bool
}

var dbfUTF8 = dbfCodePage{name: "UTF-8"}

// dbfCodePageFromCPG maps the text of a .cpg file to a code page.
func dbfCodePageFromCPG(s string) (dbfCodePage, bool) {
	s = strings.TrimPrefix(s, "\ufeff")
	n := strings.ToUpper(strings.TrimSpace(s))
	n = strings.NewReplacer("-", "", "_", "", " ", "").Replace(n)
	n = strings.TrimPrefix(n, "ANSI")
	switch n {
	case "UTF8", "65001":
		return dbfUTF8, true
	case "1252", "CP1252", "WINDOWS1252", "WIN1252":
		return dbfCodePage{"Windows-1252", charmap.Windows1252, false}, true
	case "88591", "ISO88591", "LATIN1", "28591", "L1":
		return dbfCodePage{"ISO-8859-1", charmap.ISO8859_1, false}, true
	case "GBK", "CP936", "936", "GB2312", "EUCCN":
		return dbfCodePage{"GBK", simplifiedchinese.GBK, false}, true
	case "GB18030", "54936":
		return dbfCodePage{"GB18030", simplifiedchinese.GB18030, false}, true
	case "437", "CP437", "IBM437", "OEM":
		return dbfCodePage{"CP437", charmap.CodePage437, false}, true
	case "850", "CP850", "IBM850":
		return dbfCodePage{"CP850", charmap.CodePage850, false}, true
	case "852", "CP852":
		return dbfCodePage{"CP852", charmap.CodePage852, false}, true
	case "866", "CP866":
		return dbfCodePage{"CP866", charmap.CodePage866, false}, true
	case "874", "CP874", "WINDOWS874":
		return dbfCodePage{"Windows-874", charmap.Windows874, false}, true
	case "932", "CP932", "SJIS", "SHIFTJIS":
		return dbfCodePage{"Shift_JIS", japanese.ShiftJIS, false}, true
	case "949", "CP949", "EUCKR":
		return dbfCodePage{"EUC-KR", korean.EUCKR, false}, true
	case "950", "CP950", "BIG5":
		return dbfCodePage{"Big5", traditionalchinese.Big5, false}, true
	}
	for _, w := range []struct {
		n   string
		enc *charmap.Charmap
	}{{"1250", charmap.Windows1250}, {"1251", charmap.Windows1251}, {"1253", charmap.Windows1253},
		{"1254", charmap.Windows1254}, {"1255", charmap.Windows1255}, {"1256", charmap.Windows1256},
		{"1257", charmap.Windows1257}, {"1258", charmap.Windows1258}} {
		if n == w.n || n == "CP"+w.n || n == "WINDOWS"+w.n {
			return dbfCodePage{"Windows-" + w.n, w.enc, false}, true
		}
	}
	for _, iso := range []struct {
		n   string
		enc *charmap.Charmap
	}{{"2", charmap.ISO8859_2}, {"5", charmap.ISO8859_5}, {"7", charmap.ISO8859_7},
		{"9", charmap.ISO8859_9}, {"15", charmap.ISO8859_15}} {
		if n == "ISO8859"+iso.n || n == "8859"+iso.n {
			return dbfCodePage{"ISO-8859-" + iso.n, iso.enc, false}, true
		}
	}
	return dbfCodePage{}, false
}

// dbfCodePageFromLDID maps the language driver id (header byte 29).
func dbfCodePageFromLDID(b byte) (dbfCodePage, bool) {
	cp := ""
	switch b {
	case 0x01, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x15, 0x18, 0x19, 0x1B:
		cp = "437"
	case 0x02, 0x0A, 0x0E, 0x10, 0x12, 0x14, 0x16, 0x1A, 0x1D, 0x25, 0x37:
		cp = "850"
	case 0x03, 0x57, 0x58, 0x59:
		// 0x57 is "ANSI": the writer's Windows code page, in practice 1252.
		cp = "1252"
	case 0x1F, 0x22, 0x23, 0x40, 0x64:
		cp = "852"
	case 0x26, 0x65:
		cp = "866"
	case 0x13, 0x7B:
		cp = "932"
	case 0x4D, 0x7A:
		cp = "936"
	case 0x4E, 0x79:
		cp = "949"
	case 0x4F, 0x78:
		cp = "950"
	case 0x50, 0x7C:
		cp = "874"
	case 0x7D:
		cp = "1255"
	case 0x7E:
		cp = "1256"
	case 0xC8:
		cp = "1250"
	case 0xC9:
		cp = "1251"
	case 0xCA:
		cp = "1254"
	case 0xCB:
		cp = "1253"
	default:
		return dbfCodePage{}, false
	}
	return dbfCodePageFromCPG(cp)
}

// dbfField is one column as stored.
type dbfField struct {
	name  string
	typ   byte
	width int
	dec   int
	off   int // byte offset inside a record (after the deletion flag)
	ftype geoio.FieldType
}

// dbfTable reads records by number from a .dbf.
type dbfTable struct {
	name      string
	r         io.ReaderAt
	size      int64
	version   byte
	ldid      byte
	headerLen int
	recLen    int
	declared  int64 // record count from the header
	count     int   // records actually present
	fields    []dbfField
	cp        dbfCodePage
	dec       *encoding.Decoder
	memo      *dbfMemo
	warn      func(string)
	warned    map[string]bool
	buf       []byte
}

// openDBF parses the header and field descriptors. warn receives notes
// once per kind.
func openDBF(name string, r io.ReaderAt, size int64, warn func(string)) (*dbfTable, error) {
	bad := func(format string, a ...any) error {
		return &geoio.FormatError{File: name, Index: -1, Reason: "not a dBASE table: " + fmt.Sprintf(format, a...)}
	}
	if size < 33 {
		return nil, bad("file is %d bytes, shorter than a header", size)
	}
	var h [32]byte
	if _, err := r.ReadAt(h[:], 0); err != nil {
		return nil, fmt.Errorf("geoio: %s: %w", name, err)
	}
	t := &dbfTable{
		name: name, r: r, size: size, version: h[0], ldid: h[29],
		declared:  int64(binary.LittleEndian.Uint32(h[4:8])),
		headerLen: int(binary.LittleEndian.Uint16(h[8:10])),
		recLen:    int(binary.LittleEndian.Uint16(h[10:12])),
		warn:      warn, warned: map[string]bool{},
	}
	if t.headerLen < 33 || int64(t.headerLen) > size {
		return nil, bad("header length %d does not fit the file (%d bytes)", t.headerLen, size)
	}
	if t.recLen < 1 {
		return nil, bad("record length %d", t.recLen)
	}
	hdr := make([]byte, t.headerLen)
	if _, err := r.ReadAt(hdr, 0); err != nil {
		return nil, fmt.Errorf("geoio: %s: %w", name, err)
	}
	off := 1
	seen := map[string]bool{}
	for p := 32; p+32 <= len(hdr) && hdr[p] != 0x0D; p += 32 {
		d := hdr[p : p+32]
		raw := d[:11]
		if i := bytes.IndexByte(raw, 0); i >= 0 {
			raw = raw[:i]
		}
		f := dbfField{typ: d[11], width: int(d[16]), dec: int(d[17]), off: off}
		if f.typ == 'C' && f.dec > 0 {
			// Clipper and FoxPro store character widths over 255 with the
			// high byte in the decimal count.
			f.width += f.dec * 256
			f.dec = 0
		}
		f.name = strings.TrimSpace(dbfDecodeName(raw))
		if f.name == "" {
			f.name = "field_" + strconv.Itoa(len(t.fields)+1)
		}
		for base, k := f.name, 2; seen[f.name]; k++ {
			f.name = base + "_" + strconv.Itoa(k)
		}
		seen[f.name] = true
		f.ftype = dbfFieldType(f)
		off += f.width
		t.fields = append(t.fields, f)
	}
	if off > t.recLen {
		return nil, bad("field widths add up to %d bytes but a record holds %d", off, t.recLen)
	}
	avail := (size - int64(t.headerLen)) / int64(t.recLen)
	t.count = int(min(t.declared, avail))
	t.buf = make([]byte, t.recLen)
	return t, nil
}

// dbfDecodeName turns a field name into text; names are nearly always
// ASCII, and the code page is not known yet when they are read.
func dbfDecodeName(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	s, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	return string(s)
}

func dbfFieldType(f dbfField) geoio.FieldType {
	switch f.typ {
	case 'N':
		if f.dec == 0 && f.width <= 18 {
			return geoio.FieldInt
		}
		return geoio.FieldFloat
	case 'F', 'O':
		return geoio.FieldFloat
	case 'I', '+':
		return geoio.FieldInt
	case 'L':
		return geoio.FieldBool
	case 'D':
		return geoio.FieldDate
	}
	return geoio.FieldString
}

// Fields gives the layer schema.
func (t *dbfTable) Fields() []geoio.Field {
	out := make([]geoio.Field, len(t.fields))
	for i, f := range t.fields {
		out[i] = geoio.Field{Name: f.name, Type: f.ftype, Width: f.width, Precision: f.dec}
	}
	return out
}

func (t *dbfTable) setCodePage(cp dbfCodePage) {
	t.cp = cp
	if cp.enc != nil {
		t.dec = cp.enc.NewDecoder()
	}
}

func (t *dbfTable) warnOnce(key, msg string) {
	if t.warned[key] {
		return
	}
	t.warned[key] = true
	if t.warn != nil {
		t.warn(msg)
	}
}

// record reads record i: whether it is deleted, and its values.
func (t *dbfTable) record(i int) (bool, geoio.Properties, error) {
	off := int64(t.headerLen) + int64(i)*int64(t.recLen)
	if n, err := t.r.ReadAt(t.buf, off); n < len(t.buf) {
		return false, nil, fmt.Errorf("geoio: %s: record %d: %w", t.name, i, err)
	}
	if t.buf[0] == '*' {
		return true, nil, nil
	}
	props := make(geoio.Properties, len(t.fields))
	for j := range t.fields {
		f := &t.fields[j]
		props[j] = geoio.Property{Key: f.name, Value: t.value(f, t.buf[f.off:f.off+f.width])}
	}
	return false, props, nil
}

func (t *dbfTable) text(b []byte) string {
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	switch {
	case ascii:
		return string(b)
	case t.cp.guess:
		if utf8.Valid(b) {
			return string(b)
		}
		t.warnOnce("codepage", fmt.Sprintf("%s: no .cpg file and no language driver id; text that is not UTF-8 is read as Windows-1252", t.name))
		s, _ := charmap.Windows1252.NewDecoder().Bytes(b)
		return string(s)
	case t.dec != nil:
		s, err := t.dec.Bytes(b)
		if err == nil {
			return string(s)
		}
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func (t *dbfTable) value(f *dbfField, raw []byte) any {
	if len(raw) == 0 {
		return nil
	}
	switch f.typ {
	case 'N', 'F':
		s := strings.TrimSpace(string(bytes.TrimRight(raw, "\x00")))
		if s == "" || strings.Trim(s, "*") == "" {
			return nil
		}
		if f.ftype == geoio.FieldInt {
			if v, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64); err == nil {
				return v
			}
			if v, err := strconv.ParseFloat(s, 64); err == nil && v == math.Trunc(v) && math.Abs(v) < 1<<63 {
				return int64(v)
			}
		} else if v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
			return v
		}
		t.warnOnce("num:"+f.name, fmt.Sprintf("%s: field %s holds a value that is not a number (%q); read as null", t.name, f.name, s))
		return nil
	case 'L':
		switch raw[0] {
		case 'T', 't', 'Y', 'y':
			return true
		case 'F', 'f', 'N', 'n':
			return false
		}
		return nil
	case 'D':
		s := strings.TrimSpace(string(raw))
		if s == "" || strings.Trim(s, "0") == "" {
			return nil
		}
		d, err := time.Parse("20060102", s)
		if err != nil {
			t.warnOnce("date:"+f.name, fmt.Sprintf("%s: field %s holds a value that is not a date (%q); read as null", t.name, f.name, s))
			return nil
		}
		return d
	case 'I', '+':
		if len(raw) != 4 {
			return nil
		}
		return int64(int32(binary.LittleEndian.Uint32(raw)))
	case 'O':
		if len(raw) != 8 {
			return nil
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(raw))
	case 'M':
		return t.memoValue(f, raw)
	case 'C':
	default:
		t.warnOnce("type:"+f.name, fmt.Sprintf("%s: field %s has dBASE type %q, read as text", t.name, f.name, string(f.typ)))
	}
	s := strings.TrimRight(string(raw), " \x00")
	if s == "" {
		return nil
	}
	return t.text([]byte(s))
}

func (t *dbfTable) memoValue(f *dbfField, raw []byte) any {
	var block int64
	if len(raw) == 4 {
		// Visual FoxPro keeps the block number as a binary integer.
		block = int64(binary.LittleEndian.Uint32(raw))
	} else {
		s := strings.TrimSpace(string(raw))
		if s == "" {
			return nil
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil
		}
		block = v
	}
	if block <= 0 {
		return nil
	}
	if t.memo == nil {
		t.warnOnce("memo", fmt.Sprintf("%s: memo field %s has no .dbt file beside it; its values are the memo block numbers", t.name, f.name))
		return strconv.FormatInt(block, 10)
	}
	b, ok := t.memo.read(block)
	if !ok {
		t.warnOnce("memoblock:"+f.name, fmt.Sprintf("%s: memo field %s points past the end of the .dbt; read as null", t.name, f.name))
		return nil
	}
	return t.text(b)
}

// dbfMemo is a .dbt memo file.
type dbfMemo struct {
	r         io.ReaderAt
	size      int64
	blockSize int64
}

// dbfMaxMemo bounds one memo value, so that a bad length cannot make the
// reader allocate without limit.
const dbfMaxMemo = 16 << 20

func newDBFMemo(r io.ReaderAt, size int64, dbaseIV bool) *dbfMemo {
	m := &dbfMemo{r: r, size: size, blockSize: 512}
	if dbaseIV && size >= 22 {
		var b [2]byte
		if _, err := r.ReadAt(b[:], 20); err == nil {
			if bs := int64(binary.LittleEndian.Uint16(b[:])); bs >= 32 {
				m.blockSize = bs
			}
		}
	}
	return m
}

func (m *dbfMemo) read(block int64) ([]byte, bool) {
	if block > m.size/m.blockSize {
		return nil, false
	}
	off := block * m.blockSize
	if off >= m.size {
		return nil, false
	}
	n := min(m.size-off, dbfMaxMemo)
	buf := make([]byte, min(n, 64<<10))
	got, _ := m.r.ReadAt(buf, off)
	buf = buf[:got]
	if len(buf) >= 8 && buf[0] == 0xFF && buf[1] == 0xFF && buf[2] == 0x08 && buf[3] == 0x00 {
		l := int64(binary.LittleEndian.Uint32(buf[4:8])) - 8
		if l < 0 || l > n-8 {
			return nil, false
		}
		out := make([]byte, l)
		if got, _ := m.r.ReadAt(out, off+8); int64(got) < l {
			return nil, false
		}
		return out, true
	}
	// dBASE III: text up to the 0x1A end mark.
	var out []byte
	for {
		if i := bytes.IndexByte(buf, 0x1A); i >= 0 {
			return append(out, buf[:i]...), true
		}
		out = append(out, buf...)
		off += int64(len(buf))
		if len(buf) == 0 || off >= m.size || int64(len(out)) >= n {
			return out, true
		}
		got, _ := m.r.ReadAt(buf[:cap(buf)], off)
		buf = buf[:got]
	}
}

// dbfColumn is one output column.
type dbfColumn struct {
	key   string // property name
	name  string // name in the file, at most 10 bytes
	typ   byte
	width int
	dec   int
	ftype geoio.FieldType
}

// dbfMaxNameLen is the longest field name a dBASE header holds (11 bytes
// with the terminating NUL).
const dbfMaxNameLen = 10

// planDBFColumns turns the layer fields into columns: names cut to 10
// bytes and made unique (case-insensitively, as most readers compare
// them), widths and decimals chosen.
func planDBFColumns(fields []geoio.Field, warn func(string)) ([]dbfColumn, error) {
	cols := make([]dbfColumn, 0, len(fields))
	used := map[string]bool{}
	for i, f := range fields {
		name := strings.ReplaceAll(f.Name, "\x00", "_")
		if name == "" {
			name = "field_" + strconv.Itoa(i+1)
		}
		short := dbfCutName(name, dbfMaxNameLen)
		for k := 1; used[strings.ToUpper(short)]; k++ {
			suffix := "_" + strconv.Itoa(k)
			short = dbfCutName(name, dbfMaxNameLen-len(suffix)) + suffix
		}
		used[strings.ToUpper(short)] = true
		if short != f.Name && warn != nil {
			warn(fmt.Sprintf("field %q is written as %q (a dBASE field name holds at most 10 bytes and must be unique)", f.Name, short))
		}
		c := dbfColumn{key: f.Name, name: short, ftype: f.Type}
		switch f.Type {
		case geoio.FieldString:
			c.typ, c.width = 'C', 254
			if f.Width > 0 {
				c.width = min(f.Width, 254)
			}
		case geoio.FieldInt:
			c.typ, c.width = 'N', 18
			if f.Width > 0 {
				// Wider integer columns read back as real numbers.
				c.width = min(f.Width, 18)
			}
		case geoio.FieldFloat:
			c.typ, c.width, c.dec = 'N', 24, 15
			if f.Width > 0 {
				c.width = min(f.Width, 254)
				c.dec = max(0, min(f.Precision, c.width-2, 15))
			}
			if c.dec == 0 && c.width <= 18 {
				// N with no decimals reads back as an integer column.
				c.typ = 'F'
			}
		case geoio.FieldBool:
			c.typ, c.width = 'L', 1
		case geoio.FieldDate:
			c.typ, c.width = 'D', 8
		default:
			c.typ, c.width = 'C', 1
		}
		cols = append(cols, c)
	}
	recLen := 1
	for _, c := range cols {
		recLen += c.width
	}
	if recLen > math.MaxUint16 {
		return nil, fmt.Errorf("geoio: the %d fields need %d bytes per dBASE record; the format holds at most %d", len(cols), recLen, math.MaxUint16)
	}
	if 32+32*len(cols)+1 > math.MaxUint16 {
		return nil, fmt.Errorf("geoio: %d fields are too many for a dBASE header", len(cols))
	}
	return cols, nil
}

// dbfCutName cuts s to at most n bytes without splitting a UTF-8 sequence.
func dbfCutName(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// dbfHeader builds the header for cols and count records. The update date
// is fixed so that identical input gives identical files.
func dbfHeader(cols []dbfColumn, count uint32) []byte {
	hlen := 32 + 32*len(cols) + 1
	rlen := 1
	for _, c := range cols {
		rlen += c.width
	}
	h := make([]byte, hlen)
	h[0] = 0x03
	h[1], h[2], h[3] = 95, 7, 26
	binary.LittleEndian.PutUint32(h[4:], count)
	binary.LittleEndian.PutUint16(h[8:], uint16(hlen))
	binary.LittleEndian.PutUint16(h[10:], uint16(rlen))
	// Byte 29 (language driver) stays 0: the .cpg says UTF-8.
	for i, c := range cols {
		d := h[32+32*i : 64+32*i]
		copy(d[:11], c.name)
		d[11] = c.typ
		d[16] = byte(c.width)
		d[17] = byte(c.dec)
	}
	h[hlen-1] = 0x0D
	return h
}

// dbfValueString is the text form of a value of another type than its
// column.
func dbfValueString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	case geoio.RawJSON:
		return string(x) // an array or object, as its JSON text
	}
	return geoio.FormatID(v)
}

// dbfFormatFloat gives the shortest text that reads back as v and fits in
// width bytes, losing digits only when the exact form does not fit.
func dbfFormatFloat(v float64, width int) (string, bool) {
	if s := strconv.FormatFloat(v, 'f', -1, 64); len(s) <= width {
		return s, true
	}
	if s := strconv.FormatFloat(v, 'g', -1, 64); len(s) <= width {
		return s, true
	}
	for prec := 16; prec >= 1; prec-- {
		if s := strconv.FormatFloat(v, 'g', prec, 64); len(s) <= width {
			return s, true
		}
	}
	return "", false
}

// encode writes v into dst (len(dst) == c.width). truncated says a string
// was cut to fit.
func (c *dbfColumn) encode(dst []byte, v any) (truncated bool, err error) {
	for i := range dst {
		dst[i] = ' '
	}
	if v == nil {
		if c.typ == 'L' {
			dst[0] = '?'
		}
		return false, nil
	}
	right := func(s string) error {
		if len(s) > len(dst) {
			return fmt.Errorf("value %q does not fit in %d characters", s, len(dst))
		}
		copy(dst[len(dst)-len(s):], s)
		return nil
	}
	switch c.typ {
	case 'C':
		s := dbfValueString(v)
		if len(s) > len(dst) {
			s = dbfCutName(s, len(dst))
			truncated = true
		}
		copy(dst, s)
		return truncated, nil
	case 'N', 'F':
		switch x := v.(type) {
		case int64:
			return false, right(strconv.FormatInt(x, 10))
		case int:
			return false, right(strconv.Itoa(x))
		case int32:
			return false, right(strconv.FormatInt(int64(x), 10))
		case float32:
			v = float64(x)
		}
		if x, ok := v.(float64); ok {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false, nil
			}
			if c.ftype == geoio.FieldInt && x == math.Trunc(x) && math.Abs(x) < 1e18 {
				return false, right(strconv.FormatInt(int64(x), 10))
			}
			s, ok := dbfFormatFloat(x, len(dst))
			if !ok {
				return false, fmt.Errorf("value %v does not fit in %d characters", x, len(dst))
			}
			return false, right(s)
		}
		return false, right(dbfValueString(v))
	case 'L':
		switch x := v.(type) {
		case bool:
			if x {
				dst[0] = 'T'
			} else {
				dst[0] = 'F'
			}
			return false, nil
		}
	case 'D':
		switch x := v.(type) {
		case time.Time:
			if x.Year() < 0 || x.Year() > 9999 {
				return false, fmt.Errorf("date %s is outside years 0-9999", x.Format(time.RFC3339))
			}
			copy(dst, x.Format("20060102"))
			return false, nil
		case string:
			if d, err := time.Parse("2006-01-02", x); err == nil {
				copy(dst, d.Format("20060102"))
				return false, nil
			}
		}
	}
	s := dbfValueString(v)
	if len(s) > len(dst) {
		return false, fmt.Errorf("value %q does not fit in %d characters", s, len(dst))
	}
	copy(dst, s)
	return false, nil
}
