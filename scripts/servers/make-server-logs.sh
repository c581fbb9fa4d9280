#!/bin/sh
# Fixtures/real/servers*: the logs of three mail servers (issue 16, many servers), made by a real
# Postfix: six days of make_logs.sh traffic (one Postfix, restarted with an empty log each day),
# two days per server, rotated by rotate.py and given the server's name in the syslog host field;
# then one central syslog file interleaving the three, and one file of a server read twice
# under two names (every queue id, pid and client collides).
# usage: scripts/servers/make-server-logs.sh [WORKDIR]   (root, scratch machine; about 40 minutes)
# Developers only: tests never run it. See Fixtures/real/servers/README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
R=${REALPOSTFIX:-$root/../shared/realpostfix}
work=${1:-/tmp/postsumm-servers}
first=2026-11-30   # Mon; the second day is Tue 2026-12-01
days=$work/days
[ -f "$days/day6.log" ] || "$R/make_logs.sh" "$days" 6 160 1616
out=$root/Fixtures/real
for k in 1 2 3; do
  host=mx$k
  raw=$work/$host/raw
  rm -rf "$work/$host" && mkdir -p "$raw"
  cp "$days/day$((2 * k - 1)).log" "$raw/day1.log"
  cp "$days/day$((2 * k)).log" "$raw/day2.log"
  python3 "$R/rotate.py" "$raw" "$work/$host/rotated" bsd "$first"
  dir=$out/servers/$host
  mkdir -p "$dir"
  # The host field is the word after the 15-byte stamp: Postfix wrote "mail".
  for f in mail.log.1 mail.log; do
    sed -E "s/^(.{15}) mail /\\1 $host /" "$work/$host/rotated/$f" > "$work/$host/$f"
    touch -r "$work/$host/rotated/$f" "$work/$host/$f"
  done
  gzip -9 -n -c "$work/$host/mail.log.1" > "$dir/mail.log.1.gz"
  cp -p "$work/$host/mail.log" "$dir/mail.log"
done
mkdir -p "$out/servers-central" "$out/servers-twins"
s=$out/servers
python3 "$here/interleave.py" "$out/servers-central/mail.log.gz" \
  "$s/mx1/mail.log.1.gz,$s/mx1/mail.log" "$s/mx2/mail.log.1.gz,$s/mx2/mail.log" "$s/mx3/mail.log.1.gz,$s/mx3/mail.log"
sed -E 's/^(.{15}) mx1 /\1 mx1b /' "$work/mx1/mail.log.1" > "$work/mx1b.log.1"
sed -E 's/^(.{15}) mx1 /\1 mx1b /' "$work/mx1/mail.log" > "$work/mx1b.log"
python3 "$here/interleave.py" "$out/servers-twins/mail.log.gz" \
  "$s/mx1/mail.log.1.gz,$s/mx1/mail.log" "$work/mx1b.log.1,$work/mx1b.log"
ls -l "$s"/mx* "$out/servers-central" "$out/servers-twins"
