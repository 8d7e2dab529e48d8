#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <xbuild/cc_registry.hpp>
#include <xbuild/environment.hpp>
#include <xbuild/error.hpp>
#include <xbuild/project_config.hpp>
#include <xbuild/target.hpp>

namespace xbuild {

// Every layer of a run's configuration. Precedence, lowest first: built-in
// defaults, the file's top level, the file's overrides that match the
// target (in file order), the XBUILD_* environment, the command line.
struct ConfigLayers {
    std::optional<ProjectConfig> file;
    ConfigLayer environment;
    ConfigLayer command_line;
};

// One target's settings after precedence: every key set, with its source.
struct TargetSettings {
    Sourced<std::string> output{"", "default"};  // empty: the default template
    Sourced<std::string> ldflags{"", "default"};
    Sourced<std::string> gcflags{"", "default"};
    Sourced<std::string> tags{"", "default"};
    Sourced<bool> trimpath{false, "default"};
    Sourced<CgoMode> cgo{CgoMode::automatic, "default"};
    std::map<std::string, Sourced<std::string>> cc;
    std::map<std::string, Sourced<std::string>> cxx;
    std::map<std::string, Sourced<std::string>> env;
};

// The values of `settings` (set keys only; sources left out) as JSON, the
// same for layers that say the same however their files are laid out.
nlohmann::json settings_values(const SettingsLayer& settings);
nlohmann::json settings_values(const TargetSettings& settings);

// The XBUILD_TARGETS, XBUILD_OUTPUT, XBUILD_LDFLAGS, XBUILD_GCFLAGS,
// XBUILD_TAGS, XBUILD_TRIMPATH (1, 0, true, false), XBUILD_JOBS (positive)
// and XBUILD_CGO (auto, on, off) of `env`, each its own source. An empty
// variable counts as unset. A bad value is an error naming the variable.
Result<ConfigLayer> environment_layer(const Environment& env);

// The target selection of the highest layer that sets one; an empty
// selection (the host) from "default" when none does.
Sourced<TargetSelection> effective_targets(const ConfigLayers& layers);

// The job count of the highest layer that sets one; nullopt: the default.
std::optional<Sourced<std::size_t>> effective_jobs(const ConfigLayers& layers);

// The settings every target starts from: all layers but the overrides.
TargetSettings base_settings(const ConfigLayers& layers);

// `target`'s settings: base_settings with the file's overrides that match
// it (selection_matches; `platforms` for "first-class") applied in order
// below the environment and the command line.
TargetSettings target_settings(const ConfigLayers& layers, const Target& target,
                               const std::vector<Platform>& platforms);

// The sources of the file's overrides that match `target`, in order.
std::vector<std::string> matching_overrides(const ConfigLayers& layers, const Target& target,
                                            const std::vector<Platform>& platforms);

// The effective targets expanded (expand_targets) after checking every
// pattern of the file, its "targets" and its overrides', against
// `platforms`: a bad pattern is an error at its line:column, a bad
// XBUILD_TARGETS one naming the variable.
Result<std::vector<Target>> expand_config_targets(const ConfigLayers& layers,
                                                  const std::vector<Platform>& platforms,
                                                  const Target& host);

// Every output template and ldflags any layer sets: whether git is needed
// for {{.Version}} and friends (uses_version_fields).
std::vector<std::string> config_templates(const ConfigLayers& layers);

// The values of every layer that shape artifacts (not "jobs", no sources)
// as canonical JSON, for the no-op request: editing what xbuild.json says
// rebuilds, reformatting it does not.
nlohmann::json config_request(const ConfigLayers& layers);

// The compiler settings for a target: its "cc"/"cxx" entries (each entry's
// source as its origin) over `env`. Errors for an entry that does not parse.
Result<CcSettings> cc_settings_for(const TargetSettings& settings, const Environment& env,
                                   const Target& host);

// `env` with the settings' "env" values replacing inherited ones.
Environment environment_with(const Environment& env, const TargetSettings& settings);

}  // namespace xbuild
