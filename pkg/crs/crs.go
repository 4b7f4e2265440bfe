package crs

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unique"
)

// ErrUnsupported is wrapped by every error about a CRS the package
// cannot convert to WGS 84.
var ErrUnsupported = errors.New("geoio: unsupported CRS")

type crsKind uint8

const (
	kindNone crsKind = iota
	kindGeographic
	kindTM
	kindWebMercator
	kindMercator
	kindLCC
	kindAlbers
	kindLAEA
	kindMollweide
	kindUnsupported // a CRS that was read but cannot be converted
)

// CRS is a coordinate reference system the readers understand. The zero
// value means "not declared"; what that implies is decided per format.
// EPSG is 0 for a CRS recognised only by its parameters; Name is then the
// name the source gave it. A CRS is comparable with ==, but Equal is the
// right test.
//
// A CRS that Parse or ParsePRJ read but cannot convert (an unknown
// projection or datum) comes back with its error, carrying the Name and
// EPSG code the source gave: Supported reports false for it, and it
// converts every coordinate to NaN.
//
// The fields a conversion needs are kept in the value, the rest (names
// to write back, the datum shift) behind unique handles, so that a CRS
// stays small to pass by value and comparable.
type CRS struct {
	EPSG int
	Name string

	kind    crsKind
	fast    crsKind // kindTM or kindWebMercator when unshifted, else kindNone: see setFast
	datum   datumKind
	shifted bool  // shift holds a prime meridian or a Helmert shift
	esri    int32 // ESRI code of an ESRI-only CRS (ESRI:54009), when EPSG is 0
	ell     ellipsoid
	unitM   float64 // metres per linear unit; 0 is metre
	proj    projection
	shift   unique.Handle[datumShift] // set when shifted
	labels  unique.Handle[crsLabels]  // zero when every label is empty
}

// crsLabels are the names a CRS keeps only to write them back in WKT.
type crsLabels struct {
	gcs, dtm string // ESRI GEOGCS and DATUM names, for datums outside datumDefs
	esri     string // ESRI PROJCS name of a built-in CRS
	pm       string // prime meridian name when it is not Greenwich
	unit     string // linear unit name as written in WKT; "" is metre
}

func (c *CRS) label() crsLabels {
	if c.labels == (unique.Handle[crsLabels]{}) {
		return crsLabels{}
	}
	return c.labels.Value()
}

func (c *CRS) setLabels(l crsLabels) {
	c.labels = unique.Handle[crsLabels]{}
	if l != (crsLabels{}) {
		c.labels = unique.Make(l)
	}
}

// datumShift returns c's shift to WGS 84, the zero shift if none.
func (c *CRS) datumShift() datumShift {
	if !c.shifted {
		return datumShift{}
	}
	return c.shift.Value()
}

func (c *CRS) setShift(s datumShift) {
	c.shifted, c.shift = s.active(), unique.Handle[datumShift]{}
	if c.shifted {
		c.shift = unique.Make(s)
	}
	c.setFast()
}

// setFast marks an unshifted Transverse Mercator or Web Mercator CRS for
// the short way through ToLonLat and FromLonLat. Every constructor calls
// it once kind and shift are set; a CRS without the mark still converts
// right, the long way.
func (c *CRS) setFast() {
	c.fast = kindNone
	if !c.shifted && (c.kind == kindTM || c.kind == kindWebMercator) {
		c.fast = c.kind
	}
}

// resolve fills in a CRS built as a literal with only its EPSG code
// (CRS{EPSG: 32750}), so that such values convert correctly too.
func (c CRS) resolve() CRS {
	if c.kind != kindNone || c.EPSG == 0 {
		return c
	}
	if r, ok := crsFromEPSG(c.EPSG); ok {
		return r
	}
	return c
}

// IsZero reports a CRS that was not declared.
func (c CRS) IsZero() bool { return c.EPSG == 0 && c.Name == "" && c.kind == kindNone }

