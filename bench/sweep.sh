#!/usr/bin/env bash
# Measures a sweep over N repositories served by git daemon on 127.0.0.1: the first sweep (clone
# and scan everything), a second with no new commits (fetch, scan nothing), and a third after one
# push to one repository. Usage: bench/sweep.sh [REPOS] [COMMITS_PER_REPO]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
repos="${1:-40}"
commits="${2:-50}"
work="$(mktemp -d "${TMPDIR:-/tmp}/leakstop-sweep-bench.XXXXXX")"
daemon_pid=""
cleanup() { [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

echo "creating $repos repositories with $commits commits each in $work" >&2
for r in $(seq 1 "$repos"); do
  d="$work/served/acme/repo-$r"
  git init -q -b main "$d"
  for c in $(seq 1 "$commits"); do
    mkdir -p "$d/src/m$((c % 7))"
    printf 'line %s of commit %s in repo %s\n%s\n' "$c" "$c" "$r" "$(head -c 600 /dev/urandom | base64 -w 100)" > "$d/src/m$((c % 7))/f$c.txt"
    git -C "$d" add -A
    git -C "$d" -c user.name=b -c user.email=b@example.com commit -q -m "c$c"
  done
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
git daemon --export-all --reuseaddr --base-path="$work/served" --listen=127.0.0.1 --port="$port" "$work/served" &
daemon_pid=$!
sleep 0.5
for r in $(seq 1 "$repos"); do echo "git://127.0.0.1:$port/acme/repo-$r"; done > "$work/targets.txt"

run() {
  local start end code
  start=$(date +%s.%N)
  set +e
  "$here/leakstop" sweep --targets "$work/targets.txt" --cache "$work/cache" --state "$work/state.json" \
    --report-dir "$work/report" 2> "$work/last.err"
  code=$?
  set -e
  end=$(date +%s.%N)
  printf '%-34s %6.2f s  (exit %d) %s\n' "$1" "$(echo "$end - $start" | bc)" "$code" "$(tail -n 1 "$work/last.err" | sed 's/^leakstop: //')"
}

"$here/leakstop" --version >/dev/null   # build the jar, warm the class-data archive
run "first sweep (clone + full scan)"
run "second sweep (nothing new)"
d="$work/served/acme/repo-1"
echo "one more file" > "$d/new.txt"
git -C "$d" add -A && git -C "$d" -c user.name=b -c user.email=b@example.com commit -q -m new
run "third sweep (one new commit)"
