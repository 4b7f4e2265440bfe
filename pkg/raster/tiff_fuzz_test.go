package raster

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzGeoTIFF feeds arbitrary bytes as a GeoTIFF DEM: an error or a grid,
// never a panic, and never a grid larger than the input can hold.
func FuzzGeoTIFF(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "dem", "*.tif"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, c := range []testTIFF{
		{w: 5, h: 4, rowsPerStrip: 2},
		{big: true, w: 5, h: 4, format: 3, bits: 32, tileW: 16, tileH: 16, compression: 8, predictor: 3},
		{w: 9, h: 3, rowsPerStrip: 2, compression: 5, predictor: 2},
		{w: 3, h: 3, noData: "-9999"},
	} {
		c.value = rampValue
		f.Add(tiffBuild(c))
	}
	var buf bytes.Buffer
	g := NewGrid("seed", 116, 0, 0.5, 0.5, 3, 2)
	g.Data[1] = 7
	WriteGeoTIFF(&buf, g)
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ReadGeoTIFF(bytes.NewReader(data), int64(len(data)), "fuzz.tif")
		if err != nil {
			return
		}
		if g.Width <= 0 || g.Height <= 0 || len(g.Data) != g.Width*g.Height {
			t.Fatalf("grid %d×%d with %d values", g.Width, g.Height, len(g.Data))
		}
		if uint64(len(g.Data)) > uint64(len(data))*maxTIFFExpansion {
			t.Fatalf("%d values from %d bytes", len(g.Data), len(data))
		}
		b := g.Bounds()
		for _, p := range [][2]float64{{b.Min[0], b.Min[1]}, {b.Max[0], b.Max[1]}, {(b.Min[0] + b.Max[0]) / 2, (b.Min[1] + b.Max[1]) / 2}} {
			if v, err := g.ElevationM(p[0], p[1]); err == nil && math.IsNaN(v) {
				t.Fatalf("NaN elevation at %v", p)
			}
		}
	})
}
