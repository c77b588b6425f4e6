#!/usr/bin/env bash
# Text reuse at scale: 100,000 documents of 3,000 characters with 1,000
# passages (100-400 characters) planted, edited, into 2-8 documents each.
# Generates the corpus once (bench/reuse_corpus.py), ingests it once, then
# times `gongwen reuse --json` as a whole process (wall time, peak RSS) and
# checks that every planted passage is found (bench/reuse_check.py).
#
#   bench/reuse.sh [DOCS]      (default 100000; target/bench/reuse-DOCS/)
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${1:-100000}
PASSAGES=$(( DOCS / 100 ))
DIR=target/bench/reuse-$DOCS
BIN=target/release/gongwen
cargo build --release --quiet
mkdir -p "$DIR"
if [ ! -f "$DIR/reuse_planted.json" ]; then
    python3 bench/reuse_corpus.py "$DIR/corpus" --docs "$DOCS" --passages "$PASSAGES"
fi
if [ ! -f "$DIR/store/current" ]; then
    /usr/bin/time -f "ingest: %e s, peak RSS %M KB" "$BIN" ingest "$DIR/corpus" --store "$DIR/store" -q
fi
/usr/bin/time -f "reuse: %e s, peak RSS %M KB" "$BIN" reuse --json --store "$DIR/store" > "$DIR/reuse.jsonl"
echo "reuse: $(wc -l < "$DIR/reuse.jsonl") occurrences"
python3 bench/reuse_check.py "$DIR/reuse_planted.json" "$DIR/reuse.jsonl"
