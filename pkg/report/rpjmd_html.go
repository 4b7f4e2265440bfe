package report

import (
	"io"
	"strings"
)

// pageCSS keeps the page readable on a phone: a fluid column, tables that
// scroll sideways instead of overflowing, SVG scaled to the width.
const pageCSS = `:root{color-scheme:light}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0 auto;max-width:64rem;padding:1rem;line-height:1.45;color:#1a1a1a;background:#ffffff}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid #dddddd;padding-bottom:.2rem}
h3{font-size:1rem;margin:.4rem 0}
.region{font-size:1.1rem;margin:.2rem 0}
.meta{color:#555555;font-size:.9rem;margin:.2rem 0}
.notes{background:#fff4ce;border:2px solid #e0a800;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.notes ul{margin:.3rem 0;padding-left:1.2rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.4rem 0}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #dddddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.n{text-align:right;white-space:nowrap}
tfoot td{font-weight:bold}
svg{display:block;width:100%;height:auto}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
figure{margin:0}
figure.mapfig svg.map{max-height:90vh;border:1px solid #dddddd;background:#f7fbff}
ul.legend{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem}
ul.legend li{display:flex;align-items:center;gap:.3rem}
ul.legend svg{display:inline-block;width:auto;height:1rem}
.caption{color:#555555;font-size:.85rem}
footer{margin-top:2rem;color:#777777;font-size:.8rem}
.kicker{text-transform:uppercase;letter-spacing:.06em;color:#555555;font-size:.8rem;margin:0}
.lead p{font-size:1.02rem;margin:.5rem 0}
.scroll th:first-child,.scroll td:first-child{position:sticky;left:0;background:#ffffff;z-index:1}
.scroll th:first-child{background:#f3f3f3}
td.w{min-width:14rem}
@media (max-width:40rem){.scroll th:first-child,.scroll td:first-child{max-width:9.5rem}td.w{min-width:11rem}}
@page{size:A4;margin:12mm}
@media print{
body{max-width:none;padding:0;font-size:9pt}
.scroll{overflow:visible}
table{width:100%;font-size:7pt}
tr{break-inside:avoid}
th,td{padding:.1rem .2rem}
.n{white-space:normal}
td.w{min-width:0}
.scroll th:first-child,.scroll td:first-child{position:static}
h2,h3{break-after:avoid}
.charts{grid-template-columns:repeat(2,1fr)}
figure{break-inside:avoid}
figure.mapfig svg.map{max-height:none}
}
`

// cellHTML escapes a cell and turns its line breaks into <br>.
func cellHTML(s string) string {
	return strings.ReplaceAll(h(s), "\n", "<br>")
}

