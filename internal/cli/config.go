package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

// Config is the --config file: defaults for flags, so a scenario can be
// committed and rerun. Flags given on the command line override it.
// Unknown keys are errors that name the line, so a misspelt key is never
// silently ignored.
type Config struct {
	// Options holds defaults for the reading and writing flags.
	Options struct {
		Strict    *bool   `yaml:"strict"`
		Precision *int    `yaml:"precision"`
		SCRS      *string `yaml:"s_crs"`
		TCRS      *string `yaml:"t_crs"`
	} `yaml:"options"`
}

func loadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("--config %s: %v", path, err)
	}
	return &c, nil
}

// applyConfig sets, from the config, every flag of cmd that the command
// line did not set.
func applyConfig(cmd *cobra.Command, g *GlobalOptions) error {
	if g.Config == "" {
		return nil
	}
	c, err := loadConfig(g.Config)
	if err != nil {
		return err
	}
	set := func(name, value string) error {
		f := cmd.Flags().Lookup(name)
		if f == nil || f.Changed {
			return nil
		}
		if err := f.Value.Set(value); err != nil {
			return fmt.Errorf("--config %s: options.%s: %v", g.Config, name, err)
		}
		return nil
	}
	o := c.Options
	if o.Strict != nil {
		if err := set("strict", fmt.Sprint(*o.Strict)); err != nil {
			return err
		}
	}
	if o.Precision != nil {
		if err := set("precision", fmt.Sprint(*o.Precision)); err != nil {
			return err
		}
	}
	if o.SCRS != nil {
		if err := set("s-crs", *o.SCRS); err != nil {
			return err
		}
	}
	if o.TCRS != nil {
		if err := set("t-crs", *o.TCRS); err != nil {
			return err
		}
	}
	return nil
}
