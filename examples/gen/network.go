package main

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// roadlessPool lists, per kecamatan, the villages on the Mahakam, its lakes
// (Jempang, Semayang, Melintang) and the upper Belayan that are candidates
// for having no road. Villages too close to a road-served neighbour drop
// out, so the final set is smaller.
var roadlessPool = map[string][]string{
	"64.02.01": {"Jantur", "Jantur Selatan", "Jantur Baru", "Batuq", "Tanjung Batuq Harapan", "Muara Aloh", "Rebaq Rinding", "Pulau Harapan", "Perian", "Muara Leka", "Kayu Batu"},
	"64.02.18": {"Muara Wis", "Sebemban", "Melintang", "Enggelam", "Lebak Mantan", "Lebak Cilong", "Muara Enggelam"},
	"64.02.09": {"Teluk Bingkai", "Kahala", "Kahala Ilir", "Lamin Telihan"},
	"64.02.08": {"Sangkuliman", "Muhuran", "Pela", "Liang Ulu", "Kedang Murung"},
	"64.02.10": {"Muai", "Long Beleh Modang", "Long Beleh Haloq"},
	"64.02.12": {"Long Lalang", "Buluk Sen", "Umaq Dian", "Umaq Tukung"},
	"64.02.11": {"Muara Siran", "Sedulang"},
}

// chooseRoadless marks the pool's villages road-less, then returns to the
// road network any whose point lies within the margin of a road-served
// village's office (a road there would give it land access), until stable.
func (w *world) chooseRoadless() error {
	for i, v := range w.villages {
		if v.capital || w.released[i] {
			continue
		}
		for _, n := range roadlessPool[v.kodeKec] {
			if n == v.nama {
				v.roadless = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, v := range w.villages {
			if !v.roadless {
				continue
			}
			for _, u := range w.villages {
				if !u.roadless && distXY(v.repXY, u.officeXY) < roadlessMarginM {
					v.roadless = false
					changed = true
					break
				}
			}
		}
	}
	return nil
}

// isolatedCapital says a kecamatan capital could not be joined to the
// road network without passing a road-less village.
type isolatedCapital struct{ v int }

func (e *isolatedCapital) Error() string { return "gen: isolated capital" }

// roadNetwork chooses the road-less villages and builds the roads; when a
// capital cannot be joined, the road-less village nearest to it gets a
// road after all and the choice is made again.
func (w *world) roadNetwork() error {
	for {
		for _, v := range w.villages {
			v.roadless = false
		}
		w.roads = nil
		if err := w.chooseRoadless(); err != nil {
			return err
		}
		err := w.buildRoads()
		ic, ok := err.(*isolatedCapital)
		if !ok {
			return err
		}
		c := w.villages[ic.v]
		best := -1
		for i, v := range w.villages {
			if v.roadless && (best < 0 || distXY(v.repXY, c.officeXY) < distXY(w.villages[best].repXY, c.officeXY)) {
				best = i
			}
		}
		if best < 0 {
			return fmt.Errorf("gen: the capital of %s cannot be joined to the road network", c.kec)
		}
		w.released[best] = true
	}
}

// road is one illustrative road line.
type road struct {
	line    orb.LineString
	highway string
	kind    string // antar-kecamatan, desa, dermaga
}

type edge struct {
	a, b int
	d    float64
}

// clearOfRoadless tells whether the plane segment a–b keeps the margin
// from every road-less village's point.
func (w *world) clearOfRoadless(a, b orb.Point) bool {
	for _, v := range w.villages {
		if v.roadless && segDistM(v.repXY, a, b) < roadlessMarginM {
			return false
		}
	}
	return true
}

type unionFind []int

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	if ra < rb {
		u[rb] = ra
	} else {
		u[ra] = rb
	}
	return true
}

// buildRoads joins the kecamatan capitals by a minimum spanning tree of
// primary roads, the villages of each kecamatan by a minimum spanning tree
// of secondary/tertiary roads and tracks, then any village still apart by
// its shortest allowed link. No road comes within the margin of a
// road-less village. Roads run between office points, so they node there.
func (w *world) buildRoads() error {
	r := seed(3)
	n := len(w.villages)
	uf := make(unionFind, n)
	for i := range uf {
		uf[i] = i
	}
	kruskal := func(es []edge, class func(e edge) string) {
		sort.Slice(es, func(i, j int) bool {
			if es[i].d != es[j].d {
				return es[i].d < es[j].d
			}
			if es[i].a != es[j].a {
				return es[i].a < es[j].a
			}
			return es[i].b < es[j].b
		})
		for _, e := range es {
			if uf.find(e.a) == uf.find(e.b) {
				continue
			}
			va, vb := w.villages[e.a], w.villages[e.b]
			if !w.clearOfRoadless(va.officeXY, vb.officeXY) {
				continue
			}
			uf.union(e.a, e.b)
			w.roads = append(w.roads, road{line: orb.LineString{va.office, vb.office}, highway: class(e), kind: "desa"})
		}
	}
	pair := func(keep func(a, b *village) bool) []edge {
		var es []edge
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				a, b := w.villages[i], w.villages[j]
				if a.roadless || b.roadless || !keep(a, b) {
					continue
				}
				es = append(es, edge{i, j, distXY(a.officeXY, b.officeXY)})
			}
		}
		return es
	}
	kruskal(pair(func(a, b *village) bool { return a.capital && b.capital }), func(edge) string { return "primary" })
	for i := range w.roads {
		w.roads[i].kind = "antar-kecamatan"
	}
	kruskal(pair(func(a, b *village) bool { return a.kodeKec == b.kodeKec }), func(e edge) string {
		a, b := w.villages[e.a], w.villages[e.b]
		switch {
		case a.capital || b.capital:
			return "secondary"
		case e.d > 12000 || r.Float64() < 0.3:
			return "track"
		}
		return "tertiary"
	})
	kruskal(pair(func(a, b *village) bool { return true }), func(edge) string { return "tertiary" })
	// Every capital must be in the network of the regency seat,
	// Tenggarong; a village the tree could not reach without passing a
	// road-less village has no road either.
	root := uf.find(w.capitalOf["64.02.06"])
	for i, v := range w.villages {
		if v.capital && uf.find(i) != root {
			return &isolatedCapital{v: i}
		}
	}
	for i, v := range w.villages {
		if !v.roadless && uf.find(i) != root {
			v.roadless = true
		}
	}
	return nil
}

