// Package drivers registers every format driver of kukarcli with geoio:
// GeoJSON (and its sequence and line forms), ESRI Shapefile, CSV,
// OpenStreetMap and KML. A program that reads and writes through
// geoio.Open and geoio.Create imports it for its side effect:
//
//	import _ "github.com/kukarcli/kukarcli/pkg/geoio/drivers"
package drivers

import (
	_ "github.com/kukarcli/kukarcli/pkg/geoio/csv"     // CSV, TSV
	_ "github.com/kukarcli/kukarcli/pkg/geoio/filegdb" // File Geodatabase (read)
	_ "github.com/kukarcli/kukarcli/pkg/geoio/geojson" // GeoJSON, GeoJSONSeq, GeoJSON lines
	_ "github.com/kukarcli/kukarcli/pkg/geoio/gpkg"    // GeoPackage
	_ "github.com/kukarcli/kukarcli/pkg/geoio/kml"     // KML (write)
	_ "github.com/kukarcli/kukarcli/pkg/geoio/osm"     // OpenStreetMap XML and PBF (read)
	_ "github.com/kukarcli/kukarcli/pkg/geoio/shp"     // ESRI Shapefile, zipped too
	_ "github.com/kukarcli/kukarcli/pkg/geoio/xlsx"    // Excel
)
