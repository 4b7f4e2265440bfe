package geoio

import "time"

func isTime(v any) bool { _, ok := v.(time.Time); return ok }
