package coverage

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage/itm"
	"github.com/kukarcli/kukarcli/pkg/earth"
)

// RasterSpec is a lon/lat grid: cell (i, j) has its centre at
// (WestDeg + (i+½)·CellDeg, NorthDeg − (Row0+j+½)·CellDeg); rows run from
// the north.
type RasterSpec struct {
	WestDeg, NorthDeg, CellDeg float64
	Width, Height              int
	// Row0 makes the grid rows Row0 … Row0+Height−1 of a taller grid
	// whose top edge is NorthDeg (a shard of a raster): every cell has
	// the centre, and so the value, it has in the whole grid.
	Row0 int
}

// northRow is the latitude of the top edge of row j.
func (spec RasterSpec) northRow(j int) float64 {
	return spec.NorthDeg - float64(spec.Row0+j)*spec.CellDeg
}

// Elevation is a DEM as the raster sweep reads it.
type Elevation interface {
	ElevationM(lon, lat float64) (float64, error)
}

// maxRasterCells bounds a raster (a 2 GB float32 grid is never meant).
const maxRasterCells = 1 << 28

// BestServerRaster computes the best-server received power (dBm) of every
// cell: the strongest signal of any site within sweepM of it, NaN where
// none reaches. The distance models evaluate every cell of a site's disc
// directly. The terrain models sweep radials from each site to sweepM, as
// SPLAT! and Signal-Server do: the profile along a radial is read once,
// and the loss to each point on it uses that profile's prefix, so profile
// work is shared. With p.Terrain set, each site's sweep is Evaluate's
// (720 radials, nodes every DEM sample nearest 180 m, its reach capped at
// sweepM) and a cell takes the power interpolated at its centre, as a
// point target would, or its own profile's near the site and near the
// threshold at a shadow's edge (see doc.go for the accuracy); without it
// the sweep reads elev itself, one radial a cell apart at the edge and a
// point a cell apart along each.
// Sites run in parallel; cells take the maximum, so the result does not
// depend on the order. elev may be nil for the distance models.
func BestServerRaster(sites []Site, spec RasterSpec, p Params, elev Elevation, sweepM float64) ([]float32, []Warning, error) {
	w := warnCounter{}
	if p.Model.terrain() && p.Terrain == nil && elev != nil {
		p.Terrain = noProfiles{} // the sweep reads elev itself
	}
	if err := p.normalise(w); err != nil {
		return nil, nil, err
	}
	if p.Model == ModelRadius {
		return nil, nil, fmt.Errorf("coverage: a signal raster needs a path-loss model (fspl, hata, cost231, itm, los-ked), not radius: %w", ErrBadParams)
	}
	if p.Model.terrain() && elev == nil {
		return nil, nil, fmt.Errorf("coverage: model %q needs a DEM for the raster: %w", p.Model, ErrBadParams)
	}
	if spec.Width <= 0 || spec.Height <= 0 || !(spec.CellDeg > 0) || spec.Width*spec.Height > maxRasterCells {
		return nil, nil, fmt.Errorf("coverage: raster %d×%d cells of %v° is not usable: %w", spec.Width, spec.Height, spec.CellDeg, ErrBadParams)
	}
	if !(sweepM > 0) {
		return nil, nil, fmt.Errorf("coverage: sweep radius %v m: %w", sweepM, ErrBadParams)
	}
	var b bbox
	b.add(orb.Point{spec.WestDeg, spec.northRow(0)})
	b.add(orb.Point{spec.WestDeg + float64(spec.Width)*spec.CellDeg, spec.northRow(spec.Height)})
	e, err := newEngine(append([]Site(nil), sites...), p, w, b)
	if err != nil {
		return nil, nil, err
	}
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if _, none := e.p.Terrain.(noProfiles); p.Model.terrain() && !none {
		if clutter, ok := e.clutter(); ok {
			out, err := e.rasterFromSweeps(spec, sweepM, clutter, workers)
			if err != nil {
				return nil, nil, err
			}
			return out, w.list(), nil
		}
	}
	// Jobs are (site, slice of radials) for the terrain models and whole
	// sites for the distance models, so one site's sweep also uses every
	// core; each worker keeps its own grid and the grids are merged by
	// maximum, which does not depend on the schedule.
	type job struct{ site, a0, a1 int }
	var jobs []job
	for si := range e.sites {
		s := &e.sites[si]
		if !s.covers || math.Min(sweepM, s.reachM) <= 0 {
			continue
		}
		if !p.Model.terrain() {
			jobs = append(jobs, job{si, 0, 0})
			continue
		}
		n := e.radials(s, spec, math.Min(sweepM, s.reachM))
		for a := 0; a < n; a += 64 {
			jobs = append(jobs, job{si, a, min(a+64, n)})
		}
	}
	grids := make([][]float32, workers)
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for k := 0; k < workers; k++ {
		grids[k] = make([]float32, spec.Width*spec.Height)
		for i := range grids[k] {
			grids[k][i] = float32(math.NaN())
		}
		wg.Add(1)
		go func(g []float32) {
			defer wg.Done()
			for ji := range next {
				jb := jobs[ji]
				s := &e.sites[jb.site]
				r := math.Min(sweepM, s.reachM)
				if p.Model.terrain() {
					errs[ji] = e.sweepTerrain(s, spec, elev, r, jb.a0, jb.a1, g)
				} else {
					e.sweepDistance(s, spec, r, g)
				}
				if p.Progress != nil {
					p.Progress(1)
				}
			}
		}(grids[k])
	}
	for ji := range jobs {
		next <- ji
	}
	close(next)
	wg.Wait()
	for ji, err := range errs {
		if err != nil {
			si := jobs[ji].site
			return nil, nil, fmt.Errorf("coverage: site %d (id %q): %w", si, e.sites[si].id, err)
		}
	}
	out := grids[0]
	for _, g := range grids[1:] {
		for i, v := range g {
			if !(out[i] >= v) && !math.IsNaN(float64(v)) {
				out[i] = v
			}
		}
	}
	if p.Model.terrain() {
		fillGaps(out, spec)
	}
	return out, w.list(), nil
}

