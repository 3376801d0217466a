#!/usr/bin/env bash
# tests/e2e/permute.sh BIN - results do not depend on the form of the input
# (SPEC §5): the demo cycle (inputs/demo), alone and with a lottery, and several
# generated cycles are rewritten with rows shuffled, columns reordered,
# every field quoted, CRLF line ends, a byte-order mark, and all of these
# at once; as French or German Excel saves them (';' and a decimal
# comma), as typed in a spreadsheet (' Capacity ' headers, a stray empty
# column, 3.0), and both; as Excel's "Unicode Text" (UTF-16 with a mark,
# tabs) and in GB18030 (read with --encoding) (by the `gen` program next to BIN, which reads the folder with
# libcsv); each variant is solved with the options of its cycle and must
# exit alike and give byte-identical assignments.csv, capacity.csv,
# blocking_pairs.csv and waitlist.csv. PERMUTE_CYCLES (e.g. "tiny14 small") runs only the
# generated cycles it names (see the list below; default all). Prints "ok
# NAME" or "FAIL NAME: WHY" per variant, then "permute: N passed, N failed".
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init permute "$@"
suite_need_gen
limit=120

mkdir -p "$work/log" "$work/res"
files="assignments.csv capacity.csv blocking_pairs.csv waitlist.csv"

# The variants: name and the gen options that make them.
variants=(
    "rows:--shuffle-rows --seed 1"
    "rows-again:--shuffle-rows --seed 2"
    "columns:--shuffle-cols --seed 1"
    "quoted:--quote-all"
    "crlf:--crlf"
    "bom:--bom"
    "all:--shuffle-rows --shuffle-cols --quote-all --crlf --bom --seed 3"
    "semicolon:--semicolon --bom"
    "spreadsheet:--spreadsheet"
    "excel-fr:--semicolon --spreadsheet --crlf --bom --shuffle-rows --seed 4"
    "utf16:--tab --crlf"
    "gb18030:--shuffle-cols --seed 5"
)
# variants whose files are then re-encoded (iconv), and the option that reads them
declare -A encode=([utf16]=UTF-16 [gb18030]=GB18030)
declare -A read_as=([gb18030]="--encoding gb18030")

# solve NAME DIR OUT OPTIONS... : runs BIN, leaves the exit code in $rc
solve() {
    local name=$1 dir=$2 out=$3
    shift 3
    timeout "$limit" "$bin" solve "$dir" -o "$out" --quiet "$@" >"$work/log/$name.out" 2>"$work/log/$name.err"
    rc=$?
}

# check_cycle NAME DIR OPTIONS... : solves DIR and each variant of it
check_cycle() {
    local name=$1 dir=$2 base_rc v vname vopts why f
    shift 2
    solve "$name" "$dir" "$work/res/$name.base" "$@"
    base_rc=$rc
    if [ "$base_rc" -ne 0 ] && [ "$base_rc" -ne 3 ]; then
        suite_fail "$name: the cycle itself exits $base_rc: $(head -n 1 "$work/log/$name.err")"
        return
    fi
    for v in "${variants[@]}"; do
        vname=${v%%:*}
        vopts=${v#*:}
        why=
        # shellcheck disable=SC2086
        if ! "$gen" "$work/$name.$vname" --from "$dir" $vopts 2>"$work/gen.err"; then
            why="gen failed: $(head -n 1 "$work/gen.err")"
        elif [ -n "${encode[$vname]:-}" ] && ! for f in "$work/$name.$vname"/*.csv; do
            iconv -f UTF-8 -t "${encode[$vname]}" "$f" >"$f.enc" && mv "$f.enc" "$f" || exit 1
        done; then
            why="iconv to ${encode[$vname]} failed"
        else
            # shellcheck disable=SC2086
            solve "$name.$vname" "$work/$name.$vname" "$work/res/$name.$vname" "$@" ${read_as[$vname]:-}
            if [ "$rc" -ne "$base_rc" ]; then
                why="exit $rc, the original exits $base_rc: $(head -n 1 "$work/log/$name.$vname.err")"
            elif [ "$rc" -eq 0 ]; then
                for f in $files; do
                    if ! cmp -s "$work/res/$name.base/$f" "$work/res/$name.$vname/$f"; then
                        why="${why:+$why; }$f differs"
                        diff "$work/res/$name.base/$f" "$work/res/$name.$vname/$f" | head -n 6 |
                            sed 's/^/      /' >>"$work/log/$name.$vname.diff"
                    fi
                done
            fi
        fi
        if [ -z "$why" ]; then
            suite_ok "$name $vname${*:+ ($*)}"
        else
            suite_fail "$name $vname${*:+ ($*)}: $why"
            [ -f "$work/log/$name.$vname.diff" ] && cat "$work/log/$name.$vname.diff"
        fi
    done
}

check_cycle demo "$top/inputs/demo"
check_cycle demo-rank-maximal "$top/inputs/demo" --objective rank-maximal
# with a lottery breaking the ties in priority (lottery.csv is rewritten too)
cp -r "$top/inputs/demo" "$work/demo-lottery"
if "$bin" lottery "$work/demo-lottery" --seed 7 -q >/dev/null 2>&1; then
    check_cycle demo-lottery "$work/demo-lottery" --stable
else
    suite_fail "demo-lottery: placement lottery failed"
fi

# generated cycles: name, gen options, solve options
cycles=(
    "tiny14|--tiny --seed 14|"
    "tiny20|--tiny --seed 20|--objective generous"
    "tiny45|--tiny --seed 45|--stable"
    "small|--students 40 --choices 4 --seed 3 --quotas|--stable --objective rank-maximal"
    "medium|--students 150 --choices 6 --seed 5|"
    "quotas|--students 300 --choices 5 --seed 9 --quotas|--objective generous"
)
# PERMUTE_CYCLES (default: all of them) names the generated cycles to run
only=${PERMUTE_CYCLES:-}
for n in $only; do
    printf '%s\n' "${cycles[@]}" | grep -q "^$n|" || suite_fail "PERMUTE_CYCLES names no cycle '$n'"
done
for c in "${cycles[@]}"; do
    IFS='|' read -r name gopts sopts <<<"$c"
    case " ${only:-$name} " in *" $name "*) ;; *) continue ;; esac
    # shellcheck disable=SC2086
    if ! "$gen" "$work/$name" $gopts 2>"$work/gen.err"; then
        suite_fail "$name: gen $gopts: $(head -n 1 "$work/gen.err")"
        continue
    fi
    # shellcheck disable=SC2086
    check_cycle "$name" "$work/$name" $sopts
done

suite_finish
