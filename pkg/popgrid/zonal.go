package popgrid

import (
	"errors"
	"math"
	"sync"

	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/paulmach/orb"
)

// Zone is the population of one target polygon.
type Zone struct {
	// Population is Σ fraction × value over the cells the polygon
	// touches, the fraction being the share of the cell's area inside the
	// polygon; no-data cells count 0.
	Population float64
	// AreaCells is the polygon's area in cells of the raster (in the
	// raster's plane: lon/lat degrees for EPSG:4326, metres otherwise).
	AreaCells float64
	// OutsideCells is the part of that area outside the window (beyond
	// the raster's extent when the window was read for the targets).
	OutsideCells float64
	// NoDataCells is the part on no-data cells.
	NoDataCells float64
}

// OutsideShare is the share of the polygon's area the window does not
// cover, 0…1.
func (z Zone) OutsideShare() float64 { return share(z.OutsideCells, z.AreaCells) }

// NoDataShare is the share of the polygon's area on no-data cells.
func (z Zone) NoDataShare() float64 { return share(z.NoDataCells, z.AreaCells) }

func share(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return math.Max(0, math.Min(1, a/b))
}

// Summary totals the zones.
type Summary struct {
	// Population is the sum over the targets (overlapping targets count
	// their overlap twice).
	Population float64
	// OutsideShare is the share of the targets' total area the window
	// does not cover; NoDataShare the share on no-data cells. A warning is
	// due when either is more than a rounding error.
	OutsideShare, NoDataShare float64
}

// Zonal returns the population of each target (Polygon, MultiPolygon or
// Bound in WGS 84 lon/lat) from the window: each cell weighted by the
// exact share of its area inside the target, computed in the raster's
// own plane (the target's vertices projected into the raster's CRS for a
// projected raster; lon/lat degrees as a plane for EPSG:4326, exact for a
// cell's share to within the variation of the scale across one cell).
// Holes are subtracted; the parts of a MultiPolygon are taken as
// disjoint. NaN (no data) counts as 0. A target that is not a polygon is
// an error naming its index; an empty one has a zero Zone.
func Zonal(win *raster.PopGrid, targets []orb.Geometry) ([]Zone, Summary, error) {
	if win == nil || len(win.Data) != win.Width*win.Height || win.Width < 0 || win.Height < 0 {
		return nil, Summary{}, errors.New("popgrid: window has no data or the wrong number of values")
	}
	a, err := NewAccumulator(win, targets, nil)
	if err != nil {
		return nil, Summary{}, err
	}
	if err := a.AddBand(win); err != nil {
		return nil, Summary{}, err
	}
	return a.Zones()
}

// parallel runs job(0…n−1) on up to len(sws) goroutines, each with its
// own sweeper, handing out grain jobs at a time.
func parallel(n, grain int, sws []*sweeper, job func(sw *sweeper, i int)) {
	workers := min(len(sws), (n+grain-1)/grain)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			job(sws[0], i)
		}
		return
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(sw *sweeper) {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next += grain
				mu.Unlock()
				if i >= n {
					return
				}
				for k := i; k < min(n, i+grain); k++ {
					job(sw, k)
				}
			}
		}(sws[w])
	}
	wg.Wait()
}

// Bounds is the lon/lat bounding box of the targets, the box to pass to
// raster.PopRaster.Window; ok is false when there is no coordinate.
func Bounds(targets []orb.Geometry) (b orb.Bound, ok bool) {
	for _, g := range targets {
		if g == nil {
			continue
		}
		gb := g.Bound()
		if gb.Min[0] > gb.Max[0] {
			continue
		}
		if !ok {
			b, ok = gb, true
		} else {
			b = b.Union(gb)
		}
	}
	return b, ok
}
