package shp

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// shpReader streams the features of one shapefile: record i of the .shp
// (located through the .shx, or by walking the .shp when the index is
// missing) with record i of the .dbf.
type shpReader struct {
	name      string
	layer     geoio.Layer
	opts      geoio.ReadOptions
	shapeType int32

	shp     shpReaderAt
	shpSize int64
	shx     shpReaderAt // nil: offsets were rebuilt into offsets
	offsets []int64
	dbf     *dbfTable
	closers []io.Closer

	n       int // records to read: the common prefix of .shp and .dbf
	i       int
	idField int // index of the id column, -1 when none
	pending []geoio.Problem
	buf     []byte
	closed  bool
	// ringsClosed counts the open rings of the record being decoded
	ringsClosed int
}

// shpIDFields are the column names (lower case) whose value identifies a
// feature in messages, in order of preference.
var shpIDFields = []string{"id", "fid", "kode"}

func newSHPReader(set *shpSet, opts geoio.ReadOptions) (_ *shpReader, err error) {
	r := &shpReader{name: set.name, opts: opts, idField: -1}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	f, size, err := set.shp.open()
	if err != nil {
		return nil, err
	}
	r.shp, r.shpSize = f, size
	r.closers = append(r.closers, f)
	if size < shpHeaderLen {
		return nil, &geoio.FormatError{File: r.name, Index: -1, Reason: fmt.Sprintf("not a shapefile: %d bytes, shorter than the 100-byte header", size)}
	}
	var h [shpHeaderLen]byte
	if _, err := f.ReadAt(h[:], 0); err != nil {
		return nil, fmt.Errorf("geoio: %s: %w", r.name, err)
	}
	if code := int32(binary.BigEndian.Uint32(h[0:4])); code != shpFileCode {
		return nil, &geoio.FormatError{File: r.name, Index: -1, Reason: fmt.Sprintf("not a shapefile: file code %d, want 9994", code)}
	}
	r.shapeType = int32(binary.LittleEndian.Uint32(h[32:36]))
	if r.shapeType == shpMultiPatch {
		return nil, &geoio.FormatError{File: r.name, Index: -1, Reason: "MultiPatch shapes are not supported; convert to Polygon first"}
	}
	if shpBaseType(r.shapeType) < 0 {
		return nil, &geoio.FormatError{File: r.name, Index: -1, Reason: fmt.Sprintf("unknown shape type %d", r.shapeType)}
	}
	r.layer = geoio.Layer{
		Name:   set.layer,
		Format: shpFormatName,
		HasZ:   r.shapeType >= shpPointZ && r.shapeType <= shpMultiPointZ,
		HasM:   r.shapeType >= shpPointM && r.shapeType <= shpMultiPointM,
	}
	end := size
	if declared := int64(binary.BigEndian.Uint32(h[24:28])) * 2; declared >= shpHeaderLen && declared < size {
		end = declared // bytes past the declared length are not records
	}

	nShp := -1
	if set.shx != nil {
		x, xsize, err := set.shx.open()
		if err != nil {
			return nil, err
		}
		r.closers = append(r.closers, x)
		var xh [4]byte
		if xsize >= shpHeaderLen {
			_, err = x.ReadAt(xh[:], 0)
		}
		if xsize < shpHeaderLen || err != nil || binary.BigEndian.Uint32(xh[:]) != shpFileCode {
			opts.Note(fmt.Sprintf("%s: the .shx index is not valid; record offsets are rebuilt by reading the .shp", r.name))
		} else {
			r.shx = x
			nShp = int((xsize - shpHeaderLen) / 8)
		}
	} else {
		opts.Note(fmt.Sprintf("%s: no .shx index beside it; record offsets are rebuilt by reading the .shp", r.name))
	}
	if r.shx == nil {
		if err := r.walk(end); err != nil {
			return nil, err
		}
		nShp = len(r.offsets)
	}
	r.n = nShp

	if set.dbf != nil {
		if err := r.openDBF(set); err != nil {
			return nil, err
		}
	} else {
		opts.Note(fmt.Sprintf("%s: no .dbf beside it; features have geometry only", r.name))
	}

	switch {
	case opts.SourceCRS != nil:
		r.layer.CRS = *opts.SourceCRS
	case set.prj != nil:
		text, err := set.prj.readSmall(1 << 20)
		if err != nil {
			return nil, err
		}
		c, err := crs.ParsePRJ(strings.TrimSpace(strings.TrimPrefix(text, "\ufeff")))
		if err != nil && !(errors.Is(err, crs.ErrUnsupported) && c.Name != "") {
			return nil, fmt.Errorf("%s: its .prj (%s): %w", r.name, set.prj.name, err)
		}
		// a named CRS that cannot be converted is kept: info describes
		// the file in it, and the commands that need lon/lat refuse it
		r.layer.CRS = c
	}
	return r, nil
}

