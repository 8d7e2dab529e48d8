#!/usr/bin/env bash
# The benchmark's smoke run (bench/run --quick: one target, one run, hello),
# so that the script cannot rot: it must finish and print every row of its
# table with figures in them. Its timings are not judged here; they are for
# people to read (README.md has the full run's).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "$0")/lib.sh"

set +e
XBUILD=$XBUILD bash "$XBUILD_SOURCE_DIR/bench/run" --quick >"$WORK/table.md" 2>"$WORK/bench.err"
status=$?
set -e
[[ $status == 0 ]] || fail "bench/run --quick exited $status: $(tail -20 "$WORK/bench.err")"
table=$(cat "$WORK/table.md")
number='[0-9]+\.[0-9]+'
for row in cold no-op incremental; do
    [[ "$table" =~ \|\ $row\ \|\ $number\ \($number-$number\)\ \|\ $number ]] ||
        fail "no figures in the '$row' row: $table"
done
for figure in 'xbuild version' 'xbuild targets' "peak RSS" "own CPU"; do
    assert_contains "$table" "$figure" "the benchmark's table"
done
note "ok"
