package kml

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// kmlUpdateGolden says whether to rewrite golden files: the package's
// -update flag when some test file defines it, or KUKAR_UPDATE_GOLDEN=1.
func kmlUpdateGolden() bool {
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		return true
	}
	return os.Getenv("KUKAR_UPDATE_GOLDEN") == "1"
}

func kmlSampleLayer() (geoio.Layer, []*geoio.Feature) {
	layer := geoio.Layer{Name: "desa", Fields: []geoio.Field{
		{Name: "kode", Type: geoio.FieldString}, {Name: "NAMOBJ", Type: geoio.FieldString},
		{Name: "penduduk", Type: geoio.FieldInt}, {Name: "rasio", Type: geoio.FieldFloat},
		{Name: "sinyal", Type: geoio.FieldBool}, {Name: "survei", Type: geoio.FieldDate},
	}}
	date := time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
	fs := []*geoio.Feature{
		{ID: "6402061001", Geometry: orb.Point{116.98765432, -0.5123456789},
			Properties: geoio.Properties{{Key: "kode", Value: "6402061001"}, {Key: "NAMOBJ", Value: "Loa Kulu Kota"}, {Key: "penduduk", Value: int64(12000)},
				{Key: "rasio", Value: 0.25}, {Key: "sinyal", Value: true}, {Key: "survei", Value: date}}},
		{ID: "6402061002", Geometry: orb.Polygon{
			{{117, -0.5}, {117.1, -0.5}, {117.1, -0.4}, {117, -0.4}}, // unclosed: closed on output
			{{117.02, -0.48}, {117.03, -0.48}, {117.03, -0.47}, {117.02, -0.48}},
		}, Properties: geoio.Properties{{Key: "kode", Value: "6402061002"}, {Key: "NAMOBJ", Value: "Jembayan <&> \"Ulu\""}, {Key: "penduduk", Value: nil},
			{Key: "rasio", Value: nil}, {Key: "sinyal", Value: false}, {Key: "survei", Value: nil}}},
		{ID: int64(7), Geometry: orb.MultiLineString{{{117, -0.5}, {117.5, -0.25}}, {}, {{116, -1}, {116.1, -1.1}}},
			Properties: geoio.Properties{{Key: "kode", Value: "x"}, {Key: "NAMOBJ", Value: nil}}},
		{ID: int64(8), Geometry: nil, Properties: geoio.Properties{{Key: "kode", Value: "tanpa geometri"}, {Key: "NAMOBJ", Value: "Tanpa"}}},
		{ID: int64(9), Geometry: orb.Collection{orb.Point{-0.000000001, 1}, orb.MultiPoint{{1, 2}, {3, 4}},
			orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}}},
	}
	return layer, fs
}