// waterLine is one river line; junctions are inserted as vertices so that
// branches and landings node with it.
type waterLine struct {
	name string
	kind string // sungai, cabang
	pts  []orb.Point
	xy   []orb.Point
	real bool
}

// nearestWater finds the nearest point of the water network to p (plane).
func (w *world) nearestWater(p orb.Point) (li, seg int, at orb.Point, d float64) {
	d = math.Inf(1)
	for i, l := range w.water {
		for k := 0; k+1 < len(l.xy); k++ {
			q, _ := projectOnSeg(p, l.xy[k], l.xy[k+1])
			if dd := distXY(p, q); dd < d {
				li, seg, at, d = i, k, q, dd
			}
		}
	}
	return
}

// junction makes the point of line li's segment seg nearest to pXY a vertex
// of the line (or reuses a vertex within 30 m) and returns it in lon/lat.
func (w *world) junction(li, seg int, atXY orb.Point) orb.Point {
	l := w.water[li]
	for _, k := range []int{seg, seg + 1} {
		if distXY(l.xy[k], atXY) < 30 {
			return l.pts[k]
		}
	}
	ll := roundPt(w.loc.Unproject(atXY), 6)
	l.pts = append(l.pts[:seg+1], append([]orb.Point{ll}, l.pts[seg+1:]...)...)
	l.xy = append(l.xy[:seg+1], append([]orb.Point{w.loc.Project(ll)}, l.xy[seg+1:]...)...)
	return ll
}

