#!/usr/bin/env python3
"""gongwen on Apache Spark: one normal gongwen store from a corpus, built by
many tasks, equal to what one `gongwen ingest` makes.

    spark/gongwen_spark.py CORPUS --store DIR [--shards N] [--master URL]

1. Per shard (a Spark task each, `mapInArrow`): the gongwen binary ingests
   the files of shard K of N (`gongwen ingest CORPUS --shard K/N`) into a
   per-attempt folder, which is renamed to the shard's committed folder
   when the attempt succeeds (a retried or speculative task never leaves a
   half-written shard behind: the rename is atomic, the first to commit
   wins, the others are removed). The task then streams the shard's
   near-duplicate band keys from `gongwen export --bands` (an Arrow IPC
   stream on the binary's stdout) back to Spark as record batches.
2. Spark groups the band keys by (band, key): every pair of a bucket is a
   candidate, except that a bucket of more than BUCKET_CAP documents gives
   star edges (its document of the smallest id with each other) instead of
   quadratically many pairs — the rule of gongwen's own banding
   (`dedup::BUCKET_CAP`), so that both find the same candidates. Candidate pairs are made distinct and written
   as Parquet.
3. `gongwen merge SHARDS --candidates PAIRS --store DIR` joins the shards
   (tables in the corpus's file order, the indexes merged) and verifies the
   candidates with gongwen's own Rust code (boilerplate left out, as one
   ingest does), then numbers the clusters.
4. For Spark users, under DIR/parquet/: the documents and indicators
   tables partitioned by year, and the near-duplicate clusters (connected
   components of the reported pairs by iterated joins: doc_id, cluster =
   the smallest doc id of its component).

The binary is `$GONGWEN`, else `gongwen` on PATH. Nothing is downloaded.
With GONGWEN_SPARK_FAIL_FIRST=1 every shard task fails on its first attempt
after ingesting (a test of retries: the result must not change); the master
must then allow retries, e.g. `local[2,2]`.

Exit status: 0 done; 2 bad arguments or a failed step (the message says
which).
"""

import argparse
import glob
import os
import resource
import shutil
import subprocess
import sys
import time

BAND_FIELDS = [("doc_id", "string"), ("band", "int"), ("key", "long")]

# gongwen's `dedup::BUCKET_CAP`: a bucket of more documents gives star edges.
BUCKET_CAP = 64
# gongwen's `dedup::DEFAULT_THRESHOLD`: pairs reported by default.
DEFAULT_THRESHOLD = 0.5


def fail(message):
    print(f"gongwen_spark: {message}", file=sys.stderr)
    sys.exit(2)


def binary():
    path = os.environ.get("GONGWEN") or shutil.which("gongwen")
    if not path or not os.access(path, os.X_OK):
        fail("no gongwen binary: set GONGWEN or put gongwen on PATH")
    return os.path.abspath(path)


