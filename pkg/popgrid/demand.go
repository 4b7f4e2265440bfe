package popgrid

import (
	"errors"
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
	a, err := NewAccumulator(win, nil, &o)
	if err != nil {
		return nil, err
	}
	if err := a.AddBand(win); err != nil {
		return nil, err
	}
	return a.DemandPoints()
}

// newDemandPlane lays the demand cells over the frame: for EPSG:4326 on
// the sinusoidal projection about the frame's central meridian, x and y
// of a cell centre in metres, otherwise on the frame's own plane.
func newDemandPlane(f *raster.PopGrid, cell float64) demandPlane {
	const rad = math.Pi / 180
	d := demandPlane{geographic: f.CRS.IsGeographic(), cell: cell}
	var xmin, xmax float64
	if d.geographic {
		d.lon0 = f.West + float64(f.Width)*f.CellX/2
		half := float64(f.Width) * f.CellX / 2 * rad * earthRadiusM
		xmin, xmax = -half, half
	} else {
		xmin, xmax = f.West, f.West+float64(f.Width)*f.CellX
	}
	d.ix0 = int64(math.Floor(xmin/cell)) - 1
	d.nx = int(int64(math.Floor(xmax/cell))-d.ix0) + 2
	d.colX = make([]float64, f.Width)
	for c := range d.colX {
		x := f.West + (float64(c)+0.5)*f.CellX
		if d.geographic {
			x = (x - d.lon0) * rad * earthRadiusM // × cos φ of the row
		}
		d.colX[c] = x
	}
	return d
}

// demandRows sums the people of the rows [ra, rb) (frame rows) into
// demand cells, weighted by mask (rows ra… of the Within coverage) when
// not nil, and appends the cells with people to res, north to south then
// west to east.
func (a *Accumulator) demandRows(sw *sweeper, band *raster.PopGrid, ra, rb int, mask []float32, res *chunkResult) {
	const rad = math.Pi / 180
	f, d := &a.frame, &a.plane
	w := f.Width
	base := band.Row0 - f.Row0
	dc := &sw.dem
	if len(dc.row) != d.nx {
		dc.row = make([]demandAcc, d.nx)
		dc.lo, dc.hi = d.nx, 0
	}
	curY := int64(math.MinInt64)
	emit := func() {
		for ix := dc.lo; ix < dc.hi; ix++ {
			if c := &dc.row[ix]; c.n > 0 {
				res.cells = append(res.cells, demandCell{iy: curY, ix: int32(ix), demandAcc: *c})
				*c = demandAcc{}
			}
		}
		dc.lo, dc.hi = d.nx, 0
	}
	for r := ra; r < rb; r++ {
		y := f.North - (float64(r)+0.5)*f.CellY
		coslat := 1.0
		if d.geographic {
			coslat = math.Cos(y * rad)
			y *= rad * earthRadiusM
		}
		iy := int64(math.Floor(y / d.cell))
		if iy != curY {
			emit()
			curY = iy
		}
		data := band.Data[(r-base)*w : (r-base+1)*w]
		var m []float32
		if mask != nil {
			m = mask[(r-ra)*w : (r-ra+1)*w]
		}
		for c, v32 := range data {
			v := float64(v32)
			if !(v > 0) {
				continue
			}
			if m != nil {
				v *= float64(m[c])
				if !(v > 0) {
					continue
				}
			}
			x := d.colX[c] * coslat
			ix := int(int64(math.Floor(x/d.cell)) - d.ix0)
			if ix < 0 || ix >= d.nx {
				continue // cannot happen: x is within the window
			}
			acc := &dc.row[ix]
			acc.pop += v
			acc.x += v * x
			acc.y += v * y
			acc.n++
			dc.lo, dc.hi = min(dc.lo, ix), max(dc.hi, ix+1)
		}
	}
	emit()
}

// flush finishes the open demand row into points, west to east.
func (a *Accumulator) flush() {
	const rad = math.Pi / 180
	d := &a.plane
	for ix := a.openLo; ix < a.openHi; ix++ {
		c := &a.open[ix]
		if c.n > 0 && c.pop > 0 && c.pop >= a.minPop {
			p := orb.Point{c.x / c.pop, c.y / c.pop}
			if d.geographic {
				p = orb.Point{d.lon0 + p[0]/(earthRadiusM*rad*math.Cos(p[1]/earthRadiusM)), p[1] / (earthRadiusM * rad)}
			} else {
				p = a.frame.ToLonLat(p)
			}
			if len(a.points) == cap(a.points) {
				a.growPoints()
			}
			a.points = append(a.points, DemandPoint{Point: p, Population: c.pop, Cells: c.n})
		}
		*c = demandAcc{}
	}
	a.openLo, a.openHi = d.nx, 0
}

// growPoints makes room for the points still to come, estimated from
// the rows seen so far, so that a window of millions of points is not
// copied at every doubling.
func (a *Accumulator) growPoints() {
	n := len(a.points)
	want := 2*n + 1024
	if a.next > 0 {
		want = max(want, int(float64(n)/float64(a.next)*float64(a.frame.Height)*1.1))
	}
	a.points = append(make([]DemandPoint, 0, want), a.points...)
}
