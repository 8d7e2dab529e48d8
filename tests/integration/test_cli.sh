#!/usr/bin/env bash
# The command line: subcommands and help, the default target, output
# templates, --os/--arch products, target globs, and flags that reach go.
# Selections that would build dozens of targets use -n --json.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
host="$(go env GOOS)/$(go env GOARCH)"
host_name="$(go env GOOS)_$(go env GOARCH)"

# Prints the sorted targets of a -n --json plan on stdout, one a line.
plan_targets() {
    xb_expect 0 -n --json "$@"
    jq -e . "$WORK/xb.stdout" >/dev/null 2>&1 || fail "-n --json printed no JSON: $XB_OUT"
    jq -r '.jobs[].target' "$WORK/xb.stdout" | sort
}

# Prints the sorted targets of `go tool dist list` that match a jq filter.
dist_targets() {
    go tool dist list -json |
        jq -r ".[] | select($1) | \"\(.GOOS)/\(.GOARCH)\"" | sort
}

# --- version and help ----------------------------------------------------
xb_expect 0 version
assert_contains "$XB_OUT" "xbuild 0.1.0" "version"
assert_contains "$XB_OUT" "$(go env GOVERSION)" "version shows the go version"

xb_expect 0 --help
assert_contains "$XB_OUT$XB_ERR" "targets" "--help lists subcommands"
assert_contains "$XB_OUT$XB_ERR" "version" "--help lists subcommands"
xb_expect 0 build --help
for flag in --os --arch --target --output --ldflags --json --dry-run --fail-fast --jobs; do
    assert_contains "$XB_OUT$XB_ERR" "$flag" "build --help"
done
xb_expect 0 targets --help
assert_contains "$XB_OUT$XB_ERR" "--first-class" "targets --help"
assert_contains "$XB_OUT$XB_ERR" "--cgo" "targets --help"
xb_expect 0 version --help
assert_no_file "$dir/dist" "help and version build nothing"

# Human target list: one known row.
xb_expect 0 targets
assert_contains "$XB_OUT" "linux/amd64" "targets"
assert_contains "$XB_OUT" "windows/arm64" "targets"

# --- default target and default subcommand ------------------------------
xb_expect 0
assert_file "$dir/dist/hello_$host_name" "no selection builds the host target"
assert_eq "hello from $host" "$("$dir/dist/hello_$host_name")" "host binary output"
assert_eq "hello_$host_name" "$(ls "$dir/dist")" "only the host target is built"
rm -rf dist

xb_expect 0 build .
assert_file "$dir/dist/hello_$host_name" "explicit build subcommand and package"
rm -rf dist

# --- output templates ----------------------------------------------------
xb_expect 0 -t linux/amd64,windows/amd64,linux/arm/v6 -o 'out/{{.OS}}-{{.Arch}}{{.Variant}}/{{ .Dir }}'
assert_file "$dir/out/linux-amd64/hello" "custom template"
assert_file "$dir/out/linux-armv6/hello" "custom template with a variant"
assert_file "$dir/out/windows-amd64/hello.exe" "custom template for windows gets .exe"
assert_no_file "$dir/dist" "custom template: nothing in dist/"

# An absolute output template.
xb_expect 0 -t linux/arm64 --output "$WORK/abs/{{.Dir}}-{{.Arch}}"
assert_file "$WORK/abs/hello-arm64" "absolute template"

# Default names with a variant.
xb_expect 0 -n --json -t linux/amd64/v3,linux/arm/v5
assert_eq "$dir/dist/hello_linux_amd64_v3" \
    "$(jq -r '.jobs[] | select(.target == "linux/amd64/v3") | .output' <<<"$XB_OUT")" "amd64/v3 name"
assert_eq v3 "$(jq -r '.jobs[] | select(.target == "linux/amd64/v3") | .env.GOAMD64' <<<"$XB_OUT")" \
    "amd64/v3 GOAMD64"
assert_eq 5 "$(jq -r '.jobs[] | select(.target == "linux/arm/v5") | .env.GOARM' <<<"$XB_OUT")" \
    "arm/v5 GOARM"

# --- selections ----------------------------------------------------------
assert_eq "$(printf '%s\n' linux/amd64 linux/arm64 windows/amd64 windows/arm64)" \
    "$(plan_targets --os linux,windows --arch amd64,arm64)" "--os x --arch"
assert_eq "$(printf '%s\n' linux/amd64 linux/arm64 windows/amd64 windows/arm64)" \
    "$(plan_targets --os 'linux windows' --arch 'amd64 arm64')" "space-separated --os/--arch"
# plan9/arm64 does not exist; the product drops it silently.
assert_eq "$(printf '%s\n' linux/386 linux/arm64 plan9/386)" \
    "$(plan_targets --os linux,plan9 --arch 386,arm64)" "--os x --arch drops missing pairs"

