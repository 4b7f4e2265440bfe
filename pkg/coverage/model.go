package coverage

import (
	"errors"
	"math"
)

// Model names a coverage model.
type Model string

// The coverage models.
const (
	// ModelRadius covers a target within the site's RadiusM (and, for a
	// sector, within half its beamwidth of the azimuth).
	ModelRadius Model = "radius"
	// ModelFSPL is free-space loss, ITU-R P.525-4.
	ModelFSPL Model = "fspl"
	// ModelHata is Okumura-Hata (150–1500 MHz); above 1500 MHz it switches
	// to the COST-231 extension, as the COST 231 report intends.
	ModelHata Model = "hata"
	// ModelCOST231 is COST-231-Hata (1500–2000 MHz) at every frequency.
	ModelCOST231 Model = "cost231"
)

// Models lists the model names in a fixed order, for help texts.
func Models() []Model {
	return []Model{ModelRadius, ModelFSPL, ModelHata, ModelCOST231, ModelITM, ModelLOSKED}
}

// Environment is the Hata land-use class.
type Environment string

// The Hata environments.
const (
	EnvOpen     Environment = "open"
	EnvSuburban Environment = "suburban"
	EnvUrban    Environment = "urban"
)

// Errors callers may test with errors.Is.
var (
	ErrBadSite   = errors.New("site not usable")
	ErrBadParams = errors.New("bad parameters")
)

// Validity ranges of the empirical models (Hata 1980; COST 231 final
// report, 1999, section 4.4.1).
const (
	hataMinFreqMHz    = 150
	hataMaxFreqMHz    = 1500
	cost231MinFreqMHz = 1500
	cost231MaxFreqMHz = 2000
	hataMinTxHeightM  = 30
	hataMaxTxHeightM  = 200
	hataMinRxHeightM  = 1
	hataMaxRxHeightM  = 10
	hataMinDistM      = 1000
	hataMaxDistM      = 20000
)

// fsplConstDB is 20·log10(4π·10⁹/c) with c = 299 792 458 m/s: the exact
// form of the 32.4 dB constant of ITU-R P.525-4 eq. (8) for f in MHz and
// d in km. The rounded 32.4 would be 0.05 dB off Friis' formula.
var fsplConstDB = 20 * math.Log10(4*math.Pi*1e9/299792458)

// FreeSpaceLossDB is the free-space basic transmission loss (ITU-R P.525-4
// eq. 8) over distM metres at freqMHz.
func FreeSpaceLossDB(distM, freqMHz float64) float64 {
	return fsplConstDB + 20*math.Log10(freqMHz) + 20*math.Log10(distM/1000)
}

// Warning kinds, counted per run and reported once per kind.
const (
	WarnFreqClamped    = "frequency-clamped"
	WarnTxHeight       = "tx-height-clamped"
	WarnRxHeight       = "rx-height-clamped"
	WarnDistShort      = "distance-below-1km"
	WarnDistLong       = "distance-beyond-20km"
	WarnReachCapped    = "reach-capped"
	WarnBadTarget      = "target-skipped"
	WarnSampleSpacing  = "sample-spacing-enlarged"
	WarnZeroRadius     = "site-zero-radius"
	WarnSettlementSkip = "settlement-skipped"
	WarnSuburbanCOST   = "suburban-as-urban"
)

var warnText = map[string]string{
	WarnFreqClamped:    "site frequency outside the model's validity range; clamped to the range",
	WarnTxHeight:       "antenna height outside Hata's 30–200 m; clamped",
	WarnRxHeight:       "receiver height outside Hata's 1–10 m; clamped",
	WarnDistShort:      "links shorter than Hata's 1 km; the loss at 1 km was used",
	WarnDistLong:       "links longer than Hata's 20 km; the formula was extrapolated",
	WarnReachCapped:    "site reach capped at MaxReachM; farther targets are not covered by it",
	WarnBadTarget:      "targets with empty or invalid geometry were not evaluated",
	WarnSampleSpacing:  "sample spacing enlarged for very large targets",
	WarnZeroRadius:     "sites with zero radius cover nothing in the radius model",
	WarnSettlementSkip: "settlement points with invalid position or weight were ignored",
	WarnSuburbanCOST:   "sites above 1500 MHz use COST-231-Hata, whose suburban loss is its urban one (Cm = 0 dB): environment suburban gives them the urban loss",
}

