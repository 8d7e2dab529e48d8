#!/usr/bin/env bash
# Output for people and for programs, as a terminal, a pipe and a follower
# see it: under a pseudo-terminal (script(1)) the live status line is drawn
# and overprinted, cut to the terminal's width, with colour; NO_COLOR drops
# the colour, TERM=dumb and pipes get plain lines without a single escape
# code, CLICOLOR_FORCE colours a pipe; -q leaves errors and the summary; a
# long step says it is alive; --json-events streams one JSON object a line.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool script

app=$(copy_example hello)
cd "$app" || fail "cannot cd to $app"
targets=linux/amd64,linux/arm64,windows/amd64
esc=$'\x1b'

# Runs xbuild under a pseudo-terminal 60 columns wide; what the terminal got
# lands in $WORK/tty.log (script's typescript: stdout and stderr together).
on_terminal() {
    local quoted
    quoted=$(printf '%q ' "$XBUILD" "$@")
    rm -f "$WORK/tty.log"
    script -qec "stty cols 60 rows 20; $quoted" "$WORK/tty.log" >/dev/null </dev/null ||
        fail "xbuild $* failed under a terminal: $(tr -d '\033' <"$WORK/tty.log" | tail -5)"
    tty_log=$(cat "$WORK/tty.log")
}

# Every overprinted live line ("\r...\e[K") the terminal got, one a line.
live_lines() {
    grep -ao $'\r\\[[0-9]*/[0-9]*\\][^\r\x1b]*\x1b\\[K' "$WORK/tty.log" | tr -d '\r' | sed "s/${esc}\\[K\$//" || true
}

note "terminal: live line, cut to 60 columns, and colour"
TERM=xterm on_terminal -t "$targets" --force
lines=$(live_lines)
[[ -n "$lines" ]] || fail "no live status line on a terminal: $(tr -d '\033' <"$WORK/tty.log")"
assert_contains "$lines" "[0/3] " "the live lines"
assert_contains "$lines" " build " "the live lines"
widest=$(echo "$lines" | sed 's/·/./g' | awk '{ n = length($0); if (n > max) max = n } END { print max }')
((widest <= 59)) || fail "a live line is $widest columns wide on a 60-column terminal: $lines"
# A fresh store: the live line showed the bootstraps too.
assert_contains "$lines" "linux/arm64 bootstrap" "the live lines"
assert_contains "$tty_log" "${esc}[32mok${esc}[0m" "the terminal output (colour)"
assert_contains "$tty_log" "3 targets: 3 ok" "the terminal output"
# The last thing left on the screen is the summary, not a stale live line.
last=$(tr -d '\r' <"$WORK/tty.log" | sed "s/${esc}\\[K//g" | grep -a . | grep -av "^Script " | tail -1)
assert_contains "$last" "3 targets: 3 ok" "the last line on the terminal"

note "terminal with NO_COLOR: the live line stays, the colour goes"
TERM=xterm NO_COLOR=1 on_terminal -t "$targets" --force
[[ -n "$(live_lines)" ]] || fail "NO_COLOR removed the live line"
[[ "$tty_log" != *"${esc}[3"* && "$tty_log" != *"${esc}[1;3"* ]] || fail "colour codes despite NO_COLOR"

note "terminal with TERM=dumb: plain lines only"
TERM=dumb on_terminal -t "$targets" --force
assert_not_contains "$tty_log" "$esc" "the TERM=dumb output"
assert_contains "$tty_log" "3 targets: 3 ok" "the TERM=dumb output"

note "a pipe: plain lines, no escape codes; CLICOLOR_FORCE colours it"
TERM=xterm xb_expect 0 -t "$targets" --force
assert_not_contains "$XB_ERR" "$esc" "stderr into a file"
assert_not_contains "$XB_ERR" $'\r' "stderr into a file"
assert_contains "$XB_ERR" "linux/arm64" "stderr into a file"
CLICOLOR_FORCE=1 xb_expect 0 -t "$targets" --force
assert_contains "$XB_ERR" "${esc}[32mok${esc}[0m" "stderr with CLICOLOR_FORCE"
assert_not_contains "$XB_ERR" $'\r' "stderr with CLICOLOR_FORCE (no live line off a terminal)"
CLICOLOR_FORCE=1 NO_COLOR=1 xb_expect 0 -t "$targets" --force
assert_not_contains "$XB_ERR" "$esc" "stderr with NO_COLOR beating CLICOLOR_FORCE"

