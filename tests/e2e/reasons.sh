#!/usr/bin/env bash
# tests/e2e/reasons.sh BIN - the reason column and stable_placed against
# the theory, on the demo and on generated cycles (REASONS_SEEDS, default
# 8, of each kind: 60 students with ties, and 60 students made with
# `gen --strict`: distinct scores, no rankings, strict ranks, so every
# place orders students alike and deferred acceptance is exact).
#
# solve --stable: no blocking pair, no empty reason, and no reason may say
# a better choice had an open seat or a holder she outranks (that would be
# a blocking pair). Exit 3 is accepted only when stderr says no stable
# assignment exists; such cycles are counted apart and at least 3 in 4 of
# all cycles must be solved.
#
# stable_placed of the same cycle solved without --stable:
#   a number  must equal what the --stable run places
#   none      only when the --stable run exits 3
#   n/a       (not proven) allowed, except on the --strict cycles
#   absent    only when that run has no blocking pair; it is then stable
#             itself and places the most students, so the --stable run
#             places as many
# and at least one --strict cycle must give a number.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init reasons "$@"
suite_need_gen
seeds=${REASONS_SEEDS:-8}
limit=120
ncycles=0 nsolved=0 nnostable=0 ninfeasible=0 nnumber=0 nstrict_number=0 nna=0

metric() { # FILE NAME: the value of a summary.csv row, empty when absent
    awk -F, -v m="$2" '$1 == m { print $2; exit }' "$1" 2>/dev/null
}

# check NAME DIR KIND (KIND: ties or strict)
check() {
    local name=$1 dir=$2 kind=$3 st="$work/stable" fr="$work/free" rc frc
    local bp bad empty sp fbp placed fplaced why=
    ncycles=$((ncycles + 1))
    rm -rf "$st" "$fr"
    timeout "$limit" "$bin" solve "$dir" -o "$st" --stable -q >/dev/null 2>"$work/stable.err"
    rc=$?
    timeout "$limit" "$bin" solve "$dir" -o "$fr" -q >/dev/null 2>"$work/free.err"
    frc=$?
    if [ $frc -ne 0 ]; then
        # a stable assignment is an assignment: none without a plain one
        if [ $frc -eq 3 ] && [ $rc -eq 3 ]; then
            ninfeasible=$((ninfeasible + 1))
            suite_ok
        else
            suite_fail "$name: solve exits $frc, solve --stable exits $rc"
            suite_show "$work/free.err" 3
        fi
        return
    fi
    sp=$(metric "$fr/summary.csv" stable_placed)
    fbp=$(metric "$fr/summary.csv" blocking_pairs)
    fplaced=$(metric "$fr/summary.csv" placed)
    if [ $rc -eq 3 ]; then
        nnostable=$((nnostable + 1))
        grep -q '^error: no stable assignment' "$work/stable.err" ||
            why="solve --stable exits 3 without saying that no stable assignment exists"
        case "$sp" in
        none) ;;
        n/a) [ "$kind" != strict ] || why="${why:+$why; }stable_placed is 'n/a' on a --strict cycle" ;;
        *) why="${why:+$why; }solve --stable finds no stable assignment, stable_placed is '$sp'" ;;
        esac
        if [ -z "$why" ]; then suite_ok; else
            suite_fail "$name: $why"
            suite_show "$work/stable.err" 3
        fi
        return
    fi
    if [ $rc -ne 0 ]; then
        suite_fail "$name: solve --stable exits $rc"
        suite_show "$work/stable.err" 3
        return
    fi
    nsolved=$((nsolved + 1))

    # the reasons of the stable assignment
    bp=$(metric "$st/summary.csv" blocking_pairs)
    bad=$(grep -c -e 'a seat was open' -e 'whom it ranks below this student' "$st/assignments.csv")
    empty=$(python3 -c 'import csv, sys
print(sum(1 for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")) if not r["reason"]))' \
        "$st/assignments.csv")
    if [ "$bp" = 0 ] && [ "$bad" = 0 ] && [ "$empty" = 0 ]; then suite_ok; else
        suite_fail "$name: blocking_pairs=$bp, reasons claiming an open or lower-priority seat=$bad, empty reasons=$empty"
        grep -m2 -e 'a seat was open' -e 'whom it ranks below this student' "$st/assignments.csv" | cut -c1-300
    fi

    # stable_placed of the run without --stable
    placed=$(metric "$st/summary.csv" placed)
    case "$sp" in
    '')
        if ! grep -q '^stable_placed,' "$fr/summary.csv"; then
            if [ "$fbp" != 0 ]; then
                why="no stable_placed row although the run has $fbp blocking pairs"
            elif [ "$fplaced" != "$placed" ]; then
                why="the run without --stable has no blocking pair and places $fplaced, --stable places $placed"
            fi
        else
            why="stable_placed is empty"
        fi
        ;;
    n/a)
        nna=$((nna + 1))
        [ "$kind" != strict ] || why="stable_placed is 'n/a' on a --strict cycle (deferred acceptance is exact there)"
        ;;
    none) why="stable_placed is 'none', but --stable places $placed" ;;
    *[!0-9]*) why="stable_placed is '$sp'" ;;
    *)
        nnumber=$((nnumber + 1))
        [ "$kind" != strict ] || nstrict_number=$((nstrict_number + 1))
        [ "$sp" = "$placed" ] || why="stable_placed without --stable is $sp, --stable places $placed"
        ;;
    esac
    if [ -z "$why" ]; then suite_ok; else suite_fail "$name: $why"; fi
}

# gen_check NAME KIND GEN_OPTIONS...: generates a cycle and checks it
gen_check() {
    local name=$1 kind=$2
    shift 2
    rm -rf "$work/cycle"
    if ! "$gen" "$work/cycle" "$@" >/dev/null 2>"$work/gen.err"; then
        suite_fail "$name: gen $*: $(head -n 1 "$work/gen.err")"
        return
    fi
    check "$name" "$work/cycle" "$kind"
}

check demo "$top/inputs/demo" ties
for s in $(seq 1 "$seeds"); do
    gen_check "gen-60-$s" ties --students 60 --choices 4 --seed "$s"
    gen_check "strict-60-$s" strict --students 60 --choices 4 --seed "$s" --strict
done

echo "reasons: $ncycles cycles: $nsolved solved with --stable, $nnostable without a stable" \
    "assignment, $ninfeasible infeasible; stable_placed: $nnumber numbers ($nstrict_number on" \
    "--strict cycles), $nna n/a"
if [ $((4 * nsolved)) -ge $((3 * ncycles)) ]; then suite_ok; else
    suite_fail "reasons: only $nsolved of $ncycles cycles solved with --stable"
fi
if [ "$nstrict_number" -gt 0 ]; then suite_ok; else
    suite_fail "reasons: no --strict cycle gave stable_placed as a number"
fi
suite_finish
