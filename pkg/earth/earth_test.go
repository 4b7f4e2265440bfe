package earth

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

func TestDistanceM(t *testing.T) {
	// Reference values on WGS 84: the meridian arc from the equator to 1°
	// (110574.389 m, e.g. NGA TR8350.2 tables), a degree of the equator
	// (a·π/180), and the inverse example of GeographicLib's GeodSolve
	// manual page (40.6 -73.8 to 51.6 -0.5: s12 = 5551759.400 m).
	cases := []struct {
		name string
		p, q orb.Point
		want float64
		tol  float64
	}{
		// One degree of latitude at the equator: meridian arc 0°→1° on WGS 84 is 110574.389 m.
		{"meridian 0-1", orb.Point{0, 0}, orb.Point{0, 1}, 110574.389, 0.001},
		// One degree of longitude along the equator: a·π/180.
		{"equator 1deg", orb.Point{0, 0}, orb.Point{1, 0}, SemiMajorAxisM * math.Pi / 180, 0.001},
		{"GeodSolve example", orb.Point{-73.8, 40.6}, orb.Point{-0.5, 51.6}, 5551759.400, 0.001},
		{"same point", orb.Point{117, -0.5}, orb.Point{117, -0.5}, 0, 0},
	}
	for _, c := range cases {
		got := DistanceM(c.p, c.q)
		if math.Abs(got-c.want) > c.tol {
			t.Errorf("%s: got %.4f m, want %.4f ± %g", c.name, got, c.want, c.tol)
		}
	}
}

func TestDistanceSymmetric(t *testing.T) {
	p, q := orb.Point{116.9, -0.4}, orb.Point{117.3, 0.2}
	if d1, d2 := DistanceM(p, q), DistanceM(q, p); math.Abs(d1-d2) > 1e-6 {
		t.Fatalf("asymmetric: %v vs %v", d1, d2)
	}
}

// TestLocalError measures the documented bound: below 0.05 % within 100 km
// of an origin in Kukar's latitude band.
func TestLocalError(t *testing.T) {
	for _, lat0 := range []float64{-1.2, -0.5, 0, 1} {
		o := orb.Point{116.8, lat0}
		l := NewLocal(o)
		worst := 0.0
		for az := 0.0; az < 360; az += 15 {
			for _, r := range []float64{1000, 10000, 50000, 100000} {
				// walk r metres at azimuth az in the plane, then compare with geodesic
				pp := orb.Point{r * math.Sin(az*deg), r * math.Cos(az*deg)}
				q := l.Unproject(pp)
				g := DistanceM(o, q)
				rel := math.Abs(g-r) / g
				worst = math.Max(worst, rel)
			}
		}
		if worst > 0.0005 {
			t.Errorf("lat0 %v: worst relative error %.5f%% > 0.05%%", lat0, worst*100)
		}
		if p := l.Unproject(l.Project(orb.Point{117.1, -0.3})); math.Abs(p[0]-117.1) > 1e-12 || math.Abs(p[1]+0.3) > 1e-12 {
			t.Errorf("round trip: %v", p)
		}
	}
}

func BenchmarkDistanceM(b *testing.B) {
	p, q := orb.Point{116.9, -0.4}, orb.Point{117.3, 0.2}
	for b.Loop() {
		DistanceM(p, q)
	}
}

// TestInverseDirect: the forward azimuth of GeographicLib's GeodSolve
// manual example (40.6 -73.8 to 51.6 -0.5: azi1 = 51.198882845°, s12 =
// 5551759.400 m), and Direct and Inverse undoing each other (to 10 µm and
// 1e-5°) at the latitudes where planar bearings drift.
func TestInverseDirect(t *testing.T) {
	d, az := Inverse(orb.Point{-73.8, 40.6}, orb.Point{-0.5, 51.6})
	if math.Abs(d-5551759.400) > 0.001 || math.Abs(az-51.198882845) > 1e-8 {
		t.Errorf("GeodSolve inverse: %.4f m, %.9f°", d, az)
	}
	for _, lat := range []float64{-60, -0.5, 0, 45, 75} {
		for _, az := range []float64{-170, -90, -30, 0, 30, 90, 150, 180} {
			p := orb.Point{117, lat}
			for _, dist := range []float64{1, 800, 80000, 5850e3} {
				q := Direct(p, az, dist)
				d, got := Inverse(p, q)
				if math.Abs(d-dist) > 1e-5 || math.Abs(math.Remainder(got-az, 360)) > 1e-5 {
					t.Errorf("lat %v az %v %v m: back %v m at %v°", lat, az, dist, d, got)
				}
			}
		}
	}
	// across the antimeridian
	q := Direct(orb.Point{179.99, 0}, 90, 5000)
	if !(q[0] < -179.9) {
		t.Errorf("east across ±180°: %v", q)
	}
}

