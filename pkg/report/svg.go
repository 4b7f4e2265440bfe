package report

import (
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// Colours shared by the map, its legend and the charts. The status
// colours are a red–yellow–green diverging set that stays distinguishable
// for the common colour-vision deficiencies (ColorBrewer RdYlGn, 5 classes).
const (
	colCovered      = "#a6d96a"
	colBlankSpot    = "#d7191c"
	colNoLandAccess = "#fdae61"
	colHatch        = "#4d4d4d" // hatching over villages without land access
	colOther        = "#969696" // darker than "covered", so the two differ in grayscale
	colSite         = "#1a1a1a"
	colProposed     = "#7b3294"
	colRiver        = "#2c7fb8"
	colBar          = "#4a90c2"
	colBarMet       = "#1a9641"
	colBarMissed    = "#d7191c"
	colTarget       = "#333333"
	colAxis         = "#666666"
)

// h escapes text for HTML and SVG content and attribute values.
func h(s string) string { return html.EscapeString(s) }

// px writes a coordinate rounded to 0.1 px, without "-0".
func px(v float64) string {
	r := math.Round(v*10) / 10
	if r == 0 || math.IsNaN(r) || math.IsInf(r, 0) {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func statusColour(s string) string {
	switch s {
	case StatusCovered:
		return colCovered
	case StatusBlankSpot:
		return colBlankSpot
	case StatusNoLandAccess:
		return colNoLandAccess
	}
	return colOther
}

// Chart geometry, in SVG user units; the viewBox scales it to the page.
const (
	chartW      = 480.0
	chartH      = 240.0
	chartLeft   = 72.0
	chartRight  = 12.0
	chartTop    = 28.0
	chartBottom = 36.0
)

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if !(raw > 0) || !finite(raw) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// decimalsFor is how many decimals tick labels need for a step.
func decimalsFor(step float64) int {
	d := 0
	for step < 1 && d < 6 {
		step *= 10
		d++
	}
	if math.Abs(step-math.Round(step)) > 1e-6 && d < 6 {
		d++
	}
	return d
}

func (l locale) tick(unit string, v, step float64) string {
	if unit == "share" {
		return l.num(v*100, decimalsFor(step*100)) + " %"
	}
	return l.num(v, decimalsFor(step))
}

func (l locale) axisUnit(unit string) string {
	switch unit {
	case "count", "people", "km", "share":
		return l.t("axis." + unit)
	}
	return unit
}

// chartSVG draws one indicator by year: a bar per year coloured by whether
// its target was met, the targets as a dashed step line, labelled axes.
func (l locale) chartSVG(s *IndicatorSeries, years []int, actualUntil int) string {
	if len(years) == 0 {
		for _, v := range s.Values {
			years = append(years, v.Year)
		}
	}
	lo, hi := 0.0, 0.0
	for _, v := range s.Values {
		for _, x := range []float64{v.Value, deref(v.Target)} {
			if finite(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	if s.Unit == "share" {
		hi = math.Max(hi, 1)
	}
	// When every value and target sits high above zero (94 % against a
	// 98 % target), an axis from zero hides the gap that matters: start
	// it below the smallest value instead, and mark the break.
	minV := math.Inf(1)
	for _, v := range s.Values {
		for _, x := range []float64{v.Value, deref(v.Target)} {
			if finite(x) {
				minV = math.Min(minV, x)
			}
		}
	}
	broken := false
	if s.Unit != "share" && minV > 0 && minV > 0.6*hi {
		span := hi - minV
		if span == 0 {
			span = hi * 0.05
		}
		lo, broken = math.Max(0, minV-span*0.6), true
	}
	if hi == lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / 4)
	if (s.Unit == "count" || s.Unit == "people") && step < 1 {
		step = 1 // whole villages and people only
	}
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	broken = broken && lo > 0
	plotW := chartW - chartLeft - chartRight
	plotH := chartH - chartTop - chartBottom
	y := func(v float64) float64 { return chartTop + plotH*(hi-v)/(hi-lo) }
	n := math.Max(float64(len(years)), 1)
	slot := plotW / n
	xc := func(i int) float64 { return chartLeft + slot*(float64(i)+0.5) }

	name := l.indicatorName(s.Key)
	var b strings.Builder
	b.WriteString(`<svg class="chart" viewBox="0 0 480 240" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="` + h(name) + `">`)
	b.WriteString(`<title>` + h(name) + `</title>`)
	// grid and y axis labels
	b.WriteString(`<g font-size="13" fill="` + colAxis + `">`)
	for i := 0; i <= 100; i++ {
		v := lo + float64(i)*step
		if v > hi+step*1e-9 {
			break
		}
		yy := px(y(v))
		b.WriteString(`<line x1="` + px(chartLeft) + `" y1="` + yy + `" x2="` + px(chartW-chartRight) + `" y2="` + yy + `" stroke="#e0e0e0"/>`)
		b.WriteString(`<text x="` + px(chartLeft-6) + `" y="` + px(y(v)+4) + `" text-anchor="end">` + h(l.tick(s.Unit, v, step)) + `</text>`)
	}
	b.WriteString(`<text x="4" y="14">` + h(l.axisUnit(s.Unit)) + `</text>`)
	b.WriteString(`<text x="` + px(chartLeft+plotW/2) + `" y="` + px(chartH-4) + `" text-anchor="middle">` + h(l.t("col.year")) + `</text>`)
	for i, yr := range years {
		b.WriteString(`<text x="` + px(xc(i)) + `" y="` + px(chartTop+plotH+16) + `" text-anchor="middle">` + itoa(yr) + `</text>`)
	}
	b.WriteString(`</g>`)
	// value labels wider than a slot (about 6.6 units per character at
	// 12 px) would touch their neighbours
	wide := false
	for _, yr := range years {
		if v, ok := s.valueIn(yr); ok && finite(v.Value) {
			if float64(len([]rune(l.unitValue(s.Unit, v.Value))))*6.6 > slot*0.95 {
				wide = true
			}
		}
	}
	// bars
	b.WriteString(`<g>`)
	var target, labels strings.Builder
	prevTarget := false
	for i, yr := range years {
		v, ok := s.valueIn(yr)
		if ok && finite(v.Value) {
			fill := colBar
			if v.Met != nil {
				fill = colBarMissed
				if *v.Met {
					fill = colBarMet
				}
			}
			top, base := y(math.Max(v.Value, lo)), y(math.Max(math.Min(v.Value, 0), lo))
			extra := ""
			if actualUntil > 0 && yr > actualUntil {
				// a projection: the same colour, lighter, with a dashed edge
				extra = ` fill-opacity="0.45" stroke="` + fill + `" stroke-dasharray="3 2"`
			}
			b.WriteString(`<rect x="` + px(xc(i)-slot*0.3) + `" y="` + px(top) + `" width="` + px(slot*0.6) + `" height="` + px(base-top) + `" fill="` + fill + `"` + extra + `/>`)
			text := l.unitValue(s.Unit, v.Value)
			ly := top - 4
			if v.Target != nil && finite(*v.Target) {
				if ty := y(*v.Target); math.Abs(ly-ty) < 12 {
					ly = math.Min(ly, ty) - 6 // clear of the target line
				}
			}
			if wide && i%2 == 1 {
				ly -= 14 // labels wider than a bar's slot alternate in height
			}
			labels.WriteString(`<text x="` + px(xc(i)) + `" y="` + px(ly) + `">` + h(text) + `</text>`)
		}
		if ok && v.Target != nil && finite(*v.Target) {
			ty := px(y(*v.Target))
			if prevTarget {
				target.WriteString(" L" + px(xc(i)-slot/2) + " " + ty)
			} else {
				target.WriteString(" M" + px(xc(i)-slot/2) + " " + ty)
			}
			target.WriteString(" L" + px(xc(i)+slot/2) + " " + ty)
			prevTarget = true
		} else {
			prevTarget = false
		}
	}
	b.WriteString(`</g>`)
	if target.Len() > 0 {
		b.WriteString(`<path class="target" d="` + strings.TrimSpace(target.String()) + `" fill="none" stroke="` + colTarget + `" stroke-width="1.5" stroke-dasharray="6 4"/>`)
	}
	// value labels last, with a white halo, so the target line never hides them
	b.WriteString(`<g font-size="12" text-anchor="middle" fill="#1a1a1a" stroke="#ffffff" stroke-width="3" paint-order="stroke">` + labels.String() + `</g>`)
	b.WriteString(`<line x1="` + px(chartLeft) + `" y1="` + px(y(lo)) + `" x2="` + px(chartW-chartRight) + `" y2="` + px(y(lo)) + `" stroke="` + colAxis + `"/>`)
	if broken {
		// the axis does not start at zero: a zigzag on it says so
		bx, by := chartLeft, y(lo)
		b.WriteString(`<path class="axis-break" d="M` + px(bx-7) + ` ` + px(by-3) + ` L` + px(bx-3) + ` ` + px(by-9) + ` L` + px(bx+1) + ` ` + px(by-3) + ` L` + px(bx+5) + ` ` + px(by-9) + `" fill="none" stroke="` + colAxis + `" stroke-width="1.5"/>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// Map geometry: a fixed width; the height follows the data's aspect
// within limits so a long thin region still fits a phone screen.
const (
	mapW    = 800.0
	mapPad  = 10.0
	mapMinH = 240.0
	mapMaxH = 1000.0
)

// projection is equirectangular with x shrunk by cos(mean latitude) so
// shapes near the equator and away from it keep their proportions; y is
// flipped because SVG y grows downwards.
type projection struct {
	k                 float64 // cos(mean latitude)
	minX, maxY, scale float64
	offX, offY, width float64
	height            float64
}

func (p *projection) xy(pt orb.Point) (float64, float64) {
	return p.offX + (pt[0]*p.k-p.minX)*p.scale, p.offY + (p.maxY-pt[1])*p.scale
}

type bbox struct {
	minLon, minLat, maxLon, maxLat float64
	ok                             bool
}

func (b *bbox) add(p orb.Point) {
	if !finite(p[0]) || !finite(p[1]) || math.Abs(p[0]) > 360 || math.Abs(p[1]) > 90 {
		return
	}
	if !b.ok {
		*b = bbox{p[0], p[1], p[0], p[1], true}
		return
	}
	b.minLon, b.maxLon = math.Min(b.minLon, p[0]), math.Max(b.maxLon, p[0])
	b.minLat, b.maxLat = math.Min(b.minLat, p[1]), math.Max(b.maxLat, p[1])
}

func (b *bbox) addGeom(g orb.Geometry) {
	switch g := g.(type) {
	case orb.Point:
		b.add(g)
	case orb.MultiPoint:
		for _, p := range g {
			b.add(p)
		}
	case orb.LineString:
		for _, p := range g {
			b.add(p)
		}
	case orb.Ring:
		for _, p := range g {
			b.add(p)
		}
	case orb.Polygon:
		for _, r := range g {
			b.addGeom(r)
		}
	case orb.MultiPolygon:
		for _, pg := range g {
			b.addGeom(pg)
		}
	case orb.MultiLineString:
		for _, ls := range g {
			b.addGeom(ls)
		}
	case orb.Collection:
		for _, x := range g {
			b.addGeom(x)
		}
	}
}

func newProjection(m *MapData) (*projection, bool) {
	var bb bbox
	for _, v := range m.Villages {
		bb.addGeom(v.Geometry)
	}
	for _, p := range m.Sites {
		bb.add(p)
	}
	for _, p := range m.Proposed {
		bb.add(p)
	}
	for _, r := range m.Rivers {
		bb.addGeom(r)
	}
	if !bb.ok {
		return nil, false
	}
	k := math.Cos((bb.minLat + bb.maxLat) / 2 * math.Pi / 180)
	if k < 0.01 {
		k = 0.01
	}
	w := (bb.maxLon - bb.minLon) * k
	hh := bb.maxLat - bb.minLat
	if w == 0 && hh == 0 {
		w, hh = 0.02, 0.02
		bb.minLon -= 0.01 / k
		bb.maxLat += 0.01
	}
	if w == 0 {
		w = hh
		bb.minLon -= w / 2 / k
	}
	if hh == 0 {
		hh = w
		bb.maxLat += hh / 2
	}
	innerW := mapW - 2*mapPad
	height := math.Round(innerW*hh/w + 2*mapPad)
	height = math.Max(mapMinH, math.Min(mapMaxH, height))
	innerH := height - 2*mapPad
	scale := math.Min(innerW/w, innerH/hh)
	p := &projection{k: k, minX: bb.minLon * k, maxY: bb.maxLat, scale: scale,
		width: mapW, height: height}
	p.offX = mapPad + (innerW-w*scale)/2
	p.offY = mapPad + (innerH-hh*scale)/2
	return p, true
}

// pathRing appends one ring as "M x y L x y ... Z", dropping points that
// round to the previous one.
func (p *projection) pathRing(b *strings.Builder, r []orb.Point, closed bool) {
	var pts [][2]string
	for _, pt := range r {
		if !finite(pt[0]) || !finite(pt[1]) {
			continue
		}
		x, y := p.xy(pt)
		q := [2]string{px(x), px(y)}
		if len(pts) > 0 && pts[len(pts)-1] == q {
			continue
		}
		pts = append(pts, q)
	}
	if closed && len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) < 2 || (closed && len(pts) < 3) {
		return
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	b.WriteString("M" + pts[0][0] + " " + pts[0][1] + " L")
	for i, q := range pts[1:] {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(q[0] + " " + q[1])
	}
	if closed {
		b.WriteString(" Z")
	}
}

func (p *projection) polygonPath(b *strings.Builder, g orb.Geometry) {
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			p.pathRing(b, r, true)
		}
	case orb.MultiPolygon:
		for _, pg := range g {
			p.polygonPath(b, pg)
		}
	case orb.Ring:
		p.pathRing(b, g, true)
	case orb.Collection:
		for _, x := range g {
			p.polygonPath(b, x)
		}
	}
}

// pointsOf returns the points of a point-like geometry, drawn as dots.
func pointsOf(g orb.Geometry) []orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return []orb.Point{g}
	case orb.MultiPoint:
		return g
	}
	return nil
}

// mapSVG draws villages filled by status, rivers, existing sites as dots
// and proposed sites as diamonds. Every village, site and proposed site
// carries data-i, its index in the map's items (villages, then sites,
// then proposed sites); villages and proposed sites are keyboard stops.
func (l locale) mapSVG(m *MapData, label string) string {
	p, ok := newProjection(m)
	if !ok {
		return `<svg class="map" viewBox="0 0 800 120" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="` + h(l.t("map.empty")) + `"><text x="400" y="64" text-anchor="middle" font-size="16" fill="` + colAxis + `">` + h(l.t("map.empty")) + `</text></svg>`
	}
	var b strings.Builder
	b.WriteString(`<svg class="map" viewBox="0 0 ` + px(p.width) + ` ` + px(p.height) + `" xmlns="http://www.w3.org/2000/svg" role="group" aria-label="` + h(label) + `">`)
	b.WriteString(`<title>` + h(label) + `</title><desc>` + h(l.t("map.desc")) + `</desc>`)
	b.WriteString(`<defs><pattern id="kk-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
		`<line x1="0" y1="0" x2="0" y2="6" stroke="` + colHatch + `" stroke-width="2"/></pattern>` +
		`<pattern id="kk-blank" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="` + colBlankSpot + `"/><circle cx="2.5" cy="2.5" r="1" fill="#ffffff"/></pattern></defs>`)
	b.WriteString(`<g stroke="#ffffff" stroke-width="0.5" fill-rule="evenodd">`)
	var hatch strings.Builder
	for i, v := range m.Villages {
		var d strings.Builder
		p.polygonPath(&d, v.Geometry)
		what := l.statusName(v.Status)
		if v.NoLandAccess {
			what += "; " + l.statusName(StatusNoLandAccess)
		}
		name := v.Name
		if name == "" {
			name = l.t("col.village")
		}
		title := `<title>` + h(v.Name) + ` — ` + h(what) + `</title>`
		attrs := ` class="v s-` + statusKey(v.Status) + `" data-i="` + itoa(i) + `" tabindex="0" role="button" aria-label="` + h(name+" — "+what) + `"`
		if d.Len() > 0 {
			b.WriteString(`<path` + attrs + ` d="` + d.String() + `" fill="` + statusColour(v.Status) + `">` + title + `</path>`)
			if v.NoLandAccess {
				hatch.WriteString(`<path d="` + d.String() + `"/>`)
			}
		}
		for _, pt := range pointsOf(v.Geometry) {
			if finite(pt[0]) && finite(pt[1]) {
				x, y := p.xy(pt)
				b.WriteString(`<circle` + attrs + ` cx="` + px(x) + `" cy="` + px(y) + `" r="4" fill="` + statusColour(v.Status) + `" stroke="#555555">` + title + `</circle>`)
			}
		}
	}
	b.WriteString(`</g>`)
	if hatch.Len() > 0 {
		// hatching over villages without land access, on top, letting
		// the pointer through to the village below
		b.WriteString(`<g class="kk-hatch" fill="url(#kk-hatch)" stroke="none" pointer-events="none">` + hatch.String() + `</g>`)
	}
	if len(m.Isochrones) > 0 {
		// outlines only, so the villages' status shows through; longer
		// times drawn lighter and dashed
		b.WriteString(`<g class="kk-reach" fill="none" stroke-linejoin="round" pointer-events="none">`)
		for k := len(m.Isochrones) - 1; k >= 0; k-- {
			iso := m.Isochrones[k]
			var d strings.Builder
			p.polygonPath(&d, iso.Area)
			if d.Len() > 0 {
				b.WriteString(`<path d="` + d.String() + `" stroke="` + isoColour(k) + `" stroke-width="1.6"` + isoDash(k) + `><title>` + h(l.tf("map.within", l.num(iso.Minutes, 0))) + `</title></path>`)
			}
		}
		b.WriteString(`</g>`)
	}
	if len(m.Rivers) > 0 {
		b.WriteString(`<g class="kk-rivers" fill="none" stroke="` + colRiver + `" stroke-width="1.5" stroke-linejoin="round" pointer-events="none">`)
		for _, r := range m.Rivers {
			var d strings.Builder
			p.pathRing(&d, r, false)
			if d.Len() > 0 {
				b.WriteString(`<path d="` + d.String() + `"/>`)
			}
		}
		b.WriteString(`</g>`)
	}
	n := len(m.Villages)
	if len(m.Sites) > 0 {
		b.WriteString(`<g class="kk-sites" fill="` + colSite + `" stroke="#ffffff" stroke-width="0.6">`)
		for i, pt := range m.Sites {
			if finite(pt[0]) && finite(pt[1]) {
				x, y := p.xy(pt)
				b.WriteString(`<circle class="pt" data-i="` + itoa(n+i) + `" cx="` + px(x) + `" cy="` + px(y) + `" r="2.5"/>`)
			}
		}
		b.WriteString(`</g>`)
	}
	n += len(m.Sites)
	if len(m.Proposed) > 0 {
		b.WriteString(`<g class="kk-proposed" fill="` + colProposed + `" stroke="#ffffff" stroke-width="1">`)
		for i, pt := range m.Proposed {
			if finite(pt[0]) && finite(pt[1]) {
				x, y := p.xy(pt)
				lbl := l.t("map.proposed_one") + " " + itoa(i+1)
				b.WriteString(`<path class="pt" data-i="` + itoa(n+i) + `" tabindex="0" role="button" aria-label="` + h(lbl) + `" d="` + diamond(x, y, 6) + `"><title>` + h(lbl) + `</title></path>`)
			}
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func diamond(x, y, r float64) string {
	return "M" + px(x) + " " + px(y-r) + " L" + px(x+r) + " " + px(y) + " " + px(x) + " " + px(y+r) + " " + px(x-r) + " " + px(y) + " Z"
}

// mapLegendFor is the legend of the classes and layers m has; every
// class but "other" when m is nil.
func (l locale) mapLegendFor(m *MapData) string {
	sw := func(shape, label string) string {
		return `<li><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">` + shape + `</svg> ` + h(label) + `</li>`
	}
	rect := func(c string) string {
		return `<rect x="1" y="1" width="14" height="14" fill="` + c + `" stroke="#999999"/>`
	}
	has := map[string]bool{StatusCovered: true, StatusBlankSpot: true, "hatch": true, "sites": true, "proposed": true, "rivers": true}
	if m != nil {
		has = map[string]bool{"sites": len(m.Sites) > 0, "proposed": len(m.Proposed) > 0, "rivers": len(m.Rivers) > 0}
		for _, v := range m.Villages {
			has[statusKey(v.Status)] = true
			has["hatch"] = has["hatch"] || v.NoLandAccess || v.Status == StatusNoLandAccess
		}
	}
	var b strings.Builder
	b.WriteString(`<ul class="legend">`)
	if has[StatusCovered] {
		b.WriteString(sw(rect(colCovered), l.statusName(StatusCovered)))
	}
	if has[StatusBlankSpot] {
		b.WriteString(sw(rect(colBlankSpot)+`<circle cx="5" cy="5" r="1.2" fill="#ffffff"/><circle cx="11" cy="5" r="1.2" fill="#ffffff"/><circle cx="5" cy="11" r="1.2" fill="#ffffff"/><circle cx="11" cy="11" r="1.2" fill="#ffffff"/>`, l.statusName(StatusBlankSpot)))
	}
	if has["other"] {
		b.WriteString(sw(rect(colOther), l.statusName("other")))
	}
	if has["hatch"] {
		b.WriteString(sw(`<rect x="1" y="1" width="14" height="14" fill="#ffffff" stroke="#999999"/>`+
			`<path d="M1 7 L7 1 M1 13 L13 1 M5 15 L15 5 M11 15 L15 11" stroke="`+colHatch+`" stroke-width="1.5"/>`, l.statusName(StatusNoLandAccess)))
	}
	if has["sites"] {
		b.WriteString(sw(`<circle cx="8" cy="8" r="3" fill="`+colSite+`"/>`, l.t("map.sites")))
	}
	if has["proposed"] {
		b.WriteString(sw(`<path d="`+diamond(8, 8, 6)+`" fill="`+colProposed+`"/>`, l.t("map.proposed")))
	}
	if has["rivers"] {
		b.WriteString(sw(`<line x1="1" y1="8" x2="15" y2="8" stroke="`+colRiver+`" stroke-width="2"/>`, l.t("map.rivers")))
	}
	if m != nil {
		for k, iso := range m.Isochrones {
			b.WriteString(sw(`<line x1="1" y1="8" x2="15" y2="8" stroke="`+isoColour(k)+`" stroke-width="2"`+isoDash(k)+`/>`, l.tf("map.within", l.num(iso.Minutes, 0))))
		}
	}
	b.WriteString(`</ul>`)
	return b.String()
}

// isoColour and isoDash style the k-th isochrone: the shortest time
// darkest and solid, longer ones lighter and dashed, so they stay apart
// in grayscale too.
func isoColour(k int) string {
	cs := []string{"#3b1f5c", "#6a4c93", "#9b86bd", "#c4b7dc"}
	return cs[min(k, len(cs)-1)]
}

func isoDash(k int) string {
	if k == 0 {
		return ""
	}
	return ` stroke-dasharray="` + itoa(2+3*k) + ` 3"`
}

// chartLegendHTML explains the chart colours and the dashed target line.
func (l locale) chartLegendHTML() string {
	sw := func(shape, label string) string {
		return `<li><svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true">` + shape + `</svg> ` + h(label) + `</li>`
	}
	rect := func(c string) string { return `<rect x="5" y="1" width="14" height="14" fill="` + c + `"/>` }
	var b strings.Builder
	b.WriteString(`<ul class="legend">`)
	b.WriteString(sw(rect(colBarMet), l.t("chart.met")))
	b.WriteString(sw(rect(colBarMissed), l.t("chart.missed")))
	b.WriteString(sw(rect(colBar), l.t("chart.value")))
	b.WriteString(sw(`<line x1="1" y1="8" x2="23" y2="8" stroke="`+colTarget+`" stroke-width="1.5" stroke-dasharray="6 4"/>`, l.t("chart.target")))
	b.WriteString(`</ul>`)
	return b.String()
}
