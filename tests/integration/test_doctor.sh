#!/usr/bin/env bash
# xbuild doctor: per target, the SDK, bootstrap state, the C compiler found
# (by a real probe) or what to install, and whether the target's binaries run
# here (natively or under qemu-user). Uses the real Go, cross gcc and qemu.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool qemu-aarch64 aarch64-linux-gnu-gcc

note "the host by default"
xb_expect 0 doctor --json
echo "$XB_OUT" >"$WORK/host.json"
host=$(go env GOOS)/$(go env GOARCH)
assert_eq "$host" "$(jqf "$WORK/host.json" '.host')" "host"
assert_eq "$host" "$(jqf "$WORK/host.json" '.targets[0].target')" "default target"
assert_eq native "$(jqf "$WORK/host.json" '.targets[0].run.how')" "the host runs natively"
assert_eq "$(go env GOVERSION)" "$(jqf "$WORK/host.json" '.go.version')" "go version"
assert_eq missing "$(jqf "$WORK/host.json" '.targets[0].bootstrap')" "fresh store: not bootstrapped"

note "cross targets: discovered compiler, missing compiler, no cgo, qemu"
xb_expect 0 doctor -t linux/arm64,darwin/arm64,js/wasm --json
echo "$XB_OUT" >"$WORK/cross.json"
arm64='.targets[] | select(.target == "linux/arm64")'
assert_eq found "$(jqf "$WORK/cross.json" "$arm64 | .cc.status")" "arm64 compiler"
assert_eq aarch64-linux-gnu-gcc "$(jqf "$WORK/cross.json" "$arm64 | .cc.cc")" "arm64 compiler name"
assert_eq discovered "$(jqf "$WORK/cross.json" "$arm64 | .cc.origin")" "arm64 compiler origin"
assert_contains "$(jqf "$WORK/cross.json" "$arm64 | .cc.builds")" "arm64" "the probe saw arm64 objects"
assert_eq qemu-user "$(jqf "$WORK/cross.json" "$arm64 | .run.how")" "arm64 runs under qemu"
assert_eq "$(command -v qemu-aarch64)" "$(jqf "$WORK/cross.json" "$arm64 | .run.emulator")" "emulator"
darwin='.targets[] | select(.target == "darwin/arm64")'
assert_eq missing "$(jqf "$WORK/cross.json" "$darwin | .cc.status")" "darwin compiler"
assert_contains "$(jqf "$WORK/cross.json" "$darwin | .cc.hint")" "--cc darwin/arm64=CMD" "darwin hint"
assert_eq no "$(jqf "$WORK/cross.json" "$darwin | .run.how")" "darwin does not run here"
assert_eq unsupported "$(jqf "$WORK/cross.json" '.targets[] | select(.target == "js/wasm") | .cc.status')" \
    "js/wasm has no cgo"

note "bootstrap state follows toolchain bootstrap"
xb_expect 0 toolchain bootstrap linux/arm64
xb_expect 0 doctor -t linux/arm64 --json
assert_eq ready "$(jq -r '.targets[0].bootstrap' <<<"$XB_OUT")" "after bootstrap"

note "an explicit wrong-architecture compiler is reported as rejected"
xb_expect 0 doctor -t linux/arm64 --cc linux/arm64=gcc --json
assert_eq rejected "$(jq -r '.targets[0].cc.status' <<<"$XB_OUT")" "--cc gcc for arm64"
assert_contains "$(jq -r '.targets[0].cc.message' <<<"$XB_OUT")" "does not target linux/arm64" "message"

note "the human table"
xb_expect 0 doctor -t linux/arm64,darwin/arm64
assert_contains "$XB_OUT" "aarch64-linux-gnu-gcc (discovered)" "table row"
assert_contains "$XB_OUT" "qemu-user (qemu-aarch64)" "table row"
assert_contains "$XB_OUT" "darwin/arm64: packages that use cgo would be refused" "darwin note"

note "xbuild.json's targets and compilers, as a build would take them"
mkdir -p "$WORK/configured"
cd "$WORK/configured" || fail "cannot cd to $WORK/configured"
printf 'module example.com/configured\n\ngo 1.19\n' >go.mod
cat >xbuild.json <<'EOF_JSON'
{
  "targets": ["linux/arm64", "windows/amd64"],
  "overrides": [{"targets": ["linux/arm64"], "cc": {"linux/arm64": "gcc"}}]
}
EOF_JSON
xb_expect 0 doctor --json
assert_eq "linux/arm64 windows/amd64" "$(jq -r '[.targets[].target] | join(" ")' <<<"$XB_OUT")" \
    "targets from xbuild.json"
assert_eq rejected "$(jq -r '.targets[0].cc.status' <<<"$XB_OUT")" "the override's cc for arm64"
assert_contains "$(jq -r ".targets[0].cc.message" <<<"$XB_OUT")" "xbuild.json" "where the cc came from"
xb_expect 0 doctor -t linux/arm64 --cc linux/arm64=aarch64-linux-gnu-gcc --json
assert_eq found "$(jq -r '.targets[0].cc.status' <<<"$XB_OUT")" "--cc beats the file"
cd "$WORK" || fail "cannot cd back"

note "bad input"
xb_expect 2 doctor -t linux/arm65
assert_contains "$XB_ERR" "arm64" "did you mean"
xb_expect 2 doctor -t linux/arm64 --cc 'linux/arm64'
note "ok"