// TestShortDistanceMatchesInverse checks the chord's arc against Vincenty's
// inverse on random pairs from 10 cm to 25 km apart, at every latitude to
// 80°, in every direction (beyond 20 km ShortDistanceM is Inverse itself).
func TestShortDistanceMatchesInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	worst := 0.0
	for i := 0; i < 200_000; i++ {
		p := orb.Point{rng.Float64()*360 - 180, rng.Float64()*160 - 80}
		d := math.Pow(10, -1+rng.Float64()*5.4)
		q := Direct(p, rng.Float64()*360-180, d)
		want, _ := vincenty(p, q)
		got := ShortDistanceM(CartOf(p), CartOf(q))
		if diff := math.Abs(got - want); diff > worst {
			worst = diff
		}
		// Inverse stops iterating when λ moves less than 1e-12 rad,
		// micrometres on the ground: the tolerance is 10 µm
		if diff := math.Abs(got - want); diff > 1e-5 {
			t.Fatalf("%v to %v: %.9f m, Inverse %.9f m", p, q, got, want)
		}
	}
	t.Logf("largest difference %.3g m", worst)
	if ShortDistanceM(CartOf(orb.Point{117, -0.5}), CartOf(orb.Point{117, -0.5})) != 0 {
		t.Error("a point to itself is not 0")
	}
}

// TestShortInverseMatchesInverse checks the chord's azimuth against
// Vincenty's on random pairs from 1 m to 50 km apart (a tenth of them
// where the chord reaches 20 km), at every latitude to 80°, in every
// direction, as the sideways distance the two directions put between
// them at b; and that ShortInverse, Inverse and DistanceM give one
// distance.
func TestShortInverseMatchesInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	worst := 0.0
	for i := 0; i < 200_000; i++ {
		p := orb.Point{rng.Float64()*360 - 180, rng.Float64()*160 - 80}
		d := math.Pow(10, rng.Float64()*4.7) // 1 m to 50 km
		if i%10 == 0 {
			d = 19990 + rng.Float64()*20 // about where the chord reaches 20 km
		}
		q := Direct(p, rng.Float64()*360-180, d)
		wantD, wantAz := Inverse(p, q)
		gotD, gotAz := ShortInverse(CartOf(p), CartOf(q))
		if dm := DistanceM(p, q); dm != wantD {
			t.Fatalf("%v to %v: DistanceM %.9f m, Inverse %.9f m", p, q, dm, wantD)
		}
		// within 1e-6° (the normal section's azimuth departs from the
		// geodesic's with the square of the distance: 3.1e-7° at most
		// here), or as a sideways offset at b within Inverse's
		// iteration tolerance, 10 µm (over a metre that is 6e-4°)
		diff := math.Abs(math.Mod(gotAz-wantAz+540, 360) - 180)
		if d > 1000 {
			worst = math.Max(worst, diff)
		}
		if (diff > 1e-6 && diff*deg*d > 1e-5) || gotD != wantD {
			t.Fatalf("%v to %v: %.9f m at %.9f°, Inverse %.9f m at %.9f°", p, q, gotD, gotAz, wantD, wantAz)
		}
	}
	t.Logf("largest azimuth difference beyond 1 km %.3g°", worst)
	if d, az := ShortInverse(CartOf(orb.Point{117, -0.5}), CartOf(orb.Point{117, -0.5})); d != 0 || az != 0 {
		t.Errorf("a point to itself: %v m at %v°", d, az)
	}
}

// BenchmarkDistance sets the chord's arc, from prepared points and from
// lon/lat, against Vincenty's iteration, on pairs 100 m to 10 km apart.
func BenchmarkDistance(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	var ps, qs []orb.Point
	var pc, qc []Cart
	for range 1024 {
		p := orb.Point{116 + rng.Float64()*2, -1 + rng.Float64()*2}
		q := Direct(p, rng.Float64()*360-180, 100+rng.Float64()*9900)
		ps, qs = append(ps, p), append(qs, q)
		pc, qc = append(pc, CartOf(p)), append(qc, CartOf(q))
	}
	var sink float64
	b.Run("vincenty", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			d, _ := vincenty(ps[i&1023], qs[i&1023])
			sink += d
		}
	})
	b.Run("DistanceM", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sink += DistanceM(ps[i&1023], qs[i&1023])
		}
	})
	b.Run("ShortDistanceM", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sink += ShortDistanceM(pc[i&1023], qc[i&1023])
		}
	})
	b.Run("CartOf", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sink += CartOf(ps[i&1023]).x
		}
	})
	_ = sink
}
