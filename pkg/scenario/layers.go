package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/raster"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"gopkg.in/yaml.v3"
)

// Layer is one input layer read whole: analyses need every feature.
type Layer struct {
	Path     string
	Layer    geoio.Layer
	Features []*geoio.Feature
	Fields   []string
}

// DEMProfiler backs the terrain models with a DEM from geoio.
type DEMProfiler struct {
	DEM      raster.DEM
	ClutterM float64
	Name     string // the --dem folder or file, for messages
}

// Profile is the terrain between a and b (coverage.Terrain).
func (d DEMProfiler) Profile(a, b orb.Point) ([]float64, float64, error) {
	return raster.Profile(d.DEM, a, b, 0, d.ClutterM)
}

// HasRole says whether name is one of the roles.
func HasRole(rs []Role, name string) bool {
	for _, r := range rs {
		if r.Name == name {
			return true
		}
	}
	return false
}

// ContainsFold says whether list holds s, ignoring case.
func ContainsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// ZoneFinder finds the village polygon holding a point, through a grid of
// village bounding boxes.
type ZoneFinder struct {
	polys []orb.MultiPolygon
	cells map[[2]int][]int
	size  float64
}

// NewZoneFinder indexes the polygons of the features.
func NewZoneFinder(fs []*geoio.Feature) *ZoneFinder {
	z := &ZoneFinder{cells: map[[2]int][]int{}, size: 0.05}
	z.polys = make([]orb.MultiPolygon, len(fs))
	for i, f := range fs {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			z.polys[i] = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			z.polys[i] = g
		default:
			continue
		}
		b := z.polys[i].Bound()
		for x := int(math.Floor(b.Min[0] / z.size)); x <= int(math.Floor(b.Max[0]/z.size)); x++ {
			for y := int(math.Floor(b.Min[1] / z.size)); y <= int(math.Floor(b.Max[1]/z.size)); y++ {
				z.cells[[2]int{x, y}] = append(z.cells[[2]int{x, y}], i)
			}
		}
	}
	return z
}

// Find is the index of the feature whose polygon holds p, or -1.
func (z *ZoneFinder) Find(p orb.Point) int {
	for _, i := range z.cells[[2]int{int(math.Floor(p[0] / z.size)), int(math.Floor(p[1] / z.size))}] {
		if planar.MultiPolygonContains(z.polys[i], p) {
			return i
		}
	}
	return -1
}

// A role is what a column means to an analysis (a village's population, a
// site's technology). Roles are found from common field names — generic
// English, Kemendagri (kode/nama), BIG/RBI (KDEPUM, WADMKD, WADMKC, NAMOBJ),
// BPS (KDDESA, NMDESA, penduduk), OpenCelliD (radio, range) — or mapped
// with --field role=NAME. What was chosen is printed on stderr, so a wrong
// guess is seen, not silently used.
type Role struct {
	Name  string
	Names []string // candidate field names, best first, compared case-insensitively
}

// TargetRoles are the roles of villages, settlements and facilities.
var TargetRoles = []Role{
	{"id", []string{"id", "kode", "kode_desa", "kdepum", "kddesa", "kode_nodot", "fid", "objectid"}},
	{"name", []string{"name", "nama", "nama_desa", "wadmkd", "nmdesa", "namobj", "desa", "village"}},
	{"kecamatan", []string{"kecamatan", "nama_kec", "wadmkc", "nmkec", "kec", "district", "kode_kec"}},
	{"population", []string{"population", "pop", "penduduk", "jumlah_penduduk", "jml_pddk", "jiwa", "jumlah_pen"}},
	{"village_office", []string{"village_office", "kantor_desa", "office", "is_office"}},
	{"economic_centre", []string{"economic_centre", "economic_center", "pusat_ekonomi", "market", "pasar"}},
	{"public_service", []string{"public_service", "layanan_publik", "service"}},
}

