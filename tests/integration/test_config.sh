#!/usr/bin/env bash
# Project configuration: xbuild.json in the module root sets targets, output,
# ldflags, tags, env and per-target overrides; XBUILD_* variables beat the
# file and flags beat both; `xbuild config` shows each value's source; a bad
# file is exit 2 with FILE:LINE:COLUMN and nothing built; editing what the
# file says rebuilds a no-op run, reformatting it does not.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
cat >stamp.go <<'EOF_GO'
package main

import (
	"fmt"
	"os"
)

var version = "dev"
var tagged = "untagged"

func init() {
	if len(os.Args) > 1 && os.Args[1] == "-version" {
		fmt.Println(version, tagged)
		os.Exit(0)
	}
}
EOF_GO
cat >tagged.go <<'EOF_GO'
//go:build cfgtag

package main

// A variable, not init: stamp.go's init, which prints, runs first.
var _ = func() bool { tagged = "tagged"; return true }()
EOF_GO

# A go that records, for each build and go list, the target and what the
# configuration's "env" put into its environment.
real_go=$(command -v go)
mkdir -p "$WORK/bin"
go_log=$WORK/go.log
cat >"$WORK/bin/go" <<WRAPPER
#!/bin/sh
case "\$1" in build|list) echo "\$1 \$GOOS/\$GOARCH CFG_PROBE=\${CFG_PROBE:-unset}" >>"$go_log" ;; esac
exec "$real_go" "\$@"
WRAPPER
chmod +x "$WORK/bin/go"
export XBUILD_GO=$WORK/bin/go

write_config() {
    cat >xbuild.json <<'EOF_JSON'
{
  "targets": ["linux/amd64", "linux/arm64", "windows/amd64"],
  "output": "out/{{.Dir}}-{{.OS}}-{{.Arch}}",
  "ldflags": "-X main.version=1.2.3-cfg",
  "tags": ["cfgtag"],
  "jobs": 2,
  "env": {"CFG_PROBE": "from-config"},
  "overrides": [
    {"targets": ["windows"], "output": "out/win/{{.Dir}}-{{.Arch}}",
     "ldflags": "-X main.version=1.2.3-win", "env": {"CFG_PROBE": "from-override"}}
  ]
}
EOF_JSON
}
write_config

: >"$go_log"
xb_expect 0 --json
echo "$XB_OUT" >"$WORK/report.json"
assert_eq 3 "$(jqf "$WORK/report.json" '.counts.ok')" "targets built from the file's list"
assert_file out/hello-linux-amd64
assert_file out/hello-linux-arm64
assert_file out/win/hello-amd64.exe "the windows override's output"
assert_no_file dist "the default output directory"
assert_eq "1.2.3-cfg tagged" "$(out/hello-linux-amd64 -version)" "the stamped version and the tag"
grep -qa "1.2.3-cfg" out/hello-linux-arm64 || fail "linux/arm64 lacks the file's ldflags"
grep -qa "1.2.3-win" out/win/hello-amd64.exe || fail "windows/amd64 lacks the override's ldflags"
! grep -qa "1.2.3-cfg" out/win/hello-amd64.exe || fail "windows/amd64 has the top-level ldflags"
assert_contains "$(cat "$go_log")" "build linux/amd64 CFG_PROBE=from-config" "env reaching go build"
assert_contains "$(cat "$go_log")" "build windows/amd64 CFG_PROBE=from-override" "the override's env"
# The main-package listing and the cgo scans hear the file's env too.
grep -q "^list " "$go_log" || fail "no go list was run: $(cat "$go_log")"
assert_not_contains "$(grep "^list " "$go_log")" "CFG_PROBE=unset" "go list's environment"
note "the file's targets, output, ldflags, tags and env, and a windows override, reach go build"

xb_expect 0 --json
assert_contains "$XB_ERR" "all up to date" "an unchanged file: a no-op"
# Layout is not content: the same settings, reformatted, stay a no-op.
jq . xbuild.json >"$WORK/reformatted.json" && mv "$WORK/reformatted.json" xbuild.json
xb_expect 0
assert_contains "$XB_ERR" "all up to date" "a reformatted file"
sed -i 's/1.2.3-cfg/1.2.4-cfg/' xbuild.json
xb_expect 0
assert_not_contains "$XB_ERR" "all up to date" "an edited file"
assert_eq "1.2.4-cfg tagged" "$(out/hello-linux-amd64 -version)" "after editing the ldflags"
write_config
xb_expect 0
note "editing xbuild.json rebuilds, reformatting it does not"

