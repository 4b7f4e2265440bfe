#!/usr/bin/env bash
# End-to-end check of the HTML report: build it from the embedded example,
# open it in headless Chromium (Debian's chromium, installed when missing),
# save a full-page screenshot, and fail on console errors or when the map
# or a chart is missing from the rendered page.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${E2E_DIR:-e2e-out}
mkdir -p "$out"
if ! command -v chromium >/dev/null 2>&1; then
  echo "e2e: installing Debian's chromium"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
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
fail=0
if grep -E "CONSOLE\(|Uncaught|ERROR:.*(console|javascript)" "$out/console.log" | grep -vi "dbus\|gpu\|sandbox\|vaapi\|fontconfig" ; then
  echo "e2e: console errors (see $out/console.log)"; fail=1
fi
maps=$(grep -c '<svg class="map' "$out/dom.html" || true)
charts=$(grep -c '<svg class="chart"' "$out/dom.html" || true)
if [ "$maps" -lt 1 ] || [ "$charts" -lt 1 ]; then
  echo "e2e: map ($maps) or chart ($charts) missing from the rendered page"; fail=1
fi
if [ ! -s "$out/laporan.png" ]; then
  echo "e2e: no screenshot"; fail=1
fi
[ "$fail" = 0 ] && echo "e2e: ok — $maps map, $charts charts, screenshot $out/laporan.png"
exit $fail
