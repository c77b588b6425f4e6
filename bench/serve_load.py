#!/usr/bin/env python3
"""A bounded load test of `gongwen serve` on this machine's loopback only.

usage: serve_load.py BIN STORE [--clients 50] [--requests 2000] [--warmup 20] [--seed 1]
                     [--out FILE]

Starts `BIN serve --store STORE --port 0`, reads its URL from stderr, sends
20 warm-up requests (all at once), then CLIENTS concurrent keep-alive clients
send REQUESTS requests in all, a fixed-seed mix: 50% /api/search?q=Q&limit=10,
20% /search?q=Q, 15% /doc/DOCID?q=Q, 10% /api/compare, 5% /. The server's
RSS is sampled every 0.25 s. Prints per endpoint count/p50/p95/max, RSS
after the warm-up, its maximum and at the end, and stops the server with
SIGINT. Exit 1 on any error (status other than 200, or an exception), on
/api/search p95 >= 50 ms, or on memory that did not stay flat
(end > 1.2 x after-warm-up + 20 MB).

Clients are threads, each with its own keep-alive http.client.HTTPConnection,
in a closed loop (send, wait for the whole answer, send the next): like 50
browsers, each with one open connection. Threads rather than asyncio because
http.client speaks full HTTP/1.1 (Content-Length and chunked bodies,
keep-alive and its resets) without a hand-written client, and a blocking
recv releases the GIL, so 50 threads do keep 50 requests in flight. The
latency is taken around one request in its thread; it includes the client's
own Python time and GIL waits, so it errs on the high side. On a 2-core
machine client and server share the CPUs, and with a closed loop the latency
is about CLIENTS / throughput (Little's law): 50 clients under p95 50 ms
need roughly 1,000 answers a second. The CPU seconds of the server, of this
client and of any other process during the run are printed, so that a run
that shared the machine with a build shows it.

Bounded: REQUESTS requests, each with a 30 s socket timeout, to 127.0.0.1.
"""
import argparse, collections, http.client, json, os, random, re, signal
import subprocess, sys, threading, time, urllib.parse

URL_RE = re.compile(r"http://127\.0\.0\.1:(\d+)/")
MIX = [("api/search", 0.50), ("search", 0.20), ("doc", 0.15), ("api/compare", 0.10), ("/", 0.05)]
# Common words of Chinese government work reports.
QUERIES = """经济 高质量发展 乡村振兴 科技创新 生态环境 就业 民生 改革 消费 投资
数字经济 新质生产力 营商环境 人工智能 城乡 教育 医疗 养老 文化 旅游
制造业 产业链 开放 外贸 招商引资 基础设施 粮食 农业 住房 社会保障
安全生产 碳达峰 绿色低碳 民营经济 财政 债务 创新驱动 人才 交通 新型城镇化""".split()
WARMUP = 20
SEARCH_P95_MS = 50.0


