package geoio

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Property values, and their text in the formats that write them.

// RawJSON is a property value that was a JSON object or array; writers of
// GeoJSON emit it as is, other formats as its text.
type RawJSON []byte

// AppendNumber formats a property number the way encoding/json does:
// shortest round-trip digits, exponent only for very large or small values.
func AppendNumber(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(v)
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		return strconv.AppendFloat(b, v, 'e', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// FormatDate renders a date value: YYYY-MM-DD at midnight UTC, else RFC 3339.
func FormatDate(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// IDSuffix is " (id X)" for messages about a feature, or "" without an id.
func IDSuffix(id string) string {
	if id == "" {
		return ""
	}
	return " (id " + id + ")"
}

// FormatValue renders a property as text (CSV cells, KML data): integers as is, floats in the
// shortest text that reads back exactly, without an exponent between 1e-6
// and 1e15, booleans true/false, dates YYYY-MM-DD, nil (and NaN) empty.
func FormatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case float64:
		return FormatFloat(v)
	case float32:
		return FormatFloat(float64(v))
	case bool:
		return strconv.FormatBool(v)
	case RawJSON:
		return string(v) // an array or object, as its JSON text
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format("2006-01-02")
		}
		return v.Format(time.RFC3339)
	}
	return fmt.Sprint(v)
}

func FormatFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	a := math.Abs(f)
	if a == 0 || (a >= 1e-6 && a < 1e15) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
func isTime(v any) bool { _, ok := v.(time.Time); return ok }
