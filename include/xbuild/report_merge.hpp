#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <xbuild/error.hpp>

namespace xbuild {

// One report from the reports of CI shards (or of any runs), each given
// with the name it came from. The result follows the same schema: targets
// concatenated in the order given, counts and exit_code recomputed from
// them, started_at the earliest, duration_ms the longest, up_to_date only
// when all were, interrupted the first signal, xbuild_self summed (CPU) and
// maxed (RSS), the other run-wide fields from the first report, and
// "merged_from" listing the names. Errors name the offending input: not a
// report of schema 1, or one target (target, package, output) reported twice.
Result<nlohmann::json> merge_reports(const std::vector<std::pair<std::string, nlohmann::json>>& reports);

}  // namespace xbuild
