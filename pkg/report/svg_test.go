package report

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestPx(t *testing.T) {
	for v, want := range map[float64]string{12.345: "12.3", 12.35: "12.4", -0.04: "0", 5: "5", -3.21: "-3.2", math.NaN(): "0"} {
		if got := px(v); got != want {
			t.Errorf("px(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestNiceStep(t *testing.T) {
	for _, c := range []struct{ raw, want float64 }{{0.7, 1}, {1, 1}, {1.2, 2}, {3, 5}, {7, 10}, {240, 500}, {0.03, 0.05}, {0, 1}, {math.NaN(), 1}} {
		if got := niceStep(c.raw); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("niceStep(%v) = %v, want %v", c.raw, got, c.want)
		}
	}
}

func TestProjection(t *testing.T) {
	// A square of 1° × 1° at 60° N is half as wide as it is tall once x
	// is scaled by cos(60°); north must be at the top.
	m := &MapData{Villages: []MapVillage{{Geometry: orb.Polygon{{{10, 59.5}, {11, 59.5}, {11, 60.5}, {10, 60.5}, {10, 59.5}}}}}}
	p, ok := newProjection(m)
	if !ok {
		t.Fatal("no projection")
	}
	x0, y0 := p.xy(orb.Point{10, 59.5})
	x1, y1 := p.xy(orb.Point{11, 60.5})
	w, hh := x1-x0, y0-y1
	if hh <= 0 {
		t.Fatalf("north is not up: y(south)=%v y(north)=%v", y0, y1)
	}
	if r := w / hh; math.Abs(r-0.5) > 0.01 {
		t.Errorf("width/height = %v, want cos(60°) = 0.5", r)
	}
	if p.height != mapMaxH || x0 < mapPad || y1 < mapPad-1e-9 || y0 > p.height-mapPad+1e-9 {
		t.Errorf("not fitted: height %v, corners (%v,%v) (%v,%v)", p.height, x0, y0, x1, y1)
	}
}

func TestMapSVG(t *testing.T) {
	l, _ := newLocale("en")
	m := &MapData{
		Villages: []MapVillage{{Name: "A", Status: StatusBlankSpot, Geometry: orb.Polygon{{{116, 0}, {117, 0}, {117, 0.5}, {116, 0}}}}},
		Sites:    []orb.Point{{116.5, 0.2}},
		Proposed: []orb.Point{{116.8, 0.1}},
		Rivers:   []orb.LineString{{{116, 0.25}, {117, 0.25}}},
	}
	s := l.mapSVG(m, "map")
	for _, want := range []string{`fill="` + colBlankSpot + `"`, `<circle cx=`, `stroke="` + colRiver + `"`, `fill="` + colProposed + `"`, `<title>A — blank spot</title>`, `viewBox="0 0 800 `} {
		if !strings.Contains(s, want) {
			t.Errorf("map lacks %q", want)
		}
	}
	if s2 := l.mapSVG(&MapData{}, "map"); !strings.Contains(s2, "No map data.") {
		t.Errorf("empty map: %s", s2)
	}
}

func TestChartSVGTargets(t *testing.T) {
	l, _ := newLocale("id")
	s := &IndicatorSeries{Key: IndicatorOfficesWithSignal, Unit: "count", Values: []YearValue{
		{Year: 2021, Value: 200, Target: fp(210), Met: bp(false)},
		{Year: 2022, Value: 220, Target: fp(220), Met: bp(true)},
		{Year: 2023, Value: 230},
		{Year: 2024, Value: 237, Target: fp(237), Met: bp(true)},
	}}
	out := l.chartSVG(s, []int{2021, 2022, 2023, 2024}, 0)
	// two runs of targets: 2021–2022 joined, 2024 on its own
	d := out[strings.Index(out, `class="target" d="`)+18:]
	d = d[:strings.Index(d, `"`)]
	if strings.Count(d, "M") != 2 {
		t.Errorf("target path %q: want two runs", d)
	}
	if strings.Count(out, `fill="`+colBarMissed+`"`) != 1 || strings.Count(out, `fill="`+colBarMet+`"`) != 2 || strings.Count(out, `fill="`+colBar+`"`) != 1 {
		t.Error("bars not coloured by target status")
	}
	for _, want := range []string{">2021<", ">2024<", ">Tahun<", ">jumlah<", ">237<", `aria-label="Kantor desa/kelurahan yang terjangkau sinyal"`} {
		if !strings.Contains(out, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
}

// Charts show the gap to the target: values high above zero get an axis
// that starts below them, marked as broken; labels wider than a bar's
// slot alternate in height so they do not collide; a label is kept off
// the target line; projected years are drawn lighter.
func TestChartSVGReadability(t *testing.T) {
	l, _ := newLocale("id")
	road := &IndicatorSeries{Key: IndicatorRoadLengthCoveredKm, Unit: "km", Values: []YearValue{
		{Year: 2021, Value: 1546.3}, {Year: 2022, Value: 1615.3}, {Year: 2023, Value: 1645.4},
		{Year: 2024, Value: 1700.2}, {Year: 2025, Value: 1704}, {Year: 2026, Value: 1704},
	}}
	out := l.chartSVG(road, []int{2021, 2022, 2023, 2024, 2025, 2026}, 2025)
	if !strings.Contains(out, `class="axis-break"`) {
		t.Error("no axis break for values far above zero")
	}
	labelY := regexp.MustCompile(`<text x="[0-9.]+" y="([0-9.]+)">[0-9.,]+ km</text>`).FindAllStringSubmatch(out, -1)
	if len(labelY) != 6 {
		t.Fatalf("%d value labels", len(labelY))
	}
	for i := 1; i < len(labelY); i++ {
		if labelY[i][1] == labelY[i-1][1] {
			t.Errorf("labels %d and %d at the same height %s: wide labels must alternate", i-1, i, labelY[i][1])
		}
	}
	if strings.Count(out, `fill-opacity="0.45"`) != 1 {
		t.Error("the projected year (2026) is not drawn lighter")
	}
	pop := &IndicatorSeries{Key: IndicatorPopulationCovered, Unit: "people", Total: 730000, Values: []YearValue{
		{Year: 2025, Value: 688044}, {Year: 2026, Value: 714000, Target: fp(715400), Met: bp(false)},
	}}
	out = l.chartSVG(pop, []int{2025, 2026}, 0)
	ty := regexp.MustCompile(`class="target" d="M[0-9.]+ ([0-9.]+)`).FindStringSubmatch(out)
	ly := regexp.MustCompile(`y="([0-9.]+)">714\.000</text>`).FindStringSubmatch(out)
	if ty == nil || ly == nil {
		t.Fatalf("target %v label %v", ty, ly)
	}
	t1, _ := strconv.ParseFloat(ty[1], 64)
	l1, _ := strconv.ParseFloat(ly[1], 64)
	if math.Abs(t1-l1) < 5 {
		t.Errorf("the 2026 label (y %v) sits on the target line (y %v)", l1, t1)
	}
}
