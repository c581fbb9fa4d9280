#!/bin/bash
# Regenerate Fixtures/golden/*.pflogsumm.{txt,stderr,exit} from Fixtures/golden/cases.tsv
# by running the reference pflogsumm 1.3.0 (Perl) on every case.
#
# usage: scripts/make-goldens.sh [PFLOGSUMM_SCRIPT] [CASE-ID-REGEX]
#   PFLOGSUMM_SCRIPT  default: ../shared/reference/pflogsumm-1.3.0 relative to the repo root
#   CASE-ID-REGEX     only (re)make the matching cases (default: all; the two report files
#                     NONDETERMINISTIC.txt and HASHORDER.txt are only rewritten for a full run)
#
# Needs perl with Date::Calc and Config::Simple, and faketime:
#   apt-get install -y libdate-calc-perl libconfig-simple-perl faketime
#
# Every case runs with the working directory Fixtures/ as
#   zcat -f <input files, oldest first> | env -i TZ=UTC LANG=C.UTF-8 PERL_HASH_SEED=0 \
#       PERL_PERTURB_KEYS=0 faketime '<now>' perl <tmp>/pflogsumm <args>
# where <tmp>/pflogsumm is a symlink to the reference script, so that the program name it
# prints (usage, --version, messages) is "pflogsumm". In stderr the path "<tmp>/" is removed.
#   stdout            -> golden/<id>.pflogsumm.txt.gz  (always written, may be empty; gzipped)
#   stderr            -> golden/<id>.pflogsumm.stderr  (only if non-empty)
#   exit status != 0  -> golden/<id>.pflogsumm.exit    (the number and a newline)
# Each case runs 3 times with the same settings; cases whose stdout/stderr/exit differ are
# listed in golden/NONDETERMINISTIC.txt. Each case also runs with PERL_HASH_SEED=1 and 2;
# cases whose output then changes (ties ordered by Perl's hash order) are listed in
# golden/HASHORDER.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ref=$(readlink -f "${1:-$root/../shared/reference/pflogsumm-1.3.0}")
filter=${2:-}
[ -f "$ref" ] || { echo "no reference script at $ref" >&2; exit 1; }
command -v faketime >/dev/null || { echo "faketime is not installed" >&2; exit 1; }
perl -MDate::Calc -MConfig::Simple -e1 || { echo "perl modules missing" >&2; exit 1; }

