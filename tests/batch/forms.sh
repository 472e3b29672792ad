#!/usr/bin/env bash
# forms.sh EVALRULES SOURCE_DIR WORK_DIR — batches (docs/batch.md):
#  1. the examples as facts files, a directory, JSON Lines and CSV (made by
#     facts_to_records.py) give the same jsonl lines, and the same csv rows;
#  2. -j 2 writes the same bytes as -j 1, on 4,000 records (more than one
#     block per thread), in every format, with broken records among them; and
#     -j 2 and -j 3 as -j 1 on 20,000 (many blocks for the long-lived workers);
#  3. memory stays flat: 40,000 records need no more than 2,000 (max RSS; JSON Lines
#     and CSV, -j 1 and -j 2), give or take a quarter and a megabyte.
set -eu
evalrules=$1 src=$2 work=$3
rules=$src/rules/gbt27922.rules
rm -rf "$work" && mkdir -p "$work/dir"
cp "$src"/examples/*.facts "$work/dir/"
python3 "$src/tests/batch/facts_to_records.py" jsonl "$src"/examples/*.facts > "$work/ex.jsonl"
python3 "$src/tests/batch/facts_to_records.py" csv "$src"/examples/*.facts > "$work/ex.csv"
for f in jsonl csv; do
  "$evalrules" -q --format $f "$rules" "$src"/examples/*.facts > "$work/facts.$f"
  "$evalrules" -q --format $f "$rules" "$work/dir" > "$work/dir.$f"
  "$evalrules" -q --format $f "$rules" "$work/ex.jsonl" > "$work/jsonl.$f"
  "$evalrules" -q --format $f "$rules" "$work/ex.csv" > "$work/csv.$f"
  "$evalrules" -q --format $f --input-format jsonl "$rules" - < "$work/ex.jsonl" > "$work/stdin.$f"
  for form in dir jsonl csv stdin; do
    cmp "$work/facts.$f" "$work/$form.$f" || { echo "FAIL: --format $f: $form differs from facts files"; exit 1; }
  done
done
echo "ok: facts files, a directory, JSON Lines, CSV and stdin give the same jsonl and csv"
# 4,000 records, every 97th broken
python3 - "$work/ex.jsonl" "$work/many.jsonl" 4000 <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(int(sys.argv[3])):
        line = lines[i % len(lines)].replace('"id":"', f'"id":"{i}-', 1)
        if i % 97 == 5:
            line = line.replace('"staff.managers":', '"staff.managers":"many",', 1).replace(',"staff.managers"', '', 0)
        out.write(line + "\n")
PY
for f in jsonl csv json text; do
  set +e
  "$evalrules" -q --format $f -j 1 "$rules" "$work/many.jsonl" > "$work/j1.$f" 2> "$work/j1.$f.err"; r1=$?
  "$evalrules" -q --format $f -j 2 "$rules" "$work/many.jsonl" > "$work/j2.$f" 2> "$work/j2.$f.err"; r2=$?
  set -e
  [ "$r1" = 1 ] && [ "$r2" = 1 ] || { echo "FAIL: exit $r1 and $r2, not 1"; exit 1; }
  cmp "$work/j1.$f" "$work/j2.$f" && cmp "$work/j1.$f.err" "$work/j2.$f.err" ||
    { echo "FAIL: --format $f: -j 2 differs from -j 1"; exit 1; }
done
n=$(grep -c '"error"' "$work/j1.jsonl")
[ "$n" -gt 0 ] || { echo "FAIL: no broken record reported"; exit 1; }
echo "ok: -j 2 = -j 1 in jsonl, csv, json and text on 4000 records ($n broken, each an error line)"
# the long-lived workers: 20,000 records (about 40 blocks of 512 at -j 2, 26 of 768 at -j 3), every
# 97th broken, read after another input and before a CSV one (blocks flushed at each input's end)
python3 - "$work/many.jsonl" "$work/more.jsonl" 20000 <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(int(sys.argv[3])):
        out.write(lines[i % len(lines)].replace('"id":"', f'"id":"m{i}-', 1) + "\n")
PY
for f in jsonl csv; do
  set +e
  "$evalrules" -q --format $f -j 1 "$rules" "$work/ex.jsonl" "$work/more.jsonl" "$work/ex.csv" > "$work/m1.$f" 2> "$work/m1.$f.err"; r1=$?
  for j in 2 3; do
    "$evalrules" -q --format $f -j $j "$rules" "$work/ex.jsonl" "$work/more.jsonl" "$work/ex.csv" > "$work/m$j.$f" 2> "$work/m$j.$f.err"; rj=$?
    [ "$r1" = 1 ] && [ "$rj" = 1 ] || { echo "FAIL: exit $r1 and $rj, not 1"; exit 1; }
    cmp "$work/m1.$f" "$work/m$j.$f" && cmp "$work/m1.$f.err" "$work/m$j.$f.err" ||
      { echo "FAIL: --format $f: -j $j differs from -j 1 on 20,000 records"; exit 1; }
  done
  set -e
done
n=$(wc -l < "$work/m1.jsonl") bad=$(grep -c '"error"' "$work/m1.jsonl")
[ "$n" = $((20000 + 2 * $(wc -l < "$work/ex.jsonl"))) ] && [ "$bad" -gt 200 ] ||
  { echo "FAIL: $n lines, $bad errors"; exit 1; }
echo "ok: -j 2 and -j 3 = -j 1 in jsonl and csv on three inputs, 20,000 records among them ($bad broken)"
# memory: max RSS for 2,000 and 40,000 records, JSON Lines and CSV, -j 1 and -j 2
python3 - "$evalrules" "$rules" "$work" <<'PY'
import os, subprocess, sys
evalrules, rules, work = sys.argv[1:4]
# under AddressSanitizer freed memory waits in a quarantine, which would grow with the records
env = dict(os.environ, ASAN_OPTIONS=":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "quarantine_size_mb=0"])))
jsonl = open(f"{work}/many.jsonl", encoding="utf-8").read().splitlines()
csv = open(f"{work}/ex.csv", encoding="utf-8").read().splitlines()
def rss(form, n, jobs):
    path = f"{work}/rss-{n}.{form}"
    with open(path, "w", encoding="utf-8") as out:
        if form == "csv":
            out.write(csv[0] + "\n")
        rows = jsonl if form == "jsonl" else csv[1:]
        for i in range(n):
            line = rows[i % len(rows)]
            out.write((line if form == "jsonl" else f"c{i}-{line}") + "\n")
    r = subprocess.run(["python3", "-c", "import resource,subprocess,sys;"
                        "subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
                        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
                        evalrules, "-q", "--format", form, "-j", str(jobs), rules, path],
                       capture_output=True, text=True, env=env)
    return int(r.stdout)
bad = False
for form in ("jsonl", "csv"):
    for jobs in (1, 2):
        small, large = rss(form, 2000, jobs), rss(form, 40000, jobs)
        print(f"max RSS, {form} -j {jobs}: {small} KB for 2,000 records, {large} KB for 40,000")
        if large > small * 1.25 + 1024:
            print("FAIL: memory grows with the number of records")
            bad = True
if bad:
    sys.exit(1)
print("ok: memory flat")
PY
