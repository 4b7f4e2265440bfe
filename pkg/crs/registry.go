package crs

import (
	"fmt"
	"math"
)

// The datums and CRSs the package knows by code or name.

type datumKind uint8

const (
	datumNone datumKind = iota
	datumWGS84
	datumDGN95
	datumSRGI2013
	datumWGS84Like // another datum on a WGS 84/GRS 1980 ellipsoid, taken as WGS 84
	datumBatavia   // Batavia, Bessel 1841 (with the Greenwich or the Jakarta meridian)
	datumID74      // Indonesian Datum 1974, Indonesian National Spheroid
	datumCustom    // a datum shifted to WGS 84 by the TOWGS84 of its WKT
)

// Ellipsoids of the built-in datums, named as ESRI .prj files name them.
var (
	ellGRS80  = ellipsoid{name: "GRS_1980", a: 6378137, invF: 298.257222101}      // EPSG:7019
	ellBessel = ellipsoid{name: "Bessel_1841", a: 6377397.155, invF: 299.1528128} // EPSG:7004
	ellID74   = ellipsoid{name: "Indonesian", a: 6378160, invF: 298.247}          // EPSG:7021
)

// datumDef describes a datum family: its label in EPSG CRS names, its
// ESRI spellings for .prj files, its ellipsoid and its shift to WGS 84.
type datumDef struct {
	label      string // "Batavia" as in "Batavia / UTM zone 48S"
	esriPrefix string // "Batavia" as in "Batavia_UTM_Zone_48S"
	gcs, datum string // ESRI GEOGCS and DATUM names
	ell        ellipsoid
	helmert    bool
	h          [7]float64
}

var datumDefs = map[datumKind]datumDef{
	datumWGS84:    {"WGS 84", "WGS_1984", "GCS_WGS_1984", "D_WGS_1984", ellWGS84, false, [7]float64{}},
	datumDGN95:    {"DGN95", "DGN_1995", "GCS_DGN_1995", "D_Datum_Geodesi_Nasional_1995", ellWGS84, false, [7]float64{}},
	datumSRGI2013: {"SRGI2013", "SRGI_2013", "GCS_SRGI_2013", "D_Sistem_Referensi_Geospasial_Indonesia_2013", ellWGS84, false, [7]float64{}},
	datumBatavia:  {"Batavia", "Batavia", "GCS_Batavia", "D_Batavia", ellBessel, true, shiftBatavia},
	datumID74:     {"ID74", "Indonesian_1974", "GCS_Indonesian_1974", "D_Indonesian_1974", ellID74, true, shiftID74},
}

// geographic returns the geographic CRS of a datum family with the given
// prime meridian.
func (d datumKind) geographic(epsg int, name string, pm float64, pmName string) CRS {
	def := datumDefs[d]
	c := CRS{EPSG: epsg, Name: name, kind: kindGeographic, datum: d, ell: def.ell}
	c.setLabels(crsLabels{pm: pmName})
	c.setShift(datumShift{pm: pm, helmert: def.helmert, h: def.h})
	return c
}

// WGS84 is EPSG:4326, longitude/latitude in degrees, longitude first.
var WGS84 = CRS{EPSG: 4326, Name: "WGS 84", kind: kindGeographic, datum: datumWGS84, ell: ellWGS84}

// WebMercator is EPSG:3857, WGS 84 / Pseudo-Mercator.
var WebMercator = CRS{EPSG: 3857, Name: "WGS 84 / Pseudo-Mercator", kind: kindWebMercator, fast: kindWebMercator,
	datum: datumWGS84, ell: ellWGS84, proj: projection{a: ellWGS84.a, k0: 1}}

// Geographic CRSs of the Indonesian datums.
var (
	dgn95Geographic          = datumDGN95.geographic(4755, "DGN95", 0, "")
	srgi2013Geographic       = datumSRGI2013.geographic(9470, "SRGI2013", 0, "")
	bataviaGeographic        = datumBatavia.geographic(4211, "Batavia", 0, "")
	bataviaJakartaGeographic = datumBatavia.geographic(4813, "Batavia (Jakarta)", jakartaPM, "Jakarta")
	id74Geographic           = datumID74.geographic(4238, "ID74", 0, "")
	// ETRS89, taken as WGS 84 like any datum on GRS 1980; the base of
	// EPSG:3034 and 3035 only.
	etrs89Geographic = func() CRS {
		c := CRS{Name: "ETRS89", kind: kindGeographic, datum: datumWGS84Like, ell: ellGRS80}
		c.setLabels(crsLabels{gcs: "GCS_ETRS_1989", dtm: "D_ETRS_1989"})
		return c
	}()
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
//     rest follow the registry's contiguous numbering.
//   - Batavia: 21148–21150 (48S–50S); no northern zones.
//   - ID74: 23846–23852 (46N–52N), 23887–23894 (47S–54S).
//
// The SRGI2013, Batavia and ID74 ranges were checked code by code against
// proj.db (PROJ 9.1.1). Zones outside these ranges are still read, by
// parameters, as generic Transverse Mercator.
var utmCodes = map[datumKind][2]struct{ first, zoneLo, zoneHi int }{
	datumWGS84:    {{32601, 1, 60}, {32701, 1, 60}},
	datumDGN95:    {{23866, 46, 52}, {23877, 47, 54}},
	datumSRGI2013: {{9476, 46, 52}, {9487, 47, 54}},
	datumBatavia:  {{0, 1, 0}, {21148, 48, 50}},
	datumID74:     {{23846, 46, 52}, {23887, 47, 54}},
}

// utmDatums lists the families of utmCodes in a fixed order.
var utmDatums = []datumKind{datumWGS84, datumDGN95, datumSRGI2013, datumBatavia, datumID74}

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
	c := d.geographic(code, fmt.Sprintf("%s / UTM zone %d%s", datumDefs[d].label, zone, hemi), 0, "")
	c.kind = kindTM
	c.proj = newTMProjection(c.ell, float64(6*zone-183), 0, 0.9996, 500000, fn)
	c.setFast()
	return c
}

