package crs

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
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
)

type datumKind uint8

const (
	datumNone datumKind = iota
	datumWGS84
	datumDGN95
	datumSRGI2013
	datumWGS84Like // another datum on a WGS 84/GRS 1980 ellipsoid, taken as WGS 84
)

// datumInfo carries the ESRI spellings a .prj needs for each datum family.
var datumInfo = map[datumKind]struct{ gcs, datum string }{
	datumWGS84:    {"GCS_WGS_1984", "D_WGS_1984"},
	datumDGN95:    {"GCS_DGN_1995", "D_Datum_Geodesi_Nasional_1995"},
	datumSRGI2013: {"GCS_SRGI_2013", "D_Sistem_Referensi_Geospasial_Indonesia_2013"},
}

// CRS is a coordinate reference system the readers understand. The zero
// value means "not declared"; what that implies is decided per format.
// EPSG is 0 for a CRS recognised only by its parameters; Name is then the
// name the source gave it. A CRS is comparable with ==, but Equal is the
// right test.
type CRS struct {
	EPSG int
	Name string

	kind     crsKind
	datum    datumKind
	ell      ellipsoid
	gcsName  string  // ESRI GEOGCS name, for datums outside datumInfo
	dtmName  string  // ESRI DATUM name, likewise
	unitName string  // linear unit name as written in WKT; "" is metre
	unitM    float64 // metres per linear unit; 0 is metre
	proj     tmProjection
}

// WGS84 is EPSG:4326, longitude/latitude in degrees, longitude first.
var WGS84 = CRS{EPSG: 4326, Name: "WGS 84", kind: kindGeographic, datum: datumWGS84, ell: ellWGS84}

// WebMercator is EPSG:3857, WGS 84 / Pseudo-Mercator.
var WebMercator = CRS{EPSG: 3857, Name: "WGS 84 / Pseudo-Mercator", kind: kindWebMercator,
	datum: datumWGS84, ell: ellWGS84, proj: tmProjection{a: ellWGS84.a, k0: 1}}

// Geographic CRSs of the Indonesian datums.
var (
	dgn95Geographic    = CRS{EPSG: 4755, Name: "DGN95", kind: kindGeographic, datum: datumDGN95, ell: ellWGS84}
	srgi2013Geographic = CRS{EPSG: 9470, Name: "SRGI2013", kind: kindGeographic, datum: datumSRGI2013, ell: ellWGS84}
)

// UTM returns WGS 84 / UTM zone (1–60), north or south: EPSG:326zz or
// 327zz. An out-of-range zone gives the zero CRS.
func UTM(zone int, south bool) CRS {
	return utmCRS(datumWGS84, zone, south)
}

// UTMFor returns the WGS 84 UTM CRS whose zone holds lon/lat. The
// Norway and Svalbard exceptions are not applied.
func UTMFor(lon, lat float64) CRS {
	zone := int(math.Floor((normLon(lon)+180)/6)) + 1
	zone = min(max(zone, 1), 60)
	return UTM(zone, lat < 0)
}

// utmCodes gives the EPSG code ranges of the UTM CRSs per datum family:
// first code, first zone and last zone, for north and south.
//
//   - WGS 84: 32601–32660 (1N–60N), 32701–32760 (1S–60S).
//   - DGN95: 23866–23872 (46N–52N), 23877–23884 (47S–54S); e.g. 23880 is
//     "DGN95 / UTM zone 50S".
//   - SRGI2013: 9476–9482 (46N–52N), 9487–9494 (47S–54S); 9480 (50N),
//     9481 (51N), 9489 (49S) and 9494 (54S) were checked one by one, the
//     rest follow the registry's contiguous numbering. Zones outside these
//     ranges are still read, by parameters, as generic Transverse Mercator.
var utmCodes = map[datumKind][2]struct{ first, zoneLo, zoneHi int }{
	datumWGS84:    {{32601, 1, 60}, {32701, 1, 60}},
	datumDGN95:    {{23866, 46, 52}, {23877, 47, 54}},
	datumSRGI2013: {{9476, 46, 52}, {9487, 47, 54}},
}

var datumLabel = map[datumKind]string{
	datumWGS84:    "WGS 84",
	datumDGN95:    "DGN95",
	datumSRGI2013: "SRGI2013",
}

func utmCode(d datumKind, zone int, south bool) int {
	r, ok := utmCodes[d]
	if !ok {
		return 0
	}
	h := r[0]
	if south {
		h = r[1]
	}
	if zone < h.zoneLo || zone > h.zoneHi {
		return 0
	}
	return h.first + zone - h.zoneLo
}

