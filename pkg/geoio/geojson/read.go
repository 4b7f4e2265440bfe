package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// geojsonReader streams a GeoJSON document: a FeatureCollection (features
// decoded one at a time, never the whole text), a single Feature, a bare
// geometry, or a sequence of any of these separated by newlines or by the
// RFC 8142 record separator.
type geojsonReader struct {
	name   string
	closer io.Closer
	js     *jsonStream
	layer  geoio.Layer
	opts   geoio.ReadOptions
	index  int

	topDone bool // finished the current top-level value
	pending []*geoio.Feature
	pipe    *gjPipeline // the parallel decoder of a features array, when running
	dec     featureDecoder
}

func openGeoJSON(src geoio.Source, opts geoio.ReadOptions) ([]geoio.Reader, error) {
	var r io.Reader
	var closer io.Closer
	if src.R != nil {
		r = src.R
	} else {
		f, err := os.Open(src.Path)
		if err != nil {
			return nil, fmt.Errorf("geoio: %w", err)
		}
		r, closer = f, f
	}
	g := &geojsonReader{
		name:   src.Name(),
		closer: closer,
		js:     newJSONStream(&bomSkipper{r: r}),
		opts:   opts,
		layer:  geoio.Layer{Name: geoio.LayerName(src.Name()), Format: "GeoJSON"},
	}
	return []geoio.Reader{g}, nil
}

// bomSkipper drops a UTF-8 byte order mark at the start of a stream (as
// Windows tools write, and GDAL accepts; RFC 8259 §8.1 lets a parser
// ignore it).
type bomSkipper struct {
	r    io.Reader
	pre  []byte
	done bool
}

func (b *bomSkipper) Read(p []byte) (int, error) {
	if !b.done {
		b.done = true
		var h [3]byte
		n, err := io.ReadFull(b.r, h[:])
		if !(n == 3 && h == [3]byte{0xef, 0xbb, 0xbf}) {
			b.pre = append([]byte(nil), h[:n]...)
		}
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return 0, err
		}
	}
	if len(b.pre) > 0 {
		n := copy(p, b.pre)
		b.pre = b.pre[n:]
		return n, nil
	}
	return b.r.Read(p)
}

func (g *geojsonReader) Layer() geoio.Layer { return g.layer }

func (g *geojsonReader) Close() error {
	g.stopPipeline()
	if g.closer != nil {
		return g.closer.Close()
	}
	return nil
}

func (g *geojsonReader) fail(reason string) error {
	return &geoio.FormatError{File: g.name, Index: g.index, Reason: reason}
}

// Next returns the next feature, io.EOF at the end.
func (g *geojsonReader) Next() (*geoio.Feature, error) {
	for {
		if len(g.pending) > 0 {
			f := g.pending[0]
			g.pending = g.pending[1:]
			return f, nil
		}
		if g.pipe != nil {
			f, err := g.nextFromPipeline()
			if err != nil {
				return nil, err
			}
			if f != nil {
				return f, nil
			}
			if err := g.finishObject(); err != nil {
				return nil, err
			}
			continue
		}
		// start of a new top-level text
		if _, ok := g.js.peek(); !ok {
			if g.js.err != nil {
				return nil, &geoio.FormatError{File: g.name, Index: -1, Reason: g.js.err.Error()}
			}
			return nil, io.EOF
		}
		if g.topDone {
			// a second top-level text: a sequence
			g.layer.Format = "GeoJSONSeq"
		}
		if err := g.startTop(); err != nil {
			return nil, err
		}
	}
}

func (g *geojsonReader) syntaxErr(err error) error {
	if errors.Is(err, errJSONEOF) {
		return &geoio.FormatError{File: g.name, Index: g.index, Reason: geoio.ProblemTruncated + ": the JSON text ends early"}
	}
	return &geoio.FormatError{File: g.name, Index: g.index, Reason: fmt.Sprintf("invalid JSON near byte %d: %v", g.js.pos(), err)}
}

