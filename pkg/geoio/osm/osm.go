package osm

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
	"github.com/paulmach/osm"
	"github.com/paulmach/osm/osmpbf"
	"github.com/paulmach/osm/osmxml"
)

type osmReader struct {
	name    string
	opts    geoio.ReadOptions
	layer   geoio.Layer
	file    *os.File
	scanner osm.Scanner
	nodes   osmNodeStore
	index   int
	done    bool
}

// openOSM opens an .osm.pbf, .osm or .osm.bz2 file, or a stream, as one
// layer of LineStrings. The content decides the encoding when it is
// recognisable (bzip2 magic, the PBF "OSMHeader" blob, XML); otherwise
// opts.Format ("osm.pbf") and the file name do.
func openOSM(src geoio.Source, opts geoio.ReadOptions) ([]geoio.Reader, error) {
	r := &osmReader{name: src.Name(), opts: opts}
	var in io.Reader = src.R
	if src.R == nil {
		f, err := os.Open(src.Path)
		if err != nil {
			return nil, fmt.Errorf("geoio: %w", err)
		}
		r.file = f
		in = f
	}
	br := bufio.NewReaderSize(in, 1<<16)
	head, _ := br.Peek(64)
	lowerPath := strings.ToLower(src.Path)
	pbf := strings.Contains(strings.ToLower(opts.Format), "pbf") || strings.HasSuffix(lowerPath, ".pbf")
	switch {
	case bytes.HasPrefix(head, []byte("BZh")):
		pbf = false
		in = bzip2.NewReader(br)
	case isOSMPBFHead(head):
		pbf = true
		in = br
	case osmIsXMLHead(head):
		pbf = false
		in = br
	case strings.HasSuffix(lowerPath, ".bz2"):
		in = bzip2.NewReader(br)
	default:
		in = br
	}
	r.layer = geoio.Layer{Name: geoio.LayerName(src.Path), CRS: crs.WGS84}
	if pbf {
		r.layer.Format = "OSM PBF"
		s := osmpbf.New(context.Background(), in, runtime.GOMAXPROCS(0))
		s.SkipRelations = true
		r.scanner = s
	} else {
		r.layer.Format = "OSM XML"
		r.scanner = osmxml.New(context.Background(), in)
	}
	return []geoio.Reader{r}, nil
}

// isOSMPBFHead recognises the first blob of a PBF file: a 4-byte
// big-endian BlobHeader length followed by the header, whose first field
// is the type string "OSMHeader".
func isOSMPBFHead(b []byte) bool {
	if len(b) < 4+2+9 {
		return false
	}
	n := binary.BigEndian.Uint32(b)
	return n > 0 && n < 64*1024 && bytes.Contains(b[4:], []byte("OSMHeader"))
}

