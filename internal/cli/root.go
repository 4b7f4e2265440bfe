package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/kukarcli/kukarcli/internal/atomicfile"
	"github.com/kukarcli/kukarcli/pkg/scenario"
	"github.com/spf13/cobra"
)

// GlobalOptions are the flags every command has.
type GlobalOptions struct {
	Quiet    bool
	Verbose  bool
	Config   string
	Progress string // auto, always, never

	Example bool

	timer      *phaseTimer      // -v: the phases' times
	cfg        *scenario.Config // the --config scenario, once loaded
	exampleDir string           // where --example was written, removed after the run
	// releaseExample forgets exampleDir in the interrupt registry
	releaseExample func()
}

// Main runs kukarcli with args and returns the exit status.
//
// Ctrl-C and SIGTERM (what timeout and a cancelled CI job send) stop
// every command the same way: pending outputs and temporary files are
// removed at once, nothing is committed afterwards, and the process
// exits 130 — when the command returns, or after a short grace if it is
// in the middle of a computation that does not check for cancellation.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		atomicfile.Interrupt()
		select {
		case <-done:
		case <-time.After(interruptGrace):
			fmt.Fprintln(stderr, "kukarcli: interrupted")
			os.Exit(ExitInterrupted)
		}
	}()
	streams := SystemStreams(stdin, stdout, stderr)
	defer paceGC()()
	code := Run(ctx, args, streams)
	close(done)
	return code
}

// interruptGrace is how long an interrupted command may take to return
// by itself before the process exits.
const interruptGrace = 2 * time.Second

// Run executes one command line against the given streams.
func Run(ctx context.Context, args []string, streams *IOStreams) int {
	root, g := newRoot(streams)
	defer func() {
		if g.exampleDir != "" {
			os.RemoveAll(g.exampleDir)
			g.releaseExample()
		}
	}()
	root.SetArgs(args)
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.ErrOut)
	// every file the command writes is renamed into place only when the
	// whole command has succeeded: all outputs or none
	batch := atomicfile.Hold()
	err := root.ExecuteContext(ctx)
	if ctx.Err() == nil && outputsStand(err) {
		if cerr := batch.Commit(); cerr != nil {
			err = cerr
		}
	} else {
		batch.Abort()
	}
	if ctx.Err() != nil {
		// interrupted: whatever the command returned, its outputs were
		// removed (atomicfile.Interrupt)
		err = context.Canceled
	}
	return exitCode(err, streams.ErrOut)
}

// NewRootCmd builds the command tree.
func NewRootCmd(streams *IOStreams) *cobra.Command {
	root, _ := newRoot(streams)
	return root
}

func newRoot(streams *IOStreams) (*cobra.Command, *GlobalOptions) {
	g := &GlobalOptions{}
	root := &cobra.Command{
		Use:   "kukarcli",
		Short: "Telecom-coverage planning: blank spots, access, priorities and tower sites",
		Long: `kukarcli finds the blank spots in a regency's mobile coverage, measures how hard
each village is to reach, ranks villages for connection and proposes where new
towers should go, from the files planners already have: village boundaries
(shapefile, GeoJSON), tower lists (CSV, OpenCelliD) and roads and rivers
(OpenStreetMap).

Data goes to standard output, messages to standard error.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			switch g.Progress {
			case "auto", "always", "never":
			default:
				return scenario.Usagef("--progress must be auto, always or never, not %q", g.Progress)
			}
			if g.Quiet && g.Verbose {
				return scenario.Usagef("-q and -v cannot be used together")
			}
			if g.Example {
				if g.Config != "" {
					return scenario.Usagef("--example and --config cannot be used together")
				}
				dir, err := os.MkdirTemp("", "kukarcli-example-")
				if err != nil {
					return err
				}
				g.exampleDir = dir
				g.releaseExample = atomicfile.RegisterTemp(dir)
				if err := writeExample(dir); err != nil {
					return err
				}
				g.Config = filepath.Join(dir, filepath.FromSlash(exampleScenario))
			}
			return applyConfig(cmd, g)
		},
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return scenario.UsageError{Err: err} })
	pf := root.PersistentFlags()
	pf.BoolVarP(&g.Quiet, "quiet", "q", false, "print only errors on standard error")
	pf.BoolVarP(&g.Verbose, "verbose", "v", false, "print more detail on standard error")
	pf.StringVar(&g.Config, "config", "", "scenario `FILE` (YAML) with layers, field mappings and parameters; flags override it")
	pf.StringVar(&g.Progress, "progress", "auto", "progress bars: auto (on a terminal), always, never")
	pf.BoolVar(&g.Example, "example", false, "run on the embedded Kukar example (its scenario as --config)")
	root.Version = version()
	root.SetVersionTemplate("kukarcli {{.Version}}\n")

	root.AddCommand(
		NewCmdInfo(streams, g, nil),
		NewCmdConvert(streams, g, nil),
		NewCmdCoverage(streams, g, nil),
		NewCmdGaps(streams, g, nil),
		NewCmdAccess(streams, g, nil),
		NewCmdRank(streams, g, nil),
		NewCmdPlan(streams, g, nil),
		NewCmdValidate(streams, g, nil),
		NewCmdCalibrate(streams, g, nil),
		NewCmdMerge(streams, g, nil),
		newCmdVersion(streams),
	)
	root.AddCommand(NewCmdReport(streams, g, nil), NewCmdExample(streams, g))
	for _, c := range root.Commands() {
		c.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return scenario.UsageError{Err: err} })
	}
	root.SetHelpTemplate(root.HelpTemplate() + exitStatusHelp)
	// `completion tcsh` is a usage error, not the help of completion
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return scenario.Usagef("completion %s: unknown shell (bash, zsh, fish or powershell)", args[0])
				}
				return cmd.Help()
			}
		}
	}
	return root, g
}

// Version and Commit are stamped by `make release` (go build -ldflags
// "-X ...cli.Version=v1.2.0 -X ...cli.Commit=abc123"); empty in other
// builds, which report the module version and VCS revision Go recorded.
var Version, Commit string

func version() string {
	if Version != "" {
		if Commit != "" {
			return Version + " (" + Commit + ")"
		}
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		v := bi.Main.Version
		rev := ""
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
		if v == "" || v == "(devel)" {
			v = "devel"
		}
		if rev != "" {
			return v + " (" + rev + ")"
		}
		return v
	}
	return "devel"
}

func newCmdVersion(streams *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(streams.Out, "kukarcli %s\n", version())
			return err
		},
	}
}
