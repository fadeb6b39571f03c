#!/usr/bin/env python3
"""Writes a git fast-import stream for a synthetic repository: realistic-looking source files edited
over thousands of commits on a few branches, with merges, renames, and GitHub tokens planted at
run time (valid checksums, generated here, never stored anywhere else).

usage: synth_repo.py COMMITS TARGET_UNIQUE_MB SEED > stream   (then: git fast-import < stream)
The planted token count is printed to stderr as `planted N`.
"""
import random
import sys
import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
WORDS = ("user account order invoice payment customer session request response handler config value "
         "result error status cache queue retry timeout buffer stream parser tracker client server index "
         "record table query filter mapper service factory builder context manager logger metrics").split()
KINDS = ["py", "java", "js", "go", "yaml", "md"]


def base62(value, width):
    out = ""
    while value > 0:
        out = BASE62[value % 62] + out
        value //= 62
    return out.rjust(width, "0")


def github_token(rng):
    payload = "".join(rng.choice(BASE62) for _ in range(30))
    return "ghp_" + payload + base62(zlib.crc32(payload.encode()), 6)


def ident(rng):
    return rng.choice(WORDS) + rng.choice(WORDS).capitalize()


# Lines that hit generic rules' keywords without holding a secret, about as often as ordinary code
# has them (python's standard library: a "token" every ~2.7 KB, "password" every ~50 KB).
KEYWORD_LINES = [
    'token = request.headers.get("Authorization", "").removeprefix("Bearer ")',
    'password = os.environ["DB_PASSWORD"]',
    'if (apiKey == null) throw new IllegalStateException("no api_key configured");',
    'const secret = await vault.read(`kv/${env}/db`);',
    'tokens = tokenizer.tokenize(text)',
]


def line(rng, kind, depth):
    pad = "    " * depth
    if rng.random() < 0.01:
        return pad + rng.choice(KEYWORD_LINES)
    a, b, c = ident(rng), ident(rng), ident(rng)
    n = rng.randint(0, 9999)
    choices = {
        "py": [f"{pad}{a} = {b}.get_{c.lower()}({n})", f"{pad}if {a} is None:", f"{pad}return {b}({a}, retries={n % 7})",
               f"{pad}# {a} keeps the {c} of each {b}", f"{pad}log.debug('{a} %s', {b})"],
        "java": [f"{pad}{a.capitalize()} {b} = {c}.find({n});", f"{pad}if ({a} == null) {{ return List.of(); }}",
                 f"{pad}// {a} holds the {c} for {b}", f"{pad}private final Map<String, {a.capitalize()}> {b} = new HashMap<>();"],
        "js": [f"{pad}const {a} = await {b}.{c}({n});", f"{pad}export function {a}({b}) {{ return {c}[{b}]; }}",
               f"{pad}// TODO: {a} {b} {c}"],
        "go": [f"{pad}{a}, err := {b}.{c.capitalize()}(ctx, {n})", f"{pad}if err != nil {{ return nil, err }}",
               f"{pad}// {a.capitalize()} returns the {c}"],
        "yaml": [f"{pad}{a}: {b}-{n}", f"{pad}{c}:", f"{pad}  timeout: {n}ms"],
        "md": [f"The {a} {b} handles {c} number {n}.", f"- {a}: {b}", f"## {a.capitalize()} {c}"],
    }[kind]
    return rng.choice(choices)


def new_file(rng, kind, lines):
    return [line(rng, kind, rng.randint(0, 3)) for _ in range(lines)]


def main():
    commits = int(sys.argv[1])
    target_mb = float(sys.argv[2])
    rng = random.Random(int(sys.argv[3]))
    # Size files so that the unique content written over all commits reaches the target.
    avg_line = 42
    lines_per_file = max(20, int(target_mb * 1e6 / avg_line / max(1, commits) / 2.5))
    out = sys.stdout.buffer
    files = {}
    planted = 0
    mark = 0
    branches = {"main": None}
    ts = 1_600_000_000

    def emit_commit(branch, changes, deletes, message, merge_from=None):
        nonlocal mark, ts
        mark += 1
        ts += rng.randint(60, 7200)
        author = rng.choice([("Ada Lovelace", "ada@example.com"), ("Alan Turing", "alan@example.com"),
                             ("Grace Hopper", "grace@example.com")])
        msg = message.encode()
        out.write(f"commit refs/heads/{branch}\nmark :{mark}\n".encode())
        out.write(f"author {author[0]} <{author[1]}> {ts} +0000\n".encode())
        out.write(f"committer {author[0]} <{author[1]}> {ts} +0000\n".encode())
        out.write(f"data {len(msg)}\n".encode() + msg + b"\n")
        if branches[branch] is not None:
            out.write(f"from :{branches[branch]}\n".encode())
        if merge_from is not None:
            out.write(f"merge :{merge_from}\n".encode())
        for path in deletes:
            out.write(f"D {path}\n".encode())
        for path, body in changes.items():
            data = ("\n".join(body) + "\n").encode()
            out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        branches[branch] = mark

    for c in range(commits):
        changes, deletes = {}, []
        if c % 97 == 50:
            branches.setdefault(f"feature-{c}", branches["main"])
        branch = "main"
        features = [b for b in branches if b != "main"]
        if features and rng.random() < 0.2:
            branch = rng.choice(features)
        if not files or rng.random() < 0.15:
            kind = rng.choice(KINDS)
            path = f"{rng.choice(['src', 'lib', 'app', 'docs', 'config'])}/{ident(rng).lower()}/{ident(rng)}_{c}.{kind}"
            files[path] = new_file(rng, kind, lines_per_file)
            changes[path] = files[path]
        for _ in range(rng.randint(1, 4)):
            path = rng.choice(list(files))
            kind = path.rsplit(".", 1)[1]
            body = list(files[path])
            for _ in range(rng.randint(1, 6)):
                i = rng.randrange(len(body) + 1)
                body.insert(i, line(rng, kind, rng.randint(0, 3)))
            if rng.random() < 0.3 and len(body) > 10:
                del body[rng.randrange(len(body))]
            if rng.random() < 0.01:
                body.insert(rng.randrange(len(body) + 1), f"GITHUB_TOKEN = \"{github_token(rng)}\"")
                planted += 1
            files[path] = body
            changes[path] = body
        if rng.random() < 0.01 and len(files) > 2:
            old = rng.choice(list(files))
            new = old.replace("/", "/moved_", 1)
            if new not in files:
                files[new] = files.pop(old)
                deletes.append(old)
                changes[new] = files[new]
        merge_from = None
        if branch == "main" and features and rng.random() < 0.05:
            done = rng.choice(features)
            merge_from = branches.pop(done)
        emit_commit(branch, changes, deletes, f"{rng.choice(['Fix', 'Add', 'Refactor', 'Tune'])} {ident(rng)} ({c})",
                    merge_from)
    out.write(b"done\n")
    print(f"planted {planted}", file=sys.stderr)


if __name__ == "__main__":
    main()
