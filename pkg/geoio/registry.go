package geoio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Format describes one supported file format.
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

	open   func(Source, ReadOptions) ([]Reader, error)
	create func(dst string, w io.Writer, layer Layer, opts WriteOptions) (Writer, error)
}

// CanRead and CanWrite say what the format supports.
func (f *Format) CanRead() bool  { return f.open != nil }
func (f *Format) CanWrite() bool { return f.create != nil }

// StreamWritable says the format can be written to standard output.
func (f *Format) StreamWritable() bool { return f.create != nil && !f.Multi }

var formats = []*Format{
	{Name: "geojson", Title: "GeoJSON", Exts: []string{".geojson", ".json"},
		open: openGeoJSON,
		create: func(_ string, w io.Writer, l Layer, o WriteOptions) (Writer, error) {
			return createGeoJSON(w, l, o, false, false)
		}},
	{Name: "geojsonseq", Title: "GeoJSONSeq", Exts: []string{".geojsons", ".geojsonseq"},
		open: openGeoJSON,
		create: func(_ string, w io.Writer, l Layer, o WriteOptions) (Writer, error) {
			return createGeoJSON(w, l, o, true, true)
		}},
	{Name: "geojsonl", Title: "GeoJSON lines", Exts: []string{".geojsonl", ".ndjson", ".jsonl"},
		open: openGeoJSON,
		create: func(_ string, w io.Writer, l Layer, o WriteOptions) (Writer, error) {
			return createGeoJSON(w, l, o, true, false)
		}},
	{Name: "shp", Title: "ESRI Shapefile", Exts: []string{".shp", ".zip", ".shp.zip"}, NeedsSchema: true, Multi: true,
		open: openShapefile,
		create: func(path string, _ io.Writer, l Layer, o WriteOptions) (Writer, error) {
			if strings.HasSuffix(strings.ToLower(path), ".zip") {
				return nil, fmt.Errorf("geoio: %s: writing zipped shapefiles is not supported; name a .shp", path)
			}
			return createShapefile(path, l, o)
		}},
	{Name: "csv", Title: "CSV", Exts: []string{".csv", ".tsv"}, NeedsSchema: true,
		open: openCSV,
		create: func(_ string, w io.Writer, l Layer, o WriteOptions) (Writer, error) {
			return createCSV(w, l, o)
		}},
	{Name: "osm", Title: "OpenStreetMap", Exts: []string{".osm", ".osm.pbf", ".pbf", ".osm.bz2"},
		open: openOSM},
	{Name: "kml", Title: "KML", Exts: []string{".kml"},
		create: func(_ string, w io.Writer, l Layer, o WriteOptions) (Writer, error) {
			return createKML(w, l, o)
		}},
}

// Formats lists the supported formats in a fixed order.
func Formats() []*Format { return formats }

// FormatByName finds a format by its -f name (case-insensitive), also
// accepting an extension ("shp", ".csv").
func FormatByName(name string) (*Format, error) {
	n := strings.ToLower(strings.TrimPrefix(name, "."))
	for _, f := range formats {
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
	for _, f := range formats {
		names = append(names, f.Name)
	}
	return nil, fmt.Errorf("geoio: unknown format %q (known: %s)", name, strings.Join(names, ", "))
}

// DetectFormat picks the format from a file name's ending.
func DetectFormat(path string) (*Format, error) {
	lower := strings.ToLower(path)
	var best *Format
	bestLen := 0
	for _, f := range formats {
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
	for _, f := range formats {
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
	}
	return FormatByName("csv")
}

func baseName(path string) string {
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
		}
	} else {
		if st, serr := os.Stat(path); serr != nil {
			return nil, fmt.Errorf("geoio: %w", serr)
		} else if st.IsDir() {
			return nil, fmt.Errorf("geoio: %s is a directory, not a file", path)
		}
		if opts.Format != "" {
			f, err = FormatByName(opts.Format)
		} else {
			f, err = DetectFormat(path)
		}
	}
	if err != nil {
		return nil, err
	}
	if f.open == nil {
		return nil, fmt.Errorf("geoio: %s: %s can be written but not read", src.Name(), f.Title)
	}
	rs, err := f.open(src, opts)
	if err != nil {
		return nil, err
	}
	if opts.Layer != "" {
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
		out[i] = newCheckedReader(r, src.Name(), opts)
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
	if f.create == nil {
		return nil, fmt.Errorf("geoio: %s cannot be written", f.Title)
	}
	return f.create(path, w, layer, opts)
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
