package coverage

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzEvaluate feeds arbitrary coordinates and parameters: the engine must
// return an error or results, never panic, and keep shares within 0..1.
func FuzzEvaluate(f *testing.F) {
	f.Add(117.0, -0.4, 117.01, -0.41, 117.03, -0.38, 250.0, 5000.0, 90.0, 65.0)
	f.Add(math.NaN(), 0.0, 1e300, -1e300, 0.0, 0.0, 0.0, -1.0, math.Inf(1), 400.0)
	f.Add(179.9, 89.9, -179.9, -89.9, 0.0, 0.0, 1e-3, 1e7, -720.0, 1e-9)
	f.Fuzz(func(t *testing.T, sx, sy, ax, ay, bx, by, sampleM, radiusM, az, bw float64) {
		sites := []Site{{ID: "s", Pos: orb.Point{sx, sy}, Tech: Tech2G, RadiusM: radiusM, AzimuthDeg: az, BeamwidthDeg: bw}}
		poly := orb.Polygon{{{ax, ay}, {bx, ay}, {bx, by}, {ax, by}, {ax, ay}}}
		targets := []Target{{Geometry: orb.Point{ax, ay}}, {Geometry: poly}, {Geometry: orb.LineString{{ax, ay}, {bx, by}}}}
		for _, m := range []Model{ModelRadius, ModelHata} {
			res, _, err := Evaluate(sites, targets, nil, Params{Model: m, SampleM: math.Max(math.Abs(sampleM), 50), MaxReachM: 50000})
			if err != nil {
				continue
			}
			for _, r := range res {
				if r.CoveredShare < 0 || r.CoveredShare > 1 || math.IsNaN(r.CoveredShare) {
					t.Fatalf("share %v", r.CoveredShare)
				}
			}
		}
		zone := []Target{{Geometry: poly}}
		_, _, _ = BlankSpotAreas(sites, zone, nil, Params{}, GapOptions{CellM: math.Max(math.Abs(sampleM), 20000)})
	})
}
