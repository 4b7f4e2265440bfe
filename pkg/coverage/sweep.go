package coverage

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage/itm"
	"github.com/kukarcli/kukarcli/pkg/earth"
)

// Unless Params.ExactTerrain is set, the terrain models judge dense
// sample points from per-site radial sweeps (SPLAT!'s and
// Signal-Server's method) rather than reading and judging one profile per
// (point, site) pair:
//
//   - a site's sweep has sweepRadials geodesic radials; the terrain along
//     each is read once, from the site outwards, and the received power
//     is computed at nodes every sweepNodeM (whole DEM samples) along it,
//     each over the profile's prefix, until the radial has stayed
//     weakMarginDB below the site's threshold for weakStopM: the site's
//     reach on that bearing;
//   - a point's power is interpolated bilinearly between the two radials
//     around its bearing and the two nodes around its distance; a point
//     beyond where both radials stopped is out of the site's reach, and
//     the site is not considered for it at all;
//   - a point nearer the site than sweepNearM, a point whose surrounding
//     nodes cannot all be used (a DEM gap, outside ITM's validity), and a
//     point whose interpolated power lies within Params.SweepMarginDB of
//     the threshold is judged on its own profile, as with ExactTerrain.
//
// Evaluation is site-major: sites are swept in parallel, each sweep
// computed whole by one worker, folded into per-point accumulators and
// dropped, so memory holds one sweep per worker. A sweep depends only on
// its site and the fold is order-free (counts, unions, maxima with ties
// broken by site), so results do not depend on the workers. A site with
// fewer than sweepMinPoints points within its reach is judged pair by
// pair instead: its sweep would cost more than the profiles it replaces.
const (
	sweepRadials  = 720  // 0.5°: 175 m apart at 20 km
	sweepGapM     = 175  // radials used at a distance are at most this far apart
	sweepMaxLevel = 8    // near the site only every 8th radial is used
	sweepNodeM    = 180  // node spacing along a radial, rounded to DEM samples
	sweepNearM    = 1500 // nearer points are judged on their own profile
	// DefaultSweepMarginDB is Params.SweepMarginDB's default.
	DefaultSweepMarginDB = 3
)

// sweepMinPoints is the number of points within a site's reach from
// which the site is swept (a variable so that tests can sweep few).
var sweepMinPoints = 2000

// sweepFirstM is the length of terrain first read along the first radial
// of a group of sweepGroup; the next ones read sweepReadAhead times as far
// as the radial before them went, plus weakStopM. A radial still going at
// the end of its terrain reads it again to twice the length, up to the
// site's reach, so that radials that stop early read little.
const (
	sweepFirstM    = 20000
	sweepGroup     = 8
	sweepReadAhead = 1.25
)

// radial is one radial of a site's sweep: node j lies j·nodeM from the
// site along the geodesic at the radial's azimuth.
type radial struct {
	nodeM float64
	rx    []float32 // EIRP − loss, before the antenna pattern; NaN: not judged
	clear []float32 // clearance of the direct ray (m)
	mode  []uint8   // index into modeNames
	// open: the terrain could not be read to where the radial would have
	// stopped, so beyond its last node nothing is known (a point's own
	// profile decides).
	open bool
}

