#!/usr/bin/env bash
# run_verify.sh EVALRULES SOURCE_DIR — evalrules verify end to end:
#   - every example's JSON report is accepted with its inputs (exit 0), and
#     its seal is what docs/language.md says anyone can recompute:
#     sed '/^    "sha256": /,$d' report.json | sha256sum;
#   - one byte changed in the facts, the rules, the scheme file or the report
#     is rejected (exit 1) and the part is named;
#   - a scheme written in the rules file is found by the name in the report;
#   - a facts file whose name is not UTF-8, and a renamed copy of it;
#   - text and HTML reports show the JSON report's seal.
set -uo pipefail
bin=$1 src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/evalrules-verify.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
rules=$src/rules/gbt27922.rules scheme=$src/examples/schemes/ahp-first-level.scheme
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# verify EXPECTED_EXIT EXPECTED_TEXT ARGS...: run it and check
verify() {
  local want=$1 text=$2
  shift 2
  "$bin" verify "$@" > out.txt 2> err.txt
  local st=$?
  [ "$st" = "$want" ] || { bad "verify $* exited $st, expected $want"; cat out.txt err.txt; return; }
  grep -qF -- "$text" out.txt || { bad "verify $* does not say '$text'"; cat out.txt; }
}

# flip FILE: a copy of FILE with one byte changed (the middle one, one bit)
flip() {
  python3 - "$1" "$2" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[len(b) // 2] ^= 1
open(sys.argv[2], 'wb').write(bytes(b))
PY
}

for facts in "$src"/examples/*.facts; do
  name=$(basename "$facts" .facts)
  "$bin" -f json "$rules" "$facts" > "$name.json" || bad "$name: no JSON report"
  verify 0 "matches its inputs" "$name.json" "$rules" "$facts"
  sealed=$(sed -n 's/^    "sha256": "\([0-9a-f]*\)"$/\1/p' "$name.json")
  [ "$(sed '/^    "sha256": /,$d' "$name.json" | sha256sum | cut -c1-64)" = "$sealed" ] \
    || bad "$name: the seal is not the SHA-256 of the report before its seal line"
  flip "$facts" f.facts
  verify 1 "the facts differ" "$name.json" "$rules" f.facts
  flip "$name.json" edited.json
  verify 1 "the report was edited" edited.json "$rules" "$facts"
done

# one byte of the rules
flip "$rules" r.rules
verify 1 "the rules differ" four-star.json r.rules "$src/examples/four-star.facts"
verify 1 "the rules differ" four-star.json "$src/examples/four-star.facts" "$src/examples/four-star.facts"

# the score edited, and the report sealed again by hand: caught by evaluating
sed 's/^  "score": "91.1",$/  "score": "95.1",/' four-star.json | sed '/^    "sha256": /,$d' > resealed.json
printf '    "sha256": "%s"\n  }\n}\n' "$(sha256sum < resealed.json | cut -c1-64)" >> resealed.json
verify 1 'line 12 is not what the inputs give' resealed.json "$rules" "$src/examples/four-star.facts"

# a scheme file: needed, checked, and one byte of it
"$bin" -f json --scheme "$scheme" "$rules" "$src/examples/four-star.facts" > scheme.json
verify 0 "matches its inputs" scheme.json "$rules" "$src/examples/four-star.facts" --scheme "$scheme"
verify 1 "give it with --scheme FILE" scheme.json "$rules" "$src/examples/four-star.facts"
flip "$scheme" s.scheme
verify 1 "the scheme differs" scheme.json "$rules" "$src/examples/four-star.facts" --scheme s.scheme
verify 1 "made under no scheme file" four-star.json "$rules" "$src/examples/four-star.facts" --scheme "$scheme"

# a scheme of the rules file, found by the name the report gives
cat > two.rules <<'RULES'
fact a : sample "前一半"
fact b : sample "后一半"
indicator 1 "前" points 50 { item 1.1 "甲" points 50 { ratio a } }
indicator 2 "后" points 50 { item 2.1 "乙" points 50 { ratio b } }
rating { level "A" at 90 otherwise "不予评级" }
scheme one_heavy "前重" { 1 points 80  2 points 20 }
RULES
printf 'a = 10/10\nb = 5/10\n' > two.facts
"$bin" -f json --scheme one_heavy two.rules two.facts > two.json
verify 0 "matches its inputs" two.json two.rules two.facts
grep -q '"score": "90"' two.json || bad "two.json: not scored under one_heavy"

# a facts file whose name is not UTF-8, and the same bytes under another name
odd=$'\xff\xfe-audit.facts'
cp "$src/examples/four-star.facts" "$odd"
"$bin" -f json "$rules" "$odd" > odd.json
grep -q '"facts_file_bytes": "%FF%FE-audit.facts"' odd.json || bad "odd.json: the name's bytes are not kept"
verify 0 "matches its inputs" odd.json "$rules" "$odd"
verify 0 "matches its inputs" odd.json "$rules" "$src/examples/four-star.facts"
verify 0 "matches its inputs" four-star.json "$rules" "$odd"

# a report sealed by another version of evalrules: said, with the version to verify it with
sed 's/^    "evalrules": "[^"]*",$/    "evalrules": "0.0.0-other",/' four-star.json > other-version.json
verify 1 "the report was sealed by evalrules 0.0.0-other" other-version.json "$rules" "$src/examples/four-star.facts"
verify 1 "verify it with evalrules 0.0.0-other" other-version.json "$rules" "$src/examples/four-star.facts"

# the text and HTML reports carry the JSON report's seal
sealed=$(sed -n 's/^    "sha256": "\([0-9a-f]*\)"$/\1/p' four-star.json)
"$bin" --lang en "$rules" "$src/examples/four-star.facts" | grep -qx "  seal       $sealed" || bad "the text report lacks the seal"
"$bin" --lang zh "$rules" "$src/examples/four-star.facts" | grep -qx "  校验值     $sealed" || bad "the Chinese text report lacks the seal"
"$bin" -f html "$rules" "$src/examples/four-star.facts" | grep -qF "<dd id=\"seal\"><code>$sealed</code>" \
  || bad "the HTML report lacks the seal"

[ $fail = 0 ] && echo "verify: every example accepted; facts, rules, scheme and report edits rejected: ok"
exit $fail
