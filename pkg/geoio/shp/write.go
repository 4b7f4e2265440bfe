package shp

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/kukarcli/kukarcli/internal/atomicfile"
	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// shpWriter writes .shp, .shx and .dbf side by side into pending files in
// the destination directory, and adds .prj and .cpg on Close, when every
// file is renamed into place (the .shp last, so that a complete set is
// there by the time it appears).
type shpWriter struct {
	path string
	opts geoio.WriteOptions
	crs  crs.CRS

	names                  [5]string // final names: .dbf .shx .prj .cpg .shp
	shpF, shxF, dbfF       *atomicfile.File
	shpW, shxW, dbfW       *bufio.Writer
	cols                   []dbfColumn
	colIndex               map[string]int
	values                 []any
	shapeType              int32 // 0 until the first non-null geometry
	bound                  orb.Bound
	hasBound               bool
	lenWords               int64
	count                  int
	rec, dbfRec            []byte
	warnedCut              []bool
	warnedKeys             map[string]bool
	err                    error
	closed                 bool
	pendingPrj, pendingCpg *atomicfile.File
	renamed                []string
}

const (
	shpIdxDBF = iota
	shpIdxSHX
	shpIdxPRJ
	shpIdxCPG
	shpIdxSHP
)

// createShapefile writes path (.shp) plus .shx, .dbf, .prj (opts.CRS.WKT(),
// skipped when empty) and .cpg ("UTF-8"). layer.Fields must be complete and
// typed before the first Write.
func createShapefile(path string, layer geoio.Layer, opts geoio.WriteOptions) (geoio.Writer, error) {
	cols, err := planDBFColumns(layer.Fields, opts.Warn)
	if err != nil {
		return nil, fmt.Errorf("%w (writing %s)", err, path)
	}
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	upper := ext != "" && ext == strings.ToUpper(ext)
	comp := func(e string) string {
		if upper {
			return base + strings.ToUpper(e)
		}
		return base + e
	}
	w := &shpWriter{
		path: path, opts: opts, crs: opts.CRS, cols: cols,
		names:      [5]string{comp(".dbf"), comp(".shx"), comp(".prj"), comp(".cpg"), path},
		colIndex:   map[string]int{},
		values:     make([]any, len(cols)),
		warnedCut:  make([]bool, len(cols)),
		warnedKeys: map[string]bool{},
		lenWords:   shpHeaderLen / 2,
	}
	for i, c := range cols {
		if _, dup := w.colIndex[c.key]; !dup {
			w.colIndex[c.key] = i
		}
	}
	recLen := 1
	for _, c := range cols {
		recLen += c.width
	}
	w.dbfRec = make([]byte, recLen)
	for _, p := range []struct {
		f   **atomicfile.File
		bw  **bufio.Writer
		idx int
	}{{&w.shpF, &w.shpW, shpIdxSHP}, {&w.shxF, &w.shxW, shpIdxSHX}, {&w.dbfF, &w.dbfW, shpIdxDBF}} {
		f, err := shpPending(w.names[p.idx])
		if err != nil {
			w.cleanup()
			return nil, err
		}
		*p.f = f
		*p.bw = bufio.NewWriterSize(f, 64<<10)
	}
	var zero [shpHeaderLen]byte
	w.shpW.Write(zero[:])
	w.shxW.Write(zero[:])
	w.dbfW.Write(dbfHeader(cols, 0))
	return w, nil
}

func shpPending(name string) (*atomicfile.File, error) {
	f, err := atomicfile.New(name)
	if err != nil {
		return nil, fmt.Errorf("geoio: %w", err)
	}
	return f, nil
}

func (w *shpWriter) cleanup() {
	for _, f := range []*atomicfile.File{w.shpF, w.shxF, w.dbfF, w.pendingPrj, w.pendingCpg} {
		if f != nil {
			f.Cleanup()
		}
	}
	for _, n := range w.renamed {
		os.Remove(n)
	}
	w.renamed = nil
}

// fail records a fatal error and removes everything written so far.
func (w *shpWriter) fail(err error) error {
	w.err = err
	w.cleanup()
	return err
}

