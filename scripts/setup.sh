#!/usr/bin/env bash
# setup.sh — install what evalrules needs on Debian (or Ubuntu) and build it
# into build/.  Safe to run again.  Uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/apt-install.sh build-essential cmake flex bison pkg-config libjansson-dev libcmocka-dev libgmp-dev \
  nettle-dev libyajl-dev python3
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j"$(nproc)"
