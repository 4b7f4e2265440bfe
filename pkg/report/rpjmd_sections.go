package report

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// projected says whether year y is a projection (after ActualUntil).
func (r *Report) projected(y int) bool { return r.ActualUntil > 0 && y > r.ActualUntil }

// yearLabel is a year, marked when it is a projection.
func (l locale) yearLabel(r *Report, y int) string {
	if r.projected(y) {
		return l.tf("val.projected", itoa(y))
	}
	return itoa(y)
}

// summaryText is the written summary at the top of the report: one
// sentence per indicator with a target in the latest year, the
// blank-spot villages by name, the priorities and the plan. Every number
// comes from the report's own data.
func (l locale) summaryText(r *Report) []string {
	y := r.latestYear()
	var out []string
	lead := l.tf("sum.lead", l.yearLabel(r, y))
	var parts []string
	for i := range r.Indicators {
		s := &r.Indicators[i]
		v, ok := s.valueIn(y)
		if !ok || v.Target == nil || v.Met == nil {
			continue
		}
		val := l.indicatorValue(s, v.Value)
		verdict := "sum.missed"
		if *v.Met {
			verdict = "sum.met"
		}
		parts = append(parts, l.tf("sum.indicator", lowerFirst(l.indicatorName(s.Key)), val, l.tf(verdict, l.targetText(s, v))))
	}
	if len(parts) > 0 {
		out = append(out, lead+" "+strings.Join(parts, "; ")+".")
	}
	var blank []string
	for _, v := range r.Map.Villages {
		if v.Status == StatusBlankSpot {
			blank = append(blank, v.Name)
		}
	}
	switch {
	case len(blank) == 0 && len(r.Map.Villages) > 0:
		out = append(out, l.t("sum.no_blank"))
	case len(blank) > 0 && len(blank) <= 10:
		out = append(out, l.tf("sum.blank", l.int(len(blank)), l.list(blank)))
	case len(blank) > 10:
		out = append(out, l.tf("sum.blank_many", l.int(len(blank))))
	}
	if s := l.groundSummary(r); s != "" {
		out = append(out, s)
	}
	if n := len(r.Priorities); n > 0 {
		out = append(out, l.tf("sum.priorities", l.int(n), r.Priorities[0].Name))
	}
	if b, n := r.PlanBase, len(r.Proposed); b != nil && n > 0 {
		last := r.Proposed[n-1]
		s := l.tf("sum.plan", l.int(n), l.num(last.PopulationWithSignal-b.PopulationWithSignal, 0),
			l.num(last.PopulationWithSignal, 0), l.pct(last.ShareWithSignal))
		if d := last.VillagesWithSignal - b.VillagesWithSignal; d > 0 {
			s += " " + l.tf("sum.plan_villages", l.int(d))
		} else if len(blank) > 0 {
			s += " " + l.t("sum.plan_no_villages")
		}
		out = append(out, s)
	}
	if c := r.Costs; c != nil {
		if t := c.Total(); t.PriorityCost+t.ProposedCost > 0 {
			out = append(out, l.tf("sum.costs", l.money(c, t.PriorityCost), l.money(c, t.ProposedCost)))
		}
	}
	return out
}

// list joins names: "a, b dan c" / "a, b and c".
func (l locale) list(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + l.t("word.and") + " " + names[len(names)-1]
}

// money is an amount in the scenario's currency.
func (l locale) money(c *Costs, v float64) string {
	if math.IsNaN(v) || c == nil {
		return l.t("val.none")
	}
	s := l.num(v, 0)
	if c.Currency != "" {
		s = c.Currency + " " + s
	}
	return s
}

