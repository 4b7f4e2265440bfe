// Package access computes how hard each village is to reach: travel time
// and distance to the nearest facility and to its own kecamatan centre
// over roads, footpaths, rivers and ferries, the mode used, and whether
// any facility can be reached by land at all.
//
// # Model
//
// A Builder (or BuildGraph, for lines already in memory) nodes the lines
// where they share a vertex after rounding to Params.CoordDecimals (lines crossing without a shared vertex, such as a
// bridge over a river, stay apart). With Params.NodeSnapM > 0 a line end
// used by no other line is joined to the nearest vertex of another line
// within that distance. Land lines (Road, Walk) and water lines (River,
// Ferry) are noded separately: where a land vertex and a water vertex
// coincide (a landing) the graph gets a transfer edge, free from water to
// land and charging Params.BoardingPenaltyS from land to water. That is
// how the penalty is charged once each time a path takes to the water,
// whichever way it was reached, with a plain shortest-path search; a
// label saying "already on the boat" would break Dijkstra's optimality.
// Moving between a river and a ferry costs nothing more.
//
// An edge's time is its geodesic length (earth.DistanceM summed over its
// segments on WGS 84, pkg/earth) divided by its speed: Line.SpeedKMH when given (a speed_kmh
// field, or maxspeed read with ParseMaxspeed), else the class table for
// roads and footpaths, Params.BoatSpeedKMH for rivers, the "ferry" entry
// for ferries. A ferry with a duration (OSM duration, read with
// ParseOSMDuration) spreads it over its edges in proportion to length.
// One-way lines (OSM oneway=yes/-1) give one arc only. Current,
// upstream/downstream speeds and waiting for scheduled boats are not
// modelled beyond the boarding penalty.
//
// The graph is stored in compressed sparse row form (the CSR layout of
// sparse matrices; see e.g. Y. Saad, "Iterative Methods for Sparse
// Linear Systems", 2nd ed., 2003, §3.4): one offset per node into an
// array of incoming arcs, each arc an int32 edge number with a direction
// bit; edges are a flat array of 16-byte {from, to, length, pricing}
// records, the pricing an index into a small table shared by all edges of
// a class (times are derived from the length, in float32 as before), with
// their inner vertices in one shared point pool. Nodes sit at rounded
// positions, so each is two int32 in units of the rounding. About 80
// bytes per node on a road grid, spatial index included.
//
// Building streams: Builder.AddLine takes one line at a time (the command
// feeds it while the file is read) and keeps only a 4-byte vertex number
// per line vertex and an end per line (both in append-only chunks, never
// copied as they grow), a pricing index per run of lines priced alike,
// and each distinct rounded position once (a hash table finds repeats; a
// small cache of recent vertices spares most lookups, since files list
// lines in a roughly spatial order). A line it cannot use is reported at once, so
// callers need keep nothing per line for their messages. Build sorts the
// distinct positions by key (so noding does not depend on input order)
// and numbers the nodes along a Z-order (Morton) curve of their position
// (G. M. Morton, "A computer oriented geodetic data base and a new
// technique in file sequencing", IBM, 1966), which keeps a search's
// working set in few cache lines; graph and results do not depend on the
// order of the lines except where the order of edges breaks exact ties.
// The sorts (least-significant-digit radix sorts, 16-bit digits), the
// cutting of lines into edges and the segment index are split over the
// cores by ranges of their input, each range writing after the ranges
// before it, so the graph is the same array for array on any number of
// cores.
//
// # Snapping
//
// Targets and facilities join the network at the nearest point on an
// edge (projection onto segments, found through a uniform grid over the
// segments in an earth.Local plane, compared in a plane fitted at the
// query point), within Params.MaxSnapM. The grid is searched in rings of
// cells around the point's cell and stops once the rings cover a disc
// (the point's distance to its own cell's edge plus the rings' width,
// shrunk by the plane's worst overstatement) holding the best candidate;
// within the rings, a cell farther than the best candidate so far is
// skipped (a segment is listed in the cell of its point nearest the
// query too, so the winner does not change).
// Each point is joined both to its
// nearest land edge and to its nearest water edge, so a riverside village
// can walk to its road or down to the boat, and the faster wins. The
// off-network leg is walked at Params.WalkSpeedKMH; its time and length
// count. A target and a facility on the same edge may travel along it
// directly. A target beyond MaxSnapM of every edge is kept, unreachable.
//
// # Search
//
// Times are from target to facility, so one multi-source Dijkstra
// (E. W. Dijkstra, "A note on two problems in connexion with graphs",
// Numerische Mathematik 1, 1959) runs from all facilities over the arcs
// reversed. Labels are ordered by (time, facility order), so equal times
// go to the earlier facility, and the queue breaks remaining ties by node
// number: the output never depends on scheduling. The queue is a radix
// heap (R. K. Ahuja, K. Mehlhorn, J. B. Orlin and R. E. Tarjan, "Faster
// algorithms for the shortest path problem", Journal of the ACM 37(2),
// 1990) on the bits of the float64 times, which Dijkstra only asks for in
// increasing order; entries of equal time leave by (facility, node), the
// order a comparison heap gives, so the search and its ties are those of
// a binary heap, about a quarter faster (a full search over a 2M-node
// grid, 1.0 → 0.7 s). For each kecamatan (a
// facility Group), targets of that group whose nearest facility belongs
// to another group get a Dijkstra from their own centre(s), which stops
// once every such target's time is final (its open targets are looked
// over once per as many settled nodes as there are of them, so a
// kecamatan with many pending targets is not quadratic); groups run in
// parallel, each writing only its own targets.
//
// Land access is directed reachability over road and footpath arcs only
// (a breadth-first search from the facilities' land joins): unlike
// connected components of the undirected graph it is right on one-way
// roads. A target is unreachable when the full search finds no facility;
// it has land access when the land-only search does.
//
// # Default speeds
//
// DefaultSpeeds are planning defaults for rural East Kalimantan, not legal
// limits: typical travel speeds of cars and motorcycles on each class,
// lowered for the laterite and damaged surfaces common off the national
// roads. OSM highway values follow the OSM wiki (Key:highway, Key:maxspeed,
// Key:duration): motorway 80, trunk 60, primary 50, secondary 40, tertiary
// 35, unclassified and residential 25, service 15, track 15 (unsealed
// estate and logging roads), path 5 (walked or ridden slowly), footway 4,
// ferry 10 (slow river ferries including manoeuvring). Indonesian road
// status follows UU 38/2004 on roads and PP 34/2006 on roads: nasional 50,
// provinsi 40, kabupaten and kota 30, desa 20, lingkungan 15, setapak 5;
// road function uses the minimum primary design speeds of PP 34/2006:
// arteri 60, kolektor 40, lokal 20. "default" (20) is used for classes
// not in the table. The boat speed default, 15 km/h, is that of the small
// motor boats (ces, ketinting, longboat) that serve riverside villages
// on the Mahakam and its lakes; the boarding penalty default, 15 minutes,
// stands for finding or waiting for a boat. Walking is 4 km/h.
//
// # Not done here
//
// The package reads no files and knows no formats: callers turn layers
// into Lines and Points and results into output. It does not split edges
// where lines cross, does not join a road end to the middle of a river
// edge (only to vertices, through NodeSnapM), does not handle lines across
// the antimeridian, and gives each target one path (no alternatives).
package access
