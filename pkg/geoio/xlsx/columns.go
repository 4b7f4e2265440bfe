package xlsx

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// colPlan is how a column is written: its name, the number format of its
// cells ("" for General) and its width in Excel's units (characters of
// the default font).
type colPlan struct {
	name   string
	format string
	width  float64
}

// Widths are kept between these, in characters.
const (
	minWidth = 6
	maxWidth = 60
	// maxFormatDecimals caps the decimals a number format shows; the
	// cell keeps the number whole.
	maxFormatDecimals = 10
	// groupFrom is the magnitude from which numbers get thousands
	// separators (population, not a count of sites).
	groupFrom = 10000
)

// colStats describes the values of a column seen so far.
type colStats struct {
	ints, floats, dates, bools, texts int
	maxAbs                            float64
	decimals                          int  // of the numbers, as their shortest text shows them
	clock                             bool // a date with a time of day
	textLen                           int  // the longest line of text, in characters
}

func (s *colStats) add(v any) {
	switch x := v.(type) {
	case int64:
		s.ints++
		s.maxAbs = math.Max(s.maxAbs, math.Abs(float64(x)))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		s.floats++
		s.maxAbs = math.Max(s.maxAbs, math.Abs(x))
		t := strconv.FormatFloat(x, 'f', -1, 64)
		if _, frac, ok := strings.Cut(t, "."); ok {
			s.decimals = max(s.decimals, len(frac))
		}
	case time.Time:
		s.dates++
		if x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0 {
			s.clock = true
		}
	case bool:
		s.bools++
	case string:
		s.texts++
		for _, line := range strings.Split(x, "\n") {
			s.textLen = max(s.textLen, utf8.RuneCountInString(line))
		}
	}
}

// kind is the type of the values seen: FieldUnknown for none, FieldString
// for text or a mixture (-1 for a mixture of numbers and other types,
// written in General format).
func (s *colStats) kind() geoio.FieldType {
	n := s.ints + s.floats
	switch {
	case n+s.dates+s.bools+s.texts == 0:
		return geoio.FieldUnknown
	case n > 0 && n == s.ints:
		if s.dates+s.bools+s.texts == 0 {
			return geoio.FieldInt
		}
	case n > 0:
		if s.dates+s.bools+s.texts == 0 {
			return geoio.FieldFloat
		}
	case s.dates > 0 && s.bools+s.texts == 0:
		return geoio.FieldDate
	case s.bools > 0 && s.texts == 0 && s.dates == 0:
		return geoio.FieldBool
	case s.texts > 0 && s.dates+s.bools == 0:
		return geoio.FieldString
	}
	return mixed
}

// mixed is a column of values of several types.
const mixed geoio.FieldType = -1

// planColumns chooses each column's number format and width from its
// declared type and decimals (FieldUnknown and 0 when not known) and
// from sample rows; formats, by column name, overrides the choice.
func planColumns(names []string, kinds []geoio.FieldType, decimals []int, sample [][]any, formats map[string]string) []colPlan {
	plans := make([]colPlan, len(names))
	for i, name := range names {
		var st colStats
		for _, row := range sample {
			if i < len(row) {
				st.add(normalize(row[i]))
			}
		}
		kind := kinds[i]
		if kind == geoio.FieldUnknown {
			kind = st.kind()
		}
		dec := decimals[i]
		if dec <= 0 {
			dec = st.decimals
		}
		dec = min(dec, maxFormatDecimals)
		format := numberFormat(name, kind, dec, &st)
		if f, ok := formats[name]; ok {
			format = f
		}
		plans[i] = colPlan{name: name, format: format, width: columnWidth(name, format, dec, &st)}
	}
	return plans
}

// numberFormat is the format of a column: integers whole ("0", so that
// 15 digits never turn into 6.40206E+14), reals with their decimals,
// thousands grouped from 10,000 on except in codes and years,
// percentages for names ending in _share (a share 0.853 shows 85.3%) or
// _pct (a percentage 85.3 shows 85.3%), dates as yyyy-mm-dd (with
// hh:mm:ss when they have a time), text as text ("@", so that a code
// typed into the sheet later keeps its zeros).
func numberFormat(name string, kind geoio.FieldType, dec int, st *colStats) string {
	lower := strings.ToLower(name)
	share := strings.HasSuffix(lower, "_share")
	pct := strings.HasSuffix(lower, "_pct")
	group := st.maxAbs >= groupFrom && !ungrouped(name)
	switch kind {
	case geoio.FieldInt:
		switch {
		case share:
			return "0%"
		case pct:
			return `0"%"`
		case group:
			return "#,##0"
		}
		return "0"
	case geoio.FieldFloat:
		switch {
		case share:
			return "0" + fraction(max(dec-2, 0)) + "%"
		case pct:
			return "0" + fraction(dec) + `"%"`
		case dec == 0:
			return "" // General: as many decimals as the number has
		case group:
			return "#,##0" + fraction(dec)
		}
		return "0" + fraction(dec)
	case geoio.FieldDate:
		if st.clock {
			return "yyyy-mm-dd hh:mm:ss"
		}
		return "yyyy-mm-dd"
	case geoio.FieldString:
		return "@"
	}
	return ""
}

// fraction is the decimal part of a number format: ".00" for 2.
func fraction(dec int) string {
	if dec <= 0 {
		return ""
	}
	return "." + strings.Repeat("0", dec)
}

// columnWidth fits the header, in bold, and the widest value as its
// format shows it.
func columnWidth(name, format string, dec int, st *colStats) float64 {
	w := float64(utf8.RuneCountInString(name))*1.1 + 2
	v := 0
	if st.ints+st.floats > 0 {
		digits := len(strconv.FormatFloat(math.Floor(st.maxAbs), 'f', 0, 64)) + 1 // and a sign
		switch {
		case format == "":
			v = min(digits+1+st.decimals, 12) // General shows about 11
		case strings.Contains(format, "yyyy"):
			v = 10
		default:
			v = digits
			if strings.Contains(format, ",") {
				v += (digits - 2) / 3
			}
			if i := strings.IndexByte(format, '.'); i >= 0 {
				v += 1 + strings.Count(format[i:], "0")
			}
			if strings.Contains(format, "%") {
				v++
				if !strings.Contains(format, `"%"`) {
					v += 2 // a share shows two digits more
				}
			}
		}
	}
	if st.dates > 0 {
		v = max(v, 10)
		if st.clock || strings.Contains(format, "hh") {
			v = max(v, 19)
		}
	}
	if st.bools > 0 {
		v = max(v, 5)
	}
	v = max(v, st.textLen)
	w = math.Max(w, float64(v)+2)
	return math.Min(math.Max(w, minWidth), maxWidth)
}
