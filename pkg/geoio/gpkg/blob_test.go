package gpkg

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// blobOf encodes g as the writer does.
func blobOf(g orb.Geometry) []byte {
	if isEmpty(g) {
		return appendEmptyBlob(nil, wkbType(g), 4326)
	}
	return appendBlob(nil, g, 4326, geomEnvelope(g))
}

var sampleGeometries = []orb.Geometry{
	orb.Point{116.9875, -0.4205},
	orb.LineString{{116, -1}, {116.5, -0.5}, {117, -1}},
	orb.Polygon{
		{{116.9, -0.5}, {117, -0.5}, {117, -0.4}, {116.9, -0.4}, {116.9, -0.5}},
		{{116.92, -0.48}, {116.92, -0.45}, {116.95, -0.45}, {116.95, -0.48}, {116.92, -0.48}},
	},
	orb.MultiPoint{{116, -1}, {116.5, -1.5}},
	orb.MultiLineString{{{116, -1}, {117, -1}}, {{116, -2}, {117, -2}, {117, -3}}},
	orb.MultiPolygon{
		{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}},
		{{{2, 2}, {3, 2}, {3, 3}, {2, 2}}, {{2.2, 2.1}, {2.8, 2.1}, {2.8, 2.7}, {2.2, 2.1}}},
	},
	orb.Collection{orb.Point{116, -1}, orb.LineString{{116, -1}, {117, -1}}, orb.Collection{orb.MultiPoint{{1, 2}}}},
}

func TestBlobRoundTrip(t *testing.T) {
	for _, g := range sampleGeometries {
		b := blobOf(g)
		got, info, err := decodeBlob(b)
		if err != nil {
			t.Fatalf("%s: %v", g.GeoJSONType(), err)
		}
		if !orb.Equal(got, g) {
			t.Errorf("%s: got %v, want %v", g.GeoJSONType(), got, g)
		}
		if info.srsID != 4326 || info.hasZ || info.hasM {
			t.Errorf("%s: info %+v", g.GeoJSONType(), info)
		}
		// the header: GP, version 0, little-endian, an envelope but for points
		wantFlags := byte(0x03)
		if _, ok := g.(orb.Point); ok {
			wantFlags = 0x01
		}
		if string(b[:2]) != "GP" || b[2] != 0 || b[3] != wantFlags {
			t.Errorf("%s: header % x", g.GeoJSONType(), b[:8])
		}
		if wantFlags == 0x03 {
			e := geomEnvelope(g)
			for i, v := range []float64{e.minX, e.maxX, e.minY, e.maxY} {
				if got := math.Float64frombits(binary.LittleEndian.Uint64(b[8+8*i:])); got != v {
					t.Errorf("%s: envelope[%d] = %v, want %v", g.GeoJSONType(), i, got, v)
				}
			}
		}
	}
}

func TestEmptyBlobs(t *testing.T) {
	for _, g := range []orb.Geometry{orb.LineString{}, orb.Polygon{}, orb.MultiPoint{}, orb.MultiPolygon{}, orb.Collection{}} {
		b := blobOf(g)
		if b[3]&flagEmpty == 0 {
			t.Errorf("%T: empty flag not set", g)
		}
		got, _, err := decodeBlob(b)
		if err != nil || got != nil {
			t.Errorf("%T: got %v, %v; want nil geometry", g, got, err)
		}
	}
	// POINT EMPTY: NaN coordinates (§2.1.3 and Annex, "empty point")
	b := appendEmptyBlob(nil, wkbPoint, 4326)
	if got, _, err := decodeBlob(b); err != nil || got != nil {
		t.Errorf("POINT EMPTY: got %v, %v", got, err)
	}
	// the empty flag with no WKB at all
	if got, _, err := decodeBlob([]byte{'G', 'P', 0, flagLittleEndian | flagEmpty, 0, 0, 0, 0}); err != nil || got != nil {
		t.Errorf("empty flag alone: got %v, %v", got, err)
	}
}

