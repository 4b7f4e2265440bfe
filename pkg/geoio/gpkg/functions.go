package gpkg

import (
	"database/sql/driver"
	"encoding/binary"
	"math"

	"modernc.org/sqlite"
)

// The SQL functions of the GeoPackage SQLite Extension that the spatial
// index triggers call (Annex F.3, "GeoPackage SQLite Extension"):
// ST_IsEmpty, ST_MinX, ST_MaxX, ST_MinY and ST_MaxY, so that a table with
// a spatial index can be changed through the driver's connections. GDAL
// and QGIS provide their own.
func init() {
	reg := func(name string, fn func(args []driver.Value) (driver.Value, error)) {
		err := sqliteDriver.RegisterDeterministicScalarFunction(name, 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			return fn(args)
		})
		if err != nil {
			panic(err)
		}
	}
	reg("ST_IsEmpty", func(args []driver.Value) (driver.Value, error) {
		b, ok := args[0].([]byte)
		if !ok {
			return nil, nil
		}
		env, empty, ok := blobEnvelope(b)
		if !ok {
			return nil, nil
		}
		if empty || env.minX > env.maxX {
			return int64(1), nil
		}
		return int64(0), nil
	})
	for i, name := range []string{"ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"} {
		reg(name, func(args []driver.Value) (driver.Value, error) {
			b, ok := args[0].([]byte)
			if !ok {
				return nil, nil
			}
			env, empty, ok := blobEnvelope(b)
			if !ok || empty || env.minX > env.maxX {
				return nil, nil
			}
			return [4]float64{env.minX, env.maxX, env.minY, env.maxY}[i], nil
		})
	}
}

// blobEnvelope is the envelope of a geometry blob: the header's when it
// has one, else computed from the geometry. ok is false for a blob that
// cannot be read.
func blobEnvelope(b []byte) (env envelope, empty, ok bool) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return env, false, false
	}
	flags := b[3]
	if flags&flagEmpty != 0 {
		return env, true, true
	}
	if size := envelopeSize[(flags&flagEnvelopeMask)>>1]; size > 0 && len(b) >= 8+size {
		var v [4]float64
		for i := range v {
			bits := b[8+8*i:]
			if flags&flagLittleEndian != 0 {
				v[i] = math.Float64frombits(binary.LittleEndian.Uint64(bits))
			} else {
				v[i] = math.Float64frombits(binary.BigEndian.Uint64(bits))
			}
		}
		return envelope{v[0], v[1], v[2], v[3]}, false, true
	}
	g, _, err := decodeBlob(b)
	if err != nil {
		return env, false, false
	}
	if g == nil {
		return env, true, true
	}
	return geomEnvelope(g), false, true
}
