// Package osm is the OpenStreetMap driver of geoio, read only: extracts
// as one layer of lines for the access engine, namely roads, waterways
// and ferry routes. It registers the format "osm" (.osm, .osm.bz2,
// .osm.pbf, .pbf).
//
// Specifications: the OSM XML format
// (https://wiki.openstreetmap.org/wiki/OSM_XML), plain or bzip2-compressed,
// and the OSM PBF format (https://wiki.openstreetmap.org/wiki/PBF_Format),
// both as documented on the OpenStreetMap wiki and decoded by
// github.com/paulmach/osm (osmxml and osmpbf). The content picks the
// encoding when it is recognisable (the bzip2 magic, PBF's first
// "OSMHeader" blob, or '<'); otherwise the format name and the file name
// do, so standard input works too.
//
// Only ways become features: those tagged highway or waterway with any
// value, or route=ferry. Each is a LineString of its nodes' coordinates
// (WGS 84 lon/lat) with the way id as an int64 ID and every tag as a
// string property, sorted by key. Node coordinates are kept as the nodes
// go by, 24 bytes a node; both formats write nodes before ways, so a way
// takes the last version seen of each of its nodes or, for one not seen,
// a location stored on the way itself (PBF files written with locations
// on ways). A way with fewer than two nodes, or with a node the extract
// does not hold, is a geoio.Problem and is skipped.
//
// Ferry routes mapped as relations (type=route + route=ferry with member
// ways) are not assembled: their member ways rarely carry route=ferry
// themselves, so such a crossing has to be added to a separate ferries
// layer.
package osm
