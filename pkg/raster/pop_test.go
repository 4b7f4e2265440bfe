package raster

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/paulmach/orb"
)

func testPopGrid(c crs.CRS, west, north, cell float64, w, h int) *PopGrid {
	rng := rand.New(rand.NewPCG(1, 2))
	g := &PopGrid{CRS: c, West: west, North: north, CellX: cell, CellY: cell * 1.25, Width: w, Height: h,
		Data: make([]float32, w*h)}
	for i := range g.Data {
		switch rng.IntN(10) {
		case 0:
			g.Data[i] = float32(math.NaN())
		case 1, 2, 3:
			g.Data[i] = 0
		default:
			g.Data[i] = rng.Float32() * 50
		}
	}
	return g
}

func writePop(t testing.TB, g *PopGrid, o PopWriteOptions) []byte {
	var buf bytes.Buffer
	if err := WritePopulationGeoTIFF(&buf, g, o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sameF32(a, b float32) bool { return a == b || (a != a && b != b) }

func TestPopulationRoundTrip(t *testing.T) {
	utm, err := crs.Parse("EPSG:32750")
	if err != nil {
		t.Fatal(err)
	}
	grids := map[string]*PopGrid{
		"EPSG:4326":  testPopGrid(crs.WGS84, 116.1, 0.2, 0.001, 301, 203),
		"EPSG:32750": testPopGrid(utm, 450000, 10020000, 100, 301, 203),
	}
	if moll, err := crs.Parse("ESRI:54009"); err == nil {
		grids["ESRI:54009"] = testPopGrid(moll, 11200000, 25000, 100, 301, 203)
	} else {
		t.Logf("ESRI:54009 not in pkg/crs: %v", err)
	}
	opts := []PopWriteOptions{
		{},
		{Deflate: true},
		{TileSize: 64},
		{TileSize: 64, Deflate: true, NoData: -99999, HasNoData: true},
		{TileSize: 256, Deflate: true},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for name, g := range grids {
		for _, o := range opts {
			b := writePop(t, g, o)
			p, err := NewPopRaster(bytes.NewReader(b), int64(len(b)), "t.tif")
			if err != nil {
				t.Fatalf("%s %+v: %v", name, o, err)
			}
			if !p.CRS.Equal(g.CRS) || p.Width != g.Width || p.Height != g.Height || p.West != g.West || p.North != g.North ||
				p.CellX != g.CellX || p.CellY != g.CellY {
				t.Fatalf("%s %+v: header %+v", name, o, p.PopGrid)
			}
			for k := 0; k < 8; k++ {
				var box orb.Bound
				if k == 0 {
					box = p.Extent
				} else {
					x0, y0 := rng.IntN(g.Width), rng.IntN(g.Height)
					x1, y1 := x0+rng.IntN(g.Width-x0)+1, y0+rng.IntN(g.Height-y0)+1
					box = orb.Bound{Min: g.CellCentre(x0, y1-1), Max: g.CellCentre(x1-1, y0)}
				}
				win, err := p.WindowXY(box)
				if err != nil {
					t.Fatal(err)
				}
				if k == 0 && (win.Width != g.Width || win.Height != g.Height) {
					t.Fatalf("whole window %d×%d", win.Width, win.Height)
				}
				if b := win.Bounds(); b.Min[0] > box.Min[0] || b.Max[0] < box.Max[0] || b.Min[1] > box.Min[1] || b.Max[1] < box.Max[1] {
					t.Fatalf("window %v does not hold %v", b, box)
				}
				for j := 0; j < win.Height; j++ {
					for i := 0; i < win.Width; i++ {
						want := g.Data[(j+win.Row0)*g.Width+i+win.Col0]
						if got := win.Data[j*win.Width+i]; !sameF32(got, want) {
							t.Fatalf("%s %+v: cell %d,%d = %g, want %g", name, o, i+win.Col0, j+win.Row0, got, want)
						}
					}
				}
				if c, w := win.CellCentre(0, 0), g.CellCentre(win.Col0, win.Row0); math.Abs(c[0]-w[0]) > 1e-9*math.Abs(w[0])+1e-12 ||
					math.Abs(c[1]-w[1]) > 1e-9*math.Abs(w[1])+1e-12 {
					t.Fatalf("window georeferencing %v vs %v", c, g.CellCentre(win.Col0, win.Row0))
				}
			}
			// lon/lat window around the middle of the raster
			mid := p.ToLonLat(g.CellCentre(150, 100))
			win, err := p.Window(orb.Bound{Min: mid, Max: mid}.Pad(0.0005))
			if err != nil || win.Width == 0 || win.Col0 > 150 || win.Col0+win.Width <= 150 || win.Row0 > 100 || win.Row0+win.Height <= 100 {
				t.Fatalf("%s: lon/lat window %+v %v", name, win, err)
			}
			// outside: an empty window
			win, err = p.WindowXY(orb.Bound{Min: orb.Point{-1e9, -1e9}, Max: orb.Point{-1e9 + 1, -1e9 + 1}})
			if err != nil || win.Width*win.Height != 0 || len(win.Data) != 0 {
				t.Fatalf("outside window %+v %v", win, err)
			}
		}
	}
}

// A damaged file is an error, never a panic.
func TestPopulationCorrupt(t *testing.T) {
	g := testPopGrid(crs.WGS84, 116, 0, 0.001, 150, 130)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, o := range []PopWriteOptions{{TileSize: 32, Deflate: true}, {}, {Deflate: true}} {
		good := writePop(t, g, o)
		for k := 0; k < 1000; k++ {
			b := bytes.Clone(good)
			switch k % 3 {
			case 0:
				b = b[:rng.IntN(len(b))]
			case 1:
				for n := rng.IntN(4) + 1; n > 0; n-- {
					b[rng.IntN(min(len(b), 400))] = byte(rng.IntN(256))
				}
			default:
				b[rng.IntN(len(b))] ^= 1 << rng.IntN(8)
			}
			p, err := NewPopRaster(bytes.NewReader(b), int64(len(b)), "bad.tif")
			if err != nil {
				continue
			}
			p.WindowXY(p.Extent)
			p.Window(orb.Bound{Min: orb.Point{116.02, -0.1}, Max: orb.Point{116.1, -0.05}})
			if fr, err := p.FrameXY(p.Extent); err == nil {
				p.ReadBands(fr, 1000, func(b *PopGrid) error {
					if len(b.Data) != b.Width*b.Height {
						t.Fatalf("band %d×%d with %d values", b.Width, b.Height, len(b.Data))
					}
					return nil
				})
			}
		}
	}
}

func TestPopulationCRSErrors(t *testing.T) {
	g := testPopGrid(crs.WGS84, 116, 0, 0.001, 20, 20)
	b := writePop(t, g, PopWriteOptions{})
	// The DEM reader still refuses nothing it used to read …
	if _, err := ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), "x.tif"); err != nil {
		t.Fatal(err)
	}
	// … and a projected raster remains an error for a DEM.
	utm, _ := crs.Parse("EPSG:32750")
	g.CRS, g.West, g.North, g.CellX, g.CellY = utm, 500000, 9990000, 100, 100
	b = writePop(t, g, PopWriteOptions{})
	if _, err := ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), "x.tif"); err == nil {
		t.Error("DEM in UTM accepted")
	}
}

