#!/usr/bin/env bash
# run_dask.sh EVALRULES SOURCE_DIR — the Dask scale-out (contrib/dask/) gives
# the single-process batch's output byte for byte and the same summary.
#
# A dataset of 1,200 records (the eight examples again and again under new
# ids, broken records and blank lines among them) is scored once by one
# process reading stdin, and once on a local Dask cluster of two worker
# processes on loopback, split into partitions of 64 KB.  Their outputs must
# be the same bytes in the same order (and so also after sorting), the
# summaries the same counts, both exit statuses 1 (some record invalid).
# Needs Debian's python3-dask and python3-distributed (scripts/test.sh
# installs them); without them it is skipped (exit 77) unless
# EVALRULES_REQUIRE_DASK=1, which scripts/test.sh sets, so CI cannot skip it.
set -euo pipefail
bin=$(realpath "$1") src=$(realpath "$2")
py=/usr/bin/python3   # Debian's Python, where python3-dask lives
if ! "$py" -c 'import dask.bag, distributed' 2>/dev/null; then
  if [ "${EVALRULES_REQUIRE_DASK:-0}" = 1 ]; then
    echo "FAIL: python3-dask and python3-distributed are not installed" >&2; exit 1
  fi
  echo "SKIP: python3-dask and python3-distributed are not installed" >&2; exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$py" - "$src/examples/batch/enterprises.jsonl" "$src/examples/batch/broken.jsonl" > "$tmp/data.jsonl" <<'PY'
import json, sys
good = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
broken = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8") if l.strip()][1:]
for i in range(1200):
    if i % 97 == 13:
        print(broken[i % len(broken)])       # an invalid record
    elif i % 101 == 50:
        print()                              # a blank line: skipped, but counted
    else:
        r = dict(good[i % len(good)]); r["id"] = "E%05d" % i
        print(json.dumps(r, ensure_ascii=False))
PY
rules="$src/rules/gbt27922.rules"
set +e
"$bin" "$rules" - --input-format jsonl --format jsonl --summary "$tmp/one.json" -q \
  < "$tmp/data.jsonl" > "$tmp/one.jsonl" 2> "$tmp/one.err"
one=$?
"$py" "$src/contrib/dask/evalrules_dask.py" "$rules" "$tmp/data.jsonl" --local 2 \
  --blocksize 65536 --evalrules "$bin" -o "$tmp/dask.jsonl" --summary "$tmp/dask.json" -v \
  2> "$tmp/dask.err"
many=$?
set -e
fail() { echo "FAIL: $*" >&2; cat "$tmp/dask.err" >&2; exit 1; }
[ $one = 1 ] || fail "single process: exit $one, expected 1 (invalid records)"
[ $many = 1 ] || fail "dask: exit $many, expected 1 (invalid records)"
parts=$(sed -n 's/^evalrules_dask: \([0-9]*\) partitions.*/\1/p' "$tmp/dask.err")
[ "${parts:-0}" -ge 4 ] || fail "expected at least 4 partitions, got '${parts}'"
[ "$(wc -l < "$tmp/one.jsonl")" -ge 1000 ] || fail "too few output lines"
grep -q '"error"' "$tmp/one.jsonl" || fail "no invalid record in the data"
cmp "$tmp/one.jsonl" "$tmp/dask.jsonl" || fail "outputs differ (in order)"
cmp <(LC_ALL=C sort "$tmp/one.jsonl") <(LC_ALL=C sort "$tmp/dask.jsonl") || fail "outputs differ after sorting"
"$py" -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(a!=b)' \
  "$tmp/one.json" "$tmp/dask.json" || fail "summaries differ: $(cat "$tmp/one.json") vs $(cat "$tmp/dask.json")"
echo "ok: $(wc -l < "$tmp/one.jsonl") records in $parts partitions on 2 Dask workers, identical to one process; summary $(tr -d ' \n' < "$tmp/dask.json")"