func (w *shpWriter) where(idx int, f *geoio.Feature) string {
	id := f.IDString()
	if id == "" {
		for _, want := range shpIDFields {
			for _, p := range f.Properties {
				if strings.EqualFold(p.Key, want) && p.Value != nil {
					id = geoio.FormatID(p.Value)
					break
				}
			}
			if id != "" {
				break
			}
		}
	}
	if id != "" {
		return fmt.Sprintf("%s:feature %d (id %s)", w.path, idx, id)
	}
	return fmt.Sprintf("%s:feature %d", w.path, idx)
}

// Write appends one feature. An error is final: the files are removed.
func (w *shpWriter) Write(f *geoio.Feature) error {
	if w.closed {
		return fmt.Errorf("geoio: %s: write after close", w.path)
	}
	if w.err != nil {
		return w.err
	}
	idx := w.count
	if err := w.encodeShape(f.Geometry); err != nil {
		return w.fail(fmt.Errorf("geoio: %s: %w", w.where(idx, f), err))
	}
	if err := w.encodeRecord(idx, f); err != nil {
		return w.fail(err)
	}
	words := int64(len(w.rec)) / 2
	if w.lenWords+4+words > math.MaxInt32 {
		return w.fail(fmt.Errorf("geoio: %s: the .shp would pass the format's size limit (2^31 16-bit words)", w.where(idx, f)))
	}
	var h [8]byte
	binary.BigEndian.PutUint32(h[0:], uint32(idx+1))
	binary.BigEndian.PutUint32(h[4:], uint32(words))
	w.shpW.Write(h[:])
	if _, err := w.shpW.Write(w.rec); err != nil {
		return w.fail(fmt.Errorf("geoio: %s: %w", w.path, err))
	}
	binary.BigEndian.PutUint32(h[0:], uint32(w.lenWords))
	if _, err := w.shxW.Write(h[:]); err != nil {
		return w.fail(fmt.Errorf("geoio: %s: %w", w.names[shpIdxSHX], err))
	}
	if _, err := w.dbfW.Write(w.dbfRec); err != nil {
		return w.fail(fmt.Errorf("geoio: %s: %w", w.names[shpIdxDBF], err))
	}
	w.lenWords += 4 + words
	w.count++
	return nil
}

// shpKind is the shape type a geometry is written as, shpNull for nil or
// empty geometries, -1 when a shapefile cannot hold it.
func shpKind(g orb.Geometry) int32 {
	switch t := g.(type) {
	case nil:
		return shpNull
	case orb.Point:
		return shpPoint
	case orb.MultiPoint:
		if len(t) == 0 {
			return shpNull
		}
		return shpMultiPoint
	case orb.LineString:
		if len(t) == 0 {
			return shpNull
		}
		return shpPolyLine
	case orb.MultiLineString:
		for _, l := range t {
			if len(l) > 0 {
				return shpPolyLine
			}
		}
		return shpNull
	case orb.Polygon:
		if len(t) == 0 || len(t[0]) == 0 {
			return shpNull
		}
		return shpPolygon
	case orb.MultiPolygon:
		for _, p := range t {
			if len(p) > 0 && len(p[0]) > 0 {
				return shpPolygon
			}
		}
		return shpNull
	}
	return -1
}

