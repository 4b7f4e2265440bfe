package raster

// The GeoTIFF reader (formats and specifications in doc.go).
//
// Hostile files: every offset and count is checked against the file size
// before anything is allocated, the decoded size of each compressed block
// is bounded by a fixed ratio of its stored size (maxTIFFExpansion, above
// what Deflate and TIFF's LZW can reach), and the whole grid by
// maxGridPixels.

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"io"
	"math"
	"strconv"
	"strings"
)

// TIFF tags used here (TIFF 6.0, GeoTIFF, GDAL).
const (
	tagImageWidth         = 256
	tagImageLength        = 257
	tagBitsPerSample      = 258
	tagCompression        = 259
	tagPhotometric        = 262
	tagStripOffsets       = 273
	tagSamplesPerPixel    = 277
	tagRowsPerStrip       = 278
	tagStripByteCounts    = 279
	tagPlanarConfig       = 284
	tagPredictor          = 317
	tagTileWidth          = 322
	tagTileLength         = 323
	tagTileOffsets        = 324
	tagTileByteCounts     = 325
	tagSampleFormat       = 339
	tagModelPixelScale    = 33550
	tagModelTiepoint      = 33922
	tagModelTransform     = 34264
	tagGeoKeyDirectory    = 34735
	tagGeoDoubleParams    = 34736
	tagGeoASCIIParams     = 34737
	tagGDALNoData         = 42113
	geoKeyModelType       = 1024
	geoKeyRasterType      = 1025
	geoKeyGeographicType  = 2048
	geoKeyGeogAngularUnit = 2054
	geoKeyProjectedType   = 3072
)

// TIFF field types and their sizes in bytes.
var tiffTypeSize = [...]int{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8}

const (
	maxGridPixels    = 1 << 28 // 1 GiB of float32
	maxTIFFExpansion = 2048    // Deflate tops out near 1032:1, TIFF LZW near 1300:1
	maxTIFFEntries   = 4096
)

type tiffEntry struct {
	typ    uint16
	count  uint64
	offset uint64 // file offset of the value, or of the entry's value field when inline
}

type tiffFile struct {
	r       io.ReaderAt
	size    int64
	name    string
	bo      binary.ByteOrder
	big     bool
	entries map[uint16]tiffEntry
	zr      io.ReadCloser // reused across Deflate blocks
}

func (f *tiffFile) errf(format string, a ...any) error {
	return &geoio.FormatError{File: f.name, Index: -1, Reason: fmt.Sprintf(format, a...)}
}

func (f *tiffFile) readAt(off uint64, n uint64) ([]byte, error) {
	if off > uint64(f.size) || n > uint64(f.size)-off {
		return nil, f.errf("truncated TIFF: %d bytes at offset %d beyond the file's %d bytes", n, off, f.size)
	}
	b := make([]byte, n)
	if _, err := f.r.ReadAt(b, int64(off)); err != nil && !(errors.Is(err, io.EOF) && n == 0) {
		return nil, f.errf("reading %d bytes at offset %d: %v", n, off, err)
	}
	return b, nil
}

