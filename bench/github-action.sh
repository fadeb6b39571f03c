#!/usr/bin/env bash
# `leakstop github-action` on a generated repository: a push of one commit (before..after) against
# a scheduled full-history run, whole process, best of three; prints both and their ratio. What a
# push scans grows with the push, not with the repository.
#   bench/github-action.sh [COMMITS] [MB]     (default 3000 commits, ~60 MB of unique blobs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
commits="${1:-3000}"
mb="${2:-60}"
work="$(mktemp -d "${TMPDIR:-/tmp}/leakstop-action-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$here/leakstop" --version >/dev/null
git init -q --bare "$work/origin.git"
python3 "$here/bench/synth_repo.py" "$commits" "$mb" 42 2>/dev/null | git -C "$work/origin.git" fast-import --quiet
git -C "$work/origin.git" repack -adq
git -C "$work/origin.git" symbolic-ref HEAD refs/heads/main
git clone -q "file://$work/origin.git" "$work/ws"
branch="$(git -C "$work/ws" rev-parse --abbrev-ref HEAD)"
after="$(git -C "$work/ws" rev-parse HEAD)"
before="$(git -C "$work/ws" rev-parse HEAD~1)"
printf '{"ref":"refs/heads/%s","before":"%s","after":"%s","commits":[{}],"repository":{"default_branch":"%s"}}\n' \
  "$branch" "$before" "$after" "$branch" > "$work/push.json"
echo '{}' > "$work/schedule.json"

best() {  # best wall seconds of three runs of: leakstop github-action, with GITHUB_EVENT_NAME=$1
  local event="$1" file="$2" best="" t
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    GITHUB_EVENT_NAME="$event" GITHUB_EVENT_PATH="$file" GITHUB_WORKSPACE="$work/ws" \
      GITHUB_OUTPUT="$work/out" GITHUB_STEP_SUMMARY="$work/summary" \
      "$here/leakstop" github-action --sarif-file "$work/leaks.sarif" --fail-on any >/dev/null 2>"$work/err" || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  grep -q '^leakstop: scanning ' "$work/err" || { cat "$work/err" >&2; exit 3; }
  echo "$best"
}
push=$(best push "$work/push.json")
full=$(best schedule "$work/schedule.json")
echo "repository: $commits commits, $(git -C "$work/ws" count-objects -vH | awk '/size-pack/ {print $2 $3}') packed"
printf 'push of 1 commit:      %.2f s\n' "$push"
printf 'full history (cron):   %.2f s\n' "$full"
printf 'ratio push/full:       %.2f\n' "$(echo "$push / $full" | bc -l)"
