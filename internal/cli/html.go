package cli

import (
	"path/filepath"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/report"
)

// writeHTMLRows writes analysis rows as one self-contained HTML page: the
// explorable map and a sortable, filterable table (pkg/report). The title
// is --title, else the output file's name, else the layer's name.
func writeHTMLRows(streams *IOStreams, o *OutputFlags, inputs []string, name string, fs []*geoio.Feature, extra ...report.HTMLLayer) error {
	title := htmlTitle(o, name)
	w := streams.Out
	var out *output
	if o.Path != "-" && o.Path != "" {
		var err error
		out, err = openFile(o.Path, o.Overwrite, inputs)
		if err != nil {
			return err
		}
		w = out.W
	}
	if err := report.WriteFeaturesHTML(w, title, "en", fs, extra...); err != nil {
		if out != nil {
			out.abort()
		}
		return err
	}
	if out != nil {
		return out.commit()
	}
	return nil
}

// htmlTitle is --title, else the output file's name without extension,
// else def.
func htmlTitle(o *OutputFlags, def string) string {
	if o.Title != "" {
		return o.Title
	}
	if o.Path != "-" && o.Path != "" {
		base := filepath.Base(o.Path)
		if t := strings.TrimSuffix(base, filepath.Ext(base)); t != "" {
			return t
		}
	}
	return def
}
