#!/bin/sh
# `make demo`: a short report of the bundled rotated week on the terminal (the top 10 of each
# host and user table), and the whole report in every format under out/.
#
# usage: scripts/demo.sh [POSTSUMM_BINARY]   (default .build/release/postsumm)
#   OUT=DIR   where the full outputs go (default out, git-ignored)
set -eu
cd "$(dirname "$0")/.."
bin=${1:-.build/release/postsumm}
out=${OUT:-out}
week="Fixtures/real/week"
echo "== postsumm -h 10 -u 10 $week/mail.log* (a rotated week in shell glob order; the top 10 of each host and user table) =="
# shellcheck disable=SC2086 # the glob is meant
"$bin" --reference-date 2026-11-23 -h 10 -u 10 $week/mail.log*
# shellcheck disable=SC2086
"$bin" --reference-date 2026-11-23 --format none --text "$out/report.txt" --html "$out/index.html" --csv "$out/csv/" \
  --json "$out/report.json" $week/mail.log*
echo
echo "== the whole report, every table in full, in every format:"
echo "   $out/report.txt     text (pflogsumm's layout)"
echo "   $out/index.html     web page (open it in a browser)"
echo "   $out/csv/           CSV, one file per table (index.csv lists them)"
echo "   $out/report.json    JSON (docs/report.schema.json)"
