#!/usr/bin/env bash
# tests/bench/bench.sh - `make bench`: times `placement solve` on large generated
# cycles (tests/gen: realistic cycles of N students ranking K places) and, in
# the same run, solves the engine's exported integer program with glpsol and
# cbc. Prints one table and a machine line on stdout; figures, never
# pass/fail. Exits 0 unless the bench itself cannot run (missing binary).
#
# Scenarios, for every size N:
#   plain          default generator, default objective (rank-sum)
#   quotas         gen --quotas
#   home-cap       default generator plus one whole-cycle cap per home
#                  (quotas.csv ",home,*,,CAP", CAP = 14 % of N: it binds)
#   scoped-cap     default generator plus, within every program, at most 8
#                  students of each year ("P,year,*,,8": binds in the
#                  larger programs; a quota that crosses the tree)
#   tag-caps       default generator plus overlapping tag quotas: at most
#                  40 % of N with lab_safety, at most 25 % with french_b2,
#                  at least 9 % with gcp (all three bind)
#   rank-maximal   default generator, --objective rank-maximal
#   generous       default generator, --objective generous
#   stable-strict  gen --strict (no ties anywhere), solve --stable
#   stable-ties    default generator (tied scores and ranks), solve --stable
#   wide           not the generator: N students (GPA 4.0) all choosing one
#                  program of min(50 N, 1,000,000) one-seat supervisors,
#                  each with a GPA threshold of its own (no two alike, so
#                  none are merged): 50 N^2 admissible pairs, N ranges
# Each scenario: BENCH_RUNS timed engine runs (no export); the table shows
# the median run by total wall time (the lower middle one for an even count)
# and its phases from `solve -v`. Then one more engine run with
# --export-mps writes the last stage's model (earlier optima fixed as rows),
# which glpsol and cbc each solve once; "optimum" says whether each reached
# the engine's last-stage value (same, DIFF, limit = stopped by its time
# limit, fail). Ratios are external wall time (reading the MPS included)
# over the engine's `timing: solve` figure, and cbc over the engine's total
# wall time; ">" marks a lower bound (time limit hit, or a solve figure
# below the engine's 1 ms resolution). The engine's solve figure includes
# build and the stages; "other" is the total wall time less read+validate,
# admit, solve and write (process start, audit, anything the engine does
# not time).
# The stable model grows with the square of the applicants per place: its
# export and the external solvers are skipped above N = 2000, and any
# export is skipped when the work folder's disk is short.
#
# A second table: --stable with ties (the default generator: tied
# scores, choices at programs and labs that tie their leaves), with the
# generator's small minimums and without them (gen --no-min), one run
# each: placements, status, the proven gap, times, peak memory, and cbc
# on the same exported model where the engine proved its optimum and N
# is at most 2000.
#
# Knobs (environment):
#   BENCH_SIZES           sizes N ("2000 10000 50000")
#   BENCH_CHOICES         choices per student K (10)
#   BENCH_SEED            generator seed (1)
#   BENCH_SCENARIOS       subset of the scenarios above, in order
#                         ("plain quotas home-cap scoped-cap tag-caps
#                         rank-maximal generous stable-strict stable-ties
#                         wide")
#   BENCH_RUNS            timed engine runs per scenario (3)
#   BENCH_TIME_LIMIT      --time-limit of every engine run, seconds (600)
#   BENCH_EXTERNAL_LIMIT  time limit of each glpsol and cbc run, seconds (300)
#   BENCH_OPTIONS         extra solve options for every engine run
#                         (e.g. "--method glpk")
#   BENCH_STABLE_SIZES    sizes of the --stable table ("600 1000 2000 10000";
#                         empty: no table)
#   BENCH_STABLE_CHOICES  choices per student there (5)
#   BENCH_STABLE_LIMIT    --time-limit there, seconds (60)
#   TMPDIR                where cycles, results and models are written (/tmp)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/placement"
gen="$top/build/rel/tests/gen"
sizes=${BENCH_SIZES:-"2000 10000 50000"}
k=${BENCH_CHOICES:-10}
seed=${BENCH_SEED:-1}
scenarios=${BENCH_SCENARIOS:-"plain quotas home-cap scoped-cap tag-caps rank-maximal generous stable-strict stable-ties wide"}
runs=${BENCH_RUNS:-3}
tl=${BENCH_TIME_LIMIT:-600}
ext_tl=${BENCH_EXTERNAL_LIMIT:-300}
opts=${BENCH_OPTIONS:-}
stable_export_max=2000

