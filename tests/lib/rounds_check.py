#!/usr/bin/env python3
"""tests/lib/rounds_check.py - checks a later round against the round before
it, from the result files alone (Python's csv module, not the engine's
reader), as rounds.h promises:

    rounds_check.py check OUT1 OUT2 RESPONSES.csv   one line per broken promise
    rounds_check.py same OUT1 OUT2                  nothing moved (no answers)
    rounds_check.py respond OUT1 ACCEPT DECLINE SEED [KEEP.csv]
        writes a responses.csv on stdout: ACCEPT students placed in OUT1
        accept, DECLINE others decline, chosen by SEED; KEEP.csv (an earlier
        responses.csv) is carried over first (answers stand across rounds)
    rounds_check.py newly OUT1 OUT2                 the students unplaced in
        OUT1 and placed in OUT2, one "student,leaf" per line
    rounds_check.py waitlist OUT1 OUT2              the newly placed took their
        seats in the order of OUT1's waitlist.csv (see waitlist())
    rounds_check.py taken OUT1 OUT2                 "leaf,position,student" of
        each newly placed: where she stood on OUT1's list of her new leaf

`check` prints one "FAIL ..." line per problem and nothing when all hold:
  - an accepted student is 'kept' at her OUT1 leaf;
  - a placed student without an answer keeps her OUT1 leaf and status
    (a student 'kept' in OUT1 stays 'kept');
  - a decliner, and a student declined in OUT1, is 'declined' with no leaf;
  - a student unplaced in OUT1 is 'placed' or 'unplaced' in OUT2;
  - summary.csv: round is OUT1's + 1, previous_assignments_sha256 is the
    SHA-256 of OUT1's assignments.csv, kept/held/declined count the above;
  - no place holds more students than its capacity (recounted from the
    assignments' paths against capacity.csv's capacity column).
"""
import csv
import hashlib
import random
import sys

PLACED = {"placed", "fixed", "kept"}


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def leaf(r):
    for col in ("supervisor", "lab", "program"):
        if r.get(col):
            return r[col]
    return ""


def assignments(out):
    return {r["student"]: r for r in rows(out + "/assignments.csv")}


def summary(out):
    return {r["metric"]: r["value"] for r in rows(out + "/summary.csv")}


def responses(path):
    return {r["student"]: r["response"].strip().lower() for r in rows(path)}


def check(out1, out2, resp_path):
    a1, a2 = assignments(out1), assignments(out2)
    answers = responses(resp_path) if resp_path != "-" else {}
    fails = []
    kept = held = declined = 0
    if set(a1) != set(a2):
        fails.append("the two rounds list different students")
    for s, r1 in sorted(a1.items()):
        r2 = a2.get(s)
        if r2 is None:
            continue
        st1, st2, ans = r1["status"], r2["status"], answers.get(s)
        if st1 in PLACED and ans == "accepted" or st1 == "kept" and ans is None:
            kept += 1
            if st2 != "kept" or leaf(r2) != leaf(r1):
                fails.append(f"{s} accepted at {leaf(r1)} but is {st2} at '{leaf(r2)}'")
        elif st1 in PLACED and ans is None:
            held += 1
            if st2 != st1 or leaf(r2) != leaf(r1):
                fails.append(f"{s} holds her offer at {leaf(r1)} ({st1}) but is {st2} at "
                             f"'{leaf(r2)}'")
        elif st1 == "declined" or ans == "declined":
            declined += 1
            if st2 != "declined" or leaf(r2):
                fails.append(f"{s} declined but is {st2} at '{leaf(r2)}'")
        elif st2 not in ("placed", "unplaced"):
            fails.append(f"{s} was unplaced in OUT1 but is {st2}")
    m1, m2 = summary(out1), summary(out2)
    want_round = str(int(m1.get("round", "1")) + 1)
    if m2.get("round") != want_round:
        fails.append(f"summary round {m2.get('round')}, expected {want_round}")
    with open(out1 + "/assignments.csv", "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if m2.get("previous_assignments_sha256") != digest:
        fails.append("summary previous_assignments_sha256 is not OUT1's assignments.csv")
    for name, n in (("kept", kept), ("held", held), ("declined", declined)):
        if m2.get(name) != str(n):
            fails.append(f"summary {name} {m2.get(name)}, expected {n}")
    # capacities, recounted from the paths
    count = {}
    for r in a2.values():
        for col in ("program", "lab", "supervisor"):
            if r.get(col):
                count[r[col]] = count.get(r[col], 0) + 1
    for r in rows(out2 + "/capacity.csv"):
        if r["capacity"] and count.get(r["id"], 0) > int(r["capacity"]):
            fails.append(f"{r['id']} holds {count[r['id']]} of {r['capacity']} seats")
    return fails


def same(out1, out2):
    a1, a2 = assignments(out1), assignments(out2)
    fails = []
    for s in sorted(set(a1) | set(a2)):
        r1, r2 = a1.get(s), a2.get(s)
        if not r1 or not r2:
            fails.append(f"{s} is in one round only")
            continue
        for col in ("status", "program", "lab", "supervisor", "rank"):
            if r1[col] != r2[col]:
                fails.append(f"{s}: {col} '{r1[col]}' became '{r2[col]}'")
    return fails


def respond(out1, accept, decline, seed, keep=None):
    a1 = assignments(out1)
    carried = responses(keep) if keep else {}
    offers = sorted(s for s, r in a1.items() if r["status"] in ("placed", "fixed")
                    and s not in carried)
    rnd = random.Random(seed)
    rnd.shuffle(offers)
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["student", "response"])
    for s, ans in sorted(carried.items()):
        w.writerow([s, ans])
    for s in offers[:accept]:
        w.writerow([s, "accepted"])
    for s in offers[accept:accept + decline]:
        w.writerow([s, "declined"])


