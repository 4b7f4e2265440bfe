#!/usr/bin/env bash
# Writes docs/TOUR.md: one section per command, each with a real command
# line and the output it really printed, so the tour stays true. Run with
# `make tour` after a change that alters output.
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/kukarcli ./cmd/kukarcli
K=bin/kukarcli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$K example "$work/ex" -q
EX="$work/ex"
R="$EX/rpjmd"
out=docs/TOUR.md
mkdir -p docs
tmp=$(mktemp)
section() { printf '\n## %s\n\n%s\n\n' "$1" "$2" >>"$tmp"; }
show() {
  # show the command with the example folder written as "kukar/"
  local shown=${*//$EX/contoh}
  shown=${shown//bin\/kukarcli/kukarcli}
  printf '```console\n$ %s\n' "$shown" >>"$tmp"
  local cap
  cap=$(mktemp)
  "$@" >"$cap" 2>&1 || true
  sed -e "s#$EX#contoh#g" -e "s#/tmp/kukarcli-example-[0-9]*#(example)#g" "$cap" | sed -n "1,${LINES_MAX:-40}p" >>"$tmp"
  if [ "$(wc -l <"$cap")" -gt "${LINES_MAX:-40}" ]; then echo "…" >>"$tmp"; fi
  rm -f "$cap"
  printf '```\n' >>"$tmp"
}
cat >"$tmp" <<'HEAD'
# A tour of kukarcli

Every command below was run on the embedded example (`kukarcli example contoh` writes it
out): the real Kukar village and kecamatan boundaries with **illustrative** towers,
population, village offices, roads and rivers. The outputs are what the commands
printed; `scripts/tour.sh` regenerates this page.
HEAD
section "example" "Write the example data and its scenario to a folder."
show $K example "$work/ex2"
section "info" "Format, CRS, counts, geometry types, fields, extent and problems of any layer."
show $K info "$EX/kukar/kukar_6402_kecamatan.geojson"
section "convert" "Any supported format to any other; \`-\` for standard input and output."
show $K convert "$EX/kukar/kukar_6402_kecamatan_centroids.geojson" - -f csv --select kode,nama
section "coverage" "Every village judged against the towers; totals on standard error."
LINES_MAX=14 show $K coverage --sites "$R/menara_ilustratif.csv" --year 2022 --targets "$R/desa_ilustratif.geojson" --field population=penduduk --field kecamatan=kecamatan -f csv
section "coverage --summary-by kecamatan" "The same per kecamatan."
show $K coverage -q --sites "$R/menara_ilustratif.csv" --year 2022 --targets "$R/desa_ilustratif.geojson" --field population=penduduk --field kecamatan=kecamatan --summary-by kecamatan -f md
section "gaps" "The blank-spot villages of 2022."
show $K gaps -q --sites "$R/menara_ilustratif.csv" --year 2022 --targets "$R/desa_ilustratif.geojson" --field population=penduduk --field kecamatan=kecamatan -f csv
section "access" "Travel time to the kecamatan capital by road, river and on foot."
LINES_MAX=16 show $K access --roads "$R/jalan_ilustratif.geojson" --rivers "$R/sungai_ilustratif.geojson" --targets "$R/desa_ilustratif.geojson" --facilities "$R/ibukota_kecamatan_ilustratif.geojson" --field kecamatan=kecamatan -f csv
section "rank" "Which villages to connect first, and how."
LINES_MAX=16 show $K rank --example --year 2022 --top 10 -f md
section "plan" "Where the next five towers would serve the most people."
show $K plan --example --year 2022 -k 5 -f md
section "report" "The RPJMD progress report from the scenario (Markdown here; also HTML and JSON)."
LINES_MAX=60 show $K report --example -q
mv "$tmp" "$out"
echo "wrote $out"
