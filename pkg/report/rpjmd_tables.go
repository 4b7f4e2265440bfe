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
	ids  []int    // per row, the map item it stands for (tr data-i), -1 for none; HTML only
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
			target = l.targetText(s, v)
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
		t.head = append(t.head, l.yearLabel(r, y))
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
			if v.FromSurvey {
				c += " " + l.t("val.from_survey")
			}
			if v.Survey != nil {
				c += "\n" + l.tf("val.survey", l.indicatorValue(s, *v.Survey))
			}
			if v.Target != nil {
				c += "\n" + l.tf("val.target", l.targetText(s, v))
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

// targetText is a target as a value, and as the share it was given as:
// "219 (92 %)".
func (l locale) targetText(s *IndicatorSeries, v YearValue) string {
	t := l.unitValue(s.Unit, *v.Target)
	if v.TargetShare != nil && finite(*v.TargetShare) {
		t += " (" + l.pctTarget(*v.TargetShare) + ")"
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
	if r.KecamatanTotal != nil {
		sum = *r.KecamatanTotal
	}
	if len(r.Kecamatan) > 1 || r.KecamatanTotal != nil {
		travel := l.t("val.none")
		if finite(sum.MeanTravelTimeMin) && r.KecamatanTotal != nil {
			travel = l.duration(sum.MeanTravelTimeMin * 60)
		}
		t.foot = []string{l.t("val.total"), l.int(sum.Villages),
			l.shareOf(float64(sum.VillagesCovered), float64(sum.Villages), 0), l.int(sum.BlankSpots),
			l.int(sum.Offices), l.shareOf(float64(sum.OfficesCovered), float64(sum.Offices), 0),
			l.num(sum.Population, 0), l.shareOf(sum.PopulationCovered, sum.Population, 0),
			travel, l.int(sum.NoLandAccess), ""}
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
	if r.Costs != nil {
		t.head = append(t.head, l.t("col.cost"))
		t.num = append(t.num, true)
		for i, p := range r.Priorities {
			t.rows[i] = append(t.rows[i], l.money(r.Costs, p.Cost))
		}
	}
	return t
}

// coord writes a coordinate with 5 decimals (about 1 m) in the
// language's number format.
func (l locale) coord(v float64) string {
	if !finite(v) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', 5, 64)
	if strings.Trim(s, "-0.") == "" {
		s = "0.00000"
	}
	return strings.Replace(s, ".", l.decimal, 1)
}

// proposedTable leads with the village of each site and shows the
// indicators with it and every site before it built, after a first row
// with the indicators the plan starts from.
func (l locale) proposedTable(r *Report) textTable {
	t := textTable{
		head: []string{l.t("col.rank"), l.t("col.village"), l.t("col.kecamatan"), l.t("col.stage"), l.t("col.gain"),
			l.t("col.pop_with_signal"), l.t("col.vill_with_signal"), l.t("col.off_with_signal"),
			l.t("col.newly_covered"), l.t("col.lon"), l.t("col.lat")},
		num: []bool{true, false, false, false, true, true, true, true, false, true, true},
	}
	villages, offices := 0.0, 0.0
	for _, s := range r.Indicators {
		switch s.Key {
		case IndicatorVillagesWithSignal:
			villages = s.Total
		case IndicatorOfficesWithSignal:
			offices = s.Total
		}
	}
	state := func(p *ProposedSite) []string {
		pop := l.num(p.PopulationWithSignal, 0) + " (" + l.pct(p.ShareWithSignal) + ")"
		return []string{pop, l.shareOf(float64(p.VillagesWithSignal), villages, 0), l.shareOf(float64(p.OfficesWithSignal), offices, 0)}
	}
	withCost := func(row []string, cost float64) []string {
		switch {
		case r.Costs == nil:
			return row
		case math.IsNaN(cost): // the base row has nothing to cost
			return append(row, "")
		}
		return append(row, l.money(r.Costs, cost))
	}
	if r.Costs != nil {
		t.head = append(t.head, l.t("col.cost"))
		t.num = append(t.num, true)
	}
	if b := r.PlanBase; b != nil {
		row := append([]string{"", l.tf("val.plan_base", itoa(r.latestYear())), "", "", ""}, state(b)...)
		t.rows = append(t.rows, withCost(append(row, "", "", ""), math.NaN()))
	}
	for i := range r.Proposed {
		p := &r.Proposed[i]
		row := append([]string{itoa(p.Rank), p.Village, p.Kecamatan, l.t("stage." + p.Stage), l.num(p.GainPopulation, 0)}, state(p)...)
		row = append(row, strings.Join(p.Villages, ", "), l.coord(p.Lon), l.coord(p.Lat))
		t.rows = append(t.rows, withCost(row, p.Cost))
	}
	return t
}

func (l locale) inputTable(r *Report) textTable {
	t := textTable{
		head: []string{l.t("col.role"), l.t("col.path"), l.t("col.format"), l.t("col.features"), l.t("col.sha256")},
		num:  []bool{false, false, false, true, false},
	}
	withSource := false
	for _, in := range r.Inputs {
		t.rows = append(t.rows, []string{l.roleName(in.Role), in.Path, in.Format, l.int(in.Features), shortHash(in.SHA256)})
		withSource = withSource || in.Source != "" || in.Date != ""
	}
	if withSource {
		t.head = append(t.head, l.t("col.source"), l.t("col.date"))
		t.num = append(t.num, false, false)
		for i, in := range r.Inputs {
			t.rows[i] = append(t.rows[i], in.Source, in.Date)
		}
	}
	return t
}

// statusTable counts map villages by signal status, with those without
// land access among them: signal and land access are two questions.
func (l locale) statusTable(m *MapData) textTable {
	t := textTable{head: []string{l.t("col.status"), l.t("col.villages"), l.t("col.of_which_no_land")}, num: []bool{false, true, true}}
	var n, noLand [3]int
	for _, v := range m.Villages {
		k := 2
		switch v.Status {
		case StatusCovered, StatusNoLandAccess: // the older status had signal
			k = 0
		case StatusBlankSpot:
			k = 1
		}
		n[k]++
		if v.NoLandAccess || v.Status == StatusNoLandAccess {
			noLand[k]++
		}
	}
	for k, s := range []string{StatusCovered, StatusBlankSpot, ""} {
		if k == 2 && n[2] == 0 {
			continue
		}
		t.rows = append(t.rows, []string{l.statusName(s), l.int(n[k]), l.int(noLand[k])})
	}
	t.foot = []string{l.t("val.total"), l.int(n[0] + n[1] + n[2]), l.int(noLand[0] + noLand[1] + noLand[2])}
	return t
}

// roleName is a layer role in the report's language; unknown roles as
// they are.
func (l locale) roleName(role string) string {
	if l.has("role." + role) {
		return l.t("role." + role)
	}
	if y, ok := strings.CutPrefix(role, "survey "); ok {
		return l.tf("role.survey", y)
	}
	return role
}
