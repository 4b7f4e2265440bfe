package raster

// Terrain input: the DEM interface, the in-memory Grid, OpenDEM and
// terrain profiles.
//
// Conventions. A Grid is "pixel is area": cell (i, j) covers
// [West+i·dx, West+(i+1)·dx] × [North−(j+1)·dy, North−j·dy] and its value
// belongs to the cell centre. Elevations between centres are bilinear
// interpolations of the four surrounding centres; in the outer half cell
// along the grid edge the nearest edge centres are used (the surface is
// flat outward), and outside the extent there is no elevation at all.
//
// Voids. A void cell (NaN in Grid.Data) is left out of the bilinear sum and
// the weights of the remaining corners are renormalised, so a single void
// is bridged by its valid neighbours. When all four corners are voids the
// lookup fails with ErrDEMVoid; callers decide whether that is fatal. A
// point exactly on a void sample (whose bilinear weight is all on voids)
// takes the plain mean of the valid corners of its cell.

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// ErrDEMMissing is wrapped by lookups outside the DEM: a point beyond a
// grid's extent or in an SRTM tile that is not in the folder.
var ErrDEMMissing = errors.New("geoio: no elevation data")

// ErrDEMVoid is wrapped by lookups whose four surrounding samples are all
// voids.
var ErrDEMVoid = errors.New("geoio: elevation void")

// DEM is a digital elevation model in lon/lat degrees (WGS 84).
type DEM interface {
	// ElevationM is the bilinear elevation in metres at lon, lat. The error
	// wraps ErrDEMMissing (naming the missing tile or grid) or ErrDEMVoid.
	ElevationM(lon, lat float64) (float64, error)
	// ResolutionDeg is the finest sample spacing in degrees.
	ResolutionDeg() float64
}

// Grid is a raster in EPSG:4326, row 0 at the north. It implements DEM and
// is also the raster written by WriteGeoTIFF.
type Grid struct {
	// Name identifies the grid in errors (usually the file name).
	Name string
	// WestDeg and NorthDeg are the outer corner of the top-left cell.
	WestDeg, NorthDeg float64
	// CellXDeg and CellYDeg are the cell width and height, both positive.
	CellXDeg, CellYDeg float64
	// Width and Height are the number of columns and rows.
	Width, Height int
	// Data holds Width×Height values, row by row from the north; NaN is a
	// void (no data).
	Data []float32
}

// NewGrid returns a grid of the given shape filled with voids (a
// negative size counts as zero).
func NewGrid(name string, westDeg, northDeg, cellXDeg, cellYDeg float64, width, height int) *Grid {
	width, height = max(width, 0), max(height, 0)
	g := &Grid{Name: name, WestDeg: westDeg, NorthDeg: northDeg, CellXDeg: cellXDeg, CellYDeg: cellYDeg,
		Width: width, Height: height, Data: make([]float32, width*height)}
	nan := float32(math.NaN())
	for i := range g.Data {
		g.Data[i] = nan
	}
	return g
}

// ResolutionDeg is the smaller of the cell width and height.
func (g *Grid) ResolutionDeg() float64 { return math.Min(g.CellXDeg, g.CellYDeg) }

// Bounds is the grid's outer extent.
func (g *Grid) Bounds() orb.Bound {
	return orb.Bound{
		Min: orb.Point{g.WestDeg, g.NorthDeg - float64(g.Height)*g.CellYDeg},
		Max: orb.Point{g.WestDeg + float64(g.Width)*g.CellXDeg, g.NorthDeg},
	}
}

// CellCentre is the lon/lat of the centre of column i, row j.
func (g *Grid) CellCentre(i, j int) orb.Point {
	return orb.Point{g.WestDeg + (float64(i)+0.5)*g.CellXDeg, g.NorthDeg - (float64(j)+0.5)*g.CellYDeg}
}