// parseTIFF reads the header and the first IFD.
func parseTIFF(r io.ReaderAt, size int64, name string) (*tiffFile, error) {
	f := &tiffFile{r: r, size: size, name: name, entries: map[uint16]tiffEntry{}}
	if size < 8 {
		return nil, f.errf("not a TIFF: %d bytes", size)
	}
	h, err := f.readAt(0, 8)
	if err != nil {
		return nil, err
	}
	switch string(h[:2]) {
	case "II":
		f.bo = binary.LittleEndian
	case "MM":
		f.bo = binary.BigEndian
	default:
		return nil, f.errf("not a TIFF (no II/MM byte-order mark)")
	}
	var ifd uint64
	switch f.bo.Uint16(h[2:]) {
	case 42:
		ifd = uint64(f.bo.Uint32(h[4:]))
	case 43:
		f.big = true
		h, err = f.readAt(0, 16)
		if err != nil {
			return nil, err
		}
		if f.bo.Uint16(h[4:]) != 8 {
			return nil, f.errf("BigTIFF with %d-byte offsets", f.bo.Uint16(h[4:]))
		}
		ifd = f.bo.Uint64(h[8:])
	default:
		return nil, f.errf("not a TIFF (version %d)", f.bo.Uint16(h[2:]))
	}
	countSize, entrySize := uint64(2), uint64(12)
	if f.big {
		countSize, entrySize = 8, 20
	}
	cb, err := f.readAt(ifd, countSize)
	if err != nil {
		return nil, err
	}
	var n uint64
	if f.big {
		n = f.bo.Uint64(cb)
	} else {
		n = uint64(f.bo.Uint16(cb))
	}
	if n == 0 || n > maxTIFFEntries {
		return nil, f.errf("TIFF directory with %d entries", n)
	}
	eb, err := f.readAt(ifd+countSize, n*entrySize)
	if err != nil {
		return nil, err
	}
	for i := uint64(0); i < n; i++ {
		e := eb[i*entrySize:]
		tag := f.bo.Uint16(e)
		te := tiffEntry{typ: f.bo.Uint16(e[2:])}
		valueField := ifd + countSize + i*entrySize + 8
		inline := uint64(4)
		if f.big {
			te.count = f.bo.Uint64(e[4:])
			valueField += 4
			inline = 8
		} else {
			te.count = uint64(f.bo.Uint32(e[4:]))
		}
		if int(te.typ) >= len(tiffTypeSize) || tiffTypeSize[te.typ] == 0 {
			continue // unknown types are skipped, as the specification asks
		}
		ts := uint64(tiffTypeSize[te.typ])
		if te.count > uint64(f.size)/ts {
			return nil, f.errf("tag %d claims %d values, more than the file holds", tag, te.count)
		}
		if te.count*ts <= inline {
			te.offset = valueField
		} else if f.big {
			te.offset = f.bo.Uint64(e[12:])
		} else {
			te.offset = uint64(f.bo.Uint32(e[8:]))
		}
		f.entries[tag] = te
	}
	return f, nil
}

// uints reads an integer-typed tag (BYTE, SHORT, LONG, LONG8, IFD types).
func (f *tiffFile) uints(tag uint16) ([]uint64, error) {
	e, ok := f.entries[tag]
	if !ok {
		return nil, nil
	}
	ts := uint64(tiffTypeSize[e.typ])
	b, err := f.readAt(e.offset, e.count*ts)
	if err != nil {
		return nil, fmt.Errorf("tag %d: %w", tag, err)
	}
	out := make([]uint64, e.count)
	for i := range out {
		switch e.typ {
		case 1, 7: // BYTE, UNDEFINED
			out[i] = uint64(b[i])
		case 3: // SHORT
			out[i] = uint64(f.bo.Uint16(b[2*i:]))
		case 4, 13: // LONG, IFD
			out[i] = uint64(f.bo.Uint32(b[4*i:]))
		case 16, 18: // LONG8, IFD8
			out[i] = f.bo.Uint64(b[8*i:])
		default:
			return nil, f.errf("tag %d has type %d, want an unsigned integer", tag, e.typ)
		}
	}
	return out, nil
}

// uint1 reads a single-valued integer tag, def when absent.
func (f *tiffFile) uint1(tag uint16, def uint64) (uint64, error) {
	v, err := f.uints(tag)
	if err != nil {
		return 0, err
	}
	if v == nil {
		return def, nil
	}
	if len(v) == 0 {
		return 0, f.errf("tag %d is empty", tag)
	}
	for _, x := range v[1:] {
		if x != v[0] {
			return 0, f.errf("tag %d has differing values %v", tag, v)
		}
	}
	return v[0], nil
}

func (f *tiffFile) doubles(tag uint16) ([]float64, error) {
	e, ok := f.entries[tag]
	if !ok {
		return nil, nil
	}
	if e.typ != 12 {
		return nil, f.errf("tag %d has type %d, want DOUBLE", tag, e.typ)
	}
	b, err := f.readAt(e.offset, e.count*8)
	if err != nil {
		return nil, err
	}
	out := make([]float64, e.count)
	for i := range out {
		out[i] = math.Float64frombits(f.bo.Uint64(b[8*i:]))
	}
	return out, nil
}

