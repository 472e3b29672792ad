#!/usr/bin/env bash
# coverage.sh — branch coverage of src/ by the whole test suite: a gcc
# --coverage build in build-cov/ (-DEVALRULES_COVERAGE=ON), every ctest test run (the browser tests
# too when Chromium is installed), then gcovr prints a table per file
# (branches, then lines) and, last, the total branch percentage:
#   branch coverage of src/: 91.2% (6543 of 7174)
# What gcovr is told to leave out, and why (docs/testing.md, "Coverage"):
#   --exclude-unreachable-branches  branches gcc makes for a line that holds
#       no code of ours (a closing brace, a declaration), which no input can
#       take;
#   --exclude-throw-branches  the exception edges of calls, which gcc
#       counts as branches though C has no exceptions.
# Neither leaves anything out of src/ today: the figure is the same without
# them.  Nothing else is excluded.
# The generated scanner and parser (build-cov/src/core/lexer.c, parser.c)
# are not in src/ and are not counted.  Installs gcovr (Debian) when missing.
# COVERAGE_JOBS sets the build's and ctest's parallelism (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/apt-install.sh gcovr
jobs=${COVERAGE_JOBS:-$(nproc)}
cmake -S . -B build-cov -DCMAKE_BUILD_TYPE=Debug -DEVALRULES_COVERAGE=ON > /dev/null
cmake --build build-cov -j"$jobs" > /dev/null
find build-cov -name '*.gcda' -delete
failed=0
(cd build-cov && ctest -j"$jobs" --timeout 600 > ctest.log 2>&1) || {
  failed=1
  echo "coverage.sh: some tests failed in build-cov (build-cov/ctest.log):" >&2
  grep -E 'Failed|\*\*\*' build-cov/ctest.log >&2 || true
}
flags=(--root . --filter 'src/' --object-directory build-cov --exclude-unreachable-branches
  --exclude-throw-branches --gcov-ignore-parse-errors -j "$jobs")
gcovr "${flags[@]}" --branches --sort-percentage --txt build-cov/coverage-branches.txt \
  --json-summary build-cov/coverage.json > /dev/null
cat build-cov/coverage-branches.txt
python3 - build-cov/coverage.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"line coverage of src/: {s['line_percent']}% ({s['line_covered']} of {s['line_total']})")
print(f"branch coverage of src/: {s['branch_percent']}% ({s['branch_covered']} of {s['branch_total']})")
PY
# A test that fails only in this build (at -O0, with other timing) is a
# failure of the suite: the report above is printed, and the status says so.
if [ $failed = 1 ]; then
  echo "coverage.sh: FAILED: tests failed in the coverage build (see above)" >&2
  exit 1
fi
