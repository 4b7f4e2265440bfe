package raster

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// hgtRamp is the 3″ fixture tile: height = col + 2·row, with the 2×2
// block at rows 10–11, columns 20–21 set by hand and voids at chosen
// samples.
func hgtRamp(col, row int) int16 { return int16(col + 2*row) }

func hgtBytes(n int, value func(col, row int) int16) []byte {
	b := make([]byte, 2*n*n)
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			binary.BigEndian.PutUint16(b[2*(r*n+c):], uint16(value(c, r)))
		}
	}
	return b
}

func hgtFixture(col, row int) int16 {
	switch [2]int{col, row} {
	case [2]int{20, 10}:
		return 10
	case [2]int{21, 10}:
		return 20
	case [2]int{20, 11}:
		return 30
	case [2]int{21, 11}:
		return 70
	case [2]int{100, 100}, [2]int{300, 300}, [2]int{301, 300}, [2]int{300, 301}, [2]int{301, 301}:
		return hgtVoid
	}
	return hgtRamp(col, row)
}

func writeHGTDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "N00E116.hgt"), hgtBytes(1201, hgtFixture), 0o644); err != nil {
		t.Fatal(err)
	}
	// A zipped neighbour to the east, lower-case name, holding a flat 50 m.
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("n00e117.hgt")
	w.Write(hgtBytes(1201, func(int, int) int16 { return 50 }))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "n00e117.SRTMGL3.hgt.zip"), zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("not a tile"), 0o644)
	return dir
}

func TestHGTSet(t *testing.T) {
	dir := writeHGTDir(t)
	s, err := OpenHGTDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Tiles(), ","); got != "N00E116,N00E117" {
		t.Errorf("tiles %s", got)
	}
	if r := s.ResolutionDeg(); r != 1.0/1200 {
		t.Errorf("resolution %v", r)
	}
	at := func(col, row float64) (float64, float64) { return 116 + col/1200, 1 - row/1200 }
	tests := []struct {
		name      string
		lon, lat  float64
		want      float64
		err       error
		errSubstr string
	}{
		{"sample 0,0", 116, 1, 0, nil, ""},
		{"sample 5,7", 116 + 5.0/1200, 1 - 7.0/1200, 19, nil, ""},
		{"south edge", 116 + 1199.0/1200, 0, 1199 + 2400, nil, ""},
		{"ramp midpoint", 116 + 500.5/1200, 1 - 600.5/1200, 500.5 + 1201, nil, ""},
		{"hand block midpoint", 116 + 20.5/1200, 1 - 10.5/1200, 32.5, nil, ""},
		{"hand block quarter", 116 + 20.25/1200, 1 - 10/1200.0, 12.5, nil, ""},
		{"zipped tile", 117.5, 0.5, 50, nil, ""},
		{"north edge served by the tile below", 116.5, 1, 600, nil, ""},
		{"north-east corner served by the tile south-west of it", 118, 1, 50, nil, ""},
		{"east edge served by the tile west of it", 118, 0.5, 50, nil, ""},
		{"missing tile south", 116.5, -0.25, 0, ErrDEMMissing, "S01E116.hgt"},
		{"missing tile west", 115.9, 0.5, 0, ErrDEMMissing, "N00E115.hgt"},
		{"all four voids", 116 + 300.5/1200, 1 - 300.5/1200, 0, ErrDEMVoid, "N00E116.hgt"},
		{"on a void sample in a void block", 116 + 300.0/1200, 1 - 300.0/1200, 0, ErrDEMVoid, "N00E116.hgt"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ElevationM(tc.lon, tc.lat)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.errSubstr) {
					t.Fatalf("got %v, %v; want %v naming %s", got, err, tc.err, tc.errSubstr)
				}
				return
			}
			if err != nil || math.Abs(got-tc.want) > 1e-9 {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	// One void corner: the other three carry the value, weights renormalised.
	lon, lat := at(100.5, 100.5)
	want := (float64(hgtRamp(101, 100)) + float64(hgtRamp(100, 101)) + float64(hgtRamp(101, 101))) / 3
	if got, err := s.ElevationM(lon, lat); err != nil || math.Abs(got-want) > 1e-9 {
		t.Errorf("next to one void: %v, %v; want %v", got, err, want)
	}
	// Concurrent first use loads each tile once and agrees.
	s2, _ := OpenHGTDir(dir)
	var wg sync.WaitGroup
	res := make([]float64, 8)
	for i := range res {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i], _ = s2.ElevationM(116.3, 0.7)
		}()
	}
	wg.Wait()
	for _, v := range res {
		if math.Abs(v-(360+2*360)) > 1e-9 {
			t.Fatalf("concurrent lookups %v", res)
		}
	}
}

