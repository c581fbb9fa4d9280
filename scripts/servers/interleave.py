#!/usr/bin/env python3
"""Interleave syslog files the way a central syslog server receives them: every line of every
input, ordered by its timestamp; lines of one input keep their order (a stable merge, inputs
earlier on the command line first on a tie). Traditional stamps (`Nov 30 06:00:01`) only, all
of one year. Each input is a list of files read in turn (one server's rotated set, oldest first),
given as `FILE[,FILE...]`; plain or gzip.

usage: interleave.py OUT.gz INPUT [INPUT ...]
"""
import gzip, heapq, re, sys

MON = {m: i for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}
stamp = re.compile(rb"^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) ")


def lines(files):
    for f in files.split(","):
        opener = gzip.open if f.endswith(".gz") else open
        with opener(f, "rb") as fh:
            for raw in fh:
                m = stamp.match(raw)
                if not m:
                    sys.exit(f"interleave.py: {f}: a line without a traditional stamp: {raw[:60]!r}")
                key = (MON[m[1].decode()], int(m[2]), int(m[3]), int(m[4]), int(m[5]))
                yield key, raw


def main():
    out, inputs = sys.argv[1], sys.argv[2:]
    streams = [((key, k, n), raw) for k, files in enumerate(inputs) for n, (key, raw) in enumerate(lines(files))]
    # heapq.merge of the per-input streams (each already in time order) keeps inputs' order on ties.
    per_input = [[s for s in streams if s[0][1] == k] for k in range(len(inputs))]
    for k, stream in enumerate(per_input):
        keys = [s[0][0] for s in stream]
        if keys != sorted(keys):
            sys.exit(f"interleave.py: {inputs[k]}: lines out of time order")
    with gzip.open(out, "wb", compresslevel=9) as g:
        for _, raw in heapq.merge(*per_input, key=lambda s: s[0]):
            g.write(raw)


main()
