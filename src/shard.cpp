#include <xbuild/shard.hpp>

#include <algorithm>
#include <charconv>
#include <string>

namespace xbuild {

namespace {

bool parse_count(std::string_view text, std::size_t& out) {
    if (text.empty() || text.size() > 6) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<Shard> parse_shard(std::string_view text, std::string_view flag) {
    const std::size_t slash = text.find('/');
    Shard shard;
    if (slash == std::string_view::npos || !parse_count(text.substr(0, slash), shard.index) ||
        !parse_count(text.substr(slash + 1), shard.count)) {
        return make_error("{} \"{}\": expected K/N, e.g. 2/4 for the second of four slices", flag, text);
    }
    if (shard.count == 0 || shard.index == 0 || shard.index > shard.count) {
        return make_error("{} \"{}\": K must be between 1 and N", flag, text);
    }
    return shard;
}

std::vector<Target> select_shard(std::vector<Target> targets, const Shard& shard) {
    std::sort(targets.begin(), targets.end(),
              [](const Target& a, const Target& b) { return a.str() < b.str(); });
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    std::vector<Target> slice;
    for (std::size_t i = shard.index - 1; i < targets.size(); i += shard.count) {
        slice.push_back(targets[i]);
    }
    return slice;
}

}  // namespace xbuild
