package scenario

import (
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/kukarcli/kukarcli/pkg/geoio"
)

// JoinSpec is one table to join to the villages (--join FILE[:COLUMN], or
// a scenario's layers.villages.join): Column names the table's code
// column when its name is not one the roles know.
type JoinSpec struct {
	Path   string `yaml:"path"`
	Column string `yaml:"column"`
	Format string `yaml:"format"`
}

// ParseJoin reads FILE[:COLUMN]. A colon followed by a path separator or
// at the second place (C:\data\…) belongs to the path.
func ParseJoin(s string) JoinSpec {
	i := strings.LastIndexByte(s, ':')
	if i <= 1 || i == len(s)-1 || strings.ContainsAny(s[i+1:], `/\`) {
		return JoinSpec{Path: s}
	}
	return JoinSpec{Path: s[:i], Column: s[i+1:]}
}

// Join methods, from the surest.
const (
	JoinByCode       = "code"
	JoinByNameKec    = "name in kecamatan"
	JoinByName       = "name"
	JoinBySimilarKec = "similar name in kecamatan"
	JoinBySimilar    = "similar name"
	JoinNone         = "none"
	JoinAmbiguous    = "ambiguous"
	JoinTaken        = "village already matched"
)

// JoinMatch is what became of one table row.
type JoinMatch struct {
	Row        int    // 0-based record of the table
	Value      string // the code or name looked up
	Village    int    // index in the villages; -1 when not matched
	Method     string
	Distance   int      // edits between the names, for the similar-name methods
	Candidates []string // the nearest villages, for a row not matched
}

// JoinResult is one table's matching.
type JoinResult struct {
	Table   string
	Matches []JoinMatch
	Columns []string // the columns added to the villages
}

// Unmatched counts the rows whose values reached no village.
func (r *JoinResult) Unmatched() int {
	n := 0
	for _, m := range r.Matches {
		if m.Village < 0 {
			n++
		}
	}
	return n
}

// village keys, normalised once
type joinVillage struct {
	code, name, kec string
	display         string
}

// JoinTables joins each table in turn to the villages d and prints a
// line per table (rows matched by each method, rows left) unless quiet.
func JoinTables(env Env, d *Layer, roles map[string]string, specs []JoinSpec, ro geoio.ReadOptions, log *Log) ([]*JoinResult, error) {
	var out []*JoinResult
	for _, s := range specs {
		r, err := JoinTable(d, roles, s, env.Stdin, ro, log)
		if err != nil {
			return nil, err
		}
		if !env.Quiet {
			fmt.Fprintln(env.ErrOut, r.Line())
		}
		out = append(out, r)
	}
	return out, nil
}

// Line is the matching in one line: rows matched by each method, rows
// left.
func (r *JoinResult) Line() string {
	by := map[string]int{}
	for _, m := range r.Matches {
		by[m.Method]++
	}
	var parts []string
	for _, k := range []string{JoinByCode, JoinByNameKec, JoinByName, JoinBySimilarKec, JoinBySimilar} {
		if by[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d by %s", by[k], k))
		}
	}
	var left []string
	for _, k := range []string{JoinNone, JoinAmbiguous, JoinTaken} {
		if by[k] > 0 {
			left = append(left, fmt.Sprintf("%d %s", by[k], map[string]string{JoinNone: "matching no village", JoinAmbiguous: "matching several", JoinTaken: "on a village already taken"}[k]))
		}
	}
	line := fmt.Sprintf("join %s: %d rows, %d matched (%s)", r.Table, len(r.Matches), len(r.Matches)-r.Unmatched(), strings.Join(parts, ", "))
	if len(left) > 0 {
		line += fmt.Sprintf(", %d left (%s)", r.Unmatched(), strings.Join(left, ", "))
	}
	return line
}

// tableReadOptions are ro for reading the table of spec: its format, and
// no note that the table has no geometry (a table to join needs none).
func tableReadOptions(ro geoio.ReadOptions, spec JoinSpec) geoio.ReadOptions {
	if spec.Format != "" {
		ro.Format = spec.Format
	}
	if warn := ro.Warn; warn != nil {
		ro.Warn = func(msg string) {
			if !strings.Contains(msg, "features have no geometry") {
				warn(msg)
			}
		}
	}
	return ro
}

// JoinTable reads a table and adds its columns to the villages d, whose
// id, name and kecamatan roles are given: each row by its code
// (Kemendagri codes in any form: 64.02.06.1001, 6402061001, spaces,
// leading zeros), else by its name within its kecamatan, else by its name
// where that is unique in the layer, names compared after normalising
// case, spacing, punctuation and common Indonesian spelling variants, and
// within a few edits. A row that matches nothing or several villages, or
// a village another row already took, is reported through log (file:row,
// the value, the nearest villages) and adds nothing. Columns whose name
// the villages already have are prefixed with the table's name.
func JoinTable(d *Layer, roles map[string]string, spec JoinSpec, stdin io.Reader, ro geoio.ReadOptions, log *Log) (*JoinResult, error) {
	t, err := ReadLayer(spec.Path, stdin, tableReadOptions(ro, spec))
	if err != nil {
		return nil, fmt.Errorf("--join %s: %w", spec.Path, err)
	}
	res, err := MatchRows(d, roles, t, spec, false)
	if err != nil {
		return nil, err
	}
	// the columns, prefixed where the villages have the name already
	prefix := strings.TrimSuffix(filepath.Base(spec.Path), filepath.Ext(spec.Path))
	rename := map[string]string{}
	for _, c := range t.Fields {
		name := c
		if ContainsFold(d.Fields, c) {
			name = prefix + "_" + c
		}
		rename[c] = name
		res.Columns = append(res.Columns, name)
	}
	rowOf := make([]int, len(d.Features))
	for i := range rowOf {
		rowOf[i] = -1
	}
	for _, m := range res.Matches {
		if m.Village >= 0 {
			rowOf[m.Village] = m.Row
		}
	}
	for i, f := range d.Features {
		var props geoio.Properties
		if r := rowOf[i]; r >= 0 {
			props = t.Features[r].Properties
		}
		for _, c := range t.Fields {
			v, _ := props.Get(c)
			f.Properties.Set(rename[c], v)
		}
	}
	d.Fields = append(d.Fields, res.Columns...)
	if err := res.ReportLeft(t.Path, log); err != nil {
		return nil, err
	}
	return res, nil
}

// MatchRows matches each row of table t to a village of d (see
// JoinTable for the rules) without changing either; with many, several
// rows may match one village (a survey's rows per operator or
// technology), else the second is left as JoinTaken.
func MatchRows(d *Layer, roles map[string]string, t *Layer, spec JoinSpec, many bool) (*JoinResult, error) {
	tr, err := ResolveRoles(t.Fields, TargetRoles, nil, t.Path)
	if err != nil {
		return nil, err
	}
	codeCol, nameCol, kecCol := tr["id"], tr["name"], tr["kecamatan"]
	if spec.Column != "" {
		if !ContainsFold(t.Fields, spec.Column) {
			return nil, Usagef("--join %s:%s: the table has no column %q (it has %s)", spec.Path, spec.Column, spec.Column, strings.Join(t.Fields, ", "))
		}
		codeCol = spec.Column
	}
	if codeCol == "" && nameCol == "" {
		return nil, Usagef("--join %s: no code or name column found to match villages by (columns: %s); name one with %s:COLUMN", spec.Path, strings.Join(t.Fields, ", "), spec.Path)
	}
	vs := make([]joinVillage, len(d.Features))
	ix := &joinIndex{vs: vs, byCode: map[string][]int{}, byNameKec: map[string][]int{}, byName: map[string][]int{}, kecs: map[string]bool{}}
	byCode, byNameKec, byName := ix.byCode, ix.byNameKec, ix.byName
	for i, f := range d.Features {
		v := joinVillage{code: normCode(PropString(f.Properties, roles["id"])),
			name: NormName(PropString(f.Properties, roles["name"])), kec: NormName(PropString(f.Properties, roles["kecamatan"])),
			display: PropString(f.Properties, roles["name"])}
		if v.display == "" {
			v.display = PropString(f.Properties, roles["id"])
		}
		vs[i] = v
		ix.kecs[v.kec] = v.kec != ""
		if v.code != "" {
			byCode[v.code] = append(byCode[v.code], i)
		}
		if v.name != "" {
			byNameKec[v.kec+"|"+v.name] = append(byNameKec[v.kec+"|"+v.name], i)
			byName[v.name] = append(byName[v.name], i)
		}
	}
	res := &JoinResult{Table: spec.Path}
	taken := map[int]int{} // village → the row that took it
	for row, f := range t.Features {
		m := ix.match(PropString(f.Properties, codeCol), PropString(f.Properties, nameCol), PropString(f.Properties, kecCol))
		m.Row = row
		if m.Village >= 0 && !many {
			if first, ok := taken[m.Village]; ok {
				m.Candidates = []string{fmt.Sprintf("%s (row %d)", vs[m.Village].display, first)}
				m.Village, m.Method = -1, JoinTaken
			} else {
				taken[m.Village] = row
			}
		}
		res.Matches = append(res.Matches, m)
	}
	return res, nil
}

// ReportLeft reports each row that joined no village to log: file:row,
// the value, why, and the nearest villages.
func (res *JoinResult) ReportLeft(file string, log *Log) error {
	for _, m := range res.Matches {
		if m.Village >= 0 {
			continue
		}
		reason := fmt.Sprintf("%q matches no village", m.Value)
		switch m.Method {
		case JoinAmbiguous:
			reason = fmt.Sprintf("%q matches several villages", m.Value)
		case JoinTaken:
			reason = fmt.Sprintf("%q matches a village another row took", m.Value)
		}
		if len(m.Candidates) > 0 {
			reason += "; nearest: " + strings.Join(m.Candidates, ", ")
		}
		if err := log.Handle(geoio.Problem{File: file, Index: m.Row, Kind: "row not joined", Reason: reason}); err != nil {
			return err
		}
	}
	return nil
}

// joinIndex is the villages by normalised code, name in kecamatan and
// name, and the kecamatan names known.
type joinIndex struct {
	vs                        []joinVillage
	byCode, byNameKec, byName map[string][]int
	kecs                      map[string]bool
}

// match finds the village of one row.
func (ix *joinIndex) match(code, name, kec string) JoinMatch {
	vs, byCode, byNameKec, byName := ix.vs, ix.byCode, ix.byNameKec, ix.byName
	m := JoinMatch{Village: -1, Method: JoinNone, Value: code}
	if c := normCode(code); c != "" {
		switch hits := byCode[c]; len(hits) {
		case 1:
			m.Village, m.Method = hits[0], JoinByCode
			return m
		case 0:
		default:
			m.Method = JoinAmbiguous
			return m
		}
	}
	n, k := NormName(name), NormName(kec)
	if n == "" {
		return m
	}
	m.Value = name
	if k != "" {
		if hits := byNameKec[k+"|"+n]; len(hits) == 1 {
			m.Village, m.Method = hits[0], JoinByNameKec
			return m
		}
	}
	switch hits := byName[n]; {
	case len(hits) == 1 && (k == "" || vs[hits[0]].kec == "" || !ix.kecs[k]):
		m.Village, m.Method = hits[0], JoinByName
		return m
	case len(hits) > 1 && k == "":
		m.Method = JoinAmbiguous
		return m
	}
	// similar names: within the kecamatan when it is known, else anywhere
	limit := editLimit(n)
	best, second, bestD := -1, -1, limit+1
	for i, v := range vs {
		if v.name == "" || (k != "" && ix.kecs[k] && v.kec != k) {
			continue
		}
		d := editDistance(n, v.name, bestD)
		switch {
		case d < bestD:
			best, second, bestD = i, -1, d
		case d == bestD:
			second = i
		}
	}
	if best >= 0 && bestD <= limit && second < 0 {
		m.Village, m.Distance = best, bestD
		m.Method = JoinBySimilar
		if k != "" && ix.kecs[k] {
			m.Method = JoinBySimilarKec
		}
		return m
	}
	if best >= 0 && bestD <= limit {
		m.Method = JoinAmbiguous
	}
	m.Candidates = nearest(vs, n, 3)
	return m
}

// nearest lists the n villages whose names are nearest to name.
func nearest(vs []joinVillage, name string, n int) []string {
	type cand struct {
		d int
		s string
	}
	var cs []cand
	for _, v := range vs {
		if v.name != "" {
			cs = append(cs, cand{editDistance(name, v.name, 1<<30), v.display})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	var out []string
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, fmt.Sprintf("%s (%d edits)", cs[i].s, cs[i].d))
	}
	return out
}

// editLimit is how many edits a name of this length may be off: none for
// very short names, one up to eight letters, two beyond.
func editLimit(name string) int {
	switch n := len([]rune(name)); {
	case n <= 4:
		return 0
	case n <= 8:
		return 1
	}
	return 2
}

// normCode reduces a Kemendagri code in any form (64.02.06.1001,
// 6402061001, "64 02 06 1001", 064020610 01) to its digits without
// leading zeros; "" when it holds no digit.
func normCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if b.Len() == 0 && r == '0' {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// nameWords are spellings of the same word: the common short forms and
// variants of Indonesian place names.
var nameWords = map[string]string{
	"sei": "sungai", "sui": "sungai", "sng": "sungai", "sg": "sungai",
	"moderen": "modern", "kel": "", "kelurahan": "", "desa": "", "ds": "",
	"tg": "tanjung", "tj": "tanjung", "tjg": "tanjung",
	"kp": "kampung", "kpg": "kampung", "kec": "", "kecamatan": "",
	"hulu": "ulu",
}

// NormName is a place name reduced for matching: lower case, letters and
// digits only, the words of nameWords replaced, a final q written k
// (Batuq, Batuk), doubled letters single (Muarra, Muara), and the words
// run together (Loajanan, Loa Janan).
func NormName(s string) string {
	s = strings.ToLower(s)
	words := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var b strings.Builder
	for _, w := range words {
		if r, ok := nameWords[w]; ok {
			w = r
		}
		if strings.HasSuffix(w, "q") {
			w = w[:len(w)-1] + "k"
		}
		var last rune
		for _, r := range w {
			if r != last {
				b.WriteRune(r)
			}
			last = r
		}
	}
	return b.String()
}

// editDistance is the Levenshtein distance between a and b, or any value
// above max once it is sure to exceed it.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// WriteJoinReport writes the whole matching of the tables as CSV rows:
// table, row, value, village (its id and name), method, distance,
// nearest.
func WriteJoinReport(w io.Writer, d *Layer, roles map[string]string, results []*JoinResult) error {
	t := [][]string{{"table", "row", "value", "village_id", "village", "method", "distance", "nearest"}}
	for _, r := range results {
		for _, m := range r.Matches {
			id, name := "", ""
			if m.Village >= 0 {
				f := d.Features[m.Village]
				id, name = PropString(f.Properties, roles["id"]), PropString(f.Properties, roles["name"])
			}
			dist := ""
			if m.Method == JoinBySimilar || m.Method == JoinBySimilarKec {
				dist = fmt.Sprint(m.Distance)
			}
			t = append(t, []string{r.Table, fmt.Sprint(m.Row), m.Value, id, name, m.Method, dist, strings.Join(m.Candidates, "; ")})
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(t); err != nil {
		return err
	}
	return cw.Error()
}
