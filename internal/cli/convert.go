package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/geoio/csv"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// ConvertOptions are the inputs of `kukarcli convert`.
type ConvertOptions struct {
	IO      *IOStreams
	Global  *GlobalOptions
	In, Out string
	// AppendLayer adds the inputs as layers to an existing GeoPackage.
	AppendLayer bool
	Read        ReadFlags
	OutFormat   string
	TCRS        string
	Overwrite   bool
	Precision   int
	BOM, CRLF   bool
	Select      []string
	CSVGeometry string
}

// NewCmdConvert builds `kukarcli convert`.
func NewCmdConvert(streams *IOStreams, g *GlobalOptions, runF func(*ConvertOptions) error) *cobra.Command {
	opts := &ConvertOptions{IO: streams, Global: g}
	cmd := &cobra.Command{
		Use:   "convert IN... OUT",
		Short: "Convert between geodata formats (GeoJSON, GeoJSONSeq, shapefile, CSV, OSM, KML)",
		Long: `Convert IN to OUT; several inputs go into one GeoPackage, a layer each
(--append-layer adds them to an existing one). Formats come from the file names (-f for the output and
--in-format for the input override them); "-" is standard input or output.
Coordinates are written in --t-crs (EPSG:4326 lon/lat by default). An existing
OUT is replaced only with --overwrite, and an input never. The output is
written under a temporary name and renamed when complete.

Invalid features are skipped with a warning (once per kind) and counted; the
exit status is then 3. With --strict the first one stops the conversion.` + exitStatusHelp,
		Example: `  kukarcli convert desa.shp desa.geojson
  kukarcli convert desa.geojson desa.shp --overwrite
  kukarcli convert towers.csv - -f geojsonseq | jq -c .properties
  cat desa.geojson | kukarcli convert - desa_utm.shp --t-crs EPSG:32750`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.In, opts.Out = args[0], args[len(args)-1]
			if opts.Precision < 0 || opts.Precision > 15 {
				return scenario.Usagef("--precision must be between 0 and 15")
			}
			switch opts.CSVGeometry {
			case "", "auto", "xy", "wkt":
			default:
				return scenario.Usagef("--csv-geometry must be auto, xy or wkt")
			}
			if runF != nil {
				return runF(opts)
			}
			if isGPKG(opts) && (len(args) > 2 || opts.AppendLayer) {
				return convertToPackage(cmd.Context(), opts, args[:len(args)-1])
			}
			if len(args) > 2 {
				return scenario.Usagef("several inputs go into one GeoPackage (OUT.gpkg), each as a layer; other formats take one input")
			}
			if opts.AppendLayer {
				return scenario.Usagef("--append-layer adds a layer to a GeoPackage (OUT.gpkg)")
			}
			return convertRun(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.OutFormat, "format", "f", "", "output format (geojson, geojsonseq, geojsonl, shp, csv, kml); default from OUT's extension, geojson on standard output")
	opts.Read.AddFlags(cmd, "in-format")
	f.StringVar(&opts.TCRS, "t-crs", "EPSG:4326", "CRS of the output coordinates")
	f.BoolVar(&opts.Overwrite, "overwrite", false, "replace OUT if it exists (with --append-layer: a layer of the same name)")
	f.BoolVar(&opts.AppendLayer, "append-layer", false, "add the input(s) as layers to an existing GeoPackage OUT instead of replacing it")
	f.IntVar(&opts.Precision, "precision", 7, "decimals of coordinates in text formats")
	addCSVFlags(cmd, &opts.BOM, &opts.CRLF)
	f.StringSliceVar(&opts.Select, "select", nil, "write only these fields, in this order (comma-separated)")
	f.StringVar(&opts.CSVGeometry, "csv-geometry", "auto", "CSV geometry columns: xy (lon,lat), wkt, or auto (xy for points)")
	return cmd
}

// convertRun copies every feature of opts.In to opts.Out. OUT is checked
// and prepared before the input is opened; it is put in place only when
// every feature was written, and removed otherwise.
func convertRun(ctx context.Context, opts *ConvertOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	tcrs, err := crs.Parse(opts.TCRS)
	if err != nil {
		return scenario.UsageError{Err: fmt.Errorf("--t-crs: %w", err)}
	}
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Read.Strict)
	ro, err := opts.Read.options(log)
	if err != nil {
		return err
	}
	out, err := openOutput(opts.Out, opts.OutFormat, "geojson", opts.Overwrite, inputFiles(opts.In), opts.IO.Out)
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			out.abort()
		}
	}()
	r, err := geoio.Open(opts.In, opts.IO.In, ro)
	if err != nil {
		return err
	}
	defer r.Close()
	if fields := r.Layer().Fields; len(fields) > 0 {
		if err := checkSelect(fields, opts.Select, true); err != nil {
			return err
		}
	}
	job := newConvertJob(ctx, opts, r, out, tcrs, log)
	if err := job.copyFeatures(); err != nil {
		return err
	}
	if err := job.finish(); err != nil {
		return err
	}
	ok = true
	if opts.Global.Verbose {
		fmt.Fprintf(opts.IO.ErrOut, "wrote %d feature(s) to %s (%s)\n", job.n, displayName(opts.Out), out.Format.Title)
	}
	return log.Finish()
}

