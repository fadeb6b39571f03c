#!/usr/bin/env bash
# Compares two leakstop builds scanning the same synthetic tree with the same global allowlist,
# written as .leakstop.yaml and as .gitleaks.toml ([extend] useDefault + [allowlist]).
# Measures what moving allowlists into the rules (issue 7) costs or saves against the old
# per-finding allowlist filter.
#
# usage: bench/allowlist_bench.sh OLD_JAR NEW_JAR [FILES] [RUNS]
set -euo pipefail
old="$1"; new="$2"; files="${3:-3000}"; runs="${4:-5}"
work="$(mktemp -d "${TMPDIR:-/tmp}/leakstop-allow-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

python3 - "$work/tree" "$files" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
alnum = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
words = "user account order token secret password api key client session config value handler".split()
def rnd(k): return "".join(rng.choice(alnum) for _ in range(k))
for i in range(n):
    d = os.path.join(root, rng.choice(["src", "vendor/lib", "testdata", "docs", "app/core"]), "m%d" % (i % 40))
    os.makedirs(d, exist_ok=True)
    lines = []
    for j in range(300):
        w = rng.choice(words)
        r = rng.random()
        if r < 0.02:
            lines.append('%s_password = "%s"' % (w, rnd(16)))
        elif r < 0.03:
            lines.append('api_key: "%s%s"' % (rng.choice(["dummy", "", ""]), rnd(32)))
        else:
            lines.append("def %s_%d(%s): return %s.%s(%d)" % (w, j, w, w, rng.choice(words), j))
    open(os.path.join(d, "f%d.py" % i), "w").write("\n".join(lines) + "\n")
PY

allow_paths="'(^|/)vendor/', '(^|/)testdata/', '\\.lock\$', '(^|/)node_modules/', '\\.min\\.js\$', '(^|/)dist/', '(^|/)third_party/', '\\.snap\$', '(^|/)fixtures?/', '\\.golden\$'"
cat > "$work/leakstop.yaml" <<YAML
allow:
  stopwords: [dummy, example, sample, changeme, placeholder]
  regexes: ['^x+\$', '^test', '0000000']
  paths: [$allow_paths]
YAML
cat > "$work/gitleaks.toml" <<TOML
[extend]
useDefault = true
[allowlist]
stopwords = ["dummy", "example", "sample", "changeme", "placeholder"]
regexes = ['^x+\$', '^test', '0000000']
paths = [$allow_paths]
TOML
du -sh "$work/tree" | cut -f1 | sed 's/^/corpus: /'

# The scan's own duration from its summary line (JVM start-up left out); best of RUNS, the three
# variants interleaved so that load from other processes hits them alike.
scan_seconds() { # jar config
  java -jar "$1" scan --files "$work/tree" --config "$2" --threads 2 --format json >"$work/out.json" 2>"$work/err" || true
  grep -oE ', [0-9.]+ s' "$work/err" | tail -1 | tr -dc '0-9.'
}
declare -A best
for _ in $(seq "$runs"); do
  for variant in "old yaml $old $work/leakstop.yaml" "new yaml $new $work/leakstop.yaml" "new gitleaks $new $work/gitleaks.toml"; do
    set -- $variant
    s=$(scan_seconds "$3" "$4")
    key="$1, $2"
    if [ -z "${best[$key]:-}" ] || python3 -c "import sys; sys.exit(0 if $s < ${best[$key]} else 1)"; then best[$key]=$s; fi
  done
done
n=$(python3 -c "import json; print(len(json.load(open('$work/out.json'))['findings']))")
for key in "old, yaml" "new, yaml" "new, gitleaks"; do echo "$key: ${best[$key]} s (best of $runs)"; done
echo "findings: $n"
