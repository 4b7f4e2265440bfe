package report

import (
	"encoding/json"
	"math"
	"strings"
)

// The explorable map: every village, site and proposed site on the SVG
// map carries an index (data-i) into a JSON block written next to it,
// and a small script (mapJS) adds a tooltip, zoom and pan by changing
// the viewBox, layer checkboxes, a year slider and the link between the
// map and the table rows (tr data-i). Everything is inline: the page
// needs no network and works from file://. Without the script the map
// is the same static SVG as before, with a <title> per shape.

// YearStatus is a village's map status in one year.
type YearStatus struct {
	Year   int
	Status string
}

// mapItem is one shape's tooltip, formatted in the page's language.
// JSON keeps it small: n name, c status key (villages), k kecamatan,
// y status key per year of mapDoc.Years, f further label/value pairs.
type mapItem struct {
	N string      `json:"n"`
	C string      `json:"c,omitempty"`
	K string      `json:"k,omitempty"`
	Y []string    `json:"y,omitempty"`
	F [][2]string `json:"f,omitempty"`
}

// mapDoc is the JSON block of one map.
type mapDoc struct {
	Years  []int             `json:"years,omitempty"`
	Labels map[string]string `json:"labels"`
	Status map[string]string `json:"status"`
	Items  []mapItem         `json:"items"`
}

// mapStatuses are the village classes in legend and layer order.
var mapStatuses = []string{StatusCovered, StatusBlankSpot, StatusNoLandAccess, "other"}

// statusKey is the CSS class key of a status.
func statusKey(s string) string {
	switch s {
	case StatusCovered, StatusBlankSpot, StatusNoLandAccess:
		return s
	}
	return "other"
}

func (l locale) newMapDoc() mapDoc {
	d := mapDoc{Labels: map[string]string{
		"kecamatan": l.t("col.kecamatan"),
		"status":    l.t("col.status"),
	}, Status: map[string]string{}}
	for _, s := range mapStatuses {
		d.Status[s] = l.statusName(s)
	}
	return d
}

// villageIndex finds map villages by code, by name within a kecamatan
// and by a name no other map village has.
type villageIndex struct {
	byID, byNameKec, byName map[string]int
}

func newVillageIndex(vs []MapVillage) villageIndex {
	x := villageIndex{map[string]int{}, map[string]int{}, map[string]int{}}
	for i, v := range vs {
		if v.ID != "" {
			x.byID[v.ID] = i
		}
		if v.Kecamatan != "" {
			x.byNameKec[v.Name+"\x00"+v.Kecamatan] = i
		}
		if _, dup := x.byName[v.Name]; dup {
			x.byName[v.Name] = -1
		} else {
			x.byName[v.Name] = i
		}
	}
	return x
}

// find returns the map village of a table row, or -1.
func (x villageIndex) find(id, name, kec string) int {
	if i, ok := x.byID[id]; ok && id != "" {
		return i
	}
	if i, ok := x.byNameKec[name+"\x00"+kec]; ok {
		return i
	}
	if i, ok := x.byName[name]; ok {
		return i
	}
	return -1
}

