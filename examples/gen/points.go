package main

import (
	"fmt"
	"math"
	"sort"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// writePoints writes the village offices, the kecamatan capitals and the
// economic centres.
func (w *world) writePoints() error {
	var fs []*geoio.Feature
	for _, v := range w.villages {
		what := "Kantor Desa "
		if v.jenis == "kelurahan" {
			what = "Kantor Kelurahan "
		}
		fs = append(fs, &geoio.Feature{Geometry: v.office, Properties: geoio.Properties{
			{Key: "kode", Value: v.kode}, {Key: "nama", Value: what + v.nama}, {Key: "desa", Value: v.nama},
			{Key: "kecamatan", Value: v.kec}, {Key: "sumber", Value: note},
		}})
	}
	if _, err := w.writeGeoJSON("kantor_desa_ilustratif.geojson", fs); err != nil {
		return err
	}

	fs = nil
	for i, k := range w.kecCodes {
		v := w.villages[w.capitalOf[k]]
		fs = append(fs, &geoio.Feature{Geometry: v.office, Properties: geoio.Properties{
			{Key: "id", Value: fmt.Sprintf("IKK-%02d", i+1)}, {Key: "nama", Value: v.nama},
			{Key: "kecamatan", Value: v.kec}, {Key: "kode_desa", Value: v.kode}, {Key: "sumber", Value: note},
		}})
	}
	if _, err := w.writeGeoJSON("ibukota_kecamatan_ilustratif.geojson", fs); err != nil {
		return err
	}
	return w.writeEconomicCentres()
}

// writeEconomicCentres puts a market in every kecamatan capital and 20 more
// centres in other villages drawn with probability proportional to
// population; riverside ones are landings or fish markets.
func (w *world) writeEconomicCentres() error {
	r := seed(5)
	type centre struct {
		v    int
		kind string
	}
	var cs []centre
	for _, k := range w.kecCodes {
		cs = append(cs, centre{w.capitalOf[k], "pasar"})
	}
	taken := map[int]bool{}
	for _, c := range cs {
		taken[c.v] = true
	}
	for len(cs) < 40 {
		total := 0.0
		for i, v := range w.villages {
			if !taken[i] {
				total += float64(v.pop)
			}
		}
		x := r.Float64() * total
		pick := -1
		for i, v := range w.villages {
			if taken[i] {
				continue
			}
			pick = i
			if x -= float64(v.pop); x < 0 {
				break
			}
		}
		taken[pick] = true
		v := w.villages[pick]
		_, _, _, d := w.nearestWater(v.officeXY)
		kind := []string{"pasar", "sentra perkebunan", "sentra UMKM"}[r.IntN(3)]
		if d < 3000 {
			kind = []string{"pasar", "pelabuhan rakyat", "tempat pelelangan ikan"}[r.IntN(3)]
		}
		cs = append(cs, centre{pick, kind})
	}
	sort.SliceStable(cs, func(i, j int) bool { return w.villages[cs[i].v].kode < w.villages[cs[j].v].kode })
	var fs []*geoio.Feature
	for i, c := range cs {
		v := w.villages[c.v]
		p := w.randomInside(r, v, 1000)
		name := map[string]string{"pasar": "Pasar ", "sentra perkebunan": "Sentra Perkebunan ", "sentra UMKM": "Sentra UMKM ",
			"pelabuhan rakyat": "Pelabuhan Rakyat ", "tempat pelelangan ikan": "TPI "}[c.kind] + v.nama
		fs = append(fs, &geoio.Feature{Geometry: p, Properties: geoio.Properties{
			{Key: "id", Value: fmt.Sprintf("PE-%02d", i+1)}, {Key: "nama", Value: name}, {Key: "jenis", Value: c.kind},
			{Key: "kode_desa", Value: v.kode}, {Key: "kecamatan", Value: v.kec}, {Key: "sumber", Value: note},
		}})
	}
	_, err := w.writeGeoJSON("pusat_ekonomi_ilustratif.geojson", fs)
	return err
}

// hubDistanceKM is the distance from v to the nearest of the towns that
// networks reached first (Tenggarong, Samarinda, Balikpapan, Bontang).
func (w *world) hubDistanceKM(v *village) float64 {
	d := math.Inf(1)
	for _, h := range [][2]float64{{116.99, -0.42}, {117.15, -0.50}, {116.87, -1.24}, {117.48, 0.13}} {
		d = math.Min(d, distXY(v.repXY, w.loc.Project([2]float64{h[0], h[1]}))/1000)
	}
	return d
}