func TestOpenHGTDirErrors(t *testing.T) {
	t.Run("wrong size", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "S01E117.hgt"), make([]byte, 1000), 0o644)
		_, err := OpenHGTDir(dir)
		if err == nil || !strings.Contains(err.Error(), "S01E117.hgt") || !strings.Contains(err.Error(), "1000 bytes") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("empty folder", func(t *testing.T) {
		if _, err := OpenHGTDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no SRTM tiles") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("1 arc-second by size", func(t *testing.T) {
		dir := t.TempDir()
		f, _ := os.Create(filepath.Join(dir, "S01E117.hgt"))
		f.Truncate(3601 * 3601 * 2) // sparse: all zeros
		f.Close()
		s, err := OpenHGTDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if s.ResolutionDeg() != 1.0/3600 {
			t.Errorf("resolution %v", s.ResolutionDeg())
		}
		if v, err := s.ElevationM(117.3, -0.6); err != nil || v != 0 {
			t.Errorf("got %v, %v", v, err)
		}
	})
	t.Run("zip without hgt", func(t *testing.T) {
		dir := t.TempDir()
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		zw.Create("other.txt")
		zw.Close()
		os.WriteFile(filepath.Join(dir, "N00E116.hgt.zip"), zb.Bytes(), 0o644)
		if _, err := OpenHGTDir(dir); err == nil || !strings.Contains(err.Error(), "no .hgt") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("truncated after open", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "N00E116.hgt")
		os.WriteFile(p, hgtBytes(1201, hgtRamp), 0o644)
		s, err := OpenHGTDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		os.Truncate(p, 1000)
		if _, err := s.ElevationM(116.5, 0.5); err == nil || !strings.Contains(err.Error(), "truncated") {
			t.Fatalf("got %v", err)
		}
	})
}

func TestParseHGTName(t *testing.T) {
	tests := []struct {
		name     string
		lat, lon int
		zip, ok  bool
	}{
		{"N00E116.hgt", 0, 116, false, true},
		{"S01E117.hgt", -1, 117, false, true},
		{"s01w001.HGT", -1, -1, false, true},
		{"N00E116.SRTMGL1.hgt.zip", 0, 116, true, true},
		{"N00E116.hgt.zip", 0, 116, true, true},
		{"N0E116.hgt", 0, 0, false, false},
		{"N91E116.hgt", 0, 0, false, false},
		{"N00E180.hgt", 0, 0, false, false},
		{"X00E116.hgt", 0, 0, false, false},
		{"N00E116.tif", 0, 0, false, false},
	}
	for _, tc := range tests {
		lat, lon, z, ok := parseHGTName(tc.name)
		if ok != tc.ok || (ok && (lat != tc.lat || lon != tc.lon || z != tc.zip)) {
			t.Errorf("%s: got %d %d %v %v", tc.name, lat, lon, z, ok)
		}
		if ok && !strings.HasPrefix(strings.ToUpper(tc.name), hgtTileName(lat, lon)) {
			t.Errorf("%s: canonical name %s", tc.name, hgtTileName(lat, lon))
		}
	}
}

// planeGrid is a grid whose values are a linear function of lon and lat,
// which bilinear interpolation reproduces exactly.
func planeGrid() *Grid {
	g := NewGrid("plane", 116, 0, 1.0/1200, 1.0/1200, 1200, 1200)
	for j := 0; j < g.Height; j++ {
		for i := 0; i < g.Width; i++ {
			c := g.CellCentre(i, j)
			g.Data[j*g.Width+i] = float32(planeValue(c[0], c[1]))
		}
	}
	return g
}

