#!/usr/bin/env bash
# tests/e2e/reasons.sh BIN - the reason column against the theory: in an
# assignment with no blocking pair, no better choice of a student can have
# had an open seat or a holder she outranks, so no reason may say so; and
# every student has a non-empty reason; and a run without --stable reports
# as stable_placed what the --stable run places. Cycles: the demo and
# generated ones.
set -u
. "$(dirname "$0")/../lib/suite.sh"
suite_init reasons "$@"
check() { # name dir
    local name=$1 dir=$2 out="$work/out" rc bp bad empty fbp
    rm -rf "$out"
    "$bin" solve "$dir" -o "$out" --stable -q >/dev/null 2>&1
    rc=$?
    if [ $rc -eq 3 ]; then suite_ok; return; fi # no stable assignment
    if [ $rc -ne 0 ]; then suite_fail "$name: solve --stable exit $rc"; return; fi
    bp=$(awk -F, '$1=="blocking_pairs"{print $2}' "$out/summary.csv")
    bad=$(grep -c -e 'a seat was open' -e 'whom it ranks below this student' "$out/assignments.csv")
    empty=$(awk -F, 'NR>1 && $NF==""' "$out/assignments.csv" | wc -l)
    # the same cycle without --stable reports the stable maximum it beats
    local free_out="$work/free" sp placed
    rm -rf "$free_out"
    "$bin" solve "$dir" -o "$free_out" -q >/dev/null 2>&1
    sp=$(awk -F, '$1=="stable_placed"{print $2}' "$free_out/summary.csv")
    placed=$(awk -F, '$1=="placed"{print $2}' "$out/summary.csv")
    fbp=$(awk -F, '$1=="blocking_pairs"{print $2}' "$free_out/summary.csv")
    if [ "$fbp" != 0 ] && [ "$sp" != "$placed" ]; then
        suite_fail "$name: stable_placed without --stable is '$sp', --stable places $placed"
    else
        suite_ok
    fi
    if [ "$bp" = 0 ] && [ "$bad" = 0 ] && [ "$empty" = 0 ]; then suite_ok; else
        suite_fail "$name: blocking_pairs=$bp, reasons claiming an open or lower-priority seat=$bad, empty reasons=$empty"
        grep -m2 -e 'a seat was open' -e 'whom it ranks below this student' "$out/assignments.csv" | cut -c1-300
    fi
}
check demo "$top/inputs/demo"
for s in 1 2 3 4 5 6 7 8; do
    "$gen" "$work/c$s" --students 60 --choices 4 --seed "$s" >/dev/null 2>&1 && check "gen-60-$s" "$work/c$s"
done
suite_finish
