#!/usr/bin/env bash
# Benchmarks leakstop on git history against git's own floor, and the pre-commit path.
#
#   bench/git-history.sh              # ~3,000 commits, ~80 MB of unique blob content, big files
#   bench/git-history.sh --big        # ~2 GiB of unique blob content: peak RSS must stay under 1 GiB
#   bench/git-history.sh --real       # the shape of real history (bench/real_history.py): 20,000
#                                     # commits, 3,000 small files in nested folders, small edits,
#                                     # merges, tags, renames (--commits N to change the size)
#   bench/git-history.sh --repo PATH  # measure any local repository (bare or with a working tree);
#                                     # if PATH does not exist, the generated repository is kept there
#   --runs N        rounds (default 3; 1 with --big), each running every command once, in turn
#   --walk-only     also time `scan --max-file-size 1`: no blob is matched, what is left is the walk
#
# Prints, side by side: `git cat-file --batch-all-objects --batch --unordered` (git inflating every
# object once, in pack order: the floor), `leakstop scan REPO --no-worktree` (full history, default
# rules, whole process) and `git log --raw --no-renames --all` (git diffing every commit's trees
# against its parents: a second reference for the walk), best of N for each, wall and CPU seconds
# and peak RSS; leakstop's ratio to the floor (target: at most 1.5x). The rounds alternate the
# commands so that a busy minute on a shared machine slows each of them alike. For the default
# repository it also times JVM start and `leakstop scan --staged` on a 10-file change.
# Secrets are planted at run time with valid checksums and exist only in the generated repository.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
big=0 real=0 commits="" repo="" runs="" walk_only=0
usage() { echo "usage: $0 [--big | --real [--commits N]] [--repo PATH] [--runs N] [--walk-only]" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --big) big=1 ;;
    --real) real=1 ;;
    --commits) [ $# -ge 2 ] || usage; commits="$2"; shift ;;
    --repo) [ $# -ge 2 ] || usage; repo="$2"; shift ;;
    --runs) [ $# -ge 2 ] || usage; runs="$2"; shift ;;
    --walk-only) walk_only=1 ;;
    *) usage ;;
  esac
  shift
done
[ "$big" = 1 ] && [ "$real" = 1 ] && usage
command -v /usr/bin/time >/dev/null || { echo "$0: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/leakstop-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
[ -n "$repo" ] || repo="$work/repo.git"

"$here/leakstop" --version >/dev/null  # builds the jar and its class-data archive if needed

generated=0
if [ ! -e "$repo" ]; then
  generated=1
  git init -q --bare "$repo"
  if [ "$real" = 1 ]; then
    echo "generating $repo: real-shaped history, ${commits:-20000} commits…" >&2
    python3 "$here/bench/real_history.py" "${commits:-20000}" 3000 42 2>"$work/planted" | git -C "$repo" fast-import --quiet
    git -C "$repo" repack -adq
  else
    if [ "$big" = 1 ]; then c=4000 mb=2200; else c=3000 mb=60; fi
    echo "generating $repo: ${commits:-$c} commits, ~$mb MB of unique blobs…" >&2
    python3 "$here/bench/synth_repo.py" "${commits:-$c}" "$mb" 42 2>"$work/planted" | git -C "$repo" fast-import --quiet
    # A realistic pack (as git gc leaves it) for the default run; the big one keeps fast-import's.
    [ "$big" = 1 ] || git -C "$repo" repack -adq --window=10 --depth=50
  fi
  cat "$work/planted" >&2
fi
stats="$(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' \
  | awk '{ n[$1]++ } $1 == "blob" { s += $2 } END { printf "%d commits, %d trees, %d blobs, %.0f MB of blobs", n["commit"], n["tree"], n["blob"], s / 1e6 }')"
echo "repository: $repo: $stats" >&2

# timed NAME CMD...: runs CMD once, keeps its "wall cpu maxrss_kb" in $work/NAME.best if fastest.
timed() {
  local name="$1" line best
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/$name.err" || true
  line="$(tail -n1 "$work/time" | awk '{ printf "%.2f %.2f %d", $1, $2 + $3, $4 }')"
  best="$(cat "$work/$name.best" 2>/dev/null || true)"
  if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[1] < y[1]) }'; then
    echo "$line" >"$work/$name.best"
  fi
}

