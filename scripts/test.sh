#!/usr/bin/env bash
# test.sh — the whole test suite: build and run every test (cmocka unit tests,
# data-driven cases, the mutation fuzzer, the fuzz targets' corpora, the
# oracle check, the HTML reports rendered in headless Chromium) twice: in a
# normal build (build/) and with AddressSanitizer + UndefinedBehaviorSanitizer
# (build-asan/); then the libFuzzer targets built with clang, each replaying
# its corpus and fuzzing for a short while (build-fuzz/, tests/fuzz/README.md);
# last the branch coverage of src/ by the whole suite (scripts/coverage.sh,
# build-cov/), whose total is the last line printed.  Run scripts/setup.sh
# once first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests (tests/browser/) render the HTML reports in Debian's
# Chromium and read the PDFs with poppler-utils; the CJK fonts make Chinese
# text real text in the PDF.  Installed here when missing, as setup.sh does.
# python3-jsonschema validates check's SARIF (tests/sarif/); zsh runs the zsh
# completion script (tests/completion/); jq is in commands the docs show (tests/doctest/).
scripts/apt-install.sh chromium poppler-utils fonts-noto-cjk python3-jsonschema zsh jq
# The fuzz targets need clang and its libFuzzer and sanitizer runtimes; the
# coverage report, gcovr.
scripts/apt-install.sh clang libclang-rt-dev gcovr
# Neovim loads the Vim syntax files in the editors.grammar test.
scripts/apt-install.sh neovim
# The Dask scale-out (contrib/dask/, tests/dask/) runs on a local cluster of
# Debian's Dask; the test fails rather than skips when it is missing here.
scripts/apt-install.sh python3-dask python3-distributed
export EVALRULES_REQUIRE_DASK=1
jobs=$(nproc)
for variant in normal sanitize; do
  if [ $variant = normal ]; then dir=build flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
  else dir=build-asan flags=(-DCMAKE_BUILD_TYPE=Debug -DEVALRULES_SANITIZE=ON); fi
  echo "== $variant build ($dir)"
  cmake -S . -B "$dir" "${flags[@]}" > /dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest -j"$jobs" --output-on-failure)
done
echo "== fuzz targets (build-fuzz): corpora replayed, ${FUZZ_SECONDS:=15} s of fuzzing each"
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVALRULES_FUZZ=ON -DEVALRULES_TESTS=OFF \
  -DEVALRULES_FUZZ_SECONDS="$FUZZ_SECONDS" > /dev/null
cmake --build build-fuzz -j"$jobs"
(cd build-fuzz && ctest -j"$jobs" --output-on-failure)
echo "== branch coverage (build-cov)"
scripts/coverage.sh
