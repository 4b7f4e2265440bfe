// Package coverage judges whether settlements, villages and roads have
// mobile signal from a set of tower sites, and finds the blank-spot areas
// that have none.
//
// It works on orb geometries in WGS 84 longitude/latitude and knows
// nothing of files. Evaluate returns, per target, whether it is covered,
// the best site and its technology, the geodesic distance to the nearest
// site, the predicted signal, how many sites cover it and which
// technologies do; BlankSpotAreas merges uncovered lattice cells into
// polygons with their area and population.
//
// # What it does not do
//
// The distance models (radius, fspl, hata, cost231) know no terrain: each
// is a median over "typical" land of its class. The terrain models (itm,
// los-ked) read the profile of every site–target pair through
// Params.Terrain, but know no buildings; a flat clutter height can be
// added to the profile by the caller. No interference, capacity or SINR,
// no indoor penetration loss and no fading margin beyond what the
// thresholds carry. Data must not straddle the ±180° meridian.
//
// # Terrain models
//
//   - itm: the Longley-Rice Irregular Terrain Model 1.2.2, point-to-point
//     mode, package itm (Hufford, "The ITS Irregular Terrain Model,
//     version 1.2.2: The Algorithm"; NTIA Report 82-100), with its
//     climate, ground and variability inputs in Params.ITM (defaults for
//     equatorial Kalimantan).
//   - los-ked: free-space loss (ITU-R P.525) over the path length plus
//     Deygout's three-edge knife-edge diffraction (ITU-R P.526), with the
//     standard effective earth radius factor k = 4/3.
//
// Their reach is that of free space with 6 dB of two-ray gain, an upper
// bound, so the spatial prefilter never drops a site that could serve a
// target; each remaining pair is then judged over its profile. A profile
// that cannot be read (a missing DEM tile) makes the target a Problem.
//
// # Radial sweeps
//
// By default the terrain models judge dense sample points from per-site
// radial sweeps, the method of SPLAT! (J. A. Magliacane) and
// Signal-Server (A. Farrant), which BestServerRaster also uses; with
// Params.ExactTerrain every (point, site) pair is judged over its own
// profile instead. A site's sweep has 720 geodesic radials (0.5°); the
// profile along each is read outwards from the site (to 1.25 times as
// far as its neighbour went, read again to twice that while the radial
// goes on), and judged at
// nodes every DEM sample nearest 180 m over its prefix (the receiver end
// on bare ground, the Profiler's clutter taken off), until the radial has
// stayed 40 dB below the threshold for 1.5 km: that is the site's reach
// on that bearing, and a point beyond where its two radials stopped is
// out of the site's reach, the site not considered for it at all (when
// one of the two stopped, it counts as 40 dB below the threshold there).
// Near the site the radials crowd together, so only every 2nd, 4th or
// 8th is judged where that keeps the radials used within 175 m of each
// other, and nodes nearer than 1.5 km are not judged. A point's power is
// interpolated bilinearly between the two radials around its bearing and
// the two nodes around its distance. Points nearer a site than 1.5 km,
// next to a node that could not be judged, or within
// Params.SweepMarginDB (3 dB) of the threshold are judged on their own
// profile.
//
// Evaluation is then site by site: sites are swept in parallel, each
// sweep by one worker, folded into per-point accumulators (counts, the
// union of technologies, the strongest link with ties broken by site ID)
// and dropped, so memory holds one sweep per worker and results do not
// depend on the workers (TestSweepDeterminism). A site with fewer than
// 2000 points within its reach is judged pair by pair: its sweep would
// cost more than the profiles it replaces. A sharded run counts the
// points of the whole run (Params.SweepPoints), so every shard judges a
// site the way the whole run does.
//
// Measured against every point judged on its own profile
// (TestSweepAccuracy: the example's 6 sites within 10 km of BTS-001, 802
// of its village samples, the benchmark's generated hills with 10 m of
// clutter): itm changes 3 verdicts (0.37 %), |ΔdBm| of the best covering
// signal median 0.12, 90th percentile 1.3, 99th 37 dB (shadow edges
// between radials, where the two radials around a point disagree); los-ked
// 3 verdicts, 0.08 / 0.72 / 20 dB. The test asserts at most 1 % of
// verdicts changed and a 90th percentile within 2 dB. Nodes every 270 m
// instead of 180 m doubled the verdicts changed there (6, 0.75 %), so the
// spacing stays at two 3″ DEM samples.
//
// Along a radial the nodes are judged by itm.Radial: ITM over each
// prefix of the one profile, with the mean elevation and the fitted
// lines from running sums, the transmitter's horizon from an upper
// envelope of the samples' elevation angles, and the receiver's horizon
// searched backwards only as far as a sample could still rise above it;
// it agrees with itm.P2P on the same prefix to 1e-6 dB
// (TestRadialMatchesP2P). The clearance reported with a node is the
// lowest of the samples' clearances under the ray, lines in the ray's
// slope whose lower envelope grows with the prefix (TestClearEnv). What
// remains per node is Δh (a resampling of up to 245 points and its two
// deciles, found by bucketed selection) and ITM's fixed cost. Points are
// matched to radials and nodes by their mid-latitude bearing; the
// geodesic is computed for the points a site reaches.
//
// Cost: on the example's 237 villages at 250 m (430 915 samples) and 219
// sites over a generated 3″ DEM, the sweeps look up 5.3 million (point,
// site) pairs, of which 0.2 million are judged on their own profile,
// where judging every pair on its own profile cost about 18 ms a sample.
// The whole plan run on them (kukarcli plan --example --model itm
// --sample 250m -k 10: the existing sites' coverage, then the candidates'
// for the siting) takes 70 s of CPU; of it, in the profile, ITM along the
// radials about 60 % (Δh and ITM's fixed cost a quarter of the whole
// each), reading profiles a fifth (half for the pairs judged on their
// own), the lookups the rest. The terrain benchmark's 200-site raster
// (30 km, 100 m cells) takes 26 s of CPU (with the edge cells below).
//
// # Rasters from sweeps
//
// With a Profiler, BestServerRaster fills a site's cells from its sweep
// (reach capped at the raster radius): a cell's centre is looked up as a
// point target is, by bilinear interpolation between the radials and
// nodes around it. Cells nearer than 1.5 km, next to a node that could
// not be judged, or where the two radials around the cell differ by more
// than 1 dB at its distance while the cell lies within 6 dB of the
// threshold (a shadow's edge may pass between them) are judged on their
// own profile. A cell's distance and azimuth from the site are the
// mid-latitude ones (radii of curvature of the mid-latitude, the azimuth
// less half the meridians' convergence). Measured against cells judged
// on their own profile (TestRasterSweepAccuracy: one example site over
// the generated hills, every 11th cell; the tolerance asserted is 1.5 %
// of verdicts and a 90th percentile of 2.5 dB): at 12 km and 90 m cells
// the sweep raster changes 0.72 % of coverage verdicts, |ΔdBm| where
// within 20 dB of the threshold or above median 0.09, 90th percentile
// 1.6, 99th 22 dB, where judging every cell along its own radials
// (BestServerRaster without a Profiler) changes 0.84 %, 0.24 / 1.3 /
// 7.5 dB; at 30 km and 100 m cells (every 53rd cell) 0.76 % and 0.10 /
// 2.1 / 32 dB against 0.63 % and 0.30 / 1.5 / 16 dB: the 720 radials are
// 260 m apart at 30 km, and the largest errors are shadow edges between
// them. The sweep raster also fills cells the per-cell one leaves empty
// between a stopped and a running radial, nearly all of them more than
// 20 dB below the threshold.
//
// The two rasters err in different cells: at 12 km they disagree on
// 1.23 % of the cells, and both are wrong on 8 of the 68 cells where
// either is (TestRasterSweepAccuracy logs it), so their disagreement is
// close to the sum of their errors. Over the 200-site regency at 30 km
// and 100 m they disagree on 2.0 % of verdicts, which fits the same
// account (0.63 % and 0.76 % for one site at that radius, and a cell's
// best server chosen among several sites, each with its own errors); that
// run was not checked cell by cell against every cell's own profile, which
// takes hours.
//
// # Models
//
//   - radius: a site covers targets within its RadiusM (geodesic). A
//     sector (BeamwidthDeg set) covers only within BeamwidthDeg/2 of its
//     azimuth: the radius model has no side lobes.
//   - fspl: free-space basic transmission loss, ITU-R P.525-4 (2019) eq.
//     (8), Lbf = 32.45 + 20 log f(MHz) + 20 log d(km), with the constant
//     computed exactly as 20·log10(4π·10⁹/c) (P.525 rounds it to 32.4) and
//     d the slant range between the antenna heights.
//   - hata: Okumura-Hata, M. Hata, "Empirical formula for propagation
//     loss in land mobile radio services", IEEE Trans. Veh. Technol.
//     VT-29(3), 317–325, 1980:
//     L = 69.55 + 26.16 log f − 13.82 log hb − a(hm) + (44.9 − 6.55 log hb) log d,
//     a(hm) = (1.1 log f − 0.7) hm − (1.56 log f − 0.8) for small and
//     medium cities, 8.29 (log 1.54 hm)² − 1.1 (f ≤ 200 MHz) or
//     3.2 (log 11.75 hm)² − 4.97 (f ≥ 400 MHz) for large cities (split at
//     300 MHz here); suburban L − 2 (log(f/28))² − 5.4; open
//     L − 4.78 (log f)² + 18.33 log f − 40.94. The large-city correction
//     applies to the urban class only, as in Hata's paper. Valid for
//     150–1500 MHz, hb 30–200 m, hm 1–10 m, d 1–20 km. Above 1500 MHz the
//     hata model uses COST-231-Hata, the extension COST 231 made for it.
//   - cost231: COST-231-Hata, COST Action 231, "Digital mobile radio
//     towards future generation systems", final report, EUR 18957, 1999,
//     section 4.4.1: L = 46.3 + 33.9 log f − 13.82 log hb − a(hm) +
//     (44.9 − 6.55 log hb) log d + Cm, Cm = 0 dB for medium cities and
//     suburban centres, 3 dB for metropolitan centres (urban with
//     LargeCity); valid for 1500–2000 MHz. The report defines no open-area
//     variant; for open land Hata's open-area correction is applied as an
//     extrapolation.
//
// Outside a model's validity range the engine does not fail: frequency,
// antenna and receiver heights are clamped into the range, links shorter
// than 1 km use the loss at 1 km, and links longer than 20 km extrapolate
// the formula; each is counted and returned as a Warning, once per kind.
//
// Sectors lose the horizontal pattern attenuation of 3GPP TR 36.814
// V9.0.0 table A.2.1.1-2 (also TR 38.901 table 7.3-1):
// A(φ) = −min(12 (φ/φ3dB)², Am), Am = 25 dB, φ the angle off azimuth,
// φ3dB = BeamwidthDeg; a beamwidth of 0 or ≥ 360° is omnidirectional.
// Bearings are taken on the site's own local plane, within a small
// fraction of a degree of the geodesic azimuth inside 100 km.
//
// Received power = EIRP − path loss − pattern loss; a site covers a
// target when it is at least the threshold of the site's technology (or
// Params.ThresholdDBm). The best site is the strongest covering site
// (radius: the nearest covering one), ties broken by the smaller ID; when
// no site covers, the models report the strongest site within reach.
//
// # Distances and the index
//
// Every reported distance and every coverage decision uses the geodesic
// of package earth. To avoid computing it for every pair, each site gets a
// reach (its radius, or the distance where its loss uses up EIRP minus
// threshold, found by bisection on the monotonic loss and capped at
// Params.MaxReachM, 100 km by default) and the sites sit in a grid of
// metre cells on one earth.Local plane fitted at the centre of the data.
// The plane's distances are off by a factor bounded from the latitude
// band of the data (about 1.001 for a regency near the equator); queries
// are widened by that factor, decisions that the bound cannot settle are
// made with the geodesic, so the index never changes a result.
//
// # Targets
//
// A Point is judged at itself. A (Multi)Polygon is judged on the centres
// of a lattice of SampleM cells (aligned on the plane, the same for every
// polygon) that fall inside it, holes excluded; a polygon smaller than a
// cell is judged at one interior point. When settlement points are given
// and some fall inside the polygon, those are the samples instead,
// weighted by population. A (Multi)LineString is cut into pieces of at
// most SampleM and each piece is judged at its middle; the covered length
// is the sum of covered pieces. CoveredShare is the weighted covered
// fraction and Covered means CoveredShare ≥ MinShare (0.5 by default).
// For these, BestSite, SignalDBm and NSites describe the best sample and
// DistanceM is the smallest over the samples. Targets run in parallel;
// results do not depend on the number of workers.
//
// # Default technology table
//
// DefaultTechTable holds planning defaults, not measurements, for sites
// whose file gives no value. EIRPdBm is the EIRP of the signal the
// threshold is measured on, so the two always go together:
//
//	tech  band      EIRP     threshold            height  radius
//	2G    900 MHz   58 dBm   −95 dBm  (RxLev)     35 m    5 km
//	3G    900 MHz   48 dBm   −100 dBm (CPICH RSCP) 35 m   3 km
//	4G    1800 MHz  30 dBm   −110 dBm (RSRP)      35 m    3 km
//	5G    2300 MHz  30 dBm   −110 dBm (SS-RSRP)   30 m    1 km
//
// 2G: a 20 W (43 dBm) BCCH carrier into an 18 dBi sector antenna less
// about 3 dB of feeder; −95 dBm leaves 7 dB over the −102 dBm reference
// sensitivity of a GSM handset (3GPP TS 45.005) for body and fading
// loss. 3G: the CPICH takes about 10 % of a 20 W carrier (33 dBm), same
// antenna; −100 dBm RSCP is a common outdoor planning target. 4G: LTE
// band 3 (1800 MHz), the widest LTE layer in Indonesia; 40 W over 20 MHz
// is 46 − 10·log10(1200 subcarriers) ≈ 15 dBm per resource element, plus
// 18 dBi less 3 dB; −110 dBm RSRP is the usual outdoor cell-edge target
// (−105 dBm for comfortable data). 5G: NR on 2300 MHz (n40), Indonesia's
// first 5G band, with the same per-element EIRP; 2300 MHz lies above
// COST-231's range, so the Hata models clamp it to 2000 MHz (about 2 dB
// optimistic) and warn. Towers of 30–42 m are typical for rural macro
// sites (and within Hata's 30–200 m); the handset is at 1.5 m. The
// radius-model radii are typical rural cell ranges for those bands.
// Environment defaults to suburban: Kalimantan's plantations and forest
// attenuate more than Hata's open farmland.
//
// # Blank-spot areas
//
// BlankSpotAreas lays a lattice of square cells (500 m by default) over
// the study area, judges each cell at its centre, joins uncovered cells
// that share an edge (4-connectivity) and traces each group's outline
// from the cell edges, turning left where two cells meet only at a
// corner; a ring that would touch itself is split there, so the result is
// a valid polygon with holes (outer rings counter-clockwise, holes
// clockwise, RFC 7946).
//
// The tests check Hata and COST-231-Hata to 0.01 dB against the reference
// values of the ns-3 test suite (src/propagation/test/okumura-hata-test-
// suite.cc) and free space against its Friis test vectors; where ns-3's
// reference scripts depart from the published formulas (open area, and
// COST-231 large city) hand-computed values are used and the difference
// is explained in the test.
package coverage
