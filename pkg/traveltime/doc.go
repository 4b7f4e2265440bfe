// Package traveltime computes travel-time surfaces, the raster
// counterpart of package access: the time from every cell of a grid to
// its nearest facility, moving across cells over a land-cover friction
// surface and a DEM and along the road, river and ferry network, with
// isochrone polygons, catchments and population indicators on top (the
// products of AccessMod and of GRASS r.cost/r.walk).
//
// # Grid
//
// A Grid is lon/lat (WGS 84) with cells constant in degrees: NewGrid
// sizes them as cellM × cellM squares at the latitude of the area's
// centre. Every length is computed in metres per row from the
// ellipsoid's radii of curvature (metres per degree of longitude N·cos φ,
// of latitude M; J. P. Snyder, "Map Projections — A Working Manual", USGS
// PP 1395, 1987, eq. 4-18 and 4-20), so nothing assumes square cells.
// For Kukar (−1.5° to +1.5°) the cells stay squares to within 0.04 %
// (cos 1.5° = 0.99966) and a 250 m cell is 250 ± 0.1 m wide everywhere;
// the grid needs no projection, and it is the grid of the inputs people
// have (WorldPop, WorldCover, SRTM are all EPSG:4326) and of the GeoTIFF
// the surface is written to (raster.Grid, same cell order). A move's
// length is the straight line between cell centres in the plane of the
// metre scales at their middle latitude, so a move and its reverse have
// the same length.
//
// # Moving across cells
//
// Each cell has a pace (seconds per metre, 3.6/speed) from its land-cover
// class (Params.Speeds, km/h on flat ground; DefaultSpeeds for the ESA
// WorldCover codes) or Params.WalkSpeedKMH everywhere when no land cover
// is given. A class with no speed is impassable: by default permanent
// water (80), and any code missing from the table (0, no data, included).
// Cells move to their 16 neighbours: the 8 adjacent cells and the 8
// knight's moves, the neighbourhood of GRASS r.cost -k and r.walk -k
// (GRASS GIS 8 manual pages r.cost and r.walk). A move's flat time is its
// length times the mean pace of the cells its straight line crosses,
// each for its share of the length: an orthogonal or diagonal move spends
// half its length in each end cell, and a knight's move (1, 2) a quarter
// in each of the four cells it crosses (it meets the row line at a
// quarter of its length, the column line at half, the next row line at
// three quarters), so the mean is over 2 or 4 cells. This is r.cost's
// rule, as the comparison with GRASS below confirms. A move into
// or through an impassable cell is not made.
//
// With an elevation grid (ElevationM, the DEM sampled at cell centres,
// e.g. Grid.Sample(dem.ElevationM)), the slope s = Δh/length of each move,
// signed in the direction of travel, changes its time:
//
//   - Tobler (the default): Tobler's hiking function W(s) = 6·e^(−3.5·|s +
//     0.05|) km/h (W. Tobler, "Three presentations on geographical analysis
//     and modeling", NCGIA Technical Report 93-1, 1993) taken relative to
//     the flat: the flat time is multiplied by W(0)/W(s) =
//     e^(3.5·(|s+0.05|−0.05)), so land-cover speeds stay flat-ground speeds
//     (AccessMod combines them the same way: N. Ray and S. Ebener,
//     "AccessMod 3.0", International Journal of Health Geographics 7:63,
//     2008). A 5 % descent takes 16 % less time than the flat, a 10 %
//     climb 42 % more, a 30 % descent twice as long.
//   - Langmuir: r.walk's model, Naismith's rule with Langmuir's corrections
//     (R. Aitken, 1977; E. Langmuir, "Mountaincraft and Leadership", 1984;
//     as given in the r.walk manual): time = pace·length plus b·Δh
//     uphill, c·Δh on descents of slope above SlopeFactor and d·Δh on
//     steeper ones, with r.walk's defaults b = 6, c = 1.9998, d = −1.9998 s/m and
//     SlopeFactor −0.2125; pace·length stands for r.walk's a·ΔS + λ·friction·ΔS.
//     A move never costs less than 0.
//
// Both are anisotropic. Direction says whether times run from each cell to
// the facilities (ToFacility, the default: patients travelling to care)
// or out of them (FromFacility, as r.cost and r.walk count); the surface
// of one over a DEM equals the other's over the DEM turned upside down.
// Voids in the DEM are crossed as flat.
//
// # The network
//
// The network is an access.Graph (built with access.Builder or
// access.BuildGraph from roads, rivers and ferries, with their speeds,
// one-way arcs, ferry durations and landings). Every edge is cut where it
// crosses a cell boundary; each stretch inside a cell gets a node at its
// point nearest the cell's centre, and the edge's times in both
// directions are divided among the pieces in proportion to length, so
// travel along the network is exactly that of package access. Each node
// is joined to its cell by a walk from the cell's centre at the cell's
// pace (in both directions), so a path can leave the forest for the road,
// and leave the road, in any cell it passes. Entering a river or ferry
// from a cell pays Params.BoardingPenaltyS (landings already pay it in the
// graph); leaving is free. A stretch in an impassable cell (a river in its
// water cells, a road on a causeway) is joined instead to the passable
// cells of the nearest ring of cells around it within Params.MaxLinkM, at
// the pace of each, so villages on the bank reach the boat; a facility in
// an impassable cell is placed the same way. Slopes are not applied to
// these joins, which are at most a few cells long.
//
// # Search
//
// One multi-source shortest-path search runs from all facilities over
// cells and network nodes, with labels (time, facility) ordered
// lexicographically so equal times go to the earlier facility. It scans
// nodes bucket by bucket, a bucket being a span Δ of time as long as the
// cheapest move between cells (Dial's buckets: R. B. Dial, "Algorithm
// 360: shortest-path forest with topological ordering", Communications
// of the ACM 12(11), 1969), kept in a ring of 256 buckets, so an entry is
// appended once and never moved. Labels in one bucket cannot improve each other through a move of at least Δ,
// so they are final when their bucket comes up and can be scanned in any
// order, and by several cores at once. Cheaper moves (network arcs,
// Langmuir's steep descents) can improve a label already scanned in the
// current bucket; it is then scanned again (label correcting, as in U.
// Meyer and P. Sanders' Δ-stepping, Journal of Algorithms 49(1), 2003):
// on the benchmark's grid with its network, 0.15 % more scans than
// nodes. However the buckets are scanned, the search ends at the labels
// no move can improve, which are unique (the least float64 sum of move
// times over all paths, and the first facility among those reaching a
// node in that time), so the result is exactly Dijkstra's (E. W.
// Dijkstra, "A note on two problems in connexion with graphs",
// Numerische Mathematik 1, 1959), whatever the order and the number of
// cores. Cells are numbered in 128 × 128 tiles, so the labels a move
// touches lie close together in memory (few cache lines and pages)
// rather than in five rows a grid's width apart. A bucket's cells are
// shared out among the cores by tile column, each core scanning only the
// cells at least two cells inside its own columns, so no two cores touch
// one label; the few cells near a column's sides or joined to the
// network are scanned after them on one core. The passes around the
// search write disjoint parts of their results: the output is the same
// whatever GOMAXPROCS.
// Memory is about 13 bytes per cell for the search (17 with a DEM), which
// the Surface then takes over, plus the inputs and about 100 bytes per
// network node: 370 MB at peak for 16 million cells without a network
// and 697 MB with a DEM and a network of 300 000 vertices, the
// benchmark's own inputs included (BenchmarkSurface4000).
//
// # Products
//
// Surface.Isochrones gives, for each threshold, a MultiPolygon of exactly
// the cells within it (time ≤ threshold), their area (the sum of the
// cells' ground areas), population and villages. Surface.Catchments
// gives each facility's cells (those it is nearest to) as polygons with
// area, population, villages and the population-weighted median and 90th
// percentile of their times (cell-weighted when no one lives there).
// Surface.Indicators gives the population and villages within each
// threshold in total and per facility group (the kecamatan of a centre).
// Population is a per-cell slice on the same grid (Grid.AddAt sums a
// population raster's cells into it by their centres, keeping its total);
// villages are points, counted in the cell that holds them.
//
// Polygons come from boundary following (A. Rosenfeld and A. C. Kak,
// "Digital Picture Processing", 2nd ed., 1982, vol. 2, §11.2): every cell
// side between a labelled cell and another label is an edge with the
// labelled cell on its left; edges are chained corner to corner, taking
// the leftmost turn at a corner where two diagonal cells meet, so each ring
// bounds one 4-connected component. Outer rings are counter-clockwise and
// holes clockwise (RFC 7946), vertices only where the boundary turns; a
// hole may touch its outer ring at a corner, as OGC simple features
// allow.
//
// # Validation
//
// Tests compare the surface with a plain Dijkstra over the same
// 16-neighbour cell graph written independently in the test (1e-9
// relative, with and without land cover, DEM, both slope models and
// directions, at 60° of latitude too), with GRASS GIS 8.2 when it is
// installed (below), and check that isochrone polygons hold exactly the
// cells within their time and catchment populations add up to the grid's.
//
// GRASS r.cost and r.walk work in the plane of their location: a cost
// per cell on cells of the region's resolution. In a lat/lon location
// they weigh moves by the ratio of the resolutions in degrees, not metres
// (checked: r.cost gives the same costs at 0° and at 60° of latitude),
// which this package does not copy; the comparison therefore uses an XY
// location with square cells, r.cost's friction being pace × 250 m per
// cell and r.walk's friction the pace with a = 0, λ = 1. On 19 196 cells
// of 60 friction classes and ±900 m hills the surfaces agree to within
// 2.4e-5 (r.cost -k) and 3.2e-5 (r.walk -k) relative, the change of cell
// size across the lon/lat grid. The models differ elsewhere: r.walk has
// no Tobler function (the default here); r.cost and r.walk have no
// network; they count time from the start cells outward (FromFacility);
// and null cells are skipped there as impassable cells are here.
//
// Speed (BenchmarkSurface4000 and BenchmarkGRASS4000, run together twice
// on a quiet two-core machine, the same 4000 × 4000 cells and 20 start
// cells; GRASS's timings include its own raster reading and writing):
// the isotropic surface took 2.32–2.56 s (3.3–4.1 CPU seconds) where
// r.cost -k took 18.8–20.0 s, 7.3–8.6 times faster, and the Langmuir
// surface 3.30–3.49 s (5.2–5.5) where r.walk -k took 17.4–23.6 s, 5.3–6.7
// times faster. With the 300 000-vertex network, which GRASS's modules do
// not take, 3.29–3.35 s and 4.76–5.26 s. GRASS's own times varied from
// run to run: r.cost -k 14.1–20.0 s, r.walk -k 17.4–25.9 s over four
// runs. These are first runs in a fresh process; run again in the same
// process, reusing its memory, the isotropic surface takes about a
// quarter less (1.9 s).
//
// # Not done here
//
// The package reads no files: callers sample the DEM, the land cover (at
// cell centres with Grid.SampleClass, or by majority over finer data) and
// the population onto the grid, and write the surface (as a raster.Grid)
// and polygons. It does not model waiting for boats beyond the boarding
// penalty, turn restrictions, or a maximum slope; grids cross neither
// the antimeridian nor the poles.
//
// # Use
//
//	grid, _ := traveltime.NewGrid(regencyBound, 250)
//	dem, _ := grid.Sample(demSource.ElevationM)
//	s, err := traveltime.Compute(traveltime.Inputs{
//		Grid: grid, LandCover: classes, ElevationM: dem,
//		Network: graph, Facilities: centres,
//	}, traveltime.DefaultParams())
//	isos, _ := s.Isochrones([]float64{30, 60, 120}, pop, villages)
//	catchments, _ := s.Catchments(pop, villages)
//	indicators, _ := s.Indicators([]float64{30, 60, 120}, pop, villages)
//	tif := &raster.Grid{WestDeg: grid.WestDeg, NorthDeg: grid.NorthDeg,
//		CellXDeg: grid.CellXDeg, CellYDeg: grid.CellYDeg,
//		Width: grid.Width, Height: grid.Height, Data: s.MinutesFloat32()}
package traveltime
