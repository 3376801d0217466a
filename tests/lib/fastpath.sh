#!/usr/bin/env bash
# tests/lib/fastpath.sh BIN PART - every fast path against the plain GLPK
# model, run by tests/oracle/fastpath_PART.sh: random cycles of every
# shape (PART tiny: tiny, tiny strict, tiny with plain leaves that
# --method auto merges; PART large: 30-150 students with and without
# quotas and --strict; by the gen program next to BIN) are solved
# with `--method auto -v` and with `--method glpk` under several option
# combinations. Both must exit alike; on success status, placed and every
# stage:* row of summary.csv (the lexicographic optimum) must be equal,
# --stable results must have no blocking pair, and `verify` must accept the
# auto result. The methods the auto runs chose are tallied: each fast path
# must have been used at least once: the flow in each part, deferred
# acceptance and merged leaves in the tiny one. FASTPATH_SEEDS (default 30)
# seeds, 3 (tiny) or 4 (large) cycles each; --stable only on cycles of at
# most FASTPATH_STABLE_MAX (default 40) students. The two parts are two
# suites so that tests/run.sh runs them side by side. Ends with
# "fastpath-PART: N passed, N failed".
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
part=${2:-}
case $part in tiny | large) ;; *)
    echo "usage: tests/lib/fastpath.sh BIN tiny|large"
    echo "fastpath: 0 passed, 1 failed"
    exit 1 ;;
esac
suite_init "fastpath-$part" "$1"
suite_need_gen
seeds=${FASTPATH_SEEDS:-30}
stable_max=${FASTPATH_STABLE_MAX:-40}
limit=60

# without the option every run would exit 2 alike: say so once
if ! "$bin" solve --help 2>&1 | grep -q -e '--method'; then
    suite_fail "fastpath: '$bin solve' has no --method option"
    suite_finish
fi

# method tallies: all auto runs, and per kind of case (shape, stable or not)
declare -A used=() bykind=()
unnamed=0   # auto runs that exited 0 without naming their method
merged_runs=0 # auto runs that merged interchangeable leaves
mislabel=0  # runs whose summary.csv method row is missing or disagrees

# mix SEED SALT: a deterministic pseudo-random number in 0..2^31-1
mix() {
    local x=$(($1 * 6364136223846793005 + $2 * 1442695040888963407 + 1))
    x=$(((x ^ (x >> 29)) * 3935559000370003845))
    echo $(((x ^ (x >> 32)) & 0x7fffffff))
}

# the rows that must agree: status, placed and the stage optima
profile() {
    grep -E '^(status|placed|stage:[^,]*),' "$1" 2>/dev/null
}
summary_value() { # FILE METRIC
    awk -F, -v m="$2" '$1 == m { print $2; exit }' "$1" 2>/dev/null
}

