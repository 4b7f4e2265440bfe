package geoio

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Format describes one supported file format. Each format's driver
// package registers it from an init function (as image/png registers
// with image); a program imports the drivers it wants, usually all of them
// through pkg/geoio/drivers.
type Format struct {
	// Name is the short name used with -f ("geojson", "shp", ...).
	Name string
	// Title is the human name shown by info ("ESRI Shapefile").
	Title string
	// Exts are the file name endings that select it, longest first.
	Exts []string
	// NeedsSchema says the writer must know every field and its type
	// before the first feature (DBF and CSV headers).
	NeedsSchema bool
	// Multi says the writer produces several files beside the named one.
	Multi bool
	// Folder says the input may be a folder (a File Geodatabase's .gdb).
	Folder bool
	// Rank orders the formats in listings and messages, lowest first.
	Rank int

	// Open reads every layer of a source; nil when the format is not read.
	Open func(Source, ReadOptions) ([]Reader, error)
	// Create makes a writer for one layer: single-file formats write to
	// w, multi-file formats their own files beside dst. Nil when the
	// format is not written.
	Create func(dst string, w io.Writer, layer Layer, opts WriteOptions) (Writer, error)
}

// CanRead and CanWrite say what the format supports.
func (f *Format) CanRead() bool  { return f.Open != nil }
func (f *Format) CanWrite() bool { return f.Create != nil }

// StreamWritable says the format can be written to standard output.
func (f *Format) StreamWritable() bool { return f.Create != nil && !f.Multi }

var (
	formatsMu sync.RWMutex
	formats   []*Format
)

// Register makes a format known to Open, Create and the lookups. It
// panics when the name is taken: two drivers for one format is a
// programming error.
func Register(f *Format) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	for _, g := range formats {
		if g.Name == f.Name {
			panic("geoio: format " + f.Name + " registered twice")
		}
	}
	formats = append(formats, f)
	sort.SliceStable(formats, func(i, j int) bool { return formats[i].Rank < formats[j].Rank })
}

// Formats lists the registered formats in Rank order.
func Formats() []*Format {
	formatsMu.RLock()
	defer formatsMu.RUnlock()
	return slices.Clone(formats)
}

// FormatByName finds a format by its -f name (case-insensitive), also
// accepting an extension ("shp", ".csv").
func FormatByName(name string) (*Format, error) {
	n := strings.ToLower(strings.TrimPrefix(name, "."))
	for _, f := range Formats() {
		if f.Name == n || strings.EqualFold(f.Title, name) {
			return f, nil
		}
		for _, e := range f.Exts {
			if "."+n == e {
				return f, nil
			}
		}
	}
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
	}
	return nil, fmt.Errorf("geoio: unknown format %q (known: %s)", name, strings.Join(names, ", "))
}

// DetectFormat picks the format from a file name's ending.
func DetectFormat(path string) (*Format, error) {
	lower := strings.ToLower(path)
	var best *Format
	bestLen := 0
	for _, f := range Formats() {
		for _, e := range f.Exts {
			if strings.HasSuffix(lower, e) && len(e) > bestLen {
				best, bestLen = f, len(e)
			}
		}
	}
	if best == nil {
		return nil, fmt.Errorf("geoio: %s: cannot tell the format from the file name; pass -f (one of %s)", path, formatNames())
	}
	return best, nil
}

func formatNames() string {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

// sniff guesses the format of a stream from its first bytes.
func sniff(br *bufio.Reader) (*Format, error) {
	head, _ := br.Peek(512)
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	t = bytes.TrimPrefix(t, []byte("\xef\xbb\xbf"))
	t = bytes.TrimLeft(t, " \t\r\n")
	switch {
	case len(t) == 0:
		return nil, fmt.Errorf("geoio: <stdin>: no data on standard input")
	case t[0] == 0x1e:
		return FormatByName("geojsonseq")
	case t[0] == '{':
		return FormatByName("geojson")
	case t[0] == '<':
		return FormatByName("osm")
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return FormatByName("gpkg")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return nil, errZipStream
	}
	return FormatByName("csv")
}

// errZipStream: standard input is a zip archive, whose members sniffZip
// names once it is in memory.
var errZipStream = errors.New("zip on standard input")

// maxZipStream bounds the zip archive read from standard input.
const maxZipStream = 4 << 30

// zipMemberFormat names the format of a zip archive from its members'
// names: a File Geodatabase (a .gdb folder, whose system catalog is
// a00000001.gdbtable) or shapefiles (.shp). name is for the message.
func zipMemberFormat(name string, files []*zip.File) (*Format, error) {
	shp := false
	for _, f := range files {
		n := strings.ToLower(path.Base(f.Name))
		switch {
		case n == "a00000001.gdbtable":
			return FormatByName("filegdb")
		case strings.HasSuffix(n, ".shp"):
			shp = true
		}
	}
	if shp {
		return FormatByName("shp")
	}
	var names []string
	for i, f := range files {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(files)-5))
			break
		}
		names = append(names, f.Name)
	}
	return nil, fmt.Errorf("geoio: %s: the zip archive holds neither a File Geodatabase (.gdb) nor a shapefile (.shp) (members: %s); unzip it and name the file inside", name, strings.Join(names, ", "))
}

// zipFileFormat opens the zip archive at p to name its format.
func zipFileFormat(p string) (*Format, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("geoio: %s: not a readable zip archive: %w", p, err)
	}
	defer zr.Close()
	return zipMemberFormat(p, zr.File)
}

