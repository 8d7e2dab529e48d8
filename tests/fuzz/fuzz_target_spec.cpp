// Fuzzes the target syntax (include/xbuild/target.hpp): parse_target on every
// line of the input, then expand_targets on the whole input read as one
// selection against Go 1.19's platforms.
//
// Input, one item a line: "--os LIST" and "--arch LIST" fill os_list and
// arch_list, "-t LIST" adds specs split the way the command line splits them
// (split_list), any other line is one spec taken verbatim (as xbuild.json
// may give it), "!" exclusions and globs included.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <xbuild/target.hpp>
#include <xbuild/text.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace xbuild;

const Target k_host{"linux", "amd64", ""};

bool has_pair(const std::vector<Platform>& platforms, const Target& target) {
    return std::any_of(platforms.begin(), platforms.end(), [&](const Platform& platform) {
        return platform.os == target.os && platform.arch == target.arch;
    });
}

void check_parse_target(const std::string& spec) {
    const Result<Target> parsed = parse_target(spec);
    if (!parsed) {
        XBUILD_FUZZ_CHECK(fuzz::is_one_printable_line(parsed.error().message),
                          parsed.error().message);
        return;
    }
    const Target& target = *parsed;
    XBUILD_FUZZ_CHECK(!target.os.empty() && !target.arch.empty(), spec);
    // An exact spec is its own canonical spelling: str() gives it back, and
    // that re-parses to the same target.
    XBUILD_FUZZ_CHECK(target.str() == spec, target.str());
    const Result<Target> again = parse_target(target.str());
    XBUILD_FUZZ_CHECK(again.ok() && *again == target, target.str());
    for (const std::string* part : {&target.os, &target.arch, &target.variant}) {
        XBUILD_FUZZ_CHECK(part->find_first_of("/*?!") == std::string::npos, spec);
    }
    const auto setting = variant_setting(target);
    XBUILD_FUZZ_CHECK(setting.ok(), spec);
    XBUILD_FUZZ_CHECK(setting->has_value() == !target.variant.empty(), spec);
    if (setting->has_value()) {
        XBUILD_FUZZ_CHECK(variant_variable(target.arch) == (*setting)->variable, spec);
    }
}

void check_expansion(const TargetSelection& selection) {
    const std::vector<Platform>& platforms = fuzz::go119_platforms();
    const auto expanded = expand_targets(selection, platforms, k_host);
    if (!expanded) {
        XBUILD_FUZZ_CHECK(fuzz::is_one_printable_line(expanded.error().message),
                          expanded.error().message);
        return;
    }
    const std::vector<Target>& targets = *expanded;
    XBUILD_FUZZ_CHECK(!targets.empty());
    XBUILD_FUZZ_CHECK(std::adjacent_find(targets.begin(), targets.end(),
                                         [](const Target& a, const Target& b) {
                                             return !(a < b);
                                         }) == targets.end(),
                      "result not sorted and unique");
    const bool empty_selection =
        selection.os_list.empty() && selection.arch_list.empty() && selection.specs.empty();
    for (const Target& target : targets) {
        XBUILD_FUZZ_CHECK(empty_selection || has_pair(platforms, target), target.str());
        const Result<Target> reparsed = parse_target(target.str());
        XBUILD_FUZZ_CHECK(reparsed.ok() && *reparsed == target, target.str());
    }
    // Inclusions apply before exclusions "whatever their order": the same
    // specs reversed select the same targets.
    TargetSelection reversed = selection;
    std::reverse(reversed.specs.begin(), reversed.specs.end());
    const auto again = expand_targets(reversed, platforms, k_host);
    XBUILD_FUZZ_CHECK(again.ok(), again.ok() ? std::string() : again.error().message);
    XBUILD_FUZZ_CHECK(*again == targets, "reversed specs select other targets");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::guarded([&] {
        TargetSelection selection;
        for (const std::string& line : fuzz::lines_of(fuzz::as_text(data, size))) {
            check_parse_target(line);
            const std::string_view text(line);
            if (text.starts_with("--os ")) {
                for (std::string& item : split_list(text.substr(5))) {
                    selection.os_list.push_back(std::move(item));
                }
            } else if (text.starts_with("--arch ")) {
                for (std::string& item : split_list(text.substr(7))) {
                    selection.arch_list.push_back(std::move(item));
                }
            } else if (text.starts_with("-t ")) {
                for (std::string& item : split_list(text.substr(3))) {
                    check_parse_target(item);
                    selection.specs.push_back(std::move(item));
                }
            } else {
                selection.specs.push_back(line);
            }
        }
        check_expansion(selection);
    });
}
