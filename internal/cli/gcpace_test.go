package cli

import "testing"

func TestGCPercentFor(t *testing.T) {
	for _, c := range []struct {
		live, scan uint64
		want       int
	}{
		{0, 0, 100},
		{10 << 20, 1 << 20, 100},    // small heaps keep the default
		{48 << 20, 1 << 20, 100},    // slack equals the live heap
		{96 << 20, 1 << 20, 50},     // slack held at 48 MiB
		{160 << 20, 1 << 20, 30},    // 48/160 = 0.3
		{170 << 20, 1 << 20, 25},    // 28.2 rounded down to a step of 5
		{1 << 30, 1 << 20, 20},      // never under the floor
		{400 << 20, 200 << 20, 50},  // the pointer-holding half sets the slack
		{400 << 20, 400 << 20, 100}, // an all-pointer heap keeps the default
	} {
		if got := gcPercentFor(c.live, c.scan); got != c.want {
			t.Errorf("gcPercentFor(%d MiB, %d MiB) = %d, want %d", c.live>>20, c.scan>>20, got, c.want)
		}
	}
}
