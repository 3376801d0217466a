#!/usr/bin/env python3
"""tests/lib/xlsx_check.py NAME OUT SHEETS - checks OUT/results.xlsx
against the CSV files beside it, with the standard library only (zipfile,
xml.etree), for tests/e2e/workbook.sh. SHEETS: the sheet names expected,
in order, comma-separated; each is OUT/SHEET.csv. Prints one line per
check, "ok NAME...: WHAT" or "FAIL NAME...: WHAT: WHY"; exits 0."""
import csv
import posixpath
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
P = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# a number as the engine writes one (what may be stored as a number)
CANONICAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?(e[-+][0-9]{2,})?")
WIDTH_CAP = 60

# which columns must hold numbers and which text, per sheet ("*": any
# other column of that sheet is text)
NUMBER_COLUMNS = {
    "assignments": {"rank", "year", "score"},
    "capacity": {"capacity", "min", "placed", "free"},
    "blocking_pairs": {"rank", "current_rank", "student_priority", "holder_priority"},
    "quotas": {"min", "max", "placed"},
    "waitlist": {"position", "rank"},
    "violations": set(),
    "summary": set(),
}
# summary.csv's value column: numbers on these metrics, text on the rest
NUMBER_METRICS = re.compile(
    r"(students|placed|unplaced|rank_.*|total_rank|blocking_pairs|stable_placed|gap"
    r"|solve_seconds|stage:.*)")


def say(ok, what, why=""):
    print(("ok " if ok else "FAIL ") + what + ("" if ok else ": " + why))


def col_index(ref):
    """'B12' -> (11, 1): 0-based row and column."""
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def display_width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


def text_of(node):
    """The text of an <si> or <is>: its <t> and the <t> of its runs."""
    return "".join(t.text or "" for t in node.iter(M + "t"))


def read_sheet(z, path, shared):
    """{(row, col): (kind, value)}: kind 'n' for a number, 's' for text."""
    root = ET.fromstring(z.read(path))
    cells = {}
    for c in root.iter(M + "c"):
        t = c.get("t", "n")
        v = c.find(M + "v")
        if t == "s":
            val = ("s", shared[int(v.text)])
        elif t == "inlineStr":
            val = ("s", text_of(c.find(M + "is")))
        elif t == "str":
            val = ("s", v.text or "")
        elif t == "n":
            if v is None:
                continue  # a styled empty cell
            val = ("n", v.text, int(c.get("s", "0")))
        else:
            val = (t, v.text if v is not None else "")
        cells[col_index(c.get("r"))] = val
    return root, cells


