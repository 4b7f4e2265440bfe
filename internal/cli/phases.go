package cli

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// phaseTimer times the phases of a run for -v: each mark ends a phase
// begun at the previous mark (or at the start).
type phaseTimer struct {
	start, last time.Time
	names       []string
	took        []time.Duration
}

func newPhaseTimer() *phaseTimer {
	now := time.Now()
	return &phaseTimer{start: now, last: now}
}

// mark ends the phase called name.
func (t *phaseTimer) mark(name string) {
	if t == nil {
		return
	}
	now := time.Now()
	t.names = append(t.names, name)
	t.took = append(t.took, now.Sub(t.last))
	t.last = now
}

// print writes the phases and the total on one line.
func (t *phaseTimer) print(w io.Writer) {
	if t == nil || len(t.names) == 0 {
		return
	}
	parts := make([]string, len(t.names))
	for i, n := range t.names {
		parts[i] = fmt.Sprintf("%s %.3f s", n, t.took[i].Seconds())
	}
	fmt.Fprintf(w, "time: %s; total %.3f s\n", strings.Join(parts, ", "), t.last.Sub(t.start).Seconds())
}

// phases is the run's timer with -v, nil without (its methods then do
// nothing).
func (g *GlobalOptions) phases() *phaseTimer {
	if !g.Verbose || g.Quiet {
		return nil
	}
	if g.timer == nil {
		g.timer = newPhaseTimer()
	}
	return g.timer
}

// phaseFunc is the timer's mark for scenario.Env.Phase, nil without -v.
func (g *GlobalOptions) phaseFunc() func(string) {
	t := g.phases()
	if t == nil {
		return nil
	}
	return t.mark
}
