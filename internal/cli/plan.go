package cli

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/scenario"
	"github.com/kukarcli/kukarcli/pkg/siting"
)

// PlanOptions are the inputs of `kukarcli plan`.
type PlanOptions struct {
	IO             *IOStreams
	Global         *GlobalOptions
	Cov            CoverageFlags
	Out            OutputFlags
	Candidates     string
	CandidateGridM float64
	CandidatesFrom string
	K              int
	TargetShare    float64
	Exclude        string
	NewSite        []string
	Improve        bool
	Left           string
	Shard          string
	EvaluationsOut string
	Evaluations    string
	cmd            *cobra.Command
}

// NewCmdPlan builds `kukarcli plan`.
func NewCmdPlan(streams *IOStreams, g *GlobalOptions, runF func(*PlanOptions) error) *cobra.Command {
	opts := &PlanOptions{IO: streams, Global: g}
	opts.Cov.villagesFlag = true
	cmd := &cobra.Command{
		Use:   "plan --sites FILE --villages FILE [-k N | --target-share 0.95]",
		Short: "Propose where the next towers go: greedy maximum coverage of the people without signal",
		Long: `Propose new tower sites that cover the most people not served by the existing
sites. Demand is the --settlements (population points) when given, else each
village's population at a point inside it (one person per village when no
population is known). Candidates are a --candidates file, a --candidate-grid
over the villages' polygons, or the village points (--candidates-from villages,
the default); --exclude removes candidates inside protected or water areas.

Each candidate covers what a new site (--new-site, default the 4G planning
defaults) would cover under the same --model as coverage. Sites are picked by
lazy greedy (CELF): each pick covers the most still-uncovered people, ties by
candidate id, until -k sites or --target-share of all people are covered.
Greedy is within 1-1/e (63.2 %) of the best k sites; for small instances the
exact optimum is found and the gap shown, otherwise an upper bound.

One row per proposed site, in pick order: rank, gain_population,
cumulative_population, cumulative_share, villages_newly_covered, kecamatan.` + exitStatusHelp,
		Example: `  kukarcli plan --sites towers.csv --villages desa.shp -k 10
  kukarcli plan --sites towers.csv --villages desa.shp --settlements dusun.geojson --candidate-grid 1km --target-share 0.95 -o plan.geojson`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.cmd = cmd
			if opts.K < 0 || opts.TargetShare < 0 || opts.TargetShare > 1 {
				return scenario.Usagef("-k must not be negative and --target-share must be within 0..1")
			}
			if opts.Shard != "" && opts.EvaluationsOut == "" {
				return scenario.Usagef("--shard evaluates a part of the candidates: give --evaluations-out FILE, join the parts with kukarcli merge, then plan with --evaluations")
			}
			if opts.EvaluationsOut != "" && opts.Evaluations != "" {
				return scenario.Usagef("--evaluations-out writes what --evaluations reads: give one")
			}
			if opts.K == 0 && opts.TargetShare == 0 && opts.EvaluationsOut == "" {
				return scenario.Usagef("give -k N, --target-share S, or both")
			}
			switch opts.CandidatesFrom {
			case "villages", "grid", "file":
			default:
				return scenario.Usagef("--candidates-from %q: use villages", opts.CandidatesFrom)
			}
			if runF != nil {
				return runF(opts)
			}
			return planRun(opts)
		},
	}
	opts.Cov.addFlags(cmd, "villages", "villages `FILE` (polygons or points, with population)")
	opts.Out.AddFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&opts.Candidates, "candidates", "", "candidate sites `FILE` (points)")
	f.Var(distanceFlag{&opts.CandidateGridM}, "candidate-grid", "candidates on a grid of this spacing over the villages' polygons (e.g. 1km)")
	f.StringVar(&opts.CandidatesFrom, "candidates-from", "villages", "candidates at a point inside each village (villages)")
	f.IntVarP(&opts.K, "k", "k", 0, "number of sites to propose")
	f.Float64Var(&opts.TargetShare, "target-share", 0, "stop once this share of all people is covered (0..1)")
	f.StringVar(&opts.Exclude, "exclude", "", "polygons `FILE` where no site may go (protected areas, water)")
	f.StringSliceVar(&opts.NewSite, "new-site", nil, "the proposed sites' parameters, key=value: tech, radius_m, height_m, freq_mhz, eirp_dbm (default tech=4G with its planning defaults)")
	f.BoolVar(&opts.Improve, "improve", false, "after the greedy, swap chosen and unchosen sites while the covered population rises")
	f.StringVar(&opts.Left, "left", "", "also write the villages still without signal after the last pick to `FILE`")
	f.StringVar(&opts.Shard, "shard", "", "evaluate one part of the candidates split N ways, `I/N` (I from 0), by 0.25° tiles; needs --evaluations-out")
	f.StringVar(&opts.EvaluationsOut, "evaluations-out", "", "write which demand points a site at each candidate would cover to `FILE`, and stop (no plan)")
	f.StringVar(&opts.Evaluations, "evaluations", "", "pick the sites from this `FILE` of evaluations (--evaluations-out, shards joined with kukarcli merge) instead of judging the candidates")
	return cmd
}

