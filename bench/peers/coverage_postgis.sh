#!/usr/bin/env bash
# Coverage peer for the benchmark: PostGIS.
#
# usage: coverage_postgis.sh SETTLEMENTS.geojson SITES.csv OUT.csv
#
# Loads the settlements with ogr2ogr (as geography) and the sites CSV with
# \copy into a scratch database, builds a GiST index on the sites'
# geography, finds each settlement's nearest site with a KNN (<->) LATERAL
# subquery and writes
#
#   id,nearest_site,distance_m,covered,covered_nearest
#
# distance_m is ST_Distance on geography (spheroid, metres). covered is
# true when any site is within its own radius_m (ST_DWithin on geography),
# as in kukarcli's radius model; covered_nearest looks at the nearest site
# only. The database is dropped at the end, also on failure.
set -euo pipefail

if [ $# -ne 3 ]; then
	echo "usage: coverage_postgis.sh SETTLEMENTS.geojson SITES.csv OUT.csv" >&2
	exit 2
fi
settlements=$(realpath "$1")
sites=$(realpath "$2")
out=$3
db=kukarcli_bench_coverage
# A case that has not finished in this long is abandoned (exit 124).
limit=${PEER_TIMEOUT_S:-600}

here=$(dirname "$(realpath "$0")")
# shellcheck source=pg_common.sh
. "$here/pg_common.sh"
export PGOPTIONS="-c client_min_messages=warning"

pg_ensure_server
pg_sql postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'pg_sql postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true' EXIT
pg_sql "$db" -c "CREATE EXTENSION postgis"

as_pg timeout "$limit" ogr2ogr -f PostgreSQL "PG:dbname=$db" "$settlements" \
	-nln settlements -lco GEOMETRY_NAME=geog -lco GEOM_TYPE=geography -lco SPATIAL_INDEX=NONE \
	-lco FID=fid -select id

pg_sql "$db" >"$out" <<SQL
SET statement_timeout = '${limit}s';
CREATE TABLE sites (id text, tech text, lon float8, lat float8, radius_m float8, year int);
\copy sites FROM '$sites' WITH (FORMAT csv, HEADER true)
ALTER TABLE sites ADD COLUMN geog geography(Point, 4326);
UPDATE sites SET geog = ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography;
CREATE INDEX sites_geog ON sites USING gist (geog);
ANALYZE sites;
ANALYZE settlements;
SELECT max(radius_m) AS max_r FROM sites \gset
-- ST_DWithin uses the index only with a distance known before the scan:
-- candidates come from the largest radius, then each site's own radius
-- is checked on them.
COPY (
  SELECT p.id, n.id AS nearest_site,
         round(ST_Distance(p.geog, n.geog)::numeric, 1) AS distance_m,
         EXISTS (SELECT 1 FROM sites s
                 WHERE ST_DWithin(s.geog, p.geog, :max_r)
                   AND ST_DWithin(s.geog, p.geog, s.radius_m))::text AS covered,
         ST_DWithin(p.geog, n.geog, n.radius_m)::text AS covered_nearest
  FROM settlements p
  -- <-> on geography orders by distance on a sphere, which can rank two
  -- sites up to about 0.5 % apart the wrong way round near the equator:
  -- take the 8 nearest on the sphere and pick on the spheroid.
  CROSS JOIN LATERAL (
    SELECT c.id, c.geog, c.radius_m FROM (
      SELECT s.id, s.geog, s.radius_m FROM sites s
      ORDER BY s.geog <-> p.geog LIMIT 8) c
    ORDER BY ST_Distance(c.geog, p.geog), c.id LIMIT 1) n
  ORDER BY p.fid
) TO STDOUT WITH (FORMAT csv, HEADER true);
$pg_report_backend_peak
SQL
