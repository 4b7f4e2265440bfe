package geoio

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/paulmach/orb"
)

// checkedReader wraps a format reader: it settles the source CRS,
// reprojects to lon/lat, and skips (and reports) features that are not
// valid — so that no engine ever sees a NaN, a latitude of 9,000,000 or an
// open ring.
type checkedReader struct {
	Reader
	name    string
	opts    ReadOptions
	crs     crs.CRS
	settled bool
	project bool
	index   int
	// ids seen so far, by type: a number 1 and a string "1" differ.
	// Integer ids met in increasing order (the common case) are kept as
	// runs of consecutive values and single ids, those out of order in a
	// map (see duplicate).
	idRuns    []idRun            // increasing ids in runs of two or more
	idSingles []int64            // increasing ids that start no run
	lastInt   int64              // the largest increasing id, when anyInt
	anyInt    bool               // an integer id was met
	seenInt   map[int64]struct{} // integer ids met out of order
	seenFloat map[float64]struct{}
	seenStr   map[string]struct{}

	// accounting (see Counts)
	counts        Counts
	yielded       int // features the driver handed over
	driverSkipped int // records the driver skipped (reported through tap)
	lastRepaired  int // record index last counted as repaired
	dupFlagged    map[string]bool
	done          bool
	problemTap    *problemTap
	native        bool // the CRS cannot be converted: coordinates as stored
}

// problemTap sees the problems a driver reports, so that the layer being
// read counts the records its driver skipped or repaired. A problem
// reported while no layer is being read (at open) goes to the first layer
// read.
type problemTap struct {
	next  ProblemHandler
	cur   *checkedReader
	early []Problem
}

func (t *problemTap) handle(p Problem) error {
	if t.cur != nil {
		t.cur.driverProblem(p)
	} else {
		t.early = append(t.early, p)
	}
	if t.next == nil {
		return nil
	}
	return t.next(p)
}

// driverProblem counts a problem the driver reported.
func (c *checkedReader) driverProblem(p Problem) {
	switch p.Outcome {
	case Skipped:
		if p.Index >= 0 || p.Count > 0 {
			c.driverSkipped += p.N()
			c.skippedBy(p.Kind, p.N())
		}
	case Repaired:
		c.repaired(p.Index, p.Kind)
	}
}

func (c *checkedReader) skippedBy(kind string, n int) {
	if c.counts.SkippedBy == nil {
		c.counts.SkippedBy = map[string]int{}
	}
	c.counts.SkippedBy[kind] += n
	c.counts.Skipped += n
}

// repaired counts a repair of record rec: the feature once, the kind
// each time.
func (c *checkedReader) repaired(rec int, kind string) {
	if c.counts.RepairedBy == nil {
		c.counts.RepairedBy = map[string]int{}
	}
	c.counts.RepairedBy[kind]++
	if rec != c.lastRepaired {
		c.counts.Repaired++
		c.lastRepaired = rec
	}
}

// Counts is the layer's accounting; complete once Next has returned
// io.EOF.
func (c *checkedReader) Counts() Counts { return c.counts }

// finish completes the accounting at the end of the layer: records the
// container declares but the reader never met are skipped as lost.
func (c *checkedReader) finish() error {
	if c.done {
		return nil
	}
	c.done = true
	c.counts.Records = c.counts.Used + c.counts.Skipped
	if rc, ok := c.Reader.(RecordCounter); ok {
		if lost := rc.Records() - c.counts.Records; lost > 0 {
			p := Problem{File: c.name, Index: -1, Kind: ProblemTruncated, Count: lost,
				Reason: fmt.Sprintf("the file declares %d records; %d could not be read", rc.Records(), lost)}
			c.skippedBy(p.Kind, lost)
			c.counts.Records = rc.Records()
			if err := c.opts.Report(p); err != nil {
				return err
			}
		}
	}
	if c.opts.Counted != nil {
		c.opts.Counted(c.name, c.counts)
	}
	return nil
}

// Validate wraps a driver's reader the way Open does: the CRS settled,
// coordinates reprojected to lon/lat, invalid features reported through
// opts.Problems and skipped, duplicate ids found. name is the source for
// messages.
func Validate(r Reader, name string, opts ReadOptions) Reader {
	return newCheckedReader(r, name, opts)
}

func newCheckedReader(r Reader, name string, opts ReadOptions) *checkedReader {
	return &checkedReader{Reader: r, name: name, opts: opts, lastRepaired: -1,
		seenFloat: map[float64]struct{}{}, seenStr: map[string]struct{}{}}
}

// Counter is implemented by the readers Open returns: the layer's
// accounting, complete once Next has returned io.EOF.
type Counter interface {
	Counts() Counts
}

