#!/usr/bin/env python3
"""Drives `gongwen serve` in a real browser (headless Chromium through
Selenium 4 and Debian's chromedriver) the way a person would use it:
search, open a hit, jump to a figure, filter the comparison, open a diff;
then checks that bad requests are refused (4xx, never 500) and that Ctrl-C
stops the server cleanly. Screenshots of each page go to SHOTDIR.

usage: serve.py BIN STORE SHOTDIR

Needs `pip install selenium` and `apt-get install chromium chromium-driver
fonts-wqy-microhei`. Nothing is downloaded: the chromedriver path is given,
so Selenium Manager is not asked for one.
"""
import collections, json, os, re, signal, subprocess, sys, tempfile
import threading, urllib.error, urllib.parse, urllib.request

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    sys.exit("serve.py needs Selenium 4: pip install selenium "
             "(and apt-get install chromium chromium-driver fonts-wqy-microhei)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1200,1600"]
URL_RE = re.compile(r"http://127\.0\.0\.1:\d+/")
WAIT = 20  # seconds any one page element may take to appear
QUERIES = ["发展", "经济", "工作", "建设", "创新", "改革"]


class Failed(Exception):
    """A step's check did not hold; the message names the step."""


class Server:
    """`BIN serve --store STORE --port 0`, its URL read from stderr, which a
    thread keeps draining so that the pipe never fills."""

    def __init__(self, binary, store):
        self.tail = collections.deque(maxlen=60)
        self.url = None
        self.found = threading.Event()
        self.proc = subprocess.Popen(
            [binary, "serve", "--store", store, "--port", "0"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
        threading.Thread(target=self._drain, daemon=True).start()
        if not self.found.wait(60) or self.url is None:
            try:  # stderr closed: the exit follows
                code = self.proc.wait(2)
            except subprocess.TimeoutExpired:
                code = None
            self.proc.kill()
            self.proc.wait()
            why = "within 60 s" if code is None else f"before it exited with code {code}"
            raise Failed("server start: no http://127.0.0.1:PORT/ line on stderr "
                         f"{why}; its stderr: {' | '.join(self.tail) or '(empty)'}")

    def _drain(self):
        for line in self.proc.stderr:
            self.tail.append(line.rstrip("\n"))
            m = URL_RE.search(line)
            if m and self.url is None:
                self.url = m.group(0)
                self.found.set()
        self.found.set()  # stderr closed: the server is gone

    def stop(self):
        """SIGINT, as Ctrl-C would; the exit code, or None after 10 s."""
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def print_tail(self):
        print("---- server stderr (tail) ----", file=sys.stderr)
        for line in self.tail:
            print(line, file=sys.stderr)


def http_get(url):
    """(status, body) of a plain GET, 4xx and 5xx included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def api(base, path):
    status, body = http_get(base + path.lstrip("/"))
    if status != 200:
        raise Failed(f"GET /{path.lstrip('/')}: status {status}: {body[:200]}")
    return json.loads(body)


def browser(profile):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for f in FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(f)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"),
                            options=opts)


class Check:
    def __init__(self, driver, base, shots):
        self.d, self.base, self.shots = driver, base, shots

    def wait(self, step, what, cond, timeout=WAIT):
        try:
            return WebDriverWait(self.d, timeout).until(lambda d: cond(d))
        except TimeoutException:
            raise Failed(f"{step}: timed out after {timeout} s waiting for {what} "
                         f"(at {self.d.current_url})") from None

    def css(self, sel):
        return self.d.find_elements(By.CSS_SELECTOR, sel)

    def need(self, step, sel):
        return self.wait(step, sel, lambda d: self.css(sel))

    def shot(self, name):
        path = os.path.join(self.shots, name)
        self.d.save_screenshot(path)
        return f"{name} ({os.path.getsize(path)} bytes)"

    def js_errors(self):
        """Uncaught script errors the console logged since the last call."""
        try:
            logs = self.d.get_log("browser")
        except WebDriverException:
            return []
        return [e["message"] for e in logs
                if e.get("level") == "SEVERE" and e.get("source") == "javascript"]

    def no_js_errors(self, step):
        errs = self.js_errors()
        if errs:
            raise Failed(f"{step}: script errors in the console: {errs[:3]}")

    def pick_query(self):
        for q in QUERIES:
            if api(self.base, "api/search?limit=1&q=" + urllib.parse.quote(q)):
                return q
        raise Failed(f"search: none of {QUERIES} finds anything through /api/search")

    def search(self):
        step = "a. search"
        q = self.pick_query()
        self.d.get(self.base)
        box = self.need(step, "form#search input[name=q]")[0]
        box.clear()
        box.send_keys(q)
        box.send_keys(Keys.ENTER)
        hits = self.need(step, "ol#hits li.hit")
        marks = [m.text for m in self.css("ol#hits li.hit p.snippet mark")]
        if not any(t.strip() for t in marks):
            raise Failed(f"{step}: no non-empty p.snippet mark among {len(hits)} hits for {q!r}")
        count = self.css("#count")
        self.no_js_errors(step)
        print(f"{step}: {q!r} -> {len(hits)} hits on the page, {len(marks)} marks "
              f"({count[0].text.strip() if count else 'no #count'}); {self.shot('search.png')}")
        return q

    def document(self, q):
        step = "b. document"
        link = self.need(step, "ol#hits li.hit a.title")[0]
        title = link.text
        link.click()
        self.wait(step, "a /doc/ID URL", lambda d: "/doc/" in urllib.parse.urlsplit(d.current_url).path)
        self.need(step, "article#text")
        marks = self.need(step, "article#text mark.hit")
        doc_id = urllib.parse.unquote(urllib.parse.urlsplit(self.d.current_url).path.split("/doc/", 1)[1])
        self.no_js_errors(step)
        print(f"{step}: {title!r} ({doc_id}): {len(marks)} mark.hit for {q!r}; {self.shot('doc.png')}")
        return doc_id

    def indicator_rows(self, doc_id):
        self.d.get(f"{self.base}indicators?doc={urllib.parse.quote(doc_id)}")
        self.need("c. figure", "table#indicators")
        return self.css("table#indicators tbody tr")

    def figure(self, doc_id):
        step = "c. figure"
        rows = self.indicator_rows(doc_id)
        if not rows:  # the searched document states no figure: take one that does
            ids = [r["doc_id"] for r in api(self.base, "api/indicators") if r.get("doc_id")]
            if not ids:
                print(f"{step}: skipped, the store has no indicators")
                return
            print(f"{step}: {doc_id} has no indicators, using {ids[0]}")
            doc_id = ids[0]
            rows = self.indicator_rows(doc_id)
            if not rows:
                raise Failed(f"{step}: /api/indicators names {doc_id} but /indicators?doc= shows no row")
        row_id = rows[0].get_attribute("id")
        at = rows[0].find_elements(By.CSS_SELECTOR, "a.at")
        if not at:
            raise Failed(f"{step}: the first row of table#indicators has no a.at")
        href = at[0].get_dom_attribute("href")
        m = re.fullmatch(r"/doc/([^#?]+)#(\d+-\d+)", href or "")
        if not m or urllib.parse.unquote(m.group(1)) != doc_id:
            raise Failed(f"{step}: a.at href {href!r}, expected /doc/{doc_id}#START-END")
        if row_id != f"ind-{doc_id}-{m.group(2)}":
            raise Failed(f"{step}: row id {row_id!r}, expected 'ind-{doc_id}-{m.group(2)}'")
        span = m.group(2)
        at[0].click()
        self.wait(step, f"/doc/{doc_id}#{span}", lambda d: d.current_url.endswith("#" + span))
        el = self.wait(step, f"the element id={span}", lambda d: d.find_elements(By.ID, span))[0]
        if "fig" not in (el.get_attribute("class") or "").split():
            raise Failed(f"{step}: #{span} has class {el.get_attribute('class')!r}, expected fig")
        self.wait(step, f"class target on #{span}",
                  lambda d: "target" in (el.get_attribute("class") or "").split())
        self.in_view(step, el, f"#{span}")
        self.no_js_errors(step)
        print(f"{step}: a.at -> /doc/{doc_id}#{span}: {el.text!r} is .fig.target and in view; "
              f"{self.shot('figure.png')}")
        self.figure_far(step, doc_id)
        self.fig_link(step, doc_id)

    def in_view(self, step, el, name):
        top, bottom, h = self.d.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return [r.top, r.bottom, window.innerHeight];", el)
        if not (bottom > 0 and top < h and top > -2):  # sub-pixel tops may be a little below 0
            raise Failed(f"{step}: {name} not scrolled into view "
                         f"(top {top:.1f}, bottom {bottom:.1f}, viewport {h})")
        return top

    def figure_far(self, step, doc_id):
        """The last row's figure too: likely far down, so scrolling is tested."""
        rows = self.indicator_rows(doc_id)
        if len(rows) < 2:
            return
        href = rows[-1].find_element(By.CSS_SELECTOR, "a.at").get_dom_attribute("href")
        span = href.rsplit("#", 1)[1]
        self.d.get(self.base + href.lstrip("/"))
        el = self.wait(step, f"#{span} with class target, or mark.target",
                       lambda d: [e for e in d.find_elements(By.ID, span)
                                  if "target" in (e.get_attribute("class") or "").split()]
                       or d.find_elements(By.CSS_SELECTOR, "mark.target"))[0]
        top = self.in_view(step, el, f"#{span} (last row)")
        scrolled = self.d.execute_script("return window.scrollY")
        print(f"{step}: last row -> #{span}: in view at top {top:.0f}, page scrolled {scrolled} px")

    def fig_link(self, step, doc_id):
        """A figure on the document page links to its row of the indicators page."""
        figs = self.css("article#text a.fig")
        if not figs:
            raise Failed(f"{step}: /doc/{doc_id} has indicators but no a.fig")
        href = figs[0].get_dom_attribute("href")
        fid = figs[0].get_attribute("id")
        want = f"/indicators?doc={doc_id}#ind-{doc_id}-{fid}"
        if urllib.parse.unquote(href or "") != want:
            raise Failed(f"{step}: a.fig id={fid!r} href {href!r}, expected {want!r}")
        self.d.get(self.base + href.lstrip("/"))
        row_id = f"ind-{doc_id}-{fid}"
        self.wait(step, f"tr#{row_id} on the indicators page",
                  lambda d: d.find_elements(By.ID, row_id))
        print(f"{step}: a.fig {fid} -> {href}: the row is there")

    def visible_rows(self):
        return self.d.execute_script(
            "return Array.from(document.querySelectorAll('table.wide tbody tr'))"
            ".filter(r => !r.hidden && r.offsetParent !== null).map(r => r.textContent)")

    def compare(self):
        step = "d. compare"
        self.d.get(self.base + "compare")
        self.need(step, "table.wide tbody tr")
        box = self.need(step, "input#filter")[0]
        rows = self.visible_rows()
        first = self.css("table.wide tbody tr")[0].find_elements(By.CSS_SELECTOR, "th, td")[0].text.strip()
        if not first:
            raise Failed(f"{step}: the first row's first cell is empty")
        charts = len(self.css("svg.chart"))
        box.send_keys(first)

        def filtered(_):
            vis = self.visible_rows()
            ok = vis and all(first in t for t in vis) and (len(vis) < len(rows) or len(vis) == 1)
            return vis if ok else None
        vis = self.wait(step, f"rows filtered to those containing {first!r}", filtered)
        self.no_js_errors(step)
        print(f"{step}: {len(rows)} rows, {charts} svg.chart; filter {first!r} -> "
              f"{len(vis)} visible; {self.shot('compare.png')}")

    def diff(self):
        step = "e. diff"
        self.d.get(self.base + "duplicates")
        self.need(step, "table#duplicates")
        links = self.css("table#duplicates a.diff")
        if links:
            how = f"a.diff {links[0].get_dom_attribute('href')}"
            links[0].click()
        else:
            ids = [d["doc_id"] for d in api(self.base, "api/docs")]
            if len(ids) < 2:
                print(f"{step}: skipped, fewer than two documents")
                return
            how = f"no a.diff; /diff?a={ids[0]}&b={ids[1]}"
            self.d.get(f"{self.base}diff?a={urllib.parse.quote(ids[0])}&b={urllib.parse.quote(ids[1])}")
        self.need(step, "div#diff div.side.a")
        self.need(step, "div#diff div.side.b")
        dels = len(self.css("div#diff div.side.a del"))
        ins = len(self.css("div#diff div.side.b ins"))
        if not self.css("div#diff del, div#diff ins"):
            raise Failed(f"{step}: no del or ins in div#diff ({how})")
        self.no_js_errors(step)
        print(f"{step}: {how}: {dels} del in A, {ins} ins in B; {self.shot('diff.png')}")


def safety(base, doc_id):
    step = "f. safety"
    cases = [("api/search?q=abc&limit=abc", {400}, True),
             ("doc/..%2F..%2Fetc%2Fpasswd", {400, 404}, False),
             ("search?q=%22unclosed", {400}, False),
             ("doc/ffffffffffffffff", {404}, False),
             ("diff?a=ffffffffffffffff&b=" + urllib.parse.quote(doc_id), {404}, False),
             ("api/kwic", {400}, True),
             ("nonexistent-page", {404}, False)]
    for path, want, is_json in cases:
        status, body = http_get(base + path)
        if status >= 500 or status not in want:
            raise Failed(f"{step}: GET /{path}: status {status}, expected "
                         f"{' or '.join(map(str, sorted(want)))}: {body[:200]!r}")
        if is_json:
            try:
                err = json.loads(body)["error"]
            except (ValueError, KeyError, TypeError):
                raise Failed(f"{step}: GET /{path}: body is not JSON {{\"error\": ...}}: "
                             f"{body[:200]!r}") from None
            if not isinstance(err, str) or not err:
                raise Failed(f"{step}: GET /{path}: empty error message")
        if "root:" in body:
            raise Failed(f"{step}: GET /{path} shows a system file")
        print(f"{step}: /{path} -> {status}")


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    binary, store, shots = sys.argv[1:]
    os.makedirs(shots, exist_ok=True)
    server = driver = None
    try:
        server = Server(binary, store)
        print(f"server: {server.url}")
        with tempfile.TemporaryDirectory() as profile:
            try:
                driver = browser(profile)
            except WebDriverException as e:
                raise Failed(f"browser start: {str(e).strip()[:500]}") from None
            c = Check(driver, server.url, shots)
            q = c.search()
            doc_id = c.document(q)
            c.figure(doc_id)
            c.compare()
            c.diff()
            driver.quit()
            driver = None
        safety(server.url, doc_id)
        code = server.stop()
        if code != 0:
            raise Failed(f"stop: after SIGINT the server "
                         f"{'still ran after 10 s' if code is None else f'exited with {code}'}")
        print("stop: SIGINT -> exit 0")
    except (Failed, WebDriverException) as e:
        print(f"serve browser check FAILED: {e}", file=sys.stderr)
        if driver is not None:
            try:
                c.shot("failure.png")
                print(f"(screenshot of the failing page: {os.path.join(shots, 'failure.png')})",
                      file=sys.stderr)
            except Exception:
                pass
        if server is not None:
            server.stop()
            server.print_tail()
        sys.exit(1)
    finally:
        if driver is not None:
            driver.quit()
    print("serve browser check ok")


main()