// rasterFromSweeps is BestServerRaster for the terrain models over
// Params.Terrain: each site's sweep (as Evaluate's, its reach capped at
// sweepM and its terrain read to sweepM at once), its cells filled by
// interpolation between the radials and nodes around them, the cells
// nearer the site than sweepNearM or next to a node that could not be
// judged over their own profile. Sites run in parallel, each worker
// filling its own grid; with fewer sites than workers a site's radials
// are shared out instead. Grids merge by maximum, so the result does not
// depend on the workers.
func (e *engine) rasterFromSweeps(spec RasterSpec, sweepM, clutter float64, workers int) ([]float32, error) {
	var todo []int
	for si := range e.sites {
		if s := &e.sites[si]; s.covers && math.Min(sweepM, s.reachM) > 0 {
			todo = append(todo, si)
		}
	}
	perSite := max(1, workers/max(1, len(todo)))
	workers = max(1, min(workers, len(todo)))
	grids := make([][]float32, workers)
	errs := make([]error, len(e.sites))
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range grids {
		g := make([]float32, spec.Width*spec.Height)
		for i := range g {
			g[i] = float32(math.NaN())
		}
		grids[k] = g
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				t := int(next.Add(1) - 1)
				if t >= len(todo) {
					return
				}
				si := todo[t]
				s := e.sites[si] // a copy: the sweep's reach is the raster's
				s.reachM = math.Min(sweepM, s.reachM)
				sw := e.siteSweep(&s, clutter, s.reachM, perSite)
				errs[si] = e.sweepCells(&s, sw, spec, g)
				if e.p.Progress != nil {
					e.p.Progress(1)
				}
			}
		}()
	}
	wg.Wait()
	for si, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("coverage: site %d (id %q): %w", si, e.sites[si].id, err)
		}
	}
	out := grids[0]
	for _, g := range grids[1:] {
		for i, v := range g {
			if !(out[i] >= v) && !math.IsNaN(float64(v)) {
				out[i] = v
			}
		}
	}
	return out, nil
}

