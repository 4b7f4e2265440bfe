// Package scale holds the Kubernetes and GNU parallel examples of a
// sharded run; its test checks them.
package scale

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/kukarcli/kukarcli/internal/cli"
)

// schema is the part of the Kubernetes API (batch/v1 Job, v1
// PersistentVolumeClaim) the manifests use: for each path the keys
// allowed there and, with "!", those required. A "[]" step is a list
// item. Keys outside it are typos or things the examples do not need.
var schema = map[string][]string{
	"":                                    {"!apiVersion", "!kind", "!metadata", "!spec"},
	"metadata":                            {"!name", "labels", "annotations", "namespace"},
	"Job.spec":                            {"!template", "completionMode", "completions", "parallelism", "backoffLimit", "ttlSecondsAfterFinished"},
	"Job.spec.template":                   {"!spec", "metadata"},
	"Job.spec.template.spec":              {"!containers", "!restartPolicy", "volumes"},
	"Job.spec.template.spec.containers[]": {"!name", "!image", "args", "command", "env", "resources", "volumeMounts"},
	"Job.spec.template.spec.volumes[]":    {"!name", "persistentVolumeClaim"},
	"Job.spec.template.spec.containers[].env[]":                    {"!name", "value", "valueFrom"},
	"Job.spec.template.spec.containers[].env[].valueFrom":          {"fieldRef"},
	"Job.spec.template.spec.containers[].env[].valueFrom.fieldRef": {"!fieldPath"},
	"Job.spec.template.spec.containers[].resources":                {"requests", "limits"},
	"Job.spec.template.spec.containers[].volumeMounts[]":           {"!name", "!mountPath"},
	"Job.spec.template.spec.volumes[].persistentVolumeClaim":       {"!claimName"},
	"PersistentVolumeClaim.spec":                                   {"!accessModes", "!resources", "storageClassName"},
	"PersistentVolumeClaim.spec.resources":                         {"!requests"},
}

var apiVersions = map[string]string{"Job": "batch/v1", "PersistentVolumeClaim": "v1"}

// check walks a document against schema.
func check(doc map[string]any, kind string) []string {
	var errs []string
	var walk func(v any, path string)
	walk = func(v any, path string) {
		switch x := v.(type) {
		case map[string]any:
			key := path
			if strings.HasPrefix(path, "spec") {
				key = kind + "." + path
			}
			allowed, ok := schema[key]
			if !ok {
				return // a free-form map (labels, requests, args…)
			}
			known := map[string]bool{}
			for _, a := range allowed {
				known[strings.TrimPrefix(a, "!")] = true
				if strings.HasPrefix(a, "!") {
					if _, has := x[a[1:]]; !has {
						errs = append(errs, fmt.Sprintf("%s: %s is required", or(path, "(top)"), a[1:]))
					}
				}
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if !known[k] {
					errs = append(errs, fmt.Sprintf("%s: unknown key %q", or(path, "(top)"), k))
					continue
				}
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(x[k], p)
			}
		case []any:
			for _, it := range x {
				walk(it, path+"[]")
			}
		}
	}
	walk(doc, "")
	return errs
}

func or(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// manifests reads every YAML document under k8s/.
func manifests(t *testing.T) map[string][]map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("k8s", "*.yaml"))
	if len(files) == 0 {
		t.Fatal("no manifests")
	}
	out := map[string][]map[string]any{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for {
			var doc map[string]any
			if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out[filepath.Base(f)] = append(out[filepath.Base(f)], doc)
		}
	}
	return out
}

