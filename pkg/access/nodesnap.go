package access

import (
	"math"
	"slices"

	"github.com/kukarcli/kukarcli/pkg/earth"
	"github.com/paulmach/orb"
)

// joinNearMisses joins each dangling line end (a vertex used once, at a
// line's end) to the nearest vertex of another line within nodeSnapM.
// Same-layer joins merge the two vertices (union-find, the end moves onto
// the other vertex); a land end near a water vertex, or the reverse,
// becomes a landing pair instead. Ends are handled in key order and ties
// go to the lower key, so the result does not depend on input order.
func joinNearMisses(uniq []uint64, cnt, vflag []uint8, lineOf []int32, pairs [][2]int32,
	scale, nodeSnapM float64) ([]int32, [][2]int32) {
	parent := make([]int32, len(uniq))
	for i := range parent {
		parent[i] = int32(i)
	}
	root := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	pts := make([]orb.Point, len(uniq))
	var b orb.Bound
	for i, k := range uniq {
		pts[i] = keyPoint(k, scale)
		if i == 0 {
			b = orb.Bound{Min: pts[i], Max: pts[i]}
		} else {
			b = b.Extend(pts[i])
		}
	}
	pl := newPlane(b)
	cellM := nodeSnapM * pl.factor
	type cv struct {
		cell uint64
		v    int32
	}
	cells := make([]cv, len(uniq))
	for i, pt := range pts {
		cells[i] = cv{pl.cellKey(pt, cellM), int32(i)}
	}
	slices.SortFunc(cells, func(a, b cv) int {
		if a.cell != b.cell {
			if a.cell < b.cell {
				return -1
			}
			return 1
		}
		return int(a.v - b.v)
	})
	paired := make(map[[2]int32]bool, len(pairs))
	for _, pr := range pairs {
		paired[pr] = true
	}
	for d := range uniq {
		if vflag[d]&fEnd == 0 || cnt[d] != 1 || vflag[d]&fJoined != 0 {
			continue
		}
		dw := uniq[d]&waterBit != 0
		cx, cy := pl.cellXY(pts[d], cellM)
		best, bestM := int32(-1), math.Inf(1)
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				key := packCell(cx+dx, cy+dy)
				i, _ := slices.BinarySearchFunc(cells, key, func(a cv, k uint64) int {
					if a.cell < k {
						return -1
					} else if a.cell > k {
						return 1
					}
					return 0
				})
				for ; i < len(cells) && cells[i].cell == key; i++ {
					c := cells[i].v
					if c == int32(d) || (cnt[c] == 1 && lineOf[c] == lineOf[d]) {
						continue
					}
					cw := uniq[c]&waterBit != 0
					if cw == dw && root(c) == root(int32(d)) {
						continue
					}
					m := earth.DistanceM(pts[d], pts[c])
					if m <= nodeSnapM && (m < bestM || m == bestM && c < best) {
						best, bestM = c, m
					}
				}
			}
		}
		if best < 0 {
			continue
		}
		if uniq[best]&waterBit != 0 == dw {
			parent[root(int32(d))] = root(best)
			vflag[d] |= fJoined
			vflag[best] |= fJoined
			continue
		}
		pr := [2]int32{int32(d), best}
		if dw {
			pr = [2]int32{best, int32(d)}
		}
		if !paired[pr] {
			paired[pr] = true
			pairs = append(pairs, pr)
			vflag[d] |= fJoined
		}
	}
	return parent, pairs
}
