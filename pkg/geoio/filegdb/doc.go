// Package filegdb is the Esri File Geodatabase driver of geoio, read
// only, in pure Go. It registers the format "filegdb" (title "File
// Geodatabase"): a .gdb folder, a .gdb.zip, or any zip archive holding a
// .gdb folder (a plain .zip, or a zip on standard input, is recognised by
// its system catalog a00000001.gdbtable among the members).
//
// Specification: Even Rouault's reverse-engineered "FGDB Spec"
// (https://github.com/rouault/dump_gdbtable/wiki/FGDB-Spec, the
// description GDAL's OpenFileGDB driver follows), and for the shape
// types and curve segments Esri's "Extended Shapefile Format" white paper
// of the File Geodatabase API. In short:
//
//   - A geodatabase is a folder of tables, each a .gdbtable (header, field
//     descriptors, rows) and a .gdbtablx (the offset of every row, 4, 5 or
//     6 bytes each, 0 for a deleted row; blocks of 1024 deleted rows may
//     be left out, a bitmap at the end saying which are stored). Table
//     a00000001 is the system catalog: its row n names the table stored
//     as a%08x.gdbtable (n in hex).
//   - Field descriptors give a UTF-16 name and alias and a type: int16,
//     int32, int64, float32, float64, string, datetime, date, time,
//     timestamp with offset, object id, geometry, binary, raster, GUID,
//     global id, XML. A geometry field holds the spatial reference as WKT
//     and the grid its coordinates are stored on (origin and scale).
//   - A row is its length, one null bit per nullable field, then the
//     values of the fields that are not null. The object id is not
//     stored: it is the row's position plus one.
//   - A geometry is a shape buffer of variable-length integers: the shape
//     type (point, multipoint, polyline, polygon, their Z and M variants,
//     the "general" types with flag bits, multipatch), counts, a bounding
//     box, the part sizes, then each coordinate as the difference from
//     the one before on the grid; Z, M and curves follow.
//
// Reading: every feature class and every plain table of the catalog is a
// layer (one geoio.Reader each) in catalog order; the geodatabase's own
// GDB_* tables are not. There is no default layer: like a zip of
// several shapefiles, a geodatabase of several layers needs --layer NAME
// for the commands that read one (geoio.Open lists them), and info shows
// them all. The object id is the feature id (and not a property, as in
// GDAL); every other field is a property, binary and raster fields
// excepted (a note says they are not read). Strings and names are decoded
// from UTF-8 or UTF-16 to UTF-8; datetimes are read to the millisecond in
// UTC, dates at midnight UTC, times of day as HH:MM:SS text, timestamps
// with offset in their offset's zone; GUIDs as {XXXXXXXX-...} text.
// The CRS is the geometry field's WKT read by crs.ParsePRJ; a WKT that
// cannot be used stops the read of that layer with an error that names
// it (--s-crs overrides it). Z and M values are dropped (Layer.HasZ and
// HasM say so).
//
// Polygons: rings are grouped as the shapefile reader groups them,
// clockwise rings outer and counter-clockwise ones holes, each hole in
// the smallest outer ring holding it; an open ring is closed and counted
// as a repair. (GDAL also nests a clockwise ring lying inside another
// outer ring of the same feature as a hole; this package keeps it an
// outer ring, as the winding says.)
//
// Curves (circular arcs given by an interior point or, in the older
// form, by their centre; cubic Béziers; elliptic arcs given by their
// centre) are replaced by chords that stray from the curve by at most
// CurveTolerance (1e-4) of its size: the radius, the semi-major axis or
// the length of the Bézier control polygon; a vertex every 1.6° of a
// circle. Each such feature is reported as repaired (RepairCurves).
// Multipatch shapes are refused: a multipatch layer is left out with a
// note, or refused when asked for by name; a multipatch row elsewhere is
// skipped as an unsupported geometry.
//
// Not read, and said so by name: tables compressed in Esri's Compressed
// Data Format (.cdf) or Smart Data Compression (.sdc), and tables with
// 64-bit object ids (format version 6). The spatial index (.spx) and the
// attribute indexes are ignored; rows are read in object id order.
//
// Accounting: the records of a layer are the rows the table header
// declares, the count GDAL gives as the feature count; rows deleted in
// ArcGIS (a zero offset in the .gdbtablx) are gone and are not records,
// so they are neither used nor skipped. Records = used + skipped: a row
// that cannot be read (cut short, a bad geometry) is skipped and reported
// with the .gdb, the table file, the layer and its object id; rows the
// header declares that the .gdbtablx does not locate are counted as lost.
//
// No length or offset read from a file is used before it is checked
// against the bytes there are, so truncated or corrupted files give
// errors and problems, not panics (FuzzTable).
package filegdb
