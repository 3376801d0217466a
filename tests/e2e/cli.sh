#!/usr/bin/env bash
# tests/e2e/cli.sh BIN - the data-driven CLI corpus of tests/e2e/cases.
#
# Each folder tests/e2e/cases/NAME holds a small cycle and a file `expect`:
# line 1 is the expected exit code, every further non-empty line must
# appear verbatim, as a whole line, in stderr (other lines may appear too).
# In every case stderr holds no control character but the line ends (a
# value's are escaped, so no value can forge a line).
# An optional file `args` holds the command line after BIN (default:
# `check NAME`); @OUT in it stands for a fresh output folder, which must
# not exist afterwards when the expected exit is not 0. Commands run from
# tests/e2e/cases, so paths in messages read NAME/file.csv.
#
# An optional file `expect-out` checks the result files of a case whose
# args hold @OUT and whose expected exit is 0. A line `[FILE]` names a
# file in OUT (e.g. `[summary.csv]`); every following non-empty line, up
# to the next `[FILE]`, must appear verbatim, as a whole line, in that
# file. Lines starting with `#` are comments: say there how the expected
# lines were derived (by hand, from the cycle), never by running the
# engine.
#
# For every case with a non-zero expected exit whose command is `check`,
# `BIN solve NAME -o OUT` must exit with the same code and leave OUT (in a
# fresh folder) absent: each is a check of its own, "NAME (solve)".
#
# Prints "ok NAME" or "FAIL NAME: WHY" per check, then
# "cli: N passed, N failed"; exits 1 when any failed.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init cli "$@"
cases="$here/cases"
limit=20

# expect_out CASE_DIR OUT: the lines of CASE_DIR/expect-out missing from
# the files of OUT, one per line as "[FILE] LINE", into $work/missing-out.
expect_out() {
    local file='' line
    : >"$work/missing-out"
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        case "$line" in
        '' | '#'*) continue ;;
        '['*']')
            file=${line#[}
            file=${file%]}
            [ -f "$2/$file" ] || echo "[$file] (the file was not written)" >>"$work/missing-out"
            continue
            ;;
        esac
        if [ -z "$file" ]; then
            echo "(no [FILE] line before) $line" >>"$work/missing-out"
        elif [ -f "$2/$file" ] && ! LC_ALL=C grep -qaxF -e "$line" "$2/$file"; then
            printf '[%s] %s\n' "$file" "$line" >>"$work/missing-out"
        fi
    done <"$1/expect-out"
}

for d in "$cases"/*/; do
    d=${d%/}
    name=$(basename "$d")
    if [ ! -f "$d/expect" ]; then
        suite_fail "$name: no expect file"
        continue
    fi
    want=$(head -n 1 "$d/expect" | tr -d '\r')
    if [ -f "$d/args" ]; then
        set -f
        # shellcheck disable=SC2207
        args=($(cat "$d/args"))
        set +f
    else
        args=(check "$name")
    fi

    # ---- the command of the case (@OUT in args: a fresh output path) ----
    own_out="$work/own-out"
    rm -rf "$own_out"
    args=("${args[@]/#@OUT/$own_out}")
    (cd "$cases" && timeout "$limit" "$bin" "${args[@]}") >"$work/out" 2>"$work/err"
    rc=$?
    why=
    if [ "$want" != 0 ] && [ -e "$own_out" ]; then
        why="the output folder was created"
    fi
    if [ "$rc" -eq 124 ]; then
        why="${why:+$why; }timed out after ${limit}s"
    elif [ "$rc" != "$want" ]; then
        why="${why:+$why; }exit $rc, expected $want"
    fi
    : >"$work/missing"
    tail -n +2 "$d/expect" | while IFS= read -r line; do
        [ -n "$line" ] || continue
        LC_ALL=C grep -qaxF -e "$line" "$work/err" || printf '%s\n' "$line" >>"$work/missing"
    done
    if [ -s "$work/missing" ]; then
        n=$(wc -l <"$work/missing")
        why="${why:+$why; }$n expected line(s) missing from stderr"
    fi
    if LC_ALL=C grep -qaP '[\x00-\x09\x0B-\x1F\x7F]|\xC2[\x80-\x9F]' "$work/err"; then
        why="${why:+$why; }a raw control character in stderr"
    fi
    : >"$work/missing-out"
    if [ -f "$d/expect-out" ]; then
        if [ "$want" != 0 ] || ! grep -qF -e @OUT "$d/args" 2>/dev/null; then
            why="${why:+$why; }expect-out needs @OUT in args and expected exit 0"
        else
            expect_out "$d" "$own_out"
            if [ -s "$work/missing-out" ]; then
                n=$(wc -l <"$work/missing-out")
                why="${why:+$why; }$n expected line(s) missing from the result files"
            fi
        fi
    fi
    if [ -z "$why" ]; then
        suite_ok "$name"
    else
        suite_fail "$name: $why"
        echo "    command: placement ${args[*]}"
        if [ -s "$work/missing" ]; then
            echo "    missing:"
            suite_show "$work/missing"
        fi
        if [ -s "$work/missing-out" ]; then
            echo "    missing from the result files:"
            suite_show "$work/missing-out"
        fi
        echo "    actual stderr:"
        suite_show "$work/err"
    fi

    # ---- the same cycle through solve: same exit, no OUT (cases that
    # run solve or verify themselves test that already) ----
    if [ "$want" = 0 ] || [ "${args[0]}" != check ]; then
        continue
    fi
    t="$work/solve"
    mkdir "$t"
    (cd "$cases" && timeout "$limit" "$bin" solve "$name" -o "$t/out") >"$work/out" 2>"$work/err"
    rc=$?
    why=
    if [ "$rc" -eq 124 ]; then
        why="timed out after ${limit}s"
    elif [ "$rc" != "$want" ]; then
        why="exit $rc, expected $want"
    fi
    if [ -e "$t/out" ]; then
        why="${why:+$why; }the output folder was created"
    fi
    rm -rf "$t"
    if [ -z "$why" ]; then
        suite_ok "$name (solve)"
    else
        suite_fail "$name (solve): $why"
        echo "    command: placement solve $name -o OUT"
        echo "    actual stderr:"
        suite_show "$work/err"
    fi
done
suite_finish
