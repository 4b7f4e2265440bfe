package coverage

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/kukarcli/kukarcli/pkg/earth"
)

// hillTerrain is the generated DEM of the terrain benchmark
// (internal/benchtool genDEM) as a function: rolling hills of 100–400 m
// with a ridge every 0.05° of longitude, sampled every 3″ (about 92 m)
// along the great circle, and clutterM added to the inner samples as the
// CLI's DEM profiles do.
type hillTerrain struct{ clutterM float64 }

func hillElevation(p orb.Point) float64 {
	z := 150 + 80*math.Sin(p[0]*40)*math.Cos(p[1]*35) + 60*math.Sin(p[0]*130+p[1]*90)
	if r := math.Mod(p[0]*20, 1); r > 0.48 && r < 0.52 {
		z += 150
	}
	return z
}

func (h hillTerrain) Profile(a, b orb.Point) ([]float64, float64, error) {
	d := earth.DistanceM(a, b)
	const res = 3.0 / 3600 * math.Pi / 180 * 6371008.8
	n := max(int(math.Ceil(d/res)), 1)
	out := make([]float64, n+1)
	for k := range out {
		p := slerp(a, b, float64(k)/float64(n))
		if k == n {
			p = b
		}
		out[k] = hillElevation(p)
		if k != 0 && k != n {
			out[k] += h.clutterM
		}
	}
	return out, d / float64(n), nil
}

