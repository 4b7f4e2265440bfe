package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// The package structure of a workbook (ECMA-376 Part 2, Open Packaging
// Conventions): the package's relationships name the workbook part, the
// workbook lists its sheets by relationship id, and the workbook's
// relationships give each sheet's part.

// sheetParts maps each sheet's name, lower case, to its worksheet part.
func sheetParts(pkg *zip.Reader) (map[string]string, error) {
	wb := "xl/workbook.xml"
	if rels, err := relationships(pkg, "_rels/.rels", ""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wb = r.target
				break
			}
		}
	}
	rels, err := relationships(pkg, path.Join(path.Dir(wb), "_rels", path.Base(wb)+".rels"), path.Dir(wb))
	if err != nil {
		return nil, err
	}
	byID := map[string]string{}
	for _, r := range rels {
		byID[r.id] = r.target
	}
	rc, err := openPart(pkg, wb)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	parts := map[string]string{}
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return parts, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", wb, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
			name, id := attr(se, "name"), ""
			for _, a := range se.Attr {
				if a.Name.Local == "id" && a.Name.Space != "" {
					id = a.Value // r:id
				}
			}
			if p, ok := byID[id]; ok {
				parts[strings.ToLower(name)] = p
			}
		}
	}
}

type relationship struct{ id, typ, target string }

// relationships reads a .rels part; targets are made package paths,
// relative ones from dir.
func relationships(pkg *zip.Reader, name, dir string) ([]relationship, error) {
	rc, err := openPart(pkg, name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var out []relationship
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			t := attr(se, "Target")
			if strings.HasPrefix(t, "/") {
				t = path.Clean(t[1:])
			} else {
				t = path.Join(dir, t)
			}
			out = append(out, relationship{id: attr(se, "Id"), typ: attr(se, "Type"), target: t})
		}
	}
}

// openPart opens a part by name; zip names are compared without regard
// to case, as the package conventions want.
func openPart(pkg *zip.Reader, name string) (io.ReadCloser, error) {
	for _, f := range pkg.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("the package has no part %s", name)
}
