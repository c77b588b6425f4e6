#!/usr/bin/env python3
"""Scores `gongwen compare` on prov2026 against tests/gold/prov2026_wide.tsv.

usage: score_wide.py GONGWEN STORE [--min X]   (STORE ingested from ../shared/corpora/prov2026)

With --min, exits 1 when precision or recall is below X.

A cell is (province, metric, status). Precision counts every cell gongwen
fills (a filled cell the gold leaves empty is wrong); recall counts every
cell the gold fills. Growth metrics are read from `growth`, new_urban_jobs
from `value` in 万人; the 2026 GDP target from `compare --status target
--year 2026`. Prints the two figures and every wrong or missing cell.
"""
import json, os, subprocess, sys

GOLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "prov2026_wide.tsv")
METRICS = ["gdp", "general_budget_revenue", "retail_sales", "fixed_asset_investment",
           "industrial_value_added", "disposable_income", "new_urban_jobs", "trade"]

def gold():
    cells = {}
    lines = [l for l in open(GOLD, encoding="utf-8") if not l.startswith("#")]
    head = lines[0].rstrip("\n").split("\t")
    for l in lines[1:]:
        r = dict(zip(head, l.rstrip("\n").split("\t")))
        v = float(r["value"]) if r["value"] else None
        cells[(r["province"], r["metric"], r["status"])] = (v, r["sentence"])
    return cells

def compare(bin_, store, args):
    p = subprocess.run([bin_, "compare", "--json", "--store", store] + args,
                       capture_output=True, text=True)
    return [json.loads(l) for l in p.stdout.splitlines() if l.strip()]

def tool(bin_, store):
    cells = {}
    args = sum((["--metric", m] for m in METRICS), [])
    for r in compare(bin_, store, args):
        if r["year"] != 2025:
            continue
        v = r["value"] if r["metric"] == "new_urban_jobs" and r["unit"] == "万人" else r["growth"]
        if r["metric"] == "new_urban_jobs" and r["unit"] != "万人":
            v = None
        if v is not None:
            cells[(r["locality"], r["metric"], "actual")] = (v, r.get("text"))
    for r in compare(bin_, store, ["--metric", "gdp", "--status", "target", "--year", "2026"]):
        if r["growth"] is not None:
            cells[(r["locality"], "gdp", "target")] = (r["growth"], r.get("text"))
    return cells

def main():
    bin_, store = sys.argv[1], sys.argv[2]
    g, t = gold(), tool(bin_, store)
    filled = [k for k in t]
    right = [k for k in filled if k in g and g[k][0] is not None and abs(g[k][0] - t[k][0]) < 1e-9]
    wanted = [k for k in g if g[k][0] is not None]
    for k in sorted(set(filled) | set(wanted)):
        gv, tv = g.get(k, (None, ""))[0], t.get(k, (None, ""))[0]
        if gv != tv and not (gv is not None and tv is not None and abs(gv - tv) < 1e-9):
            print(f"{k[0]}\t{k[1]}\t{k[2]}\tgold {gv}\tgongwen {tv}\t{t.get(k, (None, ''))[1] or ''}")
    p, r = len(right) / max(len(filled), 1), len(right) / max(len(wanted), 1)
    print(f"precision {p:.3f} ({len(right)}/{len(filled)})  recall {r:.3f} ({len(right)}/{len(wanted)})")
    if "--min" in sys.argv:
        floor = float(sys.argv[sys.argv.index("--min") + 1])
        if p < floor or r < floor:
            sys.exit(f"below {floor}")

main()
