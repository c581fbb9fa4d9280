#!/usr/bin/env python3
"""Play seeded "actors" against a real Postfix on loopback and write the ground truth.

usage: actors.py SEED FIRSTDATE OUTDIR [--filter] [--plan-only]

  SEED        the plan's seed (recipients, message sizes, order within a phase)
  FIRSTDATE   the date the first of the three "days" will carry once date_logs.py has dated
              the raw log (YYYY-MM-DD)
  OUTDIR      gets phases.json (raw wall-clock span of every phase and the window it is dated
              into) and expected.json (the ground truth)
  --filter    only recorded in expected.json: make-actor-logs.sh configures the filter loop
  --plan-only write expected.json without talking to Postfix (the truth does not depend on
              the run; used to check the plan)

The truth is derived from the plan and from what this program saw at the SMTP level (every
reply is checked against the plan: an unexpected reply stops the run), plus what it knows of
the configuration made by make-actor-logs.sh (which destination accepts, greylists, bounces
or answers with a blocklist reply). It never reads Postfix's log.

Phases run one after another; each ends when Postfix's queue is empty (so all its deliveries,
retries and bounce notices are done), and date_logs.py maps each phase's raw span into its own
window of the day (all within one clock hour), which is what makes the busiest hour knowable.
"""
import collections, datetime as dt, email.utils, ipaddress, json, os, pwd, random, smtplib
import ssl, subprocess, sys, textwrap, time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
FILTER = "--filter" in sys.argv
PLAN_ONLY = "--plan-only" in sys.argv
SEED, OUT = int(args[0]), args[2]
DATES = [str(dt.date.fromisoformat(args[1]) + dt.timedelta(days=k)) for k in range(3)]
rnd = random.Random(SEED)

# ------------------------------------------------------------------------------------------
# What make-actor-logs.sh configured: destination -> behaviour (by construction)
LOCAL_DOMAIN = "example.test"
LOCAL_USERS = {"alice", "bob", "carol", "news", "www-data"}
FORWARDS = {"ext": "someone@good.test"}          # /etc/aliases (setup.sh): forwarded as NEWID
VIRTUAL = {"info@virt.test", "sales@virt.test"}
ACCEPT = {"good.test", "good2.test", "gmail.test", "yahoo.test", "spoofed.test"}   # smtp-sink
QUEUED = {"queued.test"}        # remote_sink.py: 250 ... queued as XXXXXXXXXX (a remote id)
GREY = {"grey.test"}            # remote_sink.py: 451 once per address, then accepted
HARD = {"hard.test"}            # smtp-sink: 550 5.1.1 ... User unknown (RCPT)
BLOCKED = {"blocked.test"}      # smtp-sink: 554 5.7.1 ... blocked using zen.spamhaus.org (RCPT)
SPAMREPLY = {"bigmail.test"}    # smtp-sink: 550 5.7.1 ... likely unsolicited mail ... (DATA)
REMOTE = ACCEPT | QUEUED | GREY | HARD | BLOCKED | SPAMREPLY

THRESHOLDS = {"high-volume": "recipients in one day >= 500",
              "many-networks": "a login used from >= 5 client networks (/24) in one day",
              "high-bounce": "recipients >= 50 and bounced (incl. remote-rejected) >= 20 %",
              "remote-blocked": "blocklist/spam replies >= 5",
              "unauthenticated-relay": "a client other than 127.0.0.1/::1, not authenticated, relayed >= 1 recipient"}

# ------------------------------------------------------------------------------------------
# Actors
HIJACK_NETS = [50, 51, 52, 53, 54, 55, 56, 57]
HIJACK_IPS = []
for k, net in enumerate(HIJACK_NETS):
    HIJACK_IPS.append("127.0.%d.%d" % (net, 10 + 17 * k % 200))
for k, net in enumerate(HIJACK_NETS):
    HIJACK_IPS.append("127.0.%d.%d" % (net, 140 + 11 * k % 100))   # second host in every /24

PASSWORDS = {"carol@mail.example.test": "secret-carol", "news@mail.example.test": "secret-news",
             "alice@mail.example.test": "secret-alice", "bob": "secret-bob"}
UID = {u: pwd.getpwnam(u).pw_uid for u in ("root", "alice", "bob", "www-data")}

