package shp

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// BenchmarkSHPReadKecamatan reads the 20 kecamatan polygons of Kutai
// Kartanegara (34 KB .shp, 12 KB .dbf) through openShapefile.
func BenchmarkSHPReadKecamatan(b *testing.B) {
	path := filepath.Join("testdata", "shp", "kukar", "kukar_6402_kecamatan.shp")
	var size int64
	for _, ext := range []string{".shp", ".shx", ".dbf"} {
		st, err := os.Stat(path[:len(path)-4] + ext)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		rs, err := openShapefile(geoio.Source{Path: path}, geoio.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := rs[0].Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		rs[0].Close()
		if n != 20 {
			b.Fatalf("%d features", n)
		}
	}
}

// BenchmarkSHPWrite100k writes 100,000 generated square polygons (one
// hole in every tenth) with an integer, a real and a text attribute.
func BenchmarkSHPWrite100k(b *testing.B) {
	const n = 100_000
	fs := make([]*geoio.Feature, n)
	for i := range fs {
		x, y := 116+float64(i%1000)*0.001, -1+float64(i/1000)*0.001
		p := orb.Polygon{{{x, y}, {x, y + 0.0009}, {x + 0.0009, y + 0.0009}, {x + 0.0009, y}, {x, y}}}
		if i%10 == 0 {
			p = append(p, orb.Ring{{x + 0.0002, y + 0.0002}, {x + 0.0004, y + 0.0002}, {x + 0.0004, y + 0.0004}, {x + 0.0002, y + 0.0004}, {x + 0.0002, y + 0.0002}})
		}
		fs[i] = &geoio.Feature{Geometry: p, Properties: geoio.Properties{
			{Key: "id", Value: int64(i)}, {Key: "area_km2", Value: 0.0081 * float64(i%7+1)}, {Key: "nama", Value: "desa " + strconv.Itoa(i)},
		}}
	}
	fields := []geoio.Field{{Name: "id", Type: geoio.FieldInt}, {Name: "area_km2", Type: geoio.FieldFloat}, {Name: "nama", Type: geoio.FieldString, Width: 40}}
	dir := b.TempDir()
	write := func() int64 {
		path := filepath.Join(dir, "bench.shp")
		w, err := createShapefile(path, geoio.Layer{Fields: fields}, geoio.WriteOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range fs {
			if err := w.Write(f); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		var size int64
		for _, ext := range []string{".shp", ".shx", ".dbf"} {
			st, _ := os.Stat(filepath.Join(dir, "bench"+ext))
			size += st.Size()
		}
		return size
	}
	b.SetBytes(write())
	b.ReportAllocs()
	for b.Loop() {
		write()
	}
}
