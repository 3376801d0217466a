#!/usr/bin/env bash
# tests/e2e/oom.sh BIN - allocation failure swept over a run (Lua's
# ltests / SQLite's fault simulation idea): with PLACEMENT_FAIL_ALLOC=N the
# N-th allocation fails. Every N must end in exit 1 with "fatal: out of
# memory" (or exit 0 once N passes the run's last allocation), never a
# crash, and a failed run must leave no output folder and no temporary
# folder. OOM_STEP (default 1) sweeps every OOM_STEP-th allocation.
set -u
. "$(dirname "$0")/../lib/suite.sh"
suite_init oom "$@"
step=${OOM_STEP:-1}
cycle="$here/cases/valid-quoted-fields"
[ -d "$cycle" ] || cycle="$top/inputs/demo"
n=1 done_ok=0
while [ $done_ok -eq 0 ] && [ $n -lt 200000 ]; do
    rm -rf "$work/p"
    mkdir "$work/p"
    PLACEMENT_FAIL_ALLOC=$n "$bin" solve "$cycle" -o "$work/p/out" -q >/dev/null 2>"$work/err"
    rc=$?
    left=$(ls -A "$work/p")
    if [ $rc -eq 0 ]; then
        done_ok=1
        if [ -f "$work/p/out/summary.csv" ]; then suite_ok; else suite_fail "n=$n: exit 0 without results"; fi
    elif [ $rc -eq 1 ] && grep -q "^fatal: out of memory$" "$work/err" && [ -z "$left" ]; then
        suite_ok
    else
        suite_fail "n=$n: exit $rc, left behind: '${left}'"
        suite_show "$work/err" 3
    fi
    n=$((n + step))
done
echo "oom: swept $((n - step)) allocations (step $step)"
suite_finish
