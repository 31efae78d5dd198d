#!/usr/bin/env bash
# Benchmarks on the real books: clones ../shared/corpus into a temp folder and runs `amts bench`.
# Figures go into docs/benchmarks.md by hand, with the machine they were taken on.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${AMTS_SHARED:-../shared}
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
