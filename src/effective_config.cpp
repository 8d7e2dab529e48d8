#include <xbuild/effective_config.hpp>

#include <charconv>

#include <fmt/format.h>

#include <xbuild/output_template.hpp>
#include <xbuild/plan.hpp>
#include <xbuild/text.hpp>

namespace xbuild {

namespace {

nlohmann::json map_values(const std::map<std::string, Sourced<std::string>>& entries) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [key, entry] : entries) object[key] = entry.value;
    return object;
}

void apply(const SettingsLayer& layer, TargetSettings& settings) {
    if (layer.output) settings.output = *layer.output;
    if (layer.ldflags) settings.ldflags = *layer.ldflags;
    if (layer.gcflags) settings.gcflags = *layer.gcflags;
    if (layer.tags) settings.tags = *layer.tags;
    if (layer.trimpath) settings.trimpath = *layer.trimpath;
    if (layer.cgo) settings.cgo = *layer.cgo;
    // Maps merge by key: an entry replaces the same target's or variable's only.
    for (const auto& [key, entry] : layer.cc) settings.cc[key] = entry;
    for (const auto& [key, entry] : layer.cxx) settings.cxx[key] = entry;
    for (const auto& [key, entry] : layer.env) settings.env[key] = entry;
}

// The layers above the file's overrides, applied last so that they beat
// an override as they beat the file's top level.
void apply_environment_and_command_line(const ConfigLayers& layers, TargetSettings& settings) {
    apply(layers.environment.settings, settings);
    apply(layers.command_line.settings, settings);
}

std::optional<std::string> nonempty_variable(const Environment& env, const std::string& name) {
    auto value = lookup(env, name);
    if (!value || value->empty()) return std::nullopt;
    return value;
}

Result<std::vector<Target>> expand_one(const std::string& pattern,
                                       const std::vector<Platform>& platforms, const Target& host) {
    return expand_targets(TargetSelection{{}, {}, {pattern}}, platforms, host);
}

}  // namespace

nlohmann::json settings_values(const SettingsLayer& settings) {
    nlohmann::json values = nlohmann::json::object();
    if (settings.output) values["output"] = settings.output->value;
    if (settings.ldflags) values["ldflags"] = settings.ldflags->value;
    if (settings.gcflags) values["gcflags"] = settings.gcflags->value;
    if (settings.tags) values["tags"] = settings.tags->value;
    if (settings.trimpath) values["trimpath"] = settings.trimpath->value;
    if (settings.cgo) values["cgo"] = to_string(settings.cgo->value);
    if (!settings.cc.empty()) values["cc"] = map_values(settings.cc);
    if (!settings.cxx.empty()) values["cxx"] = map_values(settings.cxx);
    if (!settings.env.empty()) values["env"] = map_values(settings.env);
    return values;
}

nlohmann::json settings_values(const TargetSettings& settings) {
    return {{"output", settings.output.value},     {"ldflags", settings.ldflags.value},
            {"gcflags", settings.gcflags.value},   {"tags", settings.tags.value},
            {"trimpath", settings.trimpath.value}, {"cgo", to_string(settings.cgo.value)},
            {"cc", map_values(settings.cc)},       {"cxx", map_values(settings.cxx)},
            {"env", map_values(settings.env)}};
}

Result<ConfigLayer> environment_layer(const Environment& env) {
    ConfigLayer layer;
    if (auto value = nonempty_variable(env, "XBUILD_TARGETS")) {
        std::vector<std::string> specs = split_list(*value);
        if (!specs.empty())
            layer.targets = Sourced<TargetSelection>{{{}, {}, std::move(specs)}, "XBUILD_TARGETS"};
    }
    const std::pair<const char*, std::optional<Sourced<std::string>>*> strings[] = {
        {"XBUILD_OUTPUT", &layer.settings.output},
        {"XBUILD_LDFLAGS", &layer.settings.ldflags},
        {"XBUILD_GCFLAGS", &layer.settings.gcflags},
        {"XBUILD_TAGS", &layer.settings.tags},
    };
    for (const auto& [name, field] : strings) {
        auto value = nonempty_variable(env, name);
        if (!value) continue;
        // Templates are checked here so that a bad one is blamed on its variable.
        if (field == &layer.settings.output || field == &layer.settings.ldflags) {
            if (auto valid = validate_output_template(*value, template_field_names()); !valid) {
                return make_error("{}: {}", name, valid.error().message);
            }
        }
        *field = Sourced<std::string>{*value, name};
    }
    if (auto value = nonempty_variable(env, "XBUILD_TRIMPATH")) {
        if (*value == "1" || *value == "true") {
            layer.settings.trimpath = Sourced<bool>{true, "XBUILD_TRIMPATH"};
        } else if (*value == "0" || *value == "false") {
            layer.settings.trimpath = Sourced<bool>{false, "XBUILD_TRIMPATH"};
        } else {
            return make_error("XBUILD_TRIMPATH \"{}\": expected 1, 0, true or false",
                              printable(*value));
        }
    }
    if (auto value = nonempty_variable(env, "XBUILD_JOBS")) {
        std::size_t jobs = 0;
        const char* end = value->data() + value->size();
        const auto [stop, error] = std::from_chars(value->data(), end, jobs);
        if (error != std::errc() || stop != end || jobs == 0) {
            return make_error("XBUILD_JOBS \"{}\": expected a positive integer", printable(*value));
        }
        layer.jobs = Sourced<std::size_t>{jobs, "XBUILD_JOBS"};
    }
    if (auto value = nonempty_variable(env, "XBUILD_CGO")) {
        auto mode = parse_cgo_mode(*value);
        if (!mode)
            return make_error("XBUILD_CGO \"{}\": expected auto, on or off", printable(*value));
        layer.settings.cgo = Sourced<CgoMode>{*mode, "XBUILD_CGO"};
    }
    return layer;
}

