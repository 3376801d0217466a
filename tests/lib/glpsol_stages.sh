#!/usr/bin/env bash
# tests/lib/glpsol_stages.sh D OBJECTIVE [ASSIGN_FILE] - solves the data that
# 'placement solve ... --export-data D' wrote with models/placement.mod and
# glpsol alone, one lexicographic stage per glpsol run (SPEC §5), and prints
# the rank profile of the final solution on one line:
#     placed=N total_rank=N rank_r1=N ... rank_rN=N rank_unranked=N
# (r1 < ... < rN: the ranks in use, D/ranks.csv; unranked counts R + 1).
# OBJECTIVE: rank-sum, rank-maximal or generous (or 1, 2, 3). ASSIGN_FILE,
# if given, receives the final "ASSIGN student leaf rank" lines (symbols of
# D/ids.csv). D is never written to: the stage files go into a copy.
# Exit: 0 done; 1 glpsol failed (bad data, a check, an unproven or
# inconsistent stage); 2 bad usage; 3 stage 1 infeasible; 4 time limit.
set -u
usage() { echo "usage: tests/lib/glpsol_stages.sh D rank-sum|rank-maximal|generous [ASSIGN_FILE]" >&2; exit 2; }
[ $# -eq 2 ] || [ $# -eq 3 ] || usage
data=$1 assign_file=${3:-}
case $2 in
    rank-sum|1) objective=1 ;;
    rank-maximal|2) objective=2 ;;
    generous|3) objective=3 ;;
    *) usage ;;
esac
[ -f "$data/pairs.csv" ] || { echo "glpsol_stages: '$data' holds no pairs.csv" >&2; exit 2; }
command -v glpsol >/dev/null || { echo "glpsol_stages: glpsol not found" >&2; exit 1; }
model="$(cd "$(dirname "$0")/../.." && pwd)/models/placement.mod"
tlim=${GLPSOL_TMLIM:-60}

work=$(mktemp -d "${TMPDIR:-/tmp}/glpsol_stages.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/d" && cp -R "$data/." "$work/d" || exit 1
rm -f "$work/d/stage.dat" "$work/d/out.txt" "$work/d/log.txt"

fail() { echo "glpsol_stages: $*" >&2; exit "${code:-1}"; }

fixed=""         # "1 v1 2 v2 ..." : the optimum of each stage solved so far
stage=1 last=1   # 'last' (K, the number of stages) is read from stage 1's output
while [ "$stage" -le "$last" ]; do
    {
        echo "data;"
        echo "param objective_arg := $objective;"
        echo "param stage := $stage;"
        [ -n "$fixed" ] && echo "param fixed := $fixed;"
        echo "end;"
    } >"$work/d/stage.dat"
    rm -f "$work/d/out.txt" "$work/d/log.txt" "$work/d/sol.txt"
    # -y: the model's printf lines alone; -w: the solution, whose "s" line
    # carries GLPK's status; the log is kept for error messages only.
    (cd "$work/d" && glpsol -m "$model" -d stage.dat --tmlim "$tlim" \
        -y out.txt -w sol.txt --log log.txt >/dev/null 2>&1)
    rc=$?
    log="$work/d/log.txt" out="$work/d/out.txt"
    if [ $rc -ne 0 ]; then
        grep -iE 'error|check|fail' "$log" 2>/dev/null | head -n 5 >&2
        fail "stage $stage: glpsol exited $rc"
    fi
    # "s mip ROWS COLS o|f|n|u OBJ" or, with no pair at all (no column),
    # "s bas ROWS COLS PRIMAL DUAL OBJ": o = optimal, f = feasible,
    # n = no feasible solution, u = undefined.
    read -r _ kind _ _ st1 st2 obj < <(grep '^s ' "$work/d/sol.txt" 2>/dev/null)
    [ "${kind:-}" = mip ] && obj=$st2
    case "${kind:-}:${st1:-}:${st2:-}" in
        mip:o:*|bas:f:f) status=optimal ;;
        mip:n:*|bas:n:*) status=infeasible ;;
        *) status=other ;;
    esac
    if [ $status = infeasible ]; then
        [ "$stage" -eq 1 ] && { code=3 fail "infeasible: no assignment meets every rule"; }
        fail "stage $stage infeasible after the earlier optima were fixed"
    fi
    if [ $status != optimal ]; then
        grep -q 'TIME LIMIT EXCEEDED' "$log" && { code=4 fail "stage $stage: time limit of ${tlim}s reached"; }
        fail "stage $stage: no proven optimum ($(grep -E '^[A-Z][A-Z ;/]+$' "$log" | tail -n 1))"
    fi
    [ -f "$out" ] || fail "stage $stage: no model output"
    grep -qx 'FEASIBLE 1' "$out" || fail "stage $stage: the solution fails the model's re-check"
    read -r _ s_now last _ sense _ < <(grep '^STAGE ' "$out")
    [ "$s_now" = "$stage" ] || fail "stage $stage: model solved stage '$s_now'"
    value=$(sed -n 's/^STAGE_VALUE //p' "$out")
    [[ $value =~ ^[0-9]+$ ]] || fail "stage $stage: bad STAGE_VALUE '$value'"
    # GLPK's objective is sense * value (the model maximises throughout).
    [ "$sense" = max ] && want=$value || want=$((-value))
    awk -v a="$obj" -v b="$want" 'BEGIN { d = a - b; exit !(d < 1e-6 && d > -1e-6) }' ||
        fail "stage $stage: GLPK objective $obj disagrees with STAGE_VALUE $value"
    fixed="${fixed:+$fixed }$stage $value"
    stage=$((stage + 1))
done

[ -n "$assign_file" ] && { grep '^ASSIGN ' "$out" >"$assign_file" || true; }
sed -n 's/^PROFILE //p' "$out"