func (r *shpReader) openDBF(set *shpSet) error {
	f, size, err := set.dbf.open()
	if err != nil {
		return err
	}
	r.closers = append(r.closers, f)
	t, err := openDBF(set.dbf.name, f, size, r.opts.Warn)
	if err != nil {
		return err
	}
	r.dbf = t
	cp, ok := dbfCodePage{}, false
	if set.cpg != nil {
		text, err := set.cpg.readSmall(1 << 10)
		if err != nil {
			return err
		}
		if cp, ok = dbfCodePageFromCPG(text); !ok {
			r.opts.Note(fmt.Sprintf("%s: code page %q is not known; using the .dbf language driver instead", set.cpg.name, strings.TrimSpace(text)))
		}
	}
	if !ok {
		cp, ok = dbfCodePageFromLDID(t.ldid)
	}
	if !ok {
		cp = dbfCodePage{name: "UTF-8 or Windows-1252", guess: true}
	}
	t.setCodePage(cp)
	if set.dbt != nil {
		m, msize, err := set.dbt.open()
		if err != nil {
			return err
		}
		r.closers = append(r.closers, m)
		t.memo = newDBFMemo(m, msize, t.version == 0x8B || t.version == 0xCB)
	}
	fields := t.Fields()
	r.layer.Fields = fields
	for _, want := range shpIDFields {
		for i, fl := range fields {
			if strings.EqualFold(fl.Name, want) {
				r.idField = i
				break
			}
		}
		if r.idField >= 0 {
			break
		}
	}
	// The records of the layer are as many as the .shp or the .dbf
	// header declares, whichever is more; those beyond the shorter file
	// cannot be read and are counted as skipped (one problem for all).
	records := max(r.n, int(min(t.declared, int64(math.MaxInt32))))
	readable := min(r.n, t.count)
	if lost := records - readable; lost > 0 {
		kind, why := geoio.ProblemCountMismatch, fmt.Sprintf("the .shp holds %d records and the .dbf %d", r.n, t.count)
		if int64(t.count) < t.declared {
			kind, why = geoio.ProblemTruncated, fmt.Sprintf("the .dbf header declares %d records but the file holds %d (the .shp %d)", t.declared, t.count, r.n)
		}
		r.pending = append(r.pending, geoio.Problem{File: t.name, Index: -1, Kind: kind, Count: lost,
			Reason: fmt.Sprintf("%s: %d of %d records cannot be read", why, lost, records)})
	}
	r.n = readable
	return nil
}

// walk rebuilds the record offsets from the record headers. A record whose
// length runs past the end is kept, to be reported when it is read, and
// ends the walk: nothing after it can be located.
func (r *shpReader) walk(end int64) error {
	var h [8]byte
	for off := int64(shpHeaderLen); off < end; {
		r.offsets = append(r.offsets, off)
		if off+8 > end {
			break
		}
		if _, err := r.shp.ReadAt(h[:], off); err != nil {
			return fmt.Errorf("geoio: %s: %w", r.name, err)
		}
		cl := int64(int32(binary.BigEndian.Uint32(h[4:8])))
		if cl < 0 {
			break
		}
		off += 8 + 2*cl
	}
	return nil
}

// Layer describes the shapefile.
func (r *shpReader) Layer() geoio.Layer { return r.layer }

