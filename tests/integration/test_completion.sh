#!/usr/bin/env bash
# Shell completion: the bash script loads (`source <(xbuild completion
# bash)`) and completes commands, nested commands, flags, and target names
# from the real SDK, inside comma lists; zsh and fish load theirs and
# complete targets too. An unknown shell is exit 2.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"
require_tool zsh fish

# The scripts run `xbuild targets`: put this xbuild first on PATH.
mkdir -p "$WORK/bin"
ln -s "$XBUILD" "$WORK/bin/xbuild"
export PATH="$WORK/bin:$PATH"

xb_expect 0 completion bash
bash -c 'source <(xbuild completion bash)' || fail "the bash script does not load"

# complete WORDS...: runs the bash completion for `xbuild WORDS...` (the
# last word is the one being completed) and prints the candidates.
complete_bash() {
    bash -c '
        source <(xbuild completion bash)
        COMP_WORDS=(xbuild "$@")
        COMP_CWORD=$(($# ))
        _xbuild xbuild "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' bash "$@"
}

out=$(complete_bash tool)
assert_contains "$out" "toolchain" "commands"
out=$(complete_bash toolchain "")
for sub in bootstrap list remove build; do assert_contains "$out" "$sub" "toolchain's subcommands"; done
out=$(complete_bash --che)
assert_eq "--checksums" "$out" "a flag of the default command"
out=$(complete_bash build --sh)
assert_eq "--shard" "$out" "a flag of build"
out=$(complete_bash toolchain bootstrap --j)
assert_eq "--jobs" "$out" "a flag of a nested command"
out=$(complete_bash -t linux/ar)
assert_contains "$out" "linux/arm64" "targets from the SDK"
assert_contains "$out" "linux/arm" "targets from the SDK"
assert_not_contains "$out" "windows/amd64" "only matching targets"
out=$(complete_bash build -t linux/amd64,darwin/a)
assert_contains "$out" "linux/amd64,darwin/arm64" "the last item of a comma list"
out=$(complete_bash --os free)
assert_eq "freebsd" "$out" "GOOS names"
note "bash: commands, flags, targets"

zsh -c 'source <(xbuild completion zsh) && (( $+functions[_xbuild] ))' ||
    fail "the zsh script does not load"
note "zsh: loads"

out=$(fish -c 'xbuild completion fish | source; complete -C"xbuild -t linux/ar"')
assert_contains "$out" "linux/arm64" "fish completes targets"
out=$(fish -c 'xbuild completion fish | source; complete -C"xbuild toolchain "')
assert_contains "$out" "bootstrap" "fish completes nested commands"
note "fish: targets, nested commands"

xb_expect 2 completion tcsh
assert_contains "$XB_ERR" 'unknown shell "tcsh"' "an unknown shell"
note "ok"