def newly(out1, out2):
    a1, a2 = assignments(out1), assignments(out2)
    for s in sorted(a2):
        if a1.get(s, {}).get("status") == "unplaced" and a2[s]["status"] == "placed":
            print(f"{s},{leaf(a2[s])}")


def waitlist(out1, out2):
    """Round 2 against OUT1's waitlist.csv. For each student unplaced in
    OUT1 and placed in OUT2 at leaf t: she is on t's list, and every
    student before her there who was unplaced in OUT1 too (and did not
    decline) ends at a leaf she ranks at least as well as t. Returns the
    broken promises and (leaf, position, student) of each newly placed."""
    a1, a2 = assignments(out1), assignments(out2)
    lists = {}
    for r in rows(out1 + "/waitlist.csv"):
        lists.setdefault(r["leaf"], []).append((int(r["position"]), r["student"], r["rank"]))
    fails, taken = [], []
    for s, r2 in sorted(a2.items()):
        if a1[s]["status"] != "unplaced" or r2["status"] != "placed":
            continue
        t = leaf(r2)
        order = sorted(lists.get(t, []))
        pos = next((p for p, who, _ in order if who == s), None)
        if pos is None:
            fails.append(f"{s} takes '{t}' but is not on its waitlist in OUT1")
            continue
        taken.append((t, pos, s))
        for p, who, rank in order:
            if p >= pos:
                break
            if a1[who]["status"] != "unplaced" or a2[who]["status"] == "declined":
                continue  # only the open students compete in round 2
            got = a2[who]
            if got["status"] != "placed" or not got["rank"] or int(got["rank"]) > int(rank):
                fails.append(f"{who} (position {p} on the list of '{t}', her rank {rank}) is "
                             f"{got['status']} at rank '{got['rank']}' while {s} (position "
                             f"{pos}) took '{t}'")
    return fails, taken


def main(argv):
    if len(argv) >= 5 and argv[1] == "check":
        fails = check(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "same":
        fails = same(argv[2], argv[3])
    elif len(argv) in (6, 7) and argv[1] == "respond":
        respond(argv[2], int(argv[3]), int(argv[4]), int(argv[5]),
                argv[6] if len(argv) == 7 else None)
        return 0
    elif len(argv) == 4 and argv[1] == "waitlist":
        fails, _ = waitlist(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "taken":
        for t, pos, s in waitlist(argv[2], argv[3])[1]:
            print(f"{t},{pos},{s}")
        return 0
    elif len(argv) == 4 and argv[1] == "newly":
        newly(argv[2], argv[3])
        return 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for f in fails[:20]:
        print("FAIL " + f)
    if len(fails) > 20:
        print(f"FAIL ... and {len(fails) - 20} more")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
