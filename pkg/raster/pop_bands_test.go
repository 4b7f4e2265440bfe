package raster

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/paulmach/orb"
)

// Bands tile the frame from the north in whole blocks, hold the cells
// the whole window holds, and are placed in the file.
func TestReadBands(t *testing.T) {
	g := testPopGrid(crs.WGS84, 116.1, 0.2, 0.001, 301, 203)
	for _, o := range []PopWriteOptions{{}, {Deflate: true, HasNoData: true, NoData: -99999}, {TileSize: 32}, {TileSize: 16, Deflate: true}} {
		b := writePop(t, g, o)
		p, err := NewPopRaster(bytes.NewReader(b), int64(len(b)), "t.tif")
		if err != nil {
			t.Fatal(err)
		}
		box := orb.Bound{Min: orb.Point{116.13, 0.08}, Max: orb.Point{116.35, 0.17}}
		win, err := p.Window(box)
		if err != nil {
			t.Fatal(err)
		}
		frame, err := p.Frame(box)
		if err != nil || frame.Data != nil || frame.Row0 != win.Row0 || frame.Height != win.Height || frame.Width != win.Width {
			t.Fatalf("%+v: frame %+v %v, window at %d,%d %d×%d", o, frame, err, win.Col0, win.Row0, win.Width, win.Height)
		}
		for _, cells := range []int{1, 1000, 40 * win.Width, 1 << 30} {
			next, bands := win.Row0, 0
			err := p.ReadBands(frame, cells, func(b *PopGrid) error {
				bands++
				if b.Row0 != next || b.Col0 != win.Col0 || b.Width != win.Width || b.North != g.North-float64(b.Row0)*g.CellY {
					t.Fatalf("%+v, %d cells: band at %d,%d north %g after row %d", o, cells, b.Col0, b.Row0, b.North, next)
				}
				if end := b.Row0 + b.Height; end != win.Row0+win.Height && end%p.l.blockH != 0 {
					t.Errorf("%+v: band ends at row %d, inside a block of %d rows", o, end, p.l.blockH)
				}
				for k, v := range b.Data {
					if want := win.Data[(b.Row0-win.Row0)*win.Width+k]; !sameF32(v, want) {
						t.Fatalf("%+v: band cell %d of row %d is %g, want %g", o, k, b.Row0, v, want)
					}
				}
				next = b.Row0 + b.Height
				return nil
			})
			if err != nil || next != win.Row0+win.Height {
				t.Fatalf("%+v, %d cells: bands end at row %d, want %d (%v)", o, cells, next, win.Row0+win.Height, err)
			}
			if want := (win.Row0+win.Height-1)/p.l.blockH - win.Row0/p.l.blockH + 1; cells == 1 && bands != want {
				t.Errorf("%+v: %d bands of one block row, want %d", o, bands, want)
			}
		}
		stop := errors.New("stop")
		if err := p.ReadBands(frame, 1, func(*PopGrid) error { return stop }); err != stop {
			t.Errorf("fn's error: got %v", err)
		}
	}
}
