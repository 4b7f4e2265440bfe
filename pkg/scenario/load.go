package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/kukarcli/kukarcli/pkg/report"
)

// Data is every layer of a scenario, read once.
type Data struct {
	cfg        *Config
	villages   *Layer
	roles      RoleMap
	pops       []float64
	sites      []coverage.Site // all, with Year (0: always on air)
	settle     []coverage.WeightedPoint
	offices    []orb.Point
	officeVill []int // village of each office (-1 none)
	econ       []orb.Point
	econVill   []int
	capitals   []orb.Point // the facilities: kecamatan capitals
	capVill    []int
	capKec     []string // the kecamatan of each capital
	roadLines  []orb.Geometry
	rivers     []orb.LineString
	params     coverage.Params
	inputs     []report.InputFile
	surveys    []villageSurvey
	popRaster  *PopulationSpec // the population raster, when the scenario gives one
}

// Inputs are the files read, in order, with their checksums.
func (sd *Data) Inputs() []report.InputFile { return sd.inputs }

// Load reads every layer of the scenario once, with the checksums of the
// files: villages, the model's site defaults and terrain, sites, village
// offices, economic centres, settlements, roads, rivers and facilities.
func Load(env Env, c *Config, log *Log) (*Data, error) {
	sd := &Data{cfg: c}
	ld := loader{env: env, c: c, log: log, sd: sd}
	L := c.Layers
	if err := ld.villages(); err != nil {
		return nil, err
	}
	if err := ld.surveys(); err != nil {
		return nil, err
	}
	table, err := LoadSiteDefaults(c.Resolve(c.Model.SiteDefaults))
	if err != nil {
		return nil, err
	}
	if sd.params, err = modelParams(c, table); err != nil {
		return nil, err
	}
	if err := ld.sites(table); err != nil {
		return nil, err
	}
	if c.Model.Calibration != "" {
		cal, err := LoadCalibration(c.Resolve(c.Model.Calibration))
		if err != nil {
			return nil, fmt.Errorf("--config %s: model.calibration: %w", c.File, err)
		}
		m := sd.params.Model
		if m == "" {
			m = coverage.ModelRadius
		}
		if err := cal.Apply(sd.sites, m); err != nil {
			return nil, fmt.Errorf("--config %s: model.calibration: %w", c.File, err)
		}
	}
	zones := NewZoneFinder(sd.villages.Features)
	if sd.offices, sd.officeVill, err = ld.points("offices", L.Offices, zones); err != nil {
		return nil, err
	}
	if sd.offices == nil {
		// every desa and kelurahan has an office: without a layer, take a
		// point inside each village
		for i, f := range sd.villages.Features {
			if p, ok := geoio.RepresentativePoint(f.Geometry); ok {
				sd.offices = append(sd.offices, p)
				sd.officeVill = append(sd.officeVill, i)
			}
		}
	}
	if sd.econ, sd.econVill, err = ld.points("economic_centres", L.EconomicCentres, zones); err != nil {
		return nil, err
	}
	if L.Settlements != nil {
		if L.Population != nil {
			return nil, fmt.Errorf("--config %s: layers.settlements and layers.population both say where people live; give one", c.File)
		}
		if err := ld.settlements(); err != nil {
			return nil, err
		}
	}
	if L.Population != nil {
		if err := ld.population(); err != nil {
			return nil, err
		}
	}
	if err := ld.lines(); err != nil {
		return nil, err
	}
	if err := ld.capitals(zones); err != nil {
		return nil, err
	}
	return sd, nil
}

// loader reads the layers of one scenario into its Data.
type loader struct {
	env Env
	c   *Config
	log *Log
	sd  *Data
}

