package filegdb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unicode/utf16"
	"unicode/utf8"
)

// Field types of the field descriptors. 0–12 are those of the
// specification; 13–16 are the types ArcGIS Pro 3.2 added.
const (
	ftInt16          = 0
	ftInt32          = 1
	ftFloat32        = 2
	ftFloat64        = 3
	ftString         = 4
	ftDateTime       = 5
	ftObjectID       = 6
	ftGeometry       = 7
	ftBinary         = 8
	ftRaster         = 9
	ftGUID           = 10
	ftGlobalID       = 11
	ftXML            = 12
	ftInt64          = 13
	ftDate           = 14
	ftTime           = 15
	ftDateTimeOffset = 16
)

// fieldTypeName names a field type for messages.
func fieldTypeName(t byte) string {
	names := [...]string{"int16", "int32", "float32", "float64", "string", "datetime", "object id",
		"geometry", "binary", "raster", "GUID", "global id", "XML", "int64", "date", "time", "timestamp with offset"}
	if int(t) < len(names) {
		return names[t]
	}
	return fmt.Sprintf("type %d", t)
}

// Table geometry types (the low byte of the layer flags).
const (
	tgNone       = 0
	tgPoint      = 1
	tgMultiPoint = 2
	tgPolyline   = 3
	tgPolygon    = 4
	tgMultiPatch = 9
)

// field is one field descriptor.
type field struct {
	name     string
	typ      byte
	nullable bool
	width    int      // strings: the maximum length
	geom     *geomDef // geometry fields
	raster   byte     // raster fields: 0 external, 1 managed, 2 inline
}

// geomDef is what a geometry field descriptor says about its coordinates:
// the spatial reference WKT and the integer grid they are stored on.
type geomDef struct {
	wkt                string
	xOrigin, yOrigin   float64
	xyScale            float64
	hasZGrid, hasMGrid bool
}

// table is one opened .gdbtable with its .gdbtablx: the header, the
// field descriptors and the row offsets. Every length and offset read
// from the files is checked against their sizes before it is used.
type table struct {
	name   string // for messages: the .gdb, the file and the layer
	data   readerAtCloser
	size   int64
	index  readerAtCloser
	isize  int64
	closed bool

	validRows int   // rows the header declares (deleted rows excluded)
	totalRows int   // row slots of the .gdbtablx, deleted rows included
	offSize   int64 // bytes per offset in the .gdbtablx: 4, 5 or 6
	// blocks maps a block of 1024 rows to its place among the blocks
	// the .gdbtablx stores, -1 for a block left out (all its rows
	// deleted); nil when every block is stored.
	blocks []int32

	utf8       bool // strings in rows are UTF-8 (else UTF-16)
	geomType   byte
	hasZ, hasM bool
	fields     []field
	nullable   int // number of nullable fields: one bit each in a row
	geomField  int // index in fields, -1 when none
	fieldsEnd  int64

	rowBuf []byte
}

// errTable makes an error that names the table.
func (t *table) errorf(format string, a ...any) error {
	return fmt.Errorf("geoio: %s: %s", t.name, fmt.Sprintf(format, a...))
}

// readAt reads exactly len(p) bytes at off, or says how the file is short.
func readFull(r io.ReaderAt, size int64, p []byte, off int64) error {
	if off < 0 || off > size || int64(len(p)) > size-off {
		return errShort
	}
	n, err := r.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || err == io.EOF {
		return errShort
	}
	return err
}

var errShort = errors.New("the file ends too early")

// maxFieldSection bounds the field description section (GDAL reads at
// most 10 MiB of it; 65,534 fields with long names and WKT fit).
const maxFieldSection = 10 << 20

