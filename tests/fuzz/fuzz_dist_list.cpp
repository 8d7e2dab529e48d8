// Fuzzes the readers of the toolchain's own JSON (include/xbuild/target.hpp
// and toolchain.hpp): the whole input is read as `go tool dist list -json`
// output and as `go env -json` output. xbuild caches both in its store and
// reads them back, so a corrupted cache file reaches these parsers too.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <xbuild/target.hpp>
#include <xbuild/toolchain.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace xbuild;

bool is_name(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

void check_platforms(const std::vector<Platform>& platforms) {
    XBUILD_FUZZ_CHECK(!platforms.empty());
    XBUILD_FUZZ_CHECK(std::adjacent_find(platforms.begin(), platforms.end(),
                                         [](const Platform& a, const Platform& b) {
                                             return std::tie(a.os, a.arch) >=
                                                    std::tie(b.os, b.arch);
                                         }) == platforms.end(),
                      "platforms not sorted and unique");
    for (const Platform& platform : platforms) {
        // The names end up in file names and environment variables.
        XBUILD_FUZZ_CHECK(is_name(platform.os) && is_name(platform.arch),
                          platform.os + "/" + platform.arch);
        const Target target{platform.os, platform.arch, ""};
        const Result<Target> parsed = parse_target(target.str());
        XBUILD_FUZZ_CHECK(parsed.ok() && *parsed == target, target.str());
    }

    // "all" is every platform, and exact names select themselves.
    const Target host{platforms.front().os, platforms.front().arch, ""};
    const auto all = expand_targets(TargetSelection{{}, {}, {"all"}}, platforms, host);
    XBUILD_FUZZ_CHECK(all.ok(), all.ok() ? std::string() : all.error().message);
    XBUILD_FUZZ_CHECK(all->size() == platforms.size());
    const auto exact = expand_targets(TargetSelection{{}, {}, {host.str()}}, platforms, host);
    XBUILD_FUZZ_CHECK(exact.ok() && exact->size() == 1 && exact->front() == host, host.str());

    const bool any_first_class = std::any_of(platforms.begin(), platforms.end(),
                                             [](const Platform& p) { return p.first_class; });
    const auto first_class =
        expand_targets(TargetSelection{{}, {}, {"first-class"}}, platforms, host);
    XBUILD_FUZZ_CHECK(first_class.ok() == any_first_class);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::guarded([&] {
        const std::string_view json = fuzz::as_text(data, size);

        const Result<std::vector<Platform>> platforms = parse_dist_list_json(json);
        if (platforms) {
            check_platforms(*platforms);
        } else {
            XBUILD_FUZZ_CHECK(!platforms.error().message.empty());
        }

        const Result<GoEnv> env = parse_go_env_json(json);
        if (env) {
            XBUILD_FUZZ_CHECK(!env->goroot.empty() && !env->host_os.empty() &&
                              !env->host_arch.empty());
        }
    });
}
