#!/usr/bin/env bash
# Benchmarks on the real books: clones tests/data/corpus into a temp folder and runs `amts bench`.
# Figures go into docs/benchmarks.md by hand, with the machine they were taken on.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${AMTS_DATA:-tests/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$shared/corpus/d2l-en.bundle" "$work/d2l-en"
git clone -q "$shared/corpus/d2l-zh.bundle" "$work/d2l-zh"
dotnet build -c Release -v q --nologo src/Amts.Cli >/dev/null
amts=src/Amts.Cli/bin/Release/net10.0/amts
echo "== md check, Chinese book"; "$amts" bench md "$work/d2l-zh"
echo "== md check, English book"; "$amts" bench md "$work/d2l-en"
echo "== BLEU / chrF, 100 000 lines each (both cores, then one core)"
"$amts" bench bleu --en "$work/d2l-en" --zh "$work/d2l-zh" --lines 100000 --out "$work/bleu-corpus"
taskset -c 0 "$amts" bench bleu --en "$work/d2l-en" --zh "$work/d2l-zh" --lines 100000
echo "(the corpora were written to $work/bleu-corpus for timing other tools on the same files)"
echo "== extract: align the whole book and mine parallel data"
/usr/bin/time -f "%e s wall, %M KB peak RSS" "$amts" extract --source "$work/d2l-en@HEAD" --target "$work/d2l-zh" --target-lang zh --out "$work/extract"
echo "== sync: replay the 30 real English commits one by one onto d2l-zh (memory engine, --commit)"
git clone -q "$shared/corpus/d2l-en.bundle" "$work/replay-en"
git clone -q "$shared/corpus/d2l-zh.bundle" "$work/replay-zh"
prev=$(git -C "$work/replay-en" rev-list --max-parents=0 HEAD)
start=$(date +%s.%N)
n=0
for c in $(git -C "$work/replay-en" rev-list --reverse HEAD | tail -n +2); do
  n=$((n + 1))
  "$amts" sync --source "$work/replay-en" --target "$work/replay-zh" --lang zh --from "$prev" --to "$c" --commit --report "$work/replay-report/$n" >/dev/null
  prev=$c
done
end=$(date +%s.%N)
echo "replayed $n commits in $(echo "$end - $start" | bc) s"
python3 - "$work/replay-report" <<'PY'
import json, glob, sys
mt = whole = reviews = 0
for f in glob.glob(sys.argv[1] + "/*/report.json"):
    t = json.load(open(f))["totals"]
    mt += t["mtChars"]; whole += t["wholeFileChars"]; reviews += t["reviews"]
print(f"engine characters {mt} of {whole} whole-file ({100 * mt / whole:.2f} %), {reviews} items for review")
PY
