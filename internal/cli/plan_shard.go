package cli

import (
	"encoding/binary"
	"fmt"
	"hash"
	"hash/fnv"
	"math"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/scenario"
	"github.com/kukarcli/kukarcli/pkg/siting"
)

// A plan too large for one machine is split by its candidates: each
// shard (`plan --shard I/N --evaluations-out part.csv`) judges which
// demand points a new site at each of its candidates would cover, the
// parts are joined with `kukarcli merge`, and `plan --evaluations
// all.csv` picks the sites from them. Each row carries the run's
// fingerprint, so evaluations are not used with other inputs.

// Columns of an evaluations file.
const (
	evalCandidate = "candidate"
	evalDemand    = "demand_points"
	evalRun       = "run"
	evalCount     = "n_covers"
	evalCovers    = "covers"
)

// writeEvaluations writes, for every candidate (of the shard, with
// --shard), the demand points a new site there would cover: their
// indices in the plan's demand, space-separated.
func writeEvaluations(opts *PlanOptions, demand []siting.Demand, covered []bool, cands []siting.Candidate, sp siting.Params, log *scenario.Log) error {
	var which []bool
	var shard *scenario.Shard
	if opts.Shard != "" {
		var err error
		if shard, err = scenario.ParseShard(opts.Shard); err != nil {
			return err
		}
		which = make([]bool, len(cands))
		for c, cd := range cands {
			which[c] = shard.Has(cd.Pos)
		}
	}
	covers, err := siting.CoverSets(demand, covered, cands, sp, which)
	if err != nil {
		return err
	}
	run := planFingerprint(demand, covered, cands, sp)
	var fs []*geoio.Feature
	var b []byte
	for c, cd := range cands {
		if which != nil && !which[c] {
			continue
		}
		var p geoio.Properties
		if shard != nil {
			p = append(p, geoio.Property{Key: scenario.ShardRowField, Value: int64(c)})
		}
		b = b[:0]
		for k, i := range covers[c] {
			if k > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(i), 10)
		}
		p = append(p,
			geoio.Property{Key: evalCandidate, Value: cd.ID},
			geoio.Property{Key: evalDemand, Value: int64(len(demand))},
			geoio.Property{Key: evalRun, Value: run},
			geoio.Property{Key: evalCount, Value: int64(len(covers[c]))},
			geoio.Property{Key: evalCovers, Value: scenario.Nullable(string(b))})
		fs = append(fs, &geoio.Feature{Geometry: cd.Pos, Properties: p})
	}
	if !opts.Global.Quiet {
		part := ""
		if shard != nil {
			part = fmt.Sprintf(" (shard %s)", shard)
		}
		fmt.Fprintf(opts.IO.ErrOut, "plan: %d of %d candidates evaluated%s against %d demand points\n", len(fs), len(cands), part, len(demand))
	}
	inputs := append(append(inputFiles(opts.Cov.Sites), inputFiles(opts.Cov.Targets)...), inputFiles(opts.Candidates)...)
	o := OutputFlags{Path: opts.EvaluationsOut, Overwrite: opts.Out.Overwrite, Precision: opts.Out.Precision, BOM: opts.Out.BOM, CRLF: opts.Out.CRLF}
	if err := writeRows(opts.IO, &o, inputs, "evaluations", fs, log.Warn); err != nil {
		return err
	}
	return log.Finish()
}

// readEvaluations reads the --evaluations file: one row per candidate,
// in the run's order, made by this very run (its fingerprint).
func readEvaluations(opts *PlanOptions, demand []siting.Demand, covered []bool, cands []siting.Candidate, sp siting.Params, log *scenario.Log) ([][]int32, error) {
	ly, err := readMerged(opts.Evaluations, opts.IO, &opts.Cov.Read, log, len(cands),
		fmt.Sprintf("for %d candidates: merge every shard's evaluations, of this run", len(cands)))
	if err != nil {
		return nil, err
	}
	name := displayName(opts.Evaluations)
	run := planFingerprint(demand, covered, cands, sp)
	covers := make([][]int32, len(cands))
	for c, f := range ly.Features {
		if id := scenario.PropString(f.Properties, evalCandidate); id != cands[c].ID {
			return nil, fmt.Errorf("%s row %d: candidate %q where this run has %q: the evaluations are of other candidates", name, c+1, id, cands[c].ID)
		}
		if got := scenario.PropString(f.Properties, evalRun); got != run {
			return nil, fmt.Errorf("%s row %d: made for other inputs or parameters (run %s, this run %s): evaluate again", name, c+1, got, run)
		}
		for _, s := range strings.Fields(scenario.PropString(f.Properties, evalCovers)) {
			i, err := strconv.ParseInt(s, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("%s row %d: covers %q: not a demand index", name, c+1, s)
			}
			covers[c] = append(covers[c], int32(i))
		}
		// a format that cuts long text (a shapefile's 254 bytes) would
		// drop points silently: the count says
		if n, ok := scenario.PropFloat(f.Properties, evalCount); !ok || int(n) != len(covers[c]) {
			return nil, fmt.Errorf("%s row %d: covers lists %d demand points where %s says %s: the list was cut short (write evaluations as CSV, GeoJSON or GeoPackage)",
				name, c+1, len(covers[c]), evalCount, scenario.PropString(f.Properties, evalCount))
		}
	}
	return covers, nil
}

