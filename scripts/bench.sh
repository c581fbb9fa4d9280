#!/bin/bash
# make bench: postsumm's speed and memory against pflogsumm 1.3.0 and the decompression floor,
# on a generated, realistic rotated week (~1 GiB of log) and on one big plain mail.log.
# See BENCHMARKS.md for what every number means.
#
# Environment:
#   BENCH_RUNS=5            timed runs per case (the median is reported)
#   BENCH_SIZE_MB=1024      uncompressed size of the week, MiB (200 for a quick look)
#   BENCH_SEED=1            generator seed (same seed + size + templates = same bytes)
#   BENCH_PFLOGSUMM_RUNS=1  runs of pflogsumm (slow: about 45k lines/s); 0 skips it
#   BENCH_PFLOGSUMM=PATH    pflogsumm to compare with (default ../shared/reference/pflogsumm-1.3.0)
#   BENCH_BIN=PATH          postsumm binary (default: build .build/release/postsumm)
#   BENCH_BASE=REV          A/B: also build git revision REV (e.g. HEAD~1) in a scratch copy under
#                           BENCH_DATA/base/, run its all-cores and --jobs 1 on the week in the same
#                           interleaved rounds, and report new/base against issue 14's limits;
#                           also both builds' instructions (cachegrind, installed if missing)
#   BENCH_INSTRUCTIONS=0    skip that count; BENCH_INSTRUCTION_LINES=600000: lines it reads
#   BENCH_DATA=DIR          where data and results go (default bench-data, git-ignored)
#   BENCH_PERF=1            also record a perf profile of `postsumm --jobs 1` on the week
#   BENCH_TEMPLATES=P:Q     template logs for the generator (default Fixtures/real + ../shared sample)
#   BENCH_IDLE_WAIT=120     seconds to wait, before each run, for other processes to go quiet
#   BENCH_IDLE_BUSY=10      ... under this CPU %; BENCH_IDLE_BUDGET=900: total waiting allowed
#   BENCH_NICE=-10          run in an own session whose scheduling group has this nice (root)
#   BENCH_REPORT_ONLY=1     only print the tables again from the last run's timings
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# BENCH_NICE=-10: run in a session of our own whose scheduling group gets that nice value. With
# autogroup scheduling (the Linux default) a `nice`d job in another session, such as `make fuzz`,
# otherwise still takes half the CPUs. Needs root; off by default.
if [ -n "${BENCH_NICE:-}" ] && [ -z "${BENCH_OWN_SESSION:-}" ] && [ -w /proc/self/autogroup ] && command -v setsid >/dev/null; then
  export BENCH_OWN_SESSION=1
  exec setsid --wait "$0" "$@"
fi
if [ -n "${BENCH_OWN_SESSION:-}" ]; then
  echo "${BENCH_NICE}" > "/proc/$$/autogroup" 2>/dev/null || echo "== could not set the autogroup nice to $BENCH_NICE" >&2
fi
AUTOGROUP=$(cat /proc/self/autogroup 2>/dev/null || echo "n/a")

RUNS=${BENCH_RUNS:-5}
SIZE=${BENCH_SIZE_MB:-1024}
SEED=${BENCH_SEED:-1}
PF_RUNS=${BENCH_PFLOGSUMM_RUNS:-1}
INSTR_LINES=${BENCH_INSTRUCTION_LINES:-600000}
PF=${BENCH_PFLOGSUMM:-$root/../shared/reference/pflogsumm-1.3.0}
DATA=${BENCH_DATA:-bench-data}
NPROC=$(nproc)
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

say() { printf '== %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# What it needs: python3 (generator), gzip, GNU time (peak RSS), perl + Date::Calc (pflogsumm).
apt_updated=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || { say "cannot install $* (no apt-get)"; return 1; }
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -q >/dev/null || true; apt_updated=1; fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@" >/dev/null
}
command -v python3 >/dev/null 2>&1 || apt_install python3
command -v gzip >/dev/null 2>&1 || apt_install gzip
[ -x /usr/bin/time ] || apt_install time || true
HAVE_TIME=0; [ -x /usr/bin/time ] && HAVE_TIME=1

PF_OK=0; PF_WHY=""
if [ "$PF_RUNS" -gt 0 ]; then
  if [ ! -f "$PF" ]; then
    PF_WHY="$PF not found"
  else
    command -v perl >/dev/null 2>&1 || apt_install perl || true
    if ! perl -MDate::Calc -e1 2>/dev/null || ! perl -MConfig::Simple -e1 2>/dev/null; then
      apt_install libdate-calc-perl libconfig-simple-perl || true
    fi
    if command -v perl >/dev/null 2>&1 && perl -MDate::Calc -e1 2>/dev/null; then
      PF_OK=1
    else
      PF_WHY="perl with Date::Calc not available"
    fi
  fi
else
  PF_WHY="BENCH_PFLOGSUMM_RUNS=0"
fi
[ "$PF_OK" = 1 ] || say "skipping pflogsumm: $PF_WHY"

