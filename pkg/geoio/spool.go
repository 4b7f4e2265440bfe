package geoio

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/kukarcli/kukarcli/internal/atomicfile"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// Spool holds a stream of features in a temporary file while their schema
// is learnt, for writers that need every column and type before the first
// row (DBF, CSV) when the source has no schema (GeoJSON, OSM). Memory stays
// flat: only the schema is kept in memory.
type Spool struct {
	release func() // forgets the file in the interrupt registry
	f       *os.File
	w       *bufio.Writer
	schema  Schema
	n       int
	buf     []byte
}

// NewSpool creates a spool in dir ("" for the system temporary folder).
func NewSpool(dir string) (*Spool, error) {
	f, err := os.CreateTemp(dir, "kukarcli-spool-*")
	if err != nil {
		return nil, fmt.Errorf("geoio: spool: %w", err)
	}
	return &Spool{f: f, w: bufio.NewWriterSize(f, 1<<20), release: atomicfile.RegisterTemp(f.Name())}, nil
}

// Add appends a feature.
func (s *Spool) Add(f *Feature) error {
	s.schema.Add(f.Properties)
	b := s.buf[:0]
	b = appendValue(b, f.ID)
	if f.Geometry == nil {
		b = binary.AppendUvarint(b, 0)
	} else {
		g, err := wkb.Marshal(f.Geometry)
		if err != nil {
			return fmt.Errorf("geoio: spool: %w", err)
		}
		b = binary.AppendUvarint(b, uint64(len(g)))
		b = append(b, g...)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Properties)))
	for _, p := range f.Properties {
		b = binary.AppendUvarint(b, uint64(len(p.Key)))
		b = append(b, p.Key...)
		b = appendValue(b, p.Value)
	}
	s.buf = b
	s.n++
	var hdr [binary.MaxVarintLen64]byte
	if _, err := s.w.Write(hdr[:binary.PutUvarint(hdr[:], uint64(len(b)))]); err != nil {
		return err
	}
	_, err := s.w.Write(b)
	return err
}

// Fields is the schema learnt from every feature added.
func (s *Spool) Fields() []Field { return s.schema.Fields() }

// Len is the number of features held.
func (s *Spool) Len() int { return s.n }

// Replay hands every feature, in order, to fn.
func (s *Spool) Replay(fn func(*Feature) error) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	r := bufio.NewReaderSize(s.f, 1<<20)
	var rec []byte
	for {
		n, err := binary.ReadUvarint(r)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("geoio: spool: %w", err)
		}
		if uint64(cap(rec)) < n {
			rec = make([]byte, n)
		}
		rec = rec[:n]
		if _, err := io.ReadFull(r, rec); err != nil {
			return fmt.Errorf("geoio: spool: %w", err)
		}
		f, err := decodeSpooled(rec)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
	}
}

// Close removes the temporary file.
func (s *Spool) Close() error {
	name := s.f.Name()
	s.f.Close()
	s.release()
	return os.Remove(name)
}

const (
	tagNil byte = iota
	tagString
	tagInt
	tagFloat
	tagBool
	tagTime
	tagRaw
)

func appendValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, tagNil)
	case string:
		b = append(b, tagString)
		b = binary.AppendUvarint(b, uint64(len(v)))
		return append(b, v...)
	case int64:
		b = append(b, tagInt)
		return binary.AppendVarint(b, v)
	case int:
		b = append(b, tagInt)
		return binary.AppendVarint(b, int64(v))
	case float64:
		b = append(b, tagFloat)
		return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	case bool:
		if v {
			return append(b, tagBool, 1)
		}
		return append(b, tagBool, 0)
	case time.Time:
		b = append(b, tagTime)
		return binary.AppendVarint(b, v.UnixNano())
	case RawJSON:
		b = append(b, tagRaw)
		b = binary.AppendUvarint(b, uint64(len(v)))
		return append(b, v...)
	}
	s := fmt.Sprint(v)
	b = append(b, tagString)
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errSpool = errors.New("geoio: spool: corrupt record")

type spoolReader struct {
	b []byte
	i int
}

func (r *spoolReader) uvarint() (uint64, error) {
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		return 0, errSpool
	}
	r.i += n
	return v, nil
}

func (r *spoolReader) bytes(n uint64) ([]byte, error) {
	if uint64(len(r.b)-r.i) < n {
		return nil, errSpool
	}
	out := r.b[r.i : r.i+int(n)]
	r.i += int(n)
	return out, nil
}

func (r *spoolReader) value() (any, error) {
	if r.i >= len(r.b) {
		return nil, errSpool
	}
	tag := r.b[r.i]
	r.i++
	switch tag {
	case tagNil:
		return nil, nil
	case tagString, tagRaw:
		n, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		s, err := r.bytes(n)
		if err != nil {
			return nil, err
		}
		if tag == tagRaw {
			return RawJSON(append([]byte(nil), s...)), nil
		}
		return string(s), nil
	case tagInt, tagTime:
		v, n := binary.Varint(r.b[r.i:])
		if n <= 0 {
			return nil, errSpool
		}
		r.i += n
		if tag == tagTime {
			return time.Unix(0, v).UTC(), nil
		}
		return v, nil
	case tagFloat:
		s, err := r.bytes(8)
		if err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(s)), nil
	case tagBool:
		s, err := r.bytes(1)
		if err != nil {
			return nil, err
		}
		return s[0] == 1, nil
	}
	return nil, errSpool
}

func decodeSpooled(rec []byte) (*Feature, error) {
	r := &spoolReader{b: rec}
	f := &Feature{}
	id, err := r.value()
	if err != nil {
		return nil, err
	}
	f.ID = id
	n, err := r.uvarint()
	if err != nil {
		return nil, err
	}
	if n > 0 {
		gb, err := r.bytes(n)
		if err != nil {
			return nil, err
		}
		g, err := wkb.Unmarshal(gb)
		if err != nil {
			return nil, fmt.Errorf("geoio: spool: %w", err)
		}
		f.Geometry = g
	}
	np, err := r.uvarint()
	if err != nil {
		return nil, err
	}
	if np > uint64(len(rec)) {
		return nil, errSpool
	}
	f.Properties = make(Properties, 0, np)
	for i := uint64(0); i < np; i++ {
		kl, err := r.uvarint()
		if err != nil {
			return nil, err
		}
		k, err := r.bytes(kl)
		if err != nil {
			return nil, err
		}
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		f.Properties = append(f.Properties, Property{Key: string(k), Value: v})
	}
	return f, nil
}

var _ = orb.Point{}
