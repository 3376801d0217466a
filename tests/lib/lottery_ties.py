#!/usr/bin/env python3
"""tests/lib/lottery_ties.py DIR - more ties in priority than gen makes, for
tests/e2e/lottery.sh: every score in DIR/students.csv rounded down to a
multiple of 20 (every seventh student's dropped), every rank in
DIR/rankings.csv halved (1 and 2 become 1, ...), in place; a cycle
without rankings gets one at every second lab, listing every student (so
nobody's admissible pairs change) at ranks 1 to 3. The files are plain
comma-separated UTF-8, as gen writes them."""
import csv
import os
import sys


def rewrite(name, col, f):
    path = os.path.join(sys.argv[1], name)
    if not os.path.exists(path):
        return
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    k = rows[0].index(col)
    for i, r in enumerate(rows[1:]):
        r[k] = f(r[k], i)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


if len(sys.argv) != 2:
    print(__doc__, file=sys.stderr)
    sys.exit(2)
rewrite("students.csv", "score",
        lambda v, i: "" if not v or i % 7 == 3 else str(int(float(v)) // 20 * 20))
rewrite("rankings.csv", "rank", lambda v, i: str((int(v) + 1) // 2))
labs = os.path.join(sys.argv[1], "labs.csv")
ranks = os.path.join(sys.argv[1], "rankings.csv")
if os.path.exists(labs) and not os.path.exists(ranks):
    with open(labs, newline="", encoding="utf-8") as fh:
        lab_ids = [r["id"] for r in csv.DictReader(fh)]
    with open(os.path.join(sys.argv[1], "students.csv"), newline="", encoding="utf-8") as fh:
        ids = [r["id"] for r in csv.DictReader(fh)]
    with open(ranks, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["ranker", "student", "rank"])
        for k, lab in enumerate(lab_ids):
            if k % 2 == 0:
                for i, s in enumerate(ids):
                    w.writerow([lab, s, 1 + (i * 7 + k) % 3])