def start(binary, store):
    """The server process, its port, and the tail of its stderr (drained by
    a thread so that the pipe never fills)."""
    proc = subprocess.Popen([binary, "serve", "--store", store, "--port", "0"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    tail, found, port = collections.deque(maxlen=40), threading.Event(), []

    def drain():
        for line in proc.stderr:
            tail.append(line.rstrip("\n"))
            m = URL_RE.search(line)
            if m and not port:
                port.append(int(m.group(1)))
                found.set()
        found.set()
    threading.Thread(target=drain, daemon=True).start()
    if not found.wait(60) or not port:
        try:  # stderr closed: the exit follows
            code = proc.wait(2)
        except subprocess.TimeoutExpired:
            code = None
        proc.kill()
        why = "within 60 s" if code is None else f"before it exited with code {code}"
        sys.exit(f"server start: no http://127.0.0.1:PORT/ on stderr {why}:\n" + "\n".join(tail))
    return proc, port[0], tail


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def cpu_s(pid):
    """User + system CPU seconds of process `pid` so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def busy_s():
    """CPU seconds all processes of the machine spent busy so far."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v[:8]) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")  # less idle and iowait


def plan(n, doc_ids, seed):
    """n (kind, path) pairs, the mix's shares exactly, in a seeded order."""
    rng = random.Random(seed)
    counts = [round(n * share) for _, share in MIX]
    counts[0] += n - sum(counts)
    out = []
    for (kind, _), k in zip(MIX, counts):
        for _ in range(k):
            q = urllib.parse.quote(rng.choice(QUERIES))
            path = {"api/search": f"/api/search?q={q}&limit=10",
                    "search": f"/search?q={q}",
                    "doc": f"/doc/{urllib.parse.quote(rng.choice(doc_ids))}?q={q}",
                    "api/compare": "/api/compare",
                    "/": "/"}[kind]
            out.append((kind, path))
    rng.shuffle(out)
    return out


class Client:
    """One keep-alive connection; reconnects once if the server closed it."""

    def __init__(self, port):
        self.port, self.conn = port, None

    def get(self, path):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request("GET", path)
                r = self.conn.getresponse()
                body = r.read()
                if r.will_close:
                    self.close()
                return r.status, body
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt:
                    raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def run(port, work, clients):
    """Runs the plan on `clients` threads: [(kind, status, ms, error)], seconds."""
    results, lock, nxt = [], threading.Lock(), iter(work)
    ready = threading.Barrier(clients + 1)

    def worker():
        c = Client(port)
        try:  # connect before the clock starts: the test measures requests, not handshakes
            c.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            c.conn.connect()
        except OSError:
            c.close()  # the first request reconnects, and counts its error if any
        ready.wait()
        while True:
            with lock:
                item = next(nxt, None)
            if item is None:
                break
            kind, path = item
            t = time.perf_counter()
            try:
                status, _ = c.get(path)
                err = None if status == 200 else f"status {status}: {path}"
            except Exception as e:  # any failure counts as an error
                status, err = None, f"{type(e).__name__}: {e}: {path}"
                c.close()
            ms = (time.perf_counter() - t) * 1000
            with lock:
                results.append((kind, status, ms, err))
        c.close()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for th in threads:
        th.start()
    ready.wait()
    t0 = time.perf_counter()
    for th in threads:
        th.join(600)
    return results, time.perf_counter() - t0


def pct(sorted_ms, p):
    """Nearest-rank percentile."""
    if not sorted_ms:
        return None
    k = max(0, min(len(sorted_ms) - 1, -(-len(sorted_ms) * p // 100) - 1))
    return sorted_ms[int(k)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bin")
    ap.add_argument("store")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=WARMUP, help="warm-up requests, sent at once")
    ap.add_argument("--out")
    ap.add_argument("--report-latency", action="store_true",
                    help="print the latencies but fail only on errors and memory "
                         "(CI: a shared machine's timings are not a verdict)")
    a = ap.parse_args()
    proc, port, tail = start(a.bin, a.store)
    print(f"server: http://127.0.0.1:{port}/ (pid {proc.pid})")
    try:
        summary = load(a, proc, port)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                code = proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                code = "still running 10 s after SIGINT (killed)"
        else:
            code = f"had exited by itself with {proc.returncode}"
    summary["exit_after_sigint"] = code
    print(f"server after SIGINT: exit {code}")
    if code != 0:
        summary["verdict"].append("server did not stop cleanly on SIGINT")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
    if summary["verdict"]:
        print("FAIL: " + "; ".join(summary["verdict"]))
        print("---- server stderr (tail) ----\n" + "\n".join(tail), file=sys.stderr)
        sys.exit(1)
    print("serve load ok")


def load(a, proc, port):
    c = Client(port)
    status, body = c.get("/api/docs")
    if status != 200:
        sys.exit(f"/api/docs: status {status}")
    doc_ids = [d["doc_id"] for d in json.loads(body)]
    if not doc_ids:
        sys.exit("/api/docs: no documents in the store")
    work = plan(a.requests, doc_ids, a.seed)
    c.close()
    # The warm-up is concurrent, as the run is: the server's blocking threads
    # (and their allocator arenas) start then, so that the RSS after it is
    # the baseline of a loaded server and growth during the run means a leak.
    warm, _ = run(port, plan(a.warmup, doc_ids, a.seed + 1), max(1, min(a.clients, a.warmup)))
    warm_errors = sum(1 for r in warm if r[3])
    rss_start = rss_mb(proc.pid)
    if rss_start is None:
        sys.exit(f"cannot read /proc/{proc.pid}/status: is the server running?")
    samples, done = [rss_start], threading.Event()

    def sample():
        while not done.wait(0.25):
            v = rss_mb(proc.pid)
            if v is not None:
                samples.append(v)
    threading.Thread(target=sample, daemon=True).start()
    cpu0, me0, all0 = cpu_s(proc.pid), os.times(), busy_s()
    results, wall = run(port, work, a.clients)
    cpu1, me1, all1 = cpu_s(proc.pid), os.times(), busy_s()
    if proc.poll() is not None or cpu0 is None or cpu1 is None:
        done.set()
        bad = [r[3] for r in results if r[3]]
        sys.exit(f"the server exited during the run (code {proc.poll()}); "
                 f"{len(bad)} errors, first: {bad[:1]}")
    cpu = {"server_s": cpu1 - cpu0, "client_s": (me1.user + me1.system) - (me0.user + me0.system),
           "cores": os.cpu_count()}
    # Whatever else ran (a build, say) took CPUs from the server: say so.
    cpu["others_s"] = max(0.0, (all1 - all0) - cpu["server_s"] - cpu["client_s"])
    done.set()
    rss_end = rss_mb(proc.pid) or samples[-1]
    samples.append(rss_end)
    summary = summarize(a, results, wall, warm_errors, cpu, rss_start, max(samples), rss_end)
    summary["rss_mb"]["samples_every_0.25_s"] = [round(s, 1) for s in samples]
    return summary


def summarize(a, results, wall, warm_errors, cpu, rss_start, rss_max, rss_end):
    errors = [r[3] for r in results if r[3]] + ["warm-up error"] * warm_errors
    print(f"{len(results)} requests by {a.clients} clients in {wall:.2f} s "
          f"({len(results) / wall:.0f} req/s), errors: {len(errors)}")
    print(f"CPU during the run: server {cpu['server_s']:.2f} s, this client {cpu['client_s']:.2f} s, "
          f"other processes {cpu['others_s']:.2f} s, of {wall * cpu['cores']:.2f} s on "
          f"{cpu['cores']} cores; server {cpu['server_s'] / len(results) * 1000:.2f} ms a request")
    if cpu["others_s"] > 0.1 * wall * cpu["cores"]:
        print("note: other processes took over a tenth of the CPUs: the latencies "
              "are not this server's alone")
    for e in errors[:10]:
        print(f"  error: {e}")
    per = {}
    print(f"{'endpoint':<12} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, _ in MIX:
        ms = sorted(r[2] for r in results if r[0] == kind)
        per[kind] = {"count": len(ms), "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95),
                     "max_ms": ms[-1] if ms else None}
        if ms:
            print(f"{kind:<12} {len(ms):>6} {pct(ms, 50):>8.1f} {pct(ms, 95):>8.1f} {ms[-1]:>8.1f}")
    limit = 1.2 * rss_start + 20
    flat = rss_end <= limit
    print(f"RSS MB: after warm-up {rss_start:.1f}, max {rss_max:.1f}, end {rss_end:.1f}; "
          f"flat (end <= {limit:.1f}): {'yes' if flat else 'no'}")
    verdict = []
    if errors:
        verdict.append(f"{len(errors)} errors")
    p95 = per["api/search"]["p95_ms"]
    if p95 is not None and p95 >= SEARCH_P95_MS and not a.report_latency:
        verdict.append(f"/api/search p95 {p95:.1f} ms >= {SEARCH_P95_MS:.0f} ms")
    if not flat:
        verdict.append(f"RSS not flat: end {rss_end:.1f} MB > {limit:.1f} MB")
    return {"requests": len(results), "clients": a.clients, "seed": a.seed,
            "wall_s": wall, "req_per_s": len(results) / wall, "cpu": cpu, "errors": len(errors),
            "error_samples": errors[:20], "endpoints": per,
            "rss_mb": {"after_warmup": rss_start, "max": rss_max, "end": rss_end,
                       "limit": limit, "flat": flat},
            "verdict": verdict}


main()
