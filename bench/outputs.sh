#!/usr/bin/env bash
# The written books, for a redesign that must not change what the tool writes (issue 22).
#
#   bench/outputs.sh record DIR [CLI]   replays the real histories with the CLI (memory engine, --commit) and keeps,
#                                        after every step, the translation's tree (every blob's id), report.json and
#                                        pr.md under DIR
#   bench/outputs.sh compare A B        lists every file that differs between two recordings; exit 1 if any
#
# The histories: the 30 commits of d2l-en.bundle one by one, and the day one of d2l-en-v1.bundle (commit 1 → 2)
# followed by its 40 pushes, each onto d2l-zh, d2l-ja and d2l-pt (tests/data/corpus). CLI defaults to the Release
# build of this tree (dotnet build -c Release src/Amts.Cli). About 10 minutes on 2 cores with AMTS_JOBS=3.
# report.json holds no clock, so it is compared whole; pr.md too.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$here/tests/data/corpus

record_one() { # english language out cli
  local english=$1 language=$2 out=$3 cli=$4 work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  git clone -q "$corpus/$english.bundle" "$work/en"
  git clone -q "$corpus/d2l-$language.bundle" "$work/tr"
  mapfile -t commits < <(git -C "$work/en" rev-list --reverse HEAD)
  for ((k = 1; k < ${#commits[@]}; k++)); do
    local step; step=$(printf '%s/%s-%s/%02d' "$out" "$english" "$language" "$k")
    mkdir -p "$step"
    "$cli" sync --source "$work/en" --target "$work/tr" --lang "$language" --from "${commits[k-1]}" \
      --to "${commits[k]}" --commit --report "$step" > "$step/stdout.txt" 2>&1 || echo "exit $?" >> "$step/stdout.txt"
    # The translation as committed on the sync branch (every file, _origin.md and state included), by content.
    git -C "$work/tr" ls-tree -r HEAD > "$step/tree.txt"
    git -C "$work/tr" status --porcelain > "$step/worktree-status.txt"
  done
}

case "${1:-}" in
  record)
    out=$(realpath -m "${2:?usage: outputs.sh record DIR [CLI]}")
    cli=${3:-$here/src/Amts.Cli/bin/Release/net10.0/amts}
    [ -x "$cli" ] || { echo "no CLI at $cli: run dotnet build -c Release src/Amts.Cli first" >&2; exit 1; }
    mkdir -p "$out"
    pids=()
    for english in d2l-en d2l-en-v1; do
      for language in zh ja pt; do
        record_one "$english" "$language" "$out" "$cli" &
        pids+=($!)
        while [ "$(jobs -rp | wc -l)" -ge "${AMTS_JOBS:-3}" ]; do sleep 1; done
      done
    done
    status=0
    for p in "${pids[@]}"; do wait "$p" || status=1; done
    echo "recorded $(find "$out" -name report.json | wc -l) steps in $out"
    exit $status ;;
  compare)
    a=${2:?usage: outputs.sh compare A B}; b=${3:?usage: outputs.sh compare A B}
    if diff -rq --exclude=stdout.txt "$a" "$b" > /tmp/outputs-diff.$$; then
      echo "identical: $(find "$a" -name report.json | wc -l) steps, trees and report.json"
      rm -f /tmp/outputs-diff.$$
    else
      cat /tmp/outputs-diff.$$; echo "$(wc -l < /tmp/outputs-diff.$$) difference(s)"; rm -f /tmp/outputs-diff.$$; exit 1
    fi ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
