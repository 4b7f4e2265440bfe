// Package conformance reads a corpus of real vector files, written by
// other projects and kept with their licences in testdata (see
// testdata/SOURCES.md), with kukarcli's own readers and checks the
// number of features against what GDAL's ogrinfo counted in the same
// files (testdata/gdal_counts.tsv, made by gdal_counts.sh; GDAL is not
// needed to run the tests).
//
// For every file the readers must not panic, and either
//
//   - the features read plus those skipped (reported through
//     ReadOptions.Problems) equal GDAL's count, and the features read
//     equal GDAL's count less those the file really lacks (lacks), or
//   - the reader refuses the file with an error that names it.
//
// What the readers do today where that is not met, or where they refuse
// a file GDAL reads, is written down in deviations and refusals, so that
// the test passes now and fails the day the behaviour changes either way:
// then the entry goes (the readers got better) or its reason is looked at
// again (they got worse).
package conformance

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	_ "github.com/kukarcli/kukarcli/pkg/geoio/drivers"
)

// deviation is what the readers do today with a file whose count differs
// from GDAL's: the features read, those skipped, and why.
type deviation struct {
	read, skipped int
	reason        string
}

// deviations holds every file read today with another count than
// GDAL's (less what the file lacks). Keep it as small as the readers
// allow: an entry that starts to match GDAL fails the test until it is
// removed.
var deviations = map[string]deviation{}

// refusals holds every file the readers refuse today although GDAL reads
// it, with a part of the error they give. The error must also name the
// file. An entry whose file starts to be read fails the test until it is
// removed (and the counts are then checked like any other file's).
var refusals = map[string]string{
	// KML is a write-only format in kukarcli.
	"npm-togeojson/multigeometry.kml": "KML can be written but not read",
	"npm-togeojson/simpledata.kml":    "KML can be written but not read",
	// No .prj and projected coordinates in metres (Norway).
	"r-cran-maptools/fylk-val.shp": "coordinates look like metres",
	// NAD27 lon/lat: a datum tens of metres from WGS 84.
	"r-cran-sf/nc.shp": `its CRS "GCS_North_American_1927" cannot be converted`,
}

// sourceCRS names, for some refused files, a CRS to read them in as
// --s-crs would, so that their records are counted against GDAL's all the
// same.
var sourceCRS = map[string]string{
	"r-cran-maptools/fylk-val.shp": "EPSG:32633", // matches fylk-val-ll.shp
	"r-cran-sf/nc.shp":             "EPSG:4326",  // NAD27 taken as WGS 84
}

// lack is a number of features GDAL counts that the file does not really
// hold (broken records, features without a usable geometry), and why.
type lack struct {
	n      int
	reason string
}

// lacks holds the files with features GDAL counts but a careful reader
// should skip. None of the corpus has such features yet.
var lacks = map[string]lack{}

// gdalLayer is one row of testdata/gdal_counts.tsv.
type gdalLayer struct {
	file, layer string
	features    int // -1: GDAL could not open the file
	geometry    string
	version     string
}

func loadGDALCounts(t *testing.T) map[string][]gdalLayer {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "gdal_counts.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]gdalLayer{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			continue // header
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 5 {
			t.Fatalf("gdal_counts.tsv:%d: %d columns, want 5", line, len(cols))
		}
		n, err := strconv.Atoi(cols[2])
		if err != nil {
			t.Fatalf("gdal_counts.tsv:%d: feature count %q: %v", line, cols[2], err)
		}
		out[cols[0]] = append(out[cols[0]], gdalLayer{file: cols[0], layer: cols[1], features: n, geometry: cols[3], version: cols[4]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("gdal_counts.tsv holds no file")
	}
	return out
}

// layerResult is what one reader gave.
type layerResult struct {
	name         string
	read         int
	skipped      int             // feature problems: features reported and skipped
	used         int             // problems about features read all the same (repairs, notes)
	fileProblems []geoio.Problem // problems about the file as a whole
}

// readResult is the outcome of reading a whole file.
type readResult struct {
	layers []*layerResult
	notes  []string
	err    error  // the refusal, from opening or from a later Next
	panic  string // the panic value and stack, when the reader panicked
}

// readFile reads every layer of path the way `kukarcli info` does and
// counts the features read and skipped per layer.
func readFile(path string, src *crs.CRS) (res readResult) {
	defer func() {
		if v := recover(); v != nil {
			res.panic = fmt.Sprintf("%v\n%s", v, debug.Stack())
		}
	}()
	var cur *layerResult
	var early []geoio.Problem // problems handed over before the first Next
	opts := geoio.ReadOptions{
		Problems: func(p geoio.Problem) error {
			if cur == nil {
				early = append(early, p)
			} else {
				cur.account(p)
			}
			return nil
		},
		Warn:      func(s string) { res.notes = append(res.notes, s) },
		SourceCRS: src,
	}
	readers, err := geoio.OpenAll(path, nil, opts)
	if err != nil {
		res.err = err
		return res
	}
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	for _, r := range readers {
		cur = &layerResult{}
		for _, p := range early {
			cur.account(p)
		}
		early = nil
		res.layers = append(res.layers, cur)
		for {
			_, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				res.err = err
				return res
			}
			cur.read++
		}
		cur.name = r.Layer().Name
	}
	return res
}