// convertJob is one conversion under way: the open input and output, the
// output layer with the options of its writer, and the writer once made.
type convertJob struct {
	ctx   context.Context
	opts  *ConvertOptions
	r     geoio.Reader
	out   *output
	layer geoio.Layer
	wo    geoio.WriteOptions
	tcrs  crs.CRS
	bar   progress
	// w is the writer behind the --t-crs transform, raw the format writer
	// itself (see createWriter); n counts the features handed to w.
	w, raw geoio.Writer
	n      int
}

// newConvertJob prepares the conversion of r into out: the output layer
// (narrowed to --select), the writer options and the progress bar.
func newConvertJob(ctx context.Context, opts *ConvertOptions, r geoio.Reader, out *output, tcrs crs.CRS, log *scenario.Log) *convertJob {
	layer := r.Layer()
	if len(opts.Select) > 0 {
		layer.Fields = selectFields(layer.Fields, opts.Select)
	}
	wo := geoio.WriteOptions{Precision: opts.Precision, CRS: tcrs, Warn: log.Warn, Name: layer.Name, BOM: opts.BOM, CRLF: opts.CRLF}
	if opts.CSVGeometry != "auto" {
		wo.CSVGeometry = opts.CSVGeometry
	}
	bar := newProgress(opts.IO, opts.Global, opts.In == "-", "converting")
	return &convertJob{ctx: ctx, opts: opts, r: r, out: out, layer: layer, wo: wo, tcrs: tcrs, bar: bar}
}

// next reads the next feature, narrowed to --select, and advances the
// progress bar. It stops with the context's error once that is done.
func (j *convertJob) next() (*geoio.Feature, error) {
	if err := j.ctx.Err(); err != nil {
		return nil, err
	}
	f, err := j.r.Next()
	if err == nil {
		if len(j.opts.Select) > 0 {
			f.Properties = selectProps(f.Properties, j.opts.Select)
		}
		j.bar.Add(1)
	}
	return f, err
}

// createWriter makes the job's writer for its layer as it now stands.
func (j *convertJob) createWriter() error {
	var err error
	j.w, j.raw, err = createWriter(j.out, j.layer, j.wo, j.tcrs)
	return err
}

// copyFeatures hands every input feature to a new writer: spooled first
// when the output format needs its columns up front and the input
// declares none, streamed otherwise.
func (j *convertJob) copyFeatures() error {
	if j.out.Format.NeedsSchema && len(j.layer.Fields) == 0 {
		return j.copySpooled()
	}
	return j.copyStreamed()
}

// copySpooled holds the features in a temporary file while learning their
// columns, then makes the writer with those columns and replays them.
func (j *convertJob) copySpooled() error {
	sp, err := geoio.NewSpool("")
	if err != nil {
		return err
	}
	defer sp.Close()
	for {
		f, err := j.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := sp.Add(f); err != nil {
			return err
		}
	}
	j.layer.Fields = sp.Fields()
	if len(j.opts.Select) > 0 {
		if err := checkSelect(j.layer.Fields, j.opts.Select, false); err != nil && sp.Len() > 0 {
			return err
		}
		j.layer.Fields = orderFields(j.layer.Fields, j.opts.Select)
	}
	if err := j.createWriter(); err != nil {
		return err
	}
	err = sp.Replay(func(f *geoio.Feature) error {
		j.n++
		return j.w.Write(f)
	})
	if err != nil {
		j.w.Abort()
		return fmt.Errorf("%s: %w", j.opts.Out, err)
	}
	return nil
}

// copyStreamed makes the writer from the input's declared columns and
// writes each feature as it is read.
func (j *convertJob) copyStreamed() error {
	if err := j.createWriter(); err != nil {
		return err
	}
	for {
		f, err := j.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			j.w.Abort()
			return err
		}
		j.n++
		if err := j.w.Write(f); err != nil {
			j.w.Abort()
			return fmt.Errorf("%s: %w", displayName(j.opts.Out), err)
		}
	}
}

