#!/usr/bin/env bash
# Where a full-history scan's CPU goes: records `leakstop scan REPO --no-worktree` with JFR (Java and
# native samples every 2 ms, stacks 256 deep), then again with `--max-file-size 1` (no blob is
# matched: what is left is the walk), and prints each breakdown (bench/jfr_breakdown.py) as Markdown.
#
#   bench/profile-history.sh REPO [OUT_DIR]    (recordings are kept in OUT_DIR, default a temporary one)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ] || [ ! -d "$1" ]; then echo "usage: $0 REPO [OUT_DIR]" >&2; exit 2; fi
repo="$1"
out="${2:-$(mktemp -d "${TMPDIR:-/tmp}/leakstop-profile.XXXXXX")}"
mkdir -p "$out"
name="$(basename "$repo" .git)"
"$here/leakstop" --version >/dev/null  # builds the jar first, outside the recording
for variant in full walk; do
  extra=()
  [ "$variant" = walk ] && extra=(--max-file-size 1)
  rec="$out/$name.$variant.jfr"
  LEAKSTOP_JAVA_OPTS="-XX:StartFlightRecording=filename=$rec,settings=profile,jdk.ExecutionSample#period=2ms,jdk.NativeMethodSample#period=2ms -XX:FlightRecorderOptions:stackdepth=256" \
    /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB peak RSS" \
    "$here/leakstop" scan "$repo" --no-worktree "${extra[@]}" --format json -o "$out/$name.$variant.json" 2>"$out/$name.$variant.err" || true
  echo "### $name: scan --no-worktree ${extra[*]}"
  echo
  grep -v '^\[' "$out/$name.$variant.err" | tail -n 2 | tr '\n' ' '
  echo
  echo
  python3 "$here/bench/jfr_breakdown.py" "$rec" 20
  echo
done
echo "recordings in $out; load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores" >&2