// exampleSites and exampleVillages read the embedded example
// (examples/rpjmd).
func exampleSites(t testing.TB) []Site {
	f, err := os.Open("../../examples/rpjmd/menara_ilustratif.csv")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var out []Site
	for _, r := range rows[1:] {
		num := func(k string) float64 {
			v, err := strconv.ParseFloat(r[col[k]], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		out = append(out, Site{ID: r[col["id"]], Tech: Tech(r[col["tech"]]), Pos: orb.Point{num("lon"), num("lat")},
			RadiusM: num("radius_m"), HeightM: num("height_m")})
	}
	return out
}

func exampleVillages(t testing.TB) []Target {
	b, err := os.ReadFile("../../examples/rpjmd/desa_ilustratif.geojson")
	if err != nil {
		t.Skip(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	var out []Target
	for _, f := range fc.Features {
		out = append(out, Target{Geometry: f.Geometry})
	}
	return out
}

// TestSweepAccuracy measures the sweep lookup (the default) against every
// point judged on its own profile, over the generated terrain, under both
// terrain models: the example's sites within 10 km of its first one, the
// 250 m samples of its villages within 8 km of it (every 4th), reach
// capped at 15 km. The bounds asserted are those measured (doc.go), with
// a little room.
func TestSweepAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("judges every point on its own profile")
	}
	all, villages := exampleSites(t), exampleVillages(t)
	centre := all[0].Pos
	sites := sitesWithin(all, centre, 10000)
	p := Params{Model: ModelITM, Terrain: hillTerrain{clutterM: 10}, SampleM: 250, MaxReachM: 15000}
	ts, err := Samples(all, villages, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	var pts []Target
	n := 0
	for _, s := range ts {
		for _, q := range s.Points {
			if earth.DistanceM(q, centre) < 8000 {
				if n++; n%4 == 0 {
					pts = append(pts, Target{Geometry: q})
				}
			}
		}
	}
	defer func(n int) { sweepMinPoints = n }(sweepMinPoints)
	sweepMinPoints = 0 // sweep every site, however few points it reaches
	for _, model := range []Model{ModelITM, ModelLOSKED} {
		p.Model = model
		pe := p
		pe.ExactTerrain = true
		start := time.Now()
		exact, _, err := Evaluate(sites, pts, nil, pe)
		if err != nil {
			t.Fatal(err)
		}
		tExact := time.Since(start)
		start = time.Now()
		fast, _, err := Evaluate(sites, pts, nil, p)
		if err != nil {
			t.Fatal(err)
		}
		tFast := time.Since(start)
		var diffs []float64
		flips, covered := 0, 0
		for i := range pts {
			if exact[i].Covered {
				covered++
			}
			if fast[i].Covered != exact[i].Covered {
				flips++
			}
			if fast[i].Covered && exact[i].Covered {
				diffs = append(diffs, math.Abs(fast[i].SignalDBm-exact[i].SignalDBm))
			}
		}
		sort.Float64s(diffs)
		q := func(f float64) float64 {
			if len(diffs) == 0 {
				return 0
			}
			return diffs[min(len(diffs)-1, int(f*float64(len(diffs))))]
		}
		t.Logf("%s: %d sites, %d points, %d covered (exact); verdict flips %d (%.2f %%); |ΔdBm| of the best covering signal: median %.2f, p90 %.2f, p99 %.2f, max %.2f; sweep %v, exact %v",
			model, len(sites), len(pts), covered, flips, 100*float64(flips)/float64(len(pts)), q(0.5), q(0.9), q(0.99), q(1), tFast.Round(time.Millisecond), tExact.Round(time.Millisecond))
		if float64(flips) > sweepMaxFlipShare*float64(len(pts)) {
			t.Errorf("%s: %d of %d verdicts differ from the exact ones", model, flips, len(pts))
		}
		if q(0.9) > sweepMaxP90DB {
			t.Errorf("%s: 90th percentile |ΔdBm| %.2f above %v dB", model, q(0.9), sweepMaxP90DB)
		}
	}
}

// The bounds TestSweepAccuracy asserts.
const (
	sweepMaxFlipShare = 0.01
	sweepMaxP90DB     = 2
)

// TestSweepDeterminism: the site-major sweep gives the same results,
// bit for bit, on one worker and on several, with GOMAXPROCS 1 and 2.
func TestSweepDeterminism(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps every site several times")
	}
	sites, near := nearFirstSite(t)
	if len(near) == 0 {
		t.Fatal("no village near the first site")
	}
	defer func(n int) { sweepMinPoints = n }(sweepMinPoints)
	sweepMinPoints = 0
	p := Params{Model: ModelITM, Terrain: hillTerrain{clutterM: 10}, SampleM: 500, MaxReachM: 12000}
	run := func(procs, workers int) ([]Result, [][]int32) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		q := p
		q.Workers = workers
		res, _, err := Evaluate(sites, near, nil, q)
		if err != nil {
			t.Fatal(err)
		}
		var pts []orb.Point
		for _, v := range near {
			pts = append(pts, v.Geometry.(orb.Polygon).Bound().Center())
		}
		cov, _, err := CoveringSites(sites, pts, q)
		if err != nil {
			t.Fatal(err)
		}
		return res, cov
	}
	res1, cov1 := run(1, 1)
	for _, c := range []struct{ procs, workers int }{{2, 2}, {2, 0}, {1, 3}} {
		res, cov := run(c.procs, c.workers)
		if fmt.Sprintf("%#v", res) != fmt.Sprintf("%#v", res1) {
			t.Errorf("GOMAXPROCS %d, %d workers: results differ from one worker's", c.procs, c.workers)
		}
		if !reflect.DeepEqual(cov, cov1) {
			t.Errorf("GOMAXPROCS %d, %d workers: covering sites differ from one worker's", c.procs, c.workers)
		}
	}
	covered := 0
	for _, r := range res1 {
		if r.Covered {
			covered++
		}
	}
	t.Logf("%d villages, %d covered", len(near), covered)
}

// BenchmarkSiteSweep sweeps one example site over the generated hills,
// reach capped at 30 km (720 radials, nodes every 2 DEM samples).
func BenchmarkSiteSweep(b *testing.B) {
	for _, m := range []Model{ModelITM, ModelLOSKED} {
		b.Run(string(m), func(b *testing.B) {
			sites := exampleSites(b)[:1]
			p := Params{Model: m, Terrain: hillTerrain{}, MaxReachM: 30000}
			w := warnCounter{}
			if err := p.normalise(w); err != nil {
				b.Fatal(err)
			}
			var bb bbox
			bb.add(sites[0].Pos)
			e, err := newEngine(sites, p, w, bb)
			if err != nil {
				b.Fatal(err)
			}
			nodes := 0
			for b.Loop() {
				sw := e.siteSweep(&e.sites[0], 0, sweepFirstM, 1)
				for _, r := range sw.rad {
					nodes += len(r.rx)
				}
			}
			b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
		})
	}
}

// hillDEM is hillTerrain's elevations as a raster reads them.
type hillDEM struct{}

func (hillDEM) ElevationM(lon, lat float64) (float64, error) {
	return hillElevation(orb.Point{lon, lat}), nil
}

// TestRasterSweepAccuracy measures the raster filled from site sweeps
// (Params.Terrain given) and the raster that judges every cell along its
// own radials (elevations only) against every 11th cell judged on its own
// profile, over the generated hills: one example site, 90 m cells, 12 km.
// The bounds asserted are those measured (doc.go), with a little room.
func TestRasterSweepAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("judges cells on their own profiles")
	}
	site := exampleSites(t)[0]
	const sweepM, cellM = 12000, 90
	cell := cellM / 110574.0
	n := int(2*sweepM/cellM) + 2
	spec := RasterSpec{WestDeg: site.Pos[0] - float64(n/2)*cell, NorthDeg: site.Pos[1] + float64(n/2)*cell, CellDeg: cell, Width: n, Height: n}
	p := Params{Model: ModelITM}
	cells, _, err := BestServerRaster([]Site{site}, spec, p, hillDEM{}, sweepM)
	if err != nil {
		t.Fatal(err)
	}
	p.Terrain = hillTerrain{}
	start := time.Now()
	swept, _, err := BestServerRaster([]Site{site}, spec, p, hillDEM{}, sweepM)
	if err != nil {
		t.Fatal(err)
	}
	tSwept := time.Since(start)
	var targets []Target
	var at []int
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			c := orb.Point{spec.WestDeg + (float64(i)+0.5)*cell, spec.NorthDeg - (float64(j)+0.5)*cell}
			if d := earth.DistanceM(site.Pos, c); d < sweepM-200 && (j*n+i)%11 == 0 {
				targets = append(targets, Target{Geometry: c})
				at = append(at, j*n+i)
			}
		}
	}
	p.ExactTerrain = true
	exact, _, err := Evaluate([]Site{site}, targets, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	thr := DefaultTechTable()[site.Tech].ThresholdDBm
	// where the two rasters disagree, one of them is wrong: their errors
	// lie in different cells, and add up
	between, both := 0, 0
	for k, r := range exact {
		cc, cs, ce := float64(cells[at[k]]) >= thr, float64(swept[at[k]]) >= thr, r.SignalDBm >= thr
		if cc != cs {
			between++
		} else if cc != ce {
			both++
		}
	}
	t.Logf("the two rasters disagree on %d cells (%.2f %%); both are wrong on %d", between, 100*float64(between)/float64(len(exact)), both)
	for _, c := range []struct {
		name string
		g    []float32
	}{{"cells", cells}, {"sweeps", swept}} {
		var diffs []float64
		flips, empty := 0, 0
		for k, r := range exact {
			v := float64(c.g[at[k]])
			if math.IsNaN(v) {
				empty++
				if r.SignalDBm >= thr {
					flips++
				}
				continue
			}
			if (v >= thr) != (r.SignalDBm >= thr) {
				flips++
			}
			if r.SignalDBm >= thr-20 {
				diffs = append(diffs, math.Abs(v-r.SignalDBm))
			}
		}
		sort.Float64s(diffs)
		q := func(f float64) float64 { return diffs[min(len(diffs)-1, int(f*float64(len(diffs))))] }
		t.Logf("%s: %d cells judged, %d empty; coverage verdict flips %d (%.2f %%); |ΔdBm| where within 20 dB of the threshold or above: median %.2f, p90 %.2f, p99 %.2f",
			c.name, len(exact), empty, flips, 100*float64(flips)/float64(len(exact)), q(0.5), q(0.9), q(0.99))
		if c.name == "sweeps" {
			t.Logf("sweeps: %v", tSwept.Round(time.Millisecond))
			if float64(flips) > rasterMaxFlipShare*float64(len(exact)) || q(0.9) > rasterMaxP90DB {
				t.Errorf("raster from sweeps: %d flips, p90 %.2f dB", flips, q(0.9))
			}
		}
	}
}