func (t textTable) writeHTML(b *strings.Builder, l locale) {
	if len(t.rows) == 0 {
		b.WriteString("<p>" + h(l.t("val.no_data")) + "</p>\n")
		return
	}
	cls := func(i int) string {
		if i < len(t.num) && t.num[i] {
			return ` class="n"`
		}
		return ""
	}
	// long text (reasons, village lists) gets a wider column, so that on
	// a phone a row does not grow tall and narrow
	tdCls := func(i int, c string) string {
		if i < len(t.num) && t.num[i] {
			return ` class="n"`
		}
		if i > 0 && len([]rune(c)) > 40 {
			return ` class="w"`
		}
		return ""
	}
	b.WriteString("<div class=\"scroll\"><table>\n<thead><tr>")
	for i, c := range t.head {
		b.WriteString("<th" + cls(i) + ">" + l.foreign(cellHTML(c), "<em>", "</em>") + "</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for ri, r := range t.rows {
		if ri < len(t.ids) && t.ids[ri] >= 0 {
			b.WriteString("<tr data-i=\"" + itoa(t.ids[ri]) + "\">")
		} else {
			b.WriteString("<tr>")
		}
		for i, c := range r {
			b.WriteString("<td" + tdCls(i, c) + ">" + l.foreign(cellHTML(c), "<em>", "</em>") + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n")
	if t.foot != nil {
		b.WriteString("<tfoot><tr>")
		for i, c := range t.foot {
			b.WriteString("<td" + cls(i) + ">" + l.foreign(cellHTML(c), "<em>", "</em>") + "</td>")
		}
		b.WriteString("</tr></tfoot>\n")
	}
	b.WriteString("</table></div>\n")
}

// WriteHTML writes the report as one self-contained HTML page: inline CSS,
// SVG and script (the explorable map), no external resources. Every
// string from the data is escaped.
func WriteHTML(w io.Writer, r *Report) error {
	l, err := newLocale(r.Lang)
	if err != nil {
		return err
	}
	y := itoa(r.latestYear())
	var b strings.Builder
	title := r.Title
	if r.Region != "" {
		if title != "" {
			title += " — "
		}
		title += r.Region
	}
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + l.lang + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + h(title) + "</title>\n<style>\n" + pageCSS + mapCSS + "</style>\n</head>\n<body>\n")
	doc, vx := l.reportMap(r)

	b.WriteString("<header>\n<p class=\"kicker\">" + h(l.t("meta.kicker")) + "</p>\n<h1>" + h(r.Title) + "</h1>\n")
	if r.Region != "" {
		b.WriteString("<p class=\"region\">" + h(r.Region) + "</p>\n")
	}
	meta := h(l.t("meta.years")) + ": " + h(l.yearsRange(r.Years))
	if r.Model != "" {
		meta += " · " + h(l.t("meta.model")) + ": " + h(r.Model)
	}
	if r.Stamp != "" {
		meta += " · " + h(l.t("meta.stamp")) + ": " + h(r.Stamp)
	}
	b.WriteString("<p class=\"meta\">" + meta + "</p>\n")
	if pub := l.publisherLine(r); pub != "" {
		b.WriteString("<p class=\"meta\">" + h(pub) + "</p>\n")
	}
	b.WriteString("</header>\n")

	if len(r.Notes) > 0 {
		b.WriteString("<div class=\"notes\" role=\"note\"><strong>" + h(l.t("sec.notes")) + "</strong>\n<ul>\n")
		for _, n := range r.Notes {
			b.WriteString("<li>" + cellHTML(n) + "</li>\n")
		}
		b.WriteString("</ul></div>\n")
	}

	if text := l.summaryText(r); len(text) > 0 {
		b.WriteString("<section id=\"overview\" class=\"lead\">\n")
		for _, p := range text {
			b.WriteString("<p>" + l.foreign(h(p), "<em>", "</em>") + "</p>\n")
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("<section id=\"summary\">\n<h2>" + h(l.tf("sec.summary", l.yearLabel(r, r.latestYear()))) + "</h2>\n")
	l.summaryTable(r).writeHTML(&b, l)
	b.WriteString("</section>\n")

	b.WriteString("<section id=\"indicators\">\n<h2>" + h(l.t("sec.indicators")) + "</h2>\n")
	l.yearTable(r).writeHTML(&b, l)
	b.WriteString("</section>\n")

	b.WriteString("<section id=\"charts\">\n<h2>" + h(l.t("sec.charts")) + "</h2>\n")
	if len(r.Indicators) == 0 {
		b.WriteString("<p>" + h(l.t("val.no_data")) + "</p>\n")
	} else {
		b.WriteString(l.chartLegendHTML() + "\n<div class=\"charts\">\n")
		for i := range r.Indicators {
			s := &r.Indicators[i]
			b.WriteString("<figure>\n<h3>" + h(l.indicatorName(s.Key)) + "</h3>\n")
			b.WriteString(l.chartSVG(s, r.Years, r.ActualUntil))
			b.WriteString("\n</figure>\n")
		}
		b.WriteString("</div>\n")
	}
	b.WriteString("</section>\n")

	mapTitle := l.tf("sec.map", y)
	b.WriteString("<section id=\"map\">\n<h2>" + h(mapTitle) + "</h2>\n")
	b.WriteString(l.interactiveMap(&r.Map, doc, l.mapSVG(&r.Map, mapTitle), l.mapLegendFor(&r.Map), "<p class=\"caption\">"+h(l.t("map.caption"))+"</p>", r.latestYear()))
	l.statusTable(&r.Map).writeHTML(&b, l)
	b.WriteString("</section>\n")
	l.writeGroundHTML(&b, r, vx)
	l.writeReachHTML(&b, r)

	for _, s := range []struct {
		id, title string
		t         textTable
	}{
		{"kecamatan", l.tf("sec.kecamatan", y), l.kecamatanTable(r)},
		{"priorities", l.tf("sec.priorities", y), l.linkPriorities(r, vx, l.priorityTable(r))},
		{"proposed", l.tf("sec.proposed", y), l.linkProposed(r, l.proposedTable(r))},
	} {
		if s.id == "proposed" && len(r.NoLandAccess) > 0 {
			b.WriteString("<section id=\"river\">\n<h2>" + h(l.tf("sec.river", y)) + "</h2>\n")
			t := l.riverTable(r)
			for _, v := range r.NoLandAccess {
				t.ids = append(t.ids, vx.find("", v.Name, v.Kecamatan))
			}
			t.writeHTML(&b, l)
			b.WriteString("</section>\n")
		}
		b.WriteString("<section id=\"" + s.id + "\">\n<h2>" + h(s.title) + "</h2>\n")
		s.t.writeHTML(&b, l)
		b.WriteString("</section>\n")
	}
	if r.Costs != nil {
		b.WriteString("<section id=\"costs\">\n<h2>" + h(l.tf("sec.costs", y)) + "</h2>\n")
		b.WriteString("<p>" + l.foreign(h(l.costNote(r.Costs)), "<em>", "</em>") + "</p>\n")
		l.costTable(r).writeHTML(&b, l)
		b.WriteString("</section>\n")
	}
	b.WriteString("<section id=\"definitions\">\n<h2>" + h(l.t("sec.definitions")) + "</h2>\n<ul>\n")
	for _, d := range l.definitions(r) {
		b.WriteString("<li>" + l.foreign(h(d), "<em>", "</em>") + "</li>\n")
	}
	b.WriteString("</ul>\n")
	if len(r.Method.Capitals) > 0 {
		b.WriteString("<h3>" + h(l.t("sec.capitals")) + "</h3>\n")
		l.capitalTable(r).writeHTML(&b, l)
	}
	b.WriteString("</section>\n")
	b.WriteString("<section id=\"inputs\">\n<h2>" + h(l.t("sec.inputs")) + "</h2>\n")
	l.inputTable(r).writeHTML(&b, l)
	b.WriteString("</section>\n")
	b.WriteString("<footer>" + h(l.t("meta.footer")) + "</footer>\n<script>\n" + mapJS + "</script>\n</body>\n</html>\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// linkPriorities links each priority row to its village on the map.
func (l locale) linkPriorities(r *Report, vx villageIndex, t textTable) textTable {
	for _, p := range r.Priorities {
		t.ids = append(t.ids, vx.find(p.ID, p.Name, p.Kecamatan))
	}
	return t
}

// linkProposed links each proposed-site row to its diamond on the map
// (after the base row, when there is one).
func (l locale) linkProposed(r *Report, t textTable) textTable {
	if r.PlanBase != nil {
		t.ids = append(t.ids, -1)
	}
	n := len(r.Map.Villages) + len(r.Map.Sites)
	for i := range r.Proposed {
		if i < len(r.Map.Proposed) {
			t.ids = append(t.ids, n+i)
		} else {
			t.ids = append(t.ids, -1)
		}
	}
	return t
}
