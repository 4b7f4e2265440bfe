package raster

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testTIFF describes a GeoTIFF for tiffBuild, a deliberately small writer
// independent of WriteGeoTIFF.
type testTIFF struct {
	big          bool // big-endian
	w, h         int
	value        func(x, y int) float64
	format, bits int // sample format 1/2/3 and bits per sample
	tileW, tileH int // 0: strips
	rowsPerStrip int
	compression  int
	predictor    int
	geoKeys      []uint16 // nil: EPSG:4326 PixelIsArea
	noData       string
	scale, tie   []float64
}

func (c testTIFF) bo() binary.ByteOrder {
	if c.big {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

func (c testTIFF) putSample(b []byte, v float64) {
	bo := c.bo()
	switch {
	case c.format == 3 && c.bits == 32:
		bo.PutUint32(b, math.Float32bits(float32(v)))
	case c.format == 3 && c.bits == 64:
		bo.PutUint64(b, math.Float64bits(v))
	case c.bits == 16:
		bo.PutUint16(b, uint16(int16(v)))
		if c.format == 1 {
			bo.PutUint16(b, uint16(v))
		}
	case c.bits == 32:
		bo.PutUint32(b, uint32(int32(v)))
	case c.bits == 8:
		b[0] = byte(int8(v))
		if c.format == 1 {
			b[0] = byte(v)
		}
	}
}

// applyPredictor is the encoder side of predictors 2 and 3 on one row.
func (c testTIFF) applyPredictor(row []byte) []byte {
	size := c.bits / 8
	bo := c.bo()
	switch c.predictor {
	case 2:
		for i := len(row) - size; i >= size; i -= size {
			switch size {
			case 2:
				bo.PutUint16(row[i:], bo.Uint16(row[i:])-bo.Uint16(row[i-2:]))
			case 4:
				bo.PutUint32(row[i:], bo.Uint32(row[i:])-bo.Uint32(row[i-4:]))
			case 1:
				row[i] -= row[i-1]
			}
		}
	case 3:
		n := len(row) / size
		planes := make([]byte, len(row))
		for i := 0; i < n; i++ {
			v := row[i*size : (i+1)*size]
			for b := 0; b < size; b++ {
				msb := v[b] // byte b counted from the most significant
				if !c.big {
					msb = v[size-1-b]
				}
				planes[b*n+i] = msb
			}
		}
		for i := len(planes) - 1; i >= 1; i-- {
			planes[i] -= planes[i-1]
		}
		return planes
	}
	return row
}

func (c testTIFF) compress(raw []byte) []byte {
	switch c.compression {
	case 8:
		var b bytes.Buffer
		zw := zlib.NewWriter(&b)
		zw.Write(raw)
		zw.Close()
		return b.Bytes()
	case 5:
		return lzwEncodeTIFF(raw)
	}
	return raw
}

func tiffBuild(c testTIFF) []byte {
	if c.format == 0 {
		c.format, c.bits = 2, 16
	}
	if c.compression == 0 {
		c.compression = 1
	}
	bo := c.bo()
	size := c.bits / 8
	bw, bh := c.w, c.rowsPerStrip
	if bh == 0 {
		bh = c.h
	}
	if c.tileW > 0 {
		bw, bh = c.tileW, c.tileH
	}
	across, down := (c.w+bw-1)/bw, (c.h+bh-1)/bh
	var out bytes.Buffer
	if c.big {
		out.WriteString("MM\x00\x2a\x00\x00\x00\x00")
	} else {
		out.WriteString("II\x2a\x00\x00\x00\x00\x00")
	}
	var offsets, counts []uint32
	for by := 0; by < down; by++ {
		for bx := 0; bx < across; bx++ {
			rows := bh
			if c.tileW == 0 {
				rows = min(bh, c.h-by*bh)
			}
			var raw []byte
			for y := by * bh; y < by*bh+rows; y++ {
				row := make([]byte, bw*size)
				for x := bx * bw; x < bx*bw+bw; x++ {
					if x < c.w && y < c.h {
						c.putSample(row[(x-bx*bw)*size:], c.value(x, y))
					}
				}
				raw = append(raw, c.applyPredictor(row)...)
			}
			data := c.compress(raw)
			offsets = append(offsets, uint32(out.Len()))
			counts = append(counts, uint32(len(data)))
			out.Write(data)
			if out.Len()%2 == 1 {
				out.WriteByte(0)
			}
		}
	}
	type ent struct {
		tag, typ uint16
		vals     []byte
		count    int
	}
	shorts := func(tag uint16, vs ...uint16) ent {
		b := make([]byte, 2*len(vs))
		for i, v := range vs {
			bo.PutUint16(b[2*i:], v)
		}
		return ent{tag, 3, b, len(vs)}
	}
	longs := func(tag uint16, vs ...uint32) ent {
		b := make([]byte, 4*len(vs))
		for i, v := range vs {
			bo.PutUint32(b[4*i:], v)
		}
		return ent{tag, 4, b, len(vs)}
	}
	doubles := func(tag uint16, vs ...float64) ent {
		b := make([]byte, 8*len(vs))
		for i, v := range vs {
			bo.PutUint64(b[8*i:], math.Float64bits(v))
		}
		return ent{tag, 12, b, len(vs)}
	}
	keys := c.geoKeys
	if keys == nil {
		keys = []uint16{1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 1, 2048, 0, 1, 4326}
	}
	scale, tie := c.scale, c.tie
	if scale == nil {
		scale = []float64{0.25, 0.125, 0}
	}
	if tie == nil {
		tie = []float64{0, 0, 0, 116, 1, 0}
	}
	ents := []ent{
		shorts(tagImageWidth, uint16(c.w)),
		longs(tagImageLength, uint32(c.h)),
		shorts(tagBitsPerSample, uint16(c.bits)),
		shorts(tagCompression, uint16(c.compression)),
		shorts(tagPhotometric, 1),
	}
	if c.tileW == 0 {
		ents = append(ents, longs(tagStripOffsets, offsets...), shorts(tagSamplesPerPixel, 1),
			longs(tagRowsPerStrip, uint32(bh)), longs(tagStripByteCounts, counts...))
	} else {
		ents = append(ents, shorts(tagSamplesPerPixel, 1))
	}
	if c.predictor != 0 {
		ents = append(ents, shorts(tagPredictor, uint16(c.predictor)))
	}
	if c.tileW > 0 {
		ents = append(ents, shorts(tagTileWidth, uint16(c.tileW)), shorts(tagTileLength, uint16(c.tileH)),
			longs(tagTileOffsets, offsets...), longs(tagTileByteCounts, counts...))
	}
	ents = append(ents, shorts(tagSampleFormat, uint16(c.format)),
		doubles(tagModelPixelScale, scale...), doubles(tagModelTiepoint, tie...),
		shorts(tagGeoKeyDirectory, keys...))
	if c.noData != "" {
		ents = append(ents, ent{tagGDALNoData, 2, append([]byte(c.noData), 0), len(c.noData) + 1})
	}
	// Out-of-line values first, then the IFD.
	valueAt := make([]uint32, len(ents))
	for i, e := range ents {
		if len(e.vals) > 4 {
			valueAt[i] = uint32(out.Len())
			out.Write(e.vals)
			if out.Len()%2 == 1 {
				out.WriteByte(0)
			}
		}
	}
	ifd := out.Len()
	b := make([]byte, 12)
	bo.PutUint16(b, uint16(len(ents)))
	out.Write(b[:2])
	for i, e := range ents {
		clear(b)
		bo.PutUint16(b, e.tag)
		bo.PutUint16(b[2:], e.typ)
		bo.PutUint32(b[4:], uint32(e.count))
		if len(e.vals) > 4 {
			bo.PutUint32(b[8:], valueAt[i])
		} else {
			copy(b[8:], e.vals)
		}
		out.Write(b)
	}
	out.Write([]byte{0, 0, 0, 0})
	res := out.Bytes()
	bo.PutUint32(res[4:], uint32(ifd))
	return res
}

// lzwEncodeTIFF is a plain TIFF LZW encoder (MSB-first, early change,
// clear when the table fills) used to build fixtures.
func lzwEncodeTIFF(src []byte) []byte {
	var out []byte
	var acc uint64
	nacc, width := 0, 9
	put := func(code int) {
		acc = acc<<uint(width) | uint64(code)
		nacc += width
		for nacc >= 8 {
			out = append(out, byte(acc>>uint(nacc-8)))
			nacc -= 8
		}
	}
	table := map[[2]int]int{}
	next := 258
	put(256)
	if len(src) > 0 {
		w := int(src[0])
		for _, ch := range src[1:] {
			if code, ok := table[[2]int{w, int(ch)}]; ok {
				w = code
				continue
			}
			put(w)
			table[[2]int{w, int(ch)}] = next
			next++
			if next == 1<<width && width < 12 {
				width++
			}
			if next >= 4094 {
				put(256)
				clear(table)
				next, width = 258, 9
			}
			w = int(ch)
		}
		put(w)
	}
	put(257)
	if nacc > 0 {
		out = append(out, byte(acc<<uint(8-nacc)))
	}
	return out
}

func TestLZWRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	random := make([]byte, 50000)
	rng.Read(random)
	runs := make([]byte, 200000)
	for i := range runs {
		runs[i] = byte(i / 700 % 5)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"one byte", []byte{7}},
		{"kwkwk", []byte("aaaaaaaaaaaaaaaaaaaa")},
		{"text", []byte(strings.Repeat("TOBEORNOTTOBEORTOBEORNOT#", 40))},
		{"random with clears", random},
		{"long runs", runs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc := lzwEncodeTIFF(tc.data)
			dst := make([]byte, len(tc.data))
			if err := decodeTIFFLZW(enc, dst); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(dst, tc.data) {
				t.Fatal("round trip differs")
			}
			// One byte more than encoded: EndOfInformation comes first.
			if err := decodeTIFFLZW(enc, make([]byte, len(tc.data)+1)); err == nil {
				t.Error("want an error when the data ends early")
			}
			// Truncated input never panics.
			for cut := 0; cut < len(enc); cut += 1 + len(enc)/50 {
				_ = decodeTIFFLZW(enc[:cut], dst)
			}
		})
	}
	// A hand-made stream: Clear, 'A', 'B', 258 ("AB"), EOI with 9-bit codes.
	// Bits: 100000000 001000001 001000010 100000010 100000001.
	hand := []byte{0x80, 0x10, 0x48, 0x50, 0x28, 0x08}
	dst := make([]byte, 4)
	if err := decodeTIFFLZW(hand, dst); err != nil || string(dst) != "ABAB" {
		t.Fatalf("hand stream: %q, %v", dst, err)
	}
}

