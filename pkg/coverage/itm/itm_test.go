package itm

import (
	"bufio"
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The reference vectors in testdata come from NTIA's ITM reference release
// (see testdata/LICENSE-NTIA.md): p2p.csv with the profiles of pfls.csv,
// area.csv, and the worked examples i_/o_p2ptls.txt and i_/o_areatls.txt.

func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func floats(t *testing.T, fields []string) []float64 {
	t.Helper()
	out := make([]float64, len(fields))
	for i, s := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			t.Fatalf("field %d %q: %v", i, s, err)
		}
		out[i] = v
	}
	return out
}

// pfl splits an ITM "pfl" record (number of intervals, spacing in metres,
// elevations) into elevations and spacing.
func pfl(t *testing.T, v []float64) ([]float64, float64) {
	t.Helper()
	np := int(v[0])
	if len(v) != np+3 {
		t.Fatalf("pfl record has %d values for %d intervals", len(v), np)
	}
	return v[2:], v[1]
}

// keyValues reads the "name,value" input files of the reference driver.
func keyValues(t *testing.T, name string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, row := range readCSV(t, name) {
		out[row[0]] = floats(t, row[1:2])[0]
	}
	return out
}

// reportValues reads the first number after each label of the reference
// driver's report, e.g. "theta_hzn_tx             -1.949       (mrad)".
func reportValues(t *testing.T, name string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if len(line) < 25 {
			continue
		}
		label := strings.TrimSpace(line[:25])
		fields := strings.Fields(line[25:])
		if len(fields) > 0 {
			out[label] = fields[0]
		}
	}
	return out
}

func TestP2PReferenceVectors(t *testing.T) {
	rows := readCSV(t, "p2p.csv")[1:]
	profiles := readCSV(t, "pfls.csv")
	if len(rows) != len(profiles) || len(rows) == 0 {
		t.Fatalf("%d rows in p2p.csv, %d in pfls.csv", len(rows), len(profiles))
	}
	var worst float64
	for i, row := range rows {
		v := floats(t, row)
		z, step := pfl(t, floats(t, profiles[i]))
		p := Params{
			TxHeightM: v[0], RxHeightM: v[1], EpsilonR: v[2], SigmaSm: v[3], N0: v[4], FreqMHz: v[5],
			Pol: Polarization(v[6]), Climate: Climate(v[7]), TimePct: v[8], LocationPct: v[9], SituationPct: v[10],
			MDVar: int(v[11]),
		}
		res, err := P2P(z, step, p)
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		diff := math.Abs(res.LossDB - v[12])
		worst = math.Max(worst, diff)
		t.Logf("row %d: %.2f dB, want %.2f (mode %v, warnings %v)", i+1, res.LossDB, v[12], res.Mode, res.Warnings)
		// the reference losses are printed to 0.01 dB: within half of it
		if diff > 0.005 {
			t.Errorf("row %d: loss %.3f dB, want %.2f", i+1, res.LossDB, v[12])
		}
	}
	t.Logf("p2p.csv: max |error| %.4f dB", worst)
}

func TestAreaReferenceVectors(t *testing.T) {
	rows := readCSV(t, "area.csv")[1:]
	var worst float64
	for i, row := range rows {
		v := floats(t, row)
		p := Params{
			TxHeightM: v[0], RxHeightM: v[1], MDVar: int(v[3]),
			EpsilonR: v[7], SigmaSm: v[8], N0: v[9], FreqMHz: v[10], Pol: Polarization(v[11]), Climate: Climate(v[12]),
			TimePct: v[13], LocationPct: v[14], SituationPct: v[15],
		}
		res, err := Area(v[4]*1000, v[2], Siting(v[5]), Siting(v[6]), p)
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		diff := math.Abs(res.LossDB - v[16])
		worst = math.Max(worst, diff)
		t.Logf("row %d: %.2f dB, want %.1f (mode %v)", i+1, res.LossDB, v[16], res.Mode)
		// the reference losses are printed to 0.1 dB: within half of it
		if diff > 0.05 {
			t.Errorf("row %d: loss %.3f dB, want %.1f", i+1, res.LossDB, v[16])
		}
	}
	t.Logf("area.csv: max |error| %.4f dB", worst)
}

