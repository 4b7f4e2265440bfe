package cli

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/internal/par"
	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// loadLayer reads a layer with the read flags, reporting skipped
// features through log.
func loadLayer(path string, streams *IOStreams, rf *ReadFlags, log *scenario.Log) (*scenario.Layer, error) {
	ro, err := rf.options(log)
	if err != nil {
		return nil, err
	}
	return scenario.ReadLayer(path, streams.In, ro)
}

// OutputFlags choose where and how an analysis writes its rows.
type OutputFlags struct {
	Path      string
	Format    string
	Overwrite bool
	Precision int
	BOM, CRLF bool   // CSV for Excel: a byte order mark, CR LF line ends
	Title     string // of an HTML page
}

// AddFlags registers -o, -f, --overwrite and --precision.
func (o *OutputFlags) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&o.Path, "output", "o", "-", "output `FILE` (format from its extension), - for standard output")
	f.StringVarP(&o.Format, "format", "f", "", "output format: table, csv, json, md, html, geojson, geojsonseq, geojsonl, kml, shp (default: table on a terminal, CSV when piped, else from -o's extension)")
	f.BoolVar(&o.Overwrite, "overwrite", false, "replace the output file if it exists")
	f.IntVar(&o.Precision, "precision", 7, "decimals of coordinates in text formats")
	f.StringVar(&o.Title, "title", "", "title of an HTML page (default: the file name)")
	addCSVFlags(cmd, &o.BOM, &o.CRLF)
}

// addCSVFlags registers --bom and --crlf, the CSV options for Excel.
func addCSVFlags(cmd *cobra.Command, bom, crlf *bool) {
	f := cmd.Flags()
	f.BoolVar(bom, "bom", false, "start CSV output with a UTF-8 byte order mark, so Excel on Windows shows names with accents right")
	f.BoolVar(crlf, "crlf", false, "end CSV lines with CR LF, for older spreadsheet programs (default: LF)")
}

// reportFormats are rendered by pkg/report rather than geoio.
var reportFormats = map[string]bool{"table": true, "csv": true, "json": true, "md": true, "html": true}

// resolve picks the output format name.
func (o *OutputFlags) resolve(streams *IOStreams) (string, error) {
	if o.Format != "" {
		f := strings.ToLower(o.Format)
		if reportFormats[f] {
			return f, nil
		}
		gf, err := geoio.FormatByName(f)
		if err != nil {
			return "", scenario.UsageError{Err: err}
		}
		return gf.Name, nil
	}
	if o.Path == "-" || o.Path == "" {
		if streams.StdoutTTY {
			return "table", nil
		}
		return "csv", nil
	}
	switch strings.ToLower(filepath.Ext(o.Path)) {
	case ".csv":
		return "csv", nil
	case ".json":
		return "json", nil
	case ".md", ".markdown":
		return "md", nil
	case ".html", ".htm":
		return "html", nil
	case ".txt":
		return "table", nil
	}
	gf, err := geoio.DetectFormat(o.Path)
	if err != nil {
		return "", scenario.UsageError{Err: err}
	}
	return gf.Name, nil
}

// writeRows writes analysis rows: features with geometry for the
// geographic formats; for the record formats the same properties plus
// lon/lat of a representative point (CSV and JSON) so a spreadsheet can
// still place them.
func writeRows(streams *IOStreams, o *OutputFlags, inputs []string, name string, fs []*geoio.Feature, warn func(string), extra ...report.HTMLLayer) error {
	format, err := o.resolve(streams)
	if err != nil {
		return err
	}
	if format == "html" {
		return writeHTMLRows(streams, o, inputs, name, fs, extra...)
	}
	if reportFormats[format] {
		t := report.FromFeatures(fs)
		if format == "csv" || format == "json" {
			t.Columns = append(t.Columns, "lon", "lat")
			par.Chunks(len(fs), 4096, func(lo, hi int) {
				for i, f := range fs[lo:hi] {
					if lon, lat := rowLonLat(f.Geometry, o.Precision); math.IsNaN(lon) {
						t.Rows[lo+i] = append(t.Rows[lo+i], nil, nil)
					} else {
						t.Rows[lo+i] = append(t.Rows[lo+i], lon, lat)
					}
				}
			})
		}
		return writeTable(streams, o, inputs, format, t)
	}
	out, err := openOutput(o.Path, format, format, o.Overwrite, inputs, streams.Out)
	if err != nil {
		return err
	}
	var s geoio.Schema
	for _, f := range fs {
		s.Add(f.Properties)
	}
	layer := geoio.Layer{Name: name, Fields: s.Fields()}
	w, raw, err := createWriter(out, layer, geoio.WriteOptions{Precision: o.Precision, Warn: warn, Name: name, BOM: o.BOM, CRLF: o.CRLF}, crs.WGS84)
	if err != nil {
		out.abort()
		return err
	}
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			w.Abort()
			out.abort()
			return fmt.Errorf("%s: %w", displayName(o.Path), err)
		}
	}
	if err := w.Close(); err != nil {
		w.Abort()
		out.abort()
		return err
	}
	if err := writeSidecars(out, raw); err != nil {
		out.abort()
		return err
	}
	return out.commit()
}

// writeTable writes a table in a record format (table, csv, json, md).
func writeTable(streams *IOStreams, o *OutputFlags, inputs []string, format string, t *report.Table) error {
	return writeRecords(streams, o, inputs, func(w io.Writer) error {
		switch format {
		case "table":
			return t.WriteText(w)
		case "csv":
			return t.WriteCSVFor(w, o.BOM, o.CRLF)
		case "json":
			return t.WriteJSON(w)
		case "md":
			return t.WriteMarkdown(w)
		case "html":
			return report.WriteTableHTML(w, htmlTitle(o, "kukarcli"), "en", t)
		}
		return nil
	})
}

// writeColumnRows writes rows held as typed columns as CSV or JSON (the
// format), with the lon/lat writeRows adds.
func writeColumnRows(streams *IOStreams, o *OutputFlags, inputs []string, format string, c *report.Columns, geom func(i int) orb.Geometry) error {
	lon, lat := c.NewColumn("lon", report.NumberColumn), c.NewColumn("lat", report.NumberColumn)
	lon.Decimals, lat.Decimals = o.Precision, o.Precision
	par.Chunks(c.Rows, 4096, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			lon.Num[i], lat.Num[i] = rowLonLat(geom(i), o.Precision)
		}
	})
	return writeRecords(streams, o, inputs, func(w io.Writer) error {
		if format == "csv" {
			return c.WriteCSVFor(w, o.BOM, o.CRLF)
		}
		return c.WriteJSON(w)
	})
}

// rowLonLat is the lon/lat a CSV or JSON row carries for its geometry:
// a representative point, rounded; NaN without one.
func rowLonLat(g orb.Geometry, precision int) (lon, lat float64) {
	p, ok := geoio.RepresentativePoint(g)
	if !ok {
		return math.NaN(), math.NaN()
	}
	return scenario.RoundTo(p[0], precision), scenario.RoundTo(p[1], precision)
}

// writeRecords writes a record format to the output, through a pending
// file when it is one.
func writeRecords(streams *IOStreams, o *OutputFlags, inputs []string, write func(w io.Writer) error) error {
	var w io.Writer = streams.Out
	var out *output
	if o.Path != "-" && o.Path != "" {
		var err error
		out, err = openFile(o.Path, o.Overwrite, inputs)
		if err != nil {
			return err
		}
		w = out.W
	}
	if err := write(w); err != nil {
		if out != nil {
			out.abort()
		}
		return err
	}
	if out != nil {
		return out.commit()
	}
	return nil
}
