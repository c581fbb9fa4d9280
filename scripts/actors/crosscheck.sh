#!/bin/bash
# Cross-check an actor set's expected.json against its log with grep/awk one-liners (no
# postsumm, no parser of ours): every figure the one-liners can see is compared with the truth.
#
# usage: scripts/actors/crosscheck.sh Fixtures/real/actors      (exit 1 on any disagreement)
#
# How the one-liners attribute mail (independently of how postsumm will):
#   - logins: `client=..., sasl_method=..., sasl_username=NAME` lines; uids: pickup `uid=N` lines;
#     unauthenticated clients: `client=HOST[IP]` lines without sasl_ (127.0.0.1 minus the
#     re-injected copies: the ids named by `queued as` in deliveries to 127.0.0.1:10025);
#   - outcomes: by Message-ID. actors.py gives every submitter's messages their own tag
#     (<TAG.DAY.SEQ.SEED@host>); cleanup logs `QID: message-id=<...>` for every queue file,
#     filter copies and alias forwards included, so a delivery line's QID gives the tag. Final
#     statuses are `status=sent|bounced` lines that are not the filter hop (relay ...:10025) and
#     not a forwarded copy (orig_to=<ext@...>).
set -uo pipefail
set_dir=${1:?usage: crosscheck.sh SETDIR}
files=()   # oldest first
for f in $(ls "$set_dir" | grep -E '^mail\.log(\.[0-9]+(\.gz)?)?$' | sort -t. -k3,3nr); do files+=("$set_dir/$f"); done
L() { zcat -f "${files[@]}"; }
out=$(mktemp)

# 1. messages, client IPs, /24 networks (all days and per day) per SASL login
L | grep -v 'authentication failed' | grep 'sasl_username=' | awk '{
    u=$0; sub(/.*sasl_username=/,"",u); ip=$0; sub(/.*client=[^[]*\[/,"",ip); sub(/\].*/,"",ip)
    n=ip; sub(/\.[0-9]+$/,".0/24",n); d=$1" "$2
    m[u]++; ips[u" "ip]=1; nets[u" "n]=1; dn[u"|"d"|"n]=1 }
  END { for (k in ips) { split(k,a," "); ni[a[1]]++ } for (k in nets) { split(k,a," "); nn[a[1]]++ }
        for (k in dn) { split(k,a,"|"); c[a[1]"|"a[2]]++ } for (k in c) { split(k,a,"|"); if (c[k]>mx[a[1]]) mx[a[1]]=c[k] }
        for (u in m) printf "login:%s messages %d\nlogin:%s client_ips %d\nlogin:%s client_networks %d\nlogin:%s max_networks_per_day %d\n", u,m[u],u,ni[u],u,nn[u],u,mx[u] }' >> "$out"

# 2. messages per local uid (pickup)
L | grep -E 'postfix/pickup\[[0-9]+\]: [0-9A-F]+: uid=' | sed -E 's/.* uid=([0-9]+) .*/\1/' | sort | uniq -c |
  awk '{printf "local:%s messages %d\n", $2, $1}' >> "$out"

# 3. messages per unauthenticated client (re-injected copies removed from 127.0.0.1)
hops=$(L | grep -E 'relay=127\.0\.0\.1\[127\.0\.0\.1\]:10025, .*queued as' | sed -E 's/.*queued as ([0-9A-F]+)\)$/\1/' | sort -u)
nhops=$(printf '%s\n' "$hops" | grep -c . || true)
echo "filter hops_new_ids $nhops" >> "$out"
hopclients=$(L | grep -E ' ([0-9A-F]+): client=localhost\[127\.0\.0\.1\]$' | sed -E 's/.* ([0-9A-F]+): client=.*/\1/' | sort -u |
  comm -12 - <(printf '%s\n' "$hops" | sort -u) | grep -c . || true)
echo "filter hop_ids_received_from_localhost $hopclients" >> "$out"
L | grep -E 'postfix/smtpd\[[0-9]+\]: [0-9A-F]+: client=[^,]*$' | sed -E 's/.*client=[^[]*\[([^]]*)\].*/\1/' | sort | uniq -c |
  awk -v h="$nhops" '{ n=$1; if ($2=="127.0.0.1") n-=h; printf "client:%s messages %d\n", $2, n }' >> "$out"

