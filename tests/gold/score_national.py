#!/usr/bin/env python3
"""Scores `gongwen compare` on the national reports 1954-2005 against
tests/gold/national_growth.tsv.

usage: score_national.py GONGWEN STORE   (STORE ingested from ../shared/corpora/national1954-2005)

A cell is (series, year, status): the headline growth a report states for
its past year (actual) and sets for the coming year (target), in the series
the report uses (gdp, gnp, 工农业总产值 …). For every labelled cell, compare
is asked for that metric, year and status: recall counts the labelled
growths it gives; precision counts every growth it gives for a labelled
(series, year, status), including those the gold leaves empty. Prints the
figures and every wrong or missing cell.
"""
import json, os, subprocess, sys

GOLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "national_growth.tsv")

def cells():
    lines = [l for l in open(GOLD, encoding="utf-8") if not l.startswith("#")]
    head = lines[0].rstrip("\n").split("\t")
    out = {}
    for l in lines[1:]:
        r = dict(zip(head, l.rstrip("\n").split("\t")))
        if r["series"] == "none":
            continue
        for status, year, value in (("actual", r["actual_year"], r["actual"]),
                                    ("target", r["target_year"], r["target"])):
            year = year or str(int(r["report_year"]) - (1 if status == "actual" else 0))
            out[(r["series"], int(year), status)] = float(value) if value else None
    return out

def growth(bin_, store, metric, year, status):
    p = subprocess.run([bin_, "compare", "--json", "--store", store, "--metric", metric,
                        "--year", str(year), "--status", status], capture_output=True, text=True)
    rows = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    return rows[0]["growth"] if rows and rows[0]["growth"] is not None else None

def main():
    bin_, store = sys.argv[1], sys.argv[2]
    gold = cells()
    filled = right = wanted = 0
    for (series, year, status), want in sorted(gold.items()):
        got = growth(bin_, store, series, year, status)
        wanted += want is not None
        filled += got is not None
        ok = got is not None and want is not None and abs(got - want) < 1e-9
        right += ok
        if not ok and (got is not None or want is not None):
            print(f"{series}\t{year}\t{status}\tgold {want}\tgongwen {got}")
    p, r = right / max(filled, 1), right / max(wanted, 1)
    print(f"precision {p:.3f} ({right}/{filled})  recall {r:.3f} ({right}/{wanted})")

main()
