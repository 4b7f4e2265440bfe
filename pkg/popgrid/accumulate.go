package popgrid

import (
	"errors"
	"fmt"
	"math"
	"runtime"

	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/paulmach/orb"
)

// chunkRows is the height of the chunks of rows a band is cut into, the
// unit of parallel work. Chunks are aligned on the file's rows, so the
// sums are made in an order that depends neither on the number of
// goroutines nor, when bands end on multiples of chunkRows (tiles of 256
// or 512 rows), on the band size.
const chunkRows = 64

// maxSweepBytes bounds the buffers of the goroutines that sum a band
// (each holds a chunk of Within coverage in float32 and, for a polygon as
// wide as the window, a chunk of float64 areas): a window 60,000 cells
// wide is summed by at most 5 goroutines however many cores there are.
const maxSweepBytes = 256 << 20

// Accumulator computes what Zonal and Demand compute over a window
// that is read band by band (raster.PopRaster.ReadBands), holding no
// more than one band: zonal sums are additive over cells, and a demand
// cell's people and population-weighted coordinates are sums too,
// finished into a point once the rows of the demand cell have all been
// seen. Bands must be added from the north, each starting where the
// previous one ended, until the frame's rows are all added.
type Accumulator struct {
	frame  raster.PopGrid // Data is nil
	units  []unit         // the targets, then the Within polygons not among them
	nZonal int
	demand bool
	minPop float64

	// chunk c (of the frame) holds units chunkUnits[chunkOff[c]:chunkOff[c+1]]
	chunk0     int // the file's chunk of the frame's first row
	chunkOff   []int32
	chunkUnits []int32

	zones []zoneTerm // per target: the sums so far

	plane     demandPlane
	open      []demandAcc // the demand row being summed, by column
	openIY    int64
	openLo    int
	openHi    int // columns openLo…openHi−1 may hold people
	points    []DemandPoint
	next      int // frame row the next band starts at
	finished  bool
	sws       []*sweeper
	results   []chunkResult
	withinAny bool
}

// unit is one polygon to sweep: a target (zonal ≥ 0), a Within polygon
// of the demand, or both, with its edges bucketed by chunk.
type unit struct {
	shape
	zonal   int
	within  bool
	c0      int     // first chunk (of the frame) the shape spans
	edgeOff []int32 // edges of chunk c0+k: edges[edgeOff[k]:edgeOff[k+1]]
	edges   []edgeRef
}

// zoneTerm is a target's sums over some cells.
type zoneTerm struct {
	i                    int
	pop, covered, noData float64
}

// demandAcc is a demand cell's sums: people, and people × x and × y in
// the metric plane.
type demandAcc struct {
	pop, x, y float64
	n         int
}

// demandCell is a demand cell's sums over some rows.
type demandCell struct {
	iy int64
	ix int32
	demandAcc
}

// demandChunk is one goroutine's demand row.
type demandChunk struct {
	row    []demandAcc
	lo, hi int
}

// chunkResult is what the rows of one chunk of a band add.
type chunkResult struct {
	zones []zoneTerm
	cells []demandCell
}

// demandPlane is the metric plane of the demand cells.
type demandPlane struct {
	geographic bool
	lon0, cell float64
	ix0        int64
	nx         int
	colX       []float64 // x of each column's centres (geographic: on the equator)
}

