package siting

import (
	"cmp"
	"slices"
)

// improve is the swap pass: while some exchange of a chosen candidate c
// for an unchosen u raises the covered weight by more than tol, apply the
// best such exchange (largest rise; ties to the earlier c in the current
// order, then the smaller ID for u). It returns the new set in the same
// positions as chosen, the number of swaps, and whether maxSwaps stopped
// it.
//
// The value of swapping c for u is gain0(u) + freed(c, u) − loss(c):
// gain0(u) is what u adds to the current set, loss(c) the weight only c
// covers, and freed(c, u) the part of that weight u covers too. Only the
// candidates sharing a point with c's exclusive points have freed > 0, so
// one pass over the transposed sets finds them; the best of the others is
// the first in gain0 order.
func improve(s *sets, w []float64, chosen []int32, rank []int32, maxSwaps int, tol float64) ([]int32, int, bool) {
	n := len(s.off) - 1
	t := s.transpose(len(w))
	set := slices.Clone(chosen)
	in := make([]bool, n)
	cnt := make([]int32, len(w))
	for _, c := range set {
		in[c] = true
		for _, q := range s.of(int(c)) {
			cnt[q]++
		}
	}
	gain0 := make([]float64, n)
	order := make([]int32, 0, n)
	extra := make([]float64, n)
	stamp := make([]int32, n)
	var touched []int32
	cur := int32(0)
	swaps := 0
	for {
		order = order[:0]
		for u := range n {
			gain0[u] = 0
			if in[u] {
				continue
			}
			for _, q := range s.of(u) {
				if cnt[q] == 0 {
					gain0[u] += w[q]
				}
			}
			order = append(order, int32(u))
		}
		better := func(a, b int32, ga, gb float64) bool {
			if ga != gb {
				return ga > gb
			}
			return rank[a] < rank[b]
		}
		slices.SortFunc(order, func(a, b int32) int {
			if c := cmp.Compare(gain0[b], gain0[a]); c != 0 {
				return c
			}
			return cmp.Compare(rank[a], rank[b])
		})
		bestPos, bestU, bestDelta := -1, int32(-1), tol
		for pos, c := range set {
			cur++
			touched = touched[:0]
			var loss float64
			for _, q := range s.of(int(c)) {
				if cnt[q] != 1 {
					continue
				}
				loss += w[q]
				for _, u := range t.of(int(q)) {
					if in[u] {
						continue
					}
					if stamp[u] != cur {
						stamp[u] = cur
						extra[u] = 0
						touched = append(touched, u)
					}
					extra[u] += w[q]
				}
			}
			u, gu := int32(-1), 0.0
			for _, v := range touched {
				if gv := gain0[v] + extra[v]; u < 0 || better(v, u, gv, gu) {
					u, gu = v, gv
				}
			}
			for _, v := range order {
				if stamp[v] == cur {
					continue
				}
				if u < 0 || better(v, u, gain0[v], gu) {
					u, gu = v, gain0[v]
				}
				break // order is sorted: the first untouched is the best
			}
			if u < 0 {
				continue
			}
			if d := gu - loss; d > bestDelta {
				bestPos, bestU, bestDelta = pos, u, d
			}
		}
		if bestPos < 0 {
			return set, swaps, false
		}
		if swaps == maxSwaps {
			return set, swaps, true
		}
		old := set[bestPos]
		for _, q := range s.of(int(old)) {
			cnt[q]--
		}
		for _, q := range s.of(int(bestU)) {
			cnt[q]++
		}
		in[old], in[bestU] = false, true
		set[bestPos] = bestU
		swaps++
	}
}
