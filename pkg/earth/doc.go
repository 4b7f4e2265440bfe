// Package earth is the program's one earth model: the WGS 84 ellipsoid,
// geodesic distance on it, and a local metric plane for spatial indexing.
//
// Distances are geodesics on WGS 84. Beyond 20 km they come from
// Vincenty's inverse formula (T. Vincenty, "Direct and inverse solutions
// of geodesics on the ellipsoid with application of nested equations",
// Survey Review 23(176), 1975), accurate to well under a millimetre for
// the distances this program handles. For the rare nearly antipodal pairs
// where the iteration does not converge, the spherical great-circle
// distance on the mean radius is returned instead (error under 0.5 %),
// which never matters for coverage or travel within one regency.
//
// Up to 20 km (road segments, most site-to-village distances) they come
// from the chord between the two points' earth-centred coordinates, made
// an arc of the circle whose radius is Euler's radius of curvature in the
// chord's azimuth, 1/R = cos²α/M + sin²α/N (R. H. Rapp, "Geometric
// Geodesy, Part I", Ohio State University, 1991, ch. 3):
// s = 2R·asin(c/2R), expanded as c + c³/(24R²) + 3c⁵/(640R⁴). At these
// lengths the normal section and the geodesic differ by far less than a
// micrometre. Against Vincenty's iteration the two agree within that
// iteration's own tolerance (it stops when λ moves less than 1e-12 rad,
// micrometres on the ground): 6.3 µm at most over 200,000 random pairs
// (TestShortDistanceMatchesInverse). DistanceM then takes 75 ns against
// Vincenty's 307 ns, and on points prepared once (Cart, a vertex of a
// polyline serving both its segments) 13 ns, plus 28 ns to prepare each
// (BenchmarkDistance, pairs 0.1–10 km apart). Inverse gives the same distance as
// DistanceM, with Vincenty's azimuth; ShortInverse gives, up to 20 km,
// the azimuth of the chord in the first point's horizon (the normal
// section's, within 1e-6° of the geodesic's,
// TestShortInverseMatchesInverse), for the bearings of sector antennas.
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
