package raster

import "fmt"

// DefaultBandCells is the size of the bands ReadBands reads when given
// no size: 4 Mi cells, 16 MiB of float32.
const DefaultBandCells = 1 << 22

// ReadBands reads the cells of frame (from Frame or FrameXY) band by band
// from the north and passes each band to fn, so that memory is bounded by
// two bands rather than by the window. A band is a PopGrid of the frame's
// columns and of whole strip or tile rows of the file (the first and last
// clipped to the frame), as many as fit in about maxCells cells and at
// least one; its blocks are decoded in parallel, each once, and the next
// band is decoded while fn works on one. Row0 and North place the band in
// the file; its Data is reused for the band after next, so fn must not
// keep it. maxCells ≤ 0 means DefaultBandCells. An error from fn stops
// the reading and is returned as it is.
func (p *PopRaster) ReadBands(frame *PopGrid, maxCells int, fn func(band *PopGrid) error) error {
	if frame == nil || frame.Width <= 0 || frame.Height <= 0 {
		return nil
	}
	if frame.Col0 < 0 || frame.Row0 < 0 || frame.Col0+frame.Width > p.Width || frame.Row0+frame.Height > p.Height {
		return fmt.Errorf("geoio: population bands: frame of %d×%d cells at column %d, row %d is not inside %s",
			frame.Width, frame.Height, frame.Col0, frame.Row0, p.Name)
	}
	if maxCells <= 0 {
		maxCells = DefaultBandCells
	}
	bh := p.l.blockH
	blockRows := max(1, maxCells/frame.Width/bh) // block rows per band
	end := frame.Row0 + frame.Height
	var bands [2]PopGrid
	read := func(k, r0 int) error {
		band := &bands[k%2]
		data := band.Data
		*band = *frame
		band.Data = data
		r1 := min(end, (r0/bh+blockRows)*bh)
		band.Row0, band.Height = r0, r1-r0
		band.North = p.North - float64(r0)*p.CellY
		if uint64(band.Width)*uint64(band.Height) > maxWindowPixels {
			return fmt.Errorf("geoio: population band of %d×%d cells of %s (blocks of %d rows) is larger than the %d cells read at once",
				band.Width, band.Height, p.Name, bh, maxWindowPixels)
		}
		return p.readWindow(band)
	}
	if err := read(0, frame.Row0); err != nil {
		return err
	}
	for k := 0; ; k++ {
		band := &bands[k%2]
		next := band.Row0 + band.Height
		var readErr chan error
		if next < end {
			readErr = make(chan error, 1)
			go func() { readErr <- read(k+1, next) }()
		}
		err := fn(band)
		if readErr != nil {
			if rerr := <-readErr; err == nil {
				err = rerr
			}
		}
		if err != nil || readErr == nil {
			return err
		}
	}
}
