package report

import (
	"math"
	"strings"
)

// Where a report's village indicators come from (Report.IndicatorsFrom).
const (
	FromModel  = "model"  // the coverage model (the default)
	FromSurvey = "survey" // a field survey, in the years that have one
	FromBoth   = "both"   // the model, with the survey beside it
)

// GroundYear is the coverage model against a field survey of one year:
// each surveyed village's status by the survey and by the model.
type GroundYear struct {
	Year   int
	Survey string // the survey file as the scenario names it
	// Rows is the survey's rows, Villages the villages they matched;
	// Unmatched rows matched no village (each reported while reading).
	Rows, Villages, Unmatched int
	// NotSurveyed is the villages the survey does not cover.
	NotSurveyed int
	// TP: signal by both, FP: by the model only, FN: by the survey only,
	// TN: by neither.
	TP, FP, FN, TN int
	// Agreement figures (NaN when undefined), filled by the caller.
	Accuracy, Precision, Recall, Kappa float64
	// Disagree are the villages where model and survey differ, sorted by
	// kecamatan and name.
	Disagree []GroundVillage
}

// GroundVillage is one village where model and survey disagree.
type GroundVillage struct {
	ID, Name, Kecamatan string
	Model, Survey       bool    // has signal
	NearestSiteKm       float64 // to the nearest site on air that year; NaN without one
}

// N is the number of villages compared.
func (g GroundYear) N() int { return g.TP + g.FP + g.FN + g.TN }

// groundSentence is one year's agreement in a sentence.
func (l locale) groundSentence(g GroundYear) string {
	return l.tf("ground.line", itoa(g.Year), g.Survey, l.int(g.TP+g.TN), l.int(g.N()), l.pct(g.Accuracy), l.num(g.Kappa, 2))
}

// groundDetails are the year's notes beyond the agreement: the rows left
// out and the villages the survey did not cover.
func (l locale) groundDetails(r *Report, g GroundYear) []string {
	var out []string
	if g.Unmatched > 0 {
		out = append(out, l.tf("ground.unmatched", l.int(g.Unmatched), l.int(g.Rows)))
	}
	if g.NotSurveyed > 0 {
		s := l.tf("ground.not_surveyed", l.int(g.NotSurveyed))
		if r.IndicatorsFrom == FromSurvey || r.IndicatorsFrom == FromBoth {
			s += " " + l.t("ground.not_surveyed_model")
		}
		out = append(out, s)
	}
	switch r.IndicatorsFrom {
	case FromSurvey:
		out = append(out, l.tf("ground.from_survey", itoa(g.Year)))
	case FromBoth:
		out = append(out, l.tf("ground.from_both", itoa(g.Year)))
	}
	return out
}

// confusionTable is the year's 2×2 table: the survey's verdicts down,
// the model's across, with totals.
func (l locale) confusionTable(g GroundYear) textTable {
	t := textTable{head: []string{l.t("col.survey_model"), l.t("col.model_signal"), l.t("col.model_none"), l.t("val.total")},
		num: []bool{false, true, true, true}}
	t.rows = [][]string{
		{l.t("col.survey_signal"), l.int(g.TP), l.int(g.FN), l.int(g.TP + g.FN)},
		{l.t("col.survey_none"), l.int(g.FP), l.int(g.TN), l.int(g.FP + g.TN)},
	}
	t.foot = []string{l.t("val.total"), l.int(g.TP + g.FP), l.int(g.FN + g.TN), l.int(g.N())}
	return t
}

// agreementTable is the agreement figures of every surveyed year.
func (l locale) agreementTable(r *Report) textTable {
	t := textTable{head: []string{l.t("col.year"), l.t("col.survey"), l.t("col.compared"), l.t("col.accuracy"),
		l.t("col.precision"), l.t("col.recall"), l.t("col.kappa")},
		num: []bool{false, false, true, true, true, true, true}}
	for _, g := range r.Ground {
		t.rows = append(t.rows, []string{itoa(g.Year), g.Survey, l.int(g.N()), l.pct(g.Accuracy), l.pct(g.Precision),
			l.pct(g.Recall), l.num(g.Kappa, 2)})
	}
	return t
}

// disagreeTable lists the villages where the year's model and survey
// differ.
func (l locale) disagreeTable(g GroundYear) textTable {
	t := textTable{head: []string{l.t("col.village"), l.t("col.kecamatan"), l.t("col.model"), l.t("col.survey"), l.t("col.nearest_site")},
		num: []bool{false, false, false, false, true}}
	yes := func(b bool) string {
		if b {
			return l.t("val.yes")
		}
		return l.t("val.no")
	}
	for _, v := range g.Disagree {
		d := l.t("val.none")
		if finite(v.NearestSiteKm) {
			d = l.num(v.NearestSiteKm, 1) + " km"
		}
		t.rows = append(t.rows, []string{v.Name, v.Kecamatan, yes(v.Model), yes(v.Survey), d})
	}
	return t
}

