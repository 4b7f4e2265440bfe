package gpkg

import (
	"bytes"
	"context"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kukarcli/kukarcli/internal/atomicfile"
	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// colKind is how a column's values are read.
type colKind uint8

const (
	kindInt colKind = iota
	kindFloat
	kindBool
	kindDate
	kindString
	kindAny // no declared type: text, numbers as text
)

// column is one attribute column of a feature table.
type column struct {
	name string
	decl string // declared type, as written
	kind colKind
	// asText selects the column as text: the SQLite driver would turn
	// the values of DATE and DATETIME columns into times by its own rules
	asText bool
}

// layerInfo is what Open learns of one feature table.
type layerInfo struct {
	table    string
	geomCol  string
	geomType string
	fid      string // the integer primary key, "" when there is none
	cols     []column
	layer    geoio.Layer
	crsErr   error // the layer's CRS could not be read
}

// source is the file the readers of one Open share: a temporary copy of
// standard input is removed when the last of them is closed.
type source struct {
	path, name string
	mu         sync.Mutex
	open       int
	remove     func()
}

func (s *source) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.open--
	if s.open == 0 && s.remove != nil {
		s.remove()
		s.remove = nil
	}
}

// Open reads every feature table of a GeoPackage (data_type 'features' in
// gpkg_contents, with its row in gpkg_geometry_columns), one reader each
// in the order gpkg_contents lists them. A GeoPackage on standard input is
// copied to a temporary file first, SQLite needing one.
func Open(src geoio.Source, opts geoio.ReadOptions) (_ []geoio.Reader, err error) {
	s := &source{path: src.Path, name: src.Name()}
	if src.R != nil {
		tmp, err := os.CreateTemp("", "kukarcli-stdin-*.gpkg")
		if err != nil {
			return nil, fmt.Errorf("geoio: %s: %w", s.name, err)
		}
		forget := atomicfile.RegisterTemp(tmp.Name())
		s.path = tmp.Name()
		s.remove = func() { os.Remove(tmp.Name()); forget() }
		_, err = io.Copy(tmp, src.R)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			s.remove()
			return nil, fmt.Errorf("geoio: %s: %w", s.name, err)
		}
	}
	defer func() {
		if err != nil && s.remove != nil {
			s.remove()
		}
	}()
	if err := checkHeader(s, opts); err != nil {
		return nil, err
	}
	c, err := openConn(s.path, true)
	if err != nil {
		return nil, sqlError(s.name, err)
	}
	defer c.Close()
	infos, err := readLayers(c, s.name, opts)
	if err != nil {
		return nil, err
	}
	if len(infos) == 0 {
		return nil, &geoio.FormatError{File: s.name, Index: -1, Reason: "the GeoPackage holds no vector layer (no table of data_type 'features' in gpkg_contents)"}
	}
	out := make([]geoio.Reader, len(infos))
	s.open = len(infos)
	for i, info := range infos {
		out[i] = &reader{src: s, info: info, opts: opts, file: s.name + "/" + info.layer.Name}
	}
	return out, nil
}

// checkHeader refuses what is not an SQLite database before SQLite sees
// it, and notes an application_id other than a GeoPackage's.
func checkHeader(s *source, opts geoio.ReadOptions) error {
	f, err := os.Open(s.path)
	if err != nil {
		return fmt.Errorf("geoio: %w", err)
	}
	defer f.Close()
	var h [100]byte
	n, _ := io.ReadFull(f, h[:])
	if n < len(h) || !bytes.HasPrefix(h[:], []byte("SQLite format 3\x00")) {
		return &geoio.FormatError{File: s.name, Index: -1, Reason: "not a GeoPackage: the file is not an SQLite 3 database"}
	}
	switch id := binary.BigEndian.Uint32(h[68:72]); id {
	case applicationID, 0x47503130, 0x47503131: // GPKG, and GP10, GP11 of versions 1.0 and 1.1
	default:
		opts.Note(fmt.Sprintf("%s: the SQLite application_id is 0x%08x, not a GeoPackage's (\"GPKG\"); read as one all the same", s.name, id))
	}
	return nil
}

