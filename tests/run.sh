#!/usr/bin/env bash
# tests/run.sh BUILD_DIR - runs every test of the tree with the programs of
# BUILD_DIR: the unit tests (tests/unit/test_*.c), the end-to-end suites
# (tests/e2e/*.sh, the CLI corpus among them) and the oracles
# (tests/oracle/test_*.c, tests/oracle/*.sh), in that order, and ends with
# one line "N passed, N failed" (exit 1 when any failed). After each test
# a line "time NAME: S s" says how long it took. A test program
# is BUILD_DIR/tests/NAME for tests/{unit,oracle}/NAME.c; a missing one is
# a failure. Seed counts come from the environment (see the Makefile's
# test-quick and check targets).
set -u
build=${1:?usage: tests/run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
case "$build" in /*) ;; *) build="$top/$build" ;; esac
bin="$build/placement"
# the oracles that run the engine (test_bruteforce, test_stable) take it from here
export PLACEMENT_BIN="$bin"
total_pass=0 total_fail=0
tally() { # reads a suite's output, echoes it, adds its closing counts
    local out=$1 rc=$2 name=$3 line p f
    printf '%s\n' "$out"
    line=$(printf '%s\n' "$out" | grep -E '^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $name: no closing count (exit $rc)"
        total_fail=$((total_fail + 1))
        return
    fi
    p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $name: exit $rc"
        total_fail=$((total_fail + 1))
    fi
}
took() { # NAME START: how long a suite took
    echo "time $1: $(awk -v s="$2" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s", e - s }')"
}
program() { # runs the test program built from source file $1
    local t out rc start
    t="$build/tests/$(basename "$1" .c)"
    if [ ! -x "$t" ]; then
        echo "FAIL $(basename "$t"): '$t' is not built (make tests-bin)"
        total_fail=$((total_fail + 1))
        return
    fi
    start=$(date +%s.%N)
    out=$("$t" 2>&1)
    rc=$?
    tally "$out" $rc "$(basename "$t")"
    took "$(basename "$t")" "$start"
}
suite() { # runs the shell suite $1 with the engine
    local out rc start
    start=$(date +%s.%N)
    out=$(bash "$1" "$bin" 2>&1)
    rc=$?
    tally "$out" $rc "${1#"$here"/}"
    took "${1#"$here"/}" "$start"
}
for src in "$here"/unit/test_*.c; do program "$src"; done
for s in "$here"/e2e/*.sh; do suite "$s"; done
for src in "$here"/oracle/test_*.c; do program "$src"; done
for s in "$here"/oracle/*.sh; do suite "$s"; done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
