package raster

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"
)

// PopWriteOptions choose the layout of WritePopulationGeoTIFF.
type PopWriteOptions struct {
	// TileSize writes square tiles of that many cells (a multiple of 16,
	// as TIFF 6.0 section 15 requires); 0 writes strips of about 64 KiB.
	TileSize int
	// Deflate compresses each strip or tile (compression 8, zlib) at the
	// fastest level; otherwise the data are stored as they are.
	Deflate bool
	// NoData, when HasNoData, replaces NaN in the file and is declared by
	// GDAL_NODATA (WorldPop uses -99999); otherwise NaN is written and
	// declared as "nan".
	NoData    float64
	HasNoData bool
}

// WritePopulationGeoTIFF writes g as a little-endian classic TIFF of
// float32 samples, in strips or tiles, uncompressed or Deflate, with the
// GeoKeys of its CRS: geographic EPSG:4326 (GTModelType 2), a projected
// CRS with an EPSG code (ProjectedCSTypeGeoKey), or a user-defined
// projected CRS (key value 32767) whose ESRI WKT is written in
// GTCitationGeoKey as "ESRI PE String = …", as GDAL does for World
// Mollweide (ESRI:54009). Georeferencing is ModelPixelScale and
// ModelTiepoint at the outer corner of cell (0, 0) (PixelIsArea).
// Strips and tiles are compressed in memory before the file is written,
// so the output must stay under 4 GiB.
func WritePopulationGeoTIFF(w io.Writer, g *PopGrid, o PopWriteOptions) error {
	if g == nil || g.Width <= 0 || g.Height <= 0 || len(g.Data) != g.Width*g.Height {
		return fmt.Errorf("geoio: GeoTIFF: grid has no data or the wrong number of values")
	}
	for _, v := range []float64{g.West, g.North, g.CellX, g.CellY} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("geoio: GeoTIFF: grid georeferencing is not finite")
		}
	}
	if !(g.CellX > 0 && g.CellY > 0) {
		return fmt.Errorf("geoio: GeoTIFF: cell size %g × %g is not positive", g.CellX, g.CellY)
	}
	if o.TileSize < 0 || o.TileSize%16 != 0 {
		return fmt.Errorf("geoio: GeoTIFF: tile size %d is not a multiple of 16", o.TileSize)
	}
	le := binary.LittleEndian

	// GeoKeys, sorted by id; ASCII values in one GeoAsciiParams string.
	var keys [][4]uint16
	var asciiParams string
	switch {
	case g.CRS.IsGeographic():
		if g.CRS.EPSG != 4326 {
			return fmt.Errorf("geoio: GeoTIFF: geographic CRS %s; only EPSG:4326 is written", g.CRS)
		}
		keys = [][4]uint16{{geoKeyModelType, 0, 1, 2}, {geoKeyRasterType, 0, 1, 1},
			{geoKeyGeographicType, 0, 1, 4326}, {geoKeyGeogAngularUnit, 0, 1, 9102}}
	case g.CRS.EPSG > 0 && g.CRS.EPSG < userDefined:
		keys = [][4]uint16{{geoKeyModelType, 0, 1, 1}, {geoKeyRasterType, 0, 1, 1},
			{geoKeyProjectedType, 0, 1, uint16(g.CRS.EPSG)}, {geoKeyProjLinUnits, 0, 1, linearUnitMetre}}
	case !g.CRS.IsZero():
		asciiParams = "ESRI PE String = " + g.CRS.WKT() + "|"
		keys = [][4]uint16{{geoKeyModelType, 0, 1, 1}, {geoKeyRasterType, 0, 1, 1},
			{geoKeyCitation, tagGeoASCIIParams, uint16(len(asciiParams)), 0},
			{geoKeyProjectedType, 0, 1, userDefined}, {geoKeyProjLinUnits, 0, 1, linearUnitMetre}}
		if len(asciiParams) > math.MaxUint16 {
			return fmt.Errorf("geoio: GeoTIFF: CRS %s has too long a WKT", g.CRS)
		}
	default:
		return fmt.Errorf("geoio: GeoTIFF: grid has no CRS")
	}
	geoKeys := []uint16{1, 1, 0, uint16(len(keys))}
	for _, k := range keys {
		geoKeys = append(geoKeys, k[:]...)
	}

	// The blocks, compressed in parallel.
	bw, bh := g.Width, 0
	tiled := o.TileSize > 0
	if tiled {
		bw, bh = o.TileSize, o.TileSize
	} else {
		bh = min(max(1, 65536/(g.Width*4)), g.Height)
	}
	across, down := (g.Width+bw-1)/bw, (g.Height+bh-1)/bh
	n := across * down
	blocks := make([][]byte, n)
	noData := float32(o.NoData)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var zbuf bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
			for i := range next {
				bx, by := i%across, i/across
				rows := bh
				if !tiled {
					rows = min(bh, g.Height-by*bh)
				}
				raw := make([]byte, rows*bw*4)
				for y := 0; y < rows; y++ {
					gy := by*bh + y
					if gy >= g.Height {
						break
					}
					for x := 0; x < bw; x++ {
						gx := bx*bw + x
						if gx >= g.Width {
							break
						}
						v := g.Data[gy*g.Width+gx]
						if v != v && o.HasNoData {
							v = noData
						}
						le.PutUint32(raw[(y*bw+x)*4:], math.Float32bits(v))
					}
				}
				if o.Deflate {
					zbuf.Reset()
					zw.Reset(&zbuf)
					zw.Write(raw)
					zw.Close()
					raw = bytes.Clone(zbuf.Bytes())
				}
				blocks[i] = raw
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()

	type entry struct {
		tag, typ uint16
		count    uint32
		data     []byte // the value's bytes
	}
	short := func(tag uint16, v uint16) entry {
		b := make([]byte, 2)
		le.PutUint16(b, v)
		return entry{tag, 3, 1, b}
	}
	long := func(tag uint16, v uint32) entry {
		b := make([]byte, 4)
		le.PutUint32(b, v)
		return entry{tag, 4, 1, b}
	}
	doubles := func(tag uint16, vs ...float64) entry {
		b := make([]byte, 8*len(vs))
		for i, v := range vs {
			le.PutUint64(b[8*i:], math.Float64bits(v))
		}
		return entry{tag, 12, uint32(len(vs)), b}
	}
	shorts := func(tag uint16, vs []uint16) entry {
		b := make([]byte, 2*len(vs))
		for i, v := range vs {
			le.PutUint16(b[2*i:], v)
		}
		return entry{tag, 3, uint32(len(vs)), b}
	}
	asciiEntry := func(tag uint16, s string) entry {
		return entry{tag, 2, uint32(len(s) + 1), append([]byte(s), 0)}
	}
	offsets := make([]byte, 4*n)
	counts := make([]byte, 4*n)
	compression := uint16(1)
	if o.Deflate {
		compression = 8
	}
	nd := "nan"
	if o.HasNoData {
		nd = strconv.FormatFloat(float64(noData), 'g', -1, 32)
	}
	entries := []entry{
		long(tagImageWidth, uint32(g.Width)),
		long(tagImageLength, uint32(g.Height)),
		short(tagBitsPerSample, 32),
		short(tagCompression, compression),
		short(tagPhotometric, 1),
	}
	if !tiled {
		entries = append(entries, entry{tagStripOffsets, 4, uint32(n), offsets})
	}
	entries = append(entries, short(tagSamplesPerPixel, 1))
	if !tiled {
		entries = append(entries, long(tagRowsPerStrip, uint32(bh)), entry{tagStripByteCounts, 4, uint32(n), counts})
	}
	entries = append(entries, short(tagPlanarConfig, 1))
	if tiled {
		entries = append(entries, long(tagTileWidth, uint32(bw)), long(tagTileLength, uint32(bh)),
			entry{tagTileOffsets, 4, uint32(n), offsets}, entry{tagTileByteCounts, 4, uint32(n), counts})
	}
	entries = append(entries,
		short(tagSampleFormat, 3),
		doubles(tagModelPixelScale, g.CellX, g.CellY, 0),
		doubles(tagModelTiepoint, 0, 0, 0, g.West, g.North, 0),
		shorts(tagGeoKeyDirectory, geoKeys))
	if asciiParams != "" {
		entries = append(entries, asciiEntry(tagGeoASCIIParams, asciiParams))
	}
	entries = append(entries, asciiEntry(tagGDALNoData, nd))

	ifdSize := uint64(2 + 12*len(entries) + 4)
	pos := 8 + ifdSize
	extraAt := make([]uint64, len(entries))
	for i, e := range entries {
		if len(e.data) > 4 {
			extraAt[i] = pos
			pos += uint64(len(e.data))
			pos += pos & 1 // values start on a word boundary
		}
	}
	for i, b := range blocks {
		if pos+uint64(len(b)) > math.MaxUint32 {
			return fmt.Errorf("geoio: GeoTIFF: %d×%d grid exceeds the 4 GiB of a classic TIFF", g.Width, g.Height)
		}
		le.PutUint32(offsets[4*i:], uint32(pos))
		le.PutUint32(counts[4*i:], uint32(len(b)))
		pos += uint64(len(b))
	}

	out := bufio.NewWriterSize(w, 1<<16)
	var hdr [8]byte
	copy(hdr[:], "II")
	le.PutUint16(hdr[2:], 42)
	le.PutUint32(hdr[4:], 8)
	out.Write(hdr[:])
	var b [12]byte
	le.PutUint16(b[:], uint16(len(entries)))
	out.Write(b[:2])
	for i, e := range entries {
		le.PutUint16(b[0:], e.tag)
		le.PutUint16(b[2:], e.typ)
		le.PutUint32(b[4:], e.count)
		clear(b[8:])
		if len(e.data) > 4 {
			le.PutUint32(b[8:], uint32(extraAt[i]))
		} else {
			copy(b[8:], e.data)
		}
		out.Write(b[:])
	}
	clear(b[:4])
	out.Write(b[:4]) // no next IFD
	for _, e := range entries {
		if len(e.data) > 4 {
			out.Write(e.data)
			if len(e.data)&1 == 1 {
				out.WriteByte(0)
			}
		}
	}
	for _, blk := range blocks {
		if _, err := out.Write(blk); err != nil {
			return fmt.Errorf("geoio: GeoTIFF: %w", err)
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("geoio: GeoTIFF: %w", err)
	}
	return nil
}