assert_eq "$(dist_targets '.GOOS == "linux" and .GOARCH != "386"')" \
    "$(plan_targets -t 'linux/*' -t '!linux/386')" "linux/* minus linux/386"
assert_eq "$(dist_targets '.GOARCH == "arm64"')" "$(plan_targets -t '*/arm64')" "*/arm64"
assert_eq "$(dist_targets '.FirstClass')" "$(plan_targets -t first-class)" "first-class"
assert_eq "$(dist_targets '.GOOS != "windows"')" "$(plan_targets -t all -t '!windows')" \
    "all minus windows"
assert_eq "$(dist_targets 'true')" "$(plan_targets --target all)" "all"
assert_eq "$(printf '%s\n' darwin/arm64 linux/arm64)" \
    "$(plan_targets -t 'linux/arm64 darwin/arm64' -t linux/arm64)" "duplicates are dropped"
assert_eq "$host" "$(plan_targets)" "-n with no selection plans the host"
assert_no_file "$dir/dist" "dry runs build nothing"

# --- flags that reach go -------------------------------------------------
xb_expect 0 -n --json -t linux/amd64 --ldflags '-s -w' --tags 'netgo osusergo' --trimpath \
    --gcflags 'all=-N -l' -- -v
command=$(jq -c '.jobs[0].command' <<<"$XB_OUT")
assert_contains "$command" '"build"' "command"
assert_contains "$command" '"-v"' "extra args after -- reach go"
assert_contains "$command" '-s -w' "--ldflags reaches go"
assert_contains "$command" 'netgo osusergo' "--tags reaches go"
assert_contains "$command" '"-trimpath"' "--trimpath reaches go"
assert_contains "$command" 'all=-N -l' "--gcflags reaches go"
# The extra args go to `go build`, after the subcommand.
assert_eq true "$(jq '.jobs[0].command | (index("-v") > index("build"))' <<<"$XB_OUT")" \
    "-v after build"
assert_eq linux "$(jq -r '.jobs[0].env.GOOS' <<<"$XB_OUT")" "env.GOOS"
assert_eq 0 "$(jq -r '.jobs[0].env.CGO_ENABLED' <<<"$XB_OUT")" "CGO_ENABLED=0 for now"

# The human dry run shows the command and the environment for each target.
xb_expect 0 -n -t linux/arm64,windows/amd64 -- -v
assert_contains "$XB_OUT$XB_ERR" "GOOS=linux" "-n output"
assert_contains "$XB_OUT$XB_ERR" "GOARCH=arm64" "-n output"
assert_contains "$XB_OUT$XB_ERR" "GOOS=windows" "-n output"
assert_contains "$XB_OUT$XB_ERR" " build " "-n output"
assert_contains "$XB_OUT$XB_ERR" " -v" "-n output shows extra args"
assert_no_file "$dir/dist" "-n builds nothing"

# The extra args really reach go: a file that only a build with the tag
# compiles in changes what the program prints.
rm -rf "$dir/out"
printf '//go:build xbuild_extra\n\npackage main\n\nimport "fmt"\n\nfunc init() { fmt.Println("extra tag") }\n' \
    >"$dir/extra.go"
xb_expect 0 -t "$host" -o 'out/{{.Dir}}' -- -tags=xbuild_extra
assert_contains "$("$dir/out/hello")" "extra tag" "a build with -- -tags=xbuild_extra"
rm -f "$dir/extra.go"

# --- --go and -j ---------------------------------------------------------
xb_expect 0 -n --json -t linux/amd64 --go "$(command -v go)"
xb_expect 2 -t linux/amd64 --go "$WORK/no-such-go"
assert_contains "$XB_ERR" "no-such-go" "--go with a missing binary"
xb_expect 2 -t linux/amd64 -j many

# --- several packages in one module: {{.Dir}} names each ----------------
multi="$WORK/multi"
mkdir -p "$multi/cmd/alpha" "$multi/cmd/beta"
printf 'module example.com/multi\n\ngo 1.19\n' >"$multi/go.mod"
for p in alpha beta; do
    printf 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("%s") }\n' "$p" \
        >"$multi/cmd/$p/main.go"
done
cd "$multi" || fail "cannot cd to $multi"
xb_expect 0 -t linux/amd64,linux/arm64 ./cmd/alpha ./cmd/beta
for p in alpha beta; do
    assert_eq "$p" "$("$multi/dist/${p}_linux_amd64")" "$p output"
    assert_file "$multi/dist/${p}_linux_arm64"
done
xb_expect 2 -t linux/amd64,linux/arm64 -o 'dist/{{.OS}}_{{.Arch}}' ./cmd/alpha ./cmd/beta
assert_contains "$XB_ERR" "example.com/multi/cmd/alpha" "collision between packages"
assert_no_temp_files "$WORK"

note "ok"
