package report

import (
	"math"
	"strings"
)

// NamedTable is one of the report's tables with a name for its sheet.
type NamedTable struct {
	Name  string
	Table *Table
}

// Tables are the report's tables as plain rows, for a workbook: the
// indicators per year against their targets, the kecamatan table, the
// priorities, the proposed sites, the villages without land access and
// the inputs. Unknown values are nil (empty cells).
func (r *Report) Tables() []NamedTable {
	num := func(v float64) any {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return v
	}
	ind := &Table{Columns: []string{"indicator", "unit", "year", "value", "total", "target", "met", "projected", "source", "survey"}}
	for _, s := range r.Indicators {
		for _, v := range s.Values {
			var target, met any
			if v.Target != nil {
				target = *v.Target
			}
			if v.Met != nil {
				met = *v.Met
			}
			source := FromModel
			if v.FromSurvey {
				source = FromSurvey
			}
			var survey any
			if v.Survey != nil {
				survey = *v.Survey
			}
			ind.Rows = append(ind.Rows, []any{s.Key, s.Unit, v.Year, num(v.Value), num(s.Total), target, met, r.projected(v.Year), source, survey})
		}
	}
	kec := &Table{Columns: []string{"kecamatan", "villages", "villages_covered", "blank_spots", "offices", "offices_covered",
		"population", "population_covered", "mean_travel_time_min", "no_land_access", "top_village"}}
	for _, k := range r.Kecamatan {
		kec.Rows = append(kec.Rows, []any{k.Kecamatan, k.Villages, k.VillagesCovered, k.BlankSpots, k.Offices, k.OfficesCovered,
			num(k.Population), num(k.PopulationCovered), num(k.MeanTravelTimeMin), k.NoLandAccess, k.TopVillage})
	}
	pri := &Table{Columns: []string{"rank", "id", "village", "kecamatan", "score", "reason", "intervention", "cost"}}
	for _, p := range r.Priorities {
		var reasons []string
		for _, part := range p.Parts {
			reasons = append(reasons, part.Factor)
		}
		pri.Rows = append(pri.Rows, []any{p.Rank, p.ID, p.Name, p.Kecamatan, num(p.Score), strings.Join(reasons, ", "), p.Intervention, num(p.Cost)})
	}
	prop := &Table{Columns: []string{"rank", "village", "kecamatan", "lon", "lat", "gain_population", "population_with_signal",
		"share_with_signal", "villages_with_signal", "offices_with_signal", "villages_newly_covered", "stage", "cost"}}
	for _, p := range r.Proposed {
		prop.Rows = append(prop.Rows, []any{p.Rank, p.Village, p.Kecamatan, p.Lon, p.Lat, num(p.GainPopulation), num(p.PopulationWithSignal),
			num(p.ShareWithSignal), p.VillagesWithSignal, p.OfficesWithSignal, strings.Join(p.Villages, "; "), p.Stage, num(p.Cost)})
	}
	river := &Table{Columns: []string{"village", "kecamatan", "signal", "travel_time_min", "option"}}
	for _, v := range r.NoLandAccess {
		river.Rows = append(river.Rows, []any{v.Name, v.Kecamatan, v.Signal, num(v.TravelTimeMin), v.Option})
	}
	in := &Table{Columns: []string{"role", "path", "format", "features", "sha256", "source", "date"}}
	for _, f := range r.Inputs {
		in.Rows = append(in.Rows, []any{f.Role, f.Path, f.Format, f.Features, f.SHA256, f.Source, f.Date})
	}
	out := []NamedTable{{"indicators", ind}, {"kecamatan", kec}, {"priorities", pri}, {"proposed_sites", prop},
		{"no_land_access", river}}
	out = append(out, r.groundTables()...)
	out = append(out, r.reachTables()...)
	return append(out, NamedTable{"inputs", in})
}