// Warning is one kind of validity problem and how often it occurred.
type Warning struct {
	Kind    string
	Count   int
	Message string
}

// warnCounter counts warnings without locking: one per worker, merged at
// the end so totals do not depend on scheduling.
type warnCounter map[string]int

func (w warnCounter) add(kind string, n int) {
	if n != 0 {
		w[kind] += n
	}
}

func (w warnCounter) merge(o warnCounter) {
	for k, v := range o {
		w[k] += v
	}
}

// list returns the warnings sorted by kind.
func (w warnCounter) list() []Warning {
	var out []Warning
	for _, k := range sortedKeys(w) {
		out = append(out, Warning{Kind: k, Count: w[k], Message: warnText[k]})
	}
	return out
}

// HataParams are the inputs of the Okumura-Hata family of formulas.
type HataParams struct {
	FreqMHz, TxHeightM, RxHeightM float64
	Environment                   Environment
	LargeCity                     bool
	// COST231 selects the COST-231-Hata constants (46.3 + 33.9·log f and
	// Cm) instead of Hata's (69.55 + 26.16·log f).
	COST231 bool
}

// hataCoeffs returns a, b with loss = a + b·log10(d/km), without clamping.
func hataCoeffs(p HataParams) (a, b float64) {
	lf := math.Log10(p.FreqMHz)
	lhb := math.Log10(p.TxHeightM)
	hm := p.RxHeightM
	// Mobile antenna height correction a(hm), Hata 1980 eqs. (4)–(5).
	var ahm float64
	large := p.LargeCity && p.Environment == EnvUrban
	switch {
	case large && p.FreqMHz <= 300:
		// Hata gives the large-city form for f <= 200 MHz and f >= 400 MHz;
		// the gap is split at 300 MHz.
		t := math.Log10(1.54 * hm)
		ahm = 8.29*t*t - 1.1
	case large:
		t := math.Log10(11.75 * hm)
		ahm = 3.2*t*t - 4.97
	default:
		ahm = (1.1*lf-0.7)*hm - (1.56*lf - 0.8)
	}
	b = 44.9 - 6.55*lhb
	if p.COST231 {
		// COST 231 final report, 4.4.1: Cm = 3 dB in metropolitan centres,
		// 0 dB in medium-sized cities and suburban centres.
		cm := 0.0
		if large {
			cm = 3
		}
		a = 46.3 + 33.9*lf - 13.82*lhb - ahm + cm
	} else {
		a = 69.55 + 26.16*lf - 13.82*lhb - ahm
	}
	switch p.Environment {
	case EnvSuburban:
		if !p.COST231 {
			// Hata eq. (6).
			t := math.Log10(p.FreqMHz / 28)
			a -= 2*t*t + 5.4
		}
	case EnvOpen:
		// Hata eq. (7); applied to COST-231 too as an extrapolation (the
		// COST 231 report defines urban and suburban only).
		a -= 4.78*lf*lf - 18.33*lf + 40.94
	}
	return a, b
}

// HataLossDB is the Okumura-Hata (or, with p.COST231, COST-231-Hata)
// median path loss over distM metres, evaluated as given: no validity
// range is enforced here (Evaluate clamps and warns).
func HataLossDB(distM float64, p HataParams) float64 {
	a, b := hataCoeffs(p)
	return a + b*math.Log10(distM/1000)
}

// PatternLossDB is the horizontal sector pattern loss of 3GPP TR 36.814
// table A.2.1.1-2 (also TR 38.901 table 7.3-1): min(12·(φ/φ3dB)², Am) with
// Am = 25 dB, φ the angle off boresight. An omni site (beamwidth 0 or
// >= 360) has none.
func PatternLossDB(offAxisDeg, beamwidthDeg float64) float64 {
	if beamwidthDeg == 0 || beamwidthDeg >= 360 {
		return 0
	}
	const am = 25
	r := offAxisDeg / beamwidthDeg
	return math.Min(12*r*r, am)
}

// offAxisDeg folds bearing − azimuth into [0, 180].
func offAxisDeg(bearingDeg, azimuthDeg float64) float64 {
	d := math.Mod(bearingDeg-azimuthDeg, 360)
	if d < 0 {
		d += 360
	}
	if d > 180 {
		d = 360 - d
	}
	return d
}

