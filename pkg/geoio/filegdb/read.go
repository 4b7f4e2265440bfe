package filegdb

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kukarcli/kukarcli/pkg/crs"
	"github.com/kukarcli/kukarcli/pkg/geoio"
	"github.com/paulmach/orb"
)

// layerReader streams the rows of one table as features: the object id
// is the feature id, the geometry field the geometry, the other fields
// the properties (binary and raster fields left out).
type layerReader struct {
	t      *table
	layer  geoio.Layer
	opts   geoio.ReadOptions
	props  []int // indices of the fields read as properties
	crsErr error
	i      int // next row slot
	rec    int // records met so far (deleted rows are not records)
	rv     rowValues
}

// unknownSRS is the WKT a geometry field holds when it has no spatial
// reference.
const unknownSRS = "{B286C06B-0879-11D2-AACA-00C04FA33C20}"

func newLayerReader(t *table, name string, opts geoio.ReadOptions) (*layerReader, error) {
	r := &layerReader{t: t, opts: opts,
		layer: geoio.Layer{Name: name, Format: FormatTitle, HasZ: t.hasZ, HasM: t.hasM}}
	var skipped []string
	for i, f := range t.fields {
		var ft geoio.FieldType
		switch f.typ {
		case ftObjectID, ftGeometry:
			continue
		case ftBinary, ftRaster:
			skipped = append(skipped, fmt.Sprintf("%s (%s)", f.name, fieldTypeName(f.typ)))
			continue
		case ftInt16, ftInt32, ftInt64:
			ft = geoio.FieldInt
		case ftFloat32, ftFloat64:
			ft = geoio.FieldFloat
		case ftDateTime, ftDate, ftDateTimeOffset:
			ft = geoio.FieldDate
		default: // string, GUID, global id, XML, time of day
			ft = geoio.FieldString
		}
		fl := geoio.Field{Name: f.name, Type: ft}
		if f.typ == ftString && f.width < 65536 {
			fl.Width = f.width // 65536 and more: no limit (GDAL writes 65536)
		}
		r.layer.Fields = append(r.layer.Fields, fl)
		r.props = append(r.props, i)
	}
	if len(skipped) > 0 {
		opts.Note(fmt.Sprintf("%s: the %s field(s) %s are not read", t.name, "binary or raster", strings.Join(skipped, ", ")))
	}
	if t.geomField >= 0 && opts.SourceCRS == nil {
		wkt := strings.TrimSpace(t.fields[t.geomField].geom.wkt)
		if wkt != "" && wkt != unknownSRS {
			c, err := crs.ParsePRJ(wkt)
			if err != nil && errors.Is(err, crs.ErrUnsupported) && c.Name != "" {
				r.layer.CRS = c // named: info describes it, commands refuse it
			} else if err != nil {
				// reported when the layer is read, so that the other
				// layers stay readable
				r.crsErr = fmt.Errorf("geoio: %s: layer %s: its coordinate system cannot be used: %w (pass --s-crs with the layer's CRS, e.g. EPSG:32750)", t.name, name, err)
			} else {
				r.layer.CRS = c
			}
		}
	}
	return r, nil
}

// Layer describes the table.
func (r *layerReader) Layer() geoio.Layer { return r.layer }

// Records is the number of rows the table header declares: rows deleted
// in the geodatabase are not counted (GDAL's feature count too).
func (r *layerReader) Records() int { return r.t.validRows }

// Close releases the files.
func (r *layerReader) Close() error { return r.t.Close() }

func (r *layerReader) report(p geoio.Problem) error { return r.opts.Report(p) }

// Next returns the next row that holds a feature.
func (r *layerReader) Next() (*geoio.Feature, error) {
	if r.t.closed {
		return nil, fmt.Errorf("geoio: %s: read after close", r.t.name)
	}
	if r.crsErr != nil {
		return nil, r.crsErr
	}
	var gdef *geomDef
	if r.t.geomField >= 0 {
		gdef = r.t.fields[r.t.geomField].geom
	}
	for r.i < r.t.totalRows {
		i := r.i
		r.i++
		off, err := r.t.rowOffset(i)
		if err != nil {
			// the rows from here on cannot be located; the checked
			// reader counts them as lost from Records
			r.opts.Note(err.Error() + "; the rows after it cannot be read")
			r.i = r.t.totalRows
			break
		}
		if off == 0 {
			continue // a deleted row: no longer a record
		}
		rec := r.rec
		r.rec++
		oid := int64(i) + 1
		ids := strconv.FormatInt(oid, 10)
		blob, err := r.t.readRow(off)
		if err == nil {
			err = r.t.decodeRow(blob, &r.rv)
		}
		if err != nil {
			kind := geoio.ProblemBadRecord
			var tr errTruncatedRow
			if errors.As(err, &tr) {
				kind = geoio.ProblemTruncated
			}
			if err := r.report(geoio.Problem{File: r.t.name, Index: rec, ID: ids, Kind: kind,
				Reason: "row " + ids + ": " + err.Error()}); err != nil {
				return nil, err
			}
			continue
		}
		props := make(geoio.Properties, len(r.props))
		for k, fi := range r.props {
			props[k] = geoio.Property{Key: r.t.fields[fi].name, Value: r.rv.vals[fi]}
		}
		var g orb.Geometry
		if r.rv.geom != nil && gdef != nil {
			res, prob := decodeShape(r.rv.geom, gdef)
			if prob != nil {
				prob.File, prob.Index, prob.ID = r.t.name, rec, ids
				prob.Reason = "row " + ids + ": " + prob.Reason
				if err := r.report(*prob); err != nil {
					return nil, err
				}
				continue
			}
			if res.curves > 0 {
				if err := r.report(geoio.Problem{File: r.t.name, Index: rec, ID: ids, Kind: RepairCurves, Outcome: geoio.Repaired,
					Reason: fmt.Sprintf("%d curve segment(s) (arcs, Bézier curves) replaced by chords within %g of the curve's size", res.curves, CurveTolerance)}); err != nil {
					return nil, err
				}
			}
			if res.ringsClosed > 0 {
				if err := r.report(geoio.Problem{File: r.t.name, Index: rec, ID: ids, Kind: geoio.RepairRingClosed, Outcome: geoio.Repaired,
					Reason: fmt.Sprintf("%d ring(s) did not end where they start; each was closed", res.ringsClosed)}); err != nil {
					return nil, err
				}
			}
			g = res.geom
		}
		return &geoio.Feature{ID: oid, Geometry: g, Properties: props}, nil
	}
	return nil, io.EOF
}

var _ geoio.RecordCounter = (*layerReader)(nil)
