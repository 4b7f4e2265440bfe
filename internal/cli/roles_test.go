package cli

import (
	"testing"

	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/kukarcli/kukarcli/pkg/scenario"
)

func TestPropFloat(t *testing.T) {
	cases := []struct {
		v    any
		want float64
		ok   bool
	}{
		{int64(12), 12, true}, {2.5, 2.5, true}, {"1,5", 1.5, true}, {" 730 ", 730, true},
		{"12abc", 0, false}, {"", 0, false}, {"NaN", 0, false}, {nil, 0, false}, {true, 0, false},
	}
	for _, c := range cases {
		got, ok := scenario.PropFloat(geoio.Properties{{Key: "p", Value: c.v}}, "p")
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("propFloat(%#v) = %v, %v; want %v, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}
