package raster

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// WriteGeoTIFF writes g as a little-endian, uncompressed, single-band
// float32 GeoTIFF in strips, georeferenced in EPSG:4326 (GTModelType 2
// geographic, GTRasterType 1 PixelIsArea, GeographicType 4326, angular
// unit degree) by ModelPixelScale and ModelTiepoint at the outer corner of
// the top-left cell. Voids (NaN) are written as NaN and declared with
// GDAL_NODATA "nan", which GDAL and QGIS honour. The output is a classic
// TIFF, so it must stay under 4 GiB.
func WriteGeoTIFF(w io.Writer, g *Grid) error {
	if g == nil || g.Width <= 0 || g.Height <= 0 || len(g.Data) != g.Width*g.Height {
		return fmt.Errorf("geoio: GeoTIFF: grid has no data or the wrong number of values")
	}
	for _, v := range []float64{g.WestDeg, g.NorthDeg, g.CellXDeg, g.CellYDeg} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("geoio: GeoTIFF: grid georeferencing is not finite")
		}
	}
	if !(g.CellXDeg > 0 && g.CellYDeg > 0) {
		return fmt.Errorf("geoio: GeoTIFF: cell size %g × %g° is not positive", g.CellXDeg, g.CellYDeg)
	}
	rowBytes := uint64(g.Width) * 4
	imageBytes := rowBytes * uint64(g.Height)
	// Strips of about 64 KiB, the size TIFF 6.0 recommends staying near.
	rps := max(1, int(65536/rowBytes))
	rps = min(rps, g.Height)
	nStrips := (g.Height + rps - 1) / rps

	type entry struct {
		tag, typ uint16
		count    uint32
		inline   []byte // ≤ 4 bytes, else nil
		extra    []byte // out-of-line value
	}
	le := binary.LittleEndian
	short := func(tag uint16, v uint16) entry {
		b := make([]byte, 4)
		le.PutUint16(b, v)
		return entry{tag: tag, typ: 3, count: 1, inline: b}
	}
	long := func(tag uint16, v uint32) entry {
		b := make([]byte, 4)
		le.PutUint32(b, v)
		return entry{tag: tag, typ: 4, count: 1, inline: b}
	}
	doubles := func(tag uint16, vs ...float64) entry {
		b := make([]byte, 8*len(vs))
		for i, v := range vs {
			le.PutUint64(b[8*i:], math.Float64bits(v))
		}
		return entry{tag: tag, typ: 12, count: uint32(len(vs)), extra: b}
	}
	geoKeys := []uint16{
		1, 1, 0, 4, // version 1.1.0, four keys, sorted by id
		geoKeyModelType, 0, 1, 2,
		geoKeyRasterType, 0, 1, 1,
		geoKeyGeographicType, 0, 1, 4326,
		geoKeyGeogAngularUnit, 0, 1, 9102,
	}
	gk := make([]byte, 2*len(geoKeys))
	for i, v := range geoKeys {
		le.PutUint16(gk[2*i:], v)
	}
	offsets := make([]byte, 4*nStrips)
	counts := make([]byte, 4*nStrips)
	entries := []entry{
		long(tagImageWidth, uint32(g.Width)),
		long(tagImageLength, uint32(g.Height)),
		short(tagBitsPerSample, 32),
		short(tagCompression, 1),
		short(tagPhotometric, 1),
		{tag: tagStripOffsets, typ: 4, count: uint32(nStrips), extra: offsets},
		short(tagSamplesPerPixel, 1),
		long(tagRowsPerStrip, uint32(rps)),
		{tag: tagStripByteCounts, typ: 4, count: uint32(nStrips), extra: counts},
		short(tagPlanarConfig, 1),
		short(tagSampleFormat, 3),
		doubles(tagModelPixelScale, g.CellXDeg, g.CellYDeg, 0),
		doubles(tagModelTiepoint, 0, 0, 0, g.WestDeg, g.NorthDeg, 0),
		{tag: tagGeoKeyDirectory, typ: 3, count: uint32(len(geoKeys)), extra: gk},
		{tag: tagGDALNoData, typ: 2, count: 4, inline: []byte("nan\x00")},
	}
	// A single strip's offset and count fit inline.
	if nStrips == 1 {
		entries[5].inline, entries[5].extra = offsets, nil
		entries[8].inline, entries[8].extra = counts, nil
	}

	ifdSize := uint64(2 + 12*len(entries) + 4)
	extraOff := 8 + ifdSize
	pos := extraOff
	extraAt := make([]uint64, len(entries))
	for i, e := range entries {
		if e.extra != nil {
			extraAt[i] = pos
			pos += uint64(len(e.extra))
			pos += pos & 1 // values start on a word boundary
		}
	}
	dataOff := pos
	if dataOff+imageBytes > math.MaxUint32 {
		return fmt.Errorf("geoio: GeoTIFF: %d×%d grid exceeds the 4 GiB of a classic TIFF", g.Width, g.Height)
	}
	for s := 0; s < nStrips; s++ {
		rows := min(rps, g.Height-s*rps)
		le.PutUint32(offsets[4*s:], uint32(dataOff+uint64(s*rps)*rowBytes))
		le.PutUint32(counts[4*s:], uint32(uint64(rows)*rowBytes))
	}

	bw := bufio.NewWriterSize(w, 1<<16)
	var hdr [8]byte
	copy(hdr[:], "II")
	le.PutUint16(hdr[2:], 42)
	le.PutUint32(hdr[4:], 8)
	bw.Write(hdr[:])
	var b [12]byte
	le.PutUint16(b[:], uint16(len(entries)))
	bw.Write(b[:2])
	for i, e := range entries {
		le.PutUint16(b[0:], e.tag)
		le.PutUint16(b[2:], e.typ)
		le.PutUint32(b[4:], e.count)
		clear(b[8:])
		if e.extra != nil {
			le.PutUint32(b[8:], uint32(extraAt[i]))
		} else {
			copy(b[8:], e.inline)
		}
		bw.Write(b[:])
	}
	clear(b[:4])
	bw.Write(b[:4]) // no next IFD
	for _, e := range entries {
		if e.extra != nil {
			bw.Write(e.extra)
			if len(e.extra)&1 == 1 {
				bw.WriteByte(0)
			}
		}
	}
	row := make([]byte, rowBytes)
	for y := 0; y < g.Height; y++ {
		for x, v := range g.Data[y*g.Width : (y+1)*g.Width] {
			le.PutUint32(row[4*x:], math.Float32bits(v))
		}
		if _, err := bw.Write(row); err != nil {
			return fmt.Errorf("geoio: GeoTIFF: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("geoio: GeoTIFF: %w", err)
	}
	return nil
}
