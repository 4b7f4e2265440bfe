package itm

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Climate is the ITM radio-climate code (1 … 7).
type Climate int

// The ITM radio climates, with the codes of the reference implementation.
const (
	ClimateEquatorial                Climate = 1 // e.g. Congo, Borneo
	ClimateContinentalSubtropical    Climate = 2 // e.g. Sudan
	ClimateMaritimeSubtropical       Climate = 3 // e.g. West coast of Africa
	ClimateDesert                    Climate = 4 // e.g. Sahara
	ClimateContinentalTemperate      Climate = 5 // e.g. central USA
	ClimateMaritimeTemperateOverLand Climate = 6 // e.g. United Kingdom
	ClimateMaritimeTemperateOverSea  Climate = 7
)

// Polarization of the antennas.
type Polarization int

// The polarizations, with the codes of the reference implementation.
const (
	Horizontal Polarization = 0
	Vertical   Polarization = 1
)

// The variability modes for Params.MDVar (Hufford 1982, section 5). One of
// the four base modes may have NoLocationVariability and/or
// NoSituationVariability added to it.
const (
	SingleMessage          = 0
	Accidental             = 1
	Mobile                 = 2
	Broadcast              = 3
	NoLocationVariability  = 10 // location variability eliminated (e.g. a true point-to-point link)
	NoSituationVariability = 20 // direct situation variability eliminated (interference studies)
)

// Siting is the area-mode siting criterion of a terminal.
type Siting int

// The siting criteria of area mode (NTIA Report 82-100, section 3).
const (
	SitingRandom      Siting = 0
	SitingCareful     Siting = 1
	SitingVeryCareful Siting = 2
)

// Mode is the propagation mode the reference attenuation came from.
type Mode int

// The propagation modes, with the codes of the reference implementation.
const (
	ModeNotSet   Mode = 0
	LineOfSight  Mode = 1
	Diffraction  Mode = 2
	Troposcatter Mode = 3
)

// String returns "los", "diffraction", "troposcatter" or "not-set".
func (m Mode) String() string {
	switch m {
	case LineOfSight:
		return "los"
	case Diffraction:
		return "diffraction"
	case Troposcatter:
		return "troposcatter"
	}
	return "not-set"
}

// Warning is a set of bit flags saying which inputs or intermediate values
// lie near or beyond the limits the model was built for. The bit values are
// those of NTIA's reference release, so they can be compared with its
// output.
type Warning uint32

// The warning flags.
const (
	WarnTxTerminalHeight      Warning = 0x0001 // TX height outside 1…1000 m
	WarnRxTerminalHeight      Warning = 0x0002 // RX height outside 1…1000 m
	WarnFrequency             Warning = 0x0004 // frequency outside 40…10000 MHz
	WarnPathDistanceTooBig1   Warning = 0x0008 // path longer than 1000 km
	WarnPathDistanceTooBig2   Warning = 0x0010 // path longer than 2000 km
	WarnPathDistanceTooSmall1 Warning = 0x0020 // path shorter than |he1−he2|/0.2
	WarnPathDistanceTooSmall2 Warning = 0x0040 // path shorter than 1 km
	WarnTxHorizonAngle        Warning = 0x0080 // |TX horizon angle| > 200 mrad
	WarnRxHorizonAngle        Warning = 0x0100 // |RX horizon angle| > 200 mrad
	WarnTxHorizonDistance1    Warning = 0x0200 // TX horizon < 0.1 × smooth-earth horizon
	WarnRxHorizonDistance1    Warning = 0x0400 // RX horizon < 0.1 × smooth-earth horizon
	WarnTxHorizonDistance2    Warning = 0x0800 // TX horizon > 3 × smooth-earth horizon
	WarnRxHorizonDistance2    Warning = 0x1000 // RX horizon > 3 × smooth-earth horizon
	WarnExtremeVariabilities  Warning = 0x2000 // a deviate beyond 3.1 standard deviations
	WarnSurfaceRefractivity   Warning = 0x4000 // surface refractivity below 250 N-units
)