// The bounds TestRasterSweepAccuracy asserts.
const (
	rasterMaxFlipShare = 0.015
	rasterMaxP90DB     = 2.5
)

// TestRasterSweepShards: the raster filled from sweeps is the same, bit
// for bit, whole or as two bands of rows (RasterSpec.Row0), on one worker
// or two, with sites overlapping.
func TestRasterSweepShards(t *testing.T) {
	all := exampleSites(t)
	centre := all[0].Pos
	var sites []Site
	for _, s := range all {
		if earth.DistanceM(s.Pos, centre) < 8000 {
			sites = append(sites, s)
		}
	}
	cell := 150 / 110574.0
	n := 120
	spec := RasterSpec{WestDeg: centre[0] - float64(n/2)*cell, NorthDeg: centre[1] + float64(n/2)*cell, CellDeg: cell, Width: n, Height: n}
	p := Params{Model: ModelITM, Terrain: hillTerrain{clutterM: 10}, Workers: 1}
	whole, _, err := BestServerRaster(sites, spec, p, hillDEM{}, 6000)
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	for _, v := range whole {
		if !math.IsNaN(float64(v)) {
			filled++
		}
	}
	if filled < n*n/2 {
		t.Fatalf("only %d of %d cells filled", filled, n*n)
	}
	p.Workers = 2
	var stacked []float32
	for _, band := range [][2]int{{0, 47}, {47, n}} {
		sp := spec
		sp.Row0, sp.Height = band[0], band[1]-band[0]
		g, _, err := BestServerRaster(sites, sp, p, hillDEM{}, 6000)
		if err != nil {
			t.Fatal(err)
		}
		stacked = append(stacked, g...)
	}
	if fmt.Sprint(stacked) != fmt.Sprint(whole) {
		t.Errorf("two bands on two workers differ from the whole raster on one")
	}
}