# who is who (role is documentation only; the parser sees none of it)
ROLES = {
    ("login", "carol@mail.example.test"): "hijacked login: honest from home on days 1-3, a spam run from 16 IPs in 8 /24s on day 2",
    ("login", "news@mail.example.test"): "bulk but honest newsletter: 300 recipients a day from one IP, 2 % bounces",
    ("login", "alice@mail.example.test"): "honest user, home and phone networks",
    ("login", "bob"): "honest user (login without realm), one mistyped password, one mistyped recipient",
    ("local", str(UID["www-data"])): "web script via sendmail as www-data: 4 order mails on day 1, hacked on day 2 (60 mails, 27 % bounced)",
    ("local", str(UID["root"])): "honest: cron mail from root",
    ("local", str(UID["alice"])): "honest: alice runs sendmail",
    ("local", str(UID["bob"])): "honest: bob runs sendmail",
    ("client", "127.44.8.23"): "open-relay abuser: not authenticated, inside the too-wide mynetworks 127.44.0.0/16",
    ("client", "127.0.80.5"): "honest inbound MX of a partner (mail to local users and to a forwarding alias)",
    ("client", "127.0.81.9"): "honest inbound (one recipient rejected as unknown)",
    ("client", "127.0.82.14"): "honest inbound (local and virtual mailboxes)",
    ("client", "127.0.0.1"): "honest local application on 127.0.0.1 relaying (exempt from unauthenticated-relay)",
}
HOSTS = {"127.0.80.5": "mx.partner.test", "127.0.81.9": "mail.friends.test", "127.0.82.14": "smtp.shop.test",
         "127.0.0.1": "localhost"}

FIRST = ["tom", "ann", "lee", "kim", "max", "eva", "ian", "zoe", "sam", "ida", "leo", "mia", "noa", "ray"]


def addr(dom, used):
    while True:
        a = "%s%d@%s" % (rnd.choice(FIRST), rnd.randint(1, 999), dom)
        if a not in used:
            used.add(a)
            return a


def spread(total, parts, lo, hi):
    """`parts` integers in [lo, hi] summing to `total` (seeded)."""
    xs = [rnd.randint(lo, hi) for _ in range(parts)]
    while sum(xs) != total:
        i = rnd.randrange(parts)
        if sum(xs) < total and xs[i] < hi:
            xs[i] += 1
        elif sum(xs) > total and xs[i] > lo:
            xs[i] -= 1
    return xs


def dest_list(counts):
    """counts: [(domain, n)] -> shuffled domain list."""
    out = [d for d, n in counts for _ in range(n)]
    rnd.shuffle(out)
    return out


# ------------------------------------------------------------------------------------------
# Sessions. A session is one SMTP connection (or one sendmail run) of one actor.
def smtp_session(actor, sub, port, ip, helo, messages, login=None, tls=False, auth=None):
    return {"actor": actor, "sub": sub, "via": "smtp", "port": port, "ip": ip, "helo": helo,
            "login": login, "tls": tls, "auth": auth or ([("PLAIN", login, PASSWORDS[login], True)] if login else []),
            "messages": messages}


def sendmail_session(actor, sub, user, message):
    return {"actor": actor, "sub": sub, "via": "sendmail", "user": user, "messages": [message]}


msg_seq = collections.Counter()


def message(tag, day, sender, rcpts, subject, host, reject=()):
    msg_seq[tag] += 1
    return {"tag": tag, "day": day, "sender": sender, "rcpts": list(rcpts), "reject": dict(reject),
            "subject": subject, "size": rnd.randint(300, 2500),
            "msgid": "<%s.%d.%04d.%d@%s>" % (tag, day, msg_seq[tag], SEED, host)}


PHASES = []


def phase(name, day, start, end, sessions, shuffle=True):
    if shuffle:
        rnd.shuffle(sessions)
    PHASES.append({"name": name, "day": day, "start": start, "end": end, "sessions": sessions})


used = set()
CAROL = ("login", "carol@mail.example.test")
NEWS = ("login", "news@mail.example.test")
ALICE = ("login", "alice@mail.example.test")
BOB = ("login", "bob")
WEB = ("local", str(UID["www-data"]))
ROOT = ("local", str(UID["root"]))
ALICE_L = ("local", str(UID["alice"]))
BOB_L = ("local", str(UID["bob"]))
RELAY = ("client", "127.44.8.23")
PARTNER, FRIENDS, SHOP, APP = ("client", "127.0.80.5"), ("client", "127.0.81.9"), ("client", "127.0.82.14"), ("client", "127.0.0.1")