// Close releases the files.
func (r *shpReader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	var first error
	for _, c := range r.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Next returns the next live feature.
func (r *shpReader) Next() (*geoio.Feature, error) {
	if r.closed {
		return nil, fmt.Errorf("geoio: %s: read after close", r.name)
	}
	for {
		if len(r.pending) > 0 {
			p := r.pending[0]
			r.pending = r.pending[1:]
			if err := r.opts.Report(p); err != nil {
				return nil, err
			}
			continue
		}
		if r.i >= r.n {
			return nil, io.EOF
		}
		i := r.i
		r.i++
		var props geoio.Properties
		id := ""
		if r.dbf != nil {
			deleted, p, err := r.dbf.record(i)
			if err != nil {
				return nil, err
			}
			if deleted {
				// a record marked deleted is in the file but no feature
				if err := r.opts.Report(geoio.Problem{File: r.name, Index: i, Kind: geoio.ProblemDeleted,
					Reason: "the .dbf marks the record deleted"}); err != nil {
					return nil, err
				}
				continue
			}
			props = p
			if r.idField >= 0 {
				id = geoio.FormatID(p[r.idField].Value)
			}
		}
		r.ringsClosed = 0
		g, prob, err := r.shape(i)
		if err != nil {
			return nil, err
		}
		if r.ringsClosed > 0 && prob == nil {
			if err := r.opts.Report(geoio.Problem{File: r.name, Index: i, ID: id, Kind: geoio.RepairRingClosed, Outcome: geoio.Repaired,
				Reason: fmt.Sprintf("%d ring(s) did not end where they start; each was closed", r.ringsClosed)}); err != nil {
				return nil, err
			}
		}
		if prob != nil {
			prob.File, prob.Index, prob.ID = r.name, i, id
			if err := r.opts.Report(*prob); err != nil {
				return nil, err
			}
			continue
		}
		return &geoio.Feature{Geometry: g, Properties: props}, nil
	}
}

func shpProblem(kind, format string, a ...any) *geoio.Problem {
	return &geoio.Problem{Kind: kind, Reason: fmt.Sprintf(format, a...)}
}

// shape locates, reads and decodes record i.
func (r *shpReader) shape(i int) (orb.Geometry, *geoio.Problem, error) {
	var off int64
	var h [8]byte
	if r.shx != nil {
		if n, err := r.shx.ReadAt(h[:], shpHeaderLen+8*int64(i)); n < 8 {
			return nil, nil, fmt.Errorf("geoio: %s: reading the .shx: %w", r.name, err)
		}
		off = int64(int32(binary.BigEndian.Uint32(h[0:4]))) * 2
		if off < shpHeaderLen {
			return nil, shpProblem(geoio.ProblemBadRecord, "the .shx gives offset %d, inside the file header", off), nil
		}
	} else {
		off = r.offsets[i]
	}
	if off+8 > r.shpSize {
		return nil, shpProblem(geoio.ProblemTruncated, "the record header at byte %d lies past the end of the file (%d bytes)", off, r.shpSize), nil
	}
	if n, err := r.shp.ReadAt(h[:], off); n < 8 {
		return nil, nil, fmt.Errorf("geoio: %s: %w", r.name, err)
	}
	cl := int64(int32(binary.BigEndian.Uint32(h[4:8]))) * 2
	if cl < 4 {
		return nil, shpProblem(geoio.ProblemBadRecord, "record content length of %d bytes", cl), nil
	}
	if off+8+cl > r.shpSize {
		return nil, shpProblem(geoio.ProblemTruncated, "the record needs %d bytes from byte %d but the file ends at byte %d", cl+8, off, r.shpSize), nil
	}
	if int64(cap(r.buf)) < cl {
		r.buf = make([]byte, cl)
	}
	c := r.buf[:cl]
	if n, err := r.shp.ReadAt(c, off+8); int64(n) < cl {
		return nil, nil, fmt.Errorf("geoio: %s: %w", r.name, err)
	}
	g, prob := shpDecode(c, r.shapeType, &r.ringsClosed)
	return g, prob, nil
}

func shpReadPoint(c []byte) orb.Point {
	return orb.Point{
		math.Float64frombits(binary.LittleEndian.Uint64(c[0:8])),
		math.Float64frombits(binary.LittleEndian.Uint64(c[8:16])),
	}
}

func shpBadPoint(p orb.Point) bool {
	return math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0)
}