# ---------------------------------------------------------------------------------------------
# postsumm, release build (others may be mid-edit: retry a few times)
REPORT_ONLY=${BENCH_REPORT_ONLY:-0}   # 1: only re-print the report from the last run's times
if [ -n "${BENCH_BIN:-}" ]; then
  BIN=$BENCH_BIN
elif [ "$REPORT_ONLY" = 1 ]; then
  BIN=$root/.build/release/postsumm
else
  BIN=$root/.build/release/postsumm
  for attempt in 1 2 3 4 5; do
    if swift build -c release --product postsumm >"$root/.build/bench-build.log" 2>&1; then break; fi
    if [ "$attempt" = 5 ]; then tail -30 "$root/.build/bench-build.log" >&2; say "release build failed"; exit 1; fi
    say "release build failed (attempt $attempt), retrying in 60 s"; sleep 60
  done
fi
[ -x "$BIN" ] || { say "no postsumm binary at $BIN"; exit 1; }
# What was built (not what the tree holds by the time the report is printed).
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain -- Sources Package.swift 2>/dev/null | wc -l)

# ---------------------------------------------------------------------------------------------
# A/B: the base revision's release binary. Its source is `git archive`d into a scratch folder
# (not a `git worktree`, which would register itself in the shared repository) and built with
# the current Package.resolved, so that base and new differ only in their own code. Kept per
# commit: a second A/B against the same base does not build again.
BASE=${BENCH_BASE:-}
BASE_BIN=""
BASE_INFO=$DATA/out/base.txt     # "<short sha> <what BENCH_BASE said>", for BENCH_REPORT_ONLY
if [ -n "$BASE" ] && [ "$REPORT_ONLY" != 1 ]; then
  base_sha=$(git rev-parse --verify -q "$BASE^{commit}") || { say "BENCH_BASE=$BASE is not a git revision"; exit 1; }
  base_dir=$DATA/base/$base_sha
  BASE_BIN=$base_dir/.build-release/release/postsumm
  if [ ! -x "$BASE_BIN" ]; then
    if [ ! -f "$base_dir/src/.archived" ]; then
      rm -rf "$base_dir/src"; mkdir -p "$base_dir/src"
      git archive "$base_sha" | tar -x -C "$base_dir/src"
      [ -f Package.resolved ] && cp Package.resolved "$base_dir/src/"
      : > "$base_dir/src/.archived"
    fi
    say "building the base, $(git rev-parse --short "$base_sha") ($BASE), in $base_dir"
    for attempt in 1 2 3; do
      if swift build -c release --product postsumm --package-path "$base_dir/src" \
           --scratch-path "$base_dir/.build-release" >"$base_dir/build.log" 2>&1; then break; fi
      if [ "$attempt" = 3 ]; then tail -30 "$base_dir/build.log" >&2; say "base release build failed"; exit 1; fi
      say "base release build failed (attempt $attempt), retrying in 60 s"; sleep 60
    done
  fi
  [ -x "$BASE_BIN" ] || { say "no base binary at $BASE_BIN"; exit 1; }
  mkdir -p "$DATA/out"
  echo "$(git rev-parse --short "$base_sha") $BASE" > "$BASE_INFO"
elif [ "$REPORT_ONLY" != 1 ]; then
  rm -f "$BASE_INFO"
fi

# ---------------------------------------------------------------------------------------------
# Data (cached: regenerated only when seed, size, templates or the generator change)
mkdir -p "$DATA/out"
gen_start=$(date +%s)
scripts/bench-generate --out "$DATA/week" --single "$DATA/single/mail.log" --size-mb "$SIZE" --seed "$SEED"
HALF=$(python3 -c "print($SIZE / 2)")
scripts/bench-generate --out "$DATA/week-half" --size-mb "$HALF" --seed "$SEED"
gen_secs=$(( $(date +%s) - gen_start ))

WEEK=("$DATA"/week/mail.log*)                       # shell glob order: postsumm sorts rotation
OLDEST_FIRST=()
for k in 9 8 7 6 5 4 3 2; do [ -f "$DATA/week/mail.log.$k.gz" ] && OLDEST_FIRST+=("$DATA/week/mail.log.$k.gz"); done
OLDEST_FIRST+=("$DATA/week/mail.log.1" "$DATA/week/mail.log")
HALFWEEK=("$DATA"/week-half/mail.log*)
SINGLE=$DATA/single/mail.log
week_bytes=$(python3 -c "import json;print(json.load(open('$DATA/week/.bench-generate.json'))['bytes'])")
half_bytes=$(python3 -c "import json;print(json.load(open('$DATA/week-half/.bench-generate.json'))['bytes'])")
single_bytes=$(stat -c %s "$SINGLE")
week_lines=$(python3 -c "import json;print(json.load(open('$DATA/week/.bench-generate.json'))['lines'])")