// ElevationM interpolates bilinearly between cell centres.
func (g *Grid) ElevationM(lon, lat float64) (float64, error) {
	if g.Width <= 0 || g.Height <= 0 || len(g.Data) < g.Width*g.Height {
		return 0, fmt.Errorf("%w: grid %s is empty", ErrDEMMissing, g.Name)
	}
	fx := (lon - g.WestDeg) / g.CellXDeg
	fy := (g.NorthDeg - lat) / g.CellYDeg
	if !(fx >= 0 && fx <= float64(g.Width) && fy >= 0 && fy <= float64(g.Height)) {
		return 0, fmt.Errorf("%w: lon %.6f lat %.6f is outside grid %s", ErrDEMMissing, lon, lat, g.Name)
	}
	v, ok := bilinear(g.Data, g.Width, g.Height, fx-0.5, fy-0.5, isVoidF32)
	if !ok {
		return 0, fmt.Errorf("%w: lon %.6f lat %.6f in grid %s", ErrDEMVoid, lon, lat, g.Name)
	}
	return v, nil
}

func isVoidF32(v float32) bool { return v != v }

// bilinear interpolates data (w×h, row-major) at fractional sample
// coordinates x, y (sample centres at integers), clamping to the edge and
// renormalising the weights over non-void corners. ok is false when every
// corner with a weight is a void.
func bilinear[T int16 | float32](data []T, w, h int, x, y float64, void func(T) bool) (float64, bool) {
	x = math.Max(0, math.Min(x, float64(w-1)))
	y = math.Max(0, math.Min(y, float64(h-1)))
	i0, j0 := int(x), int(y)
	tx, ty := x-float64(i0), y-float64(j0)
	i1, j1 := i0+1, j0+1
	if i1 >= w {
		i1 = i0
	}
	if j1 >= h {
		j1 = j0
	}
	a, b := data[j0*w+i0], data[j0*w+i1]
	c, d := data[j1*w+i0], data[j1*w+i1]
	if !void(a) && !void(b) && !void(c) && !void(d) {
		top := float64(a) + tx*(float64(b)-float64(a))
		bot := float64(c) + tx*(float64(d)-float64(c))
		return top + ty*(bot-top), true
	}
	var sum, wsum float64
	add := func(v T, wt float64) {
		if wt > 0 && !void(v) {
			sum += wt * float64(v)
			wsum += wt
		}
	}
	add(a, (1-tx)*(1-ty))
	add(b, tx*(1-ty))
	add(c, (1-tx)*ty)
	add(d, tx*ty)
	if wsum > 0 {
		return sum / wsum, true
	}
	// Every weighted corner is a void (the point sits on a void sample or
	// on a line between two): the plain mean of the valid corners.
	for _, v := range [4]T{a, b, c, d} {
		if !void(v) {
			sum += float64(v)
			wsum++
		}
	}
	if wsum == 0 {
		return 0, false
	}
	return sum / wsum, true
}

// OpenDEM opens a folder of SRTM .hgt tiles (or, when it holds none, of
// GeoTIFF tiles), a single .hgt (or .hgt.zip) tile, or a GeoTIFF (.tif,
// .tiff) file read whole into memory.
func OpenDEM(path string) (DEM, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("geoio: DEM: %w", err)
	}
	if st.IsDir() {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, fmt.Errorf("geoio: DEM folder: %w", err)
		}
		for _, e := range entries {
			if _, _, _, ok := parseHGTName(e.Name()); ok {
				return OpenHGTDir(path)
			}
		}
		for _, e := range entries {
			lower := strings.ToLower(e.Name())
			if strings.HasSuffix(lower, ".tif") || strings.HasSuffix(lower, ".tiff") {
				return OpenGeoTIFFDir(path)
			}
		}
		return nil, &geoio.FormatError{File: path, Index: -1, Reason: "no SRTM tiles (N00E116.hgt …) nor GeoTIFF files found",
			Fix: "name SRTM tiles after their south-west corner, as SRTM does"}
	}
	lower := strings.ToLower(filepath.Base(path))
	switch {
	case strings.HasSuffix(lower, ".hgt") || strings.HasSuffix(lower, ".hgt.zip"):
		return openHGTFiles(filepath.Dir(path), []string{filepath.Base(path)})
	case strings.HasSuffix(lower, ".tif") || strings.HasSuffix(lower, ".tiff"):
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("geoio: DEM: %w", err)
		}
		defer f.Close()
		return ReadGeoTIFF(f, st.Size(), path)
	}
	return nil, &geoio.FormatError{File: path, Index: -1, Reason: "not a DEM",
		Fix: "give a folder of SRTM .hgt tiles, a .hgt tile or a GeoTIFF (.tif)"}
}

