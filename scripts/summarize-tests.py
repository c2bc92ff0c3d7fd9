#!/usr/bin/env python3
"""Adds up what scripts/run-tests.sh recorded and prints the closing line 'N passed, M failed'.

Usage: summarize-tests.py RESULTS_DIR

RESULTS_DIR holds one directory per suite, each with a 'status' file of key=value lines written by
the runner (name, kind, filtered, then build_exit, test_exit and seconds as they happen), plus
'result.trx' for a test project or 'output.log' for a script suite. A test counts as passed only
when a complete result file says so. Anything that should have happened and did not counts as one
failure of its suite, with the reason on the suite's lines: a project that did not build, a run
that never started or never finished, a test host that crashed or was killed as hung, a missing or
truncated .trx, a run with no tests, a non-zero exit with no failed test to explain it.

The lines before the last say per suite what happened; the skipped count has its own line; the
last line is exactly 'N passed, M failed'. Exit status: 0 when nothing failed, else 1.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

CLOSING_LINE = re.compile(r"^(\d+) passed, (\d+) failed$")
# Outcomes of a trx UnitTestResult. Warning is NUnit's Assert.Warn: the test ran to the end.
PASSED_OUTCOMES = {"Passed", "PassedButRunAborted", "Warning"}
# Ignored (Assert.Ignore, [Ignore]) and inconclusive (Assume) tests did not run to a verdict.
SKIPPED_OUTCOMES = {"NotExecuted", "Inconclusive"}
# Every other outcome (Failed, Error, Timeout, Aborted, NotRunnable, Disconnected, or one this
# script does not know) is a failure.
MAX_NAMED_FAILURES = 25


class Suite:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed_tests = []
        self.unnamed_failures = 0
        self.skipped = 0
        self.problems = []
        self.seconds = None

    @property
    def failed(self):
        return len(self.failed_tests) + self.unnamed_failures + len(self.problems)

    def lines(self):
        took = f" ({self.seconds} s)" if self.seconds is not None else ""
        yield f"{self.name}: {self.passed} passed, {self.failed} failed, {self.skipped} skipped{took}"
        for test in self.failed_tests[:MAX_NAMED_FAILURES]:
            yield f"  failed: {test}"
        if len(self.failed_tests) > MAX_NAMED_FAILURES:
            yield f"  ... and {len(self.failed_tests) - MAX_NAMED_FAILURES} more failed tests"
        if self.unnamed_failures:
            yield f"  failed: {self.unnamed_failures} more, not named (see the suite's output)"
        for problem in self.problems:
            yield f"  counted as 1 failed: {problem}"


def local(tag):
    """The element name without its XML namespace."""
    return tag.rsplit("}", 1)[-1]


def children(element, name):
    return [child for child in element if local(child.tag) == name]


def read_status(path):
    status = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                status[key] = value
    return status


def read_trx(suite, path, filtered):
    """Adds the results of one .trx to the suite; returns False when the file is not a complete run record."""
    try:
        run = ET.parse(path).getroot()
    except ET.ParseError as e:
        suite.problems.append(f"result file {os.path.basename(path)} is incomplete ({e})")
        return False
    summaries = children(run, "ResultSummary")
    counters = children(summaries[0], "Counters") if summaries else []
    if local(run.tag) != "TestRun" or not counters:
        suite.problems.append(f"result file {os.path.basename(path)} has no result summary")
        return False

    classes = {}
    for definitions in children(run, "TestDefinitions"):
        for test in children(definitions, "UnitTest"):
            for method in children(test, "TestMethod"):
                classes[test.get("id")] = method.get("className", "")
    results = [r for block in children(run, "Results") for r in children(block, "UnitTestResult")]
    for result in results:
        outcome = result.get("outcome", "")
        if outcome in PASSED_OUTCOMES:
            suite.passed += 1
        elif outcome in SKIPPED_OUTCOMES:
            suite.skipped += 1
        else:
            cls = classes.get(result.get("testId"), "")
            name = f"{cls}.{result.get('testName', '?')}" if cls else result.get("testName", "?")
            suite.failed_tests.append(name if outcome == "Failed" else f"{name} ({outcome or 'no outcome'})")

    total = int(counters[0].get("total", "0") or 0)
    if total != len(results):
        suite.problems.append(f"result file counts {total} tests but lists {len(results)}")
    # RunInfos of outcome Error are what the test platform and the adapter logged as errors. A
    # crashed test host, or one killed as hung by --blame-hang, is reported as an aborted run: one
    # failure besides the tests it finished. Any other error (NUnit logs a failed one-time set-up
    # here too) is already counted through its failed tests; only if no test failed does it count
    # on its own. Warnings (e.g. no test matched a filter) are not failures.
    errors = []
    for info in (i for s in summaries for block in children(s, "RunInfos") for i in children(block, "RunInfo")):
        if info.get("outcome") == "Error":
            texts = children(info, "Text")
            text = (texts[0].text or "").strip() if texts else ""
            errors.append(text.splitlines()[0] if text else "(no reason given)")
    aborts = [e for e in errors if "test run was aborted" in e.lower() or "test host process crashed" in e.lower()]
    for abort in aborts:
        suite.problems.append("test run aborted: " + abort)
    if errors and not aborts and suite.failed == 0:
        suite.problems.append("the test run reported an error: " + errors[0])
    if not results and not filtered and not suite.problems:
        suite.problems.append("no tests were found")
    return True


def summarize_dotnet(suite, status, directory):
    if "build_exit" not in status:
        suite.problems.append("never started (the runner stopped before building it)")
        return
    if status["build_exit"] != "0":
        suite.problems.append(f"did not build (dotnet build exited {status['build_exit']})")
        return
    test_exit = status.get("test_exit")
    if test_exit is None:
        suite.problems.append("its test run never finished (the runner stopped during it)")
    trx = os.path.join(directory, "result.trx")
    if not os.path.isfile(trx):
        exited = f"dotnet test exited {test_exit}" if test_exit is not None else "dotnet test did not finish"
        suite.problems.append(f"no result file ({exited})")
        return
    complete = read_trx(suite, trx, status.get("filtered") == "1")
    if complete and test_exit not in (None, "0") and suite.failed == 0:
        suite.problems.append(f"dotnet test exited {test_exit} although no test failed")


def summarize_script(suite, status, directory):
    test_exit = status.get("test_exit")
    if test_exit is None:
        suite.problems.append("never ran to its end (the runner stopped before or during it)")
    closing = None
    named = []
    log = os.path.join(directory, "output.log")
    if os.path.isfile(log):
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if line.startswith("not ok"):
                    named.append(line)
                match = CLOSING_LINE.match(line)
                if match:
                    closing = match
    if closing is None:
        if test_exit is not None:
            suite.problems.append(f"printed no 'N passed, M failed' line (exited {test_exit})")
        return
    suite.passed += int(closing.group(1))
    # A script names a failed check on a line of its own that starts with "not ok" (as TAP does).
    failed = int(closing.group(2))
    suite.failed_tests.extend(named[:failed])
    suite.unnamed_failures = max(0, failed - len(named))
    if test_exit not in (None, "0") and suite.failed == 0:
        suite.problems.append(f"exited {test_exit} although it reported no failure")


def main():
    if len(sys.argv) != 2:
        print("usage: summarize-tests.py RESULTS_DIR", file=sys.stderr)
        return 2
    results = sys.argv[1]
    directories = sorted(
        os.path.join(results, d) for d in (os.listdir(results) if os.path.isdir(results) else [])
        if os.path.isfile(os.path.join(results, d, "status")))

    suites = []
    for directory in directories:
        status = read_status(os.path.join(directory, "status"))
        suite = Suite(status.get("name", os.path.basename(directory)))
        if status.get("seconds", "").isdigit():
            suite.seconds = int(status["seconds"])
        if status.get("kind") == "script":
            summarize_script(suite, status, directory)
        else:
            summarize_dotnet(suite, status, directory)
        suites.append(suite)

    if not suites:
        print(f"no test suite left a record in {results}")
        print("0 passed, 1 failed")
        return 1
    for suite in suites:
        for line in suite.lines():
            print(line)
    passed = sum(s.passed for s in suites)
    failed = sum(s.failed for s in suites)
    print(f"skipped: {sum(s.skipped for s in suites)}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
