package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/geoio/gpkg"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

// isGPKG says whether OUT is (or -f makes it) a GeoPackage.
func isGPKG(opts *ConvertOptions) bool {
	if opts.OutFormat != "" {
		return strings.EqualFold(opts.OutFormat, "gpkg")
	}
	return strings.HasSuffix(strings.ToLower(opts.Out), ".gpkg")
}

// convertToPackage writes every input as a layer of one GeoPackage (named
// after its layer): a new file, or with --append-layer layers added to
// an existing one (a layer of the same name replaced only with
// --overwrite). All the layers are written or none.
func convertToPackage(ctx context.Context, opts *ConvertOptions, ins []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	tcrs, err := crs.Parse(opts.TCRS)
	if err != nil {
		return scenario.UsageError{Err: fmt.Errorf("--t-crs: %w", err)}
	}
	var inputs []string
	for _, in := range ins {
		inputs = append(inputs, inputFiles(in)...)
	}
	if opts.AppendLayer {
		if err := checkTargets([]string{opts.Out}, true, inputs); err != nil {
			return err
		}
	} else if err := precheckOutputs(opts.Overwrite, opts.Out); err != nil {
		return err
	} else if err := checkTargets([]string{opts.Out}, opts.Overwrite, inputs); err != nil {
		return err
	}
	var p *gpkg.Package
	if opts.AppendLayer {
		p, err = gpkg.EditPackage(opts.Out)
	} else {
		p, err = gpkg.CreatePackage(opts.Out)
	}
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			p.Abort()
		}
	}()
	log := scenario.NewLog(opts.IO.ErrOut, opts.Global.Quiet, opts.Read.Strict)
	ro, err := opts.Read.options(log)
	if err != nil {
		return err
	}
	seen := map[string]string{}
	for _, in := range ins {
		r, err := geoio.Open(in, opts.IO.In, ro)
		if err != nil {
			return err
		}
		layer := r.Layer()
		if len(opts.Select) > 0 {
			if err := checkSelect(layer.Fields, opts.Select, true); err != nil {
				r.Close()
				return err
			}
			layer.Fields = selectFields(layer.Fields, opts.Select)
		}
		key := strings.ToLower(layer.Name)
		if prev, dup := seen[key]; dup {
			r.Close()
			return scenario.Usagef("%s and %s both make a layer %q", prev, in, layer.Name)
		}
		seen[key] = in
		wo := geoio.WriteOptions{Precision: opts.Precision, CRS: tcrs, Warn: log.Warn, Name: layer.Name}
		w, err := p.AddLayer(layer, wo, opts.Overwrite)
		if err != nil {
			r.Close()
			if !opts.Overwrite && strings.Contains(err.Error(), "exists") {
				return fmt.Errorf("%w (pass --overwrite to replace that layer)", err)
			}
			return err
		}
		tw := geoio.Transform(w, tcrs)
		n := 0
		for {
			if err := ctx.Err(); err != nil {
				w.Abort()
				r.Close()
				return err
			}
			f, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				w.Abort()
				r.Close()
				return err
			}
			if len(opts.Select) > 0 {
				f.Properties = selectProperties(f.Properties, layer.Fields)
			}
			if err := tw.Write(f); err != nil {
				w.Abort()
				r.Close()
				return fmt.Errorf("%s: layer %s: %w", opts.Out, layer.Name, err)
			}
			n++
		}
		r.Close()
		if err := w.Close(); err != nil {
			return fmt.Errorf("%s: layer %s: %w", opts.Out, layer.Name, err)
		}
		if opts.Global.Verbose {
			fmt.Fprintf(opts.IO.ErrOut, "wrote %d feature(s) to %s, layer %s\n", n, opts.Out, layer.Name)
		}
	}
	if err := p.Commit(); err != nil {
		return err
	}
	ok = true
	return log.Finish()
}

// selectProperties keeps the properties of the fields, in their order.
func selectProperties(p geoio.Properties, fields []geoio.Field) geoio.Properties {
	out := make(geoio.Properties, 0, len(fields))
	for _, f := range fields {
		v, _ := p.Get(f.Name)
		out = append(out, geoio.Property{Key: f.Name, Value: v})
	}
	return out
}
