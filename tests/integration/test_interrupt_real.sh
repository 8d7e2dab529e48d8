#!/usr/bin/env bash
# The real toolchain, interrupted at a random moment, 20 times: a four-target
# build, mostly with `-a` (every package recompiled, so go, compile and link
# are all running), gets SIGINT or SIGTERM after 0.2 to 3 s. Each time: the exit code
# is 130/143 (or 0 if it won the race), no process of the run survives, the
# output directory holds only complete artifacts (the ones the report lists,
# with their sha256, and earlier runs' ones, untouched), and no temp file or
# go work directory is left anywhere.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

dir=$(copy_example platform)
cd "$dir" || fail "cannot cd to $dir"
targets=linux/amd64,linux/arm64,windows/amd64,darwin/arm64
report=$WORK/report.json
tmp=$WORK/tmp
mkdir -p "$tmp"
xb_expect 0 toolchain bootstrap "${targets//,/ }"

iterations=${XBUILD_INTERRUPT_ITERATIONS:-20}
declare -A known=()  # artifact -> sha256, as the last run left them
for ((i = 1; i <= iterations; i++)); do
    rm -f "$report"
    # TMPDIR too: a go work directory that escaped GOTMPDIR would show there.
    # Every fourth run links from a warm cache instead: quick enough that
    # some targets finish before the signal and must be kept, verified.
    if ((i % 4 == 0)); then extra=(); else extra=(-- -a); fi
    TMPDIR=$tmp xb_start -t "$targets" --grace 2s --report "$report" "${extra[@]}"
    delay_ms=$((200 + RANDOM % 2800))
    sleep "$((delay_ms / 1000)).$(printf '%03d' $((delay_ms % 1000)))"
    if ((i % 2)); then sig=INT expected=130; else sig=TERM expected=143; fi
    kill -"$sig" "$XB_PID" 2>/dev/null || true
    xb_wait
    if [[ "$XB_STATUS" != "$expected" && "$XB_STATUS" != 0 ]]; then
        fail "iteration $i (SIG$sig after ${delay_ms}ms): exit $XB_STATUS, expected $expected"
    fi
    assert_no_survivors
    assert_file "$report" "iteration $i report"
    # Every file is an artifact this run reports ok (with its sha256), or one
    # an earlier run left, untouched.
    assert_no_temp_files "$dir"
    declare -A now=()
    while IFS= read -r file; do
        sha=$(sha256sum "$file" | cut -d' ' -f1)
        reported=$(jqf "$report" --arg f "$file" \
            '.targets[] | select(.output == $f and .status == "ok") | .sha256')
        if [[ -n "$reported" ]]; then
            assert_eq "$reported" "$sha" "iteration $i: sha256 of $file"
        elif [[ "${known[$file]:-}" != "$sha" ]]; then
            fail "iteration $i: $file is neither an ok artifact of this run nor one left intact"
        fi
        now[$file]=$sha
    done < <(find "$dir/dist" -type f 2>/dev/null)
    known=()
    for file in "${!now[@]}"; do known[$file]=${now[$file]}; done
    unset now
    interrupted=$(jqf "$report" '[.targets[] | select(.status == "interrupted")] | length')
    ok=$(jqf "$report" '[.targets[] | select(.status == "ok")] | length')
    ((interrupted + ok == 4)) || fail "iteration $i: $ok ok + $interrupted interrupted is not 4 targets"
    leftover=$(find "$tmp" "$XBUILD_HOME/tmp" -mindepth 1 -maxdepth 1 ! -name '*.lock' 2>/dev/null |
        grep -v '/probe' || true)
    [[ -z "$leftover" ]] || fail "iteration $i: left behind: $leftover"
    note "iteration $i: SIG$sig after ${delay_ms}ms -> exit $XB_STATUS, $ok ok, $interrupted interrupted"
done
note "ok"