def main():
    name, out, sheets = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
    book = out + "/results.xlsx"
    if not zipfile.is_zipfile(book):
        say(False, name + ": results.xlsx is a zip file", "missing or not a zip")
        return
    say(True, name + ": results.xlsx is a zip file")
    z = zipfile.ZipFile(book)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.iter(P + "Relationship")}
    found = [(s.get("name"), s.get(R + "id")) for s in wb.iter(M + "sheet")]
    got = [n for n, _ in found]
    say(got == sheets, name + ": one sheet per CSV, named after it, in order",
        "sheets %s, expected %s" % (got, sheets))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = [text_of(si) for si in sst.iter(M + "si")]
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fonts = list(styles.find(M + "fonts"))
    xfs = list(styles.find(M + "cellXfs"))
    # a style's number format: its code ("0.00"), "" for General
    codes = {int(f.get("numFmtId")): f.get("formatCode")
             for f in styles.iter(M + "numFmt")}
    style_format = [codes.get(int(x.get("numFmtId", "0")), "") for x in xfs]

    for sheet, rid in found:
        if sheet not in sheets:
            continue
        what = "%s/%s: " % (name, sheet)
        with open("%s/%s.csv" % (out, sheet), newline="", encoding="utf-8") as f:
            table = list(csv.reader(f))
        nrows, ncols = len(table), len(table[0])
        path = posixpath.normpath(posixpath.join("xl", target[rid]))
        root, cells = read_sheet(z, path, shared)

        # cells: every CSV cell is there, equal, and nothing else
        bad = []
        for r in range(nrows):
            for c in range(ncols):
                want = table[r][c]
                have = cells.get((r, c))
                if want == "":
                    if have is not None and have[1] != "":
                        bad.append("%s%d: '%s' for an empty cell" % (col_name(c), r + 1, have[1]))
                elif have is None:
                    bad.append("%s%d: missing, CSV has '%s'" % (col_name(c), r + 1, want))
                elif have[0] == "s" and have[1] != want:
                    bad.append("%s%d: '%s', CSV has '%s'" % (col_name(c), r + 1, have[1], want))
                elif have[0] == "n" and (not CANONICAL.fullmatch(want) or
                                         float(have[1]) != float(want)):
                    bad.append("%s%d: the number %s, CSV has '%s'" % (col_name(c), r + 1,
                                                                     have[1], want))
                elif have[0] not in ("s", "n"):
                    bad.append("%s%d: a cell of type '%s'" % (col_name(c), r + 1, have[0]))
        extra = [k for k in cells if k[0] >= nrows or k[1] >= ncols]
        if extra:
            bad.append("%d cells outside the CSV's %d rows and %d columns, e.g. %s%d"
                       % (len(extra), nrows, ncols, col_name(extra[0][1]), extra[0][0] + 1))
        dim = root.find(M + "dimension")
        want_dim = "A1:%s%d" % (col_name(ncols - 1), nrows)
        if dim is None or dim.get("ref") != want_dim:
            bad.append("dimension %s, expected %s" % (dim.get("ref") if dim is not None else None,
                                                       want_dim))
        say(not bad, what + "cells equal the CSV's (%d rows, %d columns)" % (nrows, ncols),
            "; ".join(bad[:3]))

        # types: numbers in numeric columns, text elsewhere
        bad = []
        header = table[0]
        for r in range(1, nrows):
            for c in range(ncols):
                want = table[r][c]
                if want == "":
                    continue
                if sheet == "summary" and header[c] == "value":
                    number = bool(NUMBER_METRICS.fullmatch(table[r][0]))
                else:
                    number = header[c] in NUMBER_COLUMNS.get(sheet, set())
                # "n/a" in a numeric row stays text
                number = number and bool(CANONICAL.fullmatch(want))
                kind = cells.get((r, c), ("-", ""))[0]
                if (kind == "n") != number:
                    bad.append("%s%d '%s' (%s) is stored as %s" % (
                        col_name(c), r + 1, want, header[c],
                        "a number" if kind == "n" else "text"))
        for c in range(ncols):  # the header is text
            if cells.get((0, c), ("-",))[0] != "s":
                bad.append("header %s%d is not text" % (col_name(c), 1))
        say(not bad, what + "numbers as numbers, ids and text as text", "; ".join(bad[:3]))

        # a decimal shows the digits it was written with ("100.0", "71.3")
        bad = []
        for (r, c), cell in cells.items():
            if cell[0] != "n" or r >= nrows or c >= ncols:
                continue
            want = table[r][c]
            digits = len(want.split(".")[1]) if "." in want and "e" not in want else 0
            code = style_format[cell[2]] if cell[2] < len(style_format) else "?"
            if code != ("0." + "0" * digits if digits else ""):
                bad.append("%s%d '%s' has number format '%s'" % (col_name(c), r + 1, want, code))
        say(not bad, what + "decimals shown with the digits written", "; ".join(bad[:3]))

        # the header: bold and frozen
        bad = []
        for c in range(ncols):
            cell = next((e for e in root.iter(M + "c") if e.get("r") == "%s1" % col_name(c)), None)
            xf = xfs[int(cell.get("s", "0"))] if cell is not None else None
            font = fonts[int(xf.get("fontId", "0"))] if xf is not None else None
            if font is None or font.find(M + "b") is None:
                bad.append("%s1 is not bold" % col_name(c))
        pane = root.find(M + "sheetViews/" + M + "sheetView/" + M + "pane")
        if pane is None:
            bad.append("no pane in sheetView")
        elif (pane.get("state"), pane.get("ySplit"), pane.get("topLeftCell"),
              pane.get("xSplit")) != ("frozen", "1", "A2", None):
            bad.append("pane %s" % pane.attrib)
        say(not bad, what + "header bold and frozen", "; ".join(bad[:3]))

        # the autofilter covers the table
        af = root.find(M + "autoFilter")
        want_ref = "A1:%s%d" % (col_name(ncols - 1), nrows)
        say(af is not None and af.get("ref") == want_ref,
            what + "autofilter over " + want_ref,
            "autoFilter %s" % (af.get("ref") if af is not None else None))

        # widths: every column set, fitted to its cells' display width
        bad = []
        widths = {}
        cols = root.find(M + "cols")
        for col in (cols if cols is not None else []):
            for i in range(int(col.get("min")), int(col.get("max")) + 1):
                widths[i - 1] = float(col.get("width"))
        for c in range(ncols):
            widest = max(display_width(table[r][c]) for r in range(1, nrows)) if nrows > 1 else 0
            widest = max(widest, display_width(header[c]))
            w = widths.get(c)
            if w is None:
                bad.append("column %s (%s) has no width" % (col_name(c), header[c]))
            elif w < min(widest, WIDTH_CAP):
                bad.append("column %s (%s) is %.1f wide, its widest cell %d" % (
                    col_name(c), header[c], w, widest))
            elif w > min(widest + 5, WIDTH_CAP + 1):
                bad.append("column %s (%s) is %.1f wide for a widest cell of %d (cap %d)" % (
                    col_name(c), header[c], w, widest, WIDTH_CAP))
        say(not bad, what + "column widths fitted", "; ".join(bad[:3]))


main()
