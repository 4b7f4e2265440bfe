// Package kml is the KML driver of geoio, write only: OGC KML 2.2
// (OGC 07-147r2, "OGC KML", version 2.2.0) for Google Earth and QGIS. It
// registers the format "kml" (.kml).
//
// The output is one Document, named by WriteOptions.Name or else the
// layer, with one Placemark per feature. A placemark is labelled with the
// first of the properties name, nama (Kemendagri), NAMOBJ or WADMKD (BIG
// base maps), compared in any letter case and looked up among the
// layer's fields when it has them, or else with the feature id; it holds
// every property as ExtendedData/Data, the value as text
// (geoio.FormatValue), and the geometry. Geometry elements come from
// github.com/twpayne/go-geom/encoding/kml after converting orb geometries
// to go-geom: coordinates rounded to WriteOptions.Precision decimals (7 by
// default), rings closed, empty parts left out, and geometry collections
// flattened into a single MultiGeometry. Text is escaped by encoding/xml,
// which writes characters XML cannot carry as U+FFFD.
//
// A geoio.KMLStyling, in WriteOptions.KML or given to CreateStyled, adds
// shared styles (line and polygon colours in KML's aabbggrr) at the top of
// the Document and a styleUrl to the placemarks it picks: villages
// coloured by priority class.
package kml
