package raster

// Gridded population (WorldPop, HRSL, GHS-POP) read by window.
//
// A population GeoTIFF can be far larger than memory (WorldPop's
// Indonesia grid at 3″ is about 1.1 billion cells), so OpenPopulation
// reads only the header, the georeferencing and the strip or tile
// directory, and Window decodes only the strips or tiles under the
// requested box; ReadBands decodes the window a band of block rows at a
// time. Memory is bounded by the window, or by a band, never by the file.

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// maxPopImagePixels bounds the whole image of a population raster (only
// its directory is held in memory); maxWindowPixels bounds one window.
const (
	maxPopImagePixels = 1 << 40
	maxWindowPixels   = 1 << 28 // 1 GiB of float32
	maxBlocks         = 1 << 24 // strip or tile directory entries
)

// GeoTIFF keys for projected and user-defined CRSs (OGC 19-008r4,
// section 7.1.4 and annex B).
const (
	geoKeyCitation     = 1026 // GTCitationGeoKey
	geoKeyGeogCitation = 2049 // GeogCitationGeoKey
	geoKeyPCSCitation  = 3073 // PCSCitationGeoKey
	geoKeyProjLinUnits = 3076 // ProjLinearUnitsGeoKey
	userDefined        = 32767
	linearUnitMetre    = 9001
)

// PopGrid is a north-up raster in any CRS: a window of a population
// raster, or a grid to write with WritePopulationGeoTIFF. Cell (i, j)
// covers [West+i·CellX, West+(i+1)·CellX] × [North−(j+1)·CellY,
// North−j·CellY] in the CRS's units ("pixel is area").
type PopGrid struct {
	// Name identifies the raster in errors (usually the file name).
	Name string
	// CRS is the raster's coordinate reference system: crs.WGS84 (cells
	// are lon/lat rectangles in degrees) or a projected CRS in metres.
	CRS crs.CRS
	// West and North are the outer corner of the top-left cell.
	West, North float64
	// CellX and CellY are the cell width and height, both positive.
	CellX, CellY float64
	// Width and Height are the number of columns and rows.
	Width, Height int
	// Col0 and Row0 place a window in its file: its cell (0, 0) is the
	// file's cell (Col0, Row0).
	Col0, Row0 int
	// Data holds Width×Height values row by row from the north. NaN marks
	// no data (the file's GDAL_NODATA value, or NaN): population engines
	// count it as 0 people.
	Data []float32
	// Extent is the whole file's extent in the CRS (for a window, larger
	// than the window's own Bounds).
	Extent orb.Bound
}

// Bounds is the grid's own extent in its CRS.
func (g *PopGrid) Bounds() orb.Bound {
	return orb.Bound{
		Min: orb.Point{g.West, g.North - float64(g.Height)*g.CellY},
		Max: orb.Point{g.West + float64(g.Width)*g.CellX, g.North},
	}
}

// CellCentre is the centre of column i, row j in the grid's CRS.
func (g *PopGrid) CellCentre(i, j int) orb.Point {
	return orb.Point{g.West + (float64(i)+0.5)*g.CellX, g.North - (float64(j)+0.5)*g.CellY}
}

// ToLonLat converts a point of the grid's CRS to WGS 84 lon/lat.
func (g *PopGrid) ToLonLat(p orb.Point) orb.Point {
	if g.CRS.IsGeographic() {
		return p
	}
	lon, lat := g.CRS.ToLonLat(p[0], p[1])
	return orb.Point{lon, lat}
}

// FromLonLat converts a WGS 84 lon/lat point to the grid's CRS.
func (g *PopGrid) FromLonLat(p orb.Point) orb.Point {
	if g.CRS.IsGeographic() {
		return p
	}
	x, y := g.CRS.FromLonLat(p[0], p[1])
	return orb.Point{x, y}
}

// PopRaster is an open single-band population GeoTIFF whose pixels are
// read by window. Its methods are safe for concurrent use.
type PopRaster struct {
	// PopGrid describes the whole file; its Data is nil.
	PopGrid
	f      *tiffFile
	l      *tiffLayout
	closer io.Closer
}

