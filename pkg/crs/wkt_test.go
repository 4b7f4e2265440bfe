package crs

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

// Hand-written WKT in the styles met in practice: ESRI .prj, OGC WKT1 as
// the EPSG registry publishes it, and WKT2.
const (
	wktESRIUTM50S = `PROJCS["WGS_1984_UTM_Zone_50S",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

	wktOGCUTM50S = `PROJCS["WGS 84 / UTM zone 50S",
    GEOGCS["WGS 84",
        DATUM["WGS_1984",
            SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],
            AUTHORITY["EPSG","6326"]],
        PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],
        UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],
        AUTHORITY["EPSG","4326"]],
    PROJECTION["Transverse_Mercator"],
    PARAMETER["latitude_of_origin",0],
    PARAMETER["central_meridian",117],
    PARAMETER["scale_factor",0.9996],
    PARAMETER["false_easting",500000],
    PARAMETER["false_northing",10000000],
    UNIT["metre",1,AUTHORITY["EPSG","9001"]],
    AXIS["Easting",EAST],
    AXIS["Northing",NORTH],
    AUTHORITY["EPSG","32750"]]`

	wktWKT2UTM50S = `PROJCRS["WGS 84 / UTM zone 50S",BASEGEOGCRS["WGS 84",ENSEMBLE["World Geodetic System 1984 ensemble",MEMBER["World Geodetic System 1984 (Transit)"],MEMBER["World Geodetic System 1984 (G2139)"],ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]],ENSEMBLEACCURACY[2.0]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]],CONVERSION["UTM zone 50S",METHOD["Transverse Mercator",ID["EPSG",9807]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",117,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["Scale factor at natural origin",0.9996,SCALEUNIT["unity",1],ID["EPSG",8805]],PARAMETER["False easting",500000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",10000000,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],AXIS["(E)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["(N)",north,ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Navigation and medium accuracy spatial referencing."],AREA["Between 114°E and 120°E, southern hemisphere."],BBOX[-80,114,0,120]],ID["EPSG",32750]]`

	// WKT2 with the code only on the base CRS and the projection named by
	// its parameters.
	wktWKT2NoID = `PROJCRS["UTM 50S",BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0]],CONVERSION["x",METHOD["Transverse Mercator"],PARAMETER["Longitude of natural origin",117],PARAMETER["Scale factor at natural origin",0.9996],PARAMETER["False easting",500],PARAMETER["False northing",10000,LENGTHUNIT["kilometre",1000]]],CS[Cartesian,2],AXIS["E",east,LENGTHUNIT["kilometre",1000]],AXIS["N",north]]`

	wktESRIDGN95UTM50S = `PROJCS["DGN_1995_UTM_Zone_50S",GEOGCS["GCS_DGN_1995",DATUM["D_Datum_Geodesi_Nasional_1995",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

	wktOGCDGN95UTM50S = `PROJCS["DGN95 / UTM zone 50S",GEOGCS["DGN95",DATUM["Datum_Geodesi_Nasional_1995",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],TOWGS84[0,0,0,0,0,0,0],AUTHORITY["EPSG","6755"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4755"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",10000000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","23880"]]`

	wktOGCSRGI49S = `PROJCS["SRGI2013 / UTM zone 49S",GEOGCS["SRGI2013",DATUM["Sistem_Referensi_Geospasial_Indonesia_2013",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","1293"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","9470"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",111],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",10000000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","9489"]]`

	wktESRIWebMercator = `PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]`

	wktOGCWebMercator = `PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],EXTENSION["PROJ4","+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"],AUTHORITY["EPSG","3857"]]`

	wktWKT2WebMercator = `PROJCRS["WGS 84 / Pseudo-Mercator",BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["Popular Visualisation Pseudo-Mercator",METHOD["Popular Visualisation Pseudo Mercator",ID["EPSG",1024]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Longitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["False easting",0,LENGTHUNIT["metre",1]],PARAMETER["False northing",0,LENGTHUNIT["metre",1]]],CS[Cartesian,2],AXIS["easting (X)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["northing (Y)",north,ORDER[2],LENGTHUNIT["metre",1]],ID["EPSG",3857]]`

	// New Zealand Transverse Mercator 2000: TM on GRS 1980 that is not UTM.
	wktNZTM = `PROJCS["NZGD_2000_New_Zealand_Transverse_Mercator",GEOGCS["GCS_NZGD_2000",DATUM["D_NZGD_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",1600000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",173.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

	// UTM 50N written in US survey feet (false easting 500 km in feet).
	wktTMFeet = `PROJCS["WGS_1984_UTM_Zone_50N_ftUS",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",1640416.666666667],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Foot_US",0.3048006096012192]]`

	wktWKT2Geog = `GEOGCRS["WGS 84",ENSEMBLE["World Geodetic System 1984 ensemble",MEMBER["World Geodetic System 1984 (G2139)"],ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]],ENSEMBLEACCURACY[2.0]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]]`

	wktBoundDGN95 = `BOUNDCRS[SOURCECRS[GEOGCRS["DGN95",DATUM["Datum Geodesi Nasional 1995",ELLIPSOID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],CS[ellipsoidal,2],AXIS["lat",north],AXIS["lon",east],ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",4755]]],TARGETCRS[GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0]]],ABRIDGEDTRANSFORMATION["DGN95 to WGS 84 (1)",METHOD["Geocentric translations"],PARAMETER["X-axis translation",0],PARAMETER["Y-axis translation",0],PARAMETER["Z-axis translation",0]]]`

	wktCompound = `COMPD_CS["WGS 84 / UTM zone 50S + EGM96 height",` + wktOGCUTM50S + `,VERT_CS["EGM96 height",VERT_DATUM["EGM96 geoid",2005],UNIT["metre",1],AXIS["Up",UP]]]`
)

func TestParsePRJ(t *testing.T) {
	kukar, err := os.ReadFile("testdata/crs/kukar_6402_desa.prj")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, wkt string
		epsg      int
		crsName   string
	}{
		{"kukar .prj", string(kukar), 4326, "WGS 84"},
		{"ESRI UTM 50S", wktESRIUTM50S, 32750, "WGS 84 / UTM zone 50S"},
		{"OGC WKT1 UTM 50S", wktOGCUTM50S, 32750, "WGS 84 / UTM zone 50S"},
		{"OGC WKT1 UTM 50S with ()", strings.NewReplacer("[", "(", "]", ")").Replace(wktOGCUTM50S), 32750, "WGS 84 / UTM zone 50S"},
		{"WKT2 UTM 50S", wktWKT2UTM50S, 32750, "WGS 84 / UTM zone 50S"},
		{"WKT2 km, no ID", wktWKT2NoID, 0, "UTM 50S"},
		{"ESRI DGN95 UTM 50S", wktESRIDGN95UTM50S, 23880, "DGN95 / UTM zone 50S"},
		{"OGC DGN95 UTM 50S", wktOGCDGN95UTM50S, 23880, "DGN95 / UTM zone 50S"},
		{"OGC SRGI2013 UTM 49S", wktOGCSRGI49S, 9489, "SRGI2013 / UTM zone 49S"},
		{"ESRI Web Mercator", wktESRIWebMercator, 3857, "WGS 84 / Pseudo-Mercator"},
		{"OGC Web Mercator", wktOGCWebMercator, 3857, "WGS 84 / Pseudo-Mercator"},
		{"WKT2 Web Mercator", wktWKT2WebMercator, 3857, "WGS 84 / Pseudo-Mercator"},
		{"generic TM on GRS 1980", wktNZTM, 0, "NZGD_2000_New_Zealand_Transverse_Mercator"},
		{"US feet", wktTMFeet, 0, "WGS_1984_UTM_Zone_50N_ftUS"},
		{"WKT2 geographic", wktWKT2Geog, 4326, "WGS 84"},
		{"bound DGN95", wktBoundDGN95, 4755, "DGN95"},
		{"compound", wktCompound, 32750, "WGS 84 / UTM zone 50S"},
		{"ESRI DGN95 geographic", `GEOGCS["GCS_DGN_1995",DATUM["D_Datum_Geodesi_Nasional_1995",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, 4755, "DGN95"},
		{"SRGI2013 geographic", `GEOGCS["SRGI2013",DATUM["Sistem_Referensi_Geospasial_Indonesia_2013",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","9470"]]`, 9470, "SRGI2013"},
		{"ETRS89 geographic", `GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, 0, "GCS_ETRS_1989"},
		{"name only", `PROJCS["WGS_1984_UTM_Zone_50S"]`, 32750, "WGS 84 / UTM zone 50S"},
		{"code only", `PROJCS["x",AUTHORITY["EPSG","23880"]]`, 23880, "DGN95 / UTM zone 50S"},
		{"BOM, padding", "\ufeff" + wktESRIUTM50S + "\r\n\x00\x00", 32750, "WGS 84 / UTM zone 50S"},
		{"zone 50N by parameters", strings.ReplaceAll(wktESRIUTM50S, "10000000.0", "0.0"), 32650, "WGS 84 / UTM zone 50N"},
		{"zone 49S by parameters", strings.ReplaceAll(wktESRIUTM50S, `"Central_Meridian",117.0`, `"Central_Meridian",111.0`), 32749, "WGS 84 / UTM zone 49S"},
	}
	for _, tc := range tests {
		c, err := ParsePRJ(tc.wkt)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if c.EPSG != tc.epsg || c.Name != tc.crsName {
			t.Errorf("%s: got EPSG %d %q; want %d %q", tc.name, c.EPSG, c.Name, tc.epsg, tc.crsName)
		}
	}
}

// CRSs recognised by parameters convert as their definition says.
func TestParsePRJConversions(t *testing.T) {
	utm50n, utm50s := UTM(50, false), UTM(50, true)
	tests := []struct {
		name     string
		wkt      string
		x, y     float64
		ref      CRS
		rx, ry   float64
		geograph bool
	}{
		// Feet are converted before the projection: 1 ftUS = 0.3048006096012192 m.
		{"US feet", wktTMFeet, 1700000, 300000, utm50n, 1700000 * 0.3048006096012192, 300000 * 0.3048006096012192, false},
		{"kilometres", wktWKT2NoID, 512.3456, 9950.0, utm50s, 512345.6, 9950000, false},
		{"ETRS89 as WGS 84", `GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, 10.5, 50.25, WGS84, 10.5, 50.25, true},
	}
	for _, tc := range tests {
		c, err := ParsePRJ(tc.wkt)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if c.IsGeographic() != tc.geograph {
			t.Errorf("%s: IsGeographic = %v", tc.name, c.IsGeographic())
		}
		lon, lat := c.ToLonLat(tc.x, tc.y)
		wlon, wlat := tc.ref.ToLonLat(tc.rx, tc.ry)
		if math.Abs(lon-wlon) > 1e-10 || math.Abs(lat-wlat) > 1e-10 {
			t.Errorf("%s: ToLonLat = %.10f, %.10f; want %.10f, %.10f", tc.name, lon, lat, wlon, wlat)
		}
		x, y := c.FromLonLat(lon, lat)
		if math.Abs(x-tc.x) > 1e-6 || math.Abs(y-tc.y) > 1e-6 {
			t.Errorf("%s: FromLonLat back = %.6f, %.6f; want %v, %v", tc.name, x, y, tc.x, tc.y)
		}
	}
	// NZTM: a published check point would need NZGD2000 figures; check
	// the definition instead: on the central meridian 173°E at the
	// equator, E = FE and N = FN.
	c, err := ParsePRJ(wktNZTM)
	if err != nil {
		t.Fatal(err)
	}
	if x, y := c.FromLonLat(173, 0); math.Abs(x-1600000) > 1e-9 || math.Abs(y-10000000) > 1e-9 {
		t.Errorf("NZTM origin = %v, %v", x, y)
	}
}

func TestParsePRJErrors(t *testing.T) {
	tests := []struct {
		name, wkt string
		want      []string // substrings of the message
		sentinel  error
	}{
		{"Lambert", `PROJCS["NAD83 / Conus Lambert",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-96.0],PARAMETER["Standard_Parallel_1",33.0],PARAMETER["Standard_Parallel_2",45.0],PARAMETER["Latitude_Of_Origin",39.0],UNIT["Meter",1.0]]`,
			[]string{`"NAD83 / Conus Lambert"`, `projection "Lambert_Conformal_Conic"`, "reproject to EPSG:4326 or UTM, or pass --s-crs"}, ErrUnsupported},
		{"OSGB with TOWGS84", `PROJCS["OSGB 1936 / British National Grid",GEOGCS["OSGB 1936",DATUM["OSGB_1936",SPHEROID["Airy 1830",6377563.396,299.3249646],TOWGS84[446.448,-125.157,542.06,0.15,0.247,0.842,-20.489]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["metre",1]]`,
			[]string{`datum "OSGB_1936" needs a shift`, "British National Grid", "--s-crs"}, ErrUnsupported},
		{"ID74 UTM 50S, ESRI", `PROJCS["Indonesian_1974_UTM_Zone_50S",GEOGCS["GCS_Indonesian_1974",DATUM["D_Indonesian_1974",SPHEROID["Indonesian",6378160.0,298.247]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`,
			[]string{`"D_Indonesian_1974"`, "differs from WGS 84", "reproject"}, ErrUnsupported},
		{"Paris meridian", `GEOGCS["NTF (Paris)",DATUM["NTF",SPHEROID["Clarke 1880 (IGN)",6378249.2,293.466021293627]],PRIMEM["Paris",2.33722917],UNIT["grad",0.01570796326794897]]`,
			[]string{"prime meridian", "Paris"}, ErrUnsupported},
		{"geocentric", `GEOCCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["metre",1]]`,
			[]string{"GEOCCS"}, ErrUnsupported},
		{"grads", `GEOGCS["x",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Grad",0.01570796326794897]]`,
			[]string{`angular unit "Grad"`}, ErrUnsupported},
		{"ellipsoidal Mercator", `PROJCS["World Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1]]`,
			[]string{`projection "Mercator_1SP"`}, ErrUnsupported},
		{"code contradicts parameters", strings.Replace(wktOGCUTM50S, `AUTHORITY["EPSG","32750"]]`, `AUTHORITY["EPSG","32749"]]`, 1),
			[]string{"declares EPSG:32749", "central meridian 117"}, ErrUnsupported},
		{"unknown datum no spheroid", `GEOGCS["x",DATUM["y"],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]`,
			[]string{"no SPHEROID"}, ErrUnsupported},
		{"unknown name only", `PROJCS["My local grid"]`, []string{`"My local grid"`}, ErrUnsupported},
		{"empty", "", []string{"empty"}, ErrBadWKT},
		{"not WKT", "+proj=utm +zone=50 +south", []string{"KEYWORD"}, ErrBadWKT},
		{"truncated", `PROJCS["WGS_1984_UTM_Zone_50S",GEOGCS["GCS_WGS_1984"`, []string{"unexpected end"}, ErrBadWKT},
		{"unterminated string", `GEOGCS["GCS_WGS_1984]`, []string{"unterminated"}, ErrBadWKT},
		{"trailing text", wktESRIUTM50S + "x", []string{"after the CRS"}, ErrBadWKT},
		{"deep", strings.Repeat("A[", 100) + strings.Repeat("]", 100), []string{"nested deeper"}, ErrBadWKT},
	}
	for _, tc := range tests {
		_, err := ParsePRJ(tc.wkt)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !errors.Is(err, tc.sentinel) {
			t.Errorf("%s: error %q does not wrap %v", tc.name, err, tc.sentinel)
		}
		if !strings.HasPrefix(err.Error(), "geoio: ") {
			t.Errorf("%s: error %q lacks the package prefix", tc.name, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", tc.name, err, w)
			}
		}
	}
}
