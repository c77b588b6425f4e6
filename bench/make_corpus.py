#!/usr/bin/env python3
"""Makes a benchmark corpus of about SIZE_MB megabytes from real reports.

Usage: make_corpus.py SRC_DIR OUT_DIR SIZE_MB

Each copy of each prov2026 CSV gets small per-copy changes (a numbered
sentence inserted after each paragraph break, figures nudged), so that
copies differ as real resubmissions do; files stay CSV with the same
columns. Deterministic: the same arguments give the same files.
"""
import csv, os, random, re, sys

csv.field_size_limit(1 << 30)


def rows(src):
    for name in sorted(os.listdir(src)):
        if name.endswith(".csv"):
            with open(os.path.join(src, name), encoding="utf-8-sig", newline="") as f:
                for row in csv.DictReader(f):
                    yield name, row


def vary(text, copy, rng):
    text = re.sub(r"\d+(\.\d+)?%", lambda m: f"{rng.randint(1, 99)}.{copy % 10}%", text)
    paras = text.split("\n")
    for i in range(0, len(paras), 7):
        paras[i] += f"第{copy}批材料补充说明{rng.randint(1, 9999)}号。"
    return "\n".join(paras)


def main():
    src, out, size_mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    base = list(rows(src))
    rng = random.Random(42)
    total, copy = 0, 0
    while total < size_mb * 1e6:
        for name, row in base:
            row = dict(row)
            row["full_text"] = vary(row["full_text"], copy, rng)
            path = os.path.join(out, f"{copy:05d}_{name}")
            with open(path, "w", encoding="utf-8-sig", newline="") as f:
                w = csv.DictWriter(f, fieldnames=list(row.keys()))
                w.writeheader()
                w.writerow(row)
            total += os.path.getsize(path)
        copy += 1
    print(f"{out}: {copy} copies, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