// reportMap gathers the tooltips of the report's map: the villages with
// what the priority list and the river table know about them, the
// existing towers and the proposed sites. Item i is village i, then
// site i-len(Villages), then proposed site.
func (l locale) reportMap(r *Report) (mapDoc, villageIndex) {
	m := &r.Map
	d := l.newMapDoc()
	x := newVillageIndex(m.Villages)
	prio := make([]*PriorityRow, len(m.Villages))
	for i := range r.Priorities {
		p := &r.Priorities[i]
		if j := x.find(p.ID, p.Name, p.Kecamatan); j >= 0 && prio[j] == nil {
			prio[j] = p
		}
	}
	river := make([]*RiverVillage, len(m.Villages))
	for i := range r.NoLandAccess {
		v := &r.NoLandAccess[i]
		if j := x.find("", v.Name, v.Kecamatan); j >= 0 && river[j] == nil {
			river[j] = v
		}
	}
	perYear := false
	for _, v := range m.Villages {
		if len(v.Statuses) > 0 {
			perYear = true
		}
	}
	if perYear && len(r.Years) > 1 {
		d.Years = r.Years
	}
	for i, v := range m.Villages {
		it := mapItem{N: v.Name, C: statusKey(v.Status), K: v.Kecamatan}
		if it.N == "" {
			it.N = l.t("col.village")
		}
		p, rv := prio[i], river[i]
		if it.K == "" && p != nil {
			it.K = p.Kecamatan
		}
		if it.K == "" && rv != nil {
			it.K = rv.Kecamatan
		}
		if d.Years != nil {
			for _, y := range d.Years {
				s := ""
				for _, ys := range v.Statuses {
					if ys.Year == y {
						s = statusKey(ys.Status)
					}
				}
				if s == "" && y == r.latestYear() {
					s = it.C
				}
				if s == "" {
					s = "other"
				}
				it.Y = append(it.Y, s)
			}
		}
		if v.Population != nil {
			it.F = append(it.F, [2]string{l.t("col.population"), l.num(*v.Population, 0)})
		}
		travel := math.NaN()
		switch {
		case v.TravelTimeMin != nil:
			travel = *v.TravelTimeMin * 60
		case rv != nil && finite(rv.TravelTimeMin):
			travel = rv.TravelTimeMin * 60
		case p != nil:
			for _, part := range p.Parts {
				if part.Factor == "remoteness" {
					travel = part.Value
				}
			}
		}
		if finite(travel) {
			it.F = append(it.F, [2]string{l.t("tip.travel"), l.duration(travel)})
		}
		if v.NoLandAccess {
			it.F = append(it.F, [2]string{l.t("col.no_land_access"), l.t("val.yes")})
		}
		if p != nil {
			it.F = append(it.F, [2]string{l.t("tip.priority"), itoa(p.Rank)})
			if why := l.reasons(p.Parts); why != "" {
				it.F = append(it.F, [2]string{l.t("col.reasons"), why})
			}
			if p.Intervention != "" {
				it.F = append(it.F, [2]string{l.t("col.intervention"), l.interventionName(p.Intervention)})
			}
		}
		d.Items = append(d.Items, it)
	}
	for _, s := range m.Sites {
		d.Items = append(d.Items, mapItem{N: l.t("map.site"), F: [][2]string{{l.t("tip.position"), l.coord(s[1]) + "; " + l.coord(s[0])}}})
	}
	for i, s := range m.Proposed {
		it := mapItem{N: l.t("map.proposed_one") + " " + itoa(i+1)}
		if i < len(r.Proposed) {
			p := &r.Proposed[i]
			it.N = l.t("map.proposed_one") + " " + itoa(p.Rank)
			it.K = p.Kecamatan
			if p.Village != "" {
				it.F = append(it.F, [2]string{l.t("col.village"), p.Village})
			}
			it.F = append(it.F, [2]string{l.t("col.gain"), l.num(p.GainPopulation, 0)})
			if len(p.Villages) > 0 {
				it.F = append(it.F, [2]string{l.t("col.newly_covered"), strings.Join(p.Villages, ", ")})
			}
		}
		it.F = append(it.F, [2]string{l.t("tip.position"), l.coord(s[1]) + "; " + l.coord(s[0])})
		d.Items = append(d.Items, it)
	}
	return d, x
}

// mapDataJSON writes the JSON block; encoding/json escapes <, > and &,
// so no name can end the script element.
func mapDataJSON(d mapDoc) string {
	b, err := json.Marshal(d)
	if err != nil {
		return "{}"
	}
	return `<script type="application/json" class="kkdata">` + string(b) + `</script>`
}

