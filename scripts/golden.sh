#!/usr/bin/env bash
# Proves that a change left kukarcli's outputs as they were: builds the
# working tree and a previous revision (default HEAD), runs the same
# commands with both on the same inputs — the embedded example and
# generated bench data — and compares every output byte for byte:
# standard output, standard error and the files written.
#
#   scripts/golden.sh [REV]          # REV: the revision to compare against
#   GOLDEN_DIR=/tmp/g POINTS=20000 POLYGONS=5000 scripts/golden.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-HEAD}
dir=${GOLDEN_DIR:-$(mktemp -d)}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
points=${POINTS:-20000}
polygons=${POLYGONS:-5000}

echo "golden: building the working tree and $rev in $dir"
CGO_ENABLED=0 go build -trimpath -o "$dir/new/kukarcli" ./cmd/kukarcli
rm -rf "$dir/src-base" && mkdir -p "$dir/src-base"
git archive "$rev" | tar -x -C "$dir/src-base"
(cd "$dir/src-base" && CGO_ENABLED=0 go build -trimpath -o "$dir/base/kukarcli" ./cmd/kukarcli)

echo "golden: generating inputs ($points points, $polygons polygons, 20k settlements, 3k sites, 300k-vertex roads)"
go run ./internal/benchtool -generate -dir "$dir/data" -points "$points" -polygons "$polygons" >/dev/null
"$dir/new/kukarcli" example "$dir/data/ex" >/dev/null 2>&1 || true
D=$dir/data
E=$D/ex/rpjmd
R=$(pwd)
# a few format samples, taken from the revision compared against (before
# or after the drivers got their own packages)
for f in osm/small.osm csv/roads_wkt.csv csv/cells_noheader.csv; do
  for at in "pkg/geoio/testdata/$f" "pkg/geoio/${f%%/*}/testdata/$f"; do
    if [ -f "$dir/src-base/$at" ]; then cp "$dir/src-base/$at" "$D/"; fi
  done
done

# Each case: a name, then the arguments. Inputs are named by the same
# absolute paths on both sides; outputs go into the case's own folder.
cases=(
  "info-desa|info $D/ex/kukar/kukar_6402_desa.geojson"
  "info-desa-json|info --json $R/examples/kukar/shp/kukar_6402_desa.shp"
  "info-polygons|info $D/polygons_$polygons.geojson"
  "convert-pts-seq|convert $D/points_$points.geojson out.geojsons"
  "convert-pts-l|convert $D/points_$points.geojson out.geojsonl"
  "convert-pts-shp|convert $D/points_$points.geojson out.shp"
  "convert-pts-csv|convert $D/points_$points.geojson out.csv"
  "convert-pts-tsv|convert $D/points_$points.geojson out.tsv"
  "convert-pts-kml|convert $D/points_$points.geojson out.kml"
  "convert-poly-seq|convert $D/polygons_$polygons.geojson out.geojsons"
  "convert-poly-shp|convert $D/polygons_$polygons.geojson out.shp"
  "convert-poly-csv|convert $D/polygons_$polygons.geojson out.csv"
  "convert-poly-kml|convert $D/polygons_$polygons.geojson out.kml"
  "convert-poly-json|convert $D/polygons_$polygons.geojson out.geojson --t-crs EPSG:32750"
  "convert-shp-back|convert $R/examples/kukar/shp/kukar_6402_desa.shp out.geojson"
  "convert-csv-back|convert $E/menara_ilustratif.csv out.geojson"
  "convert-osm|convert $D/small.osm out.geojson"
  "info-osm|info --json $D/small.osm"
  "convert-wkt-csv|convert $D/roads_wkt.csv out.kml"
  "convert-cells|convert $D/cells_noheader.csv out.geojsonl"
  "convert-stdout|convert $D/ex/kukar/kukar_6402_kecamatan_centroids.geojson - -f csv --select kode,nama"
  "coverage-bench|coverage --sites $D/sites_3000.csv --targets $D/settlements_20000.geojson -o out.csv"
  "coverage-bench-hata|coverage --sites $D/sites_3000.csv --targets $D/settlements_20000.geojson --model hata -o out.geojson"
  "coverage-ex|coverage --example --year 2022 -f csv"
  "coverage-ex-sum|coverage --example --year 2022 --summary-by kecamatan -f md"
  "coverage-ex-shp|coverage --example --year 2022 -o out.shp"
  "coverage-raster|coverage --model itm --dem $D/dem_site.tif --sites $D/site_one.csv --area $D/area_site.geojson --raster out.tif --cell 200m --raster-radius 10km"
  "coverage-raster-png|coverage --model hata --sites $D/site_one.csv --area $D/area_site.geojson --raster out.png --cell 200m --raster-radius 10km"
  "gaps-ex|gaps --example --year 2022 -f csv"
  "gaps-ex-areas|gaps --example --year 2022 --areas --cell 1km -o out.geojson"
  "access-bench|access --roads $D/roads_300000.geojson --targets $D/villages_20000.geojson --facilities $D/facilities_300000.geojson -o out.csv"
  "access-ex|access --example -f csv"
  "access-ex-routes|access --example --routes routes.geojson -o out.geojson"
  "rank-ex|rank --example --year 2022 --top 10 -f md"
  "rank-ex-kml|rank --example --year 2022 -o out.kml"
  "rank-ex-json|rank --example --year 2022 -f json"
  "plan-ex|plan --example --year 2022 -k 5 -f md"
  "plan-ex-json|plan --example --year 2022 -k 5 -o out.geojson"
  "plan-bench|plan --sites $D/sites_3000.csv --villages $D/settlements_20000.geojson -k 20 -o out.csv"
  "report-html-id|report --example -o laporan.html"
  "report-md-id|report --example -o laporan.md"
  "report-json-id|report --example -o laporan.json"
  "report-html-en|report --example --lang en -o report.html"
  "report-md-en|report --example --lang en -o report.md"
  "report-json-en|report --example --lang en -o report.json"
  "report-config|report --config $E/skenario.yaml -f md"
)

run_all() { # $1: base or new
  local side=$1 c name args cdir
  rm -rf "$dir/$side-out"
  for c in "${cases[@]}"; do
    name=${c%%|*} args=${c#*|}
    cdir="$dir/$side-out/$name"
    mkdir -p "$cdir"
    # shellcheck disable=SC2086
    (cd "$cdir" && { "$dir/$side/kukarcli" $args >stdout 2>stderr; echo "exit $?" >>stdout; }) || true
    # messages name the case folder and --example's temporary copy
    sed -i -e "s#$dir/$side-out/#OUT/#g" -e 's#kukarcli-example-[0-9]*#kukarcli-example-N#g' "$cdir/stdout" "$cdir/stderr"
  done
}
run_all base
run_all new

fail=0
for c in "${cases[@]}"; do
  name=${c%%|*}
  if diff -r "$dir/base-out/$name" "$dir/new-out/$name" >/dev/null; then
    printf 'same  %s\n' "$name"
  else
    printf 'DIFF  %s\n' "$name"; fail=1
    diff -r "$dir/base-out/$name" "$dir/new-out/$name" | head -5 || true
  fi
done
if [ $fail = 0 ]; then
  echo "golden: ${#cases[@]} cases, every output identical to $rev"
else
  echo "golden: outputs differ from $rev (folders $dir/base-out and $dir/new-out)"
fi
exit $fail
