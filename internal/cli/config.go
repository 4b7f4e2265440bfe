package cli

import (
	"fmt"
	"strconv"

	"github.com/kukarcli/kukarcli/pkg/scenario"
	"github.com/spf13/cobra"
)

// configFlag is one flag value taken from the config: the flag's name and
// its value as the command line would spell it.
type configFlag struct{ name, value string }

// applyConfig sets, from the config, every flag of cmd that the command
// line did not set.
func applyConfig(cmd *cobra.Command, g *GlobalOptions) error {
	if g.Config == "" {
		return nil
	}
	c, err := scenario.LoadConfig(g.Config)
	if err != nil {
		return err
	}
	var sets []configFlag
	sets = append(sets, configOptionFlags(c)...)
	sets = append(sets, configLayerFlags(c)...)
	sets = append(sets, configModelFlags(c)...)
	sets = append(sets, configAccessFlags(c)...)
	sets = append(sets, configPlanFlags(c)...)
	for _, s := range sets {
		if err := setConfigFlag(cmd, g.Config, s.name, s.value); err != nil {
			return err
		}
	}
	applyConfigRepeatable(cmd, c)
	g.cfg = c
	return nil
}

// setConfigFlag sets the flag name of cmd to value, unless cmd has no such
// flag or the command line already set it. configPath names the config in
// the error.
func setConfigFlag(cmd *cobra.Command, configPath, name, value string) error {
	f := cmd.Flags().Lookup(name)
	if f == nil || f.Changed {
		return nil
	}
	if err := f.Value.Set(value); err != nil {
		return fmt.Errorf("--config %s: %s: %v", configPath, name, err)
	}
	f.Changed = true
	return nil
}

// formatConfigNumber spells a config number as a flag value: the shortest
// decimal that reads back the same.
func formatConfigNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// configOptionFlags are the flags of the options section: strict,
// precision and the coordinate systems.
func configOptionFlags(c *scenario.Config) []configFlag {
	var sets []configFlag
	o := c.Options
	if o.Strict != nil {
		sets = append(sets, configFlag{"strict", fmt.Sprint(*o.Strict)})
	}
	if o.Precision != nil {
		sets = append(sets, configFlag{"precision", fmt.Sprint(*o.Precision)})
	}
	if o.SCRS != nil {
		sets = append(sets, configFlag{"s-crs", *o.SCRS})
	}
	if o.TCRS != nil {
		sets = append(sets, configFlag{"t-crs", *o.TCRS})
	}
	return sets
}

// configLayerFlags are the flags of the layers section that take one file;
// the villages serve as both --villages and --targets.
func configLayerFlags(c *scenario.Config) []configFlag {
	var sets []configFlag
	L := c.Layers
	if L.Villages != nil {
		sets = append(sets, configFlag{"villages", c.Resolve(L.Villages.Path)}, configFlag{"targets", c.Resolve(L.Villages.Path)})
	}
	if L.Sites != nil && L.Sites.Path != "" {
		sets = append(sets, configFlag{"sites", c.Resolve(L.Sites.Path)})
	}
	if L.Settlements != nil {
		sets = append(sets, configFlag{"settlements", c.Resolve(L.Settlements.Path)})
	}
	if L.Facilities != nil {
		sets = append(sets, configFlag{"facilities", c.Resolve(L.Facilities.Path)})
	}
	if L.Offices != nil {
		sets = append(sets, configFlag{"offices", c.Resolve(L.Offices.Path)})
	}
	if L.EconomicCentres != nil {
		sets = append(sets, configFlag{"economic-centres", c.Resolve(L.EconomicCentres.Path)})
	}
	return sets
}

// configModelFlags are the flags of the model section: the propagation
// model, its thresholds, the terrain and the site defaults.
func configModelFlags(c *scenario.Config) []configFlag {
	var sets []configFlag
	m := c.Model
	if m.Name != "" {
		sets = append(sets, configFlag{"model", m.Name})
	}
	if m.Environment != "" {
		sets = append(sets, configFlag{"environment", m.Environment})
	}
	if m.LargeCity != nil {
		sets = append(sets, configFlag{"large-city", fmt.Sprint(*m.LargeCity)})
	}
	if m.SampleM != nil {
		sets = append(sets, configFlag{"sample", formatConfigNumber(*m.SampleM) + "m"})
	}
	if m.MinShare != nil {
		sets = append(sets, configFlag{"min-share", formatConfigNumber(*m.MinShare)})
	}
	if m.ThresholdDBm != nil {
		sets = append(sets, configFlag{"threshold-dbm", formatConfigNumber(*m.ThresholdDBm)})
	}
	if m.DEM != "" {
		sets = append(sets, configFlag{"dem", c.Resolve(m.DEM)})
	}
	if m.ClutterM != nil {
		sets = append(sets, configFlag{"clutter-height", formatConfigNumber(*m.ClutterM) + "m"})
	}
	if m.SiteDefaults != "" {
		sets = append(sets, configFlag{"site-defaults", c.Resolve(m.SiteDefaults)})
	}
	return sets
}

