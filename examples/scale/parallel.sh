#!/usr/bin/env bash
# The same sharded run on one large machine with GNU parallel: N shards,
# as many at a time as there are cores (each shard uses every core it is
# given; -j sets how many run at once), then the merge.
#   N=16 ./parallel.sh menara.csv desa.gpkg out/
set -euo pipefail
sites=${1:?sites file}; targets=${2:?targets file}; out=${3:-out}
N=${N:-8}; J=${J:-$(nproc)}
mkdir -p "$out"
seq 0 $((N - 1)) | parallel -j "$J" --halt now,fail=1 \
  kukarcli coverage -q --sites "$sites" --targets "$targets" --model hata \
    --shard {}/"$N" -o "$out"/part-{}.csv --overwrite
seq 0 $((N - 1)) | parallel -j "$J" --halt now,fail=1 \
  kukarcli coverage -q --sites "$sites" --area "$targets" --model hata \
    --raster "$out"/band-{}.tif --cell 100m --shard {}/"$N" --overwrite
seq 0 $((N - 1)) | parallel -j "$J" --halt now,fail=1 \
  kukarcli gaps -q --sites "$sites" --targets "$targets" --model hata \
    --areas --cell 250m --shard {}/"$N" --cells-out "$out"/cells-{}.csv --overwrite
parts=(); bands=(); cells=()
for i in $(seq 0 $((N - 1))); do
  parts+=("$out/part-$i.csv"); bands+=("$out/band-$i.tif"); cells+=("$out/cells-$i.csv")
done
kukarcli merge -q -o "$out"/coverage.csv --overwrite "${parts[@]}"
kukarcli merge -q -o "$out"/signal.tif --overwrite "${bands[@]}"
kukarcli merge -q -o "$out"/cells.csv --overwrite "${cells[@]}"
kukarcli gaps -q --sites "$sites" --targets "$targets" --model hata \
  --areas --cell 250m --cells "$out"/cells.csv -o "$out"/blank_spots.geojson --overwrite
