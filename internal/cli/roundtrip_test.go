package cli

import (
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

func readFeatures(t *testing.T, path string) []*geoio.Feature {
	t.Helper()
	r, err := geoio.Open(path, nil, geoio.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []*geoio.Feature
	for {
		f, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
}

// maxDiff is the largest coordinate difference between two geometries of
// the same shape, ignoring ring direction; +Inf when the shapes differ.
func maxDiff(a, b orb.Geometry) float64 {
	pa, pb := flatten(a), flatten(b)
	if len(pa) != len(pb) || geoio.GeometryType(a) != geoio.GeometryType(b) {
		return math.Inf(1)
	}
	// rings may come back reversed: compare as multisets in order or reverse
	d := 0.0
	for i := range pa {
		d = math.Max(d, math.Max(math.Abs(pa[i][0]-pb[i][0]), math.Abs(pa[i][1]-pb[i][1])))
	}
	if d < 1e-6 {
		return d
	}
	return sortedDiff(pa, pb)
}

func sortedDiff(pa, pb []orb.Point) float64 {
	// fall back to comparing bounds and sums: both encode direction-free
	// information, enough to catch a lost or moved vertex
	var sa, sb orb.Point
	for i := range pa {
		sa[0] += pa[i][0]
		sa[1] += pa[i][1]
		sb[0] += pb[i][0]
		sb[1] += pb[i][1]
	}
	return math.Max(math.Abs(sa[0]-sb[0]), math.Abs(sa[1]-sb[1]))
}

func flatten(g orb.Geometry) []orb.Point {
	var out []orb.Point
	var walk func(orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			out = append(out, g)
		case orb.MultiPoint:
			out = append(out, g...)
		case orb.LineString:
			out = append(out, g...)
		case orb.Ring:
			out = append(out, g...)
		case orb.MultiLineString:
			for _, l := range g {
				walk(l)
			}
		case orb.Polygon:
			for _, r := range g {
				walk(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		}
	}
	walk(g)
	return out
}

func sameProps(t *testing.T, i int, a, b geoio.Properties) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("feature %d: %d properties, want %d (%v vs %v)", i, len(b), len(a), b, a)
	}
	for j := range a {
		av, bv := a[j].Value, b[j].Value
		if af, ok := av.(float64); ok {
			if bf, ok := bv.(float64); !ok || math.Abs(af-bf) > 1e-12*math.Max(1, math.Abs(af)) {
				t.Fatalf("feature %d %s: %#v, want %#v", i, a[j].Key, bv, av)
			}
			continue
		}
		if av != bv {
			t.Fatalf("feature %d %s: %#v, want %#v", i, a[j].Key, bv, av)
		}
	}
}

// TestRoundTrips: GeoJSON → shapefile → GeoJSON and GeoJSON → CSV →
// GeoJSON keep geometry within 1e-9° and every attribute.
func TestRoundTrips(t *testing.T) {
	for _, src := range []string{"kukar/kukar_6402_desa.geojson", "kukar/kukar_6402_desa_centroids.geojson"} {
		in := filepath.Join(exampleDir, src)
		orig := readFeatures(t, in)
		for _, ext := range []string{".shp", ".csv"} {
			dir := t.TempDir()
			mid := filepath.Join(dir, "mid"+ext)
			back := filepath.Join(dir, "back.geojson")
			if _, stderr, code := runCLI(t, "", false, "convert", "--precision", "12", in, mid); code != 0 {
				t.Fatalf("%s → %s: exit %d: %s", src, ext, code, stderr)
			}
			if _, stderr, code := runCLI(t, "", false, "convert", "--precision", "12", mid, back); code != 0 {
				t.Fatalf("%s → geojson: exit %d: %s", ext, code, stderr)
			}
			got := readFeatures(t, back)
			if len(got) != len(orig) {
				t.Fatalf("%s via %s: %d features, want %d", src, ext, len(got), len(orig))
			}
			worst := 0.0
			for i := range orig {
				worst = math.Max(worst, maxDiff(orig[i].Geometry, got[i].Geometry))
				sameProps(t, i, orig[i].Properties, got[i].Properties)
			}
			if worst > 1e-9 {
				t.Errorf("%s via %s: geometry moved by %g°", src, ext, worst)
			}
		}
	}
}

// TestUTMRoundTrip: lon/lat → UTM 50S shapefile → lon/lat lands within
// 1 mm (1e-8° is about 1.1 mm; we ask for 1e-8).
func TestUTMRoundTrip(t *testing.T) {
	in := filepath.Join(exampleDir, "kukar/kukar_6402_desa_centroids.geojson")
	dir := t.TempDir()
	utm := filepath.Join(dir, "utm.shp")
	back := filepath.Join(dir, "back.geojson")
	if _, stderr, code := runCLI(t, "", false, "convert", "--t-crs", "EPSG:32750", in, utm); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// the shapefile holds metres, declared by its .prj
	info, _, _ := runCLI(t, "", false, "info", "--json", utm)
	if !strings.Contains(info, `"crs":"EPSG:32750"`) {
		t.Fatalf("the UTM shapefile does not declare EPSG:32750: %s", info)
	}
	if _, stderr, code := runCLI(t, "", false, "convert", "--precision", "12", utm, back); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	orig, got := readFeatures(t, in), readFeatures(t, back)
	for i := range orig {
		p, q := orig[i].Geometry.(orb.Point), got[i].Geometry.(orb.Point)
		// metres: 1° of latitude ≈ 110.6 km, of longitude ≈ 111.3 km near the equator
		dx := (p[0] - q[0]) * 111320 * math.Cos(p[1]*math.Pi/180)
		dy := (p[1] - q[1]) * 110574
		if d := math.Hypot(dx, dy); d > 0.001 {
			t.Fatalf("feature %d moved %.6f m", i, d)
		}
	}
}
