package itm

import (
	"fmt"
	"math"
)

// EarthRadiusM is the earth radius of the knife-edge helpers: the 6371 km
// ITU-R P.452 and P.526 use, multiplied by the k-factor for refraction.
const EarthRadiusM = 6371e3

// speedOfLightMS is c in m/s (exact, SI definition).
const speedOfLightMS = 299792458.0

// KnifeEdgeJ is the diffraction loss of a single knife edge for the
// parameter ν, ITU-R P.526-15 eq. (31):
// J(ν) = 6.9 + 20 log10(√((ν−0.1)² + 1) + ν − 0.1) for ν > −0.78, else 0.
func KnifeEdgeJ(nu float64) float64 {
	if !(nu > -0.78) {
		return 0
	}
	u := nu - 0.1
	return 6.9 + 20*math.Log10(math.Sqrt(u*u+1)+u)
}

// Clearance describes how well a path clears the terrain.
type Clearance struct {
	// MinClearanceM is the smallest height of the ray above the terrain
	// (earth curvature included); negative when the terrain blocks it.
	MinClearanceM float64
	// FresnelClearanceM is the smallest height of the ray above the
	// terrain minus the first Fresnel zone radius there; ≥ 0 when the
	// whole first zone is clear.
	FresnelClearanceM float64
	// MinFresnelRatio is the smallest clearance as a fraction of the first
	// Fresnel zone radius; 0.6 is the customary design minimum for a
	// diffraction-free path (ITU-R P.530).
	MinFresnelRatio float64
	// WorstIndex is the profile index where FresnelClearanceM is reached.
	WorstIndex int
}

// knifeGeom is a profile prepared for the knife-edge helpers: terrain
// raised by the earth bulge, so that rays are straight lines.
type knifeGeom struct {
	x, z           []float64 // distance from TX and effective terrain height
	txTop, rxTop   float64
	wavelengthM    float64
	pathLengthM    float64
	interiorPoints int
}

func prepareKnife(profile []float64, stepM, txH, rxH, freqMHz, kFactor float64) (knifeGeom, error) {
	if len(profile) < 3 {
		return knifeGeom{}, fmt.Errorf("itm: %w: profile has %d points, need at least 3", ErrInput, len(profile))
	}
	if len(profile) > maxProfilePoints {
		return knifeGeom{}, fmt.Errorf("itm: %w: profile has %d points, more than %d", ErrInput, len(profile), maxProfilePoints)
	}
	if !finite(stepM, txH, rxH, freqMHz, kFactor) || stepM <= 0 || freqMHz <= 0 || kFactor <= 0 || txH < 0 || rxH < 0 {
		return knifeGeom{}, fmt.Errorf("itm: %w: step %g m, heights %g/%g m, frequency %g MHz and k-factor %g must be finite, step, frequency and k positive, heights not negative",
			ErrInput, stepM, txH, rxH, freqMHz, kFactor)
	}
	n := len(profile) - 1
	d := float64(n) * stepM
	if d > 1e8 {
		return knifeGeom{}, fmt.Errorf("itm: %w: path length %g m is not terrestrial", ErrInput, d)
	}
	ae := kFactor * EarthRadiusM
	g := knifeGeom{
		x:              make([]float64, len(profile)),
		z:              make([]float64, len(profile)),
		wavelengthM:    speedOfLightMS / (freqMHz * 1e6),
		pathLengthM:    d,
		interiorPoints: n - 1,
	}
	for i, h := range profile {
		if !finite(h) || math.Abs(h) > 20000 {
			return knifeGeom{}, fmt.Errorf("itm: %w: profile point %d elevation %g m not a terrain height", ErrInput, i, h)
		}
		x := float64(i) * stepM
		g.x[i] = x
		// Earth bulge above the chord, ITU-R P.452-17 eq. (73) form.
		g.z[i] = h + x*(d-x)/(2*ae)
	}
	g.x[n] = d
	g.txTop = profile[0] + txH
	g.rxTop = profile[n] + rxH
	return g, nil
}

