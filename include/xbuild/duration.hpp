#pragma once

#include <chrono>
#include <string_view>

#include <xbuild/error.hpp>

namespace xbuild {

// Parses a duration written the way Go's time.ParseDuration and `docker stop
// -t` users write them: one or more <number><unit> parts with units ms, s, m,
// h ("500ms", "5s", "2m", "1m30s", "1.5s"). `what` names the flag in errors,
// which quote the text and point at the offending character:
//   --grace "5x": unknown unit "x" at column 2 (use ms, s, m or h, e.g. 500ms, 5s, 2m)
Result<std::chrono::milliseconds> parse_duration(std::string_view text, std::string_view what);

}  // namespace xbuild