// load reads one layer whole and records it among the inputs.
func (ld *loader) load(role string, spec *LayerSpec) (*Layer, error) {
	if len(spec.Join) > 0 && role != "villages" {
		return nil, fmt.Errorf("--config %s: layers.%s.join: tables are joined to the villages only", ld.c.File, role)
	}
	path := ld.c.Resolve(spec.Path)
	if path != "-" {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("--config %s: layers.%s: %s (%s): %w", ld.c.File, role, spec.Path, path, errors.Unwrap(err))
		}
	}
	d, err := ReadLayer(path, ld.env.Stdin, ld.log.ReadOptions(geoio.ReadOptions{Format: spec.Format, Layer: spec.Layer}))
	if err != nil {
		return nil, err
	}
	sum, err := fileDigest(path)
	if err != nil {
		return nil, err
	}
	ld.sd.inputs = append(ld.sd.inputs, report.InputFile{Role: role, Path: spec.Path, Format: d.Layer.Format, Features: len(d.Features), SHA256: sum,
		Source: spec.Source, Date: spec.Date})
	return d, nil
}

// villages reads the village layer, its roles and its population.
func (ld *loader) villages() error {
	spec := ld.c.Layers.Villages
	v, err := ld.load("villages", spec)
	if err != nil {
		return err
	}
	sd := ld.sd
	sd.villages = v
	if sd.roles, err = ResolveRoles(v.Fields, TargetRoles, spec.Fields, v.Path); err != nil {
		return err
	}
	if len(spec.Join) > 0 {
		joins := make([]JoinSpec, len(spec.Join))
		for i, j := range spec.Join {
			if j.Path == "" {
				return fmt.Errorf("--config %s: layers.villages.join[%d]: no path", ld.c.File, i)
			}
			joins[i] = j
			joins[i].Path = ld.c.Resolve(j.Path)
			if _, err := os.Stat(joins[i].Path); err != nil {
				return fmt.Errorf("--config %s: layers.villages.join[%d]: %s (%s): %w", ld.c.File, i, j.Path, joins[i].Path, errors.Unwrap(err))
			}
		}
		res, err := JoinTables(ld.env, v, sd.roles, joins, ld.log.ReadOptions(geoio.ReadOptions{}), ld.log)
		if err != nil {
			return err
		}
		for i, r := range res {
			sum, err := fileDigest(joins[i].Path)
			if err != nil {
				return err
			}
			sd.inputs = append(sd.inputs, report.InputFile{Role: "villages join", Path: spec.Join[i].Path, Features: len(r.Matches), SHA256: sum})
		}
		// a joined table may bring the population (a BPS table)
		if sd.roles, err = ResolveRoles(v.Fields, TargetRoles, spec.Fields, v.Path); err != nil {
			return err
		}
	}
	sd.pops = Populations(v, sd.roles["population"], ld.log)
	return nil
}

// modelParams are the coverage model's parameters from the scenario.
func modelParams(c *Config, table map[coverage.Tech]coverage.TechDefaults) (coverage.Params, error) {
	m := c.Model
	p := coverage.Params{Model: coverage.Model(m.Name), Environment: coverage.Environment(m.Environment), Table: table}
	if m.LargeCity != nil {
		p.LargeCity = *m.LargeCity
	}
	if m.SampleM != nil {
		p.SampleM = *m.SampleM
	}
	if m.MinShare != nil {
		p.MinShare = *m.MinShare
	}
	p.ThresholdDBm = m.ThresholdDBm
	if m.DEM != "" {
		dem, err := raster.OpenDEM(c.Resolve(m.DEM))
		if err != nil {
			return p, err
		}
		clutter := 0.0
		if m.ClutterM != nil {
			clutter = *m.ClutterM
		}
		p.Terrain = DEMProfiler{DEM: dem, ClutterM: clutter, Name: c.Resolve(m.DEM)}
	}
	return p, nil
}

