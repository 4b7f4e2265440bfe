package raster

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// FuzzHGT feeds arbitrary bytes as a 3″ tile (any length: short is an
// error, long is cut) and, separately, as the samples of a small tile
// repeated to fill it, so that arbitrary heights and voids reach the
// interpolation.
func FuzzHGT(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0x80, 0x00})
	f.Add([]byte{0x80, 0x00, 0x00, 0x10, 0x80, 0x00, 0x7f, 0xff, 0x12})
	f.Add(hgtBytes(1201, hgtFixture))
	f.Fuzz(func(t *testing.T, data []byte) {
		if d, err := readHGT(bytes.NewReader(data), 1201, "fuzz.hgt"); err == nil {
			checkHGTLookups(t, &hgtTile{name: "N00E116", n: 1201}, d, data)
		} else if len(data) >= 2*1201*1201 {
			t.Fatalf("full-length tile refused: %v", err)
		}
		if len(data) < 2 {
			return
		}
		const n = 5
		small := &hgtTile{name: "N00E116", n: n}
		samples := make([]int16, n*n)
		for i := range samples {
			k := 2 * i % (len(data) &^ 1)
			samples[i] = int16(binary.BigEndian.Uint16(data[k:]))
		}
		checkHGTLookups(t, small, samples, data)
	})
}

func checkHGTLookups(t *testing.T, tile *hgtTile, samples []int16, data []byte) {
	pts := [][2]float64{{0, 0}, {1, 1}, {0.5, 0.5}, {1, 0}, {0.999999, 0.000001}}
	for i := 0; i+8 <= len(data) && i < 64; i += 8 {
		pts = append(pts, [2]float64{
			float64(binary.BigEndian.Uint32(data[i:])) / math.MaxUint32,
			float64(binary.BigEndian.Uint32(data[i+4:])) / math.MaxUint32,
		})
	}
	for _, p := range pts {
		v, err := tile.elevation(samples, p[0], p[1])
		if err != nil {
			if !errors.Is(err, ErrDEMVoid) {
				t.Fatalf("unexpected error %v", err)
			}
			continue
		}
		if math.IsNaN(v) || v < -32767.001 || v > 32767.001 {
			t.Fatalf("elevation %v at %v", v, p)
		}
	}
}
