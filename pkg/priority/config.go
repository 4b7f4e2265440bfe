package priority

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"gopkg.in/yaml.v3"
)

// ErrBadConfig is wrapped by every error about weights, thresholds or
// their YAML.
var ErrBadConfig = errors.New("bad priority configuration")

// Weights multiply the normalised factors; the score is their weighted
// sum. Each weight is a finite number ≥ 0; a weight of 0 drops the factor
// from the score while it is still reported. The weights need not sum to
// 1 (the defaults do, so default scores lie in 0..1).
type Weights struct {
	// UncoveredPopulation weighs the people without signal (or the
	// uncovered share of the village when no population is known).
	UncoveredPopulation float64 `yaml:"uncovered_population"`
	// OfficeWithoutSignal weighs a kantor desa without signal.
	OfficeWithoutSignal float64 `yaml:"office_without_signal"`
	// EconomicWithoutSignal weighs an economic or public-service centre
	// without signal.
	EconomicWithoutSignal float64 `yaml:"economic_without_signal"`
	// Remoteness weighs the travel time to the kecamatan centre (or the
	// nearest facility).
	Remoteness float64 `yaml:"remoteness"`
	// NoLandAccess weighs a village that no facility can be reached from
	// by road or footpath.
	NoLandAccess float64 `yaml:"no_land_access"`
	// DistanceToSite weighs the distance to the nearest existing site.
	DistanceToSite float64 `yaml:"distance_to_site"`
	// GainPerSite weighs the people a new site at the village would serve.
	GainPerSite float64 `yaml:"gain_per_site"`
}

// DefaultWeights returns the documented defaults (see the package
// documentation for the reasoning): kantor desa first, then people, then
// economic centres, then what a new site would achieve and how isolated
// the village is. They sum to 1.
func DefaultWeights() Weights {
	return Weights{
		OfficeWithoutSignal:   0.30,
		UncoveredPopulation:   0.25,
		EconomicWithoutSignal: 0.15,
		GainPerSite:           0.10,
		Remoteness:            0.10,
		NoLandAccess:          0.05,
		DistanceToSite:        0.05,
	}
}

// fields lists the weights with their YAML keys in factor order.
func (w *Weights) fields() []numField {
	return []numField{
		{"uncovered_population", &w.UncoveredPopulation},
		{"office_without_signal", &w.OfficeWithoutSignal},
		{"economic_without_signal", &w.EconomicWithoutSignal},
		{"remoteness", &w.Remoteness},
		{"no_land_access", &w.NoLandAccess},
		{"distance_to_site", &w.DistanceToSite},
		{"gain_per_site", &w.GainPerSite},
	}
}

// Validate reports the first weight that is negative, NaN or infinite.
func (w Weights) Validate() error {
	for _, f := range w.fields() {
		if v := *f.ptr; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("priority: weight %s is %v: want a finite number ≥ 0: %w", f.key, v, ErrBadConfig)
		}
	}
	return nil
}

// Thresholds drive the intervention rule.
type Thresholds struct {
	// MacroMinPopulation is the village population from which a macro BTS
	// is recommended (given land access); below it, a small cell.
	MacroMinPopulation float64 `yaml:"macro_min_population"`
	// VSATTravelTimeS is the travel time beyond which a VSAT (satellite)
	// access point is recommended even with land access.
	VSATTravelTimeS float64 `yaml:"vsat_travel_time_s"`
}

// DefaultThresholds returns the documented planning defaults: a macro BTS
// from 1,000 inhabitants, VSAT beyond 4 hours of travel.
func DefaultThresholds() Thresholds {
	return Thresholds{MacroMinPopulation: 1000, VSATTravelTimeS: 4 * 3600}
}

func (t *Thresholds) fields() []numField {
	return []numField{
		{"macro_min_population", &t.MacroMinPopulation},
		{"vsat_travel_time_s", &t.VSATTravelTimeS},
	}
}

// Validate reports the first threshold that is negative or NaN. +Inf is
// allowed and disables the rule (never macro, never VSAT by travel time).
func (t Thresholds) Validate() error {
	for _, f := range t.fields() {
		if v := *f.ptr; math.IsNaN(v) || v < 0 {
			return fmt.Errorf("priority: threshold %s is %v: want a number ≥ 0: %w", f.key, v, ErrBadConfig)
		}
	}
	return nil
}