func utmCRS(d datumKind, zone int, south bool) CRS {
	code := utmCode(d, zone, south)
	if code == 0 {
		return CRS{}
	}
	hemi, fn := "N", 0.0
	if south {
		hemi, fn = "S", 10000000
	}
	return CRS{
		EPSG:  code,
		Name:  fmt.Sprintf("%s / UTM zone %d%s", datumLabel[d], zone, hemi),
		kind:  kindTM,
		datum: d,
		ell:   ellWGS84,
		proj:  newTMProjection(ellWGS84, float64(6*zone-183), 0, 0.9996, 500000, fn),
	}
}

// crsFromEPSG returns the CRS for a supported EPSG code (and the ESRI and
// legacy aliases of Web Mercator).
func crsFromEPSG(code int) (CRS, bool) {
	switch code {
	case 4326:
		return WGS84, true
	case 4755:
		return dgn95Geographic, true
	case 9470:
		return srgi2013Geographic, true
	case 3857, 900913, 3785, 102100, 102113:
		return WebMercator, true
	}
	for _, d := range []datumKind{datumWGS84, datumDGN95, datumSRGI2013} {
		r := utmCodes[d]
		for i, h := range r {
			if zone := code - h.first + h.zoneLo; zone >= h.zoneLo && zone <= h.zoneHi {
				return utmCRS(d, zone, i == 1), true
			}
		}
	}
	return CRS{}, false
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

// IsGeographic reports longitude/latitude coordinates in degrees
// (EPSG:4326/CRS84, DGN95 4755, SRGI2013 9470 …).
func (c CRS) IsGeographic() bool { return c.resolve().kind == kindGeographic }

// String is "EPSG:nnnn", the Name when there is no code, or "" for the
// zero CRS.
func (c CRS) String() string {
	if c.EPSG != 0 {
		return "EPSG:" + strconv.Itoa(c.EPSG)
	}
	return c.Name
}

// ToLonLat converts a coordinate of c to WGS 84 longitude/latitude in
// degrees. Geographic and undeclared CRSs pass coordinates through.
func (c CRS) ToLonLat(x, y float64) (lon, lat float64) {
	if c.kind == kindNone {
		c = c.resolve()
	}
	switch c.kind {
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
	return x, y
}

// FromLonLat converts WGS 84 longitude/latitude degrees to c. Web
// Mercator northings grow without bound towards the poles (GN 7-2 advises
// against it poleward of 88°).
func (c CRS) FromLonLat(lon, lat float64) (x, y float64) {
	if c.kind == kindNone {
		c = c.resolve()
	}
	switch c.kind {
	case kindTM:
		x, y = c.proj.forward(lon, lat)
	case kindWebMercator:
		x, y = c.proj.mercForward(lon, lat)
	default:
		return lon, lat
	}
	if c.unitM != 0 {
		x, y = x/c.unitM, y/c.unitM
	}
	return x, y
}

// Equal reports whether c and o are the same CRS: the same EPSG code when
// either has one, otherwise the same kind, datum family, ellipsoid,
// parameters and unit.
func (c CRS) Equal(o CRS) bool {
	c, o = c.resolve(), o.resolve()
	if c.EPSG != 0 || o.EPSG != 0 {
		return c.EPSG == o.EPSG
	}
	if c.kind == kindNone || o.kind == kindNone {
		return c.kind == o.kind && c.Name == o.Name
	}
	return c.kind == o.kind && c.datum == o.datum &&
		c.ell.a == o.ell.a && c.ell.invF == o.ell.invF &&
		c.metresPerUnit() == o.metresPerUnit() &&
		c.proj.lon0 == o.proj.lon0 && c.proj.lat0 == o.proj.lat0 &&
		c.proj.k0 == o.proj.k0 && c.proj.fe == o.proj.fe && c.proj.fn == o.proj.fn
}

func (c CRS) metresPerUnit() float64 {
	if c.unitM == 0 {
		return 1
	}
	return c.unitM
}

// WKT returns the ESRI-style WKT of c for a .prj file: GEOGCS for a
// geographic CRS, PROJCS for a projected one, "" for the zero CRS.
func (c CRS) WKT() string {
	c = c.resolve()
	if c.kind == kindNone {
		return ""
	}
	var b strings.Builder
	switch c.kind {
	case kindGeographic:
		c.writeGeogcs(&b)
	case kindTM:
		b.WriteString(`PROJCS["`)
		b.WriteString(c.esriProjName())
		b.WriteString(`",`)
		c.writeGeogcs(&b)
		b.WriteString(`,PROJECTION["Transverse_Mercator"]`)
		u := c.metresPerUnit()
		writeParam(&b, "False_Easting", c.proj.fe/u)
		writeParam(&b, "False_Northing", c.proj.fn/u)
		writeParam(&b, "Central_Meridian", c.proj.lon0)
		writeParam(&b, "Scale_Factor", c.proj.k0)
		writeParam(&b, "Latitude_Of_Origin", c.proj.lat0)
		c.writeUnit(&b)
		b.WriteString("]")
	case kindWebMercator:
		b.WriteString(`PROJCS["`)
		b.WriteString(c.esriProjName())
		b.WriteString(`",`)
		c.writeGeogcs(&b)
		b.WriteString(`,PROJECTION["Mercator_Auxiliary_Sphere"]`)
		u := c.metresPerUnit()
		writeParam(&b, "False_Easting", c.proj.fe/u)
		writeParam(&b, "False_Northing", c.proj.fn/u)
		writeParam(&b, "Central_Meridian", c.proj.lon0)
		writeParam(&b, "Standard_Parallel_1", 0)
		writeParam(&b, "Auxiliary_Sphere_Type", 0)
		c.writeUnit(&b)
		b.WriteString("]")
	}
	return b.String()
}

func (c CRS) esriProjName() string {
	if c.EPSG == 3857 {
		return "WGS_1984_Web_Mercator_Auxiliary_Sphere"
	}
	if c.EPSG != 0 && c.kind == kindTM {
		// "WGS 84 / UTM zone 50S" → "WGS_1984_UTM_Zone_50S"
		prefix := map[datumKind]string{datumWGS84: "WGS_1984", datumDGN95: "DGN_1995", datumSRGI2013: "SRGI_2013"}[c.datum]
		if i := strings.LastIndex(c.Name, "zone "); i >= 0 && prefix != "" {
			return prefix + "_UTM_Zone_" + c.Name[i+len("zone "):]
		}
	}
	return wktSafe(strings.ReplaceAll(c.Name, " ", "_"))
}

func (c CRS) writeGeogcs(b *strings.Builder) {
	gcs, dtm := c.gcsName, c.dtmName
	if di, ok := datumInfo[c.datum]; ok {
		gcs, dtm = di.gcs, di.datum
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
	fmt.Fprintf(b, `GEOGCS["%s",DATUM["%s",SPHEROID["%s",%s,%s]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`,
		wktSafe(gcs), wktSafe(dtm), wktSafe(ell.name), wktNum(ell.a), wktNum(ell.invF))
}

func (c CRS) writeUnit(b *strings.Builder) {
	if c.unitM == 0 || c.unitM == 1 {
		b.WriteString(`,UNIT["Meter",1.0]`)
		return
	}
	name := c.unitName
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
	"Web Mercator (3857), or a .prj/WKT with Transverse Mercator on WGS 84"

var (
	utmNameRe = regexp.MustCompile(`utm_?(?:zone_?)?([0-9]{1,2})_?([ns])(?:_|$)`)
	digitsRe  = regexp.MustCompile(`^[0-9]{1,9}$`)
)

// Parse reads a CRS named by a user (--s-crs, --t-crs) or by a GeoJSON
// "crs" member. Accepted: "EPSG:4326", "epsg:32750", "4326", "CRS84",
// "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84",
// "urn:ogc:def:crs:EPSG::32750", "http://www.opengis.net/def/crs/EPSG/0/4326",
// "ESRI:102100", "UTM50S", and WKT text (see ParsePRJ).
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
		return CRS{}, fmt.Errorf("%w %q: not a CRS code or name: %s", ErrUnsupported, s, supportedCRSHint)
	}
	switch auth {
	case "ogc", "crs":
		if code == "crs84" || code == "84" {
			return WGS84, nil
		}
	case "epsg", "esri":
		if digitsRe.MatchString(code) {
			n, _ := strconv.Atoi(code)
			if c, ok := crsFromEPSG(n); ok {
				return c, nil
			}
		}
	}
	return CRS{}, fmt.Errorf("%w %q: %s", ErrUnsupported, s, supportedCRSHint)
}

// utmFromName recognises UTM names such as "WGS_1984_UTM_Zone_50S",
// "WGS 84 / UTM zone 50S", "DGN_1995_UTM_Zone_50S" or "utm50s". A name
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
