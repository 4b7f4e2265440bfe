package filegdb

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// A small writer of tables, after the layout in doc.go, for what GDAL
// 3.6 cannot write: the newer field types, global ids, binary fields,
// Bézier and elliptic arcs, multipatches, sparse .gdbtablx blocks,
// UTF-16 strings.

type sfield struct {
	name     string
	typ      byte
	nullable bool
}

type synth struct {
	geomType   byte
	hasZ, hasM bool
	utf16      bool
	version    uint32
	fields     []sfield   // the object id comes first, implicitly
	rows       [][][]byte // nil row: deleted; nil value: null
	sparse     bool       // leave out blocks of 1024 rows all deleted
	scale      float64
	wkt        string
}

func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
func le16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }
func f64b(v float64) []byte {
	return binary.LittleEndian.AppendUint64(nil, math.Float64bits(v))
}

func appendVarUint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendVarInt(b []byte, v int64) []byte {
	u := uint64(v)
	sign := byte(0)
	if v < 0 {
		u, sign = uint64(-v), 0x40
	}
	first := byte(u&0x3f) | sign
	u >>= 6
	if u == 0 {
		return append(b, first)
	}
	b = append(b, first|0x80)
	return appendVarUint(b, u)
}

func utf16Bytes(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

const synthOrigin = -400.0

func (s *synth) build() (table, tablx []byte) {
	if s.scale == 0 {
		s.scale = 1e9
	}
	if s.version == 0 {
		s.version = 4
	}
	var fd []byte
	fd = append(fd, le32(s.version)...)
	flags := byte(0)
	if s.hasZ {
		flags |= 0x80
	}
	if s.hasM {
		flags |= 0x40
	}
	utf8Flag := byte(1)
	if s.utf16 {
		utf8Flag = 0
	}
	fd = append(fd, s.geomType, utf8Flag, 0, flags)
	all := append([]sfield{{name: "OBJECTID", typ: ftObjectID}}, s.fields...)
	fd = append(fd, le16(uint16(len(all)))...)
	nullable := 0
	for _, f := range all {
		fd = append(fd, byte(len(utf16.Encode([]rune(f.name)))))
		fd = append(fd, utf16Bytes(f.name)...)
		fd = append(fd, 0, f.typ)
		fl := byte(0)
		if f.nullable {
			fl = 1
			nullable++
		}
		switch f.typ {
		case ftString:
			fd = append(fd, le32(255)...)
			fd = append(fd, fl, 0)
		case ftObjectID:
			fd = append(fd, 4, 2)
		case ftBinary, ftGUID, ftGlobalID, ftXML:
			fd = append(fd, 0, fl)
		case ftGeometry:
			fd = append(fd, 0, fl)
			w := utf16Bytes(s.wkt)
			fd = append(fd, le16(uint16(len(w)))...)
			fd = append(fd, w...)
			fd = append(fd, 1) // no Z or M grid
			for _, v := range []float64{synthOrigin, synthOrigin, s.scale, 1e-9, 100, -1, 118, 1} {
				fd = append(fd, f64b(v)...)
			}
			n := 0
			if s.hasZ {
				n += 2
			}
			if s.hasM {
				n += 2
			}
			for k := 0; k < n; k++ {
				fd = append(fd, f64b(0)...)
			}
			fd = append(fd, 0)
			fd = append(fd, le32(1)...)
			fd = append(fd, f64b(0.5)...)
		default:
			fd = append(fd, 8, fl, 0)
		}
	}
	var hdr []byte
	hdr = append(hdr, le32(3)...)
	valid := 0
	for _, r := range s.rows {
		if r != nil {
			valid++
		}
	}
	hdr = append(hdr, le32(uint32(valid))...)
	hdr = append(hdr, le32(0)...)
	hdr = append(hdr, le32(5)...)
	hdr = append(hdr, make([]byte, 8)...)
	hdr = append(hdr, make([]byte, 8)...) // file size, set below
	hdr = append(hdr, binary.LittleEndian.AppendUint64(nil, 40)...)
	table = append(hdr, le32(uint32(len(fd)))...)
	table = append(table, fd...)
	offsets := make([]uint64, len(s.rows))
	for i, r := range s.rows {
		if r == nil {
			continue
		}
		var blob []byte
		nulls := make([]byte, (nullable+7)/8)
		bit := 0
		var vals []byte
		for k, f := range s.fields {
			v := r[k]
			if f.nullable {
				if v == nil {
					nulls[bit/8] |= 1 << (bit % 8)
				}
				bit++
			}
			vals = append(vals, v...)
		}
		blob = append(nulls, vals...)
		offsets[i] = uint64(len(table))
		table = append(table, le32(uint32(len(blob)))...)
		table = append(table, blob...)
	}
	binary.LittleEndian.PutUint64(table[24:], uint64(len(table)))
	// the .gdbtablx
	nblocks := (len(s.rows) + 1023) / 1024
	present := make([]bool, nblocks)
	for i, o := range offsets {
		if o != 0 || !s.sparse {
			present[i/1024] = true
		}
	}
	stored := 0
	for _, p := range present {
		if p {
			stored++
		}
	}
	tablx = append(tablx, le32(3)...)
	tablx = append(tablx, le32(uint32(stored))...)
	tablx = append(tablx, le32(uint32(len(s.rows)))...)
	tablx = append(tablx, le32(5)...)
	for b := 0; b < nblocks; b++ {
		if !present[b] {
			continue
		}
		for k := 0; k < 1024; k++ {
			var o uint64
			if i := b*1024 + k; i < len(offsets) {
				o = offsets[i]
			}
			tablx = append(tablx, binary.LittleEndian.AppendUint64(nil, o)[:5]...)
		}
	}
	if stored < nblocks {
		words := (nblocks + 31) / 32
		tablx = append(tablx, le32(uint32(words))...)
		tablx = append(tablx, le32(uint32(nblocks))...)
		tablx = append(tablx, le32(uint32(stored))...)
		tablx = append(tablx, le32(uint32(words))...)
		bm := make([]byte, 4*words)
		for b, p := range present {
			if p {
				bm[b/8] |= 1 << (b % 8)
			}
		}
		tablx = append(tablx, bm...)
	} else {
		tablx = append(tablx, le32(0)...)
		tablx = append(tablx, le32(uint32(nblocks))...)
		tablx = append(tablx, le32(uint32(stored))...)
		tablx = append(tablx, le32(0)...)
	}
	return table, tablx
}

// catalog builds a system catalog naming tables 9, 10, ... in order.
func catalog(names ...string) (table, tablx []byte) {
	s := &synth{fields: []sfield{{name: "Name", typ: ftString}, {name: "FileFormat", typ: ftInt32}}}
	for i := 0; i < 8+len(names); i++ {
		name := fmt.Sprintf("GDB_Sys%d", i+1)
		if i >= 8 {
			name = names[i-8]
		}
		s.rows = append(s.rows, [][]byte{strVal(name), le32(0)})
	}
	return s.build()
}

func strVal(s string) []byte { return append(appendVarUint(nil, uint64(len(s))), s...) }

// writeGDB writes a geodatabase of the given tables (numbered from 9).
func writeGDB(t *testing.T, tables map[string]*synth, order ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "uji.gdb")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	put := func(n int, table, tablx []byte) {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%08x.gdbtable", n)), table, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%08x.gdbtablx", n)), tablx, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ct, cx := catalog(order...)
	put(1, ct, cx)
	for i, name := range order {
		if s := tables[name]; s != nil {
			tb, tx := s.build()
			put(9+i, tb, tx)
		}
	}
	return dir
}