// startTop reads the members of a top-level object until it meets the
// features array (then streams) or the end of the object (then decodes it
// as a Feature or a geometry).
func (g *geojsonReader) startTop() error {
	g.topDone = false
	if err := g.js.expect('{'); err != nil {
		return g.fail("expected a JSON object at the top level: " + err.Error())
	}
	members := map[string][]byte{}
	first := true
	for {
		c, ok := g.js.peek()
		if !ok {
			return g.syntaxErr(errJSONEOF)
		}
		if c == '}' {
			g.js.start++
			break
		}
		if !first {
			if err := g.js.expect(','); err != nil {
				return g.syntaxErr(err)
			}
		}
		first = false
		key, err := g.js.string()
		if err != nil {
			return g.syntaxErr(err)
		}
		if err := g.js.expect(':'); err != nil {
			return g.syntaxErr(err)
		}
		if key == "features" {
			if t, ok := members["type"]; ok && string(t) != `"FeatureCollection"` {
				return g.fail(fmt.Sprintf("object of type %s has a features member", t))
			}
			if c, ok := members["crs"]; ok {
				if err := g.setCRS(c); err != nil {
					return err
				}
			}
			c, ok := g.js.peek()
			if !ok {
				return g.syntaxErr(errJSONEOF)
			}
			if c == '[' {
				g.js.start++
				g.startPipeline()
				return nil
			}
			v, err := g.js.value()
			if err != nil {
				return g.syntaxErr(err)
			}
			if string(v) != "null" {
				return g.fail("the features member is not an array")
			}
			continue
		}
		v, err := g.js.value()
		if err != nil {
			return g.syntaxErr(err)
		}
		members[key] = append([]byte(nil), v...)
	}
	g.topDone = true
	if c, ok := members["crs"]; ok {
		if err := g.setCRS(c); err != nil {
			return err
		}
	}
	var typ string
	if t, ok := members["type"]; ok {
		typ, _ = unquoteJSON(t)
	}
	switch typ {
	case "FeatureCollection":
		return nil // no features member: empty collection
	case "Feature":
		raw := rawFeature{Type: typ, ID: members["id"], Geometry: members["geometry"], Properties: members["properties"]}
		f, err := g.feature(&raw)
		if err != nil {
			return err
		}
		if f != nil {
			g.pending = append(g.pending, f)
		}
		return nil
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection":
		var b []byte
		b = append(b, '{')
		for _, k := range geoio.SortedKeys(members) {
			if len(b) > 1 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = append(b, members[k]...)
		}
		b = append(b, '}')
		raw := rawFeature{Type: "Feature", Geometry: b}
		f, err := g.feature(&raw)
		if err != nil {
			return err
		}
		if f != nil {
			g.pending = append(g.pending, f)
		}
		return nil
	case "":
		return g.fail("object without a type member is not GeoJSON")
	}
	return g.fail(fmt.Sprintf("unknown GeoJSON type %q", typ))
}

// finishObject reads the members after a collection's features array.
func (g *geojsonReader) finishObject() error {
	for {
		c, ok := g.js.peek()
		if !ok {
			return g.syntaxErr(errJSONEOF)
		}
		if c == '}' {
			g.js.start++
			g.topDone = true
			return nil
		}
		if err := g.js.expect(','); err != nil {
			return g.syntaxErr(err)
		}
		key, err := g.js.string()
		if err != nil {
			return g.syntaxErr(err)
		}
		if err := g.js.expect(':'); err != nil {
			return g.syntaxErr(err)
		}
		v, err := g.js.value()
		if err != nil {
			return g.syntaxErr(err)
		}
		if key == "crs" && g.index > 0 {
			c, err := parseCRSMember(v)
			if err == nil && !c.IsZero() && !c.Equal(crs.WGS84) && g.layer.CRS.IsZero() {
				return &geoio.FormatError{File: g.name, Index: -1, Reason: fmt.Sprintf("the crs member (%s) comes after the features, which were read as lon/lat", c), Fix: "move the crs member before features, or pass --s-crs"}
			}
		}
	}
}

func (g *geojsonReader) setCRS(raw []byte) error {
	c, err := parseCRSMember(raw)
	if err != nil && errors.Is(err, crs.ErrUnsupported) && c.Name != "" {
		err = nil // kept by name: info describes it, commands refuse it
	}
	if err != nil {
		return &geoio.FormatError{File: g.name, Index: -1, Reason: err.Error(), Fix: "pass --s-crs to say which CRS the coordinates are in"}
	}
	g.layer.CRS = c
	return nil
}

