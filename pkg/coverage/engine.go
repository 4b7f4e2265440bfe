package coverage

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/kukarcli/kukarcli/pkg/coverage/itm"
	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// Defaults of Params fields left zero.
const (
	DefaultRxHeightM  = 1.5
	DefaultSampleM    = 250
	DefaultMinShare   = 0.5
	DefaultMaxReachM  = 100000
	DefaultEnv        = EnvSuburban
	maxSamplesPerItem = 200000
)

// Params are the model settings of one run. Zero fields take the
// documented defaults.
type Params struct {
	Model       Model       // default radius
	Environment Environment // Hata land use; default suburban
	LargeCity   bool        // Hata's large-city correction (urban only)
	// ThresholdDBm overrides every technology's threshold when non-nil.
	ThresholdDBm *float64
	RxHeightM    float64 // receiver height; default 1.5 m
	SampleM      float64 // polygon grid and line step; default 250 m
	// MinShare is the covered share from which a polygon or line counts
	// as covered; default 0.5 (use a tiny positive value for "any").
	MinShare float64
	// MaxReachM caps any site's reach; default 100 km.
	MaxReachM float64
	Workers   int // parallel workers; 0 means GOMAXPROCS
	// Progress, when set, is told how many more units of work (targets
	// in Evaluate, reported in proportion to the sites done when they are
	// judged site by site; site sweeps in BestServerRaster) are done, from the
	// workers' goroutines: it must be safe for concurrent use. It never
	// changes a result.
	Progress func(done int)
	// PlaneBound, when not empty, joins the extent the engine fits its
	// local plane at (the sites' and the data's). A sharded run gives the
	// extent of all the targets (Extent), so each shard works in the
	// whole run's plane and judges its targets on the same sample points.
	PlaneBound orb.Bound
	// Table gives per-technology defaults and thresholds; nil means
	// DefaultTechTable().
	Table map[Tech]TechDefaults
	// Terrain gives the profile between a site and a point; the terrain
	// models (itm, los-ked) need it.
	Terrain Profiler
	// ITM holds the Longley-Rice climate, ground and variability inputs;
	// heights and frequency come from each site and RxHeightM. The zero
	// value means itm.DefaultsEquatorialKalimantan().
	ITM itm.Params
	// ExactTerrain judges every (point, site) pair of the terrain models
	// over its own profile. By default dense points are judged from
	// per-site radial sweeps instead, within a measured tolerance (see
	// "Radial sweeps" in the package documentation).
	ExactTerrain bool
	// SweepPoints, when set, are the sample points of every target of
	// the whole run, of which this call judges a part (a shard): a site
	// is then judged from its sweep when enough of these lie within its
	// reach, rather than enough of this call's, so that every shard
	// makes the choice the whole run makes (see "Radial sweeps").
	SweepPoints []orb.Point
	// SweepMarginDB: a point whose power looked up in a site's sweep lies
	// within this many dB of the threshold is judged on its own profile,
	// which bounds the verdicts the lookup can change; default
	// DefaultSweepMarginDB, negative for none.
	SweepMarginDB float64
}

// Target is one thing to judge: a settlement Point, a village
// (Multi)Polygon or a road (Multi)LineString.
type Target struct {
	Geometry   orb.Geometry
	Population float64 // NaN or 0 when unknown
}

// WeightedPoint is a settlement: a position and its population (weight).
type WeightedPoint struct {
	Pos    orb.Point
	Weight float64
}

// Result is the verdict on one target. For polygons and lines, BestSite,
// BestTech, SignalDBm and NSites describe the best sample (covered first,
// then strongest signal, then nearest site); DistanceM is the smallest
// nearest-site distance over all samples.
type Result struct {
	Covered   bool
	BestSite  string  // "" when no site covers (radius) or reaches (models)
	BestTech  Tech    // technology of BestSite
	DistanceM float64 // geodesic distance to the nearest site; NaN without sites
	SignalDBm float64 // received power from BestSite; NaN for radius or none
	NSites    int     // sites covering the (best) sample
	// ByTech says, per entry of Summary.Techs, whether that technology
	// alone covers the target (by the same MinShare rule).
	ByTech         []bool
	CoveredShare   float64 // 0..1; 1 or 0 for a point
	CoveredLengthM float64 // lines only
	LengthM        float64 // lines only
	Samples        int
	// Weighted is true when a polygon was sampled at the settlement
	// points inside it, weighted by their population.
	Weighted bool
	// Mode and ClearanceM describe the best link under the terrain models:
	// the propagation mode ("los", "diffraction", "troposcatter") and the
	// clearance of the direct ray above the terrain in metres (negative
	// when the terrain blocks it); "" and NaN otherwise.
	Mode       string
	ClearanceM float64
	// Problem is non-empty when the target could not be evaluated
	// (missing or invalid geometry); the other fields are then zero/NaN.
	Problem string
}

