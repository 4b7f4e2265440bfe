package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/kukarcli/kukarcli/pkg/coverage"
)

// Villages with signal the roll-out aims at, per year; 2022 is the
// reported figure and must be met exactly, the others are only aimed at.
var coverTargets = map[int]int{2019: 150, 2020: 182, 2021: 205, 2022: covered2022, 2023: 225, 2024: 229, 2025: 232, 2026: 234}

type tower struct {
	id       string
	tech     string
	pos, xy  orb.Point
	radiusM  float64
	heightM  float64
	operator string
	year     int
	seq      int
}

// sampler mirrors the coverage engine's judgement of village polygons:
// the same 250 m lattice on the same plane, covered when at least half of
// a village's lattice points lie within a site's radius. Planar distances
// stand in for geodesic ones (within 0.1 % here); Evaluate has the last
// word.
type sampler struct {
	xy    []orb.Point
	owner []int32
	n     []int // samples per village
	cov   []int32
	hit   []int // covered samples per village
	grid  *pointGrid
}

func (w *world) newSampler() *sampler {
	s := &sampler{n: make([]int, len(w.villages)), hit: make([]int, len(w.villages))}
	for vi, v := range w.villages {
		before := len(s.xy)
		for _, p := range polygons(v.geom) {
			var rings [][]orb.Point
			for k, r := range p {
				if len(r) < 3 {
					if k == 0 {
						break
					}
					continue
				}
				pr := make([]orb.Point, len(r))
				for i, q := range r {
					pr[i] = w.loc.Project(q)
				}
				rings = append(rings, pr)
			}
			if len(rings) == 0 {
				continue
			}
			latticeInside(rings, coverage.DefaultSampleM, func(x, y float64) {
				s.xy = append(s.xy, orb.Point{x, y})
				s.owner = append(s.owner, int32(vi))
			})
		}
		if len(s.xy) == before {
			s.xy = append(s.xy, v.repXY)
			s.owner = append(s.owner, int32(vi))
		}
		s.n[vi] = len(s.xy) - before
	}
	s.cov = make([]int32, len(s.xy))
	s.grid = newPointGrid(s.xy, 2000)
	return s
}

func (s *sampler) covered(vi int) bool { return 2*s.hit[vi] >= s.n[vi] }

func (s *sampler) add(t *tower) {
	s.grid.within(t.xy, t.radiusM, func(i int32) {
		if s.cov[i] == 0 {
			s.hit[s.owner[i]]++
		}
		s.cov[i]++
	})
}

func (s *sampler) count() int {
	c := 0
	for vi := range s.n {
		if s.covered(vi) {
			c++
		}
	}
	return c
}

