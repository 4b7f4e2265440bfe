package cli

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/examples"
)

// exampleScenario is the scenario file inside the embedded example.
const exampleScenario = "rpjmd/skenario.yaml"

// writeExample writes the embedded example into dir, refusing to replace
// files unless overwrite.
func writeExample(dir string) error { return writeExampleTo(dir, true) }

func writeExampleTo(dir string, overwrite bool) error {
	return fs.WalkDir(examples.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if _, err := os.Stat(target); err == nil && !overwrite {
			return fmt.Errorf("%s exists; pass --overwrite to replace it", target)
		}
		b, err := examples.FS.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// NewCmdExample builds `kukarcli example DIR`.
func NewCmdExample(streams *IOStreams, g *GlobalOptions) *cobra.Command {
	var overwrite bool
	cmd := &cobra.Command{
		Use:   "example DIR",
		Short: "Write the embedded Kukar example (real boundaries, illustrative layers, scenario) to DIR",
		Long: `Write the example built into kukarcli: the real Kukar desa and kecamatan
boundaries (MIT, with their attribution), the Mahakam centreline (Natural
Earth), the illustrative population, village offices, economic centres,
towers 2019–2026, roads, rivers and kecamatan capitals, and the scenario
` + exampleScenario + ` for kukarcli report.` + exitStatusHelp,
		Example: `  kukarcli example kukar && kukarcli report --config kukar/` + exampleScenario + ` -o laporan.html`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			if err := writeExampleTo(args[0], overwrite); err != nil {
				return err
			}
			if !g.Quiet {
				fmt.Fprintf(streams.ErrOut, "example written to %s; run: kukarcli report --config %s -o laporan.html\n",
					args[0], filepath.Join(args[0], filepath.FromSlash(exampleScenario)))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&overwrite, "overwrite", false, "replace files that exist")
	return cmd
}
