#!/usr/bin/env python3
"""tests/fuzz/corpus.py - packs a cycle folder into one input of fuzz_cycle
and unpacks such an input back into a folder (the format: fuzzdir.h).

  corpus.py pack DIR OUT       the folder's *.csv files (and the encoding
                               named by --encoding in its args file)
  corpus.py unpack INPUT DIR   the files into DIR (created), and an args
                               file `check NAME --encoding X` when the
                               input names an encoding
Exit 0, or 2 with a message (a file holding the mark cannot be packed)."""
import os
import re
import sys

MARK = b"%%%%"
MAX_FILES = 10
ENCODINGS = ("gb18030", "windows-1252", "latin1", "utf-16")
NAME = re.compile(rb"[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}\Z")


def pack(folder, out):
    data = b""
    args = os.path.join(folder, "args")
    if os.path.isfile(args):
        words = open(args, "rb").read().split()
        if b"--encoding" in words[:-1]:
            data += MARK + b"encoding\n" + words[words.index(b"--encoding") + 1].lower()
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.lower().endswith(".csv") or not os.path.isfile(path):
            continue
        body = open(path, "rb").read()
        if MARK in body or not NAME.match(name.encode()):
            print("corpus.py: cannot pack '%s' (a bad name, or it holds %s)" % (path, MARK),
                  file=sys.stderr)
            sys.exit(2)
        data += MARK + name.encode() + b"\n" + body
    with open(out, "wb") as f:
        f.write(data)


def unpack(inp, folder):
    pieces = open(inp, "rb").read().split(MARK)[1:]
    files = 0
    os.makedirs(folder, exist_ok=True)
    for piece in pieces:
        name, nl, body = piece.partition(b"\n")
        if not NAME.match(name) or files >= MAX_FILES:
            print("corpus.py: skipped a piece named %r" % name, file=sys.stderr)
            continue
        if name == b"encoding":
            enc = body.rstrip(b"\r\n ").lstrip(b" ").decode("latin-1")
            if enc in ENCODINGS:
                with open(os.path.join(folder, "args"), "w") as f:
                    f.write("check %s --encoding %s\n" % (os.path.basename(os.path.abspath(folder)), enc))
            continue
        with open(os.path.join(folder, name.decode()), "wb") as f:
            f.write(body)
        files += 1


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("pack", "unpack"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    (pack if sys.argv[1] == "pack" else unpack)(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    main()
