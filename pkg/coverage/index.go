package coverage

import (
	"math"
	"sort"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// maxGridCells bounds the dense cell table of a grid index; the cell size
// grows when the points spread too far for it.
const maxGridCells = 1 << 22

// grid is a uniform bucket index of points in plane metres. Items are
// stored cell by cell (counting sort), so a query walks contiguous memory.
type grid struct {
	minX, minY float64
	cellM      float64
	nx, ny     int
	start      []int32     // cell c holds items start[c]:start[c+1]
	item       []int32     // caller's index of each stored point
	xy         []orb.Point // plane position of each stored point
}

// newGrid indexes pts (plane metres) with cells of about cellM.
func newGrid(pts []orb.Point, cellM float64) grid {
	g := grid{cellM: cellM}
	if len(pts) == 0 {
		return g
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minY, maxY = math.Min(minY, p[1]), math.Max(maxY, p[1])
	}
	if !(g.cellM > 0) {
		g.cellM = 1000
	}
	for {
		g.nx = int((maxX-minX)/g.cellM) + 1
		g.ny = int((maxY-minY)/g.cellM) + 1
		if float64(g.nx)*float64(g.ny) <= maxGridCells {
			break
		}
		g.cellM *= 2
	}
	g.minX, g.minY = minX, minY
	n := g.nx * g.ny
	g.start = make([]int32, n+1)
	cells := make([]int32, len(pts))
	for i, p := range pts {
		c := g.cellOf(p)
		cells[i] = int32(c)
		g.start[c+1]++
	}
	for c := 0; c < n; c++ {
		g.start[c+1] += g.start[c]
	}
	fill := make([]int32, n)
	g.item = make([]int32, len(pts))
	g.xy = make([]orb.Point, len(pts))
	for i, p := range pts {
		c := cells[i]
		at := g.start[c] + fill[c]
		fill[c]++
		g.item[at] = int32(i)
		g.xy[at] = p
	}
	return g
}

func (g *grid) cellOf(p orb.Point) int {
	ix := int((p[0] - g.minX) / g.cellM)
	iy := int((p[1] - g.minY) / g.cellM)
	ix = min(max(ix, 0), g.nx-1)
	iy = min(max(iy, 0), g.ny-1)
	return iy*g.nx + ix
}

// span returns the clamped cell ranges touching the square of half side r
// around (x, y); ok is false when it misses the grid.
func (g *grid) span(x, y, r float64) (i0, i1, j0, j1 int, ok bool) {
	if g.nx == 0 {
		return 0, 0, 0, 0, false
	}
	fx0 := math.Floor((x - r - g.minX) / g.cellM)
	fx1 := math.Floor((x + r - g.minX) / g.cellM)
	fy0 := math.Floor((y - r - g.minY) / g.cellM)
	fy1 := math.Floor((y + r - g.minY) / g.cellM)
	if fx1 < 0 || fy1 < 0 || fx0 >= float64(g.nx) || fy0 >= float64(g.ny) || math.IsNaN(fx0+fy0+fx1+fy1) {
		return 0, 0, 0, 0, false
	}
	i0 = int(math.Max(fx0, 0))
	j0 = int(math.Max(fy0, 0))
	i1 = int(math.Min(fx1, float64(g.nx-1)))
	j1 = int(math.Min(fy1, float64(g.ny-1)))
	return i0, i1, j0, j1, true
}

// within appends the stored positions (indexes into g.item) whose plane
// distance from (x, y) is at most r.
func (g *grid) within(x, y, r float64, out []int32) []int32 {
	i0, i1, j0, j1, ok := g.span(x, y, r)
	if !ok {
		return out
	}
	r2 := r * r
	for j := j0; j <= j1; j++ {
		row := j * g.nx
		for k := g.start[row+i0]; k < g.start[row+i1+1]; k++ {
			dx, dy := g.xy[k][0]-x, g.xy[k][1]-y
			if dx*dx+dy*dy <= r2 {
				out = append(out, k)
			}
		}
	}
	return out
}

// withinEach appends the stored positions (indexes into g.item) within
// the square of half side r around (x, y) whose squared plane distance
// from it is at most their own lim2: each point's reach, read in the
// grid's order instead of from its item.
func (g *grid) withinEach(x, y, r float64, lim2 []float64, out []int32) []int32 {
	i0, i1, j0, j1, ok := g.span(x, y, r)
	if !ok {
		return out
	}
	for j := j0; j <= j1; j++ {
		row := j * g.nx
		for k := g.start[row+i0]; k < g.start[row+i1+1]; k++ {
			dx, dy := g.xy[k][0]-x, g.xy[k][1]-y
			if dx*dx+dy*dy <= lim2[k] {
				out = append(out, k)
			}
		}
	}
	return out
}

// nearestPlaneM is the smallest plane distance from (x, y) to any stored
// point, found by scanning rings of cells outwards; +Inf when empty.
func (g *grid) nearestPlaneM(x, y float64) float64 {
	if len(g.item) == 0 {
		return math.Inf(1)
	}
	cx := math.Floor((x - g.minX) / g.cellM)
	cy := math.Floor((y - g.minY) / g.cellM)
	// Rings needed before the first one that overlaps the grid.
	skip := math.Max(math.Max(-cx, cx-float64(g.nx-1)), math.Max(-cy, cy-float64(g.ny-1)))
	r0 := 0
	if skip > 0 {
		r0 = int(skip)
	}
	maxR := r0 + g.nx + g.ny
	best2 := math.Inf(1)
	for r := r0; r <= maxR; r++ {
		// Every cell of ring r is at least (r-1)·cell away.
		if lim := float64(r-1) * g.cellM; lim > 0 && lim*lim > best2 {
			break
		}
		icx, icy := int(cx), int(cy)
		for j := max(icy-r, 0); j <= min(icy+r, g.ny-1); j++ {
			edge := j == icy-r || j == icy+r
			for i := max(icx-r, 0); i <= min(icx+r, g.nx-1); i++ {
				if !edge && i != icx-r && i != icx+r {
					// Inside the ring: jump to its east side.
					if icx+r > i && icx+r <= g.nx-1 {
						i = icx + r - 1
						continue
					}
					break
				}
				c := j*g.nx + i
				for k := g.start[c]; k < g.start[c+1]; k++ {
					dx, dy := g.xy[k][0]-x, g.xy[k][1]-y
					if d2 := dx*dx + dy*dy; d2 < best2 {
						best2 = d2
					}
				}
			}
		}
	}
	return math.Sqrt(best2)
}

// planeError returns k >= 1 such that, for two points of the given
// latitude band, geodesic/k <= plane <= geodesic·k on plane l. The
// equirectangular plane keeps its origin's scale; elsewhere the east-west
// scale changes with the parallel's radius and the north-south one with
// the meridian's, and both ratios are bounded at the band's edges (or on
// the equator when the band crosses it). The 0.1 % added covers the
// curvature terms, which earth's tests measure below 0.05 % within 100 km.
func planeError(l earth.Local, latMin, latMax float64) float64 {
	mx0, my0 := l.MetresPerDegree()
	k := 1.0
	lats := []float64{latMin, latMax}
	if latMin < 0 && latMax > 0 {
		lats = append(lats, 0)
	}
	for _, lat := range lats {
		lat = math.Max(math.Min(lat, 89), -89)
		mx, my := earth.NewLocal(orb.Point{l.Origin[0], lat}).MetresPerDegree()
		for _, r := range []float64{mx / mx0, my / my0} {
			k = math.Max(k, math.Max(r, 1/r))
		}
	}
	return k * 1.001
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
