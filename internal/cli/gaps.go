package cli

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// GapsOptions are the inputs of `kukarcli gaps`.
type GapsOptions struct {
	IO       *IOStreams
	Global   *GlobalOptions
	Cov      CoverageFlags
	Out      OutputFlags
	Areas    bool
	CellM    float64
	BufferM  float64
	CellsOut string // --cells-out: the study area's cells judged, and stop
	Cells    string // --cells: the verdicts, instead of judging
	cmd      *cobra.Command
}

// NewCmdGaps builds `kukarcli gaps`.
func NewCmdGaps(streams *IOStreams, g *GlobalOptions, runF func(*GapsOptions) error) *cobra.Command {
	opts := &GapsOptions{IO: streams, Global: g, CellM: coverage.DefaultCellM}
	cmd := &cobra.Command{
		Use:   "gaps --sites FILE --targets FILE",
		Short: "Blank spots: the uncovered targets, or (--areas) the uncovered areas as polygons",
		Long: `Write the targets that are not covered, with the same properties as coverage.

With --areas, cover the targets' polygons (or the cells within --buffer of
points and lines) with a grid of --cell squares, judge each cell at its centre
with the same model, and merge the uncovered cells that share an edge into
blank-spot areas. Each area has area_km2, population (settlements inside, or
the villages' population spread evenly over their cells), villages and
kecamatan.

A study area too large for one machine is split by its cells: each of N runs
with --areas --shard I/N --cells-out part.csv judges the cells of its tiles,
kukarcli merge joins the parts, and --areas --cells all.csv makes the areas
from them, the same areas as one whole run.` + exitStatusHelp,
		Example: `  kukarcli gaps --sites towers.csv --targets desa.shp -o blankspots.geojson
  kukarcli gaps --sites towers.csv --targets desa.shp --areas --cell 500m -o areas.geojson
  kukarcli gaps --sites towers.csv --targets desa.shp --areas --shard 0/8 --cells-out cells-0.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.cmd = cmd
			if opts.CellM <= 0 {
				return scenario.Usagef("--cell must be positive")
			}
			if runF != nil {
				return runF(opts)
			}
			return gapsRun(opts)
		},
	}
	opts.Cov.AddFlags(cmd)
	opts.Out.AddFlags(cmd)
	cmd.Flags().BoolVar(&opts.Areas, "areas", false, "write blank-spot areas (merged uncovered grid cells) instead of uncovered targets")
	cmd.Flags().Var(distanceFlag{&opts.CellM}, "cell", "grid cell size for --areas (e.g. 500m)")
	cmd.Flags().Var(distanceFlag{&opts.BufferM}, "buffer", "for point and line targets: cells within this distance belong to the study area")
	cmd.Flags().StringVar(&opts.CellsOut, "cells-out", "", "with --areas: write the study area's cells, each judged covered or not, to `FILE`, and stop (no areas); with --shard, those of the shard's 0.25° tiles")
	cmd.Flags().StringVar(&opts.Cells, "cells", "", "with --areas: take the cells' verdicts from this `FILE` (--cells-out, shards joined with kukarcli merge) instead of judging them")
	addShardFlag(cmd, &opts.Cov.Shard)
	return cmd
}

// popValue is a population, or null when no population was given at all.
func popValue(v float64, known bool) any {
	if !known {
		return nil
	}
	return scenario.NumOrNil(v, 0)
}

// gapsRun writes the blank spots: the targets that are not covered, or
// with --areas the uncovered areas as polygons.
func gapsRun(opts *GapsOptions) error {
	if err := precheckOutputs(opts.Out.Overwrite, opts.Out.Path); err != nil {
		return err
	}
	if err := precheckOutputs(opts.Out.Overwrite, opts.CellsOut); err != nil {
		return err
	}
	var cellShard *scenario.Shard
	switch {
	case (opts.CellsOut != "" || opts.Cells != "") && !opts.Areas:
		return scenario.Usagef("--cells-out and --cells are the cells of --areas: give --areas")
	case opts.CellsOut != "" && opts.Cells != "":
		return scenario.Usagef("--cells-out writes what --cells reads: give one")
	case opts.Cov.Shard != "" && opts.Areas:
		if opts.CellsOut == "" {
			return scenario.Usagef("--shard with --areas judges a part of the study area's cells: give --cells-out FILE, join the parts with kukarcli merge, then make the areas with --cells")
		}
		// the study area is every target's: the shard is of its cells
		var err error
		if cellShard, err = scenario.ParseShard(opts.Cov.Shard); err != nil {
			return err
		}
		opts.Cov.Shard = ""
	}
	// the areas judge cells of the targets, not the targets
	opts.Cov.zonesOnly = opts.Areas
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Cov.Read.Strict)
	run, err := runCoverageModel(opts.cmd, opts.IO, opts.Global, &opts.Cov, log)
	if err != nil {
		return err
	}
	inputs := append(inputFiles(opts.Cov.Sites), inputFiles(opts.Cov.Targets)...)
	if opts.Cells != "" {
		inputs = append(inputs, inputFiles(opts.Cells)...)
	}
	switch {
	case opts.CellsOut != "":
		err = writeGapCells(opts, run, cellShard, inputs, log)
	case opts.Areas:
		err = writeGapAreas(opts, run, inputs, log)
	default:
		err = writeGapTargets(opts, run, inputs, log)
	}
	if err != nil {
		return err
	}
	opts.Global.phases().mark("write")
	opts.Global.phases().print(opts.IO.ErrOut)
	return log.Finish()
}

// writeGapTargets prints the coverage summary unless -q, then writes the
// uncovered targets (those judged without a problem), or with
// --summary-by the table per kecamatan.
func writeGapTargets(opts *GapsOptions, run *scenario.CoverageRun, inputs []string, log *scenario.Log) error {
	if !opts.Global.Quiet {
		run.PrintSummary(opts.IO.ErrOut, "gaps")
	}
	if opts.Cov.SummaryBy != "" {
		format, err := opts.Out.resolve(opts.IO)
		if err != nil {
			return err
		}
		t := run.SummaryByKecamatan(nil)
		return writeTable(opts.IO, &opts.Out, inputs, format, t)
	}
	var fs []*geoio.Feature
	for i, r := range run.Results {
		if !r.Covered && r.Problem == "" {
			fs = append(fs, run.ResultFeature(i, opts.Cov.KeepFields))
		}
	}
	return writeRows(opts.IO, &opts.Out, inputs, "gaps", fs, log.Warn)
}

// writeGapAreas judges a grid of --cell squares over the targets, merges
// the uncovered cells into blank-spot areas, says how large they are
// unless -q and writes them.
func writeGapAreas(opts *GapsOptions, run *scenario.CoverageRun, inputs []string, log *scenario.Log) error {
	o := coverage.GapOptions{CellM: opts.CellM, BufferM: opts.BufferM}
	if opts.Cells != "" {
		var err error
		if o.Covered, err = readGapCells(opts, run, log); err != nil {
			return err
		}
	}
	areas, warns, err := coverage.BlankSpotAreas(run.Sites, gapZones(run), run.Settlements, run.Params, o)
	if err != nil {
		return err
	}
	for _, w := range warns {
		log.Warn(fmt.Sprintf("%s (%d×)", w.Message, w.Count))
	}
	fs, totalKm2, totalPop := gapAreaFeatures(run, areas)
	if !opts.Global.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "gaps: %d blank-spot areas, %.1f km², population %s (cells of %g m)\n",
			len(areas), totalKm2, scenario.Thousands(totalPop), opts.CellM)
	}
	return writeRows(opts.IO, &opts.Out, inputs, "blank_spots", fs, log.Warn)
}

// gapAreaFeatures makes one row per blank-spot area, numbered from 1, and
// totals their area (km²) and known population.
func gapAreaFeatures(run *scenario.CoverageRun, areas []coverage.Area) ([]*geoio.Feature, float64, float64) {
	popKnown := run.Roles["population"] != "" || len(run.Settlements) > 0
	fs := make([]*geoio.Feature, len(areas))
	var totalKm2, totalPop float64
	for i, a := range areas {
		names, keca := gapAreaPlaces(run, a.Zones)
		props := geoio.Properties{
			{Key: "area", Value: int64(i + 1)},
			{Key: "area_km2", Value: scenario.RoundTo(a.AreaKm2, 3)},
			{Key: "cells", Value: int64(a.Cells)},
			{Key: "population", Value: popValue(a.Population, popKnown)},
			{Key: "villages", Value: strings.Join(names, "; ")},
			{Key: "kecamatan", Value: scenario.Nullable(strings.Join(keca, "; "))},
		}
		totalKm2 += a.AreaKm2
		if !math.IsNaN(a.Population) {
			totalPop += a.Population
		}
		fs[i] = &geoio.Feature{ID: int64(i + 1), Geometry: a.Geometry, Properties: props}
	}
	return fs, totalKm2, totalPop
}

// gapAreaPlaces names the villages (targets) of an area's zones, in zone
// order, by name role, else id role, else index; and lists their
// kecamatan once each, sorted.
func gapAreaPlaces(run *scenario.CoverageRun, zones []int) (names, keca []string) {
	seenK := map[string]bool{}
	for _, z := range zones {
		f := run.Targets.Features[z]
		n := scenario.PropString(f.Properties, run.Roles["name"])
		if n == "" {
			n = scenario.PropString(f.Properties, run.Roles["id"])
		}
		if n == "" {
			n = fmt.Sprint(z)
		}
		names = append(names, n)
		if k := scenario.PropString(f.Properties, run.Roles["kecamatan"]); k != "" && !seenK[k] {
			seenK[k] = true
			keca = append(keca, k)
		}
	}
	sort.Strings(keca)
	return names, keca
}