// rampValue is the fixture surface: distinct, exactly representable in
// int16 and float32.
func rampValue(x, y int) float64 { return 100 + 3*float64(x) - 2*float64(y) + float64((x*7+y*3)%5) }

func TestReadGeoTIFF(t *testing.T) {
	floatV := func(x, y int) float64 { return rampValue(x, y) + 0.25 }
	tests := []struct {
		name string
		cfg  testTIFF
	}{
		{"int16 strips none LE", testTIFF{w: 37, h: 23, rowsPerStrip: 5}},
		{"int16 strips none BE one strip", testTIFF{big: true, w: 37, h: 23}},
		{"uint16 strips deflate", testTIFF{w: 37, h: 23, format: 1, bits: 16, rowsPerStrip: 4, compression: 8}},
		{"int16 strips deflate predictor BE", testTIFF{big: true, w: 37, h: 23, rowsPerStrip: 7, compression: 8, predictor: 2}},
		{"int16 strips LZW", testTIFF{w: 37, h: 23, rowsPerStrip: 6, compression: 5}},
		{"int16 tiles LZW predictor", testTIFF{w: 37, h: 23, tileW: 16, tileH: 16, compression: 5, predictor: 2}},
		{"int16 tiles none", testTIFF{w: 37, h: 23, tileW: 16, tileH: 16}},
		{"float32 strips none", testTIFF{w: 37, h: 23, format: 3, bits: 32, rowsPerStrip: 3}},
		{"float32 tiles deflate BE", testTIFF{big: true, w: 37, h: 23, format: 3, bits: 32, tileW: 32, tileH: 16, compression: 8}},
		{"float32 tiles deflate float predictor", testTIFF{w: 37, h: 23, format: 3, bits: 32, tileW: 16, tileH: 16, compression: 8, predictor: 3}},
		{"float32 strips LZW float predictor BE", testTIFF{big: true, w: 37, h: 23, format: 3, bits: 32, rowsPerStrip: 8, compression: 5, predictor: 3}},
		{"float64 strips LZW", testTIFF{w: 37, h: 23, format: 3, bits: 64, rowsPerStrip: 8, compression: 5}},
		{"int32 strips deflate predictor", testTIFF{w: 37, h: 23, format: 2, bits: 32, rowsPerStrip: 8, compression: 8, predictor: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.value = rampValue
			if cfg.format == 3 {
				cfg.value = floatV
			}
			b := tiffBuild(cfg)
			g, err := ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), "t.tif")
			if err != nil {
				t.Fatal(err)
			}
			if g.Width != 37 || g.Height != 23 || g.WestDeg != 116 || g.NorthDeg != 1 || g.CellXDeg != 0.25 || g.CellYDeg != 0.125 {
				t.Fatalf("geometry %+v", g)
			}
			for y := 0; y < g.Height; y++ {
				for x := 0; x < g.Width; x++ {
					c := g.CellCentre(x, y)
					got, err := g.ElevationM(c[0], c[1])
					if want := cfg.value(x, y); err != nil || got != want {
						t.Fatalf("pixel %d,%d: got %v, %v; want %v", x, y, got, err, want)
					}
				}
			}
			// Bilinear midpoint between centres (10,4) (11,4) (10,5) (11,5).
			lon, lat := 116+11*0.25, 1-5*0.125
			want := (cfg.value(10, 4) + cfg.value(11, 4) + cfg.value(10, 5) + cfg.value(11, 5)) / 4
			if got, err := g.ElevationM(lon, lat); err != nil || math.Abs(got-want) > 1e-9 {
				t.Errorf("midpoint: got %v, %v; want %v", got, err, want)
			}
			// Truncated files: an error, never a panic.
			for cut := 0; cut < len(b); cut += 1 + len(b)/97 {
				if _, err := ReadGeoTIFF(bytes.NewReader(b[:cut]), int64(cut), "t.tif"); err == nil {
					// Cuts inside padding may still read; the header must not.
					if cut < 16 {
						t.Errorf("cut at %d read without error", cut)
					}
				}
			}
		})
	}
}

