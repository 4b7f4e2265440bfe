package siting

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func square(x0, y0, side float64) orb.Ring {
	return orb.Ring{at(x0, y0), at(x0+side, y0), at(x0+side, y0+side), at(x0, y0+side), at(x0, y0)}
}

func TestGridCandidates(t *testing.T) {
	// A 10 km square with a 4 km square hole (clockwise or not: even-odd),
	// and a separate 2 km square 20 km east.
	hole := square(3000, 3000, 4000)
	hole[1], hole[3] = hole[3], hole[1]
	area := orb.MultiPolygon{{square(0, 0, 10000), hole}, {square(20000, 0, 2000)}}
	cs, err := GridCandidates(area, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// 100 − 16 cells in the first square, 4 in the second.
	if len(cs) != 88 {
		t.Fatalf("%d candidates, want 88", len(cs))
	}
	for i := 1; i < len(cs); i++ {
		if cs[i-1].ID >= cs[i].ID {
			t.Fatalf("ids not ascending: %s then %s", cs[i-1].ID, cs[i].ID)
		}
	}
	if cs[0].ID != "g000000" || len(cs[0].ID) != 7 {
		t.Errorf("first id %q", cs[0].ID)
	}
	// The first centre is half a step in from the south-west corner.
	if p := plane.Project(cs[0].Pos); abs(p[0]-500) > 1 || abs(p[1]-500) > 1 {
		t.Errorf("first centre at %v m", p)
	}
	again, _ := GridCandidates(area, 1000)
	for i := range cs {
		if cs[i] != again[i] {
			t.Fatal("grid not repeatable")
		}
	}
	kept, err := ExcludeCandidates(cs, orb.MultiPolygon{{square(-100, -100, 5100)}})
	if err != nil {
		t.Fatal(err)
	}
	// The exclusion removes the 5 × 5 south-west cells less the hole's
	// 2 × 2 part inside it.
	if len(kept) != 88-21 {
		t.Errorf("%d kept, want %d", len(kept), 88-21)
	}

	for _, bad := range []struct {
		area orb.MultiPolygon
		step float64
		want string
	}{
		{area, 0, "grid step 0"},
		{area, -5, "grid step -5"},
		{nil, 100, "no polygon"},
		{orb.MultiPolygon{{{{1, 1}, {2, 2}, {1, 1}}}}, 100, "no 100 m grid cell centre"},
		{orb.MultiPolygon{{{{1, 1}, {400, 2}, {1, 3}, {1, 1}}}}, 100, "area polygon 0: ring 0 point 1"},
		{orb.MultiPolygon{{square(0, 0, 1e6)}}, 1, "more than"},
	} {
		if _, err := GridCandidates(bad.area, bad.step); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("error %v, want %q", err, bad.want)
		}
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