// NewAccumulator prepares the sums over frame, the window to be read (a
// PopGrid whose Data is not used, as raster.PopRaster.Frame returns): the
// zonal sums of targets (as Zonal) and, when demand is not nil, the
// demand points (as Demand). When demand.Within is the targets slice
// itself, each polygon is swept once for both. A target or Within
// polygon that is not a polygon is an error naming its index.
func NewAccumulator(frame *raster.PopGrid, targets []orb.Geometry, demand *DemandOptions) (*Accumulator, error) {
	if frame == nil || frame.Width < 0 || frame.Height < 0 {
		return nil, errors.New("popgrid: no window")
	}
	if !(frame.CellX > 0 && frame.CellY > 0) || math.IsInf(frame.CellX, 0) || math.IsInf(frame.CellY, 0) {
		return nil, fmt.Errorf("popgrid: window cell size %g × %g is not positive", frame.CellX, frame.CellY)
	}
	a := &Accumulator{frame: *frame, nZonal: len(targets), demand: demand != nil}
	a.frame.Data = nil
	var within []orb.Geometry
	shared := false
	if demand != nil {
		cell := demand.CellM
		if cell == 0 {
			cell = 250
		}
		if !(cell > 0) || math.IsInf(cell, 0) {
			return nil, fmt.Errorf("popgrid: demand cell of %g m", demand.CellM)
		}
		a.minPop = demand.MinPopulation
		a.plane = newDemandPlane(&a.frame, cell)
		within = demand.Within
		shared = len(within) > 0 && len(within) == len(targets) && &within[0] == &targets[0]
		if shared {
			within = nil
		}
		a.withinAny = len(demand.Within) > 0
	}
	perWorker := chunkRows * (a.frame.Width + 1) * (4 + 8)
	a.sws = make([]*sweeper, max(1, min(runtime.GOMAXPROCS(0), maxSweepBytes/perWorker)))
	for i := range a.sws {
		a.sws[i] = &sweeper{}
	}
	a.units = make([]unit, len(targets)+len(within))
	errs := make([]error, len(a.units))
	parallel(len(a.units), 16, a.sws, func(_ *sweeper, i int) {
		g, u := targets, &a.units[i]
		u.zonal, u.within = i, shared
		if i >= len(targets) {
			g, u.zonal, u.within = within, -1, true
			i -= len(targets)
		}
		s, err := toGrid(&a.frame, g[i])
		if err != nil {
			if u.zonal >= 0 {
				errs[u.zonal] = fmt.Errorf("popgrid: target %d: %w", i, err)
			} else {
				errs[len(targets)+i] = fmt.Errorf("popgrid: demand polygon %d: %w", i, err)
			}
			return
		}
		u.shape = s
		a.bucketEdges(u)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	a.indexChunks()
	a.zones = make([]zoneTerm, len(targets))
	a.openIY = math.MinInt64
	return a, nil
}

// chunkSpan is the chunks of the frame that hold the rows [r0, r1).
func (a *Accumulator) chunkSpan(r0, r1 int) (c0, c1 int) {
	first := a.frame.Row0 / chunkRows
	return (a.frame.Row0+r0)/chunkRows - first, (a.frame.Row0+r1-1)/chunkRows - first + 1
}

// rowSpan is the frame rows [r0, r1) between v0 and v1 (grid units).
func (a *Accumulator) rowSpan(v0, v1 float64) (r0, r1 int) {
	h := float64(a.frame.Height)
	return int(math.Max(0, math.Min(h, math.Floor(v0)))), int(math.Max(0, math.Min(h, math.Ceil(v1))))
}

// bucketEdges lists, for each chunk the shape spans, the edges that cross
// its rows, in ring order (so a chunk sums exactly as all edges would).
func (a *Accumulator) bucketEdges(u *unit) {
	r0, r1 := a.rowSpan(u.bound.Min[1], u.bound.Max[1])
	if len(u.rings) == 0 || r1 <= r0 || a.frame.Width == 0 {
		u.rings = nil
		return
	}
	c0, c1 := a.chunkSpan(r0, r1)
	u.c0 = c0
	u.edgeOff = make([]int32, c1-c0+1)
	span := func(p, q orb.Point) (int, int, bool) {
		if p[1] == q[1] {
			return 0, 0, false // horizontal edges enclose nothing
		}
		er0, er1 := a.rowSpan(math.Min(p[1], q[1]), math.Max(p[1], q[1]))
		er0, er1 = max(er0, r0), min(er1, r1)
		if er1 <= er0 {
			return 0, 0, false
		}
		e0, e1 := a.chunkSpan(er0, er1)
		return e0 - c0, e1 - c0, true
	}
	for _, rg := range u.rings {
		for i := 1; i < len(rg.pts); i++ {
			if k0, k1, ok := span(rg.pts[i-1], rg.pts[i]); ok {
				for k := k0; k < k1; k++ {
					u.edgeOff[k+1]++
				}
			}
		}
	}
	for k := 1; k < len(u.edgeOff); k++ {
		u.edgeOff[k] += u.edgeOff[k-1]
	}
	u.edges = make([]edgeRef, u.edgeOff[len(u.edgeOff)-1])
	fill := append([]int32(nil), u.edgeOff[:len(u.edgeOff)-1]...)
	for ri, rg := range u.rings {
		for i := 1; i < len(rg.pts); i++ {
			if k0, k1, ok := span(rg.pts[i-1], rg.pts[i]); ok {
				for k := k0; k < k1; k++ {
					u.edges[fill[k]] = edgeRef{int32(ri), int32(i)}
					fill[k]++
				}
			}
		}
	}
}

// indexChunks lists the units of each chunk in unit order, so that the
// Within coverage of a cell is summed in the order of the polygons.
func (a *Accumulator) indexChunks() {
	if a.frame.Height == 0 {
		return
	}
	_, n := a.chunkSpan(0, a.frame.Height)
	a.chunkOff = make([]int32, n+1)
	for i := range a.units {
		u := &a.units[i]
		for k := 0; k+1 < len(u.edgeOff); k++ {
			a.chunkOff[u.c0+k+1]++
		}
	}
	for c := 1; c <= n; c++ {
		a.chunkOff[c] += a.chunkOff[c-1]
	}
	a.chunkUnits = make([]int32, a.chunkOff[n])
	fill := append([]int32(nil), a.chunkOff[:n]...)
	for i := range a.units {
		u := &a.units[i]
		for k := 0; k+1 < len(u.edgeOff); k++ {
			a.chunkUnits[fill[u.c0+k]] = int32(i)
			fill[u.c0+k]++
		}
	}
}

// AddBand adds the next band of rows: a PopGrid of the frame's columns
// whose first row is the frame row after the last band added (Row0
// counts from the file, as raster.PopRaster.ReadBands sets it). The band
// is not kept.
func (a *Accumulator) AddBand(band *raster.PopGrid) error {
	f := &a.frame
	if band == nil || band.Width != f.Width || band.Col0 != f.Col0 || band.Height < 0 || len(band.Data) != band.Width*band.Height {
		return errors.New("popgrid: band is not of the window's columns or has the wrong number of values")
	}
	ra := band.Row0 - f.Row0
	rb := ra + band.Height
	if a.finished || ra != a.next || rb > f.Height {
		return fmt.Errorf("popgrid: band of rows %d…%d does not follow row %d of the %d-row window", ra, rb-1, a.next, f.Height)
	}
	if band.Height == 0 || f.Width == 0 {
		a.next = rb
		return nil
	}
	// The chunk pieces of the band, summed in parallel and merged in
	// order.
	c0, c1 := a.chunkSpan(ra, rb)
	n := c1 - c0
	for len(a.results) < n {
		a.results = append(a.results, chunkResult{})
	}
	first := f.Row0 / chunkRows
	parallel(n, 1, a.sws, func(sw *sweeper, k int) {
		c := c0 + k
		pa := max(ra, (first+c)*chunkRows-f.Row0)
		pb := min(rb, (first+c+1)*chunkRows-f.Row0)
		a.sumChunk(sw, band, c, pa, pb, &a.results[k])
	})
	for k := 0; k < n; k++ {
		a.merge(&a.results[k])
	}
	a.next = rb
	return nil
}

// sumChunk sums the rows [ra, rb) of chunk c (frame rows) into res.
func (a *Accumulator) sumChunk(sw *sweeper, band *raster.PopGrid, c, ra, rb int, res *chunkResult) {
	w := a.frame.Width
	base := band.Row0 - a.frame.Row0
	res.zones, res.cells = res.zones[:0], res.cells[:0]
	var mask []float32
	if a.demand && a.withinAny {
		if cap(sw.mask) < (rb-ra)*w {
			sw.mask = make([]float32, chunkRows*w)
		}
		mask = sw.mask[:(rb-ra)*w]
		clear(mask)
	}
	for _, ui := range a.chunkUnits[a.chunkOff[c]:a.chunkOff[c+1]] {
		u := &a.units[ui]
		refs := u.edges[u.edgeOff[c-u.c0]:u.edgeOff[c-u.c0+1]]
		zonal, within := u.zonal >= 0, u.within && mask != nil
		z := zoneTerm{i: u.zonal}
		sw.coverRows(&u.shape, w, ra, rb, refs, func(row, c0 int, fracs []float64) {
			data := band.Data[(row-base)*w+c0:]
			data = data[:len(fracs)]
			var m []float32
			if within {
				m = mask[(row-ra)*w+c0:]
				m = m[:len(fracs)]
			}
			for k, f := range fracs {
				if !(f > 0) {
					continue
				}
				if zonal {
					z.covered += f
					if v := data[k]; v != v {
						z.noData += f
					} else {
						z.pop += f * float64(v)
					}
				}
				if within {
					m[k] = float32(math.Min(1, float64(m[k])+f))
				}
			}
		})
		if zonal {
			res.zones = append(res.zones, z)
		}
	}
	if a.demand {
		a.demandRows(sw, band, ra, rb, mask, res)
	}
}

// merge adds a chunk's sums, chunks in order from the north.
func (a *Accumulator) merge(res *chunkResult) {
	for _, t := range res.zones {
		z := &a.zones[t.i]
		z.pop += t.pop
		z.covered += t.covered
		z.noData += t.noData
	}
	for _, c := range res.cells {
		if c.iy != a.openIY {
			a.flush()
			a.openIY = c.iy
		}
		if a.open == nil {
			a.open = make([]demandAcc, a.plane.nx)
			a.openLo = a.plane.nx
		}
		o := &a.open[c.ix]
		o.pop += c.pop
		o.x += c.x
		o.y += c.y
		o.n += c.n
		a.openLo, a.openHi = min(a.openLo, int(c.ix)), max(a.openHi, int(c.ix)+1)
	}
}

// Zones is Zonal's result once every band is added.
func (a *Accumulator) Zones() ([]Zone, Summary, error) {
	if a.next != a.frame.Height {
		return nil, Summary{}, fmt.Errorf("popgrid: %d of the window's %d rows added", a.next, a.frame.Height)
	}
	zones := make([]Zone, a.nZonal)
	var sum Summary
	var area, outside, nodata float64
	for i := range zones {
		t, u := a.zones[i], &a.units[i]
		z := Zone{Population: t.pop, AreaCells: u.area, OutsideCells: math.Max(0, u.area-t.covered), NoDataCells: t.noData}
		zones[i] = z
		sum.Population += z.Population
		area += z.AreaCells
		outside += z.OutsideCells
		nodata += z.NoDataCells
	}
	sum.OutsideShare, sum.NoDataShare = share(outside, area), share(nodata, area)
	return zones, sum, nil
}

// DemandPoints is Demand's result once every band is added (nil when the
// accumulator was made without demand options).
func (a *Accumulator) DemandPoints() ([]DemandPoint, error) {
	if a.next != a.frame.Height {
		return nil, fmt.Errorf("popgrid: %d of the window's %d rows added", a.next, a.frame.Height)
	}
	if !a.finished {
		a.flush()
		a.finished = true
	}
	return a.points, nil
}
