package geojson

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// geojsonWriter writes RFC 7946 GeoJSON: a FeatureCollection, or with seq
// set a text sequence (RFC 8142: each feature preceded by RS and followed
// by LF; with rs unset, newline-delimited).
type geojsonWriter struct {
	w     *bufio.Writer
	prec  int
	seq   bool
	rs    bool
	n     int
	buf   []byte
	begun bool
	// crsMember is the legacy "crs" member, with its comma, for
	// coordinates not in WGS 84 lon/lat; "" otherwise
	crsMember string
}

func createGeoJSON(w io.Writer, layer geoio.Layer, opts geoio.WriteOptions, seq, rs bool) (geoio.Writer, error) {
	g := &geojsonWriter{w: bufio.NewWriterSize(w, 1<<20), prec: opts.Decimals(), seq: seq, rs: rs}
	// RFC 7946 coordinates are WGS 84; coordinates in another CRS (--t-crs)
	// get the legacy 2008 "crs" member, which GDAL and kukarcli read, so
	// the file is not taken for lon/lat
	if c := opts.CRS; !c.IsZero() && !c.Equal(crs.WGS84) {
		switch {
		case seq:
			opts.Note("GeoJSON text sequences cannot name a CRS: the coordinates are in " + c.String() + ", not lon/lat")
		case c.EPSG != 0:
			g.crsMember = fmt.Sprintf(`"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::%d"}},`, c.EPSG)
		default:
			opts.Note("GeoJSON can name only an EPSG CRS: the coordinates are in " + c.String() + ", and the file does not say so")
		}
	}
	return g, nil
}

func (g *geojsonWriter) begin() error {
	if g.begun || g.seq {
		return nil
	}
	g.begun = true
	// No "name" member: RFC 7946 has none, and leaving it out makes a
	// file, its copy on standard input and its text sequence convert to
	// the same bytes.
	b := append(g.buf[:0], "{\"type\":\"FeatureCollection\","...)
	b = append(b, g.crsMember...)
	b = append(b, "\"features\":[\n"...)
	g.buf = b
	_, err := g.w.Write(b)
	return err
}

func (g *geojsonWriter) Write(f *geoio.Feature) error {
	if err := g.begin(); err != nil {
		return err
	}
	b := g.buf[:0]
	if g.seq {
		if g.rs {
			b = append(b, 0x1e)
		}
	} else if g.n > 0 {
		b = append(b, ",\n"...)
	}
	b = AppendFeatureJSON(b, f, g.prec)
	if g.seq {
		b = append(b, '\n')
	}
	g.buf = b
	g.n++
	_, err := g.w.Write(b)
	return err
}

func (g *geojsonWriter) Close() error {
	if err := g.begin(); err != nil {
		return err
	}
	if !g.seq {
		if g.n > 0 {
			g.w.WriteString("\n")
		}
		g.w.WriteString("]}\n")
	}
	return g.w.Flush()
}

func (g *geojsonWriter) Abort() error { return nil }

// AppendFeatureJSON appends one RFC 7946 Feature object: rings follow the
// right-hand rule (exteriors counter-clockwise), coordinates have at most
// prec decimals.
func AppendFeatureJSON(b []byte, f *geoio.Feature, prec int) []byte {
	b = append(b, `{"type":"Feature"`...)
	if f.ID != nil {
		b = append(b, `,"id":`...)
		b = appendJSONValue(b, f.ID)
	}
	b = append(b, `,"properties":`...)
	if f.Properties == nil {
		b = append(b, '{', '}')
	} else {
		b = append(b, '{')
		for i, p := range f.Properties {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, p.Key)
			b = append(b, ':')
			b = appendJSONValue(b, p.Value)
		}
		b = append(b, '}')
	}
	b = append(b, `,"geometry":`...)
	b = AppendGeometryJSON(b, f.Geometry, prec)
	return append(b, '}')
}

