package popgrid

import (
	"errors"
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/paulmach/orb"
)

// earthRadiusM is the mean radius of the WGS 84 ellipsoid (IUGG R1).
const earthRadiusM = 6371008.8

// DemandPoint is the population of one demand cell, placed at the
// population-weighted centroid of the raster cells it gathers.
type DemandPoint struct {
	// Point is the lon/lat (WGS 84) of the weighted centroid of the
	// centres of the raster cells summed.
	Point orb.Point
	// Population is the people in the demand cell.
	Population float64
	// Cells is the number of raster cells with people summed.
	Cells int
}

// DemandOptions choose how Demand aggregates.
type DemandOptions struct {
	// CellM is the demand cell size in metres; 0 means 250.
	CellM float64
	// Within, when not empty, keeps only the people inside these
	// polygons (lon/lat): each raster cell's population is weighted by the
	// share of its area inside their union (overlaps counted once).
	Within []orb.Geometry
	// MinPopulation drops demand cells with fewer people (0 keeps all
	// with people).
	MinPopulation float64
}

// Demand turns the window into weighted points for a coverage engine:
// the population of the raster cells whose centres fall in each square
// demand cell of CellM metres, at their population-weighted centroid.
// For a projected raster the demand cells are squares of the raster's
// own plane (metres); for EPSG:4326 they are laid on the sinusoidal
// equal-area projection of the sphere of mean radius centred on the
// window's central meridian (Snyder 1987, §30), CellM × CellM metres on
// the ground to within the projection's shear, negligible within a
// regency. Points are sorted from north to south, then west to east.
// NaN (no data), zero and negative cells carry no one.
func Demand(win *raster.PopGrid, o DemandOptions) ([]DemandPoint, error) {
	if win == nil || len(win.Data) != win.Width*win.Height || win.Width < 0 || win.Height < 0 {
		return nil, errors.New("popgrid: window has no data or the wrong number of values")
	}
	cell := o.CellM
	if cell == 0 {
		cell = 250
	}
	if !(cell > 0) || math.IsInf(cell, 0) {
		return nil, fmt.Errorf("popgrid: demand cell of %g m", o.CellM)
	}
	if win.Width == 0 || win.Height == 0 {
		return nil, nil
	}
	var mask []float32
	if len(o.Within) > 0 {
		mask = make([]float32, len(win.Data))
		shapes := make([]shape, len(o.Within))
		for i, g := range o.Within {
			s, err := toGrid(win, g)
			if err != nil {
				return nil, fmt.Errorf("popgrid: demand polygon %d: %w", i, err)
			}
			shapes[i] = s
		}
		sw := &sweeper{}
		for i := range shapes {
			sw.cover(&shapes[i], win.Width, win.Height, func(c, r int, f float64) {
				k := r*win.Width + c
				mask[k] = float32(math.Min(1, float64(mask[k])+f))
			})
		}
	}

	// The metric plane: x and y of a cell centre, and back to lon/lat for
	// a weighted mean of x and y.
	const rad = math.Pi / 180
	geographic := win.CRS.IsGeographic()
	var lon0, xmin, xmax float64
	if geographic {
		lon0 = win.West + float64(win.Width)*win.CellX/2
		half := float64(win.Width) * win.CellX / 2 * rad * earthRadiusM
		xmin, xmax = -half, half
	} else {
		xmin, xmax = win.West, win.West+float64(win.Width)*win.CellX
	}
	ix0 := int64(math.Floor(xmin/cell)) - 1
	nx := int(int64(math.Floor(xmax/cell))-ix0) + 2
	type accum struct {
		pop, x, y float64 // x, y: population-weighted sums
		n         int
	}
	row := make([]accum, nx)
	var out []DemandPoint
	flush := func() {
		for k := range row {
			a := &row[k]
			if a.n > 0 && a.pop > 0 && a.pop >= o.MinPopulation {
				p := orb.Point{a.x / a.pop, a.y / a.pop}
				if geographic {
					p = orb.Point{lon0 + p[0]/(earthRadiusM*rad*math.Cos(p[1]/earthRadiusM)), p[1] / (earthRadiusM * rad)}
				} else {
					p = win.ToLonLat(p)
				}
				out = append(out, DemandPoint{Point: p, Population: a.pop, Cells: a.n})
			}
			*a = accum{}
		}
	}
	curY := int64(math.MinInt64)
	for r := 0; r < win.Height; r++ {
		y := win.North - (float64(r)+0.5)*win.CellY
		coslat := 1.0
		if geographic {
			coslat = math.Cos(y * rad)
			y *= rad * earthRadiusM
		}
		iy := int64(math.Floor(y / cell))
		if iy != curY {
			flush()
			curY = iy
		}
		for c := 0; c < win.Width; c++ {
			k := r*win.Width + c
			v := float64(win.Data[k])
			if !(v > 0) {
				continue
			}
			if mask != nil {
				v *= float64(mask[k])
				if !(v > 0) {
					continue
				}
			}
			x := win.West + (float64(c)+0.5)*win.CellX
			if geographic {
				x = (x - lon0) * rad * earthRadiusM * coslat
			}
			ix := int(int64(math.Floor(x/cell)) - ix0)
			if ix < 0 || ix >= nx {
				continue // cannot happen: x is within the window
			}
			a := &row[ix]
			a.pop += v
			a.x += v * x
			a.y += v * y
			a.n++
		}
	}
	flush()
	return out, nil
}
