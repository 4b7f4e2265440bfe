#!/usr/bin/env bash
# Access peer for the benchmark: pgRouting.
#
# usage: access_pgrouting.sh ROADS.geojson VILLAGES.geojson FACILITIES.geojson OUT.csv
#
# Loads the three layers with ogr2ogr into a scratch database, builds the
# topology with pgr_extractVertices (roads are segments sharing exact
# endpoints), sets each edge's cost to its spheroid length divided by
# kukarcli's default class speed (minutes, both directions), snaps villages
# and facilities to the nearest vertex with KNN (<->), runs one
# many-to-many pgr_dijkstraCost from the facility vertices to the village
# vertices and writes
#
#   id,kecamatan,travel_time_min,time_to_kecamatan_min,snap_m
#
# with walking legs at 4 km/h added at both ends, taking the minimum over
# all facilities and over the village's own kecamatan's facilities. Empty
# times mean unreachable. The database is dropped at the end, also on
# failure. A step longer than PEER_TIMEOUT_S seconds (default 600) is
# abandoned and the script exits non-zero.
set -euo pipefail

if [ $# -ne 4 ]; then
	echo "usage: access_pgrouting.sh ROADS.geojson VILLAGES.geojson FACILITIES.geojson OUT.csv" >&2
	exit 2
fi
roads=$(realpath "$1")
villages=$(realpath "$2")
facilities=$(realpath "$3")
out=$4
db=kukarcli_bench_access
limit=${PEER_TIMEOUT_S:-600}

here=$(dirname "$(realpath "$0")")
# shellcheck source=pg_common.sh
. "$here/pg_common.sh"
export PGOPTIONS="-c client_min_messages=warning"

pg_ensure_server
pg_sql postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'pg_sql postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
pg_sql "$db" -c "CREATE EXTENSION postgis" -c "CREATE EXTENSION pgrouting"

load() { # FILE TABLE
	as_pg timeout "$limit" ogr2ogr -f PostgreSQL "PG:dbname=$db" "$1" -nln "$2" \
		-lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=NONE
}
load "$roads" roads
load "$villages" villages
load "$facilities" facilities

pg_sql "$db" >"$out" <<SQL
SET statement_timeout = '${limit}s';
-- kukarcli's access.DefaultSpeeds, km/h
CREATE TABLE speeds (class text PRIMARY KEY, kmh float8);
INSERT INTO speeds VALUES
 ('motorway',80),('motorway_link',50),('trunk',60),('trunk_link',40),
 ('primary',50),('primary_link',35),('secondary',40),('secondary_link',30),
 ('tertiary',35),('tertiary_link',25),('unclassified',25),('residential',25),
 ('road',25),('living_street',10),('service',15),('track',15),('path',5),
 ('bridleway',4),('cycleway',10),('footway',4),('pedestrian',4),('steps',2),
 ('ferry',10),('nasional',50),('provinsi',40),('kabupaten',30),('kota',30),
 ('desa',20),('khusus',20),('lingkungan',15),('setapak',5),('arteri',60),
 ('kolektor',40),('lokal',20);

CREATE TABLE vertices AS
  SELECT id, in_edges, out_edges, geom
  FROM pgr_extractVertices('SELECT fid AS id, geom FROM roads ORDER BY fid');
-- an edge leaves the vertex that lists it in out_edges and enters the one
-- that lists it in in_edges
CREATE TABLE edges AS
  SELECT r.fid AS id, s.vid AS source, t.vid AS target,
         ST_Length(r.geom::geography)
           / (coalesce(sp.kmh, 20) * 1000.0 / 60.0) AS cost
  FROM roads r
  JOIN (SELECT id AS vid, unnest(out_edges) AS eid FROM vertices) s ON s.eid = r.fid
  JOIN (SELECT id AS vid, unnest(in_edges) AS eid FROM vertices) t ON t.eid = r.fid
  LEFT JOIN speeds sp
    ON sp.class = replace(regexp_replace(lower(trim(r.highway)), '^jalan[ _]', ''), ' ', '_');
CREATE INDEX vertices_geom ON vertices USING gist (geom);
ANALYZE vertices;

-- nearest vertex (KNN in degrees, then the walk on the spheroid)
CREATE TABLE vsnap AS
  SELECT p.fid, p.id, p.kecamatan, n.id AS vid,
         ST_Distance(p.geom::geography, n.geom::geography) AS snap_m
  FROM villages p
  CROSS JOIN LATERAL (SELECT v.id, v.geom FROM vertices v ORDER BY v.geom <-> p.geom LIMIT 1) n;
CREATE TABLE fsnap AS
  SELECT p.fid, p.id, p.kecamatan, n.id AS vid,
         ST_Distance(p.geom::geography, n.geom::geography) AS snap_m
  FROM facilities p
  CROSS JOIN LATERAL (SELECT v.id, v.geom FROM vertices v ORDER BY v.geom <-> p.geom LIMIT 1) n;

CREATE TABLE costs AS
  SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost(
    'SELECT id, source, target, cost, cost AS reverse_cost FROM edges',
    ARRAY(SELECT DISTINCT vid FROM fsnap), ARRAY(SELECT DISTINCT vid FROM vsnap),
    directed => false);
-- pgr_dijkstraCost leaves out a start equal to its end: cost 0
INSERT INTO costs SELECT DISTINCT f.vid, f.vid, 0 FROM fsnap f JOIN vsnap v ON v.vid = f.vid;
CREATE INDEX costs_end ON costs (end_vid);

COPY (
  SELECT v.id, v.kecamatan,
         round((min(c.agg_cost + f.snap_m / (4000.0 / 60.0)) + v.snap_m / (4000.0 / 60.0))::numeric, 1)
           AS travel_time_min,
         round((min(c.agg_cost + f.snap_m / (4000.0 / 60.0)) FILTER (WHERE f.kecamatan = v.kecamatan)
                + v.snap_m / (4000.0 / 60.0))::numeric, 1) AS time_to_kecamatan_min,
         round(v.snap_m::numeric, 1) AS snap_m
  FROM vsnap v
  LEFT JOIN costs c ON c.end_vid = v.vid
  LEFT JOIN fsnap f ON f.vid = c.start_vid
  GROUP BY v.fid, v.id, v.kecamatan, v.snap_m
  ORDER BY v.fid
) TO STDOUT WITH (FORMAT csv, HEADER true);
$pg_report_backend_peak
SQL