[ -x "$gen" ] && [ -x "$bin" ] ||
    { echo "bench: build first (make placement build/rel/tests/gen)" >&2; exit 1; }
case $runs in '' | *[!0-9]* | 0) echo "bench: BENCH_RUNS must be a positive whole number" >&2; exit 1 ;; esac
for s in $scenarios; do
    case $s in plain | quotas | home-cap | scoped-cap | tag-caps | rank-maximal | generous | \
        stable-strict | stable-ties | wide) ;;
    *) echo "bench: unknown scenario '$s' in BENCH_SCENARIOS" >&2; exit 1 ;; esac
done
have_glpsol=0 have_cbc=0
command -v glpsol >/dev/null 2>&1 && have_glpsol=1
command -v cbc >/dev/null 2>&1 && have_cbc=1
work=$(mktemp -d "${TMPDIR:-/tmp}/placement-bench.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
# first figure of a `timing:` line: field 'build' LOG
field() { sed -nE "s/^timing: .*$1 ([0-9.]+) s.*/\1/p" "$2" | head -n 1; }
# a over b as "12x"; ">" when b is below the engine's 1 ms resolution or
# when the caller passes a lower-bound mark in $3
ratio() {
    awk -v a="$1" -v b="$2" -v mark="${3:-}" 'BEGIN {
        if (b < 0.001) { b = 0.001; mark = ">" }
        r = a / b
        printf "%s%s", mark, sprintf(r >= 10 ? "%.0fx" : r >= 1 ? "%.1fx" : "%.2fx", r) }'
}

# gen options and solve options of a scenario
gen_opts() { case $1 in quotas) echo --quotas ;; stable-strict) echo --strict ;; wide) echo wide ;; *) echo ;; esac; }
solve_opts() {
    case $1 in
    stable-*) echo --stable ;;
    rank-maximal | generous) echo --objective "$1" ;;
    *) echo ;;
    esac
}
# the quotas.csv a scenario adds to the plain cycle of size N in folder
# $3 (none: prints nothing)
added_quotas() {
    case $1 in
    home-cap) printf 'scope,field,value,min,max\n,home,*,,%d\n' $(($2 * 14 / 100)) ;;
    scoped-cap)
        echo scope,field,value,min,max
        tail -n +2 "$3/programs.csv" | cut -d, -f1 | sed 's/$/,year,*,,8/' ;;
    tag-caps)
        printf 'scope,field,value,min,max\n,tag,lab_safety,,%d\n,tag,french_b2,,%d\n,tag,gcp,%d,\n' \
            $(($2 * 40 / 100)) $(($2 * 25 / 100)) $(($2 * 9 / 100)) ;;
    esac
}

# the wide scenario's cycle of N students (generated once per size)
wide_cycle() {
    local dir="$work/cycle-$1-wide" nsup=$(($1 * 50 < 1000000 ? $1 * 50 : 1000000))
    if [ ! -d "$dir" ]; then
        mkdir -p "$dir" || return 1
        printf 'id,capacity\nP,\n' >"$dir/programs.csv"
        printf 'id,program\nL,P\n' >"$dir/labs.csv"
        awk -v n="$nsup" 'BEGIN { print "id,lab,capacity,min_gpa"
            for (i = 0; i < n; i++) printf "v%07d,L,1,3.%07d\n", i, i }' >"$dir/supervisors.csv"
        awk -v n="$1" 'BEGIN { print "id,gpa,score"; for (s = 0; s < n; s++) printf "s%06d,4.0,%d\n", s, s }' \
            >"$dir/students.csv"
        awk -v n="$1" 'BEGIN { print "student,rank,choice"; for (s = 0; s < n; s++) printf "s%06d,1,P\n", s }' \
            >"$dir/preferences.csv"
    fi
    echo "$dir"
}

