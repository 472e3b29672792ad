#!/usr/bin/env bash
# run_hostile.sh EVALRULES SOURCE_DIR KIND N [EXPECT_EXIT [MESSAGE [COMMANDS]]]
#
# Generates a hostile input (gen.py KIND N) and runs every command over it
# (check, check --dump-ast, evaluation in text and JSON, fmt, template, diff
# against itself with the facts replayed, test --coverage, compare, sweep).
# Each must end within a few seconds and under a memory limit, with exit 0
# or 1 (or EXPECT_EXIT when given), and with MESSAGE on stderr when given.
# COMMANDS (e.g. "check eval") runs only those of the names below.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd) kind=$3 n=$4 expect=${5:-} message=${6:-} only=${7:-}
limit_s=${HOSTILE_SECONDS:-20}
limit_kb=${HOSTILE_KB:-1000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/evalrules-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 "$src/tests/hostile/gen.py" "$kind" "$n" "$work" || exit 2
cd "$work" || exit 2
[ -e h.tests ] || printf 'case "one"\n  facts h.facts\n  expect veto none\n' > h.tests

fail=0
run() {
  local name=$1; shift
  if [ -n "$only" ] && [[ " $only " != *" $name "* ]]; then return; fi
  local t0 t1 status
  t0=$(date +%s%N)
  # (HOSTILE_KB=0: no memory limit, for AddressSanitizer, which maps terabytes of shadow)
  ( [ "$limit_kb" = 0 ] || ulimit -v "$limit_kb"; exec timeout "$limit_s" "$bin" "$@" ) > out.txt 2> err.txt < /dev/null
  status=$?
  t1=$(date +%s%N)
  # diff's statuses are diff(1)'s: 1 the editions differ (the others' 0), 2 trouble,
  # invalid rules too (the others' 1)
  if [ "$name" = diff ] && [ "$status" = 1 ] && ! grep -q ': error: ' err.txt; then status=0;
  elif [ "$name" = diff ] && [ "$status" = 2 ] && grep -q ': error: ' err.txt; then status=1; fi
  local ms=$(( (t1 - t0) / 1000000 ))
  local ok=1
  if [ -n "$expect" ]; then
    # the formatter reads only the syntax: a checker's error is none of its business
    [ "$status" = "$expect" ] || { [ "$name" = fmt ] && [ "$status" = 0 ]; } || ok=0
  else
    [ "$status" = 0 ] || [ "$status" = 1 ] || ok=0
  fi
  if [ "$status" = 1 ] || [ "$status" = "${expect:-x}" ]; then
    if [ -n "$message" ] && [ "$status" != 0 ] && ! grep -qF -- "$message" err.txt; then ok=0; fi
  fi
  # an error must be a diagnostic, not a crash report
  if grep -qE 'AddressSanitizer|runtime error|Segmentation|Aborted' err.txt; then ok=0; fi
  if [ $ok = 1 ]; then
    printf '  ok    %-22s exit %s  %6d ms\n' "$name" "$status" "$ms"
  else
    printf '  FAIL  %-22s exit %s  %6d ms\n' "$name" "$status" "$ms"
    head -c 600 err.txt | head -8 | sed 's/^/        /'
    fail=1
  fi
}

echo "$kind $n:"
run check check h.rules
run dump-ast check --dump-ast h.rules
run eval h.rules h.facts
run eval-json -f json h.rules h.facts
run fmt fmt --diff h.rules h.facts
run template template h.rules
[ -e h2.rules ] || cp h.rules h2.rules
run diff diff h.rules h2.rules --facts h.facts
run test-coverage test --coverage h.rules h.tests
run compare compare --scheme h.scheme h.rules h.facts
run sweep sweep --runs 2 h.rules h.facts
exit $fail
