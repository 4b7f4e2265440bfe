package filegdb

import (
	"fmt"
	"math"
	"time"
)

// Dates are float64 days since 1899-12-30 00:00 (the OLE automation
// date). unixMs1899 is that instant in Unix milliseconds.
const unixMs1899 = -2209161600000

// maxDays keeps dates within years 0001–9999.
const maxDays = 2958465.0

// dateTimeValue is a datetime, rounded to the millisecond, in UTC.
// A value outside years 1–9999 (or NaN) is read as null.
func dateTimeValue(d float64) (any, error) {
	if math.IsNaN(d) || d < -693593 || d > maxDays {
		return nil, nil
	}
	ms := int64(math.Round(d * 86400000))
	return time.UnixMilli(unixMs1899 + ms).UTC(), nil
}

// dateValue is a date without time: midnight UTC of that day.
func dateValue(d float64) (any, error) {
	if math.IsNaN(d) || d < -693593 || d > maxDays {
		return nil, nil
	}
	days := int64(math.Floor(d + 1e-9))
	return time.UnixMilli(unixMs1899 + days*86400000).UTC(), nil
}

// timeOfDayValue is a time without date (the fraction of a day) as text,
// HH:MM:SS, with milliseconds when there are any: the program has no
// time-of-day type.
func timeOfDayValue(d float64) (any, error) {
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return nil, nil
	}
	ms := int64(math.Round((d - math.Floor(d)) * 86400000))
	if ms >= 86400000 {
		ms = 0
	}
	h, m, s, r := ms/3600000, ms/60000%60, ms/1000%60, ms%1000
	if r != 0 {
		return fmt.Sprintf("%02d:%02d:%02d.%03d", h, m, s, r), nil
	}
	return fmt.Sprintf("%02d:%02d:%02d", h, m, s), nil
}

// dateTimeOffsetValue is a timestamp stored as its UTC instant and the
// offset from UTC, in minutes, of the clock that recorded it.
func dateTimeOffsetValue(d float64, offMin int16) (any, error) {
	v, _ := dateTimeValue(d)
	t, ok := v.(time.Time)
	if !ok {
		return nil, nil
	}
	if offMin < -18*60 || offMin > 18*60 {
		return t, nil
	}
	return t.In(time.FixedZone("", int(offMin)*60)), nil
}
