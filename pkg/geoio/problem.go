package geoio

import (
	"errors"
	"fmt"
	"strings"
)

// Problem kinds. A reader that meets bad input skips the feature and
// reports one of these; the caller decides whether to stop (strict) or to
// warn once per kind and count.
const (
	ProblemInvalidCoord     = "invalid coordinate"
	ProblemUnclosedRing     = "unclosed ring"
	ProblemEmptyGeometry    = "empty geometry"
	ProblemDuplicateID      = "duplicate id"
	ProblemTruncated        = "truncated file"
	ProblemCountMismatch    = "record count mismatch"
	ProblemBadRecord        = "bad record"
	ProblemUnsupported      = "unsupported geometry"
	ProblemMissingCompanion = "missing companion file"
)

// Problem is one skipped or suspicious feature: where it is and why.
// Index is the 0-based position of the feature in its file, -1 when the
// problem concerns the whole file.
type Problem struct {
	File   string
	Index  int
	ID     string
	Kind   string
	Reason string
}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Index >= 0 {
		fmt.Fprintf(&b, ":feature %d", p.Index)
		if p.ID != "" {
			fmt.Fprintf(&b, " (id %s)", p.ID)
		}
	}
	b.WriteString(": ")
	b.WriteString(p.Kind)
	if p.Reason != "" {
		b.WriteString(": ")
		b.WriteString(p.Reason)
	}
	return b.String()
}

// ProblemHandler receives each problem. Returning a non-nil error stops
// the read with that error (this is how --strict works).
type ProblemHandler func(Problem) error

// ErrStrict wraps the first problem met in strict mode.
var ErrStrict = errors.New("geoio: strict mode")

// StrictHandler turns the first problem into an error.
func StrictHandler(p Problem) error { return fmt.Errorf("%w: %v", ErrStrict, p) }

// FormatError is a file that cannot be read at all: its name, where, and
// why, and what to do about it when that is known.
type FormatError struct {
	File   string
	Index  int // -1 when the file as a whole is bad
	ID     string
	Reason string
	Fix    string
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("geoio: ")
	b.WriteString(e.File)
	if e.Index >= 0 {
		fmt.Fprintf(&b, ":feature %d", e.Index)
		if e.ID != "" {
			fmt.Fprintf(&b, " (id %s)", e.ID)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	if e.Fix != "" {
		b.WriteString(" (")
		b.WriteString(e.Fix)
		b.WriteString(")")
	}
	return b.String()
}
