package gpkg

import (
	"cmp"
	"context"
	"database/sql/driver"
	"encoding/binary"
	"math"
	"slices"
	"strings"
)

// The spatial index (Annex F.3, "RTree Spatial Indexes", extension
// gpkg_rtree_index): an SQLite R*Tree virtual table rtree_<t>_<c> of
// (id, minx, maxx, miny, maxy), filled with the envelope of every
// non-empty geometry, and the triggers the standard gives to keep it in
// step with the table afterwards.

// rtreeEntry is one envelope as the R*Tree stores it: 32-bit floats,
// rounded outwards so that the box still holds the geometry.
type rtreeEntry struct {
	id                     int64
	minX, maxX, minY, maxY float32
	// key orders the entries (see sortEntries); once they are in the
	// leaves, it holds the leaf's node number
	key uint64
}

func newRtreeEntry(id int64, e envelope) rtreeEntry {
	return rtreeEntry{id: id, minX: down32(e.minX), maxX: up32(e.maxX), minY: down32(e.minY), maxY: up32(e.maxY)}
}

func down32(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up32(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// hilbert is the distance of cell (x, y) along the Hilbert curve that
// fills a 2^16 × 2^16 grid.
func hilbert(x, y uint32) uint64 {
	var d uint64
	for s := uint32(1 << 15); s > 0; s /= 2 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		if ry == 0 {
			if rx == 1 {
				x = 1<<16 - 1 - x
				y = 1<<16 - 1 - y
			}
			x, y = y, x
		}
	}
	return d
}

// sortEntries orders the envelopes along a Hilbert curve through their
// centres, so that neighbours are inserted together: the R*Tree then
// touches few nodes per insert and its nodes cover compact areas.
func sortEntries(es []rtreeEntry, ext envelope) {
	if len(es) < 2 {
		return
	}
	w, h := ext.maxX-ext.minX, ext.maxY-ext.minY
	cell := func(v, lo, span float64) uint32 {
		if !(span > 0) {
			return 0
		}
		c := (v - lo) / span * 65535
		return uint32(min(max(c, 0), 65535))
	}
	for i := range es {
		e := &es[i]
		cx := (float64(e.minX) + float64(e.maxX)) / 2
		cy := (float64(e.minY) + float64(e.maxY)) / 2
		e.key = hilbert(cell(cx, ext.minX, w), cell(cy, ext.minY, h))
	}
	slices.SortFunc(es, func(a, b rtreeEntry) int { return cmp.Compare(a.key, b.key) })
}

// rtreeTriggers are the triggers of Annex F.3 with <t>, <c> and <i>
// replaced by the quoted table, geometry column and primary key, and
// <r> by the quoted rtree table.
const rtreeTriggers = `CREATE TRIGGER <n_insert> AFTER INSERT ON <t>
  WHEN (new.<c> NOT NULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  INSERT OR REPLACE INTO <r> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END;
CREATE TRIGGER <n_update1> AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND
       (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  INSERT OR REPLACE INTO <r> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END;
CREATE TRIGGER <n_update2> AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> = NEW.<i> AND
       (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM <r> WHERE id = OLD.<i>;
END;
CREATE TRIGGER <n_update3> AFTER UPDATE OF <c> ON <t>
  WHEN OLD.<i> != NEW.<i> AND
       (NEW.<c> NOTNULL AND NOT ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM <r> WHERE id = OLD.<i>;
  INSERT OR REPLACE INTO <r> VALUES (
    NEW.<i>,
    ST_MinX(NEW.<c>), ST_MaxX(NEW.<c>),
    ST_MinY(NEW.<c>), ST_MaxY(NEW.<c>)
  );
END;
CREATE TRIGGER <n_update4> AFTER UPDATE ON <t>
  WHEN OLD.<i> != NEW.<i> AND
       (NEW.<c> ISNULL OR ST_IsEmpty(NEW.<c>))
BEGIN
  DELETE FROM <r> WHERE id IN (OLD.<i>, NEW.<i>);
END;
CREATE TRIGGER <n_delete> AFTER DELETE ON <t>
  WHEN old.<c> NOT NULL
BEGIN
  DELETE FROM <r> WHERE id = OLD.<i>;
END`

// rtreeDefinition is the gpkg_extensions definition of the extension.
const rtreeDefinition = "http://www.geopackage.org/spec130/#extension_rtree"

// writeSpatialIndex makes the layer's R*Tree, fills it, adds its triggers
// and registers the extension. The triggers are made after the rows are
// in, as the functions they call (ST_IsEmpty, ST_MinX, ...) are those of
// the GeoPackage SQLite Extension that readers such as GDAL provide.
func (w *layerWriter) writeSpatialIndex() error {
	c := w.p.conn
	path := w.p.path
	rt := "rtree_" + w.table + "_" + w.geomCol
	if err := c.exec("CREATE VIRTUAL TABLE " + quoteIdent(rt) + " USING rtree(id, minx, maxx, miny, maxy)"); err != nil {
		return sqlError(path, err)
	}
	if err := w.fillIndex(rt); err != nil {
		return sqlError(path, err)
	}
	trig := strings.NewReplacer(
		"<n_insert>", quoteIdent(rt+"_insert"),
		"<n_update1>", quoteIdent(rt+"_update1"),
		"<n_update2>", quoteIdent(rt+"_update2"),
		"<n_update3>", quoteIdent(rt+"_update3"),
		"<n_update4>", quoteIdent(rt+"_update4"),
		"<n_delete>", quoteIdent(rt+"_delete"),
		"<t>", quoteIdent(w.table), "<c>", quoteIdent(w.geomCol), "<i>", quoteIdent("fid"), "<r>", quoteIdent(rt),
	).Replace(rtreeTriggers)
	if err := c.exec(trig); err != nil {
		return sqlError(path, err)
	}
	if err := c.exec("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', ?, 'write-only')", w.table, w.geomCol, rtreeDefinition); err != nil {
		return sqlError(path, err)
	}
	return nil
}

// fillIndex loads the envelopes into the R*Tree. Inserting them one by
// one through the virtual table costs most of the time of writing a
// layer of points, so the tree is built bottom-up instead, the way a
// packed R-tree is (Kamel and Faloutsos, "On Packing R-trees", 1993):
// the envelopes in Hilbert order fill the leaves, the leaves' bounds in
// that order fill the nodes above, up to the root. The nodes are written
// into the virtual table's own tables in the layout of SQLite's R*Tree
// module (ext/rtree/rtree.c, "Database Format of R-Tree Tables"): node 1
// the root, each node a blob of the size the module chose for the root,
// starting with the tree depth (root only) and the cell count as 16-bit
// big-endian integers, then cells of a 64-bit big-endian id (a row id in
// a leaf, a child node number above) and minx, maxx, miny, maxy as
// big-endian 32-bit floats; <rtree>_rowid maps each row id to its leaf
// and <rtree>_parent each node but the root to its parent. A tree that
// the module checks (rtreecheck) and then maintains as usual.
func (w *layerWriter) fillIndex(rt string) error {
	defer func() { w.index = nil }()
	if len(w.index) == 0 {
		return nil
	}
	sortEntries(w.index, w.extent)
	c := w.p.conn
	nodeSize, ok, err := c.queryInt("SELECT length(data) FROM " + quoteIdent(rt+"_node") + " WHERE nodeno = 1")
	if err != nil {
		return err
	}
	maxCells := int((nodeSize - 4) / rtreeCellSize)
	if !ok || maxCells < 2 {
		return w.insertIndex(rt)
	}
	ctx := context.Background()
	prep := func(q string) (driver.StmtExecContext, func(), error) {
		st, err := c.prepare(q)
		if err != nil {
			return nil, nil, err
		}
		return st.(driver.StmtExecContext), func() { st.Close() }, nil
	}
	// the root exists (made with the table) and is replaced, the other
	// nodes are added as they are made
	nodeSt, closeNode, err := prep("INSERT OR REPLACE INTO " + quoteIdent(rt+"_node") + " VALUES (?, ?)")
	if err != nil {
		return err
	}
	defer closeNode()
	parentSt, closeParent, err := prep("INSERT INTO " + quoteIdent(rt+"_parent") + " VALUES (?, ?)")
	if err != nil {
		return err
	}
	defer closeParent()
	args := []driver.NamedValue{{Ordinal: 1}, {Ordinal: 2}}
	blob := make([]byte, nodeSize)
	// node writes a node of the cells at depth (-1: not the root) and
	// points them at it
	node := func(no int64, depth int, cells []rtreeEntry, leaf bool) error {
		args[0].Value, args[1].Value = no, rtreeNode(blob, depth, cells)
		if _, err := nodeSt.ExecContext(ctx, args); err != nil {
			return err
		}
		for i := range cells {
			if leaf {
				cells[i].key = uint64(no)
				continue
			}
			args[0].Value, args[1].Value = cells[i].id, no
			if _, err := parentSt.ExecContext(ctx, args); err != nil {
				return err
			}
		}
		return nil
	}
	level := w.index
	next := int64(2)
	for depth := 0; ; depth++ {
		if len(level) <= maxCells {
			if err := node(1, depth, level, depth == 0); err != nil {
				return err
			}
			break
		}
		k := (len(level) + maxCells - 1) / maxCells // nodes on this level, filled evenly
		up := make([]rtreeEntry, 0, k)
		for i := range k {
			group := level[i*len(level)/k : (i+1)*len(level)/k]
			b := group[0]
			b.id = next
			for _, e := range group {
				b.minX, b.maxX = min(b.minX, e.minX), max(b.maxX, e.maxX)
				b.minY, b.maxY = min(b.minY, e.minY), max(b.maxY, e.maxY)
			}
			if err := node(next, -1, group, depth == 0); err != nil {
				return err
			}
			next++
			up = append(up, b)
		}
		level = up
	}
	// each row id to its leaf, in row id order
	slices.SortFunc(w.index, func(a, b rtreeEntry) int { return cmp.Compare(a.id, b.id) })
	rowSt, closeRow, err := prep("INSERT INTO " + quoteIdent(rt+"_rowid") + " (rowid, nodeno) VALUES (?, ?)")
	if err != nil {
		return err
	}
	defer closeRow()
	for _, e := range w.index {
		args[0].Value, args[1].Value = e.id, int64(e.key)
		if _, err := rowSt.ExecContext(ctx, args); err != nil {
			return err
		}
	}
	return nil
}

// rtreeCellSize is the bytes of a 2D cell: the id and four float32.
const rtreeCellSize = 8 + 4*4

// rtreeNode encodes a node into b; depth is written in the root only (-1
// for other nodes).
func rtreeNode(b []byte, depth int, cells []rtreeEntry) []byte {
	clear(b)
	if depth >= 0 {
		binary.BigEndian.PutUint16(b[0:], uint16(depth))
	}
	binary.BigEndian.PutUint16(b[2:], uint16(len(cells)))
	at := 4
	for _, e := range cells {
		binary.BigEndian.PutUint64(b[at:], uint64(e.id))
		binary.BigEndian.PutUint32(b[at+8:], math.Float32bits(e.minX))
		binary.BigEndian.PutUint32(b[at+12:], math.Float32bits(e.maxX))
		binary.BigEndian.PutUint32(b[at+16:], math.Float32bits(e.minY))
		binary.BigEndian.PutUint32(b[at+20:], math.Float32bits(e.maxY))
		at += rtreeCellSize
	}
	return b
}

// insertIndex inserts the envelopes through the virtual table, in
// Hilbert order.
func (w *layerWriter) insertIndex(rt string) error {
	st, err := w.p.conn.prepare("INSERT INTO " + quoteIdent(rt) + " VALUES (?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer st.Close()
	args := make([]driver.NamedValue, 5)
	for i := range args {
		args[i].Ordinal = i + 1
	}
	ex := st.(driver.StmtExecContext)
	for _, e := range w.index {
		args[0].Value = e.id
		args[1].Value = float64(e.minX)
		args[2].Value = float64(e.maxX)
		args[3].Value = float64(e.minY)
		args[4].Value = float64(e.maxY)
		if _, err := ex.ExecContext(context.Background(), args); err != nil {
			return err
		}
	}
	return nil
}