// PathClearance measures the clearance of the straight ray between the
// antenna tops (heights txH and rxH above the first and last profile
// points) over the terrain, with the earth curved to radius
// kFactor × 6371 km (k = 4/3 for the standard atmosphere).
func PathClearance(profile []float64, stepM, txH, rxH, freqMHz, kFactor float64) (Clearance, error) {
	g, err := prepareKnife(profile, stepM, txH, rxH, freqMHz, kFactor)
	if err != nil {
		return Clearance{}, err
	}
	c := Clearance{MinClearanceM: math.Inf(1), FresnelClearanceM: math.Inf(1), MinFresnelRatio: math.Inf(1)}
	d := g.pathLengthM
	for i := 1; i < len(g.z)-1; i++ {
		d1, d2 := g.x[i], d-g.x[i]
		ray := g.txTop + (g.rxTop-g.txTop)*d1/d
		clear := ray - g.z[i]
		r1 := math.Sqrt(g.wavelengthM * d1 * d2 / d) // first Fresnel zone, P.526 eq. (2)
		c.MinClearanceM = math.Min(c.MinClearanceM, clear)
		if f := clear - r1; f < c.FresnelClearanceM {
			c.FresnelClearanceM = f
			c.WorstIndex = i
		}
		c.MinFresnelRatio = math.Min(c.MinFresnelRatio, clear/r1)
	}
	return c, nil
}

// FresnelClearanceM is the worst clearance of the first Fresnel zone along
// the path, in metres: the smallest height of the ray above the terrain
// minus the zone radius. Negative means the terrain intrudes into the zone
// (by more than the ray's height: the ray itself is blocked when the
// intrusion exceeds the radius). See PathClearance for the geometry.
func FresnelClearanceM(profile []float64, stepM, txH, rxH, freqMHz, kFactor float64) (float64, error) {
	c, err := PathClearance(profile, stepM, txH, rxH, freqMHz, kFactor)
	return c.FresnelClearanceM, err
}

// principalEdge finds, between profile indices a and b (exclusive), the
// point with the largest ν for the ray from height ha at a to hb at b.
func (g *knifeGeom) principalEdge(a, b int, ha, hb float64) (int, float64) {
	best, bestNu := -1, math.Inf(-1)
	span := g.x[b] - g.x[a]
	for i := a + 1; i < b; i++ {
		d1 := g.x[i] - g.x[a]
		d2 := g.x[b] - g.x[i]
		h := g.z[i] - (ha + (hb-ha)*d1/span)
		// ITU-R P.526-15 eq. (26): ν = h √(2/λ · (1/d1 + 1/d2)).
		nu := h * math.Sqrt(2/g.wavelengthM*(1/d1+1/d2))
		if nu > bestNu {
			best, bestNu = i, nu
		}
	}
	return best, bestNu
}

// DeygoutLossDB is the diffraction loss of the terrain profile by
// Deygout's construction limited to three edges: the principal edge (the
// largest ν over the whole path) and the principal edges of the two
// sub-paths on either side of it, each a knife edge with J(ν) of ITU-R
// P.526-15 eq. (31), the losses added. Earth curvature enters through the
// bulge for kFactor × 6371 km. It returns 0 when no edge reaches
// ν = −0.78.
//
// Every profile sample is a candidate edge, so smooth ground that
// intrudes into the first Fresnel zone is counted as up to three edges and
// the loss is pessimistic there; callers that want free space for a path
// whose zone is clear enough should test PathClearance first.
func DeygoutLossDB(profile []float64, stepM, txH, rxH, freqMHz, kFactor float64) (float64, error) {
	g, err := prepareKnife(profile, stepM, txH, rxH, freqMHz, kFactor)
	if err != nil {
		return 0, err
	}
	n := len(g.z) - 1
	p, nuP := g.principalEdge(0, n, g.txTop, g.rxTop)
	loss := KnifeEdgeJ(nuP)
	if loss == 0 {
		return 0, nil
	}
	if p > 1 {
		if _, nu := g.principalEdge(0, p, g.txTop, g.z[p]); nu > -0.78 {
			loss += KnifeEdgeJ(nu)
		}
	}
	if p < n-1 {
		if _, nu := g.principalEdge(p, n, g.z[p], g.rxTop); nu > -0.78 {
			loss += KnifeEdgeJ(nu)
		}
	}
	return loss, nil
}
