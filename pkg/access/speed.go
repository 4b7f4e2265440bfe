package access

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Mode is the kind of a network line: how it is travelled.
type Mode uint8

// Line kinds. Road and Walk lines form the land network, River and Ferry
// lines the water network; a path crossing from land to water pays the
// boarding penalty (see the package documentation).
const (
	Road Mode = iota
	River
	Ferry
	Walk
	// transfer is the internal zero-length edge joining a land node and a
	// water node at the same place (a landing).
	transfer
)

// String names the mode as it appears in output.
func (m Mode) String() string {
	switch m {
	case Road:
		return "road"
	case River:
		return "river"
	case Ferry:
		return "ferry"
	case Walk:
		return "walk"
	case transfer:
		return "transfer"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

func (m Mode) water() bool { return m == River || m == Ferry }

// SpeedTable maps a road class to a speed in km/h. Keys are OSM highway
// values (motorway, track, path…) and Indonesian road classes (nasional,
// provinsi, kabupaten, desa, arteri, kolektor…); lookups ignore case, a
// leading "jalan " and the difference between "_" and " ". The key
// "default" is used for classes not in the table, and "ferry" for ferry
// lines without a duration or explicit speed.
type SpeedTable map[string]float64

// DefaultSpeeds returns the planning defaults documented in the package
// documentation. They are travel speeds on rural East Kalimantan roads,
// not legal limits; replace them when local survey speeds are known.
func DefaultSpeeds() SpeedTable {
	return SpeedTable{
		// OSM highway values (wiki Key:highway).
		"motorway":       80,
		"motorway_link":  50,
		"trunk":          60,
		"trunk_link":     40,
		"primary":        50,
		"primary_link":   35,
		"secondary":      40,
		"secondary_link": 30,
		"tertiary":       35,
		"tertiary_link":  25,
		"unclassified":   25,
		"residential":    25,
		"road":           25,
		"living_street":  10,
		"service":        15,
		"track":          15,
		"path":           5,
		"bridleway":      4,
		"cycleway":       10,
		"footway":        4,
		"pedestrian":     4,
		"steps":          2,
		"ferry":          10,
		// Road status (UU 38/2004 Jalan, PP 34/2006 Jalan).
		"nasional":   50,
		"provinsi":   40,
		"kabupaten":  30,
		"kota":       30,
		"desa":       20,
		"khusus":     20,
		"lingkungan": 15,
		"setapak":    5,
		// Road function (PP 34/2006): minimum primary design speeds.
		"arteri":   60,
		"kolektor": 40,
		"lokal":    20,
		"default":  20,
	}
}

// normClass brings a class name to the table's key form.
func normClass(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "jalan ")
	s = strings.TrimPrefix(s, "jalan_")
	return strings.TrimSpace(strings.ReplaceAll(s, " ", "_"))
}

// Lookup returns the speed for a class, falling back to "default".
func (t SpeedTable) Lookup(class string) (kmh float64, ok bool) {
	if len(t) == 0 {
		return 0, false
	}
	k := normClass(class)
	if v, ok := t[k]; ok {
		return v, true
	}
	if v, ok := t.normalised()[k]; ok {
		return v, true
	}
	if v, ok := t["default"]; ok {
		return v, true
	}
	return 0, false
}

// normalised returns the table with normalised keys ("Jalan Desa" →
// "desa"). When two keys normalise alike, the one sorting last wins, so
// the result never depends on map order.
func (t SpeedTable) normalised() SpeedTable {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	n := make(SpeedTable, len(t))
	for _, k := range keys {
		n[normClass(k)] = t[k]
	}
	return n
}

// ParseMaxspeed reads an OSM maxspeed value (wiki Key:maxspeed): a number
// in km/h, optionally followed by "km/h", "kmh", "kph", "mph" or "knots".
// Symbolic values ("none", "signals", "walk", zone codes like "ID:urban")
// and lists ("50;30") are not speeds and give ok = false.
func ParseMaxspeed(s string) (kmh float64, ok bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "" {
		return 0, false
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i == 0 {
		return 0, false
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, false
	}
	switch unit := strings.TrimSpace(s[i:]); unit {
	case "", "km/h", "kmh", "kph", "km/j", "kmj":
	case "mph":
		v *= 1.609344 // international mile, exact
	case "knots", "kn":
		v *= 1.852 // international nautical mile, exact
	default:
		return 0, false
	}
	if v <= 0 || v > 400 || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// ParseOSMDuration reads an OSM duration value (wiki Key:duration):
// "mm", "hh:mm", "hh:mm:ss", or ISO 8601 "PnDTnHnMnS" (e.g. "PT1H30M").
// Minutes and seconds after a colon must be below 60.
func ParseOSMDuration(s string) (seconds float64, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if s[0] == 'P' || s[0] == 'p' {
		return parseISODuration(strings.ToUpper(s))
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return 0, false
	}
	vals := make([]float64, len(parts))
	for i, p := range parts {
		if p == "" {
			return 0, false
		}
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return 0, false
		}
		if i > 0 && v >= 60 {
			return 0, false
		}
		vals[i] = v
	}
	var sec float64
	switch len(vals) {
	case 1:
		sec = vals[0] * 60
	case 2:
		sec = vals[0]*3600 + vals[1]*60
	case 3:
		sec = vals[0]*3600 + vals[1]*60 + vals[2]
	}
	return sec, true
}

// parseISODuration reads the day and time parts of an ISO 8601 duration;
// years, months and weeks have no fixed length and are refused.
func parseISODuration(s string) (float64, bool) {
	s = s[1:]
	inTime := false
	var sec float64
	any := false
	num := ""
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9' || c == '.' || c == ',':
			if c == ',' {
				c = '.'
			}
			num += string(c)
			continue
		case c == 'T':
			if inTime || num != "" {
				return 0, false
			}
			inTime = true
			continue
		}
		if num == "" {
			return 0, false
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, false
		}
		num = ""
		switch {
		case c == 'D' && !inTime:
			sec += v * 86400
		case c == 'H' && inTime:
			sec += v * 3600
		case c == 'M' && inTime:
			sec += v * 60
		case c == 'S' && inTime:
			sec += v
		default:
			return 0, false
		}
		any = true
	}
	if num != "" || !any {
		return 0, false
	}
	return sec, true
}