# the cycle folder of size N for gen options $2 (generated once per size);
# on failure prints nothing and leaves the reason in $work/gen.err
cycle() {
    [ "$2" = wide ] && { wide_cycle "$1"; return; }
    local dir="$work/cycle-$1${2// /}"
    [ -d "$dir" ] || "$gen" "$dir" --students "$1" --choices "$k" --seed "$seed" $2 \
        >/dev/null 2>"$work/gen.err" || { rm -rf "$dir"; return 1; }
    echo "$dir"
}

# one external solver run on MPS $2: NAME MPS VALUE -> "seconds verdict mark"
# (verdict: same, DIFF, limit, fail; mark ">" when the time limit stopped it)
external() {
    local name=$1 mps=$2 want=$3 log="$work/$1.log" start secs status value
    start=$(now)
    if [ "$name" = glpsol ]; then
        timeout $((ext_tl + 60)) glpsol --freemps "$mps" --tmlim "$ext_tl" >"$log" 2>&1
        secs=$(since "$start")
        if grep -q 'INTEGER OPTIMAL SOLUTION FOUND' "$log"; then status=optimal
        elif grep -q 'TIME LIMIT EXCEEDED' "$log"; then status=limit
        else status=fail; fi
        value=$(sed -nE 's/.*mip = +([-+0-9.e]+) .*/\1/p' "$log" | tail -n 1)
    else
        timeout $((ext_tl + 60)) cbc "$mps" -timeMode elapsed -sec "$ext_tl" -solve -quit \
            >"$log" 2>&1
        secs=$(since "$start")
        if grep -q '^Result - Optimal solution found' "$log"; then status=optimal
        elif grep -q '^Result - Stopped on time' "$log"; then status=limit
        else status=fail; fi
        value=$(sed -nE 's/^Objective value: +([-+0-9.e]+).*/\1/p' "$log" | tail -n 1)
    fi
    case $status in
    optimal)
        if [ -n "$value" ] && awk -v a="$value" -v b="$want" 'BEGIN { d = a - b; exit !(d < 0.5 && d > -0.5) }'
        then echo "$secs same"
        else echo "$secs DIFF"; fi ;;
    limit) echo "$secs limit >" ;;
    *) echo "$secs fail" ;;
    esac
}

row_fmt='%-13s %6s %8s %8s %6s %6s %-34s %6s %6s %6s %7s %7s %-19s %-10s'
ext_fmt=' %8s %8s %-11s %8s %8s %8s'
printf "$row_fmt$ext_fmt\n" scenario N pairs read+val admit build "stages (s)" solve write other total \
    peakMiB method status glpsol cbc optimum g/solve c/solve c/total

