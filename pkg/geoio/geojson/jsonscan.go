package geojson

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// jsonStream frames JSON values out of a reader without decoding them: it
// finds where a value ends (tracking strings and nesting), keeps the bytes
// of that one value in its buffer and hands the slice to a parser. Memory
// is bounded by the largest single value (one feature), not the document.
type jsonStream struct {
	r      io.Reader
	buf    []byte
	start  int // first unread byte
	end    int // end of valid data
	eof    bool
	err    error
	offset int64 // bytes consumed before buf[0]
}

func newJSONStream(r io.Reader) *jsonStream {
	return &jsonStream{r: r, buf: make([]byte, 64<<10)}
}

// fill reads more data, keeping buf[start:end]; false at end of input.
func (s *jsonStream) fill() bool {
	if s.eof {
		return false
	}
	if s.start > 0 && s.start == s.end {
		s.offset += int64(s.start)
		s.start, s.end = 0, 0
	}
	if s.end == len(s.buf) {
		if s.start > len(s.buf)/2 {
			n := copy(s.buf, s.buf[s.start:s.end])
			s.offset += int64(s.start)
			s.start, s.end = 0, n
		} else {
			nb := make([]byte, len(s.buf)*2)
			n := copy(nb, s.buf[s.start:s.end])
			s.offset += int64(s.start)
			s.buf = nb
			s.start, s.end = 0, n
		}
	}
	n, err := s.r.Read(s.buf[s.end:])
	s.end += n
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.err = err
		}
	}
	return n > 0 || !s.eof
}

// skipSpace skips whitespace and RFC 8142 record separators; it returns
// the next byte, or false at the end of input.
func (s *jsonStream) peek() (byte, bool) {
	for {
		for s.start < s.end {
			c := s.buf[s.start]
			if c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x1e {
				s.start++
				continue
			}
			return c, true
		}
		if !s.fill() {
			return 0, false
		}
	}
}

func (s *jsonStream) pos() int64 { return s.offset + int64(s.start) }

var errJSONEOF = errors.New("the JSON text ends early")

// next consumes one byte that must be c.
func (s *jsonStream) expect(c byte) error {
	b, ok := s.peek()
	if !ok {
		return errJSONEOF
	}
	if b != c {
		return fmt.Errorf("expected %q at byte %d, found %q", c, s.pos(), b)
	}
	s.start++
	return nil
}

// value frames the next JSON value and returns its bytes, valid until the
// next call.
func (s *jsonStream) value() ([]byte, error) {
	if _, ok := s.peek(); !ok {
		return nil, errJSONEOF
	}
	i := s.start
	depth := 0
	inStr := false
	for {
		for i < s.end {
			if inStr {
				// jump to the next quote or escape
				rest := s.buf[i:s.end]
				q := bytes.IndexByte(rest, '"')
				upto := rest
				if q >= 0 {
					upto = rest[:q]
				}
				bs := bytes.IndexByte(upto, '\\')
				if bs >= 0 {
					if i+bs+1 >= s.end {
						i += bs
						goto more
					}
					i += bs + 2
					continue
				}
				if q < 0 {
					i = s.end
					goto more
				}
				i += q + 1
				inStr = false
				if depth == 0 {
					v := s.buf[s.start:i]
					s.start = i
					return v, nil
				}
				continue
			}
			if depth > 0 {
				// inside an array or object only quotes and brackets matter
				for i < s.end && !jsonNesting[s.buf[i]] {
					i++
				}
				if i >= s.end {
					goto more
				}
			}
			c := s.buf[i]
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				if depth == 0 {
					if i == s.start {
						return nil, fmt.Errorf("unexpected %q at byte %d", c, s.offset+int64(i))
					}
					v := s.buf[s.start:i]
					s.start = i
					return v, nil
				}
				depth--
				if depth == 0 {
					i++
					v := s.buf[s.start:i]
					s.start = i
					return v, nil
				}
			case ',', ' ', '\n', '\r', '\t', ':', 0x1e:
				if depth == 0 {
					v := s.buf[s.start:i]
					s.start = i
					if len(v) == 0 {
						return nil, fmt.Errorf("unexpected %q at byte %d", c, s.offset+int64(i))
					}
					return v, nil
				}
			}
			i++
		}
	more:
		rel := i - s.start
		if !s.fill() {
			if depth == 0 && !inStr && s.end > s.start {
				v := s.buf[s.start:s.end]
				s.start = s.end
				return v, nil
			}
			return nil, errJSONEOF
		}
		i = s.start + rel
	}
}

