#!/usr/bin/env bash
# Builds each example for eight targets in one xbuild run, checks every
# artifact's header with file(1) and in the JSON report, and runs the Linux
# ones: amd64 natively, arm64/arm/riscv64 under qemu-user.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool file qemu-aarch64 qemu-arm qemu-riscv64

targets=(linux/amd64 linux/arm64 linux/arm/v7 linux/riscv64
    windows/amd64 darwin/amd64 darwin/arm64 freebsd/amd64)

# target -> "file(1) text | format | machine | bits | output suffix"
declare -A expect=(
    [linux/amd64]="ELF 64-bit LSB executable, x86-64,|elf|amd64|64|linux_amd64"
    [linux/arm64]="ELF 64-bit LSB executable, ARM aarch64|elf|arm64|64|linux_arm64"
    [linux/arm/v7]="ELF 32-bit LSB executable, ARM, EABI5|elf|arm|32|linux_arm_v7"
    [linux/riscv64]="ELF 64-bit LSB executable, UCB RISC-V|elf|riscv64|64|linux_riscv64"
    [windows/amd64]="PE32+ executable (console) x86-64|pe|amd64|64|windows_amd64.exe"
    [darwin/amd64]="Mach-O 64-bit x86_64 executable|macho|amd64|64|darwin_amd64"
    [darwin/arm64]="Mach-O 64-bit arm64 executable|macho|arm64|64|darwin_arm64"
    [freebsd/amd64]="ELF 64-bit LSB executable, x86-64, version 1 (FreeBSD)|elf|amd64|64|freebsd_amd64"
)

# qemu runner per emulated target, and the machine uname(2) reports there.
declare -A runner=([linux/arm64]=qemu-aarch64 [linux/arm/v7]=qemu-arm
    [linux/riscv64]=qemu-riscv64 [linux/amd64]="")
declare -A machine=([linux/amd64]=x86_64 [linux/arm64]=aarch64
    [linux/arm/v7]=armv7l [linux/riscv64]=riscv64)

# Runs a built Linux binary for `target` and prints its output.
run_binary() {
    local target=$1 bin=$2 out
    if [[ -n ${runner[$target]} ]]; then
        out=$("${runner[$target]}" "$bin" 2>&1) || fail "$target: ${runner[$target]} $bin failed: $out"
    else
        out=$("$bin" 2>&1) || fail "$target: $bin failed: $out"
    fi
    echo "$out"
}

check_example() {
    local name=$1 dir report
    dir=$(copy_example "$name")
    cd "$dir" || fail "cannot cd to $dir"
    report="$WORK/$name.json"

    xb_expect 0 --json -t "$(IFS=,; echo "${targets[*]}")"
    echo "$XB_OUT" >"$report"

    assert_eq "${#targets[@]}" "$(jqf "$report" '.counts.total')" "$name: counts.total"
    assert_eq "${#targets[@]}" "$(jqf "$report" '.counts.ok')" "$name: counts.ok"
    assert_eq "0" "$(jqf "$report" '.counts.failed')" "$name: counts.failed"

    local target file_text format mach bits suffix path entry
    for target in "${targets[@]}"; do
        IFS='|' read -r file_text format mach bits suffix <<<"${expect[$target]}"
        path="$dir/dist/${name}_$suffix"
        assert_file "$path" "$name $target default output name"

        assert_contains "$(file -b "$path")" "$file_text" "$name $target: file $path"

        entry=$(jq -c --arg t "$target" '[.targets[] | select(.target == $t)]' "$report")
        assert_eq 1 "$(jq length <<<"$entry")" "$name $target: report entries"
        assert_eq ok "$(jq -r '.[0].status' <<<"$entry")" "$name $target: status"
        assert_eq "$path" "$(jq -r '.[0].output' <<<"$entry")" "$name $target: output"
        assert_eq "$format" "$(jq -r '.[0].binary.format' <<<"$entry")" "$name $target: binary.format"
        assert_eq "[\"$mach\"]" "$(jq -c '.[0].binary.machines' <<<"$entry")" \
            "$name $target: binary.machines"
        assert_eq "$bits" "$(jq -r '.[0].binary.bits' <<<"$entry")" "$name $target: binary.bits"
        assert_eq "${target%%/*}" "$(jq -r '.[0].os' <<<"$entry")" "$name $target: os"
    done
    assert_eq "arm" "$(jq -r '.targets[] | select(.target == "linux/arm/v7") | .arch' "$report")" \
        "$name linux/arm/v7: arch"
    assert_eq "v7" "$(jq -r '.targets[] | select(.target == "linux/arm/v7") | .variant' "$report")" \
        "$name linux/arm/v7: variant"

    local out
    for target in linux/amd64 linux/arm64 linux/arm/v7 linux/riscv64; do
        IFS='|' read -r file_text format mach bits suffix <<<"${expect[$target]}"
        out=$(run_binary "$target" "$dir/dist/${name}_$suffix")
        case $name in
            hello)
                assert_contains "$out" "hello from linux/$mach" "hello $target output" ;;
            sysinfo)
                assert_contains "$out" "compiled for: linux/$mach" "sysinfo $target output"
                assert_contains "$out" "machine: ${machine[$target]}" "sysinfo $target output"
                assert_contains "$out" "uname -a: Linux" "sysinfo $target output" ;;
            platform)
                assert_contains "$out" "platform: linux (from platform_linux.go)" \
                    "platform $target output"
                assert_contains "$out" "runtime: linux/$mach" "platform $target output" ;;
        esac
    done

    # The OS-specific sources were compiled into the other targets too.
    if [[ $name == platform ]]; then
        grep -q "platform_windows.go" "dist/platform_windows_amd64.exe" ||
            fail "platform_windows.go is not in the windows build"
        grep -q "platform_darwin.go" "dist/platform_darwin_arm64" ||
            fail "platform_darwin.go is not in the darwin build"
        grep -q "platform_bsd.go" "dist/platform_freebsd_amd64" ||
            fail "platform_bsd.go is not in the freebsd build"
        ! grep -q "platform_linux.go" "dist/platform_windows_amd64.exe" ||
            fail "platform_linux.go leaked into the windows build"
    fi

    assert_no_temp_files "$dir"
    cd "$WORK"
}

for example in hello sysinfo platform; do
    note "building $example for ${#targets[@]} targets"
    check_example "$example"
done
note "ok"
