#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ and runs each for SECONDS (see docs/FUZZING.md).
#
#   scripts/fuzz.sh SECONDS [HARNESS ...]   build, seed, then fuzz each harness for SECONDS
#   scripts/fuzz.sh build                   build only
#
# Harnesses: lineparser (ShardParser + ReportBuilder + text/JSON), gzipreader (LineReader on
# plain and gzip data), pipeline (PostsummCommand.run, all formats, --jobs 1 vs 2),
# aggregatereader (aggregate files and bare payloads read, saved again, merged, reported).
#
# The module sources are compiled directly with swiftc -sanitize=fuzzer,address (SwiftPM is
# not involved; the two package dependencies are compiled from .build/checkouts, so run
# `swift build` once first). Everything goes under $FUZZ_DIR (default .fuzz/, git-ignored):
#   build/                the instrumented libraries and the fuzz-HARNESS binaries
#   seeds/HARNESS/        seed inputs cut from Fixtures/ at every run
#   corpus/HARNESS/       what libFuzzer found interesting (kept between runs)
#   artifacts/HARNESS/    crash-*, timeout-*, oom-* inputs (copy them to Fixtures/fuzz-regressions/)
#   logs/                 one log per run
#
# Environment: FUZZ_DIR, FUZZ_PARALLEL (harnesses at once, default 1), FUZZ_NICE (default 10),
# FUZZ_TIMEOUT (seconds per input before libFuzzer calls it a hang, default 10),
# FUZZ_RSS_MB (default 2048), FUZZ_MAX_LEN (longest input; default 16 KiB lineparser, 64 KiB
# gzipreader and aggregatereader, 8 KiB pipeline — raise it with a short FUZZ_TIMEOUT to hunt quadratic scans),
# FUZZ_FLAGS (more libFuzzer flags, e.g. -len_control=0 to try long inputs at once),
# SWIFTC (default swiftc).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ_DIR=${FUZZ_DIR:-$ROOT/.fuzz}
BUILD=$FUZZ_DIR/build
SWIFTC=${SWIFTC:-swiftc}
FUZZ_PARALLEL=${FUZZ_PARALLEL:-1}
FUZZ_NICE=${FUZZ_NICE:-10}
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-10}
FUZZ_RSS_MB=${FUZZ_RSS_MB:-2048}
ALL_HARNESSES=(lineparser gzipreader pipeline aggregatereader)

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 64
}

