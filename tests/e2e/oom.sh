#!/usr/bin/env bash
# tests/e2e/oom.sh BIN - allocation failure swept over a run (Lua's
# ltests / SQLite's fault simulation idea): with PLACEMENT_FAIL_ALLOC=N the
# N-th allocation fails. Every N must end in exit 1 with "fatal: out of
# memory" (or exit 0 once N passes the run's last allocation), never a
# crash. Three sweeps:
#   solve    into a new OUT, every N: a failed run leaves no output folder
#            (or, failing after the commit, the complete new one) and
#            nothing beside it
#   replace  solve replacing an earlier OUT that holds a user's file:
#            after every N, OUT is the earlier result or the complete new
#            one, with the user's file, and nothing is beside it
#   verify   verify -o OUT replacing an earlier OUT, the same way
# The last two sweep every N among the first 80 allocations (taking OUT:
# outdir_begin) and the last 100 (the end of writing and the commit), and
# every 10th in between (the solve sweep covers those). OOM_STEP (default
# 1) sweeps every OOM_STEP-th of them; each sweep must reach a successful
# run within OOM_MAX (default 20000) allocations. The cycle is
# tests/e2e/cases/solve-binding-quota: a quota that the flow alone breaks
# (so GLPK solves it), a fix, a minimum, a ranking, labs and supervisors,
# so the sweep reaches reading, validation, admissible pairs, the flow,
# GLPK, the audit and the result files in a few seconds (about 850
# allocations). A missing cycle is a failure.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init oom "$@"
step=${OOM_STEP:-1}
max=${OOM_MAX:-20000}
cycle="$here/cases/solve-binding-quota"
notes="a user's notes"
if [ ! -f "$cycle/programs.csv" ]; then
    suite_fail "oom: the cycle '$cycle' is missing"
    suite_finish
fi
# the results of clean runs: the earlier OUT (a one-student cycle's) and
# the new ones
mkdir "$work/tiny"
printf 'id,capacity\np,1\n' >"$work/tiny/programs.csv"
printf 'id,score\ns1,1\n' >"$work/tiny/students.csv"
printf 'student,rank,choice\ns1,1,p\n' >"$work/tiny/preferences.csv"
if ! "$bin" solve "$work/tiny" -o "$work/ref-old" -q >/dev/null 2>&1 ||
    ! "$bin" solve "$cycle" -o "$work/ref-solve" -q >/dev/null 2>&1 ||
    ! "$bin" verify "$cycle" "$work/ref-solve/assignments.csv" -o "$work/ref-verify" -q \
        >/dev/null 2>&1; then
    suite_fail "oom: the reference runs failed"
    suite_finish
fi

# is OUT REF [NOTES]: OUT holds REF's files (and the user's notes when
# NOTES is yes) with REF's tables byte for byte
is() {
    local out=$1 ref=$2 t want
    want=$( (ls -A "$ref"; [ "${3:-no}" = yes ] && echo notes.txt) | LC_ALL=C sort | tr '\n' ' ')
    [ "$(ls -A "$out" 2>/dev/null | LC_ALL=C sort | tr '\n' ' ')" = "$want" ] || return 1
    [ "${3:-no}" = no ] || [ "$(cat "$out/notes.txt")" = "$notes" ] || return 1
    for t in assignments.csv capacity.csv blocking_pairs.csv quotas.csv violations.csv waitlist.csv; do
        [ ! -f "$ref/$t" ] || cmp -s "$out/$t" "$ref/$t" || return 1
    done
}

# sweep NAME: runs the command of NAME at every N; see the top of the file
sweep() {
    local name=$1 n=1 done_ok=0 rc left state args ref notes_too=no dense=1 found=0
    case $name in
    verify) args=(verify "$cycle" "$work/ref-solve/assignments.csv" -o "$work/p/out" -q)
        ref="$work/ref-verify" notes_too=yes dense=0 ;;
    replace) args=(solve "$cycle" -o "$work/p/out" -q) ref="$work/ref-solve" notes_too=yes dense=0 ;;
    *) args=(solve "$cycle" -o "$work/p/out" -q) ref="$work/ref-solve" ;;
    esac
    while [ $done_ok -eq 0 ] && [ $n -le "$max" ]; do
        rm -rf "$work/p"
        mkdir "$work/p"
        if [ $notes_too = yes ]; then
            cp -r "$work/ref-old" "$work/p/out"
            printf '%s\n' "$notes" >"$work/p/out/notes.txt"
        fi
        PLACEMENT_FAIL_ALLOC=$n "$bin" "${args[@]}" >/dev/null 2>"$work/err"
        rc=$?
        if [ $rc -eq 0 ] && [ $dense -eq 0 ] && [ $found -eq 0 ]; then
            # the sparse pass ran past the end: the last 100 densely
            found=$n
            n=$((n > 180 ? n - 100 : 81))
            continue
        fi
        left=$(ls -A "$work/p" | grep -vx out | tr '\n' ' ')
        if [ ! -e "$work/p/out" ]; then state=none
        elif is "$work/p/out" "$ref" $notes_too; then state=new
        elif is "$work/p/out" "$work/ref-old" $notes_too; then state=old
        else state=broken
        fi
        if [ $rc -eq 0 ]; then
            done_ok=1
            if [ $state = new ] && [ -z "$left" ]; then suite_ok; else
                suite_fail "$name n=$n: exit 0, OUT is $state, beside '$left'"; fi
        elif [ $rc -eq 1 ] && grep -q "^fatal: out of memory$" "$work/err" && [ -z "$left" ] &&
            { [ $state = new ] || { [ $notes_too = yes ] && [ $state = old ]; } ||
                { [ $notes_too = no ] && [ $state = none ]; }; }; then
            suite_ok
        else
            suite_fail "$name n=$n: exit $rc, OUT is $state, beside '$left'"
            suite_show "$work/err" 3
        fi
        if [ $dense -eq 1 ] || [ $found -gt 0 ] || [ $n -lt 80 ]; then
            n=$((n + step))
        else
            n=$((n + 10 * step))
        fi
    done
    echo "oom: swept to $((n - step)) allocations (step $step) of '${args[*]}'" |
        sed "s|$work/||g; s|$here/||g"
    [ $done_ok -eq 1 ] || suite_fail "oom $name: no run succeeded within $((n - step)) allocations"
}
sweep solve
sweep replace
sweep verify
suite_finish
