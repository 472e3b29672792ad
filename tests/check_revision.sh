#!/usr/bin/env bash
# check_revision.sh SOURCE_DIR EVALRULES — --version's source revision
# (cmake/revision.cmake): "unknown" for a tree outside git (a release
# tarball), and in a git checkout what git describe says of it.
set -u
src=$1 bin=$2
d=$(mktemp -d)
cmake -DSOURCE_DIR="$d" -DOUT="$d/revision.h" -P "$src/cmake/revision.cmake" || exit 1
grep -qx '#define EVALRULES_REVISION "unknown"' "$d/revision.h" || { echo "outside git: $(cat "$d/revision.h")"; exit 1; }
echo "ok    outside git: unknown"
got=$("$bin" --version | sed -n 's/^revision //p')
if [ -e "$src/.git" ] && command -v git > /dev/null; then
  want=$(git -C "$src" describe --always --dirty --tags)
  # the tree may have changed since the build (-dirty): the commit must agree
  [ "${got%-dirty}" = "${want%-dirty}" ] || { echo "revision '$got', git describe says '$want'"; exit 1; }
  echo "ok    in git: $got"
else
  [ "$got" = unknown ] || { echo "revision '$got' outside git"; exit 1; }
  echo "ok    built outside git: unknown"
fi
