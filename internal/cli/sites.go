package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/paulmach/orb"
	"gopkg.in/yaml.v3"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// techOf maps a technology name, OpenCelliD's radio among them, to a
// generation: GSM→2G, UMTS→3G, LTE→4G, NR→5G.
func techOf(s string) (coverage.Tech, bool) {
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

// loadSiteDefaults reads a table that replaces (entry by entry, field by
// field) the built-in per-technology defaults.
func loadSiteDefaults(path string) (map[coverage.Tech]coverage.TechDefaults, error) {
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
		tech, ok := techOf(k)
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

// siteOptions control how a sites layer becomes coverage.Sites.
type siteOptions struct {
	Fields      map[string]string
	DefaultTech string
	Year        int // 0: all sites; else only those on air by that year
	Table       map[coverage.Tech]coverage.TechDefaults
}

// buildSites turns a sites layer into engine sites. Features without a
// usable point are reported as problems and skipped.
func buildSites(d *layerData, o siteOptions, log *problemLog, errOut io.Writer, quiet bool) ([]coverage.Site, error) {
	roles, err := resolveRoles(d.Fields, siteRoles, o.Fields, d.Path)
	if err != nil {
		return nil, err
	}
	if !quiet {
		describeRoles(errOut, "sites", d.Path, roles, siteRoles)
	}
	defTech, ok := techOf(o.DefaultTech)
	if !ok {
		return nil, usagef("--default-tech %q: use 2G, 3G, 4G or 5G", o.DefaultTech)
	}
	opencellid := d.Layer.Format == "OpenCelliD CSV"
	var sites []coverage.Site
	seen := map[string]int{}
	for i, f := range d.Features {
		pt, isPoint := f.Geometry.(orb.Point)
		if !isPoint {
			p, ok := geoio.RepresentativePoint(f.Geometry)
			if !ok {
				if err := log.handle(geoio.Problem{File: d.Path, Index: i, ID: f.IDString(), Kind: geoio.ProblemEmptyGeometry, Reason: "a site needs a point"}); err != nil {
					return nil, err
				}
				continue
			}
			pt = p
		}
		s := coverage.Site{Pos: pt, Tech: defTech}
		s.ID = propString(f.Properties, roles["id"])
		if opencellid {
			s.ID = fmt.Sprintf("%s-%s-%s-%s", propString(f.Properties, "mcc"), propString(f.Properties, "net"),
				propString(f.Properties, "area"), propString(f.Properties, "cell"))
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
		if t := propString(f.Properties, roles["tech"]); t != "" {
			tech, ok := techOf(t)
			if !ok {
				if err := log.handle(geoio.Problem{File: d.Path, Index: i, ID: s.ID, Kind: geoio.ProblemBadRecord, Reason: fmt.Sprintf("unknown technology %q", t)}); err != nil {
					return nil, err
				}
				continue
			}
			s.Tech = tech
		}
		num := func(role string) float64 {
			v, _ := propFloat(f.Properties, roles[role])
			return v
		}
		s.RadiusM, s.HeightM, s.FreqMHz, s.EIRPdBm = num("radius_m"), num("height_m"), num("freq_mhz"), num("eirp_dbm")
		s.AzimuthDeg, s.BeamwidthDeg = num("azimuth_deg"), num("beamwidth_deg")
		s.Operator = propString(f.Properties, roles["operator"])
		s.Year = int(num("year"))
		if o.Year > 0 && s.Year > o.Year {
			continue
		}
		s.ApplyDefaults(o.Table)
		sites = append(sites, s)
	}
	return sites, nil
}
