package siting

import (
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// Validity ranges the coverage engine applies to the Hata family (Hata
// 1980; COST 231 final report, 1999, 4.4.1). They are repeated here because
// a candidate's coverage set must be decided exactly as coverage.Evaluate
// would decide it; TestModelMatchesCoverage keeps the two in step.
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
)

// link is the coverage model of the new-site template: every candidate
// shares it, only the position differs.
type link struct {
	model   coverage.Model
	radiusM float64 // radius model: covered within this (already capped)
	capM    float64 // no target beyond MaxReachM is covered
	eirpDBm float64
	thrDBm  float64
	hata    coverage.HataParams
	freqMHz float64
	dh2     float64 // fspl: (hb − hm)²
	omni    bool
	azDeg   float64
	bwDeg   float64
	// reachM bounds the geodesic distance of any covered target.
	reachM float64
	covers bool
	// terrain: a model that needs a terrain profile per link (itm,
	// los-ked). Its sets come from coverage.CoveringSites with the
	// template at every candidate, not from the rules below.
	terrain bool
	tmpl    coverage.Site
	params  coverage.Params
}

// normParams fills the defaults coverage.Params documents, so the model
// here sees the values coverage.Evaluate would use.
func normParams(p coverage.Params) coverage.Params {
	if p.Model == "" {
		p.Model = coverage.ModelRadius
	}
	if p.Environment == "" {
		p.Environment = coverage.DefaultEnv
	}
	if p.RxHeightM == 0 {
		p.RxHeightM = coverage.DefaultRxHeightM
	}
	if p.MaxReachM == 0 {
		p.MaxReachM = coverage.DefaultMaxReachM
	}
	if p.MinShare == 0 {
		p.MinShare = coverage.DefaultMinShare
	}
	if p.Table == nil {
		p.Table = coverage.DefaultTechTable()
	}
	if p.Model == coverage.ModelHata || p.Model == coverage.ModelCOST231 {
		p.RxHeightM = clamp(p.RxHeightM, hataMinRxHeightM, hataMaxRxHeightM)
	}
	return p
}

func clamp(v, lo, hi float64) float64 { return math.Min(math.Max(v, lo), hi) }

// newLink prepares the template site. It validates the site and the
// parameters by running coverage.Evaluate on the template alone, so the
// rules (and the messages) are coverage's; the clamping warnings it
// returns are the ones that apply to every candidate.
func newLink(tmpl coverage.Site, at orb.Point, p coverage.Params) (link, []coverage.Warning, error) {
	tmpl.Pos = at
	if tmpl.ID == "" {
		tmpl.ID = "new-site"
	}
	vp := p
	vp.Workers = 1
	_, sum, err := coverage.Evaluate([]coverage.Site{tmpl}, []coverage.Target{{Geometry: at}}, nil, vp)
	if err != nil {
		return link{}, nil, fmt.Errorf("siting: new-site template: %w", err)
	}
	var warns []coverage.Warning
	for _, w := range sum.Warnings {
		switch w.Kind {
		case coverage.WarnFreqClamped, coverage.WarnTxHeight, coverage.WarnRxHeight,
			coverage.WarnReachCapped, coverage.WarnZeroRadius:
			warns = append(warns, w)
		}
	}
	if p.Model == coverage.ModelITM || p.Model == coverage.ModelLOSKED {
		return link{model: p.Model, covers: true, terrain: true, tmpl: tmpl, params: p}, warns, nil
	}
	p = normParams(p)
	tmpl.ApplyDefaults(p.Table)
	l := link{model: p.Model, capM: p.MaxReachM, eirpDBm: tmpl.EIRPdBm, omni: tmpl.IsOmni(),
		azDeg: tmpl.AzimuthDeg, bwDeg: tmpl.BeamwidthDeg}
	switch p.Model {
	case coverage.ModelRadius:
		l.radiusM = math.Min(tmpl.RadiusM, p.MaxReachM)
		l.reachM = l.radiusM
		l.covers = tmpl.RadiusM > 0
		return l, warns, nil
	case coverage.ModelFSPL:
		dh := tmpl.HeightM - p.RxHeightM
		l.freqMHz, l.dh2 = tmpl.FreqMHz, dh*dh
	default:
		hp := coverage.HataParams{FreqMHz: tmpl.FreqMHz, TxHeightM: tmpl.HeightM, RxHeightM: p.RxHeightM,
			Environment: p.Environment, LargeCity: p.LargeCity}
		lo := float64(hataMinFreqMHz)
		if p.Model == coverage.ModelCOST231 {
			lo = cost231MinFreqMHz
		}
		hp.FreqMHz = clamp(hp.FreqMHz, lo, cost231MaxFreqMHz)
		hp.COST231 = p.Model == coverage.ModelCOST231 || hp.FreqMHz > hataMaxFreqMHz
		hp.TxHeightM = clamp(hp.TxHeightM, hataMinTxHeightM, hataMaxTxHeightM)
		l.hata = hp
	}
	if p.ThresholdDBm != nil {
		l.thrDBm = *p.ThresholdDBm
	} else {
		l.thrDBm = p.Table[tmpl.Tech].ThresholdDBm // present: Evaluate checked it
	}
	l.reachM, l.covers = l.reach()
	return l, warns, nil
}

