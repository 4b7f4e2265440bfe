// Package wkt reads and writes the well-known text (WKT) encoding of
// geometries, after OGC 06-103r4, "OpenGIS Implementation Standard for
// Geographic information – Simple feature access – Part 1: Common
// architecture", version 1.2.1, §7 (the BNF of <geometry tagged text>),
// with PostGIS's EWKT "SRID=n;" prefix accepted on read. Z and M ordinates
// are accepted and dropped: the program is 2D. The CSV driver uses it for
// WKT columns.
//
// Parse reads POINT, LINESTRING, POLYGON, MULTIPOINT, MULTILINESTRING,
// MULTIPOLYGON and GEOMETRYCOLLECTION in any letter case, with a Z, M or
// ZM tag written apart or glued to the type (POINTZ), EMPTY, and
// MULTIPOINT members with or without their own parentheses. Numbers are
// plain decimals with an optional exponent (no NaN, infinity or hex).
// POINT EMPTY gives a nil geometry, orb having no empty point, and
// collections nest at most 32 deep. Append writes GDAL's compact style
// ("LINESTRING (1 2,3 4)") with at most a given number of decimals, or
// the shortest text that reads back exactly: written so, every geometry
// Parse returns, except the nil of POINT EMPTY, parses back unchanged.
package wkt
