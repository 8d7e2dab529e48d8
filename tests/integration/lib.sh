# shellcheck shell=bash
# Shared helpers for the integration tests. Source it first thing:
#
#   source "$(dirname "$0")/lib.sh"
#
# It sets strict mode, finds the xbuild binary ($XBUILD, set by CTest) and the
# repository ($XBUILD_SOURCE_DIR), and makes a scratch directory ($WORK) that
# is removed on exit. Tests copy examples into $WORK and never write into the
# repository. Exit code 77 tells CTest the test was skipped.

set -euo pipefail

XBUILD_SOURCE_DIR=${XBUILD_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
XBUILD=${XBUILD:-$XBUILD_SOURCE_DIR/build/xbuild}
export XBUILD_SOURCE_DIR XBUILD

TEST_NAME=$(basename "$0" .sh)

fail() {
    echo "FAIL [$TEST_NAME]: $*" >&2
    if [[ -n ${XB_CMD:-} ]]; then
        echo "--- last xbuild command (exit $XB_STATUS): $XB_CMD" >&2
        echo "--- its stdout:" >&2
        head -c 4000 "$WORK/xb.stdout" >&2 || true
        echo "--- its stderr:" >&2
        head -c 4000 "$WORK/xb.stderr" >&2 || true
    fi
    exit 1
}

skip() {
    echo "SKIP [$TEST_NAME]: $*" >&2
    exit 77
}

note() {
    echo "[$TEST_NAME] $*" >&2
}

# Skips the test when a tool it cannot do without is missing. .ci/install-deps
# installs all of them, so nothing is skipped in CI.
require_tool() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 ||
            skip "'$tool' is not installed (bash .ci/install-deps installs it)"
    done
}

assert_eq() {
    local expected=$1 actual=$2 what=${3:-value}
    [[ "$actual" == "$expected" ]] || fail "$what: expected '$expected', got '$actual'"
}

assert_contains() {
    local haystack=$1 needle=$2 what=${3:-text}
    [[ "$haystack" == *"$needle"* ]] || fail "$what does not contain '$needle'; it is: $haystack"
}

assert_not_contains() {
    local haystack=$1 needle=$2 what=${3:-text}
    [[ "$haystack" != *"$needle"* ]] || fail "$what contains '$needle' but must not; it is: $haystack"
}

assert_file() {
    [[ -f "$1" ]] || fail "expected file $1 to exist${2:+ ($2)}"
}

assert_no_file() {
    [[ ! -e "$1" ]] || fail "expected no file at $1${2:+ ($2)}"
}

# Fails when any directory under the given ones holds one of xbuild's
# temporary files (".<name>.xbuild-tmp-<pid>-<n>" artifacts, "<name>.xbuild-tmp-<pid>"
# reports).
assert_no_temp_files() {
    local found
    found=$(find "$@" -name '*.xbuild-tmp-*' 2>/dev/null || true)
    [[ -z "$found" ]] || fail "temporary files left behind: $found"
}

# Runs xbuild without letting `set -e` end the test: sets XB_STATUS, XB_OUT
# and XB_ERR (stdout and stderr as text). Runs in the current directory.
xb() {
    XB_CMD="xbuild $*"
    set +e
    "$XBUILD" "$@" >"$WORK/xb.stdout" 2>"$WORK/xb.stderr"
    XB_STATUS=$?
    set -e
    # shellcheck disable=SC2034  # XB_OUT and XB_ERR are read by the tests
    XB_OUT=$(cat "$WORK/xb.stdout") XB_ERR=$(cat "$WORK/xb.stderr")
}

# xb, then checks the exit code.
xb_expect() {
    local expected=$1
    shift
    xb "$@"
    [[ "$XB_STATUS" == "$expected" ]] ||
        fail "xbuild $* exited $XB_STATUS, expected $expected"
}

# Reads a jq expression from a JSON file; fails when the file is not JSON.
jqf() {
    local file=$1
    shift
    jq -e . "$file" >/dev/null 2>&1 || fail "$file is not valid JSON: $(head -c 2000 "$file")"
    jq -r "$@" "$file"
}

# Makes $WORK/bin/go, a stand-in for the real go that appends
# "GOOS/GOARCH ARGS..." to $WORK/go.log and runs it, so that a test can see
# which go commands xbuild started. Sets go_wrapper and go_log.
make_logging_go() {
    local real_go
    real_go=$(command -v go)
    mkdir -p "$WORK/bin"
    go_wrapper=$WORK/bin/go
    go_log=$WORK/go.log
    cat >"$go_wrapper" <<WRAPPER
#!/bin/sh
echo "\$GOOS/\$GOARCH \$*" >>"$go_log"
exec "$real_go" "\$@"
WRAPPER
    chmod +x "$go_wrapper"
}