// Supported reports whether ToLonLat and FromLonLat convert c's
// coordinates. It is false for a CRS that Parse or ParsePRJ returned with
// an error wrapping ErrUnsupported (it names a CRS that cannot be
// converted) and for a literal whose EPSG code is not supported. The zero
// CRS is supported: it converts nothing, and what an undeclared CRS means
// is for the caller to decide.
func (c CRS) Supported() bool {
	switch c.kind {
	case kindUnsupported:
		return false
	case kindNone:
		return c.IsZero() || c.resolve().kind != kindNone
	}
	return true
}

// IsGeographic reports a CRS whose coordinates are already WGS 84
// longitude/latitude in degrees, or taken as such: EPSG:4326/CRS84, DGN95
// 4755, SRGI2013 9470, other datums on the WGS 84 or GRS 1980 ellipsoid.
// ToLonLat and FromLonLat leave their coordinates unchanged. Longitude/
// latitude on a datum that must be shifted (Batavia, ID74, a TOWGS84) or
// from another prime meridian is not: see IsLonLat.
func (c CRS) IsGeographic() bool {
	c = c.resolve()
	return c.kind == kindGeographic && !c.shifted
}

// IsLonLat reports a geographic CRS: coordinates are longitude/latitude
// in degrees on the CRS's own datum and prime meridian, which ToLonLat
// may still have to shift to WGS 84.
func (c CRS) IsLonLat() bool { return c.resolve().kind == kindGeographic }

// String is "EPSG:nnnn", "ESRI:nnnnn" for a CRS with only an ESRI code,
// the Name when there is no code, or "" for the zero CRS.
func (c CRS) String() string {
	if c.EPSG != 0 {
		return "EPSG:" + strconv.Itoa(c.EPSG)
	}
	if c.esri != 0 {
		return "ESRI:" + strconv.Itoa(int(c.esri))
	}
	return c.Name
}

// ToLonLat converts a coordinate of c to WGS 84 longitude/latitude in
// degrees, shifting the datum when c's is not taken as WGS 84. Undeclared
// CRSs pass coordinates through; a CRS that is not Supported gives NaN.
func (c CRS) ToLonLat(x, y float64) (lon, lat float64) {
	// Transverse Mercator and Web Mercator without a datum shift take the
	// short way every projected input took before there were others.
	switch c.fast {
	case kindTM:
		if c.unitM != 0 {
			x, y = x*c.unitM, y*c.unitM
		}
		return c.proj.inverse(x, y)
	case kindWebMercator:
		if c.unitM != 0 {
			x, y = x*c.unitM, y*c.unitM
		}
		return c.proj.mercInverse(x, y)
	}
	if c.kind == kindNone {
		c = c.resolve()
	}
	return c.toLonLat(x, y)
}

// toLonLat is ToLonLat the long way, for every kind.
func (c *CRS) toLonLat(x, y float64) (lon, lat float64) {
	if c.unitM != 0 {
		x, y = x*c.unitM, y*c.unitM
	}
	switch c.kind {
	case kindGeographic:
		lon, lat = x, y
	case kindTM:
		lon, lat = c.proj.inverse(x, y)
	case kindWebMercator:
		lon, lat = c.proj.mercInverse(x, y)
	case kindMercator:
		lon, lat = c.proj.mercatorInverse(x, y)
	case kindLCC:
		lon, lat = c.proj.lccInverse(x, y)
	case kindAlbers:
		lon, lat = c.proj.albersInverse(x, y)
	case kindLAEA:
		lon, lat = c.proj.laeaInverse(x, y)
	case kindMollweide:
		lon, lat = c.proj.mollweideInverse(x, y)
	default:
		if c.IsZero() {
			return x, y
		}
		return math.NaN(), math.NaN()
	}
	if c.shifted {
		lon, lat = c.toWGS84(lon, lat)
	}
	return lon, lat
}

// FromLonLat converts WGS 84 longitude/latitude degrees to c. Mercator
// northings grow without bound towards the poles (GN 7-2 advises against
// Web Mercator poleward of 88°). Undeclared CRSs pass coordinates
// through; a CRS that is not Supported gives NaN.
func (c CRS) FromLonLat(lon, lat float64) (x, y float64) {
	switch c.fast {
	case kindTM:
		x, y = c.proj.forward(lon, lat)
	case kindWebMercator:
		x, y = c.proj.mercForward(lon, lat)
	default:
		if c.kind == kindNone {
			c = c.resolve()
		}
		return c.fromLonLat(lon, lat)
	}
	if c.unitM != 0 {
		x, y = x/c.unitM, y/c.unitM
	}
	return x, y
}

