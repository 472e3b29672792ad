#!/usr/bin/env bash
# seeds.sh SOURCE_DIR OUT_DIR [TARGET…] — the fuzz targets' seed corpora,
# generated at build time from what the source tree already holds (never
# copied by hand): OUT_DIR/<target>/ for rules, facts, scheme, suite, fmt,
# number, and for each other TARGET named (empty unless a case has a
# section of its kind).
#   rules   rules/*.rules and every '--- rules' and '--- facts NAME.rules'
#           section of tests/cases/*.case
#   facts   examples/*.facts and every '--- facts' section that is a facts
#           file (no name, or NAME.facts)
#   scheme  examples/schemes/*.scheme and every '--- facts NAME.scheme'
#   suite   rules/gbt27922.tests and every '--- facts NAME.tests' (their
#           'facts examples/…' made '../examples/…': the target reads a
#           suite as if it were beside rules/gbt27922.rules)
#   fmt     '0' before each rules seed, '1' before each facts seed (its
#           first byte chooses the kind)
#   number  a few programs for fuzz_number (tests/fuzz/fuzz_number.c)
#   lsp     scripted sessions of the language server (lsp_seeds.py)
#   EXT     every '--- facts NAME.EXT' or '--- stdin' of another extension
#           (a batch target named jsonl or csv gets its cases' records)
set -euo pipefail
src=$1 out=$2
shift 2
rm -rf "$out"
mkdir -p "$out"/{rules,facts,scheme,suite,fmt,number}
for t in "$@"; do mkdir -p "$out/$t"; done
# a batch target (jsonl, csv) also gets the bundled batches of its kind
for t in "$@"; do for f in "$src"/examples/batch/*."$t"; do [ -e "$f" ] && cp "$f" "$out/$t/"; done; done
for f in "$src"/rules/*.rules; do cp "$f" "$out/rules/$(basename "$f")"; done
for f in "$src"/examples/*.facts; do cp "$f" "$out/facts/$(basename "$f")"; done
for f in "$src"/examples/schemes/*.scheme; do cp "$f" "$out/scheme/$(basename "$f")"; done
sed 's#^\( *facts \)examples/#\1../examples/#' "$src/rules/gbt27922.tests" > "$out/suite/gbt27922.tests"
# the sections of each case, each to the corpus its name says
for c in "$src"/tests/cases/*.case; do
  awk -v out="$out" -v base="$(basename "$c" .case)" '
    function close_out() { if (file != "") close(file); file = "" }
    /^--- / {
      close_out(); n++
      kind = ""
      if ($2 == "rules") kind = "rules"
      else if ($2 == "facts") {
        name = (NF > 2) ? $3 : "case.facts"
        if (name ~ /\.rules$/) kind = "rules"
        else if (name ~ /\.facts$/) kind = "facts"
        else if (name ~ /\.scheme$/) kind = "scheme"
        else if (name ~ /\.tests$/) kind = "suite"
        else if (name ~ /\.[a-z]+$/) { kind = name; sub(/.*\./, "", kind) }
      }
      if (kind != "") system("mkdir -p \"" out "/" kind "\"")
      if (kind != "") { file = out "/" kind "/" base "-" n; printf "" > file }
      next
    }
    /^### / { next }
    file != "" {
      line = $0
      if (kind == "suite") sub(/^ *facts examples\//, "  facts ../examples/", line)
      print line > file
    }
  ' "$c"
done
[ -d "$out/lsp" ] && python3 "$src/tests/fuzz/lsp_seeds.py" "$src" "$out/lsp"
for f in "$out"/rules/*; do { printf 0; cat "$f"; } > "$out/fmt/rules-$(basename "$f")"; done
for f in "$out"/facts/*; do { printf 1; cat "$f"; } > "$out/fmt/facts-$(basename "$f")"; done
# fuzz_number: op 0 pushes num/den (two 64-bit big-endian integers), op 1 a
# literal (length, then characters from "0123456789.-05" by index), 2..5
# + - * /, 6 negate, 7 floor, 8 ceiling, 9 round (mode byte), 10 compare,
# 11 decimal text (min/max places byte), 12 pop
p() { printf "$2" > "$out/number/$1"; }
p third   '\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x03\x0b\x4d\x00\x00\x00\x00\x00\x00\x00\x00\x0a\x09\x00\x0b\x05'
p tenths  '\x01\x03\x00\x0a\x01\x01\x03\x00\x0a\x02\x02\x0b\x09\x0a'
p big     '\x00\x7f\xff\xff\xff\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x07\x04\x04\x04\x0b\x50\x05\x07\x08'
p rounds  '\x01\x05\x09\x04\x0a\x09\x05\x01\x04\x00\x0a\x00\x01\x09\x00\x09\x01\x09\x02\x09\x03\x09\x04\x09\x05\x09\x06'
p negzero '\x01\x05\x0b\x00\x0a\x00\x03\x06\x01\x04\x00\x0a\x00\x01\x09\x00\x0b\x00'
p long    '\x01\x3f\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x00\x01\x02\x04\x02\x04\x0b\xfc'

# Dictionaries, from the grammar and the bundled rules: OUT_DIR/<kind>.dict
# one quoted entry a line; quotes, backslashes and bytes outside ASCII escaped
dict() { perl -ne 'chomp; s/([\\"])/\\$1/g; s/([^\x20-\x7e])/sprintf("\\x%02X", ord($1))/ge; print "\"$_\"\n"'; }
{ grep -o '^"[a-z_]*"' "$src/grammar/lexer.l" | tr -d '"'
  printf '%s\n' '{' '}' '(' ')' ',' ':' '..' '%' '>=' '<=' '==' '!=' '#' '"' 'earned(' 'applicable(' \
    'failed(' 'min(' 'max(' 'ceil(' 'floor(' 'round(' 'years_between(' 'months_between(' 'half_up' 'half_even' \
    '2024-02-29' '100%' '5.1.2.2' '0.1' '1/3' '99999999999999999999' '五星级'
} | dict > "$out/rules.dict"
{ grep -o '^fact  *[a-z_.0-9]*' "$src/rules/gbt27922.rules" | awk '{print $2}'
  printf '%s\n' 'subject' 'exclude' '=' 'yes' 'no' '%' '/' '"' '#' '2026-03-24' '27/30' '88%' '0' '5.2.2.3' \
    '＝' '：' '％' '／' '１' '　'
} | dict > "$out/facts.dict"
{ printf '%s\n' 'case' 'facts' 'expect' 'score' 'level' 'veto' 'vetoes' 'earned' 'applicable' 'excluded' \
    'error' 'none' 'total' '../examples/four-star.facts' '../examples/vetoed.facts' '四星级' '...'
  cat "$out/facts.dict" | tr -d '"'
} | dict > "$out/suite.dict"