# 4. outcomes per submitter, through the Message-ID tag
L | awk '
  /postfix\/cleanup\[[0-9]+\]: [0-9A-F]+: message-id=</ { q=$6; sub(/:$/,"",q); t=$0; sub(/.*message-id=</,"",t); sub(/\..*/,"",t); tag[q]=t; next }
  / status=(sent|bounced|deferred) / {
    if ($0 ~ /relay=127\.0\.0\.1\[127\.0\.0\.1\]:10025,/ || $0 ~ /orig_to=</) next
    q=$6; sub(/:$/,"",q); t=tag[q]; if (t=="") next
    s=$0; sub(/.* status=/,"",s); sub(/ .*/,"",s)
    if (s=="deferred") { def[t]++; next }
    rc[t]++; st[t" "s]++; all[t]=1
    if (s=="bounced" && $0 ~ /blocked using|unsolicited mail/) rb[t]++
    if ($0 ~ /relay=127\.0\.0\.1\[127\.0\.0\.1\]:25[0-9][0-9],/) rel[t]++ }
  END {
        for (t in all) printf "tag:%s recipients %d\ntag:%s delivered %d\ntag:%s bounced %d\ntag:%s deferred %d\ntag:%s remote_blocked %d\ntag:%s relayed %d\n",
          t,rc[t],t,st[t" sent"],t,st[t" bounced"],t,def[t],t,rb[t],t,rel[t] }' >> "$out"
L | awk '/postfix\/cleanup\[[0-9]+\]: [0-9A-F]+: message-id=</ { q=$6; sub(/:$/,"",q); t=$0; sub(/.*message-id=</,"",t); sub(/\..*/,"",t); tag[q]=t; next }
  / status=(sent|bounced) / { if ($0 ~ /:10025,|orig_to=</) next; q=$6; sub(/:$/,"",q); t=tag[q]; if (t=="") next
    r=$0; sub(/.* to=</,"",r); sub(/>.*/,"",r); print t, tolower(r) }' | sort -u > "$out.rcpts"
# recipients per tag and day of receipt (the date of the message's first cleanup line)
L | awk '/postfix\/cleanup\[[0-9]+\]: [0-9A-F]+: message-id=</ { q=$6; sub(/:$/,"",q); t=$0; sub(/.*message-id=</,"",t); id=t; sub(/>.*/,"",id); sub(/\..*/,"",t)
      tag[q]=t; if (!(id in day)) day[id]=$1" "$2; mday[q]=day[id]; next }
  / status=(sent|bounced) / { if ($0 ~ /:10025,|orig_to=</) next; q=$6; sub(/:$/,"",q); if (tag[q]=="") next; n[tag[q]"|"mday[q]]++ }
  END { for (k in n) { split(k,a,"|"); d=a[2]; gsub(/ /,"_",d); printf "tagday:%s|%s recipients %d\n", a[1], d, n[k] } }' >> "$out"
awk '{n[$1]++} END {for (t in n) printf "tag:%s distinct_recipients %d\n", t, n[t]}' "$out.rcpts" >> "$out"
awk '{d=$2; sub(/.*@/,"",d); if (!s[$1" "d]++) n[$1]++} END {for (t in n) printf "tag:%s recipient_domains %d\n", t, n[t]}' "$out.rcpts" >> "$out"

# 5. busiest hour of day per login / uid / client (by messages accepted)
L | awk '/sasl_username=/ && !/authentication failed/ { u=$0; sub(/.*sasl_username=/,"",u); h[ "login:"u" "substr($3,1,2)]++ }
  /postfix\/pickup\[[0-9]+\]: [0-9A-F]+: uid=/ { u=$0; sub(/.* uid=/,"",u); sub(/ .*/,"",u); h["local:"u" "substr($3,1,2)]++ }
  END { for (k in h) print k, h[k] }' | sort -k1,1 -k3,3nr | awk '{ if ($1!=p) { print $1" busiest_hour_by_messages "($2+0); p=$1 } }' >> "$out"

# 6. SASL failures and relay-denied rejects per client IP; bounce notices
L | grep -E 'SASL [A-Z0-9-]+ authentication failed' | awk '{ ip=$0; sub(/.*\[/,"",ip); sub(/\].*/,"",ip); u=$0; sub(/.*sasl_username=/,"",u)
    n[ip]++; if (!s[ip" "u]++) l[ip]++ } END { for (i in n) printf "auth:%s attempts %d\nauth:%s distinct_logins %d\n", i, n[i], i, l[i] }' >> "$out"
L | grep 'Relay access denied' | awk '{ ip=$0; sub(/.*RCPT from [^[]*\[/,"",ip); sub(/\].*/,"",ip); d=$0; sub(/.* to=<[^@]*@/,"",d); sub(/>.*/,"",d)
    n[ip]++; if (!s[ip" "d]++) k[ip]++ } END { for (i in n) printf "relay:%s attempts %d\nrelay:%s distinct_recipient_domains %d\n", i, n[i], i, k[i] }' >> "$out"
