package report

import (
	"math"
	"strconv"
	"strings"
)

// textTable is a section table as plain text, shared by the HTML and the
// Markdown renderer so both show the same values. A "\n" in a cell is a
// line break (HTML) or " · " (Markdown); each renderer escapes the text.
type textTable struct {
	head []string
	num  []bool // right-aligned columns
	rows [][]string
	foot []string // totals row, nil when none
}

func (l locale) summaryTable(r *Report) textTable {
	t := textTable{
		head: []string{l.t("col.indicator"), l.t("col.value"), l.t("col.target"), l.t("col.status")},
		num:  []bool{false, true, true, false},
	}
	y := r.latestYear()
	if len(r.Years) > 1 {
		t.head = append(t.head, l.tf("col.first", itoa(r.Years[0])))
		t.num = append(t.num, true)
	}
	for i := range r.Indicators {
		s := &r.Indicators[i]
		v, ok := s.valueIn(y)
		if !ok {
			v = YearValue{Year: y, Value: math.NaN()}
		}
		target := l.t("val.none")
		if v.Target != nil {
			target = l.unitValue(s.Unit, *v.Target)
		}
		row := []string{l.indicatorName(s.Key), l.indicatorValue(s, v.Value), target, l.metText(v)}
		if len(r.Years) > 1 {
			first, ok := s.valueIn(r.Years[0])
			if !ok {
				first.Value = math.NaN()
			}
			row = append(row, l.indicatorValue(s, first.Value))
		}
		t.rows = append(t.rows, row)
	}
	return t
}

func (l locale) yearTable(r *Report) textTable {
	t := textTable{head: []string{l.t("col.indicator")}, num: []bool{false}}
	for _, y := range r.Years {
		t.head = append(t.head, itoa(y))
		t.num = append(t.num, true)
	}
	for i := range r.Indicators {
		s := &r.Indicators[i]
		row := []string{l.indicatorName(s.Key)}
		for _, y := range r.Years {
			v, ok := s.valueIn(y)
			if !ok {
				row = append(row, l.t("val.none"))
				continue
			}
			c := l.indicatorValue(s, v.Value)
			if v.Target != nil {
				c += "\n" + l.tf("val.target", l.unitValue(s.Unit, *v.Target))
				if v.Met != nil {
					if *v.Met {
						c += " ✓"
					} else {
						c += " ✗"
					}
				}
			}
			row = append(row, c)
		}
		t.rows = append(t.rows, row)
	}
	return t
}

// shareOf formats "12.345 (85,0 %)", the share left out when the whole is
// not positive.
func (l locale) shareOf(part, whole float64, decimals int) string {
	s := l.num(part, decimals)
	if whole > 0 && finite(part) {
		s += " (" + l.pct(part/whole) + ")"
	}
	return s
}

func (l locale) kecamatanTable(r *Report) textTable {
	t := textTable{
		head: []string{l.t("col.kecamatan"), l.t("col.villages"), l.t("col.villages_covered"),
			l.t("col.blank_spots"), l.t("col.offices"), l.t("col.offices_covered"),
			l.t("col.population"), l.t("col.population_covered"), l.t("col.travel_time"),
			l.t("col.no_land_access"), l.t("col.top_village")},
		num: []bool{false, true, true, true, true, true, true, true, true, true, false},
	}
	var sum KecamatanRow
	for _, k := range r.Kecamatan {
		travel := l.t("val.none")
		if finite(k.MeanTravelTimeMin) {
			travel = l.duration(k.MeanTravelTimeMin * 60)
		}
		t.rows = append(t.rows, []string{k.Kecamatan, l.int(k.Villages),
			l.shareOf(float64(k.VillagesCovered), float64(k.Villages), 0), l.int(k.BlankSpots),
			l.int(k.Offices), l.shareOf(float64(k.OfficesCovered), float64(k.Offices), 0),
			l.num(k.Population, 0), l.shareOf(k.PopulationCovered, k.Population, 0),
			travel, l.int(k.NoLandAccess), k.TopVillage})
		sum.Villages += k.Villages
		sum.VillagesCovered += k.VillagesCovered
		sum.BlankSpots += k.BlankSpots
		sum.Offices += k.Offices
		sum.OfficesCovered += k.OfficesCovered
		if finite(k.Population) {
			sum.Population += k.Population
		}
		if finite(k.PopulationCovered) {
			sum.PopulationCovered += k.PopulationCovered
		}
		sum.NoLandAccess += k.NoLandAccess
	}
	if len(r.Kecamatan) > 1 {
		t.foot = []string{l.t("val.total"), l.int(sum.Villages),
			l.shareOf(float64(sum.VillagesCovered), float64(sum.Villages), 0), l.int(sum.BlankSpots),
			l.int(sum.Offices), l.shareOf(float64(sum.OfficesCovered), float64(sum.Offices), 0),
			l.num(sum.Population, 0), l.shareOf(sum.PopulationCovered, sum.Population, 0),
			l.t("val.none"), l.int(sum.NoLandAccess), ""}
	}
	return t
}

