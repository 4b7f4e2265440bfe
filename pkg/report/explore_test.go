package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

const scriptName = `<script>alert(1)</script>`

func featureRows() []*geoio.Feature {
	sq := func(x float64) orb.Polygon {
		return orb.Polygon{{{x, 0}, {x + 0.1, 0}, {x + 0.1, 0.1}, {x, 0.1}, {x, 0}}}
	}
	f := func(g orb.Geometry, kv ...any) *geoio.Feature {
		var p geoio.Properties
		for i := 0; i < len(kv); i += 2 {
			p.Set(kv[i].(string), kv[i+1])
		}
		return &geoio.Feature{Geometry: g, Properties: p}
	}
	return []*geoio.Feature{
		f(sq(116), "rank", int64(1), "name", scriptName, "kecamatan", "Tabang", "population", 900.0, "covered", false, "reason", scriptName+" & more"),
		f(sq(116.1), "rank", int64(2), "name", "Senoni", "kecamatan", "Sebulu", "population", 1200.0, "covered", true),
	}
}

func TestFeaturesHTMLEscapedAndLinked(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFeaturesHTML(&b, "rank "+scriptName, "en", featureRows()); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if n := strings.Count(s, "<script"); n != 2 {
		t.Errorf("%d <script tags, want 2 (the map's data and code)", n)
	}
	if strings.Contains(s, "<script>alert") {
		t.Error("a name became markup")
	}
	for _, want := range []string{
		`<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>`,            // table
		`<title>&lt;script&gt;alert(1)&lt;/script&gt; — blank spot`, // SVG
		`"n":"\u003cscript\u003ealert(1)\u003c/script\u003e"`,       // tooltip data
		`<title>rank &lt;script&gt;alert(1)&lt;/script&gt;</title>`, // page
		`<tr data-i="0">`, `<tr data-i="1">`, `class="v s-blank_spot" data-i="0" tabindex="0"`,
		`<th class="n" aria-sort="none"><button type="button">population</button></th>`,
		`data-layer="covered"`, `data-layer="blank_spot"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	for _, bad := range []string{"http://", "https://", "src=", "@import"} {
		if strings.Contains(strings.ReplaceAll(s, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("page refers to an external resource: %q", bad)
		}
	}
}

func TestHTMLByteIdentical(t *testing.T) {
	render := func() []byte {
		var b bytes.Buffer
		r := sampleReport("id")
		r.Map.Villages[0].Statuses = []YearStatus{{2021, StatusBlankSpot}, {2022, StatusCovered}}
		if err := WriteHTML(&b, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteFeaturesHTML(&b, "rank", "en", featureRows()); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	first := render()
	for i := 0; i < 5; i++ {
		if !bytes.Equal(first, render()) {
			t.Fatal("two renderings differ")
		}
	}
}

func TestMapYearSliderAndTooltip(t *testing.T) {
	r := sampleReport("en")
	if len(r.Years) < 2 {
		t.Skip("sample has one year")
	}
	pop := 1234.0
	v := &r.Map.Villages[0]
	v.Population = &pop
	v.Statuses = []YearStatus{{r.Years[0], StatusBlankSpot}}
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{`<label class="kkyear">`, `"years":[`, `"y":["blank_spot"`, `["Population","1,234"]`, `<desc>`} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %s", want)
		}
	}
	// without per-year statuses: no slider
	r = sampleReport("en")
	b.Reset()
	if err := WriteHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), `class="kkyear"`) {
		t.Error("a year slider without per-year statuses")
	}
}

func TestWriteTableHTML(t *testing.T) {
	var b bytes.Buffer
	tb := &Table{Columns: []string{"kecamatan", "villages"}, Rows: [][]any{{scriptName, int64(3)}}}
	if err := WriteTableHTML(&b, "summary", "en", tb); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.Contains(s, `<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td class="n">3</td>`) || strings.Count(s, "<script") != 1 || strings.Contains(s, `class="kkmap"`) {
		t.Errorf("table page:\n%s", s)
	}
}