// OpenPopulation opens a single-band population GeoTIFF (classic or
// BigTIFF; 8-, 16- or 32-bit integers or 32- or 64-bit floats; strips or
// tiles; uncompressed, PackBits, LZW or Deflate) georeferenced in
// EPSG:4326 or a projected CRS that pkg/crs converts (an EPSG code, or a
// user-defined CRS carried as ESRI WKT in the citation keys as GDAL
// writes it, such as World Mollweide, ESRI:54009, of GHS-POP). Only the
// header is read; Close releases the file.
func OpenPopulation(path string) (*PopRaster, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geoio: population raster: %w", err)
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, fmt.Errorf("geoio: population raster: %w", err)
	}
	p, err := NewPopRaster(fh, st.Size(), path)
	if err != nil {
		fh.Close()
		return nil, err
	}
	p.closer = fh
	return p, nil
}

// NewPopRaster is OpenPopulation on r, size bytes long; name is used in
// errors.
func NewPopRaster(r io.ReaderAt, size int64, name string) (*PopRaster, error) {
	f, err := parseTIFF(r, size, name)
	if err != nil {
		return nil, err
	}
	w, h, l, err := f.imageLayout(maxPopImagePixels, "a population raster has one")
	if err != nil {
		return nil, err
	}
	if uint64(len(l.offsets)) > maxBlocks {
		return nil, f.errf("%d strips or tiles", len(l.offsets))
	}
	p := &PopRaster{f: f, l: l}
	p.Name, p.Width, p.Height = name, int(w), int(h)
	if err := f.popGeoref(&p.PopGrid); err != nil {
		return nil, err
	}
	p.Extent = p.Bounds()
	return p, nil
}

// Close closes the file opened by OpenPopulation.
func (p *PopRaster) Close() error {
	if p.closer == nil {
		return nil
	}
	err := p.closer.Close()
	p.closer = nil
	return err
}

// popGeoref reads the CRS and the cell geometry.
func (f *tiffFile) popGeoref(g *PopGrid) error {
	keys, err := f.geoKeys()
	if err != nil {
		return err
	}
	if keys == nil {
		return &geoio.FormatError{File: f.name, Index: -1, Reason: "no GeoKeyDirectory: not a GeoTIFF",
			Fix: "georeference it with gdal_translate -a_srs EPSG:4326 -a_ullr …"}
	}
	ascii, err := f.geoASCIIKeys()
	if err != nil {
		return err
	}
	g.CRS, err = f.popCRS(keys, ascii)
	if err != nil {
		return err
	}
	west, north, dx, dy, err := f.northUp(keys[geoKeyRasterType] == 2, "", "…")
	if err != nil {
		return err
	}
	for _, v := range []float64{west, north, dx, dy} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return f.errf("georeferencing is not finite")
		}
	}
	if !(dx > 0 && dy > 0) {
		return f.errf("pixel size %g × %g; want positive sizes with row 0 at the north", dx, dy)
	}
	east, south := west+float64(g.Width)*dx, north-float64(g.Height)*dy
	if math.IsInf(east, 0) || math.IsInf(south, 0) {
		return f.errf("georeferencing is not finite")
	}
	if g.CRS.IsGeographic() && (west < -540 || east > 540 || north > 90+dy || south < -90-dy) {
		return f.errf("extent %g,%g – %g,%g is not lon/lat degrees", west, south, east, north)
	}
	g.West, g.North, g.CellX, g.CellY = west, north, dx, dy
	return nil
}

