package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kukarcli/kukarcli/pkg/geoio/xlsx"
	"github.com/kukarcli/kukarcli/pkg/report"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// ReportOptions are the inputs of `kukarcli report`.
type ReportOptions struct {
	IO        *IOStreams
	Global    *GlobalOptions
	Out       string
	Format    string
	Lang      string
	FailUnder []string
	Stamp     bool
	Overwrite bool
}

// NewCmdReport builds `kukarcli report`.
func NewCmdReport(streams *IOStreams, g *GlobalOptions, runF func(*ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{IO: streams, Global: g}
	cmd := &cobra.Command{
		Use:   "report --config scenario.yaml [-o report.html]",
		Short: "The RPJMD progress report: indicators per year against targets, kecamatan table, priorities, proposed sites, maps",
		Long: `Run the whole scenario (--config): coverage for every year of the scenario
(sites by their year, or per-year files), access, rank and plan for the latest
year, and write the progress report: indicators per year against their
targets (villages with signal, village offices with signal, population
covered, blank-spot villages, road length covered), the per-kecamatan table,
the priority list, the proposed sites, a map and a chart per indicator, and
the data that went in with checksums.

-o chooses the format by extension: .html (one self-contained file), .md,
.json or .xlsx (one sheet per table); Markdown on standard output. --fail-under indicator=value exits 4 when
the latest year misses it (a share for values up to 1, else a count); for
blank_spot_villages the value is a maximum. Output is byte-identical for
identical input: no timestamp unless --stamp.` + exitStatusHelp,
		Example: `  kukarcli report --config skenario.yaml -o laporan.html
  kukarcli report --config skenario.yaml -o report.md --lang en --fail-under offices_with_signal=1
  kukarcli report --example -o laporan.html`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Lang != "" && opts.Lang != "id" && opts.Lang != "en" {
				return scenario.Usagef("--lang must be id or en")
			}
			if _, err := scenario.ParseFailUnder(opts.FailUnder); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return reportRun(opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Out, "output", "o", "-", "report `FILE`: .html, .md, .json or .xlsx; - for Markdown on standard output")
	f.StringVarP(&opts.Format, "format", "f", "", "html, md, json or xlsx, instead of the extension")
	f.StringVar(&opts.Lang, "lang", "", "language of the report: id or en (default: the scenario's, else id)")
	f.StringArrayVar(&opts.FailUnder, "fail-under", nil, "indicator=value: exit 4 when the latest year misses it (repeatable)")
	f.BoolVar(&opts.Stamp, "stamp", false, "print the time of the run in the report")
	f.BoolVar(&opts.Overwrite, "overwrite", false, "replace the report file if it exists")
	return cmd
}

func reportRun(opts *ReportOptions) error {
	cfg := opts.Global.cfg
	if cfg == nil {
		return scenario.Usagef("report needs --config scenario.yaml (or --example)")
	}
	rules, _ := scenario.ParseFailUnder(opts.FailUnder)
	format, err := reportFormat(opts.Format, opts.Out)
	if err != nil {
		return err
	}
	if err := precheckOutputs(opts.Overwrite, opts.Out); err != nil {
		return err
	}
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, false)
	env := scenario.Env{Stdin: opts.IO.In, ErrOut: opts.IO.ErrOut, Quiet: opts.Global.Quiet, Lang: opts.Lang, Stamp: opts.Stamp,
		Progress: scenarioProgress(opts.IO, opts.Global, false)}
	rep, err := scenario.Run(cfg, env, log)
	if err != nil {
		return err
	}
	if err := writeReport(opts, format, rep); err != nil {
		return err
	}
	if err := log.Finish(); err != nil {
		return err
	}
	return scenario.CheckFailUnder(rep, rules)
}

// reportFormat is html, md or json: -f, else the extension of -o.
func reportFormat(flag, out string) (string, error) {
	format := strings.ToLower(flag)
	if format == "" {
		switch ext := strings.ToLower(filepath.Ext(out)); ext {
		case ".html", ".htm":
			format = "html"
		case ".json":
			format = "json"
		case ".xlsx":
			format = "xlsx"
		case ".md", ".markdown":
			format = "md"
		default:
			if out != "-" && out != "" {
				return "", scenario.Usagef("-o %s: a report is .html, .md, .json or .xlsx (a sheet per table; or choose with -f)", out)
			}
			format = "md"
		}
	}
	if format != "html" && format != "md" && format != "json" && format != "xlsx" {
		return "", scenario.Usagef("report formats are html, md, json and xlsx")
	}
	return format, nil
}

// writeReport renders the report to -o (all or nothing) or standard output.
func writeReport(opts *ReportOptions, format string, rep *report.Report) error {
	var w io.Writer = opts.IO.Out
	var out *output
	if opts.Out != "-" && opts.Out != "" {
		var inputs []string
		for _, in := range rep.Inputs {
			inputs = append(inputs, inputFiles(in.Path)...)
		}
		var err error
		if out, err = openFile(opts.Out, opts.Overwrite, inputs); err != nil {
			return err
		}
		w = out.W
	}
	var err error
	switch format {
	case "html":
		err = report.WriteHTML(w, rep)
	case "json":
		err = report.WriteJSON(w, rep)
	case "xlsx":
		var sheets []xlsx.Sheet
		for _, t := range rep.Tables() {
			sheets = append(sheets, xlsx.Sheet{Name: t.Name, Columns: t.Table.Columns, Rows: t.Table.Rows,
				Formats: map[string]string{"share_with_signal": "0.0%"}})
		}
		err = xlsx.WriteWorkbook(w, sheets)
	default:
		err = report.WriteMarkdown(w, rep)
	}
	if err != nil {
		if out != nil {
			out.abort()
		}
		return err
	}
	if out != nil {
		if err := out.commit(); err != nil {
			return err
		}
		if !opts.Global.Quiet {
			abs, _ := filepath.Abs(opts.Out)
			fmt.Fprintf(opts.IO.ErrOut, "report written to %s\n", abs)
		}
	}
	return nil
}
