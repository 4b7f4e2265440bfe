package coverage

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/earth"
)

// With Params.TerrainSweep the terrain models judge sample points from
// per-site radial sweeps (SPLAT!'s and Signal-Server's method, as
// BestServerRaster does) rather than reading and judging one profile per
// (point, site) pair:
//
//   - a site's sweep has sweepRadials geodesic radials; the terrain along
//     each is read once, as one profile from the site to its reach, and
//     the received power is computed at nodes every sweepNodeM (whole DEM
//     samples) along it, each over the profile's prefix, until the radial
//     has stayed weakMarginDB below the site's threshold for weakStopM;
//   - radials are computed when a point first needs them and kept in a
//     cache of bounded size (Params.SweepCacheBytes, least recently used
//     sites dropped first; a dropped radial is computed again, to the same
//     values);
//   - a point's power is interpolated bilinearly between the two radials
//     around its bearing and the two nodes around its distance; a point
//     beyond where both radials stopped is out of the site's reach;
//   - a point nearer the site than sweepNearM, a point whose surrounding
//     nodes cannot all be used (a DEM gap, outside ITM's validity), and a
//     point whose interpolated power lies within Params.SweepMarginDB of
//     the threshold is judged on its own profile, as without the sweep.
//
// Radial values depend only on the site and the radial, never on which
// worker computed them or when, so results do not depend on the workers.
const (
	sweepRadials = 720  // 0.5°: 175 m apart at 20 km
	sweepNodeM   = 180  // node spacing along a radial, rounded to DEM samples
	sweepNearM   = 1500 // nearer points are judged on their own profile
	// DefaultSweepCacheBytes bounds the radial sweeps kept in memory.
	DefaultSweepCacheBytes = 256 << 20
	// DefaultSweepMarginDB is Params.SweepMarginDB's default.
	DefaultSweepMarginDB = 3
)

// radial is one radial of a site's sweep: node j lies j·nodeM from the
// site along the geodesic at the radial's azimuth. Nodes are judged in
// order, as far as the points looked up need, until the radial stops.
type radial struct {
	mu     sync.Mutex
	init   bool
	length float64 // of the profile read (m)
	step   float64 // of the profile (m)
	stride int     // profile samples per node
	nodeM  float64
	nNodes int       // nodes up to the profile's end
	rx     []float32 // EIRP − loss, before the antenna pattern; NaN: not judged
	clear  []float32 // clearance of the direct ray (m)
	mode   []uint8   // index into modeNames
	weak   float64   // length of the current stretch far below the threshold
	// stopped: the radial has stayed weakMarginDB below the threshold for
	// weakStopM, so the site reaches nothing beyond its last node.
	stopped bool
	// truncated: the terrain ends before the site's reach, so beyond the
	// profile nothing is known (a point's own profile decides).
	truncated bool
}

var modeNames = []string{"los", "diffraction", "troposcatter", ""}

func modeIndex(m string) uint8 {
	for i, n := range modeNames {
		if n == m {
			return uint8(i)
		}
	}
	return uint8(len(modeNames) - 1)
}

// siteSweep holds a site's radials, computed on demand.
type siteSweep struct {
	rad     []atomic.Pointer[radial]
	bytes   atomic.Int64
	used    atomic.Int64 // cache clock at last use
	evicted atomic.Bool
}

// sweepCache holds every site's sweep within a byte budget.
type sweepCache struct {
	sites  []atomic.Pointer[siteSweep]
	clock  atomic.Int64
	bytes  atomic.Int64
	budget int64
	mu     sync.Mutex // one eviction at a time

	clutterOnce sync.Once
	clutterM    float64
	clutterOK   bool
}

func newSweepCache(nSites int, budget int64) *sweepCache {
	return &sweepCache{sites: make([]atomic.Pointer[siteSweep], nSites), budget: budget}
}

func (c *sweepCache) site(si int32) *siteSweep {
	p := &c.sites[si]
	sw := p.Load()
	if sw == nil {
		n := &siteSweep{rad: make([]atomic.Pointer[radial], sweepRadials)}
		if p.CompareAndSwap(nil, n) {
			sw = n
		} else {
			sw = p.Load()
		}
	}
	sw.used.Store(c.clock.Add(1))
	return sw
}

