package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// Shard is one part of a run split N ways (--shard I/N, I from 0), for
// runs that outgrow a machine: each shard does its part, and `kukarcli
// merge` joins the parts into exactly what the whole run writes.
//
// Targets are split by tiles of the area: the tile of ShardTileDeg
// degrees holding a target's representative point, numbered row by row
// from the south-west corner of the world, goes to shard tile mod N, so
// neighbouring targets stay together and the split depends on nothing
// but the target's position. A raster is split into N bands of whole
// rows from the north.
type Shard struct{ I, N int }

// ShardTileDeg is the side of the tiles targets are dealt out by.
const ShardTileDeg = 0.25

// ShardRowField is the column a shard's rows carry: the row's place in
// the input, by which merge puts the rows back in order (and drops it).
const ShardRowField = "shard_row"

// ParseShard reads I/N (0 ≤ I < N), as Kubernetes' JOB_COMPLETION_INDEX
// counts.
func ParseShard(s string) (*Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return nil, Usagef("--shard %q: want I/N with 0 ≤ I < N (e.g. 0/4, 3/4)", s)
	}
	return &Shard{I: i, N: n}, nil
}

// Has says whether a target at p belongs to the shard. A target with no
// position (an empty geometry) goes to shard 0, so it is reported once.
func (s *Shard) Has(g orb.Geometry) bool {
	if s == nil {
		return true
	}
	p, ok := geoio.RepresentativePoint(g)
	if !ok {
		return s.I == 0
	}
	col := int64(math.Floor((p[0] + 180) / ShardTileDeg))
	row := int64(math.Floor((p[1] + 90) / ShardTileDeg))
	tile := row*int64(360/ShardTileDeg) + col
	return int((tile%int64(s.N)+int64(s.N))%int64(s.N)) == s.I
}

// Rows is the shard's band of a raster height rows tall: rows r0 to r1
// (exclusive).
func (s *Shard) Rows(height int) (r0, r1 int, err error) {
	if s == nil {
		return 0, height, nil
	}
	if height < s.N {
		return 0, 0, Usagef("--shard %d/%d: the raster has %d rows, fewer than the shards", s.I, s.N, height)
	}
	return s.I * height / s.N, (s.I + 1) * height / s.N, nil
}

func (s *Shard) String() string { return fmt.Sprintf("%d/%d", s.I, s.N) }
