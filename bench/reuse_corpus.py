#!/usr/bin/env python3
"""Generates a synthetic corpus for benchmarking text-reuse detection.

Usage: python3 bench/reuse_corpus.py OUT_DIR [--docs 100000] [--chars 3000]
                                             [--passages 1000] [--seed 7]

Every document is `OUT_DIR/NNN/NNNNNN.txt` (1000 files per folder): a first
line `基准文档NNNNNN` (its title), then about --chars characters of Han
characters drawn i.i.d. from the character distribution of the real reports
in ../shared/corpora/prov2026, cut into sentences of 8-40 characters joined
by `，。、；：` (drawn with their real frequencies) and paragraphs of 3-8
sentences, one paragraph a line. Because the text is i.i.d., no two
documents share a passage by chance.

--passages passages of 100-400 Han characters (same sentence shape, with 2-3
place names from PLACES inside) are then planted, each into 2-8 distinct
documents (a document receives at most one), as a paragraph of its own at a
random paragraph boundary. The first copy is verbatim; every later copy has
1-3 of its place names swapped for other names and 1-2 single characters
substituted at least 20 characters from either end.

The ground truth goes to OUT_DIR/../reuse_planted.json (outside OUT_DIR, so
it is not ingested): a list of {"passage": i, "titles": [...], "texts":
[...]}, texts being the exact inserted text of each copy, titles and texts in
the same order. Deterministic: the same arguments give the same files.
"""
import argparse, csv, json, os, random, sys, time

csv.field_size_limit(1 << 30)

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "shared", "corpora", "prov2026")
PUNCT = "，。、；："
PLACES = ["合山", "瓮安", "桐梓", "凤冈", "湄潭", "余庆"]
TEXT_COLUMNS = ["full_text", "text", "content", "正文", "全文", "内容"]
TITLE_PREFIX = "基准文档"
PER_FOLDER = 1000