func kmlWrite(t *testing.T, layer geoio.Layer, opts geoio.WriteOptions, styling geoio.KMLStyling, fs []*geoio.Feature) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := CreateStyled(&b, layer, opts, styling)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestKMLGolden(t *testing.T) {
	layer, fs := kmlSampleLayer()
	styling := geoio.KMLStyling{
		Styles: []geoio.KMLStyle{{ID: "prioritas-tinggi", LineColor: "ff0000ff", PolyColor: "7f0000ff"}, {ID: "lain", LineColor: "ff00ff00"}},
		StyleOf: func(f *geoio.Feature) string {
			if v, _ := f.Properties.Get("sinyal"); v == false {
				return "prioritas-tinggi"
			}
			return ""
		},
	}
	got := kmlWrite(t, layer, geoio.WriteOptions{Name: "Desa Kukar"}, styling, fs)
	golden := filepath.Join("testdata", "kml", "desa.kml")
	if kmlUpdateGolden() {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (KUKAR_UPDATE_GOLDEN=1 writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\n%s", golden, got)
	}
}

// The output must parse as KML with the expected structure.
func TestKMLParses(t *testing.T) {
	layer, fs := kmlSampleLayer()
	out := kmlWrite(t, layer, geoio.WriteOptions{Precision: 5}, geoio.KMLStyling{}, fs)
	var doc struct {
		XMLName  xml.Name `xml:"http://www.opengis.net/kml/2.2 kml"`
		Document struct {
			Name       string `xml:"name"`
			Placemarks []struct {
				Name string `xml:"name"`
				Data []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:"value"`
				} `xml:"ExtendedData>Data"`
				Point *struct {
					Coordinates string `xml:"coordinates"`
				} `xml:"Point"`
				Polygon *struct {
					Outer string   `xml:"outerBoundaryIs>LinearRing>coordinates"`
					Inner []string `xml:"innerBoundaryIs>LinearRing>coordinates"`
				} `xml:"Polygon"`
				Multi *struct {
					Lines    []string `xml:"LineString>coordinates"`
					Points   []string `xml:"Point>coordinates"`
					Children []struct {
						XMLName xml.Name
					} `xml:",any"`
				} `xml:"MultiGeometry"`
			} `xml:"Placemark"`
		} `xml:"Document"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, out)
	}
	d := doc.Document
	if d.Name != "desa" || len(d.Placemarks) != 5 {
		t.Fatalf("document %q with %d placemarks", d.Name, len(d.Placemarks))
	}
	p := d.Placemarks
	if p[0].Name != "Loa Kulu Kota" || p[1].Name != `Jembayan <&> "Ulu"` || p[2].Name != "7" || p[4].Name != "9" {
		t.Errorf("names %q %q %q %q", p[0].Name, p[1].Name, p[2].Name, p[4].Name)
	}
	if p[0].Point == nil || p[0].Point.Coordinates != "116.98765,-0.51235" {
		t.Errorf("point %+v", p[0].Point)
	}
	if len(p[0].Data) != 6 || p[0].Data[2].Name != "penduduk" || p[0].Data[2].Value != "12000" ||
		p[0].Data[4].Value != "true" || p[0].Data[5].Value != "2022-03-01" {
		t.Errorf("extended data %+v", p[0].Data)
	}
	if p[1].Polygon == nil || len(p[1].Polygon.Inner) != 1 ||
		p[1].Polygon.Outer != "117,-0.5 117.1,-0.5 117.1,-0.4 117,-0.4 117,-0.5" {
		t.Errorf("polygon %+v", p[1].Polygon)
	}
	if p[2].Multi == nil || len(p[2].Multi.Lines) != 2 {
		t.Errorf("multilinestring %+v", p[2].Multi)
	}
	if p[3].Point != nil || p[3].Polygon != nil || p[3].Multi != nil {
		t.Errorf("null geometry placemark has a geometry")
	}
	if m := p[4].Multi; m == nil || len(m.Children) != 1 || len(m.Points) != 3 || m.Points[0] != "0,1" {
		t.Errorf("collection %+v", p[4].Multi)
	}
}

func TestKMLBadStyles(t *testing.T) {
	for _, s := range [][]geoio.KMLStyle{
		{{ID: "", LineColor: "ff0000ff"}},
		{{ID: "a b"}},
		{{ID: "a", LineColor: "red"}},
		{{ID: "a", PolyColor: "ff0000"}},
		{{ID: "a"}, {ID: "a"}},
	} {
		if _, err := CreateStyled(&bytes.Buffer{}, geoio.Layer{}, geoio.WriteOptions{}, geoio.KMLStyling{Styles: s}); err == nil {
			t.Errorf("styles %+v accepted", s)
		}
	}
}

func TestKMLEmptyLayer(t *testing.T) {
	var b bytes.Buffer
	w, err := createKML(&b, geoio.Layer{Name: "kosong"}, geoio.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := xml.Header + "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n  <Document>\n    <name>kosong</name>\n  </Document>\n</kml>\n"
	if b.String() != want {
		t.Errorf("got %q", b.String())
	}
	if !strings.HasPrefix(b.String(), "<?xml") {
		t.Error("no XML declaration")
	}
}
