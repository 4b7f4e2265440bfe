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
// site built from Params.NewSite at the candidate covers it: the sets come
// from coverage.CoveringSites, which judges every link with coverage's
// own engine (defaults, the clamping of Hata's validity ranges, loss
// formulas, sector patterns, terrain profiles for itm and los-ked) and
// lists, for every demand point, the candidates covering it; those lists
// are turned into the candidates' sets, stored as compressed sparse rows
// (offsets and int32 indices). The template is validated by
// coverage.Evaluate itself, and TestModelMatchesCoverage checks every
// model against it point by point. The terrain models cost a profile and a
// propagation model per candidate and demand point within reach (up to
// MaxReachM), as coverage does per site.
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
// carry (itm and los-ked carry terrain); no interference, capacity, backhaul or cost per site (every
// candidate costs the same); no new sites' effect on one another beyond
// overlapping coverage. Candidates come from the caller, or from
// GridCandidates (cell centres inside an area) less ExcludeCandidates.
package siting