// sweepCells puts site s's power from its sweep into the cells whose
// centres lie within its reach, their distance and azimuth the
// mid-latitude ones (midLat): a cell needs no iterative geodesic.
func (e *engine) sweepCells(s *prepSite, sw *sweep, spec RasterSpec, g []float32) error {
	r := math.Min(s.reachM, sw.reachM)
	if !(r > 0) {
		return nil
	}
	_, my := earth.NewLocal(s.pos).MetresPerDegree()
	dLat := r/my + spec.CellDeg
	poleward := math.Min(math.Abs(s.pos[1])+dLat, 89.9)
	mxPole, _ := earth.NewLocal(orb.Point{s.pos[0], poleward}).MetresPerDegree()
	dLon := r/mxPole + spec.CellDeg
	i0 := max(int(math.Floor((s.pos[0]-dLon-spec.WestDeg)/spec.CellDeg)), 0)
	i1 := min(int(math.Ceil((s.pos[0]+dLon-spec.WestDeg)/spec.CellDeg)), spec.Width-1)
	j0 := max(int(math.Floor((spec.NorthDeg-s.pos[1]-dLat)/spec.CellDeg))-spec.Row0, 0)
	j1 := min(int(math.Ceil((spec.NorthDeg-s.pos[1]+dLat)/spec.CellDeg))-spec.Row0, spec.Height-1)
	for j := j0; j <= j1; j++ {
		lat := spec.NorthDeg - (float64(spec.Row0+j)+0.5)*spec.CellDeg
		ml := newMidLat(s.pos, lat)
		for i := i0; i <= i1; i++ {
			lon := spec.WestDeg + (float64(i)+0.5)*spec.CellDeg
			az, d := ml.bearing(lon)
			if d > r {
				continue
			}
			pat := 0.0
			if !s.omni {
				pat = PatternLossDB(offAxisDeg(az, s.az), s.bw)
			}
			tl, how, spread := sw.linkSpread(s, az, d)
			if rx := s.eirp - tl.lossDB - pat; how == sweepValue && spread > rasterSpreadDB && math.Abs(rx-s.thr) < rasterEdgeDB {
				how = sweepExact // a shadow's edge between the radials, near the threshold
			}
			switch how {
			case sweepOut:
				continue
			case sweepExact:
				var err error
				if tl, err = e.cellLoss(s, orb.Point{lon, lat}, d); err != nil {
					return err
				}
			}
			putMax(g, j*spec.Width+i, s.eirp-tl.lossDB-pat)
		}
	}
	return nil
}

// midLat gives the distance and initial azimuth from a site to points of
// one latitude by the mid-latitude formulas: the plane of the radii of
// curvature at the mean latitude, and the azimuth less half the
// convergence of the meridians between the two points. Inside 30 km of
// the equator they are within a metre and a hundredth of a degree of the
// geodesic, with no iteration.
type midLat struct {
	from   orb.Point
	mx, dy float64
	conv   float64 // half the meridians' convergence per degree of longitude (degrees)
}

func newMidLat(from orb.Point, lat float64) midLat {
	latM := 0.5 * (lat + from[1])
	mx, my := earth.NewLocal(orb.Point{from[0], latM}).MetresPerDegree()
	return midLat{from: from, mx: mx, dy: (lat - from[1]) * my, conv: 0.5 * math.Sin(latM*math.Pi/180)}
}

// bearing is the azimuth (degrees) and distance (m) to longitude lon.
func (m midLat) bearing(lon float64) (azDeg, distM float64) {
	dLon := lon - m.from[0]
	dx := dLon * m.mx
	return math.Atan2(dx, m.dy)*180/math.Pi - dLon*m.conv, math.Hypot(dx, m.dy)
}

