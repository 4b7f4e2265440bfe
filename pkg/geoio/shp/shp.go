package shp

import (
	"archive/zip"
	"bytes"
	"fmt"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Shape types, table 1 of the technical description.
const (
	shpNull        = 0
	shpPoint       = 1
	shpPolyLine    = 3
	shpPolygon     = 5
	shpMultiPoint  = 8
	shpPointZ      = 11
	shpPolyLineZ   = 13
	shpPolygonZ    = 15
	shpMultiPointZ = 18
	shpPointM      = 21
	shpPolyLineM   = 23
	shpPolygonM    = 25
	shpMultiPointM = 28
	shpMultiPatch  = 31
)

const (
	shpFileCode   = 9994
	shpVersion    = 1000
	shpHeaderLen  = 100
	shpFormatName = "ESRI Shapefile"
)

// shpBaseType maps the Z and M variants to their plain type; -1 for an
// unknown or MultiPatch type.
func shpBaseType(t int32) int32 {
	switch t {
	case shpNull:
		return shpNull
	case shpPoint, shpPointZ, shpPointM:
		return shpPoint
	case shpPolyLine, shpPolyLineZ, shpPolyLineM:
		return shpPolyLine
	case shpPolygon, shpPolygonZ, shpPolygonM:
		return shpPolygon
	case shpMultiPoint, shpMultiPointZ, shpMultiPointM:
		return shpMultiPoint
	}
	return -1
}

func shpTypeName(t int32) string {
	names := map[int32]string{
		shpNull: "Null", shpPoint: "Point", shpPolyLine: "PolyLine", shpPolygon: "Polygon",
		shpMultiPoint: "MultiPoint", shpPointZ: "PointZ", shpPolyLineZ: "PolyLineZ",
		shpPolygonZ: "PolygonZ", shpMultiPointZ: "MultiPointZ", shpPointM: "PointM",
		shpPolyLineM: "PolyLineM", shpPolygonM: "PolygonM", shpMultiPointM: "MultiPointM",
		shpMultiPatch: "MultiPatch",
	}
	if n, ok := names[t]; ok {
		return n
	}
	return fmt.Sprintf("unknown type %d", t)
}

// shpRef is one file of a shapefile set, on disk or in memory.
type shpRef struct {
	name string // for messages
	path string // on disk; "" when data is set
	data []byte
	zf   *zip.File // a zip member, read into memory on open
}

// shpReaderAt is what a reader needs from an opened file.
type shpReaderAt interface {
	io.ReaderAt
	io.Closer
}

type shpMemFile struct{ *bytes.Reader }

func (shpMemFile) Close() error { return nil }

// open gives random access to the file and its size. Files on disk are
// wrapped in a block cache so that sequential record reads do not become
// one system call each.
func (r *shpRef) open() (shpReaderAt, int64, error) {
	switch {
	case r.zf != nil:
		if r.data == nil {
			b, err := shpReadZipMember(r.zf)
			if err != nil {
				return nil, 0, fmt.Errorf("geoio: %s: %w", r.name, err)
			}
			r.data = b
		}
		return shpMemFile{bytes.NewReader(r.data)}, int64(len(r.data)), nil
	case r.path == "":
		return shpMemFile{bytes.NewReader(r.data)}, int64(len(r.data)), nil
	}
	f, err := os.Open(r.path)
	if err != nil {
		return nil, 0, fmt.Errorf("geoio: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("geoio: %w", err)
	}
	return &shpCachedFile{f: f, buf: make([]byte, 64<<10)}, st.Size(), nil
}

// readSmall reads a small companion (.prj, .cpg) whole.
func (r *shpRef) readSmall(limit int64) (string, error) {
	f, size, err := r.open()
	if err != nil {
		return "", err
	}
	defer f.Close()
	if size > limit {
		return "", fmt.Errorf("geoio: %s: %d bytes is too large for this kind of file", r.name, size)
	}
	b := make([]byte, size)
	if n, err := f.ReadAt(b, 0); int64(n) < size {
		return "", fmt.Errorf("geoio: %s: %w", r.name, err)
	}
	return string(b), nil
}

// shpCachedFile serves small reads from a 64 KiB window of the file.
type shpCachedFile struct {
	f   *os.File
	buf []byte
	off int64
	n   int
}

func (c *shpCachedFile) ReadAt(p []byte, off int64) (int, error) {
	if len(p) > len(c.buf)/2 {
		return c.f.ReadAt(p, off)
	}
	if off >= c.off && off+int64(len(p)) <= c.off+int64(c.n) {
		return copy(p, c.buf[off-c.off:]), nil
	}
	n, err := c.f.ReadAt(c.buf, off)
	if err != nil && err != io.EOF {
		c.n = 0
		return 0, err
	}
	c.off, c.n = off, n
	m := copy(p, c.buf[:n])
	if m < len(p) {
		return m, io.EOF
	}
	return m, nil
}

func (c *shpCachedFile) Close() error { return c.f.Close() }

// shpSet is one shapefile: the .shp and whichever companions exist.
type shpSet struct {
	name                         string // the .shp, for messages
	layer                        string // base name
	shp, shx, dbf, dbt, prj, cpg *shpRef
}

// openShapefile opens a .shp (companions found beside it, case-insensitive
// extensions) or a .zip holding one or more shapefiles (one Reader per
// .shp, sorted by name; opts.Layer picks one by base name).
func openShapefile(src geoio.Source, opts geoio.ReadOptions) ([]geoio.Reader, error) {
	if src.R != nil {
		b, err := io.ReadAll(src.R)
		if err != nil {
			return nil, fmt.Errorf("geoio: %s: %w", src.Name(), err)
		}
		if bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06")) {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				return nil, fmt.Errorf("geoio: %s: not a readable zip archive: %w", src.Name(), err)
			}
			return openShapefileZip(src.Name(), zr, opts)
		}
		// A bare .shp on a stream has no companions.
		set := &shpSet{name: src.Name(), layer: "stdin", shp: &shpRef{name: src.Name(), data: b}}
		return shpOpenSets([]*shpSet{set}, opts)
	}
	if strings.EqualFold(filepath.Ext(src.Path), ".zip") {
		zr, err := zip.OpenReader(src.Path)
		if err != nil {
			return nil, fmt.Errorf("geoio: %s: not a readable zip archive: %w", src.Path, err)
		}
		rs, err := openShapefileZip(src.Path, &zr.Reader, opts)
		// Every member a reader needs is read into memory on open.
		zr.Close()
		return rs, err
	}
	set, err := shpFindCompanions(src.Path)
	if err != nil {
		return nil, err
	}
	return shpOpenSets([]*shpSet{set}, opts)
}