// lossDB is the path loss at ground distance dM, as coverage computes it.
func (l *link) lossDB(dM float64) float64 {
	if l.model == coverage.ModelFSPL {
		s := math.Sqrt(dM*dM + l.dh2)
		if s < 1 {
			s = 1
		}
		return coverage.FreeSpaceLossDB(s, l.freqMHz)
	}
	if dM < hataMinDistM {
		dM = hataMinDistM
	}
	return coverage.HataLossDB(dM, l.hata)
}

// reach bisects the non-decreasing loss for the largest covered distance
// and returns a distance just beyond it, capped at MaxReachM.
func (l *link) reach() (float64, bool) {
	budget := l.eirpDBm - l.thrDBm
	if l.lossDB(0) > budget {
		return 0, false
	}
	if l.lossDB(l.capM) <= budget {
		return l.capM, true
	}
	lo, hi := 0.0, l.capM
	for i := 0; i < 100 && hi-lo > 1e-6; i++ {
		mid := (lo + hi) / 2
		if l.lossDB(mid) <= budget {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi, true
}

// patternLossDB is the sector loss towards pt, bearings on the
// candidate's own local scale as coverage takes them; ok is false when the
// radius model's sector excludes pt.
func (l *link) patternLossDB(site, pt orb.Point, mx, my float64) (float64, bool) {
	if l.omni {
		return 0, true
	}
	dx := (pt[0] - site[0]) * mx
	dy := (pt[1] - site[1]) * my
	b := l.azDeg
	if dx != 0 || dy != 0 {
		b = math.Atan2(dx, dy) / math.Pi * 180
	}
	d := math.Mod(b-l.azDeg, 360)
	if d < 0 {
		d += 360
	}
	if d > 180 {
		d = 360 - d
	}
	if l.model == coverage.ModelRadius {
		return 0, d <= l.bwDeg/2
	}
	return coverage.PatternLossDB(d, l.bwDeg), true
}

// coversAt decides whether a candidate at site covers pt, given bounds
// dLo ≤ geodesic ≤ dHi from the plane. Like coverage, it computes the
// geodesic only when the bounds cannot settle the question.
func (l *link) coversAt(site, pt orb.Point, mx, my, dLo, dHi float64) bool {
	if !l.covers || dLo > l.reachM {
		return false
	}
	pat, ok := l.patternLossDB(site, pt, mx, my)
	if !ok {
		return false
	}
	if l.model == coverage.ModelRadius {
		return dHi <= l.radiusM || earth.DistanceM(site, pt) <= l.radiusM
	}
	if dHi > l.capM {
		if earth.DistanceM(site, pt) > l.capM {
			return false
		}
	}
	if l.eirpDBm-l.lossDB(dHi)-pat >= l.thrDBm {
		return true
	}
	if l.eirpDBm-l.lossDB(dLo)-pat < l.thrDBm {
		return false
	}
	return l.eirpDBm-l.lossDB(earth.DistanceM(site, pt))-pat >= l.thrDBm
}

// planeFactor returns k ≥ 1 with geodesic/k ≤ plane ≤ geodesic·k for
// points between latMin and latMax on the plane l: the equirectangular
// plane keeps its origin's metres per degree, so the error is bounded by
// the ratio of the scales at the band's edges (or the equator inside it)
// to the origin's; 0.1 % more covers the curvature terms that package
// earth measures below 0.05 % within 100 km.
func planeFactor(l earth.Local, latMin, latMax float64) float64 {
	mx0, my0 := l.MetresPerDegree()
	k := 1.0
	lats := []float64{latMin, latMax}
	if latMin < 0 && latMax > 0 {
		lats = append(lats, 0)
	}
	for _, lat := range lats {
		mx, my := earth.NewLocal(orb.Point{l.Origin[0], clamp(lat, -89, 89)}).MetresPerDegree()
		for _, r := range []float64{mx / mx0, my / my0} {
			k = math.Max(k, math.Max(r, 1/r))
		}
	}
	return k * 1.001
}
