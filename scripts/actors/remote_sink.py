#!/usr/bin/env python3
"""A tiny, deterministic "remote MX" for the actor runs (smtp-sink cannot do either trick):

- every accepted message gets `250 2.0.0 Ok: queued as XXXXXXXXXX`, the reply of a real
  Postfix MX, so the fixtures hold `queued as` replies that are NOT content-filter hops (the
  id never appears as a local queue id);
- recipients in GREY_DOMAINS are greylisted exactly once: the first RCPT for an address gets
  `451 4.7.1 Greylisted, please try again later`, every later one is accepted. So a
  recipient there is deferred exactly once, then delivered, whatever the timing.

usage: remote_sink.py PORT [GREY_DOMAIN ...]     (listens on 127.0.0.1:PORT; state in memory)
"""
import hashlib, socketserver, sys, threading

port = int(sys.argv[1])
grey = {d.lower() for d in sys.argv[2:]}
seen, lock, counter = set(), threading.Lock(), [0]


def queue_id():
    with lock:
        counter[0] += 1
        n = counter[0]
    return hashlib.sha1(b"remote-%d-%d" % (port, n)).hexdigest()[:10].upper()


class Session(socketserver.StreamRequestHandler):
    timeout = 120

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        self.reply("220 mx.remote.test ESMTP")
        rcpts = 0
        while True:
            line = self.rfile.readline(4096)
            if not line:
                return
            cmd = line.decode("latin-1").strip()
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-mx.remote.test\r\n250-8BITMIME\r\n250 SIZE 10240000")
            elif verb == "HELO":
                self.reply("250 mx.remote.test")
            elif verb == "MAIL":
                rcpts = 0
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                addr = cmd.split(":", 1)[1].strip().split()[0].strip("<>").lower() if ":" in cmd else ""
                dom = addr.rsplit("@", 1)[-1]
                first = False
                if dom in grey:
                    with lock:
                        first = addr not in seen
                        seen.add(addr)
                if first:
                    self.reply("451 4.7.1 Greylisted, please try again later")
                else:
                    rcpts += 1
                    self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                if rcpts == 0:
                    self.reply("554 5.5.1 Error: no valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                while True:
                    d = self.rfile.readline(1 << 20)
                    if not d or d in (b".\r\n", b".\n"):
                        break
                self.reply("250 2.0.0 Ok: queued as %s" % queue_id())
            elif verb == "RSET":
                rcpts = 0
                self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Error: command not recognized")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


Server(("127.0.0.1", port), Session).serve_forever()