func TestReadGeoTIFFGeoref(t *testing.T) {
	base := testTIFF{w: 4, h: 3, value: rampValue}
	tests := []struct {
		name    string
		mod     func(*testTIFF)
		wantErr string // "" reads
		check   func(t *testing.T, g *Grid)
	}{
		{"projected UTM", func(c *testTIFF) {
			c.geoKeys = []uint16{1, 1, 0, 2, 1024, 0, 1, 1, 3072, 0, 1, 32750}
		}, "EPSG:32750", nil},
		{"NAD83", func(c *testTIFF) {
			c.geoKeys = []uint16{1, 1, 0, 2, 1024, 0, 1, 2, 2048, 0, 1, 4269}
		}, "geographic CRS 4269", nil},
		{"no geokeys", func(c *testTIFF) { c.geoKeys = []uint16{1, 1, 0, 0} }, "EPSG:4326", nil},
		{"no scale", func(c *testTIFF) { c.scale = []float64{} }, "ModelTiepoint", nil},
		{"negative scale", func(c *testTIFF) { c.scale = []float64{0.25, -0.125, 0} }, "pixel size", nil},
		{"pixel is point", func(c *testTIFF) {
			c.geoKeys = []uint16{1, 1, 0, 3, 1024, 0, 1, 2, 1025, 0, 1, 2, 2048, 0, 1, 4326}
		}, "", func(t *testing.T, g *Grid) {
			if g.WestDeg != 116-0.125 || g.NorthDeg != 1+0.0625 {
				t.Errorf("origin %v %v", g.WestDeg, g.NorthDeg)
			}
		}},
		{"tiepoint at pixel 2,1", func(c *testTIFF) { c.tie = []float64{2, 1, 0, 117, 0.5, 0} }, "",
			func(t *testing.T, g *Grid) {
				if g.WestDeg != 116.5 || g.NorthDeg != 0.625 {
					t.Errorf("origin %v %v", g.WestDeg, g.NorthDeg)
				}
			}},
		{"nodata", func(c *testTIFF) {
			c.noData = "-9999"
			c.value = func(x, y int) float64 {
				if x == 1 && y == 1 {
					return -9999
				}
				return rampValue(x, y)
			}
		}, "", func(t *testing.T, g *Grid) {
			if v := g.Data[1*4+1]; !math.IsNaN(float64(v)) {
				t.Errorf("nodata pixel is %v", v)
			}
			// The void is bridged by its three valid neighbours.
			c := g.CellCentre(1, 1)
			lon, lat := c[0]+0.125, c[1]-0.0625
			want := (rampValue(2, 1) + rampValue(1, 2) + rampValue(2, 2)) / 3
			if got, err := g.ElevationM(lon, lat); err != nil || math.Abs(got-want) > 1e-9 {
				t.Errorf("next to the void: %v, %v; want %v", got, err, want)
			}
			// On the void centre itself: the mean of the same three.
			if got, err := g.ElevationM(c[0], c[1]); err != nil || math.Abs(got-want) > 1e-9 {
				t.Errorf("at the void centre: %v, %v; want %v", got, err, want)
			}
		}},
		{"bad nodata", func(c *testTIFF) { c.noData = "none" }, "GDAL_NODATA", nil},
		{"JPEG", func(c *testTIFF) { c.compression = 7 }, "compression 7", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.mod(&cfg)
			b := tiffBuild(cfg)
			g, err := ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), "dem/x.tif")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "dem/x.tif") {
					t.Fatalf("got %v, want an error naming the file and %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, g)
		})
	}
}

