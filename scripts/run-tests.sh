#!/usr/bin/env bash
# Runs every test suite (the runner's own script-level tests, the unit tests, the integration
# tests against the native binary in artifacts/bin), then prints one closing line
# "N passed, M failed", also written to artifacts/test-summary.txt.
#
# Every suite leaves a record in artifacts/test-results/<n>-<suite>/status: whether it built, how
# its test run exited, and (for a test project) its .trx. scripts/summarize-tests.py adds them up
# and counts as failed whatever did not happen: a project that did not build, a test host that
# crashed or hung, a missing or truncated .trx, a suite that never started. The lines before the
# closing one say which suite and why.
#
# Arguments are passed to `dotnet test` (e.g. --filter "FullyQualifiedName~Reload").
# NUTSHARP_TEST_SUITES replaces the list of suites (projects, or *.sh scripts that end with their
# own "N passed, M failed" line); NUTSHARP_TEST_ARTIFACTS replaces artifacts/ (the runner's own
# tests use both).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
artifacts=${NUTSHARP_TEST_ARTIFACTS:-$root/artifacts}
results=$artifacts/test-results
summary=$artifacts/test-summary.txt
suites=${NUTSHARP_TEST_SUITES:-scripts/tests/test-run-tests.sh tests/NutSharp.Tests tests/NutSharp.Integration.Tests}

# Nothing from an earlier run may be read as this run's result.
rm -rf "$results" "$summary"
mkdir -p "$results"

export NUTSHARP_BIN=${NUTSHARP_BIN:-$root/artifacts/bin/nutsharp}
export NUTSHARP_REPO=$root
# make test installs NUT 2.8.0, so a test that needs one of its programs and finds it missing
# fails instead of being ignored (tests/Shared/TestPaths.cs).
export NUTSHARP_REQUIRE_NUT=${NUTSHARP_REQUIRE_NUT:-1}
filtered=0; [ $# -gt 0 ] && filtered=1

# The plan comes first, so a suite that never gets to run (the runner was killed) still shows up.
n=0
for suite in $suites; do
  n=$((n + 1))
  dir=$results/$(printf '%02d' $n)-$(basename "$suite" .sh)
  mkdir -p "$dir"
  case "$suite" in *.sh) kind=script ;; *) kind=dotnet ;; esac
  printf 'name=%s\nkind=%s\nfiltered=%s\n' "$suite" "$kind" "$filtered" > "$dir/status"
done

n=0
for suite in $suites; do
  n=$((n + 1))
  dir=$results/$(printf '%02d' $n)-$(basename "$suite" .sh)
  started=$(date +%s)
  echo "=== $suite"
  if [ "${suite%.sh}" != "$suite" ]; then
    bash "$suite" 2>&1 | tee "$dir/output.log"
    echo "test_exit=${PIPESTATUS[0]}" >> "$dir/status"
  else
    dotnet build "$suite" -c Release --nologo
    build_exit=$?
    echo "build_exit=$build_exit" >> "$dir/status"
    if [ $build_exit -eq 0 ]; then
      dotnet test "$suite" -c Release --no-build --nologo \
        --logger "trx;LogFileName=result.trx" --results-directory "$dir" \
        --blame-hang --blame-hang-timeout 8m "$@"
      echo "test_exit=$?" >> "$dir/status"
    fi
  fi
  echo "seconds=$(( $(date +%s) - started ))" >> "$dir/status"
done

# Written whole or not at all: a summarizer that dies leaves no half summary behind.
python3 scripts/summarize-tests.py "$results" > "$summary.tmp"
summarize_exit=$?
if [ $summarize_exit -gt 1 ] || ! tail -n 1 "$summary.tmp" | grep -Eq '^[0-9]+ passed, [0-9]+ failed$'; then
  echo "scripts/summarize-tests.py exited $summarize_exit without a closing line" >> "$summary.tmp"
  echo "0 passed, 1 failed" >> "$summary.tmp"
fi
mv "$summary.tmp" "$summary"
echo
cat "$summary"
tail -n 1 "$summary" | grep -Eq '^[0-9]+ passed, 0 failed$'
