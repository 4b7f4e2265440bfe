package filegdb

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// FormatTitle is the format's human name, also Layer.Format.
const FormatTitle = "File Geodatabase"

// RepairCurves is the repair kind of a feature whose curves (circular
// and elliptic arcs, Bézier curves) were replaced by chords.
const RepairCurves = "curves replaced by chords"

func init() {
	geoio.Register(&geoio.Format{Name: "filegdb", Title: FormatTitle, Exts: []string{".gdb", ".gdb.zip"}, Rank: 25,
		Folder: true, Open: Open})
}

type readerAtCloser interface {
	io.ReaderAt
	io.Closer
}

// store is the files of one geodatabase: a folder on disk or a folder in
// a zip archive. Names are matched without regard to letter case.
type store struct {
	name  string // the .gdb, for messages
	dir   string
	files map[string]string    // lower-case name → name on disk
	zips  map[string]*zip.File // lower-case name → member
}

func (s *store) has(name string) bool {
	n := strings.ToLower(name)
	if s.zips != nil {
		_, ok := s.zips[n]
		return ok
	}
	_, ok := s.files[n]
	return ok
}

// maxZipMember bounds the memory one zip member may take.
const maxZipMember = 4 << 30

type memFile struct{ *bytes.Reader }

func (memFile) Close() error { return nil }

// open gives random access to a file of the geodatabase and its size;
// nil when there is no such file.
func (s *store) open(name string) (readerAtCloser, int64, error) {
	n := strings.ToLower(name)
	if s.zips != nil {
		zf, ok := s.zips[n]
		if !ok {
			return nil, 0, nil
		}
		if zf.UncompressedSize64 > maxZipMember {
			return nil, 0, fmt.Errorf("geoio: %s/%s: zip member of %d bytes is too large", s.name, name, zf.UncompressedSize64)
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, 0, fmt.Errorf("geoio: %s/%s: %w", s.name, name, err)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, maxZipMember+1))
		if err != nil {
			return nil, 0, fmt.Errorf("geoio: %s/%s: %w", s.name, name, err)
		}
		if len(b) > maxZipMember {
			return nil, 0, fmt.Errorf("geoio: %s/%s: zip member is too large", s.name, name)
		}
		return memFile{bytes.NewReader(b)}, int64(len(b)), nil
	}
	real, ok := s.files[n]
	if !ok {
		return nil, 0, nil
	}
	f, err := os.Open(filepath.Join(s.dir, real))
	if err != nil {
		return nil, 0, fmt.Errorf("geoio: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("geoio: %w", err)
	}
	return &cachedFile{f: f, buf: make([]byte, 64<<10)}, st.Size(), nil
}

// cachedFile serves small reads from a 64 KiB window of the file, so that
// rows read one after the other cost one system call per window.
type cachedFile struct {
	f   *os.File
	buf []byte
	off int64
	n   int
}

func (c *cachedFile) ReadAt(p []byte, off int64) (int, error) {
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

func (c *cachedFile) Close() error { return c.f.Close() }

// Open reads a File Geodatabase: a .gdb folder, or a zip archive holding
// one (a .gdb.zip, or any zip with -f filegdb). Every feature class and
// every table is a layer, in the order of the system catalog; the
// geodatabase's own GDB_* tables are not. opts.Layer opens just that one.
func Open(src geoio.Source, opts geoio.ReadOptions) ([]geoio.Reader, error) {
	s, closer, err := openStore(src)
	if err != nil {
		return nil, err
	}
	if closer != nil {
		// zip members are read into memory as the tables are opened
		defer closer.Close()
	}
	return openLayers(s, opts)
}

func openStore(src geoio.Source) (*store, io.Closer, error) {
	if src.R != nil {
		b, err := io.ReadAll(io.LimitReader(src.R, maxZipMember+1))
		if err != nil {
			return nil, nil, fmt.Errorf("geoio: %s: %w", src.Name(), err)
		}
		if !bytes.HasPrefix(b, []byte("PK\x03\x04")) && !bytes.HasPrefix(b, []byte("PK\x05\x06")) {
			return nil, nil, &geoio.FormatError{File: src.Name(), Index: -1,
				Reason: "a File Geodatabase is a folder and cannot come on standard input", Fix: "zip the .gdb folder, or name it"}
		}
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return nil, nil, fmt.Errorf("geoio: %s: not a readable zip archive: %w", src.Name(), err)
		}
		s, err := zipStore(src.Name(), zr)
		return s, nil, err
	}
	p := src.Path
	st, err := os.Stat(p)
	if err != nil {
		return nil, nil, fmt.Errorf("geoio: %w", err)
	}
	if st.IsDir() {
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, nil, fmt.Errorf("geoio: %w", err)
		}
		s := &store{name: filepath.Clean(p), dir: p, files: map[string]string{}}
		for _, e := range entries {
			if !e.IsDir() {
				s.files[strings.ToLower(e.Name())] = e.Name()
			}
		}
		return s, nil, nil
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, nil, fmt.Errorf("geoio: %s: neither a .gdb folder nor a readable zip archive: %w", p, err)
	}
	s, err := zipStore(p, &zr.Reader)
	if err != nil {
		zr.Close()
		return nil, nil, err
	}
	return s, zr, nil
}