// sweep is one site's radials, and the farthest distance any of them
// reaches.
type sweep struct {
	rad    []radial
	reachM float64
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

// clutter is the height the Profiler adds to a profile's inner samples
// (none at its ends, where the antennas stand): the sweep judges a prefix
// of a radial's profile, whose last sample must be bare ground. It is the
// difference between the inner sample of a two-step profile and the end
// of a one-step profile to that very point; ok is false when it cannot be
// measured, and points are then judged on their own profiles.
func (e *engine) clutter() (float64, bool) {
	e.clutterOnce.Do(func() {
		from := e.loc.Unproject(orb.Point{0, 0})
		if len(e.sites) > 0 {
			from = e.sites[0].pos
		}
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
		e.clutterM = prof[1] - end[len(end)-1]
		if math.Abs(e.clutterM) < 1e-6 {
			e.clutterM = 0
		}
		e.clutterOK = finite(e.clutterM)
	})
	return e.clutterM, e.clutterOK
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

// siteSweep computes every radial of site s on up to workers goroutines.
// The radials go in groups of sweepGroup neighbours: the first of a group
// reads its terrain to firstM at first, each next one to a little beyond
// where the one before it stopped (neighbours reach about as far), so
// that few radials read their terrain more than once. A radial depends
// only on the site and its group, so the sweep does not depend on the
// workers.
func (e *engine) siteSweep(s *prepSite, clutter, firstM float64, workers int) *sweep {
	sw := &sweep{rad: make([]radial, sweepRadials)}
	groups := sweepRadials / sweepGroup
	workers = max(1, min(workers, groups))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for gi := w; gi < groups; gi += workers {
				first := firstM
				for a := gi * sweepGroup; a < (gi+1)*sweepGroup; a++ {
					r := &sw.rad[a]
					e.sweepRadial(s, a, clutter, first, r)
					first = firstM
					if n := len(r.rx); n > 0 && r.nodeM > 0 && !r.open {
						first = math.Max(first, sweepReadAhead*float64(n-1)*r.nodeM+weakStopM)
					}
				}
			}
		}()
	}
	wg.Wait()
	for a := range sw.rad {
		r := &sw.rad[a]
		if n := len(r.rx); n > 0 && r.nodeM > 0 {
			reach := float64(n-1) * r.nodeM
			if r.open {
				reach = s.reachM
			}
			sw.reachM = math.Max(sw.reachM, reach)
		}
	}
	return sw
}

// sweepLevel is the step between the radials used at distance d: the
// largest power of two up to sweepMaxLevel that keeps them sweepGapM
// apart. Near the site the radials crowd together, so most are skipped
// there; each is judged only where its level uses it.
func sweepLevel(d float64) int {
	m := sweepMaxLevel
	for m > 1 && float64(m)*d*2*math.Pi/sweepRadials > sweepGapM {
		m /= 2
	}
	return m
}

// sweepRadial judges radial a's nodes outwards until it stops or reaches
// the site's reach. Node j is judged only where a lookup may use it: past
// sweepNearM less a node, and where radial a is used by the level of the
// interval that follows it (levels only fall outwards).
func (e *engine) sweepRadial(s *prepSite, a int, clutter, firstM float64, r *radial) {
	line := earth.NewGeodesicLine(s.pos, 360*float64(a)/sweepRadials)
	var prof []float64
	var step, length float64
	var cl clearEnv
	weak := 0.0
	want := math.Min(firstM, s.reachM)
	for {
		// read the terrain to want (less where it cannot be read)
		length = want
		var err error
		for {
			prof, step, err = e.p.Terrain.Profile(s.pos, line.At(length))
			if err == nil && step > 0 && len(prof) >= 2 {
				break
			}
			if length /= 2; length < sweepNearM {
				r.open = true
				return
			}
		}
		if r.nodeM == 0 {
			stride := max(1, int(math.Round(sweepNodeM/step)))
			r.nodeM = float64(stride) * step
			r.rx = append(r.rx, float32(s.eirp)) // the site itself: never looked up
			r.clear = append(r.clear, float32(math.NaN()))
			r.mode = append(r.mode, modeIndex("los"))
		}
		n := len(prof) - 1
		first := int(sweepNearM / r.nodeM) // the first node a lookup uses
		rj := e.radialJudge(s, prof, step)
		cl.added = 0 // a profile read anew
		for j := len(r.rx); ; j++ {
			k := int(math.Round(float64(j) * r.nodeM / step))
			if k > n {
				break
			}
			if j < first || a%sweepLevel(float64(j+1)*r.nodeM) != 0 {
				r.rx = append(r.rx, float32(math.NaN()))
				r.clear = append(r.clear, float32(math.NaN()))
				r.mode = append(r.mode, modeIndex(""))
				continue
			}
			saved := prof[k]
			if k != n {
				prof[k] -= clutter // the receiver stands on bare ground
			}
			var tl terrainLink
			var err error
			if rj != nil && k >= 2 {
				tl, err = e.judgeRadial(s, rj, &cl, prof[:k+1], step)
			} else {
				tl, err = e.judgeProfile(s, prof[:k+1], step)
			}
			prof[k] = saved
			rx := math.NaN()
			if err == nil {
				rx = s.eirp - tl.lossDB
			}
			r.rx = append(r.rx, float32(rx))
			r.clear = append(r.clear, float32(tl.clearanceM))
			r.mode = append(r.mode, modeIndex(tl.mode))
			if rx < s.thr-weakMarginDB {
				weak += r.nodeM
			} else {
				weak = 0
			}
			if weak >= weakStopM {
				return
			}
		}
		if length < want {
			r.open = true // the terrain ends before the radial stopped
			return
		}
		if want >= s.reachM {
			return // the site's reach: nothing beyond
		}
		want = math.Min(2*want, s.reachM)
	}
}

