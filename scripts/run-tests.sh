#!/usr/bin/env bash
# Runs every test (unit and integration) against the native binary in artifacts/bin, then prints
# one closing line "N passed, M failed" (also written to artifacts/test-summary.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=$root/artifacts/test-results
rm -rf "$results"; mkdir -p "$results"
export NUTSHARP_BIN=${NUTSHARP_BIN:-$root/artifacts/bin/nutsharp}
export NUTSHARP_REPO=$root
status=0
for project in tests/NutSharp.Tests tests/NutSharp.Integration.Tests; do
  dotnet test "$project" -c Release --nologo --logger "trx" --results-directory "$results" \
    --blame-hang --blame-hang-timeout 8m "$@" || status=1
done
summary=$(python3 scripts/summarize-trx.py "$results")
echo "$summary" > artifacts/test-summary.txt
echo "$summary"
exit $status
