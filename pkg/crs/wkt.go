package crs

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// WKT reading for .prj files and WKT given on the command line.
//
// Grammar: OGC 01-009 "Coordinate Transformation Services" §7 (WKT1, the
// PROJCS/GEOGCS/DATUM/SPHEROID/PRIMEM/PROJECTION/PARAMETER/UNIT/AUTHORITY
// form that ESRI .prj files also use, with ESRI's own names) and
// OGC 18-010r7 "Well-known text representation of coordinate reference
// systems" (WKT2: PROJCRS, BASEGEOGCRS, CONVERSION, METHOD, ID,
// LENGTHUNIT/ANGLEUNIT, BOUNDCRS, COMPOUNDCRS). Both bracket styles,
// [] and (), are accepted.
//
// A CRS is built from its parameters, which are authoritative; an
// AUTHORITY/ID code then only names it, and one that contradicts the
// parameters is an error. Without parameters the code, and failing that
// the name, decides.

// ErrBadWKT is wrapped by errors about WKT that cannot be tokenised.
var ErrBadWKT = errors.New("geoio: bad WKT")

const wktMaxDepth = 32

type wktNode struct {
	key  string // upper case
	args []wktArg
}

type wktArg struct {
	node   *wktNode
	str    string // quoted text, or the bare word / number as written
	num    float64
	isNum  bool
	quoted bool
}

type wktParser struct {
	s   string
	pos int
}

func (p *wktParser) errorf(format string, a ...any) error {
	return fmt.Errorf("%w at byte %d: %s", ErrBadWKT, p.pos, fmt.Sprintf(format, a...))
}

func (p *wktParser) skipSpace() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\r', '\n', '\f', '\v':
			p.pos++
		default:
			return
		}
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c == '-' || c == '+' ||
		(c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
}

func (p *wktParser) word() string {
	start := p.pos
	for p.pos < len(p.s) && isWordByte(p.s[p.pos]) {
		p.pos++
	}
	return p.s[start:p.pos]
}

// node parses KEYWORD[arg, ...]; the keyword has been read.
func (p *wktParser) node(key string, depth int) (*wktNode, error) {
	if depth > wktMaxDepth {
		return nil, p.errorf("nested deeper than %d", wktMaxDepth)
	}
	open := p.s[p.pos]
	closer := byte(']')
	if open == '(' {
		closer = ')'
	}
	p.pos++
	n := &wktNode{key: strings.ToUpper(key)}
	p.skipSpace()
	if p.pos < len(p.s) && p.s[p.pos] == closer {
		p.pos++
		return n, nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.s) {
			return nil, p.errorf("unexpected end in %s", n.key)
		}
		var a wktArg
		switch c := p.s[p.pos]; {
		case c == '"':
			str, err := p.quoted()
			if err != nil {
				return nil, err
			}
			a = wktArg{str: str, quoted: true}
		case isWordByte(c):
			w := p.word()
			p.skipSpace()
			if p.pos < len(p.s) && (p.s[p.pos] == '[' || p.s[p.pos] == '(') {
				child, err := p.node(w, depth+1)
				if err != nil {
					return nil, err
				}
				a = wktArg{node: child}
			} else if v, err := strconv.ParseFloat(w, 64); err == nil {
				a = wktArg{str: w, num: v, isNum: true}
			} else {
				a = wktArg{str: w}
			}
		default:
			return nil, p.errorf("unexpected %q in %s", c, n.key)
		}
		n.args = append(n.args, a)
		p.skipSpace()
		if p.pos >= len(p.s) {
			return nil, p.errorf("unexpected end in %s", n.key)
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ']', ')':
			// Either closer is accepted: mismatched brackets are a
			// common hand-editing slip and carry no meaning.
			p.pos++
			return n, nil
		default:
			return nil, p.errorf("expected ',' or %q in %s, found %q", closer, n.key, p.s[p.pos])
		}
	}
}

// quoted reads a "..." string; "" inside stands for one quote (WKT2).
func (p *wktParser) quoted() (string, error) {
	p.pos++
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		p.pos++
		if c != '"' {
			b.WriteByte(c)
			continue
		}
		if p.pos < len(p.s) && p.s[p.pos] == '"' {
			b.WriteByte('"')
			p.pos++
			continue
		}
		return b.String(), nil
	}
	return "", p.errorf("unterminated string")
}