# Message-ID tags (<TAG.DAY.SEQ.SEED@host>): one per submitter (the hijacker's spam "hj" apart
# from carol's own mail "carol"), so the truth can be cross-checked with grep via message-id=.
TAGS = {CAROL: "carol", ALICE: "alice", BOB: "bob", PARTNER: "partner", FRIENDS: "friends", SHOP: "shop",
        ROOT: "cron", ALICE_L: "alice-sm", BOB_L: "bob-sm"}


def inbound(sub, helo, day, rcpts, reject=(), sender=None):
    ip = sub[1]
    sender = sender or addr(helo.split(".", 1)[1], used)
    m = message(TAGS[sub], day, sender, list(rcpts) + list(dict(reject)),
                rnd.choice(["Re: contract", "Invoice 2291", "lunch?", "photos"]), helo, reject)
    return smtp_session("inbound", sub, 25, ip, helo, [m])


def app(day):
    return smtp_session("app", APP, 25, "127.0.0.1", "app.example.test",
                        [message("app", day, "app@example.test", ["ops@good2.test"], "nightly report", "app.example.test")])


def local(sub, user, day, rcpts, subject, sender=None):
    return sendmail_session("local", sub, user, message(TAGS[sub], day, sender, rcpts, subject, "mail.example.test"))


def web(day, rcpt):
    return sendmail_session("web", WEB, "www-data",
                            message("web", day, None, [rcpt], rnd.choice(["Your order", "Order confirmation", "Password reset"]),
                                    "shop.example.test"))


def user(sub, ip, day, rcpts, auth=None):
    login = sub[1]
    sender = {"carol@mail.example.test": "carol@example.test", "alice@mail.example.test": "alice@example.test",
              "bob": "bob@example.test"}[login]
    m = message(TAGS[sub], day, sender, rcpts, rnd.choice(["hi", "Re: weekend", "notes", "Fwd: tickets"]), "client.home.test")
    return smtp_session("user", sub, 587, ip, "client.home.test", [m], login=login, tls=rnd.random() < 0.6, auth=auth)


def relay_abuser(day, counts, per_msg):
    dests = dest_list(counts)
    sessions, i = [], 0
    for n in per_msg:
        rc = [addr(d, used) for d in dests[i:i + n]]
        i += n
        sessions.append(smtp_session("relay", RELAY, 25, "127.44.8.23", "WIN-7QJ2K4",
                                     [message("orl", day, "promo@spoofed.test", rc, "Best prices on watches", "spoofed.test")]))
    return sessions


PROBE_DOMAINS = ["hotmail.test", "aol.test", "gmx.test", "web.test", "outlook.test", "orange.test",
                 "free.test", "libero.test", "qq.test", "mail.test", "naver.test", "seznam.test"]


def prober(day):
    doms = PROBE_DOMAINS[:]
    rnd.shuffle(doms)
    out = []
    for k in range(3):
        rc = ["%s@%s" % (rnd.choice(["test", "check", "info", "admin"]), d) for d in doms[4 * k:4 * k + 4]]
        m = message("probe", day, "check@prober.test", rc, "relay test", "prober.test",
                    reject={r: "relay" for r in rc})
        out.append(smtp_session("prober", ("abuse", "127.0.91.13"), 25, "127.0.91.13", "mail.prober.test", [m]))
    return out


def guesser(attempts):
    return smtp_session("guesser", ("abuse", "127.0.90.66"), 587, "127.0.90.66", "User", [],
                        auth=[("LOGIN", l, pw, False) for l, pw in attempts])


def hijack(day, dests, per_msg, start):
    sessions, i = [], 0
    for k, n in enumerate(per_msg):
        rc = [addr(d, used) for d in dests[i:i + n]]
        i += n
        ip = HIJACK_IPS[(start + k) % len(HIJACK_IPS)]
        m = message("hj", day, "carol@example.test", rc,
                    rnd.choice(["Your account has been credited", "Invoice overdue", "You have won", "Urgent: payment"]),
                    "carol-pc.example.test")
        helo = "dsl-%s.pool.example.net" % ip.split(".", 1)[1].replace(".", "-")
        sessions.append(smtp_session("hijack", CAROL, 587, ip, helo, [m],
                                     login="carol@mail.example.test", tls=rnd.random() < 0.5))
    return sessions