// Summary totals a run.
type Summary struct {
	Model       Model
	Environment Environment
	Techs       []Tech // technologies present among the sites, in canonical order
	Sites       int
	SitesByTech []int // aligned with Techs
	Targets     int
	Covered     int
	Skipped     int // targets with a Problem
	// CoveredByTech counts targets covered by each technology alone.
	CoveredByTech []int
	// Population sums the finite positive Target.Population values;
	// PopulationCovered those of covered targets.
	Population, PopulationCovered float64
	Samples                       int
	Warnings                      []Warning
}

// normalise fills defaults and rejects unusable parameters.
func (p *Params) normalise(w warnCounter) error {
	if p.Model == "" {
		p.Model = ModelRadius
	}
	if !p.Model.valid() {
		return fmt.Errorf("coverage: unknown model %q (want radius, fspl, hata or cost231): %w", p.Model, ErrBadParams)
	}
	if p.Model.terrain() {
		if p.Terrain == nil {
			return fmt.Errorf("coverage: model %q needs terrain (a DEM): %w", p.Model, ErrBadParams)
		}
		if p.ITM.Climate == 0 {
			p.ITM = itm.DefaultsEquatorialKalimantan()
		}
	}
	if p.Environment == "" {
		p.Environment = DefaultEnv
	}
	if !p.Environment.valid() {
		return fmt.Errorf("coverage: unknown environment %q (want open, suburban or urban): %w", p.Environment, ErrBadParams)
	}
	def := func(v *float64, d float64, name string, positive bool) error {
		if *v == 0 {
			*v = d
		}
		if !finite(*v) || (positive && *v <= 0) || *v < 0 {
			return fmt.Errorf("coverage: %s %v not usable: %w", name, *v, ErrBadParams)
		}
		return nil
	}
	for _, e := range []error{
		def(&p.RxHeightM, DefaultRxHeightM, "receiver height (m)", true),
		def(&p.SampleM, DefaultSampleM, "sample spacing (m)", true),
		def(&p.MinShare, DefaultMinShare, "minimum share", true),
		def(&p.MaxReachM, DefaultMaxReachM, "maximum reach (m)", true),
	} {
		if e != nil {
			return e
		}
	}
	if p.MinShare > 1 {
		return fmt.Errorf("coverage: minimum share %v above 1: %w", p.MinShare, ErrBadParams)
	}
	if p.ThresholdDBm != nil && !finite(*p.ThresholdDBm) {
		return fmt.Errorf("coverage: threshold %v dBm not usable: %w", *p.ThresholdDBm, ErrBadParams)
	}
	if p.Workers <= 0 {
		p.Workers = runtime.GOMAXPROCS(0)
	}
	if p.SweepMarginDB == 0 {
		p.SweepMarginDB = DefaultSweepMarginDB
	}
	if !(p.SweepMarginDB < math.Inf(1)) {
		return fmt.Errorf("coverage: sweep margin %v dB not usable: %w", p.SweepMarginDB, ErrBadParams)
	}
	if p.Table == nil {
		p.Table = DefaultTechTable()
	}
	if (p.Model == ModelHata || p.Model == ModelCOST231) &&
		(p.RxHeightM < hataMinRxHeightM || p.RxHeightM > hataMaxRxHeightM) {
		p.RxHeightM = math.Min(math.Max(p.RxHeightM, hataMinRxHeightM), hataMaxRxHeightM)
		w.add(WarnRxHeight, 1)
	}
	return nil
}

// prepSite is a site ready for the inner loop.
type prepSite struct {
	id      string
	idx     int
	pos     orb.Point
	cart    earth.Cart // pos prepared for earth.ShortDistanceM
	tech    uint8
	reachM  float64
	eirp    float64
	thr     float64
	lm      linkModel
	omni    bool
	az, bw  float64
	covers  bool // false when the site cannot cover anything
	techBit uint64
	heightM float64 // for the terrain models
	freqMHz float64
}

