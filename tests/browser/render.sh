#!/usr/bin/env bash
# render.sh EVALRULES SOURCE_DIR EXAMPLE LANG [AUDIENCE]
# render.sh EVALRULES SOURCE_DIR compare|sweep LANG
#
# Renders the HTML report of examples/EXAMPLE.facts (or the analysts' HTML of
# compare or sweep over every example) in a real browser (headless Chromium,
# as Debian ships it) to a PDF and a PNG, and checks:
#   - Chromium logs no console message (no error, no blocked load: the report
#     has no script and fetches nothing);
#   - the PDF is A4 and has 3 to 10 pages (compare and sweep: 1 to 10);
#   - its text (pdftotext) holds the score and the level the JSON report gives,
#     ("不予评级"/"not rated" when there is none), and the fixed wording of the
#     language asked for ("得分"/"Score"); compare's and sweep's, their chart's
#     title, a level (sweep: its ranking's title) and a heading, in the language
#     asked for;
#   - the PNG is a real image.
# Exits 77 (skipped) when chromium or pdftotext is missing: scripts/test.sh
# installs them (chromium, poppler-utils, fonts-noto-cjk).
set -euo pipefail
bin=$1 src=$2 example=$3 lang=${4:-en} audience=${5:-enterprise}
for tool in chromium pdftotext pdfinfo; do
  command -v "$tool" > /dev/null || { echo "no $tool: install chromium and poppler-utils (scripts/test.sh does)"; exit 77; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/evalrules-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
rules=$src/rules/gbt27922.rules facts=$src/examples/$example.facts
min_pages=3
case $example in
  compare) # every example under the rules' own points and two scheme files
    "$bin" compare -f html --lang "$lang" "$rules" "$src"/examples/*.facts \
      --scheme "$src/examples/schemes/ahp-first-level.scheme" \
      --scheme "$src/examples/schemes/customer-heavy.scheme" > "$work/report.html"
    if [ "$lang" = zh ]; then score=各权重方案的级别分布 level=四星级 word=受评企业
    else score="Levels per scheme" level="Four stars" word=Enterprises; fi
    min_pages=1 ;;
  sweep)
    "$bin" sweep -f html --lang "$lang" --runs 200 -j 2 "$rules" "$src"/examples/*.facts > "$work/report.html"
    if [ "$lang" = zh ]; then score=各级别所占运行比例 level=对得分影响最大的权重 word=各次运行
    else score="Share of runs per level" level="Weights that move the score most" word="Over the runs"; fi
    min_pages=1 ;;
  *)
    SOURCE_DATE_EPOCH=1774569600 "$bin" -f html --lang "$lang" --audience "$audience" "$rules" "$facts" > "$work/report.html"
    json=$("$bin" -f json "$rules" "$facts")
    score=$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["score"])')
    # the level as this report names it (an English label for the enterprise in English):
    # the text report's level line in the same language and audience
    level=$("$bin" --lang "$lang" --audience "$audience" "$rules" "$facts" |
      sed -n 's/^\(Level\|评价级别\)  \(.*\)   [(（].*/\2/p')
    [ -n "$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rating"] or "")')" ] || level="" ;;
esac

chrome() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 "$@" "file://$work/report.html" \
    2> "$work/chromium.log" > /dev/null
}
chrome --no-pdf-header-footer --print-to-pdf="$work/report.pdf"
chrome --screenshot="$work/report.png" --window-size=1000,1400
fail=0
if grep -E 'CONSOLE|Uncaught|Refused to|Failed to load|net::ERR' "$work/chromium.log"; then
  echo "Chromium logged console errors or blocked loads (above)"; fail=1
fi
pages=$(pdfinfo "$work/report.pdf" | awk '/^Pages:/ {print $2}')
size=$(pdfinfo "$work/report.pdf" | sed -n 's/^Page size: *//p')
if [ "$pages" -lt $min_pages ] || [ "$pages" -gt 10 ]; then echo "the PDF has $pages pages, expected $min_pages to 10"; fail=1; fi
case $size in *"(A4)"*) ;; *) echo "the PDF's pages are $size, not A4"; fail=1 ;; esac
pdftotext -layout "$work/report.pdf" "$work/report.txt"
unrated="not rated"
[ "$lang" = zh ] && unrated=不予评级
case $example in compare|sweep) ;; *) word=Score; [ "$lang" = zh ] && word=得分 ;; esac
for want in "$score" "${level:-$unrated}" "$word"; do
  [ -z "$want" ] && continue
  grep -qF -- "$want" "$work/report.txt" || { echo "the PDF's text lacks '$want'"; fail=1; }
done
if [ "$(head -c 8 "$work/report.png" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
  echo "the screenshot is not a PNG"; fail=1
fi
[ $fail = 0 ] && echo "$example ($lang, $audience): $pages A4 pages, score $score, level ${level:-none}: ok"
exit $fail
