package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// problemLog receives the features readers skip: in strict mode the first
// one is an error; otherwise it warns once per kind and counts the rest.
type problemLog struct {
	w      io.Writer
	quiet  bool
	strict bool
	counts map[string]int
	order  []string
	total  int
}

func newProblemLog(w io.Writer, quiet, strict bool) *problemLog {
	return &problemLog{w: w, quiet: quiet, strict: strict, counts: map[string]int{}}
}

func (p *problemLog) handle(pr geoio.Problem) error {
	if p.strict {
		return fmt.Errorf("%w: %v", geoio.ErrStrict, pr)
	}
	if p.counts[pr.Kind] == 0 {
		p.order = append(p.order, pr.Kind)
		if !p.quiet {
			fmt.Fprintf(p.w, "warning: %v (skipped; further %q problems are counted, not shown)\n", pr, pr.Kind)
		}
	}
	p.counts[pr.Kind]++
	p.total++
	return nil
}

func (p *problemLog) warn(msg string) {
	if !p.quiet {
		fmt.Fprintf(p.w, "warning: %s\n", msg)
	}
}

// finish prints the count and returns a partialError when anything was
// skipped, so the command exits 3.
func (p *problemLog) finish() error {
	if p.total == 0 {
		return nil
	}
	if !p.quiet {
		var parts []string
		for _, k := range p.order {
			parts = append(parts, fmt.Sprintf("%d %s", p.counts[k], k))
		}
		fmt.Fprintf(p.w, "skipped %d feature(s): %s\n", p.total, strings.Join(parts, ", "))
	}
	return partialError{skipped: p.total}
}
