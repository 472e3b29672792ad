#!/usr/bin/env bash
# run_batch_memory.sh EVALRULES SHARED_BENCH_DIR WORK_DIR [SIZES]
# Memory of a batch (docs/performance.md, "Batches"; docs/batch.md): the peak
# resident set (max RSS, from GNU time's %M) of the whole evalrules process
# scoring N generated enterprises, JSON Lines to JSON Lines and CSV to CSV,
# at -j 1 and -j 2, for each N of SIZES (default 10000 100000 1000000).
# 10,000 enterprises are generated once (gen_facts.py) and repeated with
# fresh ids up to N, streamed into evalrules' standard input, so that no
# file of a million records is written.  Prints a table of KB; exit 1 when
# the largest size needs more than 1.5 times the smallest plus 2 MB.
set -eu
evalrules=$1 shared=$2 work=$3 sizes=${4:-10000 100000 1000000}
here=$(cd "$(dirname "$0")" && pwd)
[ -x /usr/bin/time ] || { echo "run_batch_memory.sh: needs GNU time (/usr/bin/time, Debian package time)"; exit 2; }
rm -rf "$work" && mkdir -p "$work"
python3 "$shared/gen_facts.py" 10000 1 "$work/data" > /dev/null
python3 "$here/model_to_rules.py" "$shared/model.json" "$work/model.rules"
# the 10,000 as batch records, and as CSV rows under a header of every fact
python3 - "$work/data/facts.jsonl" "$work/base.jsonl" "$work/base.csv" <<'PY'
import json, sys
recs = [json.loads(line) for line in open(sys.argv[1])]
names = sorted({k for r in recs for k in r if k != "subject"})
def cell(v):
    return "" if v is None else "true" if v is True else "false" if v is False else str(v)
with open(sys.argv[2], "w") as jl, open(sys.argv[3], "w") as cs:
    cs.write(",".join(["id", "subject"] + names) + "\n")
    for r in recs:
        s = r.pop("subject")
        jl.write(json.dumps({"id": s, "subject": s, "facts": r}, separators=(",", ":")) + "\n")
        cs.write(",".join([s, s] + [cell(r.get(n)) for n in names]) + "\n")
PY
# N records: the 10,000 repeated, each copy's ids made fresh (r1-…, r2-…)
cat > "$work/repeat.py" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
lines = open(path, encoding="utf-8").read().splitlines()
head = [lines.pop(0)] if path.endswith(".csv") else []
out = sys.stdout
out.write("".join(h + "\n" for h in head))
for k in range((n + len(lines) - 1) // len(lines)):
    take = lines[: min(len(lines), n - k * len(lines))]
    if path.endswith(".csv"):
        out.write("".join(f"r{k}-{line}\n" for line in take))
    else:
        out.write("".join(line.replace('{"id":"', f'{{"id":"r{k}-', 1) + "\n" for line in take))
PY
printf '%-10s %-12s %5s %12s\n' records form jobs "max RSS KB"
fail=0
for form in jsonl csv; do
  for jobs in 1 2; do
    first=
    for n in $sizes; do
      kb=$(python3 "$work/repeat.py" "$work/base.$form" "$n" |
           /usr/bin/time -f %M -o "$work/rss" "$evalrules" -q --format "$form" --input-format "$form" -j "$jobs" \
             "$work/model.rules" - > /dev/null; cat "$work/rss")
      printf '%-10s %-12s %5s %12s\n' "$n" "$form->$form" "$jobs" "$kb"
      if [ -z "$first" ]; then first=$kb; elif [ "$kb" -gt $((first * 3 / 2 + 2048)) ]; then fail=1; fi
    done
  done
done
[ "$fail" = 0 ] && echo "ok: memory flat" || { echo "FAIL: memory grows with the number of records"; exit 1; }
