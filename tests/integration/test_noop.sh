#!/usr/bin/env bash
# The no-op fast path: a run identical to the last successful one, with
# nothing changed, starts no go at all and reports every target up to date.
# Each kind of change must make the next run build again: a .go file, an
# OS-specific file, a new file, go.mod, a flag, an environment variable, the
# SDK, the C compiler, a deleted or modified artifact; --force always builds.
# go is a logging wrapper, so "no go started" is checked, not assumed.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool aarch64-linux-gnu-gcc

make_logging_go

dir=$(copy_example platform)
cd "$dir" || fail "cannot cd to $dir"
targets=linux/amd64,linux/arm64,windows/amd64

# build EXPECT ARGS...: runs xbuild with the wrapper; EXPECT is "noop" (no
# go started, all up to date) or "build" (go ran, nothing up to date).
build() {
    local expect=$1
    shift
    : >"$go_log"
    xb_expect 0 --go "$go_wrapper" -t "$targets" --json -v "$@"
    echo "$XB_OUT" >"$WORK/report.json"
    local started up_to_date
    started=$(wc -l <"$go_log")
    up_to_date=$(jqf "$WORK/report.json" '.up_to_date')
    if [[ "$expect" == noop ]]; then
        ((started == 0)) || fail "a no-op run started go $started times: $(head -3 "$go_log")"
        assert_eq true "$up_to_date" "report up_to_date of a no-op run"
        assert_eq 3 "$(jqf "$WORK/report.json" '[.targets[] | select(.up_to_date and .status == "ok")] | length')" \
            "targets up to date"
        assert_contains "$XB_ERR" "all up to date" "no-op summary"
    else
        ((started > 0)) || fail "expected a build, but go never ran"
        assert_eq false "$up_to_date" "report up_to_date of a build"
    fi
}

build build
build noop
note "no-op: no go started"

echo "// edited" >>main.go
build build
assert_contains "$XB_ERR" "main.go changed" "the reason, with -v"
build noop

echo "// edited" >>platform_windows.go
build build
build noop
note "an OS-specific file: every target rebuilds (documented)"

echo "package main" >extra.go
build build
assert_contains "$XB_ERR" "extra.go is new" "the reason for a new file"
build noop
rm extra.go
build build
assert_contains "$XB_ERR" "extra.go was removed" "the reason for a removed file"
build noop

echo "// edited" >>go.mod
build build
build noop

build build --ldflags=-s
build noop --ldflags=-s
build noop --ldflags=-s --jobs 1 --grace 1s   # flags that cannot change artifacts
note "flags: a new flag builds, scheduling flags do not"

GOPROXY=off build noop --ldflags=-s   # irrelevant to artifacts
GOFLAGS=-trimpath build build --ldflags=-s
GOFLAGS=-trimpath build noop --ldflags=-s
note "environment: GOFLAGS builds, GOPROXY does not"

touch "$go_wrapper"
build build --ldflags=-s
assert_contains "$XB_ERR" "the Go SDK" "the reason for a changed SDK"
build noop --ldflags=-s

# only_rebuilt TARGET: the last run built TARGET alone and reported the
# other targets up to date (go list may still run for every target).
only_rebuilt() {
    local built
    built=$(awk '$2 == "build" {print $1}' "$go_log" | sort -u | tr '\n' ' ')
    assert_eq "$1 " "$built" "targets that go built"
    assert_eq 2 "$(jqf "$WORK/report.json" '[.targets[] | select(.up_to_date and .status == "ok")] | length')" \
        "targets reported up to date beside the rebuilt one"
    assert_eq 3 "$(jqf "$WORK/report.json" '.counts.ok')" "targets ok"
}
rm dist/platform_linux_arm64
build build --ldflags=-s
assert_contains "$XB_ERR" "is missing" "the reason for a deleted artifact"
only_rebuilt linux/arm64
[[ -f dist/platform_linux_arm64 ]] || fail "the deleted artifact was not rebuilt"
build noop --ldflags=-s
printf 'x' >>dist/platform_linux_amd64
build build --ldflags=-s
assert_contains "$XB_ERR" "was modified" "the reason for a modified artifact"
only_rebuilt linux/amd64
assert_contains "$XB_ERR" "3 ok (2 up to date)" "the summary"
build noop --ldflags=-s
touch dist/platform_windows_amd64.exe
build noop --ldflags=-s   # a touched, unchanged artifact is still the one recorded

build build --ldflags=-s --force
note "artifacts: only deleted or modified ones are rebuilt; --force always builds"

# The C compiler: a wrapper around the cross gcc, passed with --cc.
cgo_dir=$(copy_example cgo)
cd "$cgo_dir" || fail "cannot cd to $cgo_dir"
cat >"$WORK/bin/cc-arm64" <<'WRAPPER'
#!/bin/sh
exec aarch64-linux-gnu-gcc "$@"
WRAPPER
chmod +x "$WORK/bin/cc-arm64"
targets=linux/arm64
: >"$go_log"
xb_expect 0 --go "$go_wrapper" -t linux/arm64 --cc "linux/arm64=$WORK/bin/cc-arm64" --json
: >"$go_log"
xb_expect 0 --go "$go_wrapper" -t linux/arm64 --cc "linux/arm64=$WORK/bin/cc-arm64" --json -v
assert_eq 0 "$(wc -l <"$go_log")" "go runs in a no-op cgo build"
touch "$WORK/bin/cc-arm64"
xb_expect 0 --go "$go_wrapper" -t linux/arm64 --cc "linux/arm64=$WORK/bin/cc-arm64" --json -v
assert_contains "$XB_ERR" "the C compiler" "the reason for a changed C compiler"
note "a changed C compiler rebuilds"

# No record without a module: GOPATH mode always runs go, and -v says so.
gopath=$WORK/gopath
mkdir -p "$gopath/src/example.com/hello"
cp "$XBUILD_SOURCE_DIR/examples/hello/main.go" "$gopath/src/example.com/hello/"
cd "$gopath/src/example.com/hello"
for _ in 1 2; do
    : >"$go_log"
    GOPATH=$gopath GO111MODULE=off xb_expect 0 --go "$go_wrapper" -t linux/amd64 -v
    (($(wc -l <"$go_log") > 0)) || fail "GOPATH mode must run go"
done
assert_contains "$XB_ERR" "no up-to-date check" "-v in GOPATH mode"
note "ok"