// otherCRSs are the projected CRSs known by code besides the UTM zones
// and Web Mercator. Their definitions were taken from proj.db (PROJ 9.1.1,
// projinfo -o PROJ): EPSG:3395 WGS 84 / World Mercator; EPSG:3001
// Batavia / NEIEZ (Netherlands East Indies Equatorial Zone) and EPSG:5330,
// the same on the Jakarta meridian; EPSG:3034 and 3035, ETRS89-extended
// LCC and LAEA Europe; ESRI:54009 World Mollweide, the CRS of the GHS-POP
// population grids; ESRI:102028 and 102030, Asia South Albers Equal Area
// Conic and Lambert Conformal Conic, which cover Indonesia.
var otherCRSs = func() []CRS {
	proj := func(base CRS, epsg int, esri int32, name, esriName string, kind crsKind, p projection) CRS {
		c := base
		c.EPSG, c.esri, c.Name, c.kind, c.proj = epsg, esri, name, kind, p
		l := c.label()
		l.esri = esriName
		c.setLabels(l)
		c.setFast()
		return c
	}
	return []CRS{
		proj(WGS84, 3395, 0, "WGS 84 / World Mercator", "WGS_1984_World_Mercator", kindMercator,
			newMercator(ellWGS84, 0, 1, 0, false, 0, 0)),
		proj(bataviaGeographic, 3001, 0, "Batavia / NEIEZ", "Batavia_NEIEZ", kindMercator,
			newMercator(ellBessel, 110, 0.997, 0, false, 3900000, 900000)),
		proj(bataviaJakartaGeographic, 5330, 0, "Batavia (Jakarta) / NEIEZ", "Batavia_Jakarta_NEIEZ", kindMercator,
			newMercator(ellBessel, 110-jakartaPM, 0.997, 0, false, 3900000, 900000)),
		proj(etrs89Geographic, 3034, 0, "ETRS89-extended / LCC Europe", "ETRS_1989_LCC", kindLCC,
			newLCC(ellGRS80, 10, 52, 35, 65, 1, true, 4000000, 2800000)),
		proj(etrs89Geographic, 3035, 0, "ETRS89-extended / LAEA Europe", "ETRS_1989_LAEA", kindLAEA,
			newLAEA(ellGRS80, 10, 52, 4321000, 3210000)),
		proj(WGS84, 0, 54009, "World_Mollweide", "World_Mollweide", kindMollweide,
			baseProjection(ellWGS84, 0, 0, 1, 0, 0)),
		proj(WGS84, 0, 102028, "Asia_South_Albers_Equal_Area_Conic", "Asia_South_Albers_Equal_Area_Conic", kindAlbers,
			newAlbers(ellWGS84, 125, -15, 7, -32, 0, 0)),
		proj(WGS84, 0, 102030, "Asia_South_Lambert_Conformal_Conic", "Asia_South_Lambert_Conformal_Conic", kindLCC,
			newLCC(ellWGS84, 125, -15, 7, -32, 1, true, 0, 0)),
	}
}()

// crsFromEPSG returns the CRS for a supported EPSG code (and the ESRI and
// legacy aliases of Web Mercator).
func crsFromEPSG(code int) (CRS, bool) {
	switch code {
	case 0:
		return CRS{}, false
	case 4326:
		return WGS84, true
	case 4755:
		return dgn95Geographic, true
	case 9470:
		return srgi2013Geographic, true
	case 4211:
		return bataviaGeographic, true
	case 4813:
		return bataviaJakartaGeographic, true
	case 4238:
		return id74Geographic, true
	case 3857, 900913, 3785, 102100, 102113:
		return WebMercator, true
	}
	for _, d := range utmDatums {
		r := utmCodes[d]
		for i, h := range r {
			if zone := code - h.first + h.zoneLo; zone >= h.zoneLo && zone <= h.zoneHi {
				return utmCRS(d, zone, i == 1), true
			}
		}
	}
	for _, c := range otherCRSs {
		if c.EPSG == code {
			return c, true
		}
	}
	return CRS{}, false
}

// crsFromESRI returns the CRS for an ESRI code: the ESRI-only CRSs, then
// the EPSG codes, which ESRI shares.
func crsFromESRI(code int) (CRS, bool) {
	for _, c := range otherCRSs {
		if c.esri != 0 && int(c.esri) == code {
			return c, true
		}
	}
	return crsFromEPSG(code)
}

// identify returns the built-in CRS that c, built from parameters, is,
// or c itself.
func identify(c CRS) CRS {
	for _, k := range otherCRSs {
		if k.kind == c.kind && sameDatum(c, k) && sameMaths(c, k, 1e-9) {
			return k
		}
	}
	return c
}

// sameDatum reports the same datum family, a WGS 84-like datum counting
// as WGS 84.
func sameDatum(a, b CRS) bool {
	da, db := a.datum, b.datum
	if da == datumWGS84Like {
		da = datumWGS84
	}
	if db == datumWGS84Like {
		db = datumWGS84
	}
	return da == db
}
