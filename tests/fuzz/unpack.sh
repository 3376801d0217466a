#!/usr/bin/env bash
# tests/fuzz/unpack.sh [--verify] INPUT DIR - turns a fuzz input (a crash
# that make fuzz kept in build/fuzz/crashes) into a case folder DIR for
# tests/e2e/cases: fuzz_cycle's input becomes the cycle's files (and an
# args file when it names an encoding); with --verify (fuzz_verify's
# input: crashes named verify-*) it becomes DIR/assignments.csv and an
# args file auditing it against inputs/demo. Write DIR/expect by hand.
set -eu
verify=0
if [ "${1:-}" = --verify ]; then
    verify=1
    shift
fi
if [ $# -ne 2 ] || [ ! -f "$1" ]; then
    echo "usage: tests/fuzz/unpack.sh [--verify] INPUT DIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$2")
if [ "$verify" -eq 1 ]; then
    mkdir -p "$2"
    cp "$1" "$2/assignments.csv"
    # tests/e2e/cli.sh runs a case from tests/e2e/cases
    echo "verify ../../../inputs/demo $name/assignments.csv" >"$2/args"
else
    python3 "$here/corpus.py" unpack "$1" "$2"
fi
echo "wrote $2; add $2/expect (line 1: the exit code, then lines stderr must hold;" \
    "see tests/e2e/cli.sh) and move it under tests/e2e/cases" >&2