func (l locale) priorityTable(r *Report) textTable {
	t := textTable{
		head: []string{l.t("col.rank"), l.t("col.id"), l.t("col.village"), l.t("col.kecamatan"),
			l.t("col.score"), l.t("col.reasons"), l.t("col.intervention")},
		num: []bool{true, false, false, false, true, false, false},
	}
	for _, p := range r.Priorities {
		t.rows = append(t.rows, []string{itoa(p.Rank), p.ID, p.Name, p.Kecamatan,
			l.num(p.Score, 3), l.reasons(p.Parts), l.interventionName(p.Intervention)})
	}
	return t
}

// coord writes a coordinate with 5 decimals (about 1 m) and a point as
// the decimal mark in every language, so it can be pasted into GIS tools.
func coord(v float64) string {
	if !finite(v) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', 5, 64)
	if strings.Trim(s, "-0.") == "" {
		return "0.00000"
	}
	return s
}

func (l locale) proposedTable(r *Report) textTable {
	t := textTable{
		head: []string{l.t("col.rank"), l.t("col.lon"), l.t("col.lat"), l.t("col.gain"),
			l.t("col.cumulative"), l.t("col.cum_share"), l.t("col.villages"), l.t("col.kecamatan")},
		num: []bool{true, true, true, true, true, true, false, false},
	}
	for _, p := range r.Proposed {
		t.rows = append(t.rows, []string{itoa(p.Rank), coord(p.Lon), coord(p.Lat),
			l.num(p.GainPopulation, 0), l.num(p.CumulativePopulation, 0), l.pct(p.CumulativeShare),
			strings.Join(p.Villages, ", "), p.Kecamatan})
	}
	return t
}

func (l locale) inputTable(r *Report) textTable {
	t := textTable{
		head: []string{l.t("col.role"), l.t("col.path"), l.t("col.format"), l.t("col.features"), l.t("col.sha256")},
		num:  []bool{false, false, false, true, false},
	}
	for _, in := range r.Inputs {
		t.rows = append(t.rows, []string{in.Role, in.Path, in.Format, l.int(in.Features), shortHash(in.SHA256)})
	}
	return t
}

// statusCounts counts map villages per status, in legend order.
func (l locale) statusTable(m *MapData) textTable {
	t := textTable{head: []string{l.t("col.status"), l.t("col.villages")}, num: []bool{false, true}}
	var n [4]int
	for _, v := range m.Villages {
		switch v.Status {
		case StatusCovered:
			n[0]++
		case StatusBlankSpot:
			n[1]++
		case StatusNoLandAccess:
			n[2]++
		default:
			n[3]++
		}
	}
	for i, s := range []string{StatusCovered, StatusBlankSpot, StatusNoLandAccess, ""} {
		if i == 3 && n[3] == 0 {
			continue
		}
		t.rows = append(t.rows, []string{l.statusName(s), l.int(n[i])})
	}
	return t
}