echo "postfix non_delivery_notifications $(L | grep -c 'sender non-delivery notification')" >> "$out"
echo "rejects unknown_user $(L | grep -c 'reject: RCPT from .*User unknown')" >> "$out"
echo "rejects reject_warning $(L | grep -c 'reject_warning')" >> "$out"
echo "postfix local_bounces $(L | grep -c 'postfix/local\[.*status=bounced')" >> "$out"
echo "postfix postmaster_notifications $(L | grep -c 'postmaster non-delivery notification')" >> "$out"

python3 - "$set_dir/expected.json" "$out" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
got = {}
for l in open(sys.argv[2]):
    k, f, v = l.split()
    got[(k, f)] = int(v)
TAGS = {"login:carol@mail.example.test": ["hj", "carol"], "login:news@mail.example.test": ["nl"],
        "login:alice@mail.example.test": ["alice"], "login:bob": ["bob"], "local:33": ["web"], "local:0": ["cron"],
        "local:1001": ["alice-sm"], "local:1002": ["bob-sm"], "client:127.44.8.23": ["orl"],
        "client:127.0.80.5": ["partner"], "client:127.0.81.9": ["friends"], "client:127.0.82.14": ["shop"],
        "client:127.0.0.1": ["app"]}
bad = 0
def check(what, exp, log):
    global bad
    ok = exp == log
    bad += not ok
    print("%-4s %-52s truth %-6s log %s" % ("ok" if ok else "DIFF", what, exp, log))
for s in t["submitters"]:
    key = "%s:%s" % (s["kind"], s["name"])
    check(key + " messages", s["messages"], got.get((key, "messages"), 0))
    if s["kind"] == "login":
        check(key + " client_ips", s["client_ips"], got.get((key, "client_ips")))
        check(key + " client_networks", s["client_networks"], got.get((key, "client_networks")))
        check(key + " max networks in one day", max(d["client_networks"] for d in s["per_day"].values()),
              got.get((key, "max_networks_per_day")))
    tags = TAGS[key]
    for f in ("recipients", "delivered", "bounced", "deferred", "remote_blocked", "relayed"):
        check("%s %s" % (key, f), s[f], sum(got.get(("tag:" + g, f), 0) for g in tags))
    per_day = {}
    for (k, f), v in got.items():
        if k.startswith("tagday:") and k[7:].split("|")[0] in tags:
            per_day[k.split("|")[1]] = per_day.get(k.split("|")[1], 0) + v
    check(key + " max recipients in one day", max(d["recipients"] for d in s["per_day"].values()), max(per_day.values()))
    if len(tags) == 1:
        for f in ("distinct_recipients", "recipient_domains"):
            check("%s %s" % (key, f), s[f], got.get(("tag:" + tags[0], f), 0))
    if "busiest_hour" in s and s["kind"] != "client":
        check(key + " busiest hour (by messages)", s["busiest_hour"], got.get((key, "busiest_hour_by_messages")))
for a in t["auth_failures"]:
    check("auth failures %s attempts" % a["client"], a["attempts"], got.get(("auth:" + a["client"], "attempts")))
    check("auth failures %s distinct logins" % a["client"], a["distinct_logins"], got.get(("auth:" + a["client"], "distinct_logins")))
n = sum(1 for k in got if k[0].startswith("auth:") and k[1] == "attempts")
check("clients with SASL failures", len(t["auth_failures"]), n)
for r in t["relay_denied"]:
    check("relay denied %s attempts" % r["client"], r["attempts"], got.get(("relay:" + r["client"], "attempts")))
    check("relay denied %s domains" % r["client"], r["distinct_recipient_domains"],
          got.get(("relay:" + r["client"], "distinct_recipient_domains")))
check("bounce notices", t["postfix_notices"]["non_delivery_notifications"], got.get(("postfix", "non_delivery_notifications")))
check("unknown-user rejects", sum(v for k, v in t["rejects"].items() if k.startswith("unknown-user")), got.get(("rejects", "unknown_user")))
check("reject_warning lines", 0, got.get(("rejects", "reject_warning")))
check("local delivery failures", 0, got.get(("postfix", "local_bounces")))
check("postmaster (double-bounce) notices", 0, got.get(("postfix", "postmaster_notifications")))
if t["content_filter"]:
    check("filter: every hop id is received from localhost", got.get(("filter", "hops_new_ids")),
          got.get(("filter", "hop_ids_received_from_localhost")))
else:
    check("no filter hops", 0, got.get(("filter", "hops_new_ids")))
print("%d disagreement(s)" % bad)
sys.exit(1 if bad else 0)
PY
rc=$?
rm -f "$out" "$out.rcpts"
exit $rc