def shard_task(corpus, work, n, gongwen, fail_first):
    """The function mapInArrow runs on each partition: its rows are shard
    numbers; yields the band keys of each shard as Arrow record batches."""

    def run(batches):
        import pyarrow as pa
        from pyspark import TaskContext

        ctx = TaskContext.get()
        schema = pa.schema([("doc_id", pa.string()), ("band", pa.int32()), ("key", pa.int64())])
        for batch in batches:
            for k in batch.column("k").to_pylist():
                committed = os.path.join(work, f"shard-{k}", "committed")
                if not os.path.isdir(committed):
                    ingest_shard(k, ctx, committed)
                yield from bands(committed, schema)

    def ingest_shard(k, ctx, committed):
        attempt = os.path.join(
            work, f"shard-{k}", f"attempt-{ctx.stageId()}-{ctx.partitionId()}-{ctx.attemptNumber()}"
        )
        shutil.rmtree(attempt, ignore_errors=True)
        cmd = [gongwen, "--store", attempt, "ingest", corpus, "--shard", f"{k}/{n}", "-q"]
        # As many threads as the task was given cores (spark.task.cpus).
        env = dict(os.environ)
        env.setdefault("RAYON_NUM_THREADS", str(max(1, ctx.cpus())))
        start = time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        # The largest child this worker has waited for (Linux: kilobytes).
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        sys.stderr.write(
            f"gongwen_spark: shard {k}/{n} ingested in {time.time() - start:.1f} s"
            f" (largest ingest in this worker so far: {peak:.0f} MB peak RSS)\n"
        )
        # Exit 2 with a store written: some files were skipped (named on
        # stderr); without one, the ingest failed.
        if not os.path.exists(os.path.join(attempt, "current")):
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr}")
        if proc.stderr:
            sys.stderr.write(proc.stderr)
        if fail_first and ctx.attemptNumber() == 0:
            raise RuntimeError(f"shard {k}/{n}: failing the first attempt (GONGWEN_SPARK_FAIL_FIRST)")
        try:
            os.rename(attempt, committed)
        except OSError:
            # Another attempt of this shard committed first: keep its store.
            shutil.rmtree(attempt, ignore_errors=True)

    def bands(store, schema):
        import pyarrow as pa

        cmd = [gongwen, "--store", store, "export", "--bands"]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        with pa.ipc.open_stream(proc.stdout) as reader:
            for b in reader:
                # gongwen writes large strings; Spark is given the schema it
                # was promised.
                yield pa.Table.from_batches([b]).cast(schema).combine_chunks().to_batches()[0]
        err = proc.stderr.read().decode("utf-8", "replace")
        if proc.wait() != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {err}")

    return run


