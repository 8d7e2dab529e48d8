#!/usr/bin/env bash
# Release stamping: -o and --ldflags templates take {{.Version}} (git
# describe --tags --always --dirty, or --version-string), {{.Commit}} and
# {{.Date}} (SOURCE_DATE_EPOCH, else the commit's date); the binary prints
# what -X stamped into it. A new tag on unchanged sources rebuilds; outside
# git without --version-string it is a clear usage error.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool git

dir=$WORK/stamped
mkdir -p "$dir"
cd "$dir" || fail "cannot cd to $dir"
printf 'module example.com/stamped\n\ngo 1.19\n' >go.mod
cat >main.go <<'EOF_GO'
package main

import "fmt"

var version, commit, date = "dev", "none", "unknown"

func main() { fmt.Println(version, commit, date) }
EOF_GO
git_() { git -c user.name=xbuild -c user.email=xbuild@localhost -c init.defaultBranch=main "$@" >/dev/null 2>&1; }
git_ init .
echo dist/ >.gitignore
git_ add .
GIT_COMMITTER_DATE='2024-12-04T08:13:20Z' git_ commit -m one
git_ tag v1.2.3
commit=$(git rev-parse HEAD)

ldflags='-X main.version={{.Version}} -X main.commit={{.Commit}} -X main.date={{.Date}}'
xb_expect 0 -t linux/amd64 --ldflags "$ldflags" -o 'dist/{{.Dir}}_{{.Version}}_{{.OS}}_{{.Arch}}'
assert_file dist/stamped_v1.2.3_linux_amd64
assert_eq "v1.2.3 $commit 2024-12-04T08:13:20Z" "$(dist/stamped_v1.2.3_linux_amd64)" "the stamped binary's output"
note "{{.Version}} from the tag, {{.Commit}}, {{.Date}} from the commit"

xb_expect 0 -t linux/amd64 --ldflags "$ldflags"
assert_eq "v1.2.3 $commit 2024-12-04T08:13:20Z" "$(dist/stamped_linux_amd64)" "the default output"
xb_expect 0 -t linux/amd64 --ldflags "$ldflags"
assert_contains "$XB_ERR" "all up to date" "the same commit and tag: a no-op"
# A release commit that changes no file, tagged.
GIT_COMMITTER_DATE='2024-12-05T00:00:00Z' git_ commit --allow-empty -m release
git_ tag v1.2.4
commit=$(git rev-parse HEAD)
xb_expect 0 -t linux/amd64 --ldflags "$ldflags"
assert_not_contains "$XB_ERR" "all up to date" "a new tag on unchanged sources"
assert_eq "v1.2.4 $commit 2024-12-05T00:00:00Z" "$(dist/stamped_linux_amd64)" "after a new tag"

echo '// edited' >>main.go
SOURCE_DATE_EPOCH=0 xb_expect 0 -t linux/amd64 --ldflags "$ldflags"
assert_eq "v1.2.4-dirty $commit 1970-01-01T00:00:00Z" "$(dist/stamped_linux_amd64)" "dirty, with SOURCE_DATE_EPOCH"

xb_expect 0 -t linux/amd64 --ldflags "$ldflags" --version-string 9.9.9
assert_contains "$(dist/stamped_linux_amd64)" "9.9.9 $commit" "--version-string"
note "a new tag, a dirty tree, SOURCE_DATE_EPOCH, --version-string"

rm -rf .git
xb_expect 2 -t linux/amd64 --ldflags "$ldflags"
assert_contains "$XB_ERR" "pass --version-string" "outside git"
xb_expect 0 -t linux/amd64 --ldflags "$ldflags" --version-string 1.0.0
assert_contains "$(dist/stamped_linux_amd64)" "1.0.0 unknown" "outside git with --version-string"
SOURCE_DATE_EPOCH=soon xb_expect 2 -t linux/amd64 --ldflags "$ldflags" --version-string 1.0.0
assert_contains "$XB_ERR" 'SOURCE_DATE_EPOCH "soon"' "a malformed SOURCE_DATE_EPOCH"
xb_expect 2 -t linux/amd64 --ldflags '-X main.version={{.Verison}}' --version-string 1.0.0
assert_contains "$XB_ERR" "--ldflags" "an unknown field in --ldflags"
note "ok"