// splitFeature finds the members of a Feature object without decoding
// them.
func splitFeature(b []byte) (rawFeature, error) {
	var raw rawFeature
	if len(b) == 0 || b[0] != '{' {
		return raw, fmt.Errorf("a member of features is not an object")
	}
	end, err := objectMembersAt(b, 0, func(key string, at int) (int, error) {
		if key == "geometry" && at < len(b) && b[at] == '{' {
			// Decoded here, in the one pass over its bytes; one that
			// fails is kept raw and decoded again by parseFeature, which
			// reports the problem in order.
			if g, z, end, err := parseGeometryAt(b, at, 0); err == nil {
				raw.Geometry, raw.geom, raw.geomZ, raw.geomDone = nil, g, z, true
				return end, nil
			}
		}
		p := slicePos{b: b, i: at}
		v, err := p.next()
		if err != nil {
			return 0, err
		}
		switch key {
		case "type":
			t, err := unquoteJSON(v)
			if err != nil {
				return 0, fmt.Errorf("type: %v", err)
			}
			raw.Type = t
		case "id":
			raw.ID = v
		case "geometry":
			raw.Geometry, raw.geom, raw.geomZ, raw.geomDone = v, nil, 0, false
		case "properties":
			raw.Properties = v
		}
		return p.i, nil
	})
	if err != nil {
		return raw, err
	}
	p := slicePos{b: b, i: end}
	return raw, p.tail()
}

