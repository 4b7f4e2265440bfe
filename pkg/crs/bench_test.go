package crs

import (
	"math"
	"testing"
)

// benchPoints gives n lon/lat points over Kutai Kartanegara (114.5–118°E,
// 1.2°S–1°N).
func benchPoints(n int) (lons, lats []float64) {
	lons, lats = make([]float64, n), make([]float64, n)
	for i := range lons {
		lons[i], lats[i] = 114.5+3.5*float64(i)/float64(n), -1.2+2.2*float64(i%97)/97
	}
	return lons, lats
}

func benchForward(b *testing.B, c CRS) {
	const n = 1024
	lons, lats := benchPoints(n)
	b.ResetTimer()
	var sink float64
	for i := 0; i < b.N; i++ {
		x, y := c.FromLonLat(lons[i%n], lats[i%n])
		sink += x + y
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
	if math.IsNaN(sink) {
		b.Fatal("NaN")
	}
}

func benchInverse(b *testing.B, c CRS) {
	const n = 1024
	lons, lats := benchPoints(n)
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i], ys[i] = c.FromLonLat(lons[i], lats[i])
	}
	b.ResetTimer()
	var sink float64
	for i := 0; i < b.N; i++ {
		lon, lat := c.ToLonLat(xs[i%n], ys[i%n])
		sink += lon + lat
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "points/s")
	if math.IsNaN(sink) {
		b.Fatal("NaN")
	}
}

func BenchmarkUTMForward(b *testing.B)         { benchForward(b, UTM(50, true)) }
func BenchmarkWebMercatorForward(b *testing.B) { benchForward(b, WebMercator) }
func BenchmarkWebMercatorInverse(b *testing.B) { benchInverse(b, WebMercator) }

func benchParse(b *testing.B, s string) CRS {
	c, err := Parse(s)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkLCCForward(b *testing.B)       { benchForward(b, benchParse(b, "ESRI:102030")) }
func BenchmarkLCCInverse(b *testing.B)       { benchInverse(b, benchParse(b, "ESRI:102030")) }
func BenchmarkAlbersInverse(b *testing.B)    { benchInverse(b, benchParse(b, "ESRI:102028")) }
func BenchmarkLAEAInverse(b *testing.B)      { benchInverse(b, benchParse(b, "EPSG:3035")) }
func BenchmarkMollweideForward(b *testing.B) { benchForward(b, benchParse(b, "ESRI:54009")) }
func BenchmarkMollweideInverse(b *testing.B) { benchInverse(b, benchParse(b, "ESRI:54009")) }

// BenchmarkBataviaUTMInverse adds the Helmert datum shift (via geocentric
// coordinates) to the UTM inverse.
func BenchmarkBataviaUTMInverse(b *testing.B) { benchInverse(b, benchParse(b, "EPSG:21150")) }