// LayerName is the layer name a file gives: its base name without the
// format's ending, "stdin" for standard input.
func LayerName(path string) string {
	b := filepath.Base(path)
	if path == "" || path == "-" || path == "<stdin>" {
		return "stdin"
	}
	lower := strings.ToLower(b)
	for _, e := range []string{".osm.pbf", ".osm.bz2"} {
		if strings.HasSuffix(lower, e) {
			return b[:len(b)-len(e)]
		}
	}
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// OpenAll opens every layer of a file ("-" for standard input). The
// readers it returns give lon/lat coordinates (reprojected from the
// file's CRS) and have passed validation: invalid features are reported
// through opts.Problems and skipped.
func OpenAll(path string, stdin io.Reader, opts ReadOptions) ([]Reader, error) {
	var f *Format
	var err error
	src := Source{Path: path}
	if path == "-" {
		br := bufio.NewReaderSize(stdin, 1<<16)
		src.R = br
		if opts.Format != "" {
			f, err = FormatByName(opts.Format)
		} else {
			f, err = sniff(br)
			if errors.Is(err, errZipStream) {
				// a zip's directory is at its end: read it whole
				var b []byte
				b, err = io.ReadAll(io.LimitReader(br, maxZipStream+1))
				switch {
				case err != nil:
					err = fmt.Errorf("geoio: <stdin>: %w", err)
				case len(b) > maxZipStream:
					err = fmt.Errorf("geoio: <stdin>: a zip archive over %d bytes on standard input; name the file instead", maxZipStream)
				default:
					var zr *zip.Reader
					if zr, err = zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil {
						err = fmt.Errorf("geoio: <stdin>: not a readable zip archive: %w", err)
					} else {
						f, err = zipMemberFormat("<stdin>", zr.File)
						src.R = bytes.NewReader(b)
					}
				}
			}
		}
	} else {
		st, serr := os.Stat(path)
		if serr != nil {
			return nil, fmt.Errorf("geoio: %w", serr)
		}
		if opts.Format != "" {
			f, err = FormatByName(opts.Format)
		} else {
			f, err = DetectFormat(strings.TrimRight(path, `/\`))
			if err == nil && !st.IsDir() && f.Name == "shp" && strings.EqualFold(filepath.Ext(path), ".zip") &&
				!strings.HasSuffix(strings.ToLower(path), ".shp.zip") {
				// a plain .zip: a zipped .gdb folder or shapefiles
				f, err = zipFileFormat(path)
			}
		}
		if st.IsDir() && (err != nil || !f.Folder) {
			return nil, fmt.Errorf("geoio: %s is a directory, not a file", path)
		}
	}
	if err != nil {
		return nil, err
	}
	if f.Open == nil {
		return nil, fmt.Errorf("geoio: %s: %s can be written but not read", src.Name(), f.Title)
	}
	// the driver's problems pass through a tap, so that each layer counts
	// the records its driver skipped or repaired
	tap := &problemTap{next: opts.Problems}
	dopts := opts
	dopts.Problems = tap.handle
	rs, err := f.Open(src, dopts)
	if err != nil {
		return nil, err
	}
	switch {
	case opts.Layer != "" && len(rs) == 1 && !strings.EqualFold(rs[0].Layer().Name, opts.Layer):
		// one command reads several inputs and --layer picks in the one
		// with several layers (a geodatabase); a file of one layer is read
		// whole, and says so
		opts.Note(fmt.Sprintf("%s: --layer %s: the file has one layer, %s, which is read", src.Name(), opts.Layer, rs[0].Layer().Name))
	case opts.Layer != "":
		var keep []Reader
		for _, r := range rs {
			if strings.EqualFold(r.Layer().Name, opts.Layer) {
				keep = append(keep, r)
			} else {
				r.Close()
			}
		}
		if len(keep) == 0 {
			return nil, fmt.Errorf("geoio: %s has no layer %q", src.Name(), opts.Layer)
		}
		rs = keep
	}
	out := make([]Reader, len(rs))
	for i, r := range rs {
		c := newCheckedReader(r, src.Name(), opts)
		c.problemTap = tap
		out[i] = c
	}
	return out, nil
}

// Open opens a file that must hold exactly one layer (or opts.Layer).
func Open(path string, stdin io.Reader, opts ReadOptions) (Reader, error) {
	rs, err := OpenAll(path, stdin, opts)
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		var names []string
		for _, r := range rs {
			names = append(names, r.Layer().Name)
			r.Close()
		}
		sort.Strings(names)
		return nil, fmt.Errorf("geoio: %s holds %d layers (%s); choose one with --layer", path, len(names), strings.Join(names, ", "))
	}
	return rs[0], nil
}

// Create makes a writer for path in format f. Single-file formats write
// to w (the caller makes the file atomic); multi-file formats (shapefile)
// write their own files atomically beside path.
func Create(f *Format, path string, w io.Writer, layer Layer, opts WriteOptions) (Writer, error) {
	if f.Create == nil {
		return nil, fmt.Errorf("geoio: %s cannot be written", f.Title)
	}
	return f.Create(path, w, layer, opts)
}

// ReadAll reads every feature of a reader into memory.
func ReadAll(r Reader) ([]*Feature, error) {
	var out []*Feature
	for {
		f, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, f)
	}
}
