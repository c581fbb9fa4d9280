#!/usr/bin/env python3
"""Date a raw actor log (one live Postfix run, a few minutes of real time) as several days and
rotate it the way Debian's logrotate leaves it (rotate.py's `bsd` style: traditional stamps,
cut at 06:25 of every day after the first: mail.log.2.gz, mail.log.1, mail.log; each file's
mtime is its last line).

usage: date_logs.py RAW.log PHASES.json OUTDIR

Unlike ../shared/realpostfix/rotate.py (which stretches a whole raw day x100 from 06:00),
every phase of actors.py (its raw wall-clock span is in PHASES.json) is mapped linearly into
its own window of its own day (the window lies within one clock hour), stretched x100 at most
as rotate.py does, so it may use only the start of its window; lines sharing a raw second are
first spread evenly over that second. So the hour of every submission is known by
construction. Lines before the first phase (Postfix starting) go to 00:00 of the first day.
Line text and order are kept; only the stamp changes, and the second stamp inside anvil
`statistics: ... at Mon DD HH:MM:SS` lines is mapped the same way. `delay=` values stay as
Postfix measured them.
"""
import bisect, collections, datetime as dt, gzip, json, os, re, sys, time

raw, phases_file, out = sys.argv[1:4]
P = json.load(open(phases_file))
phases = P["phases"]
MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
stamp = re.compile(r"^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) (.*)$", re.S)
anvil = re.compile(r"( at )(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d)$")
year0 = time.localtime(phases[0]["raw_start"]).tm_year
starts = [p["raw_start"] for p in phases]


def epoch(mon, day, hh, mi, ss):
    m = MON.index(mon) + 1
    y = year0 + (1 if m < time.localtime(phases[0]["raw_start"]).tm_mon else 0)
    return int(time.mktime((y, m, int(day), int(hh), int(mi), int(ss), 0, 0, -1)))


def window(p):
    d = dt.date.fromisoformat(p["date"])
    a, b = (dt.datetime.combine(d, dt.time(int(x[:2]), int(x[3:]))) for x in p["window"])
    return a, b


MAX_STRETCH = 100.0   # as rotate.py: a raw second becomes at most 100 s


def target(t, frac=0.0):
    """Dated time of raw second t (frac: the line's place among the lines of that second)."""
    i = bisect.bisect_right(starts, t) - 1
    if i < 0:   # Postfix starting, before the first phase
        d = dt.datetime.combine(dt.date.fromisoformat(phases[0]["date"]), dt.time(0, 0))
        return d + dt.timedelta(seconds=min(max(t - first_line, 0), 120))
    p = phases[i]
    a, b = window(p)
    span = max(1, p["raw_end"] - p["raw_start"])
    factor = min(MAX_STRETCH, (b - a).total_seconds() / span)
    return min(b, a + dt.timedelta(seconds=int((t + frac - p["raw_start"]) * factor)))


raw_lines = []
for l in open(raw, encoding="utf-8", errors="surrogateescape"):
    m = stamp.match(l)
    if m:
        raw_lines.append((epoch(*m.groups()[:5]), m[6]))
first_line = raw_lines[0][0]
# lines sharing a raw second are spread evenly over that second before stretching
same = collections.Counter(t for t, _ in raw_lines)
seen = collections.Counter()
lines = []
for t, rest in raw_lines:
    frac = seen[t] / same[t]
    seen[t] += 1
    if "/anvil[" in rest:
        a = anvil.search(rest.rstrip("\n"))
        if a:
            e = target(epoch(a[2], a[3], a[4], a[5], a[6]))
            rest = rest[:a.start()] + " at %s %02d %s" % (MON[e.month - 1], e.day, e.strftime("%H:%M:%S")) + "\n"
    lines.append((target(t, frac), rest))

# rotation at 06:25 of every day after the first, as rotate.py: mail.log.N[.gz] ... mail.log
dates = sorted({p["date"] for p in phases})
cuts = [dt.datetime.combine(dt.date.fromisoformat(d), dt.time(6, 25)) for d in dates[1:]]
chunks = [[] for _ in range(len(cuts) + 1)]
for x in lines:
    chunks[bisect.bisect_right(cuts, x[0])].append(x)
os.makedirs(out, exist_ok=True)
for k, chunk in enumerate(chunks):
    age = len(chunks) - 1 - k
    name = "mail.log" if age == 0 else "mail.log.%d" % age
    data = "".join("%s %2d %s %s" % (MON[d.month - 1], d.day, d.strftime("%H:%M:%S"), rest)
                   for d, rest in chunk).encode("utf-8", "surrogateescape")
    ts = chunk[-1][0].timestamp()
    path = os.path.join(out, name + (".gz" if age > 1 else ""))
    if age > 1:
        with open(path, "wb") as f, gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=f, mtime=int(ts)) as g:
            g.write(data)
    else:
        open(path, "wb").write(data)
    os.utime(path, (ts, ts))   # mtime = time of the file's last line, as logrotate leaves it
    print("%s: %d lines, %d bytes, %s .. %s" % (path, len(chunk), os.path.getsize(path), chunk[0][0], chunk[-1][0]))