// metresPerDegree is one degree of arc on the mean-radius sphere.
const metresPerDegree = math.Pi / 180 * 6371008.8

// maxProfileSamples bounds a profile's allocation.
const maxProfileSamples = 10_000_000

// Profile samples the terrain between from and to (lon/lat) at n+1 points
// equally spaced in distance, both ends included, and returns their
// elevations and the spacing between them in metres (the geodesic length
// from earth.DistanceM divided by n).
//
// stepM is the wanted spacing; 0 chooses one DEM cell (ResolutionDeg at
// the profile's mean latitude, the longitude-wise cell size, which is the
// smaller one). The actual spacing is the largest that is not above stepM
// and divides the length into whole steps.
//
// The points lie on the great circle through the two ends, taking
// geodetic latitudes as spherical ones (spherical linear interpolation of
// unit vectors). Against equal spacing along the WGS 84 geodesic the
// points are off by the sphere-versus-ellipsoid scale change along the
// path: TestProfileSpacing measures 3 mm over 35 km in Kukar, far below a
// DEM cell. Interpolating linearly in lon/lat instead would be as good near
// the equator but not at high latitudes.
//
// clutterM (trees, buildings) is added to every sample except the two end
// points, where the antennas stand. A sample in a missing tile or a void is
// an error naming the sample and wrapping the DEM's error; there is no
// silent sea level. When from equals to the profile has two samples and
// spacing 0.
func Profile(dem DEM, from, to orb.Point, stepM, clutterM float64) (elevM []float64, spacingM float64, err error) {
	for _, p := range []orb.Point{from, to} {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) || math.Abs(p[1]) > 90 {
			return nil, 0, fmt.Errorf("geoio: profile: invalid point %v", p)
		}
	}
	if math.IsNaN(stepM) || stepM < 0 || math.IsNaN(clutterM) || math.IsInf(clutterM, 0) {
		return nil, 0, fmt.Errorf("geoio: profile: invalid step %g m or clutter %g m", stepM, clutterM)
	}
	lengthM := earth.DistanceM(from, to)
	if stepM == 0 {
		res := dem.ResolutionDeg()
		coslat := math.Max(math.Cos((from[1]+to[1])/2*math.Pi/180), 0.1)
		stepM = res * metresPerDegree * coslat
		if !(stepM > 0) {
			return nil, 0, fmt.Errorf("geoio: profile: DEM resolution %g° is not usable", res)
		}
	}
	nf := math.Ceil(lengthM / stepM)
	if nf > maxProfileSamples {
		return nil, 0, fmt.Errorf("geoio: profile: %.0f m at %g m steps needs more than %d samples", lengthM, stepM, maxProfileSamples)
	}
	n := max(int(nf), 1)
	spacingM = lengthM / float64(n)

	path := newArc(from, to)
	elevM = make([]float64, n+1)
	for k := 0; k <= n; k++ {
		p := path.at(k, n)
		e, err := dem.ElevationM(p[0], p[1])
		if err != nil {
			return nil, 0, fmt.Errorf("geoio: profile sample %d of %d at lon %.6f lat %.6f: %w", k, n+1, p[0], p[1], err)
		}
		if k != 0 && k != n {
			e += clutterM
		}
		elevM[k] = e
	}
	return elevM, spacingM, nil
}

// arc is the great circle between two points on the unit sphere.
type arc struct {
	from, to        orb.Point
	a, b            [3]float64
	omega, sinOmega float64
}

