package cli

import (
	"fmt"
	"strconv"

	"github.com/kukarcli/kukarcli/pkg/scenario"
	"github.com/spf13/cobra"
)

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
		sets = append(sets, kv{"villages", c.Resolve(L.Villages.Path)}, kv{"targets", c.Resolve(L.Villages.Path)})
	}
	if L.Sites != nil && L.Sites.Path != "" {
		sets = append(sets, kv{"sites", c.Resolve(L.Sites.Path)})
	}
	if L.Settlements != nil {
		sets = append(sets, kv{"settlements", c.Resolve(L.Settlements.Path)})
	}
	if L.Facilities != nil {
		sets = append(sets, kv{"facilities", c.Resolve(L.Facilities.Path)})
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
		sets = append(sets, kv{"dem", c.Resolve(m.DEM)})
	}
	if m.ClutterM != nil {
		sets = append(sets, kv{"clutter-height", fnum(*m.ClutterM) + "m"})
	}
	if m.SiteDefaults != "" {
		sets = append(sets, kv{"site-defaults", c.Resolve(m.SiteDefaults)})
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
		sets = append(sets, kv{"speeds", c.Resolve(a.Speeds)})
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
			f.Value.Set(c.Resolve(r.Path))
		}
	}
	if f := cmd.Flags().Lookup("rivers"); f != nil && !f.Changed {
		for _, r := range L.Rivers {
			f.Value.Set(c.Resolve(r.Path))
		}
	}
	if f := cmd.Flags().Lookup("field"); f != nil && !f.Changed {
		hasSites := cmd.Flags().Lookup("sites") != nil
		for _, spec := range []*scenario.LayerSpec{L.Villages, L.Settlements, L.Facilities, &sitesLayer(L.Sites).LayerSpec} {
			if spec == nil {
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
	g.cfg = c
	return nil
}

func sitesLayer(s *scenario.SitesSpec) *scenario.SitesSpec {
	if s == nil {
		return &scenario.SitesSpec{}
	}
	return s
}