// parseWKT parses one WKT object. Trailing white space and NUL bytes,
// which some writers pad .prj files with, are ignored.
func parseWKT(s string) (*wktNode, error) {
	s = strings.TrimPrefix(s, "\ufeff")
	p := &wktParser{s: s}
	p.skipSpace()
	if p.pos >= len(p.s) {
		return nil, p.errorf("empty")
	}
	key := p.word()
	p.skipSpace()
	if key == "" || p.pos >= len(p.s) || (p.s[p.pos] != '[' && p.s[p.pos] != '(') {
		return nil, p.errorf("expected KEYWORD[")
	}
	n, err := p.node(key, 0)
	if err != nil {
		return nil, err
	}
	rest := strings.TrimRight(p.s[p.pos:], " \t\r\n\x00")
	if rest != "" {
		return nil, p.errorf("unexpected text after the CRS")
	}
	return n, nil
}

func looksLikeWKT(s string) bool {
	i := strings.IndexAny(s, "[(")
	if i <= 0 {
		return false
	}
	switch strings.ToUpper(strings.TrimSpace(s[:i])) {
	case "PROJCS", "GEOGCS", "GEOCCS", "COMPD_CS", "PROJCRS", "GEOGCRS", "GEODCRS", "BOUNDCRS",
		"COMPOUNDCRS", "PROJECTEDCRS", "GEOGRAPHICCRS", "GEODETICCRS", "LOCAL_CS", "VERT_CS":
		return true
	}
	return false
}

// name is the first argument when it is a string.
func (n *wktNode) name() string {
	if n == nil || len(n.args) == 0 {
		return ""
	}
	if a := n.args[0]; a.node == nil && !a.isNum {
		return a.str
	}
	return ""
}

// num returns the i-th argument as a number.
func (n *wktNode) num(i int) (float64, bool) {
	if n == nil || i >= len(n.args) {
		return 0, false
	}
	a := n.args[i]
	if a.isNum {
		return a.num, true
	}
	if a.quoted { // AUTHORITY["EPSG","4326"] quotes its code
		v, err := strconv.ParseFloat(strings.TrimSpace(a.str), 64)
		return v, err == nil
	}
	return 0, false
}

// child returns the first child node with one of the keys.
func (n *wktNode) child(keys ...string) *wktNode {
	if n == nil {
		return nil
	}
	for _, a := range n.args {
		if a.node == nil {
			continue
		}
		for _, k := range keys {
			if a.node.key == k {
				return a.node
			}
		}
	}
	return nil
}

func (n *wktNode) children(key string) []*wktNode {
	if n == nil {
		return nil
	}
	var out []*wktNode
	for _, a := range n.args {
		if a.node != nil && a.node.key == key {
			out = append(out, a.node)
		}
	}
	return out
}

// code returns the AUTHORITY (WKT1) or ID (WKT2) of n: authority in upper
// case and the numeric code, 0 when absent or not a number.
func (n *wktNode) code() (string, int) {
	a := n.child("AUTHORITY", "ID")
	if a == nil {
		return "", 0
	}
	v, ok := a.num(1)
	if !ok || v != math.Trunc(v) || v <= 0 || v > 1e9 {
		return strings.ToUpper(a.name()), 0
	}
	return strings.ToUpper(a.name()), int(v)
}

// unitFactor reads UNIT/LENGTHUNIT/ANGLEUNIT[name, factor].
func unitFactor(u *wktNode) (string, float64, bool) {
	if u == nil {
		return "", 0, false
	}
	f, ok := u.num(1)
	if !ok || !(f > 0) || math.IsInf(f, 0) {
		return u.name(), 0, false
	}
	return u.name(), f, true
}

func unsupported(name, why string) error {
	return fmt.Errorf("%w %q: %s: reproject to EPSG:4326 or UTM, or pass --s-crs", ErrUnsupported, name, why)
}

