// Package geojson is the GeoJSON driver of geoio: RFC 7946 "The GeoJSON
// Format", RFC 8142 "GeoJSON Text Sequences", and newline-delimited
// GeoJSON. It registers three formats, each read and written: "geojson"
// (.geojson, .json), "geojsonseq" (.geojsons, .geojsonseq) and "geojsonl"
// (.geojsonl, .ndjson, .jsonl).
//
// Reading streams. The features of a FeatureCollection are framed one at
// a time, decoded in parallel and handed out in file order, so memory is
// bounded by the largest feature rather than the file. A text may also be
// a single Feature or a bare geometry, and a sequence of any of these
// separated by white space or RFC 8142's record separator (0x1E), which
// the layer reports as "GeoJSONSeq". Properties keep their order; nested
// objects and arrays are kept as compact JSON text (geoio.RawJSON);
// numbers written without fraction or exponent that fit are int64, other
// numbers float64. Ids are strings or numbers. Extra position values (Z,
// M) are dropped and Layer.HasZ set. A feature with bad coordinates, an
// unknown type or unreadable members is reported as a geoio.Problem and
// skipped; JSON that breaks off or cannot be framed ends the read with a
// geoio.FormatError.
//
// Coordinates are WGS 84 lon/lat, as RFC 7946 requires, unless the text
// carries the legacy "crs" member of the 2008 GeoJSON specification
// (revision 1.0, superseded by RFC 7946, which removed it): a "name" CRS
// such as "urn:ogc:def:crs:EPSG::32750", or an "EPSG" code, resolved by
// crs.Parse. In a FeatureCollection it must come before
// "features": after them, one other than WGS 84 is an error.
//
// Writing follows RFC 7946: a FeatureCollection with no "name" or "crs"
// member; for geojsonseq each feature preceded by RS and followed by LF
// (RFC 8142), for geojsonl followed by LF alone. Polygon rings are wound
// by the right-hand rule of §3.1.6 (exteriors counter-clockwise, holes
// clockwise) and coordinates have at most WriteOptions.Precision decimals
// (7 by default, about 1 cm), without trailing zeros or negative zero.
// AppendFeatureJSON and AppendGeometryJSON write single objects for other
// packages.
package geojson