// radialJudge prepares ITM over the prefixes of a radial's profile (nil
// for los-ked, or when ITM refuses its parameters or step: each prefix is
// then judged on its own).
func (e *engine) radialJudge(s *prepSite, prof []float64, step float64) *itm.Radial {
	if e.p.Model != ModelITM {
		return nil
	}
	ip := e.p.ITM
	ip.TxHeightM, ip.RxHeightM, ip.FreqMHz = s.heightM, e.p.RxHeightM, s.freqMHz
	rj, err := itm.NewRadial(prof, step, ip)
	if err != nil {
		return nil
	}
	return rj
}

// judgeRadial is judgeProfile(s, prof, step) for ITM, prof a prefix of
// the profile rj was made from (its last sample may differ: the
// receiver's bare ground).
func (e *engine) judgeRadial(s *prepSite, rj *itm.Radial, cl *clearEnv, prof []float64, step float64) (terrainLink, error) {
	k := len(prof) - 1
	r, err := rj.At(k, prof[k])
	if err != nil {
		return terrainLink{}, fmt.Errorf("coverage: itm: %w", err)
	}
	return terrainLink{lossDB: r.LossDB, mode: r.Mode.String(), clearanceM: cl.at(prof, step, s.heightM, e.p.RxHeightM)}, nil
}

// clearEnv gives minClearanceM over the growing prefixes of one profile.
// The clearance of sample i, at x from the site, under the ray to a
// receiver at d is B_i + x·m with B_i = z0 + txH − z_i + x²/2ae and
// m = (rxTop − txTop)/d − d/2ae: the smallest over the samples is the
// lower envelope of lines in m, kept as the prefix grows (slopes x
// rising) and read by binary search. It agrees with minClearanceM up to
// rounding.
type clearEnv struct {
	hull  []int32
	added int
	b     []float64
}

