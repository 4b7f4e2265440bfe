package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/geoio/geojson"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// InfoOptions are the inputs of `kukarcli info`.
type InfoOptions struct {
	IO     *IOStreams
	Global *GlobalOptions
	Files  []string
	JSON   bool
	Read   ReadFlags
}

// ReadFlags are the input flags shared by commands that read layers.
type ReadFlags struct {
	Format string
	SCRS   string
	Strict bool
	Layer  string
}

// AddFlags registers the read flags.
func (r *ReadFlags) AddFlags(cmd *cobra.Command, formatFlag string) {
	f := cmd.Flags()
	f.StringVar(&r.Format, formatFlag, "", "input format, instead of guessing from the file name (geojson, shp, csv, osm, ...)")
	f.StringVar(&r.SCRS, "s-crs", "", "CRS of the input coordinates, instead of what the file declares (e.g. EPSG:32750)")
	f.BoolVar(&r.Strict, "strict", false, "stop at the first invalid feature instead of skipping it")
	f.StringVar(&r.Layer, "layer", "", "layer to read from a file holding several (a .zip of shapefiles, a GeoPackage, a File Geodatabase, a workbook); files of one layer are read whole")
}

func (r *ReadFlags) options(log *scenario.Log) (geoio.ReadOptions, error) {
	o := geoio.ReadOptions{Format: r.Format, Layer: r.Layer}
	if r.SCRS != "" {
		c, err := crs.Parse(r.SCRS)
		if err != nil {
			return o, scenario.UsageError{Err: fmt.Errorf("--s-crs: %w", err)}
		}
		o.SourceCRS = &c
	}
	if log != nil {
		o.Problems = log.Handle
		o.Warn = log.Warn
		o.Counted = log.Counted
	}
	return o, nil
}

