package traveltime

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Isochrone is the area within a travel time.
type Isochrone struct {
	Minutes float64
	// Polygon holds exactly the cells with a time of at most Minutes.
	Polygon orb.MultiPolygon
	Cells   int
	// AreaKM2 is the cells' ground area; Population the sum of their
	// population; Villages the village points in them.
	AreaKM2    float64
	Population float64
	Villages   int
}

// Catchment is the area served fastest by one facility.
type Catchment struct {
	// Facility is the index in Surface.Facilities; ID and Group are
	// copied from it.
	Facility  int
	ID, Group string
	Polygon   orb.MultiPolygon
	Cells     int
	AreaKM2   float64
	// Population is the sum over the catchment's cells; Villages the
	// village points in them.
	Population float64
	Villages   int
	// MedianMinutes and P90Minutes are quantiles of the travel time of
	// the catchment's people (of its cells when it has no population);
	// MaxMinutes is its farthest cell. NaN for an empty catchment.
	MedianMinutes, P90Minutes, MaxMinutes float64
}

// Indicator is the population and villages within a travel time, for a
// facility group or in total.
type Indicator struct {
	// Group is the facility group (the cells whose nearest facility
	// belongs to it); "" is the whole grid.
	Group   string
	Minutes float64
	// Population and Villages are within Minutes; TotalPopulation and
	// TotalVillages in the group's catchments, or in the whole grid
	// (reached or not) for the total, so shares can be computed. Village
	// points outside the grid are left out.
	Population, TotalPopulation float64
	Villages, TotalVillages     int
}

// checkPop verifies a per-cell population slice (nil is no population).
func (s *Surface) checkPop(pop []float64) error {
	if pop != nil && len(pop) != len(s.Minutes) {
		return fmt.Errorf("traveltime: population has %d cells, the grid %d: %w", len(pop), len(s.Minutes), ErrParams)
	}
	return nil
}

// cellPop is the population of cell i; NaN and negative values count 0.
func cellPop(pop []float64, i int) float64 {
	if pop == nil || !(pop[i] > 0) {
		return 0
	}
	return pop[i]
}

// villageCells counts the village points per cell (points outside the
// grid are left out).
func (s *Surface) villageCells(villages []orb.Point) map[int]int {
	m := make(map[int]int, len(villages))
	for _, v := range villages {
		if i, ok := s.Grid.Index(v); ok {
			m[i]++
		}
	}
	return m
}

// Isochrones returns, for each threshold in ascending order, the cells
// within it as polygons with their area, population (pop: per cell, nil
// for none) and village count.
func (s *Surface) Isochrones(thresholds []float64, pop []float64, villages []orb.Point) ([]Isochrone, error) {
	if err := s.checkPop(pop); err != nil {
		return nil, err
	}
	ts := slices.Clone(thresholds)
	slices.Sort(ts)
	vc := s.villageCells(villages)
	areas := s.Grid.rowAreasKM2()
	lab := make([]int32, len(s.Minutes))
	out := make([]Isochrone, 0, len(ts))
	for _, th := range ts {
		if !(th >= 0) {
			return nil, fmt.Errorf("traveltime: isochrone threshold %v: %w", th, ErrParams)
		}
		iso := Isochrone{Minutes: th}
		for i, m := range s.Minutes {
			lab[i] = -1
			if m <= th {
				lab[i] = 0
				iso.Cells++
				iso.AreaKM2 += areas[i/s.Grid.Width]
				iso.Population += cellPop(pop, i)
				iso.Villages += vc[i]
			}
		}
		iso.Polygon = polygonize(s.Grid, lab, 1)[0]
		out = append(out, iso)
	}
	return out, nil
}

// Catchments returns one catchment per facility, in facility order.
// Facilities are summed in parallel, each into its own result.
func (s *Surface) Catchments(pop []float64, villages []orb.Point) ([]Catchment, error) {
	if err := s.checkPop(pop); err != nil {
		return nil, err
	}
	nf := len(s.Facilities)
	polys := polygonize(s.Grid, s.Facility, nf)
	out := make([]Catchment, nf)
	cells := make([][]int32, nf)
	for i, f := range s.Facility {
		if f >= 0 {
			cells[f] = append(cells[f], int32(i))
		}
	}
	for _, v := range villages {
		if c, ok := s.Grid.Index(v); ok && s.Facility[c] >= 0 {
			out[s.Facility[c]].Villages++
		}
	}
	areas := s.Grid.rowAreasKM2()
	parallelRows(nf, func(f int) {
		c := &out[f]
		c.Facility, c.ID, c.Group, c.Polygon, c.Cells = f, s.Facilities[f].ID, s.Facilities[f].Group, polys[f], len(cells[f])
		for _, i := range cells[f] {
			c.AreaKM2 += areas[int(i)/s.Grid.Width]
			c.Population += cellPop(pop, int(i))
		}
		c.MedianMinutes, c.P90Minutes, c.MaxMinutes = s.quantiles(cells[f], pop, c.Population > 0)
	})
	return out, nil
}

