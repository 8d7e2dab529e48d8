#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <xbuild/effective_config.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// What `xbuild config` shows: the effective value of every key and where
// it came from, for all targets or for one.
struct ConfigView {
    std::string file;  // the configuration file's name; empty: none
    Sourced<TargetSelection> targets;
    Sourced<std::size_t> jobs;
    TargetSettings settings;                // base_settings, or the target's
    std::optional<Target> target;           // set: settings are this target's
    std::vector<std::string> applied;       // with a target: the overrides that matched it
    std::vector<ConfigOverride> overrides;  // without one: every override of the file
};

// The view of `layers`, for `target` when given (`platforms` decide which
// overrides match it). `default_jobs` is what an unset "jobs" means.
ConfigView make_config_view(const ConfigLayers& layers, std::size_t default_jobs,
                            const std::optional<Target>& target,
                            const std::vector<Platform>& platforms);

// As JSON: {"file", "target", "settings": {key: {"value", "source"}},
// "overrides": [...] or "applied_overrides": [...]}; cc, cxx and env map
// each name to {"value", "source"}.
nlohmann::ordered_json config_view_json(const ConfigView& view);

// As aligned text lines, "key  value  source", for people.
std::string format_config_view(const ConfigView& view);

}  // namespace xbuild
