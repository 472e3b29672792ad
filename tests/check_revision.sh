#!/usr/bin/env bash
# check_revision.sh SOURCE_DIR EVALRULES — --version's source revision
# (cmake/revision.cmake): "unknown" for a tree outside git (a release
# tarball), and in a git checkout a commit of it, as git describe names it.
set -u
src=$1 bin=$2
d=$(mktemp -d)
cmake -DSOURCE_DIR="$d" -DOUT="$d/revision.h" -P "$src/cmake/revision.cmake" || exit 1
grep -qx '#define EVALRULES_REVISION "unknown"' "$d/revision.h" || { echo "outside git: $(cat "$d/revision.h")"; exit 1; }
echo "ok    outside git: unknown"
got=$("$bin" --version | sed -n 's/^revision //p')
if [ -e "$src/.git" ] && command -v git > /dev/null; then
  # the tree may have moved on since the build (a commit, an edit): the revision
  # must name a commit of this repository, as git describe writes it
  git -C "$src" rev-parse -q --verify "${got%-dirty}^{commit}" > /dev/null ||
    { echo "revision '$got' names no commit of $src"; exit 1; }
  echo "ok    in git: $got"
else
  [ "$got" = unknown ] || { echo "revision '$got' outside git"; exit 1; }
  echo "ok    built outside git: unknown"
fi
