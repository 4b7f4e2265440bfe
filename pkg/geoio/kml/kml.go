package kml

import (
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	geomkml "github.com/twpayne/go-geom/encoding/kml"
	"github.com/twpayne/go-kml/v3"
)

// kmlNameFields are the properties that give a placemark its label, in
// order of preference: generic, Kemendagri, and BIG/RBI names.
var kmlNameFields = []string{"name", "nama", "NAMOBJ", "WADMKD"}

type kmlWriter struct {
	w       io.Writer
	enc     *xml.Encoder
	opts    geoio.WriteOptions
	styling geoio.KMLStyling
	nameKey string
	n       int
	started bool
	closed  bool
}

// createKML writes features as KML without styles.
func createKML(w io.Writer, layer geoio.Layer, opts geoio.WriteOptions) (geoio.Writer, error) {
	return CreateStyled(w, layer, opts, opts.KML)
}

// CreateStyled writes features as KML with shared styles chosen per
// feature, such as villages coloured by priority class. Close ends the
// document and flushes but does not close w.
func CreateStyled(w io.Writer, layer geoio.Layer, opts geoio.WriteOptions, styling geoio.KMLStyling) (geoio.Writer, error) {
	seen := map[string]bool{}
	for _, s := range styling.Styles {
		if s.ID == "" || strings.ContainsAny(s.ID, " #\t\n") {
			return nil, fmt.Errorf("geoio: kml: style id %q must be non-empty without spaces or '#'", s.ID)
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("geoio: kml: style %q declared twice", s.ID)
		}
		seen[s.ID] = true
		for _, c := range []string{s.LineColor, s.PolyColor} {
			if _, err := parseKMLColor(c); err != nil {
				return nil, fmt.Errorf("geoio: kml: style %q: %w", s.ID, err)
			}
		}
	}
	kw := &kmlWriter{w: w, enc: xml.NewEncoder(w), opts: opts, styling: styling}
	kw.enc.Indent("", "  ")
	for _, want := range kmlNameFields {
		for _, f := range layer.Fields {
			if strings.EqualFold(f.Name, want) {
				kw.nameKey = f.Name
				break
			}
		}
		if kw.nameKey != "" {
			break
		}
	}
	if opts.Name == "" {
		kw.opts.Name = layer.Name
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return nil, fmt.Errorf("geoio: kml: %w", err)
	}
	return kw, nil
}

// parseKMLColor reads "aabbggrr"; empty gives nil.
func parseKMLColor(s string) (color.Color, error) {
	if s == "" {
		return nil, nil
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 4 {
		return nil, fmt.Errorf("colour %q is not aabbggrr hex", s)
	}
	// go-kml prints RGBA() back as aabbggrr; color.RGBA returns its fields
	// unchanged, so the digits survive as given.
	return color.RGBA{A: b[0], B: b[1], G: b[2], R: b[3]}, nil
}

func (w *kmlWriter) start() error {
	if w.started {
		return nil
	}
	w.started = true
	root := xml.StartElement{Name: xml.Name{Local: "kml"},
		Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: "http://www.opengis.net/kml/2.2"}}}
	if err := w.enc.EncodeToken(root); err != nil {
		return err
	}
	if err := w.enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: "Document"}}); err != nil {
		return err
	}
	if err := w.enc.Encode(kml.Name(w.opts.Name)); err != nil {
		return err
	}
	for _, s := range w.styling.Styles {
		var parts []kml.Element
		if c, _ := parseKMLColor(s.LineColor); c != nil {
			parts = append(parts, kml.LineStyle(kml.Color(c)))
		}
		if c, _ := parseKMLColor(s.PolyColor); c != nil {
			parts = append(parts, kml.PolyStyle(kml.Color(c)))
		}
		if err := w.enc.Encode(kml.SharedStyle(s.ID, parts...)); err != nil {
			return err
		}
	}
	return nil
}

func (w *kmlWriter) Write(f *geoio.Feature) error {
	if w.closed {
		return errors.New("geoio: kml: write after close")
	}
	idx := w.n
	w.n++
	if err := w.start(); err != nil {
		return fmt.Errorf("geoio: kml: %w", err)
	}
	var children []kml.Element
	if name := w.placemarkName(f); name != "" {
		children = append(children, kml.Name(name))
	}
	if w.styling.StyleOf != nil {
		if id := w.styling.StyleOf(f); id != "" {
			children = append(children, kml.StyleURL("#"+id))
		}
	}
	if len(f.Properties) > 0 {
		data := make([]kml.Element, 0, len(f.Properties))
		for _, p := range f.Properties {
			data = append(data, kml.Data(p.Key, kml.Value(geoio.FormatValue(p.Value))))
		}
		children = append(children, kml.ExtendedData(data...))
	}
	if g := kmlGeom(f.Geometry, w.opts.Decimals()); g != nil {
		el, err := geomkml.Encode(g)
		if err != nil {
			return fmt.Errorf("geoio: kml: feature %d%s: %w", idx, geoio.IDSuffix(f.IDString()), err)
		}
		children = append(children, el)
	}
	if err := w.enc.Encode(kml.Placemark(children...)); err != nil {
		return fmt.Errorf("geoio: kml: %w", err)
	}
	return nil
}