func TestGridElevation(t *testing.T) {
	g := &Grid{Name: "g", WestDeg: 10, NorthDeg: 5, CellXDeg: 1, CellYDeg: 1, Width: 2, Height: 2,
		Data: []float32{10, 20, 30, 70}}
	tests := []struct {
		lon, lat float64
		want     float64
		err      error
	}{
		{10.5, 4.5, 10, nil},  // centre of the north-west cell
		{11.5, 3.5, 70, nil},  // centre of the south-east cell
		{11, 4, 32.5, nil},    // between the four centres
		{11, 4.5, 15, nil},    // between the two northern centres
		{10, 5, 10, nil},      // the outer corner takes the edge value
		{12, 3.75, 57.5, nil}, // east edge, a quarter from 20 to 70
		{12.01, 4, 0, ErrDEMMissing},
		{10.5, 2.99, 0, ErrDEMMissing},
	}
	for _, tc := range tests {
		got, err := g.ElevationM(tc.lon, tc.lat)
		if !errors.Is(err, tc.err) || (err == nil && got != tc.want) {
			t.Errorf("(%v, %v): got %v, %v; want %v, %v", tc.lon, tc.lat, got, err, tc.want, tc.err)
		}
	}
	// A void at the south-west cell: its own centre takes the mean of the
	// valid corners of its interpolation cell (on the south edge that is
	// its east neighbour alone); the all-void grid has no value at all.
	g.Data[2] = float32(math.NaN())
	if v, err := g.ElevationM(10.5, 3.5); err != nil || v != 70 {
		t.Errorf("on the void centre: %v, %v", v, err)
	}
	if v, err := g.ElevationM(11, 4); err != nil || v != (10+20+70)/3.0 {
		t.Errorf("between the centres: %v, %v", v, err)
	}
	if v, err := g.ElevationM(10.75, 4.25); err != nil || math.Abs(v-(0.5625*10+0.1875*20+0.0625*70)/0.8125) > 1e-12 {
		t.Errorf("near the void: %v, %v", v, err)
	}
	void := NewGrid("void", 0, 0, 1, 1, 2, 2)
	if _, err := void.ElevationM(1, -1); !errors.Is(err, ErrDEMVoid) || !strings.Contains(err.Error(), "void") {
		t.Errorf("all voids: %v", err)
	}
	if r := g.ResolutionDeg(); r != 1 {
		t.Errorf("resolution %v", r)
	}
}

