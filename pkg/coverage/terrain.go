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

func (m Model) terrain() bool { return m == ModelITM || m == ModelLOSKED }

// terrainLoss is the path loss from site s to pt over the profile.
func (e *engine) terrainLoss(s *prepSite, pt orb.Point) (float64, error) {
	prof, step, err := e.p.Terrain.Profile(s.pos, pt)
	if err != nil {
		return 0, err
	}
	if len(prof) < 3 || !(step > 0) {
		// a link shorter than the DEM spacing sees no terrain
		d := step * float64(len(prof)-1)
		return FreeSpaceLossDB(math.Max(d, 1), s.freqMHz), nil
	}
	switch e.p.Model {
	case ModelITM:
		ip := e.p.ITM
		ip.TxHeightM, ip.RxHeightM, ip.FreqMHz = s.heightM, e.p.RxHeightM, s.freqMHz
		r, err := itm.P2P(prof, step, ip)
		if err != nil {
			return 0, fmt.Errorf("coverage: itm: %w", err)
		}
		return r.LossDB, nil
	default:
		d := step * float64(len(prof)-1)
		ked, err := itm.DeygoutLossDB(prof, step, s.heightM, e.p.RxHeightM, s.freqMHz, kFactor)
		if err != nil {
			return 0, fmt.Errorf("coverage: los-ked: %w", err)
		}
		return FreeSpaceLossDB(d, s.freqMHz) + ked, nil
	}
}