func (f *tiffFile) ascii(tag uint16) (string, bool, error) {
	e, ok := f.entries[tag]
	if !ok {
		return "", false, nil
	}
	if e.typ != 2 {
		return "", false, f.errf("tag %d has type %d, want ASCII", tag, e.typ)
	}
	b, err := f.readAt(e.offset, e.count)
	if err != nil {
		return "", false, err
	}
	return strings.TrimRight(string(b), "\x00"), true, nil
}

// sampleKind is a pixel type: format 1 unsigned, 2 signed, 3 float.
type sampleKind struct {
	format int
	bytes  int
}

// ReadGeoTIFF reads a single-band GeoTIFF in EPSG:4326 into a Grid.
// name is used in errors and as Grid.Name. Samples equal to the GDAL_NODATA
// value, and NaNs, become voids; without that tag every integer is a
// height. A tiepoint that marks a pixel's centre (GTRasterType
// PixelIsPoint) is moved half a cell to the corner, as GDAL does.
func ReadGeoTIFF(r io.ReaderAt, size int64, name string) (*Grid, error) {
	f, err := parseTIFF(r, size, name)
	if err != nil {
		return nil, err
	}
	g, layout, err := f.geoGrid()
	if err != nil {
		return nil, err
	}
	if err := f.readPixels(g, layout); err != nil {
		return nil, err
	}
	return g, nil
}

type tiffLayout struct {
	kind        sampleKind
	compression uint64
	predictor   uint64
	blockW      int // strip width is the image width
	blockH      int
	tiled       bool
	offsets     []uint64
	counts      []uint64
	noData      float64
	hasNoData   bool
}

// geoGrid validates the image structure and georeferencing and returns the
// empty grid plus how to fill it.
func (f *tiffFile) geoGrid() (*Grid, *tiffLayout, error) {
	w, h, l, err := f.imageLayout(maxGridPixels, "a DEM has one")
	if err != nil {
		return nil, nil, err
	}
	g := &Grid{Name: f.name, Width: int(w), Height: int(h)}
	if err := f.georef(g); err != nil {
		return nil, nil, err
	}
	return g, l, nil
}

// maxImageSide bounds each side of an image read by window: GeoTIFF
// offsets are 64-bit but the pixel arithmetic must stay inside int.
const maxImageSide = 1 << 30

// imageLayout validates the image structure (size, sample type,
// compression, predictor, strips or tiles, nodata) of the first IFD.
// maxPixels bounds width×height; bandHint ends the error about several
// bands.
func (f *tiffFile) imageLayout(maxPixels uint64, bandHint string) (w, h uint64, l *tiffLayout, err error) {
	w, err = f.uint1(tagImageWidth, 0)
	if err != nil {
		return 0, 0, nil, err
	}
	h, err = f.uint1(tagImageLength, 0)
	if err != nil {
		return 0, 0, nil, err
	}
	if w == 0 || h == 0 {
		return 0, 0, nil, f.errf("image is %d×%d pixels", w, h)
	}
	if w > maxImageSide || h > maxImageSide || w > maxPixels || h > maxPixels || w*h > maxPixels {
		return 0, 0, nil, f.errf("image of %d×%d pixels is larger than the %d pixels this reader holds in memory", w, h, maxPixels)
	}
	l, err = f.structure(w, h, bandHint)
	return w, h, l, err
}