func TestWriteGeoTIFFRoundTrip(t *testing.T) {
	// Tall enough for several strips (65536/(300·4) = 54 rows per strip).
	g := NewGrid("cov", 116.5, 0.25, 0.001, 0.0008, 300, 130)
	for i := range g.Data {
		if i%17 != 0 {
			g.Data[i] = float32(i%1000) - 120.5
		}
	}
	var buf bytes.Buffer
	if err := WriteGeoTIFF(&buf, g); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	h, err := ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), "cov.tif")
	if err != nil {
		t.Fatal(err)
	}
	if h.WestDeg != g.WestDeg || h.NorthDeg != g.NorthDeg || h.CellXDeg != g.CellXDeg || h.CellYDeg != g.CellYDeg ||
		h.Width != g.Width || h.Height != g.Height {
		t.Fatalf("geometry %+v", h)
	}
	for i := range g.Data {
		a, c := g.Data[i], h.Data[i]
		if a != c && !(math.IsNaN(float64(a)) && math.IsNaN(float64(c))) {
			t.Fatalf("value %d: %v != %v", i, c, a)
		}
	}
	f, err := parseTIFF(bytes.NewReader(b), int64(len(b)), "cov.tif")
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := f.geoKeys()
	for k, want := range map[uint16]uint64{geoKeyModelType: 2, geoKeyRasterType: 1, geoKeyGeographicType: 4326} {
		if keys[k] != want {
			t.Errorf("geokey %d = %d, want %d", k, keys[k], want)
		}
	}
	if nd, ok, _ := f.ascii(tagGDALNoData); !ok || nd != "nan" {
		t.Errorf("GDAL_NODATA %q", nd)
	}
	if offs, _ := f.uints(tagStripOffsets); len(offs) != 3 {
		t.Errorf("%d strips, want 3", len(offs))
	}
	if err := WriteGeoTIFF(&buf, &Grid{Width: 2, Height: 2, CellXDeg: 1, CellYDeg: 1, Data: []float32{1}}); err == nil {
		t.Error("short data accepted")
	}
}

