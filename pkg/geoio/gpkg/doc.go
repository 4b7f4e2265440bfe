// Package gpkg is the GeoPackage driver of geoio, read and write. It
// registers the format "gpkg" (.gpkg). SQLite is modernc.org/sqlite, in
// pure Go: the program stays free of cgo and builds for every platform.
//
// Specification: the OGC GeoPackage Encoding Standard, version 1.3
// (OGC 12-128): §1.1.1 the SQLite container (application_id "GPKG",
// user_version 10300 for 1.3.0; the column types BOOLEAN, TINYINT,
// SMALLINT, MEDIUMINT, INT/INTEGER, FLOAT, DOUBLE/REAL, TEXT(n), BLOB(n),
// DATE and DATETIME), §1.1.2 gpkg_spatial_ref_sys, §1.1.3 gpkg_contents,
// §2.1.3 the geometry encoding, §2.1.5 gpkg_geometry_columns, §2.1.6
// the feature tables, §2.3 gpkg_extensions, Annex C the table
// definitions, Annex E the geometry types and Annex F.3 the RTree
// spatial index extension (gpkg_rtree_index). Geometries are WKB after
// OGC 06-103r4 (Simple Features Access, Part 1, §8) with the ISO
// 13249-3 type codes.
//
// Reading (Open) returns one reader per feature table, a table listed in
// gpkg_contents with data_type 'features' and a row in
// gpkg_geometry_columns, in the order gpkg_contents lists them, so that
// --layer picks one and info lists them all; other tables (attributes,
// tiles) are named in a note. A GeoPackage on standard input is copied to
// a temporary file first. The integer primary key becomes Feature.ID.
// Columns are read by their declared type: the integer types as integers,
// REAL, DOUBLE and FLOAT (and NUMERIC) as reals, TEXT as strings with
// its width, BOOLEAN as booleans, DATE as dates (time.Time at midnight
// UTC), DATETIME as its text, as the CSV reader keeps date-times; BLOB
// columns and further geometry columns are left out with a note. A value
// that does not fit its column's type is kept as it is, with a note.
// The CRS is the EPSG code when gpkg_spatial_ref_sys names the
// organization EPSG (crs.Parse), else the WKT definition (crs.ParsePRJ);
// the undefined systems -1 and 0 leave it undeclared (read as WGS 84
// lon/lat). A layer whose CRS cannot be understood fails on its first
// read unless --s-crs gives one.
//
// The geometry blob (§2.1.3, GeoPackageBinary) is checked: the magic
// "GP", version 0, the flags (the envelope contents indicator 0 to 4, the
// empty flag, the byte order of the header); an extended blob (the X
// flag) is an unsupported geometry. The WKB that follows may be in either
// byte order, with ISO type codes (1000 Z, 2000 M, 3000 ZM) or the
// extended flags of PostGIS and early GDAL (0x80000000 Z, 0x40000000 M,
// 0x20000000 SRID); Point, LineString, Polygon, the Multi types and
// GeometryCollection are read, in 2D: Z and M are dropped and reported
// through Layer.HasZ and HasM. Curves and surfaces are unsupported
// geometries. An empty geometry (the empty flag, a point of NaN
// coordinates, a geometry without positions) is read as no geometry, as
// is NULL. A blob that cannot be read is a geoio.Problem (the record's
// index in the table, its fid and why) and its feature is skipped;
// counts are checked against the bytes that remain and collections nest
// at most 32 deep, so no blob makes the decoder panic or allocate
// without bound. A damaged file is a geoio.FormatError.
//
// Writing (Create) puts one layer into a new GeoPackage, written to a
// temporary file beside the target (internal/atomicfile) and renamed over
// it on Close; Abort or a failure removes it. The file gets the pragmas,
// gpkg_spatial_ref_sys with the rows -1, 0 and 4326 and the output CRS
// (WriteOptions.CRS; under its EPSG code, or from 100000 with its WKT when
// it has none), gpkg_contents with the layer's extent, gpkg_geometry_columns,
// gpkg_extensions, and the feature table: "fid" INTEGER PRIMARY KEY
// AUTOINCREMENT, "geom", and one column per field (INTEGER, REAL,
// BOOLEAN, DATE or TEXT), named as the fields are, made unique without
// regard to case. Feature ids that are whole numbers from 0 up become the
// fid; other features are numbered after the largest fid. Geometries are
// little-endian GeoPackageBinary with the envelope (none for points,
// which are their own, as GDAL writes them) and ISO WKB. The geometry
// type of the layer is the one its features share, GEOMETRYCOLLECTION
// for a mix of collections, else GEOMETRY; as it is known only at the
// end, the column is declared once the rows are in (see setGeometryType).
// The rows go in one transaction through one prepared statement. The
// spatial index, rtree_<table>_geom, is then built bottom-up in Hilbert
// order into the tables of SQLite's R*Tree module rather than by one
// insert per feature, registered in gpkg_extensions and given the
// triggers of Annex F.3; ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY and
// ST_MaxY, which the triggers call, are registered on the driver's
// connections.
//
// Several layers go into one file through a Package: CreatePackage for a
// new file or EditPackage for a copy of an existing one, AddLayer for each
// layer (replace drops a layer of the same name first), Commit to rename
// the file into place. AppendLayer adds (or replaces) one layer in an
// existing GeoPackage the same way, renaming on the writer's Close.
package gpkg