func planeValue(lon, lat float64) float64 { return 1000*(lon-116) - 500*lat }

func TestProfile(t *testing.T) {
	g := planeGrid()
	from, to := orb.Point{116.1, -0.2}, orb.Point{116.3, -0.5}
	lengthM := earth.DistanceM(from, to)
	tests := []struct {
		name         string
		stepM, clutM float64
		wantN        int
	}{
		{"auto step", 0, 0, int(math.Ceil(lengthM / (metresPerDegree / 1200 * math.Cos(0.35*math.Pi/180))))},
		{"100 m with forest", 100, 20, int(math.Ceil(lengthM / 100))},
		{"longer than the path", 1e6, 20, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			elev, sp, err := Profile(g, from, to, tc.stepM, tc.clutM)
			if err != nil {
				t.Fatal(err)
			}
			if len(elev) != tc.wantN+1 {
				t.Fatalf("%d samples, want %d", len(elev), tc.wantN+1)
			}
			if math.Abs(sp*float64(tc.wantN)-lengthM) > 1e-6 {
				t.Errorf("spacing %v × %d != %v", sp, tc.wantN, lengthM)
			}
			if elev[0] != planeValue(from[0], from[1]) || math.Abs(elev[tc.wantN]-planeValue(to[0], to[1])) > 1e-3 {
				t.Errorf("ends %v %v", elev[0], elev[tc.wantN])
			}
			// Interior samples: the plane (float32-rounded) plus clutter; the
			// great circle stays within 1e-6° of the straight lon/lat line here.
			for k := 1; k < tc.wantN; k++ {
				f := float64(k) / float64(tc.wantN)
				lon, lat := from[0]+f*(to[0]-from[0]), from[1]+f*(to[1]-from[1])
				if d := elev[k] - tc.clutM - planeValue(lon, lat); math.Abs(d) > 0.01 {
					t.Fatalf("sample %d off by %v", k, d)
				}
			}
		})
	}
	t.Run("same point", func(t *testing.T) {
		elev, sp, err := Profile(g, from, from, 0, 10)
		if err != nil || len(elev) != 2 || sp != 0 || elev[0] != elev[1] {
			t.Fatalf("got %v %v %v", elev, sp, err)
		}
	})
	t.Run("leaves the grid", func(t *testing.T) {
		_, _, err := Profile(g, from, orb.Point{117.5, -0.5}, 0, 0)
		if !errors.Is(err, ErrDEMMissing) || !strings.Contains(err.Error(), "plane") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("bad step", func(t *testing.T) {
		if _, _, err := Profile(g, from, to, -1, 0); err == nil {
			t.Fatal("negative step accepted")
		}
		if _, _, err := Profile(g, from, to, 1e-6, 0); err == nil {
			t.Fatal("ten billion samples accepted")
		}
	})
}

// TestProfileSpacing measures how far the great-circle sample points stray
// from equal geodesic spacing on WGS 84 (the figure in Profile's doc).
func TestProfileSpacing(t *testing.T) {
	from, to := orb.Point{116.8, -0.4}, orb.Point{117.05, -0.6} // ~35 km across Kukar
	n := 350
	c := newArc(from, to)
	lengthM := earth.DistanceM(from, to)
	worst := 0.0
	for k := 0; k <= n; k++ {
		p := c.at(k, n)
		along := earth.DistanceM(from, p)
		worst = math.Max(worst, math.Abs(along-lengthM*float64(k)/float64(n)))
		// Off-track: the detour via p over the direct length.
		if d := earth.DistanceM(from, p) + earth.DistanceM(p, to) - lengthM; d > 0.01 {
			t.Fatalf("point %d is %v m off the geodesic's length", k, d)
		}
	}
	t.Logf("max along-track error over %.0f m: %.3f m", lengthM, worst)
	if worst > 0.5 {
		t.Errorf("along-track error %v m", worst)
	}
}

func TestProfileMissingTile(t *testing.T) {
	s, err := OpenHGTDir(writeHGTDir(t))
	if err != nil {
		t.Fatal(err)
	}
	// From N00E116 south into S01E116, which is not there.
	_, _, err = Profile(s, orb.Point{116.5, 0.1}, orb.Point{116.5, -0.1}, 90, 0)
	if !errors.Is(err, ErrDEMMissing) || !strings.Contains(err.Error(), "S01E116.hgt") {
		t.Fatalf("got %v", err)
	}
	// East across the tile edge into the zipped tile.
	elev, _, err := Profile(s, orb.Point{116.99, 0.5}, orb.Point{117.01, 0.5}, 90, 5)
	if err != nil {
		t.Fatal(err)
	}
	if last := elev[len(elev)-1]; last != 50 {
		t.Errorf("end in the zipped tile: %v", last)
	}
	if mid := elev[len(elev)-2]; mid != 55 {
		t.Errorf("last interior sample with clutter: %v", mid)
	}
}

func TestOpenDEM(t *testing.T) {
	dir := writeHGTDir(t)
	tif := filepath.Join(t.TempDir(), "dem.tif")
	var buf bytes.Buffer
	WriteGeoTIFF(&buf, planeGrid())
	os.WriteFile(tif, buf.Bytes(), 0o644)
	tests := []struct {
		path    string
		lon     float64
		lat     float64
		want    float64
		wantErr string
	}{
		{dir, 116 + 5.0/1200, 1 - 7.0/1200, 19, ""},
		{filepath.Join(dir, "N00E116.hgt"), 116 + 5.0/1200, 1 - 7.0/1200, 19, ""},
		{filepath.Join(dir, "n00e117.SRTMGL3.hgt.zip"), 117.5, 0.5, 50, ""},
		{tif, 116.5, -0.5, planeValue(116.5, -0.5), ""},
		{filepath.Join(dir, "readme.txt"), 0, 0, 0, "not a DEM"},
		{filepath.Join(dir, "absent.tif"), 0, 0, 0, "absent.tif"},
	}
	for _, tc := range tests {
		d, err := OpenDEM(tc.path)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s: got %v, want %q", tc.path, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if v, err := d.ElevationM(tc.lon, tc.lat); err != nil || math.Abs(v-tc.want) > 1e-3 {
			t.Errorf("%s: got %v, %v; want %v", tc.path, v, err, tc.want)
		}
	}
}