func newArc(from, to orb.Point) arc {
	c := arc{from: from, to: to, a: unitVector(from), b: unitVector(to)}
	dot := c.a[0]*c.b[0] + c.a[1]*c.b[1] + c.a[2]*c.b[2]
	c.omega = math.Acos(math.Max(-1, math.Min(1, dot)))
	c.sinOmega = math.Sin(c.omega)
	return c
}

// at is point k of n+1 equally spaced points, the ends returned exactly.
func (c arc) at(k, n int) orb.Point {
	t := float64(k) / float64(n)
	switch {
	case k == 0:
		return c.from
	case k == n:
		return c.to
	case c.sinOmega < 1e-12: // same or antipodal points: no unique circle
		return orb.Point{c.from[0] + t*(c.to[0]-c.from[0]), c.from[1] + t*(c.to[1]-c.from[1])}
	}
	wa := math.Sin((1-t)*c.omega) / c.sinOmega
	wb := math.Sin(t*c.omega) / c.sinOmega
	v := [3]float64{wa*c.a[0] + wb*c.b[0], wa*c.a[1] + wb*c.b[1], wa*c.a[2] + wb*c.b[2]}
	lat := math.Atan2(v[2], math.Hypot(v[0], v[1])) * 180 / math.Pi
	lon := math.Atan2(v[1], v[0]) * 180 / math.Pi
	// Keep the longitude on the start's branch so a path across the
	// antimeridian stays continuous; DEM lookups normalise as they need.
	for lon-c.from[0] > 180 {
		lon -= 360
	}
	for lon-c.from[0] < -180 {
		lon += 360
	}
	return orb.Point{lon, lat}
}

func unitVector(p orb.Point) [3]float64 {
	sl, cl := math.Sincos(p[0] * math.Pi / 180)
	sp, cp := math.Sincos(p[1] * math.Pi / 180)
	return [3]float64{cp * cl, cp * sl, sp}
}

// CheckCovers looks up every point in dem and, when some lie where it
// has no data, returns an error wrapping ErrDEMMissing that names dem
// (name: the folder or file given), what the points are (what: "sites")
// and the 1° cells lacking, as SRTM tile names (S01E117): a run whose
// terrain is missing fails at once instead of after judging every path.
// Void samples are not reported; a terrain model treats them where it
// meets them.
func CheckCovers(dem interface {
	ElevationM(lon, lat float64) (float64, error)
}, name, what string, pts []orb.Point) error {
	missing := map[string]bool{}
	n := 0
	for _, p := range pts {
		if _, err := dem.ElevationM(p[0], p[1]); errors.Is(err, ErrDEMMissing) {
			n++
			missing[hgtTileName(int(math.Floor(p[1])), int(math.Floor(p[0])))] = true
		}
	}
	if n == 0 {
		return nil
	}
	if g, ok := dem.(*Grid); ok {
		b := g.Bounds()
		return coverError{fmt.Sprintf("%s: no elevation at %d of the %d %s: they lie outside the grid (lon %g to %g, lat %g to %g)",
			name, n, len(pts), what, b.Min[0], b.Max[0], b.Min[1], b.Max[1])}
	}
	cells := make([]string, 0, len(missing))
	for c := range missing {
		cells = append(cells, c)
	}
	sort.Strings(cells)
	list := cells
	const shown = 12
	more := ""
	if len(cells) > shown {
		list, more = cells[:shown], fmt.Sprintf(" and %d more", len(cells)-shown)
	}
	return coverError{fmt.Sprintf("%s: no elevation at %d of the %d %s; 1° tiles missing (SRTM names): %s%s",
		name, n, len(pts), what, strings.Join(list, ", "), more)}
}

// coverError is CheckCovers' error: its own words, and ErrDEMMissing to
// errors.Is.
type coverError struct{ msg string }

func (e coverError) Error() string        { return e.msg }
func (e coverError) Is(target error) bool { return target == ErrDEMMissing }
