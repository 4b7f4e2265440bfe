package cli

import (
	"fmt"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// Blank-spot areas too large for one machine are split by the study
// area's cells: each shard (`gaps --areas --shard I/N --cells-out
// part.csv`) judges the cells in its 0.25° tiles, the parts are joined
// with `kukarcli merge`, and `gaps --areas --cells all.csv` makes the
// areas from the joined verdicts, exactly those of the whole run. Each
// row carries the run's fingerprint, so verdicts are not used with other
// inputs.

// Columns of a cells file.
const (
	cellIndex   = "cell"
	cellCovered = "covered"
	cellCount   = "cells"
	cellRun     = "run"
)

// gapZones are the run's targets as the study area's zones.
func gapZones(run *scenario.CoverageRun) []coverage.Target {
	zones := make([]coverage.Target, len(run.Targets.Features))
	for i, f := range run.Targets.Features {
		zones[i] = coverage.Target{Geometry: f.Geometry, Population: run.Pops[i]}
	}
	return zones
}

// writeGapCells judges the study area's cells (of the shard, with --shard)
// and writes each with its verdict to --cells-out.
func writeGapCells(opts *GapsOptions, run *scenario.CoverageRun, shard *scenario.Shard, inputs []string, log *scenario.Log) error {
	o := coverage.GapOptions{CellM: opts.CellM, BufferM: opts.BufferM}
	cells, covered, warns, err := coverage.BlankSpotCells(run.Sites, gapZones(run), run.Params, o,
		func(c coverage.GapCell) bool { return shard.Has(c.Centre) })
	if err != nil {
		return err
	}
	for _, w := range warns {
		log.Warn(fmt.Sprintf("%s (%d×)", w.Message, w.Count))
	}
	fp := gapFingerprint(run, cells, o)
	var fs []*geoio.Feature
	for k, c := range cells {
		if !shard.Has(c.Centre) {
			continue
		}
		var p geoio.Properties
		if shard != nil {
			p = append(p, geoio.Property{Key: scenario.ShardRowField, Value: int64(k)})
		}
		p = append(p,
			geoio.Property{Key: cellIndex, Value: int64(c.Index)},
			geoio.Property{Key: cellCovered, Value: covered[k]},
			geoio.Property{Key: cellCount, Value: int64(len(cells))},
			geoio.Property{Key: cellRun, Value: fp})
		fs = append(fs, &geoio.Feature{Geometry: c.Centre, Properties: p})
	}
	if !opts.Global.Quiet {
		part := ""
		if shard != nil {
			part = fmt.Sprintf(" (shard %s)", shard)
		}
		fmt.Fprintf(opts.IO.ErrOut, "gaps: %d of the study area's %d cells of %g m judged%s\n", len(fs), len(cells), opts.CellM, part)
	}
	co := OutputFlags{Path: opts.CellsOut, Overwrite: opts.Out.Overwrite, Precision: opts.Out.Precision, BOM: opts.Out.BOM, CRLF: opts.Out.CRLF}
	return writeRows(opts.IO, &co, inputs, "cells", fs, log.Warn)
}

// readGapCells reads the --cells file: one row per cell of the study
// area, in the run's order, made by this very run (its fingerprint).
func readGapCells(opts *GapsOptions, run *scenario.CoverageRun, log *scenario.Log) ([]bool, error) {
	o := coverage.GapOptions{CellM: opts.CellM, BufferM: opts.BufferM}
	cells, _, _, err := coverage.BlankSpotCells(run.Sites, gapZones(run), run.Params, o,
		func(coverage.GapCell) bool { return false })
	if err != nil {
		return nil, err
	}
	ly, err := readMerged(opts.Cells, opts.IO, &opts.Cov.Read, log, len(cells),
		fmt.Sprintf("for a study area of %d cells: merge every shard's cells, of this run", len(cells)))
	if err != nil {
		return nil, err
	}
	name := displayName(opts.Cells)
	fp := gapFingerprint(run, cells, o)
	covered := make([]bool, len(cells))
	for k, f := range ly.Features {
		if got := scenario.PropString(f.Properties, cellRun); got != fp {
			return nil, fmt.Errorf("%s row %d: made for other inputs or parameters (run %s, this run %s): judge the cells again", name, k+1, got, fp)
		}
		if n, ok := scenario.PropFloat(f.Properties, cellIndex); !ok || int(n) != cells[k].Index {
			return nil, fmt.Errorf("%s row %d: cell %s where this run has cell %d: the rows are out of order or of another run", name, k+1, scenario.PropString(f.Properties, cellIndex), cells[k].Index)
		}
		switch v := scenario.PropString(f.Properties, cellCovered); v {
		case "true", "false":
			covered[k] = v == "true"
		default:
			return nil, fmt.Errorf("%s row %d: covered %q: want true or false", name, k+1, v)
		}
	}
	return covered, nil
}

// gapFingerprint identifies a blank-spot run's inputs: the study area's
// cells (which the zones, the cell and the buffer lay out), the sites
// and the coverage model's parameters. The DEM's content is not in it:
// judge again after changing the DEM.
func gapFingerprint(run *scenario.CoverageRun, cells []coverage.GapCell, o coverage.GapOptions) string {
	fp := newFingerprint()
	f, s := fp.f, fp.s
	f(o.CellM)
	f(o.BufferM)
	f(float64(len(cells)))
	for _, c := range cells {
		f(float64(c.Index))
		f(c.Centre[0])
		f(c.Centre[1])
	}
	f(float64(len(run.Sites)))
	for _, st := range run.Sites {
		s(st.ID)
		s(string(st.Tech))
		for _, v := range []float64{st.Pos[0], st.Pos[1], st.RadiusM, st.HeightM, st.FreqMHz, st.EIRPdBm, st.AzimuthDeg, st.BeamwidthDeg, st.DistanceSlope, float64(st.Given)} {
			f(v)
		}
	}
	hashCoverageParams(f, s, run.Params)
	return fp.String()
}
