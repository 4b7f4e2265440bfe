package cli

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"gopkg.in/yaml.v3"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// groundFixture writes 50 4G sites (40 m, 1800 MHz, EIRP 43 dBm) around
// Tenggarong and a few villages, and returns their paths and the sites
// as the engine sees them (defaults filled).
func groundFixture(t *testing.T, dir string) (sitesPath, villagesPath string, sites []coverage.Site) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	b.WriteString("id,tech,lon,lat,height_m,freq_mhz,eirp_dbm,radius_m\n")
	table := coverage.DefaultTechTable()
	for i := 0; i < 50; i++ {
		s := coverage.Site{ID: fmt.Sprintf("S%02d", i), Tech: coverage.Tech4G, Pos: orb.Point{116.8 + rng.Float64()*0.6, -0.7 + rng.Float64()*0.6},
			HeightM: 40, FreqMHz: 1800, EIRPdBm: 43, RadiusM: 4000, Given: coverage.GivenHeight | coverage.GivenFreq | coverage.GivenEIRP | coverage.GivenRadius}
		s.ApplyDefaults(table)
		sites = append(sites, s)
		fmt.Fprintf(&b, "%s,4G,%.6f,%.6f,40,1800,43,4000\n", s.ID, s.Pos[0], s.Pos[1])
	}
	sitesPath = filepath.Join(dir, "sites.csv")
	os.WriteFile(sitesPath, []byte(b.String()), 0o644)
	var v strings.Builder
	v.WriteString("kode,nama,lon,lat\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&v, "64.02.%02d.%04d,Desa %d,%.6f,%.6f\n", i/30, i, i, 116.75+rng.Float64()*0.7, -0.75+rng.Float64()*0.7)
	}
	villagesPath = filepath.Join(dir, "villages.csv")
	os.WriteFile(villagesPath, []byte(v.String()), 0o644)
	return sitesPath, villagesPath, sites
}

func readCalibration(t *testing.T, out string) scenario.Calibration {
	t.Helper()
	var c scenario.Calibration
	if err := yaml.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	return c
}

// Measurements made from Hata with a known offset (+7 dB) and Gaussian
// noise (σ 6 dB, fixed seed) around 50 sites: calibrate --fit offset
// recovers the offset within ±0.5 dB; made with a slope of 1.1 on the
// distance term, --fit offset,slope recovers it within ±5 %. Applying the
// fit with --calibration moves validate's bias to about zero.
func TestCalibrateMeasurements(t *testing.T) {
	dir := t.TempDir()
	sitesPath, villages, sites := groundFixture(t, dir)
	rng := rand.New(rand.NewPCG(11, 13))
	var ms []scenario.Measurement
	for i := 0; i < 3000; i++ {
		s := sites[rng.IntN(len(sites))]
		d := 300 + rng.Float64()*9000
		a := rng.Float64() * 2 * math.Pi
		pos := orb.Point{s.Pos[0] + d*math.Sin(a)/111320, s.Pos[1] + d*math.Cos(a)/110574}
		ms = append(ms, scenario.Measurement{Pos: pos, Tech: coverage.Tech4G, Site: s.ID})
	}
	pred, err := scenario.Predict(sites, ms, coverage.Params{Model: coverage.ModelHata})
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, slope float64) string {
		var b strings.Builder
		b.WriteString("lon,lat,rsrp,site,tech\n")
		for i, m := range ms {
			v := pred[i].DBm + 7 + (slope-1)*pred[i].X + rng.NormFloat64()*6
			fmt.Fprintf(&b, "%.7f,%.7f,%.2f,%s,LTE\n", m.Pos[0], m.Pos[1], v, m.Site)
		}
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(b.String()), 0o644)
		return p
	}
	flat, sloped := write("drive.csv", 1), write("drive_slope.csv", 1.1)
	out, stderr, code := runCLI(t, "", false, "calibrate", "-q", "--sites", sitesPath, "--villages", villages, "--model", "hata",
		"--measurements", flat, "--fit", "offset")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c := readCalibration(t, out)
	tc := c.ByTech["4G"]
	if c.Model != "hata" || tc == nil || tc.OffsetDB == nil || math.Abs(*tc.OffsetDB-7) > 0.5 || tc.N != 3000 || c.CVRMSEDB == nil || math.Abs(*c.CVRMSEDB-6) > 0.5 {
		t.Errorf("offset fit: %s", out)
	}
	out, stderr, code = runCLI(t, "", false, "calibrate", "-q", "--sites", sitesPath, "--villages", villages, "--model", "hata",
		"--measurements", sloped, "--fit", "offset,slope")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c = readCalibration(t, out)
	if tc := c.ByTech["4G"]; tc == nil || tc.Slope == nil || math.Abs(*tc.Slope-1.1) > 0.055 || math.Abs(*tc.OffsetDB-7) > 1.5 {
		t.Errorf("slope fit: %s", out)
	}
	// measurements need no villages: the same fit without them
	alone, stderr, code := runCLI(t, "", false, "calibrate", "-q", "--sites", sitesPath, "--model", "hata",
		"--measurements", sloped, "--fit", "offset,slope")
	if code != 0 || alone != out {
		t.Errorf("without --villages: exit %d, %s\n%s", code, stderr, alone)
	}
	if _, stderr, code := runCLI(t, "", false, "calibrate", "-q", "--sites", sitesPath, "--survey", sloped); code != ExitUsage ||
		!strings.Contains(stderr, "--sites and --villages are required") {
		t.Errorf("a survey without villages: exit %d, %s", code, stderr)
	}
	// the fit applied: the bias left is about zero
	cal := filepath.Join(dir, "hata.yaml")
	os.WriteFile(cal, []byte(out), 0o644)
	_, stderr, code = runCLI(t, "", false, "validate", "--sites", sitesPath, "--villages", villages, "--model", "hata",
		"--measurements", sloped, "--calibration", cal, "-f", "csv")
	var bias float64
	if i := strings.Index(stderr, "bias "); i < 0 || code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	} else {
		fmt.Sscanf(stderr[i+5:], "%f", &bias)
	}
	if math.Abs(bias) > 0.5 {
		t.Errorf("bias after calibration %v: %s", bias, stderr)
	}
	// a calibration for another model is refused
	if _, stderr, code := runCLI(t, "", false, "coverage", "--sites", sitesPath, "--targets", villages, "--calibration", cal); code != ExitUsage ||
		!strings.Contains(stderr, "fitted for model hata, not radius") {
		t.Errorf("wrong model: exit %d %s", code, stderr)
	}
}

