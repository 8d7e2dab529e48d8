#!/usr/bin/env bash
# The go list cache: after an edit inside a function body (the incremental
# case) the main-package listing and every target's cgo scan are answered
# from the store, and go list does not run; an edit to the imports, here
# adding cgo, changes the import graph key, so go list runs again and the
# new cgo dependency is seen (and built with the cross compiler); --force
# always asks go.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool aarch64-linux-gnu-gcc

make_logging_go

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
targets=linux/amd64,linux/arm64

go_lists() { awk '$2 == "list"' "$go_log" | wc -l; }

: >"$go_log"
xb_expect 0 --go "$go_wrapper" -t "$targets" -v
(($(go_lists) >= 3)) || fail "a first run must ask go list (main packages and 2 scans): $(cat "$go_log")"

echo '// a comment at the end: no import changes' >>main.go
: >"$go_log"
xb_expect 0 --go "$go_wrapper" -t "$targets" -v --json
assert_eq 0 "$(go_lists)" "go list runs after a function-body edit"
assert_contains "$XB_ERR" "3 go query answers from the cache" "-v output"
echo "$XB_OUT" >"$WORK/body.json"
assert_eq 2 "$(jqf "$WORK/body.json" '.counts.ok')" "targets built after a body edit"
note "a body edit: no go list"

cat >cgo.go <<'EOF_GO'
package main

// static int answer(void) { return 42; }
import "C"

func init() { _ = C.answer() }
EOF_GO
: >"$go_log"
xb_expect 0 --go "$go_wrapper" -t "$targets" -v --json
(($(go_lists) >= 3)) || fail "a new import \"C\" must make go list run again: $(cat "$go_log")"
assert_not_contains "$XB_ERR" "answers from the cache" "-v output after an import change"
echo "$XB_OUT" >"$WORK/cgo.json"
assert_eq true "$(jqf "$WORK/cgo.json" '.targets[] | select(.target == "linux/arm64") | .cgo.enabled')" \
    "cgo seen for linux/arm64 after the edit"
note "an import edit: go list again, and the new cgo is seen"

echo '// again' >>main.go
: >"$go_log"
xb_expect 0 --go "$go_wrapper" -t "$targets" --force
(($(go_lists) >= 3)) || fail "--force must ask go list: $(cat "$go_log")"
note "ok"