// Layer reports the layer with the CRS the coordinates were read in (the
// features themselves are always lon/lat).
func (c *checkedReader) Layer() Layer {
	l := c.Reader.Layer()
	if c.settled {
		l.CRS = c.crs
	} else if c.opts.SourceCRS != nil {
		l.CRS = *c.opts.SourceCRS
	}
	return l
}

func (c *checkedReader) settle() {
	c.settled = true
	l := c.Reader.Layer()
	switch {
	case c.opts.SourceCRS != nil:
		c.crs = *c.opts.SourceCRS
	case !l.CRS.IsZero():
		c.crs = l.CRS
	default:
		c.crs = crs.WGS84
		if l.Format == "ESRI Shapefile" {
			c.opts.Note(fmt.Sprintf("%s: no .prj file; assuming EPSG:4326 lon/lat (pass --s-crs to say otherwise)", c.name))
		}
	}
	c.project = !c.crs.IsGeographic()
	if !c.crs.Supported() {
		// a CRS known by name only: info describes the layer in its own
		// coordinates; every other reader is refused
		c.native, c.project = true, false
	}
}

// Native says whether the features are in the layer's own CRS, which
// cannot be converted to lon/lat (only with ReadOptions.Describe).
func (c *checkedReader) Native() bool { return c.native }

// Next returns the next valid feature in lon/lat. Repairable features
// (an open ring, consecutive duplicate vertices) are repaired and
// reported; invalid ones are reported and skipped; features sharing an
// id are all kept, each duplicated id reported once.
func (c *checkedReader) Next() (*Feature, error) {
	if t := c.tap(); t != nil {
		t.cur = c
		for _, p := range t.early {
			c.driverProblem(p)
		}
		t.early = nil
	}
	for {
		f, err := c.Reader.Next()
		// Settle the CRS only after the first read: formats such as
		// GeoJSON learn theirs from the header the first read consumes.
		if !c.settled {
			c.settle()
		}
		if err == io.EOF {
			if ferr := c.finish(); ferr != nil {
				return nil, ferr
			}
			return nil, err
		}
		if err != nil {
			return nil, err
		}
		if c.native && !c.opts.Describe {
			what := "its CRS"
			if l := c.Reader.Layer().Name; l != "" && !strings.EqualFold(l, strings.TrimSuffix(filepath.Base(c.name), filepath.Ext(c.name))) {
				what = fmt.Sprintf("layer %s: its CRS", l)
			}
			return nil, &FormatError{File: c.name, Index: -1,
				Reason: fmt.Sprintf("%s %q cannot be converted to longitude/latitude", what, c.crs.Name),
				Fix:    "reproject the file (to EPSG:4326, or a UTM zone such as EPSG:32750) or pass --s-crs with a CRS kukarcli knows; kukarcli info describes it as it is"}
		}
		idx := c.yielded + c.driverSkipped
		c.yielded++
		if f.Geometry != nil {
			g, repairs := repairGeometry(f.Geometry)
			for _, kind := range repairs {
				c.repaired(idx, kind)
				if err := c.opts.Report(Problem{File: c.name, Index: idx, ID: f.IDString(), Kind: kind, Outcome: Repaired,
					Reason: repairReason(kind)}); err != nil {
					return nil, err
				}
			}
			f.Geometry = g
			if c.project {
				f.Geometry = reproject(f.Geometry, c.crs)
			}
			kind, reason := checkGeometry(f.Geometry)
			if c.native && (kind == "metres" || kind == ProblemInvalidCoord || kind == RepairClamped) {
				kind, reason = checkShape(f.Geometry) // not lon/lat: only the shape is checked
			}
			if kind == RepairClamped {
				f.Geometry, kind = clampNoise(f.Geometry), ""
				c.repaired(idx, RepairClamped)
				if err := c.opts.Report(Problem{File: c.name, Index: idx, ID: f.IDString(), Kind: RepairClamped, Outcome: Repaired,
					Reason: "a longitude or latitude a hair beyond ±180/±90 (rounding in the file) was set to the limit"}); err != nil {
					return nil, err
				}
			}
			if kind == "metres" {
				return nil, &FormatError{File: c.name, Index: idx, ID: f.IDString(),
					Reason: fmt.Sprintf("coordinates look like metres (%s) but the file is read as %s lon/lat degrees", reason, c.crs),
					Fix:    "pass --s-crs with the file's projected CRS (for UTM, EPSG:326zz north of the equator or 327zz south, zz the zone: EPSG:32750 for Kutai Kartanegara), or add the right .prj"}
			}
			if kind != "" {
				if c.lastRepaired == idx {
					c.counts.Repaired-- // repaired, then skipped all the same
					c.lastRepaired = -1
				}
				c.skippedBy(kind, 1)
				if err := c.opts.Report(Problem{File: c.name, Index: idx, ID: f.IDString(), Kind: kind, Reason: reason}); err != nil {
					return nil, err
				}
				continue
			}
		}
		if f.ID != nil && c.duplicate(f.ID) {
			c.counts.DuplicateFeatures++
			key := fmt.Sprintf("%T\x00%s", f.ID, f.IDString())
			if !c.dupFlagged[key] {
				if c.dupFlagged == nil {
					c.dupFlagged = map[string]bool{}
				}
				c.dupFlagged[key] = true
				c.counts.DuplicateIDs++
				if err := c.opts.Report(Problem{File: c.name, Index: idx, ID: f.IDString(), Kind: ProblemDuplicateID, Outcome: Kept,
					Reason: "an earlier feature has the same id; both are used"}); err != nil {
					return nil, err
				}
			}
		}
		c.counts.Used++
		return f, nil
	}
}

