#!/usr/bin/env python3
"""Where a leakstop run's CPU went, from a JFR recording's execution samples, as Markdown tables.

usage: jfr_breakdown.py RECORDING.jfr [TOP]     (needs `jfr` from the JDK on the PATH)

Record with the launcher, for example:
  LEAKSTOP_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/x.jfr,settings=profile,
    jdk.ExecutionSample#period=2ms,jdk.NativeMethodSample#period=2ms
    -XX:FlightRecorderOptions:stackdepth=256' ./leakstop scan REPO --no-worktree
  (the options without the line breaks)

Prints: samples by phase of the scan (the innermost leakstop step on the stack) crossed with the kind
of work at the top of the stack; by top frame's package; the TOP hottest top frames (self time);
and the hottest leakstop and JGit methods counted inclusively (on the stack at all).
"""
import collections
import json
import re
import subprocess
import sys

# Phase: the first rule, in this order, that some frame on the stack matches (all its patterns do).
PHASES = [
    ("attribution (locate findings)", [r"io\.leakstop\.git\.Introductions\.(locate|anyContains|commitInfo)"]),
    ("blob scan: detection", [r"GitHistorySource\.(lambda\$)?scanBlob", r"^io\.leakstop\.(detect|rules|filter)\."]),
    ("blob scan: read blob", [r"GitHistorySource\.(lambda\$)?scanBlob"]),
    ("walk: record introductions", [r"GitHistorySource\.diff", r"^io\.leakstop\.git\.Introductions\."]),
    ("walk: tree diff per commit", [r"GitHistorySource\.(diff|lambda\$submit)"]),
    ("walk: commits (RevWalk)", [r"GitHistorySource\.walk"]),
    ("report / findings", [r"^io\.leakstop\.(report|finding)\."]),
    ("start-up: CLI, rules, open repository", [r"^io\.leakstop\.cli\.Main"]),
    ("other leakstop", [r"^io\.leakstop\."]),
]
# Kind of work: the top-most frame that matches, first rule first within that frame.
KINDS = [
    ("inflate", r"^java\.util\.zip\.|Inflater"),
    ("delta apply", r"BinaryDelta|DeltaDecoder|Delta[A-Z]\w*\.apply|\.applyDelta"),
    ("pack lookup/read", r"^org\.eclipse\.jgit\.internal\.storage\.(file|pack)\.|^io\.leakstop\.git\.(PackObjects|PackObjectReader|BlobReader|BlobRuns)"),
    ("tree parse/walk", r"^org\.eclipse\.jgit\.treewalk\."),
    ("commit parse/walk", r"^org\.eclipse\.jgit\.revwalk\."),
    ("object ids / maps", r"^org\.eclipse\.jgit\.lib\.(AnyObjectId|ObjectId|MutableObjectId|ObjectIdOwnerMap|ObjectIdSubclassMap)|^java\.util\.(HashMap|concurrent\.ConcurrentHashMap)"),
    ("detection", r"^io\.leakstop\.(detect|rules|filter)\.|^com\.google\.re2j\."),
    ("record introductions", r"^io\.leakstop\.git\.Introductions"),
    ("strings / bytes", r"^java\.lang\.(String|StringLatin1|StringUTF16|StringCoding|AbstractStringBuilder)|RawParseUtils|^java\.util\.Arrays"),
    ("other leakstop", r"^io\.leakstop\."),
    ("other JGit", r"^org\.eclipse\.jgit\."),
    ("JDK / other", r"."),
]


def frames(event):
    st = event["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f.get("method") or {}
        out.append(f"{(m.get('type') or {}).get('name', '?')}.{m.get('name', '?')}".replace("/", "."))
    return out


def phase_of(names):
    for label, patterns in PHASES:
        if all(any(re.search(rx, name) for name in names) for rx in patterns):
            return label
    return "outside leakstop (JVM, JFR)"


def idle(event):
    """A thread waiting in native code (a socket, a pipe, a JFR thread) does no work."""
    names = frames(event)
    return event["type"] == "jdk.NativeMethodSample" and (
        not names or not re.search(r"Inflater|zip|Deflater|FileDispatcher(Impl)?\.(read|pread)|RandomAccessFile\.read", names[0]))


def first(rules, names):
    for name in names:
        for label, rx in rules:
            if re.search(rx, name):
                return label
    return None


def pct(n, total):
    return f"{100.0 * n / total:5.1f}%"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    # Java code is sampled as jdk.ExecutionSample, native code (zlib's inflate) as jdk.NativeMethodSample:
    # both count, recorded at the same period (see the usage above).
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events",
                          "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = [e for e in json.loads(raw)["recording"]["events"] if not idle(e)]
    total = len(events)
    if total == 0:
        sys.exit(f"{path}: no execution samples")
    phase_kind = collections.Counter()
    phases, kinds = collections.Counter(), collections.Counter()
    packages, leaves, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    for event in events:
        names = frames(event)
        if not names:
            continue
        phase = phase_of(names)
        kind = next(label for label, rx in KINDS if re.search(rx, names[0]))
        # Work done by a library on behalf of a higher frame is named for the first frame that matches
        # a kind other than the catch-alls (e.g. ConcurrentHashMap under Introductions).
        specific = first([k for k in KINDS if not k[0].startswith(("other", "JDK"))], names[:8])
        if kind.startswith(("other", "JDK")) and specific:
            kind = specific
        phase_kind[(phase, kind)] += 1
        phases[phase] += 1
        kinds[kind] += 1
        leaves[names[0]] += 1
        packages[names[0].rsplit(".", 2)[0]] += 1
        for name in set(names):
            if name.startswith(("io.leakstop.", "org.eclipse.jgit.")):
                inclusive[name] += 1

    native = sum(1 for e in events if e["type"] == "jdk.NativeMethodSample")
    print(f"{total} samples of threads at work in {path} ({native} of them in native code)\n")
    kind_order = [k for k, _ in kinds.most_common()]
    print("| phase \\ work | total | " + " | ".join(kind_order) + " |")
    print("|---|---:|" + "---:|" * len(kind_order))
    for phase, n in phases.most_common():
        cells = [pct(phase_kind[(phase, k)], total) if phase_kind[(phase, k)] else "" for k in kind_order]
        print(f"| {phase} | {pct(n, total)} | " + " | ".join(cells) + " |")
    print("| **all** | 100% | " + " | ".join(pct(kinds[k], total) for k in kind_order) + " |")
    print("\nTop frame's package (self):\n\n| package | samples |\n|---|---:|")
    for name, n in packages.most_common(15):
        print(f"| `{name}` | {pct(n, total)} |")
    print(f"\nTop {top} top frames (self):\n\n| method | samples |\n|---|---:|")
    for name, n in leaves.most_common(top):
        print(f"| `{name}` | {pct(n, total)} |")
    print(f"\nleakstop and JGit methods on the stack (inclusive), top {top}:\n\n| method | samples |\n|---|---:|")
    for name, n in inclusive.most_common(top):
        print(f"| `{name}` | {pct(n, total)} |")


if __name__ == "__main__":
    main()
