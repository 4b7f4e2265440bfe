// Package scenario runs kukarcli's planning scenarios: the layer between
// the command line and the engines.
//
// A scenario file (YAML, see Config) names the layers — villages, tower
// sites (with the year each went on air, or one file per year), village
// offices, economic centres, settlements, roads, rivers and facilities —
// with paths relative to the file, their field mappings, the coverage
// model, access speeds, priority weights, the years and the targets per
// indicator and year. An unknown key is an error that names its line.
//
// Run reads every layer once (Load), then Evaluate computes, year by year,
// the indicators against their targets (villages, village offices and
// economic centres with signal, population covered, blank-spot villages,
// road length covered) and, for the latest year, the access of every
// village, the priority ranking with its reasons, the kecamatan table,
// the proposed sites and the map layers. The result is a report.Report:
// plain data that pkg/report renders as HTML, Markdown or JSON.
//
// The same steps serve the single commands: ReadLayer and the roles
// (ResolveRoles: which field is a village's population, a site's
// technology), BuildSites, RunCoverage and RunAccess read files through
// pkg/geoio and hand orb geometries to pkg/coverage, pkg/access,
// pkg/priority and pkg/siting. Every skipped feature goes to a Log, which
// warns once per kind of problem and counts the rest.
//
// Nothing here writes files; notes go to the io.Writer the caller gives.
package scenario