def newsletter(day, subscribers):
    msgs = [message("nl", day, "news@example.test", subscribers[20 * k:20 * k + 20], "Our October news", "news.example.test")
            for k in range(15)]
    return smtp_session("newsletter", NEWS, 587, "127.0.60.10", "lists.example.test", msgs,
                        login="news@mail.example.test", tls=True)


# -- the subscriber list: the same 300 addresses on both days
subs_dom = dest_list([("hard.test", 6), ("grey.test", 5), ("gmail.test", 110), ("yahoo.test", 80),
                      ("good.test", 40), ("good2.test", 29), ("queued.test", 30)])
SUBSCRIBERS = [addr(d, used) for d in subs_dom]

# -- the hijack: 630 recipients on day 2, 65 messages (25 at 03:xx, 40 at 06:xx)
hj_dests = dest_list([("blocked.test", 40), ("bigmail.test", 4), ("hard.test", 150), ("gmail.test", 160),
                      ("yahoo.test", 120), ("good.test", 60), ("good2.test", 46), ("queued.test", 50)])
hj_a, hj_b = spread(245, 25, 7, 12), spread(385, 40, 7, 12)

# -- the web script: day 2, 60 mails, 14 hard + 2 blocklisted
web2 = dest_list([("hard.test", 14), ("blocked.test", 2), ("gmail.test", 20), ("yahoo.test", 14), ("good.test", 10)])

alice_friend = addr("grey.test", used)
carol_mum = addr("yahoo.test", used)

# Day 1 ---------------------------------------------------------------------------------
phase("cron", 1, "00:40", "00:55", [local(ROOT, "root", 1, ["admin@good2.test"], "cron: backup done")])
phase("inbound", 1, "07:05", "07:55", [
    inbound(PARTNER, "mx.partner.test", 1, ["alice@example.test"]),
    inbound(PARTNER, "mx.partner.test", 1, ["bob@example.test"]),
    inbound(PARTNER, "mx.partner.test", 1, ["ext@example.test"]),
    inbound(FRIENDS, "mail.friends.test", 1, ["bob@example.test"]),
    inbound(FRIENDS, "mail.friends.test", 1, ["info@virt.test"], reject={"nosuch@example.test": "unknown"}),
])
tom = addr("good.test", used)
phase("users", 1, "08:05", "08:55", [
    user(ALICE, "127.0.70.21", 1, [tom]),
    user(ALICE, "127.0.70.21", 1, [alice_friend]),
    user(ALICE, "127.0.70.21", 1, ["bob@example.test", addr("yahoo.test", used)]),
    user(BOB, "127.0.72.8", 1, [addr("gmail.test", used)],
         auth=[("PLAIN", "bob", "secret-b0b", False), ("PLAIN", "bob", "secret-bob", True)]),
    user(BOB, "127.0.72.8", 1, [addr("hard.test", used)]),          # a mistyped address: bounces
    user(CAROL, "127.0.73.4", 1, [carol_mum]),
    user(CAROL, "127.0.73.4", 1, [addr("queued.test", used)]),
])
phase("local", 1, "09:05", "09:55", [local(ALICE_L, "alice", 1, ["bob@example.test"], "shopping list"), app(1), app(1)])
phase("newsletter", 1, "10:05", "10:55", [newsletter(1, SUBSCRIBERS)])
phase("web", 1, "13:05", "13:55", [web(1, addr(d, used)) for d in ["gmail.test", "yahoo.test", "gmail.test", "good.test"]])
phase("relay", 1, "15:05", "15:55",
      relay_abuser(1, [("hard.test", 2), ("blocked.test", 1), ("gmail.test", 8), ("yahoo.test", 5), ("good.test", 4)], [4] * 5)
      + prober(1))
