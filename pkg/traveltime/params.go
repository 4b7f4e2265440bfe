package traveltime

import (
	"errors"
	"fmt"
	"math"

	"github.com/kukarcli/kukarcli/pkg/access"
)

// ESA WorldCover class codes (WorldCover 2020/2021 product user manual,
// ESA, 2021/2022, table of the land-cover legend).
const (
	TreeCover         uint8 = 10
	Shrubland         uint8 = 20
	Grassland         uint8 = 30
	Cropland          uint8 = 40
	BuiltUp           uint8 = 50
	BareSparse        uint8 = 60
	SnowIce           uint8 = 70
	PermanentWater    uint8 = 80
	HerbaceousWetland uint8 = 90
	Mangroves         uint8 = 95
	MossLichen        uint8 = 100
)

// SpeedTable maps a land-cover class to the walking speed across it on
// flat ground, in km/h; 0 (or a class missing from the table) makes the
// class impassable.
type SpeedTable map[uint8]float64

// DefaultSpeeds returns the planning defaults for the WorldCover classes
// documented in the package documentation.
func DefaultSpeeds() SpeedTable {
	return SpeedTable{
		TreeCover:         2,
		Shrubland:         3,
		Grassland:         4,
		Cropland:          4,
		BuiltUp:           5,
		BareSparse:        4,
		SnowIce:           1,
		PermanentWater:    0,
		HerbaceousWetland: 1.5,
		Mangroves:         1,
		MossLichen:        3,
	}
}

// SlopeModel says how the terrain changes walking time when a DEM is given.
type SlopeModel uint8

const (
	// Tobler multiplies each move's time by the ratio of Tobler's
	// hiking speed on flat ground to that on the move's slope.
	Tobler SlopeModel = iota
	// Langmuir adds Naismith's rule with Langmuir's downhill
	// corrections, the model of GRASS r.walk.
	Langmuir
	// NoSlope ignores the DEM.
	NoSlope
)

// String names the model.
func (m SlopeModel) String() string {
	switch m {
	case Tobler:
		return "tobler"
	case Langmuir:
		return "langmuir"
	case NoSlope:
		return "none"
	}
	return fmt.Sprintf("SlopeModel(%d)", uint8(m))
}

// LangmuirCoeff are the Langmuir model's coefficients: seconds added per
// metre of climb (UphillSPerM), per metre of descent on slopes between
// SlopeFactor and 0 (ModerateDownSPerM, positive to save time) and on
// steeper descents (SteepDownSPerM, negative to cost time). The flat
// term is the land cover's pace.
type LangmuirCoeff struct {
	UphillSPerM, ModerateDownSPerM, SteepDownSPerM float64
	SlopeFactor                                    float64
}

// DefaultLangmuir are r.walk's defaults (b, c, d = 6, 1.9998, −1.9998;
// slope factor −0.2125, the tangent of about 12°).
func DefaultLangmuir() LangmuirCoeff {
	return LangmuirCoeff{UphillSPerM: 6, ModerateDownSPerM: 1.9998, SteepDownSPerM: -1.9998, SlopeFactor: -0.2125}
}

// Direction says which way travel time is counted.
type Direction uint8

const (
	// ToFacility is the time from each cell to its nearest facility (a
	// patient reaching a health centre).
	ToFacility Direction = iota
	// FromFacility is the time from the nearest facility out to each
	// cell (an outreach team); it differs from ToFacility only on slopes
	// and one-way lines. It is the direction of GRASS r.cost and r.walk.
	FromFacility
)

// Documented defaults (see the package documentation).
const (
	DefaultWalkSpeedKMH     = access.DefaultWalkSpeedKMH
	DefaultBoardingPenaltyS = access.DefaultBoardingPenaltyS
	DefaultMaxLinkM         = 1000
)

