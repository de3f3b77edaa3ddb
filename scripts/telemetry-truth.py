#!/usr/bin/env python3
"""The expected detections for an access log made by scripts/make-telemetry-fixtures, computed from
who sent each request and what they sent, never from what the request looks like.

    scripts/telemetry-truth.py FILE [--window 60] [--burst-4xx 50] [--burst-5xx 20] [--summary]

Labels (see Tests/Fixtures/telemetry/README.md for the reasoning):
  sqli            User-Agent starts with "sqlmap/" and the query differs from the one sqlmap was
                  pointed at (/product?id=1, /search?q=shoes), unless every changed value is made
                  of letters and digits only: those are sqlmap's "is the parameter dynamic" probes
                  (a random number in place of the value), which cannot alter any SQL statement.
                  The unchanged baseline requests are not attacks either.
  xss             User-Agent is "xss-probe".
  path-traversal  User-Agent is "traversal-probe".
  benign          User-Agent contains "(benign-test)".
  (no User-Agent) nginx answers some malformed request lines (/static/../../../../etc/passwd) with
                  400 before it reads any header, so the log shows "-" as the User-Agent. Such a
                  line is labelled by its request target being one that the xss or traversal
                  probe of make-telemetry-fixtures sends, in either variant (the lists are read
                  from that script).
  http-4xx-burst, http-5xx-burst
                  from status and time alone: per route (the path without its query), per 60-second
                  window aligned to the epoch, the routes with at least 50 4xx (20 5xx) responses.
                  "line" is the line on which the count reached the threshold.

Some sqlmap payloads deliberately carry more than SQL: its WAF/IPS probe holds a <script> tag and
a ../../../etc/passwd, its reflection probe holds <'">. Those lines are sqli, and a detection of
xss (path-traversal) on them is neither required nor a false alarm: they are listed under
"acceptable". Lines of other senders (burst-probe, sqlmap baselines) are in no list but "other".

Prints JSON: {"sqli": [lines], "xss": [...], "path-traversal": [...], "http-4xx-burst": [{"route",
"window", "count", "line"}], "http-5xx-burst": [...], "benign": [...], "acceptable": {"xss": [...],
"path-traversal": [...]}, "senders": {class: count}, "lines": N}. Lines are 1-based.
"""
import argparse
import calendar
import json
import re
import sys
import importlib.machinery
import importlib.util
import os
import urllib.parse
from collections import Counter, defaultdict

sys.dont_write_bytecode = True   # the scripts load each other; leave no __pycache__ in scripts/
SQLMAP_START = {"/product": [("id", "1")], "/search": [("q", "shoes")]}

# host ident user [time] "request" status bytes "referer" "user-agent"
COMBINED = re.compile(
    r'^(\S+) (\S+) (\S+) \[([^\]]+)\] "([^"]*)" (\d{3}) (\S+) "([^"]*)" "([^"]*)"')
MONTHS = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                        "Nov", "Dec"], 1)}
ESCAPE = re.compile(r"\\x([0-9A-Fa-f]{2})")


def epoch(stamp):
    """10/Oct/2000:13:55:36 -0700 -> seconds since 1970 (UTC)."""
    date, zone = stamp.split(" ")
    day, mon, rest = date.split("/", 2)
    year, hh, mm, ss = rest.split(":")
    t = calendar.timegm((int(year), MONTHS[mon], int(day), int(hh), int(mm), int(ss)))
    sign = -1 if zone[0] == "-" else 1
    offset = sign * (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60)
    return t - offset


def unescape(field):
    """nginx writes '"', '\\' and bytes outside printable ASCII as \\xHH; turn them back into bytes."""
    if "\\x" not in field:
        return field
    data = bytearray()
    pos = 0
    for m in ESCAPE.finditer(field):
        data += field[pos:m.start()].encode("utf-8")
        data.append(int(m.group(1), 16))
        pos = m.end()
    data += field[pos:].encode("utf-8")
    return data.decode("utf-8", "replace")


def target_of(request):
    parts = request.split(" ")
    if len(parts) >= 3:
        return " ".join(parts[1:-1])
    if len(parts) == 2:
        return parts[1]
    return request


