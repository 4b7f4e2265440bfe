// Package shp is the ESRI Shapefile driver of geoio, read and write. It
// registers the format "shp" (.shp, and .zip or .shp.zip for reading).
//
// Specifications: the "ESRI Shapefile Technical Description", ESRI white
// paper, July 1998, for the .shp and its .shx index: a 100-byte header
// (file code 9994 and file length in 16-bit words, big-endian; version
// 1000, shape type and bounding box, little-endian), then records of an
// 8-byte big-endian header (record number, content length in words) and a
// little-endian content starting with the shape type; the .shx holds the
// same header and one (offset, content length) pair per record, both in
// 16-bit words. Attributes live in a dBASE table (.dbf), read after the
// dBASE III PLUS and dBASE IV file structure, with memo fields in a .dbt
// (layout in dbf.go); the CRS in a .prj (ESRI WKT, read by crs.ParsePRJ);
// the text encoding in a .cpg naming a code page, else in the .dbf's
// language driver id (LDID, header byte 29) after ESRI's code page / LDID
// table, else guessed per value: UTF-8 when valid, Windows-1252 otherwise.
//
// Reading takes a .shp with the companions beside it (same base name, any
// letter case), a bare .shp on standard input, or a .zip holding one or
// more shapefiles, one layer each in name order. Null, Point, MultiPoint,
// PolyLine and Polygon shapes and their Z and M variants are read in 2D
// (Layer.HasZ and HasM say what was dropped); MultiPatch is refused. A
// missing or invalid .shx is rebuilt by walking the records. Polygon rings
// are grouped by containment, each hole to the smallest outer ring holding
// it, rather than by trusting their winding. Records of the .shp and .dbf
// are paired by position; deleted records are skipped, and a bad record,
// a record count mismatch or a truncated file is a geoio.Problem. dBASE
// types C, N, F, L, D, M, I, + and O are decoded; others are read as text.
//
// Writing produces .shp, .shx, .dbf (dBASE III), .cpg ("UTF-8") and, when
// the output CRS has one, a .prj of ESRI WKT, each written to a temporary
// file and renamed into place on Close, the .shp last. A file holds one
// shape type (points join a MultiPoint file as multipoints of one) and no
// geometry collections; outer rings are written clockwise and holes
// counter-clockwise, as the specification asks, and every ring closed. The
// fields must be known before the first feature (Format.NeedsSchema): field
// names are cut to 10 bytes and made unique, columns are C, N, F, L or
// D, and text longer than its column (at most 254 bytes) is cut with a
// warning.
package shp
