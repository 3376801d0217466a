#!/usr/bin/env bash
# tests/e2e/oom.sh BIN - allocation failure swept over a run (Lua's
# ltests / SQLite's fault simulation idea): with PLACEMENT_FAIL_ALLOC=N the
# N-th allocation fails. Every N must end in exit 1 with "fatal: out of
# memory" (or exit 0 once N passes the run's last allocation), never a
# crash, and a failed run must leave no output folder and no temporary
# folder. OOM_STEP (default 1) sweeps every OOM_STEP-th allocation.
set -u
bin=${1:?usage: tests/e2e/oom.sh BIN}
here=$(cd "$(dirname "$0")" && pwd)
step=${OOM_STEP:-1}
cycle="$here/cases/valid-quoted-fields"
[ -d "$cycle" ] || cycle="$here/../../inputs/demo"
work=$(mktemp -d /tmp/e2e_oom.XXXXXX)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 n=1 done_ok=0
while [ $done_ok -eq 0 ] && [ $n -lt 200000 ]; do
    rm -rf "$work/p"
    mkdir "$work/p"
    PLACEMENT_FAIL_ALLOC=$n "$bin" solve "$cycle" -o "$work/p/out" -q >/dev/null 2>"$work/err"
    rc=$?
    left=$(ls -A "$work/p")
    if [ $rc -eq 0 ]; then
        done_ok=1
        [ -f "$work/p/out/summary.csv" ] && pass=$((pass + 1)) || { echo "FAIL n=$n: exit 0 without results"; fail=$((fail + 1)); }
    elif [ $rc -eq 1 ] && grep -q "^fatal: out of memory$" "$work/err" && [ -z "$left" ]; then
        pass=$((pass + 1))
    else
        echo "FAIL n=$n: exit $rc, left behind: '${left}'"; head -3 "$work/err" | sed 's/^/  /'
        fail=$((fail + 1))
    fi
    n=$((n + step))
done
echo "oom: swept $((n - step)) allocations (step $step)"
echo "oom: $pass passed, $fail failed"
[ $fail -eq 0 ]
