#!/usr/bin/env python3
"""Writes vectors.txt, the cs2cs test vectors of the crs package.

Run from this directory with PROJ's cs2cs on the PATH (Debian: apt-get
install proj-bin proj-data):  python3 gen.py > vectors.txt

Each block names a CRS as the Go code reads it (crs: a code or WKT) and
the PROJ definition cs2cs is given for it, and holds
  ll2xy lon lat x y   forward: cs2cs -f %.10f SRC +to DST
  xy2ll x y lon lat   inverse: cs2cs -I -f %.10f SRC +to DST
on points chosen here (the inverse inputs are the forward outputs moved
by a fixed offset, so that they are not round trips). In mode "proj" SRC
is longitude/latitude on the CRS's own ellipsoid and no datum is
involved: the block tests the projection alone. In mode "full" SRC is
WGS 84 and the block tests the whole conversion, datum shift included.
The cs2cs command of every block is written above its vectors.
"""
import subprocess

WGS84 = "+proj=longlat +datum=WGS84 +type=crs"

# Points (lon, lat) in and around Indonesia, and far from it.
INDO = [(117.0, -0.5), (106.8, -6.2), (95.3, 5.55), (141.0, -9.0), (124.8, 1.5), (110.4, -7.8)]
# Inland points of Java, Bali and Sumatra, inside the area of EPSG:8452 and
# outside the boxes of the offshore Batavia transformations EPSG:1813/1814.
JAVA = [(107.6, -6.9), (110.4, -7.8), (100.35, -0.95), (115.2, -8.65), (98.7, 3.6), (112.75, -7.25)]