// checkReport compares a result with a reference report to the printed
// precision: a printed value with n decimals must be matched within half a
// unit of its last digit.
func checkReport(t *testing.T, res Result, want map[string]string) {
	t.Helper()
	iv := res.Intermediate
	got := map[string]float64{
		"Basic Transmission Loss": res.LossDB,
		"Free Space":              iv.FreeSpaceLossDB,
		"d__km":                   iv.DistM / 1000,
		"theta_hzn_tx":            iv.HorizonAngleRad[0] * 1000,
		"theta_hzn_rx":            iv.HorizonAngleRad[1] * 1000,
		"d_hzn_tx__meter":         iv.HorizonDistM[0],
		"d_hzn_rx__meter":         iv.HorizonDistM[1],
		"h_e_tx__meter":           iv.EffHeightM[0],
		"h_e_rx__meter":           iv.EffHeightM[1],
		"N_s":                     iv.SurfaceRefractivityN,
		"delta_h__meter":          iv.DeltaHM,
		"A_ref__db":               iv.RefAttenuationDB,
		"Mode of Propagation":     float64(res.Mode),
		"ITM Warning Flags":       float64(res.Warnings),
	}
	for label, g := range got {
		s, ok := want[label]
		if !ok {
			t.Errorf("%s missing from the reference report", label)
			continue
		}
		var w float64
		var err error
		if strings.HasPrefix(s, "0x") {
			var u uint64
			u, err = strconv.ParseUint(s[2:], 16, 32)
			w = float64(u)
		} else {
			w, err = strconv.ParseFloat(s, 64)
		}
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		tol := 0.5
		if dot := strings.IndexByte(s, '.'); dot >= 0 {
			tol = 0.5 * math.Pow(10, -float64(len(s)-dot-1))
		}
		if math.Abs(g-w) > tol+1e-9 {
			t.Errorf("%s = %.6g, reference prints %s", label, g, s)
		}
	}
}

func TestP2PWorkedExample(t *testing.T) {
	in := keyValues(t, "i_p2ptls.txt")
	raw, err := os.ReadFile(filepath.Join("testdata", "pfl.txt"))
	if err != nil {
		t.Fatal(err)
	}
	z, step := pfl(t, floats(t, strings.Split(strings.TrimSpace(string(raw)), ",")))
	p := Params{
		TxHeightM: in["h_tx__meter"], RxHeightM: in["h_rx__meter"], Climate: Climate(in["climate"]),
		N0: in["N_0"], FreqMHz: in["f__mhz"], Pol: Polarization(in["pol"]), EpsilonR: in["epsilon"],
		SigmaSm: in["sigma"], MDVar: int(in["mdvar"]), TimePct: in["time"], LocationPct: in["location"],
		SituationPct: in["situation"],
	}
	res, err := P2P(z, step, p)
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, res, reportValues(t, "o_p2ptls.txt"))
	if res.Mode != LineOfSight || res.Mode.String() != "los" {
		t.Errorf("mode %v, want line of sight", res.Mode)
	}
}

func TestAreaWorkedExample(t *testing.T) {
	in := keyValues(t, "i_areatls.txt")
	p := Params{
		TxHeightM: in["h_tx__meter"], RxHeightM: in["h_rx__meter"], Climate: Climate(in["climate"]),
		N0: in["N_0"], FreqMHz: in["f__mhz"], Pol: Polarization(in["pol"]), EpsilonR: in["epsilon"],
		SigmaSm: in["sigma"], MDVar: int(in["mdvar"]), TimePct: in["time"], LocationPct: in["location"],
		SituationPct: in["situation"],
	}
	res, err := Area(in["d__km"]*1000, in["delta_h__meter"], Siting(in["tx_site_criteria"]), Siting(in["rx_site_criteria"]), p)
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, res, reportValues(t, "o_areatls.txt"))
}

func flatProfile(n int, elevM float64) []float64 {
	z := make([]float64, n)
	for i := range z {
		z[i] = elevM
	}
	return z
}

func TestP2PModes(t *testing.T) {
	p := DefaultsEquatorialKalimantan()
	ridge := flatProfile(201, 10)
	for i := 95; i <= 105; i++ {
		ridge[i] = 300
	}
	low := p
	low.TxHeightM = 10
	tests := []struct {
		name       string
		z          []float64
		stepM      float64
		p          Params
		want       Mode
		obstructed bool
	}{
		{"short flat path is line of sight", flatProfile(51, 10), 100, p, LineOfSight, false},
		// ITM's mode compares the path with the smooth-earth horizons of
		// the effective heights: 24 km + 5 km here, so a ridge on a 20 km
		// path is still "line of sight", with the diffraction line blended
		// in, while the profile shows the obstruction.
		{"ridge on a 20 km path", ridge, 100, p, LineOfSight, true},
		{"ridge on a 40 km path, 10 m mast", ridge, 200, low, Diffraction, true},
		{"300 km over flat land is troposcatter", flatProfile(301, 10), 1000, p, Troposcatter, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := P2P(tt.z, tt.stepM, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if res.Mode != tt.want {
				t.Errorf("mode %v, want %v (loss %.1f dB)", res.Mode, tt.want, res.LossDB)
			}
			if res.Intermediate.ProfileObstructed != tt.obstructed {
				t.Errorf("ProfileObstructed %v, want %v", res.Intermediate.ProfileObstructed, tt.obstructed)
			}
			if res.LossDB < res.Intermediate.FreeSpaceLossDB-15 {
				t.Errorf("loss %.1f dB far below free space %.1f dB", res.LossDB, res.Intermediate.FreeSpaceLossDB)
			}
		})
	}
	// The ridge must cost much more than the same path over flat land.
	flat, err := P2P(flatProfile(201, 10), 100, p)
	if err != nil {
		t.Fatal(err)
	}
	blocked, err := P2P(ridge, 100, p)
	if err != nil {
		t.Fatal(err)
	}
	if blocked.LossDB < flat.LossDB+15 {
		t.Errorf("ridge loss %.1f dB, flat %.1f dB: the ridge should add at least 15 dB", blocked.LossDB, flat.LossDB)
	}
}

