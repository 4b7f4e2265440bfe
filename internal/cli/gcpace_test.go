package cli

import "testing"

func TestGCPercentFor(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 100},
		{10 << 20, 100}, // small heaps keep the default
		{48 << 20, 100}, // slack equals the live heap
		{96 << 20, 50},  // slack held at 48 MiB
		{160 << 20, 30}, // 48/160 = 0.3
		{170 << 20, 25}, // 28.2 rounded down to a step of 5
		{1 << 30, 20},   // never under the floor
	} {
		if got := gcPercentFor(c.live); got != c.want {
			t.Errorf("gcPercentFor(%d MiB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}