def blocks():
    ell = lambda e: f"+proj=longlat {e} +type=crs"
    b = []

    def add(name, mode, crs, proj, src, pts, off, order=None):
        b.append(dict(name=name, mode=mode, crs=crs, proj=proj, src=src, pts=pts, off=off, order=order))

    far = [(0.0, 0.0), (-75.0, 40.0), (179.5, -60.0), (-179.5, 75.0), (45.0, -80.0), (10.0, 85.0)]
    # ---- Mercator
    add("mercator 1SP, EPSG:3395", "proj", "EPSG:3395",
        "+proj=merc +lon_0=0 +k=1 +x_0=0 +y_0=0 +ellps=WGS84", ell("+ellps=WGS84"), INDO + far, (1234.5, -987.25))
    add("mercator 1SP k0 0.997, EPSG:3001 projection on Bessel", "proj", "EPSG:3001",
        "+proj=merc +lon_0=110 +k=0.997 +x_0=3900000 +y_0=900000 +ellps=bessel", ell("+ellps=bessel"),
        INDO + far, (1234.5, -987.25))
    add("mercator 2SP, OGC WKT on the ID74 ellipsoid", "proj",
        'PROJCS["ID74 / Mercator 2SP",GEOGCS["ID74",DATUM["Indonesian_Datum_1974",SPHEROID["Indonesian National Spheroid",6378160,298.247]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_2SP"],PARAMETER["standard_parallel_1",-7],PARAMETER["central_meridian",115],PARAMETER["false_easting",500000],PARAMETER["false_northing",2000000],UNIT["metre",1]]',
        "+proj=merc +lat_ts=-7 +lon_0=115 +x_0=500000 +y_0=2000000 +a=6378160 +rf=298.247",
        ell("+a=6378160 +rf=298.247"), INDO + far, (1234.5, -987.25))
    add("mercator, ESRI WKT with Standard_Parallel_1", "proj",
        'PROJCS["Mercator_20N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",100.0],PARAMETER["Standard_Parallel_1",20.0],UNIT["Meter",1.0]]',
        "+proj=merc +lat_ts=20 +lon_0=100 +ellps=WGS84", ell("+ellps=WGS84"), INDO + far, (1234.5, -987.25))
    # ---- Lambert Conformal Conic
    add("LCC 2SP, EPSG:3034", "proj", "EPSG:3034",
        "+proj=lcc +lat_0=52 +lon_0=10 +lat_1=35 +lat_2=65 +x_0=4000000 +y_0=2800000 +ellps=GRS80",
        ell("+ellps=GRS80"),
        [(10.0, 52.0), (-10.0, 35.0), (30.0, 70.0), (-30.0, 20.0), (60.0, 45.0), (117.0, -0.5), (-100.0, 60.0), (10.0, 85.0)],
        (1234.5, -987.25))
    add("LCC 2SP, ESRI:102030 (parallels 7N and 32S)", "proj", "ESRI:102030",
        "+proj=lcc +lat_0=-15 +lon_0=125 +lat_1=7 +lat_2=-32 +ellps=WGS84", ell("+ellps=WGS84"),
        INDO + [(125.0, -15.0), (150.0, -40.0), (60.0, 30.0), (-160.0, -70.0), (125.0, -85.0)], (1234.5, -987.25))
    add("LCC 1SP south of the equator, OGC WKT on Bessel", "proj",
        'PROJCS["Batavia / LCC 1SP",GEOGCS["Batavia",DATUM["Batavia",SPHEROID["Bessel 1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic_1SP"],PARAMETER["latitude_of_origin",-5],PARAMETER["central_meridian",110],PARAMETER["scale_factor",0.9995],PARAMETER["false_easting",1000000],PARAMETER["false_northing",2000000],UNIT["metre",1]]',
        "+proj=lcc +lat_1=-5 +lat_0=-5 +lon_0=110 +k_0=0.9995 +x_0=1000000 +y_0=2000000 +ellps=bessel",
        ell("+ellps=bessel"), INDO + [(110.0, -5.0), (170.0, -50.0), (30.0, -30.0), (110.0, -88.0), (60.0, 40.0)],
        (1234.5, -987.25))
    add("LCC 2SP in US survey feet, ESRI WKT (NAD83 California zone 3)", "proj",
        'PROJCS["NAD_1983_StatePlane_California_III_FIPS_0403_Feet",GEOGCS["GCS_North_American_1983",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],PARAMETER["False_Easting",6561666.667],PARAMETER["False_Northing",1640416.667],PARAMETER["Central_Meridian",-120.5],PARAMETER["Standard_Parallel_1",37.06666666666667],PARAMETER["Standard_Parallel_2",38.43333333333333],PARAMETER["Latitude_Of_Origin",36.5],UNIT["Foot_US",0.3048006096012192]]',
        "+proj=lcc +lat_0=36.5 +lon_0=-120.5 +lat_1=37.06666666666667 +lat_2=38.43333333333333 +x_0=2000000.0001016 +y_0=500000.0001016 +ellps=GRS80 +units=us-ft",
        ell("+ellps=GRS80"), [(-120.5, 36.5), (-122.4, 37.8), (-118.2, 34.0), (-100.0, 50.0), (-150.0, 20.0), (-60.0, 10.0)],
        (1234.5, -987.25))
    add("LCC 2SP, WKT2 south of the equator", "proj",
        'PROJCRS["WGS 84 / Java LCC",BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["Java LCC",METHOD["Lambert Conic Conformal (2SP)",ID["EPSG",9802]],PARAMETER["Latitude of false origin",-6,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Longitude of false origin",110,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Latitude of 1st standard parallel",-2,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Latitude of 2nd standard parallel",-10,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Easting at false origin",0,LENGTHUNIT["metre",1]],PARAMETER["Northing at false origin",0,LENGTHUNIT["metre",1]]],CS[Cartesian,2],AXIS["easting (X)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["northing (Y)",north,ORDER[2],LENGTHUNIT["metre",1]]]',
        "+proj=lcc +lat_1=-2 +lat_2=-10 +lat_0=-6 +lon_0=110 +ellps=WGS84", ell("+ellps=WGS84"),
        INDO + [(110.0, -6.0), (150.0, -60.0), (40.0, 20.0), (-150.0, -30.0)], (1234.5, -987.25))
    # ---- Albers Equal Area
    add("Albers, ESRI:102028", "proj", "ESRI:102028",
        "+proj=aea +lat_0=-15 +lon_0=125 +lat_1=7 +lat_2=-32 +ellps=WGS84", ell("+ellps=WGS84"),
        INDO + [(125.0, -15.0), (150.0, -40.0), (60.0, 30.0), (-160.0, -70.0), (125.0, 89.0)], (1234.5, -987.25))
    add("Albers, OGC WKT (NAD83 Conus Albers)", "proj",
        'PROJCS["NAD83 / Conus Albers",GEOGCS["NAD83",DATUM["North_American_Datum_1983",SPHEROID["GRS 1980",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Albers_Conic_Equal_Area"],PARAMETER["latitude_of_center",23],PARAMETER["longitude_of_center",-96],PARAMETER["standard_parallel_1",29.5],PARAMETER["standard_parallel_2",45.5],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1]]',
        "+proj=aea +lat_0=23 +lon_0=-96 +lat_1=29.5 +lat_2=45.5 +ellps=GRS80", ell("+ellps=GRS80"),
        [(-96.0, 23.0), (-122.4, 37.8), (-74.0, 40.7), (-150.0, 61.0), (-96.0, 89.5), (-60.0, -50.0), (117.0, -0.5)],
        (1234.5, -987.25))
    add("Albers south of the equator, WKT2 (Australian Albers)", "proj",
        'PROJCRS["GDA94 / Australian Albers",BASEGEOGCRS["GDA94",DATUM["Geocentric Datum of Australia 1994",ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["Australian Albers",METHOD["Albers Equal Area",ID["EPSG",9822]],PARAMETER["Latitude of false origin",0,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Longitude of false origin",132,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Latitude of 1st standard parallel",-18,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Latitude of 2nd standard parallel",-36,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Easting at false origin",0,LENGTHUNIT["metre",1]],PARAMETER["Northing at false origin",0,LENGTHUNIT["metre",1]]],CS[Cartesian,2],AXIS["(E)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["(N)",north,ORDER[2],LENGTHUNIT["metre",1]]]',
        "+proj=aea +lat_0=0 +lon_0=132 +lat_1=-18 +lat_2=-36 +ellps=GRS80", ell("+ellps=GRS80"),
        INDO + [(132.0, -25.0), (151.2, -33.9), (115.9, -31.95), (132.0, -89.0), (-170.0, 30.0)], (1234.5, -987.25))
    # ---- Lambert Azimuthal Equal Area
    add("LAEA oblique, EPSG:3035", "proj", "EPSG:3035",
        "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80", ell("+ellps=GRS80"),
        [(10.0, 52.0), (-10.0, 35.0), (30.0, 70.0), (100.0, 10.0), (-60.0, -30.0), (117.0, -0.5), (10.0, -10.0), (-170.0, 80.0)],
        (1234.5, -987.25))
    add("LAEA north polar, OGC WKT", "proj",
        'PROJCS["WGS 84 / North Pole LAEA Bering Sea",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["latitude_of_center",90],PARAMETER["longitude_of_center",180],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1]]',
        "+proj=laea +lat_0=90 +lon_0=180 +x_0=0 +y_0=0 +ellps=WGS84", ell("+ellps=WGS84"),
        [(170.0, 60.0), (-120.0, 75.0), (0.0, 10.0), (45.0, -30.0), (117.0, -0.5), (180.0, 89.9), (-90.0, 45.0)],
        (1234.5, -987.25))
    add("LAEA south polar, ESRI WKT", "proj",
        'PROJCS["South_Pole_LAEA",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Latitude_Of_Origin",-90.0],UNIT["Meter",1.0]]',
        "+proj=laea +lat_0=-90 +lon_0=0 +ellps=WGS84", ell("+ellps=WGS84"),
        [(0.0, -60.0), (120.0, -75.0), (-45.0, -89.9), (117.0, -0.5), (-170.0, 30.0), (90.0, -10.0)],
        (1234.5, -987.25))
    add("LAEA equatorial, ESRI WKT over Indonesia", "proj",
        'PROJCS["Indonesia_LAEA",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["False_Easting",5000000.0],PARAMETER["False_Northing",5000000.0],PARAMETER["Central_Meridian",115.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
        "+proj=laea +lat_0=0 +lon_0=115 +x_0=5000000 +y_0=5000000 +ellps=WGS84", ell("+ellps=WGS84"),
        INDO + [(115.0, 0.0), (115.0, 80.0), (30.0, 10.0), (-160.0, -20.0), (115.0, -89.0)], (1234.5, -987.25))
    # ---- Mollweide
    add("Mollweide, ESRI:54009 (sphere of radius a)", "proj", "ESRI:54009",
        "+proj=moll +lon_0=0 +x_0=0 +y_0=0 +ellps=WGS84", ell("+ellps=WGS84"),
        INDO + [(0.0, 0.0), (179.9, 89.9), (-179.0, -85.0), (30.0, 89.999), (-75.0, 40.0), (10.0, 60.0)],
        (1234.5, -987.25))
    add("Mollweide, ESRI WKT on GRS 1980 with central meridian and false origin", "proj",
        'PROJCS["Mollweide_115E",GEOGCS["GCS_GRS_1980",DATUM["D_GRS_1980",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mollweide"],PARAMETER["False_Easting",10000000.0],PARAMETER["False_Northing",10000000.0],PARAMETER["Central_Meridian",115.0],UNIT["Meter",1.0]]',
        "+proj=moll +lon_0=115 +x_0=10000000 +y_0=10000000 +ellps=GRS80", ell("+ellps=GRS80"),
        INDO + [(-65.0, 30.0), (-64.5, -45.0), (115.0, 89.5)], (1234.5, -987.25))

    # ---- Datum shifts (mode full: from and to WGS 84)
    gdeg = (0.01, -0.02)
    add("Batavia EPSG:4211, EPSG:8452 translations", "full", "EPSG:4211",
        "+proj=longlat +ellps=bessel +towgs84=-377,681,-50,0,0,0,0", WGS84, INDO + JAVA, gdeg)
    add("Batavia (Jakarta) EPSG:4813, Jakarta prime meridian", "full", "EPSG:4813",
        "+proj=longlat +ellps=bessel +pm=jakarta +towgs84=-377,681,-50,0,0,0,0", WGS84, INDO + JAVA, gdeg)
    add("ID74 EPSG:4238, EPSG:1833 seven parameters (position vector)", "full", "EPSG:4238",
        "+proj=longlat +a=6378160 +rf=298.247 +towgs84=-1.977,-13.06,-9.993,0.364,0.254,0.689,-1.037", WGS84,
        INDO + JAVA, gdeg)
    add("Batavia / UTM zone 48S, EPSG:21148", "full", "EPSG:21148",
        "+proj=utm +zone=48 +south +ellps=bessel +towgs84=-377,681,-50,0,0,0,0", WGS84,
        [(105.0, -6.0), (106.8, -6.2), (107.6, -6.9), (103.0, -3.0), (108.5, -7.5)], (1234.5, -987.25))
    add("Batavia / NEIEZ, EPSG:3001", "full", "EPSG:3001",
        "+proj=merc +lon_0=110 +k=0.997 +x_0=3900000 +y_0=900000 +ellps=bessel +towgs84=-377,681,-50,0,0,0,0",
        WGS84, INDO + JAVA, (1234.5, -987.25))
    add("Batavia (Jakarta) / NEIEZ, EPSG:5330", "full", "EPSG:5330",
        "+proj=merc +lon_0=3.19228055555556 +k=0.997 +x_0=3900000 +y_0=900000 +ellps=bessel +pm=jakarta +towgs84=-377,681,-50,0,0,0,0",
        WGS84, INDO + JAVA, (1234.5, -987.25))
    add("ID74 / UTM zone 50S, EPSG:23890", "full", "EPSG:23890",
        "+proj=utm +zone=50 +south +a=6378160 +rf=298.247 +towgs84=-1.977,-13.06,-9.993,0.364,0.254,0.689,-1.037",
        WGS84, [(117.0, -0.5), (116.0, -1.2), (118.5, -3.0), (114.5, -8.0), (119.9, 1.0)], (1234.5, -987.25))
    add("OSGB 1936 / British National Grid, WKT1 with 7-parameter TOWGS84", "full",
        'PROJCS["OSGB 1936 / British National Grid",GEOGCS["OSGB 1936",DATUM["OSGB_1936",SPHEROID["Airy 1830",6377563.396,299.3249646],TOWGS84[446.448,-125.157,542.06,0.15,0.247,0.842,-20.489]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["metre",1]]',
        "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +a=6377563.396 +rf=299.3249646 +towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489",
        WGS84, [(-0.1275, 51.507), (-3.19, 55.95), (-1.55, 53.8), (-5.7, 50.07), (1.75, 52.6), (-2.0, 60.15)],
        (1234.5, -987.25))
    add("ID74 as WKT2 BOUNDCRS, EPSG:1833 as published (coordinate frame)", "full",
        'BOUNDCRS[SOURCECRS[GEOGCRS["ID74",DATUM["Indonesian Datum 1974",ELLIPSOID["Indonesian National Spheroid",6378160,298.247,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]]]],TARGETCRS[GEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],AXIS["latitude",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],AXIS["longitude",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4326]]],ABRIDGEDTRANSFORMATION["ID74 to WGS 84 (3)",METHOD["Coordinate Frame rotation (geog2D domain)",ID["EPSG",9607]],PARAMETER["X-axis translation",-1.977,ID["EPSG",8605]],PARAMETER["Y-axis translation",-13.06,ID["EPSG",8606]],PARAMETER["Z-axis translation",-9.993,ID["EPSG",8607]],PARAMETER["X-axis rotation",-0.364,ID["EPSG",8608]],PARAMETER["Y-axis rotation",-0.254,ID["EPSG",8609]],PARAMETER["Z-axis rotation",-0.689,ID["EPSG",8610]],PARAMETER["Scale difference",-1.037,ID["EPSG",8611]],ID["EPSG",1833]]]',
        "+proj=longlat +a=6378160 +rf=298.247 +towgs84=-1.977,-13.06,-9.993,0.364,0.254,0.689,-1.037", WGS84,
        INDO, gdeg)
    add("Timbalai 1948 (Everest 1830 1967), ESRI-style WKT with 3-parameter TOWGS84", "full",
        'GEOGCS["GCS_Timbalai_1948",DATUM["D_Timbalai_1948",SPHEROID["Everest_Definition_1967",6377298.556,300.8017],TOWGS84[-679,669,-48]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
        "+proj=longlat +a=6377298.556 +rf=300.8017 +towgs84=-679,669,-48", WGS84,
        [(116.07, 5.98), (110.35, 1.55), (118.0, 4.25), (114.95, 4.9), (117.0, -0.5)], gdeg)
    # PROJ's own choice of operation, EPSG codes in authority (lat, lon)
    # order; the points are inside the area of the operation we use.
    add("ID74 EPSG:4238 by cs2cs EPSG:4326 EPSG:4238 (PROJ's default operation)", "full", "EPSG:4238",
        "EPSG:4238", "EPSG:4326", INDO + JAVA, gdeg, order="latlon")
    add("Batavia EPSG:4211 by cs2cs EPSG:4326 EPSG:4211 (PROJ's default operation)", "full", "EPSG:4211",
        "EPSG:4211", "EPSG:4326", JAVA, gdeg, order="latlon")
    return b


