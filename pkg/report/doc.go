// Package report renders analysis results for people and for other
// programs: terminal tables (the only place that uses tablewriter), CSV
// and JSON records and Markdown tables, and the RPJMD progress report
// (rpjmd*.go) as one self-contained HTML file with inline SVG maps and
// charts, as Markdown and as JSON, in Bahasa Indonesia or English from one
// message catalogue (i18n.go). Geographic formats (GeoJSON,
// shapefile, KML) are written by geoio; report renders the same rows, so
// every format carries the same values.
//
// Values are formatted once, here, with a fixed number of decimals per
// column, so output is byte-identical for identical input.
//
// Columns holds a table by column, each in one typed slice, for rows too
// many to box value by value (coverage's rows): it writes the same CSV and
// JSON as the Table of the same values, and a Table for the other formats.
// CSV fields are quoted as RFC 4180 and Go's encoding/csv quote them
// (FuzzCSVField holds the two to the same bytes).
package report