// TestClearEnv: the envelope's clearance over every prefix of a hill
// profile, the receiver on bare ground, is minClearanceM's.
func TestClearEnv(t *testing.T) {
	prof, step, err := hillTerrain{clutterM: 10}.Profile(orb.Point{116.9, -0.4}, orb.Point{117.1, -0.3})
	if err != nil {
		t.Fatal(err)
	}
	var c clearEnv
	for k := 2; k < len(prof); k++ {
		saved := prof[k]
		prof[k] -= 10
		got, want := c.at(prof[:k+1], step, 40, 1.5), minClearanceM(prof[:k+1], step, 40, 1.5)
		prof[k] = saved
		if math.Abs(got-want) > 1e-6 {
			t.Fatalf("k %d: clearance %v, minClearanceM %v", k, got, want)
		}
	}
	if got, want := c.at(prof[:6], step, 40, 1.5), minClearanceM(prof[:6], step, 40, 1.5); math.Abs(got-want) > 1e-6 {
		t.Errorf("back to k 5: %v, want %v", got, want)
	}
}

// sitesWithin are the sites within m metres of centre.
func sitesWithin(all []Site, centre orb.Point, m float64) []Site {
	var out []Site
	for _, s := range all {
		if earth.DistanceM(s.Pos, centre) < m {
			out = append(out, s)
		}
	}
	return out
}

// nearFirstSite are the example's sites within 10 km of its first site
// and the village polygons centred within 6 km of it.
func nearFirstSite(t *testing.T) ([]Site, []Target) {
	t.Helper()
	all, villages := exampleSites(t), exampleVillages(t)
	centre := all[0].Pos
	sites := sitesWithin(all, centre, 10000)
	var near []Target
	for _, v := range villages {
		if c, ok := v.Geometry.(orb.Polygon); ok && earth.DistanceM(c.Bound().Center(), centre) < 6000 {
			near = append(near, v)
		}
	}
	return sites, near
}

// TestSweepPointsMakeShardsWhole judges half the targets, as a shard
// does, in the whole run's plane: with the whole run's sample points in
// SweepPoints every site chooses between its sweep and single profiles
// as in the whole run, and the half's results equal the whole run's bit
// for bit; without them the half counts only its own points, sweeps
// fewer sites and differs.
func TestSweepPointsMakeShardsWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps every site several times")
	}
	sites, near := nearFirstSite(t)
	p := Params{Model: ModelITM, Terrain: hillTerrain{clutterM: 10}, SampleM: 500, MaxReachM: 12000}
	b, ok := Extent(near)
	if !ok {
		t.Fatal("no extent")
	}
	p.PlaneBound = b
	smp, err := Samples(sites, near, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	var flat []orb.Point
	for _, s := range smp {
		flat = append(flat, s.Points...)
	}
	// a site reaching most of the whole run's points is swept there, but
	// not by a half that holds fewer than that
	defer func(n int) { sweepMinPoints = n }(sweepMinPoints)
	sweepMinPoints = len(flat) * 3 / 4
	whole, _, err := Evaluate(sites, near, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	var half []Target
	var rows []int
	for i, v := range near {
		if i%2 == 0 {
			half = append(half, v)
			rows = append(rows, i)
		}
	}
	judge := func(q Params) []Result {
		res, _, err := Evaluate(sites, half, nil, q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	same := func(res []Result) bool {
		for k, i := range rows {
			if fmt.Sprintf("%#v", res[k]) != fmt.Sprintf("%#v", whole[i]) {
				return false
			}
		}
		return true
	}
	q := p
	q.SweepPoints = flat
	if !same(judge(q)) {
		t.Errorf("with the whole run's points, the half's results differ from the whole run's")
	}
	if same(judge(p)) {
		t.Errorf("without them the half's results equal the whole run's too: the case tests nothing (%d points, %d villages)", len(flat), len(near))
	}
	t.Logf("%d sample points, %d villages, the half %d", len(flat), len(near), len(half))
}
