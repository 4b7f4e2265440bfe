package gpkg

import (
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// benchPoints writes n village points with five attributes.
func benchPoints(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "points.gpkg")
	fields := []geoio.Field{{Name: "kode", Type: geoio.FieldString}, {Name: "nama", Type: geoio.FieldString},
		{Name: "kecamatan", Type: geoio.FieldString}, {Name: "penduduk", Type: geoio.FieldInt}, {Name: "share", Type: geoio.FieldFloat}}
	w, err := Create(path, geoio.Layer{Name: "points", Fields: fields}, geoio.WriteOptions{})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		f := &geoio.Feature{ID: int64(i), Geometry: orb.Point{115 + 2.5*rng.Float64(), -1.2 + 2.7*rng.Float64()},
			Properties: geoio.Properties{{Key: "kode", Value: fmt.Sprintf("64.02.%02d.%04d", i%18, i%10000)},
				{Key: "nama", Value: fmt.Sprintf("Dusun %d", i)}, {Key: "kecamatan", Value: "Tenggarong"},
				{Key: "penduduk", Value: int64(rng.IntN(5000))}, {Key: "share", Value: rng.Float64()}}}
		if err := w.Write(f); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

func BenchmarkWritePoints(b *testing.B) {
	for b.Loop() {
		benchPoints(b, 100000)
	}
}

func BenchmarkReadPoints(b *testing.B) {
	path := benchPoints(b, 100000)
	for b.Loop() {
		rs, err := Open(geoio.Source{Path: path}, geoio.ReadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := rs[0].Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		rs[0].Close()
	}
}