func (f *tiffFile) structure(w, h uint64, bandHint string) (*tiffLayout, error) {
	spp, err := f.uint1(tagSamplesPerPixel, 1)
	if err != nil {
		return nil, err
	}
	if spp != 1 {
		return nil, &geoio.FormatError{File: f.name, Index: -1, Reason: fmt.Sprintf("%d bands; %s", spp, bandHint),
			Fix: "extract the band with gdal_translate -b 1"}
	}
	bps, err := f.uint1(tagBitsPerSample, 1)
	if err != nil {
		return nil, err
	}
	sf, err := f.uint1(tagSampleFormat, 1)
	if err != nil {
		return nil, err
	}
	kind := sampleKind{format: int(sf), bytes: int(bps / 8)}
	switch {
	case (sf == 1 || sf == 2) && (bps == 8 || bps == 16 || bps == 32):
	case sf == 3 && (bps == 32 || bps == 64):
	default:
		return nil, &geoio.FormatError{File: f.name, Index: -1,
			Reason: fmt.Sprintf("sample format %d with %d bits is not supported", sf, bps),
			Fix:    "convert with gdal_translate -ot Float32"}
	}
	l := &tiffLayout{kind: kind}
	if l.compression, err = f.uint1(tagCompression, 1); err != nil {
		return nil, err
	}
	switch l.compression {
	case 1, 5, 8, 32946, 32773:
	default:
		return nil, &geoio.FormatError{File: f.name, Index: -1,
			Reason: fmt.Sprintf("TIFF compression %d is not supported (none, LZW, Deflate and PackBits are)", l.compression),
			Fix:    "recompress with gdal_translate -co COMPRESS=DEFLATE"}
	}
	if l.predictor, err = f.uint1(tagPredictor, 1); err != nil {
		return nil, err
	}
	switch {
	case l.predictor == 1:
	case l.predictor == 2 && sf != 3:
	case l.predictor == 3 && sf == 3:
	default:
		return nil, f.errf("predictor %d with sample format %d is not supported", l.predictor, sf)
	}
	if _, ok := f.entries[tagTileWidth]; ok {
		l.tiled = true
		tw, err := f.uint1(tagTileWidth, 0)
		if err != nil {
			return nil, err
		}
		th, err := f.uint1(tagTileLength, 0)
		if err != nil {
			return nil, err
		}
		if tw == 0 || th == 0 || tw > maxGridPixels || th > maxGridPixels || tw*th > maxGridPixels {
			return nil, f.errf("tiles of %d×%d pixels", tw, th)
		}
		l.blockW, l.blockH = int(tw), int(th)
		if l.offsets, err = f.uints(tagTileOffsets); err != nil {
			return nil, err
		}
		if l.counts, err = f.uints(tagTileByteCounts); err != nil {
			return nil, err
		}
	} else {
		rps, err := f.uint1(tagRowsPerStrip, h)
		if err != nil {
			return nil, err
		}
		if rps == 0 {
			return nil, f.errf("RowsPerStrip is 0")
		}
		l.blockW, l.blockH = int(w), int(min(rps, h))
		if l.offsets, err = f.uints(tagStripOffsets); err != nil {
			return nil, err
		}
		if l.counts, err = f.uints(tagStripByteCounts); err != nil {
			return nil, err
		}
	}
	across := (w + uint64(l.blockW) - 1) / uint64(l.blockW)
	down := (h + uint64(l.blockH) - 1) / uint64(l.blockH)
	if want := across * down; uint64(len(l.offsets)) != want || uint64(len(l.counts)) != want {
		if pc, _ := f.uint1(tagPlanarConfig, 1); pc != 1 {
			return nil, f.errf("planar configuration %d is not supported", pc)
		}
		return nil, f.errf("%d offsets and %d byte counts for %d strips or tiles", len(l.offsets), len(l.counts), want)
	}
	if s, ok, err := f.ascii(tagGDALNoData); err != nil {
		return nil, err
	} else if ok {
		v, perr := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if perr != nil {
			return nil, f.errf("GDAL_NODATA %q is not a number", s)
		}
		l.noData, l.hasNoData = v, true
	}
	return l, nil
}