// finish closes the progress bar and the writer, writes the sidecars and
// puts the output in place.
func (j *convertJob) finish() error {
	j.bar.Finish()
	if err := j.w.Close(); err != nil {
		j.w.Abort()
		return fmt.Errorf("%s: %w", displayName(j.opts.Out), err)
	}
	if err := writeSidecars(j.out, j.raw); err != nil {
		return err
	}
	return j.out.commit()
}

// createWriter makes the format writer behind the --t-crs transform. The
// raw writer is returned too, for what only it knows after Close (the
// CSV column types).
func createWriter(out *output, layer geoio.Layer, wo geoio.WriteOptions, tcrs crs.CRS) (geoio.Writer, geoio.Writer, error) {
	if wo.CRS.WKT() == "" {
		// the writer gets coordinates in tcrs: a shapefile says so in its
		// .prj (analysis outputs are lon/lat, WGS 84)
		wo.CRS = tcrs
	}
	w, err := geoio.Create(out.Format, out.Path, out.W, layer, wo)
	if err != nil {
		return nil, nil, err
	}
	return geoio.Transform(w, tcrs), w, nil
}

// writeSidecars writes what belongs beside a finished output: a CSV
// file's .csvt, so that reading it back restores the column types.
func writeSidecars(out *output, raw geoio.Writer) error {
	tw, ok := raw.(csv.TypesWriter)
	if !ok || out.Path == "-" || out.Path == "" {
		return nil
	}
	side, err := out.sidecar(out.Path + "t")
	if err != nil {
		return err
	}
	_, err = io.WriteString(side, tw.CSVTypes()+"\n")
	return err
}

func selectFields(fields []geoio.Field, sel []string) []geoio.Field {
	if len(fields) == 0 {
		return nil
	}
	return orderFields(fields, sel)
}

func orderFields(fields []geoio.Field, sel []string) []geoio.Field {
	var out []geoio.Field
	for _, s := range sel {
		for _, f := range fields {
			if strings.EqualFold(f.Name, s) {
				out = append(out, f)
			}
		}
	}
	return out
}

func selectProps(p geoio.Properties, sel []string) geoio.Properties {
	out := make(geoio.Properties, 0, len(sel))
	for _, s := range sel {
		for _, kv := range p {
			if strings.EqualFold(kv.Key, s) {
				out = append(out, kv)
				break
			}
		}
	}
	return out
}

// progress is a bar on standard error, or nothing.
type progress interface {
	Add(int) error
	Finish() error
}

type noProgress struct{}

func (noProgress) Add(int) error { return nil }
func (noProgress) Finish() error { return nil }

// newProgress shows a bar only on a terminal (or with --progress always),
// never with -q and never while reading standard input with auto.
func newProgress(io *IOStreams, g *GlobalOptions, fromStdin bool, what string) progress {
	return newBar(io, g, fromStdin, what, -1, "features")
}

// newBar is a progress bar of total units (-1: unknown), shown as
// newProgress says.
func newBar(io *IOStreams, g *GlobalOptions, fromStdin bool, what string, total int, unit string) progress {
	show := false
	switch g.Progress {
	case "always":
		show = !g.Quiet
	case "auto":
		show = !g.Quiet && io.StderrTTY && !fromStdin
	}
	if !show {
		return noProgress{}
	}
	return progressbar.NewOptions(total,
		progressbar.OptionSetWriter(io.ErrOut),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString(unit),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)
}

// scenarioProgress is the bar maker a scenario run uses: bars of
// targets, shown as newProgress says.
func scenarioProgress(io *IOStreams, g *GlobalOptions, fromStdin bool) func(string, int) scenario.Bar {
	return func(what string, total int) scenario.Bar {
		return newBar(io, g, fromStdin, what, total, "targets")
	}
}

// checkSelect refuses a --select name that no field has: a misspelt name
// would otherwise drop the column silently.
func checkSelect(fields []geoio.Field, sel []string, list bool) error {
	have := map[string]bool{}
	var names []string
	for _, f := range fields {
		have[f.Name] = true
		names = append(names, f.Name)
	}
	for _, s := range sel {
		if !have[s] {
			if !list { // the features were read already narrowed
				return scenario.Usagef("--select %s: no feature has such a field", s)
			}
			return scenario.Usagef("--select %s: no such field (fields: %s)", s, strings.Join(names, ", "))
		}
	}
	return nil
}