phase("guess", 1, "21:05", "21:55", [
    guesser([("admin", "admin"), ("admin", "123456"), ("admin", "password")]),
    guesser([("test", "test"), ("test", "test123"), ("info@example.test", "info")]),
])
# Day 2 ---------------------------------------------------------------------------------
# hijack-b's short window straddles the 06:25 rotation, so the spam run spans two files
phase("hijack-a", 2, "03:05", "03:55", hijack(2, hj_dests[:245], hj_a, 0), shuffle=False)
phase("hijack-b", 2, "06:24", "06:34", hijack(2, hj_dests[245:], hj_b, 5), shuffle=False)
phase("inbound", 2, "07:05", "07:55", [
    inbound(PARTNER, "mx.partner.test", 2, ["alice@example.test"]),
    inbound(PARTNER, "mx.partner.test", 2, ["ext@example.test"]),
    inbound(SHOP, "smtp.shop.test", 2, ["carol@example.test"]),
    inbound(SHOP, "smtp.shop.test", 2, ["sales@virt.test"]),
])
phase("users", 2, "09:05", "09:55", [
    user(ALICE, "127.0.71.5", 2, [tom]),
    user(ALICE, "127.0.71.5", 2, ["carol@example.test"]),
    user(BOB, "127.0.72.8", 2, [addr("good2.test", used)]),
    user(CAROL, "127.0.73.4", 2, [carol_mum]),
])
phase("newsletter", 2, "10:05", "10:55", [newsletter(2, SUBSCRIBERS)])
phase("web", 2, "11:05", "11:55", [web(2, addr(d, used)) for d in web2])
phase("relay", 2, "14:05", "14:55",
      relay_abuser(2, [("hard.test", 2), ("blocked.test", 1), ("gmail.test", 10), ("yahoo.test", 6), ("good.test", 6)],
                   [5, 4, 4, 4, 4, 4]) + prober(2))
phase("guess", 2, "16:05", "16:55", [
    guesser([("alice@mail.example.test", "alice"), ("alice@mail.example.test", "alice123"), ("postmaster", "postmaster")]),
    guesser([("admin", "admin1"), ("admin", "qwerty"), ("sales", "sales")]),
])
phase("evening", 2, "18:05", "18:55", [local(ROOT, "root", 2, ["admin@good2.test"], "cron: backup done"),
                                        local(BOB_L, "bob", 2, ["alice@example.test"], "dinner"), app(2), app(2)])
# Day 3: a quiet morning (and the third file of the rotated set) ------------------------
phase("cron", 3, "00:40", "00:55", [local(ROOT, "root", 3, ["admin@good2.test"], "cron: backup done")])
phase("inbound", 3, "07:05", "07:55", [inbound(PARTNER, "mx.partner.test", 3, ["bob@example.test"])])
phase("users", 3, "08:05", "08:55", [
    user(ALICE, "127.0.70.21", 3, [addr("gmail.test", used)]),
    user(BOB, "127.0.72.8", 3, ["alice@example.test"]),
    user(CAROL, "127.0.73.4", 3, [addr("good.test", used)]),
])


# ------------------------------------------------------------------------------------------
# Ground truth from the plan and the configuration
def domain(a):
    return a.rsplit("@", 1)[1].lower()


def outcome(rcpt, grey_seen):
    """(status, deferred, remote_block_kind, relayed) of one accepted recipient, by construction."""
    d = domain(rcpt)
    if d == LOCAL_DOMAIN or d == "virt.test":
        return "delivered", 0, None, False
    if d in ACCEPT or d in QUEUED:
        return "delivered", 0, None, True
    if d in GREY:
        first = rcpt.lower() not in grey_seen
        grey_seen.add(rcpt.lower())
        return "delivered", 1 if first else 0, None, True
    if d in HARD:
        return "bounced", 0, None, True
    if d in BLOCKED:
        return "bounced", 0, "blocklist (zen.spamhaus.org)", True
    if d in SPAMREPLY:
        return "bounced", 0, "spam (likely unsolicited mail)", True
    raise SystemExit("no behaviour known for %s" % rcpt)


def net24(ip):
    return str(ipaddress.ip_network(ip + "/24", strict=False))


def hour_of(ph):
    return int(ph["start"][:2])


