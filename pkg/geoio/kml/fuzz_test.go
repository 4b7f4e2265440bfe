package kml

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// FuzzKML writes features built from fuzzed names, property keys and
// values, coordinates and precision. The output must be well-formed XML
// that reads back to what was written: the document name, one Placemark
// per feature, every property as a Data element with its key and value
// (text that XML cannot carry, such as control characters and invalid
// UTF-8, becomes U+FFFD), the style reference, a label taken from a name
// property or the id, and each position within half a unit of the last
// decimal, printed with no more decimals than asked.
func FuzzKML(f *testing.F) {
	f.Add("Desa Kukar", "6402061001", "NAMOBJ", "Loa Kulu <&> \"Kota\"", "rasio", 0.25, "penduduk", int64(12000),
		116.98765432, -0.5123456789, uint8(1), uint8(7), "prioritas-tinggi", true)
	f.Add("", "", "name", "", "", math.NaN(), "", int64(-1), -0.000000001, 1e300, uint8(3), uint8(16), "", false)
	f.Add("\x00\xff\r\n\t]]>", "a\rb", "k\x01", "v\ud7ff\ue000\U0010ffff\xed\xa0\x80", "WADMKD", math.Inf(1), "nama", int64(7),
		math.Inf(-1), math.NaN(), uint8(5), uint8(20), "s\r1", true)
	f.Add("x", "9", "nama", "Jembayan", "name", 1e21, "kode", int64(0), 117.1, 5e-324, uint8(4), uint8(2), "a b", false)
	f.Fuzz(func(t *testing.T, docName, id, k1, v1, k2 string, v2 float64, k3 string, v3 int64,
		x, y float64, kind, prec uint8, styleID string, useSchema bool) {
		feats := []*geoio.Feature{
			{ID: id, Geometry: fuzzGeometry(kind, x, y), Properties: geoio.Properties{
				{Key: k1, Value: v1}, {Key: k2, Value: v2}, {Key: k3, Value: v3}, {Key: k1 + "_", Value: nil}}},
			{ID: v3, Geometry: orb.Point{y, x}, Properties: geoio.Properties{{Key: k2, Value: v1}}},
			{Geometry: fuzzGeometry(kind+1, y, x)},
		}
		layer := geoio.Layer{Name: "layer"}
		if useSchema {
			var s geoio.Schema
			for _, ft := range feats {
				s.Add(ft.Properties)
			}
			layer.Fields = s.Fields()
		}
		opts := geoio.WriteOptions{Name: docName, Precision: int(prec % 21)}
		styling := geoio.KMLStyling{
			Styles: []geoio.KMLStyle{{ID: styleID, LineColor: "ff0000ff"}},
			StyleOf: func(ft *geoio.Feature) string {
				if ft == feats[0] {
					return styleID
				}
				return ""
			},
		}
		var buf bytes.Buffer
		w, err := CreateStyled(&buf, layer, opts, styling)
		if err != nil {
			if styleID != "" && !strings.ContainsAny(styleID, " #\t\n") {
				t.Fatalf("style id %q refused: %v", styleID, err)
			}
			styling.Styles = nil
			if w, err = CreateStyled(&buf, layer, opts, styling); err != nil {
				t.Fatal(err)
			}
		}
		for _, ft := range feats {
			if err := w.Write(ft); err != nil {
				t.Fatalf("Write: %v", err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		doc, err := fuzzReadKML(out)
		if err != nil {
			t.Fatalf("output is not well-formed XML: %v\n%s", err, out)
		}

		wantDoc := docName
		if wantDoc == "" {
			wantDoc = layer.Name
		}
		if doc.name != xmlText(wantDoc) {
			t.Fatalf("document name %q, want %q", doc.name, xmlText(wantDoc))
		}
		var wantStyles []string
		for _, s := range styling.Styles {
			wantStyles = append(wantStyles, xmlText(s.ID))
		}
		if strings.Join(doc.styles, "\x00") != strings.Join(wantStyles, "\x00") {
			t.Fatalf("styles %q, want %q", doc.styles, wantStyles)
		}
		if len(doc.placemarks) != len(feats) {
			t.Fatalf("%d placemarks for %d features\n%s", len(doc.placemarks), len(feats), out)
		}
		decimals := opts.Decimals()
		for i, ft := range feats {
			pm := doc.placemarks[i]
			var want []string
			for _, p := range ft.Properties {
				want = append(want, xmlText(p.Key)+"="+xmlText(geoio.FormatValue(p.Value)))
			}
			if strings.Join(pm.data, "\x00") != strings.Join(want, "\x00") {
				t.Fatalf("placemark %d: data %q, want %q", i, pm.data, want)
			}
			wantStyle := ""
			if id := styling.StyleOf(ft); id != "" {
				wantStyle = "#" + xmlText(id)
			}
			if pm.style != wantStyle {
				t.Fatalf("placemark %d: styleUrl %q, want %q", i, pm.style, wantStyle)
			}
			// The label is a name-like property's value or the id;
			// an empty one is left out.
			labels := map[string]bool{xmlText(ft.IDString()): true}
			for _, p := range ft.Properties {
				for _, k := range kmlNameFields {
					if strings.EqualFold(p.Key, k) && p.Value != nil {
						labels[xmlText(geoio.FormatValue(p.Value))] = true
					}
				}
			}
			if !labels[pm.name] || pm.hasName == (pm.name == "") {
				t.Fatalf("placemark %d: name %q (present %v), want one of %q", i, pm.name, pm.hasName, geoio.SortedKeys(labels))
			}
			wantPts := fuzzPositions(ft.Geometry)
			if len(pm.coords) != len(wantPts) {
				t.Fatalf("placemark %d: %d positions %q, want %d", i, len(pm.coords), pm.coords, len(wantPts))
			}
			for j, c := range pm.coords {
				fuzzCheckPosition(t, c, wantPts[j], decimals)
			}
		}
	})
}

// fuzzGeometry builds one of the geometry kinds the writer handles from
// two numbers; rings are left open for the writer to close.
func fuzzGeometry(kind uint8, x, y float64) orb.Geometry {
	switch kind % 8 {
	case 1:
		return orb.Point{x, y}
	case 2:
		return orb.LineString{{x, y}, {y, x}}
	case 3:
		return orb.Polygon{{{x, y}, {y, x}, {x, x}}, {}, {{y, y}, {x, y}, {y, x}, {y, y}}}
	case 4:
		return orb.MultiPoint{{x, y}, {y, x}}
	case 5:
		return orb.Collection{orb.Point{x, y}, orb.MultiLineString{{{x, y}, {y, x}}, {}},
			orb.Collection{orb.MultiPolygon{{{{x, y}, {y, y}, {y, x}}}}}}
	case 6:
		return orb.LineString{}
	case 7:
		return orb.MultiPolygon{{}, {{{x, x}, {y, y}, {x, y}, {x, x}}}}
	}
	return nil
}

// fuzzPositions lists the positions KML must hold for g, in document
// order, each ring closed.
func fuzzPositions(g orb.Geometry) []orb.Point {
	var out []orb.Point
	ring := func(r orb.Ring) {
		if len(r) == 0 {
			return
		}
		out = append(out, r...)
		if r[0] != r[len(r)-1] {
			out = append(out, r[0])
		}
	}
	switch g := g.(type) {
	case orb.Point:
		out = append(out, g)
	case orb.LineString:
		out = append(out, g...)
	case orb.MultiPoint:
		out = append(out, g...)
	case orb.MultiLineString:
		for _, l := range g {
			out = append(out, l...)
		}
	case orb.Polygon:
		for _, r := range g {
			ring(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = append(out, fuzzPositions(p)...)
		}
	case orb.Collection:
		for _, m := range g {
			out = append(out, fuzzPositions(m)...)
		}
	}
	return out
}

// fuzzCheckPosition checks one "lon,lat" of the output against the
// position written.
func fuzzCheckPosition(t *testing.T, text string, p orb.Point, decimals int) {
	t.Helper()
	parts := strings.Split(text, ",")
	if len(parts) != 2 {
		t.Fatalf("coordinate %q is not lon,lat", text)
	}
	for k, s := range parts {
		got, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("coordinate %q: %v", text, err)
		}
		v := p[k]
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			if !(math.IsNaN(v) && math.IsNaN(got)) && got != v {
				t.Fatalf("coordinate %q for %v", text, p)
			}
			continue
		case s == "-0":
			t.Fatalf("coordinate %q has a negative zero", text)
		case decimals >= 16:
			if got != v {
				t.Fatalf("coordinate %q for %v at %d decimals", text, p, decimals)
			}
			continue
		}
		if tol := 0.5*math.Pow10(-decimals) + math.Abs(v)*0x1p-50; math.Abs(got-v) > tol {
			t.Fatalf("coordinate %q is %g away from %v at %d decimals", text, math.Abs(got-v), p, decimals)
		}
		if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > decimals {
			t.Fatalf("coordinate %q has more than %d decimals", text, decimals)
		}
	}
}

// xmlText is s as an XML reader gets it back: characters XML cannot
// carry (control characters, invalid UTF-8) are replaced by U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			r = 0xFFFD
		}
		b.WriteRune(r)
	}
	return b.String()
}

