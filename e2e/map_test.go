//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/report"
)

// evilName is a village name that must stay text everywhere.
const evilName = `<script>alert(1)</script>`

// outDir is where pages and screenshots go: $E2E_DIR, else a temporary
// directory.
func outDir(t *testing.T) string {
	if d := os.Getenv("E2E_DIR"); d != "" {
		d, err := filepath.Abs(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("e2e: no chromium on PATH (Debian: apt-get install -y chromium); browser checks skipped")
	return ""
}

// kukarcli builds the command once per test run.
func kukarcli(t *testing.T, dir string) string {
	bin := filepath.Join(dir, "kukarcli-e2e")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/kukarcli")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func run(t *testing.T, bin string, args ...string) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("kukarcli %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// yearsReport is a small report whose villages change status over the
// years, one of them named like a script.
func yearsReport() *report.Report {
	sq := func(x, y float64) orb.Polygon {
		return orb.Polygon{{{x, y}, {x + 0.1, y}, {x + 0.1, y + 0.1}, {x, y + 0.1}, {x, y}}}
	}
	pop := 1234.0
	tt := 95.0
	vs := []report.MapVillage{
		{Name: evilName, Kecamatan: "Tabang", Geometry: sq(116, 0), Status: report.StatusCovered, Population: &pop, TravelTimeMin: &tt,
			Statuses: []report.YearStatus{{Year: 2021, Status: report.StatusBlankSpot}, {Year: 2022, Status: report.StatusBlankSpot}, {Year: 2023, Status: report.StatusCovered}}},
		{Name: "Long Lalang", Kecamatan: "Tabang", Geometry: sq(116.1, 0), Status: report.StatusBlankSpot, NoLandAccess: true,
			Statuses: []report.YearStatus{{Year: 2021, Status: report.StatusBlankSpot}, {Year: 2022, Status: report.StatusBlankSpot}, {Year: 2023, Status: report.StatusBlankSpot}}},
		{Name: "Sebulu Ulu", Kecamatan: "Sebulu", Geometry: sq(116, 0.1), Status: report.StatusCovered,
			Statuses: []report.YearStatus{{Year: 2021, Status: report.StatusCovered}, {Year: 2022, Status: report.StatusCovered}, {Year: 2023, Status: report.StatusCovered}}},
		{Name: "Senoni", Kecamatan: "Sebulu", Geometry: sq(116.1, 0.1), Status: report.StatusCovered,
			Statuses: []report.YearStatus{{Year: 2021, Status: report.StatusBlankSpot}, {Year: 2022, Status: report.StatusCovered}, {Year: 2023, Status: report.StatusCovered}}},
	}
	return &report.Report{
		Title: "Kukar Tanpa Blank Spot " + evilName, Region: "Kabupaten Kutai Kartanegara", Lang: "en",
		Years: []int{2021, 2022, 2023}, LatestYear: 2023, Model: "radius",
		Indicators: []report.IndicatorSeries{{Key: report.IndicatorVillagesWithSignal, Unit: "count", HigherIsBetter: true, Total: 4,
			Values: []report.YearValue{{Year: 2021, Value: 1}, {Year: 2022, Value: 2}, {Year: 2023, Value: 3}}}},
		Priorities: []report.PriorityRow{
			{Rank: 1, Name: "Long Lalang", Kecamatan: "Tabang", Score: 0.8, Intervention: "vsat",
				Parts: []report.ReasonPart{{Factor: "uncovered_population", Value: 700}, {Factor: "no_land_access", Value: 1}}},
			{Rank: 2, Name: evilName, Kecamatan: "Tabang", Score: 0.5, Intervention: "small_cell",
				Parts: []report.ReasonPart{{Factor: "uncovered_population", Value: 300}}},
		},
		Proposed: []report.ProposedSite{{Rank: 1, Village: "Long Lalang", Kecamatan: "Tabang", Lon: 116.15, Lat: 0.05, GainPopulation: 700, Stage: "blank_spots"}},
		Map: report.MapData{Villages: vs, Sites: []orb.Point{{116.05, 0.15}}, Proposed: []orb.Point{{116.15, 0.05}},
			Rivers: []orb.LineString{{{116, 0.1}, {116.2, 0.1}}}},
	}
}

// helperJS is loaded into each page: finding a point of a shape the
// pointer reaches, and the layout check.
const helperJS = `window.kkt={
pointIn:function(el){el.scrollIntoView({block:"center"});var svg=el.ownerSVGElement,bb=el.getBBox(),m=el.getScreenCTM();
for(var gy=1;gy<10;gy++)for(var gx=1;gx<10;gx++){var p=svg.createSVGPoint();p.x=bb.x+bb.width*gx/10;p.y=bb.y+bb.height*gy/10;
if(el.isPointInFill&&!el.isPointInFill(p))continue;var s=p.matrixTransform(m);if(s.x<0||s.y<0||s.x>innerWidth||s.y>innerHeight)continue;
var hit=document.elementFromPoint(s.x,s.y);if(hit===el||(hit&&hit.parentNode===el))return[s.x,s.y];}return null;},
target:function(){var cand=[],seen={};document.querySelectorAll("tr[data-i]").forEach(function(r){var i=r.getAttribute("data-i");if(!seen[i]){seen[i]=1;cand.push(i);}});
document.querySelectorAll("svg.map .v[data-i]").forEach(function(e){var i=e.getAttribute("data-i");if(!seen[i]){seen[i]=1;cand.push(i);}});
var data=JSON.parse(document.querySelector("script.kkdata").textContent);
for(var k=0;k<cand.length;k++){var el=document.querySelector('svg.map .v[data-i="'+cand[k]+'"]');if(!el)continue;var p=kkt.pointIn(el);
if(p)return JSON.stringify({i:+cand[k],x:p[0],y:p[1],name:data.items[+cand[k]].n,rows:document.querySelectorAll('tr[data-i="'+cand[k]+'"]').length});}
return "null";},
tip:function(){var t=document.querySelector(".kktip");return t&&!t.hidden&&t.getBoundingClientRect().width>0?t.textContent:"";},
wide:function(){var w=document.documentElement.clientWidth,bad=[];
function clipped(e){for(var a=e.parentElement;a&&a!==document.body;a=a.parentElement){var o=getComputedStyle(a).overflowX;if(o!=="visible")return true;}return false;}
document.querySelectorAll("body *").forEach(function(e){var r=e.getBoundingClientRect();if(r.width===0&&r.height===0)return;
if((r.right>w+1||r.left<-1)&&!clipped(e))bad.push(e.tagName.toLowerCase()+(e.className&&e.className.baseVal===undefined&&e.className?"."+e.className:"")+" "+Math.round(r.left)+".."+Math.round(r.right));});
return JSON.stringify({doc:document.documentElement.scrollWidth,w:w,bad:bad.slice(0,10)});}
};"ok"`

type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	messages []string
	dialogs  []string
}

func newBrowser(t *testing.T) *browser {
	exe := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1280, 800))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	b := &browser{ctx: ctx}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`1`)); err != nil {
		t.Skipf("e2e: chromium does not start (%v); browser checks skipped", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				b.mu.Lock()
				b.messages = append(b.messages, m.String())
				b.mu.Unlock()
			}
		}
	}()
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return b
}

