#!/usr/bin/env bash
# run_plan.sh BENCH_PLAN SCORE SHARED_BENCH_DIR WORK_DIR N SEED [REPEAT]
# Generates N enterprises with the shared oracle, writes the model as rules
# and as the baseline's flat.tsv, and runs bench_plan on them: evaluation
# alone, evalrules beside the hand-written C baseline SCORE (and LuaJIT
# running the same model, when installed), and the ratios.
set -eu
bench=$1 score=$2 shared=$3 work=$4 n=$5 seed=$6 repeat=${7:-3}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work"
python3 "$shared/gen_facts.py" "$n" "$seed" "$work/data"
python3 "$here/model_to_rules.py" "$shared/model.json" "$work/model.rules"
python3 "$shared/baseline/to_tsv.py" "$shared/model.json" "$work/data/facts.jsonl" "$work/data/flat.tsv"
# LuaJIT with the same model when it is installed (Debian: luajit); else skipped
lua=()
if command -v luajit > /dev/null; then
    python3 "$here/model_to_lua.py" "$shared/model.json" "$work/model.lua"
    lua=(--luajit "$work/model.lua")
else
    echo "LuaJIT, the same model               skipped (no luajit)"
fi
"$bench" "$work/model.rules" "$work/data" --baseline "$score" "${lua[@]}" --repeat "$repeat"
if [ ${#lua[@]} -gt 0 ]; then
    # LuaJIT's answers against the oracle: its figure counts only if it is exact too
    n_ok=$(cut -f1-3 "$work/data/expected.tsv" | paste - "$work/data/luajit.tsv" |
        awk -F'\t' '$1 == $4 && $2 == $5 && $3 == $6' | wc -l)
    echo "LuaJIT exact matches with the oracle $n_ok of $n"
    [ "$n_ok" -eq "$n" ]
fi
