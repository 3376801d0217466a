#!/usr/bin/env bash
# tests/oracle/glpsol.sh BIN - the engine against an independent solve: the
# data of 'placement solve --export-data' solved by glpsol on
# models/placement.mod, stage by stage (tests/lib/glpsol_stages.sh). The rank
# profiles must be equal, and infeasible cycles infeasible for both.
# Cycles: the demo, two with gapped ranks (up to 10^9) from e2e/cases, and
# generated ones (GLPSOL_SEEDS of each shape, default 6; one shape with
# gapped ranks).
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init glpsol "$@"
suite_need_gen
seeds=${GLPSOL_SEEDS:-6}

# the engine's profile in the driver's shape, from summary.csv: its rank
# rows in their order (the ranks in use), then rank_unranked
engine_profile() {
    awk -F, '$1=="placed"{p=$2} $1=="total_rank"{t=$2} $1~/^rank_[0-9]+$/{r=r " " $1 "=" $2}
             $1=="rank_unranked"{u=$2}
             END{printf "placed=%s total_rank=%s%s rank_unranked=%s\n", p, t, r, u}' "$1"
}

compare() { # name dir objective [extra options]
    local name=$1 dir=$2 obj=$3; shift 3
    local out="$work/out" data="$work/data" e g erc grc
    rm -rf "$out" "$data"
    "$bin" solve "$dir" -o "$out" --objective "$obj" --export-data "$data" -q "$@" >/dev/null 2>"$work/err"
    erc=$?
    g=$(bash "$here/../lib/glpsol_stages.sh" "$data" "$obj" 2>"$work/gerr"); grc=$?
    if [ $erc -eq 3 ] && [ $grc -eq 3 ]; then suite_ok; return; fi
    if [ $erc -ne 0 ] || [ $grc -ne 0 ]; then
        suite_fail "$name $obj $*: engine exit $erc, glpsol exit $grc"
        cat "$work/err" "$work/gerr" | suite_show /dev/stdin 5
        return
    fi
    # both print the ranks in use and then unranked. Rank-sum
    # optima may differ in profile: only the objective values must agree.
    e=$(engine_profile "$out/summary.csv")
    if [ "$obj" = rank-sum ]; then e=$(cut -d' ' -f1-2 <<<"$e"); g=$(cut -d' ' -f1-2 <<<"$g"); fi
    if [ "$e" = "$g" ]; then suite_ok; else
        suite_fail "$name $obj $*:"; echo "  engine: $e"; echo "  glpsol: $g"; fi
}

for obj in rank-sum rank-maximal generous; do
    compare demo "$top/inputs/demo" "$obj"
done
compare demo "$top/inputs/demo" rank-sum --require-all
# ranks with gaps, up to the largest a cycle may write: the profiles and the
# stages run over the ranks in use
for obj in rank-sum rank-maximal generous; do
    compare rank-billion "$tests/e2e/cases/solve-rank-billion" "$obj"
    compare gapped-ranks "$tests/e2e/cases/solve-gapped-ranks-generous" "$obj"
done
# the exported model of the last stage, re-solved by glpsol from the LP
# and MPS files, has the optimum of the engine's last stage
lp_check() { # name dir [options]
    local name=$1 dir=$2 out="$work/lpout" want got fmt; shift 2
    rm -rf "$out"
    "$bin" solve "$dir" -o "$out" -q --export-lp "$work/m.lp" --export-mps "$work/m.mps" "$@" >/dev/null 2>&1
    want=$(grep '^stage:' "$out/summary.csv" | tail -n 1 | cut -d, -f2)
    for fmt in lp freemps; do
        f="$work/m.${fmt/free/}"
        glpsol --$fmt "$f" -o "$work/m.sol" --tmlim 60 >/dev/null 2>&1
        got=$(sed -nE 's/^Objective: +[^ ]+ = ([-0-9.e+]+).*/\1/p' "$work/m.sol")
        if [ -n "$want" ] && [ "$got" = "$want" ]; then suite_ok; else
            suite_fail "export-$fmt $name $*: engine last stage '$want', glpsol '$got'"; fi
    done
}
lp_check demo "$top/inputs/demo"
lp_check demo "$top/inputs/demo" --objective rank-maximal
lp_check demo "$top/inputs/demo" --stable

for s in $(seq 1 "$seeds"); do
    for shape in "t$s:--tiny --seed $s" "g$s:--tiny --gap-ranks --seed $s" \
        "m$s:--students 120 --choices 5 --quotas --seed $s"; do
        # shellcheck disable=SC2086
        "$gen" "$work/${shape%%:*}" ${shape#*:} >/dev/null 2>"$work/gen.err" ||
            suite_fail "gen ${shape#*:}: $(head -n 1 "$work/gen.err")"
    done
    for obj in rank-sum rank-maximal generous; do
        compare "tiny-$s" "$work/t$s" "$obj"
        compare "tiny-$s" "$work/t$s" "$obj" --require-all
        compare "gap-ranks-$s" "$work/g$s" "$obj"
    done
    compare "quotas-120-$s" "$work/m$s" rank-sum
done
suite_finish
