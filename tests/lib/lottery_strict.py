#!/usr/bin/env python3
"""tests/lib/lottery_strict.py - a cycle whose ties in priority are broken
by its lottery in the data itself, for tests/e2e/lottery.sh: the engine's
answer on SRC (with SRC/lottery.csv) must be its answer on DST (without a
lottery), if the lottery breaks exactly the ties in priority and nothing
else.

    lottery_strict.py SRC DST

SRC is a plain cycle folder (comma-separated UTF-8, as gen writes it) with
lottery.csv. DST gets every file of SRC but lottery.csv, with
  - rankings.csv: each ranker's ranks replaced by the positions 1..k of its
    students ordered by (rank, lottery number);
  - students.csv: every score raised by 1 and given digits beyond its last
    that order equal scores by the lottery (lower number, higher score);
    a student without a score gets a score below 1 by the same digits, so
    she still stands below everyone with one, and among her like by the
    lottery. The digits are (n - p) / 10^(w + d), p her place by number
    (0: lowest), w the digits of n, d the most decimal digits of any
    score: below the gap between two different scores, so no order but
    the ties' changes."""
import csv
import os
import shutil
import sys
from decimal import Decimal


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    for name in os.listdir(src):
        if name.endswith(".csv") and name != "lottery.csv":
            shutil.copyfile(os.path.join(src, name), os.path.join(dst, name))
    h, rows = read(os.path.join(src, "lottery.csv"))
    number = {r[h.index("student")]: int(r[h.index("number")]) for r in rows}
    place = {s: p for p, s in enumerate(sorted(number, key=lambda s: number[s]))}
    n = len(number)

    path = os.path.join(src, "rankings.csv")
    if os.path.exists(path):
        h, rows = read(path)
        ki, ks, kr = h.index("ranker"), h.index("student"), h.index("rank")
        by = {}
        for r in rows:
            by.setdefault(r[ki], []).append(r)
        out = []
        for ranker, entries in sorted(by.items()):
            entries.sort(key=lambda r: (int(r[kr]), number[r[ks]]))
            for pos, r in enumerate(entries):
                r = list(r)
                r[kr] = str(pos + 1)
                out.append(r)
        write(os.path.join(dst, "rankings.csv"), h, out)

    h, rows = read(os.path.join(src, "students.csv"))
    if "score" not in h:
        h = h + ["score"]
        rows = [r + [""] for r in rows]
    ki, kc = h.index("id"), h.index("score")
    d = max([len(r[kc].partition(".")[2]) for r in rows if r[kc]] or [0])
    w = len(str(n))
    for r in rows:
        extra = Decimal(n - place[r[ki]]) / (Decimal(10) ** (w + d))
        base = Decimal(r[kc]) + 1 if r[kc] else Decimal(0)
        r[kc] = format(base + extra, "f")
    write(os.path.join(dst, "students.csv"), h, rows)


if __name__ == "__main__":
    main()
