#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <xbuild/error.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// The K-th (1-based) of N slices of a target selection, for CI jobs that
// split one matrix between them with no coordination.
struct Shard {
    std::size_t index = 1;
    std::size_t count = 1;
};

// Parses "K/N" with 1 <= K <= N. Errors quote the text and name the flag
// ("--shard \"4/3\": K must be between 1 and N").
Result<Shard> parse_shard(std::string_view text, std::string_view flag = "--shard");

// The targets of `shard`: the selection sorted by name (so every job sees
// the same order, whatever order its -t list was written in), then dealt
// round robin, so slice sizes differ by at most one and the N slices are
// disjoint and together the whole selection. A slice may be empty when N
// exceeds the number of targets.
std::vector<Target> select_shard(std::vector<Target> targets, const Shard& shard);

}  // namespace xbuild