// readLayers lists the feature tables with their columns and CRS.
func readLayers(c *conn, name string, opts geoio.ReadOptions) ([]layerInfo, error) {
	for _, t := range []string{"gpkg_contents", "gpkg_geometry_columns"} {
		ok, err := c.hasTable(t)
		if err != nil {
			return nil, sqlError(name, err)
		}
		if !ok {
			return nil, &geoio.FormatError{File: name, Index: -1, Reason: "not a GeoPackage: an SQLite database without the table " + t}
		}
	}
	var infos []layerInfo
	var others []string
	err := c.query(`SELECT c.table_name, c.data_type, g.column_name, g.geometry_type_name, g.srs_id, g.z, g.m
		FROM gpkg_contents c LEFT JOIN gpkg_geometry_columns g ON lower(g.table_name) = lower(c.table_name)
		ORDER BY c.rowid`, func(row []driver.Value) error {
		table, _ := row[0].(string)
		dataType, _ := row[1].(string)
		geomCol, hasGeom := row[2].(string)
		if !strings.EqualFold(dataType, "features") || !hasGeom {
			others = append(others, fmt.Sprintf("%s (%s)", table, dataType))
			return nil
		}
		info := layerInfo{table: table, geomCol: geomCol}
		info.geomType, _ = row[3].(string)
		srsID, _ := row[4].(int64)
		z, _ := row[5].(int64)
		m, _ := row[6].(int64)
		info.layer = geoio.Layer{Name: table, Format: formatTitle, HasZ: z == 1, HasM: m == 1}
		info.layer.CRS, info.crsErr = srsIDCRS(c, srsID)
		infos = append(infos, info)
		return nil
	})
	if err != nil {
		return nil, sqlError(name, err)
	}
	if len(others) > 0 {
		opts.Note(fmt.Sprintf("%s: %s not read: only vector feature tables are", name, strings.Join(others, ", ")))
	}
	out := infos[:0]
	for _, info := range infos {
		ok, err := readColumns(c, name, &info, opts)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, info)
		}
	}
	return out, nil
}

var widthRe = regexp.MustCompile(`^\s*([A-Za-z ]+?)\s*(?:\(\s*([0-9]+)\s*(?:,\s*[0-9]+\s*)?\))?\s*$`)

// geometryTypeNames are the column types of geometries (Annex E, and the
// extension types of §F.1).
var geometryTypeNames = map[string]bool{
	"GEOMETRY": true, "POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true, "CIRCULARSTRING": true,
	"GEOMCOLLECTION": true, "COMPOUNDCURVE": true, "CURVEPOLYGON": true, "MULTICURVE": true, "MULTISURFACE": true, "CURVE": true, "SURFACE": true,
}

// readColumns reads a feature table's columns: the integer primary key
// (the feature id), the geometry column, and the attribute columns. It
// says false when the table cannot be read as a layer.
func readColumns(c *conn, name string, info *layerInfo, opts geoio.ReadOptions) (bool, error) {
	type col struct {
		name, decl string
		pk         int64
	}
	var cols []col
	err := c.query("SELECT name, type, pk FROM pragma_table_info(?)", func(row []driver.Value) error {
		var k col
		k.name, _ = row[0].(string)
		k.decl, _ = row[1].(string)
		k.pk, _ = row[2].(int64)
		cols = append(cols, k)
		return nil
	}, info.table)
	if err != nil {
		return false, sqlError(name, err)
	}
	if len(cols) == 0 {
		opts.Note(fmt.Sprintf("%s: layer %s is listed in gpkg_contents but has no table; not read", name, info.table))
		return false, nil
	}
	npk := 0
	for _, k := range cols {
		if k.pk > 0 {
			npk++
		}
	}
	foundGeom := false
	var skipped []string
	for _, k := range cols {
		upper := strings.ToUpper(strings.TrimSpace(k.decl))
		switch {
		case strings.EqualFold(k.name, info.geomCol):
			info.geomCol = k.name
			foundGeom = true
			continue
		case k.pk > 0 && npk == 1 && upper == "INTEGER":
			info.fid = k.name
			continue
		}
		base, width := upper, 0
		if m := widthRe.FindStringSubmatch(upper); m != nil {
			base = m[1]
			width, _ = strconv.Atoi(m[2])
		}
		f := geoio.Field{Name: k.name}
		cl := column{name: k.name, decl: k.decl, asText: base == "DATE" || base == "DATETIME" || base == "TIMESTAMP" || base == "TIME"}
		switch {
		case base == "BOOLEAN":
			cl.kind, f.Type = kindBool, geoio.FieldBool
		case base == "DATE":
			cl.kind, f.Type = kindDate, geoio.FieldDate
		case base == "DATETIME" || base == "TIMESTAMP":
			// date-times are kept as their text, as the CSV reader keeps them
			cl.kind, f.Type = kindString, geoio.FieldString
		case strings.Contains(base, "INT"):
			cl.kind, f.Type = kindInt, geoio.FieldInt
		case strings.Contains(base, "CHAR") || strings.Contains(base, "CLOB") || strings.Contains(base, "TEXT"):
			cl.kind, f.Type, f.Width = kindString, geoio.FieldString, width
		case strings.Contains(base, "BLOB") || geometryTypeNames[base]:
			skipped = append(skipped, fmt.Sprintf("%s (%s)", k.name, k.decl))
			continue
		case base == "":
			cl.kind, f.Type = kindAny, geoio.FieldString
		default: // REAL, DOUBLE, FLOAT, NUMERIC, DECIMAL
			cl.kind, f.Type = kindFloat, geoio.FieldFloat
		}
		info.cols = append(info.cols, cl)
		info.layer.Fields = append(info.layer.Fields, f)
	}
	if !foundGeom {
		opts.Note(fmt.Sprintf("%s: layer %s has no column %q named in gpkg_geometry_columns; not read", name, info.table, info.geomCol))
		return false, nil
	}
	if len(skipped) > 0 {
		opts.Note(fmt.Sprintf("%s: layer %s: column(s) %s not read: binary values have no place in the program's attributes", name, info.table, strings.Join(skipped, ", ")))
	}
	return true, nil
}

