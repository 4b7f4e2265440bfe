// Package cli wires kukarcli's commands to the engines and to geoio. It
// only parses flags, opens and writes files, and maps errors to exit codes
// (exit.go, the one place that does). Each command has an Options struct,
// a NewCmdX(streams, runF) constructor that only parses flags, and an
// xRun(opts) function that does the work, so tests can check flag parsing
// and the work separately.
package cli

import _ "github.com/kukarcli/kukarcli/pkg/geoio/drivers" // every format, registered with geoio