// engine holds what every worker shares, read-only.
type engine struct {
	p        Params
	loc      earth.Local
	k        float64 // plane/geodesic error factor, see planeError
	sites    []prepSite
	g        grid      // covering sites
	reach2   []float64 // (reach·k)² of each site in g, in g's order
	all      grid      // every site, for the nearest-site distance
	maxReach float64
	techs    []Tech

	// the clutter height of the Profiler, measured once (see clutter)
	clutterOnce sync.Once
	clutterM    float64
	clutterOK   bool
}

// newEngine validates and prepares the sites. bounds are the other data's
// extents so the plane can be fitted at the centre of everything.
func newEngine(sites []Site, p Params, w warnCounter, bounds bbox) (*engine, error) {
	e := &engine{p: p}
	techIdx := map[Tech]int{}
	for i := range sites {
		s := sites[i]
		s.ApplyDefaults(p.Table)
		if err := validateSite(i, &s, p.Model); err != nil {
			return nil, err
		}
		if _, ok := techIdx[s.Tech]; !ok {
			techIdx[s.Tech] = 0
			e.techs = append(e.techs, s.Tech)
		}
		sites[i] = s // callers pass a copy of the user's slice
		bounds.add(s.Pos)
	}
	if len(e.techs) > 64 {
		return nil, fmt.Errorf("coverage: %d technologies; at most 64 are supported: %w", len(e.techs), ErrBadParams)
	}
	sortTechs(e.techs)
	for i, t := range e.techs {
		techIdx[t] = i
	}
	if p.PlaneBound != (orb.Bound{}) {
		bounds.add(p.PlaneBound.Min)
		bounds.add(p.PlaneBound.Max)
	}
	if !bounds.ok {
		bounds.add(orb.Point{0, 0})
	}
	e.loc = earth.NewLocal(orb.Point{(bounds.min[0] + bounds.max[0]) / 2, (bounds.min[1] + bounds.max[1]) / 2})
	e.k = planeError(e.loc, bounds.min[1], bounds.max[1])

	e.sites = make([]prepSite, len(sites))
	var covXY, allXY []orb.Point
	var covIdx []int
	reachSum := 0.0
	for i := range sites {
		s := &sites[i]
		ps := prepSite{id: s.ID, idx: i, pos: s.Pos, cart: earth.CartOf(s.Pos), tech: uint8(techIdx[s.Tech]),
			eirp: s.EIRPdBm, omni: s.IsOmni(), az: s.AzimuthDeg, bw: s.BeamwidthDeg}
		ps.techBit = 1 << ps.tech
		if p.Model == ModelRadius {
			ps.reachM = math.Min(s.RadiusM, p.MaxReachM)
			if s.RadiusM > p.MaxReachM {
				w.add(WarnReachCapped, 1)
			}
			ps.covers = s.RadiusM > 0
			if !ps.covers {
				w.add(WarnZeroRadius, 1)
			}
		} else {
			if p.ThresholdDBm != nil {
				ps.thr = *p.ThresholdDBm
			} else if d, ok := p.Table[s.Tech]; ok {
				ps.thr = d.ThresholdDBm
			} else {
				return nil, fmt.Errorf("coverage: site %d (id %q): no threshold for technology %q in the table: %w", i, s.ID, s.Tech, ErrBadSite)
			}
			ps.lm = newLinkModel(s, &p, w)
			budget := ps.eirp - ps.thr
			if p.Model.terrain() {
				// free space bounds the terrain models' loss from below
				// (less two-ray gain), so its reach bounds theirs
				budget += twoRayGainDB
				ps.heightM, ps.freqMHz = s.HeightM, s.FreqMHz
			}
			r, capped, ok := ps.lm.reachM(budget, p.MaxReachM)
			ps.reachM, ps.covers = r, ok
			if capped {
				w.add(WarnReachCapped, 1)
			}
		}
		e.sites[i] = ps
		xy := e.loc.Project(s.Pos)
		allXY = append(allXY, xy)
		if ps.covers {
			covXY = append(covXY, xy)
			covIdx = append(covIdx, i)
			e.maxReach = math.Max(e.maxReach, ps.reachM)
			reachSum += ps.reachM
		}
	}
	if err := checkAntimeridian(bounds, e.sites); err != nil {
		return nil, err
	}
	// Cells of about half the mean reach keep a query to some 25 cells
	// while leaving few sites per cell.
	cell := 1000.0
	if len(covIdx) > 0 {
		cell = math.Max(reachSum/float64(len(covIdx))/2, 100)
	}
	e.g = newGrid(covXY, cell)
	e.reach2 = make([]float64, len(e.g.item))
	for k, it := range e.g.item {
		e.g.item[k] = int32(covIdx[it])
		rk := e.sites[e.g.item[k]].reachM * e.k
		e.reach2[k] = rk * rk
	}
	e.all = newGrid(allXY, nearestCell(allXY))
	return e, nil
}