// srsIDCRS reads the CRS of an srs_id from gpkg_spatial_ref_sys: the
// EPSG code when the organization is EPSG, else the WKT definition. The
// undefined systems (-1 Cartesian, 0 geographic) give the zero CRS.
func srsIDCRS(c *conn, srsID int64) (crs.CRS, error) {
	var org, def string
	var code int64
	found := false
	err := c.query("SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?", func(row []driver.Value) error {
		found = true
		org, _ = row[0].(string)
		code, _ = row[1].(int64)
		def, _ = row[2].(string)
		return nil
	}, srsID)
	if err != nil {
		return crs.CRS{}, err
	}
	if !found {
		if srsID == 4326 {
			return crs.WGS84, nil
		}
		if srsID == 0 || srsID == -1 {
			return crs.CRS{}, nil
		}
		return crs.CRS{}, fmt.Errorf("srs_id %d is not in gpkg_spatial_ref_sys", srsID)
	}
	if strings.EqualFold(org, "EPSG") && code > 0 {
		cr, err := crs.Parse("EPSG:" + strconv.FormatInt(code, 10))
		if err == nil {
			return cr, nil
		}
		if d := strings.TrimSpace(def); d != "" && !strings.EqualFold(d, "undefined") {
			if cr, perr := crs.ParsePRJ(d); perr == nil {
				return cr, nil
			}
		}
		return crs.CRS{}, err
	}
	d := strings.TrimSpace(def)
	if srsID <= 0 || d == "" || strings.EqualFold(d, "undefined") {
		return crs.CRS{}, nil
	}
	return crs.ParsePRJ(d)
}

// reader streams the features of one table.
type reader struct {
	src    *source
	info   layerInfo
	opts   geoio.ReadOptions
	file   string // for messages: the file and the layer
	conn   *conn
	stmt   driver.Stmt
	rows   driver.Rows
	row    []driver.Value
	index  int
	done   bool
	closed bool
	warned []bool // per column: a value of another type was noted
}

func (r *reader) Layer() geoio.Layer { return r.info.layer }

func (r *reader) start() error {
	if r.info.crsErr != nil && r.opts.SourceCRS == nil {
		return fmt.Errorf("geoio: %s: %w (pass --s-crs with the layer's CRS)", r.file, r.info.crsErr)
	}
	c, err := openConn(r.src.path, true)
	if err != nil {
		return sqlError(r.file, err)
	}
	r.conn = c
	var sel []string
	if r.info.fid != "" {
		sel = append(sel, quoteIdent(r.info.fid))
	}
	sel = append(sel, quoteIdent(r.info.geomCol))
	for _, k := range r.info.cols {
		if k.asText {
			sel = append(sel, "CAST("+quoteIdent(k.name)+" AS TEXT)")
		} else {
			sel = append(sel, quoteIdent(k.name))
		}
	}
	q := "SELECT " + strings.Join(sel, ", ") + " FROM " + quoteIdent(r.info.table)
	if r.info.fid != "" {
		q += " ORDER BY " + quoteIdent(r.info.fid)
	}
	r.stmt, err = c.prepare(q)
	if err != nil {
		return sqlError(r.file, err)
	}
	r.rows, err = r.stmt.(driver.StmtQueryContext).QueryContext(context.Background(), nil)
	if err != nil {
		return sqlError(r.file, err)
	}
	r.row = make([]driver.Value, len(sel))
	r.warned = make([]bool, len(r.info.cols))
	return nil
}

