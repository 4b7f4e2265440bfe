package gpkg

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kukarcli/kukarcli/internal/atomicfile"
	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// Package is a GeoPackage being written: a temporary file beside the
// target, holding a new GeoPackage or a copy of an existing one, into
// which layers are added one at a time and which is renamed over the
// target by Commit. Nothing is visible at the target before Commit; Abort
// (or a failure) removes the temporary file.
type Package struct {
	path    string
	pending *atomicfile.File
	conn    *conn
	active  *layerWriter
	done    bool
}

// CreatePackage starts a new, empty GeoPackage that will replace path on
// Commit.
func CreatePackage(path string) (*Package, error) {
	p, err := startPackage(path, false)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// EditPackage starts a copy of the GeoPackage at path, to which layers
// can be added or in which they can be replaced; Commit renames it over
// path. A missing path starts a new GeoPackage.
func EditPackage(path string) (*Package, error) {
	return startPackage(path, true)
}

func startPackage(path string, keep bool) (_ *Package, err error) {
	pending, err := atomicfile.New(path)
	if err != nil {
		return nil, fmt.Errorf("geoio: %w", err)
	}
	p := &Package{path: path, pending: pending}
	defer func() {
		if err != nil {
			p.discard()
		}
	}()
	existing := false
	if keep {
		if st, serr := os.Stat(path); serr == nil && st.Size() > 0 {
			existing = true
			if err := copyDatabase(path, pending); err != nil {
				return nil, err
			}
		}
	}
	p.conn, err = openConn(pending.Name(), false)
	if err != nil {
		return nil, sqlError(path, err)
	}
	// The pending file is private until renamed and is removed on
	// failure: no rollback journal on disk, no sync but the one before
	// the rename (atomicfile).
	for _, q := range []string{
		"PRAGMA journal_mode = MEMORY",
		"PRAGMA synchronous = OFF",
		"PRAGMA locking_mode = EXCLUSIVE",
	} {
		if err := p.conn.exec(q); err != nil {
			return nil, sqlError(path, err)
		}
	}
	if existing {
		ok, err := p.conn.hasTable("gpkg_contents")
		if err != nil {
			return nil, sqlError(path, err)
		}
		if !ok {
			return nil, &geoio.FormatError{File: path, Index: -1, Reason: "not a GeoPackage: an SQLite database without the table gpkg_contents", Fix: "name another output file"}
		}
	} else if err := p.conn.exec(fmt.Sprintf("PRAGMA application_id = %d; PRAGMA user_version = %d", applicationID, userVersion)); err != nil {
		return nil, sqlError(path, err)
	}
	if err := p.conn.exec("BEGIN; " + baseSchema + "; COMMIT"); err != nil {
		return nil, sqlError(path, err)
	}
	return p, nil
}

// copyDatabase copies the GeoPackage at path into the pending file. A
// database in WAL mode, or with a journal beside it, is copied through
// SQLite (VACUUM INTO) so that what the log holds is not lost.
func copyDatabase(path string, dst *atomicfile.File) error {
	src, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("geoio: %w", err)
	}
	defer src.Close()
	var h [100]byte
	if n, _ := io.ReadFull(src, h[:]); n < len(h) || string(h[:16]) != "SQLite format 3\x00" {
		return &geoio.FormatError{File: path, Index: -1, Reason: "not a GeoPackage: the file is not an SQLite 3 database", Fix: "name another output file"}
	}
	_, werr := os.Stat(path + "-wal")
	_, jerr := os.Stat(path + "-journal")
	if h[18] == 2 || werr == nil || jerr == nil {
		c, err := openConn(path, true)
		if err != nil {
			return sqlError(path, err)
		}
		defer c.Close()
		if err := c.exec("VACUUM INTO ?", dst.Name()); err != nil {
			return sqlError(path, err)
		}
		return nil
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("geoio: %s: %w", path, err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		return fmt.Errorf("geoio: %s: %w", path, err)
	}
	return nil
}

// baseSchema makes the tables every GeoPackage has (§1.1.2, §1.1.3,
// §2.1.5, §2.3; the DDL of Annex C) with the three spatial reference
// systems §1.1.2 requires (-1, 0 and 4326). It leaves what exists alone.
var baseSchema = `CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL,
  description TEXT
);
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY,
  data_type TEXT NOT NULL,
  identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE,
  min_y DOUBLE,
  max_x DOUBLE,
  max_y DOUBLE,
  srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
);
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL,
  m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT,
  column_name TEXT,
  extension_name TEXT NOT NULL,
  definition TEXT NOT NULL,
  scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);
INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, '` + wgs84WKT + `', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`

// wgs84WKT is EPSG:4326 in OGC WKT 1.
const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

// Layers lists the feature tables of the package.
func (p *Package) Layers() ([]string, error) {
	var out []string
	err := p.conn.query("SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'features' ORDER BY rowid", func(row []driver.Value) error {
		if s, ok := row[0].(string); ok {
			out = append(out, s)
		}
		return nil
	})
	if err != nil {
		return nil, sqlError(p.path, err)
	}
	return out, nil
}

// Commit renames the package over its target. A layer still being
// written is an error.
func (p *Package) Commit() error {
	if p.done {
		return fmt.Errorf("geoio: %s: already closed", p.path)
	}
	if p.active != nil {
		p.discard()
		return fmt.Errorf("geoio: %s: layer %s is still being written", p.path, p.active.table)
	}
	p.done = true
	if err := p.conn.Close(); err != nil {
		p.pending.Cleanup()
		return sqlError(p.path, err)
	}
	if err := p.pending.CloseAtomicallyReplace(); err != nil {
		return fmt.Errorf("geoio: %s: %w", p.path, err)
	}
	return nil
}

// Abort removes the temporary file; the target is left as it was.
func (p *Package) Abort() error {
	if p.done {
		return nil
	}
	p.discard()
	return nil
}

func (p *Package) discard() {
	p.done = true
	if p.active != nil {
		p.active.closed = true
		p.active.closeStmt()
		p.active = nil
	}
	p.conn.Close()
	p.pending.Cleanup()
}

// Create writes one layer into a new GeoPackage that replaces path when
// the writer is closed (see Package).
func Create(path string, layer geoio.Layer, opts geoio.WriteOptions) (geoio.Writer, error) {
	p, err := CreatePackage(path)
	if err != nil {
		return nil, err
	}
	w, err := p.AddLayer(layer, opts, false)
	if err != nil {
		p.Abort()
		return nil, err
	}
	w.(*layerWriter).owns = true
	return w, nil
}

// AppendLayer adds one layer to the GeoPackage at path, or creates it when
// path does not exist. The layer is written into a temporary copy of the
// file renamed over it when the writer is closed, so a failure leaves the
// file as it was. A layer of the same name (compared without regard to
// case) is an error unless replace is set; with replace it is dropped
// first, with its spatial index and metadata rows.
func AppendLayer(path string, layer geoio.Layer, opts geoio.WriteOptions, replace bool) (geoio.Writer, error) {
	p, err := EditPackage(path)
	if err != nil {
		return nil, err
	}
	w, err := p.AddLayer(layer, opts, replace)
	if err != nil {
		p.Abort()
		return nil, err
	}
	w.(*layerWriter).owns = true
	return w, nil
}

// layerWriter writes the features of one layer into its table, in one
// transaction that Close commits (after the metadata rows and the spatial
// index) and Abort rolls back.
type layerWriter struct {
	p         *Package
	owns      bool // Close commits the package, Abort discards it
	opts      geoio.WriteOptions
	table     string
	geomCol   string
	srsID     int32
	cols      []outColumn
	colOf     map[string]int
	createSQL func(geomType string) string

	stmt   driver.Stmt
	args   []driver.NamedValue
	blob   []byte
	count  int
	maxFID int64
	extent envelope
	types  map[uint32]bool
	index  []rtreeEntry

	warnedKeys map[string]bool
	warnedID   bool
	warnedDate bool
	err        error
	closed     bool
}

// outColumn is one attribute column written.
type outColumn struct {
	name string
	typ  geoio.FieldType
}

// AddLayer starts writing a layer into the package: its table is made
// with a column per field of layer.Fields (which must be complete), in a
// transaction the writer's Close commits with the layer's metadata and
// spatial index; Abort rolls it back. The table is named opts.Name, else
// layer.Name, else after the package's file name. One layer is written at
// a time.
func (p *Package) AddLayer(layer geoio.Layer, opts geoio.WriteOptions, replace bool) (_ geoio.Writer, err error) {
	if p.done {
		return nil, fmt.Errorf("geoio: %s: already closed", p.path)
	}
	if p.active != nil {
		return nil, fmt.Errorf("geoio: %s: layer %s is still being written", p.path, p.active.table)
	}
	name := opts.Name
	if name == "" {
		name = layer.Name
	}
	if name == "" {
		name = geoio.LayerName(p.path)
	}
	name = tableName(name, opts)
	w := &layerWriter{p: p, opts: opts, table: name, geomCol: "geom", colOf: map[string]int{},
		extent: emptyEnvelope(), types: map[uint32]bool{}, warnedKeys: map[string]bool{}}
	if err := p.conn.exec("BEGIN IMMEDIATE"); err != nil {
		return nil, sqlError(p.path, err)
	}
	defer func() {
		if err != nil {
			w.closeStmt()
			p.conn.exec("ROLLBACK")
		}
	}()
	if err := w.dropExisting(replace); err != nil {
		return nil, err
	}
	if w.srsID, err = p.srsID(opts.CRS); err != nil {
		return nil, sqlError(p.path, err)
	}
	w.planColumns(layer.Fields)
	if err := p.conn.exec(w.createSQL("GEOMETRY")); err != nil {
		return nil, sqlError(p.path, err)
	}
	names := []string{quoteIdent("fid"), quoteIdent(w.geomCol)}
	marks := []string{"?", "?"}
	for _, c := range w.cols {
		names = append(names, quoteIdent(c.name))
		marks = append(marks, "?")
	}
	w.stmt, err = p.conn.prepare("INSERT INTO " + quoteIdent(w.table) + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")")
	if err != nil {
		return nil, sqlError(p.path, err)
	}
	w.args = make([]driver.NamedValue, len(names))
	for i := range w.args {
		w.args[i].Ordinal = i + 1
	}
	p.active = w
	return w, nil
}

// tableName makes a layer name a table name the standard allows: not
// empty, not starting with gpkg_ (reserved for the GeoPackage's own
// tables) or sqlite_ (SQLite's).
func tableName(name string, opts geoio.WriteOptions) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "layer"
	}
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "gpkg_") || strings.HasPrefix(lower, "sqlite_") || strings.HasPrefix(lower, "rtree_") {
		opts.Note(fmt.Sprintf("layer name %q is reserved in a GeoPackage; the layer is written as %q", name, "layer_"+name))
		return "layer_" + name
	}
	return name
}