def probe_targets():
    """What the xss and traversal probes of scripts/make-telemetry-fixtures send, target -> rule."""
    here = os.path.dirname(os.path.realpath(__file__))
    loader = importlib.machinery.SourceFileLoader("make_telemetry_fixtures",
                                                  os.path.join(here, "make-telemetry-fixtures"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    targets = {}
    for variant in module.VARIANTS.values():
        targets.update({t: "xss" for t in module.xss_targets(variant["xss"])})
        targets.update({t: "path-traversal" for t in module.traversal_targets(variant)})
    return targets


def classify_sqlmap(path, query):
    """'attack', 'baseline' or 'inert' for a request sqlmap sent."""
    start = SQLMAP_START.get(path)
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    if start is None:
        return "attack" if query else "baseline"
    if pairs == start:
        return "baseline"
    original = dict(start)
    changed = [v for k, v in pairs if original.get(k) != v]
    if len(pairs) == len(start) and [k for k, _ in pairs] == [k for k, _ in start] \
            and all(re.fullmatch(r"[A-Za-z0-9]+", v) for v in changed):
        return "inert"
    return "attack"


def compute(path, window=60, limit4=50, limit5=20):
    truth = {"sqli": [], "xss": [], "path-traversal": [], "benign": []}
    acceptable = {"xss": [], "path-traversal": []}
    senders = Counter()
    counts = {4: defaultdict(int), 5: defaultdict(int)}
    reached = {4: {}, 5: {}}
    unparsed = []
    probes = None
    n = 0
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            m = COMBINED.match(line)
            if not m:
                unparsed.append(n)
                continue
            stamp, request, status, agent = m.group(4), m.group(5), int(m.group(6)), m.group(9)
            t = epoch(stamp)
            target = unescape(target_of(request))
            route, _, query = target.partition("?")
            route = route.split("#", 1)[0]

            if agent.startswith("sqlmap/"):
                kind = classify_sqlmap(route, query)
                senders["sqlmap " + kind] += 1
                if kind == "attack":
                    truth["sqli"].append(n)
                    values = " ".join(v for _, v in urllib.parse.parse_qsl(query, keep_blank_values=True))
                    if "<" in values:
                        acceptable["xss"].append(n)
                    if "../" in values or "..\\" in values:
                        acceptable["path-traversal"].append(n)
            elif agent == "xss-probe":
                senders["xss-probe"] += 1
                truth["xss"].append(n)
            elif agent == "traversal-probe":
                senders["traversal-probe"] += 1
                truth["path-traversal"].append(n)
            elif "(benign-test)" in agent:
                senders["benign"] += 1
                truth["benign"].append(n)
            elif agent == "-":
                probes = probe_targets() if probes is None else probes
                rule = probes.get(target)
                senders[(rule or "unknown") + " (no User-Agent)"] += 1
                if rule:
                    truth[rule].append(n)
            else:
                senders[agent or "-"] += 1

            klass = status // 100
            if klass in counts:
                key = (route, t - t % window)
                counts[klass][key] += 1
                limit = limit4 if klass == 4 else limit5
                if counts[klass][key] == limit:
                    reached[klass][key] = n

    out = dict(truth)
    for klass, rule in ((4, "http-4xx-burst"), (5, "http-5xx-burst")):
        out[rule] = [{"route": route, "window": start, "count": counts[klass][(route, start)], "line": line}
                     for (route, start), line in sorted(reached[klass].items(), key=lambda kv: kv[1])]
    out["acceptable"] = acceptable
    out["senders"] = dict(sorted(senders.items()))
    out["unparsed"] = unparsed
    out["lines"] = n
    return out


def main():
    ap = argparse.ArgumentParser(description="Expected detections for a labelled access log.")
    ap.add_argument("file")
    ap.add_argument("--window", type=int, default=60)
    ap.add_argument("--burst-4xx", type=int, default=50)
    ap.add_argument("--burst-5xx", type=int, default=20)
    ap.add_argument("--summary", action="store_true", help="counts instead of line lists")
    args = ap.parse_args()
    truth = compute(args.file, args.window, args.burst_4xx, args.burst_5xx)
    if args.summary:
        summary = {k: (len(v) if isinstance(v, list) and k not in ("http-4xx-burst", "http-5xx-burst") else v)
                   for k, v in truth.items()}
        summary["acceptable"] = {k: len(v) for k, v in truth["acceptable"].items()}
        json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
    else:
        json.dump(truth, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
