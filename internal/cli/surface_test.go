package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/raster"
)

// access --raster on the example: the GeoTIFF holds the surface, each
// isochrone has exactly the GeoTIFF's cells within its time, the
// catchments' people and the unreached cells' add up to the people on
// the grid, and a village's time on the surface is at most its time by
// the network and the walk between cell centres and the exact points
// (the surface may also cut across country, and be shorter).
func TestAccessSurface(t *testing.T) {
	dir := t.TempDir()
	at := func(n string) string { return filepath.Join(dir, n) }
	// 10 people in every 0.01° cell over the example
	g := &raster.PopGrid{Name: "pop", CRS: crs.WGS84, West: 115, North: 1.8, CellX: 0.01, CellY: 0.01, Width: 300, Height: 330}
	g.Data = make([]float32, g.Width*g.Height)
	for i := range g.Data {
		g.Data[i] = 10
	}
	writePopGrid(t, at("pop.tif"), g)
	out, stderr, code := runCLI(t, "", false, "access", "--example", "--raster", at("tt.tif"), "--cell", "250m",
		"--population", at("pop.tif"), "--isochrones", "30,60,2h", "--isochrones-file", at("iso.geojson"),
		"--catchments", at("catch.geojson"), "--indicators", at("ind.csv"), "-f", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(at("tt.tif"))
	if err != nil {
		t.Fatal(err)
	}
	tt, err := raster.ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), "tt.tif")
	if err != nil {
		t.Fatal(err)
	}
	within := func(m float64) int {
		n := 0
		for _, v := range tt.Data {
			if float64(v) <= m {
				n++
			}
		}
		return n
	}
	var iso struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	ib, _ := os.ReadFile(at("iso.geojson"))
	if err := json.Unmarshal(ib, &iso); err != nil || len(iso.Features) != 3 {
		t.Fatalf("isochrones: %v, %d features", err, len(iso.Features))
	}
	for _, f := range iso.Features {
		m := f.Properties["minutes"].(float64)
		// the GeoTIFF holds float32 minutes: compare at its precision
		if c := int(f.Properties["cells"].(float64)); math.Abs(float64(c-within(m))) > float64(within(m+1e-4)-within(m-1e-4)) {
			t.Errorf("isochrone %v min: %d cells, the raster has %d within it", m, c, within(m))
		}
	}
	if f := iso.Features[2]; f.Properties["minutes"] != 120.0 {
		t.Errorf("2h read as %v minutes", f.Properties["minutes"])
	}
	// catchments: their people and the unreached cells' make the grid's
	var catch struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	cb, _ := os.ReadFile(at("catch.geojson"))
	json.Unmarshal(cb, &catch)
	sum := 0.0
	for _, f := range catch.Features {
		sum += f.Properties["population"].(float64)
	}
	recs, _ := csv.NewReader(bytes.NewReader(mustRead(t, at("ind.csv")))).ReadAll()
	var total float64
	for _, r := range recs[1:] {
		if r[0] == "total" && r[1] == "120" {
			total, _ = strconv.ParseFloat(r[3], 64)
		}
	}
	// (each catchment's people rounded to a whole person)
	if total < 1e5 || sum > total+float64(len(catch.Features)) || sum < 0.9*total {
		t.Errorf("catchments hold %v people of the grid's %v", sum, total)
	}
	// each village's time on the surface against its time by the network
	var rows []map[string]any
	json.Unmarshal([]byte(out), &rows)
	worse := 0
	for _, r := range rows {
		lon, lat := r["lon"].(float64), r["lat"].(float64)
		i := int((lon - tt.WestDeg) / tt.CellXDeg)
		j := int((tt.NorthDeg - lat) / tt.CellYDeg)
		v := float64(tt.Data[j*tt.Width+i])
		net, ok := r["travel_time_min"].(float64)
		if !ok || math.IsNaN(v) {
			continue
		}
		// the surface walks from the village's cell centre and to the
		// facility's: at most half a 250 m cell's diagonal each, at 4 km/h
		if v > net+2*(250*math.Sqrt2/2)/(4/3.6)/60 {
			worse++
		}
	}
	if worse > 0 {
		t.Errorf("%d villages take longer on the surface than by the network and a cell's walk", worse)
	}
	if !strings.Contains(stderr, "within 120 min: ") {
		t.Errorf("stderr lacks the indicators: %s", stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--isochrones", "30"}, "say where they go"},
		{[]string{"--isochrones-file", at("x.geojson")}, "need the times"},
		{[]string{"--isochrones", "30,abc", "--indicators", at("x.csv")}, "not a time"},
		{[]string{"--raster", at("x.png")}, "name a .tif"},
	} {
		if _, stderr, code := runCLI(t, "", false, append([]string{"access", "--example"}, c.args...)...); code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %s", c.args, code, stderr)
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// --landcover and --landcover-speeds: a land-cover raster with a lake
// (class 80, impassable by default) makes its cells impassable, a speeds
// table that gives water a speed opens them, and a bad table is refused.
func TestAccessSurfaceLandcover(t *testing.T) {
	dir := t.TempDir()
	at := func(n string) string { return filepath.Join(dir, n) }
	os.WriteFile(at("roads.geojson"), []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"highway":"primary"},"geometry":{"type":"LineString","coordinates":[[117,0],[117.05,0]]}}]}`), 0o644)
	os.WriteFile(at("v.geojson"), []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"V1"},"geometry":{"type":"Point","coordinates":[117.05,0.01]}},
{"type":"Feature","properties":{"id":"V2"},"geometry":{"type":"Point","coordinates":[116.99,-0.01]}}]}`), 0o644)
	os.WriteFile(at("f.geojson"), []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"F1"},"geometry":{"type":"Point","coordinates":[117,0]}}]}`), 0o644)
	// grassland (30) everywhere, a lake (80) over the facility
	g := &raster.PopGrid{Name: "lc", CRS: crs.WGS84, West: 116.9, North: 0.1, CellX: 0.001, CellY: 0.001, Width: 250, Height: 200}
	g.Data = make([]float32, g.Width*g.Height)
	for j := 0; j < g.Height; j++ {
		for i := 0; i < g.Width; i++ {
			c := g.CellCentre(i, j)
			v := float32(30)
			if math.Abs(c[0]-117) < 0.006 && math.Abs(c[1]) < 0.006 {
				v = 80
			}
			g.Data[j*g.Width+i] = v
		}
	}
	f, _ := os.Create(at("lc.tif"))
	raster.WritePopulationGeoTIFF(f, g, raster.PopWriteOptions{})
	f.Close()
	args := []string{"access", "--roads", at("roads.geojson"), "--targets", at("v.geojson"), "--facilities", at("f.geojson"),
		"--raster", at("tt.tif"), "--cell", "200m", "--landcover", at("lc.tif"), "-f", "csv", "--overwrite"}
	_, stderr, code := runCLI(t, "", false, args...)
	lake := 0
	if i := strings.Index(stderr, " reached, "); i >= 0 {
		fmt.Sscanf(stderr[i+len(" reached, "):], "%d impassable", &lake)
	}
	// the lake is 0.012° square: about six 200 m cells each way
	if code != 0 || lake < 25 || lake > 64 {
		t.Errorf("a lake: exit %d, %d impassable cells: %s", code, lake, stderr)
	}
	os.WriteFile(at("speeds.yaml"), []byte("80: 2\n"), 0o644)
	_, stderr, code = runCLI(t, "", false, append(args, "--landcover-speeds", at("speeds.yaml"))...)
	if code != 0 || !strings.Contains(stderr, " reached, 0 impassable") {
		t.Errorf("the lake opened: exit %d, %s", code, stderr)
	}
	os.WriteFile(at("bad.yaml"), []byte("forest: 2\n"), 0o644)
	if _, stderr, code := runCLI(t, "", false, append(args, "--landcover-speeds", at("bad.yaml"))...); code == 0 || !strings.Contains(stderr, `class "forest" is not a code`) {
		t.Errorf("a bad speeds table: exit %d, %s", code, stderr)
	}
}
