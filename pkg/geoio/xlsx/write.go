package xlsx

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/geoio/wkt"
	"github.com/paulmach/orb"
)

// sampleRows is how many rows are held before the columns are planned
// (number formats and widths are chosen from them) and the sheet is
// streamed; a layer whose geometry is still unknown by then gets a WKT
// column, which fits any.
const sampleRows = 1000

// writer writes one layer as a one-sheet workbook. Rows are streamed to
// a temporary file by excelize; Close writes the workbook to w.
type writer struct {
	w      io.Writer
	opts   geoio.WriteOptions
	name   string // the sheet's name
	mode   string // "xy", "wkt", "none", or "" until the geometry decides
	forced bool   // the mode was asked for
	fields []geoio.Field
	known  bool
	cols   []int // indexes into fields of the columns written

	held  []heldRow
	b     *book
	sheet *sheetOut
	n     int
	done  bool
	warn  map[string]bool
	row   []any
	buf   []byte
}

type heldRow struct {
	props []any
	geom  orb.Geometry
	idx   int
	id    string
}

// create makes the writer of a layer: its sheet is named after
// opts.Name, else the layer, else the file.
func create(path string, w io.Writer, layer geoio.Layer, opts geoio.WriteOptions) (geoio.Writer, error) {
	mode := strings.ToLower(opts.CSVGeometry)
	switch mode {
	case "", "xy", "wkt":
	default:
		return nil, fmt.Errorf("geoio: xlsx: unknown geometry mode %q (want xy or wkt)", opts.CSVGeometry)
	}
	name := opts.Name
	if name == "" {
		name = layer.Name
	}
	if name == "" && path != "" && path != "-" {
		name = geoio.LayerName(path)
	}
	wr := &writer{w: w, opts: opts, name: name, mode: mode, forced: mode != "", warn: map[string]bool{}}
	if len(layer.Fields) > 0 {
		wr.fields = append([]geoio.Field(nil), layer.Fields...)
		wr.known = true
	}
	return wr, nil
}

func (w *writer) Write(f *geoio.Feature) error {
	if w.done {
		return errors.New("geoio: xlsx: write after close")
	}
	idx := w.n
	w.n++
	if !w.known {
		var s geoio.Schema
		s.Add(f.Properties)
		w.fields = s.Fields()
		w.known = true
	}
	if w.mode == "" && (f.Geometry != nil || len(w.held) >= sampleRows) {
		w.mode = "wkt"
		if _, ok := f.Geometry.(orb.Point); ok {
			w.mode = "xy"
			// a property already named lon or lat would have to go;
			// WKT keeps every attribute
			if _, dropped := writtenFields(w.fields, "xy"); len(dropped) > 0 {
				w.mode = "wkt"
			}
		}
	}
	props := w.properties(f)
	if w.sheet == nil {
		w.held = append(w.held, heldRow{props: props, geom: f.Geometry, idx: idx, id: f.IDString()})
		if w.mode != "" && len(w.held) >= sampleRows {
			return w.start()
		}
		return nil
	}
	return w.writeRow(props, f.Geometry, idx, f.IDString())
}

// properties gives the feature's values in field order; a property that
// is no field is noted once and left out.
func (w *writer) properties(f *geoio.Feature) []any {
	vals := make([]any, len(w.fields))
	for i, fd := range w.fields {
		if i < len(f.Properties) && f.Properties[i].Key == fd.Name {
			vals[i] = f.Properties[i].Value
		} else {
			vals[i], _ = f.Properties.Get(fd.Name)
		}
	}
	for i, p := range f.Properties {
		if (i < len(w.fields) && w.fields[i].Name == p.Key) || w.warn[p.Key] {
			continue
		}
		found := false
		for _, fd := range w.fields {
			if fd.Name == p.Key {
				found = true
				break
			}
		}
		if !found {
			w.warn[p.Key] = true
			w.opts.Note(fmt.Sprintf("xlsx: property %q is not among the layer's fields; not written", p.Key))
		}
	}
	return vals
}

// writtenFields leaves out a property named like a geometry column (a lon
// attribute beside point geometry), which would make the sheet ambiguous
// to read back.
func writtenFields(fields []geoio.Field, mode string) (keep []int, dropped []string) {
	for i, f := range fields {
		n := strings.ToLower(f.Name)
		if (mode == "xy" && (n == "lon" || n == "lat")) || (mode == "wkt" && n == "wkt") {
			dropped = append(dropped, f.Name)
			continue
		}
		keep = append(keep, i)
	}
	return keep, dropped
}

