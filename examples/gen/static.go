package main

import (
	"fmt"
	"strings"
)

// scenario is the skenario.yaml for kukarcli report.
const scenario = `# Scenario for "kukarcli report" on the embedded Kukar example.
# Every layer except the village boundaries is ILLUSTRATIVE (made up, not
# official data); see README.md. Paths are relative to this file.
title: Kukar Tanpa Blank Spot
region: Kabupaten Kutai Kartanegara
publisher: Diskominfo Kabupaten Kutai Kartanegara (contoh ilustratif)
date: 2026-12-01
lang: id
years: [2021, 2022, 2023, 2024, 2025, 2026]
actual_until: 2025   # later years are projections from the planned towers
layers:
  villages: {path: desa_ilustratif.geojson, fields: {population: penduduk, kecamatan: kecamatan, name: nama, id: kode}}
  sites: {path: menara_ilustratif.csv}          # year of each site from its year field
  offices: {path: kantor_desa_ilustratif.geojson}
  economic_centres: {path: pusat_ekonomi_ilustratif.geojson}
  roads: [{path: jalan_ilustratif.geojson}]
  rivers: [{path: sungai_ilustratif.geojson}]
  facilities: {path: ibukota_kecamatan_ilustratif.geojson, fields: {kecamatan: kecamatan}}
# The towers were tuned with these settings: 218 of 237 villages in 2022.
model: {name: radius, sample_m: 250, min_share: 0.5}
access: {boat_speed_kmh: 15, walk_speed_kmh: 4, max_snap_m: 5000, within_min: [60, 120]}
plan: {k: 10}
top: 15
# Unit costs per intervention, ILLUSTRATIVE planning figures (IDR), not quotes.
costs: {currency: IDR, macro_bts: 1500000000, small_cell: 350000000, vsat: 120000000, funding: APBD (ilustratif)}
targets:   # share of the total for shares, absolute for counts
  villages_with_signal: {2022: 0.92, 2024: 0.96, 2026: 1.0}
  offices_with_signal: {2026: 1.0}
  population_covered: {2026: 0.98}
  blank_spot_villages: {2026: 0}
# An ILLUSTRATIVE field survey of March 2022 (218 villages with signal, 19
# without), compared with the model in the report; the village indicators
# of 2022 show the model's value with the survey's beside it.
survey:
  - {path: survei_sinyal_2022_ilustratif.csv, year: 2022, source: survei lapangan (ilustratif), date: 2022-03}
indicators_from: both
`

// writeStatic writes the scenario and the README, the latter with the
// figures measured in this run.
func (w *world) writeStatic() error {
	if err := w.writeFile("skenario.yaml", []byte(scenario)); err != nil {
		return err
	}
	var roadless []string
	for _, v := range w.villages {
		if v.roadless {
			roadless = append(roadless, v.nama+" ("+v.kec+")")
		}
	}
	var counts strings.Builder
	for _, y := range years {
		fmt.Fprintf(&counts, "| %d | %d | %d |\n", y, w.stats.CoveredByYear[y], len(w.villages)-w.stats.CoveredByYear[y])
	}
	r := strings.NewReplacer(
		"{{COUNTS}}", counts.String(),
		"{{TOWERS}}", fmt.Sprint(w.stats.Towers),
		"{{SURVEYED}}", fmt.Sprint(w.stats.Surveyed),
		"{{SURVEY_BLANK}}", fmt.Sprint(len(w.villages)-w.stats.Surveyed),
		"{{ROADS}}", fmt.Sprint(w.stats.Roads),
		"{{LANDINGS}}", fmt.Sprint(w.stats.Landings),
		"{{BRANCHES}}", fmt.Sprint(w.stats.Branches),
		"{{ROADLESS}}", fmt.Sprint(w.stats.Roadless),
		"{{NOLAND}}", fmt.Sprint(w.stats.NoLandAccess),
		"{{ROADLESS_LIST}}", strings.Join(roadless, ", "),
		"{{LEFT}}", fmt.Sprint(len(w.villages)-w.stats.CoveredByYear[2026]),
	)
	return w.writeFile("README.md", []byte(r.Replace(readme)))
}

