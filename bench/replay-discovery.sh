#!/usr/bin/env bash
# Issue 19's acceptance on the real books: the 30 commits of d2l-en.bundle replayed one by one onto d2l-pt (no
# _origin.md; the releases of d2l-en-releases.bundle as extra English revisions) and onto d2l-ja (with _origin.md),
# memory engine, --commit. Prints what each carried, the English revisions pt's files were found to follow, the files
# without a convincing base, and every file judged to "already follow" the new English (to check by eye).
# Usage: bench/replay-discovery.sh [WORK]   (WORK is kept when given, else a temp folder removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${AMTS_DATA:-tests/data}
if [ $# -gt 0 ]; then work=$1; mkdir -p "$work"; else work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; fi
dotnet build -c Release -v q --nologo src/Amts.Cli >/dev/null
amts=src/Amts.Cli/bin/Release/net10.0/amts
git clone -q "$data/corpus/d2l-en.bundle" "$work/en"
git clone -q "$data/corpus/d2l-en-releases.bundle" "$work/releases"
for lang in pt ja; do
  git clone -q "$data/corpus/d2l-$lang.bundle" "$work/$lang"
  extra=()
  [ "$lang" = pt ] && extra=(--english-revisions "$work/releases")
  prev=$(git -C "$work/en" rev-list --max-parents=0 HEAD)
  n=0
  for c in $(git -C "$work/en" rev-list --reverse HEAD | tail -n +2); do
    n=$((n + 1))
    "$amts" sync --source "$work/en" --target "$work/$lang" --lang "$lang" --from "$prev" --to "$c" --commit \
      "${extra[@]}" --report "$work/report-$lang/$(printf %02d $n)" >/dev/null
    prev=$c
  done
done
python3 - "$work" <<'PY'
import collections, glob, json, os, re, sys
work = sys.argv[1]
carried_kinds = {"patched", "codemerged", "retranslated", "inserted", "deleted", "moved"}
def reports(lang):
    for f in sorted(glob.glob(f"{work}/report-{lang}/*/report.json")):
        yield os.path.basename(os.path.dirname(f)), json.load(open(f))
carried = {}
for lang in ("pt", "ja"):
    carried[lang] = sum(1 for _, r in reports(lang) for f in r["files"] for c in f["changes"] if c["kind"] in carried_kinds)
print(f"changes carried: pt {carried['pt']}, ja {carried['ja']} "
      f"(pt/ja {100 * carried['pt'] / max(1, carried['ja']):.0f} %, target >= 60 %)")
state = json.load(open(f"{work}/pt/.amts/state.json"))
found = state.get("discovered") or {}
dist = collections.Counter(v.get("revision", "?") for v in found.values())
print(f"pt files with a discovered base: {len(found)}; revisions: "
      + ", ".join(f"{r} {n}" for r, n in sorted(dist.items(), key=lambda e: (-e[1], e[0]))))
nobase = sorted({(step, f["targetPath"] or f["sourcePath"]) for step, r in reports("pt") for f in r["files"]
                 if f["status"] == "review" and "no base" in (f.get("note") or "")})
print(f"pt files whose changes went to review without a convincing base: {len(nobase)}")
for step, path in nobase:
    print(f"  step {step}: {path}")
follows = [(step, f["targetPath"] or f["sourcePath"], c["reason"]) for step, r in reports("pt") for f in r["files"]
           for c in f["changes"] if "already follows the new English" in c["reason"]]
print(f"pt files judged to already follow the new English: {len(follows)}")
for step, path, why in follows:
    print(f"  step {step}: {path}: {why[why.find('('):][:200]}")
PY
