package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

// Config is the --config scenario file. It names the layers (paths
// relative to the file), their field mappings, the model, access speeds,
// priority weights, the years and the targets per indicator and year. The
// report command runs the whole scenario; every other command takes from
// it the values of the flags it has, and flags given on the command line
// win. Unknown keys are errors that name the line, so a misspelt key is
// never silently ignored.
type Config struct {
	Title  string `yaml:"title"`
	Region string `yaml:"region"`
	Lang   string `yaml:"lang"`
	Years  []int  `yaml:"years"`
	Layers struct {
		Villages        *LayerSpec  `yaml:"villages"`
		Sites           *SitesSpec  `yaml:"sites"`
		Settlements     *LayerSpec  `yaml:"settlements"`
		Offices         *LayerSpec  `yaml:"offices"`
		EconomicCentres *LayerSpec  `yaml:"economic_centres"`
		Facilities      *LayerSpec  `yaml:"facilities"`
		Roads           []LayerSpec `yaml:"roads"`
		Rivers          []LayerSpec `yaml:"rivers"`
	} `yaml:"layers"`
	Model struct {
		Name         string   `yaml:"name"`
		Environment  string   `yaml:"environment"`
		LargeCity    *bool    `yaml:"large_city"`
		SampleM      *float64 `yaml:"sample_m"`
		MinShare     *float64 `yaml:"min_share"`
		ThresholdDBm *float64 `yaml:"threshold_dbm"`
		SiteDefaults string   `yaml:"site_defaults"`
		DEM          string   `yaml:"dem"`
		ClutterM     *float64 `yaml:"clutter_m"`
	} `yaml:"model"`
	Access struct {
		BoatSpeedKMH       *float64 `yaml:"boat_speed_kmh"`
		WalkSpeedKMH       *float64 `yaml:"walk_speed_kmh"`
		MaxSnapM           *float64 `yaml:"max_snap_m"`
		NodeSnapM          *float64 `yaml:"node_snap_m"`
		BoardingPenaltyMin *float64 `yaml:"boarding_penalty_min"`
		Speeds             string   `yaml:"speeds"`
	} `yaml:"access"`
	// Weights is the priority weights and thresholds document, checked by
	// pkg/priority with its own line-numbered errors.
	Weights yaml.Node `yaml:"weights"`
	Plan    struct {
		K           *int     `yaml:"k"`
		TargetShare *float64 `yaml:"target_share"`
	} `yaml:"plan"`
	Top     *int                       `yaml:"top"`
	Targets map[string]map[int]float64 `yaml:"targets"`
	Options struct {
		Strict    *bool   `yaml:"strict"`
		Precision *int    `yaml:"precision"`
		SCRS      *string `yaml:"s_crs"`
		TCRS      *string `yaml:"t_crs"`
	} `yaml:"options"`

	dir  string // the file's folder: layer paths are relative to it
	path string
}

// LayerSpec is one input layer of a scenario.
type LayerSpec struct {
	Path   string            `yaml:"path"`
	Format string            `yaml:"format"`
	Fields map[string]string `yaml:"fields"`
}

// SitesSpec is the tower layer: one file whose year field says when each
// site went on air, or one file per year (cumulative: a year's sites are
// those of its file and every earlier one).
type SitesSpec struct {
	LayerSpec `yaml:",inline"`
	ByYear    map[int]string `yaml:"by_year"`
}

// resolve makes a scenario path absolute against the scenario's folder.
func (c *Config) resolve(p string) string {
	if p == "" || p == "-" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.dir, p)
}

func loadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	return parseConfig(b, path)
}

func parseConfig(b []byte, path string) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("--config %s: %v", path, err)
	}
	c.dir = filepath.Dir(path)
	c.path = path
	return &c, nil
}

// weightsYAML is the weights section as its own YAML document.
func (c *Config) weightsYAML() ([]byte, error) {
	if c.Weights.Kind == 0 {
		return nil, nil
	}
	return yaml.Marshal(&c.Weights)
}