// configAccessFlags are the flags of the access section: travel speeds,
// snapping distances and the boarding penalty.
func configAccessFlags(c *scenario.Config) []configFlag {
	var sets []configFlag
	a := c.Access
	if a.BoatSpeedKMH != nil {
		sets = append(sets, configFlag{"boat-speed", formatConfigNumber(*a.BoatSpeedKMH)})
	}
	if a.WalkSpeedKMH != nil {
		sets = append(sets, configFlag{"walk-speed", formatConfigNumber(*a.WalkSpeedKMH)})
	}
	if a.MaxSnapM != nil {
		sets = append(sets, configFlag{"max-snap", formatConfigNumber(*a.MaxSnapM) + "m"})
	}
	if a.NodeSnapM != nil {
		sets = append(sets, configFlag{"node-snap", formatConfigNumber(*a.NodeSnapM) + "m"})
	}
	if a.BoardingPenaltyMin != nil {
		sets = append(sets, configFlag{"boarding-penalty", formatConfigNumber(*a.BoardingPenaltyMin) + "min"})
	}
	if a.Speeds != "" {
		sets = append(sets, configFlag{"speeds", c.Resolve(a.Speeds)})
	}
	return sets
}

// configPlanFlags are the flags of the plan section, then the top-level
// top (rank's row count).
func configPlanFlags(c *scenario.Config) []configFlag {
	var sets []configFlag
	if c.Plan.K != nil {
		sets = append(sets, configFlag{"k", fmt.Sprint(*c.Plan.K)})
	}
	if c.Plan.TargetShare != nil {
		sets = append(sets, configFlag{"target-share", formatConfigNumber(*c.Plan.TargetShare)})
	}
	if c.Top != nil {
		sets = append(sets, configFlag{"top", fmt.Sprint(*c.Top)})
	}
	return sets
}

// applyConfigRepeatable fills the repeatable flags (--roads, --rivers,
// --field) from the config, each only when the command line gave none.
func applyConfigRepeatable(cmd *cobra.Command, c *scenario.Config) {
	appendConfigPaths(cmd, c, "roads", c.Layers.Roads)
	appendConfigPaths(cmd, c, "rivers", c.Layers.Rivers)
	applyConfigFields(cmd, c)
}

// appendConfigPaths adds each layer's path to the repeatable flag name,
// unless cmd has no such flag or the command line set it.
func appendConfigPaths(cmd *cobra.Command, c *scenario.Config, name string, layers []scenario.LayerSpec) {
	f := cmd.Flags().Lookup(name)
	if f == nil || f.Changed {
		return
	}
	for _, r := range layers {
		f.Value.Set(c.Resolve(r.Path))
	}
}

// applyConfigFields adds a --field role=column for every field mapping of
// the villages, settlements, facilities and sites layers, in that order
// and by role name, unless the command line gave --field. Commands without
// --sites (access) take only the target roles.
func applyConfigFields(cmd *cobra.Command, c *scenario.Config) {
	f := cmd.Flags().Lookup("field")
	if f == nil || f.Changed {
		return
	}
	L := c.Layers
	hasSites := cmd.Flags().Lookup("sites") != nil
	// a layer's mapping applies to that layer: not when the command line
	// names another file for it (flags win)
	overridden := func(flags ...string) bool {
		for _, name := range flags {
			if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed {
				return true
			}
		}
		return false
	}
	for _, l := range []struct {
		spec  *scenario.LayerSpec
		flags []string
	}{{L.Villages, []string{"targets", "villages"}}, {L.Settlements, []string{"settlements"}},
		{L.Facilities, []string{"facilities"}}, {&sitesLayer(L.Sites).LayerSpec, []string{"sites"}}} {
		spec := l.spec
		if spec == nil || overridden(l.flags...) {
			continue
		}
		for _, k := range scenario.SortedMapKeys(spec.Fields) {
			if !hasSites && !scenario.HasRole(scenario.TargetRoles, k) {
				continue // access has no site roles
			}
			f.Value.Set(k + "=" + spec.Fields[k])
		}
	}
}

// sitesLayer is s, or an empty sites layer when the config has none.
func sitesLayer(s *scenario.SitesSpec) *scenario.SitesSpec {
	if s == nil {
		return &scenario.SitesSpec{}
	}
	return s
}
