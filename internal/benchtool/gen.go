package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"strconv"
)

// Kukar's extent, roughly, so generated data sits where the real data does.
const (
	minLon, maxLon = 115.5, 117.7
	minLat, maxLat = -1.4, 0.9
)

func ff(v float64) string { return strconv.FormatFloat(v, 'f', 7, 64) }

// genSettlements writes n settlement points with id, kecamatan and
// population.
func genSettlements(w *bufio.Writer, n int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 11))
	w.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteString(",\n")
		}
		fmt.Fprintf(w, `{"type":"Feature","properties":{"id":"P%06d","kecamatan":"%s","population":%d},"geometry":{"type":"Point","coordinates":[%s,%s]}}`,
			i, kecamatan[i%len(kecamatan)], 50+r.IntN(3000), ff(minLon+r.Float64()*(maxLon-minLon)), ff(minLat+r.Float64()*(maxLat-minLat)))
	}
	w.WriteString("\n]}\n")
}

// genSites writes n tower sites as CSV: 2G and 4G, radius 2–8 km.
func genSites(w *bufio.Writer, n int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 12))
	w.WriteString("id,tech,lon,lat,radius_m,year\n")
	for i := 0; i < n; i++ {
		tech := "4G"
		if i%3 == 0 {
			tech = "2G"
		}
		fmt.Fprintf(w, "S%06d,%s,%s,%s,%d,%d\n", i, tech, ff(minLon+r.Float64()*(maxLon-minLon)), ff(minLat+r.Float64()*(maxLat-minLat)),
			2000+r.IntN(6000), 2019+r.IntN(8))
	}
}

// genRoads writes a jittered grid road network of about n vertices as
// two-vertex LineStrings (one per edge, as pgRouting expects), with a mix
// of OSM highway classes.
func genRoads(w *bufio.Writer, n int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 13))
	side := 1
	for side*side < n {
		side++
	}
	// ~300 m spacing: 300k vertices span about 165 km, like the regency
	step := 0.0027
	x0, y0 := 115.6, -1.3
	pos := make([][2]float64, side*side)
	for j := 0; j < side; j++ {
		for i := 0; i < side; i++ {
			pos[j*side+i] = [2]float64{x0 + float64(i)*step + (r.Float64()-0.5)*step*0.3, y0 + float64(j)*step + (r.Float64()-0.5)*step*0.3}
		}
	}
	classes := []string{"residential", "residential", "track", "unclassified", "tertiary", "secondary", "primary"}
	w.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	first := true
	edge := 0
	emit := func(a, b int, class string) {
		if !first {
			w.WriteString(",\n")
		}
		first = false
		fmt.Fprintf(w, `{"type":"Feature","id":%d,"properties":{"highway":"%s"},"geometry":{"type":"LineString","coordinates":[[%s,%s],[%s,%s]]}}`,
			edge, class, ff(pos[a][0]), ff(pos[a][1]), ff(pos[b][0]), ff(pos[b][1]))
		edge++
	}
	for j := 0; j < side; j++ {
		for i := 0; i < side; i++ {
			v := j*side + i
			class := classes[r.IntN(len(classes))]
			if j%50 == 0 {
				class = "primary"
			}
			if i+1 < side && r.IntN(20) != 0 { // a few missing links, so paths wind
				emit(v, v+1, class)
			}
			if j+1 < side && r.IntN(20) != 0 {
				c := classes[r.IntN(len(classes))]
				if i%50 == 0 {
					c = "primary"
				}
				emit(v, v+side, c)
			}
		}
	}
	w.WriteString("\n]}\n")
}

// genVillages writes n village points inside the road grid's extent.
func genVillages(w *bufio.Writer, n, roadVertices int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 14))
	side := 1
	for side*side < roadVertices {
		side++
	}
	span := float64(side-1) * 0.0027
	w.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteString(",\n")
		}
		fx, fy := r.Float64(), r.Float64()
		// a village belongs to the kecamatan of the 5×4 block it lies in,
		// whose centre genFacilities places in the middle of the block
		k := int(fx*5) + 5*int(fy*4)
		fmt.Fprintf(w, `{"type":"Feature","properties":{"id":"V%06d","kecamatan":"K%02d"},"geometry":{"type":"Point","coordinates":[%s,%s]}}`,
			i, k, ff(115.6+fx*span), ff(-1.3+fy*span))
	}
	w.WriteString("\n]}\n")
}

// genFacilities writes 20 kecamatan centres K00..K19 on a 5×4 layout.
func genFacilities(w *bufio.Writer, roadVertices int) {
	side := 1
	for side*side < roadVertices {
		side++
	}
	span := float64(side-1) * 0.0027
	w.WriteString(`{"type":"FeatureCollection","features":[` + "\n")
	for k := 0; k < 20; k++ {
		if k > 0 {
			w.WriteString(",\n")
		}
		x := 115.6 + span*(float64(k%5)+0.5)/5
		y := -1.3 + span*(float64(k/5)+0.5)/4
		fmt.Fprintf(w, `{"type":"Feature","properties":{"id":"F%02d","kecamatan":"K%02d"},"geometry":{"type":"Point","coordinates":[%s,%s]}}`, k, k, ff(x), ff(y))
	}
	w.WriteString("\n]}\n")
}
