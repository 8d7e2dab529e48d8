#!/usr/bin/env bash
# The JSON report: its shape, counts, and that every ok artifact's size and
# sha256 are those of the file on disk; --report FILE; -n --json; targets --json.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool sha256sum stat

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
targets=linux/amd64,linux/arm/v7,windows/arm64,darwin/arm64,js/wasm

xb_expect 0 --json --report "$WORK/file-report.json" -t "$targets"
report="$WORK/report.json"
echo "$XB_OUT" >"$report"

# Top-level keys and their types.
assert_eq 1 "$(jqf "$report" '.schema_version')" "schema_version"
assert_eq true "$(jqf "$report" '(.xbuild_version | type) == "string" and (.xbuild_version | length) > 0')" \
    "xbuild_version is a non-empty string"
assert_contains "$(jqf "$report" '.go_version')" "go1." "go_version"
assert_eq "$(go env GOROOT)" "$(jqf "$report" '.goroot')" "goroot"
assert_eq "$(go env GOOS)/$(go env GOARCH)" "$(jqf "$report" '.host')" "host"
assert_eq string "$(jqf "$report" '.started_at | type')" "started_at type"
assert_eq number "$(jqf "$report" '.duration_ms | type')" "duration_ms type"
assert_eq false "$(jqf "$report" '.interrupted')" "interrupted"
for key in total ok failed skipped interrupted timed_out refused; do
    assert_eq number "$(jqf "$report" ".counts.$key | type")" "counts.$key type"
done

# Counts agree with the targets array.
assert_eq 5 "$(jqf "$report" '.targets | length')" "number of targets"
assert_eq 5 "$(jqf "$report" '.counts.total')" "counts.total"
assert_eq 5 "$(jqf "$report" '.counts.ok')" "counts.ok"
assert_eq 0 "$(jqf "$report" '[.counts.failed, .counts.skipped, .counts.interrupted,
    .counts.timed_out, .counts.refused] | add')" "counts of the other statuses"
