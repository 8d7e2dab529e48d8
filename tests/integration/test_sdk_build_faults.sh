#!/usr/bin/env bash
# `toolchain build` when make.bash fails or is interrupted: nothing is
# registered, the partial tree is removed, the log's path and last lines are
# printed. Uses a stand-in source tree whose make.bash misbehaves on purpose,
# since the real one cannot be made to fail or hang on demand.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

fake_tree() {
    local tree=$1 script=$2
    mkdir -p "$tree/src"
    echo "go1.99-fake" >"$tree/VERSION"
    printf '#!/usr/bin/env bash\n%s\n' "$script" >"$tree/src/make.bash"
}

note "make.bash fails"
fake_tree "$WORK/failing" 'echo "Building Go cmd/dist"; echo "cmd/dist: boom: something broke" >&2; exit 3'
xb_expect 1 toolchain build --src "$WORK/failing" --name broken
assert_contains "$XB_ERR" "make.bash failed: exit status 3" "stderr"
assert_contains "$XB_ERR" "cmd/dist: boom: something broke" "stderr shows the log's last lines"
assert_contains "$XB_ERR" "$XBUILD_HOME/logs/broken.make.log" "stderr names the log"
assert_file "$XBUILD_HOME/logs/broken.make.log"
assert_no_file "$XBUILD_HOME/sdks/broken" "partial tree"
assert_no_file "$XBUILD_HOME/sdks/broken.json" "registration"
xb_expect 0 toolchain list --json
assert_not_contains "$XB_OUT" '"broken"' "toolchain list"

note "make.bash is interrupted"
marker="xbuild-fake-make-$$"
fake_tree "$WORK/hanging" "echo started; exec -a $marker sleep 300"
"$XBUILD" toolchain build --src "$WORK/hanging" --name hanging >"$WORK/h.out" 2>"$WORK/h.err" &
pid=$!
for _ in $(seq 1 100); do
    pgrep -f "$marker" >/dev/null && break
    sleep 0.1
done
pgrep -f "$marker" >/dev/null || fail "the fake make.bash never started: $(cat "$WORK/h.err")"
kill -INT "$pid"
set +e
wait "$pid"
status=$?
set -e
assert_eq 130 "$status" "exit code after SIGINT"
assert_contains "$(cat "$WORK/h.err")" "interrupted by SIGINT" "stderr"
pgrep -f "$marker" >/dev/null && fail "make.bash survived the interrupt"
assert_no_file "$XBUILD_HOME/sdks/hanging" "partial tree"
assert_no_file "$XBUILD_HOME/sdks/hanging.json" "registration"

note "bad sources"
mkdir -p "$WORK/empty"
xb_expect 1 toolchain build --src "$WORK/empty"
assert_contains "$XB_ERR" "no src/make.bash" "stderr for a tree without make.bash"
xb_expect 1 toolchain build --src "$WORK/failing" --name "../escape"
assert_contains "$XB_ERR" "invalid SDK name" "stderr for a bad name"
xb_expect 2 toolchain remove nothing-here
assert_contains "$XB_ERR" 'no SDK named "nothing-here"' "stderr for remove"
assert_no_temp_files "$XBUILD_HOME"
note "ok"