func ExampleProfile() {
	// A 0.01° grid sloping up to the east by 1 m per cell.
	g := NewGrid("slope", 116.0, 0.0, 0.01, 0.01, 100, 100)
	for j := 0; j < g.Height; j++ {
		for i := 0; i < g.Width; i++ {
			g.Data[j*g.Width+i] = float32(i)
		}
	}
	elev, spacingM, err := Profile(g, orb.Point{116.105, -0.5}, orb.Point{116.145, -0.5}, 1000, 15)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d samples %.1f m apart\n", len(elev), spacingM)
	for _, e := range elev {
		fmt.Printf("%.1f ", e)
	}
	fmt.Println()
	// Output:
	// 6 samples 890.5 m apart
	// 10.0 25.8 26.6 27.4 28.2 14.0
}

func TestGeoTIFFSet(t *testing.T) {
	dir := t.TempDir()
	// Two 1°×1° tiles side by side at 0.01° (116–117 and 117–118), and a
	// third that overlaps the first and must lose to it (name order).
	write := func(name string, west float64, value func(lon, lat float64) float64) {
		g := NewGrid(name, west, 0, 0.01, 0.01, 100, 100)
		for j := 0; j < g.Height; j++ {
			for i := 0; i < g.Width; i++ {
				c := g.CellCentre(i, j)
				g.Data[j*g.Width+i] = float32(value(c[0], c[1]))
			}
		}
		var buf bytes.Buffer
		if err := WriteGeoTIFF(&buf, g); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644)
	}
	plane := func(lon, lat float64) float64 { return 100*(lon-116) - 50*lat }
	write("a_west.tif", 116, plane)
	write("b_east.tif", 117, plane)
	write("c_overlap.tif", 116.5, func(float64, float64) float64 { return -1 })
	d, err := OpenDEM(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.(*GeoTIFFSet); !ok || d.ResolutionDeg() != 0.01 {
		t.Fatalf("got %T %v", d, d.ResolutionDeg())
	}
	tests := []struct {
		lon, lat float64
		want     float64
		err      error
	}{
		{116.255, -0.505, plane(116.255, -0.505), nil},
		{116.755, -0.305, plane(116.755, -0.305), nil}, // in a_west and c_overlap: a_west wins
		{117.405, -0.905, plane(117.405, -0.905), nil},
		{117.9, -1.5, 0, ErrDEMMissing},
	}
	for _, tc := range tests {
		got, err := d.ElevationM(tc.lon, tc.lat)
		if !errors.Is(err, tc.err) || (err == nil && math.Abs(got-tc.want) > 1e-3) {
			t.Errorf("(%v, %v): got %v, %v; want %v, %v", tc.lon, tc.lat, got, err, tc.want, tc.err)
		}
	}
	os.WriteFile(filepath.Join(dir, "d_bad.tif"), []byte("II*\x00"), 0o644)
	if _, err := OpenDEM(dir); err == nil || !strings.Contains(err.Error(), "d_bad.tif") {
		t.Errorf("bad tile: %v", err)
	}
}

