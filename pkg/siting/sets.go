package siting

import (
	"fmt"
	"slices"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/paulmach/orb"
)

// maxSetEntries bounds the total size of the coverage sets (4 bytes an
// entry): past it the instance is too dense to plan in memory, and the
// caller should use fewer candidates or a model with a shorter reach.
const maxSetEntries = 1 << 28

// sets are the candidates' coverage sets in compressed sparse rows: the
// set of candidate c is idx[off[c]:off[c+1]], ascending indices into the
// still-uncovered demand.
type sets struct {
	off []int64
	idx []int32
}

func (s *sets) of(c int) []int32 { return s.idx[s.off[c]:s.off[c+1]] }

// buildSets computes, for every candidate, which of the points pts
// (lon/lat of the still-uncovered demand) a site built from the template
// at the candidate covers. coverage.CoveringSites judges every link as
// coverage.Evaluate would (terrain profiles included for itm and
// los-ked) and lists, for every point, the candidates covering it; those
// lists are turned into the candidates' sets. The result does not depend
// on the number of workers.
func buildSets(pts []orb.Point, cands []Candidate, which []bool, l *link, workers int) (*sets, error) {
	if len(pts) == 0 || !l.covers {
		return &sets{off: make([]int64, len(cands)+1)}, nil
	}
	// the candidates judged (which, or all), as sites numbered by
	// candidate through num
	var sites []coverage.Site
	var num []int32
	for i, c := range cands {
		if which != nil && !which[i] {
			continue
		}
		s := l.tmpl
		s.Pos, s.ID = c.Pos, c.ID
		sites = append(sites, s)
		num = append(num, int32(i))
	}
	if len(sites) == 0 {
		return &sets{off: make([]int64, len(cands)+1)}, nil
	}
	p := l.params
	p.Workers = workers
	byPoint, _, err := coverage.CoveringSites(sites, pts, p)
	if err != nil {
		return nil, fmt.Errorf("siting: %w", err)
	}
	t := &sets{off: make([]int64, len(pts)+1)}
	for i, cs := range byPoint {
		t.off[i+1] = t.off[i] + int64(len(cs))
		if t.off[i+1] > maxSetEntries {
			return nil, fmt.Errorf("siting: coverage sets exceed %d entries (%d candidates × %d demand points): %w",
				maxSetEntries, len(sites), len(pts), ErrTooLarge)
		}
	}
	t.idx = make([]int32, 0, t.off[len(pts)])
	for _, cs := range byPoint {
		for _, c := range cs {
			t.idx = append(t.idx, num[c]) // ascending, as cs
		}
	}
	return t.transpose(len(cands)), nil
}

// transpose returns, for every demand point, the candidates covering it.
func (s *sets) transpose(nPts int) *sets {
	t := &sets{off: make([]int64, nPts+1), idx: make([]int32, len(s.idx))}
	for _, q := range s.idx {
		t.off[q+1]++
	}
	for i := 1; i <= nPts; i++ {
		t.off[i] += t.off[i-1]
	}
	fill := slices.Clone(t.off[:nPts])
	for c := 0; c+1 < len(s.off); c++ {
		for _, q := range s.of(c) {
			t.idx[fill[q]] = int32(c)
			fill[q]++
		}
	}
	return t
}
