// Package geoio is the core of kukarcli's vector input and output: the
// types every format driver speaks, the registry that finds a driver for a
// file, and the checks every feature passes on its way in. It knows no file
// format itself; each lives in a driver package below it.
//
// It owns:
//
//   - Feature: one geometry (github.com/paulmach/orb; nil for a null
//     shape) with an ID and Properties kept in the source's order, whose
//     values are nil, string, int64, float64, bool, time.Time (dates) or
//     RawJSON (a JSON object or array kept as text).
//   - Layer and Schema: a source's name, format, CRS (pkg/crs), Fields and
//     whether it carried Z or M values, which are dropped (the program is
//     2D). Schema learns the fields of a stream in first-seen order,
//     widening types Int → Float → String.
//   - Problem: a feature a reader skipped, with its file, index, id, kind
//     (invalid coordinate, unclosed ring, empty geometry, duplicate id,
//     truncated file, record count mismatch, bad record, unsupported
//     geometry, missing companion file) and reason. Readers hand each one
//     to ReadOptions.Problems and go on; the caller's handler does the
//     accounting (count, warn once per kind) and decides whether to stop,
//     as StrictHandler does at the first. FormatError is a file that
//     cannot be read at all.
//   - Reader and Writer: a driver's streaming interfaces, one layer each.
//     A Writer ends with Close, or Abort to remove partial output.
//   - Validate, which Open applies to every reader: it settles the source
//     CRS (--s-crs, else the file's, else WGS 84 lon/lat), reprojects to
//     lon/lat, and reports and skips features with non-finite or
//     out-of-range coordinates, empty geometries, lines of fewer than two
//     positions, open or short rings, and ids already used. Coordinates far
//     beyond degrees stop the read with a hint to pass the projected CRS.
//     Transform converts lon/lat features to an output CRS.
//   - Spool: features held in a temporary file (WKB geometry, tagged
//     values) while their schema is learnt, for writers that need every
//     column before the first row (Format.NeedsSchema: DBF, CSV).
//   - The registry. Format describes a driver: name, file endings, and its
//     Open and Create functions. Drivers call Register from an init
//     function, as image/png registers with image, and a program imports
//     the drivers it wants; pkg/geoio/drivers imports them all.
//     DetectFormat picks a format by file ending, OpenAll and Open read a
//     file or standard input (sniffed from its first bytes: RS or '{' for
//     GeoJSON, '<' for OSM XML, the SQLite header for GeoPackage, a zip
//     archive read whole and named by its members — a00000001.gdbtable
//     for a File Geodatabase, .shp for shapefiles — else CSV; a file
//     ending in a plain .zip is named by its members the same way), and
//     Create makes a writer.
//
// It also formats property values as text the same way for every text
// format (FormatValue, AppendNumber), finds a point on a geometry
// (RepresentativePoint), and carries the KML styling choices
// (KMLStyling) through WriteOptions.
package geoio
