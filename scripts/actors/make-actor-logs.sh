#!/bin/bash
# Make the "actors" fixtures: real Postfix logs with known culprits and their ground truth.
#
# usage: scripts/actors/make-actor-logs.sh [SEED] [WORKDIR]
#   SEED     the actors.py plan seed (default 15, the one the committed fixtures were made with)
#   WORKDIR  scratch space for raw logs and phase spans (default: a new mktemp -d)
#
# Developers only, never run by tests. Needs root and a scratch machine: it runs
# ../shared/realpostfix/setup.sh when Postfix is not set up yet (that rewrites /etc/postfix),
# then adds to that configuration (all idempotent):
#   - SASL logins carol@ and news@mail.example.test (alice and bob come from setup.sh);
#   - a too-wide mynetworks: 127.0.0.1/32 [::1]/128 127.44.0.0/16 (so 127.44.8.23 relays);
#   - /etc/hosts names for three honest inbound clients (so their host names show);
#   - transports to loopback "remote" servers started here (stopped again at the end):
#       good/good2/gmail/yahoo/spoofed.test  smtp-sink on :2525, accepts
#       hard.test      smtp-sink on :2527, 550 5.1.1 user unknown at RCPT
#       blocked.test   smtp-sink on :2530, 554 5.7.1 ... blocked using zen.spamhaus.org at RCPT
#       bigmail.test   smtp-sink on :2531, 550 5.7.1 ... likely unsolicited mail ... at DATA
#       grey.test, queued.test  remote_sink.py on :2532 (greylists once per address; replies
#                      "250 2.0.0 Ok: queued as XXXXXXXXXX" like a remote Postfix)
#   - a re-injection listener 127.0.0.1:10025 in master.cf, used only by the filter run:
#     content_filter = smtp:[127.0.0.1]:10025 makes Postfix loop every message through itself.
# Two runs of the same plan (same seed): `actors` without and `actors-filter` with the filter
# loop, three days each, dated Mon 2026-10-05..07 and Mon 2026-10-12..14, each written to
# Fixtures/real/<set>/ (mail.log.2.gz, mail.log.1, mail.log, expected.json), then checked with
# crosscheck.sh. About 2 real minutes per run.
#
# The logs are NOT byte-reproducible (live Postfix: queue ids, PIDs, timing, TLS on/off is
# seeded but sub-second ordering is not); the truth (expected.json) is, for a given seed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
R=$(cd "$root/../shared/realpostfix" && pwd)
seed=${1:-15}
work=${2:-$(mktemp -d /tmp/postsumm-actors.XXXXXX)}
mkdir -p "$work"
F=$root/Fixtures/real
P=/etc/postfix
log=/var/log/postfix-real.log
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

if [ "$(postconf -h maillog_file 2>/dev/null || true)" != $log ]; then
  echo "== running $R/setup.sh (rewrites /etc/postfix)"
  "$R/setup.sh"
fi

echo "== configuring the actor pieces"
for u in carol news; do echo "secret-$u" | saslpasswd2 -p -c -u mail.example.test $u; done
chmod 644 /etc/sasldb2
postconf -e 'mynetworks=127.0.0.1/32 [::1]/128 127.44.0.0/16'
if ! grep -q 'postsumm actors' /etc/hosts; then
  cat >> /etc/hosts <<'EOT'
# postsumm actors: honest inbound clients
127.0.80.5 mx.partner.test
127.0.81.9 mail.friends.test
127.0.82.14 smtp.shop.test
EOT
fi
add_transport() { grep -q "^$1[[:space:]]" $P/transport || printf '%-13s %s\n' "$1" "$2" >> $P/transport; }
add_transport spoofed.test 'smtp:[127.0.0.1]:2525'
add_transport blocked.test 'smtp:[127.0.0.1]:2530'
add_transport bigmail.test 'smtp:[127.0.0.1]:2531'
add_transport grey.test    'smtp:[127.0.0.1]:2532'
add_transport queued.test  'smtp:[127.0.0.1]:2532'
postmap $P/transport
if ! grep -q '^127.0.0.1:10025' $P/master.cf; then
  # The re-injection side of an after-queue filter (as in Postfix's FILTER_README), with the
  # same syslog name as the main smtpd, as in most real setups.
  cat >> $P/master.cf <<'EOT'
127.0.0.1:10025 inet n  -       n       -       -       smtpd
  -o content_filter=
  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters
  -o smtpd_helo_restrictions=
  -o smtpd_client_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_recipient_restrictions=
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o mynetworks=127.0.0.0/8
  -o smtpd_sasl_auth_enable=no
  -o smtpd_tls_security_level=none
EOT
fi
postfix check

sinks=()
start_sinks() {
  sinks=()
  setsid smtp-sink -u nobody -h mx.good.test 127.0.0.1:2525 256 >/dev/null 2>&1 & sinks+=($!)
  setsid smtp-sink -u nobody -f rcpt -B "550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table" \
    -h mx.hard.test 127.0.0.1:2527 64 >/dev/null 2>&1 & sinks+=($!)
  setsid smtp-sink -u nobody -f rcpt \
    -B "554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/127.0.0.1" \
    -h mx.blocked.test 127.0.0.1:2530 64 >/dev/null 2>&1 & sinks+=($!)
  setsid smtp-sink -u nobody -f data \
    -B "550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Bigmail, this message has been blocked." \
    -h mx.bigmail.test 127.0.0.1:2531 64 >/dev/null 2>&1 & sinks+=($!)
  setsid python3 "$here/remote_sink.py" 2532 grey.test >/dev/null 2>&1 & sinks+=($!)
  sleep 1
}
stop_sinks() { for p in "${sinks[@]}"; do kill "$p" 2>/dev/null || true; done; sinks=(); }
trap stop_sinks EXIT

run() {  # run SET FIRSTDATE [--filter]
  local set=$1 d1=$2 filt=${3:-}
  echo "== $set: seed $seed, 3 days from $d1 ${filt:+(content filter loop)} ($(date -u +%T))"
  postfix stop >/dev/null 2>&1 || true
  sleep 1
  postsuper -d ALL >/dev/null 2>&1 || true
  rm -f /var/lib/postfix/postscreen_cache.db     # every client is new to postscreen again
  # empty mailboxes (local(8) creates them again, owned by their user)
  for u in alice bob carol news www-data; do rm -f /var/mail/$u; done
  [ -f /var/mail/root ] && truncate -s 0 /var/mail/root
  if [ -n "$filt" ]; then postconf -e 'content_filter=smtp:[127.0.0.1]:10025'; else postconf -X content_filter; fi
  start_sinks
  : > $log
  postfix start >/dev/null 2>&1
  sleep 2
  python3 "$here/actors.py" "$seed" "$d1" "$work/$set" $filt
  sleep 2
  cp $log "$work/$set/raw.log"
  stop_sinks
  mkdir -p "$F/$set"; rm -f "$F/$set"/mail.log* "$F/$set/expected.json"   # README.md stays
  python3 "$here/date_logs.py" "$work/$set/raw.log" "$work/$set/phases.json" "$F/$set"
  cp "$work/$set/expected.json" "$F/$set/expected.json"
}
run actors        2026-10-05
run actors-filter 2026-10-12 --filter
for set in actors actors-filter; do "$here/crosscheck.sh" "$F/$set" > "$work/$set/crosscheck.txt" || echo "!! $set: the log disagrees with the truth, see $work/$set/crosscheck.txt"; done
postconf -X content_filter
postfix stop >/dev/null 2>&1 || true

echo "== done; raw logs and phase spans kept in $work"
ls -l "$F/actors" "$F/actors-filter"
