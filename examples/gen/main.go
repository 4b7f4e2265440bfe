// Command gen rebuilds the illustrative layers of the embedded Kukar
// example (examples/rpjmd) from the real village and kecamatan boundaries
// (examples/kukar) and the Natural Earth Mahakam centreline
// (examples/context).
//
// Everything it makes up — population, village offices, economic centres,
// kecamatan capitals, roads, river branches and tower sites — is labelled
// illustrative in the files and in examples/rpjmd/README.md. The output is
// the same bytes on every run: every random choice comes from seeded PCG
// generators (math/rand/v2), and nothing is ranged over a map into output.
//
// The tower sites are tuned so that the coverage engine (radius model,
// 250 m samples, minimum share 0.5) finds 218 of the 237 villages with
// signal from the sites on air by 2022, the figure the regency reported
// for March 2022; the program fails when it cannot reach that count.
//
// Run from the repository root:
//
//	go run ./examples/gen
package main

import (
	"flag"
	"fmt"
	"os"

	_ "github.com/kukarcli/kukarcli/pkg/geoio/drivers"
)

func main() {
	src := flag.String("src", "examples", "folder holding kukar/ and context/")
	out := flag.String("out", "examples/rpjmd", "folder the illustrative layers are written to")
	flag.Parse()
	st, err := generate(*src, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Fprint(os.Stderr, st.String())
}
