#!/usr/bin/env python3
"""tests/lib/report_check.py - the checks of tests/e2e/report.sh on what
headless Chromium made of a report.html: its DOM (--dump-dom), its PDF
(--print-to-pdf) and its screenshot (--screenshot). The expected counts are
computed here from the result CSVs, independently of the engine's report.

    report_check.py dom LABEL DOM HTML RESULTS [--assignments FILE]
                        [--warnings FILE] [--verify] [--compare]
    report_check.py pdf LABEL PDF
    report_check.py png LABEL PNG WIDTH HEIGHT

DOM is Chromium's serialised DOM of HTML (the report's own bytes); RESULTS
is the folder holding capacity.csv, blocking_pairs.csv, quotas.csv,
waitlist.csv and summary.csv (and assignments.csv unless --assignments names it: verify's
input). --warnings FILE: stderr of `placement check`, whose warnings
section#warnings must list. --verify: a verify report (no run facts
checked). --compare: section#compare must exist.

Prints "ok LABEL: WHAT" or "FAIL LABEL: WHAT: WHY" per check, details
indented below a failure; exits 0 when all passed, 1 when one failed, 2 on
bad usage (Python's own exit on a crash). Standard library only.
"""
import csv
import html.parser
import os
import re
import sys
import zlib

failed = False


def report(label, what, problems, detail=()):
    """One check: ok when PROBLEMS is empty, else FAIL with the first few."""
    global failed
    if not problems:
        print(f"ok {label}: {what}")
        return
    failed = True
    print(f"FAIL {label}: {what}: {problems[0]}")
    for p in list(problems[1:8]) + list(detail):
        print(f"      {p}")
    if len(problems) > 8:
        print(f"      ... and {len(problems) - 8} more")


# --- the DOM ----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children = []

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag=None, **attrs):
        return [n for n in self.iter()
                if (tag is None or n.tag == tag)
                and all(n.attrs.get(k) == v for k, v in attrs.items())]

    def text(self):
        """The text content, a blank between elements: textContent would
        run <dt>gap</dt><dd>0</dd> together into 'gap0'."""
        out = []
        for c in self.children:
            out.append(" " + c.text() + " " if isinstance(c, Node) else c)
        return "".join(out)

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def describe(self):
        a = "".join(f' {k}="{v}"' for k, v in self.attrs.items() if k in ("id", "class", "data-node"))
        return f"<{self.tag}{a}>"


class TreeBuilder(html.parser.HTMLParser):
    """Builds a Node tree from Chromium's serialisation, which closes every
    element that is not void, SVG's included."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, {k: (v or "") for k, v in attrs}, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def squash(s):
    return " ".join(s.split())


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def body_rows(table):
    """The <tr> of TABLE's own <tbody> elements (not of a nested table)."""
    return [tr for tb in table.children if isinstance(tb, Node) and tb.tag == "tbody"
            for tr in tb.children if isinstance(tr, Node) and tr.tag == "tr"]


def names_student(text, sid, name):
    """Whether TEXT names the student by id (as a whole word) or by name."""
    if re.search(r"(?<![\w-])" + re.escape(sid) + r"(?![\w-])", text):
        return True
    return bool(name) and squash(name) in text


SECTIONS = ["run", "warnings", "rank-profile", "fill", "demand", "quotas",
            "rosters", "unplaced", "blocking", "waitlist"]
CHARTS = ["rank-profile", "fill", "demand"]


