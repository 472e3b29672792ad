#!/usr/bin/env bash
# run_install.sh BUILD_DIR SOURCE_DIR [EXTRA_FLAGS] — install the build into a
# fresh prefix, then build tests/install/embed.c from outside the project
# three ways and run each on the bundled rules and an example:
#   1. pkg-config --cflags --libs evalrules (the shared library),
#   2. pkg-config --static (the static library and what it needs),
#   3. CMake's find_package(evalrules) (tests/install/consumer).
# EXTRA_FLAGS (e.g. the sanitizer's) are passed to the compiler and linker.
set -euo pipefail
build=$1 src=$2 extra=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" > "$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
pc=$(find "$prefix" -name evalrules.pc)
libdir=$(dirname "$(dirname "$pc")")
export PKG_CONFIG_PATH=$(dirname "$pc")
rules=$prefix/share/evalrules/rules/gbt27922.rules
facts=$src/examples/four-star.facts
for f in include/evalrules.h include/evalrules_tools.h; do
  test -f "$prefix/$f" || { echo "not installed: $f"; exit 1; }
done
test -f "$prefix/share/man/man1/evalrules.1" || { echo "man page not installed"; exit 1; }

check() { # NAME PROGRAM: run it and check what it prints
  "$2" "$rules" "$facts" > "$work/$1.out"
  grep -q '^GB/T 27922-2011: [0-9.]* ' "$work/$1.out" || { echo "$1: no score line"; cat "$work/$1.out"; exit 1; }
  grep -q '"score"' "$work/$1.out" || { echo "$1: no JSON report"; exit 1; }
  grep -q '^formatted: fact a : int$' "$work/$1.out" || { echo "$1: er_format"; cat "$work/$1.out"; exit 1; }
  grep -q '^block: 1, same score$' "$work/$1.out" || { echo "$1: er_block"; cat "$work/$1.out"; exit 1; }
  echo "ok   $1: $(sed -n 2p "$work/$1.out")"
}

# 1. shared, through pkg-config only
# shellcheck disable=SC2046,SC2086
cc -std=c11 -Wall -Werror $extra "$src/tests/install/embed.c" -o "$work/embed_pc" \
  $(pkg-config --cflags --libs evalrules) -Wl,-rpath,"$libdir"
libs=$(ldd "$work/embed_pc") # (not piped into grep -q: with pipefail, ldd's SIGPIPE would fail it)
[[ $libs == *"$libdir/libevalrules.so"* ]] || { echo "embed_pc: not linked to the installed shared library"; exit 1; }
check pkg-config "$work/embed_pc"

# 2. static, through pkg-config --static
static_libs=$(pkg-config --static --libs evalrules | sed 's/-levalrules/-l:libevalrules.a/')
# shellcheck disable=SC2086
cc -std=c11 -Wall -Werror $extra "$src/tests/install/embed.c" -o "$work/embed_static" \
  $(pkg-config --cflags evalrules) $static_libs
libs=$(ldd "$work/embed_static")
[[ $libs != *libevalrules* ]] || { echo "embed_static: linked to the shared library"; exit 1; }
check pkg-config-static "$work/embed_static"

# 3. CMake's find_package
cmake -S "$src/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_FLAGS="$extra" -DCMAKE_EXE_LINKER_FLAGS="$extra" > "$work/consumer.log" \
  || { cat "$work/consumer.log"; exit 1; }
cmake --build "$work/consumer" > "$work/consumer-build.log" || { cat "$work/consumer-build.log"; exit 1; }
LD_LIBRARY_PATH=$libdir check find_package "$work/consumer/embed_shared"
check find_package-static "$work/consumer/embed_static"
