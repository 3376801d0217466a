#!/usr/bin/env bash
# tests/e2e/oom.sh BIN - allocation failure swept over a run (Lua's
# ltests / SQLite's fault simulation idea): with PLACEMENT_FAIL_ALLOC=N the
# N-th allocation fails. Every N must end in exit 1 with "fatal: out of
# memory" (or exit 0 once N passes the run's last allocation), never a
# crash, and a failed run must leave no output folder and no temporary
# folder. OOM_STEP (default 1) sweeps every OOM_STEP-th allocation; the
# sweep must reach a successful run within OOM_MAX (default 20000)
# allocations. The cycle is tests/e2e/cases/solve-binding-quota: a quota
# that the flow alone breaks (so GLPK solves it), a fix, a minimum, a
# ranking, labs and supervisors, so the sweep reaches reading, validation,
# admissible pairs, the flow, GLPK, the audit and the result files in a
# few seconds (about 260 allocations). A missing cycle is a failure.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init oom "$@"
step=${OOM_STEP:-1}
max=${OOM_MAX:-20000}
cycle="$here/cases/solve-binding-quota"
if [ ! -f "$cycle/programs.csv" ]; then
    suite_fail "oom: the cycle '$cycle' is missing"
    suite_finish
fi
n=1 done_ok=0
while [ $done_ok -eq 0 ] && [ $n -le "$max" ]; do
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
echo "oom: swept $((n - step)) allocations (step $step) of 'solve ${cycle#"$here"/}'"
[ $done_ok -eq 1 ] || suite_fail "oom: no run succeeded within $((n - step)) allocations"
suite_finish