// zipStore finds the geodatabase in a zip archive: the folder holding the
// system catalog, a00000001.gdbtable.
func zipStore(name string, zr *zip.Reader) (*store, error) {
	var dirs []string
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "__MACOSX/") {
			continue
		}
		if strings.EqualFold(path.Base(f.Name), "a00000001.gdbtable") {
			dirs = append(dirs, path.Dir(f.Name))
		}
	}
	switch len(dirs) {
	case 0:
		return nil, &geoio.FormatError{File: name, Index: -1, Reason: "the zip archive holds no File Geodatabase (no a00000001.gdbtable, the system catalog, in any folder)"}
	case 1:
	default:
		sort.Strings(dirs)
		return nil, &geoio.FormatError{File: name, Index: -1, Reason: fmt.Sprintf("the zip archive holds %d geodatabases (%s)", len(dirs), strings.Join(dirs, ", ")),
			Fix: "unzip it and name one .gdb folder"}
	}
	s := &store{name: name, zips: map[string]*zip.File{}}
	if dirs[0] != "." {
		s.name = name + "/" + dirs[0]
	}
	for _, f := range zr.File {
		if path.Dir(f.Name) == dirs[0] && !f.FileInfo().IsDir() {
			s.zips[strings.ToLower(path.Base(f.Name))] = f
		}
	}
	return s, nil
}

// catalogEntry is a table the system catalog lists: its name and the
// number in its file names (the catalog row's object id).
type catalogEntry struct {
	name string
	num  int
}

// readCatalog lists the tables of the geodatabase from its system
// catalog, a00000001.gdbtable: a table with the fields Name and
// FileFormat whose row n describes the table stored as a%08x.gdbtable.
func readCatalog(s *store) ([]catalogEntry, error) {
	t, err := openFile(s, "a00000001", "system catalog")
	if err != nil {
		return nil, err
	}
	if t == nil {
		return nil, &geoio.FormatError{File: s.name, Index: -1, Reason: "not a File Geodatabase: the system catalog a00000001.gdbtable is missing"}
	}
	defer t.Close()
	nameField := -1
	for i, f := range t.fields {
		if strings.EqualFold(f.name, "Name") && f.typ == ftString {
			nameField = i
		}
	}
	if nameField < 0 {
		return nil, t.errorf("the system catalog has no Name field")
	}
	var out []catalogEntry
	var rv rowValues
	for i := 0; i < t.totalRows; i++ {
		off, err := t.rowOffset(i)
		if err != nil {
			return nil, err
		}
		if off == 0 {
			continue
		}
		b, err := t.readRow(off)
		if err != nil {
			return nil, t.errorf("row %d: %v", i+1, err)
		}
		if err := t.decodeRow(b, &rv); err != nil {
			return nil, t.errorf("row %d: %v", i+1, err)
		}
		if n, ok := rv.vals[nameField].(string); ok && n != "" {
			out = append(out, catalogEntry{name: n, num: i + 1})
		}
	}
	return out, nil
}

