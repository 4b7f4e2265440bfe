package coverage

import (
	"errors"
	"math"
	"testing"

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