// popCRS turns the GeoKeys into a CRS: GeographicTypeGeoKey 4326 for a
// geographic raster; ProjectedCSTypeGeoKey n for EPSG:n; a user-defined
// projected CRS by the ESRI WKT or the name GDAL writes in the citation
// keys.
func (f *tiffFile) popCRS(keys map[uint16]uint64, ascii map[uint16]string) (crs.CRS, error) {
	fix := "reproject with gdalwarp -t_srs EPSG:4326"
	switch keys[geoKeyModelType] {
	case 2: // geographic
		gt, ok := keys[geoKeyGeographicType]
		if !ok || gt != 4326 {
			reason := "no GeographicTypeGeoKey; a geographic population raster must be in EPSG:4326"
			if ok {
				reason = fmt.Sprintf("geographic CRS %d; a geographic population raster must be in EPSG:4326", gt)
			}
			return crs.CRS{}, &geoio.FormatError{File: f.name, Index: -1, Reason: reason, Fix: fix}
		}
		if u, ok := keys[geoKeyGeogAngularUnit]; ok && u != 9102 {
			return crs.CRS{}, &geoio.FormatError{File: f.name, Index: -1, Reason: fmt.Sprintf("angular unit %d is not the degree (9102)", u), Fix: fix}
		}
		return crs.WGS84, nil
	case 1: // projected
		if u, ok := keys[geoKeyProjLinUnits]; ok && u != linearUnitMetre {
			return crs.CRS{}, &geoio.FormatError{File: f.name, Index: -1, Reason: fmt.Sprintf("linear unit %d is not the metre (9001)", u), Fix: fix}
		}
		pcs, ok := keys[geoKeyProjectedType]
		if ok && pcs != userDefined {
			auth := "EPSG"
			if pcs >= 53000 && pcs < 54100 {
				auth = "ESRI" // some writers put ESRI codes (54009 …) in the EPSG key
			}
			name := fmt.Sprintf("%s:%d", auth, pcs)
			c, err := crs.Parse(name)
			if err != nil || c.IsZero() {
				return crs.CRS{}, &geoio.FormatError{File: f.name, Index: -1,
					Reason: fmt.Sprintf("projected CRS %s is not supported (%v)", name, err), Fix: fix}
			}
			return c, nil
		}
		// User-defined: GDAL writes the ESRI WKT ("ESRI PE String = …") or
		// the CRS's name in the citation keys.
		var names []string
		for _, k := range []uint16{geoKeyPCSCitation, geoKeyCitation} {
			s := strings.TrimSpace(strings.TrimRight(ascii[k], "|"))
			if s == "" {
				continue
			}
			if i := strings.Index(s, "ESRI PE String = "); i >= 0 {
				if c, err := crs.Parse(strings.TrimSpace(s[i+len("ESRI PE String = "):])); err == nil && !c.IsZero() {
					return c, nil
				}
			}
			if c, err := crs.Parse(s); err == nil && !c.IsZero() {
				return c, nil
			}
			names = append(names, s)
		}
		all := strings.ToLower(strings.Join(names, " "))
		if strings.Contains(all, "mollweide") {
			c, err := crs.Parse("ESRI:54009")
			if err != nil || c.IsZero() {
				return crs.CRS{}, &geoio.FormatError{File: f.name, Index: -1,
					Reason: fmt.Sprintf("World Mollweide (ESRI:54009) is not supported by this build (%v)", err), Fix: fix}
			}
			return c, nil
		}
		reason := "user-defined projected CRS without a name or WKT this reader understands"
		if len(names) > 0 {
			reason = fmt.Sprintf("user-defined projected CRS %q is not supported", names[0])
		}
		return crs.CRS{}, &geoio.FormatError{File: f.name, Index: -1, Reason: reason, Fix: fix}
	}
	return crs.CRS{}, &geoio.FormatError{File: f.name, Index: -1,
		Reason: fmt.Sprintf("model type %d is neither geographic (2) nor projected (1)", keys[geoKeyModelType]), Fix: fix}
}

// geoASCIIKeys reads the GeoKeys whose values are in GeoAsciiParamsTag.
func (f *tiffFile) geoASCIIKeys() (map[uint16]string, error) {
	d, err := f.uints(tagGeoKeyDirectory)
	if err != nil || d == nil || len(d) < 4 {
		return nil, err
	}
	s, ok, err := f.ascii(tagGeoASCIIParams)
	if err != nil || !ok {
		return nil, err
	}
	out := map[uint16]string{}
	n := d[3]
	for i := uint64(0); i < n && 4+4*i+3 < uint64(len(d)); i++ {
		k := d[4+4*i:]
		if k[1] != tagGeoASCIIParams {
			continue
		}
		cnt, off := k[2], k[3]
		if off > uint64(len(s)) || cnt > uint64(len(s))-off {
			return nil, f.errf("GeoKey %d: ASCII value beyond GeoAsciiParams", k[0])
		}
		out[uint16(k[0])] = s[off : off+cnt]
	}
	return out, nil
}

// Window reads the cells under box, given in WGS 84 lon/lat: the box is
// projected into the raster's CRS (its edges sampled, so a curved image
// is covered), widened by one cell and clipped to the raster. A box
// entirely outside gives a window of no cells (Width or Height 0) and no
// error; the caller's cover statistics then say so.
func (p *PopRaster) Window(box orb.Bound) (*PopGrid, error) {
	win, err := p.Frame(box)
	if err != nil {
		return nil, err
	}
	return win, p.readFrame(win)
}

// WindowXY reads the cells under box, given in the raster's own CRS,
// widened by one cell and clipped to the raster.
func (p *PopRaster) WindowXY(box orb.Bound) (*PopGrid, error) {
	win, err := p.FrameXY(box)
	if err != nil {
		return nil, err
	}
	return win, p.readFrame(win)
}