// add accounts for a radial stored in sw and evicts the least recently
// used sweeps (never sw) while the cache is over budget.
func (c *sweepCache) add(sw *siteSweep, n int64) {
	sw.bytes.Add(n)
	if sw.evicted.Load() {
		return // no longer counted
	}
	if c.bytes.Add(n) <= c.budget {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.bytes.Load() > c.budget {
		victim := -1
		var oldest int64
		for i := range c.sites {
			s := c.sites[i].Load()
			if s == nil || s == sw || s.bytes.Load() == 0 {
				continue
			}
			if u := s.used.Load(); victim < 0 || u < oldest {
				victim, oldest = i, u
			}
		}
		if victim < 0 {
			return
		}
		s := c.sites[victim].Load()
		if s == nil || !c.sites[victim].CompareAndSwap(s, nil) {
			continue
		}
		s.evicted.Store(true)
		c.bytes.Add(-s.bytes.Load())
	}
}

// clutter is the height the Profiler adds to a profile's inner samples
// (none at its ends, where the antennas stand): the sweep judges a prefix
// of a radial's profile, whose last sample must be bare ground. It is the
// difference between the inner sample of a two-step profile and the end
// of a one-step profile to that very point; ok is false when it cannot be
// measured, and the sweep is then not used.
func (e *engine) clutter(c *sweepCache, from orb.Point) (float64, bool) {
	c.clutterOnce.Do(func() {
		to := earth.Direct(from, 45, 2000)
		prof, _, err := e.p.Terrain.Profile(from, to)
		if err != nil || len(prof) < 3 {
			return
		}
		n := len(prof) - 1
		mid := slerp(from, to, 1/float64(n))
		end, _, err := e.p.Terrain.Profile(from, mid)
		if err != nil || len(end) < 2 {
			return
		}
		c.clutterM = prof[1] - end[len(end)-1]
		if math.Abs(c.clutterM) < 1e-6 {
			c.clutterM = 0
		}
		c.clutterOK = finite(c.clutterM)
	})
	return c.clutterM, c.clutterOK
}

// slerp is the point a fraction t along the great circle from a to b,
// latitudes taken as spherical, as profiles sample it.
func slerp(a, b orb.Point, t float64) orb.Point {
	unit := func(p orb.Point) [3]float64 {
		sl, cl := math.Sincos(p[0] * math.Pi / 180)
		sp, cp := math.Sincos(p[1] * math.Pi / 180)
		return [3]float64{cp * cl, cp * sl, sp}
	}
	u, v := unit(a), unit(b)
	om := math.Acos(math.Max(-1, math.Min(1, u[0]*v[0]+u[1]*v[1]+u[2]*v[2])))
	so := math.Sin(om)
	if so < 1e-12 {
		return a
	}
	wa, wb := math.Sin((1-t)*om)/so, math.Sin(t*om)/so
	w := [3]float64{wa*u[0] + wb*v[0], wa*u[1] + wb*v[1], wa*u[2] + wb*v[2]}
	lat := math.Atan2(w[2], math.Hypot(w[0], w[1])) * 180 / math.Pi
	lon := math.Atan2(w[1], w[0]) * 180 / math.Pi
	for lon-a[0] > 180 {
		lon -= 360
	}
	for lon-a[0] < -180 {
		lon += 360
	}
	return orb.Point{lon, lat}
}

// radial returns radial a of site si.
func (e *engine) radial(si int32, a int) (*siteSweep, *radial) {
	sw := e.sweep.site(si)
	r := sw.rad[a].Load()
	if r == nil {
		n := &radial{}
		if sw.rad[a].CompareAndSwap(nil, n) {
			r = n
		} else {
			r = sw.rad[a].Load()
		}
	}
	return sw, r
}

// extend judges the radial's nodes up to the one past distance d (and a
// few more, so that extensions are few), unless it stopped before. It
// reads the profile to the site's reach each time, so every node is
// judged over the same samples however the radial grew. It returns the
// bytes added. r.mu is held.
func (e *engine) extend(s *prepSite, a int, r *radial, d float64) int64 {
	line := earth.NewGeodesicLine(s.pos, 360*float64(a)/sweepRadials)
	if !r.init {
		r.init = true
		r.length = s.reachM
		for {
			_, st, err := e.p.Terrain.Profile(s.pos, line.At(r.length))
			if err == nil && st > 0 {
				r.step = st
				break
			}
			r.truncated = true
			if r.length /= 2; r.length < sweepNearM {
				r.stopped = true
				return 0
			}
		}
		r.stride = max(1, int(math.Round(sweepNodeM/r.step)))
		r.nodeM = float64(r.stride) * r.step
		r.nNodes = int(math.Round(r.length/r.step))/r.stride + 1
	}
	want := min(r.nNodes, int(d/r.nodeM)+2+int(sweepExtendM/r.nodeM))
	if r.stopped || len(r.rx) >= want {
		return 0
	}
	prof, step, err := e.p.Terrain.Profile(s.pos, line.At(r.length))
	if err != nil || step != r.step {
		r.stopped, r.truncated = true, true
		return 0
	}
	clutter, _ := e.clutter(e.sweep, s.pos)
	n := len(prof) - 1
	before := len(r.rx)
	for j := len(r.rx); j < want; j++ {
		k := j * r.stride
		if j == 0 || k > n {
			// the site itself: never looked up (nearer points are judged
			// on their own profile)
			r.rx = append(r.rx, float32(s.eirp))
			r.clear = append(r.clear, float32(math.NaN()))
			r.mode = append(r.mode, modeIndex("los"))
			continue
		}
		saved := prof[k]
		if k != n {
			prof[k] -= clutter // the receiver stands on bare ground
		}
		tl, err := e.judgeProfile(s, prof[:k+1], step)
		prof[k] = saved
		rx := math.NaN()
		if err == nil {
			rx = s.eirp - tl.lossDB
		}
		r.rx = append(r.rx, float32(rx))
		r.clear = append(r.clear, float32(tl.clearanceM))
		r.mode = append(r.mode, modeIndex(tl.mode))
		if rx < s.thr-weakMarginDB {
			r.weak += r.nodeM
		} else {
			r.weak = 0
		}
		if r.weak >= weakStopM {
			r.stopped, r.truncated = true, false
			break
		}
	}
	return int64(len(r.rx)-before) * 9
}

// sweepExtendM is how far past the point needing it a radial is judged.
const sweepExtendM = 3000

// sweepResult is a point's verdict from a site's sweep.
type sweepResult int

const (
	sweepValue sweepResult = iota // rx and the link are set
	sweepOut                      // the site does not reach the point
	sweepExact                    // judge the point on its own profile
)

// at interpolates the radial at distance d, judging nodes as needed:
// ok false when the radial ends or stops before d (out true when the site
// is then known not to reach d), bad when a node needed was not judged.
func (e *engine) at(sw *siteSweep, s *prepSite, a int, r *radial, d float64) (rx float64, near int, ok, out, bad bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := e.extend(s, a, r, d); n > 0 {
		e.sweep.add(sw, n)
	}
	if r.nodeM <= 0 {
		return 0, 0, false, !r.truncated, false
	}
	f := d / r.nodeM
	k0 := int(f)
	if k0+1 >= len(r.rx) {
		return 0, 0, false, !r.truncated, false
	}
	t := f - float64(k0)
	v0, v1 := float64(r.rx[k0]), float64(r.rx[k0+1])
	if math.IsNaN(v0) || math.IsNaN(v1) || k0 == 0 {
		return 0, 0, true, false, true
	}
	near = k0
	if t > 0.5 {
		near = k0 + 1
	}
	return v0 + t*(v1-v0), near, true, false, false
}

// sweepLink judges pt, at distance d and bearing az from site si, from
// the site's sweep.
func (e *engine) sweepLink(si int32, az, d float64) (terrainLink, sweepResult) {
	s := &e.sites[si]
	if d < sweepNearM {
		return terrainLink{}, sweepExact
	}
	if _, ok := e.clutter(e.sweep, s.pos); !ok {
		return terrainLink{}, sweepExact
	}
	fa := math.Mod(az, 360) / 360 * sweepRadials
	if fa < 0 {
		fa += sweepRadials
	}
	a0 := int(fa) % sweepRadials
	t := fa - math.Floor(fa)
	a1 := (a0 + 1) % sweepRadials
	sw, r0 := e.radial(si, a0)
	_, r1 := e.radial(si, a1)
	v0, n0, ok0, out0, bad0 := e.at(sw, s, a0, r0, d)
	v1, n1, ok1, out1, bad1 := e.at(sw, s, a1, r1, d)
	switch {
	case bad0 || bad1:
		return terrainLink{}, sweepExact
	case out0 && out1:
		return terrainLink{}, sweepOut
	case !ok0 || !ok1:
		return terrainLink{}, sweepExact
	}
	rx := v0 + t*(v1-v0)
	nr, nk := r0, n0
	if t > 0.5 {
		nr, nk = r1, n1
	}
	nr.mu.Lock()
	mode, clear := modeNames[nr.mode[nk]], float64(nr.clear[nk])
	nr.mu.Unlock()
	return terrainLink{lossDB: s.eirp - rx, mode: mode, clearanceM: clear}, sweepValue
}