func (b *browser) eval(t *testing.T, js string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("evaluate %.60q: %v", js, err)
	}
	return s
}

func (b *browser) do(t *testing.T, as ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, as...); err != nil {
		t.Fatal(err)
	}
}

type pageWant struct {
	file  string // the page
	name  string // screenshots' base name
	years bool   // the page must have a year slider
	evil  bool   // the page holds evilName
}

// checkPage runs every check on one page.
func checkPage(t *testing.T, b *browser, w pageWant, out string) {
	b.mu.Lock()
	b.messages, b.dialogs = nil, nil
	b.mu.Unlock()
	b.do(t, chromedp.EmulateViewport(1280, 800), chromedp.Navigate("file://"+w.file))
	b.eval(t, helperJS)

	// hover a village: the tooltip shows its name
	var tg struct {
		I    int
		X, Y float64
		Name string
		Rows int
	}
	s := b.eval(t, `kkt.target()`)
	if err := json.Unmarshal([]byte(s), &tg); err != nil || s == "null" {
		t.Fatalf("%s: no village the pointer can reach (%s)", w.name, s)
	}
	b.do(t, chromedp.MouseEvent(chromedp.MouseMoved, tg.X, tg.Y))
	if tip := b.eval(t, `kkt.tip()`); !strings.Contains(tip, tg.Name) {
		t.Errorf("%s: hover on village %d: tooltip %q lacks %q", w.name, tg.I, tip, tg.Name)
	} else {
		t.Logf("%s: hover on %q: tooltip %q", w.name, tg.Name, tip)
	}

	// click it: its rows are highlighted
	b.do(t, chromedp.MouseClickXY(tg.X, tg.Y))
	sel := b.eval(t, fmt.Sprintf(`String(document.querySelectorAll('tr.sel[data-i="%d"]').length)+"/"+document.querySelectorAll('svg.map .sel[data-i="%d"]').length`, tg.I, tg.I))
	if tg.Rows > 0 && !strings.HasPrefix(sel, fmt.Sprint(tg.Rows)+"/") || !strings.HasSuffix(sel, "/1") {
		t.Errorf("%s: click on village %d: highlighted rows/shapes %s, want %d/1", w.name, tg.I, sel, tg.Rows)
	}
	if tg.Rows == 0 {
		t.Errorf("%s: village %d has no row to highlight", w.name, tg.I)
	}

	// a row highlights its village: click the last linked row
	row := b.eval(t, `(function(){var rs=document.querySelectorAll("tr[data-i]"),r=rs[rs.length-1];r.scrollIntoView({block:"center"});var b=r.cells[0].getBoundingClientRect();return JSON.stringify([+r.getAttribute("data-i"),b.left+b.width/2,b.top+b.height/2]);})()`)
	var rr [3]float64
	json.Unmarshal([]byte(row), &rr)
	b.do(t, chromedp.MouseClickXY(rr[1], rr[2]))
	if got := b.eval(t, fmt.Sprintf(`String(document.querySelectorAll('svg.map .sel[data-i="%d"]').length)+" "+document.querySelectorAll('tr.sel').length`, int(rr[0]))); strings.HasPrefix(got, "0 ") {
		t.Errorf("%s: click on the row of item %d highlights no shape (%s)", w.name, int(rr[0]), got)
	}

	// keyboard: focus the village, Enter shows the tooltip
	b.eval(t, `document.querySelector(".kktip").hidden=true;document.querySelector('svg.map .v[data-i="`+fmt.Sprint(tg.I)+`"]').focus();"ok"`)
	b.do(t, chromedp.KeyEvent("\r"))
	if tip := b.eval(t, `kkt.tip()`); !strings.Contains(tip, tg.Name) {
		t.Errorf("%s: Enter on the focused village: tooltip %q lacks %q", w.name, tip, tg.Name)
	}

	// wheel zoom changes the viewBox; so does the + button
	c := b.eval(t, `(function(){var s=document.querySelector("svg.map");s.scrollIntoView({block:"center"});var r=s.getBoundingClientRect();return JSON.stringify([r.left+r.width/2,r.top+r.height/2,s.getAttribute("viewBox")]);})()`)
	var cv []any
	json.Unmarshal([]byte(c), &cv)
	before := cv[2].(string)
	// the protocol wants deltaX even when it is 0, which the typed
	// parameters leave out: send the command as it is
	b.do(t, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		return tg.Call(ctx, "Input.dispatchMouseEvent", map[string]any{"type": "mouseWheel", "x": cv[0], "y": cv[1], "deltaX": 0, "deltaY": -240}, nil)
	}))
	time.Sleep(100 * time.Millisecond)
	after := b.eval(t, `document.querySelector("svg.map").getAttribute("viewBox")`)
	if after == before {
		t.Errorf("%s: wheel zoom left the viewBox at %q", w.name, before)
	} else {
		t.Logf("%s: wheel zoom: viewBox %q -> %q", w.name, before, after)
	}
	// drag pans
	x, y := cv[0].(float64), cv[1].(float64)
	b.do(t, chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, x+40, y+30, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseMoved, x+80, y+60, chromedp.ButtonLeft),
		chromedp.MouseEvent(chromedp.MouseReleased, x+80, y+60, chromedp.ButtonLeft))
	if panned := b.eval(t, `document.querySelector("svg.map").getAttribute("viewBox")`); panned == after {
		t.Errorf("%s: drag left the viewBox at %q", w.name, after)
	}
	b.eval(t, `document.querySelector('button[data-zoom="reset"]').click();"ok"`)

	// a layer toggled off hides
	lay := b.eval(t, `(function(){var c=document.querySelector('input[data-layer="sites"]')||document.querySelector('input[data-layer="proposed"]')||document.querySelector("input[data-layer]");
c.scrollIntoView({block:"center"});var r=c.getBoundingClientRect();return JSON.stringify([c.getAttribute("data-layer"),r.left+r.width/2,r.top+r.height/2]);})()`)
	var lv []any
	json.Unmarshal([]byte(lay), &lv)
	layer := lv[0].(string)
	sels := map[string]string{"sites": ".kk-sites [data-i]", "proposed": ".kk-proposed [data-i]", "rivers": ".kk-rivers path", "hatch": ".kk-hatch path"}
	q, ok := sels[layer]
	if !ok {
		q = ".s-" + layer
	}
	vis := `(function(){var e=document.querySelector("svg.map ` + q + `");if(!e)return "none";var r=e.getBoundingClientRect();return r.width===0&&r.height===0?"none (no box)":getComputedStyle(e).display+" "+Math.round(r.width*10);})()`
	if v := b.eval(t, vis); strings.HasPrefix(v, "none") {
		t.Errorf("%s: layer %s hidden before the toggle (%s)", w.name, layer, v)
	}
	b.do(t, chromedp.MouseClickXY(lv[1].(float64), lv[2].(float64)))
	if v := b.eval(t, vis); !strings.HasPrefix(v, "none") {
		t.Errorf("%s: layer %s still shown after its checkbox (%s)", w.name, layer, v)
	} else {
		t.Logf("%s: layer %q hidden by its checkbox", w.name, layer)
	}
	b.do(t, chromedp.MouseClickXY(lv[1].(float64), lv[2].(float64)))

	// the year slider changes a village's colour
	hasYears := b.eval(t, `String(!!document.querySelector(".kkyear input"))`) == "true"
	switch {
	case hasYears:
		r := b.eval(t, `(function(){var d=JSON.parse(document.querySelector("script.kkdata").textContent),n=d.years.length,i=-1;
d.items.forEach(function(it,k){if(i<0&&it.y&&it.y[0]!==it.y[n-1])i=k;});if(i<0)return "no village changes";
var e=document.querySelector('svg.map .v[data-i="'+i+'"]'),s=document.querySelector(".kkyear input"),a=getComputedStyle(e).fill;
s.focus();return JSON.stringify([i,a]);})()`)
		var yv []any
		if err := json.Unmarshal([]byte(r), &yv); err != nil {
			t.Fatalf("%s: year slider: %s", w.name, r)
		}
		b.do(t, chromedp.KeyEvent("\u0306")) // Home: the first year
		got := b.eval(t, fmt.Sprintf(`getComputedStyle(document.querySelector('svg.map .v[data-i="%d"]')).fill+" | "+document.querySelector(".kkyear output").textContent`, int(yv[0].(float64))))
		if strings.HasPrefix(got, yv[1].(string)+" |") {
			t.Errorf("%s: year slider to the first year left village %v at %s", w.name, yv[0], got)
		} else {
			t.Logf("%s: year slider: village %v fill %s -> %s", w.name, yv[0], yv[1], got)
		}
	case w.years:
		t.Errorf("%s: no year slider", w.name)
	default:
		t.Logf("%s: no year slider (no village status per year in this page)", w.name)
	}

	if w.evil {
		// the name stays text: in the table, the SVG and the tooltip
		got := b.eval(t, `(function(){var n=`+fmt.Sprintf("%q", evilName)+`,cell=false,title=false;
document.querySelectorAll("td").forEach(function(td){if(td.textContent===n)cell=true;});
document.querySelectorAll("svg.map title").forEach(function(x){if(x.textContent.indexOf(n)===0)title=true;});
return [document.scripts.length,cell,title].join(" ");})()`)
		if got != "2 true true" {
			t.Errorf("%s: script-like name: scripts, in a cell, in an SVG title = %s, want 2 true true", w.name, got)
		}
		focused := b.eval(t, `(function(){var e=document.querySelector('svg.map .v[aria-label^="<script>"]');e.focus();return document.activeElement.getAttribute("aria-label");})()`)
		b.do(t, chromedp.KeyEvent("\r"))
		if tip := b.eval(t, `kkt.tip()`); !strings.Contains(tip, evilName) {
			t.Errorf("%s: tooltip %q lacks the name as text (focus on %q)", w.name, tip, focused)
		}
	}

	// both widths: nothing wider than the viewport; screenshots
	for _, vp := range [][2]int64{{1280, 800}, {390, 844}} {
		b.do(t, chromedp.EmulateViewport(vp[0], vp[1]), chromedp.Navigate("file://"+w.file))
		b.eval(t, helperJS)
		wide := b.eval(t, `kkt.wide()`)
		var wr struct {
			Doc, W int
			Bad    []string
		}
		json.Unmarshal([]byte(wide), &wr)
		if wr.Doc > wr.W || len(wr.Bad) > 0 {
			t.Errorf("%s at %d px: page %d px wide; wider than the viewport: %v", w.name, vp[0], wr.Doc, wr.Bad)
		}
		shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(out, fmt.Sprintf("%s-%d.png", w.name, vp[0]))
		os.WriteFile(p, shot, 0o644)
		b.eval(t, `document.querySelector("svg.map").scrollIntoView({block:"start"});"ok"`)
		if shot, err = chromedp.Run(b.ctx, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(filepath.Join(out, fmt.Sprintf("%s-%d-map.png", w.name, vp[0])), shot, 0o644)
		}
		if full, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(out, fmt.Sprintf("%s-%d-full.png", w.name, vp[0])), full, 0o644)
		}
		t.Logf("%s at %dx%d: page width %d px, screenshot %s", w.name, vp[0], vp[1], wr.Doc, p)
	}

	// a phone: a tap shows the tooltip
	b.do(t, chromedp.EmulateViewport(390, 844, chromedp.EmulateTouch, chromedp.EmulateMobile), chromedp.Navigate("file://"+w.file))
	b.eval(t, helperJS)
	s = b.eval(t, `kkt.target()`)
	if err := json.Unmarshal([]byte(s), &tg); err != nil || s == "null" {
		t.Errorf("%s at 390 px: no village a finger can reach (%s)", w.name, s)
	} else {
		b.do(t, chromedp.TapXY(tg.X, tg.Y))
		time.Sleep(100 * time.Millisecond)
		if tip := b.eval(t, `kkt.tip()`); !strings.Contains(tip, tg.Name) {
			t.Errorf("%s at 390 px: tap on village %d: tooltip %q lacks %q", w.name, tg.I, tip, tg.Name)
		} else {
			t.Logf("%s at 390 px: tap on %q shows its tooltip", w.name, tg.Name)
		}
	}

	time.Sleep(200 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.messages) > 0 {
		t.Errorf("%s: console errors: %s", w.name, strings.Join(b.messages, "\n"))
	}
	if len(b.dialogs) > 0 {
		t.Errorf("%s: the page opened dialogs: %q", w.name, b.dialogs)
	}
}

