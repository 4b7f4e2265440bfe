package crs

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// vectorBlock is one block of testdata/cs2cs/vectors.txt: a CRS and the
// points cs2cs converted to and from it (see gen.py there).
type vectorBlock struct {
	name, mode, crs, proj string
	ll2xy, xy2ll          [][4]float64
}

func readVectors(t *testing.T) []vectorBlock {
	t.Helper()
	f, err := os.Open("testdata/cs2cs/vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		out []vectorBlock
		cur *vectorBlock
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, rest, _ := strings.Cut(line, " ")
		switch key {
		case "block":
			out = append(out, vectorBlock{name: rest})
			cur = &out[len(out)-1]
		case "mode":
			cur.mode = rest
		case "crs":
			cur.crs = rest
		case "proj":
			cur.proj = rest
		case "ll2xy", "xy2ll":
			fs := strings.Fields(rest)
			if len(fs) != 4 {
				t.Fatalf("vectors.txt:%d: want 4 numbers", ln)
			}
			var v [4]float64
			for i, s := range fs {
				if v[i], err = strconv.ParseFloat(s, 64); err != nil {
					t.Fatalf("vectors.txt:%d: %v", ln, err)
				}
			}
			if key == "ll2xy" {
				cur.ll2xy = append(cur.ll2xy, v)
			} else {
				cur.xy2ll = append(cur.xy2ll, v)
			}
		case "end":
			cur = nil
		default:
			t.Fatalf("vectors.txt:%d: unknown line %q", ln, key)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// degMetres is the distance in metres that a difference of lon/lat
// degrees makes at latitude lat, on a sphere of the WGS 84 semi-major
// axis (close enough to weigh errors of centimetres).
func degMetres(dlon, dlat, lat float64) float64 {
	dlon = math.Remainder(dlon, 360)
	r := ellWGS84.a * degToRad
	return math.Hypot(dlon*r*math.Cos(lat*degToRad), dlat*r)
}

// TestCS2CSVectors compares every projection and datum shift with PROJ:
// the projection alone ("proj" blocks) within 0.01 m forward and inverse,
// the whole conversion with a Helmert datum shift ("full" blocks) within
// 1 m. The worst errors are logged (go test -v -run CS2CS).
func TestCS2CSVectors(t *testing.T) {
	blocks := readVectors(t)
	if len(blocks) < 20 {
		t.Fatalf("only %d blocks in vectors.txt", len(blocks))
	}
	for _, b := range blocks {
		c, err := Parse(b.crs)
		if err != nil {
			t.Errorf("%s: %v", b.name, err)
			continue
		}
		tol := 0.01
		if b.mode == "full" {
			tol = 1
		} else {
			if c.datumShift().pm != 0 {
				t.Fatalf("%s: a projection block on a prime meridian other than Greenwich", b.name)
			}
			c.setShift(datumShift{}) // the projection alone, on its own ellipsoid
		}
		geog := c.IsLonLat()
		u := c.resolve().metresPerUnit()
		var worstFwd, worstInv float64
		for _, v := range b.ll2xy {
			x, y := c.FromLonLat(v[0], v[1])
			var e float64
			if geog {
				e = degMetres(x-v[2], y-v[3], v[3])
			} else {
				e = math.Hypot(x-v[2], y-v[3]) * u
			}
			if !(e <= tol) {
				t.Errorf("%s: FromLonLat(%v, %v) = %.4f, %.4f; cs2cs %.4f, %.4f (%.3g m)", b.name, v[0], v[1], x, y, v[2], v[3], e)
			}
			worstFwd = math.Max(worstFwd, e)
		}
		for _, v := range b.xy2ll {
			lon, lat := c.ToLonLat(v[0], v[1])
			e := degMetres(lon-v[2], lat-v[3], v[3])
			if !(e <= tol) {
				t.Errorf("%s: ToLonLat(%v, %v) = %.10f, %.10f; cs2cs %.10f, %.10f (%.3g m)", b.name, v[0], v[1], lon, lat, v[2], v[3], e)
			}
			worstInv = math.Max(worstInv, e)
		}
		if len(b.ll2xy) < 4 || len(b.xy2ll) < 4 {
			t.Errorf("%s: %d forward and %d inverse vectors; want several of each", b.name, len(b.ll2xy), len(b.xy2ll))
		}
		t.Logf("%-75s %s  forward %.2e m  inverse %.2e m", b.name, b.mode, worstFwd, worstInv)
	}
}