def read_texts(src):
    """Yields the text column of every CSV under src."""
    names = sorted(n for n in os.listdir(src) if n.lower().endswith(".csv"))
    if not names:
        sys.exit(f"no CSV file in {src}")
    for name in names:
        with open(os.path.join(src, name), encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            col = next((header.index(c) for c in TEXT_COLUMNS if c in header), None)
            rows = list(reader)
            if col is None:  # fall back on the column with the longest values
                col = max(range(len(header)), key=lambda i: sum(len(r[i]) for r in rows if i < len(r)))
            for r in rows:
                if col < len(r):
                    yield r[col]


def pools(src):
    han, punct = [], []
    for text in read_texts(src):
        han.extend(c for c in text if "\u4e00" <= c <= "\u9fff")
        punct.extend(c for c in text if c in PUNCT)
    if len(han) < 1000:
        sys.exit(f"too few Han characters in {src}: {len(han)}")
    return han, punct or list(PUNCT)


class Gen:
    def __init__(self, rng, han, punct):
        self.rng, self.han, self.punct = rng, han, punct

    def span(self):
        return 8 + int(self.rng.random() * 33)  # 8..40

    def body(self, n):
        """Paragraphs (a list of lines) totalling about n characters."""
        rng, punct = self.rng, self.punct
        han = "".join(rng.choices(self.han, k=n + 400))
        pos = total = 0
        paras = []
        while total < n:
            parts = []
            for s in range(3 + int(rng.random() * 6)):  # 3..8 sentences
                ln = self.span()
                parts.append(han[pos:pos + ln])
                pos += ln
                parts.append(punct[int(rng.random() * len(punct))])
            parts[-1] = "。"
            p = "".join(parts)
            paras.append(p)
            total += len(p) + 1
            if pos + 320 > len(han):
                han = han[pos:] + "".join(rng.choices(self.han, k=n))
                pos = 0
        return paras

    def passage(self):
        """(text, [(offset, name index)]): 100-400 Han chars, 2-3 names."""
        rng = self.rng
        size = rng.randint(100, 400)
        k = rng.randint(2, 3)
        units = rng.choices(self.han, k=size - 2 * k)
        for at in sorted(rng.sample(range(len(units) + 1), k), reverse=True):
            units.insert(at, rng.randrange(len(PLACES)))  # an int marks a name
        out, names, off, i = [], [], 0, 0
        while i < len(units):
            ln = self.span()
            for u in units[i:i + ln]:
                if isinstance(u, int):
                    names.append((off, u))
                    out.append(PLACES[u])
                    off += 2
                else:
                    out.append(u)
                    off += 1
            i += ln
            out.append(self.punct[int(rng.random() * len(self.punct))] if i < len(units) else "。")
            off += 1
        text = "".join(out)
        assert len(text) == off
        return text, names

    def edit(self, text, names):
        """A lightly edited copy: 1-3 names swapped, 1-2 characters changed."""
        rng = self.rng
        chars = list(text)
        for off, u in rng.sample(names, rng.randint(1, len(names))):
            chars[off:off + 2] = rng.choice([p for j, p in enumerate(PLACES) if j != u])
        in_name = {off + d for off, _ in names for d in (0, 1)}
        spots = [p for p in range(20, len(chars) - 20) if p not in in_name and chars[p] not in PUNCT]
        for p in rng.sample(spots, rng.randint(1, 2)):
            c = chars[p]
            while c == chars[p]:
                c = rng.choice(self.han)
            chars[p] = c
        return "".join(chars)


def title(n):
    return f"{TITLE_PREFIX}{n:06d}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--docs", type=int, default=100000)
    ap.add_argument("--chars", type=int, default=3000)
    ap.add_argument("--passages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--src", default=SRC, help="folder of the real CSV reports")
    a = ap.parse_args()
    if a.docs > 1_000_000:
        sys.exit("at most 1,000,000 documents (6-digit numbers)")
    t0 = time.time()
    han, punct = pools(a.src)
    rng = random.Random(a.seed)
    gen = Gen(rng, han, punct)

    # Plan the planted passages first: receiver documents and copy texts.
    receivers = list(range(a.docs))
    rng.shuffle(receivers)
    planted, inserts = [], {}
    for i in range(a.passages):
        m = rng.randint(2, 8)
        if len(receivers) < m:
            sys.exit(f"too few documents for {a.passages} passages (ran out at passage {i})")
        docs = [receivers.pop() for _ in range(m)]
        text, names = gen.passage()
        texts = [text] + [gen.edit(text, names) for _ in range(m - 1)]
        for d, t in zip(docs, texts):
            inserts[d] = t
        planted.append({"passage": i, "titles": [title(d) for d in docs], "texts": texts})

    out = os.path.abspath(a.out_dir)
    os.makedirs(out, exist_ok=True)
    total = 0
    for n in range(a.docs):
        if n % PER_FOLDER == 0:
            folder = os.path.join(out, f"{n // PER_FOLDER:03d}")
            os.makedirs(folder, exist_ok=True)
        paras = gen.body(a.chars)
        if n in inserts:
            paras.insert(rng.randint(0, len(paras)), inserts[n])
        data = (title(n) + "\n" + "\n".join(paras) + "\n").encode("utf-8")
        with open(os.path.join(folder, f"{n:06d}.txt"), "wb") as f:
            f.write(data)
        total += len(data)
        if (n + 1) % 10000 == 0:
            print(f"  {n + 1} documents, {total / 1e6:.0f} MB, {time.time() - t0:.0f} s", file=sys.stderr)

    truth = os.path.join(os.path.dirname(out), "reuse_planted.json")
    with open(truth, "w", encoding="utf-8") as f:
        json.dump(planted, f, ensure_ascii=False, indent=1)
    copies = sum(len(p["titles"]) for p in planted)
    print(f"wrote {a.docs} documents, {total / 1e6:.1f} MB, to {out}; "
          f"{a.passages} passages in {copies} copies to {truth}; "
          f"{time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
