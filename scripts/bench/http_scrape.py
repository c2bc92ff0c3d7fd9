#!/usr/bin/env python3
"""HTTP front-end benchmark: the CPU one Prometheus scrape of the benchmark device costs the
server, NutSharp's /metrics against the NUT requests nut_exporter sends for the same data (against
NutSharp and against upsd 2.8.0), and NutSharp's idle memory with HTTP off and on.

    scripts/bench/http_scrape.py [--scrapes N] [--nut-scrapes N] [--upsd-scrapes N]

NUTSHARP_BIN (default artifacts/bin/nutsharp). Needs /lib/nut/upsd and /lib/nut/dummy-ups; run as
root (servers run with -u root). Standard library only. Prints a Markdown table and writes it to
scripts/bench/results-http.md. Reports, asserts nothing.

CPU per scrape is the server process's utime+stime (from /proc/PID/stat) over a run of scrapes,
divided by the scrapes; the client's own CPU is not counted. A nut_exporter scrape is what
nut_exporter 3.x does per scrape through its library (robbiet480/go.nut): connect, LIST CLIENT,
LIST CMD with GET CMDDESC per command, GET UPSDESC, GET NUMLOGINS, LIST VAR with GET DESC and
GET TYPE per variable, LOGOUT, close. A /metrics scrape is one GET on a kept-alive connection, as
Prometheus scrapes.
"""
import argparse
import http.client
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
UPSD, DUMMY_UPS = "/lib/nut/upsd", "/lib/nut/dummy-ups"
TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_conf(directory, port, http_port=None):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "upsd.conf"), "w") as f:
        f.write(f"LISTEN 127.0.0.1 {port}\n")
    with open(os.path.join(directory, "ups.conf"), "w") as f:
        f.write('[bench]\n  driver = dummy-ups\n  port = bench.dev\n  desc = "Benchmark UPS"\n')
    with open(os.path.join(directory, "upsd.users"), "w") as f:
        f.write("[admin]\n  password = benchpass\n  actions = SET\n  instcmds = ALL\n")
    if http_port is not None:
        with open(os.path.join(directory, "nutsharp.toml"), "w") as f:
            f.write(f'[http]\nlisten = ["127.0.0.1:{http_port}"]\n')
    shutil.copy(os.path.join(HERE, "bench.dev"), os.path.join(directory, "bench.dev"))


