package scenario

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/coverage"
	"github.com/kukarcli/kukarcli/pkg/report"
)

// Env is what a scenario run needs from its caller.
type Env struct {
	Stdin  io.Reader // for layers named "-"
	ErrOut io.Writer // progress lines and notes, unless Quiet
	Quiet  bool
	Lang   string // "id" or "en"; "" for the scenario's, else id
	Stamp  bool   // print the time of the run in the report
	// Progress, when set, starts a progress bar of total units (-1 when
	// unknown) described by what; the long computations (judging targets,
	// sweeping a raster) count their work on it.
	Progress func(what string, total int) Bar
	// Phase, when set, is called as each phase of a run ends (its name:
	// read, evaluate; network, read, search), for -v timings.
	Phase func(name string)
}

// phase ends the phase called name.
func (env Env) phase(name string) {
	if env.Phase != nil {
		env.Phase(name)
	}
}

// Bar is a progress bar: Add counts units done, from any goroutine;
// Finish clears it.
type Bar interface {
	Add(n int) error
	Finish() error
}

// withProgress sets p.Progress to a new bar of env's, if any, and returns
// the function that finishes it.
func withProgress(env Env, p *coverage.Params, what string, total int) (finish func()) {
	if env.Progress == nil || env.Quiet {
		return func() {}
	}
	bar := env.Progress(what, total)
	p.Progress = func(n int) { bar.Add(n) }
	return func() {
		bar.Finish()
		p.Progress = nil
	}
}

// Run reads the scenario's layers and evaluates it: the report's
// data, ready for pkg/report to render.
func Run(c *Config, env Env, log *Log) (*report.Report, error) {
	if c.Layers.Villages == nil || c.Layers.Sites == nil {
		return nil, fmt.Errorf("--config %s: layers.villages and layers.sites are required", c.File)
	}
	years := append([]int(nil), c.Years...)
	sort.Ints(years)
	if len(years) == 0 {
		return nil, fmt.Errorf("--config %s: years is empty", c.File)
	}
	if err := c.checkTargets(years); err != nil {
		return nil, err
	}
	lang := env.Lang
	if lang == "" {
		lang = c.Lang
	}
	if lang == "" {
		lang = "id"
	}
	sd, err := Load(env, c, log)
	if err != nil {
		return nil, err
	}
	return Evaluate(env, sd, years, lang, log)
}

// checkTargets refuses what the scenario cannot mean: a target for an
// indicator the report does not have, for a year it does not cover, or a
// negative number of sites to plan.
func (c *Config) checkTargets(years []int) error {
	known := map[string]bool{}
	var keys []string
	for _, d := range Indicators {
		known[d.Key] = true
		keys = append(keys, d.Key)
	}
	inYears := map[int]bool{}
	for _, y := range years {
		inYears[y] = true
	}
	var names []string
	for k := range c.Targets {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if !known[k] {
			return fmt.Errorf("--config %s: targets: unknown indicator %q (indicators: %s)", c.File, k, strings.Join(keys, ", "))
		}
		var ys []int
		for y := range c.Targets[k] {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		for _, y := range ys {
			if !inYears[y] {
				return fmt.Errorf("--config %s: targets: %s has a target for %d, which is not in years %v", c.File, k, y, years)
			}
		}
	}
	switch c.IndicatorsFrom {
	case "", report.FromModel, report.FromSurvey, report.FromBoth:
	default:
		return fmt.Errorf("--config %s: indicators_from: %q; use model, survey or both", c.File, c.IndicatorsFrom)
	}
	if c.IndicatorsFrom != "" && c.IndicatorsFrom != report.FromModel && len(c.Survey) == 0 {
		return fmt.Errorf("--config %s: indicators_from: %s needs a survey (survey: [{path: FILE, year: YEAR}])", c.File, c.IndicatorsFrom)
	}
	surveyed := map[int]int{}
	for i, s := range c.Survey {
		switch j, dup := surveyed[s.Year]; {
		case s.Path == "":
			return fmt.Errorf("--config %s: survey[%d]: no path", c.File, i)
		case s.Year == 0:
			return fmt.Errorf("--config %s: survey[%d] (%s): no year; say which year the survey describes (year: 2022)", c.File, i, s.Path)
		case !inYears[s.Year]:
			return fmt.Errorf("--config %s: survey[%d] (%s): year %d is not in years %v", c.File, i, s.Path, s.Year, years)
		case dup:
			return fmt.Errorf("--config %s: survey[%d] (%s): %d already has a survey (survey[%d]); give one file per year", c.File, i, s.Path, s.Year, j)
		}
		surveyed[s.Year] = i
	}
	if c.Plan.K != nil && *c.Plan.K < 0 {
		return fmt.Errorf("--config %s: plan: k is %d; give the number of sites to propose (0 for none)", c.File, *c.Plan.K)
	}
	if c.Plan.TargetShare != nil && (*c.Plan.TargetShare < 0 || *c.Plan.TargetShare > 1) {
		return fmt.Errorf("--config %s: plan: target_share %v is not a share between 0 and 1", c.File, *c.Plan.TargetShare)
	}
	return nil
}