// placeTowers rolls towers out village by village, the least remote first,
// each new site chosen among the office and uncovered lattice points of the
// village for the most new coverage there and the least spill into
// villages due later; then it cuts the sequence into years so that the
// coverage engine finds exactly covered2022 villages with signal in 2022.
func (w *world) placeTowers() error {
	r := seed(6)
	order := make([]int, len(w.villages))
	score := make([]float64, len(w.villages))
	for i, v := range w.villages {
		order[i] = i
		score[i] = w.hubDistanceKM(v) + 0.5*math.Sqrt(v.areaKM2) + 30*r.Float64()
		if v.roadless {
			score[i] += 80
		}
		if v.jenis == "kelurahan" {
			score[i] -= 20
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] < score[order[b]] })
	rank := make([]int, len(order))
	for k, vi := range order {
		rank[vi] = k
	}
	s := w.newSampler()
	var seq []tower
	var curve []int
	spill := make([]float64, len(w.villages))
	final := coverTargets[2026]
	for k, vi := range order {
		if s.count() >= final {
			break
		}
		v := w.villages[vi]
		tech := "2G"
		if p := r.Float64(); (k >= 120 && p < 0.5) || (k >= 190 && p < 0.8) {
			tech = "4G"
		}
		radii := []float64{6000, 8000, 10000}
		if tech == "4G" {
			radii = []float64{4000, 6000, 8000}
		}
		for tries := 0; !(float64(s.hit[vi]) >= 0.6*float64(s.n[vi])) && tries < 16; tries++ {
			var cands []orb.Point
			if tries == 0 {
				cands = append(cands, v.office)
			}
			var open []int
			for i := range s.xy {
				if int(s.owner[i]) == vi && s.cov[i] == 0 {
					open = append(open, i)
				}
			}
			for c := 0; c < 20 && len(open) > 0; c++ {
				cands = append(cands, roundPt(w.loc.Unproject(s.xy[open[r.IntN(len(open))]]), 6))
			}
			bestScore := math.Inf(-1)
			var best tower
			for _, c := range cands {
				cxy := w.loc.Project(c)
				for _, rad := range radii {
					gain := 0
					var touched []int32
					s.grid.within(cxy, rad, func(i int32) {
						if s.cov[i] != 0 {
							return
						}
						o := s.owner[i]
						if int(o) == vi {
							gain++
						} else if rank[o] > rank[vi] {
							if spill[o] == 0 {
								touched = append(touched, o)
							}
							spill[o]++
						}
					})
					sc := float64(gain) / float64(s.n[vi])
					for _, o := range touched {
						sc -= 0.3 * spill[o] / float64(s.n[o])
						spill[o] = 0
					}
					sc -= 0.01 * rad / 1000
					if gain > 0 && sc > bestScore {
						bestScore = sc
						best = tower{tech: tech, pos: c, xy: cxy, radiusM: rad}
					}
				}
			}
			if math.IsInf(bestScore, -1) {
				break
			}
			best.seq = len(seq)
			s.add(&best)
			seq = append(seq, best)
			curve = append(curve, s.count())
		}
	}
	if len(seq) == 0 {
		return fmt.Errorf("gen: no tower placed")
	}

	// Cut the sequence into years: the sites on air by year y are the
	// first cut[y] of it.
	cut := map[int]int{}
	for _, y := range years {
		c := 0
		for k := range curve {
			if curve[k] <= coverTargets[y] {
				c = k + 1
			}
		}
		cut[y] = c
	}
	cut[2026] = len(seq)
	evalCount := func(n int) (int, error) { return w.evaluate(seq[:n]) }
	// Move the 2022 cut one site at a time until the engine agrees.
	c, err := evalCount(cut[2022])
	if err != nil {
		return err
	}
	for c != covered2022 {
		step := 1
		if c > covered2022 {
			step = -1
		}
		next := cut[2022] + step
		if next < 1 || next > len(seq) {
			break
		}
		nc, err := evalCount(next)
		if err != nil {
			return err
		}
		if (step > 0 && nc > covered2022) || (step < 0 && nc < covered2022) {
			break // the count jumps over the target
		}
		cut[2022], c = next, nc
	}
	if c != covered2022 {
		return fmt.Errorf("gen: the sites on air by 2022 cover %d villages, not %d; change the roll-out seed or targets", c, covered2022)
	}
	for _, y := range years {
		if y < 2022 {
			cut[y] = min(cut[y], cut[2022])
		} else {
			cut[y] = max(cut[y], cut[2022])
		}
	}
	for k := range seq {
		for _, y := range years {
			if k < cut[y] {
				seq[k].year = y
				break
			}
		}
	}

	// Operators, heights, and 4G added on some early 2G sites (same mast,
	// smaller radius, so coverage counts do not change).
	ops := []string{"Operator A (ilustratif)", "Operator B (ilustratif)", "Operator C (ilustratif)"}
	var all []tower
	for _, t := range seq {
		t.operator = ops[r.IntN(len(ops))]
		if t.tech == "2G" {
			t.heightM = []float64{42, 52, 62}[r.IntN(3)]
		} else {
			t.heightM = []float64{32, 36, 42}[r.IntN(3)]
		}
		all = append(all, t)
		if t.tech == "2G" && t.year <= 2021 && r.Float64() < 0.4 {
			u := t
			u.tech = "4G"
			u.radiusM = math.Min(t.radiusM, 5000)
			u.year = min(t.year+2+r.IntN(3), 2026)
			u.seq = t.seq
			all = append(all, u)
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].year != all[j].year {
			return all[i].year < all[j].year
		}
		return all[i].seq < all[j].seq
	})
	for i := range all {
		all[i].id = fmt.Sprintf("BTS-%03d", i+1)
	}
	w.towers = all
	w.stats.Towers = len(all)
	for _, y := range years {
		var on []tower
		for _, t := range all {
			if t.year <= y {
				on = append(on, t)
			}
		}
		n, err := w.evaluate(on)
		if err != nil {
			return err
		}
		w.stats.CoveredByYear[y] = n
	}
	if w.stats.CoveredByYear[2022] != covered2022 {
		return fmt.Errorf("gen: the sites on air by 2022 cover %d villages, not %d", w.stats.CoveredByYear[2022], covered2022)
	}
	var b strings.Builder
	b.WriteString("id,tech,lon,lat,radius_m,height_m,operator,year\n")
	for _, t := range all {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%d\n", t.id, t.tech,
			strconv.FormatFloat(t.pos[0], 'f', 6, 64), strconv.FormatFloat(t.pos[1], 'f', 6, 64),
			strconv.FormatFloat(t.radiusM, 'f', -1, 64), strconv.FormatFloat(t.heightM, 'f', -1, 64), t.operator, t.year)
	}
	return w.writeFile("menara_ilustratif.csv", []byte(b.String()))
}

// evaluate counts the villages the coverage engine finds covered by ts
// with the scenario's settings (radius model, 250 m samples, share 0.5).
func (w *world) evaluate(ts []tower) (int, error) {
	sites := make([]coverage.Site, len(ts))
	for i, t := range ts {
		sites[i] = coverage.Site{ID: strconv.Itoa(i), Pos: t.pos, Tech: coverage.Tech(t.tech), RadiusM: t.radiusM, HeightM: t.heightM, Year: t.year}
	}
	targets := make([]coverage.Target, len(w.villages))
	for i, v := range w.villages {
		targets[i] = coverage.Target{Geometry: v.geom, Population: float64(v.pop)}
	}
	_, sum, err := coverage.Evaluate(sites, targets, nil, coverage.Params{Model: coverage.ModelRadius, SampleM: 250, MinShare: 0.5})
	if err != nil {
		return 0, fmt.Errorf("gen: %w", err)
	}
	return sum.Covered, nil
}
