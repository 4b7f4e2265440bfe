package scenario

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"

	"github.com/paulmach/orb"
	"gopkg.in/yaml.v3"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/traveltime"
)

// SurfaceInputs ask access for a travel-time surface: the time from every
// cell of CellM metres over the targets' extent to the nearest facility,
// over the network and across the land between (pkg/traveltime).
type SurfaceInputs struct {
	CellM float64
	// Landcover is a GeoTIFF of ESA WorldCover classes (any CRS kukarcli
	// knows), Speeds a YAML table of km/h per class replacing the
	// defaults; without land cover every cell is walked at the walking
	// speed.
	Landcover, Speeds string
	// DEM gives the slope (Tobler's hiking function, or Langmuir's as
	// r.walk with Slope "langmuir"; "none" ignores it).
	DEM   string
	Slope string
	// Population is a population raster summed into the cells (within
	// the target polygons), for the isochrones', catchments' and
	// indicators' people.
	Population string
	// VillagePop, without a population raster, puts each target's
	// people at its point (aligned with the targets).
	VillagePop []float64
	MaxMinutes float64
}

// SurfaceRun is a computed surface with the people and villages on its
// cells.
type SurfaceRun struct {
	*traveltime.Surface
	Pop      []float64   // people per cell; nil without a population raster
	Villages []orb.Point // the targets' points
	// Kecamatan names each facility group as the facilities write it.
	Kecamatan map[string]string
}

// computeSurface builds the grid over the targets (and facilities), reads
// the rasters onto it and runs the search over graph.
func computeSurface(env Env, s *SurfaceInputs, graph *access.Graph, td *Layer, tps, fps []access.Point, p access.Params, log *Log) (*SurfaceRun, error) {
	var b orb.Bound
	first := true
	add := func(g orb.Bound) {
		if first {
			b, first = g, false
			return
		}
		b = b.Union(g)
	}
	for _, f := range td.Features {
		if f.Geometry != nil {
			add(f.Geometry.Bound())
		}
	}
	for _, f := range fps {
		if !math.IsNaN(f.Pos[0]) {
			add(orb.Bound{Min: f.Pos, Max: f.Pos})
		}
	}
	if first {
		return nil, fmt.Errorf("--raster: no targets or facilities to make a grid over")
	}
	cell := s.CellM
	if cell <= 0 {
		cell = 250
	}
	grid, err := traveltime.NewGrid(b, cell)
	if err != nil {
		return nil, UsageError{fmt.Errorf("--cell %v m over %v: %w", cell, b, err)}
	}
	tp := traveltime.DefaultParams()
	tp.WalkSpeedKMH = p.WalkSpeedKMH
	tp.BoardingPenaltyS = p.BoardingPenaltyS
	tp.MaxMinutes = s.MaxMinutes
	switch s.Slope {
	case "", "tobler":
		tp.Slope = traveltime.Tobler
	case "langmuir":
		tp.Slope = traveltime.Langmuir
	case "none":
		tp.Slope = traveltime.NoSlope
	default:
		return nil, Usagef("--slope %q: use tobler, langmuir or none", s.Slope)
	}
	in := traveltime.Inputs{Grid: grid, Network: graph, Facilities: fps}
	if s.Speeds != "" {
		if tp.Speeds, err = loadLandcoverSpeeds(s.Speeds); err != nil {
			return nil, err
		}
	}
	if s.Landcover != "" {
		if in.LandCover, err = readLandcover(s.Landcover, grid, log); err != nil {
			return nil, err
		}
	}
	if s.DEM != "" && s.Slope != "none" {
		dem, err := raster.OpenDEM(s.DEM)
		if err != nil {
			return nil, err
		}
		elev, failed := grid.Sample(dem.ElevationM)
		if failed > 0 {
			log.Warn(fmt.Sprintf("%s has no elevation under %d of %d cells; they are crossed as if flat", s.DEM, failed, grid.Cells()))
		}
		in.ElevationM = elev
	}
	run := &SurfaceRun{}
	for _, t := range tps {
		run.Villages = append(run.Villages, t.Pos)
	}
	if s.Population != "" {
		targets := make([]coverage.Target, len(td.Features))
		for i, f := range td.Features {
			targets[i] = coverage.Target{Geometry: f.Geometry}
		}
		// the people as points of cells no larger than the surface's, each
		// added to the cell it falls in
		_, demand, err := RasterPopulation(s.Population, targets, math.Min(cell, DefaultDemandCellM), log)
		if err != nil {
			return nil, err
		}
		run.Pop = make([]float64, grid.Cells())
		for _, d := range demand {
			grid.AddAt(run.Pop, d.Pos, d.Weight)
		}
	} else if s.VillagePop != nil {
		run.Pop = make([]float64, grid.Cells())
		for i, t := range tps {
			if i < len(s.VillagePop) && s.VillagePop[i] > 0 {
				grid.AddAt(run.Pop, t.Pos, s.VillagePop[i])
			}
		}
	}
	finish := func() {}
	if env.Progress != nil {
		bar := env.Progress("travel-time surface", -1)
		finish = func() { bar.Finish() }
	}
	surf, err := traveltime.Compute(in, tp)
	finish()
	if err != nil {
		return nil, UsageError{err}
	}
	if n := len(surf.Summary.UnplacedFacilities); n > 0 {
		log.Warn(fmt.Sprintf("travel-time surface: %d facilities outside the grid or in impassable cells take no part: %v", n, FirstFew(surf.Summary.UnplacedFacilities, 5)))
	}
	run.Surface = surf
	if !env.Quiet {
		fmt.Fprintf(env.ErrOut, "travel-time surface: %d×%d cells of %g m, %d reached, %d impassable\n",
			grid.Width, grid.Height, cell, surf.Summary.Reached, surf.Summary.Impassable)
	}
	return run, nil
}

