#!/usr/bin/env bash
# Builds a whole Go SDK from Debian's Go source tree (golang-1.19-src) with its
# own src/make.bash, bootstrapped by the installed Go, then cross-builds an
# example with it for linux/arm64 and runs that under qemu-user. Takes
# minutes: labelled "slow" (ctest -LE slow skips it).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool qemu-aarch64

src=$(go env GOROOT)
[[ -f "$src/src/make.bash" ]] || skip "$src has no src/make.bash (install golang-1.19-src)"

xb_expect 0 toolchain build --src "$src" --name from-source
assert_contains "$XB_ERR" "built SDK from-source" "stderr"
assert_contains "$XB_ERR" "make.bash running for" "progress lines"
assert_file "$XBUILD_HOME/sdks/from-source/bin/go"
assert_file "$XBUILD_HOME/logs/from-source.make.log"

xb_expect 0 toolchain list --json
echo "$XB_OUT" >"$WORK/list.json"
assert_eq "$XBUILD_HOME/sdks/from-source" \
    "$(jqf "$WORK/list.json" '.sdks[] | select(.name == "from-source") | .goroot')" "registered GOROOT"

dir=$(copy_example platform)
cd "$dir" || fail "cannot cd to $dir"
xb_expect 0 --go from-source -t linux/arm64 --json
echo "$XB_OUT" >"$WORK/report.json"
assert_eq "$XBUILD_HOME/sdks/from-source" "$(jqf "$WORK/report.json" '.goroot')" "report goroot"
out=$(qemu-aarch64 dist/platform_linux_arm64) || fail "the arm64 binary failed under qemu: $out"
assert_contains "$out" "linux" "output of the arm64 binary"

xb_expect 0 toolchain remove from-source
assert_no_file "$XBUILD_HOME/sdks/from-source" "removed SDK tree"
note "ok"
