package priority

import (
	"math"
	"strconv"
	"strings"
)

// phrase words the parts in English, joined by "; ".
func phrase(parts []ReasonPart) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(PartText(p))
	}
	return b.String()
}

// PartText words one reason part in English, numbers formatted for
// people: "2,310 people without signal", "3 h 20 min travel time",
// "12.4 km to the nearest site".
func PartText(p ReasonPart) string {
	switch p.Factor {
	case FactorUncoveredPopulation:
		return FormatCount(p.Value) + " people without signal"
	case FactorUncoveredShare:
		return FormatPercent(p.Value) + " of the village without signal"
	case FactorOfficeWithoutSignal:
		return "kantor desa without signal"
	case FactorEconomicWithoutSignal:
		return "economic or public-service centre without signal"
	case FactorRemoteness:
		return FormatDuration(p.Value) + " travel time"
	case ReasonUnreachable:
		return "no facility reachable"
	case FactorNoLandAccess:
		return "no land access"
	case FactorDistanceToSite:
		return FormatDistance(p.Value) + " to the nearest site"
	case FactorGainPerSite:
		return "a new site would serve " + FormatCount(p.Value) + " people"
	case ReasonCovered:
		return "covered"
	case ReasonNoSignal:
		return "no signal"
	}
	return p.Factor
}

// FormatCount rounds to a whole number with a comma every three digits:
// 2310.4 → "2,310". NaN and infinities give "?".
func FormatCount(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "?"
	}
	s := strconv.FormatFloat(math.Abs(math.Round(x)), 'f', 0, 64)
	var b strings.Builder
	if math.Round(x) < 0 {
		b.WriteByte('-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// FormatPercent writes a 0..1 share as a whole percentage: 0.624 → "62%".
func FormatPercent(share float64) string {
	if math.IsNaN(share) || math.IsInf(share, 0) {
		return "?%"
	}
	return strconv.FormatFloat(math.Round(share*100), 'f', 0, 64) + "%"
}

// FormatDuration writes seconds rounded to the minute: "45 min",
// "3 h", "3 h 20 min".
func FormatDuration(s float64) string {
	if math.IsNaN(s) || math.IsInf(s, 0) || s < 0 {
		return "?"
	}
	m := math.Round(s / 60)
	if m < 60 {
		return strconv.FormatFloat(m, 'f', 0, 64) + " min"
	}
	h, rest := math.Floor(m/60), math.Mod(m, 60)
	out := strconv.FormatFloat(h, 'f', 0, 64) + " h"
	if rest > 0 {
		out += " " + strconv.FormatFloat(rest, 'f', 0, 64) + " min"
	}
	return out
}

// FormatDistance writes metres as "850 m" below 1 km, else kilometres
// with one decimal: "12.4 km".
func FormatDistance(m float64) string {
	if math.IsNaN(m) || math.IsInf(m, 0) || m < 0 {
		return "?"
	}
	if math.Round(m) < 1000 {
		return strconv.FormatFloat(math.Round(m), 'f', 0, 64) + " m"
	}
	return strconv.FormatFloat(m/1000, 'f', 1, 64) + " km"
}