// dropExisting refuses a layer name in use, or with replace drops that
// layer: its table, spatial index and rows in the metadata tables.
func (w *layerWriter) dropExisting(replace bool) error {
	c := w.p.conn
	var table, geomCol string
	err := c.query(`SELECT c.table_name, g.column_name FROM gpkg_contents c
		LEFT JOIN gpkg_geometry_columns g ON lower(g.table_name) = lower(c.table_name)
		WHERE lower(c.table_name) = lower(?)`, func(row []driver.Value) error {
		table, _ = row[0].(string)
		geomCol, _ = row[1].(string)
		return nil
	}, w.table)
	if err != nil {
		return sqlError(w.p.path, err)
	}
	if table == "" {
		if ok, err := c.hasTable(w.table); err != nil {
			return sqlError(w.p.path, err)
		} else if ok {
			return fmt.Errorf("geoio: %s: a table named %s exists that is not a layer; choose another layer name", w.p.path, w.table)
		}
		return nil
	}
	if !replace {
		return fmt.Errorf("geoio: %s: layer %s exists; replace it or choose another layer name", w.p.path, table)
	}
	var stmts []string
	if geomCol != "" {
		stmts = append(stmts, "DROP TABLE IF EXISTS "+quoteIdent("rtree_"+table+"_"+geomCol))
	}
	var kind string
	err = c.query("SELECT type FROM sqlite_master WHERE lower(name) = lower(?) AND type IN ('table','view')", func(row []driver.Value) error {
		kind, _ = row[0].(string)
		return nil
	}, table)
	if err != nil {
		return sqlError(w.p.path, err)
	}
	if kind == "view" {
		stmts = append(stmts, "DROP VIEW "+quoteIdent(table))
	} else if kind == "table" {
		stmts = append(stmts, "DROP TABLE "+quoteIdent(table))
	}
	for _, s := range stmts {
		if err := c.exec(s); err != nil {
			return sqlError(w.p.path, err)
		}
	}
	for _, t := range []string{"gpkg_geometry_columns", "gpkg_extensions", "gpkg_data_columns", "gpkg_metadata_reference", "gpkg_ogr_contents", "gpkg_contents"} {
		ok, err := c.hasTable(t)
		if err != nil {
			return sqlError(w.p.path, err)
		}
		if !ok {
			continue
		}
		if err := c.exec("DELETE FROM "+t+" WHERE lower(table_name) = lower(?)", table); err != nil {
			return sqlError(w.p.path, err)
		}
	}
	w.opts.Note(fmt.Sprintf("%s: layer %s replaced", w.p.path, table))
	return nil
}