tmp=$(mktemp -d /tmp/pflogsumm-ref.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
ln -s "$ref" "$tmp/pflogsumm"

python3 - "$root/Fixtures" "$tmp" "$filter" <<'PYEOF'
import gzip, os, re, shlex, subprocess, sys

fixtures, tmp, filt = sys.argv[1], sys.argv[2], sys.argv[3]
golden = os.path.join(fixtures, "golden")
os.chdir(fixtures)

def order_dir(d):
    """Files of a rotated-log directory, oldest first:
    mail.log.N[.gz] by N descending, then mail.log-YYYYMMDD[.gz] by date, then the rest (mail.log)."""
    def key(name):
        m = re.search(r"\.(\d+)(\.gz)?$", name)
        if m:
            return (0, -int(m[1]), name)
        m = re.search(r"-(\d{8})(\.gz)?$", name)
        if m:
            return (1, int(m[1]), name)
        return (2, 0, name)
    names = [n for n in os.listdir(d) if os.path.isfile(os.path.join(d, n)) and not n.startswith(".")]
    return [os.path.join(d, n) for n in sorted(names, key=key)]

def expand(inputs):
    files = []
    for p in inputs.split():
        if os.path.isdir(p):
            files += order_dir(p)
        elif os.path.isfile(p):
            files.append(p)
        else:
            sys.exit("input not found: %s" % p)
    return files

cases = []
with open(os.path.join(golden, "cases.tsv"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 4:
            sys.exit("cases.tsv line %d: expected 4 tab-separated columns, got %d" % (n, len(cols)))
        cid, inputs, now, args = cols
        if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", cid):
            sys.exit("cases.tsv line %d: bad case id %r" % (n, cid))
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", now):
            sys.exit("cases.tsv line %d: bad now %r" % (n, now))
        if '"' in args or "\\" in args:
            sys.exit("cases.tsv line %d: args may only use single quotes" % n)
        if any(c[0] == cid for c in cases):
            sys.exit("cases.tsv line %d: duplicate case id %s" % (n, cid))
        cases.append((cid, inputs, now, args))

def run(files, now, args, seed):
    cmd = "zcat -f %s | env -i PATH=/usr/bin:/bin TZ=UTC LANG=C.UTF-8 PERL_HASH_SEED=%d PERL_PERTURB_KEYS=0 faketime %s perl %s %s" % (
        " ".join(shlex.quote(f) for f in files), seed, shlex.quote(now.replace("T", " ")),
        shlex.quote(os.path.join(tmp, "pflogsumm")), " ".join(shlex.quote(a) for a in shlex.split(args)))
    p = subprocess.run(["bash", "-c", cmd], capture_output=True)
    err = p.stderr.replace((tmp + "/").encode(), b"")
    return cmd, (p.stdout, err, p.returncode)

def sections(a, b):
    """Titles of the report sections in which stdout a and b differ."""
    import difflib
    la, lb = a.decode("utf-8", "replace").split("\n"), b.decode("utf-8", "replace").split("\n")
    title, owner = "(top)", []
    for i, l in enumerate(la):
        if i + 1 < len(la) and l and re.fullmatch(r"-+", la[i + 1]) and len(la[i + 1]) == len(l):
            title = l
        owner.append(title)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, la, lb, autojunk=False).get_opcodes():
        if tag != "equal":
            for t in owner[i1:max(i2, i1 + 1)] if i1 < len(owner) else [owner[-1]]:
                if t not in out:
                    out.append(t)
    return out

nondet, hashdep, ids = [], [], set()
for cid, inputs, now, args in cases:
    ids.add(cid)
    if filt and not re.search(filt, cid):
        continue
    files = expand(inputs)
    cmd, first = run(files, now, args, 0)
    same = all(run(files, now, args, 0)[1] == first for _ in range(2))
    if not same:
        nondet.append(cid)
    diffsec = []
    for seed in (1, 2):
        other = run(files, now, args, seed)[1]
        if other != first:
            for t in sections(first[0], other[0]) if other[0] != first[0] else ["(stderr/exit)"]:
                if t not in diffsec:
                    diffsec.append(t)
    if diffsec:
        hashdep.append("%s\t%s" % (cid, "; ".join(diffsec)))
    out, err, rc = first
    base = os.path.join(golden, cid + ".pflogsumm")
    # Stored gzipped (mtime 0, so reruns give the same bytes) to keep Fixtures/ small.
    with gzip.GzipFile(base + ".txt.gz", "wb", mtime=0) as g:
        g.write(out)
    if os.path.exists(base + ".txt"):
        os.remove(base + ".txt")
    for ext, data in ((".stderr", err), (".exit", b"%d\n" % rc if rc else b"")):
        if data:
            open(base + ext, "wb").write(data)
        elif os.path.exists(base + ext):
            os.remove(base + ext)
    print("%-40s %7d bytes%s%s%s%s" % (cid, len(out), " stderr" if err else "", " exit=%d" % rc if rc else "",
                                        " NONDETERMINISTIC" if not same else "", " hash-order: " + "; ".join(diffsec) if diffsec else ""))

if not filt:
    # drop goldens of cases that no longer exist
    for name in os.listdir(golden):
        m = re.match(r"(.+)\.pflogsumm\.(txt|stderr|exit)$", name)
        if m and m[1] not in ids:
            os.remove(os.path.join(golden, name))
    with open(os.path.join(golden, "NONDETERMINISTIC.txt"), "w") as f:
        f.write("# Cases whose pflogsumm output (stdout, stderr or exit status) differed between 3 identical\n"
                "# runs (PERL_HASH_SEED=0, PERL_PERTURB_KEYS=0). One case id per line; none if empty.\n")
        f.writelines(c + "\n" for c in nondet)
    with open(os.path.join(golden, "HASHORDER.txt"), "w") as f:
        f.write("# Cases whose pflogsumm output changes with PERL_HASH_SEED=1 or 2 instead of 0: some lines\n"
                "# are ties whose order comes from Perl's hash order, so the golden's order of those tied\n"
                "# lines is arbitrary. Format: case-id TAB the report sections that changed, separated by \"; \".\n")
        f.writelines(c + "\n" for c in hashdep)
    print("%d cases, %d nondeterministic, %d hash-order dependent" % (len(cases), len(nondet), len(hashdep)))
PYEOF