def check_dom(label, dom_path, html_path, results, assignments, warnings, verify, compare):
    with open(dom_path, encoding="utf-8", errors="replace") as f:
        dom_text = f.read()
    with open(html_path, "rb") as f:
        raw = f.read()
    tb = TreeBuilder()
    tb.feed(dom_text)
    tb.close()
    doc = tb.root
    asg = read_csv(assignments)
    cap = read_csv(os.path.join(results, "capacity.csv"))
    blocking = read_csv(os.path.join(results, "blocking_pairs.csv"))
    waitlist = read_csv(os.path.join(results, "waitlist.csv"))
    quotas = read_csv(os.path.join(results, "quotas.csv"))
    summary = {r["metric"]: r["value"] for r in read_csv(os.path.join(results, "summary.csv"))}

    # Chromium parsed a page, in standards mode
    probs = []
    if not doc.find_all("body"):
        probs.append(f"Chromium's DOM has no <body> ({len(dom_text)} bytes)")
    if not re.match(r"\s*<!DOCTYPE html>", dom_text, re.I):
        probs.append("no <!DOCTYPE html>: the page renders in quirks mode")
    report(label, "Chromium parsed the page (doctype, body)", probs)

    # sections, each once; element ids unique
    sections = {}
    probs = []
    ids = {}
    for n in doc.iter():
        if "id" in n.attrs:
            ids.setdefault(n.attrs["id"], []).append(n)
    for i, ns in sorted(ids.items()):
        if len(ns) > 1:
            probs.append(f"id '{i}' is used {len(ns)} times")
    wanted = SECTIONS + (["compare"] if compare else [])
    for s in wanted:
        ns = [n for n in ids.get(s, []) if n.tag == "section"]
        if not ns:
            other = ids.get(s)
            probs.append(f'no <section id="{s}">' + (f" (id on {other[0].describe()})" if other else ""))
        else:
            sections[s] = ns[0]
    report(label, "sections " + " ".join(wanted), probs)

    def chart(name):
        svgid = f"chart-{name}"
        probs = []
        sec = sections.get(name)
        svgs = [n for n in doc.find_all("svg") if n.attrs.get("id") == svgid]
        if sec is None:
            probs.append(f'no <section id="{name}">')
        elif not svgs:
            probs.append(f'no <svg id="{svgid}">')
        else:
            svg = svgs[0]
            if svg not in list(sec.iter()):
                probs.append(f'<svg id="{svgid}"> is not inside <section id="{name}">')
            if "chart" not in svg.classes():
                probs.append(f'<svg id="{svgid}"> has not the class "chart" (class="{svg.attrs.get("class", "")}")')
            marks = [n for n in svg.iter() if n.tag in ("rect", "path")]
            if not marks:
                probs.append(f'<svg id="{svgid}"> has no <rect> or <path>')
            labels = [n for n in svg.iter() if n.tag in ("title", "text") and n.text().strip()]
            if not labels:
                probs.append(f'<svg id="{svgid}"> has no <title> and no <text> label')
            return svg, probs
        return None, probs

    def labels_of(svg):
        return squash(" ".join(n.text() for n in svg.iter() if n.tag in ("title", "text")))

    for name in CHARTS:
        svg, probs = chart(name)
        if svg is not None and name in ("fill", "demand"):
            levels = ("program", "lab") if name == "fill" else ("program",)
            text = labels_of(svg)
            for r in cap:
                if r["level"] in levels and r["id"] not in text and squash(r["name"]) not in text:
                    probs.append(f"{r['level']} '{r['id']}' is named in no <text> or <title> of chart-{name}")
        what = {"rank-profile": "chart-rank-profile (marks, labels)",
                "fill": "chart-fill (marks, labels; every program and lab named)",
                "demand": "chart-demand (marks, labels; every program named)"}[name]
        report(label, what, probs)

    # quotas: a chart when the cycle has any, else words instead of a chart
    if quotas:
        _, probs = chart("quotas")
        report(label, f"chart-quotas ({len(quotas)} quotas in quotas.csv)", probs)
    else:
        probs = []
        sec = sections.get("quotas")
        if sec is None:
            probs.append('no <section id="quotas">')
        else:
            if sec.find_all("svg"):
                probs.append("the cycle has no quotas, yet section#quotas holds an <svg>")
            t = squash(sec.text())
            if not re.search(r"\bno\b[^.]*\bquotas?\b|\bnone\b|\bquotas?\b[^.]*\bno\b", t, re.I):
                probs.append(f"section#quotas does not say there are no quotas: '{t[:120]}'")
        report(label, "no quotas: section#quotas says so, without a chart", probs)

    # placements per node, computed from assignments.csv and capacity.csv's tree
    parent = {r["id"]: r["parent"] for r in cap}
    level = {r["id"]: r["level"] for r in cap}
    subtree = {r["id"]: [] for r in cap}
    unplaced = []
    probs = []
    for a in asg:
        if a["status"] == "unplaced":
            unplaced.append(a)
            continue
        path = [a.get(c, "") for c in ("program", "lab", "supervisor")]
        leaf = next((p for p in reversed(path) if p), "")
        if leaf not in parent:
            probs.append(f"student '{a['student']}' is placed at '{leaf}', which capacity.csv does not list")
            continue
        n = leaf
        while n:
            subtree[n].append(a)
            n = parent.get(n, "")
    for r in cap:
        if r["placed"] != str(len(subtree[r["id"]])):
            probs.append(f"capacity.csv says '{r['id']}' holds {r['placed']}, assignments.csv places {len(subtree[r['id']])} in its subtree")
    if probs:
        report(label, "assignments.csv and capacity.csv agree", probs)

    # rosters
    probs = []
    sec = sections.get("rosters")
    if sec is None:
        probs.append('no <section id="rosters">')
        tables = []
    else:
        tables = [t for t in sec.find_all("table") if "roster" in t.classes()]
    by_node = {}
    for t in tables:
        by_node.setdefault(t.attrs.get("data-node", ""), []).append(t)
    nodes = [r["id"] for r in cap if r["level"] in ("program", "lab")]
    for node, ts in sorted(by_node.items()):
        if node not in level:
            probs.append(f'a roster table has data-node="{node}", which is no place of capacity.csv')
        elif len(ts) > 1:
            probs.append(f"{len(ts)} roster tables for '{node}'")
    for node in [r["id"] for r in cap]:
        ts = by_node.get(node)
        if not ts:
            if node in nodes:
                probs.append(f'no <table class="roster" data-node="{node}"> ({level[node]})')
            continue
        rows = body_rows(ts[0])
        want = subtree[node]
        if len(rows) != len(want):
            probs.append(f"roster '{node}' has {len(rows)} body rows, {len(want)} students are placed in its subtree")
        text = squash(" ".join(r.text() for r in rows))
        missing = [a["student"] for a in want if not names_student(text, a["student"], a["name"])]
        if missing:
            probs.append(f"roster '{node}' does not name {len(missing)} of its students: {' '.join(missing[:6])}")
    report(label, f"rosters: one per program and lab ({len(nodes)}), rows = placements in the subtree", probs)

    def row_table(secname, tid, want_rows, what, students=None):
        probs = []
        sec = sections.get(secname)
        ts = [n for n in doc.find_all("table") if n.attrs.get("id") == tid]
        if sec is None:
            probs.append(f'no <section id="{secname}">')
        elif not ts:
            probs.append(f'no <table id="{tid}">')
        else:
            t = ts[0]
            if t not in list(sec.iter()):
                probs.append(f'<table id="{tid}"> is not inside <section id="{secname}">')
            rows = body_rows(t)
            if len(rows) != want_rows:
                probs.append(f"{len(rows)} body rows, {what} has {want_rows}")
            if students:
                text = squash(" ".join(r.text() for r in rows))
                missing = [a["student"] for a in students if not names_student(text, a["student"], a["name"])]
                if missing:
                    probs.append(f"{len(missing)} students not named: {' '.join(missing[:6])}")
        return probs

    report(label, f"unplaced-table: {len(unplaced)} rows (the unplaced of assignments.csv)",
           row_table("unplaced", "unplaced-table", len(unplaced), "assignments.csv", unplaced))
    report(label, f"blocking-table: {len(blocking)} rows (blocking_pairs.csv)",
           row_table("blocking", "blocking-table", len(blocking), "blocking_pairs.csv"))
    # one row per leaf someone waits for (at most 500), naming who is first
    firsts = [r for r in waitlist if r["position"] == "1"]
    shown = min(len(firsts), 500)
    report(label, f"waitlist-table: {shown} rows (the leaves of waitlist.csv), each naming its first",
           row_table("waitlist", "waitlist-table", shown, "waitlist.csv",
                     firsts if len(firsts) <= 500 else None))

    # run facts
    sec = sections.get("run")
    probs = []
    if sec is None:
        probs.append('no <section id="run">')
    else:
        t = squash(sec.text())
        if verify:
            facts = [("status", summary.get("status", ""))]
        else:
            facts = [(k, summary.get(k, "")) for k in ("status", "objective", "method",
                                                        "engine_version", "glpk_version")]
            facts += [(k, v) for k, v in summary.items() if k.startswith("sha256:")]
            if not re.search(r"\bgap\b", t, re.I):
                probs.append("section#run does not say 'gap'")
            if not re.search(r"\b\d{4}-\d{2}-\d{2}\b", t):
                probs.append("section#run has no date (YYYY-MM-DD)")
        for k, v in facts:
            if not v:
                probs.append(f"summary.csv has no '{k}'")
            elif v.lower() not in t.lower():
                probs.append(f"section#run does not show {k} '{v}'")
    what = "section#run shows the status" if verify else \
        "section#run: status, objective, method, gap, date, versions, fingerprints of summary.csv"
    report(label, what, probs)

    # warnings: every warning of `placement check`
    if warnings is not None:
        msgs = []
        with open(warnings, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.search(r": warning: (.*)", line)
                if m:
                    msgs.append(squash(m.group(1)))
        sec = sections.get("warnings")
        probs = []
        if sec is None:
            probs.append('no <section id="warnings">')
        else:
            t = squash(sec.text())
            probs = [f"not listed: {m[:100]}" for m in msgs if m not in t]
            if probs:
                probs[0] = f"{len(probs)} of {len(msgs)} warnings missing; " + probs[0]
        report(label, f"section#warnings lists the {len(msgs)} warnings of 'placement check'", probs)

    # text outside ASCII survives Chromium's decoding (a charset declared)
    probs = []
    page = squash(doc.text())
    tried = 0
    for s in [a["name"] for a in asg] + [r["name"] for r in cap]:
        s = squash(s)
        if not s or s.isascii() or s.encode("utf-8") not in raw:
            continue
        tried += 1
        if s not in page:
            probs.append(f"'{s}' is in report.html but not in Chromium's text (charset not UTF-8?)")
    report(label, f"non-ASCII names read as UTF-8 by Chromium ({tried} names)", probs)

    # no external resource, on the file's bytes
    report(label, "no external resource (script, link, @import, src/href/url() outside the file)",
           external_resources(raw.decode("utf-8", errors="replace")))


TAG = re.compile(r"<[A-Za-z][\w:-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
URL_ATTR = re.compile(r"""[\s"'](src|href|xlink:href|srcset|poster|background|action|formaction|data|codebase|ping|manifest|longdesc)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
CSS_URL = re.compile(r"url\(\s*(\"[^\"]*\"|'[^']*'|[^)]*)\s*\)", re.I)
EMBED = re.compile(r"<(script|link|iframe|frame|frameset|object|embed|applet|base|portal)\b", re.I)


def local(value):
    v = value.strip().strip("\"'").strip()
    return v == "" or v.startswith("#") or v.lower().startswith("data:")


def external_resources(text):
    probs = []
    for m in EMBED.finditer(text):
        probs.append(f"<{m.group(1)}> at byte {m.start()}: {text[m.start():m.start() + 80]!r}")
    if re.search(r"@import", text, re.I):
        probs.append("@import in the file")
    for t in TAG.finditer(text):
        for m in URL_ATTR.finditer(t.group(0)):
            if not local(m.group(2)):
                probs.append(f"{m.group(1)}={m.group(2)} in {t.group(0)[:80]!r}")
    for m in CSS_URL.finditer(text):
        if not local(m.group(1)):
            probs.append(f"url({m.group(1)[:60]}) at byte {m.start()}")
    if re.search(r"\bhttp-equiv\s*=\s*[\"']?refresh", text, re.I):
        probs.append("<meta http-equiv=refresh>")
    return probs


# --- the PDF and the screenshot ---------------------------------------------

def check_pdf(label, path):
    with open(path, "rb") as f:
        data = f.read()
    probs = []
    if not data.startswith(b"%PDF-"):
        probs.append(f"not a PDF ({len(data)} bytes, starts {data[:8]!r})")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", data)
    if not boxes:
        probs.append(f"no /MediaBox in the PDF ({pages} pages)")
    sizes = set()
    for b in boxes:
        x0, y0, x1, y1 = (float(v) for v in b)
        w, h = x1 - x0, y1 - y0
        sizes.add(f"{w:.1f}x{h:.1f}")
        if abs(w - 595.28) > 1.5 or abs(h - 841.89) > 1.5:
            probs.append(f"a page is {w:.1f} x {h:.1f} pt, A4 is 595 x 842 (Letter is 612 x 792: no @page size A4?)")
    report(label, f"PDF pages are A4 ({pages} pages, {', '.join(sorted(sizes)) or 'no size'} pt)",
           sorted(set(probs), key=probs.index))


def check_png(label, path, width, height):
    with open(path, "rb") as f:
        data = f.read()
    probs = []
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        probs.append(f"not a PNG ({len(data)} bytes)")
        report(label, "screenshot", probs)
        return
    pos, idat, ihdr = 8, [], None
    while pos + 8 <= len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = body
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    if ihdr is None or len(ihdr) < 13:
        probs.append("no IHDR chunk")
        report(label, "screenshot", probs)
        return
    w, h = int.from_bytes(ihdr[0:4], "big"), int.from_bytes(ihdr[4:8], "big")
    depth, ctype = ihdr[8], ihdr[9]
    if (w, h) != (width, height):
        probs.append(f"the PNG is {w}x{h}, asked for {width}x{height}")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(ctype, 0)
    stride = 1 + (w * channels * depth + 7) // 8
    try:
        pixels = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        probs.append(f"the image data does not decompress: {e}")
        pixels = b""
    lines = {pixels[i:i + stride] for i in range(0, len(pixels), stride)}
    # a blank page is a handful of distinct filtered scanlines; text and charts many
    if pixels and len(lines) < 20:
        probs.append(f"the screenshot looks blank ({len(lines)} distinct scanlines of {h})")
    report(label, f"screenshot is a {w}x{h} PNG with content ({len(data)} bytes, {len(lines)} distinct scanlines)", probs)


def main(argv):
    if len(argv) >= 6 and argv[1] == "dom":
        opts = argv[6:]
        assignments = os.path.join(argv[5], "assignments.csv")
        warnings = None
        verify = compare = False
        i = 0
        while i < len(opts):
            if opts[i] == "--assignments" and i + 1 < len(opts):
                assignments = opts[i + 1]
                i += 1
            elif opts[i] == "--warnings" and i + 1 < len(opts):
                warnings = opts[i + 1]
                i += 1
            elif opts[i] == "--verify":
                verify = True
            elif opts[i] == "--compare":
                compare = True
            else:
                print(f"report_check.py: unknown option '{opts[i]}'", file=sys.stderr)
                return 2
            i += 1
        check_dom(argv[2], argv[3], argv[4], argv[5], assignments, warnings, verify, compare)
    elif len(argv) == 4 and argv[1] == "pdf":
        check_pdf(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "png":
        check_png(argv[2], argv[3], int(argv[4]), int(argv[5]))
    else:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
