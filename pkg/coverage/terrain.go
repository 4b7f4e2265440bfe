package coverage

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage/itm"
)

// The terrain models judge each site–target pair over the real terrain
// profile between them, so they need Params.Terrain.
const (
	// ModelITM is the Longley-Rice Irregular Terrain Model 1.2.2,
	// point-to-point mode (package itm).
	ModelITM Model = "itm"
	// ModelLOSKED is free-space loss plus Deygout three-edge knife-edge
	// diffraction over the profile (ITU-R P.526), a fast alternative.
	ModelLOSKED Model = "los-ked"
)

// Profiler gives the terrain between two lon/lat points: elevations in
// metres, equally spaced from a to b, and the spacing in metres. The CLI
// backs it with a DEM; the engine itself reads no files.
type Profiler interface {
	Profile(a, b orb.Point) (elevM []float64, stepM float64, err error)
}

// kFactor is the standard-atmosphere effective earth radius factor used by
// los-ked (ITU-R P.453: k = 4/3).
const kFactor = 4.0 / 3.0

// twoRayGainDB bounds how far below free space a terrain model's loss can
// fall (two-ray reinforcement adds at most 6 dB); reach is computed from
// free space minus this, so no site that could cover a target is skipped.
const twoRayGainDB = 6

// losFresnelRatio is the share of the first Fresnel zone that must be
// clear for a path to count as line of sight with no diffraction loss
// (the usual 0.6 F1 criterion, ITU-R P.530 §2.2.2).
const losFresnelRatio = 0.6

// kedLossDB is the los-ked excess loss: none when 60 % of the first
// Fresnel zone is clear along the whole path, else Deygout's three-edge
// knife-edge diffraction (ITU-R P.526). Plain Deygout on smooth open
// ground counts grazing ground as edges and is pessimistic there, which
// the clearance rule avoids.
func kedLossDB(prof []float64, step, txH, rxH, freqMHz float64, cl itm.Clearance) (float64, error) {
	if cl.MinFresnelRatio >= losFresnelRatio {
		return 0, nil
	}
	return itm.DeygoutLossDB(prof, step, txH, rxH, freqMHz, kFactor)
}

func (m Model) terrain() bool { return m == ModelITM || m == ModelLOSKED }

// Terrain says whether the model reads the ground between site and
// target (itm, los-ked), so needs Params.Terrain.
func (m Model) Terrain() bool { return m.terrain() }

// terrainLink is a terrain model's verdict on one path: the loss, the
// propagation mode ("los", "diffraction", "troposcatter") and the
// clearance of the direct ray above the terrain (negative when blocked).
type terrainLink struct {
	lossDB     float64
	mode       string
	clearanceM float64
}

// terrainLoss judges the path from site s to pt over the profile.
func (e *engine) terrainLoss(s *prepSite, pt orb.Point) (terrainLink, error) {
	prof, step, err := e.p.Terrain.Profile(s.pos, pt)
	if err != nil {
		return terrainLink{}, err
	}
	return e.judgeProfile(s, prof, step)
}

// judgeProfile judges the path from site s over prof (the site first,
// the receiver last).
func (e *engine) judgeProfile(s *prepSite, prof []float64, step float64) (terrainLink, error) {
	if len(prof) < 3 || !(step > 0) {
		// a link shorter than the DEM spacing sees no terrain
		d := step * float64(len(prof)-1)
		return terrainLink{lossDB: FreeSpaceLossDB(math.Max(d, 1), s.freqMHz), mode: "los", clearanceM: math.NaN()}, nil
	}
	var out terrainLink
	switch e.p.Model {
	case ModelITM:
		out.clearanceM = minClearanceM(prof, step, s.heightM, e.p.RxHeightM)
		ip := e.p.ITM
		ip.TxHeightM, ip.RxHeightM, ip.FreqMHz = s.heightM, e.p.RxHeightM, s.freqMHz
		r, err := itm.P2P(prof, step, ip)
		if err != nil {
			return terrainLink{}, fmt.Errorf("coverage: itm: %w", err)
		}
		out.lossDB, out.mode = r.LossDB, r.Mode.String()
	default:
		cl, err := itm.PathClearance(prof, step, s.heightM, e.p.RxHeightM, s.freqMHz, kFactor)
		if err != nil {
			return terrainLink{}, fmt.Errorf("coverage: clearance: %w", err)
		}
		out.clearanceM = cl.MinClearanceM
		d := step * float64(len(prof)-1)
		ked, err := kedLossDB(prof, step, s.heightM, e.p.RxHeightM, s.freqMHz, cl)
		if err != nil {
			return terrainLink{}, fmt.Errorf("coverage: los-ked: %w", err)
		}
		out.lossDB = FreeSpaceLossDB(d, s.freqMHz) + ked
		out.mode = "los"
		if cl.MinClearanceM < 0 {
			out.mode = "diffraction"
		}
	}
	return out, nil
}

// minClearanceM is itm.PathClearance's MinClearanceM, computed the same
// way (the same operations, so the same value) without its Fresnel
// terms: ITM needs only the clearance, for reporting.
func minClearanceM(prof []float64, step, txH, rxH float64) float64 {
	n := len(prof) - 1
	d := float64(n) * step
	ae := kFactor * itm.EarthRadiusM
	txTop, rxTop := prof[0]+txH, prof[n]+rxH
	c := math.Inf(1)
	for i := 1; i < n; i++ {
		x := float64(i) * step
		z := prof[i] + x*(d-x)/(2*ae)
		if clear := txTop + (rxTop-txTop)*x/d - z; clear < c {
			c = clear
		}
	}
	return c
}
