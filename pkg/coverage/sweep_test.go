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
	var sites []Site
	for _, s := range all {
		if earth.DistanceM(s.Pos, centre) < 10000 {
			sites = append(sites, s)
		}
	}
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
	all, villages := exampleSites(t), exampleVillages(t)
	centre := all[0].Pos
	var sites []Site
	for _, s := range all {
		if earth.DistanceM(s.Pos, centre) < 10000 {
			sites = append(sites, s)
		}
	}
	var near []Target
	for _, v := range villages {
		if c, ok := v.Geometry.(orb.Polygon); ok && earth.DistanceM(c.Bound().Center(), centre) < 6000 {
			near = append(near, v)
		}
	}
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