// srsID gives the srs_id for a CRS, adding its row to
// gpkg_spatial_ref_sys when missing: EPSG codes as themselves, other
// systems under a number from 100000 up.
func (p *Package) srsID(c crs.CRS) (int32, error) {
	if c.IsZero() || c.EPSG == 4326 {
		return 4326, nil
	}
	def := crsWKT(c)
	if c.EPSG > 0 {
		var id int64
		found := false
		err := p.conn.query("SELECT srs_id FROM gpkg_spatial_ref_sys WHERE lower(organization) = 'epsg' AND organization_coordsys_id = ? ORDER BY srs_id = ? DESC LIMIT 1", func(row []driver.Value) error {
			id, found = row[0].(int64)
			return nil
		}, int64(c.EPSG), int64(c.EPSG))
		if err != nil {
			return 0, err
		}
		if found {
			return int32(id), nil
		}
		id = int64(c.EPSG)
		if _, taken, err := p.conn.queryInt("SELECT 1 FROM gpkg_spatial_ref_sys WHERE srs_id = ?", id); err != nil {
			return 0, err
		} else if taken {
			if id, err = p.freeSRSID(); err != nil {
				return 0, err
			}
		}
		return int32(id), p.conn.exec("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, NULL)", srsName(c), id, int64(c.EPSG), def)
	}
	if id, ok, err := p.conn.queryInt("SELECT srs_id FROM gpkg_spatial_ref_sys WHERE definition = ? LIMIT 1", def); err != nil {
		return 0, err
	} else if ok {
		return int32(id), nil
	}
	id, err := p.freeSRSID()
	if err != nil {
		return 0, err
	}
	return int32(id), p.conn.exec("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'NONE', ?, ?, NULL)", srsName(c), id, id, def)
}