func TestPopulationCRSKeys(t *testing.T) {
	f := &tiffFile{name: "x.tif"}
	_, mollErr := crs.Parse("ESRI:54009")
	for _, c := range []struct {
		keys  map[uint16]uint64
		ascii map[uint16]string
		want  string // the CRS, or a word of the error
	}{
		{map[uint16]uint64{geoKeyModelType: 2, geoKeyGeographicType: 4326}, nil, "EPSG:4326"},
		{map[uint16]uint64{geoKeyModelType: 2, geoKeyGeographicType: 4755}, nil, "4755"},
		{map[uint16]uint64{geoKeyModelType: 1, geoKeyProjectedType: 32750}, nil, "EPSG:32750"},
		{map[uint16]uint64{geoKeyModelType: 1, geoKeyProjectedType: 32750, geoKeyProjLinUnits: 9002}, nil, "linear unit"},
		{map[uint16]uint64{geoKeyModelType: 1, geoKeyProjectedType: 2000}, nil, "EPSG:2000"},
		{map[uint16]uint64{geoKeyModelType: 1, geoKeyProjectedType: userDefined}, map[uint16]string{geoKeyCitation: "Some_Local_Grid|"}, "Some_Local_Grid"},
		{map[uint16]uint64{geoKeyModelType: 1, geoKeyProjectedType: userDefined}, map[uint16]string{geoKeyPCSCitation: "World_Mollweide|"}, "ESRI:54009"},
		{map[uint16]uint64{geoKeyModelType: 1, geoKeyProjectedType: 54009}, nil, "54009"},
		{map[uint16]uint64{geoKeyModelType: 3}, nil, "model type"},
	} {
		got, err := f.popCRS(c.keys, c.ascii)
		s := got.String()
		if err != nil {
			s = err.Error()
		}
		if !bytes.Contains([]byte(s), []byte(c.want)) {
			t.Errorf("%v %v: %q, want it to name %q", c.keys, c.ascii, s, c.want)
		}
		if strings.Contains(c.want, "54009") {
			if (mollErr == nil) != (err == nil) {
				t.Errorf("%v: %v, while pkg/crs gives %v", c.keys, err, mollErr)
			}
		}
	}
}

