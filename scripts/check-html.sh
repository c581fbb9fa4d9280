#!/bin/bash
# Real-browser check of the HTML page: renders a fixture with postsumm, opens the page in
# headless Chromium, and checks that the rendered DOM shows the key figures of the JSON report
# (Grand Totals, per-day rows, the nested reports); also prints it to PDF (the print
# stylesheet) and saves a screenshot (out/check-html/report.png; the README's picture is one:
# SCREENSHOT=docs/images/report.png scripts/check-html.sh refreshes it).
#
# usage: scripts/check-html.sh [POSTSUMM_BINARY]
#   POSTSUMM_BINARY  default .build/debug/postsumm (built with `swift build` if missing)
#   FIXTURE=...      log files to render (default: Fixtures/real/week/* if present, else
#                    Fixtures/hand/appendix-a.log)
#   SCREENSHOT=...   where to save the screenshot (default out/check-html/report.png, git-ignored, so
#                    that `make test` leaves the tree as it was; empty: none)
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
for f in "$work/dom.html" "$work/report.pdf" ${screenshot:+"$screenshot"}; do
  [ -s "$f" ] || { echo "check-html: chromium wrote no $f:"; grep -v dbus "$work/chromium.log"; exit 1; }
done

python3 - "$work/report.json" "$work/dom.html" "$work/report.pdf" "$screenshot" <<'PY'
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

if failures:
    print("check-html: FAILED\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"check-html: ok ({len(re.findall('<section id=', dom))} sections rendered by Chromium; "
      f"{t['received']} received, {t['delivered']} delivered; PDF {os.path.getsize(sys.argv[3]) // 1024} KiB"
      + (f"; screenshot {sys.argv[4]}" if sys.argv[4] else "") + ")")
PY
