#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xbuild/cgo_policy.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// A setting's value and where it came from, as `xbuild config` shows it:
// "default", "xbuild.json:3:14", "XBUILD_JOBS", "--jobs".
template <typename T>
struct Sourced {
    T value{};
    std::string source;
    bool operator==(const Sourced&) const = default;
};

// The settings that may differ between targets, as one layer sets them: the
// top level of xbuild.json, one of its overrides, the XBUILD_* environment
// or the command line. Unset keys are nullopt or absent from the maps.
struct SettingsLayer {
    std::optional<Sourced<std::string>> output;  // an -o template
    std::optional<Sourced<std::string>> ldflags;
    std::optional<Sourced<std::string>> gcflags;
    std::optional<Sourced<std::string>> tags;  // comma-separated
    std::optional<Sourced<bool>> trimpath;
    std::optional<Sourced<CgoMode>> cgo;
    // Target ("os/arch[/variant]", as parse_target().str() spells it) ->
    // compiler command line (split_command syntax), like --cc TARGET=CMD.
    std::map<std::string, Sourced<std::string>> cc;
    std::map<std::string, Sourced<std::string>> cxx;
    // Extra environment for go; replaces inherited values of the same name.
    std::map<std::string, Sourced<std::string>> env;
};

// One layer of the whole configuration: the per-target settings plus the
// two that are the run's alone.
struct ConfigLayer {
    // -t items (split), and for the command line --os/--arch too.
    std::optional<Sourced<TargetSelection>> targets;
    std::optional<Sourced<std::size_t>> jobs;  // positive
    SettingsLayer settings;
};

// An entry of "overrides": settings for the targets its patterns match.
struct ConfigOverride {
    std::vector<Sourced<std::string>> targets;  // patterns, as -t reads them
    std::string source;                         // where the object starts
    SettingsLayer settings;
};

// xbuild.json, parsed and checked.
struct ProjectConfig {
    std::filesystem::path path;  // absolute; empty for text parsed on its own
    std::string name;            // how messages and sources name it
    ConfigLayer top;
    std::vector<std::string> target_sources;  // where each "targets" item is
    std::vector<ConfigOverride> overrides;    // in file order
};

// Parses and checks the text of a configuration file. `name` prefixes every
// message ("xbuild.json:4:5: unknown key \"ldflag\" (did you mean
// \"ldflags\"?)") and every source. Syntax errors, unknown keys, wrong
// types and bad values are errors, each with its line:column. Never throws.
Result<ProjectConfig> parse_project_config(std::string_view text, const std::string& name);

// The directory whose xbuild.json applies in `dir`: the nearest one at or
// above it holding go.mod, else `dir` itself.
std::filesystem::path config_root(const std::filesystem::path& dir);

// Finds and reads the configuration of a run in `cwd` (absolute): the
// `explicit_file` of --config, else XBUILD_CONFIG from `env` (either one
// relative to cwd; missing is an error), else config_root(cwd)/xbuild.json,
// whose absence means no configuration (nullopt). `name` is the path
// relative to cwd.
Result<std::optional<ProjectConfig>> load_project_config(
    const std::filesystem::path& cwd, const std::optional<std::string>& explicit_file,
    const Environment& env);

}  // namespace xbuild
