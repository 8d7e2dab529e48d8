#!/usr/bin/env bash
# cgo: a package graph that needs cgo is built with a C cross-compiler that
# really targets the platform, or refused before anything runs; std-only
# programs are never refused; --cgo off builds the pure-Go fallback with a
# warning; a wrong-architecture --cc is rejected by the probe. Uses real Go,
# real cross compilers, qemu-user, and Debian's go-pointer/go-sqlite3 sources.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool qemu-aarch64 aarch64-linux-gnu-gcc x86_64-w64-mingw32-gcc file

# Runs an arm64 binary under qemu-user. With Debian multiarch's libc6:arm64
# installed, the loader is found natively and -L must not be given: mixing
# the multiarch glibc with the cross sysroot's can hang qemu.
run_arm64() {
    if [[ -e /lib/ld-linux-aarch64.so.1 ]]; then
        qemu-aarch64 "$@"
    else
        qemu-aarch64 -L /usr/aarch64-linux-gnu "$@"
    fi
}

note "a main package that uses cgo directly"
dir=$(copy_example cgo)
cd "$dir" || fail "cannot cd to $dir"
xb_expect 0 -t linux/arm64,windows/amd64 --json
echo "$XB_OUT" >"$WORK/cgo.json"
assert_eq true "$(jqf "$WORK/cgo.json" '[.targets[].cgo.enabled] | all')" "cgo enabled for both"
assert_eq aarch64-linux-gnu-gcc \
    "$(jqf "$WORK/cgo.json" '.targets[] | select(.target == "linux/arm64") | .cgo.cc')" "linux/arm64 compiler"
assert_eq x86_64-w64-mingw32-gcc \
    "$(jqf "$WORK/cgo.json" '.targets[] | select(.target == "windows/amd64") | .cgo.cc')" "windows compiler"
assert_contains "$(file dist/cgo_windows_amd64.exe)" "PE32+ executable" "windows artifact"
assert_contains "$(file dist/cgo_windows_amd64.exe)" "x86-64" "windows artifact"
out=$(run_arm64 dist/cgo_linux_arm64) || fail "arm64 cgo binary failed: $out"
assert_contains "$out" "cgo: linux/arm64, 2+3=5 in C, built by gcc" "arm64 cgo binary output"

note "cgo only in a dependency that has a !cgo stub (the dangerous case)"
dir=$(copy_example fixtures/cgo_dep)
cd "$dir" || fail "cannot cd to $dir"
xb_expect 1 -t linux/arm64,darwin/arm64 --json
echo "$XB_OUT" >"$WORK/dep.json"
assert_eq refused "$(jqf "$WORK/dep.json" '.targets[] | select(.target == "darwin/arm64") | .status')" \
    "darwin/arm64 status"
refusal=$(jqf "$WORK/dep.json" '.targets[] | select(.target == "darwin/arm64") | .error')
assert_contains "$refusal" "example.com/cgodep/store" "refusal names the package"
assert_contains "$refusal" "store.go" "refusal names the cgo file"
assert_contains "$refusal" "example.com/cgodep → example.com/cgodep/store" "refusal shows the import chain"
assert_contains "$refusal" "--cc darwin/arm64=CMD" "refusal suggests --cc"
assert_contains "$refusal" "--cgo off" "refusal suggests --cgo off"
assert_eq 1 "$(jqf "$WORK/dep.json" '.counts.refused')" "refused count"
assert_no_file dist/cgo_dep_darwin_arm64 "refused target's artifact"
assert_contains "$XB_ERR" "REFUSED" "human output"
out=$(run_arm64 dist/cgo_dep_linux_arm64) || fail "arm64 binary failed: $out"
assert_contains "$out" "c-backed store" "the arm64 build used the C implementation"

note "--cgo off builds the stub on purpose, with a warning"
xb_expect 0 -t linux/arm64,darwin/arm64 --cgo off --json
echo "$XB_OUT" >"$WORK/off.json"
assert_contains "$(jqf "$WORK/off.json" '.targets[0].cgo.warning')" "example.com/cgodep/store" "warning"
assert_contains "$XB_ERR" "warning: darwin/arm64: --cgo off" "human warning"
set +e
out=$(run_arm64 dist/cgo_dep_linux_arm64 2>&1)
status=$?
set -e
[[ $status != 0 ]] || fail "the pure-Go fallback should panic at run time, it printed: $out"
assert_contains "$out" "store requires cgo" "the stub's panic"

note "a wrong-architecture compiler is rejected by the probe"
xb_expect 1 -t linux/arm64 --cc linux/arm64=gcc --json
echo "$XB_OUT" >"$WORK/wrong.json"
assert_eq refused "$(jqf "$WORK/wrong.json" '.targets[0].status')" "status with --cc gcc"
assert_contains "$(jqf "$WORK/wrong.json" '.targets[0].error')" "does not target linux/arm64" "probe message"
assert_contains "$(jqf "$WORK/wrong.json" '.targets[0].error')" "amd64" "probe says what gcc targets"
xb_expect 2 -t linux/arm64 --cc 'linux/arm64=gcc "unterminated'
xb_expect 2 -t linux/arm64 --cgo sometimes

