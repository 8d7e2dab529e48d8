#!/usr/bin/env bash
# Fault injection with a fake go (tests/fakes/go, selected with --go) whose
# artifact build misbehaves on demand: it ignores SIGTERM and SIGINT, leaves sleeping
# grandchildren, hangs, crashes, floods its output or writes no file. For
# each: the exit code, the report, that no process of the run survives, and
# that nothing partial or temporary is left behind.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

fake=$XBUILD_SOURCE_DIR/tests/fakes/go
dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
dist=$dir/dist
started=$WORK/started
report=$WORK/report.json
export FAKE_GO_STARTED=$started FAKE_GO_REAL
FAKE_GO_REAL=$(command -v go)

# Bootstraps once, so that every case below is about the build alone.
xb_expect 0 toolchain bootstrap --go "$fake" linux/amd64 linux/arm64

# start_faulty MODE ARGS...: runs xbuild with the fake in MODE and waits until
# the faulty build has started.
start_faulty() {
    local mode=$1
    shift
    rm -rf "$dist" "$started" "$report"
    FAKE_GO_MODE=$mode xb_start --go "$fake" --report "$report" "$@"
    wait_for_file "$started"
}

status_of() {
    jqf "$report" -r --arg t "$1" '.targets[] | select(.target == $t) | .status'
}

# --- SIGTERM to a build that ignores it: SIGKILL after --grace, exit 143.
start_faulty ignore-signals -t linux/amd64 --grace 1s
begin=$SECONDS
kill -TERM "$XB_PID"
xb_wait
assert_eq 143 "$XB_STATUS" "exit code after SIGTERM"
((SECONDS - begin < 15)) || fail "xbuild took $((SECONDS - begin))s to stop with --grace 1s"
assert_no_survivors
assert_eq interrupted "$(status_of linux/amd64)" "status after SIGTERM"
assert_eq 143 "$(jqf "$report" '.exit_code')" "report exit code"
assert_eq SIGTERM "$(jqf "$report" '.interrupted')" "report: interrupted by"
assert_contains "$XB_ERR" "SIGTERM" "stderr"
assert_only_reported_files "$dist" "$report"
note "ignore-signals: SIGKILL after the grace period, exit 143"

# --- SIGINT while the build has grandchildren: the whole group hears it.
start_faulty grandchildren -t linux/amd64
kill -INT "$XB_PID"
xb_wait
assert_eq 130 "$XB_STATUS" "exit code after SIGINT"
assert_no_survivors
assert_eq interrupted "$(status_of linux/amd64)" "status after SIGINT"
assert_only_reported_files "$dist" "$report"
note "grandchildren: all stopped, exit 130"

# --- SIGHUP: exit 129.
start_faulty hang -t linux/amd64
kill -HUP "$XB_PID"
xb_wait
assert_eq 129 "$XB_STATUS" "exit code after SIGHUP"
assert_no_survivors
note "hang + SIGHUP: exit 129"

# --- A second SIGINT skips a long grace period.
start_faulty ignore-signals -t linux/amd64 --grace 2m
begin=$SECONDS
kill -INT "$XB_PID"
sleep 0.5
kill -INT "$XB_PID"
xb_wait
assert_eq 130 "$XB_STATUS" "exit code after two SIGINTs"
((SECONDS - begin < 15)) || fail "a second SIGINT did not skip the 2m grace period"
assert_no_survivors
note "second SIGINT: no grace period"

# --- --timeout: the hanging target is stopped and reported, the other built.
FAKE_GO_TARGET=linux/amd64 start_faulty hang -t linux/amd64,linux/arm64 --timeout 3s --grace 1s
xb_wait
assert_eq 1 "$XB_STATUS" "exit code with a timed-out target"
assert_no_survivors
assert_eq timed_out "$(status_of linux/amd64)" "status of the hanging target"
assert_eq ok "$(status_of linux/arm64)" "status of the good target"
assert_file "$dist/hello_linux_arm64"
assert_no_file "$dist/hello_linux_amd64" "the timed-out target"
assert_only_reported_files "$dist" "$report"
assert_contains "$XB_ERR" "timed out" "stderr"
note "hang + --timeout: timed out, the other target built"

