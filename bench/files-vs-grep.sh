#!/usr/bin/env bash
# `leakstop scan --files PATH` (whole process, default rules) against the floor for a keyword
# prefilter, `LC_ALL=C grep -c -F -i -f <every rule keyword>` over the same files, on the same
# cores: one core each (grep, leakstop --threads 1), then all cores each (grep on `xargs -P`,
# leakstop's default). Best of N alternating rounds (default 3).
#
#   bench/files-vs-grep.sh PATH [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ] || [ ! -d "$1" ]; then echo "usage: $0 PATH [RUNS]" >&2; exit 2; fi
tree="$1" runs="${2:-3}" cores="$(nproc)"
work="$(mktemp -d "${TMPDIR:-/tmp}/leakstop-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$here/leakstop" --version >/dev/null  # builds the jar if needed
version="$(sed -n 's:^  <version>\([^<]*\)</version>.*:\1:p' "$here/pom.xml" | head -n1)"  # as ./leakstop does
jar="$here/scanner-cli/target/leakstop-$version.jar"
java -cp "$jar" "$here/scanner-bench/src/main/java/io/leakstop/bench/Keywords.java" >"$work/keywords"
find "$tree" -type f -not -path '*/.git/*' -print0 >"$work/files"
echo "$tree: $(tr -cd '\0' <"$work/files" | wc -c) files, $(xargs -0 cat <"$work/files" | wc -c | awk '{ printf "%.0f MB", $1 / 1e6 }'); $(wc -l <"$work/keywords") keywords; $cores cores" >&2

timed() {  # NAME CMD...: keeps the fastest "wall cpu" of NAME
  local name="$1" line best
  shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null 2>&1 || true
  line="$(tail -n1 "$work/time" | awk '{ printf "%.2f %.2f", $1, $2 + $3 }')"
  best="$(cat "$work/$name" 2>/dev/null || true)"
  if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[1] < y[1]) }'; then
    echo "$line" >"$work/$name"
  fi
}
for _ in $(seq "$runs"); do
  timed grep1 sh -c "xargs -0 env LC_ALL=C grep -c -F -i -f '$work/keywords' <'$work/files'"
  timed leakstop1 "$here/leakstop" scan --files "$tree" --threads 1 --format json -o "$work/r1.json"
  timed grepN sh -c "xargs -0 -P $cores -n 500 env LC_ALL=C grep -c -F -i -f '$work/keywords' <'$work/files'"
  timed leakstopN "$here/leakstop" scan --files "$tree" --format json -o "$work/rN.json"
done
printf '%-40s %8s %8s %10s %10s\n' "best of $runs alternating rounds" "wall s" "cpu s" "wall÷grep" "cpu÷grep"
row() {  # LABEL NAME REFERENCE
  awk -v label="$1" -v a="$(cat "$work/$2")" -v b="$(cat "$work/$3")" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "%-40s %8.2f %8.2f %9.2fx %9.2fx\n", label, x[1], x[2], x[1] / y[1], x[2] / y[2] }'
}
row "grep -c -F -i -f keywords, 1 process" grep1 grep1
row "leakstop scan --files --threads 1" leakstop1 grep1
row "grep, xargs -P $cores" grepN grepN
row "leakstop scan --files ($cores threads)" leakstopN grepN
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $cores cores (wall times inflate with load)"
