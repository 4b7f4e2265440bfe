// Package raster is kukarcli's terrain: digital elevation models read from
// GeoTIFF files or folders of GeoTIFF or SRTM tiles, elevations
// interpolated bilinearly (DEM, Grid; conventions in dem.go), terrain
// profiles along the great circle between two sites (Profile), and grids
// written as GeoTIFF, and population grids read by window. Terrain is in
// WGS 84 lon/lat degrees (EPSG:4326); population rasters may also be in a
// projected CRS.
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
// Population rasters (pop.go, pop_write.go). OpenPopulation opens a
// single-band population GeoTIFF, reading only its header, its
// georeferencing and its strip or tile directory; PopRaster.Window then
// decodes only the strips or tiles under a lon/lat box (projected into
// the raster's CRS), in parallel, so memory follows the window, not the
// file (WorldPop's 3″ grid of Indonesia has over a billion cells);
// PopRaster.Frame and ReadBands (pop_bands.go) read the same window band
// by band from the north, so memory follows two bands instead. The
// same sample types, compressions and predictors as ReadGeoTIFF are
// read; samples equal to GDAL_NODATA, and NaN, become NaN (no data).
// The CRS comes from the GeoKeys (OGC 19-008r4 §7.1.4 and annex B):
// GTModelTypeGeoKey 2 with GeographicTypeGeoKey 4326 (§7.1.4.3), or 1
// with ProjectedCSTypeGeoKey n (§7.1.4.4), read as EPSG:n by pkg/crs; a
// user-defined projected CRS (32767) is recognised by the ESRI WKT or the
// name that GDAL writes in GTCitationGeoKey or PCSCitationGeoKey (the
// GeoAsciiParams values of §7.1.3), as for World Mollweide (ESRI:54009)
// of GHS-POP. ProjLinearUnitsGeoKey must be the metre (9001). Tiles
// follow TIFF 6.0 section 15 (TileWidth, TileLength, TileOffsets,
// TileByteCounts; edge tiles padded to full size), strips section 3
// (StripOffsets, RowsPerStrip, StripByteCounts, the last strip short).
// WritePopulationGeoTIFF writes float32 in strips or 16-multiple square
// tiles, uncompressed or Deflate, in EPSG:4326 or a projected CRS, with
// a numeric GDAL_NODATA if asked.
//
// OpenDEM opens a folder of .hgt tiles (plain or zipped, 1″ and 3″ mixed)
// or, when it holds none, of GeoTIFF tiles such as DEMNAS; a single .hgt
// or .hgt.zip tile; or a GeoTIFF read whole. Tiles are read on first use
// and kept.
package raster
