package main

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// Calibration figures.
const (
	// totalPopulation is the regency total of the 2020 population census
	// (Sensus Penduduk 2020), rounded; the only calibrated population figure.
	totalPopulation = 730000
	// covered2022 is the number of villages the regency reported with
	// signal in March 2022 (218 of 237; 19 blank spots).
	covered2022 = 218
	// roadlessMarginM keeps every road more than the access engine's
	// default 5 km snap distance from a road-less village's point.
	roadlessMarginM = 5400
	// note labels every made-up value.
	note = "ilustratif — bukan data resmi"
)

// seed returns the PCG generator of one stage; each stage has its own so
// that changing one stage leaves the others' draws unchanged.
func seed(stage uint64) *rand.Rand { return rand.New(rand.NewPCG(6402, 2022+stage)) }

type village struct {
	kode, kodeNodot, nama, jenis, kodeKec, kec string
	geom                                       orb.Geometry
	rep, repXY                                 orb.Point
	office, officeXY                           orb.Point
	pop                                        int
	areaKM2                                    float64
	roadless                                   bool
	capital                                    bool
}

// world is everything the stages share.
type world struct {
	src, out  string
	loc       earth.Local
	villages  []*village
	kecNames  map[string]string // kecamatan kode → name
	kecCodes  []string          // sorted
	capitalOf map[string]int    // kecamatan kode → village index
	released  map[int]bool      // pool villages given a road after all
	roads     []road
	water     []*waterLine
	towers    []tower
	stats     Stats
}

// Stats are the figures the generator measured, printed at the end.
type Stats struct {
	Villages, Roadless, NoLandAccess, Roads, Landings, Branches int
	Population                                                  int
	CoveredByYear                                               map[int]int
	Towers                                                      int
	Surveyed                                                    int // villages with signal in the illustrative 2022 survey
	Files                                                       []string
}

func (s Stats) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "villages %d, population %d, road-less %d, no land access (access engine) %d\n",
		s.Villages, s.Population, s.Roadless, s.NoLandAccess)
	fmt.Fprintf(&b, "road segments %d (landings %d), river branches %d, tower sites %d\n", s.Roads, s.Landings, s.Branches, s.Towers)
	for _, y := range years {
		fmt.Fprintf(&b, "  sites on air by %d: %d of %d villages covered\n", y, s.CoveredByYear[y], s.Villages)
	}
	for _, f := range s.Files {
		fmt.Fprintf(&b, "wrote %s\n", f)
	}
	return b.String()
}

var years = []int{2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}

// generate builds every layer from src (holding kukar/ and context/) into out.
func generate(src, out string) (Stats, error) {
	w := &world{src: src, out: out, kecNames: map[string]string{}, capitalOf: map[string]int{}, released: map[int]bool{}}
	w.stats.CoveredByYear = map[int]int{}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return w.stats, fmt.Errorf("gen: %w", err)
	}
	steps := []func() error{
		w.readBoundaries, w.population, w.writeVillages, w.offices, w.capitals,
		w.roadNetwork, w.buildRivers, w.writeNetwork,
		w.writePoints, w.placeTowers, w.writeSurvey, w.checkAccess, w.writeStatic,
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return w.stats, err
		}
	}
	return w.stats, nil
}

func readLayer(path string) ([]*geoio.Feature, error) {
	r, err := geoio.Open(path, nil, geoio.ReadOptions{Problems: geoio.StrictHandler})
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	defer r.Close()
	fs, err := geoio.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	return fs, nil
}

func str(p geoio.Properties, k string) string {
	v, _ := p.Get(k)
	s, _ := v.(string)
	return s
}