// NewCmdInfo builds `kukarcli info`.
func NewCmdInfo(streams *IOStreams, g *GlobalOptions, runF func(*InfoOptions) error) *cobra.Command {
	opts := &InfoOptions{IO: streams, Global: g}
	cmd := &cobra.Command{
		Use:   "info FILE...",
		Short: "Describe geodata files: format, CRS, features, geometry types, fields, extent, problems",
		Long: `Describe each file: its format, CRS, number of features, geometry types,
fields with their types, bounding box (lon/lat) and the problems found.
Invalid features are listed as problems; the exit status is 3 when any
were found. With --json, one JSON object per layer, one per line.` + exitStatusHelp,
		Example: `  kukarcli info villages.shp
  kukarcli info --json desa.geojson towers.csv | jq .count
  cat desa.geojson | kukarcli info -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return infoRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON object per layer")
	opts.Read.AddFlags(cmd, "format")
	cmd.Flags().Lookup("format").Shorthand = "f"
	return cmd
}

// LayerInfo is what info reports for one layer; its JSON form is the
// --json output.
type LayerInfo struct {
	File    string `json:"file"`
	Layer   string `json:"layer"`
	Format  string `json:"format"`
	CRS     string `json:"crs"`
	CRSName string `json:"crs_name,omitempty"`
	Count   int    `json:"count"`
	// Records = Used + Skipped: the records in the file, those used
	// (Count; Repaired of them after a repair) and those skipped.
	Records       int            `json:"records"`
	Used          int            `json:"used"`
	Repaired      int            `json:"repaired"`
	DuplicateIDs  int            `json:"duplicate_ids"`
	GeometryTypes map[string]int `json:"geometry_types"`
	Fields        []FieldInfo    `json:"fields"`
	BBox          []float64      `json:"bbox"`
	// Native is true when the CRS cannot be converted to lon/lat: the
	// bbox is then in the file's own coordinates.
	Native   bool          `json:"native,omitempty"`
	HasZ     bool          `json:"has_z,omitempty"`
	HasM     bool          `json:"has_m,omitempty"`
	Skipped  int           `json:"skipped"`
	Problems []ProblemInfo `json:"problems"`
	Notes    []string      `json:"notes,omitempty"`
}

// FieldInfo is one column.
type FieldInfo struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Width     int    `json:"width,omitempty"`
	Precision int    `json:"precision,omitempty"`
}

// ProblemInfo counts one kind of problem and shows its first occurrence;
// Outcome says what became of the features: skipped, repaired or kept.
type ProblemInfo struct {
	Kind    string `json:"kind"`
	Outcome string `json:"outcome"`
	Count   int    `json:"count"`
	First   string `json:"first"`
}

type problemCollector struct {
	strict bool
	byKind map[string]*ProblemInfo
	order  []string
	notes  []string
}

func (c *problemCollector) handle(p geoio.Problem) error {
	if c.strict {
		return fmt.Errorf("%w: %v", geoio.ErrStrict, p)
	}
	pi, ok := c.byKind[p.Kind]
	if !ok {
		pi = &ProblemInfo{Kind: p.Kind, Outcome: p.Outcome.String(), First: p.Error()}
		c.byKind[p.Kind] = pi
		c.order = append(c.order, p.Kind)
	}
	pi.Count += p.N()
	return nil
}

func infoRun(opts *InfoOptions) error {
	skipped := 0
	for _, path := range opts.Files {
		coll := &problemCollector{strict: opts.Read.Strict, byKind: map[string]*ProblemInfo{}}
		ro, err := opts.Read.options(nil)
		if err != nil {
			return err
		}
		ro.Problems = coll.handle
		ro.Describe = true // a CRS kukarcli cannot convert is described, not refused
		ro.Warn = func(s string) { coll.notes = append(coll.notes, s) }
		readers, err := geoio.OpenAll(path, opts.IO.In, ro)
		if err != nil {
			return err
		}
		for _, r := range readers {
			li, err := describe(path, r, coll)
			r.Close()
			if err != nil {
				return err
			}
			skipped += li.Skipped
			li.Notes = coll.notes
			if opts.JSON {
				b, err := json.Marshal(li)
				if err != nil {
					return err
				}
				fmt.Fprintf(opts.IO.Out, "%s\n", b)
			} else {
				printInfo(opts.IO.Out, li, coll.notes)
			}
			coll.byKind = map[string]*ProblemInfo{}
			coll.order = nil
			coll.notes = nil
		}
	}
	if skipped > 0 {
		return scenario.PartialError{Skipped: skipped}
	}
	return nil
}

func describe(path string, r geoio.Reader, coll *problemCollector) (*LayerInfo, error) {
	li := &LayerInfo{File: displayName(path), GeometryTypes: map[string]int{}, Fields: []FieldInfo{}, Problems: []ProblemInfo{}}
	var schema geoio.Schema
	bound := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for {
		f, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		li.Count++
		li.GeometryTypes[geoio.GeometryType(f.Geometry)]++
		schema.Add(f.Properties)
		if f.Geometry != nil {
			b := f.Geometry.Bound()
			bound[0] = math.Min(bound[0], b.Min[0])
			bound[1] = math.Min(bound[1], b.Min[1])
			bound[2] = math.Max(bound[2], b.Max[0])
			bound[3] = math.Max(bound[3], b.Max[1])
		}
	}
	l := r.Layer()
	li.Layer, li.Format, li.HasZ, li.HasM = l.Name, l.Format, l.HasZ, l.HasM
	li.CRS = l.CRS.String()
	li.CRSName = l.CRS.Name
	fields := l.Fields
	if len(fields) == 0 {
		fields = schema.Fields()
	}
	for _, f := range fields {
		fi := FieldInfo{Name: f.Name, Type: f.Type.String()}
		if len(l.Fields) > 0 {
			fi.Width, fi.Precision = f.Width, f.Precision
		}
		li.Fields = append(li.Fields, fi)
	}
	if !math.IsInf(bound[0], 1) {
		for _, v := range bound {
			li.BBox = append(li.BBox, math.Round(v*1e7)/1e7)
		}
	}
	for _, k := range coll.order {
		li.Problems = append(li.Problems, *coll.byKind[k])
	}
	if n, ok := r.(interface{ Native() bool }); ok && n.Native() {
		li.Native = true
	}
	if c, ok := r.(geoio.Counter); ok {
		n := c.Counts()
		li.Records, li.Used, li.Repaired, li.Skipped, li.DuplicateIDs = n.Records, n.Used, n.Repaired, n.Skipped, n.DuplicateIDs
	}
	return li, nil
}

func displayName(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}

func printInfo(w io.Writer, li *LayerInfo, notes []string) {
	fmt.Fprintf(w, "%s\n", li.File)
	row := func(k, v string) { fmt.Fprintf(w, "  %-15s %s\n", k+":", v) }
	row("format", li.Format)
	row("layer", li.Layer)
	crs := li.CRS
	if li.CRSName != "" && li.CRSName != li.CRS {
		crs += " (" + li.CRSName + ")"
	}
	row("crs", crs)
	feat := fmt.Sprint(li.Count)
	if li.Records != li.Count || li.Repaired > 0 {
		feat = fmt.Sprintf("%d of %d records (%d repaired, %d skipped)", li.Count, li.Records, li.Repaired, li.Skipped)
	}
	row("features", feat)
	if li.DuplicateIDs > 0 {
		row("duplicate ids", fmt.Sprintf("%d ids used by more than one feature, all kept", li.DuplicateIDs))
	}
	var gt []string
	for _, k := range geoio.SortedKeys(li.GeometryTypes) {
		gt = append(gt, fmt.Sprintf("%s %d", k, li.GeometryTypes[k]))
	}
	if len(gt) == 0 {
		gt = []string{"none"}
	}
	row("geometry types", strings.Join(gt, ", "))
	if li.HasZ || li.HasM {
		var zm []string
		if li.HasZ {
			zm = append(zm, "Z")
		}
		if li.HasM {
			zm = append(zm, "M")
		}
		row("dropped", strings.Join(zm, " and ")+" values (kukarcli is 2D)")
	}
	if len(li.BBox) == 4 {
		unit := "(lon/lat)"
		if li.Native {
			unit = "(the file's own coordinates: its CRS cannot be converted to lon/lat)"
		}
		row("bbox", fmt.Sprintf("%s, %s .. %s, %s %s", ffmt(li.BBox[0]), ffmt(li.BBox[1]), ffmt(li.BBox[2]), ffmt(li.BBox[3]), unit))
	} else {
		row("bbox", "none")
	}
	if len(li.Fields) == 0 {
		row("fields", "none")
	} else {
		fmt.Fprintln(w, "  fields:")
		width := 0
		for _, f := range li.Fields {
			width = max(width, len(f.Name))
		}
		for _, f := range li.Fields {
			t := f.Type
			if f.Width > 0 {
				t += fmt.Sprintf("(%d", f.Width)
				if f.Precision > 0 {
					t += fmt.Sprintf(".%d", f.Precision)
				}
				t += ")"
			}
			fmt.Fprintf(w, "    %-*s  %s\n", width, f.Name, t)
		}
	}
	if len(li.Problems) == 0 && len(notes) == 0 {
		row("problems", "none")
	} else {
		fmt.Fprintln(w, "  problems:")
		for _, n := range notes {
			fmt.Fprintf(w, "    note: %s\n", n)
		}
		ps := append([]ProblemInfo(nil), li.Problems...)
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Count > ps[j].Count })
		for _, p := range ps {
			fmt.Fprintf(w, "    %d × %s (%s), first: %s\n", p.Count, p.Kind, p.Outcome, p.First)
		}
	}
}

func ffmt(v float64) string { return string(geojson.AppendCoord(nil, v, 7)) }