def build_truth():
    subs = collections.OrderedDict()
    grey_seen = set()
    auth = collections.OrderedDict()
    relay_denied = collections.OrderedDict()
    rejects = collections.Counter()
    notices = collections.Counter()
    for ph in PHASES:
        date = DATES[ph["day"] - 1]
        for s in ph["sessions"]:
            for mech, login, pw, ok in s.get("auth", []):
                if not ok:
                    a = auth.setdefault(s["ip"], {"client": s["ip"], "host": "unknown", "attempts": 0, "logins": set(),
                                                  "mechanisms": collections.Counter(), "days": set()})
                    a["attempts"] += 1
                    a["logins"].add(login)
                    a["mechanisms"][mech] += 1
                    a["days"].add(date)
            for m in s["messages"]:
                for r, why in m["reject"].items():
                    if why == "relay":
                        rd = relay_denied.setdefault(s["ip"], {"client": s["ip"], "host": "unknown", "attempts": 0,
                                                               "recipient_domains": set(), "days": set()})
                        rd["attempts"] += 1
                        rd["recipient_domains"].add(domain(r))
                        rd["days"].add(date)
                        rejects["relay-denied 5xx (554 5.7.1 Relay access denied)"] += 1
                    else:
                        rejects["unknown-user 5xx (550 5.1.1 User unknown in local recipient table)"] += 1
                accepted = [r for r in m["rcpts"] if r not in m["reject"]]
                if not accepted:
                    continue
                kind, name = s["sub"]
                sub = subs.setdefault(s["sub"], {
                    "kind": kind, "name": name, "messages": 0, "recipients": 0, "rcpt_set": set(), "domains": set(),
                    "senders": set(), "ips": set(), "delivered": 0, "deferred": 0, "bounced": 0, "remote_blocked": 0,
                    "remote_blocked_by_reply": collections.Counter(), "relayed": 0,
                    "per_day": collections.OrderedDict(), "by_hour": collections.Counter(), "rcpt_by_hour": collections.Counter(),
                    "by_day_hour": collections.Counter(), "rcpt_by_day_hour": collections.Counter()})
                pd = sub["per_day"].setdefault(date, {"messages": 0, "recipients": 0, "ips": set(), "bounced": 0,
                                                      "remote_blocked": 0, "relayed": 0})
                sender = m["sender"] or ("%s@%s" % (s["user"], LOCAL_DOMAIN))
                sub["messages"] += 1
                pd["messages"] += 1
                sub["senders"].add(sender)
                if s["via"] == "smtp":
                    sub["ips"].add(s["ip"])
                    pd["ips"].add(s["ip"])
                h = hour_of(ph)
                sub["by_hour"][h] += 1
                sub["rcpt_by_hour"][h] += len(accepted)
                sub["by_day_hour"][(date, h)] += 1
                sub["rcpt_by_day_hour"][(date, h)] += len(accepted)
                bounced_here = False
                for r in accepted:
                    st, deferred, block, relayed = outcome(r, grey_seen)
                    sub["recipients"] += 1
                    pd["recipients"] += 1
                    sub["rcpt_set"].add(r.lower())
                    sub["domains"].add(domain(r))
                    sub[st] += 1
                    sub["deferred"] += deferred
                    if st == "bounced":
                        pd["bounced"] += 1
                        bounced_here = True
                    if block:
                        sub["remote_blocked"] += 1
                        sub["remote_blocked_by_reply"][block] += 1
                        pd["remote_blocked"] += 1
                    if relayed:
                        sub["relayed"] += 1
                        pd["relayed"] += 1
                if bounced_here:
                    notices[sender] += 1

    def busiest(by, rby):
        best = max(by.values())
        hs = [h for h, v in by.items() if v == best]
        rbest = max(rby.values())
        rhs = [h for h, v in rby.items() if v == rbest]
        return hs[0] if len(hs) == 1 and rhs == hs else None

    out_subs, flagged = [], collections.OrderedDict((k, []) for k in THRESHOLDS)
    for key, s in subs.items():
        flags = []
        days = s["per_day"]
        day_nets = {d: {net24(ip) for ip in v["ips"]} for d, v in days.items()}
        if any(v["recipients"] >= 500 for v in days.values()):
            flags.append("high-volume")
        if s["kind"] == "login" and any(len(n) >= 5 for n in day_nets.values()):
            flags.append("many-networks")

        def high_bounce(r, b):
            return r >= 50 and b * 5 >= r
        hb_total = high_bounce(s["recipients"], s["bounced"])
        hb_days = any(high_bounce(v["recipients"], v["bounced"]) for v in days.values())
        if hb_total != hb_days:
            raise SystemExit("plan is ambiguous for high-bounce (whole period vs one day): %s" % (key,))
        if hb_total:
            flags.append("high-bounce")
        rb_total = s["remote_blocked"] >= 5
        if rb_total != any(v["remote_blocked"] >= 5 for v in days.values()):
            raise SystemExit("plan is ambiguous for remote-blocked (whole period vs one day): %s" % (key,))
        if rb_total:
            flags.append("remote-blocked")
        if s["kind"] == "client" and s["name"] not in ("127.0.0.1", "::1") and s["relayed"] >= 1:
            flags.append("unauthenticated-relay")
        for f in flags:
            flagged[f].append("%s:%s" % key)
        o = collections.OrderedDict()
        o["kind"], o["name"] = s["kind"], s["name"]
        if s["kind"] == "client":
            o["host"] = HOSTS.get(s["name"], "unknown")
        if s["kind"] == "local":
            o["user"] = pwd.getpwuid(int(s["name"])).pw_name
        o["role"] = ROLES[key]
        o["messages"] = s["messages"]
        o["recipients"] = s["recipients"]
        o["distinct_recipients"] = len(s["rcpt_set"])
        o["recipient_domains"] = len(s["domains"])
        o["recipient_domain_list"] = sorted(s["domains"])
        o["envelope_senders"] = sorted(s["senders"])
        nets = sorted({net24(ip) for ip in s["ips"]}, key=lambda n: ipaddress.ip_network(n))
        o["client_ips"] = len(s["ips"])
        o["client_ip_list"] = sorted(s["ips"], key=ipaddress.ip_address)
        o["client_networks"] = len(nets)
        o["client_network_list"] = nets
        for k in ("delivered", "deferred", "bounced", "remote_blocked"):
            o[k] = s[k]
        o["remote_blocked_by_reply"] = dict(sorted(s["remote_blocked_by_reply"].items()))
        o["relayed"] = s["relayed"]
        bh = busiest(s["by_hour"], s["rcpt_by_hour"])
        if bh is not None:
            o["busiest_hour"] = bh
        bdh = busiest(s["by_day_hour"], s["rcpt_by_day_hour"])
        if bdh is not None:
            o["busiest_day_hour"] = "%s %02d" % bdh
        o["per_day"] = collections.OrderedDict(
            (d, collections.OrderedDict([("messages", v["messages"]), ("recipients", v["recipients"]),
                                         ("client_networks", len(day_nets[d])), ("bounced", v["bounced"]),
                                         ("remote_blocked", v["remote_blocked"]), ("relayed", v["relayed"])]))
            for d, v in days.items())
        o["flags"] = flags
        out_subs.append(o)

    def plain(d):
        d = dict(d)
        for k, v in list(d.items()):
            if isinstance(v, set):
                d[k] = sorted(v)
            elif isinstance(v, collections.Counter):
                d[k] = dict(sorted(v.items()))
        return d
    af = [plain(a) for a in auth.values()]
    for a in af:
        a["distinct_logins"] = len(a["logins"])
    rd = [plain(r) for r in relay_denied.values()]
    for r in rd:
        r["distinct_recipient_domains"] = len(r["recipient_domains"])
    truth = collections.OrderedDict()
    truth["set"] = "actors-filter" if FILTER else "actors"
    truth["seed"] = SEED
    truth["dates"] = DATES
    truth["content_filter"] = "smtp:[127.0.0.1]:10025 (Postfix loops through itself)" if FILTER else None
    truth["thresholds"] = THRESHOLDS
    truth["submitters"] = out_subs
    truth["auth_failures"] = af
    truth["relay_denied"] = rd
    truth["rejects"] = dict(sorted(rejects.items()))
    truth["flagged"] = flagged
    truth["not_flagged"] = ["%s:%s" % (o["kind"], o["name"]) for o in out_subs if not o["flags"]]
    truth["postfix_notices"] = collections.OrderedDict([
        ("non_delivery_notifications", sum(notices.values())),
        ("by_original_sender", dict(sorted(notices.items()))),
        ("note", "one `sender non-delivery notification` per message with >= 1 bounced recipient; made by Postfix, "
                 "blamed on no submitter")])
    truth["phases"] = [collections.OrderedDict([("day", DATES[p["day"] - 1]), ("window", "%s-%s" % (p["start"], p["end"])),
                                                ("name", p["name"]),
                                                ("actors", sorted({s["actor"] for s in p["sessions"]}))]) for p in PHASES]
    return truth