func (p *Package) freeSRSID() (int64, error) {
	id, _, err := p.conn.queryInt("SELECT max(max(srs_id) + 1, 100000) FROM gpkg_spatial_ref_sys")
	return id, err
}

func srsName(c crs.CRS) string {
	if c.Name != "" {
		return c.Name
	}
	return c.String()
}

// crsWKT is the definition written for a CRS: OGC WKT 1 for WGS 84 / UTM,
// otherwise the WKT the crs package gives (the ESRI dialect, which GDAL
// and crs.ParsePRJ read as well).
func crsWKT(c crs.CRS) string {
	if z := c.EPSG - 32600; (z >= 1 && z <= 60) || (z >= 101 && z <= 160) {
		south := z > 100
		zone := z % 100
		hemi, fn := "N", 0
		if south {
			hemi, fn = "S", 10000000
		}
		geog := strings.TrimSuffix(wgs84WKT, `,AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`) + `,AUTHORITY["EPSG","4326"]]`
		return fmt.Sprintf(`PROJCS["WGS 84 / UTM zone %d%s",%s,PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",%d],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",%d],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","%d"]]`,
			zone, hemi, geog, 6*zone-183, fn, c.EPSG)
	}
	if w := c.WKT(); w != "" {
		return w
	}
	return "undefined"
}

