#!/usr/bin/env bash
# Toolchains and bootstrap: with an empty store and Go build cache a build
# bootstraps first and the report says so; a second run does not; the
# --no-bootstrap refusal; two concurrent bootstraps of one target do the work
# once; a replaced go binary makes stamps stale; bad --go values and a go.mod
# that needs a newer Go are usage errors.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
# A cold Go build cache: bootstrapping really compiles the standard library.
export GOCACHE="$WORK/gocache"

note "--no-bootstrap on a fresh store"
xb_expect 1 --no-bootstrap -t darwin/arm64 --json
assert_contains "$XB_ERR" "darwin/arm64 is not bootstrapped" "stderr"
assert_contains "$XB_ERR" "xbuild toolchain bootstrap darwin/arm64" "stderr"
echo "$XB_OUT" >"$WORK/refused.json"
assert_eq failed "$(jqf "$WORK/refused.json" '.targets[0].status')" "status"
assert_contains "$(jqf "$WORK/refused.json" '.targets[0].error')" "not bootstrapped" "error"
assert_no_file dist/hello_darwin_arm64 "no artifact without bootstrap"

note "first build bootstraps, then builds"
xb_expect 0 -t darwin/arm64 --json
echo "$XB_OUT" >"$WORK/first.json"
assert_eq true "$(jqf "$WORK/first.json" '.targets[0].bootstrap.ran')" "bootstrap.ran"
assert_eq true "$(jqf "$WORK/first.json" '.targets[0].bootstrap.duration_ms > 0')" "bootstrap time"
assert_eq ok "$(jqf "$WORK/first.json" '.targets[0].status')" "status"
assert_contains "$XB_ERR" "building and checking a probe program" "stderr"
assert_not_contains "$XB_ERR" "building the standard library" "a build's bootstrap (depth probe)"
assert_contains "$XB_ERR" "(bootstrap " "human line"
assert_file dist/hello_darwin_arm64
stamps=$(find "$XBUILD_HOME/stamps" -name 'darwin_arm64.json')
[[ -n "$stamps" ]] || fail "no stamp written under $XBUILD_HOME/stamps"
assert_eq darwin/arm64 "$(jqf "$stamps" '.target')" "stamp target"

note "second build does not bootstrap"
# --force: a real build (not the no-op fast path) that finds the target ready.
xb_expect 0 -t darwin/arm64 --json --force
echo "$XB_OUT" >"$WORK/second.json"
assert_eq false "$(jqf "$WORK/second.json" '.targets[0].bootstrap.ran')" "bootstrap.ran on the second run"
assert_not_contains "$XB_ERR" "bootstrap" "stderr of the second run"

xb_expect 0 env -t darwin/arm64 --json
echo "$XB_OUT" >"$WORK/env.json"
assert_eq yes "$(jqf "$WORK/env.json" '.XBUILD_BOOTSTRAPPED')" "env: darwin/arm64 bootstrapped"
assert_eq darwin "$(jqf "$WORK/env.json" '.GOOS')" "env GOOS"
xb_expect 0 env -t linux/arm/v7
assert_contains "$XB_OUT" 'GOARM="7"' "env GOARM"
assert_contains "$XB_OUT" 'XBUILD_BOOTSTRAPPED="no"' "env: linux/arm not bootstrapped"

note "two concurrent bootstraps of linux/arm64"
"$XBUILD" toolchain bootstrap linux/arm64 >"$WORK/a.out" 2>"$WORK/a.err" &
first=$!
# Let the first take the lock, so that the second must wait for it.
for _ in $(seq 1 100); do
    grep -q "building the standard library" "$WORK/a.err" && break
    sleep 0.1
done
"$XBUILD" toolchain bootstrap linux/arm64 >"$WORK/b.out" 2>"$WORK/b.err" &
second=$!
wait "$first" || fail "first concurrent bootstrap failed: $(cat "$WORK/a.err")"
wait "$second" || fail "second concurrent bootstrap failed: $(cat "$WORK/b.err")"
builders=$(cat "$WORK/a.err" "$WORK/b.err" | grep -c "building the standard library" || true)
assert_eq 1 "$builders" "number of runs that built the standard library"
assert_contains "$(cat "$WORK/b.err")" "another xbuild" "the second run's output"
xb_expect 0 -t linux/arm64 --json
echo "$XB_OUT" >"$WORK/arm64.json"
assert_eq false "$(jqf "$WORK/arm64.json" '.targets[0].bootstrap.ran')" "build after the concurrent bootstrap"