# ---------------------------------------------------------------------------------------------
# A shared machine: before each run, wait (up to BENCH_IDLE_WAIT seconds, default 120) until
# the other processes leave the CPUs alone (under BENCH_IDLE_BUSY, default 10% busy over 1 s),
# but wait no more than BENCH_IDLE_BUDGET seconds (default 900) in all.
IDLE_WAIT=${BENCH_IDLE_WAIT:-120}
IDLE_BUSY=${BENCH_IDLE_BUSY:-10}
IDLE_LEFT=${BENCH_IDLE_BUDGET:-900}
busy_pct() {  # % of all CPUs in use over one second. Niced work counts too: with autogroup
  local a b   # scheduling, a `nice` process in another session still takes its share.
  a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
  local idle=$(( b[4] + b[5] - a[4] - a[5] )) total=0 k
  for k in 1 2 3 4 5 6 7 8; do total=$(( total + b[k] - a[k] )); done
  echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}
wait_idle() {  # sets BUSY (and IDLE_LEFT); not in a subshell, so the budget is shared
  local waited=0
  BUSY=$(busy_pct)
  while [ "$BUSY" -gt "$IDLE_BUSY" ] && [ "$waited" -lt "$IDLE_WAIT" ] && [ "$IDLE_LEFT" -gt 0 ]; do
    [ "$waited" = 0 ] && say "machine busy (${BUSY}% CPU used by other processes), waiting up to $(( IDLE_WAIT < IDLE_LEFT ? IDLE_WAIT : IDLE_LEFT )) s"
    sleep 4; waited=$((waited + 5)); IDLE_LEFT=$((IDLE_LEFT - 5)); BUSY=$(busy_pct)
  done
}

# ---------------------------------------------------------------------------------------------
# Timing: measure NAME RUNS OUTFILE CMD... -> "NAME<TAB>seconds<TAB>maxrss_kb<TAB>status<TAB>busy%"
TIMES=$DATA/out/times.tsv
[ "$REPORT_ONLY" = 1 ] || : > "$TIMES"
measure() {
  local name=$1 runs=$2 out=$3; shift 3
  local i t0 t1 st rss busy usr sys
  for ((i = 1; i <= runs; i++)); do
    wait_idle; busy=$BUSY
    t0=$(date +%s%N)
    st=0
    if [ "$HAVE_TIME" = 1 ]; then
      /usr/bin/time -f '%M %U %S' -o "$DATA/out/rss.tmp" "$@" > "$out" 2> "$DATA/out/$name.stderr" || st=$?
      read -r rss usr sys < <(tail -1 "$DATA/out/rss.tmp")
    else
      "$@" > "$out" 2> "$DATA/out/$name.stderr" || st=$?
      rss=0 usr=0 sys=0
    fi
    t1=$(date +%s%N)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(( (t1 - t0) / 1000 ))e-6" "$rss" "$st" "$busy" \
      "$(python3 -c "print(round($usr + $sys, 2))")" >> "$TIMES"
    printf '   %-13s run %d/%d: %7.2f s  %s%s%s\n' "$name" "${ROUND:-$i}" "${ROUNDS:-$runs}" "$(python3 -c "print(($t1-$t0)/1e9)")" \
      "$([ "$rss" != 0 ] && echo "rss $((rss / 1024)) MiB")" "$([ "$st" != 0 ] && echo "  exit $st")" \
      "$([ "$busy" -gt "$IDLE_BUSY" ] && echo "  (started while ${busy}% busy)")" >&2
  done
}
if [ "$REPORT_ONLY" != 1 ]; then
say "warming the page cache"
cat "${WEEK[@]}" "${HALFWEEK[@]}" "$SINGLE" > /dev/null