// definitions say what the figures mean: what "has signal" is for a
// village, an office, a population; where the capitals are; which years
// are projections.
func (l locale) definitions(r *Report) []string {
	m := r.Method
	var out []string
	model := m.Model
	if model == "" {
		model = r.Model
	}
	if model != "" {
		out = append(out, l.tf("def.model", model))
	}
	if m.SampleM > 0 {
		out = append(out, l.tf("def.village", l.pctTarget(m.MinShare), l.num(m.SampleM, 0)))
	}
	if m.ThresholdDBm != nil {
		out = append(out, l.tf("def.threshold", l.num(*m.ThresholdDBm, 0)))
	}
	out = append(out, l.t("def.point"))
	if m.PopulationRaster != "" {
		year := l.t("val.none")
		if m.PopulationYear > 0 {
			year = itoa(m.PopulationYear)
		}
		out = append(out, l.tf("def.pop_raster", m.PopulationRaster, year, l.num(m.DemandCellM, 0)))
	} else if m.Settlements {
		out = append(out, l.t("def.pop_settlements"))
	} else if m.SampleM > 0 {
		out = append(out, l.t("def.pop_area"))
	}
	out = append(out, l.t("def.blank"), l.t("def.4g"))
	if r.ActualUntil > 0 {
		out = append(out, l.tf("def.projected", itoa(r.ActualUntil)))
	}
	if len(r.Proposed) > 0 {
		out = append(out, l.t("def.plan"))
	}
	return out
}

// capitalTable lists the kecamatan capitals, the village each lies in and
// its signal.
func (l locale) capitalTable(r *Report) textTable {
	t := textTable{head: []string{l.t("col.kecamatan"), l.t("col.capital_village"), l.t("col.signal"), l.t("col.4g")},
		num: []bool{false, false, false, false}}
	yes := func(b bool) string {
		if b {
			return l.t("val.yes")
		}
		return l.t("val.no")
	}
	for _, c := range r.Method.Capitals {
		t.rows = append(t.rows, []string{c.Kecamatan, c.Village, yes(c.Signal), yes(c.Has4G)})
	}
	return t
}

// costTable is what the priority villages and the proposed sites would
// cost, per kecamatan.
func (l locale) costTable(r *Report) textTable {
	c := r.Costs
	t := textTable{head: []string{l.t("col.kecamatan"), l.t("col.cost_priorities_n"), l.t("col.cost_priorities"),
		l.t("col.cost_proposed_n"), l.t("col.cost_proposed"), l.t("col.cost_total")},
		num: []bool{false, true, true, true, true, true}}
	if c == nil {
		return t
	}
	row := func(k CostRow, name string) []string {
		return []string{name, l.int(k.PriorityVillages), l.money(c, k.PriorityCost), l.int(k.ProposedSites),
			l.money(c, k.ProposedCost), l.money(c, k.PriorityCost+k.ProposedCost)}
	}
	for _, k := range c.ByKecamatan {
		t.rows = append(t.rows, row(k, k.Kecamatan))
	}
	t.foot = row(c.Total(), l.t("val.total"))
	return t
}

// costNote gives the unit costs and the funding source.
func (l locale) costNote(c *Costs) string {
	s := l.tf("cost.units", l.money(c, c.MacroBTS), l.money(c, c.SmallCell), l.money(c, c.VSAT))
	if c.Funding != "" {
		s += " " + l.tf("cost.funding", c.Funding)
	}
	return s
}

// publisherLine is "Diterbitkan oleh X · Tanggal Y", or "".
func (l locale) publisherLine(r *Report) string {
	var parts []string
	if r.Publisher != "" {
		parts = append(parts, l.t("meta.publisher")+": "+r.Publisher)
	}
	if r.Date != "" {
		parts = append(parts, l.t("meta.date")+": "+r.Date)
	}
	return strings.Join(parts, " · ")
}

// riverTable lists the villages without land access and how each is or
// could be connected.
func (l locale) riverTable(r *Report) textTable {
	t := textTable{head: []string{l.t("col.village"), l.t("col.kecamatan"), l.t("col.signal"), l.t("col.travel_time"), l.t("col.option")},
		num: []bool{false, false, false, true, false}}
	for _, v := range r.NoLandAccess {
		sig := l.t("val.no")
		if v.Signal {
			sig = l.t("val.yes")
		}
		opt := l.t("opt.signal")
		if v.Option != "signal" {
			opt = l.interventionName(v.Option)
		}
		t.rows = append(t.rows, []string{v.Name, v.Kecamatan, sig, l.duration(v.TravelTimeMin * 60), opt})
	}
	return t
}

// lowerFirst lowers the first letter, for a name inside a sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
