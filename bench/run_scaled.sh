#!/usr/bin/env bash
# run_scaled.sh BENCH_PLAN SHARED_BENCH_DIR WORK_DIR [K:N ...]
# How cost grows with the model's size: the shared model scaled K times
# (gen_scaled.py: K × 60 items, N enterprises scored by the shared oracle's
# own code), written as rules (model_to_rules.py), then bench_plan checks
# every enterprise against the oracle and the plan against the general
# evaluator (exit 1 on any difference) and prints the figures.  Default
# sizes: 60, 600 and 6,000 items.
set -eu
bench=$1 shared=$2 work=$3
shift 3
sizes=${*:-1:20000 10:2000 100:200}
here=$(cd "$(dirname "$0")" && pwd)
for kn in $sizes; do
    k=${kn%%:*} n=${kn##*:}
    dir="$work/x$k"
    rm -rf "$dir" && mkdir -p "$dir"
    python3 "$here/gen_scaled.py" "$shared" "$k" "$n" 27922 "$dir"
    python3 "$here/model_to_rules.py" "$dir/model.json" "$dir/model.rules"
    echo "== $((k * 60)) items"
    "$bench" "$dir/model.rules" "$dir/data" --repeat 3
done
