package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kukarcli/kukarcli/internal/atomicfile"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// output is where a command writes its data: standard output, or a file
// written under a temporary name and renamed into place on success, so a
// failure never leaves a half-written file.
type output struct {
	Path    string
	Format  *geoio.Format
	W       io.Writer
	pending *atomicfile.File
	extra   []*atomicfile.File
}

// openOutput checks and prepares an output. formatName overrides the
// extension; def is the format for standard output when none is named.
func openOutput(path, formatName, def string, overwrite bool, inputs []string, stdout io.Writer) (*output, error) {
	o := &output{Path: path}
	var err error
	switch {
	case formatName != "":
		o.Format, err = geoio.FormatByName(formatName)
	case path == "-" || path == "":
		o.Format, err = geoio.FormatByName(def)
	default:
		o.Format, err = geoio.DetectFormat(path)
	}
	if err != nil {
		return nil, scenario.UsageError{Err: err}
	}
	if !o.Format.CanWrite() {
		return nil, scenario.Usagef("%s cannot be written", o.Format.Title)
	}
	if path == "-" || path == "" {
		if !o.Format.StreamWritable() {
			return nil, scenario.Usagef("%s cannot be written to standard output; name an output file", o.Format.Title)
		}
		o.W = stdout
		return o, nil
	}
	if err := checkTargets(outputFiles(path, o.Format), overwrite, inputs); err != nil {
		return nil, err
	}
	if o.Format.Multi {
		return o, nil
	}
	return o, o.pend(path)
}

// openFile prepares one output file whose bytes the caller renders (a
// report, a table, a raster), with the same checks as every output.
func openFile(path string, overwrite bool, inputs []string) (*output, error) {
	if err := checkTargets([]string{path}, overwrite, inputs); err != nil {
		return nil, err
	}
	o := &output{Path: path}
	return o, o.pend(path)
}

// checkTargets refuses to write onto an input, or onto an existing file
// without --overwrite.
func checkTargets(files []string, overwrite bool, inputs []string) error {
	for _, p := range files {
		for _, in := range inputs {
			if sameFile(p, in) {
				return fmt.Errorf("refusing to write %s: it is an input", p)
			}
		}
		if _, err := os.Stat(p); err == nil && !overwrite {
			return fmt.Errorf("%s exists; pass --overwrite to replace it", p)
		}
	}
	return nil
}

// pend opens the temporary file renamed onto path by commit.
func (o *output) pend(path string) error {
	pf, err := atomicfile.New(path)
	if err != nil {
		return fmt.Errorf("cannot create %s: %w", path, err)
	}
	o.pending = pf
	o.W = pf
	return nil
}

// sidecar opens another file written and committed with this output
// (a CSV's .csvt).
func (o *output) sidecar(path string) (io.Writer, error) {
	pf, err := atomicfile.New(path)
	if err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", path, err)
	}
	o.extra = append(o.extra, pf)
	return pf, nil
}

// commit renames the finished files into place.
func (o *output) commit() error {
	var errs []error
	if o.pending != nil {
		errs = append(errs, o.pending.CloseAtomicallyReplace())
	}
	for _, e := range o.extra {
		errs = append(errs, e.CloseAtomicallyReplace())
	}
	return errors.Join(errs...)
}

// abort removes anything written.
func (o *output) abort() {
	if o.pending != nil {
		o.pending.Cleanup()
	}
	for _, e := range o.extra {
		e.Cleanup()
	}
}

// outputFiles lists every file a format writes for path (a shapefile's
// companions too), for the overwrite and never-an-input checks.
func outputFiles(path string, f *geoio.Format) []string {
	if f.Name == "shp" {
		base := strings.TrimSuffix(path, filepath.Ext(path))
		var out []string
		for _, e := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg"} {
			out = append(out, base+e)
		}
		return out
	}
	if f.Name == "csv" {
		return []string{path, path + "t"}
	}
	return []string{path}
}

// inputFiles lists an input and its shapefile companions.
func inputFiles(path string) []string {
	if path == "-" {
		return nil
	}
	if strings.EqualFold(filepath.Ext(path), ".shp") {
		base := strings.TrimSuffix(path, filepath.Ext(path))
		var out []string
		for _, e := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg", ".SHP", ".SHX", ".DBF", ".PRJ", ".CPG"} {
			out = append(out, base+e)
		}
		return out
	}
	return []string{path}
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	if err1 == nil && err2 == nil {
		return os.SameFile(sa, sb)
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
}

// precheckOutputs checks, before any computation, every file a command
// will write: its folder exists, it does not exist unless overwrite, and
// no two outputs are the same file. A run that would fail at the end
// fails at once, and writes nothing.
func precheckOutputs(overwrite bool, paths ...string) error {
	var seen []string
	for _, p := range paths {
		if p == "" || p == "-" {
			continue
		}
		for _, q := range seen {
			if sameFile(p, q) {
				return scenario.Usagef("%s is named as two outputs", p)
			}
		}
		seen = append(seen, p)
		if st, err := os.Stat(filepath.Dir(p)); err != nil || !st.IsDir() {
			return fmt.Errorf("cannot write %s: folder %s does not exist", p, filepath.Dir(p))
		}
		files := []string{p}
		if f, err := geoio.DetectFormat(p); err == nil {
			files = outputFiles(p, f)
		}
		if err := checkTargets(files, overwrite, nil); err != nil {
			return err
		}
	}
	return nil
}
