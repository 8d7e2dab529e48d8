#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace xbuild {

// nlohmann::json::dump throws on invalid UTF-8, and paths, environment
// values and tool output are bytes, not UTF-8: every JSON xbuild prints or
// stores goes through here, so an odd byte becomes U+FFFD instead of an
// "internal error".
inline std::string json_text(const nlohmann::json& json, int indent = -1) {
    return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace xbuild