# The cases compared with each other run in rounds, each case once per round, so that a slow
# spell of the shared host (they last minutes, and take 10-25 % off postsumm, less off gzip)
# falls on all of them alike instead of on whichever case ran then; and each round starts one
# case further on, so that no case always follows the same one.
week_case() {
  case $1 in
    0) measure zcat_floor 1 /dev/null \
         bash -c 'printf "%s\0" "${@:2}" | xargs -0 -P "$1" -n 1 gzip -cdf --' _ "$NPROC" "${OLDEST_FIRST[@]}" ;;
    1) measure postsumm_all 1 "$DATA/out/week.all.txt" "$BIN" "${WEEK[@]}" ;;
    2) measure postsumm_j1 1 "$DATA/out/week.j1.txt" "$BIN" --jobs 1 "${WEEK[@]}" ;;
    3) measure postsumm_j2 1 "$DATA/out/week.j2.txt" "$BIN" --jobs 2 "${WEEK[@]}" ;;
    4) measure base_all 1 "$DATA/out/week.base-all.txt" "$BASE_BIN" "${WEEK[@]}" ;;
    5) measure base_j1 1 "$DATA/out/week.base-j1.txt" "$BASE_BIN" --jobs 1 "${WEEK[@]}" ;;
    6) measure tracking_all 1 "$DATA/out/week.tracking.txt" "$BIN" --abuse-stats "${WEEK[@]}" ;;
  esac
}
single_case() {
  case $1 in
    0) measure cat_floor 1 /dev/null cat "$SINGLE" ;;
    1) measure single_all 1 "$DATA/out/single.all.txt" "$BIN" "$SINGLE" ;;
    2) measure single_j1 1 "$DATA/out/single.j1.txt" "$BIN" --jobs 1 "$SINGLE" ;;
  esac
}
ROUNDS=$RUNS
WEEK_CASES=(0 1 2 3)
[ -n "$BASE_BIN" ] && WEEK_CASES+=(4 5)   # A/B: the base's all cores and --jobs 1 too
# Who is sending (issue 15) collected, with --abuse-stats: its cost against the plain run.
"$BIN" --help 2>&1 | grep -q -- '--abuse-stats' && WEEK_CASES+=(6)
N_CASES=${#WEEK_CASES[@]}
say "week: ${#WEEK[@]} files, $((week_bytes / 1048576)) MiB of log, $week_lines lines; $RUNS rounds of the $N_CASES cases"
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  for ((k = 0; k < N_CASES; k++)); do week_case "${WEEK_CASES[$(( (k + ROUND - 1) % N_CASES ))]}"; done
done
unset ROUND ROUNDS
if [ "$PF_OK" = 1 ]; then
  say "pflogsumm 1.3.0 on the week ($PF_RUNS run(s); slow)"
  measure pflogsumm "$PF_RUNS" "$DATA/out/week.pflogsumm.txt" bash -c "zcat -f \"\$@\" | perl '$PF'" _ "${OLDEST_FIRST[@]}"
fi
say "single plain file: $((single_bytes / 1048576)) MiB; $RUNS rounds of the three cases"
ROUNDS=$RUNS
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
  for k in 0 1 2; do single_case $(( (k + ROUND - 1) % 3 )); done
done
unset ROUND ROUNDS
say "half-size week: $((half_bytes / 1048576)) MiB (memory must not follow input size)"
measure half_all "$RUNS" "$DATA/out/half.all.txt" "$BIN" "${HALFWEEK[@]}"

# Saved aggregates (issue 16), when the binary has them: one pass over the week saves a day
# each (--save-daily); the report from the seven days is timed against the week's parse (at
# least 20x faster), and an archive update after one more day of logs against that day's
# parse (about the same). The update starts each run from a copy of the archive made of the
# week less its newest file.
if "$BIN" --help 2>&1 | grep -q -- '--save-daily'; then
  DAYS=$DATA/out/days ARCH=$DATA/out/archive NEWEST=$DATA/week/mail.log
  OLDER=(); for f in "${WEEK[@]}"; do [ "$f" != "$NEWEST" ] && OLDER+=("$f"); done
  rm -rf "$DAYS" "$ARCH" "$ARCH.before"; mkdir -p "$DAYS"
  say "saved days: one pass over the week with --save-daily, then the report from the days"
  measure save_daily 1 /dev/null "$BIN" --save-daily "$DAYS" "${WEEK[@]}"
  measure merge_days "$RUNS" "$DATA/out/week.days.txt" "$BIN" "$DAYS"/*.psum
  # The phases of each (POSTSUMM_PHASES=1), once: the parse against the reading and merging
  # of the days, without the report model and the writing both runs share.
  wait_idle
  POSTSUMM_PHASES=1 "$BIN" "${WEEK[@]}" 2> "$DATA/out/phases.week.stderr" > /dev/null || true
  wait_idle
  POSTSUMM_PHASES=1 "$BIN" "$DAYS"/*.psum 2> "$DATA/out/phases.days.stderr" > /dev/null || true
  say "archive: made from the week less its newest file, then updated with it; the newest file parsed alone"
  "$BIN" archive "$ARCH.before" "${OLDER[@]}" > /dev/null 2> "$DATA/out/archive_make.stderr" || say "archive of the older files failed (see archive_make.stderr)"
  ROUNDS=$RUNS
  for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
    rm -rf "$ARCH"; cp -a "$ARCH.before" "$ARCH"
    measure archive_update 1 /dev/null "$BIN" archive "$ARCH" "${WEEK[@]}"
    measure newest_day 1 /dev/null "$BIN" "$NEWEST"
  done
  unset ROUND ROUNDS
  du -sb "$DAYS" | cut -f1 > "$DATA/out/days.bytes"
fi

# A/B, the noise-free half: instructions of both builds on the same lines (cachegrind, no cache
# simulation, `--jobs 1`: valgrind runs threads one at a time, so the count does not depend on
# the machine's load). A timing FAIL with instructions this close is the host, not the code.
rm -f "$DATA/out/instructions.tsv"
if [ -n "$BASE_BIN" ] && [ "${BENCH_INSTRUCTIONS:-1}" = 1 ]; then
  command -v valgrind >/dev/null 2>&1 || apt_install valgrind || true
  if command -v valgrind >/dev/null 2>&1; then
    say "A/B instructions: cachegrind of new and base, --jobs 1, the first $INSTR_LINES lines of the single file"
    head -n "$INSTR_LINES" "$SINGLE" > "$DATA/out/instr-sample.log"
    for side in new base; do
      src=$BIN; [ "$side" = base ] && src=$BASE_BIN
      # valgrind cannot read the Swift debug info; the symbols are enough for a count.
      strip --strip-debug -o "$DATA/out/instr-$side" "$src"
      valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$DATA/out/instr-$side" --jobs 1 \
        "$DATA/out/instr-sample.log" > "$DATA/out/instr-$side.txt" 2> "$DATA/out/instr-$side.err" &
    done
    wait
    # Who is sending's cost in instructions (the new build with --abuse-stats): the time ratio
    # of that row moves by 0.15 between runs on this host, this one does not.
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$DATA/out/instr-new" --jobs 1 --abuse-stats \
      "$DATA/out/instr-sample.log" > /dev/null 2> "$DATA/out/instr-new_abuse.err" || true
    for side in new base new_abuse; do
      n=$(sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' "$DATA/out/instr-$side.err" | tr -d ,)
      [ -n "$n" ] && printf '%s\t%s\n' "$side" "$n" >> "$DATA/out/instructions.tsv"
    done
    cmp -s "$DATA/out/instr-new.txt" "$DATA/out/instr-base.txt" && echo same > "$DATA/out/instructions.same" || echo differ > "$DATA/out/instructions.same"
    rm -f "$DATA/out/instr-new" "$DATA/out/instr-base" "$DATA/out/instr-sample.log"
  else
    say "A/B instructions skipped: no valgrind"
  fi
fi

if [ "${BENCH_PERF:-0}" = 1 ] && command -v perf >/dev/null 2>&1; then
  say "perf profile of postsumm --jobs 1 on the week -> $DATA/perf-jobs1.txt"
  perf record -q -g -o "$DATA/perf.data" -- "$BIN" --jobs 1 "${WEEK[@]}" > /dev/null 2>&1 || true
  perf report -i "$DATA/perf.data" --stdio --no-children --percent-limit 0.7 2>/dev/null \
    | grep -v '^$' | head -150 > "$DATA/perf-jobs1.txt" || true
fi

fi  # REPORT_ONLY

# ---------------------------------------------------------------------------------------------
# Report: table on stdout, bench-data/results.json, bench-data/results.md
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
cpu="$cpu (family $(awk -F': ' '/^cpu family/ {print $2; exit}' /proc/cpuinfo), model $(awk -F': ' '/^model\t/ {print $2; exit}' /proc/cpuinfo))"
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
swiftv=$(swift --version 2>/dev/null | head -1 || echo unknown)
gzipv=$(gzip --version | head -1)
perlv=$(perl -e 'print $^V' 2>/dev/null || echo none)
base=""; [ -f "$BASE_INFO" ] && base=$(cat "$BASE_INFO")
export base TIMES DATA NPROC cpu mem swiftv gzipv perlv commit dirty week_bytes half_bytes single_bytes week_lines \
  gen_secs PF_OK PF_WHY RUNS SIZE SEED IDLE_BUSY AUTOGROUP INSTR_LINES
python3 - <<'PY'
import json, os, statistics, hashlib, datetime
E = os.environ
rows = {}
for ln in open(E["TIMES"]):
    name, secs, rss, st, busy, cpu = ln.rstrip("\n").split("\t")
    r = rows.setdefault(name, {"runs": [], "cpu_s": [], "rss_kb": [], "status": [], "busy_before_pct": []})
    r["runs"].append(float(secs)); r["rss_kb"].append(int(rss)); r["status"].append(int(st))
    r["busy_before_pct"].append(int(busy)); r["cpu_s"].append(float(cpu))
for r in rows.values():
    r["median_s"] = statistics.median(r["runs"])
    r["median_cpu_s"] = statistics.median(r["cpu_s"])
    r["max_rss_mib"] = max(r["rss_kb"]) / 1024.0
wb, hb, sb = int(E["week_bytes"]), int(E["half_bytes"]), int(E["single_bytes"])
data = E["DATA"]
gen = json.load(open(os.path.join(data, "week", ".bench-generate.json")))
def med(n): return rows[n]["median_s"] if n in rows else None
def mbps(n, b): return b / 1e6 / med(n) if n in rows else None
def same(*files):
    hs = set()
    for f in files:
        p = os.path.join(data, "out", f)
        if not os.path.exists(p): return None
        hs.add(hashlib.sha256(open(p, "rb").read()).hexdigest())
    return len(hs) == 1
cases = [
    ("zcat_floor",   "week", "zcat floor: every file through `gzip -cdf` to /dev/null, %s in parallel" % E["NPROC"], wb),
    ("postsumm_all", "week", "postsumm (all %s cores)" % E["NPROC"], wb),
    ("postsumm_j2",  "week", "postsumm --jobs 2", wb),
    ("postsumm_j1",  "week", "postsumm --jobs 1", wb),
    ("tracking_all", "week", "postsumm --abuse-stats (who is sending collected, all cores)", wb),
    ("base_all",     "week", "base %s: postsumm (all %s cores)" % (E["base"].split(" ")[0], E["NPROC"]), wb),
    ("base_j1",      "week", "base %s: postsumm --jobs 1" % E["base"].split(" ")[0], wb),
    ("pflogsumm",    "week", "pflogsumm 1.3.0 (`zcat -f`, oldest first, into `perl`)", wb),
    ("cat_floor",    "single", "cat floor: `cat mail.log > /dev/null`", sb),
    ("single_all",   "single", "postsumm (all %s cores)" % E["NPROC"], sb),
    ("single_j1",    "single", "postsumm --jobs 1", sb),
    ("half_all",     "half week", "postsumm (all %s cores)" % E["NPROC"], hb),
    ("save_daily",   "week", "postsumm --save-daily DIR (all cores; the week's days saved)", wb),
    ("merge_days",   "week", "postsumm DIR/*.psum (the report from the seven saved days)", wb),
    ("archive_update", "week", "postsumm archive DIR (an archive of the older files, updated with the newest)", wb),
    ("newest_day",   "week", "postsumm mail.log (the newest file alone)", wb),
]
targets = []
def target(name, value, op, limit, fmt):
    ok = None if value is None else (value >= limit if op == ">=" else value <= limit)
    targets.append({"target": name, "value": value, "op": op, "limit": limit, "pass": ok,
                    "shown": "n/a" if value is None else fmt % value})
pf, pa = med("pflogsumm"), med("postsumm_all")
target("week: pflogsumm / postsumm (all cores)", pf / pa if pf and pa else None, ">=", 40, "%.1f×")
target("week: postsumm (all cores) / parallel zcat floor", pa / med("zcat_floor") if pa else None, "<=", 1.5, "%.2f×")
target("single plain file: postsumm (all cores) MB/s", mbps("single_all", sb), ">=", 400, "%.0f MB/s")
target("week: --jobs 1 / --jobs 2", med("postsumm_j1") / med("postsumm_j2") if "postsumm_j2" in rows else None, ">=", 1.7, "%.2f×")
target("peak RSS, week (all cores)", rows.get("postsumm_all", {}).get("max_rss_mib"), "<=", 200, "%.0f MiB")
target("peak RSS, single file (all cores)", rows.get("single_all", {}).get("max_rss_mib"), "<=", 200, "%.0f MiB")
if "merge_days" in rows and pa:
    target("week: parse (all cores) / report from the seven saved days", pa / med("merge_days"), ">=", 20, "%.1f×")
    target("archive update after one more day / that day's parse", med("archive_update") / med("newest_day"), "<=", 1.5, "%.2f×")
    target("peak RSS, report from the seven saved days", rows["merge_days"]["max_rss_mib"], "<=", 200, "%.0f MiB")
    # Phase against phase (POSTSUMM_PHASES=1): what a merge replaces is the parse; the report
    # model and the writing are the same work in both runs.
    import re
    def phase_cpu(fname, phase):
        p = os.path.join(data, "out", fname)
        if not os.path.exists(p): return None
        for ln in open(p, errors="replace"):
            m = re.match(r"phase (.*): ([0-9.]+) s wall, ([0-9.]+) s CPU", ln)
            if m and m.group(1) == phase: return float(m.group(3))
        return None
    parse_cpu = phase_cpu("phases.week.stderr", "read and parse (merge included)")
    merge_cpu = phase_cpu("phases.days.stderr", "aggregates read and merged")
    target("week: parse phase / the seven days' read-and-merge phase (CPU)",
           parse_cpu / merge_cpu if parse_cpu and merge_cpu else None, ">=", 20, "%.1f×")
if "tracking_all" in rows and pa:
    target("peak RSS, week with who is sending (--abuse-stats, all cores)", rows["tracking_all"]["max_rss_mib"], "<=", 200, "%.0f MiB")
    target("week: CPU with who is sending / without (all cores)",
           rows["tracking_all"]["median_cpu_s"] / rows["postsumm_all"]["median_cpu_s"], "<=", 1.10, "%.3f×")
if "half_all" in rows and "postsumm_all" in rows:
    growth = rows["postsumm_all"]["max_rss_mib"] / max(1e-9, rows["half_all"]["max_rss_mib"])
else:
    growth = None
identical = {"week --jobs 1 = all cores = --jobs 2": same("week.j1.txt", "week.all.txt", "week.j2.txt"),
             "week = its seven saved days": same("week.all.txt", "week.days.txt"),
             "single --jobs 1 = all cores": same("single.j1.txt", "single.all.txt")}
# A/B (BENCH_BASE): new / base on the week, against issue 14's limits: wall and CPU time within
# 5 % (ratio of the medians), peak RSS not higher. A run's peak RSS varies by a few MiB with the
# threads' timing (identical builds differ either way), so "higher" means: the new build's
# median peak is above every one of the base's peaks.
ab = None
if E["base"] and ("base_all" in rows or "base_j1" in rows):
    ab = {"base": E["base"], "new": E["commit"] + ("+%s modified source files" % E["dirty"] if E["dirty"] != "0" else ""),
          "limits": {"wall": 1.05, "cpu": 1.05, "peak_rss": "new median <= largest base run"}, "pairs": []}
    for label, n, b, fn, fb in (("all %s cores" % E["NPROC"], "postsumm_all", "base_all", "week.all.txt", "week.base-all.txt"),
                                ("--jobs 1", "postsumm_j1", "base_j1", "week.j1.txt", "week.base-j1.txt")):
        if n not in rows or b not in rows: continue
        rn, rb = rows[n], rows[b]
        def ratio(x, y): return x / y if y else None
        p = {"case": label, "new": n, "base": b,
             "wall_s": [rn["median_s"], rb["median_s"]], "cpu_s": [rn["median_cpu_s"], rb["median_cpu_s"]],
             "peak_rss_mib": [statistics.median(rn["rss_kb"]) / 1024.0, statistics.median(rb["rss_kb"]) / 1024.0],
             "peak_rss_mib_range": [[min(rn["rss_kb"]) / 1024.0, max(rn["rss_kb"]) / 1024.0],
                                    [min(rb["rss_kb"]) / 1024.0, max(rb["rss_kb"]) / 1024.0]],
             "identical_report": same(fn, fb)}
        p["ratio"] = {"wall": ratio(rn["median_s"], rb["median_s"]), "cpu": ratio(rn["median_cpu_s"], rb["median_cpu_s"]),
                      "peak_rss": ratio(p["peak_rss_mib"][0], p["peak_rss_mib"][1])}
        fails = [k for k in ("wall", "cpu") if p["ratio"][k] is not None and p["ratio"][k] > ab["limits"][k]]
        if p["peak_rss_mib"][0] > p["peak_rss_mib_range"][1][1]: fails.append("peak_rss")
        p["pass"] = None if any(v is None for v in p["ratio"].values()) else not fails
        p["failed"] = fails
        ab["pairs"].append(p)
    ipath = os.path.join(data, "out", "instructions.tsv")
    if os.path.exists(ipath):
        counts = dict(l.rstrip("\n").split("\t") for l in open(ipath) if "\t" in l)
        if "new" in counts and "base" in counts:
            spath = os.path.join(data, "out", "instructions.same")
            ab["instructions"] = {"lines": int(E["INSTR_LINES"]), "new": int(counts["new"]), "base": int(counts["base"]),
                                  "ratio": int(counts["new"]) / max(1, int(counts["base"])),
                                  "new_with_abuse_stats": int(counts["new_abuse"]) if "new_abuse" in counts else None,
                                  "identical_report": open(spath).read().strip() == "same" if os.path.exists(spath) else None}
machine = {"nproc": int(E["NPROC"]), "cpu": E["cpu"], "memory": E["mem"], "swift": E["swiftv"],
           "gzip": E["gzipv"], "perl": E["perlv"], "kernel": os.uname().release}
result = {
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "commit": E["commit"] + ("+%s modified source files" % E["dirty"] if E["dirty"] != "0" else ""),
    "machine": machine,
    "data": {"seed": int(E["SEED"]), "size_mib": float(E["SIZE"]), "week_bytes": wb, "week_lines": int(E["week_lines"]),
             "week_files": gen["files"], "queue_ids": gen["queue_ids"], "half_week_bytes": hb, "single_bytes": sb,
             "templates": gen["templates"], "generate_seconds": gen["seconds"]},
    "runs": int(E["RUNS"]),
    "cases": {n: dict(rows[n], input=inp, what=what, mb_per_s=(b / 1e6 / rows[n]["median_s"])) for n, inp, what, b in cases if n in rows},
    "targets": targets,
    "rss_week_over_half_week": growth,
    "identical_output": identical,
    "ab": ab,
    "pflogsumm_skipped": None if E["PF_OK"] == "1" else E["PF_WHY"],
    "scheduling": E["AUTOGROUP"],
}
json.dump(result, open(os.path.join(data, "results.json"), "w"), indent=1)

gz = [f for f in gen["files"] if f["name"].endswith(".gz")]
ratio = sum(f["bytes"] for f in gz) / max(1, sum(f["size_on_disk"] for f in gz))
lines = []
lines.append("Machine: %d cores, %s, %s RAM; %s; %s; perl %s." % (machine["nproc"], machine["cpu"], machine["memory"], machine["swift"], machine["gzip"], machine["perl"]))
lines.append("")
lines.append("Data: seed %s; week = %d files, %.0f MB (%.0f MiB) of log, %d lines, %d queue ids, gzip files %.1f× compressed; "
             "single = the same lines in one plain file. Medians of %s runs (pflogsumm: %d), warm page cache. Commit %s."
             % (E["SEED"], len(gen["files"]), wb / 1e6, wb / 1048576, int(E["week_lines"]), gen["queue_ids"], ratio, E["RUNS"],
                len(rows.get("pflogsumm", {"runs": []})["runs"]), result["commit"]))
lines.append("")
lines.append("| input | command | wall s (median) | CPU s | MB/s of log | peak RSS |")
lines.append("|---|---|---:|---:|---:|---:|")
for n, inp, what, b in cases:
    if n not in rows: continue
    r = rows[n]
    rss = "%.0f MiB" % r["max_rss_mib"] if not n.endswith("_floor") and r["max_rss_mib"] else ""
    bad = " (exit %s)" % ",".join(str(s) for s in sorted(set(r["status"])) if s) if any(r["status"]) else ""
    cpu = "%.2f" % r["median_cpu_s"] if r["median_cpu_s"] else ""
    lines.append("| %s | %s | %.2f%s | %s | %.0f | %s |" % (inp, what, r["median_s"], bad, cpu, b / 1e6 / r["median_s"], rss))
if "pflogsumm" not in rows:
    lines.append("| week | pflogsumm 1.3.0 | skipped: %s | | | |" % E["PF_WHY"])
lines.append("")
lines.append("| target (issue 3) | measured | limit | |")
lines.append("|---|---:|---:|---|")
for t in targets:
    lines.append("| %s | %s | %s %s | %s |" % (t["target"], t["shown"], t["op"], t["limit"],
                 "n/a" if t["pass"] is None else ("**pass**" if t["pass"] else "**FAIL**")))
lines.append("")
if growth is not None:
    lines.append("Peak RSS on the half-size week: %.0f MiB; the full week uses %.2f× that for 2× the input."
                 % (rows["half_all"]["max_rss_mib"], growth))
ins = (ab or {}).get("instructions") or {}
if ins.get("new_with_abuse_stats"):
    lines.append("")
    lines.append("Who is sending in instructions (cachegrind, `--jobs 1`, the single file's first %d lines, not moved by the "
                 "machine's load): with `--abuse-stats` %.1f M, without %.1f M: %.3f× (the target above is on time)."
                 % (ins["lines"], ins["new_with_abuse_stats"] / 1e6, ins["new"] / 1e6, ins["new_with_abuse_stats"] / max(1, ins["new"])))
if ab:
    lines.append("")
    lines.append("A/B on the week, %s interleaved rounds: new = %s, base = %s." % (E["RUNS"], ab["new"], ab["base"]))
    lines.append("")
    lines.append("| week | wall s new | base | new/base | CPU s new | base | new/base | peak RSS MiB new, median (min–max) | base | new/base | issue 14 limits | report |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for p in ab["pairs"]:
        def r(k): return "n/a" if p["ratio"][k] is None else "%.3f" % p["ratio"][k]
        verdict = "n/a" if p["pass"] is None else ("**pass**" if p["pass"] else "**FAIL** (%s)" % ", ".join(p["failed"]))
        rng = p["peak_rss_mib_range"]
        lines.append("| %s | %.2f | %.2f | %s | %.2f | %.2f | %s | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %s | %s | %s |"
                     % (p["case"], p["wall_s"][0], p["wall_s"][1], r("wall"), p["cpu_s"][0], p["cpu_s"][1], r("cpu"),
                        p["peak_rss_mib"][0], rng[0][0], rng[0][1], p["peak_rss_mib"][1], rng[1][0], rng[1][1],
                        r("peak_rss"), verdict,
                        {True: "identical", False: "**DIFFERS**", None: "n/a"}[p["identical_report"]]))
    ins = ab.get("instructions")
    if ins:
        lines.append("")
        lines.append("Instructions (cachegrind, `--jobs 1`, the single file's first %d lines; the machine's load does not move "
                     "them): new %.1f M, base %.1f M, new/base %.4f; reports %s. A wall or CPU FAIL with instructions within "
                     "a percent or so is most likely the host: confirm with runs of both binaries started together, "
                     "alternating which starts first." % (ins["lines"], ins["new"] / 1e6, ins["base"] / 1e6, ins["ratio"],
                     {True: "identical", False: "**DIFFER**", None: "n/a"}[ins["identical_report"]]))
    lines.append("")
    lines.append("Limits (issue 14): wall and CPU new/base <= 1.05 (medians); peak RSS not higher (the new median "
                 "at most the base's largest run: peaks vary by a few MiB between runs). A/B verdict: %s."
                 % ("n/a" if any(p["pass"] is None for p in ab["pairs"]) or not ab["pairs"]
                    else ("**pass**" if all(p["pass"] for p in ab["pairs"]) else "**FAIL**")))
busy = sorted({n for n, r in rows.items() if max(r["busy_before_pct"]) > int(E["IDLE_BUSY"])})
if busy:
    prio = E["AUTOGROUP"].rsplit(" ", 1)[-1] if " nice " in E["AUTOGROUP"] else "0"
    lines.append("")
    lines.append("Warning: other processes were using the CPUs when some runs started (%s); those figures are noisy%s."
                 % (", ".join(busy), "" if prio == "0" else
                    " (the benchmark ran in a scheduling group at nice %s, so they took a smaller share)" % prio))
lines.append("")
lines.append("Identical reports: " + "; ".join("%s: %s" % (k, {True: "yes", False: "**NO**", None: "n/a"}[v]) for k, v in identical.items()) + ".")
md = "\n".join(lines) + "\n"
open(os.path.join(data, "results.md"), "w").write(md)
print()
print(md)
print("(also in %s/results.json and %s/results.md)" % (data, data))
PY
