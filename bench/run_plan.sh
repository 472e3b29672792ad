#!/usr/bin/env bash
# run_plan.sh BENCH_PLAN SCORE SHARED_BENCH_DIR WORK_DIR N SEED [REPEAT]
# Generates N enterprises with the shared oracle, writes the model as rules
# and as the baseline's flat.tsv, and runs bench_plan on them: evaluation
# alone, evalrules beside the hand-written C baseline SCORE, and the ratio.
set -eu
bench=$1 score=$2 shared=$3 work=$4 n=$5 seed=$6 repeat=${7:-3}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
python3 "$shared/gen_facts.py" "$n" "$seed" "$work/data"
python3 "$here/model_to_rules.py" "$shared/model.json" "$work/model.rules"
python3 "$shared/baseline/to_tsv.py" "$shared/model.json" "$work/data/facts.jsonl" "$work/data/flat.tsv"
"$bench" "$work/model.rules" "$work/data" --baseline "$score" --repeat "$repeat"
