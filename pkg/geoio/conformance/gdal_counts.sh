#!/bin/sh
# Regenerates testdata/gdal_counts.tsv: what GDAL's ogrinfo reports for
# every file of the conformance corpus. The Go test reads the TSV and never
# runs GDAL itself; run this by hand after adding a file to the corpus:
#
#	apt-get install -y gdal-bin
#	sh pkg/geoio/conformance/gdal_counts.sh
#
# For each file it runs, once:
#
#	ogrinfo -so -al FILE
#
# (a .zip is opened as /vsizip/FILE, which GDAL 3.6 needs for an archive
# not named .shp.zip) and keeps, per layer, the "Layer name",
# "Feature Count" and "Geometry" lines. A file GDAL cannot open gets one
# row with count -1 and geometry "FAILURE".
set -eu
cd "$(dirname "$0")/testdata"
out=gdal_counts.tsv
ver=$(ogrinfo --version | sed -n 's/^GDAL \([^,]*\),.*/\1/p')
tmp=$(mktemp)
printf 'file\tlayer\tfeatures\tgeometry\tgdal\n' >"$tmp"
find . -type f \( -name '*.shp' -o -name '*.geojson' -o -name '*.json' \
	-o -name '*.csv' -o -name '*.kml' -o -name '*.zip' \) | sed 's|^\./||' | LC_ALL=C sort |
while read -r f; do
	src=$f
	case $f in *.zip) src=/vsizip/$f ;; esac
	if ! ogrinfo -so -al "$src" >"$tmp.one" 2>/dev/null; then
		printf '%s\t\t-1\tFAILURE\t%s\n' "$f" "$ver" >>"$tmp"
		continue
	fi
	awk -v f="$f" -v ver="$ver" '
		/^Layer name: / { if (name != "") print f "\t" name "\t" n "\t" g "\t" ver; name = substr($0, 13); n = ""; g = "" }
		/^Geometry: / { g = substr($0, 11) }
		/^Feature Count: / { n = substr($0, 16) }
		END { if (name != "") print f "\t" name "\t" n "\t" g "\t" ver }
	' "$tmp.one" >>"$tmp"
done
rm -f "$tmp.one"
mv "$tmp" "$out"