func (w *world) readBoundaries() error {
	kec, err := readLayer(filepath.Join(w.src, "kukar", "kukar_6402_kecamatan.geojson"))
	if err != nil {
		return err
	}
	for _, f := range kec {
		k := str(f.Properties, "kode")
		w.kecNames[k] = str(f.Properties, "nama")
		w.kecCodes = append(w.kecCodes, k)
	}
	sort.Strings(w.kecCodes)
	desa, err := readLayer(filepath.Join(w.src, "kukar", "kukar_6402_desa.geojson"))
	if err != nil {
		return err
	}
	for i, f := range desa {
		v := &village{kode: str(f.Properties, "kode"), kodeNodot: str(f.Properties, "kode_nodot"),
			nama: str(f.Properties, "nama"), jenis: str(f.Properties, "jenis"), kodeKec: str(f.Properties, "kode_kec")}
		v.kec = w.kecNames[v.kodeKec]
		if v.kec == "" || v.kode == "" {
			return fmt.Errorf("gen: kukar_6402_desa.geojson: feature %d (%s): no kecamatan for kode_kec %q", i, v.kode, v.kodeKec)
		}
		if polygons(f.Geometry) == nil {
			return fmt.Errorf("gen: kukar_6402_desa.geojson: feature %d (%s): not a polygon", i, v.kode)
		}
		v.geom = roundGeom(f.Geometry, 7)
		w.villages = append(w.villages, v)
	}
	if len(w.villages) != 237 || len(w.kecCodes) != 20 {
		return fmt.Errorf("gen: expected 237 villages in 20 kecamatan, read %d in %d", len(w.villages), len(w.kecCodes))
	}
	return nil
}

// population draws a lognormal population per village (kelurahan, the
// towns, larger than desa) and scales the draws to the census total.
func (w *world) population() error {
	r := seed(1)
	raw := make([]float64, len(w.villages))
	sum := 0.0
	for i, v := range w.villages {
		median := 2500.0
		if v.jenis == "kelurahan" {
			median = 8000
		}
		raw[i] = lognormal(r, median, 0.55)
		sum += raw[i]
	}
	total := 0
	for i, v := range w.villages {
		v.pop = int(math.Round(raw[i] * totalPopulation / sum))
		total += v.pop
	}
	// The rounding remainder goes to the most populous village (first by
	// kode on a tie) so that the total is exact.
	big := 0
	for i, v := range w.villages {
		if v.pop > w.villages[big].pop || (v.pop == w.villages[big].pop && v.kode < w.villages[big].kode) {
			big = i
		}
	}
	w.villages[big].pop += totalPopulation - total
	w.stats.Population = totalPopulation
	w.stats.Villages = len(w.villages)
	return nil
}

// writeVillages writes the village layer and reads it back, so that every
// later stage works on the geometry exactly as the commands will read it.
func (w *world) writeVillages() error {
	var fs []*geoio.Feature
	for _, v := range w.villages {
		fs = append(fs, &geoio.Feature{Geometry: v.geom, Properties: geoio.Properties{
			{Key: "kode", Value: v.kode}, {Key: "kode_nodot", Value: v.kodeNodot}, {Key: "nama", Value: v.nama},
			{Key: "jenis", Value: v.jenis}, {Key: "kode_kec", Value: v.kodeKec}, {Key: "kecamatan", Value: v.kec},
			{Key: "penduduk", Value: int64(v.pop)},
			{Key: "sumber", Value: "batas: Kemendagri (wilayah_boundaries, MIT); penduduk: " + note},
		}})
	}
	path, err := w.writeGeoJSON("desa_ilustratif.geojson", fs)
	if err != nil {
		return err
	}
	back, err := readLayer(path)
	if err != nil {
		return err
	}
	if len(back) != len(w.villages) {
		return fmt.Errorf("gen: %s: read back %d features, wrote %d", path, len(back), len(w.villages))
	}
	// The coverage engine fits its plane at the centre of the data's
	// extent; towers lie inside the villages, so this is the same plane.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, f := range back {
		v := w.villages[i]
		v.geom = f.Geometry
		for _, p := range polygons(v.geom) {
			for _, r := range p {
				for _, q := range r {
					minX, maxX = math.Min(minX, q[0]), math.Max(maxX, q[0])
					minY, maxY = math.Min(minY, q[1]), math.Max(maxY, q[1])
				}
			}
		}
		rp, ok := geoio.RepresentativePoint(v.geom)
		if !ok {
			return fmt.Errorf("gen: %s: feature %d (%s): no interior point", path, i, v.kode)
		}
		v.rep = rp
	}
	w.loc = earth.NewLocal(orb.Point{(minX + maxX) / 2, (minY + maxY) / 2})
	for _, v := range w.villages {
		v.repXY = w.loc.Project(v.rep)
		a := 0.0
		for _, p := range polygons(v.geom) {
			a += planeArea(w.loc, p)
		}
		v.areaKM2 = a / 1e6
	}
	return nil
}