// TestReadGeoTIFFGDALFixtures reads files that GDAL (libtiff) wrote, so
// the LZW, predictor and tiling code is checked against an independent
// encoder. See testdata/dem/README.md for the commands.
func TestReadGeoTIFFGDALFixtures(t *testing.T) {
	for _, name := range []string{"gdal_int16_lzw_pred2_tiled.tif", "gdal_float32_deflate_pred3.tif",
		"gdal_int16_packbits_bigtiff.tif", "gdal_int16_lzw_pred2_tiled_be.tif", "gdal_float32_lzw_pred3_tiled.tif"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "dem", name))
			if err != nil {
				t.Fatal(err)
			}
			g, err := ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), name)
			if err != nil {
				t.Fatal(err)
			}
			if g.Width != 37 || g.Height != 23 || math.Abs(g.WestDeg-116) > 1e-12 || math.Abs(g.NorthDeg-1) > 1e-12 {
				t.Fatalf("geometry %+v", g)
			}
			isFloat := strings.Contains(name, "float32")
			for y := 0; y < g.Height; y++ {
				for x := 0; x < g.Width; x++ {
					want := rampValue(x, y)
					if isFloat {
						want += 0.25
					}
					if x == 3 && y == 2 {
						if v := g.Data[y*g.Width+x]; !math.IsNaN(float64(v)) {
							t.Fatalf("nodata pixel is %v", v)
						}
						continue
					}
					if got := float64(g.Data[y*g.Width+x]); got != want {
						t.Fatalf("pixel %d,%d = %v, want %v", x, y, got, want)
					}
				}
			}
		})
	}
}

func ExampleWriteGeoTIFF() {
	// A 3×2 raster of received power, one cell without a value.
	g := NewGrid("coverage", 116.9, -0.4, 0.001, 0.001, 3, 2)
	copy(g.Data, []float32{-71.5, -80, -95.25, -88, float32(math.NaN()), -101})
	var buf bytes.Buffer
	if err := WriteGeoTIFF(&buf, g); err != nil {
		fmt.Println(err)
		return
	}
	back, err := ReadGeoTIFF(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "coverage.tif")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.Width, back.Height, back.Bounds())
	fmt.Println(back.Data)
	// Output:
	// 3 2 {[116.9 -0.402] [116.903 -0.4]}
	// [-71.5 -80 -95.25 -88 NaN -101]
}