for status in ok failed skipped interrupted timed_out refused; do
    assert_eq "$(jqf "$report" ".counts.$status")" \
        "$(jqf "$report" "[.targets[] | select(.status == \"$status\")] | length")" \
        "counts.$status against targets[]"
done

# Per-target keys, and size/sha256 against the file on disk.
n=$(jqf "$report" '.targets | length')
for ((i = 0; i < n; i++)); do
    t=".targets[$i]"
    target=$(jqf "$report" "$t.target")
    for key in target os arch variant package status output size sha256 binary duration_ms \
        command env error log; do
        assert_eq true "$(jqf "$report" "$t | has(\"$key\")")" "$target: key $key"
    done
    assert_eq "$target" "$(jqf "$report" "$t | [.os, .arch] + (if .variant != \"\" and .variant != null
        then [.variant] else [] end) | join(\"/\")")" "$target: os/arch/variant"
    assert_eq example.com/hello "$(jqf "$report" "$t.package")" "$target: package"
    output=$(jqf "$report" "$t.output")
    [[ "$output" == /* ]] || fail "$target: output '$output' is not absolute"
    assert_file "$output" "$target"
    assert_eq "$(stat -c %s "$output")" "$(jqf "$report" "$t.size")" "$target: size"
    assert_eq "$(sha256sum "$output" | cut -d' ' -f1)" "$(jqf "$report" "$t.sha256")" "$target: sha256"
    assert_eq array "$(jqf "$report" "$t.command | type")" "$target: command type"
    assert_eq true "$(jqf "$report" "$t.command | index(\"build\") != null")" "$target: command has build"
    assert_eq "${target%%/*}" "$(jqf "$report" "$t.env.GOOS")" "$target: env.GOOS"
    arch=${target#*/}
    assert_eq "${arch%%/*}" "$(jqf "$report" "$t.env.GOARCH")" "$target: env.GOARCH"
    assert_eq string "$(jqf "$report" "$t.binary.description | type")" "$target: binary.description"
done
assert_eq 7 "$(jqf "$report" '.targets[] | select(.target == "linux/arm/v7") | .env.GOARM')" "GOARM"
assert_eq wasm "$(jqf "$report" '.targets[] | select(.target == "js/wasm") | .binary.format')" \
    "js/wasm binary.format"
assert_eq pe "$(jqf "$report" '.targets[] | select(.target == "windows/arm64") | .binary.format')" \
    "windows/arm64 binary.format"
assert_eq '["arm64"]' "$(jq -c '.targets[] | select(.target == "windows/arm64") | .binary.machines' \
    "$report")" "windows/arm64 binary.machines"

# --report FILE holds the same report.
assert_file "$WORK/file-report.json" "--report"
assert_eq "$(jq -S . "$report")" "$(jqf "$WORK/file-report.json" -S .)" "--report file against stdout"

# --report without --json: the file, and no JSON on stdout.
rm -rf dist
xb_expect 0 --report "$WORK/only-file.json" -t linux/amd64
assert_eq 1 "$(jqf "$WORK/only-file.json" '.counts.ok')" "--report alone: counts.ok"
if [[ -n "$XB_OUT" ]] && jq -e . "$WORK/xb.stdout" >/dev/null 2>&1; then
    fail "--report without --json printed JSON on stdout"
fi

# -n --json: the jobs, and nothing built.
rm -rf dist
xb_expect 0 -n --json -t linux/amd64,windows/amd64,linux/arm/v7
plan="$WORK/plan.json"
echo "$XB_OUT" >"$plan"
assert_eq 3 "$(jqf "$plan" '.jobs | length')" "dry run: jobs"
assert_eq "$dir/dist/hello_windows_amd64.exe" \
    "$(jqf "$plan" '.jobs[] | select(.target == "windows/amd64") | .output')" "dry run: output"
assert_eq windows "$(jqf "$plan" '.jobs[] | select(.target == "windows/amd64") | .env.GOOS')" \
    "dry run: env.GOOS"
assert_eq 7 "$(jqf "$plan" '.jobs[] | select(.target == "linux/arm/v7") | .env.GOARM')" \
    "dry run: env.GOARM"
assert_eq true "$(jqf "$plan" '[.jobs[].command | type == "array" and length > 1] | all')" \
    "dry run: commands are argv arrays"
assert_no_file "$dir/dist" "dry run builds nothing"
assert_no_temp_files "$dir"

# xbuild targets --json: the toolchain's own list.
xb_expect 0 targets --json
echo "$XB_OUT" >"$WORK/targets.json"
assert_eq array "$(jqf "$WORK/targets.json" 'type')" "targets --json type"
assert_eq "$(go tool dist list | wc -l)" "$(jqf "$WORK/targets.json" 'length')" \
    "targets --json against go tool dist list"
row='.[] | select(.target == "linux/amd64")'
assert_eq linux "$(jqf "$WORK/targets.json" "$row | .os")" "linux/amd64 os"
assert_eq amd64 "$(jqf "$WORK/targets.json" "$row | .arch")" "linux/amd64 arch"
assert_eq true "$(jqf "$WORK/targets.json" "$row | .first_class")" "linux/amd64 first_class"
assert_eq true "$(jqf "$WORK/targets.json" "$row | .cgo_supported")" "linux/amd64 cgo_supported"
assert_eq false "$(jqf "$WORK/targets.json" '.[] | select(.target == "js/wasm") | .first_class')" \
    "js/wasm first_class"

xb_expect 0 targets --json --first-class
assert_eq true "$(jq '[.[].first_class] | all' <<<"$XB_OUT")" "--first-class: only first-class rows"
assert_eq true "$(jq 'any(.[]; .target == "darwin/arm64")' <<<"$XB_OUT")" "--first-class has darwin/arm64"

xb_expect 0 targets --json --cgo
assert_eq true "$(jq '[.[].cgo_supported] | all' <<<"$XB_OUT")" "--cgo: only cgo rows"
assert_eq false "$(jq 'any(.[]; .target == "js/wasm")' <<<"$XB_OUT")" "--cgo excludes js/wasm"

note "ok"
