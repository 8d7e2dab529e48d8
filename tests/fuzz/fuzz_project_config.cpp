// Fuzzes xbuild.json (include/xbuild/project_config.hpp) and the position
// locator under it (json_positions.hpp): any input gives a configuration or
// one printable line naming the file, never a crash or an exception.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <xbuild/effective_config.hpp>
#include <xbuild/json_positions.hpp>
#include <xbuild/project_config.hpp>

#include "fuzz_support.hpp"

namespace {

using namespace xbuild;

void check_positions(std::string_view text) {
    const JsonPositions positions = locate_json_positions(text);
    const TextPosition end = position_at(text, text.size());
    for (const auto* located : {&positions.values, &positions.keys}) {
        for (const auto& [pointer, position] : *located) {
            XBUILD_FUZZ_CHECK(position.known(), pointer);
            XBUILD_FUZZ_CHECK(position.line <= end.line, pointer);
        }
    }
    // On text nlohmann accepts, every value it holds is located. flatten()
    // recurses, so deeply nested inputs are left to the checks above.
    if (std::count(text.begin(), text.end(), '[') + std::count(text.begin(), text.end(), '{') > 150)
        return;
    const auto document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded()) return;
    const nlohmann::json flat = document.flatten();
    for (const auto& [pointer, value] : flat.items()) {
        XBUILD_FUZZ_CHECK(positions.values.count(pointer) == 1, pointer);
    }
}

void check_config(std::string_view text) {
    const Result<ProjectConfig> config = parse_project_config(text, "xbuild.json");
    if (!config) {
        XBUILD_FUZZ_CHECK(config.error().message.starts_with("xbuild.json"),
                          config.error().message);
        XBUILD_FUZZ_CHECK(fuzz::is_one_printable_line(config.error().message),
                          config.error().message);
        return;
    }
    ConfigLayers layers;
    layers.file = *config;
    // Whatever the file says, resolving it and asking for it as JSON holds.
    (void)config_request(layers).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const TargetSettings base = base_settings(layers);
    XBUILD_FUZZ_CHECK(cc_settings_for(base, {}, Target{"linux", "amd64", {}}).ok());
    for (const Target& target : {Target{"linux", "arm", "v7"}, Target{"windows", "amd64", {}}}) {
        (void)target_settings(layers, target, fuzz::go119_platforms());
    }
    if (config->top.targets) {
        XBUILD_FUZZ_CHECK(config->top.targets->value.specs.size() == config->target_sources.size());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return fuzz::guarded([&] {
        const std::string_view text = fuzz::as_text(data, size);
        check_positions(text);
        check_config(text);
    });
}
