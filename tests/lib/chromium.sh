# shellcheck shell=bash
# tests/lib/chromium.sh - headless Chromium for tests/e2e/report.sh and
# tests/lib/screenshot.sh (make screenshot): one set of flags, a time limit
# on every run, and everything Chromium writes (profile, HOME, crash
# folder, stderr) kept in one folder the caller owns and removes.
#
#     chromium_init DIR      finds Chromium ($CHROMIUM, else chromium in
#                            PATH); returns 1 when there is none
#     chromium_run LIMIT ARGS...
#                            headless Chromium with ARGS, killed with its
#                            children after LIMIT seconds; stdout passes
#                            through, stderr (dbus and GPU noise) goes
#                            to the file $chromium_log; returns
#                            Chromium's exit status, 124 on the time limit
#     chromium_url FILE      file:// URL of FILE (made absolute, escaped)

chromium_init() {
    chromium_dir=$1
    chromium_runs=0
    chromium_bin=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
    [ -n "$chromium_bin" ] && [ -x "$chromium_bin" ] || return 1
    chromium_log=/dev/null
    mkdir -p "$chromium_dir/home" || return 1
    chromium_flags=(--headless --disable-gpu --no-first-run --no-default-browser-check
        --disable-extensions --disable-sync --disable-background-networking
        --disable-component-update --disable-default-apps --disable-crash-reporter
        --disable-breakpad --disable-dev-shm-usage --hide-scrollbars --mute-audio)
    # as root the sandbox refuses to start
    [ "$(id -u)" -ne 0 ] || chromium_flags+=(--no-sandbox)
}

chromium_run() {
    local limit=$1
    shift
    chromium_runs=$((chromium_runs + 1))
    chromium_log="$chromium_dir/stderr-$chromium_runs"
    # a fresh profile per run: a run killed on its limit leaves its lock behind
    # timeout runs Chromium in its own process group and signals the group
    HOME="$chromium_dir/home" XDG_CONFIG_HOME="$chromium_dir/home/.config" \
        XDG_CACHE_HOME="$chromium_dir/home/.cache" \
        timeout -k 5 "$limit" "$chromium_bin" "${chromium_flags[@]}" \
        --user-data-dir="$chromium_dir/profile-$chromium_runs" "$@" 2>"$chromium_log"
}

chromium_url() {
    python3 -c 'import pathlib, sys; print(pathlib.Path(sys.argv[1]).resolve().as_uri())' "$1"
}