var warningNames = []struct {
	w    Warning
	name string
}{
	{WarnTxTerminalHeight, "tx-height"},
	{WarnRxTerminalHeight, "rx-height"},
	{WarnFrequency, "frequency"},
	{WarnPathDistanceTooBig1, "distance-large"},
	{WarnPathDistanceTooBig2, "distance-very-large"},
	{WarnPathDistanceTooSmall1, "distance-small"},
	{WarnPathDistanceTooSmall2, "distance-very-small"},
	{WarnTxHorizonAngle, "tx-horizon-angle"},
	{WarnRxHorizonAngle, "rx-horizon-angle"},
	{WarnTxHorizonDistance1, "tx-horizon-short"},
	{WarnRxHorizonDistance1, "rx-horizon-short"},
	{WarnTxHorizonDistance2, "tx-horizon-long"},
	{WarnRxHorizonDistance2, "rx-horizon-long"},
	{WarnExtremeVariabilities, "extreme-variability"},
	{WarnSurfaceRefractivity, "surface-refractivity"},
}

// String lists the set flags by name, joined with "|", in bit order.
func (w Warning) String() string {
	if w == 0 {
		return "none"
	}
	var parts []string
	for _, n := range warningNames {
		if w&n.w != 0 {
			parts = append(parts, n.name)
		}
	}
	if rest := w &^ 0x7fff; rest != 0 {
		parts = append(parts, fmt.Sprintf("0x%x", uint32(rest)))
	}
	return strings.Join(parts, "|")
}

// Errors callers may test with errors.Is.
var (
	// ErrInput marks an input outside the range the model accepts.
	ErrInput = errors.New("input out of range")
	// ErrModel marks a path on which the model cannot run (e.g. a surface
	// refractivity or effective earth radius out of range after the
	// profile has been analysed).
	ErrModel = errors.New("model not applicable")
)

// Params are the inputs common to point-to-point and area mode.
type Params struct {
	TxHeightM float64 // structural height of the transmitter above ground, 0.5…3000 m
	RxHeightM float64 // structural height of the receiver above ground, 0.5…3000 m
	FreqMHz   float64 // 20…20000 MHz (40…10000 without a warning)
	N0        float64 // surface refractivity reduced to sea level, 250…400 N-units
	EpsilonR  float64 // relative permittivity of the ground, ≥ 1
	SigmaSm   float64 // conductivity of the ground, S/m, > 0
	Climate   Climate
	Pol       Polarization
	// MDVar is the variability mode: SingleMessage, Accidental, Mobile or
	// Broadcast, optionally plus NoLocationVariability and/or
	// NoSituationVariability.
	MDVar int
	// TimePct, LocationPct and SituationPct are the percentages (0 < p <
	// 100) of time, locations and situations in which the loss does not
	// exceed the result (reliability and confidence in ITM's terms).
	TimePct, LocationPct, SituationPct float64
}

// Intermediate holds the path parameters the model derived, as NTIA's
// reference release reports them.
type Intermediate struct {
	DistM                float64    // path length
	HorizonDistM         [2]float64 // TX, RX horizon distances
	HorizonAngleRad      [2]float64 // TX, RX horizon elevation angles
	EffHeightM           [2]float64 // TX, RX effective heights
	DeltaHM              float64    // terrain irregularity Δh
	SurfaceRefractivityN float64    // Ns, N0 reduced to the mean path elevation
	FreeSpaceLossDB      float64
	RefAttenuationDB     float64 // median attenuation relative to free space
	// ProfileObstructed says the terrain (over the effective earth) cuts
	// the straight ray between the antennas. ITM's Mode does not say
	// this: it compares the distance with the smooth-earth horizons of
	// the effective heights, so an obstructed short path can still be
	// LineOfSight, with the diffraction estimate blended into its loss.
	// Always false in area mode.
	ProfileObstructed bool
}

// Result is the outcome of a prediction.
type Result struct {
	LossDB       float64 // basic transmission loss
	Mode         Mode
	Warnings     Warning
	Intermediate Intermediate
}

// DefaultsEquatorialKalimantan returns parameters for East Kalimantan:
//
//   - Climate 1 (equatorial): the climate NTIA Report 82-100 describes as
//     "Equatorial (Congo)", with little annual range of temperature and
//     much rain; the lowland tropical forest of Borneo is its textbook
//     case.
//   - N0 = 360 N-units: the value NTIA Report 82-100 (table of suggested
//     parameters) gives for the equatorial climate; ITU-R P.453's maps of
//     the sea-level refractivity N0 put the humid equatorial belt of the
//     Maritime Continent at the high end of the world range, well above
//     the 301 of the continental-temperate default, and 360 is a
//     conservative round value in that band. Callers with a local
//     radiosonde climatology should override it.
//   - Ground εr = 15, σ = 0.005 S/m: "average ground" of NTIA Report
//     82-100; Kukar's wet lowland soils sit between average and good
//     ground (εr 25, σ 0.02), and the loss is insensitive to the choice
//     except over water.
//   - Vertical polarization, as mobile networks use.
//   - MDVar = Mobile: the receiver is a moving handset, so time and
//     location variability are combined.
//   - 50 % time, locations and situations: the median, the input the
//     coverage engine adds its own margins to.
//   - 900 MHz, 30 m mast, 1.5 m handset: placeholders for the caller to
//     override per site.
func DefaultsEquatorialKalimantan() Params {
	return Params{
		TxHeightM:    30,
		RxHeightM:    1.5,
		FreqMHz:      900,
		N0:           360,
		EpsilonR:     15,
		SigmaSm:      0.005,
		Climate:      ClimateEquatorial,
		Pol:          Vertical,
		MDVar:        Mobile,
		TimePct:      50,
		LocationPct:  50,
		SituationPct: 50,
	}
}