// tap is the problem tap Open put between the driver and the caller's
// handler, if any.
func (c *checkedReader) tap() *problemTap { return c.problemTap }

// idRun is the integer ids lo…hi, all met.
type idRun struct{ lo, hi int64 }

// duplicate records id and reports whether it was seen before.
func (c *checkedReader) duplicate(id any) bool {
	switch v := id.(type) {
	case int64:
		// Files usually number their features in increasing order, most
		// often 0, 1, 2…: an id above every one so far extends the run
		// of consecutive values that ends at the last id, turns a last
		// single id into such a run, or is kept as a single id (so a
		// numbered file needs one run instead of 8 bytes per feature,
		// and ids with gaps, such as OSM's, 8 bytes each). Only ids out
		// of order go to a map; they are all below the last id when
		// stored, so an id above it cannot be in the map.
		if !c.anyInt || v > c.lastInt {
			nr, ns := len(c.idRuns), len(c.idSingles)
			switch {
			case c.anyInt && v == c.lastInt+1 && nr > 0 && c.idRuns[nr-1].hi == c.lastInt:
				c.idRuns[nr-1].hi = v
			case c.anyInt && v == c.lastInt+1 && ns > 0 && c.idSingles[ns-1] == c.lastInt:
				c.idSingles = c.idSingles[:ns-1]
				c.idRuns = append(c.idRuns, idRun{c.lastInt, v})
			default:
				c.idSingles = append(c.idSingles, v)
			}
			c.lastInt, c.anyInt = v, true
			return false
		}
		i := sort.Search(len(c.idRuns), func(i int) bool { return c.idRuns[i].hi >= v })
		if i < len(c.idRuns) && c.idRuns[i].lo <= v {
			return true
		}
		if _, ok := slices.BinarySearch(c.idSingles, v); ok {
			return true
		}
		if c.seenInt == nil {
			c.seenInt = make(map[int64]struct{})
		}
		if _, ok := c.seenInt[v]; ok {
			return true
		}
		c.seenInt[v] = struct{}{}
	case float64:
		if _, ok := c.seenFloat[v]; ok {
			return true
		}
		c.seenFloat[v] = struct{}{}
	default:
		k := FormatID(v)
		if _, ok := c.seenStr[k]; ok {
			return true
		}
		c.seenStr[k] = struct{}{}
	}
	return false
}

func reproject(g orb.Geometry, crs crs.CRS) orb.Geometry {
	tr := func(p orb.Point) orb.Point {
		lon, lat := crs.ToLonLat(p[0], p[1])
		return orb.Point{lon, lat}
	}
	return mapPoints(g, tr)
}

// mapPoints applies fn to every position in place and returns g.
func mapPoints(g orb.Geometry, fn func(orb.Point) orb.Point) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return fn(g)
	case orb.MultiPoint:
		for i := range g {
			g[i] = fn(g[i])
		}
	case orb.LineString:
		for i := range g {
			g[i] = fn(g[i])
		}
	case orb.Ring:
		for i := range g {
			g[i] = fn(g[i])
		}
	case orb.MultiLineString:
		for _, l := range g {
			mapPoints(l, fn)
		}
	case orb.Polygon:
		for _, r := range g {
			mapPoints(r, fn)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			mapPoints(p, fn)
		}
	case orb.Collection:
		for i := range g {
			g[i] = mapPoints(g[i], fn)
		}
	}
	return g
}