# --- A crash: failed with the signal named, the other target built.
FAKE_GO_TARGET=linux/amd64 start_faulty crash -t linux/amd64,linux/arm64
xb_wait
assert_eq 1 "$XB_STATUS" "exit code with a crashed compiler"
assert_eq failed "$(status_of linux/amd64)" "status of the crashed target"
assert_eq ok "$(status_of linux/arm64)" "status of the good target"
assert_contains "$(jqf "$report" '.targets[] | select(.target == "linux/amd64") | .error')" \
    "SIGSEGV" "error of the crashed target"
assert_contains "$(jqf "$report" '.targets[] | select(.target == "linux/amd64") | .log')" \
    "about to crash" "log of the crashed target"
assert_only_reported_files "$dist" "$report"
note "crash: failed (SIGSEGV), the other target built"

# --- 20 MB of output: kept bounded (head and tail), memory bounded.
rm -rf "$dist" "$started" "$report"
XB_CMD="xbuild (flood)"
set +e
FAKE_GO_MODE=flood /usr/bin/time -f '%M' -o "$WORK/rss" "$XBUILD" --go "$fake" \
    --report "$report" -t linux/amd64 >"$WORK/xb.stdout" 2>"$WORK/xb.stderr"
XB_STATUS=$?
set -e
assert_eq 1 "$XB_STATUS" "exit code of a flooding compiler"
assert_eq failed "$(status_of linux/amd64)" "status of the flooding target"
log_size=$(jqf "$report" '.targets[0].log | length')
((log_size < 1100000)) || fail "the report kept $log_size bytes of a 20 MB flood"
assert_contains "$(jqf "$report" '.targets[0].log')" "bytes of output omitted" "flood log"
assert_contains "$(jqf "$report" '.targets[0].log')" "fake go: flooded" "the flood's last line"
rss_kb=$(tail -n 1 "$WORK/rss")
# ASan's shadow memory and quarantine make RSS meaningless there.
if [[ -z "${XBUILD_SANITIZED:-}" ]]; then
    ((rss_kb < 40000)) || fail "xbuild's peak RSS was ${rss_kb} KB with a 20 MB flood"
fi
stderr_size=$(wc -c <"$WORK/xb.stderr")
((stderr_size < 1100000)) || fail "xbuild printed $stderr_size bytes of a 20 MB flood"
assert_only_reported_files "$dist" "$report"
note "flood: log bounded to $log_size bytes, peak RSS ${rss_kb} KB"

# --- exit 0 with no output file: failed, and the reason says so.
start_faulty no-output -t linux/amd64
xb_wait
assert_eq 1 "$XB_STATUS" "exit code when go writes no file"
assert_eq failed "$(status_of linux/amd64)" "status without an output file"
assert_contains "$(jqf "$report" '.targets[0].error')" "wrote no output file" "error without an output file"
assert_only_reported_files "$dist" "$report"
note "no-output: failed with a clear reason"

# --- SIGINT while xbuild still plans (its go list hangs): the report is
# written all the same, with every target interrupted, and go list is stopped.
# --force: a cached answer would skip the go list.
start_faulty list-hang -t linux/amd64,linux/arm64 --force
kill -INT "$XB_PID"
xb_wait
assert_eq 130 "$XB_STATUS" "exit code after SIGINT during planning"
assert_no_survivors
assert_contains "$XB_ERR" "interrupted by SIGINT before any build started" "stderr"
assert_eq "linux/amd64 interrupted,linux/arm64 interrupted" \
    "$(jqf "$report" -r '[.targets[] | "\(.target) \(.status)"] | join(",")')" "targets after SIGINT during planning"
assert_eq SIGINT "$(jqf "$report" '.interrupted')" "report: interrupted by"
assert_eq 130 "$(jqf "$report" '.exit_code')" "report exit code"
assert_no_file "$dist" "output directory after SIGINT during planning"
note "list-hang: SIGINT while planning still writes the report"

# Nothing of any run is left in the store's scratch space either.
leftover=$(find "$XBUILD_HOME/tmp" -mindepth 1 -name 'run-*' 2>/dev/null || true)
[[ -z "$leftover" ]] || fail "run directories left in the store: $leftover"
note "ok"
