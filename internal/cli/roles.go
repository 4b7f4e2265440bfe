package cli

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// A role is what a column means to an analysis (a village's population, a
// site's technology). Roles are found from common field names — generic
// English, Kemendagri (kode/nama), BIG/RBI (KDEPUM, WADMKD, WADMKC, NAMOBJ),
// BPS (KDDESA, NMDESA, penduduk), OpenCelliD (radio, range) — or mapped
// with --field role=NAME. What was chosen is printed on stderr, so a wrong
// guess is seen, not silently used.
type role struct {
	Name  string
	Names []string // candidate field names, best first, compared case-insensitively
}

var targetRoles = []role{
	{"id", []string{"id", "kode", "kode_desa", "kdepum", "kddesa", "kode_nodot", "fid", "objectid"}},
	{"name", []string{"name", "nama", "nama_desa", "wadmkd", "nmdesa", "namobj", "desa", "village"}},
	{"kecamatan", []string{"kecamatan", "nama_kec", "wadmkc", "nmkec", "kec", "district", "kode_kec"}},
	{"population", []string{"population", "pop", "penduduk", "jumlah_penduduk", "jml_pddk", "jiwa", "jumlah_pen"}},
	{"village_office", []string{"village_office", "kantor_desa", "office", "is_office"}},
	{"economic_centre", []string{"economic_centre", "economic_center", "pusat_ekonomi", "market", "pasar"}},
	{"public_service", []string{"public_service", "layanan_publik", "service"}},
}

var siteRoles = []role{
	{"id", []string{"id", "site_id", "site", "cell", "cell_id", "name"}},
	{"tech", []string{"tech", "technology", "radio", "teknologi", "generation"}},
	{"radius_m", []string{"radius_m", "range", "radius", "range_m"}},
	{"height_m", []string{"height_m", "height", "tinggi", "antenna_height"}},
	{"freq_mhz", []string{"freq_mhz", "frequency", "freq", "frekuensi"}},
	{"eirp_dbm", []string{"eirp_dbm", "eirp"}},
	{"azimuth_deg", []string{"azimuth_deg", "azimuth", "azimut"}},
	{"beamwidth_deg", []string{"beamwidth_deg", "beamwidth"}},
	{"operator", []string{"operator", "net", "mnc", "provider"}},
	{"year", []string{"year", "tahun", "on_air", "year_on_air"}},
}

// roleMap is the chosen field name for each role ("" when absent).
type roleMap map[string]string

// parseFieldFlags reads repeated --field role=NAME values.
func parseFieldFlags(vals []string, known []role) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range vals {
		k, name, ok := strings.Cut(v, "=")
		if !ok || k == "" || name == "" {
			return nil, usagef("--field %q: want role=FIELD", v)
		}
		found := false
		for _, r := range known {
			if r.Name == k {
				found = true
			}
		}
		if !found {
			var names []string
			for _, r := range known {
				names = append(names, r.Name)
			}
			return nil, usagef("--field %q: unknown role %q (roles: %s)", v, k, strings.Join(names, ", "))
		}
		out[k] = name
	}
	return out, nil
}

// resolveRoles picks a field for each role from the fields a layer has.
func resolveRoles(fields []string, roles []role, explicit map[string]string, file string) (roleMap, error) {
	have := map[string]string{}
	for _, f := range fields {
		have[strings.ToLower(f)] = f
	}
	m := roleMap{}
	used := map[string]bool{}
	for _, r := range roles {
		if name, ok := explicit[r.Name]; ok {
			real, ok := have[strings.ToLower(name)]
			if !ok {
				return nil, fmt.Errorf("%s: --field %s=%s: no such field (fields: %s)", file, r.Name, name, strings.Join(fields, ", "))
			}
			m[r.Name] = real
			used[real] = true
		}
	}
	for _, r := range roles {
		if _, ok := m[r.Name]; ok {
			continue
		}
		for _, c := range r.Names {
			if real, ok := have[c]; ok && !used[real] {
				m[r.Name] = real
				used[real] = true
				break
			}
		}
	}
	return m, nil
}

// describeRoles prints the chosen roles on one line.
func describeRoles(w io.Writer, what, file string, m roleMap, roles []role) {
	var parts []string
	for _, r := range roles {
		if f := m[r.Name]; f != "" {
			parts = append(parts, r.Name+"="+f)
		}
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		parts = []string{"none found"}
	}
	fmt.Fprintf(w, "%s %s: roles %s\n", what, file, strings.Join(parts, ", "))
}

// propString reads a role's value as text.
func propString(p geoio.Properties, field string) string {
	if field == "" {
		return ""
	}
	v, _ := p.Get(field)
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	}
	return geoio.FormatID(v)
}

// propFloat reads a role's value as a number; ok is false when absent or
// not numeric.
func propFloat(p geoio.Properties, field string) (float64, bool) {
	if field == "" {
		return 0, false
	}
	v, _ := p.Get(field)
	switch v := v.(type) {
	case int64:
		return float64(v), true
	case float64:
		return v, true
	case string:
		// a decimal comma is read as a point (Indonesian spreadsheets)
		f, err := strconv.ParseFloat(strings.TrimSpace(strings.ReplaceAll(v, ",", ".")), 64)
		if err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, true
		}
	}
	return 0, false
}

// propBool reads a flag role: true, 1, "ya"/"yes"/"y"/"true".
func propBool(p geoio.Properties, field string) bool {
	if field == "" {
		return false
	}
	v, _ := p.Get(field)
	switch v := v.(type) {
	case bool:
		return v
	case int64:
		return v != 0
	case float64:
		return v != 0
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "1", "true", "t", "yes", "y", "ya", "ada":
			return true
		}
	}
	return false
}
