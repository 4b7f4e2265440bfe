package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	_ "github.com/kukarcli/kukarcli/pkg/geoio/drivers"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// benchCalibrate: hata fitted to 100k drive-test measurements around 3k
// sites, offset and slope, 5 folds (target under 5 s). The measurements
// are made from the model itself with a known offset (+7 dB), slope
// (1.1) and Gaussian noise (σ 6 dB), so the fit printed can be checked.
func benchCalibrate(bin, dir string) {
	const nSites, nMeas = 3_000, 100_000
	sp := filepath.Join(dir, fmt.Sprintf("sites_%d.csv", nSites))
	mp := filepath.Join(dir, fmt.Sprintf("measurements_%d.csv", nMeas))
	if err := ensure(sp, func(w *bufio.Writer) { genSites(w, nSites, 22) }); err != nil {
		fail(err)
	}
	if _, err := os.Stat(mp); err != nil {
		if err := genMeasurements(sp, mp, nMeas); err != nil {
			fail(err)
		}
	}
	in := size(sp) + size(mp)
	name := "calibrate hata, 100k measurements × 3k sites"
	fmt.Printf("\n%s, --fit offset,slope, 5 folds (%s in; made with offset +7 dB, slope 1.1, σ 6 dB)\n", name, mb(in))
	out := filepath.Join(dir, "k_calibrate.yaml")
	os.Remove(out)
	res, err := run(bin, "calibrate", "-q", "--sites", sp, "--model", "hata", "--measurements", mp,
		"--fit", "offset,slope", "--folds", "5", "-o", out)
	reportSize(name, "kukarcli", in, nMeas, res, err)
	if b, err := os.ReadFile(out); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if t := strings.TrimSpace(l); strings.HasPrefix(t, "offset_db") || strings.HasPrefix(t, "slope") || strings.HasPrefix(t, "cv_rmse_db") {
				fmt.Printf("  fitted %s\n", t)
			}
		}
	}
}

// genMeasurements writes n measurements (lon, lat, rsrp, site, tech)
// around the sites of sitesPath, each 300 m to 9 km from the site it
// names, its power hata's prediction plus the known offset, slope and
// noise.
func genMeasurements(sitesPath, path string, n int) error {
	log := scenario.NewLog(io.Discard, true, false)
	d, err := scenario.ReadLayer(sitesPath, nil, log.ReadOptions(geoio.ReadOptions{}))
	if err != nil {
		return err
	}
	sites, err := scenario.BuildSites(d, scenario.SiteOptions{DefaultTech: "4G"}, log, io.Discard, true)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(23, 24))
	ms := make([]scenario.Measurement, n)
	for i := range ms {
		s := sites[r.IntN(len(sites))]
		dist := 300 + r.Float64()*8700
		a := r.Float64() * 2 * math.Pi
		ms[i] = scenario.Measurement{Pos: orb.Point{s.Pos[0] + dist*math.Sin(a)/111320, s.Pos[1] + dist*math.Cos(a)/110574},
			Tech: s.Tech, Site: s.ID}
	}
	pred, err := scenario.Predict(sites, ms, coverage.Params{Model: coverage.ModelHata})
	if err != nil {
		return err
	}
	return ensure(path, func(w *bufio.Writer) {
		w.WriteString("lon,lat,rsrp,site,tech\n")
		for i, m := range ms {
			v := pred[i].DBm + 7 + 0.1*pred[i].X + r.NormFloat64()*6
			fmt.Fprintf(w, "%.7f,%.7f,%.2f,%s,%s\n", m.Pos[0], m.Pos[1], v, m.Site, m.Tech)
		}
	})
}
