// Package priority ranks villages for connection: which should get mobile
// signal first, why, and by what kind of site.
//
// It takes facts already computed per village (coverage share and
// verdict, kantor desa and economic centres without signal, travel time,
// land access, distance to the nearest site, what a new site would serve)
// and turns them into a score with every term shown, a one-sentence
// reason and a recommended intervention. It also totals the ranking per
// kecamatan.
//
// # What it does not do
//
// It computes no coverage, travel time or site gain itself (packages
// coverage and access do, and the command line joins them), reads no
// files and renders nothing: reasons are given both as an English
// sentence and as data (ReasonPart) for renderers in other languages. It
// prices nothing: the intervention is a planning class, not a costed
// design, and the score is a ranking aid, not a measure of need in any
// absolute unit.
//
// # Score
//
// The construction follows the OECD/JRC Handbook on Constructing Composite
// Indicators: Methodology and User Guide (M. Nardo, M. Saisana,
// A. Saltelli, S. Tarantola, A. Hoffmann, E. Giovannini; OECD, 2008,
// ISBN 978-92-64-04345-9): min–max normalisation (step 5) and linear
// weighted aggregation (step 6). For factor k and village i,
//
//	norm_ik = (x_ik − min_j x_jk) / (max_j x_jk − min_j x_jk)
//	score_i = Σ_k w_k · norm_ik
//
// with min and max over the villages given to Rank (all of them, covered
// or not) whose value is known. When every known value is equal the
// factor does not separate villages and its norm is 0 for all. A village
// whose value is unknown gets norm 0: no evidence adds no priority. The
// one exception is remoteness: a village from which no facility can be
// reached at all (Village.Unreachable) gets norm 1, as remote as the most
// remote reachable village, and its raw value stays NaN. Linear
// aggregation is compensatory, as the Handbook warns: a large value in
// one factor makes up for small values in others; that is intended here
// (many people without signal can outrank an office without signal), and
// the weights say by how much.
//
// The factors, in the fixed order of Ranked.Factors:
//
//  1. uncovered_population: Population × (1 − CoveredShare), people.
//     When no village has a known population above 0 the factor is
//     uncovered_share, 1 − CoveredShare, and its unit is "share".
//  2. office_without_signal: 1 when the kantor desa has no signal.
//  3. economic_without_signal: 1 when an economic or public-service
//     centre has no signal.
//  4. remoteness: travel time in seconds to the village's kecamatan
//     centre (else the nearest facility); longer is more remote.
//  5. no_land_access: 1 when no facility can be reached by road or
//     footpath; unknown when access was not computed.
//  6. distance_to_site: metres to the nearest existing site. Farther
//     means the village sits deeper in a blank spot, where no tuning or
//     upgrade of an existing site will reach it.
//  7. gain_per_site: people a new site at the village would newly serve.
//
// Every factor raises priority as it grows. A factor with weight 0 adds
// nothing and is still reported with its raw and normalised values.
//
// Order: uncovered villages before covered ones (Village.Covered), then
// score descending, then village ID in byte order, then input order, so
// the ranking is the same on every run.
//
// # Default weights
//
// The regency's RPJMD 2021–2026 target "Kukar Tanpa Blank Spot" names
// three things that must have signal: every kantor desa, every
// settlement and every economic service centre. The defaults follow that
// order and sum to 1, so a default score lies in 0..1:
//
//	office_without_signal    0.30  the village government is the named
//	                               target and the access point for
//	                               e-government; one per village, so
//	                               each office is a whole village's link
//	uncovered_population     0.25  people without signal, the size of
//	                               the need
//	economic_without_signal  0.15  markets, health and public-service
//	                               centres serve people beyond the village
//	gain_per_site            0.10  what one new site would achieve; it
//	                               favours sites that also reach
//	                               neighbours
//	remoteness               0.10  the more isolated, the more the
//	                               village depends on a phone for health
//	                               and emergencies
//	no_land_access           0.05  isolation again, already partly in
//	                               remoteness, hence small
//	distance_to_site         0.05  deep blank spots: a tie-breaker among
//	                               otherwise similar villages
//
// These are planning judgements, not measured quantities; a planning team
// changes them in a weights file (ParseConfig).
//
// # Weights file
//
// A YAML mapping of weight keys to numbers, with an optional thresholds
// mapping; keys left out keep their defaults:
//
//	office_without_signal: 0.4
//	distance_to_site: 0
//	thresholds:
//	  macro_min_population: 1500
//	  vsat_travel_time_s: 10800
//
// An unknown or repeated key, a value that is not a number, a negative or
// NaN value, or an infinite weight is an error naming the line. A
// threshold may be .inf, which disables its rule.
//
// # Intervention
//
// For each village, in this order:
//
//   - none: the village is covered and so are its office and economic
//     centres.
//   - vsat: no facility is reachable, or there is no land access, or the
//     travel time exceeds Thresholds.VSATTravelTimeS.
//   - small_cell: the village is covered but its office or an economic
//     centre is not: a small site there, not a tower for the village.
//   - macro_bts: the population is at least Thresholds.MacroMinPopulation.
//   - small_cell: otherwise.
//
// Land access not computed counts as land access, since nothing says
// otherwise; an unknown population never justifies a macro BTS.
//
// The reasoning, stated as planning assumptions:
//
//   - A macro BTS is a tower of tens of metres on its own plot with power
//     and terrestrial backhaul (microwave or fibre). BAKTI's BTS programme
//     for 3T villages describes 42–72 m towers on a 20 m × 20 m plot given
//     by the village, powered by solar, hybrid or grid supply, with
//     microwave, fibre or VSAT backhaul. Trucks, cranes and regular fuel
//     and maintenance visits need a road; the cost is only justified by
//     enough users, hence the population threshold. The default of 1,000
//     inhabitants is a planning assumption: a Kukar desa averages about
//     3,000 people (some 730,000 at the BPS 2020 census over 237 desa and
//     kelurahan), so the threshold
//     marks the small hamlets and dusun-sized villages where a macro tower
//     would be mostly idle.
//   - A small cell (a low-power base station on a pole or building) costs
//     a fraction of a macro site and covers a village core; it still
//     needs backhaul and maintenance, which land access provides.
//   - Without land access, or far out, building and servicing a
//     terrestrial link is impractical: a satellite-backhauled access point
//     (VSAT, or a small cell on satellite backhaul) is what remains.
//     BAKTI has said that most of its access and BTS backhaul links in 3T
//     areas run over satellite because terrestrial networks do not reach
//     them. The default of 4 hours (14,400 s) is a planning assumption: a
//     technician cannot reach the site, work and return within a working
//     day, so a site needing frequent visits is not maintainable from the
//     kecamatan centre.
//
// # Reason
//
// A covered village's reason is "covered". Otherwise the two largest
// positive contributions, ties in factor order, are worded as
// "2,310 people without signal; kantor desa without signal"; an
// unreachable village's remoteness reads "no facility reachable"; when no
// contribution is positive the reason is "no signal". ReasonParts carry
// the same choice as factor keys and raw values.
//
// # Kecamatan summary
//
// SummariseByKecamatan counts villages, covered villages and blank-spot
// villages (not covered, as the regency counts its 19 of 237), sums known
// populations and covered population (population × covered share),
// counts kantor desa with and without signal, averages known travel times
// and names the best-ranked uncovered village.
package priority
