package report

import (
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// WriteFeaturesHTML writes analysis rows (coverage, gaps, access, rank,
// plan) as one self-contained HTML page: the explorable map of the rows'
// geometries and every property in a sortable, filterable table whose
// rows are linked to the map. Areas and points become villages coloured
// by "covered" (else by "land_access"); points of a plan ("candidate")
// become proposed sites. Labels are English (lang "en") or Indonesian.
// Each extra layer (a plan's villages) is drawn on the same map and
// listed in a table of its own below the rows, linked to the map too.
func WriteFeaturesHTML(w io.Writer, title, lang string, fs []*geoio.Feature, extra ...HTMLLayer) error {
	l, err := newLocale(lang)
	if err != nil {
		return err
	}
	t := FromFeatures(fs)
	var m MapData
	var vfs, pfs []int // features drawn as villages, as proposed sites
	// the extra layers' features follow the rows' in one numbering
	all := fs
	for _, x := range extra {
		all = append(all[:len(all):len(all)], x.Features...)
	}
	for i, f := range all {
		if f == nil || f.Geometry == nil {
			continue
		}
		_, plan := f.Properties.Get("candidate")
		plan = plan && i < len(fs)
		switch g := f.Geometry.(type) {
		case orb.Point:
			if plan {
				m.Proposed = append(m.Proposed, g)
				pfs = append(pfs, i)
				continue
			}
		case orb.Polygon, orb.MultiPolygon, orb.MultiPoint:
		default:
			continue
		}
		m.Villages = append(m.Villages, MapVillage{Name: propText(f, "name"), Geometry: f.Geometry, Status: featureStatus(f)})
		vfs = append(vfs, i)
	}
	d := l.newMapDoc()
	rowItem := make([]int, len(all))
	for i := range rowItem {
		rowItem[i] = -1
	}
	for k, i := range vfs {
		f := all[i]
		it := mapItem{N: m.Villages[k].Name, C: statusKey(m.Villages[k].Status), K: propText(f, "kecamatan"), F: featureFacts(f)}
		if it.N == "" {
			it.N = l.t("col.village") + " " + itoa(i+1)
		}
		if v, ok := f.Properties.Get("land_access"); ok && v == false {
			m.Villages[k].NoLandAccess = true
		}
		d.Items = append(d.Items, it)
		rowItem[i] = k
	}
	for k, i := range pfs {
		f := all[i]
		name := l.t("map.proposed_one")
		if r := propText(f, "rank"); r != "" {
			name += " " + r
		}
		it := mapItem{N: name, K: propText(f, "kecamatan"), F: featureFacts(f)}
		p := m.Proposed[k]
		it.F = append(it.F, [2]string{l.t("tip.position"), l.coord(p[1]) + "; " + l.coord(p[0])})
		d.Items = append(d.Items, it)
		rowItem[i] = len(m.Villages) + k
	}

	var b strings.Builder
	l.pageHead(&b, title, len(fs))
	if len(d.Items) > 0 {
		b.WriteString("<section id=\"map\">\n")
		b.WriteString(l.interactiveMap(&m, d, l.mapSVG(&m, title), l.mapLegendFor(&m), "", 0))
		b.WriteString("</section>\n")
	}
	l.rowsTable(&b, t, rowItem[:len(fs)], "kkrows", "")
	off := len(fs)
	for k, x := range extra {
		l.rowsTable(&b, FromFeatures(x.Features), rowItem[off:off+len(x.Features)], "kkrows"+itoa(k+2), x.Title)
		off += len(x.Features)
	}
	b.WriteString("<footer>" + h(l.t("meta.footer")) + "</footer>\n<script>\n" + mapJS + "</script>\n</body>\n</html>\n")
	_, err = io.WriteString(w, b.String())
	return err
}

// HTMLLayer is a layer shown beside a page's rows: drawn on its map and
// listed in a table of its own under Title.
type HTMLLayer struct {
	Title    string
	Features []*geoio.Feature
}

// WriteTableHTML writes a table without geometry (a summary by
// kecamatan) as a self-contained page with the sortable, filterable table.
func WriteTableHTML(w io.Writer, title, lang string, t *Table) error {
	l, err := newLocale(lang)
	if err != nil {
		return err
	}
	var b strings.Builder
	l.pageHead(&b, title, len(t.Rows))
	l.rowsTable(&b, t, nil, "kkrows", "")
	b.WriteString("<footer>" + h(l.t("meta.footer")) + "</footer>\n<script>\n" + mapJS + "</script>\n</body>\n</html>\n")
	_, err = io.WriteString(w, b.String())
	return err
}

func (l locale) pageHead(b *strings.Builder, title string, rows int) {
	b.WriteString("<!DOCTYPE html>\n<html lang=\"" + l.lang + "\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + h(title) + "</title>\n<style>\n" + pageCSS + mapCSS + "</style>\n</head>\n<body>\n")
	b.WriteString("<header>\n<h1>" + h(title) + "</h1>\n<p class=\"meta\">" + h(l.int(rows)+" "+l.t("tbl.rows")) + "</p>\n</header>\n")
}

// rowsTable writes the rows with a filter box as the table id, under a
// heading when title is given; rowItem links row i to map item
// rowItem[i] (-1: none; nil: no map).
func (l locale) rowsTable(b *strings.Builder, t *Table, rowItem []int, id, title string) {
	sec := "rows"
	if id != "kkrows" {
		sec = "rows-" + id
	}
	b.WriteString("<section id=\"" + sec + "\">\n")
	if title != "" {
		b.WriteString("<h2>" + h(title) + "</h2>\n")
	}
	b.WriteString(`<div class="kkfilter"><label>` + h(l.t("tbl.filter")) + ` <input type="search" data-filter="` + id + `" aria-controls="` + id + `"></label> <span><output data-count="` + id + `">` + itoa(len(t.Rows)) + `</output> ` + h(l.t("tbl.rows")) + `</span> <span class="caption">` + h(l.t("tbl.sort")) + `</span></div>` + "\n")
	num := t.numericColumns()
	b.WriteString("<div class=\"scroll\"><table class=\"kktable\" id=\"" + id + "\">\n<thead><tr>")
	for i, c := range t.Columns {
		cls := ""
		if num[i] {
			cls = ` class="n"`
		}
		b.WriteString(`<th` + cls + ` aria-sort="none"><button type="button">` + h(c) + `</button></th>`)
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for ri, r := range t.Rows {
		if ri < len(rowItem) && rowItem[ri] >= 0 {
			b.WriteString(`<tr data-i="` + itoa(rowItem[ri]) + `">`)
		} else {
			b.WriteString("<tr>")
		}
		for i, v := range r {
			c := Cell(v)
			switch {
			case num[i]:
				b.WriteString(`<td class="n">` + h(c) + `</td>`)
			case len([]rune(c)) > 40:
				b.WriteString(`<td class="w">` + h(c) + `</td>`)
			default:
				b.WriteString(`<td>` + h(c) + `</td>`)
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table></div>\n</section>\n")
}

// propText is a property as text, "" when absent.
func propText(f *geoio.Feature, key string) string {
	v, ok := f.Properties.Get(key)
	if !ok {
		return ""
	}
	return Cell(v)
}

// featureStatus reads a row's map status: signal when the row says
// ("covered"), else land access ("land_access": false), else other.
func featureStatus(f *geoio.Feature) string {
	if v, ok := f.Properties.Get("covered"); ok {
		if b, isBool := v.(bool); isBool {
			if b {
				return StatusCovered
			}
			return StatusBlankSpot
		}
	}
	if v, ok := f.Properties.Get("land_access"); ok && v == false {
		return StatusNoLandAccess
	}
	return "other"
}

// tooltipFields are the properties the map's tooltip shows, in order,
// when a row has them.
var tooltipFields = []string{"id", "population", "covered_share", "travel_time_min", "time_to_kecamatan_min", "remoteness_min",
	"mode", "rank", "score", "reason", "intervention", "candidate", "gain_population", "cumulative_share", "villages_newly_covered",
	"best_site", "best_tech", "distance_m", "covered_by_rank"}

func featureFacts(f *geoio.Feature) [][2]string {
	var out [][2]string
	for _, k := range tooltipFields {
		v, ok := f.Properties.Get(k)
		if !ok || v == nil {
			continue
		}
		if x, isF := v.(float64); isF && (math.IsNaN(x) || math.IsInf(x, 0)) {
			continue
		}
		if s := Cell(v); s != "" {
			out = append(out, [2]string{k, s})
		}
	}
	return out
}