// wkbBE writes big-endian WKB by hand: type, then doubles.
func wkbBE(typ uint32, counts []uint32, vals ...float64) []byte {
	b := []byte{0}
	b = binary.BigEndian.AppendUint32(b, typ)
	for _, c := range counts {
		b = binary.BigEndian.AppendUint32(b, c)
	}
	for _, v := range vals {
		b = binary.BigEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func header(flags byte, srs int32, env ...float64) []byte {
	b := []byte{'G', 'P', 0, flags}
	if flags&flagLittleEndian != 0 {
		b = binary.LittleEndian.AppendUint32(b, uint32(srs))
		for _, v := range env {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	} else {
		b = binary.BigEndian.AppendUint32(b, uint32(srs))
		for _, v := range env {
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	return b
}

// Headers of every envelope kind and byte order, over ISO and extended
// WKB in either byte order, with Z and M dropped.
func TestDecodeVariants(t *testing.T) {
	xyzm := wkbBE(1001, nil, 116, -1, 5) // ISO Point Z
	for _, c := range []struct {
		name       string
		blob       []byte
		want       orb.Geometry
		srs        int32
		hasZ, hasM bool
	}{
		{"big-endian header, no envelope", append(header(0, 32750), xyzm...), orb.Point{116, -1}, 32750, true, false},
		{"envelope xy", append(header(1|1<<1, 4326, 116, 116, -1, -1), xyzm...), orb.Point{116, -1}, 4326, true, false},
		{"envelope xyz", append(header(1|2<<1, 4326, 116, 116, -1, -1, 5, 5), xyzm...), orb.Point{116, -1}, 4326, true, false},
		{"envelope xym", append(header(0|3<<1, 4326, 116, 116, -1, -1, 0, 0), xyzm...), orb.Point{116, -1}, 4326, true, false},
		{"envelope xyzm", append(header(1|4<<1, 4326, 116, 116, -1, -1, 5, 5, 0, 0), xyzm...), orb.Point{116, -1}, 4326, true, false},
		{"ISO M", append(header(1, 4326), wkbBE(2001, nil, 116, -1, 7)...), orb.Point{116, -1}, 4326, false, true},
		{"ISO ZM line", append(header(1, 4326), wkbBE(3002, []uint32{2}, 1, 2, 3, 4, 5, 6, 7, 8)...), orb.LineString{{1, 2}, {5, 6}}, 4326, true, true},
		{"EWKB Z", append(header(1, 4326), wkbBE(0x80000001, nil, 1, 2, 3)...), orb.Point{1, 2}, 4326, true, false},
		{"EWKB M", append(header(1, 4326), wkbBE(0x40000001, nil, 1, 2, 3)...), orb.Point{1, 2}, 4326, false, true},
		{"EWKB SRID ZM", append(header(1, 4326), append(binary.BigEndian.AppendUint32([]byte{0, 0xE0, 0, 0, 1}, 4326), wkbBE(0, nil, 1, 2, 3, 4)[5:]...)...), orb.Point{1, 2}, 4326, true, true},
	} {
		g, info, err := decodeBlob(c.blob)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !orb.Equal(g, c.want) || info.srsID != c.srs || info.hasZ != c.hasZ || info.hasM != c.hasM {
			t.Errorf("%s: got %v %+v", c.name, g, info)
		}
	}
	// a little-endian polygon with a Z, as GDAL writes one
	gdal, _ := hex.DecodeString("4750000305000000" +
		"0000000000005d40" + "0000000000405d40" + "000000000000e0bf" + "9a9999999999d9bf" + // envelope
		"01" + "eb030000" + "01000000" + "04000000" +
		"0000000000005d40" + "000000000000e0bf" + "000000000000f03f" +
		"0000000000405d40" + "000000000000e0bf" + "000000000000f03f" +
		"0000000000405d40" + "9a9999999999d9bf" + "000000000000f03f" +
		"0000000000005d40" + "000000000000e0bf" + "000000000000f03f")
	g, info, err := decodeBlob(gdal)
	want := orb.Polygon{{{116, -0.5}, {117, -0.5}, {117, -0.4}, {116, -0.5}}}
	if err != nil || !orb.Equal(g, want) || !info.hasZ || info.srsID != 5 {
		t.Errorf("GDAL polygon Z: %v %+v %v", g, info, err)
	}
}

func TestDecodeBad(t *testing.T) {
	good := blobOf(orb.LineString{{1, 2}, {3, 4}})
	huge := append(header(1, 4326), wkbBE(2, []uint32{0xFFFFFFFF})...)
	deep := header(1, 4326)
	for range 40 {
		deep = append(deep, wkbBE(7, []uint32{1})...)
	}
	deep = append(deep, wkbBE(1, nil, 1, 2)...)
	for _, c := range []struct {
		name, want string
		blob       []byte
		kind       string
	}{
		{"short", "shorter than the 8-byte header", []byte("GP"), geoio.ProblemBadRecord},
		{"magic", "magic", append([]byte("XX"), good[2:]...), geoio.ProblemBadRecord},
		{"version", "version 2", append([]byte{'G', 'P', 1}, good[3:]...), geoio.ProblemBadRecord},
		{"envelope 5", "envelope contents indicator 5", append([]byte{'G', 'P', 0, 1 | 5<<1}, good[4:]...), geoio.ProblemBadRecord},
		{"envelope cut", "shorter than its header and envelope", good[:20], geoio.ProblemBadRecord},
		{"extended", "extended", append([]byte{'G', 'P', 0, 1 | flagExtended}, good[4:]...), geoio.ProblemUnsupported},
		{"no WKB", "cut short", good[:8+32], geoio.ProblemBadRecord},
		{"WKB cut", "declares 2 positions", good[:len(good)-1], geoio.ProblemBadRecord},
		{"byte order", "byte order 7", append(append([]byte{}, good[:40]...), append([]byte{7}, good[41:]...)...), geoio.ProblemBadRecord},
		{"huge count", "declares 4294967295 positions", huge, geoio.ProblemBadRecord},
		{"deep", "nested more than 32 deep", deep, geoio.ProblemBadRecord},
		{"member type", "a MULTILINESTRING holds a WKB geometry of type 1", append(header(1, 4326), append(wkbBE(5, []uint32{1}), wkbBE(1, nil, 1, 2)...)...), geoio.ProblemBadRecord},
		{"unknown type", "unknown WKB geometry type 99", append(header(1, 4326), wkbBE(99, nil)...), geoio.ProblemBadRecord},
		{"curve", "CircularString cannot be read", append(header(1, 4326), wkbBE(8, []uint32{0})...), geoio.ProblemUnsupported},
		{"triangle Z", "Triangle cannot be read", append(header(1, 4326), wkbBE(1017, []uint32{0})...), geoio.ProblemUnsupported},
		{"dimension 4000", "unknown WKB geometry type 4001", append(header(1, 4326), wkbBE(4001, nil, 1, 2)...), geoio.ProblemBadRecord},
	} {
		g, _, err := decodeBlob(c.blob)
		if err == nil {
			t.Errorf("%s: decoded %v", c.name, g)
			continue
		}
		if err.kind != c.kind || !strings.Contains(err.reason, c.want) {
			t.Errorf("%s: got %s: %s; want %s: …%s…", c.name, err.kind, err.reason, c.kind, c.want)
		}
	}
}

func TestRtreeRounding(t *testing.T) {
	for _, v := range []float64{116.98765432101, -0.42050000001, 1e-40, -1e-40, 0, 3.4e38} {
		if d := down32(v); float64(d) > v {
			t.Errorf("down32(%v) = %v", v, d)
		}
		if u := up32(v); float64(u) < v {
			t.Errorf("up32(%v) = %v", v, u)
		}
	}
	// the Hilbert curve visits the four quadrants' first cells in order
	if a, b, c, d := hilbert(0, 0), hilbert(0, 65535), hilbert(65535, 65535), hilbert(65535, 0); !(a < b && b < c && c < d) {
		t.Errorf("hilbert corners %d %d %d %d", a, b, c, d)
	}
}