// parseCRSMember reads the legacy (GeoJSON 2008) crs member:
// {"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32750"}}.
func parseCRSMember(raw []byte) (crs.CRS, error) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return crs.CRS{}, nil
	}
	var m struct {
		Type       string `json:"type"`
		Properties struct {
			Name string `json:"name"`
			Code any    `json:"code"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return crs.CRS{}, fmt.Errorf("unreadable crs member: %v", err)
	}
	switch m.Type {
	case "name":
		return crs.Parse(m.Properties.Name)
	case "EPSG":
		return crs.Parse(fmt.Sprint("EPSG:", m.Properties.Code))
	}
	return crs.CRS{}, fmt.Errorf("crs member of type %q is not supported (only named CRSs)", m.Type)
}

type rawFeature struct {
	Type       string
	ID         []byte
	Geometry   []byte
	Properties []byte
	// geom is the geometry when it was decoded while splitting (geomDone).
	geom     orb.Geometry
	geomZ    geomFlags
	geomDone bool
}

// feature turns a raw feature into a Feature. It returns (nil, nil) when
// the feature was skipped as a reported problem.
func (g *geojsonReader) feature(raw *rawFeature) (*geoio.Feature, error) {
	idx := g.index
	g.index++
	pf := g.dec.parseFeature(raw)
	return g.deliver(idx, pf)
}

// parsedFeature is a feature decoded from its raw members, or the
// problem that made it unusable. Decoding is pure, so it can run on
// several goroutines; reporting happens in order, in deliver.
type parsedFeature struct {
	f      *geoio.Feature
	z      geomFlags
	id     string
	kind   string
	reason string
	// splitErr is a feature whose members could not be found; whether it
	// is skipped or ends the read is decided in order, by the consumer.
	splitErr     error
	startsObject bool
}

// featureDecoder is what one decoding goroutine reuses from feature to
// feature: a scratch list of properties, so each feature's list is
// allocated once, at its length, and a table of the short strings
// met so far. Keys and many values repeat in every feature of a layer
// ("highway", "primary"); interned, each is allocated once instead of
// once per feature, which is most of what decoding a road layer would
// otherwise allocate. The zero value is ready to use.
type featureDecoder struct {
	props geoio.Properties
	strs  map[string]string
}

const (
	internMaxLen     = 32
	internMaxEntries = 4096
)

// intern returns s, or an equal string met before; s may be a view of a
// reused buffer and is copied when kept.
func (d *featureDecoder) intern(s string) string {
	if len(s) > internMaxLen {
		return strings.Clone(s)
	}
	if v, ok := d.strs[s]; ok {
		return v
	}
	v := strings.Clone(s)
	if d.strs == nil {
		d.strs = make(map[string]string)
	}
	if len(d.strs) < internMaxEntries {
		d.strs[v] = v
	}
	return v
}

// value decodes a property value; plain strings (no escapes, valid UTF-8)
// are interned.
func (d *featureDecoder) value(v []byte) (any, error) {
	v = bytes.TrimSpace(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		in := v[1 : len(v)-1]
		if len(in) <= internMaxLen && bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
			plain := true
			for _, c := range in {
				if c < 0x20 {
					plain = false
					break
				}
			}
			if plain {
				return d.intern(unsafeString(in)), nil
			}
		}
	}
	return jsonValue(v)
}

func (d *featureDecoder) parseFeature(raw *rawFeature) parsedFeature {
	f := &geoio.Feature{}
	if len(raw.ID) > 0 {
		id, err := parseID(raw.ID)
		if err != nil {
			return parsedFeature{kind: geoio.ProblemBadRecord, reason: err.Error()}
		}
		f.ID = id
	}
	if raw.Type != "" && raw.Type != "Feature" {
		return parsedFeature{id: f.IDString(), kind: geoio.ProblemBadRecord, reason: fmt.Sprintf("member of features has type %q, not Feature", raw.Type)}
	}
	if len(raw.Properties) > 0 {
		props, err := d.parseProperties(raw.Properties)
		if err != nil {
			return parsedFeature{id: f.IDString(), kind: geoio.ProblemBadRecord, reason: "properties: " + err.Error()}
		}
		f.Properties = props
	}
	var z geomFlags
	if raw.geomDone {
		f.Geometry, z = raw.geom, raw.geomZ
	} else if len(raw.Geometry) > 0 {
		geom, hasZ, err := parseGeometry(raw.Geometry, 0)
		if err != nil {
			kind := geoio.ProblemBadRecord
			var ce coordError
			if errors.As(err, &ce) {
				kind = geoio.ProblemInvalidCoord
			}
			return parsedFeature{id: f.IDString(), kind: kind, reason: err.Error()}
		}
		z = hasZ
		f.Geometry = geom
	}
	return parsedFeature{f: f, z: z}
}

// deliver reports a parsed feature's problem or hands the feature on; a
// nil feature with a nil error means "skipped".
func (g *geojsonReader) deliver(idx int, pf parsedFeature) (*geoio.Feature, error) {
	if pf.f == nil {
		return nil, g.skip(idx, pf.id, pf.kind, pf.reason)
	}
	if pf.z&flagZ != 0 {
		g.layer.HasZ = true
	}
	if pf.z&flagText != 0 {
		if err := g.opts.Report(geoio.Problem{File: g.name, Index: idx, ID: pf.f.IDString(), Kind: geoio.RepairStringCoords, Outcome: geoio.Repaired,
			Reason: "coordinates written as JSON strings were read as numbers"}); err != nil {
			return nil, err
		}
	}
	return pf.f, nil
}

// skip reports a problem; the returned error is non-nil only when the
// handler wants the read to stop.
func (g *geojsonReader) skip(idx int, id, kind, reason string) error {
	return g.opts.Report(geoio.Problem{File: g.name, Index: idx, ID: id, Kind: kind, Reason: reason})
}

func parseID(raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	switch raw[0] {
	case '"':
		s, err := unquoteJSON(raw)
		if err != nil {
			return nil, fmt.Errorf("bad id: %v", err)
		}
		return s, nil
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return parseNumber(raw)
	}
	return nil, fmt.Errorf("id must be a string or a number, found %s", truncate(raw, 40))
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// parseNumber keeps integers as int64 when they are written without a
// fraction or exponent and fit; everything else is float64.
func parseNumber(b []byte) (any, error) {
	s := unsafeString(b)
	if !bytes.ContainsAny(b, ".eE") {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return v, nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, fmt.Errorf("bad number %q", string(b))
	}
	return v, nil
}

// parseProperties decodes a properties object keeping member order.
// Nested objects and arrays are kept as their JSON text (RawJSON).
func (d *featureDecoder) parseProperties(raw []byte) (geoio.Properties, error) {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return nil, nil
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, fmt.Errorf("not an object")
	}
	props := d.props[:0]
	err := objectMembers(raw, func(key string, v []byte) error {
		val, err := d.value(v)
		if err != nil {
			return fmt.Errorf("%s: %v", key, err)
		}
		props = append(props, geoio.Property{Key: d.intern(key), Value: val})
		return nil
	})
	d.props = props
	if err != nil {
		return nil, err
	}
	if len(props) == 0 {
		return geoio.Properties{}, nil
	}
	return slices.Clone(props), nil
}

func jsonValue(v []byte) (any, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return nil, nil
	}
	switch v[0] {
	case 'n', 't', 'f':
		if err := checkLiteral(v); err != nil {
			return nil, err
		}
		switch v[0] {
		case 't':
			return true, nil
		case 'f':
			return false, nil
		}
		return nil, nil
	case '"':
		return unquoteJSON(v)
	case '{', '[':
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			return nil, err
		}
		return geoio.RawJSON(buf.Bytes()), nil
	}
	return parseNumber(v)
}

type coordError struct{ msg string }

func (e coordError) Error() string { return e.msg }

type rawGeometry struct {
	Type        string
	Coordinates []byte
	Geometries  []byte
}

// parseGeometry decodes a GeoJSON geometry object. It reports whether any
// position carried more than two values (Z, dropped).
func parseGeometry(raw []byte, depth int) (orb.Geometry, geomFlags, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, 0, nil
	}
	if raw[0] != '{' {
		return nil, 0, fmt.Errorf("geometry is not an object")
	}
	g, z, end, err := parseGeometryAt(raw, 0, depth)
	if err != nil {
		return nil, 0, err
	}
	p := slicePos{b: raw, i: end}
	if err := p.tail(); err != nil {
		return nil, 0, fmt.Errorf("geometry: %v", err)
	}
	return g, z, nil
}

// geometryDepth is the nesting of each geometry type's coordinates.
var geometryDepth = map[string]int{"Point": 1, "MultiPoint": 2, "LineString": 2, "MultiLineString": 3, "Polygon": 3, "MultiPolygon": 4}

// parseGeometryAt decodes the geometry object starting at b[at] and
// returns the offset just past it. When "type" comes before
// "coordinates", as writers put it, the coordinates are decoded as they
// are met instead of being scanned once to find their end and again to
// decode them: they are most of a file's bytes.
func parseGeometryAt(b []byte, at, depth int) (orb.Geometry, geomFlags, int, error) {
	if depth > 8 {
		return nil, 0, 0, fmt.Errorf("geometry collections nested too deeply")
	}
	var rg rawGeometry
	var (
		n        coordNode
		z        geomFlags
		parsedAs string // the type the coordinates were decoded for
	)
	end, err := objectMembersAt(b, at, func(key string, at int) (int, error) {
		if key == "coordinates" {
			if want := geometryDepth[rg.Type]; want > 0 && at < len(b) && b[at] == '[' {
				p := coordParser{b: b[at:]}
				if cn, err := p.parse(want); err == nil {
					// rg.Coordinates keeps the bytes, should a later
					// "type" member call for another decoding.
					n, z, parsedAs, rg.Coordinates = cn, p.flags, rg.Type, b[at:at+p.i]
					return at + p.i, nil
				}
				// Bad coordinates are found again, and reported as
				// before, by the decoding of the whole value below.
			}
		}
		p := slicePos{b: b, i: at}
		v, err := p.next()
		if err != nil {
			return 0, err
		}
		switch key {
		case "type":
			t, err := unquoteJSON(v)
			if err != nil {
				return 0, fmt.Errorf("type: %v", err)
			}
			rg.Type = t
		case "coordinates":
			rg.Coordinates, parsedAs = v, ""
		case "geometries":
			rg.Geometries = v
		}
		return p.i, nil
	})
	if err != nil {
		return nil, 0, 0, fmt.Errorf("geometry: %v", err)
	}
	if rg.Type == "GeometryCollection" {
		var c orb.Collection
		var anyZ geomFlags
		if len(rg.Geometries) == 0 || rg.Geometries[0] != '[' {
			return nil, 0, 0, fmt.Errorf("GeometryCollection without a geometries array")
		}
		err := arrayElements(rg.Geometries, func(m []byte) error {
			g, z, err := parseGeometry(m, depth+1)
			if err != nil {
				return err
			}
			if g != nil {
				c = append(c, g)
			}
			anyZ |= z
			return nil
		})
		if err != nil {
			return nil, 0, 0, err
		}
		return c, anyZ, end, nil
	}
	want := geometryDepth[rg.Type]
	if want == 0 {
		if rg.Type == "" {
			return nil, 0, 0, fmt.Errorf("geometry without a type")
		}
		return nil, 0, 0, fmt.Errorf("unknown geometry type %q", rg.Type)
	}
	switch {
	case parsedAs == rg.Type:
	case len(rg.Coordinates) == 0 || string(rg.Coordinates) == "null":
		return nil, 0, 0, fmt.Errorf("%s without coordinates", rg.Type)
	default:
		p := coordParser{b: rg.Coordinates}
		cn, err := p.parse(want)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("%s coordinates: %w", rg.Type, err)
		}
		p.skipSpace()
		if p.i != len(p.b) {
			return nil, 0, 0, fmt.Errorf("%s coordinates: trailing data", rg.Type)
		}
		n, z = cn, p.flags
	}
	var g orb.Geometry
	switch rg.Type {
	case "Point":
		g = n.pt
	case "MultiPoint":
		g = orb.MultiPoint(n.line)
	case "LineString":
		g = orb.LineString(n.line)
	case "MultiLineString":
		ml := make(orb.MultiLineString, len(n.lines))
		for i, l := range n.lines {
			ml[i] = orb.LineString(l)
		}
		g = ml
	case "Polygon":
		g = toPolygon(n.lines)
	case "MultiPolygon":
		mp := make(orb.MultiPolygon, len(n.polys))
		for i, pl := range n.polys {
			mp[i] = toPolygon(pl)
		}
		g = mp
	}
	return g, z, end, nil
}

func toPolygon(rings [][]orb.Point) orb.Polygon {
	pg := make(orb.Polygon, len(rings))
	for i, r := range rings {
		pg[i] = orb.Ring(r)
	}
	return pg
}

// coordParser is a small hand-written parser for the nested arrays of
// numbers in "coordinates": far faster than reflection-based decoding,
// which matters for million-point files.
// geomFlags say what decoding a geometry met: positions with a third
// value (Z, dropped), coordinates written as JSON strings (parsed: a
// repair the reader reports).
type geomFlags uint8

const (
	flagZ geomFlags = 1 << iota
	flagText
)

type coordParser struct {
	b     []byte
	i     int
	flags geomFlags
}

type coordNode struct {
	pt    orb.Point
	line  []orb.Point
	lines [][]orb.Point
	polys [][][]orb.Point
}

func (p *coordParser) skipSpace() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *coordParser) expect(c byte) error {
	p.skipSpace()
	if p.i >= len(p.b) || p.b[p.i] != c {
		return fmt.Errorf("expected %q at offset %d", c, p.i)
	}
	p.i++
	return nil
}

// more consumes a ',' and reports true, or consumes ']' and reports false.
func (p *coordParser) more() (bool, error) {
	p.skipSpace()
	if p.i >= len(p.b) {
		return false, fmt.Errorf("unterminated array")
	}
	switch p.b[p.i] {
	case ',':
		p.i++
		return true, nil
	case ']':
		p.i++
		return false, nil
	}
	return false, fmt.Errorf("unexpected %q at offset %d", p.b[p.i], p.i)
}

func (p *coordParser) emptyArray() bool {
	p.skipSpace()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return true
	}
	return false
}

func (p *coordParser) position() (orb.Point, error) {
	if err := p.expect('['); err != nil {
		return orb.Point{}, err
	}
	var pt orb.Point
	n := 0
	if p.emptyArray() {
		return pt, coordError{"empty position"}
	}
	for {
		p.skipSpace()
		if p.i < len(p.b) && p.b[p.i] == '"' {
			v, err := p.textNumber()
			if err != nil {
				return pt, err
			}
			if n < 2 {
				pt[n] = v
			} else {
				p.flags |= flagZ
			}
			n++
			more, err := p.more()
			if err != nil {
				return pt, err
			}
			if !more {
				break
			}
			continue
		}
		start := p.i
		for p.i < len(p.b) {
			c := p.b[p.i]
			if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
				p.i++
				continue
			}
			break
		}
		if start == p.i {
			return pt, fmt.Errorf("expected a number at offset %d", p.i)
		}
		s := p.b[start:p.i]
		v, ok := shortDecimal(s)
		var err error
		if !ok {
			v, err = strconv.ParseFloat(unsafeString(s), 64)
		}
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return pt, coordError{fmt.Sprintf("invalid coordinate %q", string(s))}
		}
		if n < 2 {
			pt[n] = v
		} else {
			p.flags |= flagZ
		}
		n++
		more, err := p.more()
		if err != nil {
			return pt, err
		}
		if !more {
			break
		}
	}
	if n < 2 {
		return pt, coordError{"position with fewer than two values"}
	}
	return pt, nil
}

// textNumber reads a coordinate written as a JSON string
// ("107.6091"), as some open-data portals export them: a plain number in
// the string is used (GDAL reads them too) and the geometry marked as
// repaired; anything else ("10,758,096.000000", "n/a") is an invalid
// coordinate.
func (p *coordParser) textNumber() (float64, error) {
	end, ok := skipString(p.b, p.i+1)
	if !ok {
		return 0, fmt.Errorf("unterminated string at offset %d", p.i)
	}
	raw := p.b[p.i:end]
	p.i = end
	str, err := unquoteJSON(raw)
	if err != nil {
		return 0, coordError{fmt.Sprintf("invalid coordinate %s", raw)}
	}
	t := strings.TrimSpace(str)
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || t == "" || !isPlainNumber(t) || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, coordError{fmt.Sprintf("coordinate %s is text, not a number", raw)}
	}
	p.flags |= flagText
	return v, nil
}

// isPlainNumber says whether s is written as a JSON number would be
// (strconv also takes "0x1p3", "inf" and digit separators "1_000").
func isPlainNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

// shortDecimal converts a plain decimal ("-1.2996517": no exponent, at
// most 15 digits) the fast way: its digits as an integer are exact in a
// float64, and so is the power of ten, so one division rounds correctly
// and gives the same value as strconv.ParseFloat (Clinger 1990, "How to
// read floating point numbers accurately", the exact case). Coordinates
// are almost always such numbers. ok is false for anything else.
func shortDecimal(s []byte) (v float64, ok bool) {
	i := 0
	neg := i < len(s) && s[i] == '-'
	if neg {
		i++
	}
	var m uint64
	digits, frac := 0, 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		m = m*10 + uint64(s[i]-'0')
		digits++
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			m = m*10 + uint64(s[i]-'0')
			digits++
			frac++
		}
		if frac == 0 {
			return 0, false
		}
	}
	if i != len(s) || digits > 15 {
		return 0, false
	}
	v = float64(m) / exactPow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

// exactPow10 holds the powers of ten a float64 stores exactly that
// shortDecimal can need (at most 15 digits, so 15 decimals).
var exactPow10 = [16]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

func (p *coordParser) parse(depth int) (coordNode, error) {
	var n coordNode
	var err error
	switch depth {
	case 1:
		n.pt, err = p.position()
	case 2:
		err = p.array(func() error {
			pt, err := p.position()
			n.line = append(n.line, pt)
			return err
		})
	case 3:
		err = p.array(func() error {
			c, err := p.parse(2)
			n.lines = append(n.lines, c.line)
			return err
		})
	default:
		err = p.array(func() error {
			c, err := p.parse(3)
			n.polys = append(n.polys, c.lines)
			return err
		})
	}
	return n, err
}

// array reads '[' element (',' element)* ']', calling elem for each.
func (p *coordParser) array(elem func() error) error {
	if err := p.expect('['); err != nil {
		return err
	}
	if p.emptyArray() {
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		more, err := p.more()
		if err != nil || !more {
			return err
		}
	}
}
