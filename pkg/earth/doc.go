// Package earth is the program's one earth model: the WGS 84 ellipsoid,
// geodesic distance on it, and a local metric plane for spatial indexing.
//
// Distances are geodesics on WGS 84 computed with Vincenty's inverse
// formula (T. Vincenty, "Direct and inverse solutions of geodesics on the
// ellipsoid with application of nested equations", Survey Review 23(176),
// 1975), accurate to well under a millimetre for the distances this
// program handles. For the rare nearly antipodal pairs where the iteration
// does not converge, the spherical great-circle distance on the mean
// radius is returned instead (error under 0.5 %), which never matters for
// coverage or travel within one regency.
//
// ShortDistanceM gives the same distances for the many short segments of
// a road network at a fifth of the cost: from the chord between the two
// points' earth-centred coordinates it takes the arc of the circle whose
// radius is Euler's radius of curvature in the chord's azimuth,
// 1/R = cos²α/M + sin²α/N (R. H. Rapp, "Geometric Geodesy, Part I", Ohio
// State University, 1991, ch. 3), s = 2R·asin(c/2R) expanded as
// c + c³/(24R²) + 3c⁵/(640R⁴). Below 20 km the difference from the
// geodesic is far under a micrometre; against Inverse it stays within
// Inverse's own iteration tolerance (6 µm at most over 200,000 random
// pairs, TestShortDistanceMatchesInverse). Longer pairs go to Inverse.
//
// Local is an equirectangular plane fitted at an origin with the
// ellipsoid's meridional and prime-vertical radii of curvature there
// (see e.g. J. P. Snyder, "Map Projections: A Working Manual", USGS PP
// 1395, 1987, for the radii). Near the equator its distance error stays
// below 0.05 % within 100 km of the origin (measured in TestLocalError);
// it grows with latitude, so it is used to index and prefilter, and final
// distances come from DistanceM.
//
// The package does not reproject between CRSs (that is geoio's job) and
// knows nothing of files.
package earth
