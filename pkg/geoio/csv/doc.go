// Package csv is the CSV driver of geoio, read and write: tables with
// point coordinates in longitude/latitude columns or any geometry in a
// WKT column. It registers the format "csv" (.csv, .tsv).
//
// Specifications: RFC 4180 "Common Format and MIME Type for
// Comma-Separated Values (CSV) Files" for the fields, as encoding/csv
// reads and writes them, and the ".csvt" sidecar of GDAL's CSV driver
// (GDAL documentation, "Comma Separated Value (.csv)"): one line of quoted
// column types such as "Integer", "Integer64(10)", "Real(12.4)",
// "String(20)", "Date", "Integer(Boolean)", and the geometry roles "WKT",
// "CoordX"/"Point(X)" and "CoordY"/"Point(Y)". OpenCelliD cell exports
// (https://opencellid.org, "Data format") are recognised by their leading
// columns, with or without a header row. WKT cells are read and written
// by pkg/geoio/wkt.
//
// Reading drops a UTF-8 byte-order mark and sniffs the delimiter from the
// first line (',', ';' or tab; in ';' files a decimal comma is accepted
// in coordinates). The header gives the column names: trimmed, field_N
// for an empty one, duplicates suffixed _2, _3... The geometry comes from
// the roles of a .csvt beside the file, else from a WKT column (wkt,
// wkt_geom, geometry, geom, the_geom), else from a longitude/latitude pair
// (lon, lng, longitude, bujur… with lat, latitude, lintang…), else from
// x/y; a table without one gives features without geometry. Column types
// come from the .csvt, else are inferred from the values (the whole file,
// or the first 1000 rows of a stream): integers, reals, and text, with
// codes such as "007" kept as text. A column named id, fid, kode or cell
// gives the feature id. A row with a bad coordinate, bad WKT or a broken
// quote is a geoio.Problem and is skipped.
//
// Writing puts a header, then one row per feature: the properties in the
// layer's field order with lon and lat columns after them for points, or
// a WKT column before them for any geometry, as GDAL lays them out; left
// to choose, the writer takes lon/lat when the first geometry is a Point
// and no property is itself named lon or lat. Coordinates have at most
// WriteOptions.Precision decimals. The writer does not create the .csvt:
// TypesLine, and CSVTypes on the writer, give its line for the caller to
// store.
package csv
