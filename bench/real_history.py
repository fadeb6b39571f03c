#!/usr/bin/env python3
"""Writes a git fast-import stream with the shape of a real project's history: tens of thousands of
commits that each edit a few lines of one to three small files, thousands of files in nested
folders, feature branches merged back, renames, deletions, annotated and lightweight tags, the odd
sweeping change. GitHub tokens are planted at run time (valid checksums, generated here, never
stored anywhere else) so that the scan has findings to attribute.

usage: real_history.py [COMMITS [FILES [SEED]]] > stream   (then: git fast-import < stream)
Defaults: 20000 commits, 3000 files at the end, seed 42. Prints `planted N` to stderr.
"""
import random
import sys

sys.dont_write_bytecode = True  # importing synth_repo leaves no __pycache__ in bench/
from synth_repo import KINDS, WORDS, github_token, ident, line

ROOTS = ["src/main/java/io/acme", "src/test/java/io/acme", "docs", "config", "tools", "web/app"]
AUTHORS = [("Ada Lovelace", "ada@example.com"), ("Alan Turing", "alan@example.com"),
           ("Grace Hopper", "grace@example.com"), ("Edsger Dijkstra", "edsger@example.com"),
           ("Barbara Liskov", "barbara@example.com")]


class History:
    def __init__(self, rng, out):
        self.rng = rng
        self.out = out
        self.mark = 0
        self.ts = 1_500_000_000
        self.planted = 0
        self.dirs = self.make_dirs(max(40, FILES // 8))

    def make_dirs(self, count):
        dirs = set()
        while len(dirs) < count:
            depth = self.rng.choices([1, 2, 3, 4, 5], weights=[2, 4, 4, 2, 1])[0]
            dirs.add(self.rng.choice(ROOTS) + "/" + "/".join(self.rng.choice(WORDS) for _ in range(depth)))
        return sorted(dirs)

    def new_path(self, files):
        while True:
            kind = self.rng.choice(KINDS)
            path = f"{self.rng.choice(self.dirs)}/{ident(self.rng)}.{kind}"
            if path not in files:
                return path

    def new_body(self, path):
        kind = path.rsplit(".", 1)[1]
        # Small files, a long tail: median ~40 lines (~1.7 KB), a few of several hundred.
        lines = min(1500, int(self.rng.lognormvariate(3.7, 0.8)) + 3)
        return [line(self.rng, kind, self.rng.randint(0, 3)) for _ in range(lines)]

    def edit(self, path, body):
        """A small edit: one to five lines replaced, inserted or removed."""
        kind = path.rsplit(".", 1)[1]
        body = list(body)
        for _ in range(self.rng.randint(1, 5)):
            op = self.rng.random()
            fresh = line(self.rng, kind, self.rng.randint(0, 3))
            if op < 0.5 and body:
                body[self.rng.randrange(len(body))] = fresh
            elif op < 0.85 or len(body) < 5:
                body.insert(self.rng.randrange(len(body) + 1), fresh)
            else:
                del body[self.rng.randrange(len(body))]
        if self.rng.random() < PLANT_RATE:
            body.insert(self.rng.randrange(len(body) + 1), f'    GITHUB_TOKEN = "{github_token(self.rng)}"')
            self.planted += 1
        return body

    def commit(self, ref, parent, merge, changes, deletes, renames, message):
        rng, out = self.rng, self.out
        self.mark += 1
        self.ts += rng.randint(30, 20000)
        name, email = rng.choice(AUTHORS)
        msg = message.encode()
        parts = [f"commit {ref}\nmark :{self.mark}\n",
                 f"author {name} <{email}> {self.ts} +0000\ncommitter {name} <{email}> {self.ts} +0000\n",
                 f"data {len(msg)}\n"]
        out.write("".join(parts).encode() + msg + b"\n")
        head = []
        if parent is not None:
            head.append(f"from :{parent}\n")
        if merge is not None:
            head.append(f"merge :{merge}\n")
        for old, new in renames:
            head.append(f'R "{old}" "{new}"\n')
        for path in deletes:
            head.append(f"D {path}\n")
        out.write("".join(head).encode())
        for path, body in changes.items():
            data = ("\n".join(body) + "\n").encode()
            out.write(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        return self.mark

    def tag(self, name, target, annotated):
        if annotated:
            msg = f"Release {name}\n".encode()
            self.out.write(f"tag {name}\nfrom :{target}\ntagger {AUTHORS[0][0]} <{AUTHORS[0][1]}> {self.ts} +0000\n"
                           f"data {len(msg)}\n".encode() + msg + b"\n")
        else:
            self.out.write(f"reset refs/tags/{name}\nfrom :{target}\n\n".encode())


def main():
    global FILES, PLANT_RATE
    args = sys.argv[1:]
    commits = int(args[0]) if len(args) > 0 else 20000
    FILES = int(args[1]) if len(args) > 1 else 3000
    rng = random.Random(int(args[2]) if len(args) > 2 else 42)
    PLANT_RATE = 10 / (commits * 2)  # about ten planted tokens, whatever the size
    h = History(rng, sys.stdout.buffer)

    # The first commit imports a third of the files; the rest arrive over the history.
    main_files = {}
    for _ in range(FILES // 3):
        path = h.new_path(main_files)
        main_files[path] = h.new_body(path)
    main_head = h.commit("refs/heads/main", None, None, dict(main_files), [], [], "Initial import")
    add_rate = (FILES - len(main_files)) / commits
    features = []  # each: name, head mark, files (own copy), paths changed since the fork
    release = 0
    for c in range(1, commits):
        # Feature branches: forked from main, a few to a few dozen commits, merged back.
        if len(features) < 3 and rng.random() < 0.02:
            features.append({"name": f"feature/{ident(rng).lower()}-{c}", "head": main_head,
                             "files": dict(main_files), "changed": set(), "added": set(), "left": rng.randint(3, 30)})
        on_feature = features and rng.random() < 0.3
        branch = rng.choice(features) if on_feature else None
        files = branch["files"] if branch else main_files
        changes, deletes, renames = {}, [], []
        if rng.random() < add_rate:
            path = h.new_path(files)
            files[path] = changes[path] = h.new_body(path)
            if branch is not None:
                branch["added"].add(path)
        sweeping = rng.random() < 0.002
        touched = rng.sample(list(files), min(len(files), rng.randint(40, 150))) if sweeping else \
            rng.sample(list(files), min(len(files), rng.choices([1, 2, 3, 5], weights=[5, 3, 2, 1])[0]))
        for path in touched:
            files[path] = changes[path] = h.edit(path, files[path])
        if branch is None and len(files) > 10:
            if rng.random() < 0.004:
                old = rng.choice(list(files))
                if old not in changes:
                    new = h.new_path(files).rsplit("/", 1)[0] + "/" + old.rsplit("/", 1)[1]
                    if new not in files:
                        files[new] = files.pop(old)
                        renames.append((old, new))
                        if rng.random() < 0.5:  # renamed and edited in the same commit, as often happens
                            files[new] = changes[new] = h.edit(new, files[new])
            if rng.random() < 0.003:
                gone = rng.choice(list(files))
                if gone not in changes:
                    del files[gone]
                    deletes.append(gone)
        message = f"{rng.choice(['Fix', 'Add', 'Refactor', 'Tune', 'Document', 'Test'])} {ident(rng)} ({c})"
        if branch is not None:
            branch["head"] = h.commit(f"refs/heads/{branch['name']}", branch["head"], None, changes, [], [], message)
            branch["changed"].update(changes)
            branch["left"] -= 1
            if branch["left"] <= 0:
                # Merge: main's tree plus the branch's version of each path it changed that main still has
                # (or the branch added). Conflicts resolve to the branch's side.
                merged = {p: branch["files"][p] for p in sorted(branch["changed"])
                          if p in main_files or p in branch["added"]}
                main_files.update(merged)
                main_head = h.commit("refs/heads/main", main_head, branch["head"], merged, [], [],
                                     f"Merge branch '{branch['name']}'")
                features.remove(branch)
        else:
            main_head = h.commit("refs/heads/main", main_head, None, changes, deletes, renames, message)
            if c % 250 == 0:
                release += 1
                h.tag(f"v1.{release}.0", main_head, annotated=rng.random() < 0.7)
    h.out.write(b"done\n")
    print(f"planted {h.planted}", file=sys.stderr)


if __name__ == "__main__":
    main()