// planColumns names the attribute columns: unique without regard to case
// (as SQLite compares names), and apart from fid and geom.
func (w *layerWriter) planColumns(fields []geoio.Field) {
	used := map[string]bool{"fid": true, strings.ToLower(w.geomCol): true}
	for i, f := range fields {
		if _, dup := w.colOf[f.Name]; dup {
			continue
		}
		name := f.Name
		if name == "" {
			name = "field_" + strconv.Itoa(i+1)
		}
		base := name
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		if name != f.Name {
			w.opts.Note(fmt.Sprintf("%s: field %q is written as column %q", w.p.path, f.Name, name))
		}
		used[strings.ToLower(name)] = true
		w.colOf[f.Name] = len(w.cols)
		w.cols = append(w.cols, outColumn{name: name, typ: f.Type})
	}
	var b strings.Builder
	b.WriteString("CREATE TABLE ")
	b.WriteString(quoteIdent(w.table))
	b.WriteString(" (\n  \"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n  ")
	b.WriteString(quoteIdent(w.geomCol))
	b.WriteString(" %s")
	for _, c := range w.cols {
		b.WriteString(",\n  ")
		b.WriteString(quoteIdent(c.name))
		b.WriteString(" ")
		b.WriteString(sqlTypeOf(c.typ))
	}
	b.WriteString("\n)")
	tmpl := b.String()
	w.createSQL = func(geomType string) string { return strings.Replace(tmpl, "%s", geomType, 1) }
}

// sqlTypeOf is the column type of a field type (§2.1.6).
func sqlTypeOf(t geoio.FieldType) string {
	switch t {
	case geoio.FieldInt:
		return "INTEGER"
	case geoio.FieldFloat:
		return "REAL"
	case geoio.FieldBool:
		return "BOOLEAN"
	case geoio.FieldDate:
		return "DATE"
	}
	return "TEXT"
}

func (w *layerWriter) where(idx int, f *geoio.Feature) string {
	return fmt.Sprintf("%s:feature %d%s", w.p.path, idx, geoio.IDSuffix(f.IDString()))
}

// fail ends the layer (and the package the writer owns) on an error.
func (w *layerWriter) fail(err error) error {
	w.err = err
	w.abort()
	return err
}

