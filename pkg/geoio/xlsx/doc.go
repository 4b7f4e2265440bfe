// Package xlsx is the Excel driver of geoio, read and write, built on
// github.com/xuri/excelize/v2. It registers the format "xlsx" (title
// "Excel", ending .xlsx) and exports WriteWorkbook for workbooks of
// several tables (the report command's).
//
// Specification: ECMA-376 Office Open XML, Part 1 (SpreadsheetML: cell
// types, number formats, merged cells, panes) and Part 2 (the package of
// parts and relationships). excelize opens the package, resolves shared
// strings and gives the values as stored; this package walks each
// worksheet's XML once more for the cells' type and style attributes and
// the merged ranges, so that a sheet of 100,000 rows is read without the
// model excelize would build of it.
//
// # Reading
//
// Each sheet is a layer named after its tab. Open gives one reader per
// sheet that has cells and is not hidden; an empty or hidden sheet is
// named in a note instead. So a workbook with one table reads as it is,
// and --layer picks one of several (hidden sheets too). There is no
// default sheet when there are several: geoio.Open refuses with the list
// of sheets, as it does for any source of several layers, rather than
// read the first tab, which in official workbooks is often a cover or a
// summary; info lists every sheet.
//
// The header row is the first row with at least two thirds of the cells
// of the fullest row (all of them when it has one or two), so a title, a
// blank row or a note above the table is skipped and named in a note
// with its row and, for a merged title, its range. A header row that has
// merged cells is refused, naming the file, the sheet and the range: a
// merged name belongs to no one column. A first row holding numbers and
// no text is data, and the columns are field_1, field_2… Empty header
// cells are named field_N, N counting the table's columns from 1; names
// used twice get _2, _3… Every column with a name or a value is read.
// Rows without a value, trailing or not, are no records. A merged range
// below the header gives its value to every cell it covers (a kecamatan
// merged down over its villages belongs to each).
//
// Cells keep the types Excel stores. Numbers are integers when every
// number of the column is whole, reals otherwise; a number whose format
// is a date (the built-in date formats, or a custom format with y, d or
// a month) is a date, with its time of day when it has one (in the 1900
// or the 1904 system, as the workbook says), read as time.Time in UTC;
// a number formatted as a time of day only is the text hh:mm:ss;
// booleans are booleans, and so are LibreOffice's numbers formatted
// "TRUE";"TRUE";"FALSE". Text stays text whatever it looks like: 007,
// 64.02 and 64.02.06.1001 are codes, not numbers. A column takes the
// type of most of its cells (text on a tie); a column named as codes are
// (id, kode…, kd…, …_id, …_code) with numbers and text is text. A cell of
// another type than its column is reported as ProblemMixedTypes and the
// feature is used: text that is a plain integer ("12") is read as that
// number, true/false and ISO dates likewise, anything else ("n/a", "-")
// as empty. In a text column, numbers, dates and booleans are rendered
// as text, which loses nothing. Whitespace-only text is empty. A formula
// gives its cached result; a formula error (#DIV/0!, #N/A) is empty and
// noted once per column.
//
// The geometry comes from the columns the CSV driver knows: a WKT column
// (wkt, wkt_geom, geometry, geom, the_geom), else a longitude/latitude
// pair (lon, lng, longitude, bujur… with lat, latitude, lintang…), else
// x/y. Coordinates are numbers, or text holding one (a decimal comma
// accepted), counted as the repair "coordinates given as text". A row
// with one coordinate missing, a coordinate that is no number, or bad WKT
// is a problem, with the cell's reference, and is skipped. A column named
// id, fid, kode or cell gives the feature id.
//
// A file that is no workbook, a damaged or truncated one, a password or
// an old .xls are errors that say so, never a crash.
//
// # Writing
//
// A layer is written as a workbook of one sheet, named after the layer
// (characters Excel refuses become '_', cut to 31), with the properties
// in the layer's field order and the geometry as the CSV writer lays it
// out (WriteOptions.CSVGeometry): lon and lat columns last for points, a
// WKT column first for any geometry, lon/lat when left to choose and the
// first geometry is a point; a layer without any geometry has no geometry
// columns. Coordinates are rounded to WriteOptions.Precision decimals (7
// by default) and shown with all of them.
//
// Cells are typed: numbers, booleans, dates (as Excel date serials) and
// text, which is stored as text and formatted "@" so that a code keeps
// its zeros. The header row is bold and frozen in place. Number formats:
// integers "0" (15 digits never turn into 6.40206E+14); reals with the
// decimals the field declares or, when it declares none, the most its
// first 1000 values have (at most 10), General when they have none;
// thousands grouped (#,##0) in columns whose values reach 10,000, except
// codes (as above), cell identities (cell, eci, lac, tac, mcc, mnc…) and
// years (tahun, year); percentages for names ending in _share, which hold
// shares (0.853 shows as 85.3%), and _pct, which hold percentages (85.3
// shows as 85.3%, the number unchanged); dates yyyy-mm-dd, with hh:mm:ss
// when they have a time. Column widths fit the header and the widest of
// the first 1000 values, between 6 and 60 characters.
//
// Excel's limits are refused rather than cut: a text longer than 32,767
// characters (a long WKT polygon), more than 1,048,576 rows or 16,384
// columns. Integers beyond 2^53 are written as text, with a note: Excel
// keeps 15 digits of a number. The writer holds its first 1000 rows,
// then streams the sheet to a temporary file; Close writes the workbook
// to the writer it was given (the caller makes the file atomic), and
// Abort drops everything.
package xlsx
