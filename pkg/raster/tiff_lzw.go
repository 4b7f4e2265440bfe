package raster

// TIFF's LZW variant (TIFF 6.0, section 13): codes are packed most
// significant bit first, start at 9 bits with Clear = 256 and
// EndOfInformation = 257, and widen one code early (when the next free
// code reaches 511, 1023 and 2047), up to 12 bits. The pre-6.0 "old-style"
// variant (least significant bit first) is recognised and refused.

import (
	"errors"
	"fmt"
)

const (
	lzwClear   = 256
	lzwEOI     = 257
	lzwFirst   = 258
	lzwMaxCode = 4096
)

// decodeTIFFLZW fills dst from src. Decoding stops when dst is full (any
// remaining codes are ignored); running out of input or meeting
// EndOfInformation before dst is full is an error, as is a table overflow
// (libtiff also refuses that).
func decodeTIFFLZW(src, dst []byte) error {
	if len(src) >= 2 && src[0] == 0 && src[1]&1 == 1 {
		return errors.New("old-style (pre-TIFF 6.0) LZW is not supported")
	}
	var (
		prefix [lzwMaxCode]uint16
		suffix [lzwMaxCode]byte
		first  [lzwMaxCode]byte
		length [lzwMaxCode]uint16
	)
	for i := 0; i < 256; i++ {
		suffix[i], first[i], length[i] = byte(i), byte(i), 1
	}
	width, next, prev := 9, lzwFirst, -1
	var bits uint64
	var nbits, pos, n int
	for n < len(dst) {
		for nbits < width {
			if pos >= len(src) {
				return fmt.Errorf("input ends after %d of %d bytes", n, len(dst))
			}
			bits = bits<<8 | uint64(src[pos])
			pos++
			nbits += 8
		}
		code := int(bits>>(nbits-width)) & (1<<width - 1)
		nbits -= width
		if code == lzwClear {
			width, next, prev = 9, lzwFirst, -1
			continue
		}
		if code == lzwEOI {
			return fmt.Errorf("end of data after %d of %d bytes", n, len(dst))
		}
		if prev < 0 {
			if code > 255 {
				return fmt.Errorf("code %d right after a clear", code)
			}
			dst[n] = byte(code)
			n++
			prev = code
			continue
		}
		if code > next {
			return fmt.Errorf("code %d beyond the table (%d)", code, next)
		}
		if next >= lzwMaxCode {
			return errors.New("table overflow without a clear code")
		}
		// code == next is the KwKwK case: the new entry is prev plus its
		// own first byte, so adding it first makes both cases the same.
		fc := first[code]
		if code == next {
			fc = first[prev]
		}
		prefix[next], suffix[next], first[next] = uint16(prev), fc, first[prev]
		length[next] = length[prev] + 1
		next++
		if next == 1<<width-1 && width < 12 {
			width++
		}
		// Write the string backwards from its last byte, dropping what
		// does not fit in dst.
		l := int(length[code])
		c := code
		for k := l - 1; k >= 0; k-- {
			if n+k < len(dst) {
				dst[n+k] = suffix[c]
			}
			c = int(prefix[c])
		}
		n += l
		prev = code
	}
	return nil
}