// parseNewSite reads --new-site key=value pairs over the 4G template.
func parseNewSite(kv []string) (coverage.Site, error) {
	s := coverage.Site{Tech: coverage.Tech4G}
	for _, e := range kv {
		k, v, ok := strings.Cut(e, "=")
		if !ok {
			return s, scenario.Usagef("--new-site %q: want key=value", e)
		}
		if k == "tech" {
			t, ok := scenario.TechOf(v)
			if !ok {
				return s, scenario.Usagef("--new-site tech=%q: use 2G, 3G, 4G or 5G", v)
			}
			s.Tech = t
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			return s, scenario.Usagef("--new-site %s=%q: not a usable number", k, v)
		}
		switch k {
		case "radius_m":
			s.RadiusM = f
		case "height_m":
			s.HeightM = f
		case "freq_mhz":
			s.FreqMHz = f
		case "eirp_dbm":
			s.EIRPdBm = f
		default:
			return s, scenario.Usagef("--new-site: unknown key %q (tech, radius_m, height_m, freq_mhz, eirp_dbm)", k)
		}
	}
	return s, nil
}

// planRun proposes new sites: the coverage of the demand by the existing
// sites, the candidates, the greedy pick, then the summary on standard
// error and the rows.
func planRun(opts *PlanOptions) error {
	if err := precheckOutputs(opts.Out.Overwrite, opts.Out.Path, opts.Left, opts.EvaluationsOut); err != nil {
		return err
	}
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Cov.Read.Strict)
	tmpl, err := parseNewSite(opts.NewSite)
	if err != nil {
		return err
	}
	cov, err := runCoverageModel(opts.cmd, opts.IO, opts.Global, &opts.Cov, log)
	if err != nil {
		return err
	}
	tmpl.ApplyDefaults(cov.Params.Table)
	demand, hasPop := scenario.PlanDemand(cov)
	covered, warns, err := siting.Existing(cov.Sites, demand, cov.Params)
	if err != nil {
		return err
	}
	for _, w := range warns {
		log.Warn(fmt.Sprintf("%s (%d×)", w.Message, w.Count))
	}
	cands, candKec, err := planCandidates(opts, cov, log)
	if err != nil {
		return err
	}
	if cands, err = excludePlanCandidates(opts, cands, log); err != nil {
		return err
	}
	if len(cands) == 0 {
		return fmt.Errorf("plan: no candidate sites")
	}
	sp := siting.Params{NewSite: tmpl, Coverage: cov.Params, K: opts.K, TargetShare: opts.TargetShare, Improve: opts.Improve}
	if opts.EvaluationsOut != "" {
		return writeEvaluations(opts, demand, covered, cands, sp, log)
	}
	var plan siting.Plan
	if opts.Evaluations != "" {
		covers, err := readEvaluations(opts, demand, covered, cands, sp, log)
		if err != nil {
			return err
		}
		plan, err = siting.SolveSets(demand, covered, cands, sp, covers)
		if err != nil {
			return fmt.Errorf("%s: %w", displayName(opts.Evaluations), err)
		}
	} else if plan, err = siting.Solve(demand, covered, cands, sp); err != nil {
		return err
	}
	for _, w := range plan.Warnings {
		log.Warn(w)
	}
	nameOf := villageNamer(cov)
	fs := planFeatures(cov, plan, candKec, nameOf)
	if !opts.Global.Quiet {
		printPlan(opts, plan, len(cands), hasPop, nameOf)
	}
	if err := writePlan(opts, cov, plan, fs, log); err != nil {
		return err
	}
	return log.Finish()
}

