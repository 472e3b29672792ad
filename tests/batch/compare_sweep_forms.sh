#!/usr/bin/env bash
# compare_sweep_forms.sh EVALRULES SOURCE_DIR WORK_DIR — compare and sweep read
# the evaluation's inputs (docs/batch.md, "Compare and sweep"): the examples as
# facts files, a directory of them, JSON Lines and CSV (made by
# facts_to_records.py; the CSV with its exclusions column), and the JSON Lines
# and CSV on standard input with --input-format, give the same compare and
# sweep reports, text and json.  A facts file's row is named by its path, a
# record's by its id (the file's name without .facts): the facts files' reports
# are compared with 'DIR/NAME.facts' written 'NAME'.
set -eu
evalrules=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work/dir"
cd "$work"
cp "$src"/examples/*.facts dir/
ln -s "$src/rules" rules
ln -s "$src/examples" examples
python3 "$src/tests/batch/facts_to_records.py" jsonl dir/*.facts > ex.jsonl
python3 "$src/tests/batch/facts_to_records.py" csv dir/*.facts > ex.csv
# with a column name that needs reading as the evaluation reads it: the CSV's exclusions
head -1 ex.csv | tr -d '\r' | grep -q ',exclude$' || { echo "FAIL: ex.csv has no exclusions column"; exit 1; }
compare=(compare rules/gbt27922.rules --scheme examples/schemes/customer-heavy.scheme
         --scheme examples/schemes/equal-first-level.scheme)
sweep=(sweep --runs 30 --seed 3 -j 2 rules/gbt27922.rules)
n=0
for cmd in compare sweep; do
  for f in text json; do
    if [ $cmd = compare ]; then run=("${compare[@]}"); else run=("${sweep[@]}"); fi
    "$evalrules" "${run[@]}" --format $f dir/*.facts | sed -E 's#dir/([a-z-]+)\.facts#\1#g' > facts.$cmd.$f
    "$evalrules" "${run[@]}" --format $f dir | sed -E 's#dir/([a-z-]+)\.facts#\1#g' > dir.$cmd.$f
    "$evalrules" "${run[@]}" --format $f ex.jsonl > jsonl.$cmd.$f
    "$evalrules" "${run[@]}" --format $f ex.csv > csv.$cmd.$f
    "$evalrules" "${run[@]}" --format $f --input-format jsonl - < ex.jsonl > stdin-jsonl.$cmd.$f
    "$evalrules" "${run[@]}" --format $f --input-format csv - < ex.csv > stdin-csv.$cmd.$f
    cp ex.jsonl ex.txt # a name that says nothing: the option does
    "$evalrules" "${run[@]}" --format $f --input-format jsonl ex.txt > named-jsonl.$cmd.$f
    [ "$(grep -c . facts.$cmd.$f)" -gt 10 ] || { echo "FAIL: $cmd --format $f printed too little"; exit 1; }
    for form in dir jsonl csv stdin-jsonl stdin-csv named-jsonl; do
      diff -u facts.$cmd.$f $form.$cmd.$f > /dev/null ||
        { echo "FAIL: $cmd --format $f: $form differs from the facts files"; diff -u facts.$cmd.$f $form.$cmd.$f | head -20; exit 1; }
      n=$((n + 1))
    done
  done
done
echo "ok: compare and sweep, text and json: a directory, JSON Lines, CSV, both on stdin and a .txt read as jsonl give the facts files' reports ($n comparisons)"
