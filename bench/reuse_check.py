#!/usr/bin/env python3
"""Scores `gongwen reuse --json` output against the planted passages.

Usage: python3 bench/reuse_check.py PLANTED_JSON REUSE_JSONL

PLANTED_JSON is reuse_planted.json from bench/reuse_corpus.py; REUSE_JSONL
the JSON Lines of `gongwen reuse --json` (one object per occurrence, with at
least `cluster`, `title` and `text`), read streaming ("-" reads stdin).

Texts are compared with whitespace and `，。、；：` removed. An occurrence
*covers* a planted copy when the copy is a substring of it with at most 30
extra characters on each side. Its *coverage* is the fraction of the copy
inside it, found by locating the copy's first and last 10 characters in the
occurrence (or, where the occurrence starts or ends inside the copy, the
occurrence's first or last 10 characters in the copy).

A passage is *found* when one cluster holds a covering occurrence for every
one of its titles; an *exact* cluster is one whose set of titles equals the
planted set. A *false cluster* holds titles not all of one planted passage;
an *extra occurrence* is in a document without a planted passage or does not
overlap its document's planted copy. Exits 1 if any passage is not found.
"""
import json, re, sys
from collections import defaultdict

STRIP = re.compile(r"[\s，。、；：]+")
SLACK = 30
ANCHOR = 10


def norm(s):
    return STRIP.sub("", s)


def measure(copy, occ):
    """(covers, coverage) of normalized `copy` by normalized `occ`."""
    i = occ.find(copy)
    if i >= 0:
        return i <= SLACK and len(occ) - i - len(copy) <= SLACK, 1.0
    if not copy or not occ:
        return False, 0.0
    head, tail = copy[:ANCHOR], copy[-ANCHOR:]
    if head in occ:
        start = 0
    else:
        j = copy.find(occ[:ANCHOR])
        if j < 0:
            return False, 0.0
        start = j
    if tail in occ:
        end = len(copy)
    else:
        j = copy.rfind(occ[-ANCHOR:])
        if j < 0:
            return False, 0.0
        end = j + len(occ[-ANCHOR:])
    return False, max(0, end - start) / len(copy)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    with open(sys.argv[1], encoding="utf-8") as f:
        planted = json.load(f)
    owner = {}  # title -> (passage index, normalized copy)
    for k, p in enumerate(planted):
        for t, text in zip(p["titles"], p["texts"]):
            if t in owner:
                sys.exit(f"{t} receives two planted passages")
            owner[t] = (k, norm(text))

    covered = [defaultdict(set) for _ in planted]  # cluster -> titles covered
    best = [defaultdict(float) for _ in planted]   # title -> best coverage
    # cluster -> passage index its titles all belong to, or None (false)
    cluster_owner = {}
    cluster_titles = defaultdict(set)  # titles of clusters not (yet) false
    occurrences = extra = 0

    src = sys.stdin if sys.argv[2] == "-" else open(sys.argv[2], encoding="utf-8")
    with src:
        for lineno, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
                cl, title, text = o["cluster"], o["title"], o["text"]
            except (ValueError, KeyError, TypeError) as e:
                sys.exit(f"{sys.argv[2]}:{lineno}: bad line: {e}")
            occurrences += 1
            own = owner.get(title)
            k = own[0] if own else None
            if cl not in cluster_owner:
                cluster_owner[cl] = k
            elif cluster_owner[cl] != k:
                cluster_owner[cl] = None
            if cluster_owner[cl] is None:
                cluster_titles.pop(cl, None)
            else:
                cluster_titles[cl].add(title)
            if own is None:
                extra += 1
                continue
            covers, cov = measure(own[1], norm(text))
            if cov == 0.0:
                extra += 1
                continue
            if covers:
                covered[k][cl].add(title)
            if cov > best[k][title]:
                best[k][title] = cov

    found = soft = 0
    missing = []
    for k, p in enumerate(planted):
        want = set(p["titles"])
        if any(want <= got for got in covered[k].values()):
            found += 1
        else:
            missing.append(k)
        if all(best[k][t] >= 0.95 for t in want):
            soft += 1
    exact = len({k for cl, k in cluster_owner.items()
                 if k is not None and cluster_titles[cl] == set(planted[k]["titles"])})
    false_clusters = sum(1 for k in cluster_owner.values() if k is None)

    n = len(planted)
    print(f"occurrences read:                 {occurrences} in {len(cluster_owner)} clusters")
    print(f"passages found (covered, 1 cluster): {found}/{n}")
    print(f"passages with an exact cluster:   {exact}/{n}")
    print(f"passages, all copies >=95% covered: {soft}/{n}")
    print(f"false clusters:                   {false_clusters}")
    print(f"extra occurrences:                {extra}")
    for k in missing[:10]:
        p = planted[k]
        got = max(covered[k].values(), key=len, default=set())
        print(f"  missing passage {k}: {len(p['titles'])} copies, best cluster covers {len(got)}; "
              + ", ".join(f"{t} {best[k][t]:.0%}" for t in p["titles"]))
    if len(missing) > 10:
        print(f"  … and {len(missing) - 10} more missing")
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