def cs2cs(args, pts, order):
    text = "".join(f"{p[1]!r} {p[0]!r}\n" if order == "latlon" else f"{p[0]!r} {p[1]!r}\n" for p in pts)
    out = subprocess.run(["cs2cs", "-f", "%.10f"] + args, input=text, capture_output=True, text=True, check=True).stdout
    res = []
    for line in out.splitlines():
        f = line.split()
        if "*" in f[0] or "*" in f[1]:
            raise SystemExit(f"cs2cs {args}: no result for a point: {line}")
        a, b = float(f[0]), float(f[1])
        res.append((b, a) if order == "latlon" else (a, b))
    return res


def main():
    ver = subprocess.run(["cs2cs"], capture_output=True, text=True).stderr.splitlines()[0]
    print("# Test vectors of the crs package, written by gen.py (see there) with cs2cs of")
    print(f"# PROJ {ver.strip()} (Debian proj-bin and proj-data 9.1.1-1).")
    print("# Block: block NAME / mode proj|full / crs CODE-OR-WKT / proj PROJ-DEFINITION,")
    print("# then ll2xy lon lat x y and xy2ll x y lon lat lines, then end.")
    for b in blocks():
        src, dst = b["src"], b["proj"]
        if not dst.startswith("EPSG:"):
            dst += " +type=crs"
        geog_dst = "longlat" in dst or b["order"] == "latlon"
        fwd = cs2cs([src, "+to", dst], b["pts"], b["order"])
        ox, oy = b["off"]
        moved = [(x + ox, y + oy) for x, y in fwd]
        inv = cs2cs(["-I", src, "+to", dst], moved, b["order"])
        print()
        print("block", b["name"])
        print("mode", b["mode"])
        print("crs", b["crs"])
        print("proj", b["proj"])
        print(f"# ll2xy: cs2cs -f %.10f {src} +to {dst}")
        print(f"# xy2ll: cs2cs -I -f %.10f {src} +to {dst}" + ("  (lat, lon order)" if b["order"] else ""))
        fmt = "{:.10f}"
        for p, q in zip(b["pts"], fwd):
            print("ll2xy", repr(p[0]), repr(p[1]), fmt.format(q[0]), fmt.format(q[1]))
        for q, p in zip(moved, inv):
            print("xy2ll", repr(round(q[0], 10)), repr(round(q[1], 10)), fmt.format(p[0]), fmt.format(p[1]))
        print("end")


main()