// mapControlsHTML are the zoom buttons, the layer checkboxes (only the
// layers the map has) and the year slider (when the villages have a
// status per year).
func (l locale) mapControlsHTML(m *MapData, d mapDoc, latest int) string {
	var b strings.Builder
	b.WriteString(`<div class="kkctl">`)
	b.WriteString(`<span class="kkzoom"><button type="button" data-zoom="in" aria-label="` + h(l.t("map.zoom_in")) + `" title="` + h(l.t("map.zoom_in")) + `">+</button>`)
	b.WriteString(`<button type="button" data-zoom="out" aria-label="` + h(l.t("map.zoom_out")) + `" title="` + h(l.t("map.zoom_out")) + `">−</button>`)
	b.WriteString(`<button type="button" data-zoom="reset">` + h(l.t("map.reset")) + `</button></span>`)
	b.WriteString(`<fieldset class="kklayers"><legend>` + h(l.t("map.layers")) + `</legend>`)
	box := func(key, label string) {
		b.WriteString(`<label><input type="checkbox" data-layer="` + key + `" checked> ` + h(label) + `</label>`)
	}
	has := map[string]bool{}
	hatch := false
	for i, v := range m.Villages {
		has[statusKey(v.Status)] = true
		if i < len(d.Items) {
			for _, s := range d.Items[i].Y {
				has[s] = true
			}
		}
		hatch = hatch || v.NoLandAccess
	}
	for _, s := range mapStatuses {
		if has[s] {
			box(s, l.statusName(s))
		}
	}
	if hatch {
		box("hatch", l.t("map.hatch"))
	}
	if len(m.Sites) > 0 {
		box("sites", l.t("map.sites"))
	}
	if len(m.Proposed) > 0 {
		box("proposed", l.t("map.proposed"))
	}
	if len(m.Rivers) > 0 {
		box("rivers", l.t("map.rivers"))
	}
	if len(m.Isochrones) > 0 {
		box("reach", l.t("map.reach"))
	}
	b.WriteString(`</fieldset>`)
	if n := len(d.Years); n > 1 {
		sel := n - 1
		for i, y := range d.Years {
			if y == latest {
				sel = i
			}
		}
		b.WriteString(`<label class="kkyear">` + h(l.t("col.year")) + ` <input type="range" min="0" max="` + itoa(n-1) + `" step="1" value="` + itoa(sel) + `" aria-valuetext="` + itoa(d.Years[sel]) + `"> <output>` + itoa(d.Years[sel]) + `</output></label>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// interactiveMap wraps a map SVG with its controls, tooltip and data.
func (l locale) interactiveMap(m *MapData, d mapDoc, svg, legend, caption string, latest int) string {
	var b strings.Builder
	b.WriteString(`<figure class="mapfig kkmap">` + "\n")
	if len(d.Items) > 0 {
		b.WriteString(l.mapControlsHTML(m, d, latest) + "\n")
	}
	b.WriteString(`<div class="kkview">` + svg + `<div class="kktip" role="status" aria-live="polite" hidden></div></div>` + "\n")
	b.WriteString(`<p class="kkhelp">` + h(l.t("map.help")) + `</p>` + "\n")
	b.WriteString(`<figcaption>` + legend + caption + `</figcaption>` + "\n")
	b.WriteString(mapDataJSON(d) + "\n</figure>\n")
	return b.String()
}

// mapCSS styles the map: status fills by class (so the year slider can
// change them), highlights, controls, tooltip. The fills differ in
// lightness as well as hue, and blank spots carry a dot pattern, so the
// classes stay apart in grayscale and for colour-blind readers.
const mapCSS = `.kkmap{position:relative}
.kkview{position:relative;overflow:hidden}
.kkmap svg.map{touch-action:none;cursor:grab}
.kkmap svg.map.kkdrag{cursor:grabbing}
.kkmap .s-covered{fill:` + colCovered + `}
.kkmap .s-blank_spot{fill:url(#kk-blank)}
.kkmap .s-no_land_access{fill:` + colNoLandAccess + `}
.kkmap .s-other{fill:` + colOther + `}
.kkmap [data-i]:focus{outline:none}
.kkmap .v:focus,.kkmap .v.sel{stroke:#000000;stroke-width:2.5px;vector-effect:non-scaling-stroke}
.kkmap .pt.sel,.kkmap .pt:focus{stroke:#ffcc00;stroke-width:2.5px}
.kkmap svg.hide-covered .s-covered,.kkmap svg.hide-blank_spot .s-blank_spot,.kkmap svg.hide-no_land_access .s-no_land_access,.kkmap svg.hide-other .s-other,.kkmap svg.hide-hatch .kk-hatch,.kkmap svg.hide-sites .kk-sites,.kkmap svg.hide-proposed .kk-proposed,.kkmap svg.hide-rivers .kk-rivers,.kkmap svg.hide-reach .kk-reach{display:none}
.kkctl{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:center;margin:.3rem 0;font-size:.85rem}
.kkctl button{font:inherit;min-width:2.2rem;min-height:2.2rem;padding:0 .5rem;border:1px solid #777777;border-radius:4px;background:#ffffff;color:#1a1a1a;cursor:pointer}
.kkctl button:focus-visible,.kkctl input:focus-visible,.kktable button:focus-visible{outline:3px solid #1f5fbf;outline-offset:1px}
.kkzoom{display:flex;gap:.3rem}
.kklayers{display:flex;flex-wrap:wrap;gap:.2rem .8rem;border:1px solid #dddddd;border-radius:4px;padding:.2rem .6rem;margin:0;min-width:0}
.kklayers legend{padding:0 .2rem;color:#555555}
.kklayers label{white-space:nowrap}
.kkyear{display:flex;align-items:center;gap:.4rem}
.kkyear input{width:10rem;max-width:40vw}
.kkhelp{color:#555555;font-size:.8rem;margin:.2rem 0}
.kktip{position:absolute;z-index:5;max-width:min(20rem,90%);background:#ffffff;color:#1a1a1a;border:1px solid #333333;border-radius:4px;padding:.4rem .6rem;font-size:.85rem;box-shadow:0 2px 6px rgba(0,0,0,.25);pointer-events:none;overflow-wrap:anywhere}
.kktip strong{display:block;margin-bottom:.15rem}
.kktip dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:0 .5rem}
.kktip dt{color:#555555}
.kktip dd{margin:0}
tr[data-i]{cursor:pointer}
tr.sel td,.scroll tr.sel td:first-child{background:#ffe58a}
tr.sel{outline:2px solid #000000}
.kkfilter{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.4rem 0;font-size:.9rem}
.kkfilter input{font:inherit;padding:.2rem .4rem;min-width:0;width:16rem;max-width:100%}
.kktable th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;color:inherit;cursor:pointer;text-align:inherit}
.kktable th[aria-sort=ascending] button::after{content:" ▲"}
.kktable th[aria-sort=descending] button::after{content:" ▼"}
@media print{.kkctl,.kktip,.kkhelp,.kkfilter{display:none}.kkmap svg.map{cursor:auto}}
`

// mapJS is the map's behaviour; plain JavaScript, no library.
const mapJS = `(function(){"use strict";
function q(s,r){return (r||document).querySelectorAll(s);}
function each(l,f){Array.prototype.forEach.call(l,f);}
function init(box){
var svg=box.querySelector("svg.map"),el=box.querySelector("script.kkdata"),tip=box.querySelector(".kktip");
if(!svg||!el||!tip)return;
var data=JSON.parse(el.textContent),items=data.items||[],labels=data.labels||{},st=data.status||{};
var vb=svg.viewBox.baseVal,full=[vb.x,vb.y,vb.width,vb.height],cur=full.slice(),yi=data.years?data.years.length-1:-1,pinned=-1;
var yr=box.querySelector(".kkyear input");if(yr)yi=+yr.value;
function r2(v){return Math.round(v*100)/100;}
function setVB(v){var w=Math.min(full[2],Math.max(full[2]/64,v[2])),k=w/v[2],hh=v[3]*k;
var x=v[0]+(v[2]-w)/2,y=v[1]+(v[3]-hh)/2;
x=Math.max(full[0]-w/2,Math.min(full[0]+full[2]-w/2,x));y=Math.max(full[1]-hh/2,Math.min(full[1]+full[3]-hh/2,y));
cur=[x,y,w,hh];svg.setAttribute("viewBox",cur.map(r2).join(" "));}
function toSVG(cx,cy){var m=svg.getScreenCTM();if(!m)return[cur[0]+cur[2]/2,cur[1]+cur[3]/2];var p=svg.createSVGPoint();p.x=cx;p.y=cy;p=p.matrixTransform(m.inverse());return[p.x,p.y];}
function zoomAt(f,px,py,from){var v=from||cur;setVB([px-(px-v[0])/f,py-(py-v[1])/f,v[2]/f,v[3]/f]);}
function zoomMid(f){zoomAt(f,cur[0]+cur[2]/2,cur[1]+cur[3]/2);}
each(q("button[data-zoom]",box),function(b){b.addEventListener("click",function(){var z=b.getAttribute("data-zoom");if(z==="in")zoomMid(1.5);else if(z==="out")zoomMid(1/1.5);else setVB(full.slice());});});
svg.addEventListener("wheel",function(e){e.preventDefault();var p=toSVG(e.clientX,e.clientY);zoomAt(e.deltaY<0?1.25:0.8,p[0],p[1]);},{passive:false});
var ptr={},drag=null,moved=false,pinch=null;
function npt(){return Object.keys(ptr).length;}
svg.addEventListener("pointerdown",function(e){ptr[e.pointerId]=[e.clientX,e.clientY];moved=false;
var m=svg.getScreenCTM(),k=m?m.a:1;
if(npt()===1){drag={x:e.clientX,y:e.clientY,v:cur.slice(),k:k};pinch=null;}
else if(npt()===2){var a=[],id;for(id in ptr)a.push(ptr[id]);
pinch={d:Math.hypot(a[0][0]-a[1][0],a[0][1]-a[1][1])||1,c:toSVG((a[0][0]+a[1][0])/2,(a[0][1]+a[1][1])/2),v:cur.slice()};drag=null;}});
svg.addEventListener("pointermove",function(e){if(!ptr[e.pointerId])return;ptr[e.pointerId]=[e.clientX,e.clientY];
if(pinch&&npt()===2){var a=[],id;for(id in ptr)a.push(ptr[id]);moved=true;zoomAt(Math.hypot(a[0][0]-a[1][0],a[0][1]-a[1][1])/pinch.d,pinch.c[0],pinch.c[1],pinch.v);return;}
if(!drag)return;var dx=e.clientX-drag.x,dy=e.clientY-drag.y;
if(!moved&&Math.abs(dx)+Math.abs(dy)<5)return;
if(!moved){moved=true;svg.classList.add("kkdrag");try{svg.setPointerCapture(e.pointerId);}catch(err){}}
setVB([drag.v[0]-dx/drag.k,drag.v[1]-dy/drag.k,drag.v[2],drag.v[3]]);});
function up(e){delete ptr[e.pointerId];if(npt()<2)pinch=null;if(npt()===0){drag=null;svg.classList.remove("kkdrag");}}
svg.addEventListener("pointerup",up);svg.addEventListener("pointercancel",up);
function status(i){var it=items[i];if(!it||!it.c)return "";return it.y&&yi>=0&&it.y[yi]?it.y[yi]:it.c;}
function show(i,cx,cy){var it=items[i];if(!it){hide();return;}
while(tip.firstChild)tip.removeChild(tip.firstChild);
var s=document.createElement("strong");s.textContent=it.n;tip.appendChild(s);
var dl=document.createElement("dl"),rows=[];
if(it.k)rows.push([labels.kecamatan,it.k]);
if(it.c){var t=st[status(i)]||status(i);if(data.years&&yi>=0)t+=" ("+data.years[yi]+")";rows.push([labels.status,t]);}
(it.f||[]).forEach(function(f){rows.push(f);});
rows.forEach(function(rw){var dt=document.createElement("dt"),dd=document.createElement("dd");dt.textContent=rw[0];dd.textContent=rw[1];dl.appendChild(dt);dl.appendChild(dd);});
tip.appendChild(dl);tip.hidden=false;
var vr=tip.parentNode.getBoundingClientRect(),w=tip.offsetWidth,hh=tip.offsetHeight;
var x=cx-vr.left+14,y=cy-vr.top+14;if(x+w>vr.width)x=Math.max(0,cx-vr.left-w-14);if(y+hh>vr.height)y=Math.max(0,cy-vr.top-hh-14);
tip.style.left=x+"px";tip.style.top=y+"px";}
function hide(){tip.hidden=true;}
function shapes(i){return q('[data-i="'+i+'"]',svg);}
function select(i){each(q(".sel",svg),function(n){n.classList.remove("sel");});each(q("tr.sel"),function(n){n.classList.remove("sel");});
pinned=i;if(i<0)return;each(shapes(i),function(n){n.classList.add("sel");});each(q('tr[data-i="'+i+'"]'),function(n){n.classList.add("sel");});}
function at(n){var b=n.getBoundingClientRect();return[b.left+b.width/2,b.top+b.height/2];}
function target(e){var n=e.target;while(n&&n!==svg){if(n.getAttribute&&n.hasAttribute("data-i"))return n;n=n.parentNode;}return null;}
svg.addEventListener("pointerover",function(e){var n=target(e);if(n&&!drag&&pinned<0)show(+n.getAttribute("data-i"),e.clientX,e.clientY);});
svg.addEventListener("pointerout",function(e){var n=target(e);if(n&&pinned<0)hide();});
svg.addEventListener("click",function(e){if(moved){moved=false;return;}var n=target(e);if(!n){select(-1);hide();return;}
var i=+n.getAttribute("data-i");select(i);show(i,e.clientX,e.clientY);});
svg.addEventListener("keydown",function(e){var n=target(e);if(!n)return;
if(e.key==="Enter"||e.key===" "){e.preventDefault();var i=+n.getAttribute("data-i"),p=at(n);select(i);show(i,p[0],p[1]);}
else if(e.key==="Escape"){select(-1);hide();}});
svg.addEventListener("focusout",function(){if(pinned<0)hide();});
each(q("tr[data-i]"),function(tr){tr.addEventListener("click",function(){var i=+tr.getAttribute("data-i"),s=shapes(i);select(i);
if(s.length){var p=at(s[0]),vr=svg.getBoundingClientRect();if(p[1]>=vr.top&&p[1]<=vr.bottom)show(i,p[0],p[1]);else hide();}});});
each(q("input[data-layer]",box),function(c){c.addEventListener("change",function(){svg.classList.toggle("hide-"+c.getAttribute("data-layer"),!c.checked);});});
if(yr){var out=box.querySelector(".kkyear output");yr.addEventListener("input",function(){yi=+yr.value;var y=data.years[yi];out.textContent=y;yr.setAttribute("aria-valuetext",y);
each(q("[data-i].v",svg),function(n){var i=+n.getAttribute("data-i");n.classList.remove("s-covered","s-blank_spot","s-no_land_access","s-other");n.classList.add("s-"+status(i));});
if(pinned>=0&&!tip.hidden){var s=shapes(pinned);if(s.length){var p=at(s[0]);show(pinned,p[0],p[1]);}}});}
}
each(q(".kkmap"),init);
each(q("table.kktable"),function(t){var body=t.tBodies[0];if(!body)return;
each(q("thead th",t),function(th,col){var b=th.querySelector("button");if(!b)return;b.addEventListener("click",function(){
var dir=th.getAttribute("aria-sort")==="ascending"?-1:1,num=th.classList.contains("n");
each(q("thead th",t),function(o){o.setAttribute("aria-sort","none");});th.setAttribute("aria-sort",dir>0?"ascending":"descending");
var rows=Array.prototype.slice.call(body.rows);rows.forEach(function(r,k){r._k=k;});
rows.sort(function(a,b){var x=a.cells[col].textContent,y=b.cells[col].textContent,c;
if(num){var fx=parseFloat(x),fy=parseFloat(y);var bx=fx!==fx,by=fy!==fy;if(bx||by){c=bx&&by?0:bx?1:-1;return c||a._k-b._k;}c=fx<fy?-1:fx>fy?1:0;}
else c=x.localeCompare(y);return c*dir||a._k-b._k;});
rows.forEach(function(r){body.appendChild(r);});});});
var f=document.querySelector('input[data-filter="'+t.id+'"]'),n=document.querySelector('output[data-count="'+t.id+'"]');
if(f)f.addEventListener("input",function(){var s=f.value.toLowerCase(),k=0;each(body.rows,function(r){var ok=!s||r.textContent.toLowerCase().indexOf(s)>=0;r.hidden=!ok;if(ok)k++;});if(n)n.textContent=k;});});
})();
`
