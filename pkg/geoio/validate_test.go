package geoio

import (
	"io"
	"math/rand/v2"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/paulmach/orb"
)

// The run-and-map bookkeeping of integer ids against a plain set, on
// random sequences that mix increasing runs, gaps, repeats and ids out
// of order.
func TestDuplicateIntIDsAgainstSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	for trial := 0; trial < 200; trial++ {
		var c checkedReader
		set := map[int64]bool{}
		next := int64(rng.IntN(5))
		for i := 0; i < 300; i++ {
			var v int64
			switch rng.IntN(4) {
			case 0, 1:
				v = next
				next += 1 + int64(rng.IntN(2))
			case 2:
				v = int64(rng.IntN(int(next) + 3))
			default:
				v = next + int64(rng.IntN(4))
			}
			if got, want := c.duplicate(v), set[v]; got != want {
				t.Fatalf("trial %d step %d: duplicate(%d) = %v, want %v", trial, i, v, got, want)
			}
			set[v] = true
		}
	}
}

// sliceReader hands out fixed features.
type sliceReader struct{ fs []*Feature }

func (r *sliceReader) Layer() Layer { return Layer{Name: "t", CRS: crs.WGS84} }
func (r *sliceReader) Close() error { return nil }
func (r *sliceReader) Next() (*Feature, error) {
	if len(r.fs) == 0 {
		return nil, io.EOF
	}
	f := r.fs[0]
	r.fs = r.fs[1:]
	return f, nil
}

// A coordinate a hair beyond ±180° (a file's rounding: 180.00000000000006)
// is set to the limit and counted as a repair; one clearly beyond is
// skipped; rings are closed and repeated vertices dropped.
func TestCheckedReaderRepairs(t *testing.T) {
	r := &sliceReader{fs: []*Feature{
		{Geometry: orb.LineString{{179.9, 60}, {180.00000000000006, 60.5}}},
		{Geometry: orb.Point{180.001, 0}},
		{Geometry: orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {1, 1}}}},
		{Geometry: orb.Point{10, 10}},
	}}
	var probs []Problem
	c := newCheckedReader(r, "t", ReadOptions{Problems: func(p Problem) error { probs = append(probs, p); return nil }})
	var got []*Feature
	for {
		f, err := c.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f)
	}
	n := c.Counts()
	if len(got) != 3 || n.Records != 4 || n.Used != 3 || n.Repaired != 2 || n.Skipped != 1 ||
		n.RepairedBy[RepairClamped] != 1 || n.RepairedBy[RepairRingClosed] != 1 || n.RepairedBy[RepairDuplicateVerts] != 1 {
		t.Fatalf("features %d, counts %+v, problems %v", len(got), n, probs)
	}
	if l := got[0].Geometry.(orb.LineString); l[1][0] != 180 {
		t.Errorf("clamped to %v", l[1])
	}
	if p := got[1].Geometry.(orb.Polygon); len(p[0]) != 4 || p[0][0] != p[0][3] {
		t.Errorf("ring %v", p[0])
	}
}