// georef fills the grid's origin and cell size from the GeoTIFF tags and
// checks the CRS.
func (f *tiffFile) georef(g *Grid) error {
	keys, err := f.geoKeys()
	if err != nil {
		return err
	}
	if keys == nil {
		return &geoio.FormatError{File: f.name, Index: -1, Reason: "no GeoKeyDirectory: not a GeoTIFF",
			Fix: "georeference it in EPSG:4326 with gdal_translate -a_srs EPSG:4326 -a_ullr …"}
	}
	reproject := "reproject with gdalwarp -t_srs EPSG:4326"
	if mt, ok := keys[geoKeyModelType]; ok && mt != 2 {
		reason := fmt.Sprintf("model type %d is not geographic lon/lat", mt)
		if pcs, ok := keys[geoKeyProjectedType]; ok {
			reason = fmt.Sprintf("projected CRS EPSG:%d; a DEM must be in EPSG:4326", pcs)
		}
		return &geoio.FormatError{File: f.name, Index: -1, Reason: reason, Fix: reproject}
	}
	if gt, ok := keys[geoKeyGeographicType]; !ok || gt != 4326 {
		reason := "no GeographicTypeGeoKey; a DEM must be in EPSG:4326"
		if ok {
			reason = fmt.Sprintf("geographic CRS %d; a DEM must be in EPSG:4326", gt)
		}
		return &geoio.FormatError{File: f.name, Index: -1, Reason: reason, Fix: reproject}
	}
	if u, ok := keys[geoKeyGeogAngularUnit]; ok && u != 9102 {
		return &geoio.FormatError{File: f.name, Index: -1, Reason: fmt.Sprintf("angular unit %d is not the degree (9102)", u), Fix: reproject}
	}
	pointRaster := keys[geoKeyRasterType] == 2

	west, north, dx, dy, err := f.northUp(pointRaster, " -t_srs EPSG:4326", "EPSG:4326")
	if err != nil {
		return err
	}
	for _, v := range []float64{west, north, dx, dy} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return f.errf("georeferencing is not finite")
		}
	}
	if !(dx > 0 && dy > 0) {
		return f.errf("pixel size %g × %g°; want positive sizes with row 0 at the north", dx, dy)
	}
	east, south := west+float64(g.Width)*dx, north-float64(g.Height)*dy
	if west < -540 || east > 540 || north > 90+dy || south < -90-dy {
		return f.errf("extent %g,%g – %g,%g is not lon/lat degrees", west, south, east, north)
	}
	g.WestDeg, g.NorthDeg, g.CellXDeg, g.CellYDeg = west, north, dx, dy
	return nil
}

// northUp is the raster's north-west corner and cell size from
// ModelTiepoint with ModelPixelScale, or a north-up ModelTransformation;
// pointRaster moves a PixelIsPoint tiepoint from a cell's centre to its
// corner. warpOpt and srs complete the fixes suggested.
func (f *tiffFile) northUp(pointRaster bool, warpOpt, srs string) (west, north, dx, dy float64, err error) {
	scale, err := f.doubles(tagModelPixelScale)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	tie, err := f.doubles(tagModelTiepoint)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	tr, err := f.doubles(tagModelTransform)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	switch {
	case len(scale) >= 2 && len(tie) >= 6:
		dx, dy = scale[0], scale[1]
		west, north = tie[3]-tie[0]*dx, tie[4]+tie[1]*dy
	case len(tr) == 16:
		if tr[1] != 0 || tr[4] != 0 {
			return 0, 0, 0, 0, &geoio.FormatError{File: f.name, Index: -1, Reason: "rotated or sheared ModelTransformation",
				Fix: "resample north-up with gdalwarp" + warpOpt}
		}
		dx, dy, west, north = tr[0], -tr[5], tr[3], tr[7]
	default:
		return 0, 0, 0, 0, &geoio.FormatError{File: f.name, Index: -1, Reason: "no ModelTiepoint with ModelPixelScale nor ModelTransformation",
			Fix: "georeference it with gdal_translate -a_srs " + srs + " -a_ullr …"}
	}
	if pointRaster {
		west -= dx / 2
		north += dy / 2
	}
	return west, north, dx, dy, nil
}

// geoKeys reads the SHORT-valued keys of the GeoKeyDirectory (values held
// in the other GeoTIFF tags are not needed here); nil when absent.
func (f *tiffFile) geoKeys() (map[uint16]uint64, error) {
	d, err := f.uints(tagGeoKeyDirectory)
	if err != nil || d == nil {
		return nil, err
	}
	if len(d) < 4 {
		return nil, f.errf("GeoKeyDirectory has %d values", len(d))
	}
	n := d[3]
	if uint64(len(d)-4)/4 < n {
		return nil, f.errf("GeoKeyDirectory lists %d keys in %d values", n, len(d))
	}
	keys := map[uint16]uint64{}
	for i := uint64(0); i < n; i++ {
		k := d[4+4*i:]
		if k[1] == 0 && k[2] == 1 {
			keys[uint16(k[0])] = k[3]
		}
	}
	return keys, nil
}