type fuzzPlacemark struct {
	name    string
	hasName bool
	style   string
	data    []string // key=value
	coords  []string // "lon,lat"
}

type fuzzDoc struct {
	name       string
	styles     []string
	placemarks []fuzzPlacemark
}

// fuzzReadKML decodes the whole output with encoding/xml, which refuses
// anything that is not well-formed, and picks out what the writer put in.
func fuzzReadKML(b []byte) (*fuzzDoc, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	doc := &fuzzDoc{}
	var path []string
	var text strings.Builder
	var key string
	var pm *fuzzPlacemark
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if len(path) != 0 {
				return nil, io.ErrUnexpectedEOF
			}
			return doc, nil
		}
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			path = append(path, tk.Name.Local)
			text.Reset()
			switch strings.Join(path, "/") {
			case "kml/Document/Placemark":
				doc.placemarks = append(doc.placemarks, fuzzPlacemark{})
				pm = &doc.placemarks[len(doc.placemarks)-1]
			case "kml/Document/Style":
				for _, a := range tk.Attr {
					if a.Name.Local == "id" {
						doc.styles = append(doc.styles, a.Value)
					}
				}
			case "kml/Document/Placemark/ExtendedData/Data":
				for _, a := range tk.Attr {
					if a.Name.Local == "name" {
						key = a.Value
					}
				}
			}
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			p := strings.Join(path, "/")
			switch {
			case p == "kml/Document/name":
				doc.name = text.String()
			case p == "kml/Document/Placemark/name":
				pm.name, pm.hasName = text.String(), true
			case p == "kml/Document/Placemark/styleUrl":
				pm.style = text.String()
			case p == "kml/Document/Placemark/ExtendedData/Data/value":
				pm.data = append(pm.data, key+"="+text.String())
			case strings.HasPrefix(p, "kml/Document/Placemark/") && tk.Name.Local == "coordinates":
				if s := text.String(); s != "" {
					pm.coords = append(pm.coords, strings.Split(s, " ")...)
				}
			}
			path = path[:len(path)-1]
			text.Reset()
		}
	}
}
