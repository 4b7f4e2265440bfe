package scenario

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/popgrid"
	"github.com/kukarcli/kukarcli/pkg/raster"
)

// DefaultDemandCellM is the size of the demand cells a population raster
// is aggregated to.
const DefaultDemandCellM = 250

// RasterPopulation reads a gridded population (WorldPop, HRSL, GHS-POP)
// over the targets' window, band by band so that memory is bounded by a
// band of rows rather than by the window: the people in each polygonal
// target (cells weighted by the share of their area inside, as
// exactextract does; NaN for points and lines, which keep their own
// population) and the people as points, aggregated to demand cells of cellM metres within the
// polygons, so that a polygon is judged by where its people live. A
// raster that does not cover every polygon, or has no data under part of
// them, is warned about with the share.
func RasterPopulation(path string, targets []coverage.Target, cellM float64, log *Log) ([]float64, []coverage.WeightedPoint, error) {
	pr, err := raster.OpenPopulation(path)
	if err != nil {
		return nil, nil, fmt.Errorf("--population: %w", err)
	}
	defer pr.Close()
	pops := make([]float64, len(targets))
	var polys []orb.Geometry
	var idx []int
	for i, t := range targets {
		pops[i] = math.NaN()
		switch t.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
			polys = append(polys, t.Geometry)
			idx = append(idx, i)
		}
	}
	if len(polys) == 0 {
		return pops, nil, nil
	}
	box, ok := popgrid.Bounds(polys)
	if !ok {
		return pops, nil, nil
	}
	if cellM <= 0 {
		cellM = DefaultDemandCellM
	}
	frame, err := pr.Frame(box)
	if err != nil {
		return nil, nil, fmt.Errorf("--population %s: %w", path, err)
	}
	acc, err := popgrid.NewAccumulator(frame, polys, &popgrid.DemandOptions{CellM: cellM, Within: polys})
	if err != nil {
		return nil, nil, fmt.Errorf("--population %s: %w", path, err)
	}
	if err := pr.ReadBands(frame, 0, acc.AddBand); err != nil {
		return nil, nil, fmt.Errorf("--population %s: %w", path, err)
	}
	zones, sum, err := acc.Zones()
	if err != nil {
		return nil, nil, fmt.Errorf("--population %s: %w", path, err)
	}
	for k, z := range zones {
		pops[idx[k]] = z.Population
	}
	if sum.OutsideShare > 0 {
		log.Warn(fmt.Sprintf("%s does not cover %.2f %% of the villages' area; people there are not counted", path, 100*sum.OutsideShare))
	}
	if sum.NoDataShare > 0 {
		log.Warn(fmt.Sprintf("%s has no data under %.2f %% of the villages' area, counted as nobody", path, 100*sum.NoDataShare))
	}
	pts, err := acc.DemandPoints()
	if err != nil {
		return nil, nil, fmt.Errorf("--population %s: %w", path, err)
	}
	demand := make([]coverage.WeightedPoint, len(pts))
	for i, p := range pts {
		demand[i] = coverage.WeightedPoint{Pos: p.Point, Weight: p.Population}
	}
	return pops, demand, nil
}
