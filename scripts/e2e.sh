#!/usr/bin/env bash
# End-to-end check of the HTML report: build it from the embedded example,
# open it in headless Chromium (Debian's chromium, installed when missing),
# save full-page screenshots at 1280 and 390 px and the A4 print as PNG
# pages (poppler's pdftoppm), and fail on console errors, when the map or
# a chart is missing from the rendered page, or when a table header is
# missing from the print; then the browser tests of the map (e2e/).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${E2E_DIR:-e2e-out}
mkdir -p "$out"
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  echo "e2e: installing Debian's chromium and poppler-utils"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
fi
go build -o bin/kukarcli ./cmd/kukarcli
bin/kukarcli report --example -q -o "$out/laporan.html" --overwrite
html=$(cd "$out" && pwd)/laporan.html
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$(mktemp -d)" --hide-scrollbars)
# the rendered DOM, and the console
chromium "${flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=3000 \
  --dump-dom "file://$html" >"$out/dom.html" 2>"$out/console.log" || true
chromium "${flags[@]}" --window-size=1280,6000 --screenshot="$out/laporan.png" "file://$html" >/dev/null 2>&1
chromium "${flags[@]}" --window-size=390,8000 --screenshot="$out/laporan-390.png" "file://$html" >/dev/null 2>&1
# A4 print: every page as a PNG, and every word of every table header in
# the printed text (a column cut off the page would lose its header)
rm -f "$out"/laporan-a4*.png
chromium "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/laporan-a4.pdf" "file://$html" >/dev/null 2>&1
pdftoppm -r 80 -png "$out/laporan-a4.pdf" "$out/laporan-a4"
pdftotext "$out/laporan-a4.pdf" "$out/laporan-a4.txt"
fail=0
missing=0
while IFS= read -r word; do
  [ -z "$word" ] && continue
  if ! grep -qF -- "$word" "$out/laporan-a4.txt"; then
    echo "e2e: table header word \"$word\" not in the A4 print"; missing=1
  fi
done < <(sed 's#</th>#\n#g' "$out/dom.html" | sed -n 's/.*<th[^>]*>//p' | sed 's/<[^>]*>//g; s/&amp;/\&/g' | tr ' ' '\n' | sort -u)
[ "$missing" = 0 ] || fail=1
pages=$(ls "$out"/laporan-a4*.png 2>/dev/null | wc -l)
if grep -E "CONSOLE\(|Uncaught|ERROR:.*(console|javascript)" "$out/console.log" | grep -vi "dbus\|gpu\|sandbox\|vaapi\|fontconfig" ; then
  echo "e2e: console errors (see $out/console.log)"; fail=1
fi
maps=$(grep -c '<svg class="map' "$out/dom.html" || true)
charts=$(grep -c '<svg class="chart"' "$out/dom.html" || true)
if [ "$maps" -lt 1 ] || [ "$charts" -lt 1 ]; then
  echo "e2e: map ($maps) or chart ($charts) missing from the rendered page"; fail=1
fi
if [ ! -s "$out/laporan.png" ] || [ ! -s "$out/laporan-390.png" ] || [ "$pages" -lt 1 ]; then
  echo "e2e: a screenshot or the A4 print is missing"; fail=1
fi
# the explorable map through the DevTools protocol (e2e/): hover, zoom,
# pan, layers, year slider, map-table links, keyboard, escaping, console,
# widths at 1280 and 390 px with screenshots, on the report, on
# `kukarcli rank --example -o rank.html` and on a report with years
if ! E2E_DIR="$(cd "$out" && pwd)" go test -tags e2e -count=1 -v ./e2e/ >"$out/map-e2e.log" 2>&1; then
  grep -E "^\s*(--- FAIL|map_test.go:)" "$out/map-e2e.log" | grep -v "hover on\|wheel zoom:\|hidden by\|year slider:\|screenshot\|bytes$" || true
  echo "e2e: map checks failed (see $out/map-e2e.log)"; fail=1
else
  grep -E "^\s*--- (PASS|SKIP)|skipped" "$out/map-e2e.log" || true
fi
[ "$fail" = 0 ] && echo "e2e: ok — $maps map, $charts charts, every table header printed on $pages A4 pages; screenshots $out/laporan.png (1280 px), $out/laporan-390.png (390 px), $out/laporan-a4-*.png; map checks passed ($out/map-e2e.log, $out/{laporan,rank,years}-{1280,390}*.png)"
exit $fail