// bbox is a lon/lat extent that ignores non-finite and out-of-range points.
type bbox struct {
	min, max orb.Point
	ok       bool
}

func (b *bbox) add(p orb.Point) {
	if !finite(p[0]) || !finite(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
		return
	}
	if !b.ok {
		b.min, b.max, b.ok = p, p, true
		return
	}
	b.min = orb.Point{math.Min(b.min[0], p[0]), math.Min(b.min[1], p[1])}
	b.max = orb.Point{math.Max(b.max[0], p[0]), math.Max(b.max[1], p[1])}
}

// checkAntimeridian refuses what the local plane would judge wrong
// silently: targets spread across the antimeridian (±180°), or a site
// that reaches a target only across it. Longitudes are not unwrapped.
func checkAntimeridian(targets bbox, sites []prepSite) error {
	if !targets.ok {
		return nil
	}
	if span := targets.max[0] - targets.min[0]; span > 180 {
		return fmt.Errorf("coverage: the targets span %.1f° of longitude, across the antimeridian (±180°), which is not supported: %w", span, ErrBadParams)
	}
	// a degree of longitude is at most 111.33 km
	cosLat := math.Cos(math.Min(90, math.Max(math.Abs(targets.min[1]), math.Abs(targets.max[1]))) * math.Pi / 180)
	for _, s := range sites {
		if !s.covers {
			continue
		}
		lon := s.pos[0]
		direct := math.Max(0, math.Max(targets.min[0]-lon, lon-targets.max[0]))
		wrapped := math.Min(math.Max(0, targets.min[0]+360-lon), math.Max(0, lon+360-targets.max[0]))
		if wrapped < direct && wrapped*111330*cosLat < s.reachM {
			return fmt.Errorf("coverage: site %q reaches the targets only across the antimeridian (±180°), which is not supported: %w", s.id, ErrBadParams)
		}
	}
	return nil
}

// nearestCell picks a cell holding about two sites on average.
func nearestCell(pts []orb.Point) float64 {
	if len(pts) < 2 {
		return 1000
	}
	b := orb.MultiPoint(pts).Bound()
	area := (b.Max[0] - b.Min[0] + 1) * (b.Max[1] - b.Min[1] + 1)
	return math.Max(math.Sqrt(2*area/float64(len(pts))), 100)
}

// sample is the verdict on one point.
type sample struct {
	mode      string  // terrain models: of the best link
	clearM    float64 // terrain models: of the best link
	covered   bool
	best      int32   // site index, -1 for none
	bestDistM float64 // geodesic distance to best
	signalDBm float64
	nearestM  float64
	nSites    int32
	techMask  uint64
}

type cand struct {
	mode       string  // terrain models: propagation mode
	clearM     float64 // terrain models: ray clearance
	site       int32
	dLo, dHi   float64 // bounds of the geodesic distance
	exact      float64 // geodesic distance, NaN until computed
	pat        float64 // pattern loss
	rxLo, rxHi float64
	cov        bool
	reach      bool // within reach (models), for the best-site choice
}

// scratch is one worker's reusable memory.
type scratch struct {
	pt      earth.Cart // the point being judged, prepared
	idx     []int32
	cand    []cand
	one     [1]orb.Point // a point target's one sample
	ss      []sample     // the current target's samples
	techCov []float64
	flags   []bool // what the results' ByTech are cut from
	w       warnCounter
	err     error // first terrain error of the current target
}