// shpDecode turns record content into a geometry; an open ring is closed
// and counted in *ringsClosed. Z and M values follow
// the X/Y block and are not read. Every count is checked against the bytes
// the record holds before anything is allocated from it.
func shpDecode(c []byte, fileType int32, ringsClosed *int) (orb.Geometry, *geoio.Problem) {
	st := int32(binary.LittleEndian.Uint32(c[0:4]))
	if st == shpNull {
		return nil, nil
	}
	base := shpBaseType(st)
	if base < 0 || base != shpBaseType(fileType) {
		return nil, shpProblem(geoio.ProblemBadRecord, "a %s shape in a %s file", shpTypeName(st), shpTypeName(fileType))
	}
	switch base {
	case shpPoint:
		if len(c) < 20 {
			return nil, shpProblem(geoio.ProblemBadRecord, "a point record of %d bytes, want at least 20", len(c))
		}
		p := shpReadPoint(c[4:])
		if shpBadPoint(p) {
			return nil, shpProblem(geoio.ProblemInvalidCoord, "the point is not a finite number")
		}
		return p, nil
	case shpMultiPoint:
		if len(c) < 40 {
			return nil, shpProblem(geoio.ProblemBadRecord, "a multipoint record of %d bytes, want at least 40", len(c))
		}
		n := int64(int32(binary.LittleEndian.Uint32(c[36:40])))
		if n < 0 || n > int64(len(c)-40)/16 {
			return nil, shpProblem(geoio.ProblemBadRecord, "%d points do not fit in a record of %d bytes", n, len(c))
		}
		if n == 0 {
			return nil, nil
		}
		mp := make(orb.MultiPoint, n)
		for k := range mp {
			mp[k] = shpReadPoint(c[40+16*k:])
			if shpBadPoint(mp[k]) {
				return nil, shpProblem(geoio.ProblemInvalidCoord, "point %d is not a finite number", k)
			}
		}
		return mp, nil
	}
	// PolyLine and Polygon share the layout.
	if len(c) < 44 {
		return nil, shpProblem(geoio.ProblemBadRecord, "a %s record of %d bytes, want at least 44", shpTypeName(st), len(c))
	}
	np := int64(int32(binary.LittleEndian.Uint32(c[36:40])))
	npts := int64(int32(binary.LittleEndian.Uint32(c[40:44])))
	if np < 0 || npts < 0 || np > int64(len(c)-44)/4 || npts > (int64(len(c))-44-4*np)/16 {
		return nil, shpProblem(geoio.ProblemBadRecord, "%d parts and %d points do not fit in a record of %d bytes", np, npts, len(c))
	}
	if np == 0 || npts == 0 {
		return nil, nil
	}
	ptsAt := 44 + 4*np
	parts := make([][]orb.Point, 0, np)
	for k := int64(0); k < np; k++ {
		start := int64(int32(binary.LittleEndian.Uint32(c[44+4*k:])))
		stop := npts
		if k+1 < np {
			stop = int64(int32(binary.LittleEndian.Uint32(c[44+4*k+4:])))
		}
		if start < 0 || stop < start || stop > npts {
			return nil, shpProblem(geoio.ProblemBadRecord, "part %d spans points %d to %d of %d", k, start, stop, npts)
		}
		if stop == start {
			continue
		}
		pts := make([]orb.Point, stop-start)
		for j := range pts {
			pts[j] = shpReadPoint(c[ptsAt+16*(start+int64(j)):])
			if shpBadPoint(pts[j]) {
				return nil, shpProblem(geoio.ProblemInvalidCoord, "part %d point %d is not a finite number", k, j)
			}
		}
		parts = append(parts, pts)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	if base == shpPolyLine {
		if len(parts) == 1 {
			return orb.LineString(parts[0]), nil
		}
		mls := make(orb.MultiLineString, len(parts))
		for k, p := range parts {
			mls[k] = p
		}
		return mls, nil
	}
	rings := make([]orb.Ring, len(parts))
	for k, p := range parts {
		if len(p) >= 3 && p[0] != p[len(p)-1] {
			// closed, as GDAL closes it, and reported as a repair
			p = append(p[:len(p):len(p)], p[0])
			*ringsClosed++
		}
		if len(p) < 4 {
			return nil, shpProblem(geoio.ProblemBadRecord, "ring %d has %d points; a ring needs at least 4", k, len(p))
		}
		rings[k] = p
	}
	return geoio.AssembleRings(rings), nil
}
