#!/usr/bin/env bash
# run_batch.sh EVALRULES SCORE SHARED_BENCH_DIR WORK_DIR N SEED [JOBS]
# The batch benchmark (docs/performance.md, "Batches"): N generated
# enterprises scored from JSON Lines to JSON Lines by the whole evalrules
# process, timed beside the whole process of the hand-written C baseline
# SCORE (which reads its flat TSV and prints a line per enterprise) in the
# same run; prints both times and their ratio, and checks every score and
# level against the oracle's (exit 1 on any difference).
set -eu
evalrules=$1 score=$2 shared=$3 work=$4 n=$5 seed=$6 jobs=${7:-1}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
python3 "$shared/gen_facts.py" "$n" "$seed" "$work/data" > /dev/null
python3 "$here/model_to_rules.py" "$shared/model.json" "$work/model.rules"
python3 "$shared/baseline/to_tsv.py" "$shared/model.json" "$work/data/facts.jsonl" "$work/data/flat.tsv"
# the generator's flat objects as batch records: {"id", "subject", "facts": {…}}
python3 - "$work/data/facts.jsonl" "$work/batch.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    for line in src:
        f = json.loads(line)
        subject = f.pop("subject")
        out.write(json.dumps({"id": subject, "subject": subject, "facts": f}, separators=(",", ":")) + "\n")
PY
python3 - "$evalrules" "$score" "$work" "$n" "$jobs" <<'PY'
import json, os, resource, subprocess, sys, time
evalrules, score, work, n, jobs = sys.argv[1:6]
def run(cmd, out):
    """the whole process: wall time and CPU time (user + system)"""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with open(out, "w") as f:
        subprocess.run(cmd, stdout=f, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
bw, bc = run([score, f"{work}/data/flat.tsv"], f"{work}/baseline.tsv")
ow, oc = run([evalrules, f"{work}/model.rules", f"{work}/batch.jsonl", "--format", "jsonl", "-j", jobs, "-q"],
             f"{work}/out.jsonl")
want = {}
for line in open(f"{work}/data/expected.tsv", encoding="utf-8"):
    subject, sc, level, vetoed = line.rstrip("\n").split("\t")
    want[subject] = (sc, None if level == "-" else level)
got = bad = 0
for line in open(f"{work}/out.jsonl", encoding="utf-8"):
    r = json.loads(line)
    got += 1
    if "error" in r or want.get(r["id"]) != (r["score"], r["level"]):
        bad += 1
        if bad <= 5:
            print("differs:", r.get("id"), r.get("score"), r.get("level"), "oracle:", want.get(r.get("id")))
print(f"exact matches with the oracle          {got - bad} of {len(want)}")
print(f"hand-written C baseline, whole process {bw * 1000:9.1f} ms wall {bc * 1000:9.1f} ms CPU")
print(f"evalrules jsonl -> jsonl, -j {jobs:<2}        {ow * 1000:9.1f} ms wall {oc * 1000:9.1f} ms CPU")
print(f"ratio (goal <= 10)                     {ow / bw:9.1f}x wall {oc / bc:9.1f}x CPU")
sys.exit(1 if bad or got != len(want) else 0)
PY