func (m Model) valid() bool {
	switch m {
	case ModelRadius, ModelFSPL, ModelHata, ModelCOST231, ModelITM, ModelLOSKED:
		return true
	}
	return false
}

func (e Environment) valid() bool {
	switch e {
	case EnvOpen, EnvSuburban, EnvUrban:
		return true
	}
	return false
}

// linkModel is a site's loss as a function of ground distance, with the
// validity ranges already applied.
type linkModel struct {
	kind   Model
	a, b   float64 // Hata family: loss = a + b·log10(d km)
	fsC    float64 // FSPL: loss = fsC + fsB·log10(slant km), fsB = 20·slope
	fsB    float64
	dh2    float64 // FSPL: (hb − hm)²
	minD   float64 // Hata family: distances below are clamped
	clampD bool
}

// newLinkModel prepares the loss of one site, counting clamped parameters.
func newLinkModel(s *Site, p *Params, w warnCounter) linkModel {
	switch p.Model {
	case ModelFSPL, ModelITM, ModelLOSKED:
		dh := s.HeightM - p.RxHeightM
		return linkModel{kind: ModelFSPL, fsC: fsplConstDB + 20*math.Log10(s.FreqMHz), fsB: 20 * s.slope(), dh2: dh * dh}
	case ModelHata, ModelCOST231:
		hp := HataParams{FreqMHz: s.FreqMHz, TxHeightM: s.HeightM, RxHeightM: p.RxHeightM,
			Environment: p.Environment, LargeCity: p.LargeCity}
		lo, hi := float64(hataMinFreqMHz), float64(cost231MaxFreqMHz)
		if p.Model == ModelCOST231 {
			lo = cost231MinFreqMHz
		}
		if hp.FreqMHz < lo || hp.FreqMHz > hi {
			hp.FreqMHz = math.Min(math.Max(hp.FreqMHz, lo), hi)
			w.add(WarnFreqClamped, 1)
		}
		hp.COST231 = p.Model == ModelCOST231 || hp.FreqMHz > hataMaxFreqMHz
		if hp.COST231 && p.Environment == EnvSuburban {
			w.add(WarnSuburbanCOST, 1)
		}
		if hp.TxHeightM < hataMinTxHeightM || hp.TxHeightM > hataMaxTxHeightM {
			hp.TxHeightM = math.Min(math.Max(hp.TxHeightM, hataMinTxHeightM), hataMaxTxHeightM)
			w.add(WarnTxHeight, 1)
		}
		// The receiver height was clamped once in Params.normalise.
		a, b := hataCoeffs(hp)
		return linkModel{kind: p.Model, a: a, b: b * s.slope(), minD: hataMinDistM, clampD: true}
	}
	return linkModel{kind: ModelRadius}
}

// slope is the site's distance slope, 1 when not set.
func (s *Site) slope() float64 {
	if s.DistanceSlope > 0 {
		return s.DistanceSlope
	}
	return 1
}

// lossDB is the path loss at ground distance dM.
func (l *linkModel) lossDB(dM float64) float64 {
	if l.kind == ModelFSPL {
		s := math.Sqrt(dM*dM + l.dh2)
		if s < 1 {
			s = 1 // inside a metre of the antenna Friis has no meaning
		}
		return l.fsC + l.fsB*math.Log10(s/1000)
	}
	if dM < l.minD {
		dM = l.minD
	}
	return l.a + l.b*math.Log10(dM/1000)
}

// reachM is the largest distance at which lossDB ≤ budgetDB, by bisection
// on the non-decreasing loss, capped at capM. ok is false when even the
// shortest link exceeds the budget.
func (l *linkModel) reachM(budgetDB, capM float64) (reach float64, capped, ok bool) {
	if l.lossDB(0) > budgetDB {
		return 0, false, false
	}
	if l.lossDB(capM) <= budgetDB {
		return capM, true, true
	}
	lo, hi := 0.0, capM
	for i := 0; i < 100 && hi-lo > 1e-6; i++ {
		mid := (lo + hi) / 2
		if l.lossDB(mid) <= budgetDB {
			lo = mid
		} else {
			hi = mid
		}
	}
	// hi is just beyond; using it never drops a covered target, and the
	// final decision compares received power anyway.
	return hi, false, true
}
