#!/usr/bin/env bash
# run_case.sh EVALRULES CASE_FILE SOURCE_DIR [--update]
#
# Runs one data-driven end-to-end case.  A case file has sections:
#
#   ### eval-5.1: proportional item scores the sample share
#   --- rules                 written to case.rules
#   --- facts                 written to case.facts (--- facts NAME writes NAME)
#   --- bytes NAME            written to NAME through printf '%b', so that
#                             \xHH escapes give bytes a text case cannot hold
#                             (GBK, UTF-16, a byte order mark); write \n
#                             for each new line
#   --- stdin                 given as standard input (default: none, an empty file)
#   --- env                   NAME=VALUE lines set for evalrules after the pinned
#                             ones below (NAME= leaves it empty: unset for evalrules)
#   --- args                  the command line after 'evalrules' (default: case.rules case.facts)
#   --- stdout                expected standard output, exactly
#   --- stdout-to             a file standard output goes to instead (/dev/full:
#                             writing the output fails; stdout is then empty)
#   --- stderr                expected standard error, exactly
#   --- contains              lines that must each appear in standard output
#   --- exit                  expected exit status (default 0)
#   --- written NAME          expected contents of the file NAME after the run,
#                             exactly, version and seal as in stdout (kept as
#                             it is by --update)
#
# evalrules runs with LANG=en_US.UTF-8 (LC_ALL and LC_MESSAGES unset) and
# SOURCE_DATE_EPOCH for 2026-03-27, so reports are in English and dated alike
# wherever the suite runs.  Its standard output is compared with the version
# of evalrules written @VERSION@ and a report's seal (which covers the
# version) written @SEAL@, so that a new version changes no case; the digests
# of the input files are compared as they are.  (The seal itself is tested by
# the verify cases and tests/unit/test_seal.c.)
#
# The case runs in a fresh directory where rules/ and examples/ of the source
# tree are reachable, so "args" may name rules/gbt27922.rules and
# examples/five-star.facts and diagnostics show those short names.  With
# --update the stdout, stderr and exit sections are rewritten from what the
# program printed (review the diff before committing).
set -u
bin=$1 case=$2 src=$3 update=${4:-}
case=$(cd "$(dirname "$case")" && pwd)/$(basename "$case")
src=$(cd "$src" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/evalrules-case.XXXXXX")
trap 'rm -rf "$work"' EXIT
ln -s "$src/rules" "$work/rules"
ln -s "$src/examples" "$work/examples"

# split the case into section files: <n>.<name>[.<arg>]
awk -v dir="$work/sections" '
  BEGIN { system("mkdir -p \"" dir "\""); n = 0; out = "" }
  /^### / { next }
  /^--- [a-z-]+/ {
    n++; name = $2; arg = (NF > 2) ? $3 : ""
    out = sprintf("%s/%02d.%s%s", dir, n, name, arg == "" ? "" : "." arg)
    printf "" > out
    next
  }
  out != "" { print > out }
' "$case"

args="case.rules case.facts"
stdout_to=stdout.actual
expect_exit=0
declare -a checks=() written=() envs=()
: > "$work/stdin"
for f in "$work"/sections/*; do
  [ -e "$f" ] || continue
  base=${f##*/}; rest=${base#*.}; name=${rest%%.*}; arg=""
  [ "$rest" != "$name" ] && arg=${rest#*.}
  case $name in
    rules) cp "$f" "$work/case.rules" ;;
    facts) cp "$f" "$work/${arg:-case.facts}" ;;
    bytes) printf '%b' "$(tr -d '\n' < "$f")" > "$work/$arg" ;;
    stdin) cp "$f" "$work/stdin" ;;
    args) args=$(tr '\n' ' ' < "$f") ;;
    stdout-to) stdout_to=$(tr -d '\n' < "$f") ;;
    env) mapfile -t envs < "$f" ;;
    exit) expect_exit=$(tr -d ' \n' < "$f") ;;
    stdout|stderr|contains) checks+=("$name:$f") ;;
    written) written+=("$f") ;;
    *) echo "$case: unknown section '--- $name'" >&2; exit 2 ;;
  esac
