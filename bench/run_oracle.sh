#!/usr/bin/env bash
# run_oracle.sh BENCH_EVAL SHARED_BENCH_DIR WORK_DIR N SEED [REPEAT]
# Generates N enterprises with the shared oracle, writes the model as rules,
# and runs bench_eval on them: exact agreement or failure, plus timings.
set -eu
bench=$1 shared=$2 work=$3 n=$4 seed=$5 repeat=${6:-5}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
python3 "$shared/gen_facts.py" "$n" "$seed" "$work/data"
python3 "$here/model_to_rules.py" "$shared/model.json" "$work/model.rules"
"$bench" "$work/model.rules" "$work/data" --repeat "$repeat"
