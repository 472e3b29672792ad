#!/usr/bin/env bash
# fuzz.sh TARGET SECONDS [LIBFUZZER FLAGS…] — a long fuzzing campaign on one
# target of tests/fuzz/ (rules, facts, scheme, suite, fmt, number, and any
# added to fuzz_targets in tests/fuzz/CMakeLists.txt; `fuzz.sh list` names
# them), with clang's libFuzzer under ASan and UBSan, in
# build-fuzz/ (configured and built here when needed; clang is installed
# when missing).  The corpus grows in build-fuzz/corpus/TARGET/ and is kept
# between campaigns; the seeds (tests/fuzz/seeds.sh) and the regressions
# (tests/fuzz/regressions/TARGET/) are read too.  Runs one job per core
# (FUZZ_JOBS to change).  A crash, leak, timeout or out-of-memory input is
# saved in build-fuzz/crashes/TARGET/; tests/fuzz/README.md says how each
# becomes a regression case under tests/.
#
#   scripts/fuzz.sh facts 3600
#   scripts/fuzz.sh rules 600 -max_len=2048
set -euo pipefail
cd "$(dirname "$0")/.."
# "name dict" pairs from the fuzz_targets lines of tests/fuzz/CMakeLists.txt
pairs=$(grep -E '^ *(set|list\(APPEND) *\(? *fuzz_targets ' tests/fuzz/CMakeLists.txt | grep -oE '"[a-z0-9_]+ [a-z0-9_-]+"' | tr -d '"')
targets=$(echo "$pairs" | awk '{print $1}' | xargs)
if [ "${1:-}" = list ]; then echo $targets; exit 0; fi
if [ $# -lt 2 ]; then echo "usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER FLAGS…] (targets: $targets)" >&2; exit 2; fi
target=$1 seconds=$2; shift 2
case " $targets " in *" $target "*) ;; *) echo "fuzz.sh: no target '$target' (targets: $targets)" >&2; exit 2 ;; esac
scripts/apt-install.sh clang
if [ ! -f build-fuzz/CMakeCache.txt ]; then
  CC=clang cmake -S . -B build-fuzz -DEVALRULES_FUZZ=ON -DEVALRULES_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
fi
cmake --build build-fuzz -j"$(nproc)" --target fuzz_"$target" > /dev/null
bin=$PWD/build-fuzz/tests/fuzz/fuzz_$target
seeds=$PWD/build-fuzz/tests/fuzz/seeds
corpus=$PWD/build-fuzz/corpus/$target crashes=$PWD/build-fuzz/crashes/$target
mkdir -p "$corpus" "$crashes"
dict=$(echo "$pairs" | awk -v t="$target" '$1 == t {print $2}')
dictflag=()
[ -n "$dict" ] && [ "$dict" != - ] && dictflag=(-dict="$seeds/$dict.dict")
regressions=()
[ -d tests/fuzz/regressions/$target ] && regressions=("$PWD/tests/fuzz/regressions/$target")
jobs=${FUZZ_JOBS:-$(nproc)}
echo "fuzz.sh: $target for $seconds s, $jobs jobs; corpus $corpus, crashes $crashes"
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
cd "$crashes"
status=0
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len=8192 -print_final_stats=1 \
  "${parallel[@]}" -artifact_prefix="$crashes/" "${dictflag[@]}" "$@" \
  "$corpus" "$seeds/$target" "${regressions[@]}" || status=$?
# -jobs writes one fuzz-N.log per job here
tail -3 fuzz-*.log 2>/dev/null | grep -E 'stat::|Done|==' || true
found=$(ls "$crashes" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' || true)
if [ -n "$found" ]; then
  echo "fuzz.sh: inputs that failed, in $crashes:"; echo "$found"
  echo "reproduce: $bin $crashes/<file>   (tests/fuzz/README.md: make it a regression)"
  exit 1
fi
exit $status