note "standard-library cgo packages (net, os/user) never need a compiler"
dir=$(copy_example fixtures/stdcgo)
cd "$dir" || fail "cannot cd to $dir"
xb_expect 0 -t linux/arm64,darwin/arm64,windows/amd64 --json
echo "$XB_OUT" >"$WORK/std.json"
assert_eq false "$(jqf "$WORK/std.json" '[.targets[].cgo.enabled] | any')" "cgo enabled for a std-only program"
assert_eq 0 "$(jqf "$WORK/std.json" '[.targets[].cgo.packages[]] | length')" "packages needing cgo"

note "--cgo on with no compiler for the target refuses"
dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
xb_expect 1 -t darwin/arm64 --cgo on --json
echo "$XB_OUT" >"$WORK/on.json"
assert_eq refused "$(jqf "$WORK/on.json" '.targets[0].status')" "--cgo on status"

note "Debian's go-pointer (GOPATH mode)"
[[ -d /usr/share/gocode/src/github.com/mattn/go-pointer ]] ||
    skip "golang-github-mattn-go-pointer-dev is not installed (bash .ci/install-deps installs it)"
gopath="$WORK/gopath"
app="$gopath/src/example.com/usepointer"
mkdir -p "$app"
cat >"$app/main.go" <<'GO'
package main

import (
	"fmt"

	pointer "github.com/mattn/go-pointer"
)

func main() {
	p := pointer.Save("kept across C")
	fmt.Println("go-pointer:", pointer.Restore(p).(string))
	pointer.Unref(p)
}
GO
cd "$app" || fail "cannot cd to $app"
export GO111MODULE=off GOPATH="$gopath:/usr/share/gocode"
xb_expect 0 -t linux/arm64,windows/amd64 --json
echo "$XB_OUT" >"$WORK/pointer.json"
assert_eq github.com/mattn/go-pointer \
    "$(jqf "$WORK/pointer.json" '.targets[0].cgo.packages[0].package')" "cgo package found in GOPATH mode"
assert_contains "$(file dist/usepointer_windows_amd64.exe)" "PE32+ executable" "windows go-pointer artifact"
out=$(run_arm64 dist/usepointer_linux_arm64) || fail "go-pointer arm64 failed: $out"
assert_contains "$out" "go-pointer: kept across C" "go-pointer under qemu"

# Without any cross compiler on PATH, plain go build fails with
# "undefined: pointer.Save"; xbuild refuses and says why.
mkdir -p "$WORK/bin"
ln -s "$(command -v go)" "$WORK/bin/go"
set +e
PATH="$WORK/bin" "$XBUILD" -t linux/arm64 --json >"$WORK/nocc.json" 2>"$WORK/nocc.err"
status=$?
set -e
assert_eq 1 "$status" "exit code without a compiler ($(cat "$WORK/nocc.err"))"
assert_eq refused "$(jqf "$WORK/nocc.json" '.targets[0].status')" "go-pointer without a compiler"
assert_contains "$(jqf "$WORK/nocc.json" '.targets[0].error')" "gcc-aarch64-linux-gnu" "install hint"

note "Debian's go-sqlite3: plain go build succeeds without cgo; xbuild refuses"
[[ -d /usr/share/gocode/src/github.com/mattn/go-sqlite3 ]] ||
    skip "golang-github-mattn-go-sqlite3-dev is not installed (bash .ci/install-deps installs it)"
app="$gopath/src/example.com/usesqlite"
mkdir -p "$app"
cat >"$app/main.go" <<'GO'
package main

import (
	"database/sql"
	"fmt"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	db, err := sql.Open("sqlite3", ":memory:")
	if err == nil {
		var version string
		err = db.QueryRow("select sqlite_version()").Scan(&version)
		fmt.Println("sqlite", version)
	}
	if err != nil {
		fmt.Println("error:", err)
	}
}
GO
cd "$app" || fail "cannot cd to $app"
GOOS=darwin GOARCH=arm64 go build -o "$WORK/plain-sqlite" . || fail "plain go build was expected to succeed"
xb_expect 1 -t darwin/arm64 --json
echo "$XB_OUT" >"$WORK/sqlite.json"
assert_eq refused "$(jqf "$WORK/sqlite.json" '.targets[0].status')" "go-sqlite3 for darwin/arm64"
assert_contains "$(jqf "$WORK/sqlite.json" '.targets[0].error')" "github.com/mattn/go-sqlite3" "refusal"

note "go-sqlite3 for linux/arm64 against Debian multiarch's libsqlite3-dev:arm64"
[[ -e /usr/lib/aarch64-linux-gnu/libsqlite3.so ]] ||
    skip "libsqlite3-dev:arm64 is not installed (bash .ci/install-deps adds the arm64 architecture)"
xb_expect 0 -t linux/arm64 --json
echo "$XB_OUT" >"$WORK/sqlite-arm64.json"
assert_eq true "$(jqf "$WORK/sqlite-arm64.json" '.targets[0].cgo.enabled')" "cgo for go-sqlite3"
assert_eq github.com/mattn/go-sqlite3 \
    "$(jqf "$WORK/sqlite-arm64.json" '.targets[0].cgo.packages[0].package')" "the cgo package"
out=$(run_arm64 dist/usesqlite_linux_arm64) || fail "go-sqlite3 arm64 binary failed: $out"
assert_contains "$out" "sqlite 3." "SQLite version printed under qemu"
assert_no_temp_files "$WORK"
note "ok"