// account counts the features a problem says were skipped: none for a
// repair or a note (the feature is read), N() for a skipped feature or
// for records a truncated file lost (Index -1 with a Count). Any other
// problem about the whole file skips nothing that can be counted, and is
// kept to be logged.
func (l *layerResult) account(p geoio.Problem) {
	switch {
	case p.Outcome != geoio.Skipped:
		l.used++
	case p.Index >= 0 || p.Count > 0:
		l.skipped += p.N()
	default:
		l.fileProblems = append(l.fileProblems, p)
	}
}

// namesFile says whether an error message names the file: its path, or
// the path of a companion file with the same stem (a .prj, a .dbf).
func namesFile(msg, path string) bool {
	stem := strings.TrimSuffix(path, filepath.Ext(path))
	return strings.Contains(msg, path) || strings.Contains(msg, stem+".")
}

func TestCorpusAgainstGDAL(t *testing.T) {
	counts := loadGDALCounts(t)
	files := make([]string, 0, len(counts))
	for f := range counts {
		files = append(files, f)
	}
	slices.Sort(files)
	for _, file := range files {
		rows := counts[file]
		t.Run(file, func(t *testing.T) {
			path := filepath.Join("testdata", filepath.FromSlash(file))
			res := readFile(path, nil)
			if res.panic != "" {
				t.Fatalf("the reader panicked on %s: %s", file, res.panic)
			}
			for _, n := range res.notes {
				t.Logf("note: %s", n)
			}
			if res.err != nil {
				msg := res.err.Error()
				if !namesFile(msg, path) {
					t.Errorf("the error does not name the file %s: %v", path, msg)
				}
				want, ok := refusals[file]
				switch {
				case ok && !strings.Contains(msg, want):
					t.Errorf("refused with another error than the one recorded (%q): %v", want, msg)
				case !ok && rows[0].features >= 0:
					t.Errorf("refused, while GDAL %s reads %d feature(s) in layer %q: %v (add the file to refusals if that is meant)",
						rows[0].version, rows[0].features, rows[0].layer, msg)
				default:
					t.Logf("refused as recorded: %v", msg)
				}
				if name, ok := sourceCRS[file]; ok {
					readAs(t, file, path, name, rows)
				}
				return
			}
			if _, ok := refusals[file]; ok {
				t.Errorf("read without an error now (%s); remove the file from refusals", describe(res.layers))
			}
			if rows[0].features < 0 {
				t.Errorf("read (%s), while GDAL %s cannot open the file", describe(res.layers), rows[0].version)
				return
			}
			pairs, err := matchLayers(rows, res.layers)
			if err != nil {
				t.Fatal(err)
			}
			for i, row := range rows {
				checkLayer(t, file, row, pairs[i])
			}
		})
	}
}

// readAs reads a refused file again in the CRS name and checks its
// counts against GDAL's.
func readAs(t *testing.T, file, path, name string, rows []gdalLayer) {
	t.Helper()
	c, err := crs.Parse(name)
	if err != nil {
		t.Fatalf("sourceCRS %s: %v", name, err)
	}
	t.Logf("read again as --s-crs %s", name)
	res := readFile(path, &c)
	switch {
	case res.panic != "":
		t.Fatalf("the reader panicked on %s read as %s: %s", file, name, res.panic)
	case res.err != nil:
		t.Errorf("read as %s, still refused: %v", name, res.err)
		return
	}
	pairs, err := matchLayers(rows, res.layers)
	if err != nil {
		t.Fatalf("read as %s: %v", name, err)
	}
	for i, row := range rows {
		checkLayer(t, file, row, pairs[i])
	}
}