// string reads a JSON string value (for object keys at the top level).
func (s *jsonStream) string() (string, error) {
	c, ok := s.peek()
	if !ok {
		return "", errJSONEOF
	}
	if c != '"' {
		return "", fmt.Errorf("expected a string at byte %d, found %q", s.pos(), c)
	}
	v, err := s.value()
	if err != nil {
		return "", err
	}
	return unquoteJSON(v)
}

// objectMembers calls fn for each member of the JSON object in b, with the
// raw bytes of the value. Keys are unescaped; a key shares b (see keyView)
// and must be cloned to be kept.
func objectMembers(b []byte, fn func(key string, v []byte) error) error {
	end, err := objectMembersAt(b, 0, func(key string, at int) (int, error) {
		p := slicePos{b: b, i: at}
		v, err := p.next()
		if err != nil {
			return 0, err
		}
		return p.i, fn(key, v)
	})
	if err != nil {
		return err
	}
	p := slicePos{b: b, i: end}
	return p.tail()
}

// objectMembersAt walks the JSON object starting at b[at] (after any
// space) and returns the offset just past its '}'. For each member fn
// gets the key (as in objectMembers) and the offset of the value, and
// returns the offset just past the value: it may decode the value as it
// goes instead of finding its end first.
func objectMembersAt(b []byte, at int, fn func(key string, at int) (int, error)) (int, error) {
	p := slicePos{b: b, i: at}
	if err := p.expect('{'); err != nil {
		return 0, err
	}
	p.ws()
	if p.i < len(b) && b[p.i] == '}' {
		return p.i + 1, nil
	}
	for {
		kb, err := p.next()
		if err != nil {
			return 0, err
		}
		if len(kb) == 0 || kb[0] != '"' {
			return 0, fmt.Errorf("expected a member name at offset %d", p.i)
		}
		key, err := keyView(kb)
		if err != nil {
			return 0, err
		}
		if err := p.expect(':'); err != nil {
			return 0, err
		}
		p.ws()
		end, err := fn(key, p.i)
		if err != nil {
			return 0, err
		}
		p.i = end
		p.ws()
		if p.i >= len(b) {
			return 0, errJSONEOF
		}
		switch b[p.i] {
		case ',':
			p.i++
		case '}':
			return p.i + 1, nil
		default:
			return 0, fmt.Errorf("unexpected %q at offset %d", b[p.i], p.i)
		}
	}
}

// keyView returns a member name without copying when it holds no escape
// or control character: the string shares b and is valid only while b is,
// so callers that keep a key must clone it.
func keyView(b []byte) (string, error) {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		body := b[1 : len(b)-1]
		plain := true
		for _, c := range body {
			if c < 0x20 || c == '\\' || c >= 0x80 {
				plain = false
				break
			}
		}
		if plain {
			return unsafeString(body), nil
		}
	}
	return unquoteJSON(b)
}

// arrayElements calls fn for each element of the JSON array in b.
func arrayElements(b []byte, fn func(v []byte) error) error {
	p := slicePos{b: b}
	if err := p.expect('['); err != nil {
		return err
	}
	p.ws()
	if p.i < len(b) && b[p.i] == ']' {
		p.i++
		return p.tail()
	}
	for {
		v, err := p.next()
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
		p.ws()
		if p.i >= len(b) {
			return errJSONEOF
		}
		switch b[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return p.tail()
		default:
			return fmt.Errorf("unexpected %q at offset %d", b[p.i], p.i)
		}
	}
}

type slicePos struct {
	b []byte
	i int
}

func (p *slicePos) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\n', '\r', '\t':
			p.i++
		default:
			return
		}
	}
}

func (p *slicePos) expect(c byte) error {
	p.ws()
	if p.i >= len(p.b) {
		return errJSONEOF
	}
	if p.b[p.i] != c {
		return fmt.Errorf("expected %q at offset %d, found %q", c, p.i, p.b[p.i])
	}
	p.i++
	return nil
}

func (p *slicePos) tail() error {
	p.ws()
	if p.i != len(p.b) {
		return fmt.Errorf("unexpected data after the value at offset %d", p.i)
	}
	return nil
}