// Write inserts one feature. Its id becomes the fid when it is an integer
// not below 0 and not yet used; other features are numbered after the
// largest fid so far.
func (w *layerWriter) Write(f *geoio.Feature) error {
	if w.closed {
		return fmt.Errorf("geoio: %s: write after close", w.p.path)
	}
	if w.err != nil {
		return w.err
	}
	idx := w.count
	for i := range w.args {
		w.args[i].Value = nil
	}
	g := f.Geometry
	switch t := g.(type) {
	case orb.Ring:
		g = orb.Polygon{t}
	case orb.Bound:
		g = t.ToPolygon()
	}
	var env envelope
	indexed := false
	if g != nil {
		t := wkbType(g)
		if t == 0 {
			return w.fail(fmt.Errorf("geoio: %s: a %T cannot be written", w.where(idx, f), g))
		}
		if isEmpty(g) {
			w.blob = appendEmptyBlob(w.blob[:0], t, w.srsID)
		} else {
			env = geomEnvelope(g)
			w.blob = appendBlob(w.blob[:0], g, w.srsID, env)
			indexed = true
		}
		w.types[t] = true
		w.args[1].Value = w.blob
	}
	for _, p := range f.Properties {
		j, ok := w.colOf[p.Key]
		if !ok {
			if !w.warnedKeys[p.Key] {
				w.warnedKeys[p.Key] = true
				w.opts.Note(fmt.Sprintf("%s: property %q is not among the layer's fields and is not written", w.where(idx, f), p.Key))
			}
			continue
		}
		w.args[2+j].Value = w.value(w.cols[j].typ, p.Value, idx, f)
	}
	fid, ok := w.featureID(f, idx)
	if !ok {
		fid = w.maxFID + 1
	}
	w.args[0].Value = fid
	_, err := w.stmt.(driver.StmtExecContext).ExecContext(context.Background(), w.args)
	if err != nil && ok && isConstraint(err) {
		if !w.warnedID {
			w.warnedID = true
			w.opts.Note(fmt.Sprintf("%s: id %d is already used; the feature gets fid %d (later ones likewise, not noted)", w.where(idx, f), fid, w.maxFID+1))
		}
		fid = w.maxFID + 1
		w.args[0].Value = fid
		_, err = w.stmt.(driver.StmtExecContext).ExecContext(context.Background(), w.args)
	}
	if err != nil {
		return w.fail(fmt.Errorf("geoio: %s: %w", w.where(idx, f), err))
	}
	if fid > w.maxFID {
		w.maxFID = fid
	}
	if indexed {
		w.extent.merge(env)
		w.index = append(w.index, newRtreeEntry(fid, env))
	}
	w.count++
	return nil
}

// featureID is the feature's id as a fid, when it can be one.
func (w *layerWriter) featureID(f *geoio.Feature, idx int) (int64, bool) {
	var id int64
	switch v := f.ID.(type) {
	case nil:
		return 0, false
	case int64:
		id = v
	case int:
		id = int64(v)
	case float64:
		if v != math.Trunc(v) || math.Abs(v) >= 1<<53 {
			w.noteID(idx, f)
			return 0, false
		}
		id = int64(v)
	default:
		w.noteID(idx, f)
		return 0, false
	}
	if id < 0 {
		w.noteID(idx, f)
		return 0, false
	}
	return id, true
}

func (w *layerWriter) noteID(idx int, f *geoio.Feature) {
	if !w.warnedID {
		w.warnedID = true
		w.opts.Note(fmt.Sprintf("%s: only ids that are whole numbers from 0 up are kept, as the fid; the features are numbered instead (noted once)", w.where(idx, f)))
	}
}

// value converts a property to what its column stores.
func (w *layerWriter) value(t geoio.FieldType, v any, idx int, f *geoio.Feature) driver.Value {
	switch v := v.(type) {
	case nil:
		return nil
	case bool:
		if t == geoio.FieldString {
			return strconv.FormatBool(v)
		}
		if v {
			return int64(1)
		}
		return int64(0)
	case int64:
		if t == geoio.FieldString {
			return strconv.FormatInt(v, 10)
		}
		return v
	case int:
		return w.value(t, int64(v), idx, f)
	case int32:
		return w.value(t, int64(v), idx, f)
	case float32:
		return w.value(t, float64(v), idx, f)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		if t == geoio.FieldString {
			return geoio.FormatFloat(v)
		}
		return v
	case string:
		return v
	case time.Time:
		if t == geoio.FieldDate && (v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 || v.Nanosecond() != 0) && !w.warnedDate {
			w.warnedDate = true
			w.opts.Note(fmt.Sprintf("%s: a date with a time of day is written in full in a DATE column (noted once)", w.where(idx, f)))
		}
		return geoio.FormatDate(v)
	case geoio.RawJSON:
		return string(v)
	}
	return geoio.FormatValue(v)
}

// Close finishes the layer: the geometry type, the metadata rows, the
// spatial index, and commits; a writer from Create or AppendLayer then
// renames the file into place.
func (w *layerWriter) Close() error {
	if w.closed {
		return fmt.Errorf("geoio: %s: already closed", w.p.path)
	}
	if w.err != nil {
		w.abort()
		return w.err
	}
	if err := w.finish(); err != nil {
		return w.fail(err)
	}
	w.closed = true
	w.p.active = nil
	if w.owns {
		return w.p.Commit()
	}
	return nil
}

func (w *layerWriter) closeStmt() {
	if w.stmt != nil {
		w.stmt.Close()
		w.stmt = nil
	}
}

// geometryTypeName is the geometry_type_name of the layer: the type every
// geometry has, GEOMETRYCOLLECTION when they are all collections (the
// multi types are collections), else GEOMETRY.
func (w *layerWriter) geometryTypeName() string {
	if len(w.types) == 1 {
		for t := range w.types {
			return geoTypeName(t)
		}
	}
	if len(w.types) > 1 {
		for t := range w.types {
			if t < wkbMultiPoint {
				return "GEOMETRY"
			}
		}
		return "GEOMETRYCOLLECTION"
	}
	return "GEOMETRY"
}

func (w *layerWriter) finish() error {
	w.closeStmt()
	c := w.p.conn
	path := w.p.path
	geomType := w.geometryTypeName()
	if geomType != "GEOMETRY" {
		if err := w.setGeometryType(geomType); err != nil {
			return err
		}
	}
	var ext [4]any
	if w.extent.minX <= w.extent.maxX {
		ext = [4]any{w.extent.minX, w.extent.minY, w.extent.maxX, w.extent.maxY}
	}
	if err := c.exec("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, '', ?, ?, ?, ?, ?)",
		w.table, w.table, ext[0], ext[1], ext[2], ext[3], int64(w.srsID)); err != nil {
		return sqlError(path, err)
	}
	if err := c.exec("INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)", w.table, w.geomCol, geomType, int64(w.srsID)); err != nil {
		return sqlError(path, err)
	}
	if err := w.writeSpatialIndex(); err != nil {
		return err
	}
	if err := c.exec("COMMIT"); err != nil {
		return sqlError(path, err)
	}
	return nil
}

// setGeometryType declares the geometry column with the layer's geometry
// type, as §2.1.6 asks (the declared type of the geometry column is its
// geometry_type_name), once the features have shown it. The
// column was made as GEOMETRY; only the declaration in the schema
// changes, the way SQLite's documentation describes for changes that
// leave the stored data valid (lang_altertable.html, "Making Other Kinds
// Of Table Schema Changes"): the column holds blobs and NULLs only, which
// no declared type converts.
func (w *layerWriter) setGeometryType(geomType string) error {
	c := w.p.conn
	version, _, err := c.queryInt("PRAGMA schema_version")
	if err == nil {
		err = c.exec("PRAGMA writable_schema = ON")
	}
	if err == nil {
		err = c.exec("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", w.createSQL(geomType), w.table)
	}
	if err == nil {
		err = c.exec(fmt.Sprintf("PRAGMA schema_version = %d", version+1))
	}
	if oerr := c.exec("PRAGMA writable_schema = OFF"); err == nil {
		err = oerr
	}
	if err != nil {
		return sqlError(w.p.path, fmt.Errorf("declaring the geometry type: %w", err))
	}
	return nil
}

// Abort rolls the layer back; a writer from Create or AppendLayer removes
// the temporary file.
func (w *layerWriter) Abort() error {
	if w.closed {
		return nil
	}
	w.abort()
	return nil
}

func (w *layerWriter) abort() {
	if w.closed {
		return
	}
	w.closed = true
	w.closeStmt()
	w.index = nil
	if w.p.active == w {
		w.p.active = nil
	}
	if w.owns {
		w.p.discard()
		return
	}
	if !w.p.done {
		w.p.conn.exec("ROLLBACK")
	}
}