func (w *kmlWriter) placemarkName(f *geoio.Feature) string {
	if w.nameKey != "" {
		if v, ok := f.Properties.Get(w.nameKey); ok && v != nil {
			return geoio.FormatValue(v)
		}
	} else {
		for _, want := range kmlNameFields {
			for _, p := range f.Properties {
				if strings.EqualFold(p.Key, want) && p.Value != nil {
					return geoio.FormatValue(p.Value)
				}
			}
		}
	}
	return f.IDString()
}

func (w *kmlWriter) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if err := w.start(); err != nil {
		return fmt.Errorf("geoio: kml: %w", err)
	}
	for _, name := range []string{"Document", "kml"} {
		if err := w.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}}); err != nil {
			return fmt.Errorf("geoio: kml: %w", err)
		}
	}
	if err := w.enc.Flush(); err != nil {
		return fmt.Errorf("geoio: kml: %w", err)
	}
	if _, err := io.WriteString(w.w, "\n"); err != nil {
		return fmt.Errorf("geoio: kml: %w", err)
	}
	return nil
}

// Abort stops writing; the caller removes the partial output.
func (w *kmlWriter) Abort() error {
	w.closed = true
	return nil
}

// kmlRound rounds to the output precision before go-kml prints the
// shortest representation, so "117.1234567" is not followed by float
// noise; negative zero becomes zero.
func kmlRound(v float64, precision int) float64 {
	if precision < 16 {
		s := math.Pow10(precision)
		if r := math.Round(v*s) / s; !math.IsInf(r, 0) && !math.IsNaN(r) {
			v = r
		}
	}
	if v == 0 {
		return 0
	}
	return v
}

// kmlGeom converts an orb geometry to go-geom with rounded XY
// coordinates. Empty parts are left out; nil means nothing to draw.
func kmlGeom(g orb.Geometry, prec int) geom.T {
	flat := func(dst []float64, pts []orb.Point) []float64 {
		for _, p := range pts {
			dst = append(dst, kmlRound(p[0], prec), kmlRound(p[1], prec))
		}
		return dst
	}
	// ring closes a ring that is not, as KML's LinearRing must be.
	ring := func(dst []float64, r orb.Ring) []float64 {
		dst = flat(dst, r)
		if len(r) > 0 && r[0] != r[len(r)-1] {
			dst = append(dst, kmlRound(r[0][0], prec), kmlRound(r[0][1], prec))
		}
		return dst
	}
	polygon := func(dst []float64, ends []int, p orb.Polygon) ([]float64, []int) {
		for _, r := range p {
			if len(r) == 0 {
				continue
			}
			dst = ring(dst, r)
			ends = append(ends, len(dst))
		}
		return dst, ends
	}
	switch g := g.(type) {
	case orb.Point:
		return geom.NewPointFlat(geom.XY, flat(nil, []orb.Point{g}))
	case orb.LineString:
		if len(g) == 0 {
			return nil
		}
		return geom.NewLineStringFlat(geom.XY, flat(nil, g))
	case orb.Ring:
		return kmlGeom(orb.Polygon{g}, prec)
	case orb.Bound:
		return kmlGeom(g.ToPolygon(), prec)
	case orb.Polygon:
		coords, ends := polygon(nil, nil, g)
		if len(ends) == 0 {
			return nil
		}
		return geom.NewPolygonFlat(geom.XY, coords, ends)
	case orb.MultiPoint:
		if len(g) == 0 {
			return nil
		}
		return geom.NewMultiPointFlat(geom.XY, flat(nil, g))
	case orb.MultiLineString:
		var coords []float64
		var ends []int
		for _, ls := range g {
			if len(ls) == 0 {
				continue
			}
			coords = flat(coords, ls)
			ends = append(ends, len(coords))
		}
		if len(ends) == 0 {
			return nil
		}
		return geom.NewMultiLineStringFlat(geom.XY, coords, ends)
	case orb.MultiPolygon:
		var coords []float64
		var endss [][]int
		for _, p := range g {
			var ends []int
			coords, ends = polygon(coords, nil, p)
			if len(ends) > 0 {
				endss = append(endss, ends)
			}
		}
		if len(endss) == 0 {
			return nil
		}
		return geom.NewMultiPolygonFlat(geom.XY, coords, endss)
	case orb.Collection:
		// Members are flattened to single geometries: one MultiGeometry
		// level is what viewers handle best.
		c := geom.NewGeometryCollection()
		var push func(m orb.Geometry)
		push = func(m orb.Geometry) {
			switch m := m.(type) {
			case orb.MultiPoint:
				for _, p := range m {
					push(p)
				}
			case orb.MultiLineString:
				for _, ls := range m {
					push(ls)
				}
			case orb.MultiPolygon:
				for _, p := range m {
					push(p)
				}
			case orb.Collection:
				for _, x := range m {
					push(x)
				}
			default:
				if gm := kmlGeom(m, prec); gm != nil {
					// Every member is XY: Push cannot meet a layout mismatch.
					_ = c.Push(gm)
				}
			}
		}
		push(g)
		if c.NumGeoms() == 0 {
			return nil
		}
		return c
	}
	return nil
}

func init() {
	geoio.Register(&geoio.Format{Name: "kml", Title: "KML", Exts: []string{".kml"}, Rank: 50,
		Create: func(_ string, w io.Writer, l geoio.Layer, o geoio.WriteOptions) (geoio.Writer, error) {
			return createKML(w, l, o)
		}})
}
