#!/usr/bin/env python3
"""Renders a gongwen report page in headless Chromium, takes a screenshot
and checks the rendered DOM: the wide table's rows and the GDP chart's bars.

usage: check.py REPORT_DIR ROWS BARS [SCREENSHOT.png]
"""
import html.parser, os, subprocess, sys, tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--window-size=1200,1600"]


def chromium(args):
    with tempfile.TemporaryDirectory() as profile:
        cmd = ["chromium", *FLAGS, f"--user-data-dir={profile}", *args]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        sys.exit(f"chromium failed ({p.returncode}): {p.stderr[-500:]}")
    return p.stdout


class Counter(html.parser.HTMLParser):
    """Counts rows of table.wide's body and rects of each chart."""

    def __init__(self):
        super().__init__()
        self.stack, self.rows, self.bars, self.chart, self.titles = [], 0, {}, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("class") == "wide":
            self.stack.append("wide")
        elif tag == "tbody" and self.stack[-1:] == ["wide"]:
            self.stack.append("body")
        elif tag == "tr" and self.stack[-1:] == ["body"]:
            self.rows += 1
        elif tag == "svg" and "chart" in (a.get("class") or ""):
            self.chart = a.get("id")
            self.bars[self.chart] = 0
        elif tag == "rect" and self.chart:
            self.bars[self.chart] += 1
        elif tag == "title" and self.chart:
            self.titles += 1

    def handle_endtag(self, tag):
        if tag in ("table", "tbody") and self.stack:
            self.stack.pop()
        elif tag == "svg":
            self.chart = None


def main():
    report, rows, bars = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    shot = sys.argv[4] if len(sys.argv) > 4 else os.path.join(report, "screenshot.png")
    url = "file://" + os.path.abspath(os.path.join(report, "index.html"))
    c = Counter()
    c.feed(chromium(["--dump-dom", url]))
    gdp = c.bars.get("chart-gdp", 0)
    print(f"DOM: {c.rows} rows in the wide table, {len(c.bars)} charts, "
          f"{gdp} bars in the GDP chart, {c.titles} tooltips")
    chromium([f"--screenshot={os.path.abspath(shot)}", url])
    size = os.path.getsize(shot) if os.path.exists(shot) else 0
    print(f"screenshot: {shot} ({size} bytes)")
    problems = []
    if c.rows != rows:
        problems.append(f"wide table has {c.rows} rows, expected {rows}")
    if gdp != bars:
        problems.append(f"GDP chart has {gdp} bars, expected {bars}")
    if c.titles < sum(c.bars.values()):
        problems.append("a bar lacks its tooltip")
    if size < 10_000:
        problems.append("screenshot missing or blank")
    if problems:
        sys.exit("browser check failed: " + "; ".join(problems))
    print("browser check ok")


main()