rm -rf out
XBUILD_TARGETS=linux/amd64 XBUILD_LDFLAGS="-X main.version=from-env" xb_expect 0 --json
echo "$XB_OUT" >"$WORK/report.json"
assert_eq "linux/amd64" "$(jqf "$WORK/report.json" '[.targets[].target] | join(",")')" "XBUILD_TARGETS over the file"
assert_eq "from-env tagged" "$(out/hello-linux-amd64 -version)" "XBUILD_LDFLAGS over the file"
XBUILD_TARGETS=linux/amd64 XBUILD_LDFLAGS="-X main.version=from-env" \
    xb_expect 0 --json -t windows/amd64 --ldflags "-X main.version=from-flag" --tags ""
echo "$XB_OUT" >"$WORK/report.json"
assert_eq "windows/amd64" "$(jqf "$WORK/report.json" '[.targets[].target] | join(",")')" "-t over both"
grep -qa "from-flag" out/win/hello-amd64.exe || fail "--ldflags did not beat XBUILD_LDFLAGS and the override"
XBUILD_TARGETS=linux/amd64 xb_expect 0 --tags "" --ldflags "-X main.version=from-flag"
assert_eq "from-flag untagged" "$(out/hello-linux-amd64 -version)" "an empty --tags over the file's"
note "XBUILD_* beat the file, flags beat both (an override included)"

xb_expect 0 config
assert_contains "$XB_OUT" "file      xbuild.json" "config's file line"
assert_contains "$(grep '^ldflags' <<<"$XB_OUT")" "xbuild.json:4:14" "the ldflags source"
assert_contains "$(grep '^jobs' <<<"$XB_OUT")" "xbuild.json:6:11" "the jobs source"
assert_contains "$(grep '^trimpath' <<<"$XB_OUT")" "default" "the trimpath source"
assert_contains "$XB_OUT" "override  windows" "the override"
XBUILD_JOBS=1 xb_expect 0 config --json
assert_eq "1 XBUILD_JOBS" "$(jq -r '.settings.jobs | "\(.value) \(.source)"' <<<"$XB_OUT")" "XBUILD_JOBS over the file"
XBUILD_JOBS=1 xb_expect 0 config --json -j 3 -t linux/arm64
assert_eq "3 --jobs" "$(jq -r '.settings.jobs | "\(.value) \(.source)"' <<<"$XB_OUT")" "-j over XBUILD_JOBS"
assert_eq '["linux/arm64"] --target' "$(jq -c '.settings.targets.value' <<<"$XB_OUT") $(jq -r '.settings.targets.source' <<<"$XB_OUT")" "config -t"
XBUILD_TRIMPATH=1 xb_expect 0 config --json --trimpath=false
assert_eq "false --trimpath" "$(jq -r '.settings.trimpath | "\(.value) \(.source)"' <<<"$XB_OUT")" "--trimpath=false over XBUILD_TRIMPATH"
XBUILD_TRIMPATH=0 xb_expect 0 config --json --trimpath
assert_eq "true --trimpath" "$(jq -r '.settings.trimpath | "\(.value) \(.source)"' <<<"$XB_OUT")" "a bare --trimpath"
XBUILD_TRIMPATH=1 xb_expect 0 config --json
assert_eq "true XBUILD_TRIMPATH" "$(jq -r '.settings.trimpath | "\(.value) \(.source)"' <<<"$XB_OUT")" "no --trimpath: the variable"
xb_expect 0 config --json --for windows/amd64
assert_eq "-X main.version=1.2.3-win" "$(jq -r '.settings.ldflags.value' <<<"$XB_OUT")" "the override, for windows"
assert_eq "xbuild.json:10:17" "$(jq -r '.settings.ldflags.source' <<<"$XB_OUT")" "the override's source"
assert_eq "xbuild.json:9:5" "$(jq -r '.applied_overrides[0]' <<<"$XB_OUT")" "the applied override"
note "xbuild config shows values and sources"

