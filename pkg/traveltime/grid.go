package traveltime

import (
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// MaxCells bounds a grid's size: cells and network nodes share one int32
// numbering, and the search holds about 21 bytes per cell.
const MaxCells = 1 << 30

// Grid is a north-up grid of lon/lat cells on WGS 84 (EPSG:4326). Cell
// (col, row) covers [WestDeg+col·CellXDeg, WestDeg+(col+1)·CellXDeg] ×
// [NorthDeg−(row+1)·CellYDeg, NorthDeg−row·CellYDeg]; cells are numbered
// row by row from the north, index = row·Width + col, as raster.Grid
// stores its data, so a surface can be written as a GeoTIFF unchanged.
//
// Cells are constant in degrees and their size in metres is computed per
// row from the ellipsoid's radii of curvature (see the package
// documentation), so the grid is exact at any latitude and its cells are
// squares on the ground to within 0.04 % across the Kukar regency.
type Grid struct {
	WestDeg, NorthDeg  float64
	CellXDeg, CellYDeg float64
	Width, Height      int
}

// NewGrid covers b with cells of cellM metres: the cell's sizes in
// degrees are those of a cellM × cellM square at the latitude of b's
// centre, and the grid starts at b's north-west corner and reaches at
// least to its south-east corner.
func NewGrid(b orb.Bound, cellM float64) (Grid, error) {
	if !(cellM > 0) || math.IsInf(cellM, 0) {
		return Grid{}, fmt.Errorf("traveltime: cell size %v m: %w", cellM, ErrParams)
	}
	if !(b.Min[0] < b.Max[0]) || !(b.Min[1] < b.Max[1]) || b.Min[1] < -89 || b.Max[1] > 89 || b.Min[0] < -180 || b.Max[0] > 180 {
		return Grid{}, fmt.Errorf("traveltime: grid bound %v: %w", b, ErrParams)
	}
	mx, my := metresPerDeg((b.Min[1] + b.Max[1]) / 2)
	g := Grid{WestDeg: b.Min[0], NorthDeg: b.Max[1], CellXDeg: cellM / mx, CellYDeg: cellM / my}
	w := math.Ceil((b.Max[0]-b.Min[0])/g.CellXDeg - 1e-9)
	h := math.Ceil((b.Max[1]-b.Min[1])/g.CellYDeg - 1e-9)
	if w*h > MaxCells {
		return Grid{}, fmt.Errorf("traveltime: %.0f × %.0f cells of %v m exceed %d: %w", w, h, cellM, MaxCells, ErrParams)
	}
	g.Width, g.Height = int(w), int(h)
	return g, nil
}

func (g Grid) check() error {
	if g.Width <= 0 || g.Height <= 0 || !(g.CellXDeg > 0) || !(g.CellYDeg > 0) || g.Width*g.Height > MaxCells ||
		g.NorthDeg > 90 || g.NorthDeg-float64(g.Height)*g.CellYDeg < -90 {
		return fmt.Errorf("traveltime: grid %+v: %w", g, ErrParams)
	}
	return nil
}

// Cells is the number of cells.
func (g Grid) Cells() int { return g.Width * g.Height }

// Bounds is the grid's extent.
func (g Grid) Bounds() orb.Bound {
	return orb.Bound{
		Min: orb.Point{g.WestDeg, g.NorthDeg - float64(g.Height)*g.CellYDeg},
		Max: orb.Point{g.WestDeg + float64(g.Width)*g.CellXDeg, g.NorthDeg},
	}
}

// Index is the number of the cell holding p, and false when p is outside
// the grid. A point on a line between cells belongs to the cell east or
// south of it.
func (g Grid) Index(p orb.Point) (int, bool) {
	c, r, ok := g.colRow(p)
	return r*g.Width + c, ok
}

func (g Grid) colRow(p orb.Point) (col, row int, ok bool) {
	x := math.Floor((p[0] - g.WestDeg) / g.CellXDeg)
	y := math.Floor((g.NorthDeg - p[1]) / g.CellYDeg)
	if !(x >= 0 && x < float64(g.Width) && y >= 0 && y < float64(g.Height)) {
		return 0, 0, false
	}
	return int(x), int(y), true
}

// CellCentre is the centre of cell (col, row).
func (g Grid) CellCentre(col, row int) orb.Point {
	return orb.Point{g.WestDeg + (float64(col)+0.5)*g.CellXDeg, g.NorthDeg - (float64(row)+0.5)*g.CellYDeg}
}

// RowLatDeg is the latitude of row's cell centres.
func (g Grid) RowLatDeg(row int) float64 { return g.NorthDeg - (float64(row)+0.5)*g.CellYDeg }

// CellSizeM is the width and height in metres of the cells of row,
// measured at their centre's latitude.
func (g Grid) CellSizeM(row int) (widthM, heightM float64) {
	mx, my := metresPerDeg(g.RowLatDeg(row))
	return g.CellXDeg * mx, g.CellYDeg * my
}

// CellAreaM2 is the ground area of a cell of row (width × height at its
// centre; the curvature across one cell changes it by less than 1e-8 for
// cells under 1 km).
func (g Grid) CellAreaM2(row int) float64 {
	w, h := g.CellSizeM(row)
	return w * h
}

// rowAreasKM2 is CellAreaM2 of every row, in km².
func (g Grid) rowAreasKM2() []float64 {
	a := make([]float64, g.Height)
	for r := range a {
		a[r] = g.CellAreaM2(r) / 1e6
	}
	return a
}

// Sample evaluates f at every cell centre, row by row, as float32 (for
// a DEM: Sample(dem.ElevationM)). Cells where f fails are NaN, and their
// number is returned so the caller can warn.
func (g Grid) Sample(f func(lon, lat float64) (float64, error)) (v []float32, failed int) {
	v = make([]float32, g.Cells())
	for r := 0; r < g.Height; r++ {
		for c := 0; c < g.Width; c++ {
			p := g.CellCentre(c, r)
			x, err := f(p[0], p[1])
			if err != nil || math.IsNaN(x) {
				x = math.NaN()
				failed++
			}
			v[r*g.Width+c] = float32(x)
		}
	}
	return v, failed
}

// SampleClass reads a class (a land-cover code) at every cell centre;
// ok false leaves the cell 0 (no data, impassable with DefaultSpeeds).
// Point sampling keeps the classes' proportions on average; a majority
// over each cell is the caller's choice where the source is much finer.
func (g Grid) SampleClass(f func(lon, lat float64) (class uint8, ok bool)) []uint8 {
	v := make([]uint8, g.Cells())
	for r := 0; r < g.Height; r++ {
		for c := 0; c < g.Width; c++ {
			p := g.CellCentre(c, r)
			if k, ok := f(p[0], p[1]); ok {
				v[r*g.Width+c] = k
			}
		}
	}
	return v
}

// AddAt adds v to the cell holding p in dst (one value per cell), and
// reports whether p is inside the grid. Summing a population raster's
// cells by their centres keeps its total exactly: for each source cell,
// AddAt(pop, centre, people).
func (g Grid) AddAt(dst []float64, p orb.Point, v float64) bool {
	i, ok := g.Index(p)
	if ok {
		dst[i] += v
	}
	return ok
}

// metresPerDeg is the length of one degree of longitude and of latitude
// at latitude latDeg on WGS 84: N·cos φ and M per radian, N and M the
// prime-vertical and meridional radii of curvature (Snyder 1987, eq.
// 4-18 and 4-20).
func metresPerDeg(latDeg float64) (x, y float64) {
	const a = earth.SemiMajorAxisM
	const e2 = earth.Flattening * (2 - earth.Flattening)
	s, c := math.Sincos(latDeg * math.Pi / 180)
	w := 1 - e2*s*s
	n := a / math.Sqrt(w)
	m := a * (1 - e2) / (w * math.Sqrt(w))
	return n * c * math.Pi / 180, m * math.Pi / 180
}