// readMerged reads a file of rows joined from the parts of a sharded run:
// a part itself (it has shard_row) is refused, and so is a file without
// n rows (what says whose rows were wanted).
func readMerged(path string, streams *IOStreams, rf *ReadFlags, log *scenario.Log, n int, what string) (*scenario.Layer, error) {
	ly, err := loadLayer(path, streams, rf, log)
	if err != nil {
		return nil, err
	}
	name := displayName(path)
	for _, f := range ly.Features {
		if _, ok := f.Properties.Get(scenario.ShardRowField); ok {
			return nil, fmt.Errorf("%s: a shard's part (it has %s): join the parts with kukarcli merge first", name, scenario.ShardRowField)
		}
	}
	if len(ly.Features) != n {
		return nil, fmt.Errorf("%s: %d rows %s", name, len(ly.Features), what)
	}
	return ly, nil
}

// planFingerprint identifies a plan's inputs: the demand (positions,
// weights, villages, coverage by the existing sites), the candidates,
// the new-site template and the coverage model's parameters. The DEM's
// content is not in it: evaluate again after changing the DEM.
func planFingerprint(demand []siting.Demand, covered []bool, cands []siting.Candidate, sp siting.Params) string {
	fp := newFingerprint()
	f, s := fp.f, fp.s
	f(float64(len(demand)))
	for i, d := range demand {
		f(d.Pos[0])
		f(d.Pos[1])
		f(d.Weight)
		f(float64(d.Zone))
		if covered != nil && covered[i] {
			f(1)
		} else {
			f(0)
		}
	}
	f(float64(len(cands)))
	for _, c := range cands {
		s(c.ID)
		f(c.Pos[0])
		f(c.Pos[1])
	}
	t := sp.NewSite
	s(string(t.Tech))
	for _, v := range []float64{t.RadiusM, t.HeightM, t.FreqMHz, t.EIRPdBm, t.AzimuthDeg, t.BeamwidthDeg} {
		f(v)
	}
	hashCoverageParams(f, s, sp.Coverage)
	return fp.String()
}

// hashCoverageParams feeds a fingerprint the coverage model's parameters.
func hashCoverageParams(f func(float64), s func(string), cp coverage.Params) {
	s(string(cp.Model))
	s(string(cp.Environment))
	thr := math.NaN()
	if cp.ThresholdDBm != nil {
		thr = *cp.ThresholdDBm
	}
	large := 0.0
	if cp.LargeCity {
		large = 1
	}
	for _, v := range []float64{large, thr, cp.RxHeightM, cp.SampleM, cp.MinShare, cp.MaxReachM, cp.SweepMarginDB} {
		f(v)
	}
	if cp.ExactTerrain {
		f(1)
	}
	s(fmt.Sprintf("%+v", cp.ITM))
	for _, tech := range []coverage.Tech{coverage.Tech2G, coverage.Tech3G, coverage.Tech4G, coverage.Tech5G} {
		if d, ok := cp.Table[tech]; ok {
			s(fmt.Sprintf("%s %+v", tech, d))
		}
	}
}

// fingerprint is an FNV-64a hash fed through f (a number) and s (a text).
type fingerprint struct {
	h hash.Hash64
	b [8]byte
}

func newFingerprint() *fingerprint { return &fingerprint{h: fnv.New64a()} }

func (fp *fingerprint) f(v float64) {
	binary.LittleEndian.PutUint64(fp.b[:], math.Float64bits(v))
	fp.h.Write(fp.b[:])
}

func (fp *fingerprint) s(v string) {
	fp.f(float64(len(v)))
	fp.h.Write([]byte(v))
}

func (fp *fingerprint) String() string { return fmt.Sprintf("%016x", fp.h.Sum64()) }
