package raster

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
)

// BenchmarkProfile30km samples 30 km at 90 m over a 3″ SRTM tile (the
// tile is loaded before the timer starts).
func BenchmarkProfile30km(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "S01E116.hgt"), hgtBytes(1201, hgtRamp), 0o644); err != nil {
		b.Fatal(err)
	}
	s, err := OpenHGTDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	from, to := orb.Point{116.80, -0.40}, orb.Point{116.99, -0.60} // 30.6 km
	if _, _, err := Profile(s, from, to, 90, 0); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		elev, _, err := Profile(s, from, to, 90, 10)
		if err != nil || len(elev) < 300 {
			b.Fatal(len(elev), err)
		}
	}
}

// BenchmarkReadGeoTIFFDeflate reads a generated 3000×3000 int16 GeoTIFF in
// Deflate-compressed strips of 16 rows with the horizontal predictor.
func BenchmarkReadGeoTIFFDeflate(b *testing.B) {
	data := tiffBuild(testTIFF{w: 3000, h: 3000, rowsPerStrip: 16, compression: 8, predictor: 2, scale: []float64{1.0 / 1200, 1.0 / 1200, 0},
		value: func(x, y int) float64 { return float64((x*7+y*13)%2000 + (x*y)%17) }})
	b.SetBytes(3000 * 3000 * 2)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		g, err := ReadGeoTIFF(bytes.NewReader(data), int64(len(data)), "bench.tif")
		if err != nil || g.Width != 3000 {
			b.Fatal(err)
		}
	}
}