func TestCheckCovers(t *testing.T) {
	s, err := OpenHGTDir(writeHGTDir(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckCovers(s, "srtm", "sites", []orb.Point{{116.5, 0.5}, {118, 1}, {117, 0}}); err != nil {
		t.Errorf("points on the tiles: %v", err)
	}
	err = CheckCovers(s, "srtm", "sites", []orb.Point{{116.5, 0.5}, {115.5, 0.5}, {115.2, 0.1}, {117.5, -0.5}})
	if !errors.Is(err, ErrDEMMissing) || err.Error() != "srtm: no elevation at 3 of the 4 sites; 1° tiles missing (SRTM names): N00E115, S01E117" {
		t.Errorf("missing tiles: %v", err)
	}
	g := planeGrid()
	err = CheckCovers(g, "plane.tif", "sites", []orb.Point{{0, 0}})
	if !errors.Is(err, ErrDEMMissing) || !strings.Contains(err.Error(), "plane.tif: no elevation at 1 of the 1 sites: they lie outside the grid") {
		t.Errorf("outside a grid: %v", err)
	}
}

// TestDEMCacheBudget: with a budget of one tile, reading three tiles in
// turn keeps only the last, and every lookup still gives the same value.
func TestDEMCacheBudget(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"N00E116.hgt", "N00E117.hgt", "S01E116.hgt"} {
		base := int16(name[0]) + int16(name[6])
		val := func(col, row int) int16 { return base + int16((col+row)%97) }
		if err := os.WriteFile(filepath.Join(dir, name), hgtBytes(1201, val), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := OpenHGTDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.CacheBytes() != DefaultDEMCacheBytes {
		t.Fatalf("default budget %d", s.CacheBytes())
	}
	var _ DEMCache = s
	pts := [][2]float64{{116.5, 0.5}, {117.5, 0.5}, {116.5, -0.5}}
	want := make([]float64, len(pts))
	for i, p := range pts {
		if want[i], err = s.ElevationM(p[0], p[1]); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.cache.held(); got != 3*1201*1201*2 {
		t.Fatalf("default budget holds %d bytes, want all three tiles", got)
	}
	s.SetCacheBytes(1201 * 1201 * 2)
	if got := s.cache.held(); got != 1201*1201*2 {
		t.Fatalf("after SetCacheBytes %d bytes held", got)
	}
	for round := 0; round < 2; round++ {
		for i, p := range pts {
			got, err := s.ElevationM(p[0], p[1])
			if err != nil || got != want[i] {
				t.Fatalf("round %d point %v: %v, %v, want %v", round, p, got, err, want[i])
			}
			if held := s.cache.held(); held != 1201*1201*2 {
				t.Fatalf("%d bytes held over a one-tile budget", held)
			}
		}
	}
	if s.tiles[hgtKey(-1, 116)].data.Load() == nil || s.tiles[hgtKey(0, 116)].data.Load() != nil {
		t.Error("the least recently used tile was not the one dropped")
	}
}