func osmIsXMLHead(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

func (r *osmReader) Layer() geoio.Layer { return r.layer }

func (r *osmReader) Close() error {
	r.done = true
	var err error
	if r.scanner != nil {
		err = r.scanner.Close()
		r.scanner = nil
	}
	if r.file != nil {
		if cerr := r.file.Close(); err == nil {
			err = cerr
		}
		r.file = nil
	}
	r.nodes = osmNodeStore{}
	return err
}

// osmKeepWay selects the ways the access engine travels on.
func osmKeepWay(tags osm.Tags) bool {
	for _, t := range tags {
		switch t.Key {
		case "highway", "waterway":
			if t.Value != "" {
				return true
			}
		case "route":
			if t.Value == "ferry" {
				return true
			}
		}
	}
	return false
}

// Next returns the next kept way. Node coordinates are collected as the
// nodes go by; both formats write nodes before ways, so a way whose node
// has not been seen refers to a node outside the extract.
func (r *osmReader) Next() (*geoio.Feature, error) {
	for !r.done {
		if !r.scanner.Scan() {
			r.done = true
			if err := r.scanner.Err(); err != nil {
				return nil, fmt.Errorf("geoio: %s: %s: %w", r.name, r.layer.Format, err)
			}
			return nil, io.EOF
		}
		switch o := r.scanner.Object().(type) {
		case *osm.Node:
			r.nodes.add(int64(o.ID), o.Lon, o.Lat)
		case *osm.Way:
			if !osmKeepWay(o.Tags) {
				continue
			}
			idx := r.index
			r.index++
			f, reason := r.way(o)
			if reason != "" {
				p := geoio.Problem{File: r.name, Index: idx, ID: strconv.FormatInt(int64(o.ID), 10),
					Kind: geoio.ProblemBadRecord, Reason: reason}
				if err := r.opts.Report(p); err != nil {
					return nil, err
				}
				continue
			}
			return f, nil
		}
	}
	return nil, io.EOF
}

func (r *osmReader) way(w *osm.Way) (*geoio.Feature, string) {
	if len(w.Nodes) < 2 {
		return nil, fmt.Sprintf("way has %d node(s), a line needs 2", len(w.Nodes))
	}
	ls := make(orb.LineString, 0, len(w.Nodes))
	missing := 0
	var firstMissing osm.NodeID
	for _, wn := range w.Nodes {
		lon, lat, ok := r.nodes.lookup(int64(wn.ID))
		if !ok && (wn.Lon != 0 || wn.Lat != 0) {
			// PBF files written with locations on ways carry them here.
			lon, lat, ok = wn.Lon, wn.Lat, true
		}
		if !ok {
			if missing == 0 {
				firstMissing = wn.ID
			}
			missing++
			continue
		}
		ls = append(ls, orb.Point{lon, lat})
	}
	if missing > 0 {
		return nil, fmt.Sprintf("way refers to %d node(s) not in the file, first %d (an extract cut at its border?)",
			missing, firstMissing)
	}
	props := make(geoio.Properties, len(w.Tags))
	for i, t := range w.Tags {
		props[i] = geoio.Property{Key: t.Key, Value: t.Value}
	}
	sort.SliceStable(props, func(i, j int) bool { return props[i].Key < props[j].Key })
	return &geoio.Feature{ID: int64(w.ID), Geometry: ls, Properties: props}, ""
}

// osmNodeStore holds the coordinates of every node seen: ids in one slice
// and lon/lat pairs in another, 24 bytes a node, searched by binary search.
// Extracts list nodes by ascending id, so appending keeps the order; an
// out-of-order id (hand-edited files, negative JOSM ids) marks the store
// for a sort before the next lookup.
type osmNodeStore struct {
	ids      []int64
	coords   []float64 // lon, lat per node
	unsorted bool
}

func (s *osmNodeStore) add(id int64, lon, lat float64) {
	if n := len(s.ids); n > 0 && id <= s.ids[n-1] {
		s.unsorted = true
	}
	s.ids = append(s.ids, id)
	s.coords = append(s.coords, lon, lat)
}

func (s *osmNodeStore) Len() int           { return len(s.ids) }
func (s *osmNodeStore) Less(i, j int) bool { return s.ids[i] < s.ids[j] }
func (s *osmNodeStore) Swap(i, j int) {
	s.ids[i], s.ids[j] = s.ids[j], s.ids[i]
	s.coords[2*i], s.coords[2*j] = s.coords[2*j], s.coords[2*i]
	s.coords[2*i+1], s.coords[2*j+1] = s.coords[2*j+1], s.coords[2*i+1]
}

// settle sorts by id and keeps the last occurrence of a repeated id, the
// newest version in a file that holds several.
func (s *osmNodeStore) settle() {
	sort.Stable(s)
	out := 0
	for i := range s.ids {
		if i+1 < len(s.ids) && s.ids[i+1] == s.ids[i] {
			continue
		}
		s.ids[out] = s.ids[i]
		s.coords[2*out], s.coords[2*out+1] = s.coords[2*i], s.coords[2*i+1]
		out++
	}
	s.ids = s.ids[:out]
	s.coords = s.coords[:2*out]
	s.unsorted = false
}

func (s *osmNodeStore) lookup(id int64) (lon, lat float64, ok bool) {
	if s.unsorted {
		s.settle()
	}
	i, found := slices.BinarySearch(s.ids, id)
	if !found {
		return 0, 0, false
	}
	return s.coords[2*i], s.coords[2*i+1], true
}

func init() {
	geoio.Register(&geoio.Format{Name: "osm", Title: "OpenStreetMap", Exts: []string{".osm", ".osm.pbf", ".pbf", ".osm.bz2"}, Rank: 40,
		Open: openOSM})
}
