// Command kukarcli is a toolkit for telecom-coverage planning: blank
// spots, accessibility, connection priority and tower siting from the
// files planners already have.
package main

import (
	"os"

	"github.com/kukarcli/kukarcli/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
