package shp

import (
	"archive/zip"
	"fmt"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"io"
	"path"
	"sort"
	"strings"
)

// shpMaxZipMember bounds the memory one zip member may take; the .shp
// format itself cannot exceed 4 GiB (file length in 32-bit 16-bit words).
const shpMaxZipMember = 4 << 30

// openShapefileZip makes one reader per .shp in the archive, sorted by
// member name. Companions are members with the same path and stem and a
// shapefile extension in any letter case.
func openShapefileZip(name string, zr *zip.Reader, opts geoio.ReadOptions) ([]geoio.Reader, error) {
	type key struct{ stem, ext string }
	members := map[key]*zip.File{}
	var shps []*zip.File
	for _, f := range zr.File {
		n := f.Name
		if f.FileInfo().IsDir() || strings.HasPrefix(n, "__MACOSX/") || strings.HasPrefix(path.Base(n), "._") {
			continue
		}
		ext := path.Ext(n)
		k := key{strings.TrimSuffix(n, ext), strings.ToLower(ext)}
		if _, dup := members[k]; !dup {
			members[k] = f
		}
		if k.ext == ".shp" {
			shps = append(shps, f)
		}
	}
	if len(shps) == 0 {
		return nil, &geoio.FormatError{File: name, Index: -1, Reason: "the zip archive holds no .shp file"}
	}
	var sets []*shpSet
	for _, f := range shps {
		ext := path.Ext(f.Name)
		stem := strings.TrimSuffix(f.Name, ext)
		s := &shpSet{
			name:  name + "/" + f.Name,
			layer: path.Base(stem),
			shp:   &shpRef{name: name + "/" + f.Name, zf: f},
		}
		for _, c := range []struct {
			ext  string
			slot **shpRef
		}{{".shx", &s.shx}, {".dbf", &s.dbf}, {".dbt", &s.dbt}, {".prj", &s.prj}, {".cpg", &s.cpg}} {
			if m, ok := members[key{stem, c.ext}]; ok {
				*c.slot = &shpRef{name: name + "/" + m.Name, zf: m}
			}
		}
		sets = append(sets, s)
	}
	shpSortSets(sets)
	if opts.Layer != "" {
		var pick []*shpSet
		for _, s := range sets {
			if s.layer == opts.Layer {
				pick = append(pick, s)
			}
		}
		if len(pick) == 0 {
			for _, s := range sets {
				if strings.EqualFold(s.layer, opts.Layer) {
					pick = append(pick, s)
				}
			}
		}
		if len(pick) == 0 {
			names := make([]string, len(sets))
			for i, s := range sets {
				names[i] = s.layer
			}
			sort.Strings(names)
			return nil, fmt.Errorf("geoio: %s has no shapefile named %q (it holds %s)", name, opts.Layer, strings.Join(names, ", "))
		}
		sets = pick
	}
	return shpOpenSets(sets, opts)
}

// shpReadZipMember reads one member into memory.
func shpReadZipMember(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > shpMaxZipMember {
		return nil, fmt.Errorf("zip member of %d bytes is larger than a shapefile can be", f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The size in the directory may lie; the limit holds regardless.
	b, err := io.ReadAll(io.LimitReader(rc, shpMaxZipMember+1))
	if err != nil {
		return nil, err
	}
	if len(b) > shpMaxZipMember {
		return nil, fmt.Errorf("zip member is larger than a shapefile can be")
	}
	return b, nil
}
