#!/usr/bin/env bash
# replay.sh MODE TARGET ARGS… — a fuzz target in the test suite.
#   replay TARGET DIR…      each input of each DIR once (a DIR that does not
#                           exist is skipped): the target built as an
#                           ordinary program (replay_main.c)
#   libfuzzer TARGET DIR…   the same with libFuzzer: TARGET -runs=0 DIR…
#   fuzz TARGET SECONDS SEEDS [FLAGS…]
#                           fuzz for SECONDS from SEEDS in a fresh corpus;
#                           a crash, leak, timeout or oom is kept in the
#                           current directory (crash-<sha1>, …) and named
set -euo pipefail
mode=$1 target=$2; shift 2
case $mode in
  replay|libfuzzer)
    dirs=()
    for d in "$@"; do [ -e "$d" ] && dirs+=("$d"); done
    if [ "$mode" = libfuzzer ]; then exec "$target" -runs=0 -timeout=10 "${dirs[@]}"; fi
    exec "$target" "${dirs[@]}" ;;
  fuzz)
    seconds=$1 seeds=$2; shift 2
    work=$(mktemp -d "${TMPDIR:-/tmp}/evalrules-fuzz.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    status=0
    "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=8192 -print_final_stats=1 \
      "$@" "$work" "$seeds" > "$work.log" 2>&1 || status=$?
    grep -E '^(stat::number_of_executed_units|stat::new_units_added|INFO: Seed|Done )' "$work.log" || true
    if [ $status -ne 0 ]; then
      tail -60 "$work.log"
      echo "$(basename "$target"): failed; the input is kept as $(ls -t crash-* leak-* timeout-* oom-* 2>/dev/null | head -1) in $PWD" >&2
    fi
    rm -f "$work.log"
    exit $status ;;
  *) echo "replay.sh: unknown mode '$mode'" >&2; exit 2 ;;
esac
