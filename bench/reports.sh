#!/usr/bin/env bash
# Report rendering: JMH, 10,000 history findings (half of them in a baseline) in every format, one
# core; prints ms per 10,000 findings and each format's cost relative to JSON.
# Usage: bench/reports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mvn -B -q -Dmaven.test.skip=true package -pl scanner-bench -am >/dev/null
java -jar scanner-bench/target/benchmarks.jar ReportBenchmark -rf json -rff "$work/jmh.json" \
  -jvmArgs "-XX:ActiveProcessorCount=1" >/dev/null
python3 - "$work/jmh.json" <<'PY'
import json, sys
rows = {r["params"]["format"]: (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"]) for r in json.load(open(sys.argv[1]))}
base = rows["json"][0]
for fmt, (ms, err) in sorted(rows.items(), key=lambda kv: kv[1][0]):
    print(f"{fmt:9s} {ms:8.1f} ms ± {err:5.1f} per 10,000 findings   {ms / base:5.2f}x json")
PY
