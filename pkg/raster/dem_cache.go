package raster

// The tile cache of HGTSet and GeoTIFFSet: tiles are read on first use and
// kept while the tiles kept fit a byte budget; past it the least recently
// used tiles are dropped, to be read again when needed.

import (
	"sync"
	"sync/atomic"
)

// DefaultDEMCacheBytes is the tile cache budget of HGTSet and GeoTIFFSet
// unless SetCacheBytes says otherwise: 512 MB holds some 20 1″ SRTM tiles
// (26 MB each), 180 3″ ones, or a regency's DEMNAS tiles.
const DefaultDEMCacheBytes = 512 << 20

// DEMCache is a DEM whose tiles are cached within a byte budget (HGTSet,
// GeoTIFFSet); a caller such as a --dem-cache flag sets it after opening.
type DEMCache interface {
	DEM
	// SetCacheBytes sets the budget; 0 or less restores the default. The
	// tile being read is always kept, so one tile larger than the budget
	// still works. Safe to call while the DEM is in use.
	SetCacheBytes(n int64)
	// CacheBytes is the budget.
	CacheBytes() int64
}

// tileCache tracks the loaded tiles of one set.
type tileCache struct {
	budget atomic.Int64 // 0: the default
	clock  atomic.Int64
	mu     sync.Mutex
	bytes  int64
	loaded map[cachedTile]struct{}
}

// cachedTile is a tile the cache may drop.
type cachedTile interface {
	lastUse() int64
	// drop releases the tile's samples and says how many bytes they held
	// (0 when it held none).
	drop() int64
}

func (c *tileCache) limit() int64 {
	if b := c.budget.Load(); b > 0 {
		return b
	}
	return DefaultDEMCacheBytes
}

func (c *tileCache) tick() int64 { return c.clock.Add(1) }

// added records that t now holds n bytes and drops the least recently
// used other tiles while the cache is over budget.
func (c *tileCache) added(t cachedTile, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded == nil {
		c.loaded = map[cachedTile]struct{}{}
	}
	c.loaded[t] = struct{}{}
	c.bytes += n
	c.evict(t)
}

// evict drops tiles other than keep, least recently used first, until the
// cache fits its budget. c.mu is held.
func (c *tileCache) evict(keep cachedTile) {
	limit := c.limit()
	for c.bytes > limit {
		var victim cachedTile
		var oldest int64
		for t := range c.loaded {
			if t == keep {
				continue
			}
			if u := t.lastUse(); victim == nil || u < oldest {
				victim, oldest = t, u
			}
		}
		if victim == nil {
			return
		}
		delete(c.loaded, victim)
		c.bytes -= victim.drop()
	}
}

func (c *tileCache) setBudget(n int64) {
	c.budget.Store(max(n, 0))
	c.mu.Lock()
	c.evict(nil)
	c.mu.Unlock()
}

// held is the bytes of samples kept (for tests).
func (c *tileCache) held() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes
}