// cellLoss judges the cell centre pt, d from site s, over its own
// profile; the site's own cell sees free space.
func (e *engine) cellLoss(s *prepSite, pt orb.Point, d float64) (terrainLink, error) {
	if d < 1 {
		return terrainLink{lossDB: FreeSpaceLossDB(math.Max(1, math.Abs(s.heightM-e.p.RxHeightM)), s.freqMHz)}, nil
	}
	return e.terrainLoss(s, pt)
}

// A cell whose two radials differ by more than rasterSpreadDB at its
// distance (a shadow's edge may pass between them) and whose interpolated
// power lies within rasterEdgeDB of the threshold is judged on its own
// profile: about a tenth more CPU on the terrain benchmark's 200-site
// raster, a third fewer verdicts changed (doc.go).
const (
	rasterSpreadDB = 1
	rasterEdgeDB   = 6
)

// noProfiles satisfies the terrain check of normalise for the sweep,
// which reads elevations itself.
type noProfiles struct{}

func (noProfiles) Profile(a, b orb.Point) ([]float64, float64, error) {
	return nil, 0, fmt.Errorf("coverage: no profiles in a raster sweep")
}

func (spec RasterSpec) cellOf(pt orb.Point) (int, bool) {
	i := int(math.Floor((pt[0] - spec.WestDeg) / spec.CellDeg))
	j := int(math.Floor((spec.NorthDeg-pt[1])/spec.CellDeg)) - spec.Row0
	if i < 0 || j < 0 || i >= spec.Width || j >= spec.Height {
		return 0, false
	}
	return j*spec.Width + i, true
}

func putMax(g []float32, k int, v float64) {
	if f := float32(v); !(g[k] >= f) {
		g[k] = f
	}
}

func (e *engine) sweepDistance(s *prepSite, spec RasterSpec, r float64, g []float32) {
	loc := earth.NewLocal(s.pos)
	mx, my := loc.MetresPerDegree()
	dLon, dLat := r/mx, r/my
	i0 := int(math.Floor((s.pos[0] - dLon - spec.WestDeg) / spec.CellDeg))
	i1 := int(math.Ceil((s.pos[0] + dLon - spec.WestDeg) / spec.CellDeg))
	j0 := int(math.Floor((spec.NorthDeg-s.pos[1]-dLat)/spec.CellDeg)) - spec.Row0
	j1 := int(math.Ceil((spec.NorthDeg-s.pos[1]+dLat)/spec.CellDeg)) - spec.Row0
	for j := max(j0, 0); j <= min(j1, spec.Height-1); j++ {
		for i := max(i0, 0); i <= min(i1, spec.Width-1); i++ {
			pt := orb.Point{spec.WestDeg + (float64(i)+0.5)*spec.CellDeg, spec.NorthDeg - (float64(spec.Row0+j)+0.5)*spec.CellDeg}
			az, d := s.bearingDeg(pt)
			if d > r {
				continue
			}
			pat := 0.0
			if !s.omni {
				pat = PatternLossDB(offAxisDeg(az, s.az), s.bw)
			}
			putMax(g, j*spec.Width+i, s.eirp-s.lm.lossDB(d)-pat)
		}
	}
}

// radials is the number of radials a site's sweep uses: adjacent ones one
// cell apart at the sweep's edge (closer everywhere inside); the cells a
// sweep still misses are filled from their neighbours (fillGaps).
func (e *engine) radials(s *prepSite, spec RasterSpec, r float64) int {
	return int(math.Ceil(2 * math.Pi * r / cellSideM(s.pos, spec, r)))
}

// cellSideM is the smaller side in metres of the raster's cells within r
// of pos. A cell is CellDeg on both axes, so away from the equator it is
// narrower east–west than north–south, and narrowest on the sweep's
// poleward edge: the radials and the points along them are spaced by that
// side, so that no cell within the sweep is stepped over.
func cellSideM(pos orb.Point, spec RasterSpec, r float64) float64 {
	_, my := earth.NewLocal(pos).MetresPerDegree()
	poleward := math.Min(math.Abs(pos[1])+r/my, 89.9)
	mx, _ := earth.NewLocal(orb.Point{pos[0], poleward}).MetresPerDegree()
	return spec.CellDeg * math.Min(mx, my)
}

