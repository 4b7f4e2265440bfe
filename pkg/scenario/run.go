package scenario

import (
	"fmt"
	"io"
	"sort"

	"github.com/kukarcli/kukarcli/pkg/report"
)

// Env is what a scenario run needs from its caller.
type Env struct {
	Stdin  io.Reader // for layers named "-"
	ErrOut io.Writer // progress lines and notes, unless Quiet
	Quiet  bool
	Lang   string // "id" or "en"; "" for the scenario's, else id
	Stamp  bool   // print the time of the run in the report
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