// ParsePRJ reads the WKT of a .prj file or a CRS definition: ESRI WKT,
// OGC WKT1, and WKT2 (PROJCRS/GEOGCRS with ID["EPSG",n], BOUNDCRS and
// COMPOUNDCRS reduced to their horizontal part). An unsupported CRS gives
// an error wrapping ErrUnsupported that names what was found.
func ParsePRJ(wkt string) (CRS, error) {
	root, err := parseWKT(wkt)
	if err != nil {
		return CRS{}, err
	}
	n, shift := horizontal(root, 0)
	if n == nil {
		return CRS{}, unsupported(root.name(), "no horizontal CRS in "+root.key)
	}
	if shift {
		return CRS{}, unsupported(n.name(), "its datum needs a non-zero shift to WGS 84")
	}
	switch n.key {
	case "GEOGCS", "GEOGCRS", "GEOGRAPHICCRS", "GEODCRS", "GEODETICCRS":
		return geographicCRS(n)
	case "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return projectedCRS(n)
	}
	return CRS{}, unsupported(n.name(), "a "+n.key+" is not a map or lon/lat CRS")
}

// horizontal finds the horizontal CRS inside compound and bound CRSs, and
// reports whether a bound CRS carries a non-zero transformation.
func horizontal(n *wktNode, depth int) (*wktNode, bool) {
	if n == nil || depth > 4 {
		return nil, false
	}
	switch n.key {
	case "COMPD_CS", "COMPOUNDCRS":
		for _, a := range n.args {
			if a.node == nil {
				continue
			}
			if h, shift := horizontal(a.node, depth+1); h != nil {
				return h, shift
			}
		}
		return nil, false
	case "BOUNDCRS":
		src := n.child("SOURCECRS")
		if src == nil {
			return nil, false
		}
		for _, a := range src.args {
			if a.node != nil {
				h, shift := horizontal(a.node, depth+1)
				return h, shift || nonZeroParams(n.child("ABRIDGEDTRANSFORMATION"))
			}
		}
		return nil, false
	case "GEOGCS", "GEOGCRS", "GEOGRAPHICCRS", "GEODCRS", "GEODETICCRS", "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return n, false
	}
	return nil, false
}

func nonZeroParams(t *wktNode) bool {
	for _, p := range t.children("PARAMETER") {
		name := squash(p.name())
		v, ok := p.num(1)
		if !ok {
			continue
		}
		if strings.Contains(name, "scale") && !strings.Contains(name, "difference") {
			v-- // a scale factor rather than a difference
		}
		if math.Abs(v) > 1e-9 {
			return true
		}
	}
	return false
}

// geoInfo is what a GEOGCS/BASEGEOGCRS says.
type geoInfo struct {
	name    string
	dtmName string
	datum   datumKind
	ell     ellipsoid
	code    int // EPSG code of the geographic CRS, 0 if none
}