# ------------------------------------------------------------------------------------------
# Playing the plan
class Surprise(Exception):
    pass


def body(m, to_header):
    text = "Hello,\n\n" + textwrap.fill(("This is a test message of the postsumm actor fixtures. " * 40)[:m["size"]], 72) + "\n"
    hdr = ["From: %s" % (m["sender"] or "webshop <www-data@example.test>"),
           "To: %s" % to_header, "Subject: %s" % m["subject"],
           "Date: %s" % email.utils.formatdate(localtime=True), "Message-ID: %s" % m["msgid"],
           "MIME-Version: 1.0", "Content-Type: text/plain; charset=us-ascii"]
    return ("\r\n".join(hdr) + "\r\n\r\n" + text.replace("\n", "\r\n")).encode()


def play_smtp(s):
    c = smtplib.SMTP("127.0.0.1", s["port"], local_hostname=s["helo"], timeout=60, source_address=(s["ip"], 0))
    c.ehlo(s["helo"])
    if s["tls"]:
        ctx = ssl.create_default_context()
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        c.starttls(context=ctx)
        c.ehlo(s["helo"])
    for mech, login, pw, ok in s["auth"]:
        c.user, c.password = login, pw
        try:
            code, _ = c.auth(mech, c.auth_plain if mech == "PLAIN" else c.auth_login)
            got = code == 235
        except smtplib.SMTPAuthenticationError as e:
            if e.smtp_code != 535:
                raise Surprise("AUTH %s %s: %s" % (mech, login, e))
            got = False
        if got != ok:
            raise Surprise("AUTH %s %s: expected %s" % (mech, login, ok))
    for m in s["messages"]:
        code, _ = c.mail(m["sender"])
        if code != 250:
            raise Surprise("MAIL FROM %s: %d" % (m["sender"], code))
        accepted = []
        for r in m["rcpts"]:
            code, text = c.rcpt(r)
            why = m["reject"].get(r)
            if why is None and code != 250:
                raise Surprise("RCPT %s from %s: %d %s" % (r, s["ip"], code, text))
            if why == "relay" and not (code == 554 and b"Relay access denied" in text):
                raise Surprise("RCPT %s from %s: expected Relay access denied, got %d %s" % (r, s["ip"], code, text))
            if why == "unknown" and not (code == 550 and b"User unknown" in text):
                raise Surprise("RCPT %s: expected User unknown, got %d %s" % (r, code, text))
            if code == 250:
                accepted.append(r)
        if accepted:
            code, text = c.data(body(m, ", ".join(accepted)))
            if code != 250:
                raise Surprise("DATA from %s: %d %s" % (s["ip"], code, text))
        else:
            c.rset()
    c.quit()