func TestP2PErrors(t *testing.T) {
	good := DefaultsEquatorialKalimantan()
	z := flatProfile(11, 0)
	tests := []struct {
		name  string
		z     []float64
		stepM float64
		mod   func(*Params)
	}{
		{"tx too low", z, 100, func(p *Params) { p.TxHeightM = 0.4 }},
		{"rx too high", z, 100, func(p *Params) { p.RxHeightM = 3001 }},
		{"climate 0", z, 100, func(p *Params) { p.Climate = 0 }},
		{"climate 8", z, 100, func(p *Params) { p.Climate = 8 }},
		{"N0 low", z, 100, func(p *Params) { p.N0 = 249 }},
		{"frequency high", z, 100, func(p *Params) { p.FreqMHz = 20001 }},
		{"polarization 2", z, 100, func(p *Params) { p.Pol = 2 }},
		{"epsilon below 1", z, 100, func(p *Params) { p.EpsilonR = 0.5 }},
		{"sigma zero", z, 100, func(p *Params) { p.SigmaSm = 0 }},
		{"mdvar 4", z, 100, func(p *Params) { p.MDVar = 4 }},
		{"mdvar 34", z, 100, func(p *Params) { p.MDVar = 34 }},
		{"time 0", z, 100, func(p *Params) { p.TimePct = 0 }},
		{"location 100", z, 100, func(p *Params) { p.LocationPct = 100 }},
		{"situation NaN", z, 100, func(p *Params) { p.SituationPct = math.NaN() }},
		{"frequency NaN", z, 100, func(p *Params) { p.FreqMHz = math.NaN() }},
		{"two points", z[:2], 100, func(*Params) {}},
		{"zero step", z, 0, func(*Params) {}},
		{"negative step", z, -5, func(*Params) {}},
		{"infinite elevation", []float64{0, math.Inf(1), 0}, 100, func(*Params) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := good
			tt.mod(&p)
			_, err := P2P(tt.z, tt.stepM, p)
			if !errors.Is(err, ErrInput) {
				t.Fatalf("error %v, want ErrInput", err)
			}
			if !strings.HasPrefix(err.Error(), "itm: ") {
				t.Errorf("error %q does not start with the package name", err)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	p := DefaultsEquatorialKalimantan()
	p.TxHeightM = 0.8 // below 1 m: warning, not error
	p.FreqMHz = 30    // below 40 MHz
	res, err := P2P(flatProfile(6, 0), 100, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []Warning{WarnTxTerminalHeight, WarnFrequency, WarnPathDistanceTooSmall2} {
		if res.Warnings&w == 0 {
			t.Errorf("warnings %v lack %#x", res.Warnings, uint32(w))
		}
	}
	if got := (WarnTxTerminalHeight | WarnFrequency).String(); got != "tx-height|frequency" {
		t.Errorf("String() = %q", got)
	}
}

func TestInvQ(t *testing.T) {
	// Standard normal quantiles (Abramowitz & Stegun table 26.1), to the
	// 4.5e-4 accuracy of their eq. 26.2.23.
	tests := []struct{ q, want float64 }{
		{0.5, 0},
		{0.1, 1.281552},
		{0.9, -1.281552},
		{0.01, 2.326348},
		{0.977250, -2.0},
	}
	for _, tt := range tests {
		if got := invQ(tt.q); math.Abs(got-tt.want) > 4.5e-4 {
			t.Errorf("invQ(%g) = %.6f, want %.6f", tt.q, got, tt.want)
		}
	}
}

func BenchmarkP2P300(b *testing.B) {
	// A 300-point, 30 km profile with two hills, the size of one radial of
	// a coverage sweep at 100 m cells.
	z := make([]float64, 300)
	for i := range z {
		x := float64(i)
		z[i] = 20 + 80*math.Exp(-math.Pow((x-90)/15, 2)) + 150*math.Exp(-math.Pow((x-210)/25, 2)) + 5*math.Sin(x/3)
	}
	p := DefaultsEquatorialKalimantan()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := P2P(z, 100, p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOuterKth: the k-th smallest and k-th largest are what a sort places
// at k−1 and n−k, duplicates included.
func TestOuterKth(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 400; trial++ {
		n := 1 + rng.IntN(245)
		s := make([]float64, n)
		for i := range s {
			s[i] = float64(rng.IntN(20)) // many ties
			if trial%2 == 0 {
				s[i] = rng.NormFloat64()
			}
		}
		want := slices.Clone(s)
		slices.Sort(want)
		k := 1 + rng.IntN(min(n, 25))
		lo, hi := outerKth(s, k)
		if lo != want[k-1] || hi != want[n-k] {
			t.Fatalf("n %d k %d: got %v, %v; want %v, %v", n, k, lo, hi, want[k-1], want[n-k])
		}
	}
}