// SiteRoles are the roles of tower sites.
var SiteRoles = []Role{
	{"id", []string{"id", "site_id", "site", "cell", "cell_id", "name"}},
	{"tech", []string{"tech", "technology", "radio", "teknologi", "generation"}},
	{"radius_m", []string{"radius_m", "range", "radius", "range_m"}},
	{"height_m", []string{"height_m", "height", "tinggi", "antenna_height"}},
	{"freq_mhz", []string{"freq_mhz", "frequency", "freq", "frekuensi"}},
	{"eirp_dbm", []string{"eirp_dbm", "eirp"}},
	{"azimuth_deg", []string{"azimuth_deg", "azimuth", "azimut"}},
	{"beamwidth_deg", []string{"beamwidth_deg", "beamwidth"}},
	{"operator", []string{"operator", "net", "mnc", "provider"}},
	{"year", []string{"year", "tahun", "on_air", "year_on_air"}},
}

// RoleMap is the chosen field name for each role ("" when absent).
type RoleMap map[string]string

// ParseFieldFlags reads repeated --field role=NAME values.
func ParseFieldFlags(vals []string, known []Role) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range vals {
		k, name, ok := strings.Cut(v, "=")
		if !ok || k == "" || name == "" {
			return nil, Usagef("--field %q: want role=FIELD", v)
		}
		found := false
		for _, r := range known {
			if r.Name == k {
				found = true
			}
		}
		if !found {
			var names []string
			for _, r := range known {
				names = append(names, r.Name)
			}
			return nil, Usagef("--field %q: unknown role %q (roles: %s)", v, k, strings.Join(names, ", "))
		}
		out[k] = name
	}
	return out, nil
}

// ResolveRoles picks a field for each role from the fields a layer has.
func ResolveRoles(fields []string, roles []Role, explicit map[string]string, file string) (RoleMap, error) {
	have := map[string]string{}
	for _, f := range fields {
		have[strings.ToLower(f)] = f
	}
	m := RoleMap{}
	used := map[string]bool{}
	for _, r := range roles {
		if name, ok := explicit[r.Name]; ok {
			real, ok := have[strings.ToLower(name)]
			if !ok {
				return nil, fmt.Errorf("%s: --field %s=%s: no such field (fields: %s)", file, r.Name, name, strings.Join(fields, ", "))
			}
			m[r.Name] = real
			used[real] = true
		}
	}
	for _, r := range roles {
		if _, ok := m[r.Name]; ok {
			continue
		}
		for _, c := range r.Names {
			if real, ok := have[c]; ok && !used[real] {
				m[r.Name] = real
				used[real] = true
				break
			}
		}
	}
	return m, nil
}

// DescribeRoles prints the chosen roles on one line.
func DescribeRoles(w io.Writer, what, file string, m RoleMap, roles []Role) {
	var parts []string
	for _, r := range roles {
		if f := m[r.Name]; f != "" {
			parts = append(parts, r.Name+"="+f)
		}
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		parts = []string{"none found"}
	}
	fmt.Fprintf(w, "%s %s: roles %s\n", what, file, strings.Join(parts, ", "))
}

// PropString reads a role's value as text.
func PropString(p geoio.Properties, field string) string {
	if field == "" {
		return ""
	}
	v, _ := p.Get(field)
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	}
	return geoio.FormatID(v)
}

// PropFloat reads a role's value as a number; ok is false when absent or
// not numeric.
func PropFloat(p geoio.Properties, field string) (float64, bool) {
	if field == "" {
		return 0, false
	}
	v, _ := p.Get(field)
	switch v := v.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	case string:
		// a decimal comma is read as a point (Indonesian spreadsheets)
		f, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(v, ",", ".")), 64)
		if err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, true
		}
	}
	return 0, false
}

// PropBool reads a flag role: true, 1, "ya"/"yes"/"y"/"true".
func PropBool(p geoio.Properties, field string) bool {
	if field == "" {
		return false
	}
	v, _ := p.Get(field)
	switch v := v.(type) {
	case bool:
		return v
	case int64:
		return v != 0
	case float64:
		return v != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "1", "true", "t", "yes", "y", "ya", "ada":
			return true
		}
	}
	return false
}

