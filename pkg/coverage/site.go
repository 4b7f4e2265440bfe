package coverage

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/paulmach/orb"
)

// Tech is a radio access technology generation: "2G", "3G", "4G" or "5G".
// Other non-empty names are accepted; they sort after the four known ones.
type Tech string

// The technologies the default table knows.
const (
	Tech2G Tech = "2G"
	Tech3G Tech = "3G"
	Tech4G Tech = "4G"
	Tech5G Tech = "5G"
)

// Site is one transmitter: a tower, or one sector of it when AzimuthDeg and
// BeamwidthDeg are set. Zero numeric fields are "unknown" and are filled
// from the technology table by ApplyDefaults.
type Site struct {
	ID      string
	Pos     orb.Point // lon, lat (WGS 84)
	Tech    Tech
	RadiusM float64 // fixed coverage radius for the radius model
	HeightM float64 // antenna height above ground
	FreqMHz float64
	// EIRPdBm is the EIRP of the signal the threshold is compared with:
	// the BCCH carrier (2G), the CPICH (3G), one reference-signal resource
	// element (4G RSRP, 5G SS-RSRP).
	EIRPdBm float64
	// AzimuthDeg is the boresight, clockwise from true north.
	AzimuthDeg float64
	// BeamwidthDeg is the horizontal half-power beamwidth; 0 or >= 360
	// means omnidirectional.
	BeamwidthDeg float64
	Operator     string
	Year         int
	// DistanceSlope multiplies the distance term of the empirical models
	// (fspl, hata, cost231): a slope fitted to measurements by model
	// tuning. 0 means 1.
	DistanceSlope float64
	// Given marks the fields the site's data gave, so that a zero there
	// stays zero (a 0 dBm small cell); fields not marked take the
	// technology defaults when zero.
	Given SiteFields
}

// SiteFields is a set of Site fields, for Site.Given.
type SiteFields uint8

// The fields with technology defaults.
const (
	GivenRadius SiteFields = 1 << iota
	GivenHeight
	GivenFreq
	GivenEIRP
)

// TechDefaults are the planning values used for a technology when a site
// does not give its own.
type TechDefaults struct {
	RadiusM, HeightM, FreqMHz, EIRPdBm, ThresholdDBm float64
}

// DefaultTechTable returns the built-in planning defaults; doc.go explains
// where each number comes from. They are planning assumptions, not
// measurements: replace them when an operator's data is available.
func DefaultTechTable() map[Tech]TechDefaults {
	return map[Tech]TechDefaults{
		Tech2G: {RadiusM: 5000, HeightM: 35, FreqMHz: 900, EIRPdBm: 58, ThresholdDBm: -95},
		Tech3G: {RadiusM: 3000, HeightM: 35, FreqMHz: 900, EIRPdBm: 48, ThresholdDBm: -100},
		Tech4G: {RadiusM: 3000, HeightM: 35, FreqMHz: 1800, EIRPdBm: 30, ThresholdDBm: -110},
		Tech5G: {RadiusM: 1000, HeightM: 30, FreqMHz: 2300, EIRPdBm: 30, ThresholdDBm: -110},
	}
}

// ApplyDefaults fills the zero RadiusM, HeightM, FreqMHz and EIRPdBm of s
// from the entry of t for s.Tech. A technology missing from t leaves the
// fields as they are.
func (s *Site) ApplyDefaults(t map[Tech]TechDefaults) {
	d, ok := t[s.Tech]
	if !ok {
		return
	}
	if s.RadiusM == 0 && s.Given&GivenRadius == 0 {
		s.RadiusM = d.RadiusM
	}
	if s.HeightM == 0 && s.Given&GivenHeight == 0 {
		s.HeightM = d.HeightM
	}
	if s.FreqMHz == 0 && s.Given&GivenFreq == 0 {
		s.FreqMHz = d.FreqMHz
	}
	if s.EIRPdBm == 0 && s.Given&GivenEIRP == 0 {
		s.EIRPdBm = d.EIRPdBm
	}
}

// IsOmni reports whether the site radiates in every direction.
func (s *Site) IsOmni() bool {
	return s.BeamwidthDeg == 0 || s.BeamwidthDeg >= 360
}

// techRank orders technologies: the known generations first, then others
// by name.
func techRank(t Tech) int {
	switch t {
	case Tech2G:
		return 0
	case Tech3G:
		return 1
	case Tech4G:
		return 2
	case Tech5G:
		return 3
	}
	return 4
}

// sortTechs sorts in place in the canonical order.
func sortTechs(ts []Tech) {
	sort.Slice(ts, func(i, j int) bool {
		ri, rj := techRank(ts[i]), techRank(ts[j])
		if ri != rj {
			return ri < rj
		}
		return ts[i] < ts[j]
	})
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// validateSite checks a site after defaults were applied. The model decides
// which fields matter.
func validateSite(i int, s *Site, m Model) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("coverage: site %d (id %q): %s: %w", i, s.ID, fmt.Sprintf(format, a...), ErrBadSite)
	}
	if !finite(s.Pos[0]) || !finite(s.Pos[1]) {
		return bad("position is not finite (%v, %v)", s.Pos[0], s.Pos[1])
	}
	if s.Pos[0] < -180 || s.Pos[0] > 180 || s.Pos[1] < -90 || s.Pos[1] > 90 {
		return bad("position (%v, %v) is not a longitude/latitude", s.Pos[0], s.Pos[1])
	}
	if s.Tech == "" {
		return bad("no technology")
	}
	if !finite(s.AzimuthDeg) || !finite(s.BeamwidthDeg) || s.BeamwidthDeg < 0 {
		return bad("azimuth %v / beamwidth %v not usable", s.AzimuthDeg, s.BeamwidthDeg)
	}
	if m == ModelRadius {
		if !finite(s.RadiusM) || s.RadiusM < 0 {
			return bad("radius %v m not usable", s.RadiusM)
		}
		return nil
	}
	if !finite(s.HeightM) || s.HeightM <= 0 {
		return bad("antenna height %v m not usable", s.HeightM)
	}
	if !finite(s.FreqMHz) || s.FreqMHz <= 0 {
		return bad("frequency %v MHz not usable", s.FreqMHz)
	}
	if !finite(s.EIRPdBm) {
		return bad("EIRP %v dBm not usable", s.EIRPdBm)
	}
	return nil
}

// TechFromRadio maps a technology or radio name, as in OpenCelliD's
// "radio" column (GSM, UMTS, LTE, NR) or written as 2G…5G, to a Tech,
// ignoring case. ok is false for anything else (CDMA, empty, …).
func TechFromRadio(s string) (t Tech, ok bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "2G", "GSM", "GPRS", "EDGE":
		return Tech2G, true
	case "3G", "UMTS", "WCDMA", "HSPA":
		return Tech3G, true
	case "4G", "LTE":
		return Tech4G, true
	case "5G", "NR":
		return Tech5G, true
	}
	return "", false
}
