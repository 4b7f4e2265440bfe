package scenario

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// UsageError marks a mistake on the command line.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }

func (e UsageError) Unwrap() error { return e.Err }

// Usagef is a UsageError with a formatted message.
func Usagef(format string, a ...any) error { return UsageError{fmt.Errorf(format, a...)} }

// PartialError reports a run that finished but skipped features.
type PartialError struct{ Skipped int }

func (e PartialError) Error() string {
	return fmt.Sprintf("%d feature(s) skipped", e.Skipped)
}

// FailUnderError reports missed --fail-under targets.
type FailUnderError struct{ Msg string }

func (e FailUnderError) Error() string { return e.Msg }

// CollectGarbage collects between the phases of an analysis, when a large
// structure has just become garbage (a decoded network's parse buffers,
// the graph builder's arrays, the graph): the next phase then starts from
// the live heap instead of growing on top of the garbage, and that sets
// the peak memory. A collection of a heap of pointer-free arrays takes a
// few milliseconds (0.4–8 ms for the 100–240 MB heaps of access on 2M
// road vertices, GODEBUG=gctrace=1).
func CollectGarbage() { runtime.GC() }

// Log receives the features readers skip: in strict mode the first
// one is an error; otherwise it warns once per kind and counts the rest.
type Log struct {
	w      io.Writer
	quiet  bool
	strict bool
	counts map[string]int
	order  []string
	total  int
	noted  map[string]bool // kinds of repairs and notes shown
	// layers counted, and the records they skipped
	layers, layerSkipped int
}

// NewLog makes a log writing to w; quiet prints nothing, strict makes the
// first problem an error.
func NewLog(w io.Writer, quiet, strict bool) *Log {
	return &Log{w: w, quiet: quiet, strict: strict, counts: map[string]int{}}
}

// Handle receives one skipped, repaired or noted feature (a
// geoio.ProblemHandler): the first of each kind is shown, the rest
// counted. Only skipped records count toward the partial exit.
func (p *Log) Handle(pr geoio.Problem) error {
	if p.strict {
		return strictError(pr)
	}
	if pr.Outcome != geoio.Skipped {
		if !p.noted[pr.Kind] {
			if p.noted == nil {
				p.noted = map[string]bool{}
			}
			p.noted[pr.Kind] = true
			if !p.quiet {
				fmt.Fprintf(p.w, "warning: %v (%s; further %q are counted, not shown)\n", pr, pr.Outcome, pr.Kind)
			}
		}
		return nil
	}
	if p.counts[pr.Kind] == 0 {
		p.order = append(p.order, pr.Kind)
		if !p.quiet {
			fmt.Fprintf(p.w, "warning: %v (skipped; further %q problems are counted, not shown)\n", pr, pr.Kind)
		}
	}
	p.counts[pr.Kind] += pr.N()
	p.total += pr.N()
	return nil
}

// strictError is the error of the first problem in strict mode.
func strictError(pr geoio.Problem) error { return fmt.Errorf("%w: %v", geoio.ErrStrict, pr) }

// Counted prints a layer's accounting: the records in the file, those
// used (and repaired) and those skipped, by kind.
func (p *Log) Counted(name string, c geoio.Counts) {
	p.layers++
	p.layerSkipped += c.Skipped
	if p.quiet {
		return
	}
	fmt.Fprintln(p.w, AccountLine(name, c))
}

// AccountLine is a layer's accounting in one line.
func AccountLine(name string, c geoio.Counts) string {
	var b strings.Builder
	fmt.Fprintf(&b, "read %s: %s, %d used", name, plural(c.Records, "record"), c.Used)
	if c.Repaired > 0 {
		fmt.Fprintf(&b, " (%d repaired: %s)", c.Repaired, byKind(c.RepairedBy))
	}
	fmt.Fprintf(&b, ", %d skipped", c.Skipped)
	if c.Skipped > 0 {
		fmt.Fprintf(&b, " (%s)", byKind(c.SkippedBy))
	}
	if c.DuplicateIDs > 0 {
		fmt.Fprintf(&b, "; %s used by more than one feature (%s beyond the first), all kept", plural(c.DuplicateIDs, "id"), plural(c.DuplicateFeatures, "feature"))
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func byKind(m map[string]int) string {
	var parts []string
	for _, k := range geoio.SortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

// Warn prints a note, unless quiet.
func (p *Log) Warn(msg string) {
	if !p.quiet {
		fmt.Fprintf(p.w, "warning: %s\n", msg)
	}
}

// Finish prints the count and returns a partialError when anything was
// skipped, so the command exits 3.
func (p *Log) Finish() error {
	if p.total == 0 {
		return nil
	}
	// one layer whose accounting line said it all needs no total
	if !p.quiet && !(p.layers == 1 && p.layerSkipped == p.total) {
		var parts []string
		for _, k := range p.order {
			parts = append(parts, fmt.Sprintf("%d %s", p.counts[k], k))
		}
		fmt.Fprintf(p.w, "skipped %d feature(s) in all: %s\n", p.total, strings.Join(parts, ", "))
	}
	return PartialError{Skipped: p.total}
}

// readAheadLayers lets a command read a second input while it reads the
// first; tests turn it off to compare with reading in turn.
var readAheadLayers = true

// readAhead is a layer being read on its own goroutine while the caller
// does other work. What reading it tells the log (skipped features,
// notes, its accounting) is held and given to the log, in the order it
// came, when the caller takes the layer: the messages and their order are
// those of reading it at that point.
type readAhead struct {
	done   chan struct{}
	layer  *Layer
	err    error
	mu     sync.Mutex
	events []func(*Log)
}

// ReadAhead starts reading path with the log's handling of problems; nil
// (read it in turn) for standard input, or when reading ahead is off.
func (p *Log) ReadAhead(path string, base geoio.ReadOptions) *readAhead {
	if !readAheadLayers || path == "-" || path == "" {
		return nil
	}
	ra := &readAhead{done: make(chan struct{})}
	hold := func(ev func(*Log)) {
		ra.mu.Lock()
		ra.events = append(ra.events, ev)
		ra.mu.Unlock()
	}
	ro := base
	ro.Problems = func(pr geoio.Problem) error {
		hold(func(l *Log) { l.Handle(pr) })
		if p.strict {
			return strictError(pr) // the reader stops as it would
		}
		return nil
	}
	ro.Warn = func(msg string) { hold(func(l *Log) { l.Warn(msg) }) }
	ro.Counted = func(name string, c geoio.Counts) { hold(func(l *Log) { l.Counted(name, c) }) }
	go func() {
		defer close(ra.done)
		ra.layer, ra.err = ReadLayer(path, nil, ro)
	}()
	return ra
}

// Take waits for the layer and gives the log what reading it said. In
// strict mode the first problem is the read's error, as when read in turn.
// Without a read ahead (nil) it reads path now.
func (ra *readAhead) Take(p *Log, path string, stdin io.Reader, ro geoio.ReadOptions) (*Layer, error) {
	if ra == nil {
		return ReadLayer(path, stdin, ro)
	}
	<-ra.done
	for _, ev := range ra.events {
		ev(p)
	}
	return ra.layer, ra.err
}

// Drop waits for the read to end and forgets it when the caller failed
// before taking the layer (the file is then closed, and nothing of it
// said); after Take it does nothing.
func (ra *readAhead) Drop() {
	if ra != nil {
		<-ra.done
	}
}