[ $# -ge 1 ] || usage
MODE=$1
shift
if [ "$MODE" != build ] && ! [[ "$MODE" =~ ^[0-9]+$ ]]; then usage; fi
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=("${ALL_HARNESSES[@]}")

CHECKOUTS=$ROOT/.build/checkouts
if [ ! -d "$CHECKOUTS/swift-argument-parser" ] || [ ! -d "$CHECKOUTS/swift-mustache" ]; then
  echo "fuzz.sh: resolving package dependencies (swift package resolve)" >&2
  swift package resolve
fi

mkdir -p "$BUILD" "$FUZZ_DIR/logs"

# --- Build ---------------------------------------------------------------------------------

COMMON=(-O -g -parse-as-library -I "$BUILD" -I "$ROOT/Sources/CZlib" -I "$BUILD/CCRC32")
INSTRUMENTED=(-sanitize=fuzzer,address -enable-testing)

# module NAME "FLAGS" "DEPENDENCIES" SOURCES...: a static library and its .swiftmodule, rebuilt
# when a source or a dependency's library is newer than it.
module() {
  local name=$1 flags=$2 deps=$3
  shift 3
  local lib=$BUILD/lib$name.a stale=0 f
  if [ ! -f "$lib" ]; then stale=1; else
    for f in "$@"; do [ "$f" -nt "$lib" ] && stale=1 && break; done
    for f in $deps; do [ "$BUILD/lib$f.a" -nt "$lib" ] && stale=1 && break; done
  fi
  if [ $stale = 1 ]; then
    echo "fuzz.sh: compiling $name" >&2
    # shellcheck disable=SC2086
    "$SWIFTC" "${COMMON[@]}" $flags -module-name "$name" -emit-module -emit-module-path "$BUILD/$name.swiftmodule" \
      -emit-library -static -o "$lib.tmp" "$@"
    mv "$lib.tmp" "$lib"
  fi
}

swift_files() { find "$@" -name '*.swift' | LC_ALL=C sort; }

# The C target CCRC32 (LogInput's CRC kernel): a static library, instrumented like the Swift
# modules, and the module map SwiftPM would have made for its include/ directory.
c_module() {
  local src=$ROOT/Sources/CCRC32 lib=$BUILD/libCCRC32.a
  mkdir -p "$BUILD/CCRC32"
  printf 'module CCRC32 {\n  header "%s"\n  export *\n}\n' "$src/include/crc32_fold.h" > "$BUILD/CCRC32/module.modulemap"
  if [ ! -f "$lib" ] || [ "$src/crc32_fold.c" -nt "$lib" ] || [ "$src/include/crc32_fold.h" -nt "$lib" ]; then
    echo "fuzz.sh: compiling CCRC32" >&2
    clang -O2 -g -fsanitize=fuzzer-no-link,address -I "$src/include" -c "$src/crc32_fold.c" -o "$BUILD/crc32_fold.o"
    ar rcs "$lib.tmp" "$BUILD/crc32_fold.o"
    mv "$lib.tmp" "$lib"
  fi
}

# The HTML templates, embedded the way SwiftPM's .embedInCode does it.
generate_templates() {
  local out=$BUILD/embedded_resources.swift f name
  local newest
  newest=$(find "$ROOT/Templates/html" -type f -newer "$out" 2>/dev/null | head -1 || true)
  if [ -f "$out" ] && [ -z "$newest" ]; then return; fi
  {
    echo "struct PackageResources {"
    for f in "$ROOT"/Templates/html/*; do
      name=$(basename "$f" | tr '.-' '__')
      printf 'static let %s: [UInt8] = [' "$name"
      od -An -v -tu1 "$f" | tr -s ' \n' ',,' | sed 's/^,//; s/,$//'
      echo "]"
    done
    echo "}"
  } >"$out.tmp"
  mv "$out.tmp" "$out"
}

build() {
  local AP=$CHECKOUTS/swift-argument-parser/Sources MU=$CHECKOUTS/swift-mustache/Sources/Mustache
  local fz="${INSTRUMENTED[*]}" files
  # Third-party code: optimised, not instrumented (its coverage is not what we are after).
  # (Some of its directories have spaces in their names: hence the arrays.)
  mapfile -t files < <(swift_files "$AP/ArgumentParserToolInfo")
  module ArgumentParserToolInfo "-suppress-warnings" "" "${files[@]}"
  mapfile -t files < <(swift_files "$AP/ArgumentParser")
  module ArgumentParser "-suppress-warnings" "ArgumentParserToolInfo" "${files[@]}"
  mapfile -t files < <(swift_files "$MU")
  module Mustache "-suppress-warnings" "" "${files[@]}"
  c_module
  mapfile -t files < <(swift_files Sources/LogInput)
  module LogInput "$fz" "CCRC32" "${files[@]}"
  mapfile -t files < <(swift_files Sources/ReportModel)
  module ReportModel "$fz" "" "${files[@]}"
  mapfile -t files < <(swift_files Sources/ForkJoin)
  module ForkJoin "$fz" "" "${files[@]}"
  mapfile -t files < <(swift_files Sources/PostfixCore)
  module PostfixCore "$fz" "LogInput ReportModel ForkJoin" "${files[@]}"
  generate_templates
  module PostsummTemplates "" "" Templates/Templates.swift "$BUILD/embedded_resources.swift"
  mapfile -t files < <(swift_files Sources/Renderers)
  module Renderers "$fz" "ReportModel ForkJoin PostsummTemplates Mustache" "${files[@]}"
  mapfile -t files < <(swift_files Sources/PostsummCLI)
  module PostsummCLI "$fz" "LogInput PostfixCore ReportModel Renderers ArgumentParser" "${files[@]}"
  module TestSupport "" "" Tests/TestSupport/GzipWriter.swift Tests/TestSupport/ReferenceLines.swift

  local libs=(-lPostsummCLI -lRenderers -lPostsummTemplates -lPostfixCore -lForkJoin -lLogInput -lReportModel -lMustache
    -lArgumentParser -lArgumentParserToolInfo -lTestSupport -lCCRC32 -lz)
  # The targets (shared with FuzzRegressionTests, which replays Fixtures/fuzz-regressions/).
  local targets h src f
  mapfile -t targets < <(swift_files Tests/PostsummCLITests/FuzzTargets)
  for h in "${ALL_HARNESSES[@]}"; do
    case $h in
      lineparser) src=Fuzz/LineParserFuzz.swift ;;
      gzipreader) src=Fuzz/GzipReaderFuzz.swift ;;
      pipeline) src=Fuzz/PipelineFuzz.swift ;;
      aggregatereader) src=Fuzz/AggregateReaderFuzz.swift ;;
    esac
    local stale=0 lib
    [ -x "$BUILD/fuzz-$h" ] || stale=1
    for f in "$src" "${targets[@]}" "$BUILD"/lib*.a; do [ "$f" -nt "$BUILD/fuzz-$h" ] && stale=1; done
    if [ $stale = 1 ]; then
      echo "fuzz.sh: linking fuzz-$h" >&2
      # gold warns once per ASan helper symbol it cannot export; harmless, and hundreds of lines.
      "$SWIFTC" "${COMMON[@]}" "${INSTRUMENTED[@]}" -module-name Fuzz -L "$BUILD" "$src" "${targets[@]}" "${libs[@]}" \
        -o "$BUILD/fuzz-$h" 2>&1 |
        { grep -v "Cannot export local symbol '__asan" || true; } >&2
      [ "${PIPESTATUS[0]}" = 0 ] || return 1
    fi
  done
}

# --- Seeds -----------------------------------------------------------------------------------

# Every fixture log as plain text (gzip ones decompressed), one path per line.
fixture_logs() {
  find Fixtures/hand Fixtures/real Fixtures/hostile -type f ! -name '*.py' ! -name '*.md' ! -name '*.tsv' 2>/dev/null |
    LC_ALL=C sort
}

# An aggregate file's payload (docs/AGGREGATE.md), inflated: the header's 32 + H bytes skipped.
payload() {
  python3 -c '
import sys, zlib
b = open(sys.argv[1], "rb").read()
h = int.from_bytes(b[12:16], "big")
p = b[32 + h:]
sys.stdout.buffer.write(zlib.decompress(p, -15) if int.from_bytes(b[10:12], "big") & 1 else p)
' "$1"
}

# The postsumm binary that saves the aggregate seeds: the newest build (none: no such seeds).
POSTSUMM=$(ls -t "$ROOT/.build/release/postsumm" "$ROOT/.build/debug/postsumm" 2>/dev/null | head -1 || true)

plain_text() { # FILE → stdout, decompressed if gzip (damage and all)
  if [ "$(head -c2 "$1" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then gzip -dc "$1" 2>/dev/null || true; else cat "$1"; fi
}

make_seeds() {
  local seeds=$FUZZ_DIR/seeds tmp=$FUZZ_DIR/seeds.tmp f h i n base chunk
  rm -rf "$seeds" "$tmp"
  mkdir -p "$seeds/lineparser" "$seeds/gzipreader" "$seeds/pipeline" "$seeds/aggregatereader" "$tmp"
  i=0
  while IFS= read -r f; do
    base=$(echo "$f" | tr '/' '_')
    # Small seeds: 40 lines each, and never more than 8 KiB.
    plain_text "$f" | split -l 40 -a 4 - "$tmp/$base."
    for chunk in "$tmp/$base".*; do
      [ -s "$chunk" ] || continue
      head -c 8192 "$chunk" >"$chunk.cut"
      n=$((i % 4))
      # lineparser: 4 option bytes (default options, split oracle on; -e and smtpd stats; ...).
      case $n in
        0) printf '\000\000\000\001' ;;
        1) printf '\200\020\000\001' ;;
        2) printf '\000\000\001\003' ;;
        3) printf '\000\200\000\001' ;;
      esac | cat - "$chunk.cut" >"$seeds/lineparser/$i"
      # pipeline: 2 control bytes (option set i mod 8, both files cut in the middle, the second
      # one gzip on odd seeds, HTML on every fourth).
      printf "\\$(printf '%03o' $(((i % 8) | 8 | (i % 2) * 128 | (i % 4 == 1 ? 48 : 0))))\\200" |
        cat - "$chunk.cut" >"$seeds/pipeline/$i"
      # gzipreader: the chunk plain, and gzip-compressed.
      printf '\020\000\000\100' | cat - "$chunk.cut" >"$seeds/gzipreader/$i.txt"
      { printf '\001\000\000\000'; gzip -c <"$chunk.cut"; } >"$seeds/gzipreader/$i.gz"
      # aggregatereader: one chunk in eight saved as an aggregate: the file (control 0), and its
      # payload inflated (control 1; bit 1 on every other one: texts trimmed).
      if [ $((i % 8)) = 0 ] && [ -n "$POSTSUMM" ]; then
        rm -f "$tmp/seed.psum"
        "$POSTSUMM" --reference-date 2027-01-10 --no-progress --format none --save-aggregate "$tmp/seed.psum" "$chunk.cut" \
          >/dev/null 2>&1 || true
        if [ -s "$tmp/seed.psum" ]; then
          printf '\000' | cat - "$tmp/seed.psum" >"$seeds/aggregatereader/$i.psum"
          { printf "\\$(printf '%03o' $((1 | (i / 8 % 2) * 2)))"; payload "$tmp/seed.psum"; } >"$seeds/aggregatereader/$i.payload"
        fi
      fi
      i=$((i + 1))
      rm -f "$chunk" "$chunk.cut"
    done
  done < <(fixture_logs)
  # Earlier findings, as they are (Fixtures/fuzz-regressions/HARNESS/).
  for h in "${ALL_HARNESSES[@]}"; do
    for f in Fixtures/fuzz-regressions/"$h"/*; do
      [ -f "$f" ] && cp "$f" "$seeds/$h/regression-$(basename "$f")"
    done
  done
  # gzipreader: the hostile gzip files as they are (truncated, corrupt, trailing garbage ...).
  for f in Fixtures/hostile/*; do
    [ -f "$f" ] || continue
    case $f in *.md | *.py) continue ;; esac
    [ "$(stat -c %s "$f")" -le 65536 ] || continue
    { printf '\003\002\000\000'; cat "$f"; } >"$seeds/gzipreader/hostile-$(basename "$f")"
  done
  rm -rf "$tmp"
  echo "fuzz.sh: seeds: $(ls "$seeds/lineparser" | wc -l) lineparser, $(ls "$seeds/gzipreader" | wc -l) gzipreader, $(ls "$seeds/pipeline" | wc -l) pipeline, $(ls "$seeds/aggregatereader" | wc -l) aggregatereader" >&2
}

# --- Run -------------------------------------------------------------------------------------

run_one() {
  local h=$1 seconds=$2 maxlen
  case $h in
    lineparser) maxlen=16384 ;;
    gzipreader) maxlen=65536 ;;
    pipeline) maxlen=8192 ;;
    aggregatereader) maxlen=65536 ;;
    *) echo "fuzz.sh: unknown harness $h" >&2; return 64 ;;
  esac
  maxlen=${FUZZ_MAX_LEN:-$maxlen}
  local corpus=$FUZZ_DIR/corpus/$h artifacts=$FUZZ_DIR/artifacts/$h
  local log
  log=$FUZZ_DIR/logs/$h-$(date +%Y%m%dT%H%M%S).log
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz.sh: $h for ${seconds}s (log: $log)" >&2
  local start=$SECONDS status=0
  # -close_fd_mask=3: the harnesses' own stdout/stderr (postsumm's warnings) would drown the
  # log; libFuzzer and the sanitizer still report on a duplicate of stderr.
  # (The Swift runtime's own crash handler is switched off: libFuzzer and ASan report instead.)
  SWIFT_BACKTRACE=enable=no \
    LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/Fuzz/lsan-suppressions.txt} \
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:malloc_context_size=5:quarantine_size_mb=32} \
    nice -n "$FUZZ_NICE" "$BUILD/fuzz-$h" -max_total_time="$seconds" -timeout="$FUZZ_TIMEOUT" \
    -rss_limit_mb="$FUZZ_RSS_MB" -max_len="$maxlen" -print_final_stats=1 -close_fd_mask=3 \
    -artifact_prefix="$artifacts/" ${FUZZ_FLAGS:-} "$corpus" "$FUZZ_DIR/seeds/$h" >"$log" 2>&1 || status=$?
  local execs cov
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
  echo "fuzz.sh: $h: status $status, $((SECONDS - start))s, ${execs:-?} executions, ${cov:-no coverage line}, corpus $(ls "$corpus" | wc -l) inputs" >&2
  if ls "$artifacts" | grep -q .; then
    echo "fuzz.sh: $h: artifacts in $artifacts:" >&2
    ls "$artifacts" >&2
  fi
  return "$status"
}

build
[ "$MODE" = build ] && exit 0
make_seeds

failed=0
running=0
for h in "${HARNESSES[@]}"; do
  run_one "$h" "$MODE" &
  running=$((running + 1))
  if [ "$running" -ge "$FUZZ_PARALLEL" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
