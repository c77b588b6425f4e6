#!/usr/bin/env python3
"""Acceptance of the Spark job (spark/gongwen_spark.py) in local mode.

    tests/spark/check.py GONGWEN_BINARY [--shards 1,3,4]

The corpus: prov2026 and truncated copies (60%) of ten of its reports, each
copy named so that for every shard count asked (above 1) it falls in another
shard than its original, and a group of 70 copies of one report (band
buckets larger than the cap, which both sides turn into star edges). For each shard count the job's store must equal a
one-machine `gongwen ingest`: documents, indicators, near-duplicate pairs
(with clusters), the top 10 hits of a fixed list of queries, and the
manifest's files. Then once more with the first attempt of every shard task
made to fail (GONGWEN_SPARK_FAIL_FIRST=1): the same store. A shard count of
0 is refused with exit 2.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROV = os.path.join(ROOT, "..", "shared", "corpora", "prov2026")
JOB = os.path.join(ROOT, "spark", "gongwen_spark.py")
QUERIES = ["经济", '"高质量发展"', "生态 环境", "就业", '"新质生产力"', "乡村振兴", "GDP", "民营经济"]


def fnv1a(text):
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def shard_of(source, n):
    """As gongwen::ingest::shard_of: FNV-1a of the source path, 1-based."""
    return fnv1a(source) % n + 1


def make_corpus(dir, counts):
    csv.field_size_limit(1 << 30)
    names = sorted(os.listdir(PROV))
    for name in names:
        with open(os.path.join(PROV, name), "rb") as f, open(os.path.join(dir, name), "wb") as g:
            g.write(f.read())
    os.makedirs(os.path.join(dir, "copies"))
    crossing = {n: 0 for n in counts}
    for name in names[:10]:
        with open(os.path.join(PROV, name), encoding="utf-8-sig") as f:
            text = next(csv.DictReader(f))["full_text"]
        stem = name[: -len(".csv")]
        i = 0
        while any(n > 1 and shard_of(f"copies/{stem}-{i}.txt", n) == shard_of(name, n) for n in counts):
            i += 1
        copy = f"copies/{stem}-{i}.txt"
        for n in counts:
            crossing[n] += shard_of(copy, n) != shard_of(name, n)
        with open(os.path.join(dir, copy), "w", encoding="utf-8") as f:
            f.write(text[: len(text) * 6 // 10])
    # A group of 70 copies (30% to 99% of one report): band buckets over
    # the cap (BUCKET_CAP), which give star edges, in Spark as in gongwen.
    with open(os.path.join(PROV, names[0]), encoding="utf-8-sig") as f:
        text = next(csv.DictReader(f))["full_text"]
    os.makedirs(os.path.join(dir, "group"))
    for i in range(70):
        with open(os.path.join(dir, "group", f"{i:02}.txt"), "w", encoding="utf-8") as f:
            f.write(text[: len(text) * (30 + i) // 100])
    return crossing


def gongwen(binary, store, *args):
    out = subprocess.run([binary, "--store", store, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"gongwen {' '.join(args)} on {store} failed: {out.stderr}")
    return out.stdout


def outputs(binary, store):
    """What must not differ between two stores of one corpus."""
    out = {
        "documents": gongwen(binary, store, "docs", "--json"),
        "indicators": gongwen(binary, store, "indicators", "--json"),
        "near-duplicate pairs": gongwen(binary, store, "dedup", "--json", "--threshold", "0.3"),
    }
    for q in QUERIES:
        out[f"top 10 of {q}"] = gongwen(binary, store, "search", q, "--json", "--limit", "10")
    with open(os.path.join(store, "current", "manifest.json")) as f:
        out["manifest files"] = json.dumps(json.load(f)["files"])
    return out


def spark(binary, corpus, store, n, fail_first=False):
    env = dict(os.environ, GONGWEN=binary)
    if fail_first:
        env["GONGWEN_SPARK_FAIL_FIRST"] = "1"
    cmd = [sys.executable, JOB, corpus, "--store", store, "--shards", str(n), "--master", "local[2,2]"]
    start = time.time()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"the Spark job failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return time.time() - start, proc.stderr


def compare(want, got, label):
    bad = [k for k in want if want[k] != got[k]]
    if bad:
        sys.exit(f"{label}: differs from one ingest in {', '.join(bad)}")
    lines = lambda k: sum(1 for l in want[k].splitlines() if l.strip())
    print(
        f"{label}: identical to one ingest ({lines('documents')} documents, "
        f"{lines('indicators')} indicators, {lines('near-duplicate pairs')} pairs, "
        f"{len(QUERIES)} queries' top 10, manifest files)"
    )


def check_clusters(store, pairs_json):
    """Spark's connected components (parquet/near_duplicate_clusters) group
    the documents as the store's clusters at the default threshold do."""
    import pyarrow.parquet as pq

    table = pq.read_table(os.path.join(store, "parquet", "near_duplicate_clusters"))
    spark_groups = {}
    for doc, cluster in zip(table.column("doc_id").to_pylist(), table.column("cluster").to_pylist()):
        spark_groups.setdefault(cluster, set()).add(doc)
    # The store's pairs reported at the default threshold, joined by
    # union-find here.
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for line in pairs_json.splitlines():
        if line.strip():
            p = json.loads(line)
            if p["containment"] >= 0.5:
                a, b = find(p["doc_a"]), find(p["doc_b"])
                parent[max(a, b)] = min(a, b)
    store_groups = {}
    for doc in list(parent):
        store_groups.setdefault(find(doc), set()).add(doc)
    assert store_groups, "no near-duplicate clusters to compare"
    a = sorted(sorted(g) for g in spark_groups.values())
    b = sorted(sorted(g) for g in store_groups.values())
    assert a == b, f"Spark's components differ from the store's clusters: {len(a)} vs {len(b)}"
    return len(a)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--shards", default="1,3,4")
    args = p.parse_args()
    binary = os.path.abspath(args.binary)
    counts = [int(n) for n in args.shards.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        os.makedirs(corpus)
        crossing = make_corpus(corpus, counts)
        one = os.path.join(tmp, "one")
        gongwen(binary, one, "ingest", corpus, "-q")
        want = outputs(binary, one)
        pairs = len([l for l in want["near-duplicate pairs"].splitlines() if l.strip()])
        assert pairs >= 80, f"the copies should pair with their originals: {pairs}"
        for n in counts:
            store = os.path.join(tmp, f"spark-{n}")
            secs, _ = spark(binary, corpus, store, n)
            compare(want, outputs(binary, store), f"{n} shards ({crossing[n]} of 10 copies in another shard than their original, {secs:.0f} s)")
            parts = os.listdir(os.path.join(store, "parquet", "documents"))
            assert "year=2026" in parts, parts
            clusters = check_clusters(store, want["near-duplicate pairs"])
            print(f"  Spark's connected components: the store's {clusters} clusters")
        n = max(counts)
        store = os.path.join(tmp, "spark-retry")
        secs, log = spark(binary, corpus, store, n, fail_first=True)
        assert "failing the first attempt" in log, "no task failed: the retry was not tested"
        compare(want, outputs(binary, store), f"{n} shards, every task's first attempt failed ({secs:.0f} s)")
        bad = subprocess.run(
            [sys.executable, JOB, corpus, "--store", os.path.join(tmp, "bad"), "--shards", "0"],
            env=dict(os.environ, GONGWEN=binary),
            capture_output=True,
            text=True,
        )
        assert bad.returncode == 2 and "--shards 0" in bad.stderr, (bad.returncode, bad.stderr)
        print("--shards 0: exit 2 with a message")
        # A work folder holding files the job did not write is not wiped.
        keep = os.path.join(tmp, "precious")
        os.makedirs(keep)
        with open(os.path.join(keep, "notes.txt"), "w") as f:
            f.write("mine")
        bad = subprocess.run(
            [sys.executable, JOB, corpus, "--store", os.path.join(tmp, "bad"), "--work", keep],
            env=dict(os.environ, GONGWEN=binary),
            capture_output=True,
            text=True,
        )
        assert bad.returncode == 2 and os.path.exists(os.path.join(keep, "notes.txt")), bad.stderr
        print("--work on a folder of other files: exit 2, nothing removed")


if __name__ == "__main__":
    main()
