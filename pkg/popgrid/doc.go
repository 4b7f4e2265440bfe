// Package popgrid turns gridded population (WorldPop, HRSL, GHS-POP),
// read by window with raster.OpenPopulation, into demand: the people in
// each target polygon (Zonal) and the people as weighted points for a
// coverage engine (Demand). It works on orb geometries in WGS 84 lon/lat
// and on raster.PopGrid windows; it reads no files.
//
// Bands. A window need not be held whole: an Accumulator takes it band
// by band from the north (raster.PopRaster.ReadBands), so memory is
// bounded by a band of rows, not by the window or the file. Both results
// are sums over cells: a target's people and covered area, and a demand
// cell's people and population-weighted coordinates, finished into a
// point once its last row is seen. Zonal and Demand are an Accumulator
// given the window as one band. The rows are summed in chunks of 64
// aligned on the file's rows, in parallel, and the chunks' sums are added
// in order from the north, so the result does not depend on the number
// of goroutines; bands that end on chunk boundaries give the very bits
// of the whole window, others differ by float rounding (about 1e-15
// relative in the tests).
//
// Zonal sums. The method is exactextract's (D. Baston, "exactextract",
// ISciences, 2018–, https://github.com/isciences/exactextract): each cell
// is weighted by its coverage fraction, the exact share of the cell's
// area inside the polygon, taken in the raster's own coordinate plane;
// the polygon's vertices are projected into the raster's CRS (pkg/crs
// FromLonLat) and its edges are straight lines there. For an EPSG:4326
// raster the plane is lon/lat degrees, in which each cell is a
// rectangle: the fraction of a cell differs from the fraction of its
// ground area only by the change of scale across one cell (relatively
// tan φ·Δφ, 3·10⁻⁷ for a 100 m cell at 1° of latitude). No-data cells count
// 0 people and their covered area is reported, as is the area outside
// the window, so a caller can warn.
//
// How the fractions are computed. exactextract walks each ring through
// the cells it crosses and measures the part of each boundary cell on
// the polygon's side; here the same areas come from Green's theorem in
// the accumulation form of anti-aliasing scan-line rasterisers (such as
// FreeType's "smooth" rasteriser): the area of a polygon
// inside a cell is the integral over the cell of the winding number, and
// w(u, v) = Σ over edges of ±1 for each edge crossing the row west of u.
// Each edge is cut at row and column lines; a piece of signed height Δv
// and mean abscissa ū in column c adds −Δv·(c+1−ū) to its own cell and
// −Δv to every cell east of it in the row (kept as one entry of a
// running sum), so one pass over the edges and one prefix sum per row
// give every cell's exact covered area, interior cells included, with
// no point-in-polygon test. A row's areas depend only on the edge
// pieces in that row, so rows can be swept in any grouping; each polygon
// lists its edges by chunk of rows, so a chunk sweeps only the edges
// that cross it. Rings are oriented by their shoelace area
// (outer rings count +1, holes −1, whatever their winding), so the
// result equals the area of polygon ∩ cell for valid polygons; parts of
// a MultiPolygon are taken as disjoint. The cost is the number of
// edge–cell crossings plus the cells of the polygon's bounding box.
//
// Demand points. The population of the raster cells whose centres fall
// in each demand cell (250 m by default) is placed at their
// population-weighted centroid. Demand cells are squares of a projected
// raster's plane, or, for EPSG:4326, of the sinusoidal equal-area
// projection of the sphere of mean radius 6 371 008.8 m (IUGG) about the
// window's central meridian (J. P. Snyder, "Map Projections — A Working
// Manual", USGS Professional Paper 1395, 1987, §30). With Within the
// people are first weighted by each cell's coverage fraction in the
// union of the polygons, so the points hold the same people as Zonal.
//
// Validation (popgrid_test.go): on a 2000 × 2000 raster of clustered
// population over the 237 example villages, each village's sum is
// compared with a brute-force count of 10 × 10 samples per cell
// (point in polygon by the even-odd rule), and the same population
// written in EPSG:4326, UTM 50S (EPSG:32750) and, where pkg/crs has it,
// World Mollweide (ESRI:54009) gives the same regency total.
package popgrid