// buildRivers cuts the Mahakam from Natural Earth, grows illustrative
// branches to the road-less villages far from it (nearest village first,
// each branch starting from the nearest point of the network so far), and
// adds a landing road from every road-served village office near the water.
func (w *world) buildRivers() error {
	fs, err := readLayer(filepath.Join(w.src, "context", "ne_10m_rivers_kaltim_bbox.geojson"))
	if err != nil {
		return err
	}
	var mahakam orb.LineString
	for _, f := range fs {
		if str(f.Properties, "name") == "Mahakam" {
			if ls, ok := f.Geometry.(orb.LineString); ok {
				mahakam = ls
			}
		}
	}
	if len(mahakam) == 0 {
		return fmt.Errorf("gen: ne_10m_rivers_kaltim_bbox.geojson: no Mahakam LineString")
	}
	// Keep the longest run of vertices within the regency's extent plus
	// 0.05°, so the cut ends just outside it.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, v := range w.villages {
		b := orb.Collection{v.geom}.Bound()
		minX, minY = math.Min(minX, b.Min[0]), math.Min(minY, b.Min[1])
		maxX, maxY = math.Max(maxX, b.Max[0]), math.Max(maxY, b.Max[1])
	}
	var best, cur []orb.Point
	for _, p := range mahakam {
		if p[0] >= minX-0.05 && p[0] <= maxX+0.05 && p[1] >= minY-0.05 && p[1] <= maxY+0.05 {
			cur = append(cur, roundPt(p, 6))
			if len(cur) > len(best) {
				best = cur
			}
		} else {
			cur = nil
		}
	}
	ml := &waterLine{name: "Sungai Mahakam", kind: "sungai", real: true}
	for _, p := range best {
		if len(ml.pts) > 0 && ml.pts[len(ml.pts)-1] == p {
			continue
		}
		ml.pts = append(ml.pts, p)
		ml.xy = append(ml.xy, w.loc.Project(p))
	}
	w.water = append(w.water, ml)

	r := seed(4)
	need := map[int]bool{}
	for i, v := range w.villages {
		if v.roadless {
			if _, _, _, d := w.nearestWater(v.repXY); d > 2500 {
				need[i] = true
			}
		}
	}
	for len(need) > 0 {
		bi, bd := -1, math.Inf(1)
		var bl, bs int
		var bat orb.Point
		for i := range w.villages {
			if !need[i] {
				continue
			}
			li, seg, at, d := w.nearestWater(w.villages[i].officeXY)
			if d < bd || (d == bd && i < bi) {
				bi, bd, bl, bs, bat = i, d, li, seg, at
			}
		}
		delete(need, bi)
		v := w.villages[bi]
		start := w.junction(bl, bs, bat)
		sxy := w.loc.Project(start)
		// Two inner vertices pushed sideways make the branch meander.
		dx, dy := v.officeXY[0]-sxy[0], v.officeXY[1]-sxy[1]
		pts := []orb.Point{start}
		for _, t := range []float64{1.0 / 3, 2.0 / 3} {
			off := (r.Float64() - 0.5) * 0.25
			q := orb.Point{sxy[0] + t*dx - off*dy, sxy[1] + t*dy + off*dx}
			pts = append(pts, roundPt(w.loc.Unproject(q), 6))
		}
		pts = append(pts, v.office)
		bl2 := &waterLine{name: "Sungai " + v.nama + " (ilustratif)", kind: "cabang"}
		for _, p := range pts {
			bl2.pts = append(bl2.pts, p)
			bl2.xy = append(bl2.xy, w.loc.Project(p))
		}
		w.water = append(w.water, bl2)
		w.stats.Branches++
	}
	// Landings: a short road from each road-served office within 3 km of
	// the water to a vertex of it, where the access engine transfers.
	for _, v := range w.villages {
		if v.roadless {
			continue
		}
		li, seg, at, d := w.nearestWater(v.officeXY)
		if d > 3000 || !w.clearOfRoadless(v.officeXY, at) {
			continue
		}
		j := w.junction(li, seg, at)
		if j == v.office {
			continue
		}
		w.roads = append(w.roads, road{line: orb.LineString{v.office, j}, highway: "unclassified", kind: "dermaga"})
		w.stats.Landings++
	}
	for _, v := range w.villages {
		if v.roadless {
			w.stats.Roadless++
		}
	}
	return nil
}

func (w *world) writeNetwork() error {
	var fs []*geoio.Feature
	for i, rd := range w.roads {
		fs = append(fs, &geoio.Feature{Geometry: rd.line, Properties: geoio.Properties{
			{Key: "id", Value: fmt.Sprintf("JLN-%03d", i+1)}, {Key: "highway", Value: rd.highway},
			{Key: "jenis", Value: rd.kind}, {Key: "sumber", Value: note},
		}})
	}
	w.stats.Roads = len(w.roads)
	if _, err := w.writeGeoJSON("jalan_ilustratif.geojson", fs); err != nil {
		return err
	}
	fs = nil
	for i, l := range w.water {
		src := note
		if l.real {
			src = "Natural Earth 1:10m rivers (public domain); simpul dermaga ditambahkan: " + note
		}
		fs = append(fs, &geoio.Feature{Geometry: orb.LineString(l.pts), Properties: geoio.Properties{
			{Key: "id", Value: fmt.Sprintf("SGI-%03d", i+1)}, {Key: "waterway", Value: "river"},
			{Key: "name", Value: l.name}, {Key: "jenis", Value: l.kind}, {Key: "sumber", Value: src},
		}})
	}
	_, err := w.writeGeoJSON("sungai_ilustratif.geojson", fs)
	return err
}
