#!/usr/bin/env bash
# test.sh — the whole test suite: build and run every test (cmocka unit tests,
# data-driven cases, the mutation fuzzer, the oracle check, the HTML reports
# rendered in headless Chromium) twice: in a normal
# build (build/) and with AddressSanitizer + UndefinedBehaviorSanitizer
# (build-asan/).  Run scripts/setup.sh once first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# The browser tests (tests/browser/) render the HTML reports in Debian's
# Chromium and read the PDFs with poppler-utils; the CJK fonts make Chinese
# text real text in the PDF.  Installed here when missing, as setup.sh does.
scripts/apt-install.sh chromium poppler-utils fonts-noto-cjk
# Neovim loads the Vim syntax files in the editors.grammar test.
scripts/apt-install.sh neovim
jobs=$(nproc)
for variant in normal sanitize; do
  if [ $variant = normal ]; then dir=build flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
  else dir=build-asan flags=(-DCMAKE_BUILD_TYPE=Debug -DEVALRULES_SANITIZE=ON); fi
  echo "== $variant build ($dir)"
  cmake -S . -B "$dir" "${flags[@]}" > /dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest -j"$jobs" --output-on-failure)
done