// fillGaps gives an empty cell the mean of its non-empty edge neighbours
// when at least three of the four have a value: the cells that radials
// one cell apart step over, never the edge of a sweep or a shadow.
func fillGaps(g []float32, spec RasterSpec) {
	src := append([]float32(nil), g...)
	w, h := spec.Width, spec.Height
	for j := 0; j < h; j++ {
		for i := 0; i < w; i++ {
			k := j*w + i
			if !math.IsNaN(float64(src[k])) {
				continue
			}
			sum, n := 0.0, 0
			for _, d := range [4][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
				ii, jj := i+d[0], j+d[1]
				if ii < 0 || jj < 0 || ii >= w || jj >= h {
					continue
				}
				if v := src[jj*w+ii]; !math.IsNaN(float64(v)) {
					sum += float64(v)
					n++
				}
			}
			if n >= 3 {
				g[k] = float32(sum / float64(n))
			}
		}
	}
}

// sweepTerrain sweeps radials a0..a1 of a site: points one cell apart
// along each, the profile read once and each point judged over its
// prefix.
func (e *engine) sweepTerrain(s *prepSite, spec RasterSpec, elev Elevation, r float64, a0, a1 int, g []float32) error {
	step := cellSideM(s.pos, spec, r)
	nMax := int(math.Ceil(r / step))
	radials := e.radials(s, spec, r)
	prof := make([]float64, nMax+1)
	z0, err := elev.ElevationM(s.pos[0], s.pos[1])
	if err != nil {
		return err
	}
	prof[0] = z0
	ip := e.p.ITM
	ip.TxHeightM, ip.RxHeightM, ip.FreqMHz = s.heightM, e.p.RxHeightM, s.freqMHz
	for a := a0; a < a1; a++ {
		// a radial is a geodesic leaving the site at azimuth thDeg, so the
		// antenna pattern sees the true bearing at every latitude
		thDeg := 360 * float64(a) / float64(radials)
		line := earth.NewGeodesicLine(s.pos, thDeg)
		pat := 0.0
		if !s.omni {
			pat = PatternLossDB(offAxisDeg(thDeg, s.az), s.bw)
		}
		weak, weakStop := 0, int(math.Ceil(weakStopM/step))
		for k := 1; k <= nMax; k++ {
			if weak >= weakStop {
				break
			}
			d := float64(k) * step
			pt := line.At(d)
			cell, inside := spec.cellOf(pt)
			z, err := elev.ElevationM(pt[0], pt[1])
			if err != nil {
				if !inside {
					break // the radial leaves both the raster and the DEM
				}
				return err
			}
			prof[k] = z
			if !inside {
				continue
			}
			var loss float64
			switch {
			case k < 2:
				loss = FreeSpaceLossDB(math.Hypot(d, s.heightM-e.p.RxHeightM), s.freqMHz)
			case e.p.Model == ModelITM:
				res, err := itm.P2P(prof[:k+1], step, ip)
				if err != nil {
					continue // outside ITM's validity: leave the cell to other sites
				}
				loss = res.LossDB
			default:
				cl, err := itm.PathClearance(prof[:k+1], step, s.heightM, e.p.RxHeightM, s.freqMHz, kFactor)
				if err != nil {
					continue
				}
				ked, err := kedLossDB(prof[:k+1], step, s.heightM, e.p.RxHeightM, s.freqMHz, cl)
				if err != nil {
					continue
				}
				loss = FreeSpaceLossDB(d, s.freqMHz) + ked
			}
			rx := s.eirp - loss - pat
			if rx < s.thr-weakMarginDB {
				weak++
			} else {
				weak = 0
			}
			putMax(g, cell, rx)
		}
	}
	return nil
}
