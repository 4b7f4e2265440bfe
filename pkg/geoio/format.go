package geoio

import (
	"io"

	"github.com/kukarcli/kukarcli/pkg/crs"
)

// Reader yields the features of one layer, one at a time, so that large
// files are streamed rather than held in memory. Next returns io.EOF after
// the last feature. Coordinates are in the layer's CRS as stored in the
// file; Open wraps readers so callers see lon/lat (see Validate).
type Reader interface {
	Layer() Layer
	Next() (*Feature, error)
	Close() error
}

// Writer receives features for one output layer. Close finishes the output
// (headers, counts, renames into place); Abort removes anything partly
// written. Exactly one of them must be called.
type Writer interface {
	Write(*Feature) error
	Close() error
	Abort() error
}

// Source is where a reader takes its bytes: a file path, or a stream
// (standard input) with Path used only in messages.
type Source struct {
	Path string
	R    io.Reader // non-nil for streams
}

// Name is the source name for messages.
func (s Source) Name() string {
	if s.Path == "" || s.Path == "-" {
		return "<stdin>"
	}
	return s.Path
}

// ReadOptions controls reading.
type ReadOptions struct {
	// Format overrides detection from the file name ("geojson", "shp", ...).
	Format string
	// SourceCRS overrides the CRS declared by the file (--s-crs).
	SourceCRS *crs.CRS
	// Problems receives each skipped feature. Nil means skip silently.
	Problems ProblemHandler
	// Warn receives file-level notes (a missing .dbf, a code page guess).
	Warn func(string)
	// Layer picks one layer by name from a multi-layer source (a .zip).
	Layer string
	// Describe reads a layer whose CRS cannot be converted to lon/lat in
	// its own coordinates (for info) instead of refusing it.
	Describe bool
	// Counted receives each layer's accounting once it has been read to
	// the end (see Counts); name is the source for messages.
	Counted func(name string, c Counts)
}

// Counts is the accounting of one layer read to its end: every record in
// the file is used (repaired or not) or skipped, Records = Used +
// Skipped. Records is the file's own count where its container declares
// one (a shapefile's header, a DBF header), so what a truncated file lost
// is counted as skipped.
type Counts struct {
	Records  int
	Used     int
	Repaired int // of Used, the features changed by a repair
	Skipped  int
	// SkippedBy and RepairedBy count by problem kind (a feature repaired
	// twice counts under both kinds, once in Repaired).
	SkippedBy  map[string]int
	RepairedBy map[string]int
	// DuplicateIDs is the number of ids used by more than one feature,
	// DuplicateFeatures the features beyond the first with such an id;
	// all of them are used.
	DuplicateIDs, DuplicateFeatures int
}

// RecordCounter is implemented by readers whose container declares the
// number of records (a shapefile's .shx, a DBF header): Records is that
// number, known once the reader is open.
type RecordCounter interface {
	Records() int
}

// Report hands a skipped feature to Problems (nil: skip silently).
func (o ReadOptions) Report(p Problem) error {
	if o.Problems == nil {
		return nil
	}
	return o.Problems(p)
}

// Note hands a file-level note to Warn, when set.
func (o ReadOptions) Note(msg string) {
	if o.Warn != nil {
		o.Warn(msg)
	}
}

// WriteOptions controls writing.
type WriteOptions struct {
	// Precision is the number of decimals for coordinates in text formats
	// (GeoJSON, CSV WKT); 0 means the default of 7 (about 1 cm).
	Precision int
	// CRS is the CRS of the coordinates handed to the writer (after
	// --t-crs). The zero value means WGS84 lon/lat.
	CRS crs.CRS
	// CSVGeometry is "xy" (lon/lat columns), "wkt", or "" for automatic:
	// lon/lat when the first geometry is a Point, WKT otherwise.
	CSVGeometry string
	// Warn receives notes such as shapefile field renames.
	Warn func(string)
	// BOM starts a CSV with the UTF-8 byte order mark, so that Excel on
	// Windows reads Indonesian names right; CRLF ends its lines with
	// CR LF for spreadsheet programs that want them.
	BOM, CRLF bool
	// Delimiter separates CSV fields; 0 is the comma.
	Delimiter rune
	// Name is the layer or document name for formats that carry one (KML).
	Name string
	// KML holds shared styles and the choice of style per feature (for
	// villages coloured by priority class); the zero value means none.
	KML KMLStyling
}

// Note hands a note to Warn, when set.
func (o WriteOptions) Note(msg string) {
	if o.Warn != nil {
		o.Warn(msg)
	}
}

// Decimals is Precision, or 7 when unset.
func (o WriteOptions) Decimals() int {
	if o.Precision <= 0 {
		return 7
	}
	return o.Precision
}

// KMLStyle is a shared style written at the top of the Document. Colours
// are KML's aabbggrr hex ("ff0000ff" is opaque red); empty leaves that
// part of the style out.
type KMLStyle struct {
	ID        string
	LineColor string
	PolyColor string
}

// KMLStyling colours placemarks: Styles are declared once, StyleOf names
// the style of a feature ("" for none).
type KMLStyling struct {
	Styles  []KMLStyle
	StyleOf func(f *Feature) (styleID string)
}
