package main

import (
	"fmt"
	"path/filepath"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/access"
)

// checkAccess reads the written roads and rivers back the way the access
// command does (highway → road, waterway=river → river) and counts the
// villages the engine finds with no land access to any kecamatan capital,
// with the scenario's speeds and snap distance.
func (w *world) checkAccess() error {
	n, err := w.noLandAccess()
	if err != nil {
		return err
	}
	w.stats.NoLandAccess = n
	return nil
}

func (w *world) noLandAccess() (int, error) {
	var lines []access.Line
	for _, f := range []string{"jalan_ilustratif.geojson", "sungai_ilustratif.geojson"} {
		fs, err := readLayer(filepath.Join(w.out, f))
		if err != nil {
			return 0, err
		}
		for i, ft := range fs {
			ls, ok := ft.Geometry.(orb.LineString)
			if !ok {
				return 0, fmt.Errorf("gen: %s: feature %d: not a LineString", f, i)
			}
			l := access.Line{Geometry: ls, Kind: access.Road, Class: str(ft.Properties, "highway")}
			if str(ft.Properties, "waterway") == "river" {
				l.Kind = access.River
			}
			lines = append(lines, l)
		}
	}
	p := access.DefaultParams()
	p.BoatSpeedKMH, p.WalkSpeedKMH, p.MaxSnapM = 15, 4, 5000
	g, err := access.BuildGraph(lines, p)
	if err != nil {
		return 0, fmt.Errorf("gen: %w", err)
	}
	var targets, facilities []access.Point
	for _, v := range w.villages {
		targets = append(targets, access.Point{Pos: v.rep, ID: v.kode, Group: v.kec})
	}
	for _, k := range w.kecCodes {
		v := w.villages[w.capitalOf[k]]
		facilities = append(facilities, access.Point{Pos: v.office, ID: v.kode, Group: v.kec})
	}
	res, _, err := access.Analyse(g, targets, facilities, p, false)
	if err != nil {
		return 0, fmt.Errorf("gen: %w", err)
	}
	n := 0
	for _, r := range res {
		if !r.LandAccess {
			n++
		}
	}
	return n, nil
}
