#!/usr/bin/env bash
# Output directories under stress: two runs writing one directory at once
# take turns (one says it waits) and both leave valid artifacts; a directory
# that cannot be created, one on a read-only filesystem and one on a full
# filesystem each give a clear error, exit 1, and leave no partial file.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

fake=$XBUILD_SOURCE_DIR/tests/fakes/go
dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
export FAKE_GO_REAL
FAKE_GO_REAL=$(command -v go)
xb_expect 0 toolchain bootstrap --go "$fake" linux/amd64 linux/arm64

# --- Two runs into one directory: the slow fake keeps the first one inside
# its build for 3 s while the second arrives.
started=$WORK/started
FAKE_GO_MODE=slow FAKE_GO_SLEEP=3 FAKE_GO_STARTED=$started \
    "$XBUILD" --go "$fake" -t linux/amd64,linux/arm64 --report "$WORK/first.json" \
    >"$WORK/first.out" 2>"$WORK/first.err" &
first=$!
wait_for_file "$started"
set +e
FAKE_GO_MODE=slow FAKE_GO_SLEEP=0 "$XBUILD" --go "$fake" -t linux/amd64,linux/arm64 \
    --report "$WORK/second.json" >"$WORK/second.out" 2>"$WORK/second.err"
second_status=$?
wait "$first"
first_status=$?
set -e
assert_eq 0 "$first_status" "exit code of the first run"
assert_eq 0 "$second_status" "exit code of the second run"
assert_contains "$(cat "$WORK/second.err")" "waiting for another xbuild that is writing to" \
    "the second run's stderr"
# The second run ended last: the files are its artifacts, whole.
assert_only_reported_files "$dir/dist" "$WORK/second.json"
first_done=$(jqf "$WORK/first.json" '.started_at')
[[ -n "$first_done" ]] || fail "the first run wrote no report"
note "concurrent runs took turns"

# --- An output directory that cannot be created.
mkdir -p "$WORK/blocker"
echo "a file, not a directory" >"$WORK/blocker/dist"
xb_expect 1 -t linux/amd64 -o "$WORK/blocker/dist/{{.Dir}}_{{.OS}}_{{.Arch}}" --json
echo "$XB_OUT" >"$WORK/report.json"
assert_eq failed "$(jqf "$WORK/report.json" '.targets[0].status')" "status"
assert_contains "$(jqf "$WORK/report.json" '.targets[0].error')" \
    "cannot create output directory $WORK/blocker/dist" "error"
assert_contains "$XB_ERR" "cannot create output directory" "stderr"
note "uncreatable directory: failed, exit 1"

# --- Read-only and full filesystems (root only: a tmpfs is mounted).
if ! mount_point=$(mktemp -d "$WORK/mnt.XXXXXX") ||
    ! mount -t tmpfs -o size=512k tmpfs "$mount_point" 2>/dev/null; then
    skip "cannot mount a tmpfs here (needs root): read-only and full filesystems untested"
fi
trap 'umount "$mount_point" 2>/dev/null; rm -rf "$WORK"' EXIT

mkdir "$mount_point/dist"
mount -o remount,ro "$mount_point"
xb_expect 1 -t linux/amd64 -o "$mount_point/dist/{{.Dir}}_{{.OS}}_{{.Arch}}" --json
echo "$XB_OUT" >"$WORK/report.json"
assert_contains "$(jqf "$WORK/report.json" '.targets[0].error')" \
    "cannot write to output directory $mount_point/dist" "read-only error"
assert_contains "$(jqf "$WORK/report.json" '.targets[0].error')" "Read-only file system" \
    "read-only error"
note "read-only filesystem: failed, exit 1"

# 512 KiB cannot hold a Go binary: the linker runs out of space mid-write.
mount -o remount,rw "$mount_point"
xb_expect 1 -t linux/amd64 -o "$mount_point/dist/{{.Dir}}_{{.OS}}_{{.Arch}}" --json
echo "$XB_OUT" >"$WORK/report.json"
assert_eq failed "$(jqf "$WORK/report.json" '.targets[0].status')" "status on a full disk"
assert_contains "$(jqf "$WORK/report.json" '.targets[0].log')" "no space left on device" \
    "go's message on a full disk"
assert_contains "$XB_ERR" "no space left on device" "stderr on a full disk"
leftover=$(find "$mount_point" -type f)
[[ -z "$leftover" ]] || fail "partial files left on the full filesystem: $leftover"
note "full filesystem: failed, exit 1, nothing left"
note "ok"