// planCandidates are the candidate sites: the --candidates file, a
// --candidate-grid over the villages' polygons, or a point inside each
// village. The map gives the kecamatan of village candidates by id.
func planCandidates(opts *PlanOptions, cov *scenario.CoverageRun, log *scenario.Log) ([]siting.Candidate, map[string]string, error) {
	switch {
	case opts.Candidates != "":
		cands, err := loadFileCandidates(opts, log)
		return cands, map[string]string{}, err
	case opts.CandidateGridM > 0:
		area := polygonsOf(cov.Targets.Features)
		if len(area) == 0 {
			return nil, map[string]string{}, scenario.Usagef("--candidate-grid needs village polygons")
		}
		cands, err := siting.GridCandidates(area, opts.CandidateGridM)
		return cands, map[string]string{}, err
	default:
		cands, candKec := scenario.VillageCandidates(cov)
		return cands, candKec, nil
	}
}

// loadFileCandidates reads the --candidates file: a candidate at a point
// of each feature with a geometry, named by its id role or else by its
// position in the file (c000001, ...).
func loadFileCandidates(opts *PlanOptions, log *scenario.Log) ([]siting.Candidate, error) {
	cd, err := loadLayer(opts.Candidates, opts.IO, &opts.Cov.Read, log)
	if err != nil {
		return nil, err
	}
	roles, err := scenario.ResolveRoles(cd.Fields, scenario.SiteRoles, nil, cd.Path)
	if err != nil {
		return nil, err
	}
	var cands []siting.Candidate
	for i, f := range cd.Features {
		p, ok := geoio.RepresentativePoint(f.Geometry)
		if !ok {
			continue
		}
		id := scenario.PropString(f.Properties, roles["id"])
		if id == "" {
			id = fmt.Sprintf("c%06d", i+1)
		}
		cands = append(cands, siting.Candidate{ID: id, Pos: p})
	}
	return cands, nil
}

// excludePlanCandidates removes the candidates inside the --exclude
// polygons, and says how many went unless -q.
func excludePlanCandidates(opts *PlanOptions, cands []siting.Candidate, log *scenario.Log) ([]siting.Candidate, error) {
	if opts.Exclude == "" {
		return cands, nil
	}
	ed, err := loadLayer(opts.Exclude, opts.IO, &opts.Cov.Read, log)
	if err != nil {
		return cands, err
	}
	before := len(cands)
	if cands, err = siting.ExcludeCandidates(cands, polygonsOf(ed.Features)); err != nil {
		return cands, err
	}
	if !opts.Global.Quiet {
		fmt.Fprintf(opts.IO.ErrOut, "plan: --exclude removed %d of %d candidates\n", before-len(cands), before)
	}
	return cands, nil
}

// polygonsOf gathers the polygons and multipolygons of fs into one
// multipolygon; other geometries are left out.
func polygonsOf(fs []*geoio.Feature) orb.MultiPolygon {
	var mp orb.MultiPolygon
	for _, f := range fs {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = append(mp, g)
		case orb.MultiPolygon:
			mp = append(mp, g...)
		}
	}
	return mp
}

// villageNamer names village z by its name role, else its id role; ""
// for an index outside the villages.
func villageNamer(cov *scenario.CoverageRun) func(z int) string {
	villages := cov.Targets.Features
	return func(z int) string {
		if z < 0 || z >= len(villages) {
			return ""
		}
		n := scenario.PropString(villages[z].Properties, cov.Roles["name"])
		if n == "" {
			n = scenario.PropString(villages[z].Properties, cov.Roles["id"])
		}
		return n
	}
}

// planFeatures makes one row per pick, in pick order. A candidate's
// kecamatan is the one of its village (candKec), else that of the village
// its point falls in.
func planFeatures(cov *scenario.CoverageRun, plan siting.Plan, candKec map[string]string, nameOf func(int) string) []*geoio.Feature {
	villages := cov.Targets.Features
	zoneFind := scenario.NewZoneFinder(villages)
	fs := make([]*geoio.Feature, len(plan.Picks))
	for i, pk := range plan.Picks {
		var names []string
		for _, z := range pk.NewlyCoveredZones {
			names = append(names, nameOf(z))
		}
		kec, ok := candKec[pk.Candidate.ID]
		if !ok {
			if z := zoneFind.Find(pk.Candidate.Pos); z >= 0 {
				kec = scenario.PropString(villages[z].Properties, cov.Roles["kecamatan"])
			}
		}
		fs[i] = &geoio.Feature{Geometry: pk.Candidate.Pos, Properties: geoio.Properties{
			{Key: "rank", Value: int64(pk.Rank)},
			{Key: "candidate", Value: pk.Candidate.ID},
			{Key: "gain_population", Value: scenario.NumOrNil(pk.GainWeight, 0)},
			{Key: "cumulative_population", Value: scenario.NumOrNil(pk.CumulativeWeight, 0)},
			{Key: "cumulative_share", Value: scenario.RoundTo(pk.CumulativeShare, 4)},
			{Key: "villages_newly_covered", Value: strings.Join(names, "; ")},
			{Key: "kecamatan", Value: scenario.Nullable(kec)},
		}}
	}
	return fs
}

