"""datasketch MinHash LSH over the same documents as gongwen's dedup scale run.

The peer a Python-using researcher would write: the same normalization
(full-width folded, whitespace and punctuation dropped, numbers and
redaction placeholders as one symbol), 5-character shingles, 128-permutation
MinHash, LSH with the same banding (42 bands x 3 rows), then exact
verification of the candidates whose estimated containment is plausible
(Jaccard and containment over the shingle sets, without boilerplate removal).

Usage:
    GONGWEN_DEDUP_SCALE=100000 GONGWEN_DEDUP_DUMP=/tmp/docs.jsonl \\
        cargo bench --bench dedup          # writes the documents
    /usr/bin/time -v python3 bench/dedup_datasketch.py /tmp/docs.jsonl
"""
import json
import re
import resource
import sys
import time

from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.5  # gongwen's DEFAULT_THRESHOLD, on containment
BANDS, ROWS, NUM_PERM, K = 42, 3, 128, 5
CHUNK = 1000

FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
FOLD[0x3000] = 0x20
LETTERS = re.compile(r"[A-Za-z]+")
MARKS = re.compile(r"[0-9~×*○□■●△╳✕〓]")
DROP = re.compile(r"[^\w□]|_")
RUNS = re.compile(r"□+")


def normalize(text):
    text = text.translate(FOLD)
    text = LETTERS.sub(lambda m: "□" if set(m.group()) <= {"x", "X"} else m.group().lower(), text)
    text = MARKS.sub("□", text)
    text = DROP.sub("", text)
    return RUNS.sub("□", text)


def shingles(text):
    t = normalize(text)
    if len(t) < K:
        return {t} if t else set()
    return {t[i:i + K] for i in range(len(t) - K + 1)}


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main(path):
    t0 = time.time()
    docs, original = [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            docs.append(row["text"])
            if row["original"] is not None:
                original[row["id"]] = row["original"]
    print(f"loaded {len(docs)} docs in {time.time() - t0:.1f}s, peak RSS {peak_mib()} MiB")

    t1 = time.time()
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    minhashes, sizes = [], []
    for start in range(0, len(docs), CHUNK):
        sets = [shingles(d) for d in docs[start:start + CHUNK]]
        sizes.extend(len(s) for s in sets)
        batch = [[s.encode("utf-8") for s in sh] for sh in sets]
        for i, m in enumerate(MinHash.bulk(batch, num_perm=NUM_PERM)):
            lsh.insert(start + i, m)
            minhashes.append(m)
    t2 = time.time()
    print(f"minhash + insert: {t2 - t1:.1f}s, peak RSS {peak_mib()} MiB")

    candidates = set()
    for a, m in enumerate(minhashes):
        candidates.update((a, b) for b in lsh.query(m) if b > a)
    t3 = time.time()
    print(f"query: {t3 - t2:.1f}s ({len(candidates)} candidates), peak RSS {peak_mib()} MiB")

    # Like gongwen: verify only candidates whose containment estimated from
    # the MinHash Jaccard and the set sizes is plausible (>= 0.2).
    def estimated_containment(a, b):
        j = minhashes[a].jaccard(minhashes[b])
        return j * (sizes[a] + sizes[b]) / (1 + j) / max(1, min(sizes[a], sizes[b]))

    plausible = [(a, b) for a, b in sorted(candidates) if estimated_containment(a, b) >= 0.2]
    t3b = time.time()
    print(f"estimate filter: {t3b - t3:.1f}s ({len(plausible)} left)")
    reported = []
    for a, b in plausible:
        sa, sb = shingles(docs[a]), shingles(docs[b])
        common = len(sa & sb)
        smaller = min(len(sa), len(sb))
        if smaller and common / smaller >= THRESHOLD:
            reported.append((a, b, common / len(sa | sb), common / smaller))
    t4 = time.time()
    print(f"verify: {t4 - t3:.1f}s, reported {len(reported)}")

    shown = {(a, b) for a, b, _, _ in reported}
    found = sum((o, c) in shown for c, o in original.items())
    print(f"planted found {found}/{len(original)}")
    print(f"total (without loading): {t4 - t1:.1f}s, peak RSS {peak_mib()} MiB")


if __name__ == "__main__":
    main(sys.argv[1])