// openFile opens the table stored as base.gdbtable with its .gdbtablx;
// nil when there is no such .gdbtable.
func openFile(s *store, base, layer string) (*table, error) {
	data, size, err := s.open(base + ".gdbtable")
	if err != nil || data == nil {
		return nil, err
	}
	name := fmt.Sprintf("%s/%s.gdbtable (%s)", s.name, base, layer)
	index, isize, err := s.open(base + ".gdbtablx")
	if err != nil {
		data.Close()
		return nil, err
	}
	t, err := openTable(name, data, size, index, isize)
	if err != nil {
		data.Close()
		if index != nil {
			index.Close()
		}
		return nil, err
	}
	return t, nil
}

// openLayers makes a reader for every user table of the geodatabase, or
// for opts.Layer alone. Tables kukarcli cannot read by design (compressed,
// multipatch, 64-bit ids) are left out with a note, or refused when asked
// for by name.
func openLayers(s *store, opts geoio.ReadOptions) (_ []geoio.Reader, err error) {
	entries, err := readCatalog(s)
	if err != nil {
		return nil, err
	}
	var out []geoio.Reader
	defer func() {
		if err != nil {
			for _, r := range out {
				r.Close()
			}
		}
	}()
	var names, refused []string
	for _, e := range entries {
		if len(e.name) >= 4 && strings.EqualFold(e.name[:4], "GDB_") {
			continue
		}
		names = append(names, e.name)
		if opts.Layer != "" && !strings.EqualFold(e.name, opts.Layer) {
			continue
		}
		r, why, err := openLayer(s, e, opts)
		if err != nil {
			return nil, err
		}
		if why != "" {
			if opts.Layer != "" {
				return nil, &geoio.FormatError{File: s.name, Index: -1, Reason: fmt.Sprintf("layer %s: %s", e.name, why)}
			}
			refused = append(refused, e.name)
			opts.Note(fmt.Sprintf("%s: layer %s is left out: %s", s.name, e.name, why))
			continue
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		switch {
		case opts.Layer != "":
			return nil, fmt.Errorf("geoio: %s has no layer %q (it holds %s)", s.name, opts.Layer, listOrNone(names))
		case len(refused) > 0:
			return nil, &geoio.FormatError{File: s.name, Index: -1, Reason: "none of its layers can be read (" + strings.Join(refused, ", ") + "; see the notes)"}
		}
		return nil, &geoio.FormatError{File: s.name, Index: -1, Reason: "the geodatabase holds no feature class or table"}
	}
	return out, nil
}

func listOrNone(names []string) string {
	if len(names) == 0 {
		return "no layer"
	}
	return strings.Join(names, ", ")
}

// openLayer opens one user table; why says why it is left out.
func openLayer(s *store, e catalogEntry, opts geoio.ReadOptions) (_ *layerReader, why string, _ error) {
	base := fmt.Sprintf("a%08x", e.num)
	for _, ext := range []string{".gdbtable.cdf", ".cdf"} {
		if s.has(base + ext) {
			return nil, fmt.Sprintf("it is stored compressed (%s%s, Esri's Compressed Data Format), which cannot be read; uncompress it in ArcGIS (Uncompress File Geodatabase Data) or export it", base, ext), nil
		}
	}
	if s.has(base + ".gdbtable.sdc") {
		return nil, fmt.Sprintf("it is stored in Smart Data Compression (%s.gdbtable.sdc), which cannot be read; export it from ArcGIS", base), nil
	}
	t, err := openFile(s, base, e.name)
	if err != nil {
		if strings.Contains(err.Error(), "64-bit object ids") {
			return nil, err.Error(), nil
		}
		return nil, "", err
	}
	if t == nil {
		return nil, fmt.Sprintf("the system catalog lists it but its file %s.gdbtable is missing", base), nil
	}
	if t.geomType == tgMultiPatch {
		t.Close()
		return nil, "it holds multipatch (3D surface) geometries, which kukarcli does not read; make a polygon layer of their footprints first (Multipatch Footprint in ArcGIS)", nil
	}
	r, err := newLayerReader(t, e.name, opts)
	if err != nil {
		t.Close()
		return nil, "", err
	}
	return r, "", nil
}
