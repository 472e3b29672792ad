#!/usr/bin/env bash
# check_completion.sh EVALRULES — the bash completion script that
# `evalrules completion bash` generates is sourced and asked, as bash asks it
# at a <Tab>, for commands, options and option values; the zsh script is
# checked for syntax when zsh is installed (scripts/test.sh installs it).
set -u
bin=$(realpath "$1")
fail=0
source <("$bin" completion bash) || { echo "the bash script does not load"; exit 1; }
complete -p evalrules > /dev/null || { echo "no completion registered for evalrules"; exit 1; }

# expect "WORDS…" "EXPECTED": complete the last word of WORDS (cd into an
# empty directory first, so that file names do not join in)
expect() {
  local line=$1 want=$2
  read -r -a COMP_WORDS <<< "$line"
  [[ $line == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _evalrules
  local got="${COMPREPLY[*]}"
  if [ "$got" = "$want" ]; then
    echo "ok    '$line' → $got"
  else
    echo "FAIL  '$line' → '$got', expected '$want'"
    fail=1
  fi
}
cd "$(mktemp -d)" || exit 2
expect "evalrules ch" "check"
expect "evalrules check --fo" "--format"
expect "evalrules check --format " "text json sarif"
expect "evalrules check --st" "--strict"
expect "evalrules test -f " "text json junit"
expect "evalrules test --thr" "--threshold"
expect "evalrules --lang " "zh en"
expect "evalrules -f " "text json html jsonl csv"
expect "evalrules completion " "bash zsh"
expect "evalrules diff --co" "--color"
expect "evalrules fmt --kind " "rules facts"
expect "evalrules compare --input" "--input-format"
expect "evalrules compare --input-format " "facts jsonl csv"
expect "evalrules sweep --input-format " "facts jsonl csv"
expect "evalrules --input-format " "facts jsonl csv"
touch five-star.facts
expect "evalrules rules.rules fi" "five-star.facts"

if command -v zsh > /dev/null; then
  if "$bin" completion zsh | zsh -n; then echo "ok    zsh script: syntax"; else echo "FAIL  zsh script: syntax"; fail=1; fi
  # what the script hands to zsh's completion functions (stubs that print it)
  zsh_says() {
    zsh -f -c '_arguments() { print -rl -- "$@" }; _describe() { print -r -- describe }; _files() { :; }
               words=('"$1"'); CURRENT=${#words}; eval "$(cat)"' < <("$bin" completion zsh)
  }
  if zsh_says "evalrules check --st" | grep -qxF -- "--strict[warnings are errors\: shown as such, and exit 1]" &&
     zsh_says "evalrules test -f x" | grep -qF -- "--format=[" &&
     zsh_says "evalrules test -f x" | grep -qF -- ":FORMAT:(text json junit)"; then
    echo "ok    zsh script: check's and test's options"
  else
    echo "FAIL  zsh script: check's and test's options"; zsh_says "evalrules check --st" | head -5; fail=1
  fi
  # an option's whole help, its lines joined, with its choices named
  out_help="(-o --output)--output=[write the report(s) to FILE instead of standard output, whole or not at all (a temporary file renamed over it); an existing directory\: as --output-dir]:FILE:_files"
  if zsh_says "evalrules x" | grep -qxF -- "$out_help" &&
     zsh_says "evalrules compare x" | grep -qF -- "--input-format=[read every input as facts, jsonl or csv whatever its name (by default\: *.jsonl" &&
     zsh_says "evalrules sweep x" | grep -qF -- "docs/batch.md)]:FORMAT:(facts jsonl csv)"; then
    echo "ok    zsh script: an option's whole help on one line; compare's and sweep's --input-format"
  else
    echo "FAIL  zsh script: an option's whole help on one line; compare's and sweep's --input-format"
    zsh_says "evalrules x" | grep -F -- "--output=" | head -3; fail=1
  fi
else
  echo "SKIPPED: zsh is not installed, so the zsh script's syntax was not checked"
fi
exit $fail
