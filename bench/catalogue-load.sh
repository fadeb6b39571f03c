#!/usr/bin/env bash
# Start-up cost of the built-in rule catalogue: times RuleSet.builtin() in fresh JVMs started the
# way the launcher starts a pre-commit scan (quick compiler, serial GC), N runs (default 5).
# Usage: bench/catalogue-load.sh [runs]   (builds the jar first if it is missing)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
"$here/leakstop" --version >/dev/null  # builds the jar and its class-data archive if needed
jar="$(echo "$here"/scanner-cli/target/leakstop-[0-9]*.jar)"
work="$(mktemp -d "${TMPDIR:-/tmp}/leakstop-catalogue.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cat >"$work/LoadCatalogue.java" <<'JAVA'
public class LoadCatalogue {
  public static void main(String[] args) {
    long start = System.nanoTime();
    int rules = io.leakstop.rules.RuleSet.builtin().size();
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println(ms + " ms, " + rules + " rules");
  }
}
JAVA
javac -d "$work" -cp "$jar" "$work/LoadCatalogue.java"
opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)
# With the launcher's class-data-sharing archive (trained by its first run), as ./leakstop runs.
if [ "$jar.jsa" -nt "$jar" ]; then
  opts+=(-XX:SharedArchiveFile="$jar.jsa" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  echo "with the launcher's CDS archive" >&2
else
  echo "without an application CDS archive (run ./leakstop once to train it)" >&2
fi
for _ in $(seq "$runs"); do
  /usr/bin/time -f "  process wall %e s" java "${opts[@]}" -cp "$jar:$work" LoadCatalogue
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