// writePlan writes the picks (fs) to the output and, with --left, the
// villages still without signal to that file.
func writePlan(opts *PlanOptions, cov *scenario.CoverageRun, plan siting.Plan, fs []*geoio.Feature, log *scenario.Log) error {
	inputs := append(append(inputFiles(opts.Cov.Sites), inputFiles(opts.Cov.Targets)...), inputFiles(opts.Candidates)...)
	// a page shows the villages too: their signal today and the
	// proposed site that would bring it
	byRank := map[int]int64{}
	for _, pk := range plan.Picks {
		for _, z := range pk.NewlyCoveredZones {
			byRank[z] = int64(pk.Rank)
		}
	}
	villages := make([]*geoio.Feature, len(cov.Results))
	for i := range cov.Results {
		f := cov.ResultFeature(i, false)
		if r, ok := byRank[i]; ok {
			f.Properties.Set("covered_by_rank", r)
		} else {
			f.Properties.Set("covered_by_rank", nil)
		}
		villages[i] = f
	}
	if err := writeRows(opts.IO, &opts.Out, inputs, "plan", fs, log.Warn, report.HTMLLayer{Title: "Villages", Features: villages}); err != nil {
		return err
	}
	if opts.Left == "" {
		return nil
	}
	var left []*geoio.Feature
	for _, z := range plan.ZonesLeft {
		left = append(left, cov.ResultFeature(z, false))
	}
	lo := OutputFlags{Path: opts.Left, Overwrite: opts.Out.Overwrite, Precision: opts.Out.Precision}
	return writeRows(opts.IO, &lo, inputs, "blank_spots_left", left, log.Warn)
}

// printPlan says on standard error what the plan achieves, how far greedy
// may be from the best sites, and which villages are still blank spots.
func printPlan(opts *PlanOptions, p siting.Plan, ncand int, people bool, nameOf func(int) string) {
	w := opts.IO.ErrOut
	unit := "people"
	if !people {
		unit = "villages (no population given: one per village)"
	}
	fmt.Fprintf(w, "plan: %d sites proposed from %d candidates (stopped: %s); %s %s, covered before %s (%s), after %s (%s)\n",
		len(p.Picks), ncand, p.Stop, scenario.Thousands(p.TotalWeight), unit, scenario.Thousands(p.CoveredBefore), scenario.Pct(p.CoveredBefore, p.TotalWeight),
		scenario.Thousands(p.CoveredAfter), scenario.Pct(p.CoveredAfter, p.TotalWeight))
	if len(p.Picks) > 0 {
		if p.ExactOptimum != nil {
			if p.Gap <= 1e-12 {
				fmt.Fprintf(w, "optimality: greedy equals the exact optimum for %d sites (%s)\n", len(p.Picks), scenario.Thousands(*p.ExactOptimum))
			} else {
				fmt.Fprintf(w, "optimality: the best %d sites cover %s more; greedy covers %s, %.1f %% below the optimum (best set: %s)\n",
					len(p.Picks), scenario.Thousands(*p.ExactOptimum-p.NewWeight), scenario.Thousands(p.NewWeight), 100*p.Gap, strings.Join(p.OptimalIDs, ", "))
			}
		} else {
			fmt.Fprintf(w, "optimality: greedy is guaranteed within %.1f %% of the best %d sites (1-(1-1/k)^k); upper bound %s, so at most %.1f %% below the optimum\n",
				100*p.GuaranteeRatio, len(p.Picks), scenario.Thousands(p.UpperBound), 100*p.Gap)
		}
	}
	var names []string
	for _, z := range p.ZonesLeft {
		names = append(names, nameOf(z))
	}
	sort.Strings(names)
	fmt.Fprintf(w, "blank-spot villages left: %d", len(names))
	if len(names) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(scenario.FirstFew(names, 10), ", "))
	}
	fmt.Fprintln(w)
}
