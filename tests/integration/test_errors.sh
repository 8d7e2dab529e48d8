#!/usr/bin/env bash
# Usage and configuration errors: exit 2, one "xbuild: error:" line that names
# the problem, and nothing built.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"

# Every case must leave the module untouched: no dist/, no temp files.
expect_usage_error() {
    local what=$1
    shift
    xb_expect 2 "$@"
    assert_contains "$XB_ERR" "xbuild: error: " "$what: stderr"
    assert_eq "" "$XB_OUT" "$what: stdout"
    assert_no_file "$dir/dist" "$what: nothing may be built"
    assert_no_temp_files "$dir"
}

expect_usage_error "unknown target" -t linux/amd46
assert_contains "$XB_ERR" 'did you mean "linux/amd64"' "unknown target: stderr"
assert_contains "$XB_ERR" "linux/amd46" "unknown target: stderr"

expect_usage_error "unknown target among good ones" -t linux/amd64,linux/amd46
assert_contains "$XB_ERR" 'did you mean "linux/amd64"' "unknown target among good ones: stderr"

expect_usage_error "unknown os" --os linx --arch amd64
assert_contains "$XB_ERR" "linx" "unknown os: stderr"

expect_usage_error "unknown arch" --os linux --arch amd46
assert_contains "$XB_ERR" "amd46" "unknown arch: stderr"

expect_usage_error "template collision" -t linux/amd64,darwin/amd64 -o 'dist/{{.Arch}}'
assert_contains "$XB_ERR" "linux/amd64" "template collision: stderr"
assert_contains "$XB_ERR" "darwin/amd64" "template collision: stderr"

expect_usage_error "unknown template field" -t linux/amd64 -o 'dist/{{.Nope}}_{{.OS}}'
assert_contains "$XB_ERR" "Nope" "unknown template field: stderr"

expect_usage_error "unbalanced template" -t linux/amd64 -o 'dist/{{.OS}_{{.Arch}}'

expect_usage_error "unknown variant" -t linux/amd64/v9
assert_contains "$XB_ERR" "v9" "unknown variant: stderr"

expect_usage_error "variant on an arch without variants" -t linux/riscv64/v7

expect_usage_error "malformed target" -t linux/amd64/v3/extra
expect_usage_error "unknown flag" --no-such-flag

# With --json, stdout holds nothing or valid JSON, never human text.
xb_expect 2 --json -t linux/amd46
assert_contains "$XB_ERR" 'did you mean "linux/amd64"' "unknown target with --json: stderr"
if [[ -n "$XB_OUT" ]]; then
    jq -e . "$WORK/xb.stdout" >/dev/null 2>&1 || fail "--json printed non-JSON on stdout: $XB_OUT"
fi
assert_no_file "$dir/dist" "unknown target with --json: nothing may be built"

# Paths are bytes, JSON is UTF-8: a store path that is not valid UTF-8 still
# gives valid JSON (the odd byte replaced), never an internal error.
odd_home="$WORK/home-"$'\xff'
XBUILD_HOME=$odd_home xb_expect 0 env --json
jq -e '.XBUILD_STORE | endswith("home-\ufffd")' <<<"$XB_OUT" >/dev/null ||
    fail "env --json with a non-UTF-8 store path: $XB_OUT"
XBUILD_HOME=$odd_home xb_expect 0 toolchain list --json
jq -e '.store | endswith("home-\ufffd")' <<<"$XB_OUT" >/dev/null ||
    fail "toolchain list --json with a non-UTF-8 store path: $XB_OUT"

note "ok"