// TechOf maps a technology name, OpenCelliD's radio among them, to a
// generation: GSM→2G, UMTS→3G, LTE→4G, NR→5G.
func TechOf(s string) (coverage.Tech, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "2G", "GSM", "GPRS", "EDGE":
		return coverage.Tech2G, true
	case "3G", "UMTS", "WCDMA", "HSPA", "HSPA+", "CDMA", "CDMA2000", "EVDO":
		return coverage.Tech3G, true
	case "4G", "LTE", "LTE-A", "LTE+":
		return coverage.Tech4G, true
	case "5G", "NR", "5G NR":
		return coverage.Tech5G, true
	}
	return "", false
}

// siteDefaultsFile is the --site-defaults YAML: one entry per technology.
type siteDefaultsEntry struct {
	RadiusM      *float64 `yaml:"radius_m"`
	HeightM      *float64 `yaml:"height_m"`
	FreqMHz      *float64 `yaml:"freq_mhz"`
	EIRPdBm      *float64 `yaml:"eirp_dbm"`
	ThresholdDBm *float64 `yaml:"threshold_dbm"`
}

// LoadSiteDefaults reads a table that replaces (entry by entry, field by
// field) the built-in per-technology defaults.
func LoadSiteDefaults(path string) (map[coverage.Tech]coverage.TechDefaults, error) {
	t := coverage.DefaultTechTable()
	if path == "" {
		return t, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--site-defaults: %w", err)
	}
	var m map[string]siteDefaultsEntry
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("--site-defaults %s: %v", path, err)
	}
	for k, e := range m {
		tech, ok := TechOf(k)
		if !ok {
			return nil, fmt.Errorf("--site-defaults %s: unknown technology %q (use 2G, 3G, 4G or 5G)", path, k)
		}
		d := t[tech]
		for _, p := range []struct {
			src *float64
			dst *float64
		}{{e.RadiusM, &d.RadiusM}, {e.HeightM, &d.HeightM}, {e.FreqMHz, &d.FreqMHz}, {e.EIRPdBm, &d.EIRPdBm}, {e.ThresholdDBm, &d.ThresholdDBm}} {
			if p.src != nil {
				*p.dst = *p.src
			}
		}
		t[tech] = d
	}
	return t, nil
}

// SiteOptions control how a sites layer becomes coverage.Sites.
type SiteOptions struct {
	Fields      map[string]string
	DefaultTech string
	Year        int // 0: all sites; else only those on air by that year
	Table       map[coverage.Tech]coverage.TechDefaults
}

