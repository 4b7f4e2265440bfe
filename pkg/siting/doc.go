// Package siting proposes where new tower sites should go: among
// candidate places, the few that cover the most population not yet
// served, with existing sites kept fixed.
//
// It works on orb geometries in WGS 84 longitude/latitude and knows
// nothing of files.
//
// # The problem
//
// Demand is a set of weighted points (settlements, village points, or
// sample points inside village polygons, each tagged with its village).
// Existing reports which of them existing sites already cover, by running
// coverage.Evaluate. Each candidate covers a set of the remaining points:
// those a site built from Params.NewSite at the candidate would cover
// under Params.Coverage. Choosing k candidates to maximise the covered
// weight is the maximal covering location problem (R. Church and C.
// ReVelle, "The maximal covering location problem", Papers of the
// Regional Science Association 32, 101–118, 1974), NP-hard; the covered
// weight is a monotone submodular function of the chosen set.
//
// # Coverage sets
//
// A candidate covers a point exactly when coverage.Evaluate would say a
// site with the template's parameters at the candidate covers it: the
// same defaults, clamping of Hata's validity ranges, loss formulas
// (coverage.HataLossDB, coverage.FreeSpaceLossDB), sector pattern
// (coverage.PatternLossDB) and geodesic (earth.DistanceM); the template is
// validated by coverage.Evaluate itself. TestModelMatchesCoverage checks
// every model against coverage.Evaluate point by point. The one
// difference: coverage excludes targets beyond MaxReachM by a plane
// estimate, this package by the geodesic, so the two may disagree within
// about 0.1 % of MaxReachM (100 km by default) when a model's reach is
// capped there.
//
// The points are indexed in a grid on one earth.Local plane; each
// candidate queries its reach widened by the plane's error bound, and
// the model confirms every hit. Sets are built in parallel over chunks of
// candidates and joined in candidate order, stored as compressed sparse
// rows (offsets and int32 indices), so they do not depend on the number
// of workers.
//
// The terrain models (itm, los-ked) need a terrain profile for every
// link, which only coverage reads: there the template is put at every
// candidate and coverage.CoveringSites judges each link as
// coverage.Evaluate would, returning for every demand point the
// candidates that cover it; those lists are turned into the candidates'
// sets. Such a run costs a profile and a propagation model per candidate
// and demand point within reach (up to MaxReachM), as coverage does per
// site.
//
// # Greedy
//
// Solve runs the lazy greedy of J. Leskovec, A. Krause, C. Guestrin, C.
// Faloutsos, J. VanBriesen and N. Glance, "Cost-effective outbreak
// detection in networks", KDD 2007 (CELF): candidates wait in a priority
// queue keyed by their marginal gain as last computed; the top is
// recomputed, and accepted when it is still on top with a fresh gain. By
// submodularity a stale gain only overestimates, so this picks what the
// plain greedy picks: at each step the candidate covering the most
// still-uncovered weight, ties to the smaller ID. It stops at K picks,
// when existing plus new sites cover TargetShare of all demand weight,
// or when no candidate adds anything (then the result is optimal: every
// coverable point is covered).
//
// # How far from the best
//
// G. L. Nemhauser, L. A. Wolsey and M. L. Fisher, "An analysis of
// approximations for maximizing submodular set functions — I",
// Mathematical Programming 14, 265–294, 1978, show that greedy's k sites
// cover at least 1 − (1 − 1/k)^k ≥ 1 − 1/e ≈ 0.632 of the best k sites'
// weight (GuaranteeRatio, giving ClassicBound = greedy / ratio), and that
// for any set S the optimum is at most f(S) plus the k largest marginal
// gains with respect to S. DataBound takes the smallest such value over
// the empty set, every greedy step (when K ≤ 1000; the queue's keys are
// valid gain bounds there) and the final set. When C(n, k) ≤ ExactLimit,
// n the candidates covering anything, a branch and bound over the
// candidates in decreasing singleton gain finds the exact optimum (a
// branch is cut when its weight plus the largest singleton gains left
// cannot beat the best set so far, which starts as the plan itself).
// Gap = (bound − plan) / bound, with the exact optimum as the bound when
// known.
//
// # Improvement
//
// With Improve, a swap pass exchanges one chosen candidate for an
// unchosen one while that raises the covered weight (by more than 10⁻⁹ of
// the total, so rounding cannot cycle): each round applies the best
// exchange (largest rise; ties to the earliest chosen site in the current
// order, then the smaller ID), at most MaxSwaps times. The picks are then
// reordered by running the plain greedy inside the final set, so each
// site's gain is what it adds to the sites ranked before it, as in the
// greedy's own report. The bounds stay those of the greedy run plus the
// final set's data bound; all bound the same optimum.
//
// # Zones
//
// A zone (village) counts as covered when its covered weight share
// reaches Coverage.MinShare (0.5 by default), coverage's rule for sampled
// polygons; a zone of zero weight counts its points. Each pick reports
// the zones it brings over that line; ZonesLeft are those still below it.
//
// # What it does not do
//
// No terrain, clutter or line of sight beyond what the coverage models
// carry (the terrain models carry them); no interference, capacity, backhaul or cost per site (every
// candidate costs the same); no new sites' effect on one another beyond
// overlapping coverage. Candidates come from the caller, or from
// GridCandidates (cell centres inside an area) less ExcludeCandidates.
package siting