Sourced<TargetSelection> effective_targets(const ConfigLayers& layers) {
    if (layers.command_line.targets) return *layers.command_line.targets;
    if (layers.environment.targets) return *layers.environment.targets;
    if (layers.file && layers.file->top.targets) return *layers.file->top.targets;
    return {{}, "default"};
}

std::optional<Sourced<std::size_t>> effective_jobs(const ConfigLayers& layers) {
    if (layers.command_line.jobs) return layers.command_line.jobs;
    if (layers.environment.jobs) return layers.environment.jobs;
    if (layers.file && layers.file->top.jobs) return layers.file->top.jobs;
    return std::nullopt;
}

TargetSettings base_settings(const ConfigLayers& layers) {
    TargetSettings settings;
    if (layers.file) apply(layers.file->top.settings, settings);
    apply_environment_and_command_line(layers, settings);
    return settings;
}

std::vector<std::string> matching_overrides(const ConfigLayers& layers, const Target& target,
                                            const std::vector<Platform>& platforms) {
    std::vector<std::string> sources;
    if (!layers.file) return sources;
    for (const ConfigOverride& entry : layers.file->overrides) {
        std::vector<std::string> patterns;
        for (const auto& pattern : entry.targets) patterns.push_back(pattern.value);
        if (selection_matches(patterns, target, platforms)) sources.push_back(entry.source);
    }
    return sources;
}

TargetSettings target_settings(const ConfigLayers& layers, const Target& target,
                               const std::vector<Platform>& platforms) {
    TargetSettings settings;
    if (layers.file) {
        apply(layers.file->top.settings, settings);
        for (const ConfigOverride& entry : layers.file->overrides) {
            std::vector<std::string> patterns;
            for (const auto& pattern : entry.targets) patterns.push_back(pattern.value);
            if (selection_matches(patterns, target, platforms)) apply(entry.settings, settings);
        }
    }
    apply_environment_and_command_line(layers, settings);
    return settings;
}

Result<std::vector<Target>> expand_config_targets(const ConfigLayers& layers,
                                                  const std::vector<Platform>& platforms,
                                                  const Target& host) {
    if (layers.file) {
        // Each pattern on its own first, so that an error points at it.
        const ProjectConfig& file = *layers.file;
        if (file.top.targets) {
            const auto& specs = file.top.targets->value.specs;
            for (std::size_t i = 0; i < specs.size() && i < file.target_sources.size(); ++i) {
                if (auto valid = expand_one(specs[i], platforms, host); !valid) {
                    return make_error("{}: {}", file.target_sources[i], valid.error().message);
                }
            }
        }
        for (const ConfigOverride& entry : file.overrides) {
            for (const auto& pattern : entry.targets) {
                if (auto valid = expand_one(pattern.value, platforms, host); !valid) {
                    return make_error("{}: {}", pattern.source, valid.error().message);
                }
            }
        }
    }
    const Sourced<TargetSelection> selection = effective_targets(layers);
    auto targets = expand_targets(selection.value, platforms, host);
    // A command-line selection's messages already read as the flags do.
    if (!targets && selection.source != "default" && !selection.source.starts_with("-")) {
        return make_error("{}: {}", selection.source, targets.error().message);
    }
    return targets;
}

std::vector<std::string> config_templates(const ConfigLayers& layers) {
    std::vector<std::string> templates;
    auto collect = [&](const SettingsLayer& layer) {
        if (layer.output) templates.push_back(layer.output->value);
        if (layer.ldflags) templates.push_back(layer.ldflags->value);
    };
    if (layers.file) {
        collect(layers.file->top.settings);
        for (const ConfigOverride& entry : layers.file->overrides) collect(entry.settings);
    }
    collect(layers.environment.settings);
    collect(layers.command_line.settings);
    return templates;
}

nlohmann::json config_request(const ConfigLayers& layers) {
    const TargetSelection targets = effective_targets(layers).value;
    nlohmann::json overrides = nlohmann::json::array();
    nlohmann::json file_settings = nullptr;
    if (layers.file) {
        file_settings = settings_values(layers.file->top.settings);
        for (const ConfigOverride& entry : layers.file->overrides) {
            nlohmann::json patterns = nlohmann::json::array();
            for (const auto& pattern : entry.targets) patterns.push_back(pattern.value);
            overrides.push_back(
                {{"targets", patterns}, {"settings", settings_values(entry.settings)}});
        }
    }
    return {{"targets",
             {{"os", targets.os_list}, {"arch", targets.arch_list}, {"specs", targets.specs}}},
            {"file", file_settings},
            {"overrides", overrides},
            {"environment", settings_values(layers.environment.settings)},
            {"command_line", settings_values(layers.command_line.settings)}};
}

Result<CcSettings> cc_settings_for(const TargetSettings& settings, const Environment& env,
                                   const Target& host) {
    CcSettings cc{{}, env, host};
    for (const auto& [entries, language] :
         {std::pair{&settings.cc, CcLanguage::c}, std::pair{&settings.cxx, CcLanguage::cxx}}) {
        for (const auto& [target_text, command] : *entries) {
            auto target = parse_target(target_text);
            if (!target) return make_error("{}: {}", command.source, target.error().message);
            auto argv = split_command(command.value);
            if (!argv)
                return make_error("{} {}: {}", command.source, target_text, argv.error().message);
            cc.overrides.push_back(
                CcOverride{language, std::move(*target), std::move(*argv), command.source});
        }
    }
    return cc;
}

Environment environment_with(const Environment& env, const TargetSettings& settings) {
    Environment merged = env;
    for (const auto& [name, value] : settings.env) merged[name] = value.value;
    return merged;
}

}  // namespace xbuild
