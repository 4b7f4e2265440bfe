package scenario

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The YAML decoder words its errors for Go programmers ("cannot unmarshal
// !!str `fast` into float64", "field c not found in type struct {
// BoatSpeedKMH *float64 … }"). explainYAML rewords them for the person
// who wrote the scenario: the line, the key's path in the file, what the
// key wants and what it found, or the keys it knows.

var (
	reTypeErr    = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `([^`]*)`)? into (.+)$")
	reUnknownKey = regexp.MustCompile(`^line (\d+): field (.+) not found in type .+$`)
)

// explainYAML rewrites a decoding error of doc into the config type t.
func explainYAML(err error, doc []byte, t reflect.Type) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil {
		return err
	}
	var spots []yamlSpot
	collectSpots(&root, nil, false, &spots)
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		msgs[i] = explainOne(m, spots, t)
	}
	return errors.New(strings.Join(msgs, "; "))
}

// yamlSpot is one node of the document and the keys leading to it.
type yamlSpot struct {
	node  *yaml.Node
	path  []string
	isKey bool // a mapping key (path ends with the key itself)
}

func collectSpots(n *yaml.Node, path []string, isKey bool, out *[]yamlSpot) {
	*out = append(*out, yamlSpot{node: n, path: path, isKey: isKey})
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			collectSpots(c, path, false, out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			collectSpots(c, appendPath(path, "["+strconv.Itoa(i)+"]"), false, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := appendPath(path, n.Content[i].Value)
			collectSpots(n.Content[i], p, true, out)
			collectSpots(n.Content[i+1], p, false, out)
		}
	}
}

func appendPath(path []string, s string) []string {
	return append(append([]string(nil), path...), s)
}

func joinPath(path []string) string {
	var b strings.Builder
	for _, s := range path {
		if b.Len() > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

func explainOne(msg string, spots []yamlSpot, t reflect.Type) string {
	if m := reUnknownKey.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		for _, s := range spots {
			if s.isKey && s.node.Line == line && s.node.Value == m[2] {
				parent := s.path[:len(s.path)-1]
				where := "at the top level"
				if len(parent) > 0 {
					where = "under " + joinPath(parent)
				}
				out := fmt.Sprintf("line %d: unknown key %q %s", line, m[2], where)
				if known := knownKeys(t, parent); len(known) > 0 {
					out += " (known: " + strings.Join(known, ", ") + ")"
				}
				return out
			}
		}
		return fmt.Sprintf("line %d: unknown key %q", line, m[2])
	}
	m := reTypeErr.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	line, _ := strconv.Atoi(m[1])
	tag, val, goType := "!!"+m[2], m[3], m[4]
	want := goWords(goType)
	// the deepest node on the line that matches: a flow mapping's value
	// rather than the mapping itself
	var hit *yamlSpot
	for i := range spots {
		n := spots[i].node
		if n.Line == line && n.ShortTag() == tag && valueMatches(n.Value, val) {
			hit = &spots[i]
		}
	}
	if hit == nil {
		return fmt.Sprintf("line %d: want %s, found %s", line, want, yamlWords(m[2], val))
	}
	if hit.isKey {
		return fmt.Sprintf("line %d: %s: the key %q should be %s", line, joinPath(hit.path[:len(hit.path)-1]), hit.node.Value, want)
	}
	where := joinPath(hit.path)
	if where == "" {
		where = "the scenario"
	}
	return fmt.Sprintf("line %d: %s: want %s, found %s", line, where, want, yamlWords(m[2], hit.node.Value))
}

// valueMatches compares a node's value with the decoder's, which it
// shortens to seven characters and "..." past ten.
func valueMatches(v, shown string) bool {
	if shown == "" {
		return true
	}
	if s, ok := strings.CutSuffix(shown, "..."); ok && len(v) > 10 {
		return strings.HasPrefix(v, s)
	}
	return v == shown
}

// yamlWords names what the file holds: the YAML tag and value.
func yamlWords(tag, val string) string {
	switch tag {
	case "str":
		return fmt.Sprintf("the text %q", val)
	case "int", "float":
		return "the number " + val
	case "bool":
		return val
	case "seq":
		return "a list"
	case "map":
		return "a mapping (key: value)"
	case "null":
		return "nothing"
	}
	if val != "" {
		return val
	}
	return "a " + tag
}

// goWords names the Go type the decoder wanted as the file's author
// would.
func goWords(t string) string {
	t = strings.TrimLeft(t, "*")
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map[") || strings.HasPrefix(t, "struct") || strings.Contains(t, "."):
		return "a mapping (key: value)"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "a whole number"
	case t == "bool":
		return "true or false"
	case t == "string":
		return "text"
	}
	return t
}

// checkWholeNumbers finds what the decoder lets through silently: a
// number with a fraction where a whole number is wanted (plan k: 1.5
// would be 1).
func checkWholeNumbers(doc []byte, t reflect.Type) error {
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil {
		return nil
	}
	var spots []yamlSpot
	collectSpots(&root, nil, false, &spots)
	var msgs []string
	for _, s := range spots {
		if s.isKey || s.node.ShortTag() != "!!float" {
			continue
		}
		ft, ok := typeAt(t, s.path)
		if !ok {
			continue
		}
		switch deref(ft).Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			msgs = append(msgs, fmt.Sprintf("line %d: %s: want a whole number, found the number %s", s.node.Line, joinPath(s.path), s.node.Value))
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}

// typeAt follows path through t's yaml tags, slices and maps.
func typeAt(t reflect.Type, path []string) (reflect.Type, bool) {
	for _, seg := range path {
		t = deref(t)
		switch {
		case strings.HasPrefix(seg, "["):
			if t.Kind() != reflect.Slice {
				return nil, false
			}
			t = t.Elem()
		case t.Kind() == reflect.Map:
			t = t.Elem()
		case t.Kind() == reflect.Struct:
			f, ok := fieldByKey(t, seg)
			if !ok {
				return nil, false
			}
			t = f
		default:
			return nil, false
		}
	}
	return t, true
}

// knownKeys lists the keys the mapping at path accepts, following t's
// yaml tags; nil where the keys are free (a map) or the path leaves t.
func knownKeys(t reflect.Type, path []string) []string {
	t, ok := typeAt(t, path)
	if !ok {
		return nil
	}
	t = deref(t)
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	structKeys(t, &keys)
	sort.Strings(keys)
	return keys
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// structKeys appends t's yaml keys, those of inlined structs too.
func structKeys(t reflect.Type, keys *[]string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case strings.Contains(opts, "inline"):
			structKeys(deref(f.Type), keys)
		case name != "":
			*keys = append(*keys, name)
		}
	}
}

func fieldByKey(t reflect.Type, key string) (reflect.Type, bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if strings.Contains(opts, "inline") {
			if ft, ok := fieldByKey(deref(f.Type), key); ok {
				return ft, true
			}
			continue
		}
		if name == key && f.IsExported() {
			return f.Type, true
		}
	}
	return nil, false
}