# check SEED SHAPE GENARGS DIR [solve options]: one comparison
check() {
    local seed=$1 shape=$2 genargs=$3 dir=$4
    shift 4
    local a="$work/auto" g="$work/glpk" rca rcg m ma mg why='' stable=''
    case " $* " in *" --stable "*) stable=--stable ;; esac
    rm -rf "$a" "$g"
    "$bin" solve "$dir" -o "$a" -v --method auto --time-limit "$limit" "$@" \
        >"$work/auto.out" 2>"$work/auto.err"
    rca=$?
    "$bin" solve "$dir" -o "$g" --method glpk --time-limit "$limit" "$@" \
        >"$work/glpk.out" 2>"$work/glpk.err"
    rcg=$?
    m=$(sed -n 's/^method: \([a-z-]*\).*/\1/p' "$work/auto.err" | head -n 1)
    grep -q '^merged [0-9]* interchangeable leaves' "$work/auto.err" && merged_runs=$((merged_runs + 1))
    : >"$work/why"
    if [ "$rca" -ne "$rcg" ]; then
        why="exit $rca with --method auto, $rcg with --method glpk"
        { echo "    auto: $(grep -m 1 -E 'error|infeasible' "$work/auto.err")"
          echo "    glpk: $(grep -m 1 -E 'error|infeasible' "$work/glpk.err")"; } >>"$work/why"
    elif [ "$rca" -ne 0 ] && [ "$rca" -ne 3 ]; then
        why="both exit $rca: $(grep -m 1 -v '^method:' "$work/glpk.err")"
    elif [ "$rca" -eq 0 ]; then
        if ! diff <(profile "$g/summary.csv") <(profile "$a/summary.csv") >"$work/diff"; then
            why="summary.csv differs (< glpk, > auto)"
            sed 's/^/    /' "$work/diff" >>"$work/why"
        fi
        if [ -n "$stable" ]; then
            for x in auto glpk; do
                local bp
                bp=$(summary_value "$work/$x/summary.csv" blocking_pairs)
                [ "$bp" = 0 ] || why="${why:+$why; }$x has blocking_pairs '$bp' with --stable"
            done
        fi
        if ! "$bin" verify "$dir" "$a/assignments.csv" $stable -q >"$work/verify.out" 2>&1; then
            why="${why:+$why; }verify $stable rejects the auto result"
            head -n 5 "$work/verify.out" | sed 's/^/    /' >>"$work/why"
        fi
        ma=$(summary_value "$a/summary.csv" method)
        mg=$(summary_value "$g/summary.csv" method)
        [ -n "$m" ] || unnamed=$((unnamed + 1))
        if [ "$ma" != "$m" ] || [ "$mg" != glpk ]; then
            mislabel=$((mislabel + 1))
            # a row that is there and wrong is a failure of its own
            if { [ -n "$ma" ] && [ "$ma" != "$m" ]; } || { [ -n "$mg" ] && [ "$mg" != glpk ]; }; then
                why="${why:+$why; }summary.csv method: auto '$ma' (stderr '$m'), glpk '$mg'"
            fi
        fi
    fi
    # a fast path must only be taken where it applies
    case "$m:$stable" in
    flow:--stable) why="${why:+$why; }flow used with --stable" ;;
    deferred-acceptance:) why="${why:+$why; }deferred-acceptance used without --stable" ;;
    esac
    m=${m:-none}
    used[$m]=$((${used[$m]:-0} + 1))
    local kind="$shape${stable:+ stable}"
    bykind[$kind]="${bykind[$kind]:-} $m"
    if [ -z "$why" ]; then
        suite_ok
    else
        suite_fail "seed $seed $shape: solve ($*): $why"
        echo "    cycle: $gen DIR $genargs"
        cat "$work/why"
    fi
}

# append_row FILE COLUMN=VALUE...: appends a row to FILE with the values
# in the columns of its header (the others empty)
append_row() {
    local file=$1
    shift
    awk -F, -v kv="$*" 'NR == 1 {
        n = split(kv, pairs, " ")
        for (i = 1; i <= n; i++) { eq = index(pairs[i], "="); v[substr(pairs[i], 1, eq - 1)] = substr(pairs[i], eq + 1) }
        row = ""
        for (i = 1; i <= NF; i++) row = row (i > 1 ? "," : "") ((($i) in v) ? v[$i] : "")
        print row
        exit }' "$file" >>"$file.row"
    cat "$file.row" >>"$file" && rm -f "$file.row"
}

# add_plain_leaves DIR SEED: adds a program 'pp' (no limit) with a lab
# 'pl' (no limit) of two to four plain supervisors (no rule, ranking or
# quota of their own, capacity 1 or 2, one of them sometimes without a
# limit), and gives about half the students a choice of 'pl' at rank 1 or
# 2, so that --method auto merges the supervisors (leafclass.h), their
# capacities bind, and --method glpk solves them one by one
add_plain_leaves() {
    local dir=$1 seed=$2 k i r st cap
    append_row "$dir/programs.csv" id=pp name=Plain
    append_row "$dir/labs.csv" id=pl program=pp name=Plain
    r=$(mix "$seed" 11)
    k=$((2 + r % 3))
    for i in $(seq 1 "$k"); do
        r=$(mix "$r" "$i")
        case $((r % 7)) in 0) cap= ;; 1 | 2) cap=2 ;; *) cap=1 ;; esac
        append_row "$dir/supervisors.csv" id="plain$i" lab=pl name="Plain_$i" capacity="$cap"
    done
    for st in $(cut -d, -f1 "$dir/students.csv" | tail -n +2); do
        r=$(mix "$r" 7)
        [ $((r % 5)) -lt 2 ] && continue
        append_row "$dir/preferences.csv" student="$st" rank=$((1 + (r >> 3) % 2)) choice=pl
    done
}

