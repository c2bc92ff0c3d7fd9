#!/usr/bin/env bash
# Checks that the test runner can fail when it should: scripts/summarize-tests.py on crafted
# records (a project that did not build, a missing or truncated .trx, a crashed test host, ...),
# scripts/run-tests.sh on two throwaway projects in scripts/tests/fixtures (one does not compile,
# one kills its test host with Environment.FailFast), and .ci/run with a stand-in for make test
# (an old summary is never shown as this run's). Prints "ok"/"not ok" per check, then
# "N passed, M failed"; exits 1 when a check failed. Run by scripts/run-tests.sh (make test).
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/nutsharp-runner-tests.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
number=0

# ---------------------------------------------------------------- checking

# begin DESCRIPTION; then run something that sets $out and $code; expect_*; finish.
begin() { description=$1; problems=(); }
expect_exit() { [ "$code" -eq "$1" ] || problems+=("exit status $code, expected $1"); }
expect_failure_exit() { [ "$code" -ne 0 ] || problems+=("exit status 0, expected a failure"); }
expect_last() {
  local last; last=$(tail -n 1 <<<"$out")
  [[ "$last" =~ ^$1$ ]] || problems+=("last line '$last', expected /^$1\$/")
}
expect_line() { grep -Eq -- "$1" <<<"$out" || problems+=("no line matches /$1/"); }
expect_no_line() { ! grep -Eq -- "$1" <<<"$out" || problems+=("a line matches /$1/"); }
finish() {
  number=$((number + 1))
  if [ ${#problems[@]} -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok $number - $description"
  else
    failed=$((failed + 1))
    echo "not ok $number - $description"
    printf '    %s\n' "${problems[@]}"
    echo "    --- output ---"
    sed 's/^/    | /' <<<"$out"
  fi
}

# ---------------------------------------------------------------- crafted records

# A suite directory as run-tests.sh leaves it: suite DIR key=value...
suite() {
  local dir=$1; shift
  mkdir -p "$dir"
  printf '%s\n' "$@" > "$dir/status"
}

# A .trx as the test platform writes it: trx PASSED FAILED SKIPPED [ABORT-REASON]
trx() {
  local passed=$1 failed=$2 skipped=$3 reason=${4:-} definitions="" results="" infos="" i
  add() {
    definitions+="<UnitTest name=\"$2\" id=\"$1\"><TestMethod className=\"Fixture.Cases\" name=\"$2\" /></UnitTest>"
    results+="<UnitTestResult testId=\"$1\" testName=\"$2\" outcome=\"$3\" />"
  }
  for ((i = 0; i < passed; i++)); do add "p$i" "Passes_$i" Passed; done
  for ((i = 0; i < failed; i++)); do add "f$i" "Fails_$i" Failed; done
  for ((i = 0; i < skipped; i++)); do add "s$i" "Is_ignored_$i" NotExecuted; done
  [ -n "$reason" ] && infos="<RunInfos><RunInfo computerName=\"vm\" outcome=\"Error\"><Text>$reason</Text></RunInfo></RunInfos>"
  cat <<EOF
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="crafted" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <TestDefinitions>$definitions</TestDefinitions>
  <Results>$results</Results>
  <ResultSummary outcome="Completed">
    <Counters total="$((passed + failed + skipped))" executed="$((passed + failed))" passed="$passed" failed="$failed" notExecuted="$skipped" />
    $infos
  </ResultSummary>
</TestRun>
EOF
}

summarize() {
  out=$(python3 scripts/summarize-tests.py "$1" 2>&1)
  code=$?
}

fresh() { rm -rf "$work/results"; mkdir -p "$work/results"; echo "$work/results"; }
built=(kind=dotnet filtered=0 build_exit=0)

begin "a complete result file: passes and skips counted, the failed test named"
r=$(fresh); suite "$r/01-a" name=tests/A "${built[@]}" test_exit=1 seconds=7
trx 3 1 2 > "$r/01-a/result.trx"
summarize "$r"
expect_line '^tests/A: 3 passed, 1 failed, 2 skipped \(7 s\)$'
expect_line '^  failed: Fixture\.Cases\.Fails_0$'
expect_line '^skipped: 2$'
expect_last '3 passed, 1 failed'
expect_exit 1
finish

begin "all passing: 0 failed and exit status 0"
r=$(fresh); suite "$r/01-a" name=tests/A "${built[@]}" test_exit=0
trx 3 0 0 > "$r/01-a/result.trx"
summarize "$r"
expect_last '3 passed, 0 failed'
expect_exit 0
finish

begin "a project that did not build counts as a failure"
r=$(fresh); suite "$r/01-a" name=tests/A kind=dotnet filtered=0 build_exit=1
suite "$r/02-b" name=tests/B "${built[@]}" test_exit=0
trx 3 0 0 > "$r/02-b/result.trx"
summarize "$r"
expect_line '^tests/A: 0 passed, 1 failed'
expect_line 'counted as 1 failed: did not build \(dotnet build exited 1\)'
expect_last '3 passed, 1 failed'
expect_exit 1
finish

begin "a missing result file counts as a failure"
r=$(fresh); suite "$r/01-a" name=tests/A "${built[@]}" test_exit=0
summarize "$r"
expect_line 'counted as 1 failed: no result file \(dotnet test exited 0\)'
expect_last '0 passed, 1 failed'
finish

begin "a truncated result file counts as a failure"
r=$(fresh); suite "$r/01-a" name=tests/A "${built[@]}" test_exit=0
trx 3 0 0 | head -c 400 > "$r/01-a/result.trx"
summarize "$r"
expect_line 'counted as 1 failed: result file result\.trx is incomplete'
expect_last '0 passed, 1 failed'
finish

begin "a test host that crashed counts as a failure besides the tests it finished"
r=$(fresh); suite "$r/01-a" name=tests/A "${built[@]}" test_exit=1
trx 2 0 0 "The active test run was aborted. Reason: Test host process crashed : Process terminated." > "$r/01-a/result.trx"
summarize "$r"
expect_line 'counted as 1 failed: test run aborted: .*Test host process crashed'
expect_last '2 passed, 1 failed'
finish

begin "an error logged for failed tests (a one-time set-up) is not counted twice; alone it counts once"
r=$(fresh); suite "$r/01-a" name=tests/A "${built[@]}" test_exit=1
trx 1 2 0 "Setup failed for test fixture Fixture.Cases" > "$r/01-a/result.trx"
suite "$r/02-b" name=tests/B "${built[@]}" test_exit=0
trx 1 0 0 "An exception occurred while invoking executor" > "$r/02-b/result.trx"
summarize "$r"
expect_line '^tests/A: 1 passed, 2 failed, 0 skipped$'
expect_line 'counted as 1 failed: the test run reported an error: An exception occurred while invoking executor'
expect_last '2 passed, 3 failed'
finish

begin "dotnet test failing with no failed test to show counts as a failure"
r=$(fresh); suite "$r/01-a" name=tests/A "${built[@]}" test_exit=134
trx 2 0 0 > "$r/01-a/result.trx"
summarize "$r"
expect_line 'counted as 1 failed: dotnet test exited 134 although no test failed'
expect_last '2 passed, 1 failed'
finish

begin "a project with no tests at all counts as a failure (unless a filter was given)"
r=$(fresh); suite "$r/01-a" name=tests/A "${built[@]}" test_exit=0
suite "$r/02-b" name=tests/B kind=dotnet filtered=1 build_exit=0 test_exit=0
trx 0 0 0 > "$r/01-a/result.trx"
trx 0 0 0 > "$r/02-b/result.trx"
summarize "$r"
expect_line 'counted as 1 failed: no tests were found'
expect_line '^tests/B: 0 passed, 0 failed, 0 skipped$'
expect_last '0 passed, 1 failed'
finish

begin "a suite that never started, or never finished, counts as a failure"
r=$(fresh); suite "$r/01-a" name=tests/A kind=dotnet filtered=0
suite "$r/02-b" name=tests/B "${built[@]}"
trx 1 0 0 | head -c 300 > "$r/02-b/result.trx"
summarize "$r"
expect_line 'tests/A: .*' ; expect_line 'counted as 1 failed: never started'
expect_line 'counted as 1 failed: its test run never finished'
expect_last '0 passed, 3 failed'
finish

begin "no record at all is 0 passed, 1 failed"
r=$(fresh)
summarize "$r"
expect_line '^no test suite left a record'
expect_last '0 passed, 1 failed'
expect_exit 1
finish

begin "a script suite: its closing line counted, its 'not ok' lines named"
r=$(fresh); suite "$r/01-s" name=scripts/s.sh kind=script filtered=0 test_exit=1
printf 'ok 1 - a\nnot ok 2 - b went wrong\nok 3 - c\n2 passed, 1 failed\n' > "$r/01-s/output.log"
suite "$r/02-t" name=scripts/t.sh kind=script filtered=0 test_exit=0
printf 'ok 1 - a\n' > "$r/02-t/output.log"
summarize "$r"
expect_line '^  failed: not ok 2 - b went wrong$'
expect_line "scripts/t.sh: .*" ; expect_line "counted as 1 failed: printed no 'N passed, M failed' line"
expect_last '2 passed, 2 failed'
finish

# ---------------------------------------------------------------- the runner, end to end

begin "run-tests.sh: an unbuildable project and a crashing test host fail the run; an old summary is gone"
artifacts=$work/artifacts
mkdir -p "$artifacts/test-results/01-old"
echo "999 passed, 0 failed" > "$artifacts/test-summary.txt"
suite "$artifacts/test-results/01-old" name=tests/Old "${built[@]}" test_exit=0
trx 999 0 0 > "$artifacts/test-results/01-old/result.trx"
NUTSHARP_TEST_ARTIFACTS=$artifacts \
NUTSHARP_TEST_SUITES="scripts/tests/fixtures/UnbuildableTests scripts/tests/fixtures/CrashingTests" \
  scripts/run-tests.sh > "$work/runner.log" 2>&1
code=$?
out=$(cat "$artifacts/test-summary.txt" 2>&1)
expect_failure_exit
expect_line '^scripts/tests/fixtures/UnbuildableTests: 0 passed, 1 failed'
expect_line 'counted as 1 failed: did not build'
expect_line '^scripts/tests/fixtures/CrashingTests: '
expect_line 'counted as 1 failed: test run aborted: .*Test host process crashed'
expect_no_line '999|tests/Old'
# The test that passed before the crash may or may not have been reported by then.
expect_last '[01] passed, 2 failed'
[ "$(tail -n 1 "$work/runner.log")" = "$(tail -n 1 <<<"$out")" ] || problems+=("the runner's last line is not the summary's")
[ ${#problems[@]} -eq 0 ] || out+=$'\n--- runner output (end) ---\n'$(tail -n 30 "$work/runner.log")
finish

# ---------------------------------------------------------------- .ci/run

# .ci/run in a copy of the repository's layout whose `make test` is stub.sh.
ci() {
  local dir=$work/ci
  rm -rf "$dir"; mkdir -p "$dir/.ci" "$dir/artifacts"
  cp .ci/run "$dir/.ci/run"
  printf 'test:\n\t@bash stub.sh\n' > "$dir/Makefile"
  printf '%s\n' "$1" > "$dir/stub.sh"
  echo "999 passed, 0 failed" > "$dir/artifacts/test-summary.txt"
  out=$(bash "$dir/.ci/run" 2>&1)
  code=$?
}

begin ".ci/run: make test stopping before the tests prints a reason and 0 passed, 1 failed, never an old summary"
ci 'echo "build broke" >&2; exit 2'
expect_line 'make test exited 2 without writing artifacts/test-summary.txt'
expect_no_line '999 passed'
expect_last '0 passed, 1 failed'
expect_failure_exit
finish

begin ".ci/run: the summary this run wrote is printed, its last line last"
ci 'printf "tests/A: 5 passed, 0 failed, 1 skipped\nskipped: 1\n5 passed, 0 failed\n" > artifacts/test-summary.txt'
expect_line '^skipped: 1$'
expect_last '5 passed, 0 failed'
expect_exit 0
finish

begin ".ci/run: a summary that counts failures fails the job even if make said 0"
ci 'printf "5 passed, 2 failed\n" > artifacts/test-summary.txt'
expect_last '5 passed, 2 failed'
expect_failure_exit
finish

begin ".ci/run: a summary without its closing line is 0 passed, 1 failed"
ci 'printf "tests/A: 5 passed, 0 failed, 0 skipped\n" > artifacts/test-summary.txt'
expect_line 'does not end with an .N passed, M failed. line'
expect_last '0 passed, 1 failed'
expect_failure_exit
finish

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
