#!/bin/bash
# Regenerate the real Postfix log fixtures under Fixtures/real/ from scratch.
#
# usage: scripts/make-fixtures.sh [REALPOSTFIX_DIR] [WORKDIR]
#   REALPOSTFIX_DIR  the realpostfix scripts (default: ../shared/realpostfix relative to the repo root)
#   WORKDIR          scratch space for the raw per-day logs (default: a new mktemp -d)
#
# Developers only, never run by tests: it needs root, a scratch machine (realpostfix/setup.sh
# rewrites /etc/postfix) and about 6 minutes per "day" (18 days here, ~110 minutes in total).
# The seeds are fixed, but the logs are NOT byte-reproducible: traffic.py drives a live Postfix
# with 6 threads, so queue ids, PIDs, ordering and timing differ from run to run. After a
# regeneration the goldens must be remade with scripts/make-goldens.sh.
#
# Sets made (seed = make_logs.sh SEED argument; traffic.py seeds are SEED*100+day[+50]):
#   run A: seed 1729, 7 days x 100 messages -> real/week          (bsd,     first date 2026-11-16)
#   run B: seed 2718, 7 days x 100 messages -> real/week-dateext  (dateext, first date 2026-12-28)
#   run C: seed 3141, 4 days x 200 messages -> days 1-3: real/week-rfc3339 (rfc3339, 2026-03-02)
#                                              day 4:    real/day           (bsd,     2026-11-24)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
R=$(cd "${1:-$root/../shared/realpostfix}" && pwd)
work=${2:-$(mktemp -d /tmp/postsumm-fixtures.XXXXXX)}
mkdir -p "$work"
F=$root/Fixtures/real

# Postfix configured by setup.sh? (it logs to /var/log/postfix-real.log)
if [ "$(postconf -h maillog_file 2>/dev/null || true)" != /var/log/postfix-real.log ]; then
  echo "== running $R/setup.sh (rewrites /etc/postfix)"
  "$R/setup.sh"
fi

run() {  # run NAME DAYS MESSAGES SEED
  if [ -f "$work/$1/day$2.log" ]; then echo "== $1: already made, reusing $work/$1"; return; fi
  echo "== $1: $2 days x $3 messages, seed $4 ($(date -u +%T))"
  "$R/make_logs.sh" "$work/$1" "$2" "$3" "$4"
}
run A 7 100 1729
run B 7 100 2718
run C 4 200 3141

# Copy the raw days into per-set folders for rotate.py (which numbers days by sort order, not
# by name). rotate.py only reads the time of day, so a day whose generation crossed real
# midnight would jump back ~24 h; lines dated after the day's first date get hour+24 instead.
prep() {  # prep SET-DIR RUN-DIR DAY...
  local dst=$work/$1 src=$work/$2 i=0; shift 2
  rm -rf "$dst"; mkdir -p "$dst"
  for d in "$@"; do i=$((i+1)); python3 - "$src/day$d.log" "$dst/day$i.log" <<'PY'
import re, sys
first, n, out = None, 0, []
for l in open(sys.argv[1], encoding="utf-8", errors="surrogateescape"):
    m = re.match(r"(\w{3} +\d+) (\d\d)(:\d\d:\d\d .*)", l, re.S)
    if m:
        if first is None:
            first = m[1]
        elif m[1] != first:
            l, n = "%s %02d%s" % (first, int(m[2]) + 24, m[3]), n + 1
    out.append(l)
open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape").writelines(out)
if n:
    print("%s: %d lines after midnight shifted to hour 24+" % (sys.argv[1], n))
PY
  done
}
prep sA  A 1 2 3 4 5 6 7
prep sB  B 1 2 3 4 5 6 7
prep sC3 C 1 2 3
prep sC1 C 4

rm -rf "$F/week" "$F/week-dateext" "$F/week-rfc3339" "$F/day" "$work/rot"
"$R/rotate.py" "$work/sA"  "$F/week"         bsd     2026-11-16
"$R/rotate.py" "$work/sB"  "$F/week-dateext" dateext 2026-12-28
"$R/rotate.py" "$work/sC3" "$F/week-rfc3339" rfc3339 2026-03-02
"$R/rotate.py" "$work/sC1" "$work/rot"       bsd     2026-11-24
mkdir -p "$F/day"; mv "$work/rot/mail.log" "$F/day/mail.log"

echo "== done; raw days kept in $work"
ls -lR "$F"
du -sh "$F"