// openTable reads the header and the field descriptors of data and the
// header of index.
func openTable(name string, data readerAtCloser, size int64, index readerAtCloser, isize int64) (*table, error) {
	t := &table{name: name, data: data, size: size, index: index, isize: isize, geomField: -1}
	var h [40]byte
	if err := readFull(data, size, h[:], 0); err != nil {
		return nil, t.errorf("not a .gdbtable: %d bytes, shorter than the 40-byte header", size)
	}
	if v := binary.LittleEndian.Uint32(h[0:4]); v != 3 && v != 4 {
		return nil, t.errorf("not a .gdbtable (signature %d, want 3)", v)
	}
	valid := int32(binary.LittleEndian.Uint32(h[4:8]))
	if valid < 0 {
		return nil, t.errorf("the header declares %d rows", valid)
	}
	t.validRows = int(valid)
	fdOff := int64(binary.LittleEndian.Uint64(h[32:40]))
	var fh [14]byte
	if fdOff < 40 || readFull(data, size, fh[:], fdOff) != nil {
		return nil, t.errorf("the field descriptions at byte %d lie outside the file (%d bytes)", fdOff, size)
	}
	fdLen := int64(binary.LittleEndian.Uint32(fh[0:4]))
	version := binary.LittleEndian.Uint32(fh[4:8])
	switch version {
	case 3, 4:
	case 6:
		return nil, t.errorf("a table with 64-bit object ids (format version 6, ArcGIS Pro 3.2 and later) is not supported; export it to a geodatabase without 64-bit ids or to a GeoPackage")
	default:
		return nil, t.errorf("format version %d is not supported (only 3, FileGDB 9, and 4, FileGDB 10)", version)
	}
	if fdLen < 10 || fdLen > maxFieldSection || fdLen > size-fdOff-4 {
		return nil, t.errorf("the field descriptions claim %d bytes from byte %d of a %d-byte file", fdLen, fdOff, size)
	}
	t.geomType = fh[8]
	t.utf8 = fh[9]&1 != 0
	t.hasM = fh[11]&(1<<6) != 0
	t.hasZ = fh[11]&(1<<7) != 0
	nFields := int(binary.LittleEndian.Uint16(fh[12:14]))
	buf := make([]byte, fdLen-10)
	if err := readFull(data, size, buf, fdOff+14); err != nil {
		return nil, t.errorf("reading the field descriptions: %v", err)
	}
	t.fieldsEnd = fdOff + 4 + fdLen
	c := &cursor{b: buf}
	for i := 0; i < nFields; i++ {
		f, err := t.readField(c)
		if err != nil {
			return nil, t.errorf("field %d of %d: %v", i+1, nFields, err)
		}
		if f.nullable {
			t.nullable++
		}
		if f.typ == ftGeometry {
			if t.geomField >= 0 {
				return nil, t.errorf("more than one geometry field")
			}
			t.geomField = len(t.fields)
		}
		t.fields = append(t.fields, f)
	}
	if err := t.readIndexHeader(); err != nil {
		return nil, err
	}
	return t, nil
}

// cursor walks a byte slice; every read checks the bytes left.
type cursor struct {
	b   []byte
	off int
}

var errTruncated = errors.New("runs past its end")

func (c *cursor) left() int { return len(c.b) - c.off }

func (c *cursor) bytes(n int) ([]byte, error) {
	if n < 0 || n > c.left() {
		return nil, errTruncated
	}
	p := c.b[c.off : c.off+n]
	c.off += n
	return p, nil
}

func (c *cursor) u8() (byte, error) {
	if c.off >= len(c.b) {
		return 0, errTruncated
	}
	v := c.b[c.off]
	c.off++
	return v, nil
}

func (c *cursor) u16() (uint16, error) {
	p, err := c.bytes(2)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint16(p), nil
}

func (c *cursor) u32() (uint32, error) {
	p, err := c.bytes(4)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(p), nil
}

func (c *cursor) u64() (uint64, error) {
	p, err := c.bytes(8)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(p), nil
}

func (c *cursor) f64() (float64, error) {
	v, err := c.u64()
	return math.Float64frombits(v), err
}

// varuint reads the specification's unsigned variable-length integer:
// 7 bits a byte, least significant first, the high bit set on every byte
// but the last.
func (c *cursor) varuint() (uint64, error) {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if c.off >= len(c.b) {
			return 0, errTruncated
		}
		b := c.b[c.off]
		c.off++
		if shift >= 64 || (shift == 63 && b > 1) {
			return 0, errors.New("a variable-length integer overflows 64 bits")
		}
		v |= uint64(b&0x7f) << shift
		if b&0x80 == 0 {
			return v, nil
		}
	}
}

