#!/usr/bin/env bash
# --reproducible: the same sources built in two different directories (and
# stores) give byte-identical artifacts for every target;
# without it the two builds differ, since the paths of the sources end up
# in the binaries, so the comparison can fail.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

targets=linux/amd64,linux/arm64,windows/amd64,darwin/arm64
mkdir -p "$WORK/one" "$WORK/two/somewhere/deeper"
cp -r "$XBUILD_SOURCE_DIR/examples/platform" "$WORK/one/platform"
cp -r "$XBUILD_SOURCE_DIR/examples/platform" "$WORK/two/somewhere/deeper/platform"
rm -rf "$WORK"/one/platform/dist "$WORK"/two/somewhere/deeper/platform/dist

# build DIR FLAGS...: builds in DIR with its own store (the Go build cache
# is shared: it never changes what go writes), prints
# "name sha256" per artifact.
build() {
    local dir=$1
    shift
    (
        cd "$dir" || exit 1
        export XBUILD_HOME=$dir.store
        xb_expect 0 -t "$targets" --force --json "$@"
        echo "$XB_OUT" | jq -r '.targets[] | "\(.output | split("/") | last) \(.sha256)"' | sort
    )
}

first=$(build "$WORK/one/platform" --reproducible)
second=$(build "$WORK/two/somewhere/deeper/platform" --reproducible)
assert_eq 4 "$(echo "$first" | wc -l)" "artifacts"
assert_eq "$first" "$second" "sha256 of every artifact, built in two directories"
note "--reproducible: identical bytes for $targets"

plain_first=$(build "$WORK/one/platform")
plain_second=$(build "$WORK/two/somewhere/deeper/platform")
[[ "$plain_first" != "$plain_second" ]] ||
    fail "without --reproducible the two builds were identical too; the test proves nothing"
note "without it they differ"
