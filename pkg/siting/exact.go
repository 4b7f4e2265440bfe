package siting

import (
	"fmt"
	"math"
	"slices"
)

// binomialAtMost returns C(n, k) when it is at most limit, else -1.
func binomialAtMost(n, k, limit int) int {
	if k < 0 || k > n {
		return 0
	}
	k = min(k, n-k)
	c := 1.0
	for i := 1; i <= k; i++ {
		c = c * float64(n-k+i) / float64(i)
		if c > float64(limit)+0.5 {
			return -1
		}
	}
	return int(math.Round(c))
}

// exact finds the largest weight any k candidates cover, by depth-first
// branch and bound over the candidates that cover anything, sorted by
// singleton gain. A branch is cut when its weight plus the r largest
// remaining singleton gains (r sites still to place) cannot beat the
// incumbent, which starts as the plan's own set: by submodularity a
// candidate never adds more than its singleton gain. Only C(n, k) ≤ limit
// is searched; ok is false (with the reason) otherwise.
func exact(s *sets, w []float64, initial []float64, rank []int32, k, limit int,
	incumbent float64, incSet []int32, tol float64) (opt float64, set []int32, ok bool, why string) {
	var useful []int32
	for c, g := range initial {
		if g > 0 {
			useful = append(useful, int32(c))
		}
	}
	slices.SortFunc(useful, func(a, b int32) int {
		if initial[a] != initial[b] {
			if initial[a] > initial[b] {
				return -1
			}
			return 1
		}
		return int(rank[a]) - int(rank[b])
	})
	n := len(useful)
	if n <= k {
		// Every useful candidate fits: the optimum is their union.
		cov := make([]bool, len(w))
		for _, c := range useful {
			for _, q := range s.of(int(c)) {
				cov[q] = true
			}
		}
		for q, c := range cov {
			if c {
				opt += w[q]
			}
		}
		if opt <= incumbent+tol {
			return incumbent, incSet, true, ""
		}
		return opt, useful, true, ""
	}
	if binomialAtMost(n, k, limit) < 0 {
		return 0, nil, false, fmt.Sprintf("C(%d, %d) subsets exceed the limit of %d", n, k, limit)
	}
	g := make([]float64, n)
	pre := make([]float64, n+1)
	for i, c := range useful {
		g[i] = initial[c]
		pre[i+1] = pre[i] + g[i]
	}
	cnt := make([]int32, len(w))
	path := make([]int32, 0, k)
	best, bestSet := incumbent, slices.Clone(incSet)
	improved := false
	var f float64
	// Pruning usually keeps the search far below C(n, k) branches; the
	// cap keeps a badly pruned search from running k·C(n, k) of them.
	nodes, maxNodes := 0, 4*limit+1000
	var dfs func(start int)
	dfs = func(start int) {
		r := k - len(path)
		for j := start; j <= n-r && nodes <= maxNodes; j++ {
			nodes++
			if f+pre[j+r]-pre[j] <= best+tol {
				return // later j have no larger bound
			}
			c := useful[j]
			saved := f
			for _, q := range s.of(int(c)) {
				if cnt[q] == 0 {
					f += w[q]
				}
				cnt[q]++
			}
			path = append(path, c)
			switch {
			case r == 1:
				if f > best+tol {
					best, bestSet, improved = f, slices.Clone(path), true
				}
			case f+pre[j+r]-pre[j+1] > best+tol:
				dfs(j + 1)
			}
			path = path[:len(path)-1]
			for _, q := range s.of(int(c)) {
				cnt[q]--
			}
			f = saved
		}
	}
	dfs(0)
	if nodes > maxNodes {
		return 0, nil, false, fmt.Sprintf("branch and bound stopped after %d branches", maxNodes)
	}
	if !improved {
		return incumbent, incSet, true, ""
	}
	// Report the weight summed in index order, as every other total is.
	cov := make([]bool, len(w))
	for _, c := range bestSet {
		for _, q := range s.of(int(c)) {
			cov[q] = true
		}
	}
	best = 0
	for q, c := range cov {
		if c {
			best += w[q]
		}
	}
	return best, bestSet, true, ""
}
