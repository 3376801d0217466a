#!/usr/bin/env bash
# tests/run.sh BUILD_DIR - runs every unit test binary of BUILD_DIR/tests
# and BUILD_DIR/tests/unit,
# the CLI corpus (tests/cli.sh) and the end-to-end suites (tests/e2e_*.sh)
# with BUILD_DIR/placement, and ends with one line "N passed, N failed".
set -u
build=${1:?usage: tests/run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bin="$top/$build/placement"
# unit tests that run the engine (test_bruteforce) take it from here
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
for t in "$top/$build"/tests/test_* "$top/$build"/tests/unit/test_*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1); rc=$?
    tally "$out" $rc "$(basename "$t")"
done
for s in "$here"/cli.sh "$here"/e2e_*.sh; do
    [ -f "$s" ] || continue
    out=$(bash "$s" "$bin" 2>&1); rc=$?
    tally "$out" $rc "$(basename "$s")"
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
