#!/bin/bash
# Real-browser check of an archive site's pages (postsumm archive, docs/ARCHIVE.md): builds the
# archive of the bundled rotated week in a temporary directory, opens its front page and a day's
# page in headless Chromium and checks the rendered DOM:
#   - the front page lists the months and the ISO weeks, each linking to a page that exists,
#     with the figures of that page's report.json (received, delivered, deferred, bounced,
#     rejected, bytes delivered) and a small chart with one bar per day and series;
#   - a day's page shows the report (its Grand Totals as in its report.json) and its
#     previous / up / next links, each leading to a page that exists;
#   - at phone width (400 CSS px) the front page does not scroll sideways;
# and saves screenshots (out/check-archive/index.png, index-phone.png).
#
# usage: scripts/check-archive-html.sh [POSTSUMM_BINARY]   (default .build/debug/postsumm)
# Installs the Debian package `chromium` when it is missing (needs root or sudo).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=${1:-.build/debug/postsumm}
if [ ! -x "$bin" ]; then swift build >/dev/null; bin=.build/debug/postsumm; fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "check-archive-html: installing chromium"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
out=out/check-archive
mkdir -p "$out"
work=$(mktemp -d /tmp/postsumm-check-archive.XXXXXX)
trap 'rm -rf "$work"' EXIT
site="$work/site"
"$bin" archive "$site" --reference-date 2026-11-23 --generated-at 2026-11-23T07:00:00 --no-progress Fixtures/real/week/*

run=0
chrome() {
  run=$((run + 1))
  chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile$run" "$@" 2>>"$work/chromium.log" \
    || { echo "check-archive-html: chromium failed:"; grep -v dbus "$work/chromium.log"; exit 1; }
}
chrome --dump-dom "file://$site/index.html" >"$work/index-dom.html"
chrome --dump-dom "file://$site/days/2026-11-19/index.html" >"$work/day-dom.html"
chrome --window-size=1280,1000 --screenshot="$out/index.png" "file://$site/index.html" >/dev/null
chrome --window-size=400,1000 --screenshot="$out/index-phone.png" "file://$site/index.html" >/dev/null

# The phone-width measurement: the front page without its CSP in a 400 px iframe (as
# check-html.sh does: headless Chromium makes no window narrower than 500 px).
python3 - "$site/index.html" "$work/phone.html" <<'PY'
import html, re, sys
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", open(sys.argv[1], encoding="utf-8").read())
script = """
document.getElementById('page').addEventListener('load', () => {
  const d = document.getElementById('page').contentWindow.document;
  const r = {width: d.documentElement.clientWidth, scrollWidth: d.documentElement.scrollWidth,
             sparks: [...d.querySelectorAll('svg.spark')].map(s => s.getBoundingClientRect().width)};
  const pre = document.createElement('pre'); pre.id = 'phone-check'; pre.textContent = JSON.stringify(r); document.body.appendChild(pre);
});
"""
open(sys.argv[2], "w", encoding="utf-8").write(
    '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
    '<iframe id="page" style="width:400px;height:1000px;border:0" srcdoc="' + html.escape(page, quote=True) + '"></iframe>'
    "<script>" + script + "</script></body></html>")
PY
chrome --dump-dom "file://$work/phone.html" >"$work/phone-dom.html"

python3 - "$site" "$work/index-dom.html" "$work/day-dom.html" "$work/phone-dom.html" "$out" <<'PY'
import html, json, os, re, sys
site, index_dom, day_dom, phone_dom, out = sys.argv[1:6]
dom = open(index_dom, encoding="utf-8").read()
failures = []
rows = re.findall(r'<tr><td class="date"><a href="([^"]+)">([^<]+)</a>(.*?)</tr>', dom, re.S)
kinds = {"months": 0, "weeks": 0}
for href, label, rest in rows:
    page = os.path.join(site, href)
    if not os.path.exists(page):
        failures.append(f"front page: {label} links to {href}, which does not exist")
        continue
    kinds[href.split("/")[0]] += 1
    report = json.load(open(os.path.join(os.path.dirname(page), "report.json")))
    t = report["totals"]
    values = [int(v) for v in re.findall(r'<data value="(\d+)">', rest)]
    expected = [len({d["date"] for d in report["per_day"]}) if report["per_day"] else 1,
                t["received"], t["delivered"], t["deferred"], t["bounced"], t["rejected"], t["bytes_delivered"]]
    if values != expected:
        failures.append(f"front page: {label} shows {values}, its report.json has {expected}")
    bars = len(re.findall(r"<rect ", rest))
    wanted = sum((d["received"] > 0) + (d["delivered"] > 0) for d in report["per_day"])
    if bars != wanted or bars == 0:
        failures.append(f"front page: {label}'s chart has {bars} bars, {wanted} wanted")
if kinds["months"] != 1 or kinds["weeks"] != 1:
    failures.append(f"front page lists {kinds}, one month and one week wanted")

day = open(day_dom, encoding="utf-8").read()
report = json.load(open(os.path.join(site, "days/2026-11-19/report.json")))
m = re.search(r'<data class="value" value="(\d+)"[^>]*>[^<]*</data> <span class="label">received</span>', day)
if not m or int(m.group(1)) != report["totals"]["received"]:
    failures.append("day page: Grand Totals 'received' missing or not its report.json's")
links = re.findall(r'<a (?:rel="(prev|next)" )?href="([^"]+)">([^<]+)</a>', day)
nav = [(rel, href) for rel, href, _ in links if href.startswith("../../")]
for rel, href in nav:
    if not os.path.exists(os.path.normpath(os.path.join(site, "days/2026-11-19", href))):
        failures.append(f"day page: {href} does not exist")
wanted = {("prev", "../../days/2026-11-18/index.html"), ("next", "../../days/2026-11-20/index.html"),
          ("", "../../weeks/2026-W47/index.html"), ("", "../../months/2026-11/index.html"), ("", "../../index.html")}
if not wanted <= set(nav):
    failures.append(f"day page: links {sorted(wanted - set(nav))} missing")
if "<script" in dom or "<script" in day:
    failures.append("a page has a script")

m = re.search(r'<pre id="phone-check">(.*?)</pre>', open(phone_dom, encoding="utf-8").read(), re.S)
if not m:
    failures.append("the phone-width measurement did not run")
else:
    p = json.loads(html.unescape(m.group(1)))
    if p["scrollWidth"] > p["width"]:
        failures.append(f"the front page scrolls sideways at phone width ({p['scrollWidth']} px > {p['width']} px)")
    if not p["sparks"] or min(p["sparks"]) < 50:
        failures.append(f"the charts are {p['sparks']} px wide at phone width")
for shot in ("index.png", "index-phone.png"):
    if os.path.getsize(os.path.join(out, shot)) < 10000:
        failures.append(f"the screenshot {shot} is (nearly) empty")
if failures:
    print("check-archive-html: FAILED\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"check-archive-html: ok ({len(rows)} periods on the front page, their figures and charts as their "
      f"report.json; the day page's {len(nav)} links lead to pages; screenshots in {out}/)")
PY