note "-q: only errors and the summary"
xb_expect 0 -q -t "$targets" --force
assert_eq "3 targets: 3 ok" "$(echo "$XB_ERR" | sed 's/ in .*//')" "-q output of a good build"
cat >broken_windows.go <<'EOF_GO'
package main

func broken() { undefined_function() }
EOF_GO
xb_expect 1 -q -t "$targets" --force
assert_contains "$XB_ERR" "FAILED" "-q output of a failing build"
assert_contains "$XB_ERR" "undefined_function" "-q output keeps the failure's log"
assert_not_contains "$XB_ERR" "linux/amd64" "-q output (no ok lines)"
assert_contains "$XB_ERR" "3 targets: 2 ok, 1 failed" "-q output"
TERM=xterm on_terminal -q -t linux/amd64 --force
[[ -z "$(live_lines)" ]] || fail "-q drew a live line"
rm broken_windows.go

note "a long step says it is alive"
FAKE_GO_MODE=slow FAKE_GO_SLEEP=3 FAKE_GO_TARGET=linux/amd64 XBUILD_PROGRESS_INTERVAL=1s \
    xb_expect 0 --go "$XBUILD_SOURCE_DIR/tests/fakes/go" -t linux/amd64 --force
assert_contains "$XB_ERR" "still running: linux/amd64 build " "a slow build's output"
XBUILD_PROGRESS_INTERVAL=often xb_expect 2 -t linux/amd64
assert_contains "$XB_ERR" "XBUILD_PROGRESS_INTERVAL" "a bad interval's error"

note "--json-events: one JSON object a line, in order"
rm -rf "$XBUILD_HOME"  # bootstraps again: their stage events too
xb_expect 0 --json-events -t "$targets" --force
event_file=$WORK/events.jsonl
echo "$XB_OUT" >"$event_file"
while IFS= read -r line; do
    echo "$line" | jq -e 'type == "object" and has("event") and has("time") and has("elapsed_ms")' >/dev/null ||
        fail "not an event: $line"
done <"$event_file"
names=$(jq -r .event "$event_file")
assert_eq run_started "$(echo "$names" | head -1)" "the first event"
assert_eq run_finished "$(echo "$names" | tail -1)" "the last event"
assert_eq 3 "$(echo "$names" | grep -cx target_started)" "target_started events"
assert_eq 3 "$(echo "$names" | grep -cx target_finished)" "target_finished events"
assert_eq '["linux/amd64","linux/arm64","windows/amd64"]' "$(jq -c 'select(.event == "run_started") | .targets' "$event_file")" "run_started targets"
assert_eq 0 "$(jq -r 'select(.event == "run_finished") | .exit_code' "$event_file")" "run_finished exit code"
assert_eq 3 "$(jq -r 'select(.event == "run_finished") | .counts.ok' "$event_file")" "run_finished ok count"
[[ -n "$(jq -r 'select(.event == "stage_finished" and .stage == "bootstrap" and .target == "linux/arm64" and .ok) | .target' "$event_file")" ]] ||
    fail "no finished bootstrap stage for linux/arm64: $names"
# Each target starts before its build stage, which ends before the target does.
for target in linux/amd64 linux/arm64 windows/amd64; do
    order=$(jq -r --arg t "$target" 'select(.target == $t and .event != "stage_started" and .stage != "bootstrap") | .event' "$event_file" | paste -sd' ')
    assert_eq "target_started stage_finished target_finished" "$order" "events of $target"
    sha=$(jq -r --arg t "$target" 'select(.event == "target_finished" and .target == $t) | .sha256' "$event_file")
    assert_eq "$(sha256sum "$(jq -r --arg t "$target" 'select(.event == "target_finished" and .target == $t) | .output' "$event_file")" | cut -d' ' -f1)" "$sha" "sha256 in $target's event"
done
assert_not_contains "$XB_ERR" "{\"event\"" "stderr (events go to stdout)"
assert_contains "$XB_ERR" "3 targets: 3 ok" "stderr beside --json-events"

note "--json-events on a no-op run, with --report for the final report"
xb_expect 0 --json-events --report "$WORK/report.json" -t "$targets"
assert_eq "run_started target_finished target_finished target_finished run_finished" \
    "$(echo "$XB_OUT" | jq -r .event | paste -sd' ')" "no-op events"
assert_eq "true" "$(echo "$XB_OUT" | jq -r 'select(.event == "target_finished") | .up_to_date' | sort -u)" "no-op targets"
assert_eq "true" "$(jqf "$WORK/report.json" .up_to_date)" "the no-op report"
xb_expect 2 --json-events --json -t "$targets"
assert_contains "$XB_ERR" "--report FILE" "the --json-events --json error"