def play_sendmail(s):
    m = s["messages"][0]
    cmd = ["/usr/sbin/sendmail", "-i"] + (["-f", m["sender"]] if m["sender"] else []) + ["--"] + m["rcpts"]
    if s["user"] != "root":
        cmd = ["runuser", "-u", s["user"], "--"] + cmd
    r = subprocess.run(cmd, input=body(m, ", ".join(m["rcpts"])), timeout=60)
    if r.returncode != 0:
        raise Surprise("sendmail as %s: exit %d" % (s["user"], r.returncode))


def queue_empty():
    r = subprocess.run(["postqueue", "-j"], capture_output=True, text=True)
    if r.stdout.strip():
        return False
    return not os.listdir("/var/spool/postfix/maildrop")


def wait_queue(limit=300):
    t0 = time.time()
    time.sleep(1)
    while not queue_empty():
        if time.time() - t0 > limit:
            raise Surprise("queue not empty after %d s" % limit)
        time.sleep(1)
        if time.time() - t0 > 20:
            subprocess.run(["postqueue", "-f"])   # greylisted mail: don't wait for the full backoff
            time.sleep(4)


def next_second():
    time.sleep(1.05 - (time.time() % 1))
    return int(time.time())


def play():
    spans = []
    wait_queue()
    for ph in PHASES:
        start = next_second()
        for s in ph["sessions"]:
            (play_smtp if s["via"] == "smtp" else play_sendmail)(s)
        wait_queue()
        time.sleep(1.2)
        spans.append({"name": ph["name"], "date": DATES[ph["day"] - 1], "window": [ph["start"], ph["end"]],
                      "raw_start": start, "raw_end": int(time.time()) + 1})
        print("phase %-10s day %d: %d sessions, raw %d s" % (ph["name"], ph["day"], len(ph["sessions"]),
                                                              spans[-1]["raw_end"] - start), flush=True)
    return spans


os.makedirs(OUT, exist_ok=True)
truth = build_truth()
if not PLAN_ONLY:
    spans = play()
    json.dump({"seed": SEED, "filter": FILTER, "tz_offset": -time.timezone, "phases": spans},
              open(os.path.join(OUT, "phases.json"), "w"), indent=1)
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(truth, f, indent=1)
    f.write("\n")
print("truth: %d submitters, flagged %s" % (len(truth["submitters"]),
                                           {k: v for k, v in truth["flagged"].items()}))
