package coverage

import (
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/earth"
)

// ridgeTerrain is flat ground at 0 m with, optionally, a ridge of
// heightM between lonFrom and lonTo; profiles are sampled every 30 m.
type ridgeTerrain struct {
	heightM        float64
	lonFrom, lonTo float64
	fail           bool
}

func (r ridgeTerrain) Profile(a, b orb.Point) ([]float64, float64, error) {
	if r.fail {
		return nil, 0, errors.New("tile N00E117.hgt not in dem")
	}
	d := earth.DistanceM(a, b)
	n := int(math.Ceil(d/30)) + 1
	if n < 2 {
		n = 2
	}
	step := d / float64(n-1)
	out := make([]float64, n)
	for i := range out {
		lon := a[0] + (b[0]-a[0])*float64(i)/float64(n-1)
		if lon >= r.lonFrom && lon <= r.lonTo {
			out[i] = r.heightM
		}
	}
	return out, step, nil
}

// TestRidgeShadow: a village 1 km from a 4G site is covered by radius and
// Hata, and by itm and los-ked over flat ground; a 300 m ridge between
// them puts it in shadow for the terrain models only.
func TestRidgeShadow(t *testing.T) {
	site := Site{ID: "S", Pos: orb.Point{117.0, 0}, Tech: Tech4G, RadiusM: 3000, HeightM: 35}
	village := Target{Geometry: orb.Point{117.009, 0}}
	ridge := ridgeTerrain{heightM: 300, lonFrom: 117.0040, lonTo: 117.0050}
	flat := ridgeTerrain{}
	cases := []struct {
		model   Model
		terrain Profiler
		want    bool
	}{
		{ModelRadius, ridge, true},
		{ModelHata, ridge, true},
		{ModelITM, flat, true},
		{ModelLOSKED, flat, true},
		{ModelITM, ridge, false},
		{ModelLOSKED, ridge, false},
	}
	for _, c := range cases {
		res, _, err := Evaluate([]Site{site}, []Target{village}, nil, Params{Model: c.model, Terrain: c.terrain})
		if err != nil {
			t.Fatalf("%s: %v", c.model, err)
		}
		if res[0].Covered != c.want || res[0].Problem != "" {
			t.Errorf("%s over %+v: covered %v (signal %.1f dBm, problem %q), want %v", c.model, c.terrain, res[0].Covered, res[0].SignalDBm, res[0].Problem, c.want)
		}
	}
	// without terrain the terrain models are a usage error
	if _, _, err := Evaluate([]Site{site}, []Target{village}, nil, Params{Model: ModelITM}); !errors.Is(err, ErrBadParams) {
		t.Errorf("itm without terrain: %v", err)
	}
	// a missing tile is the target's problem, named, never sea level
	res, _, err := Evaluate([]Site{site}, []Target{village}, nil, Params{Model: ModelLOSKED, Terrain: ridgeTerrain{fail: true}})
	if err != nil || res[0].Covered || res[0].Problem != "tile N00E117.hgt not in dem" {
		t.Errorf("missing tile: %+v, %v", res[0], err)
	}
}