// Frame is the window Window(box) would read, without its cells (Data
// is nil): the frame to read band by band with ReadBands.
func (p *PopRaster) Frame(box orb.Bound) (*PopGrid, error) {
	if !p.CRS.IsGeographic() {
		xy := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		const n = 32
		for k := 0; k <= n; k++ {
			t := float64(k) / n
			lon := box.Min[0] + t*(box.Max[0]-box.Min[0])
			lat := box.Min[1] + t*(box.Max[1]-box.Min[1])
			for _, q := range [][2]float64{{lon, box.Min[1]}, {lon, box.Max[1]}, {box.Min[0], lat}, {box.Max[0], lat}} {
				x, y := p.CRS.FromLonLat(q[0], q[1])
				if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
					continue
				}
				xy = xy.Extend(orb.Point{x, y})
			}
		}
		box = xy
	}
	return p.FrameXY(box)
}

// FrameXY is the window WindowXY(box) would read, without its cells.
func (p *PopRaster) FrameXY(box orb.Bound) (*PopGrid, error) {
	win := &PopGrid{Name: p.Name, CRS: p.CRS, CellX: p.CellX, CellY: p.CellY, Extent: p.Extent}
	for _, v := range []float64{box.Min[0], box.Min[1], box.Max[0], box.Max[1]} {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("geoio: population window: box %v is not a number", box)
		}
	}
	c0 := math.Floor((box.Min[0]-p.West)/p.CellX) - 1
	c1 := math.Ceil((box.Max[0]-p.West)/p.CellX) + 1
	r0 := math.Floor((p.North-box.Max[1])/p.CellY) - 1
	r1 := math.Ceil((p.North-box.Min[1])/p.CellY) + 1
	c0, r0 = math.Max(c0, 0), math.Max(r0, 0)
	c1, r1 = math.Min(c1, float64(p.Width)), math.Min(r1, float64(p.Height))
	if !(c1 > c0 && r1 > r0) {
		win.West, win.North = p.West, p.North
		return win, nil
	}
	win.Col0, win.Row0 = int(c0), int(r0)
	win.Width, win.Height = int(c1)-win.Col0, int(r1)-win.Row0
	win.West = p.West + float64(win.Col0)*p.CellX
	win.North = p.North - float64(win.Row0)*p.CellY
	return win, nil
}

// readFrame reads all the cells of a frame at once.
func (p *PopRaster) readFrame(win *PopGrid) error {
	if win.Width == 0 || win.Height == 0 {
		return nil
	}
	if uint64(win.Width)*uint64(win.Height) > maxWindowPixels {
		return fmt.Errorf("geoio: population window of %d×%d cells of %s is larger than the %d cells read at once",
			win.Width, win.Height, p.Name, maxWindowPixels)
	}
	return p.readWindow(win)
}

// blockJob is one strip or tile under a window.
type blockJob struct{ index, bx, by int }