// byTech is a result's ByTech, n flags cut from a block the worker
// allocates a thousand results at a time.
func (sc *scratch) byTech(n int) []bool {
	if len(sc.flags) < n {
		sc.flags = make([]bool, 1024*n)
	}
	b := sc.flags[:n:n]
	sc.flags = sc.flags[n:]
	return b
}

func newScratch() *scratch { return &scratch{w: warnCounter{}} }

// bearingDeg is the azimuth from the site to pt, clockwise from north (up
// to 20 km the chord's in the site's horizon, within 1e-6° of the
// geodesic's), and the geodesic distance in metres; at the mast itself
// the boresight.
func (s *prepSite) bearingDeg(pt orb.Point) (azDeg, distM float64) {
	return s.bearingTo(earth.CartOf(pt))
}

// bearingTo is bearingDeg to a prepared point.
func (s *prepSite) bearingTo(pt earth.Cart) (azDeg, distM float64) {
	d, az := earth.ShortInverse(s.cart, pt)
	if d == 0 {
		return s.az, 0
	}
	return az, d
}

// exactDist is the geodesic from candidate c's site to the point being
// judged (sc.pt), computed once.
func (e *engine) exactDist(c *cand, sc *scratch) float64 {
	if math.IsNaN(c.exact) {
		c.exact = earth.ShortDistanceM(e.sites[c.site].cart, sc.pt)
	}
	return c.exact
}

// betterSite orders two sites for "best": a is better than b.
func (e *engine) betterSite(a, b int32) bool {
	if e.sites[a].id != e.sites[b].id {
		return e.sites[a].id < e.sites[b].id
	}
	return a < b
}

// evalPoint judges one lon/lat point.
func (e *engine) evalPoint(pt orb.Point, sc *scratch) sample {
	sc.pt = earth.CartOf(pt)
	res := sample{best: -1, bestDistM: math.NaN(), signalDBm: math.NaN(), nearestM: e.nearestM(pt, sc.pt)}
	xy := e.loc.Project(pt)
	k := e.k
	// the sites whose reach (times k) the point is in on the plane
	sc.idx = e.g.withinEach(xy[0], xy[1], e.maxReach*k+1, e.reach2, sc.idx[:0])
	sc.cand = sc.cand[:0]
	radius := e.p.Model == ModelRadius
	for _, at := range sc.idx {
		si := e.g.item[at]
		s := &e.sites[si]
		dx, dy := e.g.xy[at][0]-xy[0], e.g.xy[at][1]-xy[1]
		dp := math.Sqrt(dx*dx + dy*dy)
		c := cand{site: si, dLo: dp / k, dHi: dp*k + 1e-3, exact: math.NaN()}
		if c.dLo > s.reachM {
			continue
		}
		off := 0.0
		if !s.omni {
			var az float64
			az, c.exact = s.bearingTo(sc.pt)
			off = offAxisDeg(az, s.az)
		}
		if radius {
			if !s.omni && off > s.bw/2 {
				continue
			}
			c.cov = c.dHi <= s.reachM || e.exactDist(&c, sc) <= s.reachM
			if !c.cov {
				continue
			}
		} else {
			c.pat = PatternLossDB(off, s.bw)
			if e.p.Model.terrain() {
				d := e.exactDist(&c, sc)
				if d > s.reachM {
					continue
				}
				tl, err := e.terrainLoss(s, pt)
				if err != nil {
					if sc.err == nil {
						sc.err = err
					}
					continue
				}
				c.mode, c.clearM = tl.mode, tl.clearanceM
				rx := s.eirp - tl.lossDB - c.pat
				c.rxHi, c.rxLo, c.cov, c.reach = rx, rx, rx >= s.thr, true
				if c.cov {
					res.nSites++
					res.techMask |= s.techBit
				}
				sc.cand = append(sc.cand, c)
				continue
			}
			c.rxHi = s.eirp - s.lm.lossDB(c.dLo) - c.pat
			c.rxLo = s.eirp - s.lm.lossDB(c.dHi) - c.pat
			switch {
			case c.rxLo >= s.thr:
				c.cov = true
			case c.rxHi < s.thr:
			default:
				c.cov = s.eirp-s.lm.lossDB(e.exactDist(&c, sc))-c.pat >= s.thr
			}
			c.reach = c.cov || c.dHi <= s.reachM || e.exactDist(&c, sc) <= s.reachM
			if !c.reach {
				continue
			}
		}
		if c.cov {
			res.nSites++
			res.techMask |= s.techBit
		}
		sc.cand = append(sc.cand, c)
	}
	res.covered = res.nSites > 0
	if len(sc.cand) == 0 {
		return res
	}
	if radius {
		// Nearest covering site; only candidates that might beat the
		// closest upper bound need their geodesic.
		lim := math.Inf(1)
		for i := range sc.cand {
			c := &sc.cand[i]
			if !math.IsNaN(c.exact) {
				lim = math.Min(lim, c.exact)
			} else {
				lim = math.Min(lim, c.dHi)
			}
		}
		for i := range sc.cand {
			c := &sc.cand[i]
			if c.dLo > lim {
				continue
			}
			d := e.exactDist(c, sc)
			if res.best < 0 || d < res.bestDistM || (d == res.bestDistM && e.betterSite(c.site, res.best)) {
				res.best, res.bestDistM = c.site, d
			}
		}
		return res
	}
	// Strongest site, covering ones first.
	lim := math.Inf(-1)
	for i := range sc.cand {
		c := &sc.cand[i]
		if c.cov == res.covered {
			lim = math.Max(lim, c.rxLo)
		}
	}
	for i := range sc.cand {
		c := &sc.cand[i]
		if c.cov != res.covered || c.rxHi < lim {
			continue
		}
		s := &e.sites[c.site]
		d := e.exactDist(c, sc)
		rx := s.eirp - s.lm.lossDB(d) - c.pat
		if e.p.Model.terrain() {
			rx = c.rxHi
		}
		if res.best < 0 || rx > res.signalDBm || (rx == res.signalDBm && e.betterSite(c.site, res.best)) {
			res.best, res.signalDBm, res.bestDistM = c.site, rx, d
			res.mode, res.clearM = c.mode, c.clearM
		}
	}
	if s := &e.sites[res.best]; s.lm.clampD && !e.p.Model.terrain() {
		switch {
		case res.bestDistM < hataMinDistM:
			sc.w.add(WarnDistShort, 1)
		case res.bestDistM > hataMaxDistM:
			sc.w.add(WarnDistLong, 1)
		}
	}
	return res
}

