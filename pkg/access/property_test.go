package access

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// TestAgainstBellmanFord compares Analyse with an independent reference
// on small random networks: Bellman-Ford over states (place, land or
// water), where a land state steps to the water state of the same place
// for the boarding penalty and back for free. Targets and facilities sit
// on places, so no off-network leg is involved.
func TestAgainstBellmanFord(t *testing.T) {
	finite := 0
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 42))
		nPlaces := 6 + rng.IntN(20)
		places := make([]orb.Point, nPlaces)
		for i := range places {
			// On the 7-decimal rounding grid, so nodes sit exactly on places.
			q := at(rng.Float64()*8000, rng.Float64()*8000)
			places[i] = orb.Point{math.Round(q[0]*1e7) / 1e7, math.Round(q[1]*1e7) / 1e7}
		}
		p := DefaultParams()
		p.MaxSnapM = 0.001
		p.BoardingPenaltyS = float64(rng.IntN(1200))
		type arc struct {
			from, to int // state ids: place*2 + (1 if water)
			w        float64
		}
		var arcs []arc
		var lines []Line
		touches := make([][2]bool, nPlaces)
		nLines := 5 + rng.IntN(40)
		for k := 0; k < nLines; k++ {
			a, b := rng.IntN(nPlaces), rng.IntN(nPlaces)
			if a == b {
				continue
			}
			geom := orb.LineString{places[a], places[b]}
			if rng.IntN(3) == 0 { // an unshared bend
				m := orb.Point{(places[a][0]+places[b][0])/2 + (rng.Float64()-0.5)*0.01, (places[a][1]+places[b][1])/2 + (rng.Float64()-0.5)*0.01}
				geom = orb.LineString{places[a], m, places[b]}
			}
			l := Line{Geometry: geom, Kind: Mode(rng.IntN(4)), SpeedKMH: float64(5 + rng.IntN(60))}
			if rng.IntN(4) == 0 {
				l.SpeedKMH = 0 // class table, boat speed or ferry entry
				l.Class = []string{"primary", "track", "desa", "path"}[rng.IntN(4)]
			}
			if l.Kind == Ferry && rng.IntN(2) == 0 {
				l.FerryDurationS = float64(60 + rng.IntN(3600))
			}
			l.OneWay = int8(rng.IntN(5)) - 2
			if l.OneWay == 2 || l.OneWay == -2 {
				l.OneWay = 0
			}
			lines = append(lines, l)
			// The reference's own pricing of the line.
			var kmh float64
			switch {
			case l.SpeedKMH > 0:
				kmh = l.SpeedKMH
			case l.Kind == River:
				kmh = p.BoatSpeedKMH
			case l.Kind == Ferry:
				kmh = DefaultSpeeds()["ferry"]
			default:
				kmh = DefaultSpeeds()[l.Class]
			}
			w := earth.LineLengthM(geom) * 3.6 / kmh
			if l.FerryDurationS > 0 {
				w = l.FerryDurationS
			}
			layer := 0
			if l.Kind.water() {
				layer = 1
			}
			touches[a][layer], touches[b][layer] = true, true
			if l.OneWay >= 0 {
				arcs = append(arcs, arc{a*2 + layer, b*2 + layer, w})
			}
			if l.OneWay <= 0 {
				arcs = append(arcs, arc{b*2 + layer, a*2 + layer, w})
			}
		}
		for i, tc := range touches {
			if tc[0] && tc[1] {
				arcs = append(arcs, arc{i * 2, i*2 + 1, p.BoardingPenaltyS}, arc{i*2 + 1, i * 2, 0})
			}
		}
		nFac := 1 + rng.IntN(3)
		var facs, targets []Point
		dist := make([]float64, nPlaces*2)
		for i := range dist {
			dist[i] = math.Inf(1)
		}
		for i := 0; i < nPlaces; i++ {
			if i < nFac {
				facs = append(facs, Point{Pos: places[i], ID: "F"})
				dist[i*2], dist[i*2+1] = 0, 0
			} else {
				targets = append(targets, Point{Pos: places[i], ID: "T"})
			}
		}
		for iter := 0; iter < len(dist); iter++ {
			changed := false
			for _, a := range arcs {
				if d := a.w + dist[a.to]; d < dist[a.from] {
					dist[a.from], changed = d, true
				}
			}
			if !changed {
				break
			}
		}
		g, err := BuildGraph(lines, p)
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := Analyse(g, targets, facs, p, false)
		if err == ErrNoFacility {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for k, r := range res {
			i := nFac + k
			want := math.Inf(1)
			if touches[i][0] {
				want = dist[i*2]
			}
			if touches[i][1] {
				want = math.Min(want, p.BoardingPenaltyS+dist[i*2+1])
			}
			got := r.TravelTimeS
			if r.Reachable {
				finite++
			}
			if !r.Reachable {
				got = math.Inf(1)
			}
			if math.IsInf(want, 1) != math.IsInf(got, 1) || !math.IsInf(want, 1) && math.Abs(got-want) > 1e-6*math.Max(want, 1) {
				for li, l := range lines {
					t.Logf("line %d %v kind %v oneway %d", li, l.Geometry, l.Kind, l.OneWay)
				}
				cs := g.snapBoth(places[i], p.MaxSnapM, 1)
				t.Logf("touches %v cands %+v", touches[i], cs)
				for _, c := range cs {
					t.Logf("edge %+v", g.Edge(int(c.edge)))
				}
				t.Fatalf("seed %d target at place %d %v: got %v, want %v", seed, i, places[i], got, want)
			}
		}
	}
	if finite < 500 {
		t.Errorf("only %d reachable targets compared", finite)
	}
	t.Logf("%d reachable targets compared", finite)
}