// quantiles are the median, 90th percentile and maximum of the cells'
// times, weighted by population (or equally): the smallest time at which
// the cumulated weight reaches the share.
func (s *Surface) quantiles(cells []int32, pop []float64, byPop bool) (med, p90, maxM float64) {
	if len(cells) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	type cellTime struct {
		m float64
		w float64
	}
	cs := make([]cellTime, len(cells))
	total := 0.0
	for k, i := range cells {
		w := 1.0
		if byPop {
			w = cellPop(pop, int(i))
		}
		cs[k] = cellTime{s.Minutes[i], w}
		total += w
	}
	// Equal times are interchangeable here: order by time alone.
	slices.SortFunc(cs, func(a, b cellTime) int {
		switch {
		case a.m < b.m:
			return -1
		case a.m > b.m:
			return 1
		}
		return 0
	})
	med, p90 = math.NaN(), math.NaN()
	cum := 0.0
	for _, c := range cs {
		cum += c.w
		if math.IsNaN(med) && cum >= 0.5*total {
			med = c.m
		}
		if cum >= 0.9*total {
			p90 = c.m
			break
		}
	}
	return med, p90, cs[len(cs)-1].m
}

// Indicators returns the population and villages within each threshold
// (ascending): first for the whole grid (Group ""), then for each
// facility group in name order, over the cells whose nearest facility
// belongs to the group.
func (s *Surface) Indicators(thresholds []float64, pop []float64, villages []orb.Point) ([]Indicator, error) {
	if err := s.checkPop(pop); err != nil {
		return nil, err
	}
	ts := slices.Clone(thresholds)
	slices.Sort(ts)
	for _, th := range ts {
		if !(th >= 0) {
			return nil, fmt.Errorf("traveltime: indicator threshold %v: %w", th, ErrParams)
		}
	}
	var groups []string
	gi := map[string]int{}
	for _, f := range s.Facilities {
		if _, ok := gi[f.Group]; !ok && f.Group != "" {
			gi[f.Group] = 0
			groups = append(groups, f.Group)
		}
	}
	slices.Sort(groups)
	for i, g := range groups {
		gi[g] = i + 1
	}
	// Row 0 is the total, row k the group k.
	facRow := make([]int, len(s.Facilities))
	for f, fa := range s.Facilities {
		facRow[f] = gi[fa.Group]
		if fa.Group == "" {
			facRow[f] = -1
		}
	}
	rows := make([][]Indicator, len(groups)+1)
	for k := range rows {
		name := ""
		if k > 0 {
			name = groups[k-1]
		}
		rows[k] = make([]Indicator, len(ts))
		for j, th := range ts {
			rows[k][j] = Indicator{Group: name, Minutes: th}
		}
	}
	addCell := func(i int, people float64, vill int) {
		m := s.Minutes[i]
		in := [2]int{0, -1}
		if f := s.Facility[i]; f >= 0 {
			in[1] = facRow[f]
		}
		for _, row := range in {
			if row < 0 { // a facility without a group
				continue
			}
			for j, th := range ts {
				ind := &rows[row][j]
				ind.TotalPopulation += people
				ind.TotalVillages += vill
				if m <= th {
					ind.Population += people
					ind.Villages += vill
				}
			}
		}
	}
	for i := range s.Minutes {
		addCell(i, cellPop(pop, i), 0)
	}
	for _, v := range villages {
		if i, ok := s.Grid.Index(v); ok {
			addCell(i, 0, 1)
		}
	}
	var out []Indicator
	for _, r := range rows {
		out = append(out, r...)
	}
	return out, nil
}

// MinutesFloat32 is Minutes as float32, NaN where unreached: the data of
// a raster.Grid with the surface's Grid, ready for WriteGeoTIFF.
func (s *Surface) MinutesFloat32() []float32 {
	v := make([]float32, len(s.Minutes))
	for i, m := range s.Minutes {
		v[i] = float32(m)
	}
	return v
}