// readPixels decodes every strip or tile into the grid.
func (f *tiffFile) readPixels(g *Grid, l *tiffLayout) error {
	bw, bh := l.blockW, l.blockH
	across := (g.Width + bw - 1) / bw
	rowBytes := bw * l.kind.bytes
	// Validate every block before the big allocation so a lying header
	// cannot make us allocate for nothing: the decoded image cannot be
	// larger than the whole file at the highest expansion ratio.
	if uint64(g.Width)*uint64(g.Height)*uint64(l.kind.bytes) > uint64(f.size)*maxTIFFExpansion {
		return f.errf("%d×%d pixels cannot be stored in %d bytes", g.Width, g.Height, f.size)
	}
	for i, off := range l.offsets {
		c := l.counts[i]
		if off == 0 && c == 0 {
			continue // sparse block (GDAL): all voids
		}
		if off > uint64(f.size) || c > uint64(f.size)-off {
			return f.errf("block %d: %d bytes at offset %d beyond the file's %d bytes", i, c, off, f.size)
		}
		rows := f.blockRows(g, l, i)
		need := uint64(rows) * uint64(rowBytes)
		if l.compression == 1 && c < need {
			return f.errf("block %d: %d bytes, want %d", i, c, need)
		}
		if c == 0 || need > c*maxTIFFExpansion {
			return f.errf("block %d: %d bytes cannot hold %d decoded bytes", i, c, need)
		}
	}
	g.Data = make([]float32, g.Width*g.Height)
	nan := float32(math.NaN())
	noData := float32(l.noData)
	var buf []byte
	for i, off := range l.offsets {
		bx, by := i%across, i/across
		x0, y0 := bx*bw, by*bh
		rows := f.blockRows(g, l, i)
		cols := min(bw, g.Width-x0)
		imgRows := min(rows, g.Height-y0)
		c := l.counts[i]
		if off == 0 && c == 0 {
			for y := y0; y < y0+imgRows; y++ {
				row := g.Data[y*g.Width+x0 : y*g.Width+x0+cols]
				for k := range row {
					row[k] = nan
				}
			}
			continue
		}
		raw, err := f.readAt(off, c)
		if err != nil {
			return err
		}
		need := rows * rowBytes
		if cap(buf) < need {
			buf = make([]byte, need)
		}
		buf = buf[:need]
		if err := f.decompress(l.compression, raw, buf); err != nil {
			return fmt.Errorf("%w (block %d)", err, i)
		}
		for y := 0; y < imgRows; y++ {
			src := buf[y*rowBytes : (y+1)*rowBytes]
			bo := f.bo
			switch l.predictor {
			case 2:
				undoHorizontalPredictor(src, l.kind.bytes, bo)
			case 3:
				src = undoFloatPredictor(src, l.kind.bytes)
				bo = binary.BigEndian
			}
			dst := g.Data[(y0+y)*g.Width+x0 : (y0+y)*g.Width+x0+cols]
			convertSamples(dst, src, l.kind, bo)
			if l.hasNoData {
				for k, v := range dst {
					if v == noData {
						dst[k] = nan
					}
				}
			}
		}
	}
	return nil
}

// blockRows is the number of image rows stored in block i: full tiles
// always hold blockH rows (padding included); strips stop at the image.
func (f *tiffFile) blockRows(g *Grid, l *tiffLayout, i int) int {
	if l.tiled {
		return l.blockH
	}
	return min(l.blockH, g.Height-i*l.blockH)
}

