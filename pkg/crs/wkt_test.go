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

// WKT of the projections and datums beyond TM, as PROJ 9.1.1 writes them
// (projinfo -o WKT1_ESRI, WKT1_GDAL, WKT2_2019) or written by hand.
const (
	wktESRIWorldMercator = `PROJCS["WGS_1984_World_Mercator",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],UNIT["Meter",1.0]]`

	wktESRIBataviaJakartaNEIEZ = `PROJCS["Batavia_Jakarta_NEIEZ",GEOGCS["GCS_Batavia_Jakarta",DATUM["D_Batavia",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Jakarta",106.807719444444],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator"],PARAMETER["False_Easting",3900000.0],PARAMETER["False_Northing",900000.0],PARAMETER["Central_Meridian",3.19228055555556],PARAMETER["Standard_Parallel_1",4.45405154589748],UNIT["Meter",1.0]]`

	wktOGCBataviaNEIEZ = `PROJCS["Batavia / NEIEZ",GEOGCS["Batavia",DATUM["Batavia",SPHEROID["Bessel 1841",6377397.155,299.1528128,AUTHORITY["EPSG","7004"]],AUTHORITY["EPSG","6211"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4211"]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",110],PARAMETER["scale_factor",0.997],PARAMETER["false_easting",3900000],PARAMETER["false_northing",900000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","3001"]]`

	wktESRILCC2SP = `PROJCS["ETRS_1989_LCC",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",4000000.0],PARAMETER["False_Northing",2800000.0],PARAMETER["Central_Meridian",10.0],PARAMETER["Standard_Parallel_1",35.0],PARAMETER["Standard_Parallel_2",65.0],PARAMETER["Latitude_Of_Origin",52.0],UNIT["Meter",1.0]]`

	wktWKT2LCC2SP = `PROJCRS["ETRS89-extended / LCC Europe",BASEGEOGCRS["ETRS89",ENSEMBLE["European Terrestrial Reference System 1989 ensemble",MEMBER["European Terrestrial Reference Frame 1989"],MEMBER["European Terrestrial Reference Frame 1990"],MEMBER["European Terrestrial Reference Frame 1991"],MEMBER["European Terrestrial Reference Frame 1992"],MEMBER["European Terrestrial Reference Frame 1993"],MEMBER["European Terrestrial Reference Frame 1994"],MEMBER["European Terrestrial Reference Frame 1996"],MEMBER["European Terrestrial Reference Frame 1997"],MEMBER["European Terrestrial Reference Frame 2000"],MEMBER["European Terrestrial Reference Frame 2005"],MEMBER["European Terrestrial Reference Frame 2014"],ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]],ENSEMBLEACCURACY[0.1]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4258]],CONVERSION["Europe Conformal 2001",METHOD["Lambert Conic Conformal (2SP)",ID["EPSG",9802]],PARAMETER["Latitude of false origin",52,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8821]],PARAMETER["Longitude of false origin",10,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8822]],PARAMETER["Latitude of 1st standard parallel",35,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8823]],PARAMETER["Latitude of 2nd standard parallel",65,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8824]],PARAMETER["Easting at false origin",4000000,LENGTHUNIT["metre",1],ID["EPSG",8826]],PARAMETER["Northing at false origin",2800000,LENGTHUNIT["metre",1],ID["EPSG",8827]]],CS[Cartesian,2],AXIS["northing (N)",north,ORDER[1],LENGTHUNIT["metre",1]],AXIS["easting (E)",east,ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Conformal mapping at scales of 1:500,000 and smaller."],AREA["Europe - European Union (EU) countries and candidates. Europe - onshore and offshore: Albania; Andorra; Austria; Belgium; Bosnia and Herzegovina; Bulgaria; Croatia; Cyprus; Czechia; Denmark; Estonia; Faroe Islands; Finland; France; Germany; Gibraltar; Greece; Hungary; Iceland; Ireland; Italy; Kosovo; Latvia; Liechtenstein; Lithuania; Luxembourg; Malta; Monaco; Montenegro; Netherlands; North Macedonia; Norway including Svalbard and Jan Mayen; Poland; Portugal including Madeira and Azores; Romania; San Marino; Serbia; Slovakia; Slovenia; Spain including Canary Islands; Sweden; Switzerland; Türkiye (Turkey); United Kingdom (UK) including Channel Islands and Isle of Man; Vatican City State."],BBOX[24.6,-35.58,84.73,44.83]],ID["EPSG",3034]]`

	wktESRIAlbers = `PROJCS["Asia_South_Albers_Equal_Area_Conic",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Albers"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",125.0],PARAMETER["Standard_Parallel_1",7.0],PARAMETER["Standard_Parallel_2",-32.0],PARAMETER["Latitude_Of_Origin",-15.0],UNIT["Meter",1.0]]`

	wktOGCAlbers = `PROJCS["NAD83 / Conus Albers",GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6269"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4269"]],PROJECTION["Albers_Conic_Equal_Area"],PARAMETER["latitude_of_center",23],PARAMETER["longitude_of_center",-96],PARAMETER["standard_parallel_1",29.5],PARAMETER["standard_parallel_2",45.5],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","5070"]]`

	wktOGCLAEA = `PROJCS["ETRS89-extended / LAEA Europe",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6258"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4258"]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["latitude_of_center",52],PARAMETER["longitude_of_center",10],PARAMETER["false_easting",4321000],PARAMETER["false_northing",3210000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","3035"]]`

	wktESRIMollweide = `PROJCS["World_Mollweide",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mollweide"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],UNIT["Meter",1.0]]`

	wktOGCMollweide = `PROJCS["World_Mollweide",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mollweide"],PARAMETER["central_meridian",0],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["ESRI","54009"]]`

	wktESRIID74UTM = `PROJCS["Indonesian_1974_UTM_Zone_50S",GEOGCS["GCS_Indonesian_1974",DATUM["D_Indonesian_1974",SPHEROID["Indonesian",6378160.0,298.247]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

	wktOGCBatavia = `GEOGCS["Batavia",DATUM["Batavia",SPHEROID["Bessel 1841",6377397.155,299.1528128,AUTHORITY["EPSG","7004"]],AUTHORITY["EPSG","6211"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4211"]]`

	wktOGCBataviaJakarta = `GEOGCS["Batavia (Jakarta)",DATUM["Batavia_Jakarta",SPHEROID["Bessel 1841",6377397.155,299.1528128,AUTHORITY["EPSG","7004"]],TOWGS84[-377,681,-50,0,0,0,0],AUTHORITY["EPSG","6813"]],PRIMEM["Jakarta",106.807719444444,AUTHORITY["EPSG","8908"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4813"]]`

	wktESRIBataviaUTM50S = `PROJCS["Batavia_UTM_Zone_50S",GEOGCS["GCS_Batavia",DATUM["D_Batavia",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`

	wktWKT2BoundNEIEZ = `BOUNDCRS[SOURCECRS[PROJCRS["Batavia / NEIEZ",BASEGEOGCRS["Batavia",DATUM["Batavia",ELLIPSOID["Bessel 1841",6377397.155,299.1528128,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4211]],CONVERSION["Netherlands East Indies Equatorial Zone",METHOD["Mercator (variant A)",ID["EPSG",9804]],PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",110,ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["Scale factor at natural origin",0.997,SCALEUNIT["unity",1],ID["EPSG",8805]],PARAMETER["False easting",3900000,LENGTHUNIT["metre",1],ID["EPSG",8806]],PARAMETER["False northing",900000,LENGTHUNIT["metre",1],ID["EPSG",8807]]],CS[Cartesian,2],AXIS["easting (X)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["northing (Y)",north,ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Engineering survey,topographic mapping."],AREA["Indonesia - onshore - Bali,Java and western Sumatra."],BBOX[-8.91,95.16,5.97,115.77]],ID["EPSG",3001]]],TARGETCRS[GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["latitude",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["longitude",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]]],ABRIDGEDTRANSFORMATION["Batavia to WGS 84 (1)",VERSION["DMA-Idn Sumatra"],METHOD["Geocentric translations (geog2D domain)",ID["EPSG",9603]],PARAMETER["X-axis translation",-377,ID["EPSG",8605]],PARAMETER["Y-axis translation",681,ID["EPSG",8606]],PARAMETER["Z-axis translation",-50,ID["EPSG",8607]],USAGE[SCOPE["Military survey."],AREA["Indonesia - onshore - Bali,Java and western Sumatra."],BBOX[-8.91,95.16,5.97,115.77]],ID["EPSG",8452],REMARK["Derived at 5 stations. Note: U.S. DMA TR8350.2 September 1987 gives source CRS as Batavia and area as Sumatra. The Batavia (Genuk) CRS applies to Java and western Sumatra. EPSG presumes this CT applies to both. Sometimes found applied to all Sumatra."]]]`

	wktOGCMercator2SP = `PROJCS["ID74 / Mercator 2SP",GEOGCS["ID74",DATUM["Indonesian_Datum_1974",SPHEROID["Indonesian National Spheroid",6378160,298.247]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_2SP"],PARAMETER["standard_parallel_1",-7],PARAMETER["central_meridian",115],PARAMETER["false_easting",500000],PARAMETER["false_northing",2000000],UNIT["metre",1]]`

	wktOGCLCC1SP = `PROJCS["Batavia / LCC 1SP",GEOGCS["Batavia",DATUM["Batavia",SPHEROID["Bessel 1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_1SP"],PARAMETER["latitude_of_origin",-5],PARAMETER["central_meridian",110],PARAMETER["scale_factor",0.9995],PARAMETER["false_easting",1000000],PARAMETER["false_northing",2000000],UNIT["metre",1]]`

	wktWKT2Albers = `PROJCRS["GDA94 / Australian Albers",BASEGEOGCRS["GDA94",DATUM["Geocentric Datum of Australia 1994",ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["Australian Albers",METHOD["Albers Equal Area",ID["EPSG",9822]],PARAMETER["Latitude of false origin",0,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Longitude of false origin",132,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Latitude of 1st standard parallel",-18,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Latitude of 2nd standard parallel",-36,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Easting at false origin",0,LENGTHUNIT["metre",1]],PARAMETER["Northing at false origin",0,LENGTHUNIT["metre",1]]],CS[Cartesian,2],AXIS["(E)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["(N)",north,ORDER[2],LENGTHUNIT["metre",1]]]`

	wktESRILAEAPolar = `PROJCS["South_Pole_LAEA",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Latitude_Of_Origin",-90.0],UNIT["Meter",1.0]]`

	wktBNGTOWGS84 = `PROJCS["OSGB 1936 / British National Grid",GEOGCS["OSGB 1936",DATUM["OSGB_1936",SPHEROID["Airy 1830",6377563.396,299.3249646],TOWGS84[446.448,-125.157,542.06,0.15,0.247,0.842,-20.489]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["metre",1]]`

	wktTimbalai3 = `GEOGCS["GCS_Timbalai_1948",DATUM["D_Timbalai_1948",SPHEROID["Everest_Definition_1967",6377298.556,300.8017],TOWGS84[-679,669,-48]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`

	wktBoundID74CF = `BOUNDCRS[SOURCECRS[GEOGCRS["ID74",DATUM["Indonesian Datum 1974",ELLIPSOID["Indonesian National Spheroid",6378160,298.247,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]]]],TARGETCRS[GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["latitude",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["longitude",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]]],ABRIDGEDTRANSFORMATION["ID74 to WGS 84 (3)",METHOD["Coordinate Frame rotation (geog2D domain)",ID["EPSG",9607]],PARAMETER["X-axis translation",-1.977,ID["EPSG",8605]],PARAMETER["Y-axis translation",-13.06,ID["EPSG",8606]],PARAMETER["Z-axis translation",-9.993,ID["EPSG",8607]],PARAMETER["X-axis rotation",-0.364,ID["EPSG",8608]],PARAMETER["Y-axis rotation",-0.254,ID["EPSG",8609]],PARAMETER["Z-axis rotation",-0.689,ID["EPSG",8610]],PARAMETER["Scale difference",-1.037,ID["EPSG",8611]],ID["EPSG",1833]]]`

	wktOGCUnknownProjection = `PROJCS["Timbalai 1948 / RSO Borneo (m)",GEOGCS["Timbalai 1948",DATUM["Timbalai_1948",SPHEROID["Everest 1830 (1967 Definition)",6377298.556,300.8017],TOWGS84[-679,669,-48,0,0,0,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Hotine_Oblique_Mercator_Azimuth_Center"],PARAMETER["latitude_of_center",4],PARAMETER["longitude_of_center",115],PARAMETER["azimuth",53.3158204722222],PARAMETER["rectified_grid_angle",53.1301023611111],PARAMETER["scale_factor",0.99984],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","29873"]]`

	wktESRIUnknownDatum = `PROJCS["NAD_1927_UTM_Zone_10N",GEOGCS["GCS_North_American_1927",DATUM["D_North_American_1927",SPHEROID["Clarke_1866",6378206.4,294.9786982]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-123.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`
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
		{"ESRI World Mercator", wktESRIWorldMercator, 3395, "WGS 84 / World Mercator"},
		{"ESRI Batavia (Jakarta) NEIEZ", wktESRIBataviaJakartaNEIEZ, 5330, "Batavia (Jakarta) / NEIEZ"},
		{"OGC Batavia NEIEZ", wktOGCBataviaNEIEZ, 3001, "Batavia / NEIEZ"},
		{"WKT2 bound Batavia NEIEZ", wktWKT2BoundNEIEZ, 3001, "Batavia / NEIEZ"},
		{"ESRI LCC Europe", wktESRILCC2SP, 3034, "ETRS89-extended / LCC Europe"},
		{"WKT2 LCC Europe", wktWKT2LCC2SP, 3034, "ETRS89-extended / LCC Europe"},
		{"ESRI Asia South Albers", wktESRIAlbers, 0, "Asia_South_Albers_Equal_Area_Conic"},
		{"OGC Conus Albers", wktOGCAlbers, 0, "NAD83 / Conus Albers"},
		{"OGC LAEA Europe", wktOGCLAEA, 3035, "ETRS89-extended / LAEA Europe"},
		{"ESRI Mollweide", wktESRIMollweide, 0, "World_Mollweide"},
		{"OGC Mollweide", wktOGCMollweide, 0, "World_Mollweide"},
		{"ESRI ID74 UTM 50S", wktESRIID74UTM, 23890, "ID74 / UTM zone 50S"},
		{"ESRI Batavia UTM 50S", wktESRIBataviaUTM50S, 21150, "Batavia / UTM zone 50S"},
		{"OGC Batavia", wktOGCBatavia, 4211, "Batavia"},
		{"OGC Batavia (Jakarta) with TOWGS84", wktOGCBataviaJakarta, 4813, "Batavia (Jakarta)"},
		{"WKT2 bound ID74, coordinate frame", wktBoundID74CF, 4238, "ID74"},
		{"OGC Mercator 2SP", wktOGCMercator2SP, 0, "ID74 / Mercator 2SP"},
		{"OGC LCC 1SP", wktOGCLCC1SP, 0, "Batavia / LCC 1SP"},
		{"WKT2 Albers", wktWKT2Albers, 0, "GDA94 / Australian Albers"},
		{"ESRI south polar LAEA", wktESRILAEAPolar, 0, "South_Pole_LAEA"},
		{"BNG with TOWGS84", wktBNGTOWGS84, 0, "OSGB 1936 / British National Grid"},
		{"Timbalai with a 3-parameter TOWGS84", wktTimbalai3, 0, "GCS_Timbalai_1948"},
		{"ESRI ID74 geographic", `GEOGCS["GCS_Indonesian_1974",DATUM["D_Indonesian_1974",SPHEROID["Indonesian",6378160.0,298.247]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, 4238, "ID74"},
		{"ESRI Batavia (Jakarta) geographic", `GEOGCS["GCS_Batavia_Jakarta",DATUM["D_Batavia",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Jakarta",106.807719444444],UNIT["Degree",0.0174532925199433]]`, 4813, "Batavia (Jakarta)"},
		{"WGS 84 with a zero TOWGS84", `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563],TOWGS84[0,0,0,0,0,0,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]`, 4326, "WGS 84"},
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
		{"oblique Mercator", `PROJCS["Timbalai 1948 / RSO Borneo (m)",GEOGCS["Timbalai 1948",DATUM["Timbalai_1948",SPHEROID["Everest 1830 (1967 Definition)",6377298.556,300.8017],TOWGS84[-679,669,-48,0,0,0,0]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Hotine_Oblique_Mercator_Azimuth_Center"],PARAMETER["latitude_of_center",4],PARAMETER["longitude_of_center",115],PARAMETER["azimuth",53.3158204722222],PARAMETER["rectified_grid_angle",53.1301023611111],PARAMETER["scale_factor",0.99984],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","29873"]]`,
			[]string{`"Timbalai 1948 / RSO Borneo (m)"`, `projection "Hotine_Oblique_Mercator_Azimuth_Center"`, "reproject to EPSG:4326 or UTM, or pass --s-crs"}, ErrUnsupported},
		{"unknown datum without TOWGS84", `PROJCS["NAD_1927_UTM_Zone_10N",GEOGCS["GCS_North_American_1927",DATUM["D_North_American_1927",SPHEROID["Clarke_1866",6378206.4,294.9786982]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",-123.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]`,
			[]string{`datum "D_North_American_1927"`, `"Clarke_1866"`, "no TOWGS84", "NAD_1927_UTM_Zone_10N", "reproject"}, ErrUnsupported},
		{"Batavia on another ellipsoid", `GEOGCS["GCS_Batavia",DATUM["D_Batavia",SPHEROID["International_1924",6378388.0,297.0]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`,
			[]string{`datum "D_Batavia"`, `"International_1924"`, "not the Batavia datum's"}, ErrUnsupported},
		{"Paris meridian in grads", `GEOGCS["NTF (Paris)",DATUM["NTF",SPHEROID["Clarke 1880 (IGN)",6378249.2,293.466021293627]],PRIMEM["Paris",2.33722917],UNIT["grad",0.01570796326794897]]`,
			[]string{`angular unit "grad"`, "NTF (Paris)"}, ErrUnsupported},
		{"prime meridian out of range", `GEOGCS["x",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Nowhere",400],UNIT["Degree",0.0174532925199433]]`,
			[]string{`prime meridian "Nowhere"`}, ErrUnsupported},
		{"TOWGS84 of 5 values", `GEOGCS["x",DATUM["y",SPHEROID["Bessel 1841",6377397.155,299.1528128],TOWGS84[1,2,3,4,5]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]`,
			[]string{"TOWGS84 of 5 values"}, ErrUnsupported},
		{"bound to another datum", `BOUNDCRS[SOURCECRS[GEOGCRS["ID74",DATUM["Indonesian Datum 1974",ELLIPSOID["Indonesian National Spheroid",6378160,298.247]],PRIMEM["Greenwich",0]]],TARGETCRS[GEOGCRS["ETRS89",DATUM["European Terrestrial Reference System 1989",ELLIPSOID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0]]],ABRIDGEDTRANSFORMATION["x",METHOD["Geocentric translations"],PARAMETER["X-axis translation",1],PARAMETER["Y-axis translation",2],PARAMETER["Z-axis translation",3]]]`,
			[]string{`bound to "ETRS89"`}, ErrUnsupported},
		{"bound by a grid", `BOUNDCRS[SOURCECRS[GEOGCRS["ID74",DATUM["Indonesian Datum 1974",ELLIPSOID["Indonesian National Spheroid",6378160,298.247]],PRIMEM["Greenwich",0]]],TARGETCRS[GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0]]],ABRIDGEDTRANSFORMATION["x",METHOD["NTv2"],PARAMETERFILE["Latitude and longitude difference file","id74.gsb"]]]`,
			[]string{`"ID74"`}, ErrUnsupported},
		{"geocentric", `GEOCCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["metre",1]]`,
			[]string{"GEOCCS"}, ErrUnsupported},
		{"grads", `GEOGCS["x",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Grad",0.01570796326794897]]`,
			[]string{`angular unit "Grad"`}, ErrUnsupported},
		{"Mercator variant C", `PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_1SP"],PARAMETER["latitude_of_origin",10],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1]]`,
			[]string{"variant C"}, ErrUnsupported},
		{"LCC 2SP with a scale factor", `PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["standard_parallel_1",10],PARAMETER["standard_parallel_2",20],PARAMETER["latitude_of_origin",15],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1.0000382],UNIT["metre",1]]`,
			[]string{"Michigan"}, ErrUnsupported},
		{"LCC 1SP at the equator", `PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_1SP"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],UNIT["metre",1]]`,
			[]string{"between the equator and a pole"}, ErrUnsupported},
		{"Albers symmetric parallels", `PROJCS["x",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Albers_Conic_Equal_Area"],PARAMETER["standard_parallel_1",20],PARAMETER["standard_parallel_2",-20],PARAMETER["latitude_of_center",0],PARAMETER["longitude_of_center",0],UNIT["metre",1]]`,
			[]string{"symmetric"}, ErrUnsupported},
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