func get(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// TestManifests: every manifest passes the schema; each Indexed Job's
// pods run a kukarcli command the CLI accepts, with --shard
// $(SHARD_INDEX)/N for N its completions and the index taken from the
// completion-index annotation; the merge Job joins exactly the N parts
// each Indexed Job writes.
func TestManifests(t *testing.T) {
	docs := manifests(t)
	written := map[string][]string{} // output pattern → its Job
	var merges [][]string
	for file, ds := range docs {
		for _, d := range ds {
			kind, _ := d["kind"].(string)
			name, _ := get(d, "metadata", "name").(string)
			if want, ok := apiVersions[kind]; !ok || d["apiVersion"] != want {
				t.Errorf("%s: %s %s: apiVersion %v", file, kind, name, d["apiVersion"])
			}
			for _, e := range check(d, kind) {
				t.Errorf("%s: %s %s: %s", file, kind, name, e)
			}
			if kind != "Job" {
				continue
			}
			spec := get(d, "spec").(map[string]any)
			indexed := spec["completionMode"] == "Indexed"
			n, _ := spec["completions"].(int)
			if indexed && (n < 1 || spec["parallelism"] != n) {
				t.Errorf("%s: %s: completions %v, parallelism %v", file, name, spec["completions"], spec["parallelism"])
			}
			for _, c := range get(spec, "template", "spec", "containers").([]any) {
				var args []string
				for _, a := range get(c, "args").([]any) {
					args = append(args, fmt.Sprint(a))
				}
				if err := parses(args); err != nil {
					t.Errorf("%s: %s: kukarcli %s: %v", file, name, strings.Join(args, " "), err)
				}
				if args[0] == "merge" {
					merges = append(merges, args)
					continue
				}
				if !indexed {
					continue
				}
				env := get(c, "env")
				if env == nil || !strings.Contains(fmt.Sprint(env), "batch.kubernetes.io/job-completion-index") {
					t.Errorf("%s: %s: SHARD_INDEX does not come from the completion index: %v", file, name, env)
				}
				joined := strings.Join(args, " ")
				if !strings.Contains(joined, fmt.Sprintf("--shard $(SHARD_INDEX)/%d", n)) {
					t.Errorf("%s: %s: no --shard $(SHARD_INDEX)/%d in %q", file, name, n, joined)
				}
				for i, a := range args {
					if (a == "--output" || a == "-o" || a == "--raster" || a == "--evaluations-out" || a == "--cells-out") && i+1 < len(args) {
						for k := 0; k < n; k++ {
							written[args[i+1]] = append(written[args[i+1]], strings.ReplaceAll(args[i+1], "$(SHARD_INDEX)", fmt.Sprint(k)))
						}
					}
				}
			}
		}
	}
	if len(written) == 0 || len(merges) != len(written) {
		t.Fatalf("%d sharded outputs, %d merges", len(written), len(merges))
	}
	for _, m := range merges {
		inputs := m[4:]
		found := false
		for _, parts := range written {
			if strings.Join(parts, " ") == strings.Join(inputs, " ") {
				found = true
			}
		}
		if !found {
			t.Errorf("merge %v joins no Indexed Job's parts exactly (%v)", inputs, written)
		}
	}
}

// parses runs the CLI's own flag parsing on args, with $(SHARD_INDEX) as
// 0, without running the command.
func parses(args []string) error {
	var a []string
	for _, s := range args {
		a = append(a, strings.ReplaceAll(s, "$(SHARD_INDEX)", "0"))
	}
	root := cli.NewRootCmd(&cli.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard})
	cmd, rest, err := root.Find(a)
	if err != nil {
		return err
	}
	if cmd == root {
		return fmt.Errorf("no command %q", a[0])
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return err
	}
	if v := cmd.Flags().Lookup("shard"); v != nil && v.Value.String() != "" {
		if !regexp.MustCompile(`^\d+/\d+$`).MatchString(v.Value.String()) {
			return fmt.Errorf("--shard %q", v.Value.String())
		}
	}
	return nil
}

// The GNU parallel script is valid bash (the sharded merge itself is
// tested in internal/cli, TestShardsMergeToTheWholeRun).
func TestParallelScript(t *testing.T) {
	if out, err := exec.Command("bash", "-n", "parallel.sh").CombinedOutput(); err != nil {
		t.Fatalf("bash -n parallel.sh: %v\n%s", err, out)
	}
}
