package traveltime

import (
	"container/heap"
	"errors"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/access"
	"github.com/paulmach/orb"
)

// refItem and refHeap are a plain binary heap of (time, facility, cell)
// for the reference search.
type refItem struct {
	t    float64
	f, c int
}
type refHeap []refItem

func (h refHeap) Len() int { return len(h) }
func (h refHeap) Less(i, j int) bool {
	if h[i].t != h[j].t {
		return h[i].t < h[j].t
	}
	return h[i].f < h[j].f
}
func (h refHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)   { *h = append(*h, x.(refItem)) }
func (h *refHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// refRadii are WGS 84's metres per degree of longitude and latitude,
// written out again from the textbook formulas.
func refRadii(latDeg float64) (mx, my float64) {
	a, f := 6378137.0, 1/298.257223563
	e2 := 2*f - f*f
	phi := latDeg * math.Pi / 180
	d := 1 - e2*math.Sin(phi)*math.Sin(phi)
	return a / math.Sqrt(d) * math.Cos(phi) * math.Pi / 180, a * (1 - e2) / math.Pow(d, 1.5) * math.Pi / 180
}

// refSurface is a plain lazy-deletion Dijkstra over the 16-neighbour
// cell graph: the pace of a move is sampled at the middle of each
// quarter of its straight line, its length taken at the middle
// latitude, and the slope applied in the direction of travel.
func refSurface(g Grid, lc []uint8, elev []float32, fac []int, p Params) (minutes []float64, facility []int) {
	p, _ = p.resolved()
	pace := func(c int) float64 {
		if lc == nil {
			return 3.6 / p.WalkSpeedKMH
		}
		v := p.Speeds[lc[c]]
		if v <= 0 {
			return math.Inf(1)
		}
		return 3.6 / v
	}
	n := g.Width * g.Height
	dist := make([]float64, n)
	owner := make([]int, n)
	doneC := make([]bool, n)
	for i := range dist {
		dist[i] = math.Inf(1)
		owner[i] = -1
	}
	h := &refHeap{}
	for i, c := range fac {
		if 0 < dist[c] || (dist[c] == 0 && i < owner[c]) {
			dist[c], owner[c] = 0, i
			heap.Push(h, refItem{0, i, c})
		}
	}
	for h.Len() > 0 {
		it := heap.Pop(h).(refItem)
		x := it.c
		if doneC[x] || it.t != dist[x] || it.f != owner[x] {
			continue
		}
		doneC[x] = true
		xc, xr := x%g.Width, x/g.Width
		for dr := -2; dr <= 2; dr++ {
			for dc := -2; dc <= 2; dc++ {
				adr, adc := max(dr, -dr), max(dc, -dc)
				if adr+adc == 0 || adr+adc == 4 || (adr+adc == 2 && adr != 1) {
					continue // itself, (±2, ±2), (0, ±2), (±2, 0)
				}
				yc, yr := xc+dc, xr+dr
				if yc < 0 || yr < 0 || yc >= g.Width || yr >= g.Height {
					continue
				}
				y := yr*g.Width + yc
				var pm float64
				for q := 0; q < 4; q++ {
					tq := (float64(q) + 0.5) / 4
					cc := int(math.Floor(float64(xc) + 0.5 + tq*float64(dc)))
					rr := int(math.Floor(float64(xr) + 0.5 + tq*float64(dr)))
					pm += pace(rr*g.Width+cc) / 4
				}
				if math.IsInf(pm, 1) {
					continue
				}
				lat := g.NorthDeg - (float64(xr+yr)/2+0.5)*g.CellYDeg
				mx, my := refRadii(lat)
				l := math.Sqrt(math.Pow(float64(dc)*g.CellXDeg*mx, 2) + math.Pow(float64(dr)*g.CellYDeg*my, 2))
				cost := l * pm
				if elev != nil && p.Slope != NoSlope {
					rise := float64(elev[x]) - float64(elev[y]) // travel y → x
					if p.Direction == FromFacility {
						rise = -rise
					}
					if !math.IsNaN(rise) {
						s := rise / l
						switch {
						case p.Slope == Tobler:
							cost /= math.Exp(-3.5*math.Abs(s+0.05)) / math.Exp(-3.5*0.05)
						case s >= 0:
							cost += p.Langmuir.UphillSPerM * rise
						case s > p.Langmuir.SlopeFactor:
							cost += p.Langmuir.ModerateDownSPerM * rise
						default:
							cost += p.Langmuir.SteepDownSPerM * rise
						}
						cost = math.Max(cost, 0)
					}
				}
				t := it.t + cost
				if !doneC[y] && (t < dist[y] || (t == dist[y] && it.f < owner[y])) {
					dist[y], owner[y] = t, it.f
					heap.Push(h, refItem{t, it.f, y})
				}
			}
		}
	}
	minutes = make([]float64, n)
	for i := range dist {
		minutes[i] = dist[i] / 60
		if !doneC[i] {
			minutes[i], owner[i] = math.NaN(), -1
		}
	}
	return minutes, owner
}

// randomLayers makes a land cover with patches of every class (water
// included) and a rough DEM.
func randomLayers(rng *rand.Rand, g Grid, water float64) ([]uint8, []float32) {
	classes := []uint8{10, 20, 30, 40, 50, 60, 90, 95, 100}
	lc := make([]uint8, g.Cells())
	el := make([]float32, g.Cells())
	for i := range lc {
		lc[i] = classes[rng.Intn(len(classes))]
		if rng.Float64() < water {
			lc[i] = PermanentWater
		}
		r, c := i/g.Width, i%g.Width
		el[i] = float32(200*math.Sin(float64(r)/7)*math.Cos(float64(c)/5) + 40*rng.Float64())
	}
	return lc, el
}

func TestSurfaceMatchesPlainDijkstra(t *testing.T) {
	rng := rand.New(rand.NewSource(19))
	cases := []struct {
		name  string
		lat   float64
		w, h  int
		lc    bool
		dem   bool
		slope SlopeModel
		dir   Direction
		water float64
	}{
		{"uniform", -0.5, 23, 17, false, false, NoSlope, ToFacility, 0},
		{"land cover", 1.2, 31, 29, true, false, NoSlope, ToFacility, 0.15},
		{"tobler to", -1.4, 30, 25, true, true, Tobler, ToFacility, 0.1},
		{"tobler from", -1.4, 30, 25, true, true, Tobler, FromFacility, 0.1},
		{"langmuir to", 0.3, 27, 33, true, true, Langmuir, ToFacility, 0.05},
		{"langmuir from", 0.3, 27, 33, false, true, Langmuir, FromFacility, 0},
		{"high latitude", 60, 20, 20, true, true, Tobler, ToFacility, 0.1},
		// Grids of several tiles, whose inner cells take relaxInner and
		// whose buckets are shared out among cores.
		{"tiles", 2.1, 300, 270, true, false, NoSlope, ToFacility, 0.1},
		{"tiles tobler", -0.7, 290, 260, true, true, Tobler, FromFacility, 0.1},
		{"tiles langmuir", 0.3, 270, 300, true, true, Langmuir, ToFacility, 0.05},
	}
	defer func(n int) { parBucket = n }(parBucket)
	parBucket = 1
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cellM := 250.0
			mx, my := refRadii(tc.lat)
			g := Grid{WestDeg: 116.5, NorthDeg: tc.lat, CellXDeg: cellM / mx, CellYDeg: cellM / my, Width: tc.w, Height: tc.h}
			lc, el := randomLayers(rng, g, tc.water)
			if !tc.lc {
				lc = nil
			}
			if !tc.dem {
				el = nil
			}
			var fs []access.Point
			var fc []int
			for i := 0; i < 4; i++ {
				c, r := rng.Intn(g.Width), rng.Intn(g.Height)
				if lc != nil {
					lc[r*g.Width+c] = Grassland
				}
				fs = append(fs, access.Point{Pos: g.CellCentre(c, r), ID: string(rune('A' + i))})
				fc = append(fc, r*g.Width+c)
			}
			p := DefaultParams()
			p.Slope, p.Direction = tc.slope, tc.dir
			s, err := Compute(Inputs{Grid: g, LandCover: lc, ElevationM: el, Facilities: fs}, p)
			if err != nil {
				t.Fatal(err)
			}
			want, wantF := refSurface(g, lc, el, fc, p)
			reached := 0
			for i := range want {
				got := s.Minutes[i]
				if math.IsNaN(want[i]) != math.IsNaN(got) {
					t.Fatalf("cell %d: got %v min, reference %v", i, got, want[i])
				}
				if math.IsNaN(got) {
					continue
				}
				reached++
				if math.Abs(got-want[i]) > 1e-9*math.Max(want[i], 1e-300) {
					t.Fatalf("cell %d: got %.15g min, reference %.15g", i, got, want[i])
				}
				if int(s.Facility[i]) != wantF[i] {
					t.Fatalf("cell %d: facility %d, reference %d", i, s.Facility[i], wantF[i])
				}
			}
			if reached < g.Cells()/2 {
				t.Fatalf("only %d of %d cells reached: the case tests little", reached, g.Cells())
			}
		})
	}
}

