#!/bin/bash
# Real-browser check of the HTML page: renders a fixture with postsumm, opens the page in
# headless Chromium, and checks that the rendered DOM shows the key figures of the JSON report
# (Grand Totals, per-day rows, the nested reports); also prints it to PDF (the print
# stylesheet) and saves a screenshot (out/check-html/report.png; the README's picture is one:
# SCREENSHOT=docs/images/report.png scripts/check-html.sh refreshes it).
#
# At phone width (400 CSS px) it saves a second screenshot (out/check-html/report-phone.png,
# checked to be 400 px wide) and measures the page laid out at that width: the chart labels
# are at least 9 px high and do not overlap, every date and hour cell of the traffic tables is
# one line, no Grand Totals figure overflows its box, every table scrolls within its box, the
# submitter table fits its box (as cards, each submitter's kind on one line), and the page does
# not scroll sideways.
# The page's Content-Security-Policy forbids scripts, so the measuring script runs in a
# wrapper page that holds a copy of the page without that policy in a 400 px wide iframe
# (headless Chromium will not make its own window narrower than 500 px).
#
# usage: scripts/check-html.sh [POSTSUMM_BINARY]
#   POSTSUMM_BINARY  default .build/debug/postsumm (built with `swift build` if missing)
#   FIXTURE=...      log files to render (default: Fixtures/real/week/* if present, else
#                    Fixtures/hand/appendix-a.log)
#   SCREENSHOT=...   where to save the screenshot (default out/check-html/report.png, git-ignored, so
#                    that `make test` leaves the tree as it was; empty: none)
#   PHONE_SCREENSHOT=...  the same at phone width (default out/check-html/report-phone.png)
#
# Installs the Debian package `chromium` when it is missing (needs root or sudo).
# Exits non-zero, saying why, when a check fails. Takes about 5 s once Chromium is installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=${1:-.build/debug/postsumm}
if [ ! -x "$bin" ]; then swift build >/dev/null; bin=.build/debug/postsumm; fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "check-html: installing chromium"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi

