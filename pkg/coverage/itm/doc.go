// Package itm is the Longley-Rice Irregular Terrain Model (ITM), version
// 1.2.2, in point-to-point mode (over a terrain profile) and area mode
// (over terrain described by Δh alone), plus the knife-edge helpers of the
// fast "los-ked" model: Fresnel-zone clearance and Deygout diffraction with
// ITU-R P.526's J(ν).
//
// It is pure computation: no files, no I/O, no goroutines. Profiles come
// from the caller (pkg/geoio samples them from a DEM).
//
// Radial runs P2P over every prefix of one profile, as a coverage sweep
// judges the nodes of a radial, with the profile analysis made
// incremental (running sums for the mean elevation and the fitted lines,
// an upper envelope of the transmitter's sample angles, a bounded search
// for the receiver's horizon): the same formulas, the same values up to
// rounding (TestRadialMatchesP2P). Δh's two deciles are found by a
// bucketed selection, exact, instead of the algorithm's sort.
//
// # Sources
//
//   - G. A. Hufford, "The ITS Irregular Terrain Model, version 1.2.2: The
//     Algorithm", NTIA/ITS (1995), cited as "Algorithm" in comments: the
//     preparation of parameters (section 2: Ns = N0·exp(−zs/9460 m),
//     γe = 157e-9·(1 − 0.04665·exp(Ns/179.3)), Zg from εr + iZ0σ/k),
//     the profile analysis (section 3: horizons, Δh as the interdecile
//     range about a least-squares line, effective heights), the reference
//     attenuation (section 4: the two-ray line-of-sight region, the
//     diffraction region as a weighted sum of double knife-edge and Vogler
//     smooth-earth diffraction plus the clutter term, the forward-scatter
//     region with H0 and F(θd)), and the variability (section 5: climate
//     curves for Vmed, σT−, σT+, the location and situation deviations,
//     the four variability modes).
//   - G. A. Hufford, A. G. Longley, W. A. Kissick, "A Guide to the Use of
//     the ITS Irregular Terrain Model in the Area Prediction Mode", NTIA
//     Report 82-100 (1982): area mode, siting criteria, suggested N0 and
//     ground constants per climate, typical Δh.
//   - NTIA/ITS's reference release of ITM (v1.4, documentation of its
//     inputs, return codes and warning flags): the input limits, the
//     warning bit values and the reference vectors in testdata (see
//     testdata/LICENSE-NTIA.md). Where the release spells a constant
//     differently from the 1.2.2 algorithm (e.g. 0.04·f for 1.908·k), the
//     two are the same number and the algorithm's form is used.
//   - M. Abramowitz, I. A. Stegun, Handbook of Mathematical Functions,
//     eq. 26.2.23: the inverse normal deviate the algorithm specifies.
//   - ITU-R P.526-15, "Propagation by diffraction": ν = h·√(2/λ·(1/d1 +
//     1/d2)) (eq. 26), J(ν) = 6.9 + 20 log10(√((ν−0.1)²+1) + ν − 0.1) for
//     ν > −0.78 (eq. 31), the first Fresnel zone radius (eq. 2).
//   - J. Deygout, "Multiple knife-edge diffraction of microwaves", IEEE
//     Trans. Antennas Propag. AP-14(4), 480–489 (1966): the principal-edge
//     construction, limited here to three edges.
//   - Earth bulge d1·d2/(2·k·a) with a = 6371 km (ITU-R P.452).
//
// # Conformance
//
// The tests reproduce NTIA's reference vectors: every row of p2p.csv
// (profiles from pfls.csv) within 0.005 dB and every row of area.csv
// within 0.05 dB, half the step each is printed to, and the worked examples o_p2ptls.txt and
// o_areatls.txt, intermediate values included, to their printed precision.
//
// # What it does not do
//
// No ITWOM or other post-1.2.2 variants, no clutter or building losses
// beyond ITM's own terms, no antenna patterns. Mode is ITM's propagation
// mode, decided from the smooth-earth horizons of the effective heights:
// a short path over a ridge can be "line of sight" with most of its loss
// from diffraction; Intermediate.ProfileObstructed says whether the terrain
// actually cuts the ray. DeygoutLossDB is the plain three-edge Deygout
// construction without the empirical corrections of later
// recommendations.
package itm
