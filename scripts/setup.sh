#!/usr/bin/env bash
# setup.sh — install what evalrules needs on Debian (or Ubuntu) and build it
# into build/.  Safe to run again.  Uses sudo when not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(build-essential cmake flex bison pkg-config libjansson-dev libcmocka-dev libgmp-dev nettle-dev python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j"$(nproc)"