for n in $sizes; do
    for sc in $scenarios; do
        gopts=$(gen_opts "$sc") sopts=$(solve_opts "$sc")
        if ! dir=$(cycle "$n" "$gopts"); then
            if [ "$sc" = stable-strict ] && grep -qi strict "$work/gen.err"; then
                why="gen has no --strict yet"
            else
                why="gen failed: $(head -n 1 "$work/gen.err" | cut -c1-60)"
            fi
            printf '%-13s %6s  skipped (%s)\n' "$sc" "$n" "$why"
            continue
        fi

        if [ -n "$(added_quotas "$sc" "$n" "$dir")" ]; then
            # the plain cycle with the scenario's quotas, in a folder of its own
            rm -rf "$work/$sc-$n" && cp -r "$dir" "$work/$sc-$n" &&
                added_quotas "$sc" "$n" "$dir" >"$work/$sc-$n/quotas.csv"
            dir="$work/$sc-$n"
        fi

        # timed engine runs, no export
        : >"$work/totals"
        for i in $(seq 1 "$runs"); do
            rm -rf "$work/out$i"
            start=$(now)
            "$bin" solve "$dir" -o "$work/out$i" -v --time-limit "$tl" $sopts $opts \
                >/dev/null 2>"$work/log$i"
            rc=$?
            echo "$(since "$start") $i $rc" >>"$work/totals"
        done
        read -r total med rc < <(sort -n "$work/totals" | sed -n "$(((runs + 1) / 2))p")
        log="$work/log$med" summary="$work/out$med/summary.csv"

        pairs=$(sed -nE 's/^timing: .*\(([0-9]+) pairs[ )].*/\1/p' "$log" | head -n 1)
        # name=seconds per stage; beyond three, the first and the rest summed
        stages=$(sed -nE 's/^timing: stage [0-9]+ (.*) ([0-9.]+) s \(value.*/\1=\2/p' "$log" |
            tr ' ' '_' | awk -F= '{ n++; name[n] = $1; secs[n] = $2 }
                END { if (n <= 3) { for (i = 1; i <= n; i++) printf "%s%s=%s", (i > 1 ? " " : ""), name[i], secs[i] }
                      else { rest = 0; for (i = 2; i <= n; i++) rest += secs[i]
                             printf "%s=%s %d_more=%.3f", name[1], secs[1], n - 1, rest } }')
        last_value=$(sed -nE 's/^timing: stage [0-9]+ .* s \(value ([-0-9.e+]+)[,)].*/\1/p' "$log" |
            tail -n 1)
        solve=$(field 'solve' "$log")
        peak=$(sed -nE 's/.*peak memory ([0-9]+) MiB.*/\1/p' "$log" | sort -n | tail -n 1)
        method=$(sed -nE 's/^method: ([^ ]+).*/\1/p' "$log" | head -n 1)
        [ -n "$method" ] || method=$(awk -F, '$1=="method"{print $2}' "$summary" 2>/dev/null)
        status=$(awk -F, '$1=="status"{print $2}' "$summary" 2>/dev/null)
        [ "$rc" -eq 0 ] || status="exit $rc: $(grep -m1 error "$log" | cut -c1-50)"
        read_s=$(field 'read\+validate' "$log") admit=$(field 'admissible pairs' "$log")
        build=$(field 'build' "$log") write=$(field 'write' "$log")
        other=$(awk -v t="$total" -v a="${read_s:-0}" -v b="${admit:-0}" -v d="${solve:-0}" \
            -v e="${write:-0}" 'BEGIN { printf "%.3f", t - a - b - d - e }')
        printf "$row_fmt" "$sc" "$n" "${pairs:--}" "${read_s:--}" "${admit:--}" "${build:--}" \
            "${stages:--}" "${solve:--}" "${write:--}" "$other" "$total" "${peak:--}" "${method:--}" \
            "${status:--}"
        for i in $(seq 1 "$runs"); do rm -rf "$work/out$i"; done

        # the exported model solved by glpsol and cbc
        skip=
        avail=$(df -Pk "$work" | awk 'NR==2 { print $4 }')     # KiB
        case $sc in stable-*) per_pair=4 ;; *) per_pair=1 ;; esac  # ~KiB of MPS per pair, with margin
        if [ "$have_glpsol$have_cbc" = 00 ]; then skip="no glpsol, no cbc"
        elif [ "$status" != optimal ]; then skip="engine status ${status%%:*}"
        elif [ "${sc#stable-}" != "$sc" ] && [ "$n" -gt "$stable_export_max" ]; then skip="stable model too large"
        elif [ "${avail:-0}" -lt $((2 * per_pair * ${pairs:-0} + 102400)) ]; then skip="disk short for the model"
        else
            rm -rf "$work/outx"
            "$bin" solve "$dir" -o "$work/outx" -q --time-limit "$tl" $sopts $opts \
                --export-mps "$work/model.mps" >/dev/null 2>"$work/logx" ||
                skip="export failed: $(grep -m1 error "$work/logx" | cut -c1-40)"
            rm -rf "$work/outx"
        fi
        if [ -n "$skip" ]; then
            printf '  skipped (%s)\n' "$skip"
            continue
        fi
        g_secs=n/a g_verdict=n/a g_mark= c_secs=n/a c_verdict=n/a c_mark=
        [ $have_glpsol = 1 ] && read -r g_secs g_verdict g_mark < <(external glpsol "$work/model.mps" "$last_value")
        [ $have_cbc = 1 ] && read -r c_secs c_verdict c_mark < <(external cbc "$work/model.mps" "$last_value")
        rm -f "$work/model.mps"
        g_ratio=- c_ratio=- c_total=-
        [ $have_glpsol = 1 ] && g_ratio=$(ratio "$g_secs" "$solve" "$g_mark")
        if [ $have_cbc = 1 ]; then
            c_ratio=$(ratio "$c_secs" "$solve" "$c_mark")
            c_total=$(ratio "$c_secs" "$total" "$c_mark")
        fi
        printf "$ext_fmt\n" "$g_secs" "$c_secs" "$g_verdict/$c_verdict" "$g_ratio" "$c_ratio" "$c_total"
    done
    rm -rf "$work"/cycle-"$n"* "$work"/*-cap*-"$n"
done

stable_sizes=${BENCH_STABLE_SIZES-"600 1000 2000 10000"}
stable_k=${BENCH_STABLE_CHOICES:-5}
stable_tl=${BENCH_STABLE_LIMIT:-60}
if [ -n "$stable_sizes" ]; then
    echo
    echo "--stable with ties (k = $stable_k, --time-limit $stable_tl):"
    st_fmt='%6s %-8s %7s %7s %-10s %8s %8s %8s %7s %-19s %8s %-7s\n'
    printf "$st_fmt" N minimums pairs placed status gap solve total peakMiB method cbc optimum
    for n in $stable_sizes; do
        for mins in yes no; do
            dir="$work/stable-$n-$mins"
            nomin=; [ $mins = no ] && nomin=--no-min
            "$gen" "$dir" --students "$n" --choices "$stable_k" --seed "$seed" $nomin \
                >/dev/null 2>"$work/gen.err" || { printf '%6s %-8s gen failed\n' "$n" "$mins"; continue; }
            rm -rf "$work/sout"
            start=$(now)
            "$bin" solve "$dir" -o "$work/sout" -v --stable --time-limit "$stable_tl" $opts \
                >/dev/null 2>"$work/slog"
            rc=$? total=$(since "$start")
            summary="$work/sout/summary.csv"
            get() { awk -F, -v k="$1" '$1==k{print $2}' "$summary" 2>/dev/null; }
            status=$(get status) placed=$(get placed) gap=$(get gap) method=$(get method)
            [ "$rc" -eq 0 ] || status="exit $rc"
            [ -n "$gap" ] && gap=$(awk -v g="$gap" 'BEGIN { printf "%.2f%%", 100 * g }')
            pairs=$(sed -nE 's/^timing: .*\(([0-9]+) pairs[ )].*/\1/p' "$work/slog" | head -n 1)
            peak=$(sed -nE 's/.*peak memory ([0-9]+) MiB.*/\1/p' "$work/slog" | sort -n | tail -n 1)
            solve=$(field 'solve' "$work/slog")
            c_secs=- c_verdict=-
            if [ "$status" = optimal ] && [ "$method" = glpk ] && [ "$n" -le "$stable_export_max" ] &&
                [ $have_cbc = 1 ]; then
                last_value=$(sed -nE 's/^timing: stage [0-9]+ .* s \(value ([-0-9.e+]+)[,)].*/\1/p' \
                    "$work/slog" | tail -n 1)
                rm -rf "$work/soutx"
                if "$bin" solve "$dir" -o "$work/soutx" -q --stable --time-limit "$stable_tl" $opts \
                    --export-mps "$work/stable.mps" >/dev/null 2>&1; then
                    read -r c_secs c_verdict c_mark < <(external cbc "$work/stable.mps" "$last_value")
                    c_secs="${c_mark:-}$c_secs"
                fi
                rm -rf "$work/soutx" "$work/stable.mps"
            fi
            printf "$st_fmt" "$n" "$mins" "${pairs:--}" "${placed:--}" "${status:--}" "${gap:--}" \
                "${solve:--}" "$total" "${peak:--}" "${method:--}" "$c_secs" "$c_verdict"
            rm -rf "$dir" "$work/sout"
        done
    done
fi

glpk=$(glpsol --version 2>/dev/null | head -n 1 | awk '{ print $NF }')
cbcv=$(cbc -quit 2>/dev/null </dev/null | sed -nE 's/^Version: *([^ ]*).*/\1/p' | head -n 1)
cpu=$(sed -nE 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
echo
echo "machine: $(nproc) cores${cpu:+ ($cpu)}, $(free -m | awk '/Mem:/ { printf "%.1f", $2 / 1024 }') GiB;" \
    "glpk ${glpk:-not installed}; cbc ${cbcv:-not installed}; engine runs: median of $runs," \
    "time limit ${tl} s; external limit ${ext_tl} s; k = $k; seed $seed; options: ${opts:-none}"
[ $have_cbc = 1 ] || echo "cbc column skipped: run apt-get install -y coinor-cbc (or make bench as root)"
exit 0
