#!/usr/bin/env bash
# One target that does not compile among good ones (tests/fixtures/broken has
# a compile error in broken_windows.go): the others are built, the failed one
# leaves nothing behind, the report carries go's message, exit code 1.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

dir=$(copy_example fixtures/broken)
cd "$dir" || fail "cannot cd to $dir"
go_message="undefined: xbuildUndefinedOnPurpose"

xb_expect 1 --json -t linux/amd64,windows/amd64,darwin/arm64
report="$WORK/report.json"
echo "$XB_OUT" >"$report"

assert_eq 3 "$(jqf "$report" '.counts.total')" "counts.total"
assert_eq 2 "$(jqf "$report" '.counts.ok')" "counts.ok"
assert_eq 1 "$(jqf "$report" '.counts.failed')" "counts.failed"

assert_file "$dir/dist/broken_linux_amd64"
assert_file "$dir/dist/broken_darwin_arm64"
assert_no_file "$dir/dist/broken_windows_amd64.exe" "the failed target"
assert_no_temp_files "$dir"

failed='.targets[] | select(.target == "windows/amd64")'
assert_eq failed "$(jqf "$report" "$failed | .status")" "windows/amd64 status"
assert_eq "$dir/dist/broken_windows_amd64.exe" "$(jqf "$report" "$failed | .output")" \
    "windows/amd64 output (where it would have gone)"
assert_eq null "$(jqf "$report" "$failed | .size")" "windows/amd64 size"
assert_eq null "$(jqf "$report" "$failed | .sha256")" "windows/amd64 sha256"
assert_eq null "$(jqf "$report" "$failed | .binary")" "windows/amd64 binary"
error=$(jqf "$report" "$failed | .error // \"\"")
[[ -n "$error" ]] || fail "the failed target's error is empty"
assert_contains "$(jqf "$report" "$failed | .log")" "$go_message" "windows/amd64 log"
assert_contains "$(jqf "$report" "$failed | .log")" "broken_windows.go" "windows/amd64 log"

for t in linux/amd64 darwin/arm64; do
    assert_eq ok "$(jqf "$report" ".targets[] | select(.target == \"$t\") | .status")" "$t status"
    assert_eq null "$(jqf "$report" ".targets[] | select(.target == \"$t\") | .error")" "$t error"
done

# People see go's own message on stderr.
assert_contains "$XB_ERR" "$go_message" "stderr"
assert_contains "$XB_ERR" "windows/amd64" "stderr"

# Without --json the exit code and the files are the same.
rm -rf "$dir/dist"
xb_expect 1 -t linux/amd64,windows/amd64
assert_file "$dir/dist/broken_linux_amd64"
assert_no_file "$dir/dist/broken_windows_amd64.exe" "the failed target"
assert_contains "$XB_ERR" "$go_message" "stderr"
assert_no_temp_files "$dir"

# --fail-fast with one slot: whichever windows target runs first fails, and
# the others are never started. Only windows targets, so the outcome does
# not depend on the order the jobs run in.
rm -rf "$dir/dist"
xb_expect 1 --json --fail-fast -j1 -t windows/386,windows/amd64,windows/arm64
echo "$XB_OUT" >"$report"
assert_eq 3 "$(jqf "$report" '.counts.total')" "fail-fast counts.total"
assert_eq 1 "$(jqf "$report" '.counts.failed')" "fail-fast counts.failed"
assert_eq 2 "$(jqf "$report" '.counts.skipped')" "fail-fast counts.skipped"
assert_eq 0 "$(jqf "$report" '.counts.ok')" "fail-fast counts.ok"
assert_eq 2 "$(jqf "$report" '[.targets[] | select(.status == "skipped")] | length')" \
    "fail-fast skipped entries"
assert_eq "" "$(jqf "$report" '.targets[] | select(.status == "skipped") | .log // "" | select(. != "")')" \
    "fail-fast: skipped targets ran nothing"
assert_eq "" "$(ls -A "$dir/dist" 2>/dev/null)" "fail-fast: dist must be empty"
assert_no_temp_files "$dir"

# Without --fail-fast every target runs even after a failure.
xb_expect 1 --json -j1 -t windows/386,windows/amd64,linux/amd64
echo "$XB_OUT" >"$report"
assert_eq 2 "$(jqf "$report" '.counts.failed')" "no fail-fast counts.failed"
assert_eq 1 "$(jqf "$report" '.counts.ok')" "no fail-fast counts.ok"
assert_eq 0 "$(jqf "$report" '.counts.skipped')" "no fail-fast counts.skipped"

note "ok"
