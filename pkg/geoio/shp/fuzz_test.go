package shp

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// FuzzSHP feeds arbitrary bytes as a .shp with no companions, which takes
// the offset-rebuilding path (and the zip path for bytes starting "PK").
func FuzzSHP(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "shp", "types", "*.shp"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	shp, _ := shpTestBuild(shpPolygon, shpTestMulti(shpPolygon, sqCW, holeCC), shpTestMulti(shpPolygon, farCW, sqCW, holeCC))
	f.Add(shp)
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := openShapefile(geoio.Source{Path: "fuzz.shp", R: bytes.NewReader(data)}, geoio.ReadOptions{})
		if err != nil {
			return
		}
		for _, r := range rs {
			for range 1 << 16 {
				ft, err := r.Next()
				if err != nil {
					break
				}
				switch g := ft.Geometry.(type) {
				case nil, orb.Point, orb.MultiPoint, orb.LineString, orb.MultiLineString:
				case orb.Polygon:
					checkFuzzRings(t, g)
				case orb.MultiPolygon:
					for _, p := range g {
						checkFuzzRings(t, p)
					}
				default:
					t.Fatalf("unexpected geometry %T", g)
				}
			}
			r.Close()
		}
	})
}

func checkFuzzRings(t *testing.T, p orb.Polygon) {
	for _, r := range p {
		if len(r) < 4 || r[0] != r[len(r)-1] {
			t.Fatalf("ring not closed or too short: %v", r)
		}
	}
}

// FuzzDBF feeds arbitrary bytes as a .dbf (and as its own memo file).
func FuzzDBF(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "shp", "types", "*.dbf"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add(dbfTestBuild(0, []dbfTestField{{"name", 'C', 10, 0}, {"n", 'N', 6, 0}, {"x", 'N', 10, 3}, {"ok", 'L', 1, 0}, {"d", 'D', 8, 0}, {"m", 'M', 10, 0}},
		[]string{"Caf\xe9", "  12", " 1.5", "T", "20240101", "         1"}, []string{"*", "x", "**", "", "?", "0", ""}))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := openDBF("fuzz.dbf", bytes.NewReader(data), int64(len(data)), nil)
		if err != nil {
			return
		}
		tb.setCodePage(dbfCodePage{guess: true})
		tb.memo = newDBFMemo(bytes.NewReader(data), int64(len(data)), len(data) > 0 && data[0]&0x08 != 0)
		for i := 0; i < tb.count && i < 1<<12; i++ {
			del, props, err := tb.record(i)
			if err != nil {
				t.Fatal(err)
			}
			if del {
				continue
			}
			if len(props) != len(tb.fields) {
				t.Fatalf("%d values for %d fields", len(props), len(tb.fields))
			}
			for _, p := range props {
				if s, ok := p.Value.(string); ok && !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 %q", s)
				}
			}
		}
	})
}
