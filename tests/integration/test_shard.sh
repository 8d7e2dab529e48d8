#!/usr/bin/env bash
# CI at scale: --shard K/N builds disjoint, complete, balanced slices of the
# selection for several N, whatever order -t lists the targets in;
# `targets --matrix` prints the job matrix (per target, or per shard with
# --shards); `report merge` joins the shards' reports into one whose
# targets and counts are the whole matrix's. Bad K/N is exit 2.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

dir=$(copy_example hello)
cd "$dir" || fail "cannot cd to $dir"
selection='linux/*,windows/amd64,windows/arm64,darwin/*,freebsd/amd64,!linux/mips*,!linux/ppc64*,!linux/s390x,!linux/loong64'
reordered='freebsd/amd64,darwin/*,windows/arm64,windows/amd64,linux/*,!linux/s390x,!linux/mips*,!linux/loong64,!linux/ppc64*'

# The selection as build would expand it (a dry run builds nothing).
xb_expect 0 -n --json -t "$selection"
jq -r '.jobs[].target' "$WORK/xb.stdout" | sort >"$WORK/all.txt"
total=$(wc -l <"$WORK/all.txt")
((total >= 8)) || fail "expected at least 8 targets in the selection, got $total"

for n in 1 2 3 5 "$((total + 2))"; do
    : >"$WORK/union.txt"
    smallest=$total largest=0
    for ((k = 1; k <= n; k++)); do
        xb_expect 0 -n --json -t "$selection" --shard "$k/$n"
        jq -r '.jobs[].target' "$WORK/xb.stdout" | sort >"$WORK/slice.txt"
        xb_expect 0 -n --json -t "$reordered" --shard "$k/$n"
        jq -r '.jobs[].target' "$WORK/xb.stdout" | sort >"$WORK/slice2.txt"
        cmp -s "$WORK/slice.txt" "$WORK/slice2.txt" || fail "shard $k/$n depends on the -t order"
        size=$(wc -l <"$WORK/slice.txt")
        ((size < smallest)) && smallest=$size
        ((size > largest)) && largest=$size
        cat "$WORK/slice.txt" >>"$WORK/union.txt"
    done
    sort "$WORK/union.txt" >"$WORK/union.sorted"
    cmp -s "$WORK/all.txt" "$WORK/union.sorted" ||
        fail "the $n shards are not exactly the selection: $(diff "$WORK/all.txt" "$WORK/union.sorted" | head -5)"
    ((largest - smallest <= 1)) || fail "$n shards are unbalanced: $smallest to $largest targets"
done
note "--shard: disjoint, complete, balanced, order-free for N = 1, 2, 3, 5, $((total + 2))"

xb_expect 0 targets --matrix -t "$selection"
assert_eq "$total" "$(echo "$XB_OUT" | jq '.include | length')" "matrix entries per target"
assert_eq "$(cat "$WORK/all.txt")" "$(echo "$XB_OUT" | jq -r '.include[].target' | sort)" "matrix targets"
xb_expect 0 targets --matrix --shards 3 -t "$selection"
assert_eq "1/3 2/3 3/3" "$(echo "$XB_OUT" | jq -r '[.include[].shard] | join(" ")')" "matrix shards"
assert_eq "$total" "$(echo "$XB_OUT" | jq '[.include[].count] | add')" "targets over the shards"
note "targets --matrix"

# Real builds of two shards, then one report from both.
small='linux/amd64,linux/arm64,windows/amd64'
xb_expect 0 -t "$small" --shard 1/2 --report "$WORK/shard1.json"
xb_expect 0 -t "$small" --shard 2/2 --report "$WORK/shard2.json"
assert_eq 2 "$(jqf "$WORK/shard1.json" '.counts.total')" "shard 1/2 of 3 targets"
assert_eq 1 "$(jqf "$WORK/shard2.json" '.counts.total')" "shard 2/2 of 3 targets"
xb_expect 0 report merge "$WORK/shard1.json" "$WORK/shard2.json"
echo "$XB_OUT" >"$WORK/merged.json"
assert_eq 3 "$(jqf "$WORK/merged.json" '.counts.total')" "merged total"
assert_eq 3 "$(jqf "$WORK/merged.json" '.counts.ok')" "merged ok"
assert_eq 0 "$(jqf "$WORK/merged.json" '.exit_code')" "merged exit_code"
assert_eq "linux/amd64 linux/arm64 windows/amd64" \
    "$(jqf "$WORK/merged.json" '[.targets[].target] | sort | join(" ")')" "merged targets"
for target in linux/amd64 linux/arm64 windows/amd64; do
    output=$(jqf "$WORK/merged.json" --arg t "$target" '.targets[] | select(.target == $t) | .output')
    assert_eq "$(sha256sum "$output" | cut -d' ' -f1)" \
        "$(jqf "$WORK/merged.json" --arg t "$target" '.targets[] | select(.target == $t) | .sha256')" \
        "sha256 of $target in the merged report"
done
xb_expect 0 report merge -o "$WORK/merged2.json" "$WORK/shard1.json" "$WORK/shard2.json"
assert_eq 3 "$(jqf "$WORK/merged2.json" '.counts.total')" "report merge -o"
xb_expect 2 report merge "$WORK/shard1.json" "$WORK/shard1.json"
assert_contains "$XB_ERR" "is also in" "overlapping reports"
echo '{"not": "a report"}' >"$WORK/bogus.json"
xb_expect 2 report merge "$WORK/shard1.json" "$WORK/bogus.json"
assert_contains "$XB_ERR" "bogus.json: not an xbuild report" "a file that is not a report"
note "report merge"

for bad in 0/3 4/3 3 a/b 1/0; do
    xb_expect 2 -t "$small" --shard "$bad"
    assert_contains "$XB_ERR" "--shard \"$bad\"" "the error quotes --shard $bad"
done
xb_expect 0 -n -t linux/amd64 --shard 2/2
assert_contains "$XB_ERR" "nothing to build" "an empty shard"
note "ok"