// Config is the weights file: weights at the top level and an optional
// thresholds mapping. Keys left out keep their defaults.
//
//	office_without_signal: 0.4
//	remoteness: 0
//	thresholds:
//	  macro_min_population: 1500
//	  vsat_travel_time_s: 10800
type Config struct {
	Weights    Weights    `yaml:",inline"`
	Thresholds Thresholds `yaml:"thresholds"`
}

// DefaultConfig returns DefaultWeights and DefaultThresholds.
func DefaultConfig() Config {
	return Config{Weights: DefaultWeights(), Thresholds: DefaultThresholds()}
}

// ParseConfig reads a weights file (see Config) over the defaults. An
// unknown or repeated key, a value that is not a number, a negative or
// NaN value is an error naming the key and its line. An empty document
// gives the defaults.
func ParseConfig(b []byte) (Config, error) {
	c := DefaultConfig()
	root, err := parseRoot(b)
	if err != nil || root == nil {
		return c, err
	}
	ws := c.Weights.fields()
	sections := map[string]func(*yaml.Node) error{
		"thresholds": func(n *yaml.Node) error {
			return decodeNumbers(n, "thresholds.", c.Thresholds.fields(), nil, true)
		},
	}
	if err := decodeNumbers(root, "", ws, sections, false); err != nil {
		return c, err
	}
	return c, nil
}

// ParseWeights reads a YAML mapping of weights only (the keys of
// Weights) over DefaultWeights, with the same checks as ParseConfig.
func ParseWeights(b []byte) (Weights, error) {
	w := DefaultWeights()
	root, err := parseRoot(b)
	if err != nil || root == nil {
		return w, err
	}
	return w, decodeNumbers(root, "", w.fields(), nil, false)
}

type numField struct {
	key string
	ptr *float64
}

// parseRoot returns the top-level mapping, or nil for an empty document.
func parseRoot(b []byte) (*yaml.Node, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("priority: %v: %w", err, ErrBadConfig)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	n := doc.Content[0]
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("priority: line %d: want a mapping of weight names to numbers: %w", n.Line, ErrBadConfig)
	}
	return n, nil
}

// decodeNumbers sets the fields from the mapping n. Keys of sections are
// sub-mappings handled by their function. Unknown and repeated keys are
// errors: a misspelt weight must never be silently ignored. Thresholds
// may be .inf (rule disabled); weights may not.
func decodeNumbers(n *yaml.Node, prefix string, fs []numField, sections map[string]func(*yaml.Node) error, allowInf bool) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("priority: line %d: %s: want a mapping: %w", n.Line, strings.TrimSuffix(prefix, "."), ErrBadConfig)
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if line, dup := seen[key]; dup {
			return fmt.Errorf("priority: line %d: %s%s repeats the key of line %d: %w", k.Line, prefix, key, line, ErrBadConfig)
		}
		seen[key] = k.Line
		if f, ok := sections[key]; ok {
			if err := f(v); err != nil {
				return err
			}
			continue
		}
		var dst *float64
		for _, f := range fs {
			if f.key == key {
				dst = f.ptr
				break
			}
		}
		if dst == nil {
			return fmt.Errorf("priority: line %d: unknown key %q (known: %s): %w", k.Line, prefix+key, knownKeys(prefix, fs, sections), ErrBadConfig)
		}
		if v.Kind != yaml.ScalarNode || (v.Tag != "!!int" && v.Tag != "!!float") {
			return fmt.Errorf("priority: line %d: %s%s is %q: want a number: %w", v.Line, prefix, key, v.Value, ErrBadConfig)
		}
		var x float64
		if err := v.Decode(&x); err != nil {
			return fmt.Errorf("priority: line %d: %s%s: %v: %w", v.Line, prefix, key, err, ErrBadConfig)
		}
		if math.IsNaN(x) || x < 0 {
			return fmt.Errorf("priority: line %d: %s%s is %v: want a number ≥ 0: %w", v.Line, prefix, key, x, ErrBadConfig)
		}
		if !allowInf && math.IsInf(x, 0) {
			return fmt.Errorf("priority: line %d: %s%s is infinite: want a finite number: %w", v.Line, prefix, key, ErrBadConfig)
		}
		*dst = x
	}
	return nil
}

func knownKeys(prefix string, fs []numField, sections map[string]func(*yaml.Node) error) string {
	var ks []string
	for _, f := range fs {
		ks = append(ks, prefix+f.key)
	}
	if _, ok := sections["thresholds"]; ok {
		ks = append(ks, "thresholds")
	}
	return strings.Join(ks, ", ")
}