const readme = `# Kukar RPJMD example — ILLUSTRATIVE data

**Everything in this folder except the village boundaries is made up
("ilustratif — bukan data resmi").** It exists so that ` + "`kukarcli report`" + ` and
the other commands can be tried on the real shape of Kutai Kartanegara. No
figure computed from it says anything about real coverage, population or
roads in Kukar. Every generated feature carries a ` + "`sumber`" + ` property saying
so, and every file name ends in ` + "`_ilustratif`" + `.

## What is real

- Village (desa/kelurahan) boundaries, their codes (` + "`kode`" + `, ` + "`kode_nodot`" + `),
  names, ` + "`jenis`" + ` and ` + "`kode_kec`" + `, and the kecamatan names joined from
  ` + "`../kukar/kukar_6402_kecamatan.geojson`" + `: the public ` + "`wilayah_boundaries`" + `
  dataset, MIT licence, "Copyright (c) 2024 Cahya DSN" (see
  ` + "`../kukar/LICENSE-source-MIT.txt`" + `); codes and names per Kepmendagri
  No 300.2.2-2138 Tahun 2025. Coordinates are rounded to 7 decimals.
- The Mahakam centreline in ` + "`sungai_ilustratif.geojson`" + ` (feature "Sungai
  Mahakam"): Natural Earth 1:10m rivers, public domain ("Made with Natural
  Earth", see ` + "`../context/LICENSE-NaturalEarth.txt`" + `), cut to the regency's
  extent; vertices were inserted where the illustrative branches and
  landings join it.
- Two calibration figures: the regency population of about 730,000 at the
  2020 census, and the 218 of 237 villages with signal (19 blank spots) the
  regency reported for March 2022.

## What is illustrative

| file | content |
|---|---|
| ` + "`desa_ilustratif.geojson`" + ` | the real polygons plus ` + "`kecamatan`" + ` and a made-up ` + "`penduduk`" + `: lognormal around 2,500 per desa and 8,000 per kelurahan, scaled so the total is exactly 730,000; only the total is calibrated |
| ` + "`kantor_desa_ilustratif.geojson`" + ` | one village office per village, a random point inside it |
| ` + "`ibukota_kecamatan_ilustratif.geojson`" + ` | 20 kecamatan capitals (the access facilities), at the office of each kecamatan's most populous (illustrative) village — not the real capitals |
| ` + "`pusat_ekonomi_ilustratif.geojson`" + ` | 40 economic centres: a market in each capital and 20 more drawn by population |
| ` + "`jalan_ilustratif.geojson`" + ` | {{ROADS}} road lines with OSM ` + "`highway`" + ` classes: a minimum spanning tree of primary roads between capitals, one of secondary/tertiary roads and tracks within each kecamatan, and {{LANDINGS}} landing roads (` + "`jenis=dermaga`" + `) ending on a river vertex. Lines share exact end coordinates, so they node |
| ` + "`sungai_ilustratif.geojson`" + ` | the Mahakam plus {{BRANCHES}} made-up branches (` + "`waterway=river`" + `) reaching the road-less villages away from it |
| ` + "`survei_sinyal_2022_ilustratif.csv`" + ` | a field survey of March 2022: every village's code (some written without dots), name, kecamatan, date and ` + "`status_sinyal`" + ` (ada, lemah, tidak ada); {{SURVEYED}} villages with signal and {{SURVEY_BLANK}} without, the regency's figures. It agrees with the model (the sites on air by 2022, the scenario's settings) except on 3 villages each way: the model's covered villages with the smallest covered share are surveyed without signal, its blank spots with the largest covered share with weak signal |
| ` + "`menara_ilustratif.csv`" + ` | {{TOWERS}} tower sites (` + "`id,tech,lon,lat,radius_m,height_m,operator,year`" + `), 2G and 4G, on air from the year given (2019 means 2019 or earlier); operators are placeholders |
| ` + "`skenario.yaml`" + ` | the scenario for ` + "`kukarcli report`" + ` |

{{ROADLESS}} villages on the Mahakam, its lakes and the upper Belayan have no
road: every road keeps more than 5.4 km from their points, so with the
scenario's 5 km snap distance they reach a kecamatan capital only by boat.
The access engine, run on these files with the scenario's settings, finds
{{NOLAND}} villages without land access. They are: {{ROADLESS_LIST}}.

## Calibration of the towers

Towers were rolled out village by village, the least remote first
(distance to Tenggarong, Samarinda, Balikpapan or Bontang, village size,
road-less villages last), and the sequence was cut into years so that the
coverage engine — radius model, 250 m samples, a village covered when at
least half of its samples are — finds exactly 218 villages with signal from
the sites on air by 2022. The generator checks this with the engine and
fails otherwise. Measured with those settings:

| sites on air by | villages with signal | blank spots |
|---|---|---|
{{COUNTS}}
By 2026 the roll-out stays {{LEFT}} villages short of the RPJMD target of
all 237, so the report shows a missed target and ` + "`plan`" + ` has work to do.

## Rebuild

From the repository root:

    go run ./examples/gen

The output is byte-identical on every run (seeded PCG generators);
` + "`go test ./examples/gen`" + ` checks that the committed files match a fresh run
and that the 2022 count is 218.
`