[ -n "$runs" ] || { runs=3; [ "$big" = 1 ] && runs=1; }
for _ in $(seq "$runs"); do
  timed floor sh -c "git -C '$repo' cat-file --batch-all-objects --batch --unordered >/dev/null"
  timed leakstop "$here/leakstop" scan "$repo" --no-worktree --format json -o "$work/report.json"
  timed gitlog sh -c "git -C '$repo' log --raw --no-renames --all >/dev/null"
  [ "$walk_only" = 0 ] || timed walk "$here/leakstop" scan "$repo" --no-worktree --max-file-size 1 --format json -o "$work/walk.json"
done
found="$(grep -o '"fingerprint"' "$work/report.json" | wc -l || true)"  # grep fails on none
tail -n1 "$work/leakstop.err" >&2

row() {  # LABEL NAME: NAME's best run and its ratio to the floor's
  awk -v label="$1" -v f="$(cat "$work/floor.best")" '{ split(f, g, " ");
    printf "%-48s %9s %9s %7d MiB %7.2fx\n", label, $1, $2, int($3 / 1024), $1 / g[1] }' "$work/$2.best"
}
printf '\nfull history, best of %s alternating rounds    %9s %9s %11s %8s\n' "$runs" "wall s" "cpu s" "peak RSS" "÷floor"
row "git cat-file --batch-all-objects --unordered" floor
row "leakstop scan --no-worktree ($found findings)" leakstop
[ "$walk_only" = 0 ] || row "leakstop scan --max-file-size 1 (walk only)" walk
row "git log --raw --no-renames --all" gitlog
awk -v g="$(cat "$work/floor.best")" -v l="$(cat "$work/leakstop.best")" 'BEGIN { split(g, a, " "); split(l, b, " ");
  printf "ratio leakstop/git cat-file: wall %.2fx (target <= 1.5x), cpu %.2fx; peak RSS %s 1 GiB\n",
    b[1] / a[1], b[2] / a[2], (b[3] < 1048576 ? "under" : "OVER") }'

if [ "$generated" = 1 ] && [ "$big" = 0 ] && [ "$real" = 0 ]; then
  # Pre-commit: a 10-file change staged in a small working tree.
  wt="$work/staged"
  git init -q "$wt"
  for i in $(seq 1 200); do
    mkdir -p "$wt/pkg$((i % 10))"
    seq 1 200 | sed "s/^/    value_$i = compute(/; s/$/)/" >"$wt/pkg$((i % 10))/mod$i.py"
  done
  git -C "$wt" add -A && git -C "$wt" -c user.name=bench -c user.email=bench@localhost commit -qm base
  for i in $(seq 1 10); do echo "    retries_$i = $i" >>"$wt/pkg$((i % 10))/mod$i.py"; done
  git -C "$wt" add -A
  for _ in $(seq 5); do
    timed java java -Xshare:auto -version
    timed staged "$here/leakstop" scan --staged "$wt"
  done
  java_t="$(cat "$work/java.best")" staged_t="$(cat "$work/staged.best")"
  printf '\n%-48s %9s %9s\n' "start-up and pre-commit" "wall s" "cpu s"
  echo "$java_t" | awk '{ printf "%-48s %9s %9s\n", "java -Xshare:auto -version", $1, $2 }'
  echo "$staged_t" | awk '{ printf "%-48s %9s %9s\n", "leakstop scan --staged (10 files)", $1, $2 }'
  awk -v s="$staged_t" 'BEGIN { split(s, a, " "); printf "pre-commit %s 0.5 s target\n", (a[1] <= 0.5 ? "within" : "OVER") }'
fi
echo
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times inflate with load)"
