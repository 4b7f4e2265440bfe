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

// crsKeywords are the keywords of the WKT 1 and WKT 2 CRS objects.
var crsKeywords = map[string]bool{
	"PROJCS": true, "GEOGCS": true, "GEOCCS": true, "COMPD_CS": true, "PROJCRS": true, "GEOGCRS": true,
	"GEODCRS": true, "BOUNDCRS": true, "COMPOUNDCRS": true, "PROJECTEDCRS": true, "GEOGRAPHICCRS": true,
	"GEODETICCRS": true, "LOCAL_CS": true, "VERT_CS": true, "VERTCRS": true, "ENGCRS": true, "ENGINEERINGCRS": true,
}

func looksLikeWKT(s string) bool {
	i := strings.IndexAny(s, "[(")
	if i <= 0 {
		return false
	}
	return crsKeywords[strings.ToUpper(strings.TrimSpace(s[:i]))]
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
// COMPOUNDCRS reduced to their horizontal part).
//
// WKT that cannot be read gives the zero CRS and an error wrapping
// ErrBadWKT. A well-formed CRS the package cannot convert (an unknown
// projection or datum, a datum on another ellipsoid without TOWGS84 …)
// gives an error wrapping ErrUnsupported that names what was found,
// together with a CRS carrying the Name of the (horizontal) CRS and its
// EPSG code when the WKT gives one; its Supported is false, so that a
// caller can describe the file while refusing to convert it.
func ParsePRJ(wkt string) (CRS, error) {
	root, err := parseWKT(wkt)
	if err != nil {
		return CRS{}, err
	}
	c, err := crsFromWKT(root)
	if err != nil {
		return unsupportedCRS(root), err
	}
	return c, nil
}

func crsFromWKT(root *wktNode) (CRS, error) {
	n, bound := horizontal(root, 0)
	if n == nil {
		return CRS{}, unsupported(root.name(), "no horizontal CRS in "+root.key)
	}
	var tw []float64
	if bound != nil {
		var err error
		if tw, err = readBound(bound, n.name()); err != nil {
			return CRS{}, err
		}
	}
	switch n.key {
	case "GEOGCS", "GEOGCRS", "GEOGRAPHICCRS", "GEODCRS", "GEODETICCRS":
		return geographicCRS(n, tw)
	case "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return projectedCRS(n, tw)
	}
	return CRS{}, unsupported(n.name(), "a "+n.key+" is not a map or lon/lat CRS")
}

// unsupportedCRS names the CRS of WKT that cannot be converted: the
// horizontal CRS's name and code, or the root's.
func unsupportedCRS(root *wktNode) CRS {
	if !crsKeywords[root.key] {
		return CRS{} // not a CRS at all
	}
	n, _ := horizontal(root, 0)
	if n == nil {
		n = root
	}
	c := CRS{Name: n.name(), kind: kindUnsupported}
	switch auth, code := n.code(); auth {
	case "EPSG":
		c.EPSG = code
	case "ESRI":
		c.esri = int32(code)
	}
	return c
}

// horizontal finds the horizontal CRS inside compound and bound CRSs, and
// the BOUNDCRS node that binds it to WGS 84, if any.
func horizontal(n *wktNode, depth int) (h, bound *wktNode) {
	if n == nil || depth > 4 {
		return nil, nil
	}
	switch n.key {
	case "COMPD_CS", "COMPOUNDCRS":
		for _, a := range n.args {
			if a.node == nil {
				continue
			}
			if h, b := horizontal(a.node, depth+1); h != nil {
				return h, b
			}
		}
		return nil, nil
	case "BOUNDCRS":
		src := n.child("SOURCECRS")
		if src == nil {
			return nil, nil
		}
		for _, a := range src.args {
			if a.node != nil {
				h, _ := horizontal(a.node, depth+1)
				return h, n
			}
		}
		return nil, nil
	case "GEOGCS", "GEOGCRS", "GEOGRAPHICCRS", "GEODCRS", "GEODETICCRS", "PROJCS", "PROJCRS", "PROJECTEDCRS":
		return n, nil
	}
	return nil, nil
}

// readBound reads the ABRIDGEDTRANSFORMATION of a WKT2 BOUNDCRS as the
// seven TOWGS84 values (position vector convention). The target must be
// WGS 84; geocentric translations, position vector and coordinate frame
// rotations (EPSG 9603, 9606, 9607 and their geocentric-domain twins) are
// understood, and any method whose parameters are all zero.
func readBound(b *wktNode, crsName string) ([]float64, error) {
	if tgt := b.child("TARGETCRS"); tgt != nil {
		var t *wktNode
		for _, a := range tgt.args {
			if a.node != nil {
				t = a.node
				break
			}
		}
		_, tcode := t.code()
		dn := t.child("DATUM", "TRF", "GEODETICDATUM", "ENSEMBLE")
		if tcode != 4326 && datumFromName(squash(t.name())) != datumWGS84 &&
			(dn == nil || datumFromName(squash(dn.name())) != datumWGS84) {
			return nil, unsupported(crsName, fmt.Sprintf("it is bound to %q, not to WGS 84", t.name()))
		}
	}
	t := b.child("ABRIDGEDTRANSFORMATION")
	if t == nil {
		return nil, unsupported(crsName, "BOUNDCRS without ABRIDGEDTRANSFORMATION")
	}
	method, mcode := "", 0
	if m := t.child("METHOD"); m != nil {
		method = squash(m.name())
		if a, c := m.code(); a == "EPSG" {
			mcode = c
		}
	}
	frame := mcode == 9607 || mcode == 1032 || strings.Contains(method, "coordinateframe")
	known := frame || mcode == 9603 || mcode == 1031 || mcode == 9606 || mcode == 1033 ||
		strings.Contains(method, "geocentrictranslation") || strings.Contains(method, "positionvector")
	if !known && (t.child("PARAMETERFILE") != nil || len(t.children("PARAMETER")) == 0 || nonZeroParams(t)) {
		return nil, unsupported(crsName, fmt.Sprintf("transformation method %q to WGS 84", t.child("METHOD").name()))
	}
	h := make([]float64, 7)
	for _, pn := range t.children("PARAMETER") {
		v, ok := pn.num(1)
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, unsupported(crsName, fmt.Sprintf("transformation parameter %q has no number", pn.name()))
		}
		i := -1
		switch k := squash(pn.name()); k {
		case "xaxistranslation":
			i = 0
		case "yaxistranslation":
			i = 1
		case "zaxistranslation":
			i = 2
		case "xaxisrotation":
			i = 3
		case "yaxisrotation":
			i = 4
		case "zaxisrotation":
			i = 5
		case "scaledifference":
			i = 6
		default:
			if math.Abs(v) > 1e-9 {
				return nil, unsupported(crsName, fmt.Sprintf("transformation parameter %q", pn.name()))
			}
			continue
		}
		// Abridged transformations are in metres, arc-seconds and parts
		// per million unless a unit says otherwise.
		if u := pn.child("LENGTHUNIT", "ANGLEUNIT", "SCALEUNIT", "UNIT"); u != nil {
			_, f, ok := unitFactor(u)
			if !ok {
				return nil, unsupported(crsName, fmt.Sprintf("transformation parameter %q has a unit without a factor", pn.name()))
			}
			switch {
			case i <= 2:
				v *= f
			case i <= 5:
				v *= f / secToRad
			default:
				v *= f / 1e-6
			}
		}
		h[i] = v
	}
	if frame {
		h[3], h[4], h[5] = -h[3], -h[4], -h[5]
	}
	if !plausibleShift(h) {
		return nil, unsupported(crsName, fmt.Sprintf("implausible transformation to WGS 84 %v", h))
	}
	return h, nil
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
	pmName  string
	datum   datumKind
	ell     ellipsoid
	shift   datumShift
	code    int // EPSG code of the geographic CRS, 0 if none
}