// readLandcover reads a land-cover GeoTIFF under the grid: each cell the
// class at its centre (nearest sample); cells the raster does not cover
// or marks no data are class 0, impassable, and counted in a warning.
// The raster is read band by band (a 10 m WorldCover tile over a regency
// has a billion samples): the cells are first bucketed by the raster row
// under their centre, then each band fills the cells of its rows.
func readLandcover(path string, g traveltime.Grid, log *Log) ([]uint8, error) {
	pr, err := raster.OpenPopulation(path)
	if err != nil {
		return nil, fmt.Errorf("--landcover: %w", err)
	}
	defer pr.Close()
	frame, err := pr.Frame(g.Bounds())
	if err != nil {
		return nil, fmt.Errorf("--landcover %s: %w", path, err)
	}
	n := g.Cells()
	classes := make([]uint8, n)
	col := make([]int32, n)
	start := make([]int32, frame.Height+2) // cells per frame row, then offsets
	rowOf := make([]int32, n)
	missing, odd := 0, 0
	for r := 0; r < g.Height; r++ {
		for c := 0; c < g.Width; c++ {
			k := r*g.Width + c
			q := frame.FromLonLat(g.CellCentre(c, r))
			i := int(math.Floor((q[0] - frame.West) / frame.CellX))
			j := int(math.Floor((frame.North - q[1]) / frame.CellY))
			if i < 0 || j < 0 || i >= frame.Width || j >= frame.Height {
				rowOf[k] = -1
				missing++
				continue
			}
			col[k], rowOf[k] = int32(i), int32(j)
			start[j+2]++
		}
	}
	for j := 2; j < len(start); j++ {
		start[j] += start[j-1]
	}
	order := make([]int32, n-missing)
	for k, j := range rowOf {
		if j >= 0 {
			order[start[j+1]] = int32(k)
			start[j+1]++
		}
	}
	// start[j] is now where row j's cells begin in order
	err = pr.ReadBands(frame, 0, func(b *raster.PopGrid) error {
		r0 := b.Row0 - frame.Row0
		for j := r0; j < r0+b.Height; j++ {
			for _, k := range order[start[j]:start[j+1]] {
				v := b.Data[(j-r0)*b.Width+int(col[k])]
				switch {
				case math.IsNaN(float64(v)):
					missing++
				case v < 0 || v > 255 || v != float32(math.Trunc(float64(v))):
					odd++
				default:
					classes[k] = uint8(v)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("--landcover %s: %w", path, err)
	}
	if missing > 0 {
		log.Warn(fmt.Sprintf("%s has no land cover under %d of %d cells; they are impassable", path, missing, n))
	}
	if odd > 0 {
		log.Warn(fmt.Sprintf("%s: %d cells hold no class code (a whole number 0–255); they are impassable", path, odd))
	}
	return classes, nil
}

// loadLandcoverSpeeds reads a YAML table of km/h per land-cover class
// (e.g. {10: 2.5, 20: 3, 80: 0}); classes it leaves out keep the
// defaults.
func loadLandcoverSpeeds(path string) (traveltime.SpeedTable, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--landcover-speeds: %w", err)
	}
	var m map[string]float64
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("--landcover-speeds %s: want class: km/h lines (10: 2.5): %v", path, err)
	}
	t := traveltime.DefaultSpeeds()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c, err := strconv.Atoi(k)
		if err != nil || c < 0 || c > 255 {
			return nil, fmt.Errorf("--landcover-speeds %s: class %q is not a code 0–255", path, k)
		}
		if v := m[k]; v < 0 || math.IsNaN(v) {
			return nil, fmt.Errorf("--landcover-speeds %s: class %d: speed %v km/h", path, c, v)
		}
		t[uint8(c)] = m[k]
	}
	return t, nil
}

// addReach puts the travel-time surface's people and villages within each
// of the scenario's times into the report: per kecamatan capital's
// catchment and in total.
func addReach(rep *report.Report, c *Config, acc *AccessRun) error {
	if acc == nil || acc.Surface == nil || len(c.Access.WithinMin) == 0 {
		return nil
	}
	times := append([]float64(nil), c.Access.WithinMin...)
	sort.Float64s(times)
	ind, err := acc.Surface.Indicators(times, acc.Surface.Pop, acc.Surface.Villages)
	if err != nil {
		return err
	}
	for _, x := range ind {
		name := x.Group
		if n := acc.Surface.Kecamatan[x.Group]; n != "" {
			name = n
		}
		rep.Reach = append(rep.Reach, report.ReachRow{Kecamatan: name, Minutes: x.Minutes, Population: x.Population,
			TotalPopulation: x.TotalPopulation, Villages: x.Villages, TotalVillages: x.TotalVillages})
	}
	cell := acc.Surface.Grid.CellSizeM
	w, _ := cell(acc.Surface.Grid.Height / 2)
	rep.ReachCellM = math.Round(w)
	isos, err := acc.Surface.Isochrones(times, nil, nil)
	if err != nil {
		return err
	}
	for _, iso := range isos {
		rep.Map.Isochrones = append(rep.Map.Isochrones, report.MapIsochrone{Minutes: iso.Minutes, Area: iso.Polygon})
	}
	return nil
}
