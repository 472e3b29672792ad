#!/usr/bin/env bash
# check_cli.sh EVALRULES FAILMALLOC SOURCE_DIR — every command of evalrules
# with one allocation failing, for each n from the first allocation it makes
# to the last (tests/oom/failmalloc.c, an LD_PRELOAD library; the unit tests
# make the library's own allocations fail, this the command line's and the
# tools' too, open_memstream and libc's included).  Each run must end within
# 20 s with status 0, 1 or 2 (never a signal); a failing run says something
# (on standard error, or a report on standard output); a run that exits 0
# prints what the run without a failure prints.  The language server reads
# a scripted session (initialize, didOpen, hover, shutdown, exit) on its
# standard input and answers a failure in its reply (JSON-RPC's -32603), or
# publishes what it could, so only its status and its saying something are
# checked.
set -u
bin=$1 shim=$2 src=$3
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
shim=$(cd "$(dirname "$shim")" && pwd)/$(basename "$shim")
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 2
cat > t.rules <<'R'
fact ok : bool "是否符合"
fact n : int range 0..
indicator 1 "测试" {
  item 1.1 "符合性" points 10 { pass when ok }
  item 1.2 "记录" points 10 { score n }
}
total { normalize to 100 deduct "扣" n cap 1 round half_up to 0.1 }
veto "否决" when n > 9
rating { level "达标" at 60 otherwise "未达标" }
scheme heavy "偏重" {
  1.1 points 15
  1.2 points 5
}
R
sed 's/points 10 { score n }/points 12 { score n }/' t.rules | sed '/^scheme/,$d' > u.rules
printf 'subject = "甲"\nok = yes\nn = 3\n' > a.facts
printf 'ok = no\nn = 12\n' > b.facts
printf 'scheme light "轻" {\n  1.1 points 5\n  1.2 points 15\n}\n' > light.scheme
printf 'case "a"\n  facts a.facts\n  expect score 99\ncase "b"\n  facts b.facts\n  expect vetoes 1\n' > t.tests
printf 'ok=yes\nn  =  3\n' > f.facts
cp f.facts g.facts
# JSON Lines: a plain record (the plain reader) and one with an escape (yajl's, in its arena); CSV
printf '{"id": "a", "facts": {"ok": true, "n": 3}}\n{"id": "b\\u0031", "subject": "\\u7532", "facts": {"ok": false, "n": 12}}\n' > r.jsonl
printf 'id,ok,n\nc,yes,3\nd,no,12\n' > r.csv
cp t.tests u.tests
"$bin" --format json t.rules a.facts > a.json 2> /dev/null
frame() { printf 'Content-Length: %s\r\n\r\n%s' "$(printf %s "$1" | wc -c)" "$1"; }
{
  frame '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}'
  frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///nonexistent/t.rules","languageId":"evalrules","version":1,"text":"fact ok : bool \"是否符合\"\nindicator 1 \"测试\" {\n  item 1.1 \"符合性\" points 10 { pass when ok }\n}\n"}}}'
  frame '{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nonexistent/t.rules"},"position":{"line":0,"character":5}}}'
  frame '{"jsonrpc":"2.0","id":2,"method":"shutdown"}'
  frame '{"jsonrpc":"2.0","method":"exit"}'
} > lsp.in
# each run with the inputs as they were (fmt and test --update rewrite theirs), and no outputs
fresh() { cp f.facts g.facts && cp t.tests u.tests && rm -rf out new.facts && mkdir out; }
commands=(
  "t.rules a.facts"
  "--format json t.rules a.facts b.facts --output-dir out"
  "--format html -o r.html t.rules a.facts"
  "--format csv --summary s.json -o r.csv t.rules a.facts"
  "--scheme light.scheme t.rules a.facts"
  "check --format sarif t.rules"
  "check --scheme heavy t.rules"
  "fmt --diff f.facts t.rules"
  "test --coverage t.rules t.tests"
  "test --format junit t.rules t.tests"
  "template t.rules"
  "diff --format json t.rules u.rules --facts a.facts b.facts"
  "compare --format html --all-schemes t.rules a.facts b.facts"
  "compare --format csv --scheme light.scheme t.rules a.facts b.facts"
  "sweep --runs 30 -j 2 --format json t.rules a.facts b.facts"
  "sweep --runs 30 -j 1 --format html t.rules a.facts"
  "verify a.json t.rules a.facts"
  "completion bash"
  "fmt g.facts"
  "test --update t.rules u.tests"
  "template -o new.facts t.rules"
  "-o r.txt t.rules a.facts b.facts"
  "diff t.rules u.rules"
  "compare --format json --scheme heavy t.rules a.facts b.facts"
  "sweep --runs 30 -j 1 t.rules a.facts"
  "check --format json t.rules u.rules"
  "test --help"
  "lsp"
  "--format jsonl t.rules r.jsonl r.csv"
  "-j 2 --format csv --summary s.json t.rules r.jsonl"
)
fail=0
for c in "${commands[@]}"; do
  fresh
  in=/dev/null
  [ "$c" = lsp ] && in=lsp.in
  # shellcheck disable=SC2086
  FAILMALLOC_COUNT=count LD_PRELOAD=$shim "$bin" $c < $in > want.out 2> want.err
  want=$?
  total=$(cat count 2> /dev/null || echo 0)
  [ "$total" -gt 0 ] || { echo "FAIL  $c: no allocation counted"; fail=1; continue; }
  bad=0
  for ((n = 1; n <= total; n++)); do
    fresh
    # shellcheck disable=SC2086
    FAILMALLOC_N=$n LD_PRELOAD=$shim timeout 20 "$bin" $c < $in > got.out 2> got.err
    rc=$?
    if [ $rc -gt 2 ]; then
      echo "FAIL  $c: allocation $n of $total failing: status $rc"; bad=1
    elif [ $rc -ne 0 ] && [ ! -s got.err ] && [ ! -s got.out ]; then
      echo "FAIL  $c: allocation $n of $total failing: status $rc and nothing said"; bad=1
    elif [ $rc -eq 0 ] && [ "$want" -eq 0 ] && [ "$c" != lsp ] && ! cmp -s want.out got.out; then
      echo "FAIL  $c: allocation $n of $total failing: status 0 with another output"; bad=1
    fi
    [ $bad = 1 ] && break
  done
  [ $bad = 0 ] && echo "ok    $c: $total allocations, each failing in turn (status $want without)"
  fail=$((fail | bad))
done
exit $fail