// matchLayers pairs GDAL's layers with the readers': by position when
// both see one layer, by name otherwise.
func matchLayers(rows []gdalLayer, layers []*layerResult) ([]*layerResult, error) {
	if len(rows) == 1 && len(layers) == 1 {
		return layers, nil
	}
	out := make([]*layerResult, len(rows))
	for i, row := range rows {
		for _, l := range layers {
			if strings.EqualFold(l.name, row.layer) {
				out[i] = l
			}
		}
		if out[i] == nil {
			return nil, fmt.Errorf("GDAL's layer %q is not among the layers read (%s)", row.layer, describe(layers))
		}
	}
	if len(layers) != len(rows) {
		return nil, fmt.Errorf("%d layer(s) read (%s), GDAL sees %d", len(layers), describe(layers), len(rows))
	}
	return out, nil
}

func checkLayer(t *testing.T, file string, row gdalLayer, got *layerResult) {
	t.Helper()
	for _, p := range got.fileProblems {
		t.Logf("file problem: %v", p)
	}
	if got.used > 0 {
		t.Logf("%d problem(s) about features read all the same (repaired or kept)", got.used)
	}
	lacking := lacks[file].n
	want := row.features - lacking
	matches := got.read+got.skipped == row.features && got.read == want
	if d, ok := deviations[file]; ok {
		switch {
		case matches:
			t.Errorf("read %d and skipped %d, as GDAL %s counts (%d) less what the file lacks (%d): remove the file from deviations (%s)",
				got.read, got.skipped, row.version, row.features, lacking, d.reason)
		case got.read != d.read || got.skipped != d.skipped:
			t.Errorf("read %d and skipped %d, recorded %d and %d (%s); GDAL %s counts %d",
				got.read, got.skipped, d.read, d.skipped, d.reason, row.version, row.features)
		default:
			t.Logf("deviation as recorded: read %d, skipped %d, GDAL %d: %s", got.read, got.skipped, row.features, d.reason)
		}
		return
	}
	if got.read+got.skipped != row.features {
		t.Errorf("layer %q: read %d + skipped %d = %d, GDAL %s counts %d",
			row.layer, got.read, got.skipped, got.read+got.skipped, row.version, row.features)
	}
	if got.read != want {
		t.Errorf("layer %q: read %d, want GDAL's %d less %d the file lacks = %d",
			row.layer, got.read, row.features, lacking, want)
	}
}

func describe(layers []*layerResult) string {
	var parts []string
	for _, l := range layers {
		parts = append(parts, fmt.Sprintf("%s: %d read, %d skipped", l.name, l.read, l.skipped))
	}
	if len(parts) == 0 {
		return "no layer"
	}
	return strings.Join(parts, "; ")
}

// dataExts are the endings of the files the corpus is read through; the
// companions (.shx, .dbf, .prj, .cpg) ride along with their .shp.
var dataExts = []string{".shp", ".geojson", ".json", ".csv", ".kml", ".zip"}

func corpusFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if slices.Contains(dataExts, strings.ToLower(filepath.Ext(p))) {
			rel, _ := filepath.Rel("testdata", p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestCorpusBookkeeping keeps the corpus, GDAL's counts, SOURCES.md and
// the tables above in step.
func TestCorpusBookkeeping(t *testing.T) {
	counts := loadGDALCounts(t)
	files := corpusFiles(t)
	sources, err := os.ReadFile(filepath.Join("testdata", "SOURCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, ok := counts[f]; !ok {
			t.Errorf("%s has no row in gdal_counts.tsv: run gdal_counts.sh", f)
		}
		if !strings.Contains(string(sources), "`"+f+"`") {
			t.Errorf("SOURCES.md does not list %s", f)
		}
	}
	for f := range counts {
		if !slices.Contains(files, f) {
			t.Errorf("gdal_counts.tsv counts %s, which is not in testdata", f)
		}
	}
	for f, d := range deviations {
		rows, ok := counts[f]
		switch {
		case !ok:
			t.Errorf("deviations names %s, which GDAL did not count", f)
		case d.reason == "":
			t.Errorf("deviations: %s has no reason", f)
		case d.read+d.skipped == rows[0].features && d.read == rows[0].features-lacks[f].n:
			t.Errorf("deviations: %s is recorded with GDAL's own counts", f)
		}
	}
	for f, want := range refusals {
		if _, ok := counts[f]; !ok {
			t.Errorf("refusals names %s, which GDAL did not count", f)
		}
		if want == "" {
			t.Errorf("refusals: %s has no expected error", f)
		}
		if _, ok := deviations[f]; ok {
			t.Errorf("%s is both a refusal and a deviation", f)
		}
	}
	for f := range sourceCRS {
		if _, ok := refusals[f]; !ok {
			t.Errorf("sourceCRS names %s, which is not a refusal", f)
		}
	}
	for f, l := range lacks {
		if _, ok := counts[f]; !ok || l.reason == "" || l.n <= 0 {
			t.Errorf("lacks: bad entry for %s", f)
		}
	}
}