// Datum codes (EPSG) of the built-in datum families, and the codes of
// their geographic CRSs.
var datumCodes = map[int]datumKind{
	6326: datumWGS84, 4326: datumWGS84,
	6755: datumDGN95, 4755: datumDGN95,
	1293: datumSRGI2013, 9470: datumSRGI2013,
	6211: datumBatavia, 4211: datumBatavia, 6813: datumBatavia, 4813: datumBatavia,
	6238: datumID74, 4238: datumID74,
}

// readGeog reads a geographic CRS node: its ellipsoid, prime meridian and
// the shift of its datum to WGS 84. tw is the shift of an enclosing
// BOUNDCRS, which takes the place of a TOWGS84.
func readGeog(n *wktNode, tw []float64) (geoInfo, error) {
	g := geoInfo{name: n.name()}
	if auth, code := n.code(); auth == "EPSG" {
		g.code = code
	}
	if cs := n.child("CS"); cs != nil && len(cs.args) > 0 && strings.EqualFold(cs.args[0].str, "cartesian") {
		return g, unsupported(g.name, "geocentric (x, y, z) coordinates")
	}
	dn := n.child("DATUM", "TRF", "GEODETICDATUM", "ENSEMBLE")
	if err := checkAngleUnit(n, g.name); err != nil {
		return g, err
	}
	if pm := n.child("PRIMEM", "PRIMEMERIDIAN"); pm != nil {
		v, ok := pm.num(1)
		if u := pm.child("ANGLEUNIT", "UNIT"); u != nil && ok {
			_, f, fok := unitFactor(u)
			if !fok {
				return g, unsupported(g.name, fmt.Sprintf("prime meridian %q has a unit without a factor", pm.name()))
			}
			v *= f / degToRad
		}
		if !ok || !(math.Abs(v) <= 180) {
			return g, unsupported(g.name, fmt.Sprintf("prime meridian %q at %v from Greenwich", pm.name(), v))
		}
		if math.Abs(v) > 1e-9 {
			g.shift.pm, g.pmName = v, pm.name()
		}
	}
	if dn == nil {
		// No datum: only the name (or code) can tell.
		if c, ok := crsFromEPSG(g.code); ok && c.kind == kindGeographic {
			g.datum, g.ell, g.shift, g.pmName = c.datum, c.ell, c.datumShift(), c.label().pm
			return g, nil
		}
		g.datum = datumFromName(squash(g.name))
		def, ok := datumDefs[g.datum]
		if !ok {
			return g, unsupported(g.name, "no DATUM")
		}
		g.ell = def.ell
		g.shift.helmert, g.shift.h = def.helmert, def.h
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
	sphere := rf == 0 && math.Abs(a-ellWGS84.a) < 1e-3 // ESRI's WGS 84 auxiliary sphere
	wgsLike := g.ell.wgs84Like() || sphere
	g.datum = datumFromName(squash(g.dtmName))
	if d, ok := datumCodes[g.code]; ok {
		g.datum = d
	} else if _, dcode := dn.code(); datumCodes[dcode] != datumNone {
		g.datum = datumCodes[dcode]
	}
	def, family := datumDefs[g.datum]
	if t := dn.child("TOWGS84"); t != nil && tw == nil {
		var err error
		if tw, err = readTOWGS84(t, g); err != nil {
			return g, err
		}
	} else if t := n.child("TOWGS84"); t != nil && tw == nil {
		var err error
		if tw, err = readTOWGS84(t, g); err != nil {
			return g, err
		}
	}
	switch {
	case tw != nil:
		var h [7]float64
		copy(h[:], tw)
		zero := h == [7]float64{}
		switch {
		case family && def.helmert && nearShift(h, def.h) && nearEll(g.ell, def.ell):
			g.shift.helmert, g.shift.h = true, def.h // a built-in datum, written out
		case family && !def.helmert && zero && wgsLike:
			// WGS 84, DGN95, SRGI2013 with a zero TOWGS84
		case !family && zero && wgsLike:
			g.datum = datumWGS84Like
		default:
			g.datum = datumCustom
			g.shift.helmert, g.shift.h = true, h
		}
	case family && def.helmert:
		if !nearEll(g.ell, def.ell) {
			return g, unsupported(g.name, fmt.Sprintf("datum %q on ellipsoid %q (a=%v, 1/f=%v) is not the %s datum's and has no TOWGS84",
				g.dtmName, sp.name(), a, rf, def.label))
		}
		g.shift.helmert, g.shift.h = true, def.h
	case !wgsLike:
		return g, unsupported(g.name, fmt.Sprintf("datum %q on ellipsoid %q (a=%v, 1/f=%v) has no TOWGS84 and differs from WGS 84 by tens to hundreds of metres",
			g.dtmName, sp.name(), a, rf))
	case g.datum == datumNone:
		g.datum = datumWGS84Like
	}
	// A shift through geocentric coordinates drops the height the point
	// gains on WGS 84; that is harmless only between ellipsoids of the
	// Earth's size and shape.
	if g.shift.helmert && !(a >= 6.35e6 && a <= 6.40e6 && (rf == 0 || rf >= 150)) {
		return g, unsupported(g.name, fmt.Sprintf("datum %q needs a shift to WGS 84 from ellipsoid %q (a=%v, 1/f=%v), which is not of the Earth's size",
			g.dtmName, sp.name(), a, rf))
	}
	return g, nil
}

// readTOWGS84 reads TOWGS84[dx,dy,dz] or TOWGS84[dx,dy,dz,rx,ry,rz,ds].
func readTOWGS84(t *wktNode, g geoInfo) ([]float64, error) {
	if len(t.args) != 3 && len(t.args) != 7 {
		return nil, unsupported(g.name, fmt.Sprintf("datum %q has a TOWGS84 of %d values, not 3 or 7 (%s)", g.dtmName, len(t.args), towgsText(t)))
	}
	h := make([]float64, 7)
	for i := range t.args {
		v, ok := t.num(i)
		if !ok {
			return nil, unsupported(g.name, fmt.Sprintf("datum %q has an unusable TOWGS84 %s", g.dtmName, towgsText(t)))
		}
		h[i] = v
	}
	if !plausibleShift(h) {
		return nil, unsupported(g.name, fmt.Sprintf("datum %q has an implausible TOWGS84 %s", g.dtmName, towgsText(t)))
	}
	return h, nil
}

// plausibleShift bounds a Helmert transformation to WGS 84 well beyond
// any published one (translations reach about 2 km, rotations a few
// arc-seconds, scales some tens of ppm): translations within 5 km,
// rotations within 100″, scale within 100 ppm.
func plausibleShift(h []float64) bool {
	for i, v := range h {
		lim := [7]float64{5e3, 5e3, 5e3, 100, 100, 100, 100}[i]
		if !(math.Abs(v) <= lim) {
			return false
		}
	}
	return true
}

func nearShift(a, b [7]float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9 {
			return false
		}
	}
	return true
}