// checkGeometry returns a problem kind and reason, "" when valid, or the
// kind "metres" when the coordinates are far outside degree ranges.
func checkGeometry(g orb.Geometry) (kind, reason string) {
	var bad string
	metres, noise := false, false
	visit := func(p orb.Point) {
		if bad != "" {
			return
		}
		switch {
		case math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0):
			bad = fmt.Sprintf("position (%v, %v) is not a number", p[0], p[1])
		case math.Abs(p[0]) > 1000 || math.Abs(p[1]) > 1000:
			metres = true
			bad = fmt.Sprintf("x=%g, y=%g", p[0], p[1])
		case math.Abs(p[1]) > 90+clampNoiseDeg:
			bad = fmt.Sprintf("latitude %g is outside -90..90", p[1])
			if math.Abs(p[0]) <= 90 && math.Abs(p[1]) <= 180 {
				bad += fmt.Sprintf(" (swapped? as lon %g, lat %g it would fit: the file may list latitude first)", p[1], p[0])
			}
		case math.Abs(p[0]) > 180+clampNoiseDeg:
			bad = fmt.Sprintf("longitude %g is outside -180..180", p[0])
		case math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90:
			noise = true
		}
	}
	eachPoint(g, visit)
	if metres {
		return "metres", bad
	}
	if bad != "" {
		return ProblemInvalidCoord, bad
	}
	if k, r := checkShape(g); k != "" {
		return k, r
	}
	if noise {
		return RepairClamped, "" // valid but for rounding noise at a limit
	}
	return "", ""
}

// clampNoiseDeg is how far beyond ±180° or ±90° a coordinate may lie and
// still be taken as the limit: 180.00000000000006, a file's rounding
// noise, is 180 (about 0.1 mm); anything farther is an invalid coordinate.
const clampNoiseDeg = 1e-9

// clampNoise sets coordinates within clampNoiseDeg beyond the limits to
// the limits.
func clampNoise(g orb.Geometry) orb.Geometry {
	return mapPoints(g, func(p orb.Point) orb.Point {
		return orb.Point{math.Max(-180, math.Min(180, p[0])), math.Max(-90, math.Min(90, p[1]))}
	})
}

func checkShape(g orb.Geometry) (string, string) {
	switch g := g.(type) {
	case orb.MultiPoint:
		if len(g) == 0 {
			return ProblemEmptyGeometry, "MultiPoint without points"
		}
	case orb.LineString:
		if len(g) == 0 {
			return ProblemEmptyGeometry, "LineString without positions"
		}
		if len(g) < 2 {
			return ProblemBadRecord, "LineString with fewer than two positions"
		}
	case orb.MultiLineString:
		if len(g) == 0 {
			return ProblemEmptyGeometry, "MultiLineString without lines"
		}
		for i, l := range g {
			if k, r := checkShape(l); k != "" {
				return k, fmt.Sprintf("line %d: %s", i, r)
			}
		}
	case orb.Polygon:
		if len(g) == 0 {
			return ProblemEmptyGeometry, "Polygon without rings"
		}
		for i, r := range g {
			if len(r) == 0 {
				return ProblemEmptyGeometry, fmt.Sprintf("ring %d is empty", i)
			}
			if r[0] != r[len(r)-1] {
				return ProblemUnclosedRing, fmt.Sprintf("ring %d starts at %v and ends at %v", i, r[0], r[len(r)-1])
			}
			if len(r) < 4 {
				return ProblemBadRecord, fmt.Sprintf("ring %d has %d positions, at least 4 needed", i, len(r))
			}
		}
	case orb.MultiPolygon:
		if len(g) == 0 {
			return ProblemEmptyGeometry, "MultiPolygon without polygons"
		}
		for i, p := range g {
			if k, r := checkShape(p); k != "" {
				return k, fmt.Sprintf("polygon %d: %s", i, r)
			}
		}
	case orb.Collection:
		for i, m := range g {
			if k, r := checkShape(m); k != "" {
				return k, fmt.Sprintf("member %d: %s", i, r)
			}
		}
	}
	return "", ""
}

func eachPoint(g orb.Geometry, fn func(orb.Point)) {
	mapPoints(g, func(p orb.Point) orb.Point { fn(p); return p })
}

// Transform returns a writer that converts lon/lat features to crs before
// handing them on (for --t-crs).
func Transform(w Writer, crs crs.CRS) Writer {
	if crs.IsZero() || crs.IsGeographic() {
		return w
	}
	return &transformWriter{Writer: w, crs: crs}
}

type transformWriter struct {
	Writer
	crs crs.CRS
}

func (t *transformWriter) Write(f *Feature) error {
	if f.Geometry != nil {
		f.Geometry = mapPoints(f.Geometry, func(p orb.Point) orb.Point {
			x, y := t.crs.FromLonLat(p[0], p[1])
			return orb.Point{x, y}
		})
	}
	return t.Writer.Write(f)
}