// nearestM is the geodesic distance to the nearest site of any kind.
func (e *engine) nearestM(pt orb.Point, ptc earth.Cart) float64 {
	if len(e.sites) == 0 {
		return math.NaN()
	}
	xy := e.loc.Project(pt)
	dp := e.all.nearestPlaneM(xy[0], xy[1])
	// Every site whose geodesic could be the smallest lies within
	// dp·k² on the plane.
	r := dp*e.k*e.k + 1e-3
	best := math.Inf(1)
	i0, i1, j0, j1, ok := e.all.span(xy[0], xy[1], r)
	if !ok {
		return math.NaN()
	}
	r2 := r * r
	for j := j0; j <= j1; j++ {
		row := j * e.all.nx
		for at := e.all.start[row+i0]; at < e.all.start[row+i1+1]; at++ {
			dx, dy := e.all.xy[at][0]-xy[0], e.all.xy[at][1]-xy[1]
			if dx*dx+dy*dy > r2 {
				continue
			}
			best = math.Min(best, earth.ShortDistanceM(e.sites[e.all.item[at]].cart, ptc))
		}
	}
	return best
}

// parallel runs fn(i, scratch) for i in [0, n) on workers goroutines and
// returns the merged warnings. Work is handed out in small chunks; each
// result depends only on its index, so the schedule cannot change output.
func parallel(n, workers int, progress func(int), fn func(i int, sc *scratch)) warnCounter {
	if workers > n {
		workers = max(n, 1)
	}
	const chunk = 16
	var next atomic.Int64
	scs := make([]*scratch, workers)
	var wg sync.WaitGroup
	for wi := range workers {
		sc := newScratch()
		scs[wi] = sc
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				hi := min(lo+chunk, n)
				for i := lo; i < hi; i++ {
					fn(i, sc)
				}
				if progress != nil {
					progress(hi - lo)
				}
			}
		}()
	}
	wg.Wait()
	w := warnCounter{}
	for _, sc := range scs {
		w.merge(sc.w)
	}
	return w
}
