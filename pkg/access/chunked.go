package access

// chunked is an append-only array kept in chunks of fixed size. A
// growing slice copies everything stored at each growth, and for the
// builder's per-vertex arrays those copies were a tenth of the time taken
// to read a network; chunks are never moved. flatten hands the contents
// over as one slice when the random access starts.
type chunked[T any] struct {
	full [][]T
	cur  []T
	n    int
}

const chunkLen = 1 << 16

func (c *chunked[T]) add(v T) {
	if len(c.cur) == cap(c.cur) {
		if c.cur != nil {
			c.full = append(c.full, c.cur)
		}
		c.cur = make([]T, 0, chunkLen)
	}
	c.cur = append(c.cur, v)
	c.n++
}

func (c *chunked[T]) len() int { return c.n }

// at is element i; every chunk but the last holds exactly chunkLen.
func (c *chunked[T]) at(i int) T {
	if k := i / chunkLen; k < len(c.full) {
		return c.full[k][i%chunkLen]
	}
	return c.cur[i-len(c.full)*chunkLen]
}

// last is the element added last; c must not be empty.
func (c *chunked[T]) last() T { return c.cur[len(c.cur)-1] }

// flattenMapped is flatten with f applied to every element, the chunks
// spread over the workers; each chunk is released once mapped.
func (c *chunked[T]) flattenMapped(workers int, f func(T) T) []T {
	out := make([]T, c.n)
	chunks := append(c.full, c.cur)
	parallelEach(len(chunks), workers, func(k int) {
		dst := out[k*chunkLen:]
		for i, v := range chunks[k] {
			dst[i] = f(v)
		}
		chunks[k] = nil
	})
	*c = chunked[T]{}
	return out
}

// flatten returns the contents as one slice and empties c; each chunk is
// released as soon as it is copied.
func (c *chunked[T]) flatten() []T {
	out := make([]T, 0, c.n)
	for i, ch := range c.full {
		out = append(out, ch...)
		c.full[i] = nil
	}
	out = append(out, c.cur...)
	*c = chunked[T]{}
	return out
}