func (f *tiffFile) decompress(compression uint64, raw, dst []byte) error {
	switch compression {
	case 1:
		copy(dst, raw)
		return nil
	case 8, 32946:
		var err error
		if f.zr == nil {
			f.zr, err = zlib.NewReader(bytes.NewReader(raw))
		} else {
			err = f.zr.(zlib.Resetter).Reset(bytes.NewReader(raw), nil)
		}
		if err != nil {
			f.zr = nil
			return f.errf("Deflate data: %v", err)
		}
		if _, err := io.ReadFull(f.zr, dst); err != nil {
			return f.errf("Deflate data: %v", err)
		}
		return nil
	case 5:
		if err := decodeTIFFLZW(raw, dst); err != nil {
			return f.errf("LZW data: %v", err)
		}
		return nil
	case 32773:
		if err := decodePackBits(raw, dst); err != nil {
			return f.errf("PackBits data: %v", err)
		}
		return nil
	}
	return f.errf("compression %d", compression)
}

// decodePackBits follows TIFF 6.0 section 9.
func decodePackBits(src, dst []byte) error {
	n := 0
	for n < len(dst) {
		if len(src) == 0 {
			return fmt.Errorf("%d of %d bytes decoded", n, len(dst))
		}
		h := int8(src[0])
		src = src[1:]
		switch {
		case h >= 0:
			k := int(h) + 1
			if k > len(src) || k > len(dst)-n {
				return fmt.Errorf("literal run of %d bytes overflows", k)
			}
			n += copy(dst[n:], src[:k])
			src = src[k:]
		case h != -128:
			k := 1 - int(h)
			if len(src) == 0 || k > len(dst)-n {
				return fmt.Errorf("repeat run of %d bytes overflows", k)
			}
			for j := 0; j < k; j++ {
				dst[n+j] = src[0]
			}
			n += k
			src = src[1:]
		}
	}
	return nil
}

// undoHorizontalPredictor reverses TIFF 6.0 section 14 differencing on one
// row of single-sample pixels of size bytes in byte order bo.
func undoHorizontalPredictor(row []byte, size int, bo binary.ByteOrder) {
	switch size {
	case 1:
		for i := 1; i < len(row); i++ {
			row[i] += row[i-1]
		}
	case 2:
		for i := 2; i+2 <= len(row); i += 2 {
			bo.PutUint16(row[i:], bo.Uint16(row[i:])+bo.Uint16(row[i-2:]))
		}
	case 4:
		for i := 4; i+4 <= len(row); i += 4 {
			bo.PutUint32(row[i:], bo.Uint32(row[i:])+bo.Uint32(row[i-4:]))
		}
	}
}

// undoFloatPredictor reverses Technical Note 3: bytes were differenced
// along the row after being split into planes, most significant first. The
// result is big-endian.
func undoFloatPredictor(row []byte, size int) []byte {
	for i := 1; i < len(row); i++ {
		row[i] += row[i-1]
	}
	n := len(row) / size
	out := make([]byte, len(row))
	for i := 0; i < n; i++ {
		for b := 0; b < size; b++ {
			out[i*size+b] = row[b*n+i]
		}
	}
	return out
}

func convertSamples(dst []float32, src []byte, k sampleKind, bo binary.ByteOrder) {
	switch {
	case k.format == 1 && k.bytes == 1:
		for i := range dst {
			dst[i] = float32(src[i])
		}
	case k.format == 2 && k.bytes == 1:
		for i := range dst {
			dst[i] = float32(int8(src[i]))
		}
	case k.format == 1 && k.bytes == 2:
		for i := range dst {
			dst[i] = float32(bo.Uint16(src[2*i:]))
		}
	case k.format == 2 && k.bytes == 2:
		for i := range dst {
			dst[i] = float32(int16(bo.Uint16(src[2*i:])))
		}
	case k.format == 1 && k.bytes == 4:
		for i := range dst {
			dst[i] = float32(bo.Uint32(src[4*i:]))
		}
	case k.format == 2 && k.bytes == 4:
		for i := range dst {
			dst[i] = float32(int32(bo.Uint32(src[4*i:])))
		}
	case k.format == 3 && k.bytes == 4:
		for i := range dst {
			dst[i] = math.Float32frombits(bo.Uint32(src[4*i:]))
		}
	case k.format == 3 && k.bytes == 8:
		for i := range dst {
			dst[i] = float32(math.Float64frombits(bo.Uint64(src[8*i:])))
		}
	}
}
