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
	ProblemDeleted          = "deleted record"
)

// Problem kinds of repairs: the feature is used, changed as said.
const (
	RepairRingClosed     = "ring closed"
	RepairStringCoords   = "coordinates given as text"
	RepairDuplicateVerts = "consecutive duplicate vertices dropped"
	RepairClamped        = "coordinate at the limit"
)

// Outcome says what became of the feature a Problem is about.
type Outcome uint8

const (
	// Skipped: the feature is not used (the zero value).
	Skipped Outcome = iota
	// Repaired: the feature is used after a repair (a ring closed,
	// coordinates parsed from text).
	Repaired
	// Kept: the feature is used as it is; the problem is a note (an id
	// used by more than one feature).
	Kept
)

func (o Outcome) String() string {
	switch o {
	case Repaired:
		return "repaired"
	case Kept:
		return "kept"
	}
	return "skipped"
}

// Problem is one skipped, repaired or suspicious feature: where it is and
// why. Index is the 0-based position of the record in its file, -1 when
// the problem concerns the whole file. Count is the number of records it
// stands for when more than one (the records a truncated file lost); 0
// means one.
type Problem struct {
	File    string
	Index   int
	ID      string
	Kind    string
	Reason  string
	Count   int
	Outcome Outcome
}

// N is the number of records the problem stands for.
func (p Problem) N() int { return max(p.Count, 1) }

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