// readGeog reads a geographic CRS node and decides whether its datum can
// be taken as WGS 84.
func readGeog(n *wktNode) (geoInfo, error) {
	g := geoInfo{name: n.name()}
	if auth, code := n.code(); auth == "EPSG" {
		g.code = code
	}
	if cs := n.child("CS"); cs != nil && len(cs.args) > 0 && strings.EqualFold(cs.args[0].str, "cartesian") {
		return g, unsupported(g.name, "geocentric (x, y, z) coordinates")
	}
	dn := n.child("DATUM", "TRF", "GEODETICDATUM", "ENSEMBLE")
	if pm := n.child("PRIMEM", "PRIMEMERIDIAN"); pm != nil {
		if v, ok := pm.num(1); ok && math.Abs(v) > 1e-9 {
			return g, unsupported(g.name, fmt.Sprintf("prime meridian %q at %v from Greenwich", pm.name(), v))
		}
	}
	if err := checkAngleUnit(n, g.name); err != nil {
		return g, err
	}
	if dn == nil {
		// No datum: only the name (or code) can tell.
		if c, ok := crsFromEPSG(g.code); ok && c.kind == kindGeographic {
			g.datum, g.ell = c.datum, c.ell
			return g, nil
		}
		g.datum = datumFromName(squash(g.name))
		if g.datum == datumNone {
			return g, unsupported(g.name, "no DATUM")
		}
		g.ell = ellWGS84
		return g, nil
	}
	g.dtmName = dn.name()
	sp := dn.child("SPHEROID", "ELLIPSOID")
	if sp == nil {
		return g, unsupported(g.name, fmt.Sprintf("datum %q has no SPHEROID", g.dtmName))
	}
	a, okA := sp.num(1)
	rf, okF := sp.num(2)
	if _, f, ok := unitFactor(sp.child("LENGTHUNIT", "UNIT")); ok {
		a *= f
	}
	if !okA || !okF || !(a > 1e6 && a < 1e8) || !(rf == 0 || (rf > 1 && rf < 1e9)) {
		return g, unsupported(g.name, fmt.Sprintf("spheroid %q has unusable axes", sp.name()))
	}
	g.ell = ellipsoid{name: sp.name(), a: a, invF: rf}
	_, dcode := dn.code()
	sphere := rf == 0 && math.Abs(a-ellWGS84.a) < 1e-3 // ESRI's WGS 84 auxiliary sphere
	g.datum = datumFromName(squash(g.dtmName))
	switch {
	case g.code == 4326 || dcode == 6326:
		g.datum = datumWGS84
	case g.code == 4755 || dcode == 6755:
		g.datum = datumDGN95
	case g.code == 9470 || dcode == 1293:
		g.datum = datumSRGI2013
	}
	tw := dn.child("TOWGS84")
	if tw == nil {
		tw = n.child("TOWGS84")
	}
	if tw != nil {
		for i := range tw.args {
			if v, ok := tw.num(i); ok && math.Abs(v) > 1e-9 {
				return g, unsupported(g.name, fmt.Sprintf("datum %q needs a shift to WGS 84 (TOWGS84 %v)", g.dtmName, towgsText(tw)))
			}
		}
	}
	if !g.ell.wgs84Like() && !sphere {
		return g, unsupported(g.name, fmt.Sprintf("datum %q on ellipsoid %q (a=%v, 1/f=%v) differs from WGS 84 by tens to hundreds of metres",
			g.dtmName, sp.name(), a, rf))
	}
	if g.datum == datumNone {
		g.datum = datumWGS84Like
	}
	return g, nil
}

