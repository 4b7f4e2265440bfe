package cli

import (
	"context"
	"errors"
	"fmt"
	"github.com/kukarcli/kukarcli/pkg/scenario"
	"io"
	"strings"
)

// Exit codes, in one place.
const (
	ExitOK          = 0   // success
	ExitError       = 1   // an error: bad input file, I/O, strict-mode problem
	ExitUsage       = 2   // bad usage: unknown flag, missing argument, bad flag value
	ExitPartial     = 3   // finished, but some features were skipped
	ExitFailUnder   = 4   // a --fail-under target was missed
	ExitInterrupted = 130 // interrupted (SIGINT)
)

// exitStatusHelp is appended to every command's help.
const exitStatusHelp = `
EXIT STATUS
  0    success
  1    error (unreadable input, I/O error, a problem in --strict mode)
  2    bad usage (unknown flag, missing argument, invalid flag value)
  3    finished, but some features were skipped (see the warnings)
  4    a --fail-under target was missed
  130  interrupted
`

// exitCode maps an error to the process exit status and prints it.
// outputsStand says whether a command that returned err has finished its
// outputs: it succeeded, skipped features (exit 3) or missed a
// --fail-under target (exit 4), each after writing everything.
func outputsStand(err error) bool {
	var pe scenario.PartialError
	var fe scenario.FailUnderError
	return err == nil || errors.As(err, &pe) || errors.As(err, &fe)
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return ExitOK
	}
	var pe scenario.PartialError
	if errors.As(err, &pe) {
		return ExitPartial
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "kukarcli: interrupted")
		return ExitInterrupted
	}
	var fe scenario.FailUnderError
	if errors.As(err, &fe) {
		fmt.Fprintln(stderr, "kukarcli:", fe.Msg)
		return ExitFailUnder
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "kukarcli") {
		msg = "kukarcli: " + msg
	}
	fmt.Fprintln(stderr, msg)
	var ue scenario.UsageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		fmt.Fprintln(stderr, "Run 'kukarcli --help' for usage.")
		return ExitUsage
	}
	return ExitError
}

// isCobraUsage recognises cobra's and pflag's own usage errors, which
// carry no type of their own.
func isCobraUsage(err error) bool {
	m := err.Error()
	for _, p := range []string{"unknown flag", "unknown shorthand flag", "unknown command", "flag needs an argument",
		"invalid argument", "accepts ", "requires at least", "requires at most", "required flag", "bad flag syntax", "if any flags in the group"} {
		if strings.Contains(m, p) {
			return true
		}
	}
	return false
}