func TestPages(t *testing.T) {
	chromiumPath(t)
	out := outDir(t)
	bin := kukarcli(t, t.TempDir())
	laporan := filepath.Join(out, "map-laporan.html")
	rank := filepath.Join(out, "rank.html")
	run(t, bin, "report", "--example", "-q", "-o", laporan, "--overwrite")
	run(t, bin, "rank", "--example", "-q", "-o", rank, "--overwrite")
	// every analysis command's page, from the example
	pages := []pageWant{{file: laporan, name: "laporan"}, {file: rank, name: "rank"}}
	for _, c := range [][]string{
		{"coverage", "--example", "--year", "2022"},
		{"gaps", "--example", "--year", "2022"},
		{"access", "--example"},
		{"plan", "--example", "-k", "5"},
	} {
		f := filepath.Join(out, c[0]+".html")
		run(t, bin, append(append([]string{c[0]}, c[1:]...), "-q", "-o", f, "--overwrite")...)
		pages = append(pages, pageWant{file: f, name: c[0]})
	}
	years := filepath.Join(out, "years.html")
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, yearsReport()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(years, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, w := range pages {
		f := w.file
		if st, err := os.Stat(f); err == nil {
			t.Logf("%s: %d bytes", filepath.Base(f), st.Size())
			if st.Size() > 1500000 {
				t.Errorf("%s: %d bytes, over 1.5 MB", f, st.Size())
			}
		}
	}
	b := newBrowser(t)
	for _, w := range append(pages, pageWant{file: years, name: "years", years: true, evil: true}) {
		t.Run(w.name, func(t *testing.T) { checkPage(t, b, w, out) })
	}
}
