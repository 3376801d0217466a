#!/usr/bin/env python3
"""tests/lib/lottery_ref.py - the lottery of `placement lottery` drawn again
from its description in inputs/README.md, sharing no code with the engine:
reads the student ids of a cycle's students.csv (plain comma-separated
UTF-8, as the tests write it) and prints lottery.csv for SEED.

    lottery_ref.py STUDENTS.csv SEED > lottery.csv"""
import csv
import sys

M64 = (1 << 64) - 1


def draw(ids, seed):
    """The README's reference: SplitMix64, then Fisher-Yates from the last."""
    state = seed

    def next64():
        nonlocal state
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(m):
        threshold = ((1 << 64) - m) % m
        while True:
            x = next64()
            if x >= threshold:
                return x % m

    order = sorted(ids, key=lambda s: s.encode("utf-8"))
    for i in range(len(order) - 1, 0, -1):
        j = below(i + 1)
        order[i], order[j] = order[j], order[i]
    return {s: p + 1 for p, s in enumerate(order)}


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
        ids = [row["id"] for row in csv.DictReader(f) if row.get("id")]
    numbers = draw(ids, int(sys.argv[2]))
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["student", "number"])
    for s in sorted(numbers, key=lambda s: s.encode("utf-8")):
        w.writerow([s, numbers[s]])


if __name__ == "__main__":
    main()
