#!/usr/bin/env bash
# tests/e2e/io.sh BIN - files that cannot be read and output that cannot
# be written (SPEC §2, §6): in a copy of the demo cycle, an input file
# that is there but cannot be read (a symbolic link loop, a dangling
# link, no permission) or is not a regular file (a pipe, a folder) is an
# input error at that file, exit 2, with the OS's reason, never "absent"
# nor "missing", and never a hang (every run under `timeout`); the same
# for verify's assignment file and diff's results files. A full stdout
# (`> /dev/full`) is an error of every command, --help and --version
# too: exit 1 and "error: cannot write the output: No space left on
# device". Names from the command line with a newline and an ESC are
# escaped in messages (no raw control character, no forged line).
# Permission denied cannot be produced as root: as root the runs drop to
# the user nobody with setpriv; without setpriv that check is skipped
# with a "skip" line. Prints "ok NAME" or "FAIL NAME: WHY" per check,
# then "io: N passed, N failed". KEEP_WORK set: the work folder is kept.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
suite_init io "$@"
demo="$top/inputs/demo"
limit=20
if [ ! -d "$demo" ]; then
    suite_fail "io: needs inputs/demo"
    suite_finish
fi

# run NAME ARGS... : runs BIN under timeout, output in $work/NAME.out/.err,
# exit in $rc
run() {
    local name=$1
    shift
    timeout "$limit" "$bin" "$@" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
}

# expect NAME WANT LINE... : the last run exited WANT and its stderr has
# each LINE as a whole line.
expect() {
    local name=$1 want=$2 line why=
    shift 2
    if [ "$rc" -eq 124 ]; then
        why="timed out after ${limit}s"
    elif [ "$rc" -ne "$want" ]; then
        why="exit $rc, expected $want"
    fi
    for line in "$@"; do
        LC_ALL=C grep -qaxF -e "$line" "$work/$name.err" || why="${why:+$why; }no line '$line'"
    done
    if [ -z "$why" ]; then
        suite_ok "$name"
    else
        suite_fail "$name: $why"
        suite_show "$work/$name.err" 6
    fi
}

# cycle NAME FILE KIND : a copy of the demo in $work/NAME whose FILE is
# replaced by KIND (loop, dangling, fifo, folder); the copy's path in $cyc.
cycle() {
    cyc="$work/$1"
    rm -rf "$cyc"
    cp -r "$demo" "$cyc"
    rm -f "$cyc/$2"
    case "$3" in
    loop) ln -s "$2" "$cyc/$2" ;;
    dangling) ln -s "no-such-$2" "$cyc/$2" ;;
    fifo) mkfifo "$cyc/$2" ;;
    folder) mkdir "$cyc/$2" ;;
    esac
}

# ---- the cycle's files: optional ones and a required one ----
loop='cannot open: Too many levels of symbolic links'
dangling='cannot open: No such file or directory (it is a link to a file that does not exist)'
fifo='is not a regular file (a pipe); it must be a CSV file'
folder='is not a regular file (a folder); it must be a CSV file'
for file in rankings.csv quotas.csv students.csv programs.csv labs.csv; do
    for kind in loop dangling fifo folder; do
        name="${file%.csv}-$kind"
        cycle "$name" "$file" "$kind"
        for cmd in check solve; do
            if [ $cmd = check ]; then
                run "$name-$cmd" check "$cyc"
            else
                run "$name-$cmd" solve "$cyc" -o "$work/out-$name"
            fi
            # one error, at the file: no "missing", no cascade of
            # "unknown student" after an unreadable students.csv, nor of
            # "unknown program" or "unknown lab" after a file of the tree
            expect "$name-$cmd" 2 "$cyc/$file: error: ${!kind}"
            n=$(grep -c ': error: ' "$work/$name-$cmd.err")
            if [ "$n" -ne 1 ]; then
                suite_fail "$name-$cmd: $n errors, expected 1"
                grep ': error: ' "$work/$name-$cmd.err" | suite_show /dev/stdin 4
            fi
            if [ -e "$work/out-$name" ]; then
                suite_fail "$name-$cmd: the output folder was written"
            fi
        done
    done
done

# a cycle "folder" that is a file, or absent: one error, not one per file
run cycle-is-file check "$demo/programs.csv"
expect cycle-is-file 2 "$demo/programs.csv: error: is not a folder (a cycle is a folder of CSV files)" \
    "1 error in cycle '$demo/programs.csv'"
run cycle-absent check "$work/no-such-cycle"
expect cycle-absent 2 "$work/no-such-cycle: error: no such folder (a cycle is a folder of CSV files)" \
    "1 error in cycle '$work/no-such-cycle'"

# ---- permission denied: as the user nobody when run as root ----
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 &&
        setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
        as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    else
        echo "skip permission-denied: running as root, and cannot drop to the user nobody (setpriv)"
        as_user=(skip)
    fi
