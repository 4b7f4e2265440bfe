// Package raster is kukarcli's terrain: digital elevation models read from
// GeoTIFF files or folders of GeoTIFF or SRTM tiles, elevations
// interpolated bilinearly (DEM, Grid; conventions in dem.go), terrain
// profiles along the great circle between two sites (Profile), and grids
// written as GeoTIFF. Everything is in WGS 84 lon/lat degrees (EPSG:4326).
//
// Specifications:
//
//   - TIFF Revision 6.0 (Adobe, 1992), with its LZW (section 13) and
//     PackBits compressions; Deflate (compression 8, and the older 32946)
//     as zlib streams (RFC 1950, RFC 1951); Adobe's "TIFF Technical Note
//     3" (2005) for the floating-point predictor.
//   - BigTIFF, the 64-bit variant of TIFF (the BigTIFF design note, Aware
//     Systems, 2007).
//   - OGC GeoTIFF Standard 1.1 (OGC 19-008r4, 2019): the GeoKey directory
//     and the ModelTiepoint/ModelPixelScale or ModelTransformation
//     georeferencing; and GDAL's GDAL_NODATA tag (42113, an ASCII number).
//   - SRTM .hgt tiles (NASA/USGS SRTM documentation, "SRTM Topography",
//     and the SRTMGL1/SRTMGL3 user guides): a tile named after its
//     south-west corner (N00E116 covers lat 0..1, lon 116..117) holds n×n
//     big-endian signed 16-bit heights in metres above the EGM96 geoid,
//     rows from north to south, n = 3601 for 1 arc-second and 1201 for 3
//     arc-second data. Samples lie on the grid lines (the edge rows and
//     columns repeat the neighbouring tiles' edges), and -32768 marks a
//     void.
//
// ReadGeoTIFF reads the first image of a classic or BigTIFF file: one
// sample per pixel of 8-, 16- or 32-bit signed or unsigned integers or
// 32- or 64-bit floats, in strips or tiles, uncompressed, PackBits, LZW or
// Deflate, with horizontal (2) or floating-point (3) prediction,
// georeferenced in EPSG:4326 by a tiepoint and pixel scale or an
// axis-aligned ModelTransformation (PixelIsArea or PixelIsPoint). Anything
// else is an error naming the file and the fix, usually a gdal_translate
// or gdalwarp command. WriteGeoTIFF writes a little-endian classic TIFF of
// uncompressed float32 strips, georeferenced by tiepoint and pixel scale
// (PixelIsArea), with voids as NaN declared by GDAL_NODATA.
//
// OpenDEM opens a folder of .hgt tiles (plain or zipped, 1″ and 3″ mixed)
// or, when it holds none, of GeoTIFF tiles such as DEMNAS; a single .hgt
// or .hgt.zip tile; or a GeoTIFF read whole. Tiles are read on first use
// and kept.
package raster
