#!/usr/bin/env bash
# Detector throughput: JMH over generated source-like text with the full default rule set, one
# core, beside `LC_ALL=C grep -c -F -i -f <all rule keywords>` over the very same bytes.
# Usage: bench/detector.sh [SIZE_MB]   (default 16)
set -euo pipefail
cd "$(dirname "$0")/.."
size="${1:-16}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mvn -B -q -Dmaven.test.skip=true package -pl scanner-bench -am >/dev/null
bench_jar=scanner-bench/target/benchmarks.jar

java -cp "$bench_jar" io.leakstop.bench.Corpus "$work/corpus.txt" "$size"
java -cp "$bench_jar" io.leakstop.bench.Keywords > "$work/keywords.txt"
echo "corpus: $(wc -c < "$work/corpus.txt") bytes, $(wc -l < "$work/keywords.txt") distinct keywords"

# grep: best of 5 runs, one core.
best=$(python3 - "$work" <<'PY'
import subprocess, sys, time
work = sys.argv[1]
cmd = ["taskset", "-c", "0", "grep", "-c", "-F", "-i", "-f", work + "/keywords.txt", work + "/corpus.txt"]
times = []
for _ in range(5):
    start = time.perf_counter()
    # Output goes to a pipe: GNU grep stops at the first match when it writes to /dev/null.
    subprocess.run(cmd, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}, capture_output=True, check=True)
    times.append(time.perf_counter() - start)
print(min(times))
PY
)
grep_mbs=$(echo "$size * 1.048576 / $best" | bc -l)

java -jar "$bench_jar" DetectorBenchmark -p megabytes="$size" -rf json -rff "$work/jmh.json" -jvmArgs "-XX:ActiveProcessorCount=1" >/dev/null
ms=$(python3 -c "import json;print(json.load(open('$work/jmh.json'))[0]['primaryMetric']['score'])")
err=$(python3 -c "import json;print(json.load(open('$work/jmh.json'))[0]['primaryMetric']['scoreError'])")
det_mbs=$(echo "$size * 1.048576 / ($ms / 1000)" | bc -l)

printf 'detector: %.1f MB/s per core (%.1f ms ± %.1f per %d MiB)\n' "$det_mbs" "$ms" "$err" "$size"
printf 'grep -F -i -f keywords: %.1f MB/s (best of 5)\n' "$grep_mbs"
printf 'ratio detector/grep: %.2f\n' "$(echo "$det_mbs / $grep_mbs" | bc -l)"
