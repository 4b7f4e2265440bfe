package shp

import (
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// Builders for hand-made shapefiles, written from the specification
// independently of the writer so that the two do not share mistakes.

func shpTestPoint(p orb.Point) []byte {
	b := binary.LittleEndian.AppendUint32(nil, shpPoint)
	return shpAppendPoint(b, p)
}

// shpTestMulti builds PolyLine/Polygon (parts) or MultiPoint (one part)
// content; the bounding box is left zero, as readers must not trust it.
func shpTestMulti(typ int32, parts ...[]orb.Point) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(typ))
	b = append(b, make([]byte, 32)...)
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if typ == shpMultiPoint {
		b = binary.LittleEndian.AppendUint32(b, uint32(n))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(parts)))
		b = binary.LittleEndian.AppendUint32(b, uint32(n))
		at := 0
		for _, p := range parts {
			b = binary.LittleEndian.AppendUint32(b, uint32(at))
			at += len(p)
		}
	}
	for _, p := range parts {
		for _, pt := range p {
			b = shpAppendPoint(b, pt)
		}
	}
	return b
}

// shpTestBuild lays records out as a .shp and its .shx.
func shpTestBuild(typ int32, contents ...[]byte) (shp, shx []byte) {
	shp = make([]byte, shpHeaderLen)
	shx = make([]byte, shpHeaderLen)
	for i, c := range contents {
		shx = binary.BigEndian.AppendUint32(shx, uint32(len(shp)/2))
		shx = binary.BigEndian.AppendUint32(shx, uint32(len(c)/2))
		shp = binary.BigEndian.AppendUint32(shp, uint32(i+1))
		shp = binary.BigEndian.AppendUint32(shp, uint32(len(c)/2))
		shp = append(shp, c...)
	}
	for _, h := range [][]byte{shp, shx} {
		binary.BigEndian.PutUint32(h[0:], shpFileCode)
		binary.BigEndian.PutUint32(h[24:], uint32(len(h)/2))
		binary.LittleEndian.PutUint32(h[28:], shpVersion)
		binary.LittleEndian.PutUint32(h[32:], uint32(typ))
	}
	return shp, shx
}

type dbfTestField struct {
	name  string
	typ   byte
	width int
	dec   int
}

// dbfTestBuild makes a dBASE III table; rows hold raw field bytes, a row
// starting with "*" is deleted.
func dbfTestBuild(ldid byte, fields []dbfTestField, rows ...[]string) []byte {
	hlen := 32 + 32*len(fields) + 1
	rlen := 1
	for _, f := range fields {
		rlen += f.width
	}
	b := make([]byte, hlen)
	b[0] = 0x03
	binary.LittleEndian.PutUint32(b[4:], uint32(len(rows)))
	binary.LittleEndian.PutUint16(b[8:], uint16(hlen))
	binary.LittleEndian.PutUint16(b[10:], uint16(rlen))
	b[29] = ldid
	for i, f := range fields {
		d := b[32+32*i:]
		copy(d[:11], f.name)
		d[11] = f.typ
		d[16] = byte(f.width)
		d[17] = byte(f.dec)
	}
	b[hlen-1] = 0x0D
	for _, row := range rows {
		flag := byte(' ')
		if len(row) > 0 && row[0] == "*" {
			flag, row = '*', row[1:]
		}
		b = append(b, flag)
		for i, f := range fields {
			cell := []byte(strings.Repeat(" ", f.width))
			if i < len(row) {
				copy(cell, row[i])
			}
			b = append(b, cell...)
		}
	}
	return append(b, 0x1A)
}

// writeTestFiles writes name+ext for each entry and returns the path of
// name.shp.
func writeTestFiles(t testing.TB, dir, name string, files map[string][]byte) string {
	t.Helper()
	for _, ext := range geoio.SortedKeys(files) {
		if err := os.WriteFile(filepath.Join(dir, name+ext), files[ext], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, name+".shp")
}

// readLog collects what a read reported.
type readLog struct {
	problems []geoio.Problem
	warnings []string
}

func (l *readLog) opts() geoio.ReadOptions {
	return geoio.ReadOptions{
		Problems: func(p geoio.Problem) error { l.problems = append(l.problems, p); return nil },
		Warn:     func(s string) { l.warnings = append(l.warnings, s) },
	}
}

func (l *readLog) kinds() []string {
	var out []string
	for _, p := range l.problems {
		out = append(out, p.Kind)
	}
	return out
}

// readTestShapefile opens path, which must hold one layer, and reads it.
func readTestShapefile(t testing.TB, path string, opts geoio.ReadOptions) (geoio.Layer, []*geoio.Feature) {
	t.Helper()
	rs, err := openShapefile(geoio.Source{Path: path}, opts)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if len(rs) != 1 {
		t.Fatalf("open %s: %d readers, want 1", path, len(rs))
	}
	defer rs[0].Close()
	var fs []*geoio.Feature
	for {
		f, err := rs[0].Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		fs = append(fs, f)
	}
	return rs[0].Layer(), fs
}

func sameFloat(a, b, rel float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}
