#!/usr/bin/env python3
"""Ingest throughput of gongwen and of the bare jieba-rs + tantivy baseline
on 1, 2, 4, … cores: each run is pinned to the first N cores (taskset,
where there is one) with RAYON_NUM_THREADS=N. One run per point.

Usage: bench/scaling.py GONGWEN BASELINE CORPUS_DIR [CORES ...]
  (CORES default: 1 2 4 8 16, those up to the machine's count)
Example: bench/scaling.py target/release/gongwen \\
           "$(ls -t target/release/deps/baseline-* | grep -v '\\.d$' | head -1)" target/bench/corpus-200
"""
import os, resource, shutil, subprocess, sys, tempfile, time


def run(cmd, cores):
    env = dict(os.environ, RAYON_NUM_THREADS=str(cores))
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", f"0-{cores - 1}"] + cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    secs = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {p.stderr[-2000:]}")
    return secs, cpu


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    gongwen, baseline, corpus = sys.argv[1:4]
    cores = [int(c) for c in sys.argv[4:]] or [c for c in (1, 2, 4, 8, 16) if c <= os.cpu_count()]
    mb = sum(os.path.getsize(os.path.join(corpus, f)) for f in os.listdir(corpus)) / 1e6
    print(f"{corpus}: {mb:.1f} MB, {os.cpu_count()} cores here")
    print("cores  gongwen_s  cpu_s  speedup  baseline_s  cpu_s  speedup  gongwen/baseline")
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in cores:
            store = os.path.join(tmp, "store")
            shutil.rmtree(store, ignore_errors=True)
            g, gcpu = run([gongwen, "ingest", corpus, "--store", store, "--full", "-q"], n)
            b, bcpu = run([baseline, corpus], n)
            first = first or (g, b)
            print(f"{n:5}  {g:9.2f}  {gcpu:5.1f}  {first[0] / g:7.2f}  {b:10.2f}  {bcpu:5.1f}  {first[1] / b:7.2f}  {b / g:16.2f}", flush=True)


if __name__ == "__main__":
    main()