// nearEll accepts an ellipsoid that a .prj writes with its axis or
// flattening rounded (to a millimetre, and 1/f to 1e-3, which moves the
// semi-minor axis by under 0.1 m).
func nearEll(a, b ellipsoid) bool {
	return math.Abs(a.a-b.a) < 1e-3 && math.Abs(a.invF-b.invF) < 1e-3
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
// "ddatumgeodesinasional1995", "sistemreferensigeospasialindonesia2013",
// "dbatavia", "bataviajakarta", "indonesiandatum1974", "dindonesian1974").
func datumFromName(k string) datumKind {
	switch {
	case strings.Contains(k, "wgs1984") || strings.Contains(k, "wgs84") || strings.Contains(k, "worldgeodeticsystem1984"):
		return datumWGS84
	case strings.Contains(k, "dgn95") || strings.Contains(k, "dgn1995") || strings.Contains(k, "igd95") ||
		strings.Contains(k, "datumgeodesinasional1995"):
		return datumDGN95
	case strings.Contains(k, "srgi") || strings.Contains(k, "sistemreferensigeospasialindonesia"):
		return datumSRGI2013
	case strings.Contains(k, "batavia"):
		return datumBatavia
	case strings.Contains(k, "id74") || strings.Contains(k, "indonesian1974") || strings.Contains(k, "indonesiandatum1974"):
		return datumID74
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

func geographicCRS(n *wktNode, tw []float64) (CRS, error) {
	g, err := readGeog(n, tw)
	if err != nil {
		return CRS{}, err
	}
	c := CRS{Name: g.name, kind: kindGeographic, datum: g.datum, ell: g.ell}
	c.setLabels(crsLabels{gcs: g.name, dtm: g.dtmName, pm: g.pmName})
	c.setShift(g.shift)
	for _, k := range []CRS{WGS84, dgn95Geographic, srgi2013Geographic, bataviaGeographic, bataviaJakartaGeographic, id74Geographic} {
		if sameDatum(c, k) && sameMaths(c, k, 1e-9) {
			c = k
			break
		}
	}
	if c2, ok := crsFromEPSG(g.code); ok {
		if c2.kind != kindGeographic {
			return CRS{}, unsupported(g.name, fmt.Sprintf("declares EPSG:%d, a projected CRS, on a geographic definition", g.code))
		}
		switch byCode(c, c2) {
		case codeNames:
			return c2, nil
		case codeContradicts:
			return CRS{}, unsupported(g.name, fmt.Sprintf("it declares EPSG:%d but its datum %q is another", g.code, g.dtmName))
		}
	}
	return c, nil
}

const (
	codeNames       = iota // the code names what the parameters describe
	codeOtherShift         // the same CRS, shifted to WGS 84 by another TOWGS84
	codeContradicts        // the parameters describe another CRS
)

// byCode compares a CRS built from WKT parameters with the built-in CRS
// of the code the WKT declares. A TOWGS84 other than the built-in shift
// is a choice of transformation, not another CRS: the WKT's is kept, and
// the result goes by the WKT's name.
func byCode(c, code CRS) int {
	if !sameDatum(c, code) && !(c.datum == datumCustom && datumDefs[code.datum].helmert) {
		return codeContradicts
	}
	if sameMaths(c, code, 1e-9) {
		return codeNames
	}
	s, cs := c.datumShift(), code.datumShift()
	s.helmert, s.h = cs.helmert, cs.h
	c.setShift(s)
	if sameMaths(c, code, 1e-9) {
		return codeOtherShift
	}
	return codeContradicts
}

// params are the projection parameters, in degrees and metres, and which
// of them the WKT gave.
type params struct {
	lon0, lat0, k0, fe, fn float64
	lat1, lat2             float64
	sphereType             float64
	has                    map[string]bool // "lat0", "lat1", "lat2", "k0"
}

// projection methods as read from WKT.
const (
	methodOther = iota
	methodTM
	methodWebMerc
	methodMerc1SP
	methodMerc2SP
	methodMercESRI // ESRI's Mercator: 2SP by Standard_Parallel_1, else 1SP
	methodLCC1SP
	methodLCC2SP
	methodLCCAny // "Lambert_Conformal_Conic": 2SP or 1SP by its parameters
	methodAlbers
	methodLAEA
	methodMollweide
)

// methodOf classifies a projection by squashed name and EPSG method code.
func methodOf(m string, code int) int {
	switch {
	case code == 9807 || m == "transversemercator" || m == "gausskruger" || m == "transversemercatorcomplex" ||
		m == "gausskrueger" || m == "tmerc":
		return methodTM
	case code == 1024 || m == "popularvisualisationpseudomercator" || m == "popularvisualizationpseudomercator" ||
		m == "mercatorauxiliarysphere":
		return methodWebMerc
	case code == 9804 || m == "mercator1sp" || m == "mercatorvarianta":
		return methodMerc1SP
	case code == 9805 || m == "mercator2sp" || m == "mercatorvariantb":
		return methodMerc2SP
	case m == "mercator" || m == "merc":
		return methodMercESRI
	case code == 9801 || m == "lambertconformalconic1sp" || m == "lambertconicconformal1sp":
		return methodLCC1SP
	case code == 9802 || m == "lambertconformalconic2sp" || m == "lambertconicconformal2sp":
		return methodLCC2SP
	case m == "lambertconformalconic" || m == "lambertconicconformal" || m == "lcc":
		return methodLCCAny
	case code == 9822 || m == "albersconicequalarea" || m == "albers" || m == "albersequalarea" || m == "aea":
		return methodAlbers
	case code == 9820 || m == "lambertazimuthalequalarea" || m == "laea":
		return methodLAEA
	case m == "mollweide" || m == "moll":
		return methodMollweide
	}
	return methodOther
}

func projectedCRS(n *wktNode, tw []float64) (CRS, error) {
	name := n.name()
	auth, code := n.code()
	gn := n.child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS")
	method, conv := "", n
	methodCode := 0
	if p := n.child("PROJECTION"); p != nil {
		method = p.name()
		if a, c := p.code(); a == "EPSG" {
			methodCode = c
		}
	} else if cv := n.child("CONVERSION", "DERIVINGCONVERSION"); cv != nil {
		conv = cv
		if m := cv.child("METHOD", "PROJECTION"); m != nil {
			method = m.name()
			if a, c := m.code(); a == "EPSG" {
				methodCode = c
			}
		}
	}
	fromCode := func() (CRS, bool) {
		switch auth {
		case "EPSG":
			return crsFromEPSG(code)
		case "ESRI":
			return crsFromESRI(code)
		}
		return CRS{}, false
	}
	if gn == nil || method == "" {
		// Too little to build from: fall back on the code, then the name.
		if c, ok := fromCode(); ok && c.kind != kindGeographic {
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
	g, err := readGeog(gn, tw)
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
	kind := methodOf(squash(method), methodCode)
	if (kind == methodMerc1SP || kind == methodMercESRI) && isPseudoMercator(n, name, auth, code) {
		kind = methodWebMerc
	}
	if kind == methodOther {
		return CRS{}, unsupported(name, fmt.Sprintf("projection %q", method))
	}
	p, err := readParams(conv, unitM, name)
	if err != nil {
		return CRS{}, err
	}
	var c CRS
	switch kind {
	case methodTM:
		c = tmFromParams(name, g, p, unitName, unitM)
	case methodWebMerc:
		if p.lat0 != 0 || p.lat1 != 0 || p.k0 != 1 || p.sphereType != 0 {
			return CRS{}, unsupported(name, "Web Mercator with a standard parallel, scale factor or auxiliary sphere type other than 0")
		}
		c = webMercFromParams(name, g, p, unitName, unitM)
	default:
		if c, err = otherFromParams(kind, method, name, g, p, unitName, unitM); err != nil {
			return CRS{}, err
		}
	}
	if c2, ok := fromCode(); ok && code != 0 {
		switch byCode(c, c2) {
		case codeNames:
			return c2, nil
		case codeContradicts:
			return CRS{}, unsupported(name, fmt.Sprintf("it declares %s:%d but its parameters describe %s", auth, code, describe(c)))
		}
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
func readParams(n *wktNode, unitM float64, crsName string) (params, error) {
	p := params{k0: 1, has: map[string]bool{}}
	for _, pn := range n.children("PARAMETER") {
		v, ok := pn.num(1)
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			return p, unsupported(crsName, fmt.Sprintf("parameter %q has no number", pn.name()))
		}
		k := paramKey(squash(pn.name()))
		if k == "" {
			return p, unsupported(crsName, fmt.Sprintf("parameter %q", pn.name()))
		}
		if u := pn.child("LENGTHUNIT", "ANGLEUNIT", "SCALEUNIT", "UNIT"); u != nil {
			_, f, ok := unitFactor(u)
			if !ok {
				return p, unsupported(crsName, fmt.Sprintf("parameter %q has a unit without a factor", pn.name()))
			}
			switch u.key {
			case "LENGTHUNIT":
				v *= f
			case "ANGLEUNIT":
				v *= f / degToRad
			}
		} else if k == "fe" || k == "fn" {
			v *= unitM
		}
		p.has[k] = true
		switch k {
		case "fe":
			p.fe = v
		case "fn":
			p.fn = v
		case "lon0":
			p.lon0 = v
		case "lat0":
			p.lat0 = v
		case "k0":
			p.k0 = v
		case "lat1":
			p.lat1 = v
		case "lat2":
			p.lat2 = v
		case "sphere":
			p.sphereType = v
		}
	}
	if !(p.k0 > 0) || p.k0 > 10 || math.Abs(p.lat0) > 90 || math.Abs(p.lon0) > 360 ||
		math.Abs(p.lat1) > 90 || math.Abs(p.lat2) > 90 {
		return p, unsupported(crsName, fmt.Sprintf("parameters out of range (k0 %v, lat0 %v, lon0 %v, lat1 %v, lat2 %v)",
			p.k0, p.lat0, p.lon0, p.lat1, p.lat2))
	}
	// A false easting or northing can be finite as written and overflow
	// once converted to metres.
	if math.IsInf(p.fe, 0) || math.IsInf(p.fn, 0) {
		return p, unsupported(crsName, fmt.Sprintf("false easting %v or northing %v m out of range", p.fe, p.fn))
	}
	return p, nil
}

// paramKey maps the WKT1, ESRI and WKT2 (EPSG) names of a parameter to
// one key; "" for a parameter the package does not know.
func paramKey(k string) string {
	switch k {
	case "falseeasting", "eastingatfalseorigin", "eastingatprojectioncentre":
		return "fe"
	case "falsenorthing", "northingatfalseorigin", "northingatprojectioncentre":
		return "fn"
	case "centralmeridian", "longitudeoforigin", "longitudeofnaturalorigin", "longitudeofcenter", "longitudeofcentre",
		"longitudeoffalseorigin", "longitudeofprojectioncentre":
		return "lon0"
	case "latitudeoforigin", "latitudeofnaturalorigin", "latitudeofcenter", "latitudeofcentre",
		"latitudeoffalseorigin", "latitudeofprojectioncentre":
		return "lat0"
	case "scalefactor", "scalefactoratnaturalorigin", "scalefactoratcentralmeridian":
		return "k0"
	case "standardparallel1", "latitudeof1ststandardparallel", "latitudeoftruescale", "latitudeoffirststandardparallel":
		return "lat1"
	case "standardparallel2", "latitudeof2ndstandardparallel", "latitudeofsecondstandardparallel":
		return "lat2"
	case "auxiliaryspheretype":
		return "sphere"
	}
	return ""
}

// newProjected builds a projected CRS on g.
func newProjected(name string, g geoInfo, kind crsKind, p projection, unitName string, unitM float64) CRS {
	c := CRS{Name: name, kind: kind, datum: g.datum, ell: g.ell, proj: p}
	l := crsLabels{gcs: g.name, dtm: g.dtmName, pm: g.pmName}
	if unitM != 1 {
		l.unit, c.unitM = unitName, unitM
	}
	c.setLabels(l)
	c.setShift(g.shift)
	return c
}

// utmFamily is the datum family whose UTM codes a TM CRS on g may carry:
// the family's own ellipsoid, shift and the Greenwich meridian.
func utmFamily(g geoInfo) datumKind {
	d := g.datum
	if d == datumWGS84Like {
		d = datumWGS84
	}
	def, ok := datumDefs[d]
	if !ok || g.shift.pm != 0 || g.shift.helmert != def.helmert || !nearShift(g.shift.h, def.h) {
		return datumNone
	}
	if def.helmert {
		if !nearEll(g.ell, def.ell) {
			return datumNone
		}
	} else if !g.ell.wgs84Like() {
		return datumNone
	}
	return d
}

// tmFromParams builds a TM CRS; a UTM zone on a known datum family gets
// its EPSG code and canonical name.
func tmFromParams(name string, g geoInfo, p params, unitName string, unitM float64) CRS {
	if unitM == 1 && p.lat0 == 0 && p.k0 == 0.9996 && p.fe == 500000 && (p.fn == 0 || p.fn == 10000000) {
		z := (p.lon0 + 183) / 6
		if d := utmFamily(g); d != datumNone && z == math.Trunc(z) && z >= 1 && z <= 60 {
			if c := utmCRS(d, int(z), p.fn != 0); !c.IsZero() {
				return c
			}
		}
	}
	if name == "" {
		name = fmt.Sprintf("Transverse Mercator %g", p.lon0)
	}
	return newProjected(name, g, kindTM, newTMProjection(g.ell, p.lon0, p.lat0, p.k0, p.fe, p.fn), unitName, unitM)
}

func webMercFromParams(name string, g geoInfo, p params, unitName string, unitM float64) CRS {
	if unitM == 1 && p.lon0 == 0 && p.fe == 0 && p.fn == 0 && math.Abs(g.ell.a-ellWGS84.a) < 1e-3 && !g.shift.active() {
		return WebMercator
	}
	if name == "" {
		name = "Web Mercator"
	}
	return newProjected(name, g, kindWebMercator, projection{a: g.ell.a, k0: 1, lon0: p.lon0, fe: p.fe, fn: p.fn}, unitName, unitM)
}

// otherFromParams builds the Mercator, conic, azimuthal and Mollweide
// CRSs, refusing parameters the method cannot take, and names a built-in
// CRS by its code.
func otherFromParams(method int, methodName, name string, g geoInfo, p params, unitName string, unitM float64) (CRS, error) {
	bad := func(why string) (CRS, error) {
		return CRS{}, unsupported(name, fmt.Sprintf("projection %q %s", methodName, why))
	}
	var (
		kind  crsKind
		pr    projection
		label string
	)
	switch method {
	case methodMerc1SP, methodMerc2SP, methodMercESRI:
		if p.lat0 != 0 {
			return bad("with a latitude of origin other than 0 (Mercator variant C) is not supported")
		}
		// A standard parallel other than the equator makes it variant
		// B, whatever the name says; variant A is the scale factor.
		twoSP := method == methodMerc2SP || (p.has["lat1"] && p.lat1 != 0)
		if twoSP && (p.k0 != 1 || !(math.Abs(p.lat1) < 90)) {
			return bad("needs a standard parallel between the poles, or a scale factor, not both")
		}
		kind, label = kindMercator, "Mercator"
		pr = newMercator(g.ell, p.lon0, p.k0, p.lat1, twoSP, p.fe, p.fn)
	case methodLCC1SP, methodLCC2SP, methodLCCAny:
		twoSP := method == methodLCC2SP ||
			(method == methodLCCAny && p.has["lat2"] && (p.lat1 != p.lat2 || p.lat1 != p.lat0 || !p.has["k0"]))
		if twoSP {
			if p.k0 != 1 {
				return bad("with two standard parallels and a scale factor (the Michigan variant) is not supported")
			}
			if !p.has["lat1"] {
				p.lat1 = p.lat2
			}
			if !p.has["lat2"] {
				p.lat2 = p.lat1
			}
			if !(math.Abs(p.lat1) < 90) || !(math.Abs(p.lat2) < 90) || math.Abs(p.lat1+p.lat2) < 1e-9 {
				return bad("needs standard parallels between the poles, not symmetric about the equator")
			}
		} else {
			if !p.has["lat0"] && p.has["lat1"] {
				p.lat0 = p.lat1
			}
			if p.has["lat1"] && p.lat1 != p.lat0 {
				return bad("with one standard parallel needs it at the latitude of origin")
			}
			if !(math.Abs(p.lat0) < 90) || math.Abs(p.lat0) < 1e-9 {
				return bad("with one standard parallel needs a latitude of origin between the equator and a pole")
			}
		}
		kind, label = kindLCC, "Lambert Conformal Conic"
		pr = newLCC(g.ell, p.lon0, p.lat0, p.lat1, p.lat2, p.k0, twoSP, p.fe, p.fn)
	case methodAlbers:
		if p.k0 != 1 {
			return bad("with a scale factor is not supported")
		}
		if !p.has["lat2"] {
			p.lat2 = p.lat1
		}
		if math.Abs(p.lat1+p.lat2) < 1e-9 {
			return bad("needs standard parallels not symmetric about the equator")
		}
		kind, label = kindAlbers, "Albers Equal Area"
		pr = newAlbers(g.ell, p.lon0, p.lat0, p.lat1, p.lat2, p.fe, p.fn)
	case methodLAEA:
		if p.k0 != 1 {
			return bad("with a scale factor is not supported")
		}
		kind, label = kindLAEA, "Lambert Azimuthal Equal Area"
		pr = newLAEA(g.ell, p.lon0, p.lat0, p.fe, p.fn)
	case methodMollweide:
		if p.k0 != 1 || p.lat0 != 0 {
			return bad("with a scale factor or latitude of origin is not supported")
		}
		kind, label = kindMollweide, "Mollweide"
		pr = baseProjection(g.ell, p.lon0, 0, 1, p.fe, p.fn)
	}
	k := pr.cs()
	for _, v := range [...]float64{k[0], k[1], k[2], k[3], k[4], pr.k0} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad("has parameters that give no projection")
		}
	}
	if kind == kindAlbers && !(k[1]-k[0]*pr.qfunc(1) >= -1e-12 && k[1]+k[0]*pr.qfunc(1) >= -1e-12) {
		return bad("has standard parallels that leave part of the globe without a place")
	}
	if name == "" {
		name = fmt.Sprintf("%s %g", label, p.lon0)
	}
	return identify(newProjected(name, g, kind, pr, unitName, unitM)), nil
}

func describe(c CRS) string {
	p := &c.proj
	switch c.kind {
	case kindTM:
		return fmt.Sprintf("Transverse Mercator (central meridian %g, scale %g, false easting %g, false northing %g)",
			p.lon0, p.k0, p.fe, p.fn)
	case kindWebMercator:
		return "Web Mercator"
	case kindMercator:
		return fmt.Sprintf("Mercator (central meridian %g, scale %g, false easting %g, false northing %g)", p.lon0, p.k0, p.fe, p.fn)
	case kindLCC:
		return fmt.Sprintf("Lambert Conformal Conic (origin %g, %g, standard parallels %g, %g, scale %g)", p.lat0, p.lon0, p.lat1, p.lat2, p.k0)
	case kindAlbers:
		return fmt.Sprintf("Albers Equal Area (origin %g, %g, standard parallels %g, %g)", p.lat0, p.lon0, p.lat1, p.lat2)
	case kindLAEA:
		return fmt.Sprintf("Lambert Azimuthal Equal Area (centre %g, %g)", p.lat0, p.lon0)
	case kindMollweide:
		return fmt.Sprintf("Mollweide (central meridian %g)", p.lon0)
	case kindGeographic:
		return "longitude/latitude"
	}
	return "nothing"
}