// Params are the model parameters; start from DefaultParams.
type Params struct {
	// WalkSpeedKMH is the speed across every cell when no land cover
	// is given.
	WalkSpeedKMH float64
	// Speeds is the land-cover table; nil means DefaultSpeeds.
	Speeds SpeedTable
	// Slope is the terrain model used when an elevation grid is given.
	Slope SlopeModel
	// Langmuir holds the Langmuir model's coefficients; the zero value
	// means DefaultLangmuir.
	Langmuir LangmuirCoeff
	// BoardingPenaltyS is charged when a path leaves a cell for a river
	// or ferry line; use the value the network was built with, which
	// charges it at landings.
	BoardingPenaltyS float64
	// MaxLinkM is how far a network point in an impassable cell (a
	// river in water cells) or a facility in one looks for passable
	// cells to join.
	MaxLinkM float64
	// Direction is the way times are counted.
	Direction Direction
	// MaxMinutes stops the search at this time; cells beyond it are
	// unreached. 0 means no limit.
	MaxMinutes float64
}

// DefaultParams returns the documented defaults.
func DefaultParams() Params {
	return Params{
		WalkSpeedKMH:     DefaultWalkSpeedKMH,
		BoardingPenaltyS: DefaultBoardingPenaltyS,
		MaxLinkM:         DefaultMaxLinkM,
		Langmuir:         DefaultLangmuir(),
	}
}

// ErrParams is wrapped by every error about a bad parameter or input.
var ErrParams = errors.New("traveltime: bad parameter")

func (p Params) resolved() (Params, error) {
	bad := func(name string, v any) error {
		return fmt.Errorf("traveltime: %s = %v: %w", name, v, ErrParams)
	}
	if p.WalkSpeedKMH == 0 {
		p.WalkSpeedKMH = DefaultWalkSpeedKMH
	}
	if !(p.WalkSpeedKMH > 0) || math.IsInf(p.WalkSpeedKMH, 0) {
		return p, bad("WalkSpeedKMH", p.WalkSpeedKMH)
	}
	if p.Speeds == nil {
		p.Speeds = DefaultSpeeds()
	}
	for k, v := range p.Speeds {
		if !(v >= 0) || math.IsInf(v, 0) {
			return p, bad(fmt.Sprintf("Speeds[%d]", k), v)
		}
	}
	if p.Slope > NoSlope {
		return p, bad("Slope", p.Slope)
	}
	if p.Langmuir == (LangmuirCoeff{}) {
		p.Langmuir = DefaultLangmuir()
	}
	if !(p.Langmuir.SlopeFactor < 0) {
		return p, bad("Langmuir.SlopeFactor", p.Langmuir.SlopeFactor)
	}
	if !(p.BoardingPenaltyS >= 0) || math.IsInf(p.BoardingPenaltyS, 0) {
		return p, bad("BoardingPenaltyS", p.BoardingPenaltyS)
	}
	if p.MaxLinkM == 0 {
		p.MaxLinkM = DefaultMaxLinkM
	}
	if !(p.MaxLinkM >= 0) || math.IsInf(p.MaxLinkM, 0) {
		return p, bad("MaxLinkM", p.MaxLinkM)
	}
	if p.Direction > FromFacility {
		return p, bad("Direction", p.Direction)
	}
	if !(p.MaxMinutes >= 0) {
		return p, bad("MaxMinutes", p.MaxMinutes)
	}
	return p, nil
}

// paceTable is the pace (seconds per metre) of each class: 3.6/speed, or
// +Inf for an impassable or unknown class. Without land cover every
// class has the walking pace.
func paceTable(p Params, landCover bool) (t [256]float64) {
	for k := range t {
		t[k] = math.Inf(1)
		if !landCover {
			t[k] = 3.6 / p.WalkSpeedKMH
		}
	}
	if landCover {
		for k, v := range p.Speeds {
			if v > 0 {
				t[k] = 3.6 / v
			}
		}
	}
	return t
}
