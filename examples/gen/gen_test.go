package main

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// generated runs the generator once per test binary.
var generated struct {
	dir   string
	stats Stats
	err   error
}

func generateOnce(t *testing.T) (string, Stats) {
	t.Helper()
	if generated.dir == "" && generated.err == nil {
		dir, err := os.MkdirTemp("", "rpjmd")
		if err != nil {
			t.Fatal(err)
		}
		generated.dir = dir
		generated.stats, generated.err = generate("..", dir)
	}
	if generated.err != nil {
		t.Fatal(generated.err)
	}
	return generated.dir, generated.stats
}

func TestMain(m *testing.M) {
	code := m.Run()
	if generated.dir != "" {
		os.RemoveAll(generated.dir)
	}
	os.Exit(code)
}

// TestCommittedFilesAreReproducible guards that the committed example can
// always be rebuilt: a fresh run gives the same files, byte for byte.
func TestCommittedFilesAreReproducible(t *testing.T) {
	dir, _ := generateOnce(t)
	fresh, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadDir(filepath.Join("..", "rpjmd"))
	if err != nil {
		t.Fatal(err)
	}
	names := func(es []os.DirEntry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name())
		}
		sort.Strings(out)
		return out
	}
	if got, want := names(fresh), names(committed); !equalStrings(got, want) {
		t.Fatalf("generated files %v, committed %v", got, want)
	}
	for _, n := range names(fresh) {
		a, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join("..", "rpjmd", n))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs from a fresh run (%d vs %d bytes); run go run ./examples/gen", n, len(b), len(a))
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func num(p geoio.Properties, k string) float64 {
	v, _ := p.Get(k)
	switch v := v.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return 0
}

// TestCommitted2022Coverage reads the committed files as the commands do
// and checks the calibration: 218 of 237 villages covered by the sites on
// air by 2022, fewer in 2021, more in 2023.
func TestCommitted2022Coverage(t *testing.T) {
	desa, err := readLayer(filepath.Join("..", "rpjmd", "desa_ilustratif.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	sites, err := readLayer(filepath.Join("..", "rpjmd", "menara_ilustratif.csv"))
	if err != nil {
		t.Fatal(err)
	}
	targets := make([]coverage.Target, len(desa))
	pop := 0.0
	for i, f := range desa {
		targets[i] = coverage.Target{Geometry: f.Geometry, Population: num(f.Properties, "penduduk")}
		pop += targets[i].Population
	}
	if len(desa) != 237 || pop != totalPopulation {
		t.Fatalf("%d villages, population %v; want 237 and %d", len(desa), pop, totalPopulation)
	}
	count := func(year int) int {
		var ss []coverage.Site
		for _, f := range sites {
			if int(num(f.Properties, "year")) > year {
				continue
			}
			tech, _ := f.Properties.Get("tech")
			ts, _ := tech.(string)
			pos, _ := geoio.RepresentativePoint(f.Geometry)
			ss = append(ss, coverage.Site{ID: f.IDString(), Pos: pos, Tech: coverage.Tech(ts),
				RadiusM: num(f.Properties, "radius_m"), HeightM: num(f.Properties, "height_m")})
		}
		_, sum, err := coverage.Evaluate(ss, targets, nil, coverage.Params{Model: coverage.ModelRadius, SampleM: 250, MinShare: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		return sum.Covered
	}
	c21, c22, c23 := count(2021), count(2022), count(2023)
	if c22 != 218 {
		t.Errorf("2022: %d villages covered, want 218", c22)
	}
	if !(c21 < c22 && c22 < c23) {
		t.Errorf("covered counts 2021 %d, 2022 %d, 2023 %d do not grow", c21, c22, c23)
	}
}

// TestRoadlessVillages checks that the access engine finds exactly the
// road-less villages without land access, and that there are 15 to 25.
func TestRoadlessVillages(t *testing.T) {
	_, st := generateOnce(t)
	if st.Roadless < 15 || st.Roadless > 25 {
		t.Errorf("%d road-less villages, want 15–25", st.Roadless)
	}
	if st.NoLandAccess != st.Roadless {
		t.Errorf("access engine finds %d villages without land access, generator made %d road-less", st.NoLandAccess, st.Roadless)
	}
	if st.CoveredByYear[2022] != covered2022 || st.CoveredByYear[2026] <= covered2022 {
		t.Errorf("covered by year %v", st.CoveredByYear)
	}
}
