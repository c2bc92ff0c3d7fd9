#!/usr/bin/env python3
"""holder.py PORT N [--nosend] [--src ADDR] [--timeout SECS] [--max-hold SECS]

Open N connections to 127.0.0.1:PORT, a few at a time, and keep them open
until the process gets SIGTERM/SIGINT (or --max-hold seconds have passed, a
safety net so an orphaned holder never lingers).

Unless --nosend is given, each connection sends one VER and waits for its
reply line before the next batch is opened. That makes sure the server has
really accepted and served every connection (a completed TCP handshake alone
only means the kernel queued it), so the server's RSS sampled afterwards
includes all N. After that the connections are idle.

--src binds each socket to that local address (see burst.py).
Prints "held=H failed=F" on stdout once all connections are set up, then
waits. Python standard library only.
"""
import argparse
import resource
import signal
import socket
import sys
import time

BATCH = 16  # upsd listens with a backlog of 16: a batch never overruns it

ap = argparse.ArgumentParser()
ap.add_argument('port', type=int)
ap.add_argument('n', type=int)
ap.add_argument('--nosend', action='store_true')
ap.add_argument('--src', help='local address to bind before connecting')
ap.add_argument('--max-hold', type=float, default=600.0)
ap.add_argument('--deadline', type=float, default=120.0, help='give up setting up connections after this long')
ap.add_argument('--timeout', type=float, default=10.0, help='per-connection connect/reply timeout')
a = ap.parse_args()

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < a.n + 100:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, a.n + 100), hard))


def read_line(sock, deadline):
    data = b''
    while not data.endswith(b'\n'):
        sock.settimeout(max(0.01, deadline - time.time()))
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError('closed by server')
        data += chunk
    return data


def open_batch(count):
    """Connect COUNT sockets, then (unless --nosend) send VER on each and read
    its reply. Returns the sockets that made it and the number that failed."""
    batch, failed = [], 0
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(a.timeout)
        try:
            if a.src:
                s.bind((a.src, 0))
            s.connect(('127.0.0.1', a.port))
            batch.append(s)
        except OSError:
            failed += 1
            s.close()
    if a.nosend:
        return batch, failed
    ok = []
    deadline = time.time() + a.timeout
    for s in batch:
        try:
            s.sendall(b'VER\n')
            read_line(s, deadline)
            ok.append(s)
        except (OSError, ConnectionError):
            failed += 1
            s.close()
    return ok, failed


held, failed = [], 0
# A connection that failed (refused, reset, no reply) is replaced by a new one,
# up to N extra attempts in all, so "held" is N unless the server refuses.
give_up = time.time() + a.deadline
while len(held) < a.n and failed <= a.n and time.time() < give_up:
    got, bad = open_batch(min(BATCH, a.n - len(held)))
    held.extend(got)
    failed += bad

print('held=%d failed=%d' % (len(held), failed), flush=True)
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
signal.signal(signal.SIGINT, lambda *_: stop.append(1))
end = time.time() + a.max_hold
while not stop and time.time() < end:
    time.sleep(0.1)
for s in held:
    s.close()