// writeGroundHTML writes the "model against survey" section.
func (l locale) writeGroundHTML(b *strings.Builder, r *Report, vx villageIndex) {
	if len(r.Ground) == 0 {
		return
	}
	b.WriteString("<section id=\"ground\">\n<h2>" + h(l.t("sec.ground")) + "</h2>\n")
	b.WriteString("<p>" + h(l.t("ground.intro")) + "</p>\n")
	l.agreementTable(r).writeHTML(b, l)
	for _, g := range r.Ground {
		b.WriteString("<h3>" + h(l.tf("sec.ground_year", itoa(g.Year))) + "</h3>\n")
		b.WriteString("<p>" + h(l.groundSentence(g)) + "</p>\n")
		if d := l.groundDetails(r, g); len(d) > 0 {
			b.WriteString("<ul>\n")
			for _, s := range d {
				b.WriteString("<li>" + h(s) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		}
		l.confusionTable(g).writeHTML(b, l)
		if len(g.Disagree) > 0 {
			b.WriteString("<h4>" + h(l.tf("sec.ground_disagree", itoa(g.Year))) + "</h4>\n")
			t := l.disagreeTable(g)
			for _, v := range g.Disagree {
				t.ids = append(t.ids, vx.find(v.ID, v.Name, v.Kecamatan))
			}
			t.writeHTML(b, l)
		}
	}
	b.WriteString("</section>\n")
}

// writeGroundMarkdown writes the "model against survey" section.
func (l locale) writeGroundMarkdown(b *strings.Builder, r *Report) {
	if len(r.Ground) == 0 {
		return
	}
	b.WriteString("## " + mdText(l.t("sec.ground")) + "\n\n" + mdText(l.t("ground.intro")) + "\n\n")
	l.agreementTable(r).writeMarkdown(b, l)
	for _, g := range r.Ground {
		b.WriteString("### " + mdText(l.tf("sec.ground_year", itoa(g.Year))) + "\n\n" + mdText(l.groundSentence(g)) + "\n\n")
		details := l.groundDetails(r, g)
		for _, s := range details {
			b.WriteString("- " + mdText(s) + "\n")
		}
		if len(details) > 0 {
			b.WriteString("\n")
		}
		l.confusionTable(g).writeMarkdown(b, l)
		if len(g.Disagree) > 0 {
			b.WriteString("#### " + mdText(l.tf("sec.ground_disagree", itoa(g.Year))) + "\n\n")
			l.disagreeTable(g).writeMarkdown(b, l)
		}
	}
}

// groundSummary is the summary's sentence on the latest survey.
func (l locale) groundSummary(r *Report) string {
	if len(r.Ground) == 0 {
		return ""
	}
	g := r.Ground[len(r.Ground)-1]
	return l.tf("sum.ground", itoa(g.Year), l.int(g.TP+g.TN), l.int(g.N()), l.num(g.Kappa, 2))
}

type jsonGround struct {
	Year        int                 `json:"year"`
	Survey      string              `json:"survey"`
	Rows        int                 `json:"rows"`
	Villages    int                 `json:"villages"`
	Unmatched   int                 `json:"unmatched_rows"`
	NotSurveyed int                 `json:"villages_not_surveyed"`
	TP          int                 `json:"tp"`
	FP          int                 `json:"fp"`
	FN          int                 `json:"fn"`
	TN          int                 `json:"tn"`
	Accuracy    *jnum               `json:"accuracy"`
	Precision   *jnum               `json:"precision"`
	Recall      *jnum               `json:"recall"`
	Kappa       *jnum               `json:"kappa"`
	Disagree    []jsonGroundVillage `json:"disagree"`
}

type jsonGroundVillage struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Kecamatan     string `json:"kecamatan"`
	Model         bool   `json:"model_signal"`
	Survey        bool   `json:"survey_signal"`
	NearestSiteKm *jnum  `json:"nearest_site_km"`
}

// finiteNum is v for JSON, nil when NaN or infinite.
func finiteNum(v float64) *jnum {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	j := jnum(v)
	return &j
}

func groundJSON(gs []GroundYear) []jsonGround {
	out := []jsonGround{}
	for _, g := range gs {
		j := jsonGround{Year: g.Year, Survey: g.Survey, Rows: g.Rows, Villages: g.Villages, Unmatched: g.Unmatched, NotSurveyed: g.NotSurveyed,
			TP: g.TP, FP: g.FP, FN: g.FN, TN: g.TN, Accuracy: finiteNum(g.Accuracy), Precision: finiteNum(g.Precision),
			Recall: finiteNum(g.Recall), Kappa: finiteNum(g.Kappa), Disagree: []jsonGroundVillage{}}
		for _, v := range g.Disagree {
			j.Disagree = append(j.Disagree, jsonGroundVillage{v.ID, v.Name, v.Kecamatan, v.Model, v.Survey, finiteNum(v.NearestSiteKm)})
		}
		out = append(out, j)
	}
	return out
}

// groundTables are the surveys as workbook sheets: the agreement per
// year, and the disagreeing villages.
func (r *Report) groundTables() []NamedTable {
	if len(r.Ground) == 0 {
		return nil
	}
	num := func(v float64) any {
		if !finite(v) {
			return nil
		}
		return v
	}
	agg := &Table{Columns: []string{"year", "survey", "rows", "villages", "unmatched_rows", "villages_not_surveyed",
		"tp", "fp", "fn", "tn", "accuracy", "precision", "recall", "kappa"}}
	dis := &Table{Columns: []string{"year", "id", "village", "kecamatan", "model_signal", "survey_signal", "nearest_site_km"}}
	for _, g := range r.Ground {
		agg.Rows = append(agg.Rows, []any{g.Year, g.Survey, g.Rows, g.Villages, g.Unmatched, g.NotSurveyed, g.TP, g.FP, g.FN, g.TN,
			num(g.Accuracy), num(g.Precision), num(g.Recall), num(g.Kappa)})
		for _, v := range g.Disagree {
			dis.Rows = append(dis.Rows, []any{g.Year, v.ID, v.Name, v.Kecamatan, v.Model, v.Survey, num(v.NearestSiteKm)})
		}
	}
	return []NamedTable{{"survey_agreement", agg}, {"survey_disagree", dis}}
}