xb_expect 0 toolchain list --json
echo "$XB_OUT" >"$WORK/list.json"
assert_eq true "$(jqf "$WORK/list.json" '[.sdks[].bootstrapped[].target] | index("darwin/arm64") != null')" \
    "toolchain list shows darwin/arm64"
assert_eq true "$(jqf "$WORK/list.json" '[.sdks[].bootstrapped[].target] | index("linux/arm64") != null')" \
    "toolchain list shows linux/arm64"
assert_eq probe "$(jqf "$WORK/list.json" '[.sdks[].bootstrapped[] | select(.target == "darwin/arm64")][0].depth')" \
    "a build's bootstrap depth"
assert_eq std "$(jqf "$WORK/list.json" '[.sdks[].bootstrapped[] | select(.target == "linux/arm64")][0].depth')" \
    "toolchain bootstrap's depth"

note "toolchain bootstrap deepens a build's probe-only stamp"
xb_expect 0 toolchain bootstrap darwin/arm64
assert_contains "$XB_ERR" "building the standard library" "toolchain bootstrap of a probe-only target"
xb_expect 0 toolchain bootstrap darwin/arm64
assert_contains "$XB_ERR" "already ready" "a second toolchain bootstrap"

note "toolchain remove --target"
xb_expect 0 toolchain remove --target darwin/arm64
xb_expect 0 env -t darwin/arm64
assert_contains "$XB_OUT" 'XBUILD_BOOTSTRAPPED="no"' "env after remove"

note "a replaced go binary makes its stamps stale"
# An SDK of our own: a copy of the go binary beside links to the real tree.
goroot=$(go env GOROOT)
sdk="$WORK/sdk"
mkdir -p "$sdk/bin"
for entry in "$goroot"/*; do
    [[ "$(basename "$entry")" == bin ]] || ln -s "$entry" "$sdk/"
done
cp "$goroot/bin/go" "$sdk/bin/go"
xb_expect 0 --go "$sdk/bin/go" -t linux/amd64 --json
echo "$XB_OUT" >"$WORK/own.json"
assert_eq true "$(jqf "$WORK/own.json" '.targets[0].bootstrap.ran')" "own SDK bootstraps"
xb_expect 0 --go "$sdk/bin/go" -t linux/amd64 --json
echo "$XB_OUT" >"$WORK/own2.json"
assert_eq false "$(jqf "$WORK/own2.json" '.targets[0].bootstrap.ran')" "own SDK is ready"
touch -d '2001-01-01' "$sdk/bin/go"
xb_expect 0 env --go "$sdk/bin/go" -t linux/amd64
assert_contains "$XB_OUT" 'XBUILD_BOOTSTRAPPED="stale"' "env after replacing go"
xb_expect 0 --go "$sdk/bin/go" -t linux/amd64 --json
echo "$XB_OUT" >"$WORK/own3.json"
assert_eq true "$(jqf "$WORK/own3.json" '.targets[0].bootstrap.ran')" "a stale stamp is redone"

note "bad --go values and a go.mod that needs a newer Go"
xb_expect 2 --go /bin/true -t linux/amd64
assert_contains "$XB_ERR" "is not a usable Go toolchain" "stderr for --go /bin/true"
xb_expect 2 --go /nonexistent/go -t linux/amd64
assert_contains "$XB_ERR" "no such file" "stderr for --go /nonexistent/go"
xb_expect 2 --go 1.99 -t linux/amd64
assert_contains "$XB_ERR" "no SDK with that version" "stderr for --go 1.99"
xb_expect 2 targets --go /nonexistent/go
sed -i 's/^go 1\.19$/go 1.99/' go.mod
xb_expect 2 -t linux/amd64
assert_contains "$XB_ERR" "requires go 1.99" "stderr for a go.mod that needs a newer Go"
assert_no_temp_files "$dir" "$XBUILD_HOME"
note "ok"
