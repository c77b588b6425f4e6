#!/usr/bin/env bash
# The Spark job against one-process ingest on the same machine, in one run:
# `gongwen ingest --full` (all threads), then spark/gongwen_spark.py with
# SHARDS shards on MASTER (default local[2]: one core per task, one gongwen
# thread each), on the corpus bench/ingest.sh builds (SIZE_MB megabytes of
# prov2026 copies with small changes). Prints wall times, peak RSS, the
# ratio, the job's own stage times, each shard's ingest, the band keys'
# size (what the grouping shuffles) and whether the two stores agree.
#
# Needs pyspark, pyarrow, pandas and Java (see the README).
# Usage: bench/spark.sh [SIZE_MB=1000] [SHARDS=8] [MASTER=local[2]]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1000}
SHARDS=${2:-8}
MASTER=${3:-local[2]}
OUT=target/bench
CORPUS=$OUT/corpus-$SIZE
mkdir -p "$OUT"
[ -d "$CORPUS" ] || python3 bench/make_corpus.py ../shared/corpora/prov2026 "$CORPUS" "$SIZE"
cargo build --release -q
BIN=$PWD/target/release/gongwen
MB=$(du -sb "$CORPUS" | awk '{printf "%.1f", $1/1e6}')
echo "corpus: $CORPUS, $MB MB, $(ls "$CORPUS" | wc -l) files, $(nproc) cores; $SHARDS shards on $MASTER"
ONE=$OUT/spark-one-$SIZE
SPARK=$OUT/spark-job-$SIZE
rm -rf "$ONE" "$SPARK" "$SPARK.spark-work"
/usr/bin/time -f "%e %M" -o "$OUT/time.spark-one" "$BIN" ingest "$CORPUS" --store "$ONE" --full -q
read -r one_s one_rss <"$OUT/time.spark-one"
printf 'one process:  %8.1f s  %6.0f MB peak RSS\n' "$one_s" "$(awk -v r="$one_rss" 'BEGIN{print r/1024}')"
GONGWEN=$BIN /usr/bin/time -f "%e %M" -o "$OUT/time.spark-job" \
  python3 spark/gongwen_spark.py "$CORPUS" --store "$SPARK" --shards "$SHARDS" --master "$MASTER" 2>&1 \
  | grep '^gongwen' || true
read -r job_s job_rss <"$OUT/time.spark-job"
printf 'spark job:    %8.1f s  %6.0f MB peak RSS of the driver process tree'"'"'s largest (JVM or merge)\n' "$job_s" "$(awk -v r="$job_rss" 'BEGIN{print r/1024}')"
awk -v a="$one_s" -v b="$job_s" 'BEGIN { printf "throughput, Spark / one process: %.2fx\n", a / b }'
BANDS=$("$BIN" --store "$SPARK" export --bands | wc -c)
DOCS=$("$BIN" --store "$SPARK" docs --json | wc -l)
awk -v b="$BANDS" -v d="$DOCS" 'BEGIN { printf "band keys: %.1f MB as Arrow for %d documents = %.2f GB per million documents\n", b/1e6, d, b/d*1e6/1e9 }'
# One after the other: two readers of 4 million indicators at once may not
# fit in memory.
for q in docs indicators dedup; do
  "$BIN" --store "$ONE" $q --json >"$OUT/spark-one.$q"
  "$BIN" --store "$SPARK" $q --json >"$OUT/spark-job.$q"
  if cmp -s "$OUT/spark-one.$q" "$OUT/spark-job.$q"; then
    echo "$q: the same"
  else
    echo "$q: DIFFERENT"
  fi
  rm -f "$OUT/spark-one.$q" "$OUT/spark-job.$q"
done
