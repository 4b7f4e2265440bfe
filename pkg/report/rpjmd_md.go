package report

import (
	"io"
	"strings"
)

// mdText escapes data for Markdown: a backslash before every character
// that could start emphasis, a link, code, raw HTML or an entity, or end a
// table cell (CommonMark §2.4 allows it before any ASCII punctuation; GFM
// tables honour "\|"). Line breaks become " · " so a cell stays on its
// row.
func mdText(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '#', '!':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '\n':
			b.WriteString(" · ")
		case '\r':
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (t textTable) writeMarkdown(b *strings.Builder, l locale) {
	if len(t.rows) == 0 {
		b.WriteString(mdText(l.t("val.no_data")) + "\n\n")
		return
	}
	b.WriteString("|")
	for _, c := range t.head {
		b.WriteString(" " + l.foreign(mdText(c), "*", "*") + " |")
	}
	b.WriteString("\n|")
	for i := range t.head {
		if i < len(t.num) && t.num[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	row := func(r []string, bold bool) {
		b.WriteString("|")
		for _, c := range r {
			c = l.foreign(mdText(c), "*", "*")
			if bold && c != "" {
				c = "**" + c + "**"
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	for _, r := range t.rows {
		row(r, false)
	}
	if t.foot != nil {
		row(t.foot, true)
	}
	b.WriteString("\n")
}

// WriteMarkdown writes the report as GitHub/GitLab-flavoured Markdown for
// CI artefacts: headings and pipe tables, no HTML. The map and the charts
// are left to the HTML report; the map section lists villages per status.
func WriteMarkdown(w io.Writer, r *Report) error {
	l, err := newLocale(r.Lang)
	if err != nil {
		return err
	}
	y := itoa(r.latestYear())
	var b strings.Builder
	b.WriteString("*" + mdText(l.t("meta.kicker")) + "*\n\n# " + mdText(r.Title) + "\n\n")
	if r.Region != "" {
		b.WriteString("**" + mdText(r.Region) + "**\n\n")
	}
	b.WriteString("- " + mdText(l.t("meta.years")) + ": " + mdText(l.yearsRange(r.Years)) + "\n")
	if r.Model != "" {
		b.WriteString("- " + mdText(l.t("meta.model")) + ": " + mdText(r.Model) + "\n")
	}
	if r.Stamp != "" {
		b.WriteString("- " + mdText(l.t("meta.stamp")) + ": " + mdText(r.Stamp) + "\n")
	}
	if r.Publisher != "" {
		b.WriteString("- " + mdText(l.t("meta.publisher")) + ": " + mdText(r.Publisher) + "\n")
	}
	if r.Date != "" {
		b.WriteString("- " + mdText(l.t("meta.date")) + ": " + mdText(r.Date) + "\n")
	}
	b.WriteString("\n")
	if len(r.Notes) > 0 {
		b.WriteString("> **" + mdText(l.t("sec.notes")) + "**\n>\n")
		for _, n := range r.Notes {
			b.WriteString("> - " + mdText(n) + "\n")
		}
		b.WriteString("\n")
	}
	for _, p := range l.summaryText(r) {
		b.WriteString(l.foreign(mdText(p), "*", "*") + "\n\n")
	}
	sections := []struct {
		title string
		t     textTable
	}{
		{l.tf("sec.summary", l.yearLabel(r, r.latestYear())), l.summaryTable(r)},
		{l.t("sec.indicators"), l.yearTable(r)},
		{l.tf("sec.map", y), l.statusTable(&r.Map)},
		{l.tf("sec.kecamatan", y), l.kecamatanTable(r)},
		{l.tf("sec.priorities", y), l.priorityTable(r)},
		{l.tf("sec.proposed", y), l.proposedTable(r)},
	}
	if len(r.NoLandAccess) > 0 {
		sections = append(sections[:len(sections)-1], struct {
			title string
			t     textTable
		}{l.tf("sec.river", y), l.riverTable(r)}, sections[len(sections)-1])
	}
	for i, s := range sections {
		b.WriteString("## " + mdText(s.title) + "\n\n")
		s.t.writeMarkdown(&b, l)
		if i == 2 { // after the map's status table
			l.writeGroundMarkdown(&b, r)
			l.writeReachMarkdown(&b, r)
		}
	}
	if r.Costs != nil {
		b.WriteString("## " + mdText(l.tf("sec.costs", y)) + "\n\n" + l.foreign(mdText(l.costNote(r.Costs)), "*", "*") + "\n\n")
		l.costTable(r).writeMarkdown(&b, l)
	}
	b.WriteString("## " + mdText(l.t("sec.definitions")) + "\n\n")
	for _, d := range l.definitions(r) {
		b.WriteString("- " + l.foreign(mdText(d), "*", "*") + "\n")
	}
	b.WriteString("\n")
	if len(r.Method.Capitals) > 0 {
		b.WriteString("### " + mdText(l.t("sec.capitals")) + "\n\n")
		l.capitalTable(r).writeMarkdown(&b, l)
	}
	b.WriteString("## " + mdText(l.t("sec.inputs")) + "\n\n")
	l.inputTable(r).writeMarkdown(&b, l)
	b.WriteString("---\n\n" + mdText(l.t("meta.footer")) + "\n")
	_, err = io.WriteString(w, b.String())
	return err
}