func FuzzPopulation(f *testing.F) {
	g := testPopGrid(crs.WGS84, 116, 0, 0.001, 40, 33)
	for _, o := range []PopWriteOptions{{}, {TileSize: 16, Deflate: true}, {Deflate: true, NoData: -1, HasNoData: true}} {
		f.Add(writePop(f, g, o))
	}
	f.Add(tiffBuild(testTIFF{w: 37, h: 23, value: rampValue, tileW: 16, tileH: 16, compression: 5, predictor: 2}))
	f.Add(tiffBuild(testTIFF{big: true, w: 37, h: 23, value: rampValue, format: 3, bits: 32, rowsPerStrip: 8, compression: 5, predictor: 3}))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := NewPopRaster(bytes.NewReader(b), int64(len(b)), "fuzz.tif")
		if err != nil {
			return
		}
		if w, err := p.WindowXY(p.Extent); err == nil && len(w.Data) != w.Width*w.Height {
			t.Fatalf("window of %d×%d holds %d values", w.Width, w.Height, len(w.Data))
		}
	})
}

// Windows hold what ReadGeoTIFF reads whole, for every sample type,
// layout, byte order, compression and predictor, and GDAL's own files.
func TestPopulationMatchesReadGeoTIFF(t *testing.T) {
	files := map[string][]byte{}
	for name, c := range map[string]testTIFF{
		"int16 strips LE":             {w: 37, h: 23, rowsPerStrip: 5},
		"uint8 strips deflate":        {w: 37, h: 23, format: 1, bits: 8, rowsPerStrip: 4, compression: 8},
		"uint16 tiles LZW predictor":  {w: 37, h: 23, format: 1, bits: 16, tileW: 16, tileH: 16, compression: 5, predictor: 2},
		"int16 strips BE deflate":     {big: true, w: 37, h: 23, rowsPerStrip: 7, compression: 8, predictor: 2},
		"int32 strips deflate":        {w: 37, h: 23, format: 2, bits: 32, rowsPerStrip: 8, compression: 8, predictor: 2},
		"float32 tiles float pred BE": {big: true, w: 37, h: 23, format: 3, bits: 32, tileW: 16, tileH: 32, compression: 8, predictor: 3},
		"float64 strips LZW":          {w: 37, h: 23, format: 3, bits: 64, rowsPerStrip: 8, compression: 5},
		"float32 nodata":              {w: 37, h: 23, format: 3, bits: 32, rowsPerStrip: 8, noData: "-99999"},
	} {
		c.value = rampValue
		if c.noData != "" {
			c.value = func(x, y int) float64 {
				if (x+y)%7 == 0 {
					return -99999
				}
				return rampValue(x, y)
			}
		}
		files[name] = tiffBuild(c)
	}
	for _, name := range []string{"gdal_int16_lzw_pred2_tiled.tif", "gdal_float32_deflate_pred3.tif",
		"gdal_int16_packbits_bigtiff.tif", "gdal_int16_lzw_pred2_tiled_be.tif", "gdal_float32_lzw_pred3_tiled.tif"} {
		b, err := os.ReadFile(filepath.Join("testdata", "dem", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for name, b := range files {
		g, err := ReadGeoTIFF(bytes.NewReader(b), int64(len(b)), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p, err := NewPopRaster(bytes.NewReader(b), int64(len(b)), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.Width != g.Width || p.Height != g.Height || p.West != g.WestDeg || p.North != g.NorthDeg || !p.CRS.Equal(crs.WGS84) {
			t.Fatalf("%s: header %+v", name, p.PopGrid)
		}
		for k := 0; k < 20; k++ {
			x0, y0 := rng.IntN(g.Width), rng.IntN(g.Height)
			x1, y1 := x0+rng.IntN(g.Width-x0), y0+rng.IntN(g.Height-y0)
			box := orb.Bound{Min: g.CellCentre(x0, y1), Max: g.CellCentre(x1, y0)}
			win, err := p.Window(box)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for j := 0; j < win.Height; j++ {
				for i := 0; i < win.Width; i++ {
					want := g.Data[(j+win.Row0)*g.Width+i+win.Col0]
					if got := win.Data[j*win.Width+i]; !sameF32(got, want) {
						t.Fatalf("%s: cell %d,%d = %v, want %v", name, i+win.Col0, j+win.Row0, got, want)
					}
				}
			}
		}
	}
}
