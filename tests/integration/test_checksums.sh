#!/usr/bin/env bash
# --checksums: a SHA256SUMS file in the GNU coreutils format that
# `sha256sum -c` verifies, in the output directory by default or where
# --checksums=FILE says (paths relative to that file's directory); a no-op
# run writes it too; a tampered artifact then fails the check; a file that
# cannot be written fails the run with exit 1.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool sha256sum

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
targets=linux/amd64,linux/arm64,windows/amd64

xb_expect 0 -t "$targets" --checksums --json
echo "$XB_OUT" >"$WORK/report.json"
assert_file dist/SHA256SUMS
assert_eq 3 "$(wc -l <dist/SHA256SUMS)" "lines in SHA256SUMS"
(cd dist && sha256sum --strict -c SHA256SUMS >"$WORK/check.out") ||
    fail "sha256sum -c failed: $(cat "$WORK/check.out")"
assert_contains "$(cat dist/SHA256SUMS)" "  hello_windows_amd64.exe" "a path relative to dist/"
for name in hello_linux_amd64 hello_linux_arm64 hello_windows_amd64.exe; do
    expected=$(jqf "$WORK/report.json" --arg n "$name" '.targets[] | select(.output | endswith("/" + $n)) | .sha256')
    assert_contains "$(cat dist/SHA256SUMS)" "$expected  $name" "the report's sha256 of $name"
done
note "default: dist/SHA256SUMS, verified by sha256sum -c"

rm dist/SHA256SUMS
xb_expect 0 -t "$targets" --checksums
assert_contains "$XB_ERR" "all up to date" "a no-op run"
assert_file dist/SHA256SUMS
(cd dist && sha256sum --strict -c SHA256SUMS >/dev/null) || fail "the no-op run's SHA256SUMS does not verify"
note "a no-op run writes it too"

xb_expect 0 -t "$targets" --checksums=release/SUMS
assert_file release/SUMS
assert_contains "$(cat release/SUMS)" "  ../dist/hello_linux_arm64" "a path relative to release/"
(cd release && sha256sum --strict -c SUMS >/dev/null) || fail "sha256sum -c release/SUMS failed"
note "--checksums=FILE: relative to the file's directory"

printf 'x' >>dist/hello_linux_amd64
if (cd dist && sha256sum --strict -c SHA256SUMS >/dev/null 2>&1); then
    fail "sha256sum -c passed with a tampered artifact"
fi
note "a tampered artifact fails the check"

mkdir -p "$WORK/ro"
chmod 0555 "$WORK/ro"
if [[ -w "$WORK/ro" ]]; then
    note "running as a user who can write anywhere; skipping the unwritable case"
else
    xb_expect 1 -t "$targets" --checksums="$WORK/ro/SUMS"
    assert_contains "$XB_ERR" "--checksums" "the error names the flag"
fi
xb_expect 1 -t "$targets" --checksums=/proc/xbuild-no-such-dir/SUMS
assert_contains "$XB_ERR" "xbuild: error: --checksums" "an unwritable checksums file"
note "ok"