# Bad files: exit 2, the place, nothing built.
rm -rf out
bad_config() {
    printf '%s\n' "$@" >xbuild.json
    xb_expect 2 -v
    assert_no_file out "a build from a bad file"
    assert_eq "" "$XB_OUT" "stdout of a bad-file run"
}
bad_config '{' '  "targets": ["linux/amd64"],' '  "output": "out/x",' '  "ldflag": "-s"' '}'
assert_contains "$XB_ERR" 'xbuild: error: xbuild.json:4:3: unknown key "ldflag" (did you mean "ldflags"?)' "unknown key"
bad_config '{' '  "targets": ["linux/amd64"],' '  "output": "out/x",' '  "jobs": "2"' '}'
assert_contains "$XB_ERR" 'xbuild.json:4:11: "jobs" must be a positive integer, not a string' "a wrong type"
bad_config '{' '  "targets": ["linux/amd64",]' '}'
assert_contains "$XB_ERR" "xbuild.json:2:29: syntax error" "a syntax error"
bad_config '{' '  "targets": ["linux/amd64", "linx/arm64"],' '  "output": "out/x"' '}'
assert_contains "$XB_ERR" 'xbuild.json:2:30: unknown target "linx/arm64" (did you mean "linux/arm64"?)' "an unknown target"
xb_expect 2 config
assert_contains "$XB_ERR" "xbuild.json:2:30" "xbuild config on a bad file"
write_config
XBUILD_JOBS=many xb_expect 2
assert_contains "$XB_ERR" 'XBUILD_JOBS "many": expected a positive integer' "a bad XBUILD_JOBS"
XBUILD_TRIMPATH=yes xb_expect 2 config
assert_contains "$XB_ERR" 'XBUILD_TRIMPATH "yes"' "a bad XBUILD_TRIMPATH"
xb_expect 2 --config missing.json
assert_contains "$XB_ERR" "--config " "a missing --config file"
assert_contains "$XB_ERR" "/missing.json: no such file" "a missing --config file"
assert_no_file out "builds from bad settings"
note "bad files and values: exit 2 with their place, nothing built"

# "cc" per target, and a --cc for that target beating it.
if command -v aarch64-linux-gnu-gcc >/dev/null 2>&1; then
    cgo_dir=$(copy_example cgo)
    cd "$cgo_dir" || fail "cannot cd to $cgo_dir"
    for name in cc-from-file cc-from-flag; do
        cat >"$WORK/bin/$name" <<WRAPPER
#!/bin/sh
echo "\$*" >>"$WORK/$name.log"
exec aarch64-linux-gnu-gcc "\$@"
WRAPPER
        chmod +x "$WORK/bin/$name"
    done
    printf '{"targets": ["linux/arm64"], "cgo": "on",\n "cc": {"linux/arm64": "%s"}}\n' "$WORK/bin/cc-from-file" >xbuild.json
    xb_expect 0 --json
    assert_eq "xbuild.json:2:24" "$(jq -r '.targets[0].cgo.cc_origin' <<<"$XB_OUT")" "the compiler's origin"
    [[ -s "$WORK/cc-from-file.log" ]] || fail "the file's cc did not compile anything"
    xb_expect 0 --json --cc "linux/arm64=$WORK/bin/cc-from-flag"
    assert_eq "--cc" "$(jq -r '.targets[0].cgo.cc_origin' <<<"$XB_OUT")" "--cc over the file's"
    [[ -s "$WORK/cc-from-flag.log" ]] || fail "--cc did not compile anything"
    cd "$dir"
    note "the file's cc reaches cgo builds; --cc for the target beats it"
else
    note "aarch64-linux-gnu-gcc is not installed: the cc check is left out"
fi

# --config and XBUILD_CONFIG name another file; a missing implicit one is no configuration.
printf '{"targets": ["linux/amd64"], "output": "alt/{{.Dir}}"}\n' >"$WORK/alt.json"
xb_expect 0 --config "$WORK/alt.json"
assert_file alt/hello
XBUILD_CONFIG=$WORK/alt.json xb_expect 0 config --json
assert_eq "alt/{{.Dir}}" "$(jq -r '.settings.output.value' <<<"$XB_OUT")" "XBUILD_CONFIG"
mkdir -p sub && cd sub
xb_expect 0 config --json
assert_eq "../xbuild.json" "$(jq -r '.file' <<<"$XB_OUT")" "xbuild.json found from a subdirectory"
cd "$dir"
rm xbuild.json
xb_expect 0 config --json
assert_eq "null default" "$(jq -r '"\(.file) \(.settings.targets.source)"' <<<"$XB_OUT")" "no xbuild.json"
note "ok"
