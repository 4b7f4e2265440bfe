package traveltime

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/access"
)

// TestAgainstGRASS compares surfaces with GRASS GIS's r.cost -k
// (isotropic) and r.walk -k (Langmuir slope model) on the same cells,
// friction and start cells. GRASS works in a plane (an XY location with
// square cells), the engine on lon/lat cells whose size is computed per
// row, so the two differ by the change of cell size across the grid
// (about 1e-5 here) and by rounding.
func TestAgainstGRASS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs GRASS GIS")
	}
	grass, err := exec.LookPath("grass")
	if err != nil {
		t.Skip("GRASS GIS is not installed (Debian: apt-get install grass-core)")
	}
	const w, h, cellM = 160, 120, 250.0
	rng := rand.New(rand.NewSource(1959))
	mx, my := metresPerDeg(-0.6)
	g := Grid{WestDeg: 116.7, NorthDeg: -0.6 + float64(h)/2*cellM/my, CellXDeg: cellM / mx, CellYDeg: cellM / my, Width: w, Height: h}
	// Land cover in 4 × 4 blocks of 60 classes with speeds of 0.8 to
	// 5 km/h; hills of ±900 m, steep enough for all three slope terms.
	speeds := SpeedTable{}
	for k := 1; k <= 60; k++ {
		speeds[uint8(k)] = 0.8 + 4.2*rng.Float64()
	}
	blocks := make([]uint8, (w/4)*(h/4))
	for i := range blocks {
		blocks[i] = uint8(1 + rng.Intn(60))
	}
	lc := make([]uint8, g.Cells())
	el := make([]float32, g.Cells())
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			lc[r*w+c] = blocks[(r/4)*(w/4)+c/4]
			el[r*w+c] = float32(1000 + 900*math.Sin(float64(r)/13)*math.Cos(float64(c)/17) + 8*rng.Float64())
		}
	}
	starts := [][2]int{{10, 12}, {150, 20}, {80, 60}, {30, 110}}
	var fs []access.Point
	var coordsUnit, coordsM []string
	for i, s := range starts {
		fs = append(fs, access.Point{Pos: g.CellCentre(s[0], s[1]), ID: strconv.Itoa(i)})
		coordsUnit = append(coordsUnit, fmt.Sprintf("%g,%g", float64(s[0])+0.5, float64(h-s[1])-0.5))
		coordsM = append(coordsM, fmt.Sprintf("%g,%g", (float64(s[0])+0.5)*cellM, (float64(h-s[1])-0.5)*cellM))
	}

	dir := t.TempDir()
	pace := func(i int) float64 { return 3.6 / speeds[lc[i]] }
	// r.cost's friction is a cost per cell (on 1 × 1 cells here), r.walk's
	// a time per metre added to its a·ΔS term, which is set to 0.
	writeASCII(t, filepath.Join(dir, "cost.asc"), w, h, 1, func(i int) float64 { return pace(i) * cellM })
	writeASCII(t, filepath.Join(dir, "pace.asc"), w, h, cellM, pace)
	writeASCII(t, filepath.Join(dir, "dem.asc"), w, h, cellM, func(i int) float64 { return float64(el[i]) })
	script := fmt.Sprintf(`set -e
g.region n=%d s=0 e=%d w=0 rows=%d cols=%d
r.in.ascii input=%[5]s/cost.asc output=cost --o --q
r.cost -k input=cost output=rcost start_coordinates=%[6]s --o --q
r.out.ascii input=rcost output=%[5]s/rcost.txt precision=15 --q
g.region n=%[7]g s=0 e=%[8]g w=0 rows=%[3]d cols=%[4]d
r.in.ascii input=%[5]s/pace.asc output=pace --o --q
r.in.ascii input=%[5]s/dem.asc output=dem --o --q
r.walk -k elevation=dem friction=pace output=rwalk start_coordinates=%[9]s walk_coeff=0,6,1.9998,-1.9998 lambda=1 slope_factor=-0.2125 --o --q
r.out.ascii input=rwalk output=%[5]s/rwalk.txt precision=15 --q
`, h, w, h, w, dir, strings.Join(coordsUnit, ","), float64(h)*cellM, float64(w)*cellM, strings.Join(coordsM, ","))
	if err := os.WriteFile(filepath.Join(dir, "run.sh"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(grass, "-e", "-c", "XY", filepath.Join(dir, "loc")).CombinedOutput(); err != nil {
		t.Fatalf("grass -c XY: %v\n%s", err, out)
	}
	if out, err := exec.Command(grass, filepath.Join(dir, "loc", "PERMANENT"), "--exec", "bash", filepath.Join(dir, "run.sh")).CombinedOutput(); err != nil {
		t.Fatalf("grass: %v\n%s", err, out)
	}

	for _, tc := range []struct {
		name  string
		file  string
		slope SlopeModel
	}{{"r.cost -k", "rcost.txt", NoSlope}, {"r.walk -k", "rwalk.txt", Langmuir}} {
		p := DefaultParams()
		p.Speeds, p.Slope, p.Direction = speeds, tc.slope, FromFacility
		s, err := Compute(Inputs{Grid: g, LandCover: lc, ElevationM: el, Facilities: fs}, p)
		if err != nil {
			t.Fatal(err)
		}
		ref := readASCII(t, filepath.Join(dir, tc.file), w*h)
		var rel []float64
		for i, want := range ref {
			got := s.Minutes[i] * 60
			if want == 0 {
				if got != 0 {
					t.Fatalf("%s: start cell %d has %v s", tc.name, i, got)
				}
				continue
			}
			rel = append(rel, math.Abs(got-want)/want)
		}
		slices.Sort(rel)
		within := 0
		for _, r := range rel {
			if r <= 0.01 {
				within++
			}
		}
		share := float64(within) / float64(len(rel))
		t.Logf("%s: %d cells, %.2f %% within 1 %%; relative difference median %.2g, 99th percentile %.2g, max %.2g",
			tc.name, len(rel), 100*share, rel[len(rel)/2], rel[len(rel)*99/100], rel[len(rel)-1])
		if share < 0.99 {
			t.Errorf("%s: only %.2f %% of cells within 1 %%", tc.name, 100*share)
		}
	}
}

// writeASCII writes a GRASS ASCII raster of w × h cells of size res
// with its south-west corner at the origin.
func writeASCII(t *testing.T, path string, w, h int, res float64, v func(i int) float64) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "north: %g\nsouth: 0\neast: %g\nwest: 0\nrows: %d\ncols: %d\n", float64(h)*res, float64(w)*res, h, w)
	for r := 0; r < h; r++ {
		for c := 0; c < w; c++ {
			if c > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.FormatFloat(v(r*w+c), 'g', 17, 64))
		}
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readASCII reads the values of r.out.ascii's output; "*" (null) is NaN.
func readASCII(t *testing.T, path string, n int) []float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var v []float64
	for line := 0; sc.Scan(); line++ {
		if line < 6 {
			continue
		}
		for _, s := range strings.Fields(sc.Text()) {
			x, err := strconv.ParseFloat(s, 64)
			if s == "*" {
				x, err = math.NaN(), nil
			}
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			v = append(v, x)
		}
	}
	if len(v) != n {
		t.Fatalf("%s: %d values, want %d", path, len(v), n)
	}
	return v
}