fi
if [ "${as_user[0]:-}" != skip ]; then
    # a folder that nobody can reach, and the engine too
    pd=$(mktemp -d "${TMPDIR:-/tmp}/io-perm.XXXXXX")
    chmod 755 "$pd"
    cp -r "$demo" "$pd/cyc"
    chmod -R a+rX "$pd/cyc"
    if [ ${#as_user[@]} -gt 0 ] && ! "${as_user[@]}" test -x "$bin"; then
        cp "$bin" "$pd/placement"
        chmod 755 "$pd/placement"
        pbin="$pd/placement"
    else
        pbin=$bin
    fi
    for file in rankings.csv students.csv; do
        chmod 000 "$pd/cyc/$file"
        name="${file%.csv}-denied"
        (cd "$pd" && timeout "$limit" "${as_user[@]}" "$pbin" check cyc) \
            >"$work/$name.out" 2>"$work/$name.err"
        rc=$?
        expect "$name" 2 "cyc/$file: error: cannot open: Permission denied"
        chmod 644 "$pd/cyc/$file"
    done
    rm -rf "$pd"
fi

# ---- verify's assignment file and diff's results files ----
run solve solve "$demo" -o "$work/res" -q
if [ "$rc" -ne 0 ]; then
    suite_fail "solve of the demo exits $rc"
    suite_finish
fi
for kind in loop dangling fifo folder; do
    f="$work/assign-$kind.csv"
    case "$kind" in
    loop) ln -s "$(basename "$f")" "$f" ;;
    dangling) ln -s no-such.csv "$f" ;;
    fifo) mkfifo "$f" ;;
    folder) mkdir "$f" ;;
    esac
    run "verify-$kind" verify "$demo" "$f"
    expect "verify-$kind" 2 "$f: error: ${!kind}"
    r="$work/res-$kind"
    cp -r "$work/res" "$r"
    rm -f "$r/summary.csv"
    case "$kind" in
    loop) ln -s summary.csv "$r/summary.csv" ;;
    dangling) ln -s no-such.csv "$r/summary.csv" ;;
    fifo) mkfifo "$r/summary.csv" ;;
    folder) mkdir "$r/summary.csv" ;;
    esac
    run "diff-$kind" diff "$work/res" "$r"
    expect "diff-$kind" 2 "$r/summary.csv: error: ${!kind}"
done

# ---- names from the command line are escaped in messages ----
# no_raw NAME : the last run's stderr holds no control character but the
# line ends, and no line of its own starts with the forged location
no_raw() {
    if LC_ALL=C grep -qaP '[\x00-\x09\x0B-\x1F\x7F]|\xC2[\x80-\x9F]' "$work/$1.err"; then
        suite_fail "$1: a raw control character in stderr"
        suite_show "$work/$1.err" 4
    elif grep -q '^/etc/passwd' "$work/$1.err"; then
        suite_fail "$1: a forged line in stderr"
        suite_show "$work/$1.err" 4
    else
        suite_ok "$1"
    fi
}
odd=$'c\n/etc/passwd:1:1: error: forged\e[2J'
shown='c\n/etc/passwd:1:1: error: forged\x1B[2J'
mkdir -p "$work/$odd" # a folder in a folder: the name holds a /
run name-cycle check "$work/$odd"
expect name-cycle 2 "$work/$shown/programs.csv: error: required file is missing" \
    "3 errors in cycle '$work/$shown'"
no_raw name-cycle
run name-option check "$demo" "--$odd"
expect name-option 2 "error: unknown option '--$shown' for 'check' (see 'placement check --help')"
no_raw name-option
run name-verify verify "$demo" "$work/$odd/a.csv"
expect name-verify 2 "$work/$shown/a.csv: error: cannot open: No such file or directory"
no_raw name-verify

# ---- a full stdout: every command fails with exit 1 ----
full='error: cannot write the output: No space left on device'
if [ -w /dev/full ]; then
    full_run() { # NAME ARGS...
        local name=$1
        shift
        timeout "$limit" "$bin" "$@" >/dev/full 2>"$work/$name.err"
        rc=$?
        expect "$name" 1 "$full"
    }
    full_run full-check check "$demo"
    full_run full-solve solve "$demo" -o "$work/full-out"
    full_run full-verify verify "$demo" "$work/res/assignments.csv"
    full_run full-diff diff "$work/res" "$work/res"
    full_run full-help --help
    full_run full-solve-help solve --help
    full_run full-version --version
    # a command that failed keeps its own status
    timeout "$limit" "$bin" check "$work/no-such-cycle" >/dev/full 2>"$work/full-bad.err"
    rc=$?
    expect full-bad 2
else
    suite_fail "io: /dev/full is not there to write to"
fi
suite_finish
