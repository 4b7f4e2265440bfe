package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const evil = `<script>alert("x")</script> & "Quote"`

func fp(v float64) *float64 { return &v }
func bp(v bool) *bool       { return &v }

// sampleReport is a small hand-made report: 3 years, 2 kecamatan, 3
// villages, one of them named like an injection attempt.
func sampleReport(lang string) *Report {
	sq := func(x0, y0, d float64) orb.Polygon {
		return orb.Polygon{{{x0, y0}, {x0 + d, y0}, {x0 + d, y0 + d}, {x0, y0 + d}, {x0, y0}}}
	}
	return &Report{
		Title: "Kukar Tanpa Blank Spot", Region: "Kabupaten Kutai Kartanegara", Lang: lang,
		Years: []int{2021, 2022, 2023}, LatestYear: 2023, Model: "radius",
		Indicators: []IndicatorSeries{
			{Key: IndicatorVillagesWithSignal, Unit: "count", HigherIsBetter: true, Total: 3, Values: []YearValue{
				{Year: 2021, Value: 1},
				{Year: 2022, Value: 2, Target: fp(2), Met: bp(true)},
				{Year: 2023, Value: 2, Target: fp(3), Met: bp(false)},
			}},
			{Key: IndicatorPopulationCovered, Unit: "people", HigherIsBetter: true, Total: 12345.6, Values: []YearValue{
				{Year: 2021, Value: 4321},
				{Year: 2022, Value: math.NaN()},
				{Year: 2023, Value: 10034.5, Target: fp(11000), Met: bp(false)},
			}},
			{Key: IndicatorBlankSpotVillages, Unit: "count", Values: []YearValue{
				{Year: 2021, Value: 2}, {Year: 2022, Value: 1, Target: fp(1), Met: bp(true)}, {Year: 2023, Value: 1, Target: fp(0), Met: bp(false)},
			}},
			{Key: IndicatorRoadLengthCoveredKm, Unit: "km", HigherIsBetter: true, Total: 250, Values: []YearValue{
				{Year: 2021, Value: 120.25}, {Year: 2022, Value: 180.5}, {Year: 2023, Value: 1234.5},
			}},
			{Key: "share_example", Unit: "share", HigherIsBetter: true, Values: []YearValue{
				{Year: 2022, Value: 0.5}, {Year: 2023, Value: 0.92, Target: fp(1), Met: bp(false)},
			}},
		},
		Kecamatan: []KecamatanRow{
			{Kecamatan: "Muara Muntai", Villages: 2, VillagesCovered: 1, BlankSpots: 1, Offices: 2, OfficesCovered: 1,
				Population: 5000, PopulationCovered: 2690, MeanTravelTimeMin: 135.2, NoLandAccess: 1, TopVillage: evil},
			{Kecamatan: "Tenggarong", Villages: 1, VillagesCovered: 1, Offices: 1, OfficesCovered: 1,
				Population: 7345.6, PopulationCovered: 7345.6, MeanTravelTimeMin: math.NaN(), TopVillage: "Loa Ipuh"},
		},
		Priorities: []PriorityRow{
			{Rank: 1, ID: "6402010001", Name: evil, Kecamatan: "Muara Muntai", Score: 0.87654,
				Parts: []ReasonPart{{"uncovered_population", 2310}, {"office_without_signal", 1}, {"economic_without_signal", 0},
					{"remoteness", 8100}, {"no_land_access", 1}, {"distance_to_site", 12345}},
				Intervention: "vsat"},
			{Rank: 2, ID: "6402010002", Name: "Jantur | Baru", Kecamatan: "Muara Muntai", Score: 0.5,
				Parts: []ReasonPart{{"uncovered_share", 0.25}, {"gain_per_site", 1200.4}}, Intervention: "macro_bts"},
		},
		Proposed: []ProposedSite{
			{Rank: 1, Village: evil, Lon: 116.51234, Lat: -0.41234, GainPopulation: 2310, PopulationWithSignal: 12000, ShareWithSignal: 0.8711,
				VillagesWithSignal: 3, OfficesWithSignal: 3, Villages: []string{evil, "Jantur | Baru"}, Kecamatan: "Muara Muntai", Stage: "blank_spots"},
		},
		Map: MapData{
			Villages: []MapVillage{
				{Name: "Loa Ipuh", Geometry: sq(116.9, -0.45, 0.1), Status: StatusCovered},
				{Name: evil, Geometry: orb.MultiPolygon{sq(116.5, -0.45, 0.1)}, Status: StatusNoLandAccess},
				{Name: "Jantur | Baru", Geometry: sq(116.6, -0.45, 0.1), Status: StatusBlankSpot},
			},
			Sites:    []orb.Point{{116.95, -0.4}, {math.NaN(), 0}},
			Proposed: []orb.Point{{116.55, -0.4}},
			Rivers:   []orb.LineString{{{116.45, -0.5}, {116.75, -0.38}, {117.05, -0.46}}},
		},
		Inputs: []InputFile{
			{Role: "villages", Path: "data/" + evil + ".geojson", Format: "geojson", Features: 1234,
				SHA256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		},
		Notes: []string{"Data ilustratif: " + evil},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file; run with -update and review the diff", name)
	}
}

func TestRPJMDGolden(t *testing.T) {
	for _, c := range []struct {
		name  string
		lang  string
		write func(*bytes.Buffer, *Report) error
	}{
		{"rpjmd_id.html", "id", func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) }},
		{"rpjmd_en.html", "en", func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) }},
		{"rpjmd_id.md", "id", func(b *bytes.Buffer, r *Report) error { return WriteMarkdown(b, r) }},
		{"rpjmd_en.md", "en", func(b *bytes.Buffer, r *Report) error { return WriteMarkdown(b, r) }},
		{"rpjmd.json", "id", func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b1, b2 bytes.Buffer
			if err := c.write(&b1, sampleReport(c.lang)); err != nil {
				t.Fatal(err)
			}
			if err := c.write(&b2, sampleReport(c.lang)); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
				t.Fatal("two renderings of the same report differ")
			}
			golden(t, c.name, b1.Bytes())
		})
	}
}