// A yes/no village survey made with a true radius of 0.7 × the declared
// one: calibrate finds a radius_scale within ±0.05; validate counts the
// agreement by hand; rows the survey cannot use are reported, not
// dropped silently.
func TestCalibrateRadiusFromSurvey(t *testing.T) {
	dir := t.TempDir()
	sitesPath, villages, sites := groundFixture(t, dir)
	shrunk := append([]coverage.Site(nil), sites...)
	for i := range shrunk {
		shrunk[i].RadiusM *= 0.7
	}
	b, _ := os.ReadFile(villages)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
	var targets []coverage.Target
	for _, l := range lines {
		var lon, lat float64
		f := strings.Split(l, ",")
		fmt.Sscanf(f[2]+" "+f[3], "%f %f", &lon, &lat)
		targets = append(targets, coverage.Target{Geometry: orb.Point{lon, lat}})
	}
	res, _, err := coverage.Evaluate(shrunk, targets, nil, coverage.Params{})
	if err != nil {
		t.Fatal(err)
	}
	var s strings.Builder
	s.WriteString("kode_desa,nama,status\n")
	for i, l := range lines {
		f := strings.Split(l, ",")
		status := []string{"tidak ada", "ada"}[map[bool]int{false: 0, true: 1}[res[i].Covered]]
		code := strings.ReplaceAll(f[0], ".", "") // written another way
		fmt.Fprintf(&s, "%s,%s,%s\n", code, f[1], status)
	}
	s.WriteString("99.99.99.9999,Desa Entah,ada\n6402000000,Desa 0,mungkin\n")
	survey := filepath.Join(dir, "survei.csv")
	os.WriteFile(survey, []byte(s.String()), 0o644)
	out, stderr, code := runCLI(t, "", false, "calibrate", "--sites", sitesPath, "--villages", villages, "--survey", survey, "--folds", "3")
	if code != ExitPartial || !strings.Contains(stderr, `"Desa Entah" matches no village`) || !strings.Contains(stderr, `status "mungkin" is none of`) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c := readCalibration(t, out)
	if tc := c.ByTech["4G"]; tc == nil || tc.RadiusScale == nil || math.Abs(*tc.RadiusScale-0.7) > 0.05 || c.CVKappa == nil {
		t.Errorf("radius fit: %s", out)
	}
	// validate without calibration: the model says signal where the
	// survey does not; the counts add up to the rows used
	out, _, _ = runCLI(t, "", false, "validate", "-q", "--sites", sitesPath, "--villages", villages, "--survey", survey, "-f", "csv")
	first := strings.Split(strings.Split(out, "\n")[1], ",")
	if first[0] != "survey" || first[1] != "all" || first[2] != "300" || first[5] != "0" {
		t.Errorf("validate: %s", out)
	}
}