class Servers:
    def __init__(self):
        self.procs = []

    def start(self, directory, *argv):
        env = dict(os.environ, NUT_CONFPATH=directory, NUT_STATEPATH=directory, NUT_ALTPIDPATH=directory)
        log = open(os.path.join(directory, os.path.basename(argv[0]) + ".log"), "ab")
        p = subprocess.Popen(argv, cwd=directory, env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append(p)
        return p

    def stop(self, p):
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if p in self.procs:
            self.procs.remove(p)

    def stop_all(self):
        for p in list(self.procs):
            self.stop(p)


class Nut:
    """A line client for one NUT connection."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buf += chunk
        first, self.buf = self.buf.split(b"\n", 1)
        return first.decode("latin-1")

    def ask(self, request):
        self.sock.sendall(request.encode() + b"\n")
        return self.line()

    def ask_list(self, request):
        first = self.ask(request)
        lines = [first]
        if first.startswith("BEGIN LIST"):
            while not lines[-1].startswith("END LIST"):
                lines.append(self.line())
        return lines

    def close(self):
        self.sock.close()


def nut_exporter_scrape(port, ups="bench"):
    """The NUT requests of one nut_exporter scrape (go.nut NewUPS + Disconnect)."""
    nut = Nut(port)
    nut.ask_list(f"LIST CLIENT {ups}")
    for line in nut.ask_list(f"LIST CMD {ups}"):
        if line.startswith("CMD "):
            nut.ask(f"GET CMDDESC {ups} {line.split()[2]}")
    nut.ask(f"GET UPSDESC {ups}")
    nut.ask(f"GET NUMLOGINS {ups}")
    for line in nut.ask_list(f"LIST VAR {ups}"):
        if line.startswith("VAR "):
            name = line.split()[2]
            nut.ask(f"GET DESC {ups} {name}")
            nut.ask(f"GET TYPE {ups} {name}")
    nut.ask("LOGOUT")
    nut.close()


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def measure(pid, scrape, count):
    scrape()  # warm-up
    before = cpu_seconds(pid)
    started = time.monotonic()
    for _ in range(count):
        scrape()
    wall = time.monotonic() - started
    return (cpu_seconds(pid) - before) / count * 1e6, wall / count * 1e3


def wait_nut(port, proc, name):
    for _ in range(200):
        if proc.poll() is not None:
            sys.exit(f"http_scrape.py: {name} exited during start-up")
        try:
            nut = Nut(port)
            status = nut.ask("GET VAR bench ups.status")
            nut.close()
            if status.startswith("VAR bench ups.status"):
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"http_scrape.py: {name} not serving on {port}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scrapes", type=int, default=5000, help="/metrics scrapes (default 5000)")
    parser.add_argument("--nut-scrapes", type=int, default=500, help="nut_exporter-style scrapes of NutSharp (default 500)")
    parser.add_argument("--upsd-scrapes", type=int, default=200, help="nut_exporter-style scrapes of upsd (default 200; each waits on upsd's LIST stalls)")
    parser.add_argument("--settle", type=float, default=5, help="seconds before idle RSS readings (default 5)")
    args = parser.parse_args()
    binary = os.path.abspath(os.environ.get("NUTSHARP_BIN", os.path.join(ROOT, "artifacts", "bin", "nutsharp")))
    for path in (binary, UPSD, DUMMY_UPS):
        if not os.access(path, os.X_OK):
            sys.exit(f"http_scrape.py: {path} missing")

    work = tempfile.mkdtemp(prefix="nutsharp-httpbench.")
    servers = Servers()
    rows = []
    try:
        # Idle memory, HTTP off then on (fresh servers, nothing asked yet but the readiness check).
        for label, with_http in (("off", False), ("on", True)):
            d = os.path.join(work, "mem-" + label)
            port, http_port = free_port(), free_port()
            write_conf(d, port, http_port if with_http else None)
            p = servers.start(d, binary, "serve", "-u", "root", "-F")
            wait_nut(port, p, "nutsharp")
            time.sleep(args.settle)
            rows.append((f"NutSharp idle RSS, HTTP {label} (MB)", f"{rss_kb(p.pid) / 1024:.1f}"))
            servers.stop(p)

        upsd_dir, nutsharp_dir = os.path.join(work, "upsd"), os.path.join(work, "nutsharp")
        upsd_port, nutsharp_port, http_port = free_port(), free_port(), free_port()
        write_conf(upsd_dir, upsd_port)
        write_conf(nutsharp_dir, nutsharp_port, http_port)
        servers.start(upsd_dir, DUMMY_UPS, "-a", "bench", "-u", "root", "-F")
        upsd = servers.start(upsd_dir, UPSD, "-u", "root", "-F")
        nutsharp = servers.start(nutsharp_dir, binary, "serve", "-u", "root", "-F")
        wait_nut(upsd_port, upsd, "upsd")
        wait_nut(nutsharp_port, nutsharp, "nutsharp")

        conn = http.client.HTTPConnection("127.0.0.1", http_port)

        def get(path):
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            if r.status != 200:
                sys.exit(f"http_scrape.py: {path} answered {r.status}")
            return body

        metrics_bytes = len(get("/metrics"))
        ups_metrics_bytes = len(get("/ups_metrics?ups=bench"))
        cpu, wall = measure(nutsharp.pid, lambda: get("/ups_metrics?ups=bench"), args.scrapes)
        rows.append(("NutSharp /ups_metrics?ups=bench: CPU per scrape (us)", f"{cpu:.1f}"))
        rows.append(("NutSharp /ups_metrics?ups=bench: wall per scrape (ms)", f"{wall:.3f}"))
        cpu_all, _ = measure(nutsharp.pid, lambda: get("/metrics"), args.scrapes)
        rows.append(("NutSharp /metrics (with server metrics): CPU per scrape (us)", f"{cpu_all:.1f}"))
        rows.append(("Scrape size /ups_metrics, /metrics (bytes)", f"{ups_metrics_bytes:,}, {metrics_bytes:,}"))
        nut_cpu, nut_wall = measure(nutsharp.pid, lambda: nut_exporter_scrape(nutsharp_port), args.nut_scrapes)
        rows.append(("nut_exporter's NUT requests to NutSharp: CPU per scrape (us)", f"{nut_cpu:.1f}"))
        rows.append(("nut_exporter's NUT requests to NutSharp: wall per scrape (ms)", f"{nut_wall:.3f}"))
        upsd_cpu, upsd_wall = measure(upsd.pid, lambda: nut_exporter_scrape(upsd_port), args.upsd_scrapes)
        rows.append(("nut_exporter's NUT requests to upsd: CPU per scrape (us)", f"{upsd_cpu:.1f}"))
        rows.append(("nut_exporter's NUT requests to upsd: wall per scrape (ms)", f"{upsd_wall:.3f}"))
        rows.append(("/ups_metrics CPU vs nut_exporter's requests to upsd", f"{cpu / upsd_cpu:.2f}x"))
        rows.append(("/ups_metrics CPU vs nut_exporter's requests to NutSharp", f"{cpu / nut_cpu:.2f}x"))
        rows.append(("NutSharp RSS after the scrapes, HTTP on (MB)", f"{rss_kb(nutsharp.pid) / 1024:.1f}"))
        conn.close()
    finally:
        servers.stop_all()
        shutil.rmtree(work, ignore_errors=True)

    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    text = [
        f"* Machine: {os.cpu_count()} CPUs ({cpu_model}), Linux {platform.release()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"* NutSharp: `{binary}`; upsd: {UPSD} 2.8.0 with dummy-ups; device: scripts/bench/bench.dev",
        f"* Scrapes: {args.scrapes} HTTP, {args.nut_scrapes} NUT to NutSharp, {args.upsd_scrapes} NUT to upsd. Produced by `scripts/bench/http_scrape.py`.",
        "",
        "| Measurement | Figure |",
        "|---|---:|",
    ] + [f"| {k} | {v} |" for k, v in rows]
    out = "\n".join(text) + "\n"
    print(out)
    with open(os.path.join(HERE, "results-http.md"), "w") as f:
        f.write(out)


if __name__ == "__main__":
    main()
