package report

import (
	"sort"
	"strings"
)

// reachTimes are the travel times of the Reach rows, ascending.
func (r *Report) reachTimes() []float64 {
	seen := map[float64]bool{}
	var ts []float64
	for _, x := range r.Reach {
		if !seen[x.Minutes] {
			seen[x.Minutes] = true
			ts = append(ts, x.Minutes)
		}
	}
	sort.Float64s(ts)
	return ts
}

// reachTable has a row per kecamatan capital's catchment, the total last,
// and per time the people within it (with their share) and the villages.
func (l locale) reachTable(r *Report) textTable {
	times := r.reachTimes()
	t := textTable{head: []string{l.t("col.kecamatan")}, num: []bool{false}}
	for _, m := range times {
		t.head = append(t.head, l.tf("col.reach_pop", l.num(m, 0)), l.tf("col.reach_villages", l.num(m, 0)))
		t.num = append(t.num, true, true)
	}
	type key struct {
		k string
		m float64
	}
	rows := map[key]ReachRow{}
	seen := map[string]bool{"": true} // the total goes in the foot
	var names []string
	for _, x := range r.Reach {
		if !seen[x.Kecamatan] {
			seen[x.Kecamatan] = true
			names = append(names, x.Kecamatan)
		}
		rows[key{x.Kecamatan, x.Minutes}] = x
	}
	sort.Strings(names)
	row := func(k, label string) []string {
		out := []string{label}
		for _, m := range times {
			x, ok := rows[key{k, m}]
			if !ok {
				out = append(out, l.t("val.none"), l.t("val.none"))
				continue
			}
			out = append(out, l.shareOf(x.Population, x.TotalPopulation, 0), l.int(x.Villages)+" / "+l.int(x.TotalVillages))
		}
		return out
	}
	for _, n := range names {
		t.rows = append(t.rows, row(n, n))
	}
	t.foot = row("", l.t("val.total"))
	return t
}

// reachNote says what the reach table measures.
func (l locale) reachNote(r *Report) string {
	return l.tf("reach.note", l.num(r.ReachCellM, 0))
}

// writeReachHTML writes the travel-time reach section.
func (l locale) writeReachHTML(b *strings.Builder, r *Report) {
	if len(r.Reach) == 0 {
		return
	}
	b.WriteString("<section id=\"reach\">\n<h2>" + h(l.t("sec.reach")) + "</h2>\n<p>" + h(l.reachNote(r)) + "</p>\n")
	l.reachTable(r).writeHTML(b, l)
	b.WriteString("</section>\n")
}

// writeReachMarkdown writes the travel-time reach section.
func (l locale) writeReachMarkdown(b *strings.Builder, r *Report) {
	if len(r.Reach) == 0 {
		return
	}
	b.WriteString("## " + mdText(l.t("sec.reach")) + "\n\n" + mdText(l.reachNote(r)) + "\n\n")
	l.reachTable(r).writeMarkdown(b, l)
}

type jsonReach struct {
	Kecamatan       *string `json:"kecamatan"`
	Minutes         jnum    `json:"minutes"`
	Population      jnum    `json:"population"`
	TotalPopulation jnum    `json:"total_population"`
	Villages        int     `json:"villages"`
	TotalVillages   int     `json:"total_villages"`
}

func reachJSON(rs []ReachRow) []jsonReach {
	out := []jsonReach{}
	for _, x := range rs {
		var k *string
		if x.Kecamatan != "" {
			name := x.Kecamatan
			k = &name
		}
		out = append(out, jsonReach{k, jnum(x.Minutes), jnum(x.Population), jnum(x.TotalPopulation), x.Villages, x.TotalVillages})
	}
	return out
}

// reachTables is the reach as a workbook sheet.
func (r *Report) reachTables() []NamedTable {
	if len(r.Reach) == 0 {
		return nil
	}
	t := &Table{Columns: []string{"kecamatan", "minutes", "population", "total_population", "villages", "total_villages"}}
	for _, x := range r.Reach {
		var k any = x.Kecamatan
		if x.Kecamatan == "" {
			k = "total"
		}
		t.Rows = append(t.Rows, []any{k, x.Minutes, x.Population, x.TotalPopulation, x.Villages, x.TotalVillages})
	}
	return []NamedTable{{"travel_time_reach", t}}
}
