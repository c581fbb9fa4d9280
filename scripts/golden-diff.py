#!/usr/bin/env python3
"""Developer tool: run postsumm on golden cases and show how its text differs from the goldens.

usage: scripts/golden-diff.py [--bin PATH] [--record] [CASE-ID-PREFIX ...]
Without --record, prints a unified diff per differing case (against <id>.txt.gz if present,
else <id>.pflogsumm.txt.gz; goldens are stored gzipped). With --record, writes postsumm's output to <id>.txt for the named
cases (only do this after checking every hunk is a documented difference)."""
import os, shlex, subprocess, sys, difflib, gzip

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fx = os.path.join(root, "Fixtures")
args = sys.argv[1:]
binary = os.path.join(root, ".build/debug/postsumm")
record = False
if args and args[0] == "--bin":
    binary = args[1]; args = args[2:]
if args and args[0] == "--record":
    record = True; args = args[1:]
total = differ = 0
for line in open(os.path.join(fx, "golden/cases.tsv"), encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    cid, inputs, now = f[0], f[1].split(), f[2]
    words = shlex.split(f[3]) if len(f) > 3 else []
    if args and not any(cid.startswith(a) for a in args):
        continue
    files = []
    for i in inputs:
        p = os.path.join(fx, i)
        files += sorted(os.path.join(p, n) for n in os.listdir(p)) if os.path.isdir(p) else [p]
    cmd = [binary] + words + ["--reference-date", now, "--no-progress"] + files
    out = subprocess.run(cmd, cwd=fx, capture_output=True).stdout.decode("utf-8", "replace")
    golden = os.path.join(fx, "golden", cid + ".txt.gz")
    orig = os.path.join(fx, "golden", cid + ".pflogsumm.txt.gz")
    want_path = golden if os.path.exists(golden) else orig
    if not os.path.exists(want_path):
        continue
    total += 1
    want = gzip.open(want_path, "rt", encoding="utf-8", errors="replace", newline="").read()
    if record:
        if out != gzip.open(orig, "rt", encoding="utf-8", errors="replace", newline="").read():
            with gzip.GzipFile(golden, "wb", mtime=0) as g: g.write(out.encode("utf-8"))
            print("recorded", cid)
        elif os.path.exists(golden):
            os.remove(golden); print("removed", golden)
        continue
    if out != want:
        differ += 1
        print("=" * 20, cid, "(vs", os.path.basename(want_path) + ")")
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), out.splitlines(True), "golden", "postsumm", n=0))
print(f"{differ} of {total} cases differ", file=sys.stderr)