func finite(xs ...float64) bool {
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// validate checks the inputs common to both modes with the limits of the
// reference release, and returns the warnings they raise.
func (p Params) validate() (Warning, error) {
	var w Warning
	if !finite(p.TxHeightM, p.RxHeightM, p.FreqMHz, p.N0, p.EpsilonR, p.SigmaSm, p.TimePct, p.LocationPct, p.SituationPct) {
		return 0, fmt.Errorf("itm: %w: parameters must be finite numbers", ErrInput)
	}
	if p.TxHeightM < 1 || p.TxHeightM > 1000 {
		w |= WarnTxTerminalHeight
	}
	if p.TxHeightM < 0.5 || p.TxHeightM > 3000 {
		return 0, fmt.Errorf("itm: %w: TX height %g m outside 0.5…3000 m", ErrInput, p.TxHeightM)
	}
	if p.RxHeightM < 1 || p.RxHeightM > 1000 {
		w |= WarnRxTerminalHeight
	}
	if p.RxHeightM < 0.5 || p.RxHeightM > 3000 {
		return 0, fmt.Errorf("itm: %w: RX height %g m outside 0.5…3000 m", ErrInput, p.RxHeightM)
	}
	if p.Climate < ClimateEquatorial || p.Climate > ClimateMaritimeTemperateOverSea {
		return 0, fmt.Errorf("itm: %w: radio climate %d not in 1…7", ErrInput, int(p.Climate))
	}
	if p.N0 < 250 || p.N0 > 400 {
		return 0, fmt.Errorf("itm: %w: surface refractivity N0 %g outside 250…400 N-units", ErrInput, p.N0)
	}
	if p.FreqMHz < 40 || p.FreqMHz > 10000 {
		w |= WarnFrequency
	}
	if p.FreqMHz < 20 || p.FreqMHz > 20000 {
		return 0, fmt.Errorf("itm: %w: frequency %g MHz outside 20…20000 MHz", ErrInput, p.FreqMHz)
	}
	if p.Pol != Horizontal && p.Pol != Vertical {
		return 0, fmt.Errorf("itm: %w: polarization %d is neither 0 (horizontal) nor 1 (vertical)", ErrInput, int(p.Pol))
	}
	if p.EpsilonR < 1 {
		return 0, fmt.Errorf("itm: %w: relative permittivity %g below 1", ErrInput, p.EpsilonR)
	}
	if p.SigmaSm <= 0 {
		return 0, fmt.Errorf("itm: %w: ground conductivity %g S/m not positive", ErrInput, p.SigmaSm)
	}
	if base := p.MDVar % 10; p.MDVar < 0 || p.MDVar > 33 || base > 3 {
		return 0, fmt.Errorf("itm: %w: variability mode %d (want 0…3, plus 10 and/or 20)", ErrInput, p.MDVar)
	}
	for _, pc := range []struct {
		name string
		v    float64
	}{{"situation", p.SituationPct}, {"time", p.TimePct}, {"location", p.LocationPct}} {
		if pc.v <= 0 || pc.v >= 100 {
			return 0, fmt.Errorf("itm: %w: %s percentage %g not strictly between 0 and 100", ErrInput, pc.name, pc.v)
		}
	}
	return w, nil
}

// maxProfilePoints bounds the profile so that a garbage length cannot make
// the model allocate without limit; a 2000 km path at 1 m spacing fits.
const maxProfilePoints = 2_000_001

// P2P runs ITM in point-to-point mode over a terrain profile: elevations in
// metres above sea level, equally spaced stepM apart, from the transmitter
// (first) to the receiver (last). At least two intervals are needed.
func P2P(profileElevM []float64, stepM float64, p Params) (Result, error) {
	warn, err := p.validate()
	if err != nil {
		return Result{}, err
	}
	if len(profileElevM) < 3 {
		return Result{}, fmt.Errorf("itm: %w: profile has %d points, need at least 3", ErrInput, len(profileElevM))
	}
	if len(profileElevM) > maxProfilePoints {
		return Result{}, fmt.Errorf("itm: %w: profile has %d points, more than %d", ErrInput, len(profileElevM), maxProfilePoints)
	}
	if !finite(stepM) || stepM <= 0 {
		return Result{}, fmt.Errorf("itm: %w: profile step %g m not a positive number", ErrInput, stepM)
	}
	for i, z := range profileElevM {
		// Beyond ±20 km the numbers are not terrain and only risk overflow.
		if !finite(z) || math.Abs(z) > 20000 {
			return Result{}, fmt.Errorf("itm: %w: profile point %d elevation %g m not a terrain height", ErrInput, i, z)
		}
	}
	np := len(profileElevM) - 1
	distM := float64(np) * stepM
	if distM > 1e8 {
		return Result{}, fmt.Errorf("itm: %w: path length %g m is not terrestrial", ErrInput, distM)
	}

	// Mean system elevation over the middle 80 % of the path, to reduce N0
	// to the surface refractivity Ns (Algorithm, section 2).
	p10 := int(0.1 * float64(np))
	var zsys float64
	for i := p10; i <= np-p10; i++ {
		zsys += profileElevM[i]
	}
	zsys /= float64(np - 2*p10 + 1)

	g := newPath(p, zsys)
	g.hg = [2]float64{p.TxHeightM, p.RxHeightM}
	g.distM = distM
	analyseProfile(profileElevM, stepM, &g)

	return finish(g, p, warn, true)
}

// Area runs ITM in area mode: no profile, the terrain described only by
// the path length distM and the terrain irregularity deltaHM (Δh; about
// 90 m for hills, 30 m for rolling plains, 0 over water, NTIA Report
// 82-100 table 3), with each terminal's siting criterion.
func Area(distM, deltaHM float64, txSiting, rxSiting Siting, p Params) (Result, error) {
	warn, err := p.validate()
	if err != nil {
		return Result{}, err
	}
	if !finite(distM, deltaHM) || distM <= 0 || distM > 1e8 {
		return Result{}, fmt.Errorf("itm: %w: path length %g m not a positive terrestrial distance", ErrInput, distM)
	}
	if deltaHM < 0 || deltaHM > 20000 {
		return Result{}, fmt.Errorf("itm: %w: terrain irregularity %g m outside 0…20000 m", ErrInput, deltaHM)
	}
	for i, s := range []Siting{txSiting, rxSiting} {
		if s < SitingRandom || s > SitingVeryCareful {
			return Result{}, fmt.Errorf("itm: %w: siting criterion %d of terminal %d not 0, 1 or 2", ErrInput, int(s), i+1)
		}
	}
	g := newPath(p, 0)
	g.hg = [2]float64{p.TxHeightM, p.RxHeightM}
	g.distM = distM
	g.dh = deltaHM
	areaGeometry([2]Siting{txSiting, rxSiting}, &g)
	return finish(g, p, warn, false)
}

// finish computes the reference attenuation and the variability, common
// to both modes.
func finish(g path, p Params, warn Warning, p2p bool) (Result, error) {
	aref, mode, w, err := g.referenceAttenuation(p2p)
	warn |= w
	if err != nil {
		return Result{}, err
	}
	fs := freeSpaceLossDB(g.distM, p.FreqMHz)
	v, w := variability(p, g, aref)
	warn |= w
	res := Result{
		LossDB:   fs + v,
		Mode:     mode,
		Warnings: warn,
		Intermediate: Intermediate{
			DistM:                g.distM,
			HorizonDistM:         g.dl,
			HorizonAngleRad:      g.the,
			EffHeightM:           g.he,
			DeltaHM:              g.dh,
			SurfaceRefractivityN: g.ns,
			FreeSpaceLossDB:      fs,
			RefAttenuationDB:     aref,
			ProfileObstructed:    g.obstructed,
		},
	}
	if !finite(res.LossDB) {
		return Result{}, fmt.Errorf("itm: %w: the loss is not a finite number on this path", ErrModel)
	}
	return res, nil
}

// freeSpaceLossDB is the free-space basic transmission loss with d in
// metres and f in MHz (ITU-R P.525, with the constant rounded to 32.45 as
// the reference release does).
func freeSpaceLossDB(distM, freqMHz float64) float64 {
	return 32.45 + 20*math.Log10(freqMHz) + 20*math.Log10(distM/1000)
}
