#!/bin/sh
# Makes the test geodatabases of pkg/geoio/filegdb from the example layers
# and the small CSV files beside this script, and the expected GeoJSON of
# every layer. Run from this folder: sh make.sh (GDAL 3.6.2, Debian gdal-bin).
set -e
EX=../../../../examples
rm -rf kukar.gdb kukar.gdb.zip tipe.gdb lengkung.gdb expected
mkdir expected

# Village boundaries with KUGI field names, two districts (a hole, multipolygons)
ogr2ogr -f OpenFileGDB kukar.gdb $EX/rpjmd/desa_ilustratif.geojson -nln ADMINISTRASIDESA_AR \
  -lco CREATE_SHAPE_AREA_AND_LENGTH_FIELDS=YES -nlt MULTIPOLYGON \
  -sql "SELECT kode AS KDEPUM, nama AS WADMKD, kecamatan AS WADMKC, kode_kec AS KDCPUM, penduduk AS JUMLAH_PDDK, jenis AS TIPADM FROM desa_ilustratif WHERE kode_kec IN ('64.02.02','64.02.05','64.02.04')"
# Districts in a projected CRS (UTM 50S)
ogr2ogr -f OpenFileGDB -update kukar.gdb $EX/kukar/kukar_6402_kecamatan.geojson -nln KECAMATAN_UTM50S \
  -t_srs EPSG:32750 -select kode,nama,lat,lng -nlt MULTIPOLYGON
# Points; some rows deleted below
ogr2ogr -f OpenFileGDB -update kukar.gdb $EX/rpjmd/kantor_desa_ilustratif.geojson -nln kantor_desa
# Lines, with 6-byte row offsets in the .gdbtablx
ogr2ogr -f OpenFileGDB -update kukar.gdb $EX/rpjmd/jalan_ilustratif.geojson -nln jalan \
  -lco CONFIGURATION_KEYWORD=MAX_FILE_SIZE_256TB
# 3D points (height as Z)
ogr2ogr -f OpenFileGDB -update kukar.gdb $EX/rpjmd/menara_ilustratif.csv -nln menara_3d \
  -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo Z_POSSIBLE_NAMES=height_m -a_srs EPSG:4326 -oo AUTODETECT_TYPE=YES
# A plain table (no geometry)
ogr2ogr -f OpenFileGDB -update kukar.gdb $EX/rpjmd/menara_ilustratif.csv -nln menara_tabel -oo AUTODETECT_TYPE=YES
# Deleted rows (OGR SQL has no DELETE; the SQLite dialect names the FID rowid)
ogrinfo kukar.gdb -dialect SQLite -sql "DELETE FROM kantor_desa WHERE rowid % 3 = 0"
ogrinfo kukar.gdb -dialect SQLite -sql "DELETE FROM ADMINISTRASIDESA_AR WHERE rowid IN (2, 5)"
ogrinfo kukar.gdb -dialect SQLite -sql "DELETE FROM menara_tabel WHERE rowid > 90"

# Every field type GDAL writes, nulls, UTF-8 text
ogr2ogr -f OpenFileGDB tipe.gdb types.vrt -lco COLUMN_TYPES=guid=esriFieldTypeGUID,xml=esriFieldTypeXML

# Curves: circular arcs in lines and polygons
ogr2ogr -f OpenFileGDB lengkung.gdb lengkung.csv -nln garis_lengkung -oo GEOM_POSSIBLE_NAMES=wkt -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 -nlt COMPOUNDCURVE
ogr2ogr -f OpenFileGDB -update lengkung.gdb lengkung_poly.csv -nln poligon_lengkung -oo GEOM_POSSIBLE_NAMES=wkt -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4326 -nlt CURVEPOLYGON

# A zipped copy
zip -qrX kukar.gdb.zip kukar.gdb

# Expected output: every layer as GDAL reads it
for gdb in kukar.gdb tipe.gdb lengkung.gdb; do
  for layer in $(ogrinfo -ro -q $gdb | sed -n 's/^Layer: \([^ ]*\).*/\1/p'); do
    ogr2ogr -f GeoJSON -lco RFC7946=NO -lco COORDINATE_PRECISION=15 expected/${gdb%.gdb}.$layer.geojson $gdb $layer
  done
done
