package raster

// SRTM .hgt tiles (format in doc.go).

import (
	"archive/zip"
	"encoding/binary"
	"fmt"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

const hgtVoid = -32768

// HGTSet is a folder of SRTM tiles. It implements DEM and DEMCache; tiles
// are read on first use and kept within the cache budget (26 MB per 1″
// tile, 2.9 MB per 3″ tile; DefaultDEMCacheBytes unless SetCacheBytes),
// the least recently used dropped first. It is safe for concurrent use.
type HGTSet struct {
	dir    string
	tiles  map[int]*hgtTile // fixed after open, so lookups need no lock
	resDeg float64
	cache  tileCache
}

// SetCacheBytes sets the tile cache budget (DEMCache).
func (s *HGTSet) SetCacheBytes(n int64) { s.cache.setBudget(n) }

// CacheBytes is the tile cache budget (DEMCache).
func (s *HGTSet) CacheBytes() int64 { return s.cache.limit() }

type hgtTile struct {
	path string // file in the folder
	name string // canonical tile name, e.g. N00E116
	zip  bool
	n    int // samples per side

	mu   sync.Mutex // held while reading the tile
	data atomic.Pointer[[]int16]
	used atomic.Int64
	err  error // a read error, kept: the tile is not read again
}

func (t *hgtTile) lastUse() int64 { return t.used.Load() }

func (t *hgtTile) drop() int64 {
	if d := t.data.Swap(nil); d != nil {
		return int64(len(*d)) * 2
	}
	return 0
}

// samples returns the tile's samples, reading them when not in the cache.
func (t *hgtTile) samples(c *tileCache) ([]int16, error) {
	t.used.Store(c.tick())
	if d := t.data.Load(); d != nil {
		return *d, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if d := t.data.Load(); d != nil {
		return *d, nil
	}
	if t.err != nil {
		return nil, t.err
	}
	data, err := t.load()
	if err != nil {
		t.err = err
		return nil, err
	}
	t.data.Store(&data)
	c.added(t, int64(len(data))*2)
	return data, nil
}

func hgtKey(latDeg, lonDeg int) int { return (latDeg+90)*360 + (lonDeg + 180) }

// hgtTileName is the canonical name of the tile whose south-west corner is
// at latDeg, lonDeg.
func hgtTileName(latDeg, lonDeg int) string {
	ns, ew := 'N', 'E'
	if latDeg < 0 {
		ns, latDeg = 'S', -latDeg
	}
	if lonDeg < 0 {
		ew, lonDeg = 'W', -lonDeg
	}
	return fmt.Sprintf("%c%02d%c%03d", ns, latDeg, ew, lonDeg)
}

// parseHGTName reads the tile corner from a file name such as
// N00E116.hgt, s01e117.hgt or N00E116.SRTMGL1.hgt.zip.
func parseHGTName(base string) (lat, lon int, zipped, ok bool) {
	lower := strings.ToLower(base)
	switch {
	case strings.HasSuffix(lower, ".hgt"):
	case strings.HasSuffix(lower, ".hgt.zip"):
		zipped = true
	default:
		return 0, 0, false, false
	}
	if len(lower) < 8 || (lower[7] != '.') {
		return 0, 0, false, false
	}
	num := func(s string) (int, bool) {
		v := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	la, ok1 := num(lower[1:3])
	lo, ok2 := num(lower[4:7])
	if !ok1 || !ok2 || (lower[0] != 'n' && lower[0] != 's') || (lower[3] != 'e' && lower[3] != 'w') {
		return 0, 0, false, false
	}
	if lower[0] == 's' {
		la = -la
	}
	if lower[3] == 'w' {
		lo = -lo
	}
	if la < -90 || la >= 90 || lo < -180 || lo >= 180 {
		return 0, 0, false, false
	}
	return la, lo, zipped, true
}

// hgtSide gives the samples per side from a tile's byte size.
func hgtSide(size int64) (int, bool) {
	switch size {
	case 3601 * 3601 * 2:
		return 3601, true
	case 1201 * 1201 * 2:
		return 1201, true
	}
	return 0, false
}

// OpenHGTDir indexes the SRTM tiles (.hgt, or .hgt.zip holding one .hgt)
// found by name in dir. Resolutions are detected from the sizes (1″ or 3″;
// both may be mixed). A file of another size is an error naming it; a
// folder with no tile is an error. When a tile is present both plain and
// zipped, the plain file is used.
func OpenHGTDir(dir string) (*HGTSet, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("geoio: DEM folder: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return openHGTFiles(dir, names)
}

func openHGTFiles(dir string, names []string) (*HGTSet, error) {
	sort.Strings(names)
	s := &HGTSet{dir: dir, tiles: map[int]*hgtTile{}}
	for _, name := range names {
		lat, lon, zipped, ok := parseHGTName(name)
		if !ok {
			continue
		}
		key := hgtKey(lat, lon)
		if old := s.tiles[key]; old != nil && !old.zip {
			continue
		}
		t := &hgtTile{path: filepath.Join(dir, name), name: hgtTileName(lat, lon), zip: zipped}
		size, err := t.size()
		if err != nil {
			return nil, err
		}
		n, ok := hgtSide(size)
		if !ok {
			return nil, &geoio.FormatError{File: t.path, Index: -1,
				Reason: fmt.Sprintf("%d bytes is neither a 1″ (3601×3601) nor a 3″ (1201×1201) SRTM tile", size)}
		}
		t.n = n
		s.tiles[key] = t
	}
	if len(s.tiles) == 0 {
		return nil, &geoio.FormatError{File: dir, Index: -1, Reason: "no SRTM tiles (N00E116.hgt …) found",
			Fix: "name tiles after their south-west corner, as SRTM does"}
	}
	s.resDeg = math.Inf(1)
	for _, t := range s.tiles {
		s.resDeg = math.Min(s.resDeg, 1/float64(t.n-1))
	}
	return s, nil
}

// size is the tile's byte count without reading it.
func (t *hgtTile) size() (int64, error) {
	if !t.zip {
		st, err := os.Stat(t.path)
		if err != nil {
			return 0, fmt.Errorf("geoio: DEM tile: %w", err)
		}
		return st.Size(), nil
	}
	zr, err := zip.OpenReader(t.path)
	if err != nil {
		return 0, &geoio.FormatError{File: t.path, Index: -1, Reason: "not a readable zip: " + err.Error()}
	}
	defer zr.Close()
	f, err := hgtInZip(t.path, &zr.Reader)
	if err != nil {
		return 0, err
	}
	if f.UncompressedSize64 > math.MaxInt64 {
		return 0, &geoio.FormatError{File: t.path, Index: -1, Reason: "zip entry too large"}
	}
	return int64(f.UncompressedSize64), nil
}

func hgtInZip(path string, zr *zip.Reader) (*zip.File, error) {
	var found *zip.File
	for _, f := range zr.File {
		if strings.HasSuffix(strings.ToLower(f.Name), ".hgt") {
			if found != nil {
				return nil, &geoio.FormatError{File: path, Index: -1, Reason: "zip holds more than one .hgt"}
			}
			found = f
		}
	}
	if found == nil {
		return nil, &geoio.FormatError{File: path, Index: -1, Reason: "zip holds no .hgt"}
	}
	return found, nil
}

func (t *hgtTile) load() ([]int16, error) {
	var r io.Reader
	if t.zip {
		zr, err := zip.OpenReader(t.path)
		if err != nil {
			return nil, &geoio.FormatError{File: t.path, Index: -1, Reason: "not a readable zip: " + err.Error()}
		}
		defer zr.Close()
		f, err := hgtInZip(t.path, &zr.Reader)
		if err != nil {
			return nil, err
		}
		rc, err := f.Open()
		if err != nil {
			return nil, &geoio.FormatError{File: t.path, Index: -1, Reason: err.Error()}
		}
		defer rc.Close()
		r = rc
	} else {
		f, err := os.Open(t.path)
		if err != nil {
			return nil, fmt.Errorf("geoio: DEM tile %s: %w", t.name, err)
		}
		defer f.Close()
		r = f
	}
	return readHGT(r, t.n, t.path)
}

// readHGT reads n×n big-endian samples; fewer bytes is an error naming the
// file, extra bytes are ignored.
func readHGT(r io.Reader, n int, name string) ([]int16, error) {
	buf := make([]byte, 2*n*n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, &geoio.FormatError{File: name, Index: -1,
			Reason: fmt.Sprintf("truncated SRTM tile: want %d bytes: %v", len(buf), err)}
	}
	data := make([]int16, n*n)
	for i := range data {
		data[i] = int16(binary.BigEndian.Uint16(buf[2*i:]))
	}
	return data, nil
}

// ResolutionDeg is the sample spacing of the finest tile (1/3600 or 1/1200).
func (s *HGTSet) ResolutionDeg() float64 { return s.resDeg }

// Tiles lists the canonical names of the tiles found, sorted.
func (s *HGTSet) Tiles() []string {
	out := make([]string, 0, len(s.tiles))
	for _, t := range s.tiles {
		out = append(out, t.name)
	}
	sort.Strings(out)
	return out
}

// ElevationM interpolates bilinearly between the four surrounding samples
// of the tile holding lon, lat. Points on a tile's edge are served by
// either neighbour, so a path along a degree line needs only one of them.
// A missing tile is an error wrapping ErrDEMMissing that names it
// (e.g. "tile S01E117.hgt not in DIR").
func (s *HGTSet) ElevationM(lon, lat float64) (float64, error) {
	if math.IsNaN(lon) || math.IsNaN(lat) || lat < -90 || lat > 90 || math.IsInf(lon, 0) {
		return 0, fmt.Errorf("geoio: invalid location lon %g lat %g", lon, lat)
	}
	lon = math.Mod(lon+180, 360)
	if lon < 0 {
		lon += 360
	}
	lon -= 180
	la, lo := int(math.Floor(lat)), int(math.Floor(lon))
	la = min(la, 89)
	// A point on a tile's south or west edge may also be served by the
	// tile to the south or west, and a corner by the diagonal one: the
	// north-east corner of S01E117 (lon 118, lat 0) is in S01E117 alone
	// when only that tile is there.
	onLat, onLon := float64(la) == lat && la > -90, float64(lo) == lon
	westLo := lo - 1
	if westLo < -180 {
		westLo = 179
	}
	var t *hgtTile
	for _, c := range [][3]int{{la, lo, 1}, {la - 1, lo, b2i(onLat)}, {la, westLo, b2i(onLon)}, {la - 1, westLo, b2i(onLat && onLon)}} {
		if c[2] == 0 {
			continue
		}
		if t = s.tiles[hgtKey(c[0], c[1])]; t != nil {
			la, lo = c[0], c[1]
			break
		}
	}
	if t == nil {
		return 0, fmt.Errorf("%w: tile %s.hgt not in %s (needed at lon %.6f lat %.6f)",
			ErrDEMMissing, hgtTileName(la, lo), s.dir, lon, lat)
	}
	dx := lon - float64(lo)
	if dx < 0 {
		dx += 360 // the tile west of the antimeridian, seen from lon -180
	}
	data, err := t.samples(&s.cache)
	if err != nil {
		return 0, err
	}
	return t.elevation(data, dx, float64(la+1)-lat)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// elevation takes the offsets from the tile's west and north edges in
// degrees (0..1).
func (t *hgtTile) elevation(data []int16, dx, dy float64) (float64, error) {
	step := float64(t.n - 1)
	v, ok := bilinear(data, t.n, t.n, dx*step, dy*step, func(v int16) bool { return v == hgtVoid })
	if !ok {
		return 0, fmt.Errorf("%w: tile %s.hgt around sample column %.0f row %.0f", ErrDEMVoid, t.name, dx*step, dy*step)
	}
	return v, nil
}