// readWindow decodes the blocks under win, in parallel, each into its
// part of win.Data.
func (p *PopRaster) readWindow(win *PopGrid) error {
	f, l := p.f, p.l
	// A lying header (sparse blocks, or a size no block backs) must not
	// make us allocate for nothing: the decoded window cannot be larger
	// than the whole file at the highest expansion ratio.
	if uint64(win.Width)*uint64(win.Height)*uint64(l.kind.bytes) > uint64(f.size)*maxTIFFExpansion {
		return f.errf("a window of %d×%d cells cannot be stored in %d bytes", win.Width, win.Height, f.size)
	}
	bw, bh := l.blockW, l.blockH
	across := (p.Width + bw - 1) / bw
	bx0, bx1 := win.Col0/bw, (win.Col0+win.Width-1)/bw
	by0, by1 := win.Row0/bh, (win.Row0+win.Height-1)/bh
	rowBytes := bw * l.kind.bytes
	var jobs, sparse []blockJob
	for by := by0; by <= by1; by++ {
		for bx := bx0; bx <= bx1; bx++ {
			i := by*across + bx
			if i >= len(l.offsets) {
				return f.errf("block %d is missing from the directory", i)
			}
			off, c := l.offsets[i], l.counts[i]
			if off == 0 && c == 0 {
				sparse = append(sparse, blockJob{i, bx, by}) // GDAL's sparse block: no data
				continue
			}
			if off > uint64(f.size) || c > uint64(f.size)-off {
				return f.errf("block %d: %d bytes at offset %d beyond the file's %d bytes", i, c, off, f.size)
			}
			need := uint64(p.blockRows(i)) * uint64(rowBytes)
			if l.compression == 1 && c < need {
				return f.errf("block %d: %d bytes, want %d", i, c, need)
			}
			if c == 0 || need > c*maxTIFFExpansion {
				return f.errf("block %d: %d bytes cannot hold %d decoded bytes", i, c, need)
			}
			jobs = append(jobs, blockJob{i, bx, by})
		}
	}
	// Every cell lies in one block: the decoded blocks write theirs, the
	// sparse ones are no data.
	if n := win.Width * win.Height; cap(win.Data) >= n {
		win.Data = win.Data[:n]
	} else {
		win.Data = make([]float32, n)
	}
	nan := float32(math.NaN())
	for _, j := range sparse {
		x0, y0 := j.bx*bw, j.by*bh
		cx0, cx1 := max(x0, win.Col0), min(x0+bw, win.Col0+win.Width)
		for y := max(y0, win.Row0); y < min(y0+bh, win.Row0+win.Height); y++ {
			row := win.Data[(y-win.Row0)*win.Width:]
			for x := cx0; x < cx1; x++ {
				row[x-win.Col0] = nan
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	if workers == 0 {
		return nil
	}
	next := make(chan blockJob)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			d := &blockDecoder{f: f}
			for j := range next {
				if errs[w] != nil {
					continue
				}
				errs[w] = d.decode(p, win, j)
			}
		}(w)
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

func (p *PopRaster) blockRows(i int) int {
	if p.l.tiled {
		return p.l.blockH
	}
	return min(p.l.blockH, p.Height-i*p.l.blockH)
}

// blockDecoder holds one worker's buffers and Deflate state.
type blockDecoder struct {
	f   *tiffFile
	zr  io.ReadCloser
	raw []byte
	buf []byte
}

func (d *blockDecoder) decode(p *PopRaster, win *PopGrid, j blockJob) error {
	f, l := d.f, p.l
	off, c := l.offsets[j.index], l.counts[j.index]
	if uint64(cap(d.raw)) < c {
		d.raw = make([]byte, c)
	}
	raw := d.raw[:c]
	if _, err := f.r.ReadAt(raw, int64(off)); err != nil && !(errors.Is(err, io.EOF) && c == 0) {
		return f.errf("reading %d bytes at offset %d: %v", c, off, err)
	}
	rows := p.blockRows(j.index)
	rowBytes := l.blockW * l.kind.bytes
	need := rows * rowBytes
	if cap(d.buf) < need {
		d.buf = make([]byte, need)
	}
	buf := d.buf[:need]
	if err := d.decompress(l.compression, raw, buf); err != nil {
		return fmt.Errorf("%w (block %d)", err, j.index)
	}
	// The block's image cells that fall in the window.
	x0, y0 := j.bx*l.blockW, j.by*l.blockH
	cx0, cx1 := max(x0, win.Col0), min(x0+l.blockW, win.Col0+win.Width, p.Width)
	ry0, ry1 := max(y0, win.Row0), min(y0+rows, win.Row0+win.Height, p.Height)
	noData := float32(l.noData)
	nan := float32(math.NaN())
	for y := ry0; y < ry1; y++ {
		src := buf[(y-y0)*rowBytes : (y-y0+1)*rowBytes]
		bo := f.bo
		switch l.predictor {
		case 2:
			undoHorizontalPredictor(src, l.kind.bytes, bo)
		case 3:
			src = undoFloatPredictor(src, l.kind.bytes)
			bo = binary.BigEndian
		}
		dst := win.Data[(y-win.Row0)*win.Width+(cx0-win.Col0) : (y-win.Row0)*win.Width+(cx1-win.Col0)]
		convertSamples(dst, src[(cx0-x0)*l.kind.bytes:], l.kind, bo)
		if l.hasNoData {
			for k, v := range dst {
				if v == noData {
					dst[k] = nan
				}
			}
		}
	}
	return nil
}

func (d *blockDecoder) decompress(compression uint64, raw, dst []byte) error {
	if compression != 8 && compression != 32946 {
		return d.f.decompress(compression, raw, dst) // stateless for the others
	}
	var err error
	if d.zr == nil {
		d.zr, err = zlib.NewReader(bytes.NewReader(raw))
	} else {
		err = d.zr.(zlib.Resetter).Reset(bytes.NewReader(raw), nil)
	}
	if err != nil {
		d.zr = nil
		return d.f.errf("Deflate data: %v", err)
	}
	if _, err := io.ReadFull(d.zr, dst); err != nil {
		return d.f.errf("Deflate data: %v", err)
	}
	return nil
}