func TestRPJMDHTMLSafeAndComplete(t *testing.T) {
	r := sampleReport("id")
	r.Title, r.Region, r.Model, r.Stamp = evil, evil, evil, evil
	r.Kecamatan[0].Kecamatan = evil
	r.Inputs[0].Role, r.Inputs[0].Format = evil, evil
	r.Priorities[0].ID, r.Priorities[0].Intervention = evil, evil
	r.Indicators[0].Key = evil
	r.Map.Villages[0].Name = evil
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	// the only scripts are the map's own: its data block and its code;
	// a name never ends or opens one
	if n := strings.Count(strings.ToLower(s), "<script"); n != 2 || !strings.Contains(s, `<script type="application/json" class="kkdata">`) || !strings.Contains(s, "<script>\n"+mapJS+"</script>") {
		t.Errorf("HTML has %d <script tags, want the map's data and code only", n)
	}
	if strings.Contains(s, "<script>alert") || strings.Contains(s, `alert("x")</script>`) {
		t.Error("a name became markup")
	}
	if !strings.Contains(s, `\u003cscript\u003ealert`) {
		t.Error("the map data does not carry the escaped name")
	}
	escaped := `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Quote&#34;`
	if n := strings.Count(s, escaped); n < 12 {
		t.Errorf("escaped name found %d times, want every field (>= 12)", n)
	}
	for _, bad := range []string{"http://", "https://", "src=", "@import", "url("} {
		if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, `xmlns="http://www.w3.org/2000/svg"`, ""), "url(#kk-hatch)", ""), "url(#kk-blank)", ""), bad) {
			t.Errorf("HTML refers to an external resource: %q", bad)
		}
	}
	if !strings.Contains(s, `<meta name="viewport" content="width=device-width, initial-scale=1">`) {
		t.Error("no viewport meta")
	}
	if n, want := strings.Count(s, `<svg class="chart"`), len(r.Indicators); n != want {
		t.Errorf("%d charts, want %d", n, want)
	}
	if n := strings.Count(s, `<svg class="map"`); n != 1 {
		t.Errorf("%d maps, want 1", n)
	}
	if n := strings.Count(s, `stroke-dasharray="6 4"`); n < 3 {
		t.Errorf("dashed target lines: %d", n)
	}
	for _, tag := range []string{"html", "head", "body", "section", "table", "thead", "tbody", "tr", "td", "th", "svg", "g", "path", "text", "title", "figure", "ul", "li", "div", "p", "style"} {
		open := len(regexp.MustCompile(`<`+tag+`[ >]`).FindAllString(s, -1))
		closed := strings.Count(s, "</"+tag+">") + len(regexp.MustCompile(`<`+tag+` [^>]*/>`).FindAllString(s, -1))
		if open != closed {
			t.Errorf("<%s>: %d opened, %d closed", tag, open, closed)
		}
	}
	// every number in an SVG coordinate has at most one decimal
	if m := regexp.MustCompile(`(?:x|y|x1|y1|x2|y2|cx|cy|width|height)="-?\d+\.\d\d`).FindString(s); m != "" {
		t.Errorf("coordinate not rounded to 0.1 px: %s", m)
	}
	if m := regexp.MustCompile(`d="[^"]*\d\.\d\d`).FindString(s); m != "" {
		t.Errorf("path not rounded to 0.1 px: %.60s", m)
	}
}

func TestRPJMDMarkdownEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := WriteMarkdown(&b, sampleReport("en")); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.Contains(s, `\<script\>alert("x")\</script\> \& "Quote"`) {
		t.Error("village name not escaped for Markdown")
	}
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(line, "|") {
			continue
		}
		// every unescaped pipe is a cell border: all rows of a table
		// have the header's column count
		cells := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(line, -1))
		if strings.Contains(line, "Jantur") && cells != 8 && cells != 12 && cells != 3 {
			t.Errorf("row with escaped pipe has %d borders: %s", cells, line)
		}
	}
	if strings.Contains(s, "<") && strings.Contains(strings.ReplaceAll(s, `\<`, ""), "<") {
		t.Error("raw < in Markdown")
	}
}

func TestRPJMDJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sampleReport("en")); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Indicators []struct {
			Key    string
			Name   string
			Values []struct {
				Year   int
				Value  *float64
				Target *float64
				Met    *bool
			}
		}
		Kecamatan []struct {
			MeanTravelTimeMin *float64 `json:"mean_travel_time_min"`
		}
		Priorities []struct{ Reasons string }
		Inputs     []struct{ SHA256 string }
		Map        struct{ Sites [][2]*float64 }
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	in := got.Indicators[1]
	if in.Name != "Population with signal" || in.Values[1].Value != nil || *in.Values[2].Value != 10034.5 ||
		*in.Values[2].Target != 11000 || *in.Values[2].Met || in.Values[0].Target != nil || in.Values[0].Met != nil {
		t.Errorf("indicator %+v", in)
	}
	if got.Kecamatan[1].MeanTravelTimeMin != nil || *got.Kecamatan[0].MeanTravelTimeMin != 135.2 {
		t.Error("mean travel time: NaN must be null, 135.2 kept")
	}
	if want := "2,310 people without signal; village office without signal; travel time 2 h 15 min; no land access; 12.3 km to the nearest site"; got.Priorities[0].Reasons != want {
		t.Errorf("reasons %q, want %q", got.Priorities[0].Reasons, want)
	}
	if len(got.Inputs[0].SHA256) != 64 {
		t.Error("JSON must keep the full SHA-256")
	}
	if got.Map.Sites[1][0] != nil {
		t.Error("NaN site longitude must be null")
	}
	if !strings.Contains(b.String(), `"name": "`+strings.ReplaceAll(evil, `"`, `\"`)+`"`) {
		t.Error("name not intact in JSON")
	}
}