// grid puts a coordinate on the synthetic tables' grid (origin -400,
// scale 1e9).
func grid(v float64) int64 { return int64(math.Round((v - synthOrigin) * 1e9)) }

func pointBlob(x, y float64) []byte {
	b := appendVarUint(nil, stPoint)
	b = appendVarUint(b, uint64(grid(x)+1))
	b = appendVarUint(b, uint64(grid(y)+1))
	return append(appendVarUint(nil, uint64(len(b))), b...)
}

// multiBlob encodes a general polyline or polygon with curves.
func multiBlob(st uint64, parts [][]orb.Point, curves []byte, ncurves int) []byte {
	if ncurves > 0 {
		st |= shapeHasCurves
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b := appendVarUint(nil, st)
	b = appendVarUint(b, uint64(n))
	b = appendVarUint(b, uint64(len(parts)))
	if ncurves > 0 {
		b = appendVarUint(b, uint64(ncurves))
	}
	for k := 0; k < 4; k++ {
		b = appendVarUint(b, 0) // bounding box, not checked
	}
	for _, p := range parts[:len(parts)-1] {
		b = appendVarUint(b, uint64(len(p)))
	}
	var px, py int64
	for _, p := range parts {
		for _, q := range p {
			x, y := grid(q[0]), grid(q[1])
			b = appendVarInt(b, x-px)
			b = appendVarInt(b, y-py)
			px, py = x, y
		}
	}
	b = append(b, curves...)
	return append(appendVarUint(nil, uint64(len(b))), b...)
}

const wgs84WKT = `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`

func TestNewerFieldTypes(t *testing.T) {
	days := func(tm time.Time) []byte {
		return f64b(float64(tm.UnixMilli()-unixMs1899) / 86400000)
	}
	i64 := binary.LittleEndian.AppendUint64(nil, uint64(9007199254740993))
	guid := []byte{0x7c, 0x6b, 0x1a, 0x2f, 0x4e, 0x3d, 0x50, 0x4f, 0x8a, 0x9b, 0x0c, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b}
	tsOff := append(days(time.Date(2024, 3, 1, 5, 30, 0, 0, time.UTC)), le16(uint16(8*60))...)
	s := &synth{geomType: tgPoint, wkt: wgs84WKT,
		fields: []sfield{
			{"SHAPE", ftGeometry, true},
			{"besar", ftInt64, true}, {"tgl", ftDate, true}, {"jam", ftTime, true}, {"cap_waktu", ftDateTimeOffset, true},
			{"GlobalID", ftGlobalID, false}, {"foto", ftBinary, true}, {"ket", ftString, true},
		},
		rows: [][][]byte{
			{pointBlob(117, -0.5), i64, days(time.Date(2024, 8, 17, 0, 0, 0, 0, time.UTC)), f64b((13*3600 + 45*60 + 30) / 86400.0), tsOff, guid, strVal("\x01\x02"), strVal("Tenggarong")},
			{nil, nil, nil, nil, nil, guid, nil, nil},
		},
	}
	dir := writeGDB(t, map[string]*synth{"baru": s}, "baru")
	var notes []string
	rs, err := Open(geoio.Source{Path: dir}, geoio.ReadOptions{Warn: func(m string) { notes = append(notes, m) }})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := geoio.ReadAll(rs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 {
		t.Fatalf("%d features", len(fs))
	}
	p := fs[0].Properties
	want := map[string]any{
		"besar": int64(9007199254740993), "tgl": time.Date(2024, 8, 17, 0, 0, 0, 0, time.UTC), "jam": "13:45:30",
		"GlobalID": "{2F1A6B7C-3D4E-4F50-8A9B-0C1D2E3F4A5B}", "ket": "Tenggarong",
	}
	for k, w := range want {
		if g, _ := p.Get(k); g != w {
			t.Errorf("%s = %#v, want %#v", k, g, w)
		}
	}
	cw, _ := p.Get("cap_waktu")
	if ct, ok := cw.(time.Time); !ok || !ct.Equal(time.Date(2024, 3, 1, 5, 30, 0, 0, time.UTC)) || ct.Format("-07:00") != "+08:00" {
		t.Errorf("cap_waktu = %v", cw)
	}
	if _, ok := p.Get("foto"); ok {
		t.Error("the binary field was read")
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "foto (binary)") {
		t.Errorf("notes %q", notes)
	}
	if fs[0].Geometry != (orb.Point{117, -0.5}) || fs[1].Geometry != nil {
		t.Errorf("geometries %v %v", fs[0].Geometry, fs[1].Geometry)
	}
	for _, f := range rs[0].Layer().Fields {
		if f.Name == "besar" && f.Type != geoio.FieldInt || f.Name == "tgl" && f.Type != geoio.FieldDate || f.Name == "jam" && f.Type != geoio.FieldString {
			t.Errorf("field %+v", f)
		}
	}
}

func TestCurves(t *testing.T) {
	arcIPBits := le32(arcIP)
	// a line with a Bézier then an arc by its centre (the older form)
	var cv []byte
	cv = appendVarUint(cv, 0)
	cv = appendVarUint(cv, segBezier)
	for _, v := range []float64{116.0, 1.0, 117.0, 1.0} {
		cv = append(cv, f64b(v)...)
	}
	cv = appendVarUint(cv, 1)
	cv = appendVarUint(cv, segArc)
	cv = append(cv, f64b(117.5)...)
	cv = append(cv, f64b(0)...)
	cv = append(cv, le32(arcCCW)...)
	line := multiBlob(stGeneralPolyline, [][]orb.Point{{{116, 0}, {117, 0}, {118, 0}}}, cv, 2)
	// a polygon: a circle through its start and the diametric point
	var cp []byte
	cp = appendVarUint(cp, 0)
	cp = appendVarUint(cp, segArc)
	cp = append(cp, f64b(117.2)...)
	cp = append(cp, f64b(-0.5)...)
	cp = append(cp, arcIPBits...)
	circle := multiBlob(stGeneralPolygon, [][]orb.Point{{{117, -0.5}, {117, -0.5}}}, cp, 1)
	// an elliptic arc: the upper half of an ellipse of semi-axes 0.2 and
	// 0.1 around (117, -0.8), from (117.2, -0.8) to (116.8, -0.8), major arc
	// flag off but the sweep exactly half
	var ce []byte
	ce = appendVarUint(ce, 0)
	ce = appendVarUint(ce, segEllipse)
	for _, v := range []float64{117, -0.8, 0, 0.2, 0.5} {
		ce = append(ce, f64b(v)...)
	}
	ce = append(ce, le32(ellCCW|ellMinor)...)
	ell := multiBlob(stGeneralPolyline, [][]orb.Point{{{117.2, -0.8}, {116.8, -0.8}}}, ce, 1)
	s := &synth{geomType: tgPolyline, wkt: wgs84WKT, fields: []sfield{{"SHAPE", ftGeometry, true}},
		rows: [][][]byte{{line}, {ell}}}
	p := &synth{geomType: tgPolygon, wkt: wgs84WKT, fields: []sfield{{"SHAPE", ftGeometry, true}}, rows: [][][]byte{{circle}}}
	dir := writeGDB(t, map[string]*synth{"garis": s, "bidang": p}, "garis", "bidang")
	var probs []geoio.Problem
	rs, err := Open(geoio.Source{Path: dir}, geoio.ReadOptions{Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	lines, err := geoio.ReadAll(rs[0])
	if err != nil {
		t.Fatal(err)
	}
	polys, err := geoio.ReadAll(rs[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 3 || probs[0].Kind != RepairCurves || probs[0].Outcome != geoio.Repaired || !strings.Contains(probs[0].Reason, "2 curve") {
		t.Errorf("problems %v", probs)
	}
	ls := lines[0].Geometry.(orb.LineString)
	// the Bézier: control points (116,1), (117,1): its middle is at
	// (116.5, 0.75); the arc around (117.5, 0) counter-clockwise from
	// (117, 0) to (118, 0) goes below the axis, through (117.5, -0.5)
	if ls[0] != (orb.Point{116, 0}) || ls[len(ls)-1] != (orb.Point{118, 0}) {
		t.Errorf("ends %v %v", ls[0], ls[len(ls)-1])
	}
	near := func(l []orb.Point, q orb.Point, tol float64) bool { return distToLine(q, l) < tol }
	if !near(ls, orb.Point{116.5, 0.75}, 1e-4) || !near(ls, orb.Point{117.5, -0.5}, 1e-4) {
		t.Errorf("the curves are not where they should be: %v", ls)
	}
	for _, q := range ls {
		if q[0] > 117 && math.Abs(math.Hypot(q[0]-117.5, q[1])-0.5) > 1e-12 {
			t.Errorf("arc vertex %v is off the circle", q)
		}
	}
	el := lines[1].Geometry.(orb.LineString)
	for _, q := range el {
		u, v := (q[0]-117)/0.2, (q[1]+0.8)/0.1
		if math.Abs(u*u+v*v-1) > 1e-9 || v < -1e-9 {
			t.Errorf("ellipse vertex %v is off the upper half", q)
		}
	}
	pg := polys[0].Geometry.(orb.Polygon)
	r := pg[0]
	if len(r) < 100 || r[0] != r[len(r)-1] {
		t.Fatalf("circle of %d vertices", len(r))
	}
	for _, q := range r {
		if d := math.Abs(math.Hypot(q[0]-117.1, q[1]+0.5) - 0.1); d > 1e-12 {
			t.Errorf("circle vertex %v off by %g", q, d)
		}
	}
	// the chords keep within the stated tolerance of the radius
	for k := 0; k+1 < len(r); k++ {
		m := orb.Point{(r[k][0] + r[k+1][0]) / 2, (r[k][1] + r[k+1][1]) / 2}
		if d := 0.1 - math.Hypot(m[0]-117.1, m[1]+0.5); d > CurveTolerance*0.1*1.0001 {
			t.Errorf("chord %d strays %g from the circle", k, d)
		}
	}
}

func TestSparseUTF16AndDeleted(t *testing.T) {
	s := &synth{geomType: tgNone, utf16: true, sparse: true, fields: []sfield{{"nama", ftString, true}}}
	for i := 0; i < 3000; i++ {
		if i < 2048 || i%10 == 0 {
			s.rows = append(s.rows, nil)
			continue
		}
		name := utf16Bytes(fmt.Sprintf("desa %d – Kutai", i))
		s.rows = append(s.rows, [][]byte{append(appendVarUint(nil, uint64(len(name))), name...)})
	}
	dir := writeGDB(t, map[string]*synth{"tabel": s}, "tabel")
	var counts geoio.Counts
	rs, err := geoio.OpenAll(dir, nil, geoio.ReadOptions{Counted: func(_ string, c geoio.Counts) { counts = c }})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := geoio.ReadAll(rs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 857 || fs[0].ID != int64(2049) {
		t.Fatalf("%d features, first id %v", len(fs), fs[0].ID)
	}
	if v, _ := fs[0].Properties.Get("nama"); v != "desa 2048 – Kutai" {
		t.Errorf("nama = %q", v)
	}
	if counts.Records != 857 || counts.Used != 857 || counts.Skipped != 0 {
		t.Errorf("counts %+v", counts)
	}
}

func TestRefused(t *testing.T) {
	mp := &synth{geomType: tgMultiPatch, wkt: wgs84WKT, fields: []sfield{{"SHAPE", ftGeometry, true}}, rows: [][][]byte{{nil}}}
	ok := &synth{geomType: tgPoint, wkt: wgs84WKT, fields: []sfield{{"SHAPE", ftGeometry, true}},
		rows: [][][]byte{{pointBlob(117, -0.5)}, {append(appendVarUint(nil, 2), append(appendVarUint(nil, stGeneralMultiPatch), 0)...)}}}
	v6 := &synth{version: 6, fields: []sfield{{"a", ftInt32, true}}}
	dir := writeGDB(t, map[string]*synth{"gedung": mp, "titik": ok, "baru": v6}, "gedung", "titik", "mampat", "baru")
	// a compressed table: only its .cdf is there
	if err := os.WriteFile(filepath.Join(dir, "a0000000b.gdbtable.cdf"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var notes []string
	var probs []geoio.Problem
	rs, err := Open(geoio.Source{Path: dir}, geoio.ReadOptions{Warn: func(m string) { notes = append(notes, m) },
		Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Layer().Name != "titik" {
		t.Fatalf("%d layers", len(rs))
	}
	all := strings.Join(notes, "\n")
	for _, w := range []string{"gedung is left out: it holds multipatch", "mampat is left out: it is stored compressed (a0000000b.gdbtable.cdf", "baru is left out", "64-bit object ids"} {
		if !strings.Contains(all, w) {
			t.Errorf("notes lack %q:\n%s", w, all)
		}
	}
	fs, err := geoio.ReadAll(rs[0])
	if err != nil || len(fs) != 1 {
		t.Fatalf("%d features, %v", len(fs), err)
	}
	if len(probs) != 1 || probs[0].Kind != geoio.ProblemUnsupported || probs[0].ID != "2" || !strings.Contains(probs[0].File, "a0000000a.gdbtable (titik)") {
		t.Errorf("problems %+v", probs)
	}
	for _, name := range []string{"gedung", "mampat", "baru"} {
		if _, err := Open(geoio.Source{Path: dir}, geoio.ReadOptions{Layer: name}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("asked for %s: %v", name, err)
		}
	}
}

func TestCRSErrorNamesLayer(t *testing.T) {
	s := &synth{geomType: tgPoint, wkt: `PROJCS["Mystery",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["No_Such_Projection"],PARAMETER["False_Easting",0.0],UNIT["Meter",1.0]]`,
		fields: []sfield{{"SHAPE", ftGeometry, true}}, rows: [][][]byte{{pointBlob(117, -0.5)}}}
	dir := writeGDB(t, map[string]*synth{"aneh": s}, "aneh")
	rs, err := geoio.OpenAll(dir, nil, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = rs[0].Next()
	if err == nil || !strings.Contains(err.Error(), "layer aneh") || !strings.Contains(err.Error(), "--s-crs") {
		t.Errorf("error %v", err)
	}
}

// Every cut and every flipped byte of the test tables gives an error or
// a problem, never a panic, and never loses count of the records.
func TestCorruptTables(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.gdb/a0000000[9abcde].gdbtable")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		index, err := os.ReadFile(strings.TrimSuffix(f, "table") + "tablx")
		if err != nil {
			t.Fatal(err)
		}
		step := max(1, len(data)/300)
		for cut := 0; cut < len(data); cut += step {
			readAllRows(data[:cut], index)
		}
		for at := 0; at < len(data); at += step {
			d := bytes.Clone(data)
			d[at] ^= 0xff
			readAllRows(d, index)
		}
		for cut := 0; cut < len(index); cut += max(1, len(index)/100) {
			readAllRows(data, index[:cut])
		}
	}
}

// readAllRows reads every row and geometry of a table given as bytes,
// as the fuzz target does.
func readAllRows(data, index []byte) (rows int) {
	t, err := openTable("t", memFile{bytes.NewReader(data)}, int64(len(data)), memFile{bytes.NewReader(index)}, int64(len(index)))
	if err != nil {
		return 0
	}
	defer t.Close()
	var rv rowValues
	for i := 0; i < t.totalRows && i < 1<<16; i++ {
		off, err := t.rowOffset(i)
		if err != nil {
			break
		}
		if off == 0 {
			continue
		}
		b, err := t.readRow(off)
		if err != nil {
			continue
		}
		if t.decodeRow(b, &rv) != nil {
			continue
		}
		if rv.geom != nil && t.geomField >= 0 {
			decodeShape(rv.geom, t.fields[t.geomField].geom)
		}
		rows++
	}
	return rows
}

// A truncated table file: the rows it lost are skipped and counted, the
// problem names the .gdb, the table and the row.
func TestTruncatedTable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "potong.gdb")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "testdata/kukar.gdb"
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "a0000000b.gdbtable" { // kantor_desa
			b = b[:len(b)*2/3]
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var counts geoio.Counts
	var probs []geoio.Problem
	rs, err := geoio.OpenAll(dir, nil, geoio.ReadOptions{Layer: "kantor_desa",
		Counted:  func(_ string, c geoio.Counts) { counts = c },
		Problems: func(p geoio.Problem) error { probs = append(probs, p); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, err := rs[0].Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if counts.Records != 158 || counts.Used+counts.Skipped != 158 || counts.Skipped == 0 {
		t.Errorf("counts %+v", counts)
	}
	if len(probs) == 0 || !strings.Contains(probs[0].Error(), "potong.gdb/a0000000b.gdbtable (kantor_desa):feature") ||
		!strings.Contains(probs[0].Error(), "(id ") || probs[0].Kind != geoio.ProblemTruncated {
		t.Errorf("first problem %v", probs[0])
	}
}