// next returns the bytes of the next value (not validated inside).
func (p *slicePos) next() ([]byte, error) {
	p.ws()
	start := p.i
	depth := 0
	for p.i < len(p.b) {
		c := p.b[p.i]
		if c == '"' {
			if depth == 0 && p.i != start {
				return nil, fmt.Errorf("unexpected '\"' at offset %d", p.i)
			}
			end, ok := skipString(p.b, p.i+1)
			if !ok {
				return nil, errJSONEOF
			}
			p.i = end
			if depth == 0 {
				return p.b[start:p.i], nil
			}
			continue
		}
		if depth > 0 {
			// inside an array or object only quotes and brackets matter
			for p.i < len(p.b) && !jsonNesting[p.b[p.i]] {
				p.i++
			}
			if p.i >= len(p.b) {
				break
			}
			c = p.b[p.i]
			if c == '"' {
				continue
			}
		}
		switch c {
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				if p.i == start {
					return nil, fmt.Errorf("unexpected %q at offset %d", c, p.i)
				}
				return p.b[start:p.i], nil
			}
			depth--
			if depth == 0 {
				p.i++
				return p.b[start:p.i], nil
			}
		case ',', ':', ' ', '\n', '\r', '\t':
			if depth == 0 {
				if p.i == start {
					return nil, fmt.Errorf("unexpected %q at offset %d", c, p.i)
				}
				return p.b[start:p.i], nil
			}
		}
		p.i++
	}
	if depth != 0 || p.i == start {
		return nil, errJSONEOF
	}
	return p.b[start:p.i], nil
}

// jsonNesting marks the bytes that matter inside an array or object when
// only its end is sought.
var jsonNesting = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// skipString returns the index just past the closing quote of a string
// whose body starts at i, jumping over escapes; ok is false when the
// string does not end in b.
func skipString(b []byte, i int) (int, bool) {
	for {
		q := bytes.IndexByte(b[i:], '"')
		if q < 0 {
			return len(b), false
		}
		// count the backslashes right before the quote: an odd number
		// escapes it
		j := i + q
		n := 0
		for k := j - 1; k >= i && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return j + 1, true
		}
		i = j + 1
	}
}

// unquoteJSON decodes a JSON string literal including its quotes.
func unquoteJSON(b []byte) (string, error) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", fmt.Errorf("bad string %s", truncate(b, 40))
	}
	b = b[1 : len(b)-1]
	if bytes.IndexByte(b, '\\') < 0 {
		for _, c := range b {
			if c < 0x20 {
				return "", fmt.Errorf("control character in a string")
			}
		}
		if !utf8.Valid(b) {
			return string(bytes.ToValidUTF8(b, []byte("\ufffd"))), nil
		}
		return string(b), nil
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' {
			if c < 0x20 {
				return "", fmt.Errorf("control character in a string")
			}
			out = append(out, c)
			continue
		}
		i++
		if i >= len(b) {
			return "", fmt.Errorf("bad escape at the end of a string")
		}
		switch b[i] {
		case '"', '\\', '/':
			out = append(out, b[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n, err := hex4(b[i+1:])
			if err != nil {
				return "", err
			}
			i += n
			if utf16.IsSurrogate(r) {
				if i+2 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
					r2, n2, err := hex4(b[i+3:])
					if err == nil {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							r = d
							i += 2 + n2
						} else {
							r = utf8.RuneError
						}
					}
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return "", fmt.Errorf("bad escape \\%c in a string", b[i])
		}
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\ufffd"))
	}
	return string(out), nil
}

func hex4(b []byte) (rune, int, error) {
	if len(b) < 4 {
		return 0, 0, fmt.Errorf("short \\u escape")
	}
	v, err := strconv.ParseUint(string(b[:4]), 16, 32)
	if err != nil {
		return 0, 0, fmt.Errorf("bad \\u escape")
	}
	return rune(v), 4, nil
}

// checkLiteral validates a scalar JSON value: number, true, false, null.
func checkLiteral(b []byte) error {
	switch string(b) {
	case "true", "false", "null":
		return nil
	}
	if len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')) {
		if _, err := strconv.ParseFloat(string(b), 64); err == nil {
			return nil
		} else if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return nil
		}
	}
	return fmt.Errorf("invalid value %s", truncate(b, 40))
}

// unsafeString views b as a string without copying; the string must not
// outlive b's contents.
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }
