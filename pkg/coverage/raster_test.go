package coverage

import (
	"errors"
	"math"
	"sort"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

type ridgeDEM struct{ lonFrom, lonTo, heightM float64 }

func (r ridgeDEM) ElevationM(lon, lat float64) (float64, error) {
	if lon < 116.9 || lon > 117.1 {
		return 0, errors.New("tile N00E116.hgt not in dem")
	}
	if lon >= r.lonFrom && lon <= r.lonTo {
		return r.heightM, nil
	}
	return 0, nil
}

// TestRasterShadow: the best-server raster of one site behind a 300 m
// ridge: east of the ridge the terrain models show a shadow (tens of dB
// below the same distance west), Hata does not; identical for 1 and 2
// workers.
func TestRasterShadow(t *testing.T) {
	site := Site{ID: "S", Pos: orb.Point{117.0, 0}, Tech: Tech4G, HeightM: 35}
	spec := RasterSpec{WestDeg: 116.985, NorthDeg: 0.0150, CellDeg: 0.0003, Width: 100, Height: 100}
	dem := ridgeDEM{117.0040, 117.0050, 300}
	at := func(g []float32, lon, lat float64) float64 {
		k, ok := spec.cellOf(orb.Point{lon, lat})
		if !ok {
			t.Fatalf("(%v, %v) outside the raster", lon, lat)
		}
		return float64(g[k])
	}
	for _, m := range []Model{ModelHata, ModelITM, ModelLOSKED} {
		var prev []float32
		for _, workers := range []int{1, 2} {
			g, _, err := BestServerRaster([]Site{site}, spec, Params{Model: m, Workers: workers}, dem, 3000)
			if err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			if prev != nil {
				for i := range g {
					if g[i] != prev[i] && !(math.IsNaN(float64(g[i])) && math.IsNaN(float64(prev[i]))) {
						t.Fatalf("%s: workers 1 and 2 differ at cell %d", m, i)
					}
				}
			}
			prev = g
		}
		east, west := at(prev, 117.009, 0), at(prev, 116.991, 0)
		shadow := west - east
		switch m {
		case ModelHata:
			if math.Abs(shadow) > 1 {
				t.Errorf("hata: east %.1f, west %.1f dBm: no terrain, no shadow expected", east, west)
			}
		default:
			if !(shadow > 20) {
				t.Errorf("%s: east %.1f, west %.1f dBm: the ridge casts no shadow", m, east, west)
			}
		}
	}
	// a cell beyond the sweep stays empty
	g, _, _ := BestServerRaster([]Site{site}, spec, Params{Model: ModelHata}, nil, 1000)
	if v := at(g, 117.013, 0); !math.IsNaN(v) {
		t.Errorf("beyond the sweep: %v", v)
	}
	// radius cannot make a signal raster; a raster over a missing tile is an error
	if _, _, err := BestServerRaster([]Site{site}, spec, Params{}, nil, 1000); !errors.Is(err, ErrBadParams) {
		t.Errorf("radius: %v", err)
	}
	far := RasterSpec{WestDeg: 117.05, NorthDeg: 0.01, CellDeg: 0.01, Width: 20, Height: 2}
	if _, _, err := BestServerRaster([]Site{{ID: "F", Pos: orb.Point{117.08, 0}, Tech: Tech4G}}, far, Params{Model: ModelLOSKED}, dem, 30000); err == nil {
		t.Error("a raster over a missing tile gave no error")
	}
}

type flatDEM struct{}

func (flatDEM) ElevationM(lon, lat float64) (float64, error) { return 10, nil }

// TestRasterAwayFromEquator: at 57.6° N a cell of 100 m north–south is
// 54 m east–west; the sweep is spaced by that smaller side, so every cell
// within the sweep gets a value, and on flat ground the raster agrees
// with the same cells judged as point targets.
func TestRasterAwayFromEquator(t *testing.T) {
	site := Site{ID: "N", Pos: orb.Point{10, 57.6}, Tech: Tech4G, HeightM: 30}
	cell := 100 / 110574.0
	n := 170
	spec := RasterSpec{WestDeg: 10 - float64(n/2)*cell, NorthDeg: 57.6 + float64(n/2)*cell, CellDeg: cell, Width: n, Height: n}
	const sweepM = 7000
	p := Params{Model: ModelITM}
	g, _, err := BestServerRaster([]Site{site}, spec, p, flatDEM{}, sweepM)
	if err != nil {
		t.Fatal(err)
	}
	var targets []Target
	var cells []int
	empty, within := 0, 0
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			c := orb.Point{spec.WestDeg + (float64(i)+0.5)*cell, spec.NorthDeg - (float64(j)+0.5)*cell}
			d := earth.DistanceM(site.Pos, c)
			if d > sweepM-150 || d < 300 {
				continue
			}
			within++
			if math.IsNaN(float64(g[j*n+i])) {
				empty++
			}
			if (i+j)%7 == 0 {
				targets = append(targets, Target{Geometry: c})
				cells = append(cells, j*n+i)
			}
		}
	}
	if empty > 0 {
		t.Errorf("%d of %d cells within the sweep are empty", empty, within)
	}
	p.Terrain = flatProfiler{}
	res, _, err := Evaluate([]Site{site}, targets, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	var diffs []float64
	for k, r := range res {
		diffs = append(diffs, math.Abs(r.SignalDBm-float64(g[cells[k]])))
	}
	sort.Float64s(diffs)
	p95, worst := diffs[len(diffs)*95/100], diffs[len(diffs)-1]
	if !(p95 < 1) || !(worst < 3) {
		t.Errorf("raster against point targets: p95 %.2f dB, max %.2f dB", p95, worst)
	}
}

// flatProfiler is flatDEM's profile, at the raster sweep's spacing.
type flatProfiler struct{}

func (flatProfiler) Profile(a, b orb.Point) ([]float64, float64, error) {
	d := earth.DistanceM(a, b)
	n := int(math.Ceil(d/30)) + 1
	prof := make([]float64, n)
	for i := range prof {
		prof[i] = 10
	}
	return prof, d / float64(n-1), nil
}
