#!/usr/bin/env bash
# --smoke: each built binary runs where this machine can (natively, linux/
# arm64 and linux/riscv64 under qemu-user), its exit code and first lines in
# the report; darwin is "not runnable here". A binary that exits non-zero
# or outlives --smoke-timeout fails its target and leaves no artifact; the
# other targets are unaffected.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool qemu-aarch64 qemu-riscv64

dir=$WORK/smokeapp
mkdir -p "$dir"
cd "$dir" || fail "cannot cd to $dir"
cat >go.mod <<'EOF_MOD'
module example.com/smokeapp

go 1.19
EOF_MOD
cat >main.go <<'EOF_GO'
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

func main() {
	fmt.Printf("smoke %s/%s %v\n", runtime.GOOS, runtime.GOARCH, os.Args[1:])
	if len(os.Args) > 1 && os.Args[1] == "fail" {
		os.Exit(3)
	}
	if len(os.Args) > 1 && os.Args[1] == "hang" {
		time.Sleep(time.Minute)
	}
}
EOF_GO
targets=linux/amd64,linux/arm64,linux/riscv64,darwin/arm64

xb_expect 0 -t "$targets" --smoke --smoke-args 'hello world' --json
echo "$XB_OUT" >"$WORK/ok.json"
smoke() { jqf "$1" --arg t "$2" ".targets[] | select(.target == \$t) | .smoke.$3"; }
for target in linux/amd64 linux/arm64 linux/riscv64; do
    assert_eq true "$(smoke "$WORK/ok.json" "$target" ran)" "$target ran"
    assert_eq 0 "$(smoke "$WORK/ok.json" "$target" exit_code)" "$target exit code"
    assert_eq "smoke $target [hello world]" "$(smoke "$WORK/ok.json" "$target" output)" "$target output"
done
assert_contains "$(smoke "$WORK/ok.json" linux/arm64 runner)" "qemu-aarch64" "the arm64 runner"
assert_contains "$(smoke "$WORK/ok.json" linux/riscv64 runner)" "qemu-riscv64" "the riscv64 runner"
assert_eq false "$(smoke "$WORK/ok.json" darwin/arm64 ran)" "darwin ran"
assert_eq "not runnable here" "$(smoke "$WORK/ok.json" darwin/arm64 reason)" "darwin's reason"
assert_eq 4 "$(jqf "$WORK/ok.json" '.counts.ok')" "targets ok"
assert_contains "$XB_ERR" "exit 0 under qemu-aarch64: smoke linux/arm64 [hello world]" "the smoke line"
note "--smoke: native and qemu runs, darwin not runnable here"

xb_expect 0 -t "$targets" --smoke --smoke-args 'again'
assert_contains "$XB_ERR" "smoke linux/riscv64 [again]" "an up-to-date run still smoke-tests"
note "an up-to-date build is smoke-tested too"

xb_expect 1 -t "$targets" --smoke --smoke-args fail --json
echo "$XB_OUT" >"$WORK/fail.json"
for target in linux/amd64 linux/arm64 linux/riscv64; do
    assert_eq failed "$(jqf "$WORK/fail.json" --arg t "$target" '.targets[] | select(.target == $t) | .status')" \
        "$target status after a failing smoke run"
    assert_eq 3 "$(smoke "$WORK/fail.json" "$target" exit_code)" "$target exit code"
done
assert_contains "$(jqf "$WORK/fail.json" '.targets[] | select(.target == "linux/arm64") | .error')" \
    "smoke run failed: exit 3" "the error"
assert_no_file dist/smokeapp_linux_arm64 "the artifact of a target whose smoke run failed"
assert_eq ok "$(jqf "$WORK/fail.json" '.targets[] | select(.target == "darwin/arm64") | .status')" "darwin"
assert_file dist/smokeapp_darwin_arm64
note "a failing smoke run fails its target and removes its artifact"

xb_expect 1 -t linux/arm64 --smoke --smoke-args hang --smoke-timeout 1s --grace 1s --json
echo "$XB_OUT" >"$WORK/hang.json"
assert_eq true "$(smoke "$WORK/hang.json" linux/arm64 timed_out)" "a hanging binary times out"
assert_no_file dist/smokeapp_linux_arm64 "the artifact of a timed-out smoke run"
note "ok"
