#!/usr/bin/env bash
# check_tty.sh EVALRULES — what evalrules does at a terminal, run under
# script(1) (util-linux) for one: sweep's progress bar on standard error (for
# at least 100000 runs, in green, cleared before the report), diagnostics in
# colour, and neither colour with NO_COLOR set.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v script > /dev/null || { echo "skipped: no script(1)"; exit 0; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 2
cat > t.rules <<'R'
fact ok : bool
indicator 1 "测试" {
  item 1.1 "符合性" points 10 { pass when ok }
  item 1.2 "记录" points 10 { pass when not ok }
}
R
printf 'ok = yes\n' > t.facts
printf 'fact ok : bool\nfact ok : int\n' > bad.rules
fail=0
# at_tty NAME COMMAND… : the command's output (standard output and error) at a terminal, in NAME
at_tty() {
  local name=$1; shift
  script -qec "$*" /dev/null > "$name" 2>&1 < /dev/null
}
has() { # has FILE TEXT WHAT
  if grep -qF -- "$2" "$1"; then echo "ok    $3"; else echo "FAIL  $3: no '$2' in $(head -c 300 "$1" | cat -v)"; fail=1; fi
}
lacks() {
  if grep -qF -- "$2" "$1"; then echo "FAIL  $3: '$2' in $(head -c 300 "$1" | cat -v)"; fail=1; else echo "ok    $3"; fi
}
esc=$'\033'
at_tty bar "$bin" sweep --runs 100000 -j 1 t.rules t.facts
has bar $'\rsweep '"$esc"'[32m' "sweep draws its bar in green at a terminal"
has bar " 50.0%  50000/100000 runs" "the bar counts the runs in tenths of a percent"
has bar $'\r'"$esc"'[K' "the bar is cleared when the runs are done"
has bar "weights that move the score most" "the report follows the bar"
at_tty plain env NO_COLOR=1 "$bin" sweep --runs 100000 -j 1 t.rules t.facts
has plain $'\rsweep ' "NO_COLOR: the bar is still drawn"
lacks plain "$esc[32m" "NO_COLOR: the bar is not green"
at_tty few "$bin" sweep --runs 1000 -j 1 t.rules t.facts
has few "weights that move the score most" "fewer than 100000 runs: the report"
lacks few $'\rsweep ' "no bar for fewer than 100000 runs"
at_tty diag "$bin" check bad.rules
has diag "$esc[" "diagnostics at a terminal are in colour"
at_tty nodiag env NO_COLOR=1 "$bin" check bad.rules
has nodiag "declared twice" "NO_COLOR: the diagnostic"
lacks nodiag "$esc[" "NO_COLOR: diagnostics without colour"
exit $fail