func towgsText(tw *wktNode) string {
	parts := make([]string, 0, len(tw.args))
	for _, a := range tw.args {
		parts = append(parts, a.str)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// datumFromName recognises the datum families by squashed name
// (e.g. "dwgs1984", "worldgeodeticsystem1984ensemble",
// "ddatumgeodesinasional1995", "sistemreferensigeospasialindonesia2013").
func datumFromName(k string) datumKind {
	switch {
	case strings.Contains(k, "wgs1984") || strings.Contains(k, "wgs84") || strings.Contains(k, "worldgeodeticsystem1984"):
		return datumWGS84
	case strings.Contains(k, "dgn95") || strings.Contains(k, "dgn1995") || strings.Contains(k, "igd95") ||
		strings.Contains(k, "datumgeodesinasional1995"):
		return datumDGN95
	case strings.Contains(k, "srgi") || strings.Contains(k, "sistemreferensigeospasialindonesia"):
		return datumSRGI2013
	}
	return datumNone
}

// checkAngleUnit refuses angular units other than the degree, the unit
// every supported system and every parameter below is taken in.
func checkAngleUnit(n *wktNode, crsName string) error {
	u := n.child("UNIT", "ANGLEUNIT")
	if u == nil {
		if cs := n.child("CS"); cs != nil || n.child("AXIS") != nil {
			for _, ax := range n.children("AXIS") {
				if u = ax.child("ANGLEUNIT", "UNIT"); u != nil {
					break
				}
			}
		}
	}
	if u == nil {
		return nil
	}
	name, f, ok := unitFactor(u)
	if !ok || math.Abs(f/degToRad-1) > 1e-9 {
		return unsupported(crsName, fmt.Sprintf("angular unit %q", name))
	}
	return nil
}

func geographicCRS(n *wktNode) (CRS, error) {
	g, err := readGeog(n)
	if err != nil {
		return CRS{}, err
	}
	var c CRS
	switch g.datum {
	case datumWGS84:
		c = WGS84
	case datumDGN95:
		c = dgn95Geographic
	case datumSRGI2013:
		c = srgi2013Geographic
	default:
		c = CRS{Name: g.name, kind: kindGeographic, datum: datumWGS84Like, ell: g.ell,
			gcsName: g.name, dtmName: g.dtmName}
	}
	if c2, ok := crsFromEPSG(g.code); ok && g.code != 0 {
		if c2.kind != kindGeographic {
			return CRS{}, unsupported(g.name, fmt.Sprintf("declares EPSG:%d, a projected CRS, on a geographic definition", g.code))
		}
		return c2, nil
	}
	return c, nil
}

// tmParams are the projection parameters, in degrees and metres.
type tmParams struct {
	lon0, lat0, k0, fe, fn float64
	sphereType             float64
	stdParallel            float64
}

func projectedCRS(n *wktNode) (CRS, error) {
	name := n.name()
	auth, code := n.code()
	gn := n.child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS")
	method, conv := "", n
	methodCode := 0
	if p := n.child("PROJECTION"); p != nil {
		method = p.name()
	} else if cv := n.child("CONVERSION", "DERIVINGCONVERSION"); cv != nil {
		conv = cv
		if m := cv.child("METHOD", "PROJECTION"); m != nil {
			method = m.name()
			if a, c := m.code(); a == "EPSG" {
				methodCode = c
			}
		}
	}
	if gn == nil || method == "" {
		// Too little to build from: fall back on the code, then the name.
		if c, ok := crsFromEPSG(code); ok && (auth == "EPSG" || auth == "ESRI") && c.kind != kindGeographic {
			return c, nil
		}
		if c, ok := utmFromName(name); ok {
			return c, nil
		}
		if isWebMercatorName(squash(name)) {
			return WebMercator, nil
		}
		return CRS{}, unsupported(name, "no GEOGCS or PROJECTION to read")
	}
	g, err := readGeog(gn)
	if err != nil {
		if errors.Is(err, ErrUnsupported) && name != "" {
			return CRS{}, fmt.Errorf("%w (base of %q)", err, name)
		}
		return CRS{}, err
	}
	unitName, unitM, err := linearUnit(n, name)
	if err != nil {
		return CRS{}, err
	}
	m := squash(method)
	isTM := methodCode == 9807 || m == "transversemercator" || m == "gausskruger" || m == "transversemercatorcomplex" ||
		m == "gausskrueger" || m == "tmerc"
	isWebMerc := methodCode == 1024 || m == "popularvisualisationpseudomercator" || m == "popularvisualizationpseudomercator" ||
		m == "mercatorauxiliarysphere" || (strings.HasPrefix(m, "mercator") && isPseudoMercator(n, name, auth, code))
	if !isTM && !isWebMerc {
		return CRS{}, unsupported(name, fmt.Sprintf("projection %q", method))
	}
	p, err := readParams(conv, unitM, name)
	if err != nil {
		return CRS{}, err
	}
	var c CRS
	if isTM {
		c = tmFromParams(name, g, p, unitName, unitM)
	} else {
		if p.lat0 != 0 || p.stdParallel != 0 || p.k0 != 1 || p.sphereType != 0 {
			return CRS{}, unsupported(name, "Web Mercator with a standard parallel, scale factor or auxiliary sphere type other than 0")
		}
		c = webMercFromParams(name, g, p, unitName, unitM)
	}
	if c2, ok := crsFromEPSG(code); ok && code != 0 && (auth == "EPSG" || auth == "ESRI") {
		if !sameMaths(c, c2) {
			return CRS{}, unsupported(name, fmt.Sprintf("it declares %s:%d but its parameters describe %s", auth, code, describe(c)))
		}
		return c2, nil
	}
	return c, nil
}

// isPseudoMercator tells Web Mercator written as Mercator_1SP (as GDAL's
// WKT1 does for EPSG:3857) from a true ellipsoidal Mercator.
func isPseudoMercator(n *wktNode, name, auth string, code int) bool {
	if (auth == "EPSG" || auth == "ESRI") && (code == 3857 || code == 900913 || code == 3785 || code == 102100 || code == 102113) {
		return true
	}
	if isWebMercatorName(squash(name)) {
		return true
	}
	if ext := n.child("EXTENSION"); ext != nil && len(ext.args) > 1 {
		s := ext.args[1].str
		return strings.Contains(s, "+a=6378137") && strings.Contains(s, "+b=6378137")
	}
	return false
}

func isWebMercatorName(k string) bool {
	return strings.Contains(k, "pseudomercator") || strings.Contains(k, "webmercator") ||
		strings.Contains(k, "popularvisualisation") || strings.Contains(k, "googlemaps") || k == "epsg3857"
}

// linearUnit reads the unit of a projected CRS: WKT1 UNIT, WKT2
// LENGTHUNIT at the top or on the axes. Metre when absent.
func linearUnit(n *wktNode, crsName string) (string, float64, error) {
	u := n.child("UNIT", "LENGTHUNIT")
	if u == nil {
		for _, ax := range n.children("AXIS") {
			if u = ax.child("LENGTHUNIT", "UNIT"); u != nil {
				break
			}
		}
	}
	if u == nil {
		return "", 1, nil
	}
	name, f, ok := unitFactor(u)
	if !ok {
		return "", 0, unsupported(crsName, fmt.Sprintf("linear unit %q without a factor", name))
	}
	if math.Abs(f-1) < 1e-12 {
		return "", 1, nil
	}
	return name, f, nil
}

// readParams reads the PARAMETERs of a WKT1 PROJCS or WKT2 CONVERSION.
// WKT1 gives lengths in the CRS's linear unit and angles in degrees
// (checked by checkAngleUnit); WKT2 attaches a unit to each parameter.
func readParams(n *wktNode, unitM float64, crsName string) (tmParams, error) {
	p := tmParams{k0: 1}
	for _, pn := range n.children("PARAMETER") {
		v, ok := pn.num(1)
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			return p, unsupported(crsName, fmt.Sprintf("parameter %q has no number", pn.name()))
		}
		isLen := false
		k := squash(pn.name())
		switch k {
		case "falseeasting", "eastingatfalseorigin", "eastingatprojectioncentre":
			p.fe, isLen = v, true
		case "falsenorthing", "northingatfalseorigin", "northingatprojectioncentre":
			p.fn, isLen = v, true
		case "centralmeridian", "longitudeoforigin", "longitudeofnaturalorigin", "longitudeofcenter", "longitudeofcentre":
			p.lon0 = v
		case "latitudeoforigin", "latitudeofnaturalorigin", "latitudeofcenter", "latitudeofcentre":
			p.lat0 = v
		case "scalefactor", "scalefactoratnaturalorigin", "scalefactoratcentralmeridian":
			p.k0 = v
		case "auxiliaryspheretype":
			p.sphereType = v
		case "standardparallel1", "latitudeof1ststandardparallel", "latitudeoftruescale":
			p.stdParallel = v
		default:
			return p, unsupported(crsName, fmt.Sprintf("parameter %q", pn.name()))
		}
		if u := pn.child("LENGTHUNIT", "ANGLEUNIT", "SCALEUNIT", "UNIT"); u != nil {
			_, f, ok := unitFactor(u)
			if !ok {
				return p, unsupported(crsName, fmt.Sprintf("parameter %q has a unit without a factor", pn.name()))
			}
			switch u.key {
			case "LENGTHUNIT":
				setLen(&p, k, v*f)
			case "ANGLEUNIT":
				setAngle(&p, k, v*f/degToRad)
			}
		} else if isLen {
			setLen(&p, k, v*unitM)
		}
	}
	if !(p.k0 > 0) || p.k0 > 10 || math.Abs(p.lat0) > 90 || math.Abs(p.lon0) > 360 {
		return p, unsupported(crsName, fmt.Sprintf("parameters out of range (k0 %v, lat0 %v, lon0 %v)", p.k0, p.lat0, p.lon0))
	}
	// A false easting or northing can be finite as written and overflow
	// once converted to metres.
	if math.IsInf(p.fe, 0) || math.IsInf(p.fn, 0) {
		return p, unsupported(crsName, fmt.Sprintf("false easting %v or northing %v m out of range", p.fe, p.fn))
	}
	return p, nil
}

func setLen(p *tmParams, k string, v float64) {
	switch k {
	case "falseeasting", "eastingatfalseorigin", "eastingatprojectioncentre":
		p.fe = v
	case "falsenorthing", "northingatfalseorigin", "northingatprojectioncentre":
		p.fn = v
	}
}

func setAngle(p *tmParams, k string, v float64) {
	switch k {
	case "centralmeridian", "longitudeoforigin", "longitudeofnaturalorigin", "longitudeofcenter", "longitudeofcentre":
		p.lon0 = v
	case "latitudeoforigin", "latitudeofnaturalorigin", "latitudeofcenter", "latitudeofcentre":
		p.lat0 = v
	case "standardparallel1", "latitudeof1ststandardparallel", "latitudeoftruescale":
		p.stdParallel = v
	}
}

// tmFromParams builds a TM CRS; a UTM zone on a known datum family gets
// its EPSG code and canonical name.
func tmFromParams(name string, g geoInfo, p tmParams, unitName string, unitM float64) CRS {
	if unitM == 1 && p.lat0 == 0 && p.k0 == 0.9996 && p.fe == 500000 && (p.fn == 0 || p.fn == 10000000) && g.ell.wgs84Like() {
		z := (p.lon0 + 183) / 6
		if z == math.Trunc(z) && z >= 1 && z <= 60 {
			d := g.datum
			if d == datumWGS84Like {
				d = datumWGS84
			}
			if c := utmCRS(d, int(z), p.fn != 0); !c.IsZero() {
				return c
			}
		}
	}
	if name == "" {
		name = fmt.Sprintf("Transverse Mercator %g", p.lon0)
	}
	c := CRS{Name: name, kind: kindTM, datum: g.datum, ell: g.ell, gcsName: g.name, dtmName: g.dtmName,
		proj: newTMProjection(g.ell, p.lon0, p.lat0, p.k0, p.fe, p.fn)}
	if unitM != 1 {
		c.unitName, c.unitM = unitName, unitM
	}
	return c
}

func webMercFromParams(name string, g geoInfo, p tmParams, unitName string, unitM float64) CRS {
	if unitM == 1 && p.lon0 == 0 && p.fe == 0 && p.fn == 0 && math.Abs(g.ell.a-ellWGS84.a) < 1e-3 {
		return WebMercator
	}
	if name == "" {
		name = "Web Mercator"
	}
	c := CRS{Name: name, kind: kindWebMercator, datum: g.datum, ell: g.ell, gcsName: g.name, dtmName: g.dtmName,
		proj: tmProjection{a: g.ell.a, k0: 1, lon0: p.lon0, fe: p.fe, fn: p.fn}}
	if unitM != 1 {
		c.unitName, c.unitM = unitName, unitM
	}
	return c
}

// sameMaths reports whether two CRSs convert coordinates identically (to
// 1e-9 in the parameters), whatever their names and datum labels.
func sameMaths(a, b CRS) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-9*math.Max(1, math.Abs(x)) }
	return a.kind == b.kind && near(a.ell.a, b.ell.a) && near(a.ell.invF, b.ell.invF) &&
		near(a.metresPerUnit(), b.metresPerUnit()) &&
		near(a.proj.lon0, b.proj.lon0) && near(a.proj.lat0, b.proj.lat0) && near(a.proj.k0, b.proj.k0) &&
		near(a.proj.fe, b.proj.fe) && near(a.proj.fn, b.proj.fn)
}

func describe(c CRS) string {
	switch c.kind {
	case kindTM:
		return fmt.Sprintf("Transverse Mercator (central meridian %g, scale %g, false easting %g, false northing %g)",
			c.proj.lon0, c.proj.k0, c.proj.fe, c.proj.fn)
	case kindWebMercator:
		return "Web Mercator"
	case kindGeographic:
		return "longitude/latitude"
	}
	return "nothing"
}