// fromLonLat is FromLonLat the long way, for every kind.
func (c *CRS) fromLonLat(lon, lat float64) (x, y float64) {
	if c.shifted {
		lon, lat = c.fromWGS84(lon, lat)
	}
	switch c.kind {
	case kindGeographic:
		return lon, lat
	case kindTM:
		x, y = c.proj.forward(lon, lat)
	case kindWebMercator:
		x, y = c.proj.mercForward(lon, lat)
	case kindMercator:
		x, y = c.proj.mercatorForward(lon, lat)
	case kindLCC:
		x, y = c.proj.lccForward(lon, lat)
	case kindAlbers:
		x, y = c.proj.albersForward(lon, lat)
	case kindLAEA:
		x, y = c.proj.laeaForward(lon, lat)
	case kindMollweide:
		x, y = c.proj.mollweideForward(lon, lat)
	default:
		if c.IsZero() {
			return lon, lat
		}
		return math.NaN(), math.NaN()
	}
	if c.unitM != 0 {
		x, y = x/c.unitM, y/c.unitM
	}
	return x, y
}

// convertible reports a CRS with maths behind it (resolved).
func (c CRS) convertible() bool { return c.kind != kindNone && c.kind != kindUnsupported }

// Equal reports whether c and o are the same CRS: the same EPSG code when
// either has one, otherwise the same kind, datum family, ellipsoid, prime
// meridian, datum shift, parameters and unit (to 1e-12 relative). CRSs
// that cannot be converted are equal when their kind, codes and names
// are.
func (c CRS) Equal(o CRS) bool {
	c, o = c.resolve(), o.resolve()
	if !c.convertible() || !o.convertible() {
		return c.kind == o.kind && c.EPSG == o.EPSG && c.esri == o.esri && c.Name == o.Name
	}
	if c.EPSG != 0 || o.EPSG != 0 {
		return c.EPSG == o.EPSG
	}
	if c.esri != 0 && c.esri == o.esri {
		return true
	}
	return c.datum == o.datum && sameMaths(c, o, 1e-12)
}

func (c CRS) metresPerUnit() float64 {
	if c.unitM == 0 {
		return 1
	}
	return c.unitM
}

// sameMaths reports whether two CRSs convert coordinates identically (to
// tol relative in the parameters), whatever their names and datum labels.
func sameMaths(a, b CRS, tol float64) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= tol*math.Max(1, math.Abs(x)) }
	pa, pb := &a.proj, &b.proj
	sa, sb := a.datumShift(), b.datumShift()
	ok := a.kind == b.kind && near(a.ell.a, b.ell.a) && near(a.ell.invF, b.ell.invF) &&
		near(a.metresPerUnit(), b.metresPerUnit()) &&
		near(pa.lon0, pb.lon0) && near(pa.lat0, pb.lat0) && near(pa.k0, pb.k0) &&
		near(pa.fe, pb.fe) && near(pa.fn, pb.fn) &&
		sa.helmert == sb.helmert && near(sa.pm, sb.pm)
	if a.kind == kindLCC || a.kind == kindAlbers {
		ok = ok && near(pa.lat1, pb.lat1) && near(pa.lat2, pb.lat2)
	}
	for i := range sa.h {
		ok = ok && near(sa.h[i], sb.h[i])
	}
	return ok
}