def candidates(spark, bands, cap):
    """Distinct candidate pairs of documents sharing a band key; buckets
    over `cap` documents give star edges from their smallest doc id (doc
    ids are 16 lower-case hex digits, so their string order is their
    numeric order, as gongwen compares them)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    bucket = Window.partitionBy("band", "key")
    sized = bands.withColumn("size", F.count("*").over(bucket)).filter("size > 1")
    ranked = sized.withColumn("rank", F.row_number().over(bucket.orderBy("doc_id")))
    a, b = ranked.alias("a"), ranked.alias("b")
    same = (F.col("a.band") == F.col("b.band")) & (F.col("a.key") == F.col("b.key"))
    small = a.filter(F.col("size") <= cap).join(
        b.filter(F.col("size") <= cap), same & (F.col("a.rank") < F.col("b.rank"))
    )
    star = a.filter((F.col("size") > cap) & (F.col("rank") == 1)).join(
        b.filter(F.col("size") > cap), same & (F.col("b.rank") > 1)
    )
    pick = [F.col("a.doc_id").alias("doc_a"), F.col("b.doc_id").alias("doc_b")]
    return small.select(*pick).unionByName(star.select(*pick)).distinct()


def components(pairs):
    """Connected components of the pairs (doc_a, doc_b) by iterated joins:
    every document starts as its own label and takes the smallest label of
    its neighbours until no label changes (as many rounds as the longest
    shortest path in a cluster; stars and chains of copies settle in a
    few). Returns (doc_id, cluster): cluster is the smallest doc id of the
    component."""
    from pyspark.sql import functions as F

    edges = pairs.select(F.col("doc_a").alias("src"), F.col("doc_b").alias("dst")).union(
        pairs.select(F.col("doc_b").alias("src"), F.col("doc_a").alias("dst"))
    ).localCheckpoint()
    labels = edges.groupBy("src").agg(F.min(F.least("src", "dst")).alias("label"))
    labels = labels.withColumnRenamed("src", "doc_id").localCheckpoint()
    while True:
        nearest = (
            edges.join(labels, edges.dst == labels.doc_id)
            .groupBy("src")
            .agg(F.min("label").alias("near"))
        )
        new = (
            labels.join(nearest, labels.doc_id == nearest.src)
            .select("doc_id", F.least("label", "near").alias("label"))
            .localCheckpoint()
        )
        changed = (
            new.join(labels.withColumnRenamed("label", "old"), "doc_id").filter("label != old").count()
        )
        labels = new
        if changed == 0:
            return labels.withColumnRenamed("label", "cluster")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus")
    p.add_argument("--store", required=True, help="the store to write (a gongwen --store folder)")
    p.add_argument("--shards", type=int, default=4, help="shards (Spark tasks) of the corpus")
    p.add_argument("--master", default=None, help="Spark master (default: local[*,2])")
    p.add_argument("--work", default=None, help="shard stores and candidates (default: STORE.spark-work)")
    args = p.parse_args()
    if args.shards < 1:
        fail(f"--shards {args.shards}: at least one shard")
    if not os.path.exists(args.corpus):
        fail(f"no corpus at {args.corpus}")
    gongwen = binary()
    corpus = os.path.abspath(args.corpus)
    store = os.path.abspath(args.store)
    work = os.path.abspath(args.work or store.rstrip("/") + ".spark-work")
    marker = os.path.join(work, ".gongwen-spark-work")
    if os.path.isdir(work) and os.listdir(work) and not os.path.exists(marker):
        fail(f"--work {work} holds files this job did not write: give an empty or new folder")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    open(marker, "w").close()
    fail_first = os.environ.get("GONGWEN_SPARK_FAIL_FIRST") == "1"

    from pyspark.sql import SparkSession

    master = args.master or "local[*,2]"
    spark = (
        SparkSession.builder.master(master)
        .appName("gongwen")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(max(2, args.shards)))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    t0 = time.time()
    n = args.shards
    shards = spark.sparkContext.parallelize([(k,) for k in range(1, n + 1)], n).toDF("k int")
    schema = ", ".join(f"{name} {ty}" for name, ty in BAND_FIELDS)
    bands = shards.mapInArrow(shard_task(corpus, work, n, gongwen, fail_first), schema)
    # Kept once made: the grouping reads the band keys twice (a self-join).
    bands = bands.persist()
    keys = bands.count()
    pairs_dir = os.path.join(work, "candidates")
    candidates(spark, bands, BUCKET_CAP).write.mode("overwrite").parquet(pairs_dir)
    t1 = time.time()
    committed = [os.path.join(work, f"shard-{k}", "committed") for k in range(1, n + 1)]
    merge = [gongwen, "--store", store, "merge", *committed, "--candidates", pairs_dir]
    if subprocess.run(merge).returncode != 0:
        fail("gongwen merge failed (see above)")
    t2 = time.time()
    gen = os.path.realpath(os.path.join(store, "current"))
    for table in ["documents", "indicators"]:
        out = os.path.join(store, "parquet", table)
        spark.read.parquet(os.path.join(gen, f"{table}.parquet")).write.mode(
            "overwrite"
        ).partitionBy("year").parquet(out)
    # Near-duplicate clusters for Spark users: the connected components of
    # the pairs reported at gongwen's default threshold, one row per
    # document in a cluster (the store's duplicates table numbers the same
    # components by first appearance).
    from pyspark.sql import functions as F

    reported = (
        spark.read.parquet(os.path.join(gen, "duplicates.parquet"))
        .filter(F.col("containment") >= DEFAULT_THRESHOLD)
        .select("doc_a", "doc_b")
    )
    components(reported).write.mode("overwrite").parquet(
        os.path.join(store, "parquet", "near_duplicate_clusters")
    )
    t3 = time.time()
    print(
        f"gongwen_spark: {n} shards, {keys} band keys; shards and candidates {t1 - t0:.1f} s, "
        f"merge {t2 - t1:.1f} s, Parquet for Spark users and clusters {t3 - t2:.1f} s",
        file=sys.stderr,
    )
    spark.stop()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
