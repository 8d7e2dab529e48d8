#!/usr/bin/env bash
# xbuild as PID 1 of a new PID namespace, as a container's main process: a
# fake go that leaves 20 orphans behind, which the kernel re-parents to PID 1.
# Inside the namespace the fake counts zombies after the orphans have exited:
# xbuild must have reaped them all. Then SIGTERM from outside reaches it (PID
# 1 only gets signals it handles) and it exits 143 as elsewhere. Skipped
# where unprivileged or where namespaces are not allowed.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool unshare

unshare --pid --fork --mount-proc true 2>/dev/null ||
    skip "cannot create PID namespaces here (needs root and unshare(2))"

fake=$XBUILD_SOURCE_DIR/tests/fakes/go
dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
export FAKE_GO_REAL
FAKE_GO_REAL=$(command -v go)
zombies=$WORK/zombies

xb_expect 0 toolchain bootstrap --go "$fake" linux/amd64

XB_CMD="unshare --pid --fork --mount-proc xbuild --go fake -t linux/amd64 --json"
set +e
FAKE_GO_MODE=orphans FAKE_GO_ZOMBIES=$zombies unshare --pid --fork --mount-proc \
    "$XBUILD" --go "$fake" -t linux/amd64 --json >"$WORK/xb.stdout" 2>"$WORK/xb.stderr"
XB_STATUS=$?
set -e
assert_eq 0 "$XB_STATUS" "exit code as PID 1"
assert_file "$zombies" "the fake's zombie count"
assert_eq 0 "$(cat "$zombies")" "zombies left under xbuild as PID 1 (20 orphans were made)"
assert_file "$dir/dist/hello_linux_amd64"
note "20 orphans reaped"

# SIGTERM from outside the namespace to its PID 1, mid-build.
started=$WORK/started
rm -rf "$dir/dist"
FAKE_GO_MODE=hang FAKE_GO_STARTED=$started unshare --pid --fork --mount-proc \
    "$XBUILD" --go "$fake" -t linux/amd64 --report "$WORK/report.json" \
    >"$WORK/xb.stdout" 2>"$WORK/xb.stderr" &
outer=$!
wait_for_file "$started"
# unshare --fork waits for its child, the namespace's PID 1: xbuild.
inner=$(pgrep -P "$outer" -x xbuild || true)
[[ -n "$inner" ]] || fail "cannot find xbuild under unshare (pid $outer)"
kill -TERM "$inner"
set +e
wait "$outer"
status=$?
set -e
assert_eq 143 "$status" "exit code of PID 1 after SIGTERM (as unshare reports it)"
assert_eq interrupted "$(jqf "$WORK/report.json" '.targets[0].status')" "status after SIGTERM"
assert_no_file "$dir/dist/hello_linux_amd64"
assert_no_temp_files "$dir"
note "ok"