func planeArea(loc earth.Local, p orb.Polygon) float64 {
	a := 0.0
	for k, r := range p {
		s := 0.0
		for i := 0; i+1 < len(r); i++ {
			a1, b1 := loc.Project(r[i]), loc.Project(r[i+1])
			s += a1[0]*b1[1] - b1[0]*a1[1]
		}
		if k == 0 {
			a += math.Abs(s) / 2
		} else {
			a -= math.Abs(s) / 2
		}
	}
	return a
}

// randomInside draws a point inside v within maxM of its representative
// point (rounded to 6 decimals), or returns the representative point.
func (w *world) randomInside(r *rand.Rand, v *village, maxM float64) orb.Point {
	for try := 0; try < 40; try++ {
		ang := r.Float64() * 2 * math.Pi
		d := maxM * math.Sqrt(r.Float64())
		p := roundPt(w.loc.Unproject(orb.Point{v.repXY[0] + d*math.Cos(ang), v.repXY[1] + d*math.Sin(ang)}), 6)
		if contains(v.geom, p) {
			return p
		}
	}
	p := roundPt(v.rep, 6)
	return p
}

// offices puts each village office at a point inside its village near the
// village's representative point.
func (w *world) offices() error {
	r := seed(2)
	for _, v := range w.villages {
		v.office = w.randomInside(r, v, 1200)
		v.officeXY = w.loc.Project(v.office)
	}
	return nil
}

// capitals makes the most populous village of each kecamatan its capital.
func (w *world) capitals() error {
	for i, v := range w.villages {
		c, ok := w.capitalOf[v.kodeKec]
		if !ok || v.pop > w.villages[c].pop || (v.pop == w.villages[c].pop && v.kode < w.villages[c].kode) {
			w.capitalOf[v.kodeKec] = i
		}
	}
	for _, k := range w.kecCodes {
		w.villages[w.capitalOf[k]].capital = true
	}
	return nil
}

func (w *world) writeGeoJSON(name string, fs []*geoio.Feature) (string, error) {
	f, err := geoio.FormatByName("geojson")
	if err != nil {
		return "", fmt.Errorf("gen: %w", err)
	}
	var buf bytes.Buffer
	path := filepath.Join(w.out, name)
	wr, err := geoio.Create(f, path, &buf, geoio.Layer{Name: strings.TrimSuffix(name, ".geojson")}, geoio.WriteOptions{Precision: 7})
	if err != nil {
		return "", fmt.Errorf("gen: %w", err)
	}
	for _, ft := range fs {
		if err := wr.Write(ft); err != nil {
			wr.Abort()
			return "", fmt.Errorf("gen: %s: %w", name, err)
		}
	}
	if err := wr.Close(); err != nil {
		return "", fmt.Errorf("gen: %s: %w", name, err)
	}
	return path, w.writeFile(name, buf.Bytes())
}

func (w *world) writeFile(name string, b []byte) error {
	path := filepath.Join(w.out, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	w.stats.Files = append(w.stats.Files, name)
	return nil
}