func TestTobler(t *testing.T) {
	// Tobler's speeds: 6·e^(−0.175) ≈ 5.04 km/h on the flat, 6 km/h at
	// a 5 % descent, 3.55 km/h on a 10 % climb, 2.5 km/h down 30 %.
	for _, tc := range []struct{ s, kmh float64 }{{0, 5.0367}, {-0.05, 6}, {0.1, 3.5493}, {-0.3, 2.5012}} {
		if got := 6 * math.Exp(-0.175) / toblerFactor(tc.s); math.Abs(got-tc.kmh) > 1e-4 {
			t.Errorf("slope %v: %.4f km/h, want %.4f", tc.s, got, tc.kmh)
		}
	}
}

func TestGridCellsAreSquareInKukar(t *testing.T) {
	g, err := NewGrid(orb.Bound{Min: orb.Point{115.5, -1.5}, Max: orb.Point{118, 1.5}}, 250)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []int{0, g.Height / 2, g.Height - 1} {
		w, h := g.CellSizeM(r)
		if math.Abs(w/250-1) > 4e-4 || math.Abs(h/250-1) > 4e-4 {
			t.Errorf("row %d: %.3f × %.3f m", r, w, h)
		}
	}
}

func TestComputeRejectsBadInputs(t *testing.T) {
	g := Grid{WestDeg: 117, NorthDeg: -0.5, CellXDeg: 0.00225, CellYDeg: 0.00226, Width: 10, Height: 8}
	fs := []access.Point{{Pos: g.CellCentre(2, 2), ID: "a"}, {Pos: orb.Point{100, 5}, ID: "far"}}
	for _, tc := range []struct {
		name string
		in   Inputs
		p    func(*Params)
	}{
		{"no cells", Inputs{Grid: Grid{CellXDeg: 1, CellYDeg: 1}}, nil},
		{"short land cover", Inputs{Grid: g, LandCover: make([]uint8, 79)}, nil},
		{"long DEM", Inputs{Grid: g, ElevationM: make([]float32, 81)}, nil},
		{"negative speed", Inputs{Grid: g}, func(p *Params) { p.Speeds = SpeedTable{10: -1} }},
		{"NaN walking speed", Inputs{Grid: g}, func(p *Params) { p.WalkSpeedKMH = math.NaN() }},
		{"negative penalty", Inputs{Grid: g}, func(p *Params) { p.BoardingPenaltyS = -1 }},
		{"slope model", Inputs{Grid: g}, func(p *Params) { p.Slope = 9 }},
		{"direction", Inputs{Grid: g}, func(p *Params) { p.Direction = 2 }},
	} {
		p := DefaultParams()
		if tc.p != nil {
			tc.p(&p)
		}
		if _, err := Compute(tc.in, p); !errors.Is(err, ErrParams) {
			t.Errorf("%s: error %v, want ErrParams", tc.name, err)
		}
	}
	s, err := Compute(Inputs{Grid: g, Facilities: fs}, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Summary.UnplacedFacilities, []string{"far"}) || s.Summary.Reached != g.Cells() {
		t.Errorf("summary %+v", s.Summary)
	}
	if _, err := s.Isochrones([]float64{30}, make([]float64, 3), nil); !errors.Is(err, ErrParams) {
		t.Errorf("isochrones with 3 population cells: %v", err)
	}
	if _, err := s.Isochrones([]float64{math.NaN()}, nil, nil); !errors.Is(err, ErrParams) {
		t.Errorf("isochrone at NaN minutes: %v", err)
	}
}
