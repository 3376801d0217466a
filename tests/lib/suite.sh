# shellcheck shell=bash
# tests/lib/suite.sh - what every shell suite (tests/e2e/*.sh,
# tests/oracle/*.sh) shares: paths, a temporary folder, the pass/fail
# counters and the closing line "NAME: N passed, N failed" that
# tests/run.sh reads. A suite starts with
#
#     set -u
#     . "$(dirname "$0")/../lib/suite.sh"
#     suite_init NAME "$@"       # "$@" = BIN [more operands]
#
# and ends with suite_finish. suite_init sets
#
#     here   the suite's folder (tests/e2e or tests/oracle)
#     tests  the tests/ folder
#     top    the repository
#     bin    BIN made absolute (it must be executable)
#     gen    the cycle generator built next to BIN (BIN's folder/tests/gen;
#            suite_need_gen checks it)
#     work   a fresh temporary folder, removed at exit unless KEEP_WORK is set
#
# A failure is never silent: a missing BIN, gen or temporary folder counts
# as a failure and ends the suite with its closing line.

# suite_abs PATH: PATH made absolute; a bare name is looked up in the
# current folder, then in PATH.
suite_abs() {
    case "$1" in
    /*) printf '%s\n' "$1" ;;
    */*) if [ -d "$(dirname "$1")" ]; then
        printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")"
    else
        printf '%s/%s\n' "$PWD" "$1"
    fi ;;
    *) if [ -e "$1" ]; then printf '%s/%s\n' "$PWD" "$1"; else command -v "$1" || printf '%s\n' "$1"; fi ;;
    esac
}

# suite_ok [TEXT]: counts a pass; prints "ok TEXT" when TEXT is given.
suite_ok() {
    suite_npass=$((suite_npass + 1))
    [ $# -eq 0 ] || echo "ok $*"
}

# suite_fail TEXT: counts a failure and prints "FAIL TEXT".
suite_fail() {
    suite_nfail=$((suite_nfail + 1))
    echo "FAIL $*"
}

# suite_show FILE [N]: the first N lines of FILE (all by default), indented,
# with non-printing bytes made visible.
suite_show() {
    if [ $# -gt 1 ]; then head -n "$2" "$1"; else cat "$1"; fi |
        LC_ALL=C sed -e 's/^/      /' | LC_ALL=C cat -v
}

# suite_finish: prints the closing line and exits, 1 when any check failed.
suite_finish() {
    [ -z "${KEEP_WORK:-}" ] || [ -z "$work" ] || echo "$suite_name: work folder kept: $work"
    echo "$suite_name: $suite_npass passed, $suite_nfail failed"
    [ "$suite_nfail" -eq 0 ]
    exit
}

# suite_need_gen: ends the suite with a failure when gen is not built.
suite_need_gen() {
    [ -x "$gen" ] && return 0
    suite_fail "$suite_name: the cycle generator '$gen' is not built (make tests-bin)"
    suite_finish
}

# suite_init NAME BIN: see the top of this file.
suite_init() {
    suite_name=$1
    suite_npass=0
    suite_nfail=0
    work=
    here=$(cd "$(dirname "$0")" && pwd)
    tests=$(cd "$here/.." && pwd)
    top=$(cd "$tests/.." && pwd)
    if [ $# -lt 2 ] || [ -z "$2" ]; then
        suite_fail "$suite_name: usage: ${0#"$top"/} BIN"
        suite_finish
    fi
    bin=$(suite_abs "$2")
    gen="$(dirname "$bin")/tests/gen"
    if [ ! -x "$bin" ] || [ -d "$bin" ]; then
        suite_fail "$suite_name: '$bin' is not an executable"
        suite_finish
    fi
    if ! work=$(mktemp -d "${TMPDIR:-/tmp}/$suite_name.XXXXXX"); then
        suite_fail "$suite_name: cannot create a temporary folder"
        suite_finish
    fi
    # shellcheck disable=SC2064
    trap "[ -n \"\${KEEP_WORK:-}\" ] || rm -rf '$work'" EXIT
}