// applyConfig sets, from the config, every flag of cmd that the command
// line did not set.
func applyConfig(cmd *cobra.Command, g *GlobalOptions) error {
	if g.Config == "" {
		return nil
	}
	c, err := loadConfig(g.Config)
	if err != nil {
		return err
	}
	set := func(name, value string) error {
		f := cmd.Flags().Lookup(name)
		if f == nil || f.Changed {
			return nil
		}
		if err := f.Value.Set(value); err != nil {
			return fmt.Errorf("--config %s: %s: %v", g.Config, name, err)
		}
		f.Changed = true
		return nil
	}
	fnum := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	type kv struct{ k, v string }
	var sets []kv
	o := c.Options
	if o.Strict != nil {
		sets = append(sets, kv{"strict", fmt.Sprint(*o.Strict)})
	}
	if o.Precision != nil {
		sets = append(sets, kv{"precision", fmt.Sprint(*o.Precision)})
	}
	if o.SCRS != nil {
		sets = append(sets, kv{"s-crs", *o.SCRS})
	}
	if o.TCRS != nil {
		sets = append(sets, kv{"t-crs", *o.TCRS})
	}
	L := c.Layers
	if L.Villages != nil {
		sets = append(sets, kv{"villages", c.resolve(L.Villages.Path)}, kv{"targets", c.resolve(L.Villages.Path)})
	}
	if L.Sites != nil && L.Sites.Path != "" {
		sets = append(sets, kv{"sites", c.resolve(L.Sites.Path)})
	}
	if L.Settlements != nil {
		sets = append(sets, kv{"settlements", c.resolve(L.Settlements.Path)})
	}
	if L.Facilities != nil {
		sets = append(sets, kv{"facilities", c.resolve(L.Facilities.Path)})
	}
	m := c.Model
	if m.Name != "" {
		sets = append(sets, kv{"model", m.Name})
	}
	if m.Environment != "" {
		sets = append(sets, kv{"environment", m.Environment})
	}
	if m.LargeCity != nil {
		sets = append(sets, kv{"large-city", fmt.Sprint(*m.LargeCity)})
	}
	if m.SampleM != nil {
		sets = append(sets, kv{"sample", fnum(*m.SampleM) + "m"})
	}
	if m.MinShare != nil {
		sets = append(sets, kv{"min-share", fnum(*m.MinShare)})
	}
	if m.ThresholdDBm != nil {
		sets = append(sets, kv{"threshold-dbm", fnum(*m.ThresholdDBm)})
	}
	if m.DEM != "" {
		sets = append(sets, kv{"dem", c.resolve(m.DEM)})
	}
	if m.ClutterM != nil {
		sets = append(sets, kv{"clutter-height", fnum(*m.ClutterM) + "m"})
	}
	if m.SiteDefaults != "" {
		sets = append(sets, kv{"site-defaults", c.resolve(m.SiteDefaults)})
	}
	a := c.Access
	if a.BoatSpeedKMH != nil {
		sets = append(sets, kv{"boat-speed", fnum(*a.BoatSpeedKMH)})
	}
	if a.WalkSpeedKMH != nil {
		sets = append(sets, kv{"walk-speed", fnum(*a.WalkSpeedKMH)})
	}
	if a.MaxSnapM != nil {
		sets = append(sets, kv{"max-snap", fnum(*a.MaxSnapM) + "m"})
	}
	if a.NodeSnapM != nil {
		sets = append(sets, kv{"node-snap", fnum(*a.NodeSnapM) + "m"})
	}
	if a.BoardingPenaltyMin != nil {
		sets = append(sets, kv{"boarding-penalty", fnum(*a.BoardingPenaltyMin) + "min"})
	}
	if a.Speeds != "" {
		sets = append(sets, kv{"speeds", c.resolve(a.Speeds)})
	}
	if c.Plan.K != nil {
		sets = append(sets, kv{"k", fmt.Sprint(*c.Plan.K)})
	}
	if c.Plan.TargetShare != nil {
		sets = append(sets, kv{"target-share", fnum(*c.Plan.TargetShare)})
	}
	if c.Top != nil {
		sets = append(sets, kv{"top", fmt.Sprint(*c.Top)})
	}
	for _, s := range sets {
		if err := set(s.k, s.v); err != nil {
			return err
		}
	}
	// repeatable flags: only when the command line gave none
	if f := cmd.Flags().Lookup("roads"); f != nil && !f.Changed {
		for _, r := range L.Roads {
			f.Value.Set(c.resolve(r.Path))
		}
	}
	if f := cmd.Flags().Lookup("rivers"); f != nil && !f.Changed {
		for _, r := range L.Rivers {
			f.Value.Set(c.resolve(r.Path))
		}
	}
	if f := cmd.Flags().Lookup("field"); f != nil && !f.Changed {
		hasSites := cmd.Flags().Lookup("sites") != nil
		for _, spec := range []*LayerSpec{L.Villages, L.Settlements, L.Facilities, &sitesLayer(L.Sites).LayerSpec} {
			if spec == nil {
				continue
			}
			for _, k := range sortedMapKeys(spec.Fields) {
				if !hasSites && !hasRole(targetRoles, k) {
					continue // access has no site roles
				}
				f.Value.Set(k + "=" + spec.Fields[k])
			}
		}
	}
	g.cfg = c
	return nil
}

func sitesLayer(s *SitesSpec) *SitesSpec {
	if s == nil {
		return &SitesSpec{}
	}
	return s
}

func sortedMapKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