func TestRPJMDEmptyAndNaN(t *testing.T) {
	nan := math.NaN()
	reports := map[string]*Report{
		"zero":  {},
		"empty": {Lang: "en", Years: []int{}, Indicators: []IndicatorSeries{{}}, Kecamatan: []KecamatanRow{{}}, Priorities: []PriorityRow{{}}, Proposed: []ProposedSite{{}}, Inputs: []InputFile{{}}},
		"nan": {Years: []int{2020, 2021}, Indicators: []IndicatorSeries{
			{Key: "x", Unit: "share", Total: nan, Values: []YearValue{{Year: 2020, Value: nan, Target: fp(nan), Met: bp(true)}, {Year: 2021, Value: math.Inf(1)}}},
			{Key: "y", Unit: "count", Values: []YearValue{{Year: 2020, Value: 0}, {Year: 2021, Value: 0}}},
			{Key: "z", Unit: "km", Values: []YearValue{{Year: 2020, Value: -5, Target: fp(-10)}, {Year: 1999, Value: 3}}},
		},
			Kecamatan:  []KecamatanRow{{Population: nan, PopulationCovered: nan, MeanTravelTimeMin: math.Inf(1)}, {}},
			Priorities: []PriorityRow{{Score: nan, Parts: []ReasonPart{{"remoteness", nan}, {"covered", nan}, {"x", math.Inf(-1)}, {"no_signal", nan}}}},
			Proposed:   []ProposedSite{{Lon: nan, Lat: math.Inf(1), ShareWithSignal: nan}},
			PlanBase:   &ProposedSite{PopulationWithSignal: nan},
			Map: MapData{
				Villages: []MapVillage{{Geometry: nil}, {Geometry: orb.Polygon{{{nan, nan}}}}, {Geometry: orb.Point{116, 0}}, {Geometry: orb.Polygon{{}}}, {Geometry: orb.LineString{{1, 2}}}},
				Sites:    []orb.Point{{116, 0}},
				Rivers:   []orb.LineString{{}, {{116, 0}}},
			}},
		"one point": {Map: MapData{Sites: []orb.Point{{116, 0}}}},
		"vertical":  {Map: MapData{Rivers: []orb.LineString{{{116, 0}, {116, 1}}}}},
		"far north": {Map: MapData{Rivers: []orb.LineString{{{0, 90}, {10, 90}}}}},
	}
	for _, name := range []string{"zero", "empty", "nan", "one point", "vertical", "far north"} {
		r := reports[name]
		for _, w := range []func(*bytes.Buffer, *Report) error{
			func(b *bytes.Buffer, r *Report) error { return WriteHTML(b, r) },
			func(b *bytes.Buffer, r *Report) error { return WriteMarkdown(b, r) },
			func(b *bytes.Buffer, r *Report) error { return WriteJSON(b, r) },
		} {
			var b bytes.Buffer
			if err := w(&b, r); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if strings.Contains(b.String(), "NaN") || strings.Contains(b.String(), "Inf") {
				t.Errorf("%s: NaN or Inf leaked into output", name)
			}
		}
	}
}

func TestRPJMDUnknownLanguage(t *testing.T) {
	r := sampleReport("fr")
	for _, err := range []error{WriteHTML(&bytes.Buffer{}, r), WriteMarkdown(&bytes.Buffer{}, r), WriteJSON(&bytes.Buffer{}, r)} {
		if err == nil || !strings.HasPrefix(err.Error(), "report: ") {
			t.Errorf("want a report: error for lang fr, got %v", err)
		}
	}
}