// varint reads the signed form: the first byte holds 6 bits of value,
// the sign (0x40) and the continuation bit (0x80).
func (c *cursor) varint() (int64, error) {
	if c.off >= len(c.b) {
		return 0, errTruncated
	}
	b := c.b[c.off]
	c.off++
	v := uint64(b & 0x3f)
	neg := b&0x40 != 0
	if b&0x80 != 0 {
		for shift := uint(6); ; shift += 7 {
			if c.off >= len(c.b) {
				return 0, errTruncated
			}
			b = c.b[c.off]
			c.off++
			if shift >= 63 || (shift == 62 && b > 1) {
				return 0, errors.New("a variable-length integer overflows 64 bits")
			}
			v |= uint64(b&0x7f) << shift
			if b&0x80 == 0 {
				break
			}
		}
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// utf16String reads n UTF-16LE code units.
func (c *cursor) utf16String(n int) (string, error) {
	p, err := c.bytes(2 * n)
	if err != nil {
		return "", err
	}
	return decodeUTF16(p), nil
}

// decodeUTF16 turns little-endian UTF-16 into UTF-8; an unpaired
// surrogate becomes U+FFFD.
func decodeUTF16(p []byte) string {
	u := make([]uint16, len(p)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(p[2*i:])
	}
	return string(utf16.Decode(u))
}

// readField reads one field descriptor.
func (t *table) readField(c *cursor) (field, error) {
	var f field
	n, err := c.u8()
	if err != nil {
		return f, err
	}
	if f.name, err = c.utf16String(int(n)); err != nil {
		return f, fmt.Errorf("name: %w", err)
	}
	if n, err = c.u8(); err != nil {
		return f, err
	}
	if _, err = c.utf16String(int(n)); err != nil { // the alias
		return f, fmt.Errorf("alias of %s: %w", f.name, err)
	}
	if f.typ, err = c.u8(); err != nil {
		return f, err
	}
	fail := func(err error) (field, error) {
		return f, fmt.Errorf("%s (%s): %w", f.name, fieldTypeName(f.typ), err)
	}
	var flags byte
	switch f.typ {
	case ftString:
		w, err := c.u32()
		if err != nil {
			return fail(err)
		}
		if int32(w) < 0 {
			return fail(fmt.Errorf("width %d", int32(w)))
		}
		f.width = int(w)
		if flags, err = c.u8(); err != nil {
			return fail(err)
		}
		dl, err := c.varuint()
		if err != nil {
			return fail(err)
		}
		if flags&4 != 0 {
			if dl > uint64(c.left()) {
				return fail(errTruncated)
			}
			c.off += int(dl) // a default value, not needed to read
		}
	case ftObjectID, ftBinary, ftGUID, ftGlobalID, ftXML:
		p, err := c.bytes(2)
		if err != nil {
			return fail(err)
		}
		flags = p[1]
	case ftGeometry, ftRaster:
		p, err := c.bytes(2)
		if err != nil {
			return fail(err)
		}
		flags = p[1]
		if err := t.readGeomDef(c, &f); err != nil {
			return fail(err)
		}
	case ftInt16, ftInt32, ftFloat32, ftFloat64, ftDateTime, ftInt64, ftDate, ftTime, ftDateTimeOffset:
		p, err := c.bytes(3)
		if err != nil {
			return fail(err)
		}
		flags = p[1]
		if flags&4 != 0 {
			if _, err := c.bytes(int(p[2])); err != nil {
				return fail(err)
			}
		}
	default:
		return f, fmt.Errorf("%s: unknown field type %d", f.name, f.typ)
	}
	f.nullable = flags&1 != 0
	if f.typ == ftObjectID {
		f.nullable = false
	}
	return f, nil
}

// readGeomDef reads the rest of a geometry or raster field descriptor:
// the spatial reference as WKT, which origins and scales follow, the
// grid, the extent and the spatial index grid sizes.
func (t *table) readGeomDef(c *cursor, f *field) error {
	g := &geomDef{}
	f.geom = g
	if f.typ == ftRaster {
		n, err := c.u8()
		if err != nil {
			return err
		}
		if _, err := c.utf16String(int(n)); err != nil { // the raster column
			return err
		}
	}
	wl, err := c.u16()
	if err != nil {
		return err
	}
	if g.wkt, err = c.utf16String(int(wl) / 2); err != nil {
		return fmt.Errorf("spatial reference WKT: %w", err)
	}
	c.off += int(wl) % 2
	gflags, err := c.u8()
	if err != nil {
		return err
	}
	g.hasMGrid = gflags&2 != 0
	g.hasZGrid = gflags&4 != 0
	if f.typ == ftGeometry || gflags != 0 {
		vals := []*float64{&g.xOrigin, &g.yOrigin, &g.xyScale}
		var skip float64
		if g.hasMGrid {
			vals = append(vals, &skip, &skip) // M origin and scale
		}
		if g.hasZGrid {
			vals = append(vals, &skip, &skip) // Z origin and scale
		}
		vals = append(vals, &skip) // XY tolerance
		if g.hasMGrid {
			vals = append(vals, &skip)
		}
		if g.hasZGrid {
			vals = append(vals, &skip)
		}
		for _, p := range vals {
			if *p, err = c.f64(); err != nil {
				return err
			}
		}
		if !(g.xyScale > 0) || math.IsInf(g.xyScale, 0) || math.IsNaN(g.xOrigin) || math.IsNaN(g.yOrigin) {
			return fmt.Errorf("coordinate grid with scale %g and origin (%g, %g)", g.xyScale, g.xOrigin, g.yOrigin)
		}
	}
	if f.typ == ftRaster {
		f.raster, err = c.u8()
		return err
	}
	// extent, then Z and M ranges when the layer has them
	n := 4
	if t.hasZ {
		n += 2
	}
	if t.hasM {
		n += 2
	}
	if _, err := c.bytes(8 * n); err != nil {
		return fmt.Errorf("extent: %w", err)
	}
	// a zero byte, the number of spatial index grid sizes (1 to 3) and
	// the sizes
	p, err := c.bytes(5)
	if err != nil {
		return fmt.Errorf("spatial index grid: %w", err)
	}
	ng := binary.LittleEndian.Uint32(p[1:5])
	if ng > 3 {
		return fmt.Errorf("%d spatial index grid sizes (at most 3)", ng)
	}
	if _, err := c.bytes(8 * int(ng)); err != nil {
		return fmt.Errorf("spatial index grid: %w", err)
	}
	return nil
}

// readIndexHeader reads the .gdbtablx header and, when present, the map
// of the blocks it stores (the trailing section).
func (t *table) readIndexHeader() error {
	if t.index == nil {
		if t.validRows == 0 {
			return nil
		}
		return t.errorf("the .gdbtablx that locates its rows is missing")
	}
	var h [16]byte
	if err := readFull(t.index, t.isize, h[:], 0); err != nil {
		return t.errorf("the .gdbtablx is %d bytes, shorter than its 16-byte header", t.isize)
	}
	blocks := int64(binary.LittleEndian.Uint32(h[4:8]))
	total := int64(int32(binary.LittleEndian.Uint32(h[8:12])))
	t.offSize = int64(binary.LittleEndian.Uint32(h[12:16]))
	if t.offSize < 4 || t.offSize > 6 {
		return t.errorf("the .gdbtablx gives offsets of %d bytes (4, 5 or 6 expected)", t.offSize)
	}
	if total < 0 || blocks*1024 < 0 || blocks > (t.isize-16)/(1024*t.offSize) {
		return t.errorf("the .gdbtablx declares %d rows in %d blocks but holds %d bytes", total, blocks, t.isize)
	}
	t.totalRows = int(total)
	need := (total + 1023) / 1024
	if blocks >= need {
		return nil
	}
	// Some blocks are left out: a trailing section maps which are there.
	// It follows the blocks: the number of 32-bit words of the bitmap,
	// the number of blocks the bitmap covers, the number of blocks
	// stored, the number of leading words holding a set bit, then the
	// bitmap (a set bit per stored block).
	var tr [16]byte
	at := 16 + blocks*1024*t.offSize
	if err := readFull(t.index, t.isize, tr[:], at); err != nil {
		return t.errorf("the .gdbtablx stores %d of %d blocks of rows but its block map is missing", blocks, need)
	}
	words := int64(binary.LittleEndian.Uint32(tr[0:4]))
	if words == 0 || words > (t.isize-at-16)/4 || words*32 < need {
		return t.errorf("the .gdbtablx block map of %d words does not cover its %d blocks", words, need)
	}
	bm := make([]byte, 4*words)
	if err := readFull(t.index, t.isize, bm, at+16); err != nil {
		return t.errorf("reading the .gdbtablx block map: %v", err)
	}
	t.blocks = make([]int32, need)
	stored := int32(0)
	for b := int64(0); b < need; b++ {
		if bm[b/8]&(1<<(b%8)) != 0 {
			if int64(stored) >= blocks {
				return t.errorf("the .gdbtablx block map marks more blocks than the %d it stores", blocks)
			}
			t.blocks[b] = stored
			stored++
		} else {
			t.blocks[b] = -1
		}
	}
	return nil
}

// rowOffset is where row i (0-based; its object id is i+1) starts in the
// .gdbtable, 0 for a deleted row.
func (t *table) rowOffset(i int) (int64, error) {
	slot := int64(i)
	if t.blocks != nil {
		b := t.blocks[i/1024]
		if b < 0 {
			return 0, nil
		}
		slot = int64(b)*1024 + int64(i%1024)
	}
	var p [8]byte
	if err := readFull(t.index, t.isize, p[:t.offSize], 16+slot*t.offSize); err != nil {
		return 0, fmt.Errorf("geoio: %s: reading the offset of row %d in the .gdbtablx: %w", t.name, i+1, err)
	}
	return int64(binary.LittleEndian.Uint64(p[:])), nil
}

// readRow reads the row blob at off: its 32-bit length, then the blob.
func (t *table) readRow(off int64) ([]byte, error) {
	if off < t.fieldsEnd {
		return nil, fmt.Errorf("the row offset %d lies inside the table header (which ends at %d)", off, t.fieldsEnd)
	}
	var h [4]byte
	if err := readFull(t.data, t.size, h[:], off); err != nil {
		return nil, errTruncatedRow{need: 4, off: off, size: t.size}
	}
	n := int64(int32(binary.LittleEndian.Uint32(h[:])))
	if n < 0 {
		return nil, fmt.Errorf("the row at byte %d has a negative length (%d): a deleted row the .gdbtablx still points to", off, n)
	}
	if n > t.size-off-4 {
		return nil, errTruncatedRow{need: n + 4, off: off, size: t.size}
	}
	if int64(cap(t.rowBuf)) < n {
		t.rowBuf = make([]byte, n)
	}
	b := t.rowBuf[:n]
	if err := readFull(t.data, t.size, b, off+4); err != nil {
		return nil, err
	}
	return b, nil
}

type errTruncatedRow struct{ need, off, size int64 }

func (e errTruncatedRow) Error() string {
	return fmt.Sprintf("the row needs %d bytes from byte %d but the file ends at byte %d", e.need, e.off, e.size)
}

// value is one decoded field of a row; geometry fields keep their blob.
type rowValues struct {
	vals []any  // per field, nil for null, objectid, geometry
	geom []byte // the geometry blob, nil when null
	null []bool // per field
}

// decodeRow splits a row blob into its field values.
func (t *table) decodeRow(b []byte, out *rowValues) error {
	if cap(out.vals) < len(t.fields) {
		out.vals = make([]any, len(t.fields))
		out.null = make([]bool, len(t.fields))
	}
	out.vals = out.vals[:len(t.fields)]
	out.null = out.null[:len(t.fields)]
	out.geom = nil
	c := &cursor{b: b}
	flags, err := c.bytes((t.nullable + 7) / 8)
	if err != nil {
		return fmt.Errorf("the row of %d bytes is shorter than its null flags", len(b))
	}
	bit := 0
	for i := range t.fields {
		f := &t.fields[i]
		out.vals[i] = nil
		out.null[i] = false
		if f.typ == ftObjectID {
			continue
		}
		if f.nullable {
			isNull := flags[bit/8]&(1<<(bit%8)) != 0
			bit++
			if isNull {
				out.null[i] = true
				continue
			}
		}
		v, err := t.decodeValue(c, f)
		if err != nil {
			return fmt.Errorf("field %s (%s): %w", f.name, fieldTypeName(f.typ), err)
		}
		if f.typ == ftGeometry {
			out.geom = v.([]byte)
			continue
		}
		out.vals[i] = v
	}
	return nil
}

// decodeValue reads one non-null value.
func (t *table) decodeValue(c *cursor, f *field) (any, error) {
	switch f.typ {
	case ftInt16:
		v, err := c.u16()
		return int64(int16(v)), err
	case ftInt32:
		v, err := c.u32()
		return int64(int32(v)), err
	case ftInt64:
		v, err := c.u64()
		return int64(v), err
	case ftFloat32:
		v, err := c.u32()
		return float64(math.Float32frombits(v)), err
	case ftFloat64:
		return c.f64()
	case ftString, ftXML:
		n, err := c.varuint()
		if err != nil {
			return nil, err
		}
		if n > uint64(c.left()) {
			return nil, fmt.Errorf("a text of %d bytes in the %d left in the row", n, c.left())
		}
		p, _ := c.bytes(int(n))
		if !t.utf8 && f.typ == ftString {
			return decodeUTF16(p), nil
		}
		if !utf8.Valid(p) {
			return string([]rune(string(p))), nil // invalid bytes become U+FFFD
		}
		return string(p), nil
	case ftDateTime:
		v, err := c.f64()
		if err != nil {
			return nil, err
		}
		return dateTimeValue(v)
	case ftDate:
		v, err := c.f64()
		if err != nil {
			return nil, err
		}
		return dateValue(v)
	case ftTime:
		v, err := c.f64()
		if err != nil {
			return nil, err
		}
		return timeOfDayValue(v)
	case ftDateTimeOffset:
		v, err := c.f64()
		if err != nil {
			return nil, err
		}
		off, err := c.u16()
		if err != nil {
			return nil, err
		}
		return dateTimeOffsetValue(v, int16(off))
	case ftGUID, ftGlobalID:
		p, err := c.bytes(16)
		if err != nil {
			return nil, err
		}
		return formatGUID(p), nil
	case ftGeometry, ftBinary:
		n, err := c.varuint()
		if err != nil {
			return nil, err
		}
		if n > uint64(c.left()) {
			return nil, fmt.Errorf("a blob of %d bytes in the %d left in the row", n, c.left())
		}
		p, _ := c.bytes(int(n))
		return p, nil
	case ftRaster:
		switch f.raster {
		case 1: // managed: a raster id
			_, err := c.u32()
			return nil, err
		default: // external (a path) or inline (the raster itself)
			n, err := c.varuint()
			if err != nil {
				return nil, err
			}
			if n > uint64(c.left()) {
				return nil, errTruncated
			}
			c.off += int(n)
			return nil, nil
		}
	}
	return nil, fmt.Errorf("unknown field type %d", f.typ)
}

// formatGUID writes 16 bytes the way Windows and GDAL do: the first
// three groups little-endian, in braces, upper case.
func formatGUID(p []byte) string {
	return fmt.Sprintf("{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
		binary.LittleEndian.Uint32(p[0:4]), binary.LittleEndian.Uint16(p[4:6]), binary.LittleEndian.Uint16(p[6:8]),
		p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15])
}

func (t *table) Close() error {
	if t.closed {
		return nil
	}
	t.closed = true
	var first error
	for _, c := range []readerAtCloser{t.data, t.index} {
		if c != nil {
			if err := c.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}