// AppendGeometryJSON appends a GeoJSON geometry object, or null.
func AppendGeometryJSON(b []byte, g orb.Geometry, prec int) []byte {
	switch g := g.(type) {
	case nil:
		return append(b, "null"...)
	case orb.Point:
		b = append(b, `{"type":"Point","coordinates":`...)
		b = appendPos(b, g, prec)
	case orb.MultiPoint:
		b = append(b, `{"type":"MultiPoint","coordinates":`...)
		b = appendPositions(b, g, prec, false)
	case orb.LineString:
		b = append(b, `{"type":"LineString","coordinates":`...)
		b = appendPositions(b, g, prec, false)
	case orb.MultiLineString:
		b = append(b, `{"type":"MultiLineString","coordinates":[`...)
		for i, l := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPositions(b, l, prec, false)
		}
		b = append(b, ']')
	case orb.Ring:
		return AppendGeometryJSON(b, orb.Polygon{g}, prec)
	case orb.Polygon:
		b = append(b, `{"type":"Polygon","coordinates":`...)
		b = appendPolygon(b, g, prec)
	case orb.MultiPolygon:
		b = append(b, `{"type":"MultiPolygon","coordinates":[`...)
		for i, p := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPolygon(b, p, prec)
		}
		b = append(b, ']')
	case orb.Collection:
		b = append(b, `{"type":"GeometryCollection","geometries":[`...)
		for i, m := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendGeometryJSON(b, m, prec)
		}
		b = append(b, "]}"...)
		return b
	case orb.Bound:
		return AppendGeometryJSON(b, g.ToPolygon(), prec)
	default:
		return append(b, "null"...)
	}
	return append(b, '}')
}

func appendPolygon(b []byte, p orb.Polygon, prec int) []byte {
	b = append(b, '[')
	for i, r := range p {
		if i > 0 {
			b = append(b, ',')
		}
		// RFC 7946 §3.1.6: exterior counter-clockwise, holes clockwise.
		wantCCW := i == 0
		reverse := len(r) > 2 && (ringArea(r) > 0) != wantCCW && ringArea(r) != 0
		b = appendPositions(b, r, prec, reverse)
	}
	return append(b, ']')
}

// ringArea is the shoelace signed area in coordinate units: positive for
// counter-clockwise rings.
func ringArea(r []orb.Point) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	if n := len(r); n > 0 && r[0] != r[n-1] {
		s += r[n-1][0]*r[0][1] - r[0][0]*r[n-1][1]
	}
	return s / 2
}

func appendPositions(b []byte, pts []orb.Point, prec int, reverse bool) []byte {
	b = append(b, '[')
	for i := range pts {
		if i > 0 {
			b = append(b, ',')
		}
		j := i
		if reverse {
			j = len(pts) - 1 - i
		}
		b = appendPos(b, pts[j], prec)
	}
	return append(b, ']')
}

func appendPos(b []byte, p orb.Point, prec int) []byte {
	b = append(b, '[')
	b = AppendCoord(b, p[0], prec)
	b = append(b, ',')
	b = AppendCoord(b, p[1], prec)
	return append(b, ']')
}

// AppendCoord formats a coordinate with at most prec decimals, trailing
// zeros removed and no negative zero, so equal values print equal bytes.
func AppendCoord(b []byte, v float64, prec int) []byte {
	start := len(b)
	b = strconv.AppendFloat(b, v, 'f', prec, 64)
	if prec > 0 {
		i := len(b)
		for i > start && b[i-1] == '0' {
			i--
		}
		if i > start && b[i-1] == '.' {
			i--
		}
		b = b[:i]
	}
	if string(b[start:]) == "-0" {
		b = append(b[:start], '0')
	}
	return b
}

func appendJSONValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...)
	case string:
		return appendJSONString(b, v)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case float64:
		return geoio.AppendNumber(b, v)
	case bool:
		return strconv.AppendBool(b, v)
	case time.Time:
		return appendJSONString(b, geoio.FormatDate(v))
	case geoio.RawJSON:
		return append(b, v...)
	}
	return appendJSONString(b, fmt.Sprint(v))
}

const hexDigits = "0123456789abcdef"

func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func init() {
	geo := func(seq, rs bool) func(string, io.Writer, geoio.Layer, geoio.WriteOptions) (geoio.Writer, error) {
		return func(_ string, w io.Writer, l geoio.Layer, o geoio.WriteOptions) (geoio.Writer, error) {
			return createGeoJSON(w, l, o, seq, rs)
		}
	}
	geoio.Register(&geoio.Format{Name: "geojson", Title: "GeoJSON", Exts: []string{".geojson", ".json"}, Rank: 10,
		Open: openGeoJSON, Create: geo(false, false)})
	geoio.Register(&geoio.Format{Name: "geojsonseq", Title: "GeoJSONSeq", Exts: []string{".geojsons", ".geojsonseq"}, Rank: 11,
		Open: openGeoJSON, Create: geo(true, true)})
	geoio.Register(&geoio.Format{Name: "geojsonl", Title: "GeoJSON lines", Exts: []string{".geojsonl", ".ndjson", ".jsonl"}, Rank: 12,
		Open: openGeoJSON, Create: geo(true, false)})
}
