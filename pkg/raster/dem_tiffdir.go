package raster

import (
	"fmt"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// GeoTIFFSet is a folder of GeoTIFF DEM tiles (as DEMNAS is distributed),
// each in EPSG:4326. It implements DEM and DEMCache. Only the headers are
// read when the folder is opened; a tile's pixels are read on first use
// and kept within the cache budget (DefaultDEMCacheBytes unless
// SetCacheBytes), the least recently used dropped first.
// A point is served by the first tile in name order whose extent holds it;
// interpolation does not reach across a tile's edge (within half a cell of
// the edge the tile's edge values are used), so tiles that overlap by a
// cell, as DEMNAS tiles do, give seamless results. It is safe for
// concurrent use.
type GeoTIFFSet struct {
	dir    string
	tiles  []*tiffTile
	cells  map[int][]int // 1° cell → tiles touching it, in name order
	resDeg float64
	cache  tileCache
}

// SetCacheBytes sets the tile cache budget (DEMCache).
func (s *GeoTIFFSet) SetCacheBytes(n int64) { s.cache.setBudget(n) }

// CacheBytes is the tile cache budget (DEMCache).
func (s *GeoTIFFSet) CacheBytes() int64 { return s.cache.limit() }

type tiffTile struct {
	path   string
	bounds [4]float64 // west, south, east, north
	mu     sync.Mutex // held while reading the tile
	grid   atomic.Pointer[Grid]
	used   atomic.Int64
	err    error // a read error, kept: the tile is not read again
}

func (t *tiffTile) lastUse() int64 { return t.used.Load() }

func (t *tiffTile) drop() int64 {
	if g := t.grid.Swap(nil); g != nil {
		return int64(len(g.Data)) * 4
	}
	return 0
}

// load returns the tile's grid, reading it when not in the cache.
func (t *tiffTile) load(c *tileCache) (*Grid, error) {
	t.used.Store(c.tick())
	if g := t.grid.Load(); g != nil {
		return g, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if g := t.grid.Load(); g != nil {
		return g, nil
	}
	if t.err != nil {
		return nil, t.err
	}
	f, err := os.Open(t.path)
	if err != nil {
		t.err = fmt.Errorf("geoio: DEM: %w", err)
		return nil, t.err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.err = fmt.Errorf("geoio: DEM: %w", err)
		return nil, t.err
	}
	g, err := ReadGeoTIFF(f, st.Size(), t.path)
	if err != nil {
		t.err = err
		return nil, err
	}
	t.grid.Store(g)
	c.added(t, int64(len(g.Data))*4)
	return g, nil
}

func degCell(lon, lat float64) int {
	return int(math.Floor(lat)+90)*2000 + int(math.Floor(lon)+540)
}

// OpenGeoTIFFDir indexes the .tif/.tiff files in dir by their extents. A
// file that is not a readable EPSG:4326 GeoTIFF DEM is an error naming it.
func OpenGeoTIFFDir(dir string) (*GeoTIFFSet, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("geoio: DEM folder: %w", err)
	}
	var names []string
	for _, e := range entries {
		lower := strings.ToLower(e.Name())
		if !e.IsDir() && (strings.HasSuffix(lower, ".tif") || strings.HasSuffix(lower, ".tiff")) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return nil, &geoio.FormatError{File: dir, Index: -1, Reason: "no GeoTIFF (.tif) files"}
	}
	s := &GeoTIFFSet{dir: dir, cells: map[int][]int{}, resDeg: math.Inf(1)}
	for _, name := range names {
		path := filepath.Join(dir, name)
		g, err := readGeoTIFFHeader(path)
		if err != nil {
			return nil, err
		}
		b := g.Bounds()
		t := &tiffTile{path: path, bounds: [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
		idx := len(s.tiles)
		s.tiles = append(s.tiles, t)
		s.resDeg = math.Min(s.resDeg, g.ResolutionDeg())
		// Tiles are bounded by the reader to lon/lat extents, so this
		// loop is short.
		for lat := math.Floor(b.Min[1]); lat <= b.Max[1]; lat++ {
			for lon := math.Floor(b.Min[0]); lon <= b.Max[0]; lon++ {
				k := degCell(lon, lat)
				s.cells[k] = append(s.cells[k], idx)
			}
		}
	}
	return s, nil
}

func readGeoTIFFHeader(path string) (*Grid, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geoio: DEM: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("geoio: DEM: %w", err)
	}
	tf, err := parseTIFF(f, st.Size(), path)
	if err != nil {
		return nil, err
	}
	g, _, err := tf.geoGrid()
	return g, err
}

// ResolutionDeg is the finest cell size among the tiles.
func (s *GeoTIFFSet) ResolutionDeg() float64 { return s.resDeg }

// ElevationM interpolates in the first tile holding lon, lat. A point in
// no tile is an error wrapping ErrDEMMissing that names the folder.
func (s *GeoTIFFSet) ElevationM(lon, lat float64) (float64, error) {
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return 0, fmt.Errorf("geoio: invalid location lon %g lat %g", lon, lat)
	}
	for _, i := range s.cells[degCell(lon, lat)] {
		t := s.tiles[i]
		if lon < t.bounds[0] || lon > t.bounds[2] || lat < t.bounds[1] || lat > t.bounds[3] {
			continue
		}
		g, err := t.load(&s.cache)
		if err != nil {
			return 0, err
		}
		return g.ElevationM(lon, lat)
	}
	return 0, fmt.Errorf("%w: no GeoTIFF in %s covers lon %.6f lat %.6f", ErrDEMMissing, s.dir, lon, lat)
}
