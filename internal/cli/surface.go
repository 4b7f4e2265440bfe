package cli

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// parseMinutesList reads "30,60,120" (minutes, or durations such as 2h),
// ascending and distinct.
func parseMinutesList(s string) ([]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []float64
	for _, part := range strings.Split(s, ",") {
		t := strings.TrimSpace(part)
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			sec, derr := parseDurationS(t)
			if derr != nil {
				return nil, scenario.Usagef("--isochrones %q: %q is not a time in minutes (e.g. 30,60,120)", s, t)
			}
			v = sec / 60
		}
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, scenario.Usagef("--isochrones %q: times must be positive", s)
		}
		out = append(out, v)
	}
	sort.Float64s(out)
	for i := 1; i < len(out); i++ {
		if out[i] == out[i-1] {
			return nil, scenario.Usagef("--isochrones %q: %v is given twice", s, out[i])
		}
	}
	return out, nil
}

// writeSurface writes the travel-time surface's outputs: the GeoTIFF,
// the isochrones, the catchments and the indicators.
func writeSurface(opts *AccessOptions, run *scenario.AccessRun, times []float64, inputs []string, log *scenario.Log) error {
	sf, s := &opts.Surface, run.Surface
	for _, p := range []string{sf.Landcover, sf.DEM, sf.Population} {
		if p != "" {
			inputs = append(inputs, p)
		}
	}
	out := func(path string) *OutputFlags {
		return &OutputFlags{Path: path, Overwrite: opts.Out.Overwrite, Precision: opts.Out.Precision}
	}
	hasPop := s.Pop != nil
	pop := func(v float64) any {
		if !hasPop {
			return nil
		}
		return scenario.NumOrNil(v, 0)
	}
	if sf.Raster != "" {
		g := raster.NewGrid("travel_time_min", s.Grid.WestDeg, s.Grid.NorthDeg, s.Grid.CellXDeg, s.Grid.CellYDeg, s.Grid.Width, s.Grid.Height)
		copy(g.Data, s.MinutesFloat32())
		f, err := openFile(sf.Raster, opts.Out.Overwrite, inputs)
		if err != nil {
			return err
		}
		if err := raster.WriteGeoTIFF(f.W, g); err != nil {
			f.abort()
			return err
		}
		if err := f.commit(); err != nil {
			return err
		}
	}
	if sf.IsochronesFile != "" {
		isos, err := s.Isochrones(times, s.Pop, s.Villages)
		if err != nil {
			return err
		}
		fs := make([]*geoio.Feature, len(isos))
		for i, iso := range isos {
			fs[i] = &geoio.Feature{Geometry: iso.Polygon, Properties: geoio.Properties{
				{Key: "minutes", Value: iso.Minutes},
				{Key: "area_km2", Value: scenario.RoundTo(iso.AreaKM2, 3)},
				{Key: "population", Value: pop(iso.Population)},
				{Key: "villages", Value: int64(iso.Villages)},
				{Key: "cells", Value: int64(iso.Cells)},
			}}
		}
		if err := writeRows(opts.IO, out(sf.IsochronesFile), inputs, "isochrones", fs, log.Warn); err != nil {
			return err
		}
	}
	if sf.Catchments != "" {
		cs, err := s.Catchments(s.Pop, s.Villages)
		if err != nil {
			return err
		}
		var fs []*geoio.Feature
		for _, c := range cs {
			fs = append(fs, &geoio.Feature{Geometry: c.Polygon, Properties: geoio.Properties{
				{Key: "facility", Value: c.ID},
				{Key: "kecamatan", Value: scenario.Nullable(kecName(s, c.Group))},
				{Key: "area_km2", Value: scenario.RoundTo(c.AreaKM2, 3)},
				{Key: "population", Value: pop(c.Population)},
				{Key: "villages", Value: int64(c.Villages)},
				{Key: "median_min", Value: scenario.NumOrNil(c.MedianMinutes, 1)},
				{Key: "p90_min", Value: scenario.NumOrNil(c.P90Minutes, 1)},
				{Key: "max_min", Value: scenario.NumOrNil(c.MaxMinutes, 1)},
				{Key: "cells", Value: int64(c.Cells)},
			}})
		}
		if err := writeRows(opts.IO, out(sf.Catchments), inputs, "catchments", fs, log.Warn); err != nil {
			return err
		}
	}
	if sf.Indicators != "" || (len(times) > 0 && !opts.Global.Quiet) {
		ind, err := s.Indicators(times, s.Pop, s.Villages)
		if err != nil {
			return err
		}
		// a share, or nil when there is nothing to share (no population)
		share := func(a, b float64) any {
			if b <= 0 {
				return nil
			}
			return scenario.RoundTo(a/b, 4)
		}
		t := &report.Table{Columns: []string{"kecamatan", "minutes", "population", "total_population", "population_share", "villages", "total_villages", "villages_share"}}
		for _, x := range ind {
			group := any(kecName(s, x.Group))
			if x.Group == "" {
				group = "total"
			}
			t.Rows = append(t.Rows, []any{group, x.Minutes, pop(x.Population), pop(x.TotalPopulation), share(x.Population, x.TotalPopulation),
				int64(x.Villages), int64(x.TotalVillages), share(float64(x.Villages), float64(x.TotalVillages))})
			if x.Group == "" && !opts.Global.Quiet {
				line := fmt.Sprintf("within %g min: %d of %d villages", x.Minutes, x.Villages, x.TotalVillages)
				if hasPop {
					line += fmt.Sprintf(", %s of %s people", scenario.Thousands(x.Population), scenario.Thousands(x.TotalPopulation))
				}
				fmt.Fprintln(opts.IO.ErrOut, line)
			}
		}
		if sf.Indicators != "" {
			o := out(sf.Indicators)
			format, err := o.resolve(opts.IO)
			if err != nil {
				return err
			}
			if !reportFormats[format] {
				return scenario.Usagef("--indicators writes a table: name a .csv, .json, .md or .xlsx")
			}
			if err := writeTable(opts.IO, o, inputs, format, t); err != nil {
				return err
			}
		}
	}
	return nil
}

// kecName is a facility group's kecamatan as the facilities write it.
func kecName(s *scenario.SurfaceRun, g string) string {
	if n := s.Kecamatan[g]; n != "" {
		return n
	}
	return g
}