// BuildSites turns a sites layer into engine sites. Features without a
// usable point are reported as problems and skipped.
func BuildSites(d *Layer, o SiteOptions, log *Log, errOut io.Writer, quiet bool) ([]coverage.Site, error) {
	roles, err := ResolveRoles(d.Fields, SiteRoles, o.Fields, d.Path)
	if err != nil {
		return nil, err
	}
	opencellid := d.Layer.Format == "OpenCelliD CSV"
	if opencellid && o.Fields["id"] == "" {
		roles["id"] = "radio-mcc-net-area-cell" // composed by the reader
	}
	if !quiet {
		DescribeRoles(errOut, "sites", d.Path, roles, SiteRoles)
	}
	defTech, ok := TechOf(o.DefaultTech)
	if !ok {
		return nil, Usagef("--default-tech %q: use 2G, 3G, 4G or 5G", o.DefaultTech)
	}
	if o.Year > 0 && roles["year"] == "" {
		log.Warn(fmt.Sprintf("%s: no year field, so every site is counted as on air by %d (map one with --field year=NAME)", d.Path, o.Year))
	}
	sites := make([]coverage.Site, 0, len(d.Features))
	seen := map[string]int{}
	noRange := 0
	defer func() {
		if noRange > 0 {
			log.Warn(fmt.Sprintf("%s: %d cell(s) with a range of 0 or none took their technology's default radius", d.Path, noRange))
		}
	}()
	for i, f := range d.Features {
		pt, isPoint := f.Geometry.(orb.Point)
		if !isPoint {
			p, ok := geoio.RepresentativePoint(f.Geometry)
			if !ok {
				if err := log.Handle(geoio.Problem{File: d.Path, Index: i, ID: f.IDString(), Kind: geoio.ProblemEmptyGeometry, Reason: "a site needs a point"}); err != nil {
					return nil, err
				}
				continue
			}
			pt = p
		}
		s := coverage.Site{Pos: pt, Tech: defTech}
		s.ID = PropString(f.Properties, roles["id"])
		if opencellid && o.Fields["id"] == "" {
			// radio-mcc-net-area-cell, as the reader composed it
			s.ID = f.IDString()
		}
		if s.ID == "" {
			s.ID = f.IDString()
		}
		if s.ID == "" {
			s.ID = fmt.Sprintf("site-%d", i+1)
		}
		// sectors of one tower often share the tower's id: the second is
		// id#2, the third id#3
		base := s.ID
		if n := seen[base]; n > 0 {
			s.ID = fmt.Sprintf("%s#%d", base, n+1)
		}
		seen[base]++
		if t := PropString(f.Properties, roles["tech"]); t != "" {
			tech, ok := TechOf(t)
			if !ok {
				if err := log.Handle(geoio.Problem{File: d.Path, Index: i, ID: s.ID, Kind: geoio.ProblemBadRecord, Reason: fmt.Sprintf("unknown technology %q", t)}); err != nil {
					return nil, err
				}
				continue
			}
			s.Tech = tech
		}
		num := func(role string) float64 {
			v, _ := PropFloat(f.Properties, roles[role])
			return v
		}
		// a value given, even 0, is the site's own; only absent values
		// take the technology defaults
		given := func(role string, bit coverage.SiteFields) float64 {
			v, ok := PropFloat(f.Properties, roles[role])
			if ok {
				s.Given |= bit
			}
			return v
		}
		s.RadiusM, s.HeightM = given("radius_m", coverage.GivenRadius), given("height_m", coverage.GivenHeight)
		if opencellid && s.RadiusM <= 0 && roles["radius_m"] != "" && o.Fields["radius_m"] == "" {
			// an OpenCelliD range of 0 (or none) means unknown, not a
			// cell that covers nothing: the technology default applies
			s.Given &^= coverage.GivenRadius
			s.RadiusM = 0
			noRange++
		}
		s.FreqMHz, s.EIRPdBm = given("freq_mhz", coverage.GivenFreq), given("eirp_dbm", coverage.GivenEIRP)
		s.AzimuthDeg, s.BeamwidthDeg = num("azimuth_deg"), num("beamwidth_deg")
		s.Operator = PropString(f.Properties, roles["operator"])
		s.Year = int(num("year"))
		if o.Year > 0 && s.Year > o.Year {
			continue
		}
		s.ApplyDefaults(o.Table)
		sites = append(sites, s)
	}
	return sites, nil
}

// ReadLayer reads a whole layer; ro says how (format, CRS, where skipped
// features are reported).
func ReadLayer(path string, stdin io.Reader, ro geoio.ReadOptions) (*Layer, error) {
	r, err := geoio.Open(path, stdin, ro)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fs, err := geoio.ReadAll(r)
	if err != nil {
		return nil, err
	}
	l := r.Layer()
	var s geoio.Schema
	s.Merge(l.Fields)
	for _, f := range fs {
		s.Add(f.Properties)
	}
	d := &Layer{Path: path, Layer: l, Features: fs}
	for _, f := range s.Fields() {
		d.Fields = append(d.Fields, f.Name)
	}
	return d, nil
}

// ReadOptions are base with skipped features and notes sent to the log.
func (p *Log) ReadOptions(base geoio.ReadOptions) geoio.ReadOptions {
	base.Problems = p.Handle
	base.Warn = p.Warn
	base.Counted = p.Counted
	return base
}