if [ -z "${FIXTURE:-}" ]; then
  if ls Fixtures/real/week/* >/dev/null 2>&1; then FIXTURE=$(ls -d Fixtures/real/week/*); else FIXTURE=Fixtures/hand/appendix-a.log; fi
fi
screenshot=${SCREENSHOT-out/check-html/report.png}
phone=${PHONE_SCREENSHOT:-out/check-html/report-phone.png}
work=$(mktemp -d /tmp/postsumm-check-html.XXXXXX)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2086 # FIXTURE is a list of paths
"$bin" --reference-date 2027-06-30 --generated-at 2026-11-27T10:00:00 --smtpd-stats --no-progress \
  --html "$work/report.html" --json "$work/report.json" $FIXTURE >/dev/null

# Root cannot use Chromium's sandbox; the page is our own file and runs no script anyway.
# Each run gets its own profile: a profile still locked by the previous run would make
# Chromium hand the request over to it and exit without doing anything.
run=0
chrome() {
  run=$((run + 1))
  chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile$run" "$@" 2>>"$work/chromium.log" \
    || { echo "check-html: chromium failed:"; grep -v dbus "$work/chromium.log"; exit 1; }
}
url="file://$work/report.html"
# Headless Chromium's --dump-dom, --print-to-pdf and --screenshot drive the page through
# the browser's own JavaScript, so scripts cannot be switched off here (with
# --blink-settings=scriptEnabled=false they produce nothing). "Works with JavaScript off"
# holds by construction instead: the page has no script (the Swift tests check every tag)
# and its Content-Security-Policy, default-src 'none', forbids running any.
chrome --dump-dom "$url" >"$work/dom.html"
chrome --print-to-pdf="$work/report.pdf" --no-pdf-header-footer "$url" >/dev/null
if [ -n "$screenshot" ]; then
  mkdir -p "$(dirname "$screenshot")"
  chrome --window-size=1280,1700 --screenshot="$screenshot" "$url" >/dev/null
fi
mkdir -p "$(dirname "$phone")"
chrome --window-size=400,1400 --screenshot="$phone" "$url" >/dev/null

# The phone-width measurement: the page without its CSP, in a 400 px iframe of a wrapper page
# whose script writes what it measured into <pre id="phone-check">.
python3 - "$work/report.html" "$work/phone.html" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
script = """
document.getElementById('page').addEventListener('load', () => {
  const w = document.getElementById('page').contentWindow, d = w.document;
  const visible = e => w.getComputedStyle(e).display !== 'none';
  const r = {width: w.innerWidth, scrollWidth: d.documentElement.scrollWidth};
  r.chartText = [...d.querySelectorAll('.chart svg text')].filter(t => visible(t) && t.textContent.trim())
    .map(t => t.getBoundingClientRect().height);
  r.overlaps = [];
  for (const svg of d.querySelectorAll('.chart svg')) {
    const boxes = [...svg.querySelectorAll('.axis text')].filter(visible).map(t => t.getBoundingClientRect());
    for (let i = 1; i < boxes.length; i++) if (boxes[i].left < boxes[i - 1].right) r.overlaps.push(svg.getAttribute('aria-label'));
  }
  const lines = e => { const g = d.createRange(); g.selectNodeContents(e); return new Set([...g.getClientRects()].map(x => Math.round(x.top))).size; };
  r.dateLines = [...d.querySelectorAll('#per-day tbody td:first-child, #per-hour tbody td:first-child, #smtpd-per-day tbody td:first-child, #smtpd-per-hour tbody td:first-child')]
    .map(td => [td.textContent, lines(td)]);
  r.figureOverflow = [...d.querySelectorAll('.figure .value')].filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent);
  r.wideBoxes = [...d.querySelectorAll('.table-wrap')].filter(e => e.getBoundingClientRect().right > w.innerWidth + 0.5)
    .map(e => e.closest('section').id);
  const sub = d.querySelector('#submitters .table-wrap');
  r.submitters = sub ? {table: sub.querySelector('table').getBoundingClientRect().width, box: sub.clientWidth,
    kindLines: [...sub.querySelectorAll('tbody td:first-child')].map(lines)} : null;
  const pre = document.createElement('pre'); pre.id = 'phone-check'; pre.textContent = JSON.stringify(r); document.body.appendChild(pre);
});
"""
open(sys.argv[2], "w", encoding="utf-8").write(
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
    '<iframe id="page" style="width:400px;height:1400px;border:0" srcdoc="' + html.escape(page, quote=True) + '"></iframe>'
    "<script>" + script + "</script></body></html>")
PY
chrome --dump-dom "file://$work/phone.html" >"$work/phone-dom.html"

for f in "$work/dom.html" "$work/report.pdf" ${screenshot:+"$screenshot"} "$phone" "$work/phone-dom.html"; do
  [ -s "$f" ] || { echo "check-html: chromium wrote no $f:"; grep -v dbus "$work/chromium.log"; exit 1; }
done

python3 - "$work/report.json" "$work/dom.html" "$work/report.pdf" "$screenshot" "$phone" "$work/phone-dom.html" <<'PY'
import json, re, sys, os, html
report = json.load(open(sys.argv[1]))
dom = open(sys.argv[2], encoding="utf-8").read()
failures = []

def figure(value, label):
    # <data class="value" value="N" ...>shown</data> <span class="label">label</span>
    m = re.search(r'<data class="value" value="(\d+)"[^>]*>([^<]*)</data> <span class="label">' + re.escape(label) + '</span>', dom)
    if not m:
        failures.append(f"Grand Totals figure '{label}' not in the rendered DOM")
    elif int(m.group(1)) != value:
        failures.append(f"'{label}': DOM shows {m.group(1)}, JSON has {value}")

t = report["totals"]
for key, label in [("received", "received"), ("delivered", "delivered"), ("deferred", "deferred"), ("bounced", "bounced"),
                   ("rejected", "rejected"), ("bytes_received", "bytes received"), ("bytes_delivered", "bytes delivered"),
                   ("senders", "senders"), ("recipients", "recipients")]:
    figure(t[key], label)
if report["smtpd_totals"]:
    figure(report["smtpd_totals"]["connections"], "connections")

# Per-day rows: each day's received and delivered, as data values in the per-day table.
if report["day_count"] > 1:
    section = re.search(r'<section id="per-day">(.*?)</section>', dom, re.S)
    if not section:
        failures.append("no per-day section")
    else:
        rows = re.findall(r"<tr>(.*?)</tr>", section.group(1), re.S)
        values = [re.findall(r'<data value="(\d+)"', r) for r in rows]
        values = [v for v in values if v]
        expected = [[str(d[k]) for k in ("received", "delivered", "deferred", "bounced", "rejected")] for d in report["per_day"]]
        if values != expected:
            failures.append(f"per-day table shows {values}, JSON has {expected}")
        if section.group(1).count("<rect ") == 0:
            failures.append("per-day chart has no bars")

# The title, and a heading for every nested report in the JSON.
if report["period"] and "Postfix Log Summaries for" not in dom:
    failures.append("title missing")
for key in ["reject_detail", "deferral_detail", "bounce_detail", "warnings"]:
    if report[key] is not None and html.escape(report[key]["title"], quote=False) not in dom:
        failures.append(f"section {report[key]['title']!r} missing")
if "<script" in dom:
    failures.append("the DOM has a script")

if os.path.getsize(sys.argv[3]) < 5000:
    failures.append("the printed PDF is (nearly) empty")
if sys.argv[4] and os.path.getsize(sys.argv[4]) < 20000:
    failures.append("the screenshot is (nearly) empty")

# Phone width: the screenshot is 400 px wide; the page measured at that width.
import struct
with open(sys.argv[5], "rb") as png:
    head = png.read(24)
if head[:8] != b"\x89PNG\r\n\x1a\n" or struct.unpack(">I", head[16:20])[0] != 400:
    failures.append("the phone screenshot is not a PNG 400 px wide")
elif os.path.getsize(sys.argv[5]) < 20000:
    failures.append("the phone screenshot is (nearly) empty")
m = re.search(r'<pre id="phone-check">(.*?)</pre>', open(sys.argv[6], encoding="utf-8").read(), re.S)
if not m:
    failures.append("the phone-width measurement did not run")
else:
    p = json.loads(html.unescape(m.group(1)))
    if p["width"] != 400:
        failures.append(f"the phone-width page was laid out {p['width']} px wide, not 400")
    if not p["chartText"] or min(p["chartText"]) < 9:
        failures.append(f"chart labels at phone width are {min(p['chartText'] or [0]):.1f} px high (at least 9 wanted)")
    if p["overlaps"]:
        failures.append(f"axis labels overlap at phone width: {sorted(set(p['overlaps']))}")
    wrapped = [text for text, n in p["dateLines"] if n != 1]
    if not p["dateLines"] or wrapped:
        failures.append(f"date or hour cells wrap at phone width: {wrapped[:3]}")
    if p["figureOverflow"]:
        failures.append(f"figures overflow their box at phone width: {p['figureOverflow'][:3]}")
    if p["wideBoxes"]:
        failures.append(f"tables wider than the page at phone width: {p['wideBoxes'][:3]}")
    s = p["submitters"]
    if not s:
        failures.append("no submitter table")
    elif s["table"] > s["box"] + 0.5 or any(n != 1 for n in s["kindLines"]):
        failures.append(f"the submitter table does not fit its box at phone width ({s['table']:.0f} px in {s['box']} px; kind lines {s['kindLines'][:5]})")
    if p["scrollWidth"] > p["width"]:
        failures.append(f"the page scrolls sideways at phone width ({p['scrollWidth']} px)")

if failures:
    print("check-html: FAILED\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"check-html: ok ({len(re.findall('<section id=', dom))} sections rendered by Chromium; "
      f"{t['received']} received, {t['delivered']} delivered; PDF {os.path.getsize(sys.argv[3]) // 1024} KiB"
      + (f"; screenshot {sys.argv[4]}" if sys.argv[4] else "")
      + f"; at 400 px: chart labels {min(p['chartText']):.0f} px, {len(p['dateLines'])} date/hour cells on one line, "
      + f"{len(p['submitters']['kindLines'])} submitter cards in {p['submitters']['box']} px, screenshot {sys.argv[5]})")
PY
