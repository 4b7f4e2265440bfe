package cli

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// MergeOptions are the inputs of `kukarcli merge`.
type MergeOptions struct {
	IO     *IOStreams
	Global *GlobalOptions
	Out    OutputFlags
	Files  []string
	Name   string
}

// NewCmdMerge builds `kukarcli merge`.
func NewCmdMerge(streams *IOStreams, g *GlobalOptions, runF func(*MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{IO: streams, Global: g}
	cmd := &cobra.Command{
		Use:   "merge -o OUT FILE...",
		Short: "Join the outputs of a sharded run (--shard I/N) into what the whole run writes",
		Long: `Join the parts a run split with --shard I/N wrote into exactly the output of the
run without --shard.

Rows (coverage, gaps: CSV, GeoJSON, GeoJSONSeq or any format kukarcli reads)
carry shard_row, their place in the input: merge puts them back in input order,
drops shard_row and writes -o in its format (as the analysis commands do). Every
place must appear once.

Rasters (GeoTIFF bands of coverage --raster --shard) are stacked from the north
into the whole grid; the bands must share their columns and cell size and tile
the grid without a gap or an overlap.` + exitStatusHelp,
		Example: `  for i in 0 1 2 3; do kukarcli coverage --sites s.csv --targets desa.shp --shard $i/4 -o part$i.csv; done
  kukarcli merge -o coverage.csv part0.csv part1.csv part2.csv part3.csv
  kukarcli merge -o signal.tif band0.tif band1.tif band2.tif band3.tif`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if runF != nil {
				return runF(opts)
			}
			return mergeRun(opts)
		},
	}
	opts.Out.AddFlags(cmd)
	cmd.Flags().StringVar(&opts.Name, "name", "coverage", "layer name in formats that carry one (GeoPackage, KML, shapefile): the sharded command's, coverage or gaps")
	return cmd
}

func mergeRun(opts *MergeOptions) error {
	if err := precheckOutputs(opts.Out.Overwrite, opts.Out.Path); err != nil {
		return err
	}
	tif := 0
	for _, f := range opts.Files {
		if e := strings.ToLower(filepath.Ext(f)); e == ".tif" || e == ".tiff" {
			tif++
		}
	}
	switch {
	case tif == len(opts.Files):
		return mergeRasters(opts)
	case tif > 0:
		return scenario.Usagef("merge: give either GeoTIFF bands or row files, not both")
	}
	return mergeRows(opts)
}

// mergeRasters stacks GeoTIFF bands from the north.
func mergeRasters(opts *MergeOptions) error {
	if e := strings.ToLower(filepath.Ext(opts.Out.Path)); e != ".tif" && e != ".tiff" {
		return scenario.Usagef("merge: bands make a GeoTIFF: name a .tif with -o")
	}
	bands := make([]*raster.Grid, len(opts.Files))
	for i, p := range opts.Files {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bands[i], err = raster.ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), p); err != nil {
			return err
		}
	}
	idx := make([]int, len(bands))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return bands[idx[a]].NorthDeg > bands[idx[b]].NorthDeg })
	top := bands[idx[0]]
	rows := 0
	for _, i := range idx {
		g := bands[i]
		if g.WestDeg != top.WestDeg || g.CellXDeg != top.CellXDeg || g.CellYDeg != top.CellYDeg || g.Width != top.Width {
			return fmt.Errorf("merge: %s: %d columns of %v° × %v° from %v° E, but %s has %d columns of %v° × %v° from %v° E: not bands of one grid",
				opts.Files[i], g.Width, g.CellXDeg, g.CellYDeg, g.WestDeg, opts.Files[idx[0]], top.Width, top.CellXDeg, top.CellYDeg, top.WestDeg)
		}
		at := (top.NorthDeg - g.NorthDeg) / top.CellYDeg
		if r := math.Round(at); math.Abs(at-r) > 1e-6 || int(r) != rows {
			what := "a gap"
			if int(r) < rows {
				what = "an overlap"
			}
			return fmt.Errorf("merge: %s starts at row %.6g of the grid, after %d rows from the other bands: %s", opts.Files[i], at, rows, what)
		}
		rows += g.Height
	}
	out := raster.NewGrid("best_server_dbm", top.WestDeg, top.NorthDeg, top.CellXDeg, top.CellYDeg, top.Width, rows)
	at := 0
	for _, i := range idx {
		at += copy(out.Data[at:], bands[i].Data)
	}
	f, err := openFile(opts.Out.Path, opts.Out.Overwrite, opts.Files)
	if err != nil {
		return err
	}
	if err := raster.WriteGeoTIFF(f.W, out); err != nil {
		f.abort()
		return err
	}
	if !opts.Global.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "merge: %d bands, %d×%d cells, written to %s\n", len(bands), out.Width, out.Height, opts.Out.Path)
	}
	return f.commit()
}

// mergeRows puts the rows of every file back in input order by
// shard_row and writes them without it.
func mergeRows(opts *MergeOptions) error {
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, true)
	type row struct {
		at int64
		f  *geoio.Feature
	}
	var rows []row
	from := map[int64]string{}
	for _, p := range opts.Files {
		d, err := scenario.ReadLayer(p, opts.IO.In, log.ReadOptions(geoio.ReadOptions{}))
		if err != nil {
			return err
		}
		for k, f := range d.Features {
			v, ok := f.Properties.Get(scenario.ShardRowField)
			at, isNum := shardRow(v)
			if !ok || !isNum {
				return fmt.Errorf("merge: %s: feature %d has no %s: not the output of a run with --shard", p, k, scenario.ShardRowField)
			}
			if q, dup := from[at]; dup {
				return fmt.Errorf("merge: %s: row %d of the input is also in %s: the same shard given twice?", p, at, q)
			}
			from[at] = p
			props := make(geoio.Properties, 0, len(f.Properties)-1)
			for _, pr := range f.Properties {
				if pr.Key != scenario.ShardRowField {
					props = append(props, pr)
				}
			}
			f.Properties = props
			rows = append(rows, row{at, f})
		}
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].at < rows[b].at })
	fs := make([]*geoio.Feature, len(rows))
	for i, r := range rows {
		fs[i] = r.f
	}
	if !opts.Global.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "merge: %d rows from %d files\n", len(fs), len(opts.Files))
	}
	if err := writeRows(opts.IO, &opts.Out, opts.Files, opts.Name, fs, log.Warn); err != nil {
		return err
	}
	return log.Finish()
}

// shardRow reads shard_row as the reader typed it.
func shardRow(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		if x == math.Trunc(x) && x >= 0 {
			return int64(x), true
		}
	case string:
		var n int64
		if _, err := fmt.Sscan(x, &n); err == nil {
			return n, true
		}
	}
	return 0, false
}
