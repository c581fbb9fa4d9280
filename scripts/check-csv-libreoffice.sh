#!/bin/bash
# Real-spreadsheet check of the CSV files: writes the CSV tables of two fixtures with postsumm,
# imports files into LibreOffice Calc (headless), converts them to OpenDocument, and checks
# every cell of the spreadsheet LibreOffice made:
#   * totals.csv (Fixtures/hand/appendix-a.log): numbers arrive as numbers, equal to the JSON's;
#   * senders_by_count.csv and delivery_domains.csv (Fixtures/hand/hostile-strings.log): the
#     addresses that start with = + - @ or a tab arrive as text, the quoted field with commas
#     and quotes in one cell, and no cell of the sheet is a formula.
#
# usage: scripts/check-csv-libreoffice.sh [POSTSUMM_BINARY]
#   POSTSUMM_BINARY  default .build/debug/postsumm (built with `swift build` if missing)
#
# Installs the Debian package `libreoffice-calc-nogui` when `soffice` is missing (needs root
# or sudo). Exits non-zero, saying why, when a check fails. Takes about 5-10 s.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=${1:-.build/debug/postsumm}
if [ ! -x "$bin" ]; then swift build >/dev/null; bin=.build/debug/postsumm; fi

if ! command -v soffice >/dev/null 2>&1; then
  echo "check-csv-libreoffice: installing libreoffice-calc-nogui"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends libreoffice-calc-nogui >/dev/null
fi

work=$(mktemp -d /tmp/postsumm-check-csv.XXXXXX)
trap 'rm -rf "$work"' EXIT
common=(--reference-date 2026-11-27 --generated-at 2026-11-27T10:00:00 --no-progress)
"$bin" "${common[@]}" --csv "$work/plain" --json "$work/plain.json" Fixtures/hand/appendix-a.log >/dev/null
"$bin" "${common[@]}" --csv "$work/hostile" --json "$work/hostile.json" Fixtures/hand/hostile-strings.log >/dev/null

# CSV import filter options: field separator 44 (,), text delimiter 34 ("), character set 76
# (UTF-8), start at line 1 — what a user picks in the import dialog for these files.
mkdir -p "$work/ods"
for f in "$work/plain/totals.csv" "$work/hostile/senders_by_count.csv" "$work/hostile/delivery_domains.csv"; do
  name=$(basename "$(dirname "$f")")-$(basename "$f")
  cp "$f" "$work/$name"
  soffice -env:UserInstallation="file://$work/profile" --headless --infilter="CSV:44,34,76,1" \
    --convert-to ods --outdir "$work/ods" "$work/$name" >"$work/soffice.log" 2>&1 \
    || { echo "check-csv-libreoffice: soffice failed:"; cat "$work/soffice.log"; exit 1; }
done

python3 - "$work" <<'PY'
import csv, json, sys, zipfile, xml.etree.ElementTree as ET
work = sys.argv[1]
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
T, O = "{%s}" % NS["table"], "{%s}" % NS["office"]
failures = []

def paragraph(p):
    """A text:p's text, with ODF's <text:tab/>, <text:s text:c="N"/> and line breaks."""
    X = "{%s}" % NS["text"]
    out = [p.text or ""]
    for child in p:
        if child.tag == X + "tab":
            out.append("\t")
        elif child.tag == X + "s":
            out.append(" " * int(child.get(X + "c", "1")))
        elif child.tag == X + "line-break":
            out.append("\n")
        else:
            out.append(paragraph(child))
        out.append(child.tail or "")
    return "".join(out)

def sheet(name):
    """Rows of (type, value) cells as LibreOffice stored them; counts formulas."""
    root = ET.fromstring(zipfile.ZipFile(f"{work}/ods/{name}.ods").read("content.xml"))
    rows = []
    for row in root.iter(T + "table-row"):
        cells = []
        for cell in row.findall(T + "table-cell"):
            if cell.get(T + "formula") is not None:
                failures.append(f"{name}: a cell is a formula: {cell.get(T + 'formula')}")
            repeat = int(cell.get(T + "number-columns-repeated", "1"))
            kind = cell.get(O + "value-type")
            if kind is None:
                continue
            value = cell.get(O + "value") if kind == "float" else "\n".join(
                paragraph(p) for p in cell.findall("text:p", NS))
            cells += [(kind, value)] * min(repeat, 50)
        if cells:
            rows.append(cells)
    return rows

def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))

# 1. Numbers: totals.csv → every value a number cell equal to the JSON's.
totals = json.load(open(f"{work}/plain.json"))["totals"]
rows = sheet("plain-totals")
if rows[0] != [("string", "metric"), ("string", "value")]:
    failures.append(f"totals header: {rows[0]}")
seen = 0
for (k, metric), (kind, value) in (r for r in rows[1:]):
    if metric in totals:
        seen += 1
        if kind != "float" or float(value) != totals[metric]:
            failures.append(f"totals {metric}: LibreOffice has {kind} {value}, JSON {totals[metric]}")
if seen != len(totals):
    failures.append(f"totals: {seen} of {len(totals)} metrics found")

# 2. Text: hostile cells stay text, exactly as written in the CSV (the leading ' included:
#    LibreOffice keeps it as content on import), in the right cells.
for name in ["senders_by_count", "delivery_domains"]:
    written = csv_rows(f"{work}/hostile/{name}.csv")
    got = sheet(f"hostile-{name}")
    if len(got) != len(written):
        failures.append(f"{name}: {len(got)} rows in LibreOffice, {len(written)} in the CSV")
    for i, (w, g) in enumerate(zip(written, got)):
        for j, (wc, (kind, value)) in enumerate(zip(w, g)):
            numeric = i > 0 and wc.replace(".", "", 1).isdigit()
            if numeric:
                if kind != "float" or float(value) != float(wc):
                    failures.append(f"{name} row {i} col {j}: number {wc!r} became {kind} {value!r}")
            elif kind != "string" or value != wc:
                failures.append(f"{name} row {i} col {j}: text {wc!r} became {kind} {value!r}")
senders = [r[0] for r in csv_rows(f"{work}/hostile/senders_by_count.csv")[1:]]
for needle in ["'=HYPERLINK(", "'+cmd", "'-2+3", "'\ttab"]:
    if not any(s.startswith(needle) for s in senders):
        failures.append(f"senders_by_count.csv has no cell starting {needle!r}")

if failures:
    print("check-csv-libreoffice: FAILED\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"check-csv-libreoffice: ok (3 files imported by LibreOffice: {seen} totals as numbers equal to the JSON, "
      f"{len(senders)} hostile senders kept as text, no formula cells)")
PY
