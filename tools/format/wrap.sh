#!/usr/bin/env bash
# Lays out every C# file at the house width: CSharpier (dotnet-tools.json), then wrap-long-lines.py for what a
# formatter leaves long (comments, string literals), until nothing changes. `.ci/run` checks the result.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
for _ in 1 2 3 4 5; do
  before=$(git ls-files -co --exclude-standard -z '*.cs' | xargs -0 cat | sha1sum)
  git ls-files -co --exclude-standard -z '*.cs' | xargs -0 python3 tools/format/wrap-long-lines.py
  dotnet csharpier format . >/dev/null
  [ "$(git ls-files -co --exclude-standard -z '*.cs' | xargs -0 cat | sha1sum)" = "$before" ] && break
done