// start plans the columns from the held rows, writes the header and the
// held rows, and streams from then on.
func (w *writer) start() error {
	if w.mode == "" {
		w.mode = "none"
	}
	keep, dropped := writtenFields(w.fields, w.mode)
	for _, d := range dropped {
		w.opts.Note(fmt.Sprintf("xlsx: property %q not written: that column carries the geometry", d))
	}
	w.cols = keep
	var names []string
	var kinds []geoio.FieldType
	var decimals []int
	if w.mode == "wkt" {
		names, kinds, decimals = append(names, "WKT"), append(kinds, geoio.FieldString), append(decimals, 0)
	}
	for _, i := range keep {
		f := w.fields[i]
		names, kinds, decimals = append(names, f.Name), append(kinds, f.Type), append(decimals, f.Precision)
	}
	if w.mode == "xy" {
		d := w.opts.Decimals()
		names = append(names, "lon", "lat")
		kinds = append(kinds, geoio.FieldFloat, geoio.FieldFloat)
		decimals = append(decimals, d, d)
	}
	sample := make([][]any, 0, len(w.held))
	for _, h := range w.held {
		row, err := w.cells(h.props, h.geom, h.idx, h.id)
		if err != nil {
			return err
		}
		sample = append(sample, append([]any(nil), row...))
	}
	plan := planColumns(names, kinds, decimals, sample, nil)
	if w.mode == "xy" {
		// coordinates show their written decimals, always
		for _, k := range []int{len(plan) - 2, len(plan) - 1} {
			plan[k].format = "0" + fraction(w.opts.Decimals())
			plan[k].width = math.Max(plan[k].width, float64(5+w.opts.Decimals()))
		}
	}
	b, err := newBook()
	if err != nil {
		return err
	}
	w.b = b
	w.sheet, err = b.addSheet(w.name, true, plan)
	if err != nil {
		return err
	}
	w.sheet.warn = w.opts.Warn
	for _, row := range sample {
		if err := w.sheet.writeRow(row); err != nil {
			return err
		}
	}
	w.held = nil
	return nil
}

// cells lays out one row: a WKT column first, or lon and lat columns last,
// as the CSV writer does.
func (w *writer) cells(props []any, g orb.Geometry, idx int, id string) ([]any, error) {
	row := w.row[:0]
	prec := w.opts.Decimals()
	switch w.mode {
	case "wkt":
		if g == nil {
			row = append(row, nil)
		} else {
			w.buf = wkt.Append(w.buf[:0], g, prec)
			row = append(row, string(w.buf))
		}
	case "xy":
		if g != nil {
			if _, ok := g.(orb.Point); !ok {
				return nil, fmt.Errorf("geoio: xlsx: feature %d%s: a %s cannot be written as lon/lat columns; write WKT geometry instead",
					idx, geoio.IDSuffix(id), geoio.GeometryType(g))
			}
		}
	case "none":
		if g != nil {
			return nil, fmt.Errorf("geoio: xlsx: feature %d%s has a geometry, but the sheet was started without geometry columns",
				idx, geoio.IDSuffix(id))
		}
	}
	for _, i := range w.cols {
		row = append(row, props[i])
	}
	if w.mode == "xy" {
		if pt, ok := g.(orb.Point); ok {
			row = append(row, roundTo(pt[0], prec), roundTo(pt[1], prec))
		} else {
			row = append(row, nil, nil)
		}
	}
	w.row = row
	return row, nil
}

// roundTo keeps the decimals a coordinate is written with in text formats.
func roundTo(v float64, dec int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', dec, 64), 64)
	if err != nil {
		return v
	}
	return r
}

func (w *writer) writeRow(props []any, g orb.Geometry, idx int, id string) error {
	row, err := w.cells(props, g, idx, id)
	if err != nil {
		return err
	}
	if err := w.sheet.writeRow(row); err != nil {
		return fmt.Errorf("geoio: feature %d%s: %w", idx, geoio.IDSuffix(id), err)
	}
	return nil
}

// Close writes the workbook to w; it does not close w.
func (w *writer) Close() error {
	if w.done {
		return nil
	}
	w.done = true
	if w.sheet == nil {
		if err := w.start(); err != nil {
			w.release()
			return err
		}
	}
	defer w.release()
	if err := w.sheet.finish(); err != nil {
		return err
	}
	return w.b.writeTo(w.w)
}

// Abort drops what was written; the caller removes the partial output.
func (w *writer) Abort() error {
	w.done = true
	w.held = nil
	w.release()
	return nil
}

// release removes excelize's temporary files.
func (w *writer) release() {
	if w.b != nil {
		w.b.f.Close()
		w.b = nil
	}
}