// at is minClearanceM(prof, step, txH, rxH) for prof a prefix of the
// profile the envelope was started on (its last sample may differ).
func (c *clearEnv) at(prof []float64, step, txH, rxH float64) float64 {
	n := len(prof) - 1
	ae := kFactor * itm.EarthRadiusM
	if c.added > n || c.added == 0 {
		c.hull, c.b, c.added = c.hull[:0], c.b[:0], 1
		c.b = append(c.b, 0)
	}
	line := func(i int) (b, x float64) { return c.b[i], float64(i) * step }
	for ; c.added < n; c.added++ {
		i := c.added
		x := float64(i) * step
		c.b = append(c.b, prof[0]+txH-prof[i]+x*x/(2*ae))
		for len(c.hull) >= 2 {
			b1, x1 := line(int(c.hull[len(c.hull)-2]))
			b2, x2 := line(int(c.hull[len(c.hull)-1]))
			b3, x3 := line(i)
			// the middle line is useless when the new one undercuts the
			// first no later (in falling m) than the middle one does
			if (b3-b1)*(x2-x1) > (b2-b1)*(x3-x1) {
				break
			}
			c.hull = c.hull[:len(c.hull)-1]
		}
		c.hull = append(c.hull, int32(i))
	}
	if len(c.hull) == 0 {
		return math.Inf(1)
	}
	d := float64(n) * step
	txTop, rxTop := prof[0]+txH, prof[n]+rxH
	m := (rxTop-txTop)/d - d/(2*ae)
	lo, hi := 0, len(c.hull)-1
	for lo < hi {
		mid := (lo + hi) / 2
		b1, x1 := line(int(c.hull[mid]))
		b2, x2 := line(int(c.hull[mid+1]))
		if b2+x2*m < b1+x1*m {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	b, x := line(int(c.hull[lo]))
	return b + x*m
}

// sweepResult is a point's verdict from a site's sweep.
type sweepResult int

const (
	sweepValue sweepResult = iota // rx and the link are set
	sweepOut                      // the site does not reach the point
	sweepExact                    // judge the point on its own profile
)

// at interpolates radial r at distance d: ok false when the radial ends
// before d (out true when the site is then known not to reach d), bad
// when a node needed was not judged.
func (r *radial) at(d float64) (rx float64, near int, ok, out, bad bool) {
	if r.nodeM <= 0 {
		return 0, 0, false, !r.open, false
	}
	f := d / r.nodeM
	k0 := int(f)
	if k0+1 >= len(r.rx) {
		return 0, 0, false, !r.open, false
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

// link judges the point at distance d and bearing az from the site from
// its sweep.
func (sw *sweep) link(s *prepSite, az, d float64) (terrainLink, sweepResult) {
	tl, how, _ := sw.linkSpread(s, az, d)
	return tl, how
}

// linkSpread is link, also giving how far apart (dB) the two radials
// around the point are at its distance.
func (sw *sweep) linkSpread(s *prepSite, az, d float64) (terrainLink, sweepResult, float64) {
	if d < sweepNearM {
		return terrainLink{}, sweepExact, 0
	}
	m := sweepLevel(d)
	fa := math.Mod(az, 360) / 360 * sweepRadials / float64(m)
	if fa < 0 {
		fa += sweepRadials / float64(m)
	}
	a0 := int(fa) % (sweepRadials / m)
	t := fa - math.Floor(fa)
	a1 := (a0 + 1) % (sweepRadials / m)
	a0, a1 = a0*m, a1*m
	r0, r1 := &sw.rad[a0], &sw.rad[a1]
	v0, n0, ok0, out0, bad0 := r0.at(d)
	v1, n1, ok1, out1, bad1 := r1.at(d)
	switch {
	case bad0 || bad1:
		return terrainLink{}, sweepExact, 0
	case out0 && out1:
		return terrainLink{}, sweepOut, 0
	case out0 && ok1:
		// radial 0 stopped: past its end it stayed weakMarginDB below
		// the threshold, the value it is taken at here
		v0, n0 = s.thr-weakMarginDB, n1
		r0 = r1
	case out1 && ok0:
		v1, n1 = s.thr-weakMarginDB, n0
		r1 = r0
	case !ok0 || !ok1:
		return terrainLink{}, sweepExact, 0
	}
	rx := v0 + t*(v1-v0)
	nr, nk := r0, n0
	if t > 0.5 {
		nr, nk = r1, n1
	}
	return terrainLink{lossDB: s.eirp - rx, mode: modeNames[nr.mode[nk]], clearanceM: float64(nr.clear[nk])}, sweepValue, math.Abs(v1 - v0)
}

// pointAcc folds the links of one point, in any order, into what
// evalPoint finds: the strongest covering site and the strongest site
// within reach, the number of covering sites and their technologies, and
// the terrain error of the lowest-indexed site whose profile could not be
// read.
type pointAcc struct {
	cov, any  linkBest
	nSites    int32
	techMask  uint64
	errSite   int32
	err       error
	covering  []int32 // CoveringSites: the covering sites' indices
	keepSites bool
}

// linkBest is the strongest link seen, ties broken by betterSite.
type linkBest struct {
	site  int32 // -1: none
	rxDBm float64
	distM float64
	mode  string
	clear float64
}

func newPointAcc(keep bool) pointAcc {
	return pointAcc{cov: linkBest{site: -1}, any: linkBest{site: -1}, errSite: -1, keepSites: keep}
}

func (e *engine) offer(b *linkBest, si int32, rx, d float64, tl terrainLink) {
	if b.site < 0 || rx > b.rxDBm || (rx == b.rxDBm && e.betterSite(si, b.site)) {
		*b = linkBest{site: si, rxDBm: rx, distM: d, mode: tl.mode, clear: tl.clearanceM}
	}
}

// add folds the link from site si, at distance d, received at rx.
func (e *engine) add(a *pointAcc, si int32, rx, d float64, tl terrainLink) {
	s := &e.sites[si]
	if rx >= s.thr {
		a.nSites++
		a.techMask |= s.techBit
		e.offer(&a.cov, si, rx, d, tl)
		if a.keepSites {
			a.covering = append(a.covering, si)
		}
		return
	}
	e.offer(&a.any, si, rx, d, tl)
}

func (e *engine) addErr(a *pointAcc, si int32, err error) {
	if a.errSite < 0 || si < a.errSite {
		a.errSite, a.err = si, err
	}
}

// merge folds b into a.
func (e *engine) merge(a, b *pointAcc) {
	a.nSites += b.nSites
	a.techMask |= b.techMask
	for _, x := range []struct{ into, from *linkBest }{{&a.cov, &b.cov}, {&a.any, &b.any}} {
		if x.from.site >= 0 {
			f := *x.from
			e.offer(x.into, f.site, f.rxDBm, f.distM, terrainLink{mode: f.mode, clearanceM: f.clear})
		}
	}
	if b.errSite >= 0 {
		e.addErr(a, b.errSite, b.err)
	}
	a.covering = append(a.covering, b.covering...)
}

// sample turns the accumulator of point pt into evalPoint's verdict.
func (e *engine) accSample(a *pointAcc, pt orb.Point) sample {
	res := sample{best: -1, bestDistM: math.NaN(), signalDBm: math.NaN(), nearestM: e.nearestM(pt, earth.CartOf(pt)),
		nSites: a.nSites, techMask: a.techMask, covered: a.nSites > 0}
	b := &a.any
	if res.covered {
		b = &a.cov
	}
	if b.site >= 0 {
		res.best, res.signalDBm, res.bestDistM = b.site, b.rxDBm, b.distM
		res.mode, res.clearM = b.mode, b.clear
	}
	return res
}

// useSweeps says whether the terrain models judge pts site by site from
// sweeps (see above).
func (e *engine) useSweeps() bool {
	return e.p.Model.terrain() && !e.p.ExactTerrain
}

// judgeSites judges every point against every site that may reach it,
// site by site, and returns one accumulator per point (keep: list the
// covering sites). Progress is reported in units of total as sites are
// done.
func (e *engine) judgeSites(pts []orb.Point, keep bool, total int) []pointAcc {
	xy := make([]orb.Point, len(pts))
	for i, p := range pts {
		xy[i] = e.loc.Project(p)
	}
	pg := newGrid(xy, math.Max(e.maxReach/4, 1000))
	// the points that decide between sweep and profiles: this call's,
	// or the whole run's when a shard gives them
	count := &pg
	if e.p.SweepPoints != nil {
		all := make([]orb.Point, len(e.p.SweepPoints))
		for i, p := range e.p.SweepPoints {
			all[i] = e.loc.Project(p)
		}
		g := newGrid(all, math.Max(e.maxReach/4, 1000))
		count = &g
	}
	clutter, clutterOK := e.clutter()
	workers := max(1, min(e.p.Workers, len(e.sites)))
	accs := make([][]pointAcc, workers)
	var next atomic.Int64
	var mu sync.Mutex // progress
	done, reported := 0, 0
	var wg sync.WaitGroup
	for w := range workers {
		acc := make([]pointAcc, len(pts))
		for i := range acc {
			acc[i] = newPointAcc(keep)
		}
		accs[w] = acc
		wg.Add(1)
		go func() {
			defer wg.Done()
			var idx []int32
			for {
				si := int32(next.Add(1) - 1)
				if int(si) >= len(e.sites) {
					return
				}
				idx = e.judgeSite(si, pts, &pg, count, clutter, clutterOK, acc, idx)
				if e.p.Progress != nil {
					mu.Lock()
					done++
					want := done * total / len(e.sites)
					n := want - reported
					reported = want
					mu.Unlock()
					if n > 0 {
						e.p.Progress(n)
					}
				}
			}
		}()
	}
	wg.Wait()
	out := accs[0]
	for _, acc := range accs[1:] {
		for i := range out {
			e.merge(&out[i], &acc[i])
		}
	}
	return out
}

// judgeSite folds site si's links to the points within its reach into
// acc: from its sweep, or pair by pair when few points of count (pg, or
// the whole run's) lie within reach.
func (e *engine) judgeSite(si int32, pts []orb.Point, pg, count *grid, clutter float64, clutterOK bool, acc []pointAcc, idx []int32) []int32 {
	s := &e.sites[si]
	if !s.covers {
		return idx
	}
	sxy := e.loc.Project(s.pos)
	r := s.reachM*e.k + 1
	idx = pg.within(sxy[0], sxy[1], r, idx[:0])
	n := len(idx)
	if count != pg {
		n = len(count.within(sxy[0], sxy[1], r, nil)) // once per site
	}
	var sw *sweep
	reach := s.reachM
	if clutterOK && n >= sweepMinPoints {
		sw = e.siteSweep(s, clutter, sweepFirstM, 1)
		reach = math.Min(reach, sw.reachM)
	}
	for _, at := range idx {
		q := pg.xy[at]
		dx, dy := q[0]-sxy[0], q[1]-sxy[1]
		if rk := reach*e.k + 1; dx*dx+dy*dy > rk*rk {
			continue
		}
		i := pg.item[at]
		pt := pts[i]
		tl, how := terrainLink{}, sweepExact
		if sw != nil {
			// the mid-latitude bearing picks the radials and nodes; the
			// geodesic, dearer, is left to the points the site reaches
			azM, dM := newMidLat(s.pos, pt[1]).bearing(pt[0])
			if tl, how = sw.link(s, azM, dM); how == sweepOut {
				continue
			}
		}
		az, d := s.bearingDeg(pt)
		if d > s.reachM {
			continue
		}
		pat := 0.0
		if !s.omni {
			pat = PatternLossDB(offAxisDeg(az, s.az), s.bw)
		}
		if sw != nil {
			if rx := s.eirp - tl.lossDB - pat; how == sweepValue && math.Abs(rx-s.thr) < e.p.SweepMarginDB {
				how = sweepExact
			}
		}
		if how == sweepExact {
			var err error
			tl, err = e.terrainLoss(s, pt)
			if err != nil {
				e.addErr(&acc[i], si, err)
				continue
			}
		}
		e.add(&acc[i], si, s.eirp-tl.lossDB-pat, d, tl)
	}
	return idx
}

// A radial stops after weakStopM of consecutive nodes more than
// weakMarginDB below the site's threshold: past a stretch that long, that
// deep in shadow or distance, the site serves no one further out, and the
// sweep's cost (quadratic in its length) goes where it matters.
const (
	weakStopM    = 1500
	weakMarginDB = 40
)