// shpFindCompanions looks beside path for files with the same base name
// and a shapefile extension in any letter case.
func shpFindCompanions(path string) (*shpSet, error) {
	dir, file := filepath.Split(path)
	ext := filepath.Ext(file)
	stem := strings.TrimSuffix(file, ext)
	set := &shpSet{name: path, layer: stem, shp: &shpRef{name: path, path: path}}
	entries, err := os.ReadDir(filepath.Clean(dir + "."))
	if err != nil {
		return nil, fmt.Errorf("geoio: %w", err)
	}
	// Prefer the extension written in the same case as the .shp's.
	upper := ext != "" && ext == strings.ToUpper(ext)
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || n == file {
			continue
		}
		x := filepath.Ext(n)
		if strings.TrimSuffix(n, x) != stem {
			continue
		}
		ref := &shpRef{name: filepath.Join(dir, n), path: filepath.Join(dir, n)}
		var slot **shpRef
		switch strings.ToLower(x) {
		case ".shx":
			slot = &set.shx
		case ".dbf":
			slot = &set.dbf
		case ".dbt":
			slot = &set.dbt
		case ".prj":
			slot = &set.prj
		case ".cpg":
			slot = &set.cpg
		default:
			continue
		}
		if *slot == nil || (x == strings.ToUpper(x)) == upper {
			*slot = ref
		}
	}
	return set, nil
}

// shpOpenSets opens a reader per set, closing all of them on failure.
func shpOpenSets(sets []*shpSet, opts geoio.ReadOptions) ([]geoio.Reader, error) {
	out := make([]geoio.Reader, 0, len(sets))
	for _, s := range sets {
		r, err := newSHPReader(s, opts)
		if err != nil {
			for _, o := range out {
				o.Close()
			}
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// shpSortSets orders sets by name for a deterministic layer order.
func shpSortSets(sets []*shpSet) {
	sort.SliceStable(sets, func(i, j int) bool { return sets[i].name < sets[j].name })
}

func init() {
	geoio.Register(&geoio.Format{Name: "shp", Title: "ESRI Shapefile", Exts: []string{".shp", ".zip", ".shp.zip"}, NeedsSchema: true, Multi: true, Rank: 20,
		Open: openShapefile,
		Create: func(path string, _ io.Writer, l geoio.Layer, o geoio.WriteOptions) (geoio.Writer, error) {
			if strings.HasSuffix(strings.ToLower(path), ".zip") {
				return nil, fmt.Errorf("geoio: %s: writing zipped shapefiles is not supported; name a .shp", path)
			}
			return createShapefile(path, l, o)
		}})
}