# cycle SEED SHAPE STUDENTS GENARGS: generates the cycle, runs the options
cycle() {
    local seed=$1 shape=$2 n=$3 genargs=$4 dir="$work/cycle" obj st ra
    rm -rf "$dir"
    # shellcheck disable=SC2086
    if ! "$gen" "$dir" $genargs >/dev/null 2>"$work/gen.err"; then
        suite_fail "seed $seed $shape: gen $genargs: $(head -n 1 "$work/gen.err")"
        return
    fi
    case $shape in *plain*) add_plain_leaves "$dir" "$seed" ;; esac
    for obj in rank-sum rank-maximal generous; do
        for st in "" --stable; do
            [ -n "$st" ] && [ "$n" -gt "$stable_max" ] && continue
            for ra in "" --require-all; do
                # shellcheck disable=SC2086
                check "$seed" "$shape" "$genargs" "$dir" --objective "$obj" $st $ra
            done
        done
    done
}

for seed in $(seq 1 "$seeds"); do
    if [ "$part" = tiny ]; then
        cycle "$seed" tiny 6 "--tiny --seed $seed"
        cycle "$seed" tiny-strict 6 "--tiny --strict --seed $seed"
        cycle "$seed" tiny-plain 6 "--tiny --seed $seed"
        continue
    fi
    salt=0
    for shape in large large-quotas large-strict large-strict-quotas; do
        salt=$((salt + 1))
        r=$(mix "$seed" "$salt")
        # half of them small enough for --stable
        if [ $((r % 2)) -eq 0 ]; then n=$((30 + (r >> 1) % 11)); else n=$((30 + (r >> 1) % 121)); fi
        k=$((3 + (r >> 8) % 4))
        extra=
        case $shape in *strict*) extra="$extra --strict" ;; esac
        case $shape in *quotas*) extra="$extra --quotas" ;; esac
        cycle "$seed" "$shape" "$n" "--students $n --choices $k --seed $seed$extra"
    done
done

# the fast paths were exercised, and every run named its method
echo "methods used by --method auto:$(for k in "${!used[@]}"; do printf ' %s=%s' "$k" "${used[$k]}"; done)"
for kind in $(printf '%s\n' "${!bykind[@]}" | tr ' ' '+' | sort); do
    k=${kind//+/ }
    echo "  $k:$(tr ' ' '\n' <<<"${bykind[$k]}" | grep -v '^$' | sort | uniq -c |
        awk '{ printf " %s=%s", $2, $1 }')"
done
if [ "$part" = tiny ]; then
    echo "auto runs that merged interchangeable leaves: $merged_runs"
    if [ "$merged_runs" -gt 0 ]; then suite_ok; else
        suite_fail "fastpath: no auto run merged interchangeable leaves (the tiny-plain cycles)"
    fi
fi
# deferred acceptance needs --stable on a strict cycle of at most
# FASTPATH_STABLE_MAX students: the tiny part always has them, the large
# part only on some seeds
required="flow deferred-acceptance"
[ "$part" = tiny ] || required=flow
for m in $required; do
    if [ "${used[$m]:-0}" -gt 0 ]; then
        suite_ok
    else
        suite_fail "fastpath: no auto run used '$m'"
    fi
done
if [ "$unnamed" -eq 0 ] && [ "$mislabel" -eq 0 ]; then
    suite_ok
else
    suite_fail "fastpath: $unnamed successful auto runs printed no 'method:' line with -v;" \
        "$mislabel pairs of runs lack a matching summary.csv method row"
fi
suite_finish
