#!/usr/bin/env python3
"""Writes a synthetic SARIF 2.1.0 log for scripts/bench: COUNT results spread over FILES
files of LINES lines (src/moduleN.py), from 20 rules. With DROP and ADD (percent), the first
DROP% of results are left out and ADD% new ones added, as a later scan would.

usage: bench-sarif.py OUT COUNT FILES LINES [DROP ADD]
"""
import json
import sys

out, count, files, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
drop = float(sys.argv[5]) if len(sys.argv) > 5 else 0
add = float(sys.argv[6]) if len(sys.argv) > 6 else 0
rules = [{"id": f"bench.rule-{r}", "shortDescription": {"text": f"Benchmark rule {r}"},
          "properties": {"tags": ["security", f"external/cwe/cwe-{79 + r}"], "security-severity": str(1.0 + (r % 9))}}
         for r in range(20)]
results = []
for i in range(count):
    f, line = i % files, (i // files) % lines + 1
    r = i % 20
    results.append({"ruleId": f"bench.rule-{r}", "ruleIndex": r, "level": "warning",
                    "message": {"text": f"Benchmark result {i} of rule {r}."},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": f"src/module{f}.py"},
                                                         "region": {"startLine": line}}}]})
n_drop, n_add = int(count * drop / 100), int(count * add / 100)
if n_drop:
    results = results[n_drop:]
for j in range(n_add):
    i = count + j
    f, line = i % files, (i * 7) % lines + 1
    results.append({"ruleId": "bench.rule-new", "level": "error", "message": {"text": f"New result {j}."},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": f"src/module{f}.py"}, "region": {"startLine": line}}}]})
log = {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
       "runs": [{"tool": {"driver": {"name": "benchscan", "version": "1.0", "rules": rules}}, "results": results}]}
json.dump(log, open(out, "w"))