func (w *shpWriter) encodeShape(g orb.Geometry) error {
	switch t := g.(type) {
	case orb.Ring:
		g = orb.Polygon{t}
	case orb.Bound:
		g = t.ToPolygon()
	}
	kind := shpKind(g)
	if kind < 0 {
		return fmt.Errorf("a %s cannot be written to a shapefile", geoio.GeometryType(g))
	}
	w.rec = w.rec[:0]
	if kind == shpNull {
		w.rec = binary.LittleEndian.AppendUint32(w.rec, shpNull)
		return nil
	}
	switch {
	case w.shapeType == shpNull:
		w.shapeType = kind
	case kind == shpPoint && w.shapeType == shpMultiPoint:
		// A point is a multipoint of one.
		g = orb.MultiPoint{g.(orb.Point)}
		kind = shpMultiPoint
	case kind != w.shapeType:
		return fmt.Errorf("a %s cannot be written to a %s shapefile (a shapefile holds one shape type; write each type to its own file)", geoio.GeometryType(g), shpTypeName(w.shapeType))
	}
	var parts [][]orb.Point
	switch t := g.(type) {
	case orb.Point:
		if shpBadPoint(t) {
			return fmt.Errorf("the point is not a finite number")
		}
		w.extend(orb.Bound{Min: t, Max: t})
		w.rec = binary.LittleEndian.AppendUint32(w.rec, shpPoint)
		w.rec = shpAppendPoint(w.rec, t)
		return nil
	case orb.MultiPoint:
		parts = [][]orb.Point{t}
	case orb.LineString:
		parts = [][]orb.Point{t}
	case orb.MultiLineString:
		for _, l := range t {
			if len(l) > 0 {
				parts = append(parts, l)
			}
		}
	case orb.Polygon:
		parts = shpPolygonParts(parts, t)
	case orb.MultiPolygon:
		for _, p := range t {
			parts = shpPolygonParts(parts, p)
		}
	}
	var b orb.Bound
	npts := 0
	for k, p := range parts {
		for j, pt := range p {
			if shpBadPoint(pt) {
				return fmt.Errorf("part %d point %d is not a finite number", k, j)
			}
		}
		if k == 0 {
			b = orb.Bound{Min: p[0], Max: p[0]}
		}
		b = b.Union(orb.MultiPoint(p).Bound())
		npts += len(p)
	}
	if npts > math.MaxInt32/16 {
		return fmt.Errorf("%d points are more than a shapefile record holds", npts)
	}
	w.extend(b)
	w.rec = binary.LittleEndian.AppendUint32(w.rec, uint32(kind))
	for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		w.rec = binary.LittleEndian.AppendUint64(w.rec, math.Float64bits(v))
	}
	if kind == shpMultiPoint {
		w.rec = binary.LittleEndian.AppendUint32(w.rec, uint32(npts))
	} else {
		w.rec = binary.LittleEndian.AppendUint32(w.rec, uint32(len(parts)))
		w.rec = binary.LittleEndian.AppendUint32(w.rec, uint32(npts))
		start := 0
		for _, p := range parts {
			w.rec = binary.LittleEndian.AppendUint32(w.rec, uint32(start))
			start += len(p)
		}
	}
	for _, p := range parts {
		for _, pt := range p {
			w.rec = shpAppendPoint(w.rec, pt)
		}
	}
	return nil
}

// shpPolygonParts adds the rings of p closed and wound the specification's
// way: the outer ring clockwise, holes counter-clockwise.
func shpPolygonParts(parts [][]orb.Point, p orb.Polygon) [][]orb.Point {
	if len(p) == 0 || len(p[0]) == 0 {
		return parts
	}
	for k, r := range p {
		if len(r) == 0 {
			continue
		}
		ring := []orb.Point(r)
		if ring[0] != ring[len(ring)-1] {
			ring = append(append(make([]orb.Point, 0, len(ring)+1), ring...), ring[0])
		}
		a := geoio.SignedArea(ring)
		if (k == 0 && a > 0) || (k > 0 && a < 0) {
			rev := make([]orb.Point, len(ring))
			for i, pt := range ring {
				rev[len(ring)-1-i] = pt
			}
			ring = rev
		}
		parts = append(parts, ring)
	}
	return parts
}

func shpAppendPoint(b []byte, p orb.Point) []byte {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p[0]))
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(p[1]))
}

func (w *shpWriter) extend(b orb.Bound) {
	if !w.hasBound {
		w.bound, w.hasBound = b, true
		return
	}
	w.bound = w.bound.Union(b)
}

