package geoio

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/paulmach/orb"
)

// Property is one named attribute value. Values are nil, string, int64,
// float64, bool or time.Time (dates from DBF D fields, at midnight UTC).
type Property struct {
	Key   string
	Value any
}

// Properties keeps attributes in the order the source gave them, so that a
// conversion writes columns in the same order it read them.
type Properties []Property

// Get returns the value stored under key and whether it was present.
func (p Properties) Get(key string) (any, bool) {
	for i := range p {
		if p[i].Key == key {
			return p[i].Value, true
		}
	}
	return nil, false
}

// Set replaces the value under key, or appends it when absent.
func (p *Properties) Set(key string, v any) {
	for i := range *p {
		if (*p)[i].Key == key {
			(*p)[i].Value = v
			return
		}
	}
	*p = append(*p, Property{Key: key, Value: v})
}

// Keys returns the property names in order.
func (p Properties) Keys() []string {
	out := make([]string, len(p))
	for i := range p {
		out[i] = p[i].Key
	}
	return out
}

// Feature is one geometry with its attributes. Geometry is nil for a null
// shape. ID is nil, a string, an int64 or a float64.
type Feature struct {
	ID         any
	Geometry   orb.Geometry
	Properties Properties
}

// IDString renders the id for messages; "" when there is none.
func (f *Feature) IDString() string { return FormatID(f.ID) }

// FormatID renders a feature id the way messages and CSV show it.
func FormatID(id any) string {
	switch v := id.(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return fmt.Sprint(v)
	}
}

// FieldType is the type of an attribute column.
type FieldType int

// Field types, from the narrowest to the widest. Inference widens along
// Int → Float → String; Bool and Date widen to String when mixed.
const (
	FieldUnknown FieldType = iota // only nulls seen so far
	FieldInt
	FieldFloat
	FieldBool
	FieldDate
	FieldString
)

func (t FieldType) String() string {
	switch t {
	case FieldInt:
		return "integer"
	case FieldFloat:
		return "real"
	case FieldBool:
		return "boolean"
	case FieldDate:
		return "date"
	case FieldString:
		return "string"
	}
	return "null"
}

// Field describes one attribute column. Width and Precision are those of
// the source when it has them (DBF), zero otherwise.
type Field struct {
	Name      string
	Type      FieldType
	Width     int
	Precision int
}

// Layer is the description of a feature source: its name, format, CRS and
// columns. Fields may be empty for formats without a schema (GeoJSON) until
// the features have been seen; see InferFields.
type Layer struct {
	Name   string
	Format string
	CRS    crs.CRS
	Fields []Field
	// HasZ and HasM say the source carried Z or M values; the program is
	// 2D, so they are dropped on read and reported by info.
	HasZ, HasM bool
}

// TypeOf gives the field type of a single value.
func TypeOf(v any) FieldType {
	switch v.(type) {
	case nil:
		return FieldUnknown
	case int64, int, int32:
		return FieldInt
	case float64, float32:
		return FieldFloat
	case bool:
		return FieldBool
	case string:
		return FieldString
	}
	if isTime(v) {
		return FieldDate
	}
	return FieldString
}

// Widen returns the narrowest type that holds values of both a and b.
func Widen(a, b FieldType) FieldType {
	switch {
	case a == b:
		return a
	case a == FieldUnknown:
		return b
	case b == FieldUnknown:
		return a
	case (a == FieldInt && b == FieldFloat) || (a == FieldFloat && b == FieldInt):
		return FieldFloat
	}
	return FieldString
}

// Schema accumulates field names and types over a stream of features in
// first-seen order.
type Schema struct {
	fields []Field
	index  map[string]int
	intW   []int // per field, the widest integer part of a number seen
}

// Add widens the schema by one feature's properties.
func (s *Schema) Add(p Properties) {
	if s.index == nil {
		s.index = map[string]int{}
	}
	for _, kv := range p {
		i, ok := s.index[kv.Key]
		if !ok {
			i = len(s.fields)
			s.index[kv.Key] = i
			s.fields = append(s.fields, Field{Name: kv.Key, Type: TypeOf(kv.Value)})
		} else {
			s.fields[i].Type = Widen(s.fields[i].Type, TypeOf(kv.Value))
		}
		for len(s.intW) < len(s.fields) {
			s.intW = append(s.intW, 0)
		}
		f := &s.fields[i]
		if w := valueWidth(kv.Value); w > f.Width {
			f.Width = w
		}
		if iw, dec, ok := numberDigits(kv.Value); ok {
			// numbers keep their decimals: a fixed-width writer (DBF)
			// declares them, as GDAL does, so 0.7201 is not read as 1
			s.intW[i] = max(s.intW[i], iw)
			if f.Type == FieldFloat {
				f.Precision = max(f.Precision, dec)
				if f.Precision > 0 {
					f.Width = max(f.Width, s.intW[i]+1+f.Precision)
				}
			}
		}
	}
}

// maxDecimals caps the decimals a number column declares (a float64
// holds about 15 significant digits; GDAL's default precision).
const maxDecimals = 15

// numberDigits gives a number's integer-part width (sign included) and
// its decimals in the shortest text that reads back exactly.
func numberDigits(v any) (intW, dec int, ok bool) {
	switch v := v.(type) {
	case int64:
		return len(strconv.FormatInt(v, 10)), 0, true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, 0, false
		}
		t := strconv.FormatFloat(v, 'f', -1, 64)
		ip, frac, _ := strings.Cut(t, ".")
		return len(ip), min(len(frac), maxDecimals), true
	}
	return 0, 0, false
}

// valueWidth is the number of bytes the value needs as text; fixed-width
// writers (DBF) size their columns from it.
func valueWidth(v any) int {
	switch v := v.(type) {
	case string:
		return len(v)
	case int64:
		return len(strconv.FormatInt(v, 10))
	case float64:
		return len(AppendNumber(nil, v))
	case RawJSON:
		return len(v)
	}
	return 0
}

// Merge adds declared fields (from a header) without changing known types.
func (s *Schema) Merge(fields []Field) {
	if s.index == nil {
		s.index = map[string]int{}
	}
	for _, f := range fields {
		if _, ok := s.index[f.Name]; !ok {
			s.index[f.Name] = len(s.fields)
			s.fields = append(s.fields, f)
		}
	}
}

// Fields returns the accumulated fields in first-seen order.
func (s *Schema) Fields() []Field { return append([]Field(nil), s.fields...) }

// GeometryType names a geometry the way GeoJSON does ("Point", "Polygon", ...).
func GeometryType(g orb.Geometry) string {
	if g == nil {
		return "None"
	}
	return g.GeoJSONType()
}

// SortedKeys returns the keys of a count map in order, for deterministic output.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