# Copies examples/<name> (or tests/fixtures/<name> with a "fixtures/" prefix)
# into $WORK and prints the copy's path.
copy_example() {
    local name=$1 src
    if [[ "$name" == fixtures/* ]]; then
        src="$XBUILD_SOURCE_DIR/tests/$name"
    else
        src="$XBUILD_SOURCE_DIR/examples/$name"
    fi
    [[ -d "$src" ]] || fail "no such example: $src"
    local dest
    dest="$WORK/$(basename "$name")"
    mkdir -p "$dest"
    (cd "$src" && tar --exclude=./dist -cf - .) | (cd "$dest" && tar -xf -)
    echo "$dest"
}

[[ -x "$XBUILD" ]] || fail "xbuild binary not found at '$XBUILD' (build it, or set XBUILD)"
XBUILD=$(cd "$(dirname "$XBUILD")" && pwd)/$(basename "$XBUILD")
require_tool go jq

WORK=$(mktemp -d "${TMPDIR:-/tmp}/xbuild-$TEST_NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# xbuild's store (cached target lists, bootstrap stamps) goes into the scratch
# directory so tests neither read nor change the user's. The Go build cache
# stays shared: a warm cache is what keeps the suite fast.
export XBUILD_HOME="$WORK/xbuild-home"
unset XBUILD_GO GOFLAGS GOOS GOARCH GOARM GOAMD64 GO386 CGO_ENABLED

# Starts xbuild in the background with a unique marker in its environment:
# every process of the run (go, compile, link, a fake's sleeps) inherits it,
# so /proc tells whether any survived. Sets XB_PID and XB_MARKER.
xb_start() {
    XB_MARKER="xbuild-test-$$-$RANDOM$RANDOM"
    XB_CMD="xbuild $*"
    env XBUILD_TEST_MARKER="$XB_MARKER" "$XBUILD" "$@" >"$WORK/xb.stdout" 2>"$WORK/xb.stderr" &
    XB_PID=$!
}

# Waits for the xbuild started by xb_start; sets XB_STATUS, XB_OUT, XB_ERR.
xb_wait() {
    set +e
    wait "$XB_PID"
    XB_STATUS=$?
    set -e
    # shellcheck disable=SC2034  # read by the tests
    XB_OUT=$(cat "$WORK/xb.stdout") XB_ERR=$(cat "$WORK/xb.stderr")
}

# The pids of live processes whose environment carries marker $1.
marked_processes() {
    grep -lszx "XBUILD_TEST_MARKER=$1" /proc/[0-9]*/environ | cut -d/ -f3 | grep -vx "$$" || true
}

# Fails when any process of the last xb_start run is still alive (after a
# moment for the kernel to finish killing), and kills the survivors.
assert_no_survivors() {
    local left i
    for ((i = 0; i < 30; i++)); do
        left=$(marked_processes "$XB_MARKER")
        [[ -z "$left" ]] && return 0
        sleep 0.1
    done
    local listing
    listing=$(ps -o pid,pgid,stat,args -p "$(echo "$left" | paste -sd,)" 2>/dev/null || true)
    echo "$left" | xargs -r kill -9 2>/dev/null || true
    fail "processes of the run survived it: $listing"
}

# Waits up to $2 seconds (default 60) until file $1 exists and is not empty.
wait_for_file() {
    local file=$1 limit=${2:-60} i
    for ((i = 0; i < limit * 10; i++)); do
        [[ -s "$file" ]] && return 0
        sleep 0.1
    done
    fail "timed out waiting for $file"
}

# Fails when a directory holds anything but finished artifacts: every file
# (hidden ones included: temp files, a lock left behind) must be an ok
# artifact of report $2, with the sha256 the report gives.
assert_only_reported_files() {
    local dir=$1 report=$2 file
    assert_no_temp_files "$dir"
    [[ -d "$dir" ]] || return 0
    while IFS= read -r file; do
        local sha
        sha=$(jqf "$report" --arg f "$file" '.targets[] | select(.output == $f and .status == "ok") | .sha256')
        [[ -n "$sha" ]] || fail "$file is in the output directory but not an ok artifact of the report"
        assert_eq "$sha" "$(sha256sum "$file" | cut -d' ' -f1)" "sha256 of $file"
    done < <(find "$dir" -type f)
}