// WKT returns the ESRI-style WKT of c for a .prj file: GEOGCS for a
// geographic CRS, PROJCS for a projected one, "" for the zero CRS and for
// a CRS that is not Supported. A datum shifted by a TOWGS84 that is not a
// built-in datum's keeps it, inside DATUM, as GDAL writes it.
func (c CRS) WKT() string {
	c = c.resolve()
	if !c.convertible() {
		return ""
	}
	if c.kind == kindGeographic {
		var b strings.Builder
		c.writeGeogcs(&b)
		return b.String()
	}
	p := &c.proj
	u := c.metresPerUnit()
	var method string
	params := []wktParam{{"False_Easting", p.fe / u}, {"False_Northing", p.fn / u}, {"Central_Meridian", p.lon0}}
	switch c.kind {
	case kindTM:
		method = "Transverse_Mercator"
		params = append(params, wktParam{"Scale_Factor", p.k0}, wktParam{"Latitude_Of_Origin", p.lat0})
	case kindWebMercator:
		method = "Mercator_Auxiliary_Sphere"
		params = append(params, wktParam{"Standard_Parallel_1", 0}, wktParam{"Auxiliary_Sphere_Type", 0})
	case kindMercator:
		// ESRI writes Mercator by its standard parallel, also for a
		// variant A (1SP) scale factor; one above 1 has no parallel.
		method = "Mercator"
		if p.k0 > 1 {
			params = append(params, wktParam{"Scale_Factor", p.k0})
		} else {
			params = append(params, wktParam{"Standard_Parallel_1", p.lat1})
		}
	case kindLCC:
		method = "Lambert_Conformal_Conic"
		if p.lat1 != 0 || p.lat2 != 0 {
			params = append(params, wktParam{"Standard_Parallel_1", p.lat1}, wktParam{"Standard_Parallel_2", p.lat2})
		} else {
			params = append(params, wktParam{"Standard_Parallel_1", p.lat0}, wktParam{"Scale_Factor", p.k0})
		}
		params = append(params, wktParam{"Latitude_Of_Origin", p.lat0})
	case kindAlbers:
		method = "Albers"
		params = append(params, wktParam{"Standard_Parallel_1", p.lat1}, wktParam{"Standard_Parallel_2", p.lat2},
			wktParam{"Latitude_Of_Origin", p.lat0})
	case kindLAEA:
		method = "Lambert_Azimuthal_Equal_Area"
		params = append(params, wktParam{"Latitude_Of_Origin", p.lat0})
	case kindMollweide:
		method = "Mollweide"
	}
	var b strings.Builder
	b.WriteString(`PROJCS["`)
	b.WriteString(c.esriProjName())
	b.WriteString(`",`)
	c.writeGeogcs(&b)
	fmt.Fprintf(&b, `,PROJECTION["%s"]`, method)
	for _, pp := range params {
		writeParam(&b, pp.name, pp.v)
	}
	c.writeUnit(&b)
	b.WriteString("]")
	return b.String()
}

type wktParam struct {
	name string
	v    float64
}

func (c CRS) esriProjName() string {
	if c.EPSG == 3857 {
		return "WGS_1984_Web_Mercator_Auxiliary_Sphere"
	}
	if n := c.label().esri; n != "" {
		return n
	}
	if c.EPSG != 0 && c.kind == kindTM {
		// "WGS 84 / UTM zone 50S" → "WGS_1984_UTM_Zone_50S"
		prefix := datumDefs[c.datum].esriPrefix
		if i := strings.LastIndex(c.Name, "zone "); i >= 0 && prefix != "" {
			return prefix + "_UTM_Zone_" + c.Name[i+len("zone "):]
		}
	}
	// Any other name is written as read, so that it reads back the same.
	return wktSafe(c.Name)
}

func (c CRS) writeGeogcs(b *strings.Builder) {
	l, s := c.label(), c.datumShift()
	gcs, dtm := l.gcs, l.dtm
	def, builtin := datumDefs[c.datum]
	if builtin {
		gcs, dtm = def.gcs, def.datum
		if s.pm != 0 {
			gcs += "_" + strings.ReplaceAll(l.pm, " ", "_")
		}
	}
	if gcs == "" {
		gcs = "GCS_" + strings.ReplaceAll(c.Name, " ", "_")
	}
	if dtm == "" {
		dtm = "D_" + strings.TrimPrefix(gcs, "GCS_")
	}
	ell := c.ell
	if ell.name == "" {
		ell.name = "Unnamed"
	}
	fmt.Fprintf(b, `GEOGCS["%s",DATUM["%s",SPHEROID["%s",%s,%s]`,
		wktSafe(gcs), wktSafe(dtm), wktSafe(ell.name), wktNum(ell.a), wktNum(ell.invF))
	if s.helmert && !(builtin && def.helmert && def.h == s.h) {
		b.WriteString(",TOWGS84[")
		for i, v := range s.h {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(wktNum(v))
		}
		b.WriteByte(']')
	}
	pmName := "Greenwich"
	if s.pm != 0 {
		pmName = l.pm
		if pmName == "" {
			pmName = "Unnamed"
		}
	}
	fmt.Fprintf(b, `],PRIMEM["%s",%s],UNIT["Degree",0.0174532925199433]]`, wktSafe(pmName), wktNum(s.pm))
}