// Next returns the next feature. A geometry blob that cannot be read is
// reported as a problem and its feature skipped.
func (r *reader) Next() (*geoio.Feature, error) {
	if r.closed {
		return nil, fmt.Errorf("geoio: %s: read after close", r.file)
	}
	if r.done {
		return nil, io.EOF
	}
	if r.rows == nil {
		if err := r.start(); err != nil {
			r.done = true
			return nil, err
		}
	}
	for {
		if err := r.rows.Next(r.row); err == io.EOF {
			r.done = true
			return nil, io.EOF
		} else if err != nil {
			r.done = true
			return nil, sqlError(r.file, err)
		}
		idx := r.index
		r.index++
		f := &geoio.Feature{}
		at := 0
		if r.info.fid != "" {
			if id, ok := r.row[0].(int64); ok {
				f.ID = id
			}
			at = 1
		}
		g, perr := r.geometry(r.row[at])
		if perr != nil {
			if err := r.opts.Report(geoio.Problem{File: r.file, Index: idx, ID: f.IDString(), Kind: perr.kind, Reason: perr.reason}); err != nil {
				return nil, err
			}
			continue
		}
		f.Geometry = g
		at++
		if len(r.info.cols) > 0 {
			f.Properties = make(geoio.Properties, len(r.info.cols))
			for i := range r.info.cols {
				f.Properties[i] = geoio.Property{Key: r.info.cols[i].name, Value: r.value(i, idx, r.row[at+i])}
			}
		}
		return f, nil
	}
}

func (r *reader) geometry(v driver.Value) (orb.Geometry, *blobError) {
	switch b := v.(type) {
	case nil:
		return nil, nil
	case []byte:
		g, info, err := decodeBlob(b)
		if info.hasZ {
			r.info.layer.HasZ = true
		}
		if info.hasM {
			r.info.layer.HasM = true
		}
		return g, err
	}
	return nil, badBlob("the geometry column holds a %s, not a blob", sqlType(v))
}

func sqlType(v driver.Value) string {
	switch v.(type) {
	case int64:
		return "integer"
	case float64:
		return "real"
	case string:
		return "text"
	}
	return "value"
}

// value converts a column value to the column's type; one that does not
// fit is kept as it is, with a note.
func (r *reader) value(i, idx int, v driver.Value) any {
	k := &r.info.cols[i]
	switch v := v.(type) {
	case nil:
		return nil
	case []byte:
		if utf8.Valid(v) {
			return r.value(i, idx, string(v))
		}
		r.misfit(i, idx, "a binary value")
		return nil
	case int64:
		switch k.kind {
		case kindInt:
			return v
		case kindFloat:
			return float64(v)
		case kindBool:
			return v != 0
		case kindString, kindAny:
			return strconv.FormatInt(v, 10)
		}
	case float64:
		switch k.kind {
		case kindFloat:
			return v
		case kindInt:
			if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				return int64(v)
			}
		case kindBool:
			return v != 0
		case kindString, kindAny:
			return geoio.FormatFloat(v)
		}
	case string:
		switch k.kind {
		case kindString, kindAny:
			return v
		case kindDate:
			if t, ok := parseDate(v); ok {
				return t
			}
		case kindInt:
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				return n
			}
		case kindFloat:
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				return f
			}
		case kindBool:
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "1", "true":
				return true
			case "0", "false":
				return false
			}
		}
	}
	r.misfit(i, idx, fmt.Sprintf("%v", v))
	return v
}

func (r *reader) misfit(i, idx int, what string) {
	if r.warned[i] {
		return
	}
	r.warned[i] = true
	k := r.info.cols[i]
	r.opts.Note(fmt.Sprintf("%s:feature %d: column %s is declared %s but holds %q; kept as it is (noted once)", r.file, idx, k.name, k.decl, what))
}

// parseDate reads a DATE value: YYYY-MM-DD (§2.1.6), or a date-time at
// midnight.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t = t.UTC(); t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func (r *reader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	var err error
	if r.rows != nil {
		err = r.rows.Close()
	}
	if r.stmt != nil {
		if cerr := r.stmt.Close(); err == nil {
			err = cerr
		}
	}
	if cerr := r.conn.Close(); err == nil {
		err = cerr
	}
	r.src.release()
	return err
}