func (w *shpWriter) encodeRecord(idx int, f *geoio.Feature) error {
	for i := range w.values {
		w.values[i] = nil
	}
	for _, p := range f.Properties {
		j, ok := w.colIndex[p.Key]
		if !ok {
			if !w.warnedKeys[p.Key] {
				w.warnedKeys[p.Key] = true
				w.opts.Note(fmt.Sprintf("%s: property %q is not among the layer's fields and is not written", w.where(idx, f), p.Key))
			}
			continue
		}
		w.values[j] = p.Value
	}
	w.dbfRec[0] = ' '
	at := 1
	for j := range w.cols {
		c := &w.cols[j]
		cut, err := c.encode(w.dbfRec[at:at+c.width], w.values[j])
		if err != nil {
			return fmt.Errorf("geoio: %s: field %s: %w", w.where(idx, f), c.key, err)
		}
		if cut && !w.warnedCut[j] {
			w.warnedCut[j] = true
			w.opts.Note(fmt.Sprintf("%s: field %s: text longer than %d bytes is cut (first here)", w.where(idx, f), c.key, c.width))
		}
		at += c.width
	}
	return nil
}

// shpFileHeader is the 100-byte header shared by .shp and .shx.
func shpFileHeader(lenWords int64, shapeType int32, b orb.Bound) []byte {
	h := make([]byte, shpHeaderLen)
	binary.BigEndian.PutUint32(h[0:], shpFileCode)
	binary.BigEndian.PutUint32(h[24:], uint32(lenWords))
	binary.LittleEndian.PutUint32(h[28:], shpVersion)
	binary.LittleEndian.PutUint32(h[32:], uint32(shapeType))
	for i, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		binary.LittleEndian.PutUint64(h[36+8*i:], math.Float64bits(v))
	}
	return h
}

// Close completes the headers and renames every file into place.
func (w *shpWriter) Close() error {
	if w.closed {
		return fmt.Errorf("geoio: %s: already closed", w.path)
	}
	w.closed = true
	if w.err != nil {
		w.cleanup()
		return w.err
	}
	if err := w.finish(); err != nil {
		w.cleanup()
		return err
	}
	return nil
}

func (w *shpWriter) finish() error {
	var b orb.Bound
	if w.hasBound {
		b = w.bound
	}
	w.dbfW.WriteByte(0x1A)
	for _, p := range []struct {
		bw  *bufio.Writer
		f   *atomicfile.File
		hdr []byte
		idx int
	}{
		{w.shpW, w.shpF, shpFileHeader(w.lenWords, w.shapeType, b), shpIdxSHP},
		{w.shxW, w.shxF, shpFileHeader(shpHeaderLen/2+4*int64(w.count), w.shapeType, b), shpIdxSHX},
		{w.dbfW, w.dbfF, dbfHeader(w.cols, uint32(w.count)), shpIdxDBF},
	} {
		if err := p.bw.Flush(); err != nil {
			return fmt.Errorf("geoio: %s: %w", w.names[p.idx], err)
		}
		if _, err := p.f.WriteAt(p.hdr, 0); err != nil {
			return fmt.Errorf("geoio: %s: %w", w.names[p.idx], err)
		}
	}
	small := func(idx int, text string) (*atomicfile.File, error) {
		f, err := shpPending(w.names[idx])
		if err != nil {
			return nil, err
		}
		if _, err := f.WriteString(text); err != nil {
			f.Cleanup()
			return nil, fmt.Errorf("geoio: %s: %w", w.names[idx], err)
		}
		return f, nil
	}
	var err error
	if wkt := w.crs.WKT(); wkt != "" {
		if w.pendingPrj, err = small(shpIdxPRJ, wkt); err != nil {
			return err
		}
	}
	if w.pendingCpg, err = small(shpIdxCPG, "UTF-8"); err != nil {
		return err
	}
	for _, p := range []struct {
		f   *atomicfile.File
		idx int
	}{{w.dbfF, shpIdxDBF}, {w.shxF, shpIdxSHX}, {w.pendingPrj, shpIdxPRJ}, {w.pendingCpg, shpIdxCPG}, {w.shpF, shpIdxSHP}} {
		if p.f == nil {
			continue
		}
		if err := p.f.CloseAtomicallyReplace(); err != nil {
			return fmt.Errorf("geoio: %s: %w", w.names[p.idx], err)
		}
		w.renamed = append(w.renamed, w.names[p.idx])
	}
	return nil
}

// Abort removes every file written so far.
func (w *shpWriter) Abort() error {
	if w.closed {
		return nil
	}
	w.closed = true
	w.cleanup()
	return nil
}