done

version=$("$bin" --version | head -1 | sed 's/.* //; s/[.]/[.]/g') # a pattern: 0[.]1[.]0
cd "$work" || exit 2
# The reports' language and date are pinned: English (the language the cases
# were written in; a case that wants Chinese says --lang zh) and 2026-03-27
# (the HTML header's evaluation date).
export SOURCE_DATE_EPOCH=1774569600
# shellcheck disable=SC2086
env -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 "${envs[@]}" "$bin" $args > "$stdout_to" 2> stderr.actual < stdin
status=$?
[ -f stdout.actual ] || : > stdout.actual
# the version and the seal, which change with every release, as @VERSION@ and @SEAL@, and
# --version's source revision, which changes with every commit, as @REVISION@
normalize() {
  sed -E -i "s/\\b$version\\b/@VERSION@/g
  s/^( +seal       )[0-9a-f]{64}\$/\\1@SEAL@/
  s/^(revision ).+\$/\\1@REVISION@/
  s/^(    \"sha256\": \")[0-9a-f]{64}\"/\\1@SEAL@\"/
  s/(<dd id=\"seal\"><code>)[0-9a-f]{64}/\\1@SEAL@/" "$1"
}
normalize stdout.actual

if [ "$update" = "--update" ]; then
  awk '/^--- (stdout|stderr|exit|contains) *$/ { skip = 1; next } /^--- / { skip = 0 } !skip' "$case" > "$work/new.case"
  has_contains=0
  for c in "${checks[@]}"; do [ "${c%%:*}" = contains ] && has_contains=1 && cat "${c#*:}" > "$work/contains.keep"; done
  had_stdout=0
  for c in "${checks[@]}"; do [ "${c%%:*}" = stdout ] && had_stdout=1; done
  # a case that only checks 'contains' lines stays that way
  { if [ $had_stdout = 1 ] || [ $has_contains = 0 ]; then printf -- '--- stdout\n'; cat stdout.actual; fi
    if [ -s stderr.actual ]; then printf -- '--- stderr\n'; cat stderr.actual; fi
    if [ $has_contains = 1 ]; then printf -- '--- contains\n'; cat "$work/contains.keep"; fi
    printf -- '--- exit\n%s\n' "$status"; } >> "$work/new.case"
  cp "$work/new.case" "$case"
  echo "updated $case (exit $status)"
  exit 0
fi

fail=0
if [ "$status" != "$expect_exit" ]; then
  echo "exit status $status, expected $expect_exit"; fail=1
fi
for c in "${checks[@]}"; do
  name=${c%%:*} file=${c#*:}
  case $name in
    stdout|stderr)
      if ! cmp -s "$file" "$name.actual"; then
        echo "$name differs (--- expected, +++ actual):"
        diff -u "$file" "$name.actual" | sed 1,2d | head -60
        fail=1
      fi ;;
    contains)
      while IFS= read -r line; do
        [ -z "$line" ] && continue
        if ! grep -qF -- "$line" stdout.actual; then
          echo "stdout lacks: $line"; fail=1
        fi
      done < "$file" ;;
  esac
done
for f in "${written[@]}"; do
  target=${f##*/}; target=${target#*.written.}
  if [ ! -f "$target" ]; then
    echo "$target was not written"; fail=1
  elif ! { normalize "$target"; cmp -s "$f" "$target"; }; then
    echo "$target differs (--- expected, +++ actual):"
    diff -u "$f" "$target" | sed 1,2d | head -60
    fail=1
  fi
done
if [ $fail = 1 ]; then
  echo "--- stderr was:"; head -30 stderr.actual
  exit 1
fi
exit 0