// sites reads the tower layer: one file with a year field, or one file
// per year (a site of a year's file is on air from that year).
func (ld *loader) sites(table map[coverage.Tech]coverage.TechDefaults) error {
	spec := ld.c.Layers.Sites
	type siteFile struct {
		path string
		year int
	}
	var files []siteFile
	firstYear := map[string]int{}
	var repeats repeatedSites
	if len(spec.ByYear) > 0 {
		var ys []int
		for y := range spec.ByYear {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		for _, y := range ys {
			files = append(files, siteFile{spec.ByYear[y], y})
		}
	} else {
		files = append(files, siteFile{spec.Path, 0})
	}
	for _, sf := range files {
		ls := spec.LayerSpec
		ls.Path = sf.path
		d, err := ld.load("sites", &ls)
		if err != nil {
			return err
		}
		sites, err := BuildSites(d, SiteOptions{Fields: ls.Fields, DefaultTech: "4G", Table: table}, ld.log, ld.env.ErrOut, true)
		if err != nil {
			return err
		}
		for i := range sites {
			if sf.year > 0 {
				sites[i].Year = sf.year
			}
		}
		if sf.year > 0 {
			sites = dropRepeated(sites, firstYear, sf.path, &repeats)
		}
		ld.sd.sites = append(ld.sd.sites, sites...)
	}
	if repeats.n > 0 {
		ld.log.Warn(fmt.Sprintf("--config %s: layers.sites.by_year: %d site(s) listed again in a later year's file, each counted once from its first year (first: %s in %d and again in %s)",
			ld.c.File, repeats.n, repeats.id, repeats.year, repeats.file))
	}
	if len(ld.sd.sites) == 0 {
		var names []string
		for _, f := range files {
			names = append(names, f.path)
		}
		return fmt.Errorf("--config %s: layers.sites: no usable site in %s (see the warnings above)", ld.c.File, strings.Join(names, ", "))
	}
	return nil
}

// repeatedSites counts the sites of a by_year file already listed in an
// earlier year's file, and remembers the first.
type repeatedSites struct {
	n    int
	id   string
	year int
	file string
}

// dropRepeated keeps the sites no earlier year's file listed (the same
// id at the same place, to a tenth of a metre): files of all the towers
// on air each year, instead of the new ones only, would otherwise count
// every tower once per year. Sites without an id of their own are told
// apart by their place.
func dropRepeated(sites []coverage.Site, firstYear map[string]int, file string, r *repeatedSites) []coverage.Site {
	key := func(s coverage.Site) string {
		return fmt.Sprintf("%s\x00%.6f\x00%.6f", s.ID, s.Pos[0], s.Pos[1])
	}
	kept := sites[:0]
	for _, s := range sites {
		if y, ok := firstYear[key(s)]; ok {
			if r.n == 0 {
				r.id, r.year, r.file = s.ID, y, file
			}
			r.n++
			continue
		}
		kept = append(kept, s)
	}
	for _, s := range kept {
		firstYear[key(s)] = s.Year
	}
	return kept
}

// points reads a layer of places (offices, economic centres) as points,
// each with the village it lies in (-1 for none).
func (ld *loader) points(role string, spec *LayerSpec, zones *ZoneFinder) ([]orb.Point, []int, error) {
	if spec == nil {
		return nil, nil, nil
	}
	d, err := ld.load(role, spec)
	if err != nil {
		return nil, nil, err
	}
	var pts []orb.Point
	var vill []int
	for _, f := range d.Features {
		p, ok := geoio.RepresentativePoint(f.Geometry)
		if !ok {
			continue
		}
		pts = append(pts, p)
		vill = append(vill, zones.Find(p))
	}
	return pts, vill, nil
}

// capitals reads the facilities, the kecamatan capitals, with their
// kecamatan and the village each lies in.
func (ld *loader) capitals(zones *ZoneFinder) error {
	spec := ld.c.Layers.Facilities
	if spec == nil {
		return nil
	}
	d, err := ld.load("facilities", spec)
	if err != nil {
		return err
	}
	roles, err := ResolveRoles(d.Fields, TargetRoles, spec.Fields, d.Path)
	if err != nil {
		return err
	}
	sd := ld.sd
	for _, f := range d.Features {
		p, ok := geoio.RepresentativePoint(f.Geometry)
		if !ok {
			continue
		}
		sd.capitals = append(sd.capitals, p)
		sd.capVill = append(sd.capVill, zones.Find(p))
		kec := PropString(f.Properties, roles["kecamatan"])
		if kec == "" {
			kec = PropString(f.Properties, roles["name"])
		}
		sd.capKec = append(sd.capKec, kec)
	}
	return nil
}

// settlements reads the settlement points weighted by population.
func (ld *loader) settlements() error {
	spec := ld.c.Layers.Settlements
	d, err := ld.load("settlements", spec)
	if err != nil {
		return err
	}
	sr, err := ResolveRoles(d.Fields, TargetRoles, spec.Fields, d.Path)
	if err != nil {
		return err
	}
	for _, f := range d.Features {
		if p, ok := f.Geometry.(orb.Point); ok {
			w, _ := PropFloat(f.Properties, sr["population"])
			ld.sd.settle = append(ld.sd.settle, coverage.WeightedPoint{Pos: p, Weight: w})
		}
	}
	return nil
}

// population reads the population raster under the villages: each
// polygon's people from it, and the people as demand points.
func (ld *loader) population() error {
	spec := ld.c.Layers.Population
	if spec.Path == "" {
		return fmt.Errorf("--config %s: layers.population: no path", ld.c.File)
	}
	path := ld.c.Resolve(spec.Path)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("--config %s: layers.population: %s (%s): %w", ld.c.File, spec.Path, path, errors.Unwrap(err))
	}
	sd := ld.sd
	targets := make([]coverage.Target, len(sd.villages.Features))
	for i, f := range sd.villages.Features {
		targets[i] = coverage.Target{Geometry: f.Geometry}
	}
	cellM := float64(DefaultDemandCellM)
	if spec.DemandCellM != nil {
		cellM = *spec.DemandCellM
	}
	pops, demand, err := RasterPopulation(path, targets, cellM, ld.log)
	if err != nil {
		return fmt.Errorf("--config %s: layers.population: %w", ld.c.File, err)
	}
	n := 0
	for i, v := range pops {
		if !math.IsNaN(v) {
			sd.pops[i] = v
			n++
		}
	}
	sd.settle = demand
	sd.popRaster = spec
	sum, err := fileDigest(path)
	if err != nil {
		return err
	}
	ld.sd.inputs = append(ld.sd.inputs, report.InputFile{Role: "population", Path: spec.Path, Format: "GeoTIFF", Features: n, SHA256: sum,
		Source: spec.Source, Date: spec.Date})
	return nil
}

// lines reads the roads (without waterways and ferries, whose coverage
// is not road coverage) and the rivers (for the map).
func (ld *loader) lines() error {
	for _, r := range ld.c.Layers.Roads {
		d, err := ld.load("roads", &r)
		if err != nil {
			return err
		}
		for _, f := range d.Features {
			switch f.Geometry.(type) {
			case orb.LineString, orb.MultiLineString:
				if PropString(f.Properties, "waterway") == "" && PropString(f.Properties, "route") != "ferry" {
					ld.sd.roadLines = append(ld.sd.roadLines, f.Geometry)
				}
			}
		}
	}
	for _, r := range ld.c.Layers.Rivers {
		d, err := ld.load("rivers", &r)
		if err != nil {
			return err
		}
		for _, f := range d.Features {
			switch g := f.Geometry.(type) {
			case orb.LineString:
				ld.sd.rivers = append(ld.sd.rivers, g)
			case orb.MultiLineString:
				ld.sd.rivers = append(ld.sd.rivers, g...)
			}
		}
	}
	return nil
}

// fileDigest is the SHA-256 of a file, in hex.
func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
