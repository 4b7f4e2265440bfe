package xlsx

import "strings"

// Column names that carry the geometry or the id, lower case, as the CSV
// driver knows them: a WKT column, else a longitude/latitude pair, else
// x/y.
var (
	lonNames = []string{"lon", "lng", "long", "longitude", "lon_dd", "lng_dd", "long_dd",
		"longitude_dd", "bujur", "lon_deg", "longitude_deg"}
	latNames = []string{"lat", "latitude", "lat_dd", "latitude_dd", "lintang", "lat_deg",
		"latitude_deg"}
	xNames   = []string{"x", "xcoord", "x_coord", "point_x", "coord_x"}
	yNames   = []string{"y", "ycoord", "y_coord", "point_y", "coord_y"}
	wktNames = []string{"wkt", "wkt_geom", "geometry", "geom", "the_geom"}
	idNames  = []string{"id", "fid", "kode", "cell"}
)

// findColumn gives the index of the first of wanted (in its order) among
// names, case-insensitive, or -1.
func findColumn(names []string, wanted []string) int {
	for _, w := range wanted {
		for i, n := range names {
			if strings.EqualFold(n, w) {
				return i
			}
		}
	}
	return -1
}

// isCodeName says a column holds codes by its name: id, kode…, kd…
// (KDEPUM, KDDESA), code…, …_id, …_code. A code column with numbers and
// text is read as text; the writer groups no thousands in it.
func isCodeName(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	switch {
	case n == "id", n == "fid", n == "code", n == "kode":
		return true
	case strings.HasPrefix(n, "kode"), strings.HasPrefix(n, "code_"),
		strings.HasSuffix(n, "_id"), strings.HasSuffix(n, "_code"), strings.HasSuffix(n, "_kode"):
		return true
	case len(n) > 2 && strings.HasPrefix(n, "kd") && n[2] >= 'a' && n[2] <= 'z':
		return true
	}
	return false
}

// ungrouped says the writer must not group the thousands of a number
// column: codes, cell identities (OpenCelliD's mcc, net, area, cell and
// their LTE/NR names) and years are numbers that are read digit by digit.
func ungrouped(name string) bool {
	if isCodeName(name) {
		return true
	}
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "cell", "cid", "ci", "eci", "nci", "enb", "gnb", "lac", "tac", "area", "net",
		"mcc", "mnc", "pci", "psc", "no", "nomor", "nr":
		return true
	}
	for _, y := range []string{"year", "tahun"} {
		if n == y || strings.HasPrefix(n, y+"_") || strings.HasSuffix(n, "_"+y) {
			return true
		}
	}
	return false
}