func (c CRS) writeUnit(b *strings.Builder) {
	if c.unitM == 0 || c.unitM == 1 {
		b.WriteString(`,UNIT["Meter",1.0]`)
		return
	}
	name := c.label().unit
	if name == "" {
		name = "Unit"
	}
	fmt.Fprintf(b, `,UNIT["%s",%s]`, wktSafe(name), wktNum(c.unitM))
}

func writeParam(b *strings.Builder, name string, v float64) {
	fmt.Fprintf(b, `,PARAMETER["%s",%s]`, name, wktNum(v))
}

// wktNum writes a number the way ESRI .prj files do: shortest exact
// decimal, always with a decimal point.
func wktNum(v float64) string {
	if v == 0 {
		return "0.0"
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

// wktSafe keeps a name from breaking the quoting of WKT.
func wktSafe(s string) string { return strings.ReplaceAll(s, `"`, "'") }

// supportedCRSHint lists what the package accepts, for error messages.
const supportedCRSHint = "supported are EPSG:4326/CRS84, WGS 84 / UTM (EPSG:32601–32660, 32701–32760), " +
	"DGN95 (4755, 23866–23872, 23877–23884), SRGI2013 (9470, 9476–9482, 9487–9494), " +
	"Batavia (4211, 4813, 21148–21150, 3001, 5330), ID74 (4238, 23846–23852, 23887–23894), " +
	"Web Mercator (3857), World Mercator (3395), LCC and LAEA Europe (3034, 3035), " +
	"World Mollweide (ESRI:54009), Asia South Albers and LCC (ESRI:102028, 102030), " +
	"or a .prj/WKT with Transverse Mercator, Mercator, Lambert Conformal Conic, Albers, " +
	"Lambert Azimuthal Equal Area or Mollweide on WGS 84 or a datum with TOWGS84"

var (
	utmNameRe = regexp.MustCompile(`utm_?(?:zone_?)?([0-9]{1,2})_?([ns])(?:_|$)`)
	digitsRe  = regexp.MustCompile(`^[0-9]{1,9}$`)
)

// Parse reads a CRS named by a user (--s-crs, --t-crs) or by a GeoJSON
// "crs" member. Accepted: "EPSG:4326", "epsg:32750", "4326", "CRS84",
// "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84",
// "urn:ogc:def:crs:EPSG::32750", "http://www.opengis.net/def/crs/EPSG/0/4326",
// "ESRI:102100", "ESRI:54009", "UTM50S", and WKT text (see ParsePRJ).
//
// An unknown code or name gives an error wrapping ErrUnsupported together
// with a CRS that names it (EPSG set for an EPSG code, the text as Name
// otherwise) and whose Supported is false. Empty text or a code that is
// not a number gives the zero CRS with the error.
func Parse(s string) (CRS, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return CRS{}, fmt.Errorf("%w: empty name: %s", ErrUnsupported, supportedCRSHint)
	}
	if looksLikeWKT(t) {
		return ParsePRJ(t)
	}
	u := strings.ToLower(t)
	auth, code := "", ""
	switch {
	case u == "crs84" || u == "crs:84" || u == "wgs84" || u == "wgs 84":
		return WGS84, nil
	case strings.HasPrefix(u, "urn:ogc:def:crs:") || strings.HasPrefix(u, "urn:x-ogc:def:crs:"):
		// urn:ogc:def:crs:{authority}:{version}:{code}; version may be empty
		parts := strings.Split(u[strings.Index(u, "crs:")+4:], ":")
		auth, code = parts[0], parts[len(parts)-1]
	case strings.HasPrefix(u, "http://www.opengis.net/def/crs/") || strings.HasPrefix(u, "https://www.opengis.net/def/crs/"):
		// .../def/crs/{authority}/{version}/{code}
		parts := strings.Split(strings.TrimSuffix(u[strings.Index(u, "/crs/")+5:], "/"), "/")
		auth, code = parts[0], parts[len(parts)-1]
	case strings.HasPrefix(u, "http://www.opengis.net/gml/srs/epsg.xml#"):
		auth, code = "epsg", u[strings.Index(u, "#")+1:]
	case digitsRe.MatchString(u):
		auth, code = "epsg", u
	case strings.Contains(u, ":"):
		i := strings.Index(u, ":")
		auth, code = strings.TrimSpace(u[:i]), strings.TrimSpace(u[i+1:])
	default:
		if c, ok := utmFromName(u); ok {
			return c, nil
		}
		return CRS{Name: t, kind: kindUnsupported},
			fmt.Errorf("%w %q: not a CRS code or name: %s", ErrUnsupported, s, supportedCRSHint)
	}
	unknown := CRS{Name: t, kind: kindUnsupported}
	switch auth {
	case "ogc", "crs":
		if code == "crs84" || code == "84" {
			return WGS84, nil
		}
	case "epsg", "esri":
		if !digitsRe.MatchString(code) {
			unknown = CRS{}
			break
		}
		n, _ := strconv.Atoi(code)
		if auth == "esri" {
			if c, ok := crsFromESRI(n); ok {
				return c, nil
			}
			unknown = CRS{esri: int32(n), kind: kindUnsupported}
		} else {
			if c, ok := crsFromEPSG(n); ok {
				return c, nil
			}
			unknown = CRS{EPSG: n, kind: kindUnsupported}
		}
		if n == 0 {
			unknown = CRS{}
		}
	}
	return unknown, fmt.Errorf("%w %q: %s", ErrUnsupported, s, supportedCRSHint)
}

// utmFromName recognises UTM names such as "WGS_1984_UTM_Zone_50S",
// "WGS 84 / UTM zone 50S", "DGN_1995_UTM_Zone_50S", "Batavia / UTM zone
// 48S", "Indonesian_1974_UTM_Zone_50S" or "utm50s". A name
// that names another datum (e.g. "NAD83 / UTM zone 10N") is not matched.
func utmFromName(name string) (CRS, bool) {
	k := normName(name)
	m := utmNameRe.FindStringSubmatchIndex(k)
	if m == nil {
		return CRS{}, false
	}
	zone, _ := strconv.Atoi(k[m[2]:m[3]])
	south := k[m[4]:m[5]] == "s"
	prefix := strings.ReplaceAll(k[:m[0]], "_", "")
	d := datumNone
	switch {
	case prefix == "":
		d = datumWGS84
	case strings.HasPrefix(prefix, "wgs84") || strings.HasPrefix(prefix, "wgs1984"):
		d = datumWGS84
	case strings.HasPrefix(prefix, "dgn95") || strings.HasPrefix(prefix, "dgn1995") || strings.HasPrefix(prefix, "igd95"):
		d = datumDGN95
	case strings.HasPrefix(prefix, "srgi2013") || strings.HasPrefix(prefix, "srgi"):
		d = datumSRGI2013
	case strings.HasPrefix(prefix, "batavia") && !strings.Contains(prefix, "jakarta"):
		d = datumBatavia
	case strings.HasPrefix(prefix, "id74") || strings.HasPrefix(prefix, "indonesian1974"):
		d = datumID74
	}
	c := utmCRS(d, zone, south)
	return c, !c.IsZero()
}

// normName lower-cases a name and turns every run of other characters
// than letters and digits into one underscore: "WGS 84 / UTM zone 50S"
// and "WGS_84_UTM_Zone_50S" both become "wgs_84_utm_zone_50s".
func normName(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if sep && b.Len() > 0 {
				b.WriteByte('_')
			}
			sep = false
			b.WriteRune(r)
			continue
		}
		sep = true
	}
	return b.String()
}

// squash lower-cases a name and keeps only letters and digits.
func squash(s string) string { return strings.ReplaceAll(normName(s), "_", "") }
