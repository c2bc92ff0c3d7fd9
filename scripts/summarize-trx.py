#!/usr/bin/env python3
"""Adds up the counters of every .trx file under a directory and prints 'N passed, M failed'."""
import glob, os, sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True):
    root = ET.parse(path).getroot()
    for counters in root.iter():
        if counters.tag.endswith("Counters"):
            passed += int(counters.get("passed", 0))
            failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
            skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
