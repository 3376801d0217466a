#!/usr/bin/env bash
# tests/run.sh BUILD_DIR - runs every test of the tree with the programs of
# BUILD_DIR: the unit tests (tests/unit/test_*.c), the end-to-end suites
# (tests/e2e/*.sh, the CLI corpus among them) and the oracles
# (tests/oracle/test_*.c, tests/oracle/*.sh), and ends with one line
# "N passed, N failed" (exit 1 when any failed).
#
# TEST_JOBS tests run at once (default: the number of processors), the
# longest known ones first so that the machine stays busy to the end;
# each test's output is printed whole, in the order above, as soon as it
# and those before it have ended, followed by a line "time NAME: S s"
# (how long it took, while sharing the machine). TMPDIR is set for the
# tests (below). A test program is
# BUILD_DIR/tests/NAME for tests/{unit,oracle}/NAME.c; a missing one is a
# failure. Seed counts come from the environment (see the Makefile's
# test-quick and check targets).
set -u
build=${1:?usage: tests/run.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
case "$build" in /*) ;; *) build="$top/$build" ;; esac
bin="$build/placement"
jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
case "$jobs" in '' | *[!0-9]* | 0) jobs=1 ;; esac
# the oracles that run the engine (test_bruteforce, test_stable) take it from here
export PLACEMENT_BIN="$bin"
# The tests' temporary folders go to a RAM filesystem when there is one
# with 2 GiB free (TEST_TMPDIR names another folder): the engine fsyncs
# each result file, which on a disk costs a small cycle four times its
# solve. The fault suites mount their own tiny filesystems.
tmp_base=${TEST_TMPDIR:-}
if [ -z "$tmp_base" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
    [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -ge 2097152 ] 2>/dev/null; then
    tmp_base=/dev/shm
fi
export TMPDIR=${tmp_base:-${TMPDIR:-/tmp}}
out=$(mktemp -d "$TMPDIR/placement-tests.XXXXXX") || {
    echo "FAIL tests/run.sh: no temporary folder"
    echo "0 passed, 1 failed"
    exit 1
}
trap 'rm -rf "$out"; kill $(jobs -p) 2>/dev/null' EXIT
trap 'exit 130' INT TERM
total_pass=0 total_fail=0

# the tests, in the order they are printed: kind (program or suite),
# source, the name the closing count and the time line use
kinds=() srcs=() names=()
add() { kinds+=("$1") srcs+=("$2") names+=("$3"); }
for src in "$here"/unit/test_*.c; do add program "$src" "$(basename "$src" .c)"; done
for s in "$here"/e2e/*.sh; do add suite "$s" "${s#"$here"/}"; done
for src in "$here"/oracle/test_*.c; do add program "$src" "$(basename "$src" .c)"; done
for s in "$here"/oracle/*.sh; do add suite "$s" "${s#"$here"/}"; done
n=${#names[@]}

# the order they start in: the ones that take longest (about a minute or
# more in make test) first, then the rest as listed
slow="oracle/fastpath_large.sh test_stable oracle/fastpath_tiny.sh e2e/oom.sh test_bruteforce e2e/lottery.sh
test_waitlist oracle/glpsol.sh e2e/rounds.sh e2e/bounds.sh e2e/report.sh e2e/faults.sh"
order=()
for name in $slow; do
    for ((i = 0; i < n; i++)); do [ "${names[i]}" = "$name" ] && order+=("$i"); done
done
for ((i = 0; i < n; i++)); do
    case " $(echo $slow) " in *" ${names[i]} "*) ;; *) order+=("$i") ;; esac
done

run_one() { # I: runs test I into $out/I.{out,rc,time}
    local i=$1 t start rc
    start=$(date +%s.%N)
    if [ "${kinds[i]}" = program ]; then
        t="$build/tests/${names[i]}"
        if [ ! -x "$t" ]; then
            echo "FAIL ${names[i]}: '$t' is not built (make tests-bin)" >"$out/$i.out"
            echo missing >"$out/$i.rc"
            return
        fi
        "$t" >"$out/$i.out" 2>&1
    else
        bash "${srcs[i]}" "$bin" >"$out/$i.out" 2>&1
    fi
    rc=$?
    awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f s\n", e - s }' >"$out/$i.time"
    echo "$rc" >"$out/$i.rc" # last: its presence says the test has ended
}

tally() { # I: prints test I's output and time, adds its closing counts
    local i=$1 name=${names[$1]} rc line p f
    rc=$(cat "$out/$i.rc")
    cat "$out/$i.out"
    if [ "$rc" = missing ]; then
        total_fail=$((total_fail + 1))
        return
    fi
    line=$(grep -E '^[a-z0-9_-]+: [0-9]+ passed, [0-9]+ failed$' "$out/$i.out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAIL $name: no closing count (exit $rc)"
        total_fail=$((total_fail + 1))
    else
        p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
        f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
        total_pass=$((total_pass + p))
        total_fail=$((total_fail + f))
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            echo "FAIL $name: exit $rc"
            total_fail=$((total_fail + 1))
        fi
    fi
    echo "time $name: $(cat "$out/$i.time")"
}

shown=0
show_ended() { # prints, in order, the tests that have ended so far
    while [ "$shown" -lt "$n" ] && [ -f "$out/$shown.rc" ]; do
        tally "$shown"
        shown=$((shown + 1))
    done
}
running=0
for i in "${order[@]}"; do
    while [ "$running" -ge "$jobs" ]; do
        wait -n 2>/dev/null
        running=$(jobs -rp | wc -l)
        show_ended
    done
    run_one "$i" &
    running=$((running + 1))
done
wait
show_ended
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
